"""Guessed occupation skills kept in the store, so a whole release is guessed once per store
and basis, not once per process (the ranking pass takes minutes on the embedded default,
docs/benchmarks.md). Read and written only by `onramp.nlp.occupation_skills`.

A guess rests on the current releases (the occupation's texts, the skills it links to) and the
sentence model; `basis` is a hash of both. Rows of another basis are never read, and are
cleared when a new basis is written. A guess made by label matching while skill vectors are
stored is not read back: the next read guesses again, by meaning when it can.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, exists, insert, select
from sqlalchemy.exc import IntegrityError

from onramp.store import nlp_tables as t
from onramp.store.release_cache import release_stamp

LEXICAL = "inferred-lexical"


def guess_basis(engine: Engine, model_id: str) -> str:
    """What a guess made now would rest on: the current releases and the model, hashed."""
    text = f"{release_stamp(engine)!r}|{model_id}"
    return hashlib.sha256(text.encode()).hexdigest()


def vectors_stored(engine: Engine, model_id: str) -> bool:
    with engine.connect() as conn:
        return bool(
            conn.execute(select(exists().where(t.skill_vectors.c.model == model_id))).scalar()
        )


def read_kept(
    engine: Engine, codes: Sequence[str], basis: str, *, vectors: bool
) -> dict[str, dict[str, Any]]:
    """The kept guesses of `codes` on `basis`, by code (each as `OccupationSkills.to_dict`)."""
    table = t.guessed_occupation_skills
    found: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for start in range(0, len(codes), 500):
            rows = conn.execute(
                select(table.c.code, table.c.method, table.c.result).where(
                    table.c.basis == basis, table.c.code.in_(codes[start : start + 500])
                )
            )
            for row in rows:
                if vectors and row.method == LEXICAL:
                    continue  # guessed by names only, while meanings can now be compared
                found[str(row.code)] = dict(row.result)
    return found


def keep(engine: Engine, results: Iterable[dict[str, Any]], basis: str) -> None:
    """Keep freshly made guesses on `basis`, and clear guesses of any other basis. Another
    process keeping the same guesses at the same time is no error: theirs stand."""
    table = t.guessed_occupation_skills
    rows = [
        {
            "code": r["code"],
            "basis": basis,
            "method": r["method"],
            "result": r,
            "created_at": datetime.now(UTC),
        }
        for r in results
    ]
    if not rows:
        return
    try:
        with engine.begin() as conn:
            conn.execute(delete(table).where(table.c.basis != basis))
            conn.execute(delete(table).where(table.c.code.in_([r["code"] for r in rows])))
            conn.execute(insert(table), rows)
    except IntegrityError:
        pass
