"""Rows to domain dataclasses, by field name: one place instead of a mapper per table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def from_row(cls: type[T], row: Any) -> T:
    """`cls` built from the row's columns of the same names (a Row, or a plain mapping).
    Fields the row lacks keep their defaults."""
    values: Mapping[str, Any] = row if isinstance(row, Mapping) else row._mapping
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: values[name] for name in names if name in values})


def tuples_of(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Rows as plain tuples for unpacking. Core tables have untyped columns, so type checkers
    unpack a `Row` to `object`; SQLAlchemy 2.1 deprecates `Result.tuples()`, which 2.0 needed
    for this. A Row already is a tuple at run time, so nothing is copied."""
    return iter(rows)
