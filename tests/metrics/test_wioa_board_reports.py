"""A workforce board's WIOA reporting as a use case (issue 18, item 4): the figures of the
hand-computed 54-participant fixture come back the same after a load into the store; a file
with a bad line loads nothing and names the line; a record id loaded again is replaced;
only the board's analysts and admins load and read; every load and download is audited."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError, TooLargeError
from onramp.metrics import IndicatorName, read_participants
from onramp.metrics.boards import ExportKind, quarter_of
from onramp.metrics.wioa_json import participant_document, participant_from_document
from onramp.metrics.wioa_records import MAX_FILE_BYTES, ParticipantFileError
from onramp.platform.model import Scope
from onramp.store import metrics_wioa_tables as mw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wioa_world import FIXTURE, HEADER, World, audit_actions, world  # noqa: E402, F401

DATA = FIXTURE.read_bytes()


def _stored(w: World, org_id: str) -> dict[str, str]:
    p = mw.wioa_participants
    with w.engine.connect() as conn:
        rows = conn.execute(select(p.c.record_id, p.c.import_id).where(p.c.org_id == org_id))
        return {r.record_id: r.import_id for r in rows}


def test_the_fixture_loaded_into_the_store_gives_the_hand_computed_figures(
    world: World,  # noqa: F811
) -> None:
    w = world
    outcome = w.reports.import_participants(w.analyst, w.board_id, DATA, "pirl-2026q3.csv")
    assert (outcome.rows, outcome.added, outcome.replaced) == (54, 54, 0)
    assert len(outcome.sha256) == 64 and outcome.file_name == "pirl-2026q3.csv"
    report = w.reports.report(w.analyst, w.board_id, "2026Q3")
    by = {i.name: i for i in report.indicators}
    # the same hand-computed figures as tests/metrics/test_wioa_indicators.py
    q2 = by[IndicatorName.EMPLOYMENT_Q2]
    assert (q2.numerator, q2.denominator) == (12, 19)
    assert q2.excluded_counts == {"deceased": 1, "health": 1, "reserve_duty": 1}
    q4 = by[IndicatorName.EMPLOYMENT_Q4]
    assert (q4.numerator, q4.denominator) == (12, 20)
    assert by[IndicatorName.MEDIAN_EARNINGS_Q2].median == Decimal("6900.00")
    credential = by[IndicatorName.CREDENTIAL]
    assert (credential.numerator, credential.denominator) == (10, 14)
    gains = by[IndicatorName.SKILL_GAINS]
    assert (gains.numerator, gains.denominator) == (9, 12)
    assert dict(gains.excluded) == {"M03": "health"}
    assert w.reports.participant_count(w.analyst, w.board_id) == 54
    [history] = w.reports.imports(w.admin, w.board_id)
    assert (history.file_name, history.rows, history.imported_by) == ("pirl-2026q3.csv", 54, "al@")
    assert audit_actions(w.engine)[-1] == "wioa.import"


def test_exports_carry_the_figures_and_are_audited(world: World) -> None:  # noqa: F811
    w = world
    w.reports.import_participants(w.analyst, w.board_id, DATA, "f.csv")
    rows = list(
        csv.DictReader(io.StringIO(w.reports.export(w.admin, w.board_id, "2026Q3", ExportKind.CSV)))
    )
    assert {r["indicator"]: r["rate"] for r in rows}["employment_q2"] == "0.6316"
    body = json.loads(w.reports.export(w.admin, w.board_id, "2026q3", ExportKind.JSON))
    assert body["indicators"][2]["median_earnings"] == "6900.00"
    trace = w.reports.export(w.admin, w.board_id, "2026Q3", ExportKind.TRACE)
    a11 = [r for r in csv.DictReader(io.StringIO(trace)) if r["record_id"] == "A11"]
    assert {r["excluded_because"] for r in a11} == {"health"}
    assert audit_actions(w.engine)[-3:] == ["wioa.report"] * 3


def test_a_bad_line_loads_nothing_and_is_named(world: World) -> None:  # noqa: F811
    w = world
    lines = DATA.decode().splitlines()
    # line 4 (A03) gets an exit before its entry; line 7 (A06) a credential type not listed
    lines[3] = lines[3].replace("2025-07-31", "2023-01-01", 1)
    lines[6] = lines[6].replace("associate", "doctorate", 1)
    with pytest.raises(ParticipantFileError) as refused:
        w.reports.import_participants(w.analyst, w.board_id, "\n".join(lines).encode(), "bad.csv")
    named = {b.line: b.reason for b in refused.value.lines}
    assert 4 in named and "exit date is before the entry date" in named[4]
    assert named[7] == "credential_type 'doctorate' is not one of the listed words."
    assert sorted(named) == [4, 7]
    assert _stored(w, w.board_id) == {}
    assert w.reports.imports(w.analyst, w.board_id) == []
    assert "wioa.import" not in audit_actions(w.engine)


def test_a_bad_line_in_a_second_file_keeps_the_first(world: World) -> None:  # noqa: F811
    w = world
    w.reports.import_participants(w.analyst, w.board_id, DATA, "first.csv")
    before = _stored(w, w.board_id)
    bad = f"{HEADER}\nA01,2024-09-03,2025-05-15\nZ99,not a date\n".encode()
    with pytest.raises(ParticipantFileError) as refused:
        w.reports.import_participants(w.analyst, w.board_id, bad, "second.csv")
    assert [b.line for b in refused.value.lines] == [3]
    assert "entry_date 'not a date' is not a date" in refused.value.lines[0].reason
    assert _stored(w, w.board_id) == before


def test_a_record_id_loaded_again_is_replaced(world: World) -> None:  # noqa: F811
    w = world
    first = w.reports.import_participants(w.analyst, w.board_id, DATA, "first.csv")
    # A03 was employed in the 2nd quarter after exit; its new line (id in other case) says not
    again = f"{HEADER}\na03,2024-11-04,2025-07-31,,none,,,,no,yes,,,,,,,,,\nN01,2026-08-01\n"
    second = w.reports.import_participants(w.analyst, w.board_id, again.encode(), "fix.csv")
    assert (second.rows, second.added, second.replaced) == (2, 1, 1)
    stored = _stored(w, w.board_id)
    assert len(stored) == 55 and "a03" in stored and "A03" not in stored
    assert stored["a03"] == second.import_id and stored["A01"] == first.import_id
    q2 = w.reports.report(w.analyst, w.board_id, "2026Q3").get(IndicatorName.EMPLOYMENT_Q2)
    assert (q2.numerator, q2.denominator) == (11, 19)
    assert [i.file_name for i in w.reports.imports(w.analyst, w.board_id)] == [
        "fix.csv",
        "first.csv",
    ]


def test_boards_keep_their_records_apart(world: World) -> None:  # noqa: F811
    w = world
    w.reports.import_participants(w.analyst, w.board_id, DATA, "f.csv")
    w.reports.import_participants(
        w.other, w.other_board_id, f"{HEADER}\nA01,2025-01-06\n".encode(), "o.csv"
    )
    assert len(_stored(w, w.board_id)) == 54 and list(_stored(w, w.other_board_id)) == ["A01"]
    other = w.reports.report(w.other, w.other_board_id, "2026Q3")
    assert all(i.denominator == 0 for i in other.indicators)
    for who in (w.other, w.employer, w.mentor):
        with pytest.raises(NotFoundError):
            w.reports.report(who, w.board_id, "2026Q3")
        with pytest.raises(NotFoundError):
            w.reports.import_participants(who, w.board_id, DATA, "x.csv")
        with pytest.raises(NotFoundError):
            w.reports.imports(who, w.board_id)
    assert len(_stored(w, w.board_id)) == 54


def test_only_board_analysts_and_admins_of_a_board(world: World) -> None:  # noqa: F811
    w = world
    with pytest.raises(PermissionDeniedError, match="workforce boards only"):
        w.reports.report(w.employer, w.employer_id, "2026Q3")
    with pytest.raises(PermissionDeniedError, match="workforce boards only"):
        w.reports.import_participants(w.employer, w.employer_id, DATA, "x.csv")
    admin = w.platform.accounts.principal(
        w.platform.accounts.user_by_email("admin@x.example") or w.admin.user
    )
    admin.user.is_platform_admin = True
    with pytest.raises(NotFoundError):
        w.reports.report(admin, w.board_id, "2026Q3")
    token = w.again(w.analyst)
    token.scopes = frozenset({Scope.READ})
    with pytest.raises(PermissionDeniedError, match="lacks the 'write' scope"):
        w.reports.import_participants(token, w.board_id, DATA, "x.csv")
    assert w.reports.report(token, w.board_id, "2026Q3").quarter.quarter == 3
    with pytest.raises(InvalidInputError, match="like 2026Q3"):
        w.reports.report(w.analyst, w.board_id, "2026-03")


def test_files_that_cannot_be_read_are_refused_plainly(world: World) -> None:  # noqa: F811
    w = world
    with pytest.raises(ParticipantFileError, match="not UTF-8"):
        w.reports.import_participants(w.analyst, w.board_id, b"record_id\n\xff\xfe", "x.csv")
    with pytest.raises(TooLargeError, match="larger than 5 MB"):
        w.reports.import_participants(w.analyst, w.board_id, b"x" * (MAX_FILE_BYTES + 1), "big.csv")
    formula = f"{HEADER}\n=cmd,2025-01-06\n@x,2025-01-06\nok,2025-01-06\n".encode()
    with pytest.raises(ParticipantFileError) as refused:
        w.reports.import_participants(w.analyst, w.board_id, formula, "x.csv")
    assert [b.line for b in refused.value.lines] == [2, 3]
    assert "spreadsheet" in refused.value.lines[0].reason
    assert _stored(w, w.board_id) == {}


def test_a_record_survives_the_store_exactly() -> None:
    for person in read_participants(FIXTURE.read_text(encoding="utf-8")):
        document = json.loads(json.dumps(participant_document(person)))
        assert participant_from_document(document) == person


def test_the_quarter_a_day_falls_in() -> None:
    assert str(quarter_of(date(2026, 12, 6))) == "2026Q2"
    assert str(quarter_of(date(2027, 1, 1))) == "2026Q3"
    assert str(quarter_of(date(2027, 6, 30))) == "2026Q4"
    assert str(quarter_of(date(2026, 7, 1))) == "2026Q1"
