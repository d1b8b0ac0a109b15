import gc

import pytest

from qdl.gc_pause import paused


def test_paused_disables_and_restores():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: still off, and the outer pause still owns the restore
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_restores_after_an_exception():
    with pytest.raises(ValueError):
        with paused():
            raise ValueError("boom")
    assert gc.isenabled()


def test_paused_keeps_a_caller_s_disabled_collector_disabled():
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_compile_network_pauses_the_collector(monkeypatch):
    """The compile runs with the collector off and leaves it on (the 0.7 s of full
    collections of vit_b16 @384², gc_pause's docstring)."""
    from qdl.estimators.network import compile as network_compile
    from qdl.estimators.network import spec as S

    seen = []
    real = network_compile.lower_scheduled

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(network_compile, "lower_scheduled", spy)
    spec = S.NetworkSpec.model_validate({
        "preset": "resnet18", "input": {"channels": 3, "height": 32, "width": 32},
        "readout": {"protocol": "tomography_linf", "delta": 0.01}})
    network_compile.compile_network(spec)
    assert seen and not any(seen)
    assert gc.isenabled()
