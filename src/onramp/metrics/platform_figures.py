"""The platform's own figures (issue 18, item 7: a dashboard for the platform): how much each
capability is used, for the platform admins who run the site.

Counts over whole tables, done by the database, so the admin console stays fast at 100,000
workers (bench/dashboards.py). No figure is about one organization or one person, and none
reads what workers shared: a platform admin is refused that everywhere else too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, distinct, func, select
from sqlalchemy.sql import ColumnElement, FromClause

from onramp.jobs.model import JobState
from onramp.jobs.service import APPLIED
from onramp.platform import policy
from onramp.platform.model import AccountKind, OrgKind, Principal
from onramp.store import credential_tables as c
from onramp.store import job_tables as j
from onramp.store import metrics_monitor_tables as m
from onramp.store import microcredential_tables as mc
from onramp.store import platform_tables as t
from onramp.store import wbl_tables as w
from onramp.vocabulary import LabeledEnum
from onramp.wbl.records import EnrollmentState


class Figure(LabeledEnum):
    """Each figure and what it counts, in plain words."""

    WORKERS = "workers", "Workers with an account."
    EMPLOYERS = "employers", "Employers on the site."
    PROVIDERS = "providers", "Schools and training providers."
    COMMUNITY_ORGS = "community_orgs", "Groups that help people in the community."
    BOARDS = "boards", "Workforce boards."
    OPEN_JOBS = "open_jobs", "Jobs open to applications now."
    APPLICATIONS = "applications", "Job applications not taken back."
    CREDENTIALS = "credentials", "Credentials that were given out."
    LEARNERS = "learners", "People who joined a short course."
    APPRENTICES = "apprentices", "People in a training program at work."
    FAIRNESS_WARNINGS = "fairness_warnings", "Employers with an open fair hiring warning."


@dataclass(frozen=True, slots=True)
class Count:
    figure: Figure
    value: int


def _count(engine: Engine, table: FromClause, *where: ColumnElement[bool]) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def platform_figures(engine: Engine, principal: Principal) -> list[Count]:
    """Every `Figure`, for a platform admin."""
    policy.require_platform_admin(principal)
    orgs = t.organizations
    with engine.connect() as conn:
        kinds: dict[str, int] = dict(
            conn.execute(select(orgs.c.kind, func.count()).group_by(orgs.c.kind)).all()
        )
        warned = conn.execute(
            select(func.count(distinct(m.monitor_alerts.c.org_id))).where(
                m.monitor_alerts.c.closed_at.is_(None)
            )
        ).scalar_one()
    values = {
        Figure.WORKERS: _count(engine, t.users, t.users.c.kind == AccountKind.WORKER.value),
        Figure.EMPLOYERS: kinds.get(OrgKind.EMPLOYER.value, 0),
        Figure.PROVIDERS: kinds.get(OrgKind.TRAINING_PROVIDER.value, 0),
        Figure.COMMUNITY_ORGS: kinds.get(OrgKind.COMMUNITY_ORG.value, 0),
        Figure.BOARDS: kinds.get(OrgKind.WORKFORCE_BOARD.value, 0),
        Figure.OPEN_JOBS: _count(engine, j.jobs, j.jobs.c.state == JobState.OPEN.value),
        Figure.APPLICATIONS: _count(
            engine, j.job_applications, j.job_applications.c.state == APPLIED
        ),
        Figure.CREDENTIALS: _count(engine, c.issued_credentials),
        Figure.LEARNERS: _count(engine, mc.microcredential_enrollments),
        Figure.APPRENTICES: _count(
            engine, w.wbl_enrollments, w.wbl_enrollments.c.state != EnrollmentState.INVITED.value
        ),
        Figure.FAIRNESS_WARNINGS: int(warned),
    }
    return [Count(figure, int(values[figure])) for figure in Figure]
