"""Stored sentence vectors of a framework release's skills, and the in-memory matrix over them.

`embed_release` encodes every skill's preferred label, alternative labels and description with
the embedding model and writes them in one transaction (`onramp skills embed`). `skill_matrix`
loads them once per process and keeps them until the current release, the model or the stored
rows change. When a release has no vectors for the model, it raises `NotAvailableError` telling
the user to run `onramp skills embed`: linking never falls back silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine, delete, func, insert, select

from onramp.errors import NotAvailableError, NotFoundError
from onramp.store import schema
from onramp.store.nlp_tables import skill_vectors
from onramp.store.release_cache import ReleaseCache
from onramp.store.rows import tuples_of
from onramp.taxonomy.model import Framework

KINDS = ("preferred", "alternative", "description")
LABEL_KINDS = frozenset(["alternative"])  # ESCO's hidden labels are misspellings: left out
GROUP = "group"  # ESCO skill groups are headings of the hierarchy, not skills to link
DESCRIPTION_CHARS = 600
CHUNK = 1024


@dataclass(frozen=True)
class SkillText:
    code: str
    kind: str
    ordinal: int
    text: str


@dataclass(frozen=True)
class SkillMatrix:
    """Vectors of one release, grouped by skill.

    `vectors` rows are ordered by skill; `skill_of[row]` is the skill's position in `codes`.
    `kinds[row]` indexes `KINDS`.
    """

    framework: Framework
    model: str
    codes: list[str]
    uris: list[str]
    labels: list[str]
    vectors: NDArray[np.float32]
    skill_of: NDArray[np.int64]
    kinds: NDArray[np.int8]
    texts: list[str]

    @property
    def size(self) -> int:
        return len(self.codes)


def current_framework(engine: Engine, key: str) -> Framework:
    from onramp.taxonomy.catalog import Catalog

    framework = Catalog(engine).current(key)
    if framework is None or framework.id is None:
        raise NotFoundError(
            f"no current release of the framework {key!r}; import one "
            "(onramp taxonomy import ...) or run onramp data bootstrap"
        )
    return framework


def skill_texts(
    engine: Engine, framework_id: int, *, descriptions: bool = True, alternatives: bool = True
) -> list[SkillText]:
    """The texts to embed for each skill of a release, in a stable order."""
    skills, labels = schema.skills, schema.skill_labels
    out: list[SkillText] = []
    with engine.connect() as conn:
        rows = tuples_of(
            conn.execute(
                select(skills.c.code, skills.c.preferred_label, skills.c.description)
                .where(skills.c.framework_id == framework_id, skills.c.skill_type != GROUP)
                .order_by(skills.c.code)
            ).all()
        )
        extra: dict[str, list[str]] = {}
        for code, label, kind in tuples_of(
            conn.execute(
                select(labels.c.skill_code, labels.c.label, labels.c.kind)
                .where(labels.c.framework_id == framework_id)
                .order_by(labels.c.skill_code, labels.c.id)
            )
        ):
            if alternatives and kind in LABEL_KINDS and label.strip():
                extra.setdefault(code, []).append(label.strip())
    for code, label, description in rows:
        out.append(SkillText(code, "preferred", 0, label.strip()))
        seen = {label.strip().casefold()}
        ordinal = 0
        for alternative in extra.get(code, []):
            if alternative.casefold() in seen:
                continue
            seen.add(alternative.casefold())
            out.append(SkillText(code, "alternative", ordinal, alternative))
            ordinal += 1
        if descriptions and description and description.strip():
            out.append(SkillText(code, "description", 0, description.strip()[:DESCRIPTION_CHARS]))
    return out


def stored_count(engine: Engine, framework_id: int, model: str) -> int:
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count()).where(
                skill_vectors.c.framework_id == framework_id, skill_vectors.c.model == model
            )
        ).scalar_one()
    return int(count)


def embed_release(
    engine: Engine,
    framework: Framework,
    *,
    encode: Callable[[list[str]], NDArray[np.float32]],
    model: str,
    texts: list[SkillText] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Encode and store the skill texts of `framework` for `model`; returns the vector count.

    `texts` defaults to `skill_texts(engine, framework.id)`; `on_progress(n)` gets the number
    of texts encoded so far.

    Everything is encoded first, then the old vectors of this release and model are replaced
    in one transaction, so an interrupted run leaves the previous vectors in place.
    """
    assert framework.id is not None
    if texts is None:
        texts = skill_texts(engine, framework.id)
    # Encode each distinct text once (labels repeat across skills and kinds).
    distinct = sorted({t.text for t in texts})
    position = {text: n for n, text in enumerate(distinct)}
    parts: list[NDArray[np.float32]] = []
    done = 0
    for start in range(0, len(distinct), CHUNK):
        batch = distinct[start : start + CHUNK]
        parts.append(np.asarray(encode(batch), dtype=np.float32))
        done += len(batch)
        if on_progress:
            on_progress(round(done * len(texts) / max(len(distinct), 1)))
    matrix = np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)
    dimension = int(matrix.shape[1])
    half = matrix.astype("<f2")
    rows = [
        {
            "framework_id": framework.id,
            "model": model,
            "skill_code": t.code,
            "kind": t.kind,
            "ordinal": t.ordinal,
            "text": t.text,
            "dimension": dimension,
            "vector": half[position[t.text]].tobytes(),
        }
        for t in texts
    ]
    with engine.begin() as conn:
        conn.execute(
            delete(skill_vectors).where(
                skill_vectors.c.framework_id == framework.id, skill_vectors.c.model == model
            )
        )
        for start in range(0, len(rows), 5000):
            conn.execute(insert(skill_vectors), rows[start : start + 5000])
    _MATRICES.forget_in(engine, (framework.id, model))
    return len(rows)


_MATRICES: ReleaseCache[SkillMatrix] = ReleaseCache()


def skill_matrix(engine: Engine, framework: Framework, model: str) -> SkillMatrix:
    """The release's vectors for `model`, loaded once per process and kept while unchanged."""
    assert framework.id is not None
    count = stored_count(engine, framework.id, model)
    if count == 0:
        raise NotAvailableError(
            f"the skills of {framework.key} {framework.version} have no embeddings for "
            f"{model}; run: onramp skills embed --framework {framework.key}"
        )
    revision = (framework.imported_at, count)
    return _MATRICES.current(
        engine, (framework.id, model), lambda: _load(engine, framework, model), revision
    )


def _load(engine: Engine, framework: Framework, model: str) -> SkillMatrix:
    skills = schema.skills
    with engine.connect() as conn:
        skill_rows = conn.execute(
            select(skills.c.code, skills.c.uri, skills.c.preferred_label)
            .where(skills.c.framework_id == framework.id, skills.c.skill_type != GROUP)
            .order_by(skills.c.code)
        ).all()
        vector_rows = conn.execute(
            select(
                skill_vectors.c.skill_code,
                skill_vectors.c.kind,
                skill_vectors.c.text,
                skill_vectors.c.dimension,
                skill_vectors.c.vector,
            )
            .where(skill_vectors.c.framework_id == framework.id, skill_vectors.c.model == model)
            .order_by(skill_vectors.c.skill_code, skill_vectors.c.kind, skill_vectors.c.ordinal)
        ).all()
    embedded = {row.skill_code for row in vector_rows}
    skill_rows = [row for row in skill_rows if row.code in embedded]
    index = {row.code: n for n, row in enumerate(skill_rows)}
    vector_rows = [row for row in vector_rows if row.skill_code in index]
    dimensions = {row.dimension for row in vector_rows}
    if len(dimensions) != 1:
        raise NotAvailableError(
            f"stored embeddings of {framework.key} {framework.version} are inconsistent; "
            f"run: onramp skills embed --framework {framework.key}"
        )
    dimension = dimensions.pop()
    buffer = b"".join(row.vector for row in vector_rows)
    vectors = np.frombuffer(buffer, dtype="<f2").reshape(len(vector_rows), dimension)
    kind_index = {kind: n for n, kind in enumerate(KINDS)}
    return SkillMatrix(
        framework=framework,
        model=model,
        codes=[row.code for row in skill_rows],
        uris=[row.uri for row in skill_rows],
        labels=[row.preferred_label for row in skill_rows],
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
        skill_of=np.array([index[row.skill_code] for row in vector_rows], dtype=np.int64),
        kinds=np.array([kind_index[row.kind] for row in vector_rows], dtype=np.int8),
        texts=[row.text for row in vector_rows],
    )
