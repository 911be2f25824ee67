"""Print the conformance pass rate of every row against the bar it is held to (tests/conformance_floors.json).

    python -m tests.conformance_report

BELOW marks a row under its bar: it fails the test unless a floor lowered with a reason holds it.
"""

from __future__ import annotations

from tests.test_conformance import bar, floor, pass_rates


def main() -> None:
    for key, (passed, cases) in sorted(pass_rates().items()):
        held, reason = floor(key)
        rate = passed / cases
        mark = "" if held is None else "BELOW" if rate < (bar(key) or 0) else ""
        print(f"{key:55s} {passed:4d}/{cases:<4d} {rate:.3f}  bar {bar(key) or '-':<5} {mark}"
              + (f" lowered to {held}: {reason[:60]}..." if reason else ""))


if __name__ == "__main__":
    main()
