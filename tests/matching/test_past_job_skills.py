"""A past job coded to an occupation gives that occupation's skills as inferred evidence, at the
levels of the one "skills of an occupation" use case (`nlp.occupation_skills`), on a small official
O*NET import (SQLite and PostgreSQL)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.matching.my_skills import my_skills
from onramp.matching.occupation_skills import store_occupation_skills
from onramp.nlp.occupation_skills import occupation_skills
from onramp.taxonomy import import_esf, import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

CASHIERS = "41-2011.00"


def test_a_past_job_counts_as_inferred_evidence_of_its_occupations_skills(
    engine: Engine, tmp_path: Path
) -> None:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet"))
    import_esf(engine)
    wanted = {(s.uri, s.level) for s in occupation_skills(engine, CASHIERS).skills}
    assert wanted and set(store_occupation_skills(engine)(CASHIERS)) == wanted
    assert store_occupation_skills(engine)("99-9999.00") == ()  # unknown: nothing

    app = create_app(engine, secrets_dir=tmp_path / "secrets")
    p = app.state.platform
    worker = p.accounts.principal(p.accounts.sign_up("w@mail.example", "x" * 12, "W"))
    books = app.state.matching.evidence
    job = books.add_work_history(
        worker, title="Cashier", employer="Corner Shop", started_on=date(2022, 1, 1)
    )
    assert job.occupation_code == CASHIERS, job.details
    found = books.evidence_for(worker, worker.user.id).evidence
    assert {(e.skill, e.level) for e in found} == wanted
    assert all(e.inferred and not e.verified for e in found)
    mine = my_skills(books, worker, date(2026, 1, 1))
    assert len(mine.skills) == len(wanted)
    first = mine.skills[0]
    assert first.name != first.uri  # named from the framework
    assert "past job where people use this skill" in first.why
    assert first.proof[0].note == "A past job as Cashiers: people in that job use this skill."
    assert mine.growth.startswith("We see no new skills")  # the job began over 24 months ago
