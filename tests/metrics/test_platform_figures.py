"""The platform admin's figures (SQLite and PostgreSQL): counted over the whole site, for
platform admins only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.errors import PermissionDeniedError
from onramp.jobs.model import JobDraft, JobState
from onramp.jobs.service import Jobs
from onramp.metrics.platform_figures import Figure, platform_figures
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind

PASSWORD = "correct horse battery"


def test_the_figures_count_the_whole_site_for_platform_admins_only(
    engine: Engine, tmp_path: Path
) -> None:
    p = Platform(engine, secrets_dir=tmp_path / "s", public_url="https://onramp.test")
    root = p.accounts.principal(
        p.accounts.sign_up(
            "root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
        )
    )
    boss = p.accounts.principal(
        p.accounts.sign_up("bo@shop.test", PASSWORD, "Bo", AccountKind.STAFF)
    )
    shop = p.orgs.create(boss, "Shop", OrgKind.EMPLOYER)
    p.orgs.create(boss, "Board", OrgKind.WORKFORCE_BOARD)
    boss = p.accounts.principal(boss.user)
    workers = [
        p.accounts.principal(p.accounts.sign_up(f"w{n}@mail.test", PASSWORD, f"W{n}"))
        for n in range(3)
    ]
    jobs = Jobs(engine, p.consents, None)  # type: ignore[arg-type]
    open_job = jobs.create(boss, shop.id, JobDraft(title="Cashier"))
    jobs.move(boss, open_job.id, JobState.OPEN)
    jobs.create(boss, shop.id, JobDraft(title="Draft only"))
    p.consents.grant(workers[0], shop.id, ["profile"], PurposeKind.OTHER, "to be seen")
    found = {c.figure: c.value for c in platform_figures(engine, root)}
    assert found[Figure.WORKERS] == 3
    assert (found[Figure.EMPLOYERS], found[Figure.BOARDS], found[Figure.PROVIDERS]) == (1, 1, 0)
    assert found[Figure.OPEN_JOBS] == 1
    assert found[Figure.APPLICATIONS] == found[Figure.CREDENTIALS] == 0
    assert found[Figure.FAIRNESS_WARNINGS] == 0
    for someone in (boss, workers[0]):
        with pytest.raises(PermissionDeniedError):
            platform_figures(engine, someone)
