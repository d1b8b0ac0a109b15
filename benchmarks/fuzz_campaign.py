"""A fuzz campaign against ``qdl-compile``: count contract breaches by class (issue 21).

    python benchmarks/fuzz_campaign.py [CASES] [--seed N] [--show K]

Draws CASES inputs (default 400) from the strategies of tests/fuzz/cases.py (model files from
the primitives' parameter schemas, mutated examples, CLI argument lists, hostile paths,
malformed OpenQASM), runs each in a forked child (3 GB address-space limit, 20 s of CPU, a
wall-clock alarm at 4× that) with QDL_PROGRESS=1 and prints how many cases fell into each
failure class, with a few examples of each; runs past the bound that reported progress toward
a known end keep the contract and are counted apart. Unlike the
tests, which stop at the first failure, this keeps going, so it measures how often each class
occurs. Needs the test extra (hypothesis).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("fuzz_cases", HERE.parent / "tests/fuzz/cases.py")
cases = importlib.util.module_from_spec(spec)
sys.modules["fuzz_cases"] = cases  # dataclasses look their module up
spec.loader.exec_module(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=400)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    import os

    os.environ["QDL_PROGRESS"] = "1"  # long runs report progress toward their end
    import qdl.compiler.cli  # noqa: F401  (import once before forking)
    from qdl.circuits.registry import primitives
    from qdl.compiler.model import kinds

    primitives(), kinds()
    by_class: dict[str, list[str]] = collections.defaultdict(list)
    by_family: collections.Counter = collections.Counter()
    bad_cases = 0
    total = 0
    long_with_progress: list[str] = []
    start = time.perf_counter()

    @seed(args.seed)
    @settings(max_examples=args.n, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(cases.all_cases())
    def one(case):
        nonlocal bad_cases, total
        total += 1
        outcome = cases.run_case(case, forked=True, timeout=args.timeout)
        found = cases.problems(case, outcome, time_bound=args.timeout)
        if outcome.seconds > args.timeout and cases.with_progress(outcome):
            long_with_progress.append(f"{case.label} {case.argv[1:]!r:.80}")
        by_family[case.label.split(":")[0]] += 1
        if found:
            bad_cases += 1
        for cls in found:
            by_class[cls].append(f"{case.label} {case.argv[1:]!r:.80} -> exit {outcome.code}: "
                                 f"{outcome.stderr.strip()[-160:]!r}")

    one()
    took = time.perf_counter() - start
    print(f"{total} cases ({dict(by_family)}) in {took:.0f} s; {bad_cases} misbehaved "
          f"({100 * bad_cases / max(total, 1):.1f} %)")
    print(f"  ({len(long_with_progress)} ran past {args.timeout:g} s of CPU reporting progress "
          f"toward a known end: not breaches)")
    for line in long_with_progress[:args.show]:
        print(f"          {line}")
    for cls, seen in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(seen):4d}  {cls}")
        for line in seen[:args.show]:
            print(f"          {line}")


if __name__ == "__main__":
    main()
