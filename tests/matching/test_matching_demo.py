"""The demo workers' proof of skills: past jobs, an Essential Skills self-rating and one more
piece of proof each, added once per store, so "My skills" shows something after `make run`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.demo import seed_demo_credentials
from onramp.matching.demo import seed_demo_evidence
from onramp.matching.my_skills import my_skills
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.platform.demo import WORKERS, seed_demo, worker_email
from onramp.taxonomy import import_esf


def test_demo_evidence(engine: Engine, tmp_path: Path) -> None:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, books = app.state.platform, app.state.matching.evidence
    assert seed_demo_evidence(books, platform) is False  # no demo yet
    seed_demo(platform)
    seed_demo_credentials(app.state.credentials, platform)
    assert seed_demo_evidence(books, platform) is True
    assert seed_demo_evidence(books, platform) is False  # once per store
    for number in (1, 3, WORKERS):
        worker = platform.accounts.principal(platform.accounts.user_by_email(worker_email(number)))
        kinds = {e.kind for e in books.entries(worker)}
        assert {EvidenceKind.WORK_HISTORY, EvidenceKind.SELF} < kinds, number
        mine = my_skills(books, worker, date(2026, 12, 1))
        assert mine.skills and all(s.why and s.proof for s in mine.skills)
        jobs = platform.workers.profile(worker)["work_history"]
        assert len(
            [e for e in books.entries(worker) if e.kind is EvidenceKind.WORK_HISTORY]
        ) == len(jobs)
