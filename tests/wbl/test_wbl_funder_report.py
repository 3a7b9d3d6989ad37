"""The funder report: completions, retention at 6 and 12 months, wage gains (issue 17, item 5).

Every figure below was worked out by hand from the ten apprentices of `cohort`."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from onramp.errors import InvalidInputError
from onramp.wbl.funder import (
    Retention,
    WageGain,
    funder_json,
    funder_report,
    funder_rows,
    write_funder_csv,
)
from onramp.wbl.records import EnrollmentState, ExitReason
from onramp.wbl.reporting import ApprenticeFacts

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_wbl_roster_export import apprentice  # noqa: E402

TODAY = date(2026, 12, 1)
DONE, LEFT = EnrollmentState.COMPLETED, EnrollmentState.CANCELLED


def cohort() -> list[ApprenticeFacts]:
    return [
        # Electricians: three completers, one still learning, one who left
        apprentice(
            "e1",
            "Ada",
            start=date(2021, 3, 1),
            state=DONE,
            ended=date(2025, 3, 1),
            entry=20,
            now=30,
            follow_ups=((6, True, date(2025, 9, 3)), (12, True, date(2026, 3, 2))),
        ),
        apprentice(
            "e2",
            "Bo",
            start=date(2021, 6, 1),
            state=DONE,
            ended=date(2025, 6, 15),
            entry=18,
            now=27,
            # the 6-month answer was corrected: the latest one counts
            follow_ups=(
                (6, True, date(2025, 12, 16)),
                (6, False, date(2026, 1, 5)),
                (12, False, date(2026, 6, 20)),
            ),
        ),
        apprentice(
            "e3",
            "Cal",
            start=date(2022, 3, 1),
            state=DONE,
            ended=date(2026, 3, 1),
            entry=22,
            now=30,
        ),
        apprentice("e4", "Dee", start=date(2025, 1, 1), entry=19, now=23),
        apprentice(
            "e5",
            "Eli",
            start=date(2025, 6, 1),
            state=LEFT,
            ended=date(2026, 2, 1),
            reason=ExitReason.OTHER_JOB,
            entry=20,
            now=20,
        ),
        # Medical Assistant: two completers, one who left, two still learning
        apprentice(
            "m1",
            "Fay",
            "p-ma",
            start=date(2025, 5, 31),
            state=DONE,
            ended=date(2026, 5, 31),
            entry=17,
            now=21,
            follow_ups=((6, True, date(2026, 11, 30)),),
        ),
        apprentice(
            "m2",
            "Gus",
            "p-ma",
            start=date(2025, 7, 1),
            state=DONE,
            ended=date(2026, 7, 1),
            entry=16,
            now=20,
            follow_ups=((6, True, date(2026, 11, 1)),),  # not due yet
        ),
        apprentice(
            "m3",
            "Hal",
            "p-ma",
            start=date(2026, 1, 15),
            state=LEFT,
            ended=date(2026, 4, 1),
            reason=ExitReason.DISMISSED,
            entry=16,
            now=None,
        ),
        apprentice("m4", "Ivy", "p-ma", start=date(2026, 2, 1), entry=15, now=16.5),
        apprentice("m5", "Jo", "p-ma", start=date(2026, 6, 1), entry=None, now=17),
    ]


def test_counts_per_program_and_overall() -> None:
    report = funder_report(cohort(), TODAY, since=date(2026, 1, 1))
    assert [(f.program_id, f.program_name) for f in report.programs] == [
        ("p-elec", "Electricians"),
        ("p-ma", "Medical Assistant"),
    ]
    elec, ma = report.programs
    overall = report.overall
    assert (overall.program_id, overall.program_name) == ("", "All programs")
    counts = [(f.enrolled, f.active, f.completed, f.cancelled) for f in (elec, ma, overall)]
    assert counts == [(5, 1, 3, 1), (5, 2, 2, 1), (10, 3, 5, 2)]
    in_period = [
        (f.started_in_period, f.completed_in_period, f.cancelled_in_period)
        for f in (elec, ma, overall)
    ]
    # since 1 January 2026: E3 finished, E5 left; M1 and M2 finished, M3 left; M3-M5 started
    assert in_period == [(0, 1, 1), (3, 2, 1), (3, 3, 2)]
    everything = funder_report(cohort(), TODAY)
    assert everything.period_start is None
    assert everything.overall.completed_in_period == 5
    assert everything.overall.started_in_period == 10


def test_retention_counts_only_completers_whose_point_has_passed() -> None:
    elec, ma = funder_report(cohort(), TODAY).programs
    overall = funder_report(cohort(), TODAY).overall
    # E1, E2, E3 are due at 6 months; E3 was not asked; E2's corrected answer is "no"
    assert elec.retention_6 == Retention(6, 3, 2, 1, 1, 0.5)
    # M1 is due on 30 November 2026 and was followed up; M2 is due only in January 2027
    assert ma.retention_6 == Retention(6, 1, 1, 0, 1, 1.0)
    assert overall.retention_6 == Retention(6, 4, 3, 1, 2, 0.6667)
    assert elec.retention_12 == Retention(12, 2, 2, 0, 1, 0.5)
    assert ma.retention_12 == Retention(12, 0, 0, 0, 0, None)
    assert overall.retention_12 == Retention(12, 2, 2, 0, 1, 0.5)


def test_wage_gains_are_medians_of_each_persons_gain() -> None:
    report = funder_report(cohort(), TODAY)
    elec, ma = report.programs
    # E1 20 -> 30 (+10, 50%), E2 18 -> 27 (+9, 50%), E3 22 -> 30 (+8, 36.36%)
    assert elec.wages_completed == WageGain(3, 20.0, 30.0, 9.0, 50.0)
    # M1 17 -> 21 (+4, 23.53%), M2 16 -> 20 (+4, 25%)
    assert ma.wages_completed == WageGain(2, 16.5, 20.5, 4.0, 24.26)
    # entries 16 17 18 20 22, later 20 21 27 30 30, gains 4 4 8 9 10, % 23.53 25 36.36 50 50
    assert report.overall.wages_completed == WageGain(5, 18.0, 27.0, 8.0, 36.36)
    # still learning: E4 19 -> 23 (+4, 21.05%), M4 15 -> 16.5 (+1.5, 10%); M5 has no entry wage
    assert elec.wages_active == WageGain(1, 19.0, 23.0, 4.0, 21.05)
    assert ma.wages_active == WageGain(1, 15.0, 16.5, 1.5, 10.0)
    assert report.overall.wages_active == WageGain(2, 17.0, 19.75, 2.75, 15.53)


def test_a_report_with_no_one_has_empty_figures_not_errors() -> None:
    report = funder_report([], TODAY)
    assert report.programs == ()
    assert report.overall.enrolled == 0
    assert report.overall.retention_6.rate is None
    assert report.overall.wages_completed == WageGain(0, None, None, None, None)


def test_a_period_that_starts_after_it_ends_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        funder_report(cohort(), TODAY, since=date(2027, 1, 1))


def test_the_csv_has_a_line_per_program_and_one_for_all() -> None:
    report = funder_report(cohort(), TODAY, since=date(2026, 1, 1))
    out = io.StringIO()
    write_funder_csv(report, out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert parsed == funder_rows(report)
    assert [row["program_name"] for row in parsed] == [
        "Electricians",
        "Medical Assistant",
        "All programs",
    ]
    elec, ma, everyone = parsed
    assert elec["retention_6_due"] == "3" and elec["retention_6_not_followed_up"] == "1"
    assert elec["retention_6_rate"] == "0.5"
    assert ma["retention_12_rate"] == ""  # no one to count
    assert everyone["wages_completed_median_gain_percent"] == "36.36"
    assert everyone["completed_in_period"] == "3"
    assert list(parsed[0])[:3] == ["program_id", "program_name", "enrolled"]


def test_the_json_nests_the_same_figures() -> None:
    report = funder_report(cohort(), TODAY, since=date(2026, 1, 1))
    document = json.loads(funder_json(report))
    assert document["period_start"] == "2026-01-01"
    assert document["period_end"] == "2026-12-01"
    assert document["overall"]["retention_6"] == {
        "months": 6,
        "due": 4,
        "followed_up": 3,
        "not_followed_up": 1,
        "employed": 2,
        "rate": 0.6667,
    }
    assert document["programs"][1]["wages_completed"]["median_gain_percent"] == 24.26


def test_a_wage_loss_stays_a_number_and_a_formula_name_is_quoted() -> None:
    one = apprentice("z", "Zed", start=date(2024, 1, 1), state=DONE, ended=date(2025, 1, 1))
    one = replace(one, program_name="@SUM(A1)")
    one = replace(one, enrollment=replace(one.enrollment, wage_at_entry=20, wage_now=18.5))
    row = funder_rows(funder_report([one], TODAY))[0]
    assert row["program_name"] == "'@SUM(A1)"
    assert row["wages_completed_median_gain"] == "-1.5"
    assert row["wages_completed_median_gain_percent"] == "-7.5"
