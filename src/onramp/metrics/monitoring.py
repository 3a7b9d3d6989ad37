"""The adverse-impact monitor over the store (issue 18, item 3).

Every candidate list shown for a job passes through `FairnessMonitor.record` (matching calls it:
`Matching.watch_rankings`). It asks `onramp.matching.personal` — the one module that reads
demographic answers — for each candidate's group under each question, turns the list into
counts (`monitor.snapshot_of`) and stores those counts only. A list shown again with the same
counts moves the latest snapshot's time instead of adding a row.

After each snapshot the employer's windows are judged again (`monitor.monitor`, per job and for
the whole employer, one question at a time). A new alert is stored once, written to the audit
log and mailed to the employer's admins (org admins and HR admins); it stays open on their pages
until one of them closes it and says what was done. What this module gives out is what
`monitor` gives: group names, rates and ratios, counts only where they are safe. Never a person.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.jobs.model import Job
from onramp.matching.candidates import Matching
from onramp.matching.personal import TWO_OR_MORE, Personal, Question
from onramp.metrics.monitor import (
    WINDOW_DAYS,
    Alert,
    GroupCount,
    MonitorScope,
    RankingSnapshot,
    WindowResult,
    monitor,
    snapshot_of,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.mail import Mailer, MailKind
from onramp.platform.model import Principal, Role, Scope
from onramp.platform.secrets import aware, now
from onramp.small_cells import configured_threshold
from onramp.store import job_tables as j
from onramp.store import metrics_monitor_tables as m
from onramp.store import platform_tables as t

MONITOR_ROLES = frozenset({Role.ORG_ADMIN, Role.HR_ADMIN})  # who reads the monitor, and is mailed
MAX_NOTE = 2000

# How a group reads in "people who said they are ...", per question (codes of `personal`).
GROUP_NAMES: dict[Question, dict[str, str]] = {
    Question.RACE_ETHNICITY: {
        "american_indian_alaska_native": "American Indian or Alaska Native",
        "asian": "Asian",
        "black_african_american": "Black or African American",
        "hispanic_latino": "Hispanic or Latino",
        "middle_eastern_north_african": "Middle Eastern or North African",
        "native_hawaiian_pacific_islander": "Native Hawaiian or Pacific Islander",
        "white": "White",
        TWO_OR_MORE: "of two or more races",
    },
    Question.SEX: {"female": "female", "male": "male", "another": "of another sex"},
    Question.AGE_BAND: {
        "under_25": "under 25",
        "25_39": "25 to 39",
        "40_54": "40 to 54",
        "55_plus": "55 or older",
    },
    Question.DISABILITY: {"yes": "disabled", "no": "not disabled"},
    Question.VETERAN: {"yes": "veterans", "no": "not veterans"},
}


@dataclass(frozen=True, slots=True)
class StoredAlert:
    """An alert as the employer's admins see it: open until one of them closes it."""

    id: str
    org_id: str
    scope: MonitorScope
    subject_id: str
    question: Question
    group: str
    message: str
    raised_at: datetime
    closed_at: datetime | None
    note: str

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "scope": self.scope.value,
            "subject_id": self.subject_id,
            "question": self.question.value,
            "group": self.group,
            "message": self.message,
            "raised_at": self.raised_at.isoformat(),
            "closed_at": None if self.closed_at is None else self.closed_at.isoformat(),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class FairnessView:
    """What the monitor says about one employer now: its windows and its alerts."""

    org_id: str
    at: datetime
    window_days: int
    employer: tuple[WindowResult, ...]  # one per question with data
    jobs: tuple[WindowResult, ...]  # one per job and question with data
    alerts: tuple[StoredAlert, ...]  # open first, then the latest closed

    @property
    def open_alerts(self) -> tuple[StoredAlert, ...]:
        return tuple(a for a in self.alerts if a.open)


class FairnessMonitor:
    def __init__(
        self,
        engine: Engine,
        personal: Personal,
        mailer: Mailer,
        public_url: str = "",
        *,
        window_days: int = WINDOW_DAYS,
        min_group: int | None = None,
    ) -> None:
        self.engine = engine
        self.personal = personal
        self.mailer = mailer
        self.public_url = public_url.rstrip("/")
        self.window_days = window_days
        self.min_group = configured_threshold() if min_group is None else min_group

    # -- recording ---------------------------------------------------------------------------
    def record(self, principal: Principal, job: Job, shown: tuple[str, ...]) -> None:
        """Store the counts of one candidate list `principal` was just shown (the listener
        `Matching.watch_rankings` calls), then judge the employer's windows again."""
        org_id, groups = self.personal.groups_for_ranking(principal, job.id)
        pool = set(groups[Question.SEX])
        top = [w for w in shown if w in pool]
        if not top:
            return
        ranked = top + sorted(pool.difference(top))
        at = now()
        snaps = [
            snapshot_of(job.id, org_id, at, ranked, len(top), groups[q], question=q.value)
            for q in Question
        ]
        self.keep(s for s in snaps if s.groups)
        self.check(org_id, at)

    def keep(self, snapshots: Iterable[RankingSnapshot]) -> None:
        """Store counts of lists shown, in one transaction (also the demo's past lists)."""
        with self.engine.begin() as conn:
            for snap in snapshots:
                _store(conn, snap)

    # -- judging -----------------------------------------------------------------------------
    def check(self, org_id: str, at: datetime | None = None) -> list[StoredAlert]:
        """Judge the employer's windows at `at` and raise each alert not already open; each
        new one is audited and mailed to the admins. Returns the new alerts."""
        at = at or now()
        raised = [a for r in self._results(org_id, at) for a in r.alerts]
        new: list[StoredAlert] = []
        with self.engine.begin() as conn:
            open_keys = {
                (r.scope, r.subject_id, r.question, r.grp)
                for r in conn.execute(
                    select(m.monitor_alerts).where(
                        m.monitor_alerts.c.org_id == org_id, m.monitor_alerts.c.closed_at.is_(None)
                    )
                )
            }
            for alert in raised:
                key = (alert.scope.value, alert.subject_id, alert.question, alert.group)
                if key in open_keys:
                    continue
                open_keys.add(key)
                new.append(_raise(conn, org_id, alert, at))
        for stored in new:
            self._mail(org_id, stored)
        return new

    def run_all(self, at: datetime | None = None) -> dict[str, list[StoredAlert]]:
        """Judge every employer with a snapshot in the window (the operator's scheduled run,
        `onramp audit monitor`): org id -> the alerts newly raised."""
        at = at or now()
        with self.engine.connect() as conn:
            orgs: Iterable[str] = conn.execute(
                select(m.ranking_snapshots.c.org_id)
                .where(m.ranking_snapshots.c.taken_at > at - timedelta(days=self.window_days))
                .distinct()
            ).scalars()
            org_ids = sorted(orgs)
        return {org_id: self.check(org_id, at) for org_id in org_ids}

    # -- reading ---------------------------------------------------------------------------
    def view(self, principal: Principal, org_id: str, at: datetime | None = None) -> FairnessView:
        """The employer's windows and alerts, for its org admins and HR admins (and platform
        admins, who oversee). Counts by group only where `monitor` keeps them."""
        require_monitor_reader(principal, org_id)
        return self.view_of(org_id, at)

    def view_of(self, org_id: str, at: datetime | None = None) -> FairnessView:
        """As `view`, for the operator's command line (no person acting)."""
        at = at or now()
        results = self._results(org_id, at)
        return FairnessView(
            org_id=org_id,
            at=at,
            window_days=self.window_days,
            employer=tuple(r for r in results if r.scope is MonitorScope.EMPLOYER),
            jobs=tuple(r for r in results if r.scope is MonitorScope.JOB),
            alerts=tuple(self._alerts(org_id)),
        )

    def open_alerts(self, principal: Principal, org_id: str) -> list[StoredAlert]:
        """The open alerts, for the admins' dashboard; nothing for anyone else (the dashboard
        asks for every organization a person belongs to)."""
        try:
            require_monitor_reader(principal, org_id)
        except PermissionDeniedError:
            return []
        return [a for a in self._alerts(org_id) if a.open]

    def close(self, principal: Principal, org_id: str, alert_id: str, note: str) -> StoredAlert:
        """Close an open alert with what was done about it. The alert and the note stay."""
        require_monitor_reader(principal, org_id, write=True)
        note = " ".join(note.split())
        if not note:
            raise InvalidInputError("Say what you did about this warning before you close it.")
        if len(note) > MAX_NOTE:
            raise InvalidInputError(f"Keep the note under {MAX_NOTE} characters.")
        a = m.monitor_alerts
        with self.engine.begin() as conn:
            row = conn.execute(
                select(a).where(a.c.id == alert_id, a.c.org_id == org_id)
            ).one_or_none()
            if row is None:
                raise NotFoundError("There is no such warning.")
            if row.closed_at is not None:
                raise InvalidInputError("This warning is already closed.")
            conn.execute(
                update(a)
                .where(a.c.id == alert_id)
                .values(closed_at=now(), closed_by=principal.user.id, note=note)
            )
            audit.record(
                conn,
                AuditAction.FAIRNESS_ALERT_CLOSE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="fairness_alert",
                target_id=alert_id,
            )
        return next(x for x in self._alerts(org_id) if x.id == alert_id)

    # -- inside --------------------------------------------------------------------------------
    def _results(self, org_id: str, at: datetime) -> list[WindowResult]:
        snaps = self._snapshots(org_id, at)
        names = self._names(org_id, {s.job_id for s in snaps})
        results: list[WindowResult] = []
        for question in Question:
            mine = [s for s in snaps if s.question == question.value]
            if not mine:
                continue
            for scope in (MonitorScope.EMPLOYER, MonitorScope.JOB):
                results.extend(
                    monitor(
                        mine,
                        at,
                        window_days=self.window_days,
                        min_group=self.min_group,
                        scope=scope,
                        names=names,
                        group_labels=GROUP_NAMES[question],
                    )
                )
        return results

    def _snapshots(self, org_id: str, at: datetime) -> list[RankingSnapshot]:
        r = m.ranking_snapshots
        since = at - timedelta(days=self.window_days)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(r).where(r.c.org_id == org_id, r.c.taken_at > since, r.c.taken_at <= at)
            ).all()
        return [_snapshot(row) for row in rows]

    def _names(self, org_id: str, job_ids: Iterable[str]) -> dict[str, str]:
        with self.engine.connect() as conn:
            names = dict(
                conn.execute(
                    select(j.jobs.c.id, j.jobs.c.title).where(j.jobs.c.id.in_(list(job_ids)))
                ).all()
            )
            org = conn.execute(
                select(t.organizations.c.name).where(t.organizations.c.id == org_id)
            ).scalar_one_or_none()
        names[org_id] = org or org_id
        return names

    def _alerts(self, org_id: str) -> list[StoredAlert]:
        a = m.monitor_alerts
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a).where(a.c.org_id == org_id).order_by(a.c.raised_at.desc(), a.c.id)
            ).all()
        alerts = [_stored(row) for row in rows]
        return [x for x in alerts if x.open] + [x for x in alerts if not x.open][:20]

    def _mail(self, org_id: str, alert: StoredAlert) -> None:
        u, ms = t.users, t.memberships
        with self.engine.connect() as conn:
            emails: list[str] = sorted(
                set(
                    conn.execute(
                        select(u.c.email)
                        .join(ms, ms.c.user_id == u.c.id)
                        .where(
                            ms.c.org_id == org_id,
                            ms.c.role.in_([str(role) for role in MONITOR_ROLES]),
                        )
                    ).scalars()
                )
            )
        link = f"{self.public_url}/orgs/{org_id}/metrics/fairness"
        body = (
            f"{alert.message}\n\nSee the figures and close the warning when you have acted:\n"
            f"{link}\n\nNo one's own answers are shown to you or to anyone at your organization."
        )
        for email in emails:
            self.mailer.send(
                email, "Onramp: please check a hiring list", body, MailKind.FAIRNESS_ALERT
            )


def reads_fairness(principal: Principal, org_id: str) -> bool:
    """Whether the person is one of the employer's admins the monitor reports to."""
    return bool(principal.roles_in(org_id) & MONITOR_ROLES)


def require_monitor_reader(principal: Principal, org_id: str, *, write: bool = False) -> None:
    """Org admins and HR admins of an employer read the monitor and close its alerts; platform
    admins may read it (they oversee every organization) but not close an employer's alert."""
    policy.require_scope(principal, Scope.WRITE if write else Scope.READ)
    if principal.user.is_platform_admin and not write:
        return
    policy.require_member(principal, org_id, admin_may=False)
    if not principal.roles_in(org_id) & MONITOR_ROLES:
        raise PermissionDeniedError(
            "Only an organization admin or HR admin can see the fair hiring checks."
        )


def _store(conn: Connection, snap: RankingSnapshot) -> None:
    """Insert the snapshot, or move the latest one's time when the counts are the same."""
    r = m.ranking_snapshots
    groups = [[g.group, g.candidates, g.selected] for g in snap.groups]
    latest = conn.execute(
        select(r)
        .where(r.c.job_id == snap.job_id, r.c.question == snap.question)
        .order_by(r.c.taken_at.desc())
        .limit(1)
    ).one_or_none()
    if (
        latest is not None
        and latest.shown_k == snap.shown_k
        and latest.unknown == snap.unknown
        and [list(g) for g in latest.groups] == groups
    ):
        conn.execute(update(r).where(r.c.id == latest.id).values(taken_at=snap.taken_at))
        return
    conn.execute(
        insert(r).values(
            id=str(uuid.uuid4()),
            org_id=snap.employer_id,
            job_id=snap.job_id,
            question=snap.question,
            taken_at=snap.taken_at,
            first_at=snap.taken_at,
            shown_k=snap.shown_k,
            unknown=snap.unknown,
            groups=groups,
        )
    )


def _raise(conn: Connection, org_id: str, alert: Alert, at: datetime) -> StoredAlert:
    alert_id = str(uuid.uuid4())
    conn.execute(
        insert(m.monitor_alerts).values(
            id=alert_id,
            org_id=org_id,
            scope=alert.scope.value,
            subject_id=alert.subject_id,
            question=alert.question,
            grp=alert.group,
            reference_group=alert.reference_group,
            impact_ratio=alert.impact_ratio,
            p_value=alert.p_value,
            message=alert.message,
            raised_at=at,
        )
    )
    audit.record(
        conn,
        AuditAction.FAIRNESS_ALERT,
        actor_id=None,
        org_id=org_id,
        target_type="fairness_alert",
        target_id=alert_id,
        details={"scope": alert.scope.value, "question": alert.question},
    )
    return StoredAlert(
        alert_id,
        org_id,
        alert.scope,
        alert.subject_id,
        Question(alert.question),
        alert.group,
        alert.message,
        at,
        None,
        "",
    )


def _snapshot(r: Any) -> RankingSnapshot:
    return RankingSnapshot(
        job_id=r.job_id,
        employer_id=r.org_id,
        taken_at=aware(r.taken_at),
        shown_k=r.shown_k,
        groups=tuple(GroupCount(g, n, k) for g, n, k in r.groups),
        unknown=r.unknown,
        question=r.question,
    )


def _stored(r: Any) -> StoredAlert:
    closed = r.closed_at
    return StoredAlert(
        id=r.id,
        org_id=r.org_id,
        scope=MonitorScope(r.scope),
        subject_id=r.subject_id,
        question=Question(r.question),
        group=r.grp,
        message=r.message,
        raised_at=aware(r.raised_at),
        closed_at=None if closed is None else aware(closed),
        note=r.note,
    )


def monitor_rankings(
    engine: Engine, matching: Matching, personal: Personal, mailer: Mailer, public_url: str
) -> FairnessMonitor:
    """The monitor, listening to every candidate list `matching` shows. Every process that
    shows candidate lists calls this: the app, and the command line's `onramp match rank`."""
    fairness = FairnessMonitor(engine, personal, mailer, public_url)
    matching.watch_rankings(fairness.record)
    return fairness
