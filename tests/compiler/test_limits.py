"""Resource limits and --limit NAME=VALUE."""

import pytest

from qdl.compiler import limits
from qdl.errors import UsageError


@pytest.fixture(autouse=True)
def _fresh():
    yield
    limits.set_overrides([])


def test_defaults_and_overrides():
    assert limits.get("shots") == limits.LIMITS["shots"].default
    limits.set_overrides(["shots=5", "yaml_depth=1e3"])
    assert limits.get("shots") == 5 and limits.get("yaml_depth") == 1000
    limits.set_overrides([])
    assert limits.get("shots") == limits.LIMITS["shots"].default


@pytest.mark.parametrize("pair", ["shots", "nope=3", "shots=0", "shots=-1", "shots=nan",
                                  "shots=inf", "shots=abc", "shots=1e400"])
def test_bad_overrides_are_usage_errors(pair):
    with pytest.raises(UsageError):
        limits.set_overrides([pair])


def test_check_names_the_estimate_the_limit_and_the_flag():
    limits.check("shots", 10, "fine", "never")
    with pytest.raises(UsageError) as err:
        limits.check("shots", 10**9, "--shots is too large", "use fewer shots")
    assert "the estimate is 1,000,000,000, the limit shots is 1,000,000" in err.value.what
    assert "--limit shots=N" in err.value.fix
