"""A store shaped like the embedded default, from the shared reference data: O*NET with tasks
but no skill ratings and no job zones, and ESCO skills with no links to the O*NET occupations
(no crosswalk), their label vectors stored as `onramp data bootstrap` stores them."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import Engine

from onramp.nlp import embedding
from onramp.nlp.vectors import current_framework, embed_release, skill_texts
from onramp.taxonomy import import_esco, import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import esco_subset  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

DISHWASHERS, NURSING_ASSISTANTS = "35-9021.00", "31-1131.00"
BANQUET_TASK = "11194"  # Dishwashers: "Set up banquet tables."
NO_RATINGS = ("Skills.txt", "Knowledge.txt", "Job Zones.txt")


def onet_without_ratings(
    folder: Path,
    keep: tuple[str, ...] = (DISHWASHERS, NURSING_ASSISTANTS),
    tasks: dict[str, str] | None = None,
) -> Path:
    """The official rows of `keep`, with ratings and job zones removed and the task
    statements named in `tasks` (task id -> statement) rewritten."""
    write_mini_onet(shared("onet", "29.3"), folder, with_optional=False, keep=keep)
    for name in NO_RATINGS:
        header = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        (folder / name).write_text(header + "\n", encoding="utf-8")
    if tasks:
        path = folder / "Task Statements.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            cells = line.split("\t")
            if len(cells) > 3 and cells[2] in tasks:
                cells[3] = tasks[cells[2]]
                lines[n] = "\t".join(cells)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def esco_skills(engine: Engine, folder: Path, vectors: bool = True) -> None:
    """A 120-skill ESCO 1.1.1 subset (with "customer service"), label vectors stored."""
    esco = shared("esco")
    [classification] = esco.glob("v1.1.1_classification_*_en_-_csv.zip")
    [relations] = esco.glob("v1.1.1_relations_*.zip")
    folder.mkdir(parents=True, exist_ok=True)
    import_esco(engine, esco_subset.build(classification, relations, folder, size=120))
    if vectors:
        framework = current_framework(engine, "esco")
        embed_release(
            engine,
            framework,
            encode=embedding.encode,
            model=embedding.MODEL_ID,
            texts=skill_texts(engine, framework.id, descriptions=False),
        )


def embedded_like(
    engine: Engine, folder: Path, tasks: dict[str, str] | None = None, vectors: bool = True
) -> Engine:
    esco_skills(engine, folder / "esco", vectors)
    import_onet(engine, onet_without_ratings(folder / "onet", tasks=tasks))
    return engine
