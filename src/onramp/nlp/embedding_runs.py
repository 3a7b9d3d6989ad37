"""The use case behind `onramp skills embed`, and the embedding step of imports and bootstrap.

Planning reads the texts first, so an edge can show a bar of known length before the slow
part (encoding with the embedding model, ADR 7) starts; `EmbeddingRun.store` then replaces
the release's vectors for the model in one transaction (`vectors.embed_release`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from onramp.nlp import embedding
from onramp.nlp.vectors import (
    SkillText,
    current_framework,
    embed_release,
    skill_texts,
    stored_count,
)
from onramp.taxonomy.model import Framework


@dataclass(frozen=True)
class EmbeddingRun:
    """The skill texts of a framework's current release, ready to encode and store."""

    engine: Engine
    release: Framework
    texts: list[SkillText]

    @property
    def size(self) -> int:
        return len(self.texts)

    def store(self, on_progress: Callable[[int], None] | None = None) -> dict[str, object]:
        """Encode and store the texts; `on_progress(done)` counts texts encoded so far."""
        started = time.perf_counter()
        count = embed_release(
            self.engine,
            self.release,
            encode=embedding.encode,
            model=embedding.MODEL_ID,
            texts=self.texts,
            on_progress=on_progress,
        )
        return {
            "framework": self.release.key,
            "version": self.release.version,
            "model": embedding.MODEL_ID,
            "vectors": count,
            "seconds": round(time.perf_counter() - started, 1),
        }


def plan_embedding(
    engine: Engine, framework: str, *, descriptions: bool, alternatives: bool
) -> EmbeddingRun:
    """What `store` will encode for the current release of `framework`."""
    release = current_framework(engine, framework)
    texts = skill_texts(
        engine, release.id or 0, descriptions=descriptions, alternatives=alternatives
    )
    return EmbeddingRun(engine, release, texts)


def lacks_vectors(engine: Engine, framework: str) -> bool:
    """True when the current release of `framework` has no vectors for the current model."""
    release = current_framework(engine, framework)
    return stored_count(engine, release.id or 0, embedding.MODEL_ID) == 0
