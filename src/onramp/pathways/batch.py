"""`onramp pathways batch`: occupation-level transition lists (issue 15, item 7).

IN holds one O*NET-SOC code per line (blank lines are skipped); each OUT line is
`{"from": code, "transitions": [{"to", "score", "job_zone_change", "wage_ratio"}, ...]}`,
best first, without `from` itself. The whole input is checked before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from onramp.errors import InvalidInputError
from onramp.pathways.matrix import TransitionMatrix

ONET_SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")  # O*NET-SOC 2019 taxonomy code
MAX_TOP = 1000


def parse_codes(lines: Iterable[str], source: str, known: Iterable[str] | None = None) -> list[str]:
    """The codes of the input in order; InvalidInputError naming the first bad line (a
    code not among `known`, when given, is bad)."""
    known_codes = None if known is None else set(known)
    codes: list[str] = []
    for number, line in enumerate(lines, start=1):
        code = line.strip()
        if not code:
            continue
        if not ONET_SOC.match(code):
            raise InvalidInputError(
                f"{source}, line {number}: {code[:40]!r} is not an O*NET-SOC code (like 29-1141.00)"
            )
        if known_codes is not None and code not in known_codes:
            raise InvalidInputError(
                f"{source}, line {number}: {code} is not an occupation of the current O*NET release"
            )
        codes.append(code)
    return codes


def batch_lines(matrix: TransitionMatrix, codes: Iterable[str], top: int) -> Iterator[str]:
    """One JSON line per code, in input order."""
    if not 1 <= top <= MAX_TOP:
        raise InvalidInputError(f"--top must be between 1 and {MAX_TOP}")
    for code in codes:
        moves = [t.to_line() for t in matrix.top(code, top)]
        yield json.dumps({"from": code, "transitions": moves}) + "\n"
