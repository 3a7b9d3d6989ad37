"""A workforce board's WIOA reporting as a use case (issue 18, item 4; decisions/0035): the
board loads its participant records from the documented file, then reads the primary
indicators for a program-year quarter, and downloads them as CSV or JSON with a trace of the
records behind each figure.

Who may do what:
- the **board analysts and org admins** of a workforce board load files and read and download
  its reports; other members of the board are refused, and so is any organization that is not
  a workforce board;
- anyone who is not a member of the board (a platform admin included) is told there is no
  such organization, so nothing says whether it exists.

Loading is all or nothing: the whole file is read first (`wioa_records.read_participants`
names every bad line), then stored in one transaction with its audit entry. A record id the
board loaded before is **replaced** by the new line: a board's file is its current set of
records for the ids in it, and records it leaves out stay as they were. Figures are exact
counts (see `wioa` on small counts): the report is the board's own report to its state.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from onramp.errors import NotFoundError, PermissionDeniedError, TooLargeError
from onramp.metrics.wioa import (
    ReportQuarter,
    WioaReport,
    compute_indicators,
    indicators_csv,
    indicators_json,
    trace_csv,
)
from onramp.metrics.wioa_json import participant_document, participant_from_document
from onramp.metrics.wioa_records import (
    FILE,
    MAX_FILE_BYTES,
    BadLine,
    Participant,
    ParticipantFileError,
    read_participants,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import OrgKind, Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import metrics_wioa_tables as mw
from onramp.store import platform_tables as t
from onramp.store.engine import write_transaction

BOARD_ROLES = frozenset({Role.BOARD_ANALYST, Role.ORG_ADMIN})
NO_ORG = "There is no such organization."
NOT_A_BOARD = "WIOA reports are for workforce boards only."
NOT_AN_ANALYST = "Only the board's analysts and admins load records and read WIOA reports."
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# injection"); record ids are written back into every report and trace file.
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_FILE_NAME = 255


class ExportKind(StrEnum):
    CSV = "csv"  # indicators_csv
    JSON = "json"  # indicators_json
    TRACE = "trace"  # trace_csv


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    import_id: str
    file_name: str
    sha256: str
    rows: int
    added: int
    replaced: int


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One file a board loaded, for its history."""

    id: str
    file_name: str
    sha256: str
    rows: int
    added: int
    replaced: int
    imported_at: datetime
    imported_by: str  # the person's name; "" when the account is gone


def quarter_of(day: date) -> ReportQuarter:
    """The program-year quarter a day falls in (PY 2026 runs July 2026 to June 2027)."""
    year = day.year if day.month >= 7 else day.year - 1
    return ReportQuarter(year, (day.month - 7) % 12 // 3 + 1)


def _formula_lines(participants: list[Participant]) -> list[BadLine]:
    return [
        BadLine(
            p.line,
            f"the record id {p.record_id} starts with {p.record_id[0]}, which a spreadsheet"
            " would run as a formula.",
        )
        for p in participants
        if p.record_id.startswith(FORMULA_STARTS)
    ]


def read_file(data: bytes) -> list[Participant]:
    """Every participant in an uploaded file, or an error naming what to fix (nothing read)."""
    if len(data) > MAX_FILE_BYTES:
        raise TooLargeError("The participant file is larger than 5 MB. Split it into parts.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParticipantFileError(
            [BadLine(1, "the file is not UTF-8 text. Save it as CSV UTF-8 and try again.")]
        ) from None
    participants = read_participants(text)
    bad = _formula_lines(participants)
    if bad:
        raise ParticipantFileError(bad)
    return participants


class WioaReports:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- policy ---------------------------------------------------------------------------
    @staticmethod
    def require_board(principal: Principal, org_id: str, scope: Scope) -> None:
        """A board analyst or admin of `org_id`, a workforce board, with `scope`."""
        policy.require_scope(principal, scope)
        mine = [m for m in principal.memberships if m.org_id == org_id]
        if not mine or principal.user.is_platform_admin:
            raise NotFoundError(NO_ORG)
        if mine[0].org_kind is not OrgKind.WORKFORCE_BOARD:
            raise PermissionDeniedError(NOT_A_BOARD)
        if not {m.role for m in mine} & BOARD_ROLES:
            raise PermissionDeniedError(NOT_AN_ANALYST)

    # -- loading --------------------------------------------------------------------------
    def import_participants(
        self, principal: Principal, org_id: str, data: bytes, file_name: str
    ) -> ImportOutcome:
        """Load a participant file, all or nothing; a record id loaded before is replaced."""
        self.require_board(principal, org_id, Scope.WRITE)
        participants = read_file(data)
        name = " ".join(file_name.split())[:MAX_FILE_NAME] or FILE
        digest = hashlib.sha256(data).hexdigest()
        keys = {p.record_id.lower(): p for p in participants}
        import_id = str(uuid.uuid4())
        p = mw.wioa_participants
        with write_transaction(self.engine, f"wioa:{org_id}") as conn:
            before: set[str] = set()
            listed = list(keys)
            for start in range(0, len(listed), 500):  # bound the statement's parameters
                chunk = listed[start : start + 500]
                before.update(
                    conn.execute(
                        select(p.c.record_key).where(
                            p.c.org_id == org_id, p.c.record_key.in_(chunk)
                        )
                    ).scalars()
                )
                conn.execute(delete(p).where(p.c.org_id == org_id, p.c.record_key.in_(chunk)))
            outcome = ImportOutcome(
                import_id, name, digest, len(participants), len(keys) - len(before), len(before)
            )
            conn.execute(
                insert(mw.wioa_imports).values(
                    id=import_id,
                    org_id=org_id,
                    imported_by=principal.user.id,
                    imported_at=now(),
                    file_name=name,
                    sha256=digest,
                    rows=outcome.rows,
                    added=outcome.added,
                    replaced=outcome.replaced,
                )
            )
            conn.execute(
                insert(p),
                [
                    {
                        "org_id": org_id,
                        "record_key": key,
                        "record_id": one.record_id,
                        "record": participant_document(one),
                        "import_id": import_id,
                        "line": one.line,
                    }
                    for key, one in keys.items()
                ],
            )
            audit.record(
                conn,
                AuditAction.WIOA_IMPORT,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="wioa_import",
                target_id=import_id,
                details={
                    "file_name": name,
                    "sha256": digest,
                    "rows": outcome.rows,
                    "added": outcome.added,
                    "replaced": outcome.replaced,
                },
            )
        return outcome

    def imports(self, principal: Principal, org_id: str, limit: int = 20) -> list[ImportRecord]:
        """The files the board loaded, newest first."""
        self.require_board(principal, org_id, Scope.READ)
        i = mw.wioa_imports
        query = (
            select(i, t.users.c.name.label("by_name"))
            .select_from(i.outerjoin(t.users, t.users.c.id == i.c.imported_by))
            .where(i.c.org_id == org_id)
            .order_by(i.c.imported_at.desc(), i.c.id)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [
                ImportRecord(
                    r.id,
                    r.file_name,
                    r.sha256,
                    r.rows,
                    r.added,
                    r.replaced,
                    r.imported_at,
                    r.by_name or "",
                )
                for r in conn.execute(query)
            ]

    def participant_count(self, principal: Principal, org_id: str) -> int:
        self.require_board(principal, org_id, Scope.READ)
        p = mw.wioa_participants
        with self.engine.connect() as conn:
            found = conn.execute(
                select(func.count()).select_from(p).where(p.c.org_id == org_id)
            ).scalar_one()
        return int(found)

    # -- reports --------------------------------------------------------------------------
    def _participants(self, org_id: str) -> list[Participant]:
        p = mw.wioa_participants
        with self.engine.connect() as conn:
            documents: list[dict[str, Any]] = list(
                conn.execute(select(p.c.record).where(p.c.org_id == org_id)).scalars()
            )
        return [participant_from_document(d) for d in documents]

    def report(self, principal: Principal, org_id: str, period: str | ReportQuarter) -> WioaReport:
        """The five indicators for the quarter ("2026Q3"), from the board's current records."""
        self.require_board(principal, org_id, Scope.READ)
        quarter = ReportQuarter.parse(period) if isinstance(period, str) else period
        return compute_indicators(self._participants(org_id), quarter)

    def export(
        self, principal: Principal, org_id: str, period: str | ReportQuarter, kind: ExportKind
    ) -> str:
        """The report as a file (audited: the trace names the board's record ids)."""
        found = self.report(principal, org_id, period)
        text = {
            ExportKind.CSV: indicators_csv,
            ExportKind.JSON: indicators_json,
            ExportKind.TRACE: trace_csv,
        }[ExportKind(kind)](found)
        with self.engine.begin() as conn:
            audit.record(
                conn,
                AuditAction.WIOA_REPORT,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="wioa_report",
                target_id=f"{found.quarter}:{ExportKind(kind).value}",
            )
        return text
