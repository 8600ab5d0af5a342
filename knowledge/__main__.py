"""`python -m knowledge check`: validate faq.toml, the generated entries and the rules."""

from __future__ import annotations

import sys

from knowledge.faq import build_index, check
from knowledge.rules import load_rules


def main(argv: list[str]) -> int:
    if argv[:1] != ["check"]:
        print("usage: python -m knowledge check", file=sys.stderr)
        return 2
    try:
        rules = load_rules()
        index = build_index(rules)
    except Exception as exc:  # noqa: BLE001 - any load failure is a validation problem
        print(f"cannot load: {exc}")
        return 1
    problems = check(index)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    alternates = sum(len(e.alternates) for e in index.entries.values())
    print(
        f"ok: {len(index.entries)} entries, {alternates} alternates, {len(rules)} certifying bodies"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
