"""The JSONL contract of `onramp skills link-batch`.

Input: one JSON object per line, `{"id": str, "text": str}`; blank lines are skipped. The whole
file is checked before any work starts, and the first bad line stops the run with an error that
names the file and the line, so nothing partial is written.

Output: one line per input line, in input order,
`{"id": str, "skills": [{"uri": str, "label": str, "score": float}, ...]}`, best first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from onramp.errors import InvalidInputError

MAX_TEXT = 10_000


@dataclass(frozen=True)
class Item:
    id: str
    text: str


def records(
    lines: Iterable[str], source: str, text_field: str
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(where, id, text, object) for each non-blank JSONL line with a unique non-empty string
    `id` and a non-empty string `text_field`; the first bad line raises InvalidInputError naming
    `source` and the line. Shared by link-batch and code-batch."""
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}, line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise InvalidInputError(f"{where}: not valid JSON ({error.msg})") from error
        if not isinstance(value, dict):
            raise InvalidInputError(
                f'{where}: expected an object {{"id": ..., "{text_field}": ...}}'
            )
        identifier, text = value.get("id"), value.get(text_field)
        if not isinstance(identifier, str) or not identifier:
            raise InvalidInputError(f"{where}: 'id' must be a non-empty string")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError(f"{where}: '{text_field}' must be a non-empty string")
        if len(text) > MAX_TEXT:
            raise InvalidInputError(f"{where}: '{text_field}' is longer than {MAX_TEXT} characters")
        if identifier in seen:
            raise InvalidInputError(f"{where}: the id {identifier!r} appears twice")
        seen.add(identifier)
        yield where, identifier, text, value


def parse_lines(lines: Iterable[str], source: str = "input") -> list[Item]:
    """Checked items of a JSONL input; raises InvalidInputError naming `source` and the line."""
    return [Item(identifier, text) for _, identifier, text, _ in records(lines, source, "text")]


def output_line(identifier: str, skills: list[dict[str, object]]) -> str:
    return json.dumps({"id": identifier, "skills": skills}, ensure_ascii=False) + "\n"
