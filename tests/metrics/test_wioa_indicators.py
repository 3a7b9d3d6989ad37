"""WIOA primary indicators (issue 18, item 4) against a fixture of 54 participants computed by
hand, not by the code.

The fixture is tests/metrics/data/wioa_participants.csv, reported for PY 2026 Q3 (January 1
to March 31, 2027). Its cohort windows, worked out by hand from the ETA-9169 lags:

- employment Q2 and median earnings: exits 2025-04-01 to 2026-03-31 (PY 2024 Q4 to PY 2025 Q3);
- employment Q4 and credential: exits 2024-10-01 to 2025-09-30 (PY 2024 Q2 to PY 2025 Q1);
- skill gains: in training at some time from 2026-07-01 to 2027-03-31 (PY 2026 to date).

Groups in the file: A (A01-A12) exited 2025-04-18 to 2025-09-30, so in both exit windows;
B (B01-B10) exited 2025-10-01 to 2026-03-31, Q2 window only; C (C01-C10) exited 2024-10-01 to
2025-03-31, Q4 window only; D (D01-D06) exited outside every window (D01 the day before the Q4
window, D03 the day after the Q2 window); E (E01-E10) still in the program; M (M01-M06) exited
around the skill-gain window.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.metrics import (
    IndicatorName,
    ReportQuarter,
    compute_indicators,
    indicators_csv,
    indicators_json,
    read_participants,
    trace_csv,
)
from onramp.metrics.wioa import cohort_windows, one_year_after
from onramp.metrics.wioa_records import (
    CredentialType,
    ExitExclusion,
    Participant,
    SkillGain,
    TrainingType,
)

FIXTURE = Path(__file__).parent / "data" / "wioa_participants.csv"
Q2 = IndicatorName.EMPLOYMENT_Q2
Q4 = IndicatorName.EMPLOYMENT_Q4
EARNINGS = IndicatorName.MEDIAN_EARNINGS_Q2
CREDENTIAL = IndicatorName.CREDENTIAL
GAINS = IndicatorName.SKILL_GAINS


def ids(text: str) -> tuple[str, ...]:
    return tuple(sorted(text.split()))


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    participants = read_participants(FIXTURE.read_text(encoding="utf-8"))
    assert len(participants) == 54
    return compute_indicators(participants, "2026Q3")


def test_employment_in_the_second_quarter_after_exit(report) -> None:  # type: ignore[no-untyped-def]
    # Cohort: A01-A12 and B01-B10 = 22 exits in the window.
    # Excluded: A11 (health), B09 (deceased), B10 (reserve duty) -> 3; denominator 22 - 3 = 19.
    # employed_q2 yes: A01 A02 A03 A04 A05 A09 A12 (A06-A08 no, A10 blank = not employed)
    #                  B01 B02 B04 B05 B06 (B03 B07 no, B08 blank) -> 7 + 5 = 12.
    # Rate 12 / 19.
    i = report.get(Q2)
    assert (i.window.start, i.window.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert i.numerator_ids == ids("A01 A02 A03 A04 A05 A09 A12 B01 B02 B04 B05 B06")
    assert i.denominator_ids == ids(
        "A01 A02 A03 A04 A05 A06 A07 A08 A09 A10 A12 B01 B02 B03 B04 B05 B06 B07 B08"
    )
    assert (i.numerator, i.denominator, i.rate) == (12, 19, 12 / 19)
    assert i.excluded_counts == {"deceased": 1, "health": 1, "reserve_duty": 1}


def test_employment_in_the_fourth_quarter_after_exit(report) -> None:  # type: ignore[no-untyped-def]
    # Cohort: A01-A12 and C01-C10 = 22 (D01 left on 2024-09-30, one day early).
    # Excluded: A11 (health), C08 (institutionalized) -> denominator 20.
    # employed_q4 yes: A01 A03 A04 A05 A07 A09 A12 and C01 C03 C04 C05 C10 -> 12.
    # A02 and C02 had a job in Q2 but not in Q4; A07 and C03 in Q4 but not Q2.
    i = report.get(Q4)
    assert (i.window.start, i.window.end) == (date(2024, 10, 1), date(2025, 9, 30))
    assert i.numerator_ids == ids("A01 A03 A04 A05 A07 A09 A12 C01 C03 C04 C05 C10")
    assert i.denominator == 20 and "A02" in i.denominator_ids and "C02" in i.denominator_ids
    assert i.rate == pytest.approx(0.6)
    assert dict(i.excluded) == {
        "A11": ExitExclusion.HEALTH,
        "C08": ExitExclusion.INSTITUTIONALIZED,
    }


def test_median_earnings_in_the_second_quarter_after_exit(report) -> None:  # type: ignore[no-untyped-def]
    # Wages of the 12 employed in Q2, sorted: 3900.00 (B06) 4800.00 (B01) 5150.25 (B05)
    # 5600.00 (A12) 6100.50 (A02) 6800.00 (B04) | 7000.00 (A04) 7300.00 (B02) 8200.00 (A01)
    # 9400.00 (A03) 10250.00 (A05) 12000.00 (A09).
    # Twelve values: the median is the mean of the 6th and 7th, (6800 + 7000) / 2 = 6900.00.
    i = report.get(EARNINGS)
    assert i.median == Decimal("6900.00")
    assert i.rate is None
    assert i.numerator_ids == report.get(Q2).numerator_ids


def test_credential_attainment(report) -> None:  # type: ignore[no-untyped-def]
    # Same exit cohort as Q4, only those in education or training.
    # In: A01 A02 (occupational) A05 (customized, leads to a credential) A06 (postsecondary)
    #     A07 A08 (secondary) A09 (apprenticeship) A12 (occupational) -> 8;
    #     C01 C02 (occupational) C04 (postsecondary) C06 (adult education) C07 (secondary)
    #     C10 (apprenticeship) -> 6. Denominator 14.
    # Out: A03 A10 C03 C09 (no training), A04 (OJT) and C05 (customized) with no credential
    #     in view; A11 and C08 excluded (both were in training).
    # Numerator: A01 certificate during training; A02 certification 6 weeks after exit;
    #     A05 license; A06 associate degree a month after exit; A07 diploma with a next step;
    #     C01 certification; C04 bachelor's; C06 other, 2026-03-30, one day inside the year
    #     after its 2025-03-31 exit; C07 diploma with a next step; C10 certificate -> 10.
    #     Not: A08 diploma with no next step; A12 certificate on 2026-09-01, more than a year
    #     after its 2025-08-15 exit; A09 and C02 no credential.
    i = report.get(CREDENTIAL)
    assert i.denominator_ids == ids("A01 A02 A05 A06 A07 A08 A09 A12 C01 C02 C04 C06 C07 C10")
    assert i.numerator_ids == ids("A01 A02 A05 A06 A07 C01 C04 C06 C07 C10")
    assert i.rate == 10 / 14
    assert i.excluded_counts == {"health": 1, "institutionalized": 1}


def test_measurable_skill_gains(report) -> None:  # type: ignore[no-untyped-def]
    # In training at some time from 2026-07-01 to 2027-03-31:
    #   E01-E07 and E09 (E08 has no training, E10 starts training on 2027-04-12) -> 8;
    #   M01 M02 M04, and M05 whose training ended on 2026-07-01, the first day -> 4;
    #   M03 excluded (health, exit 2026-12-18); M06's training ended 2026-06-30 -> out.
    #   Groups A-D all finished training before 2026-07-01. Denominator 12.
    # Numerator, a gain dated in the window: E01 skills progression, E02 postsecondary
    #   transcript, E04 EFL, E05 milestone (OJT), E06 secondary transcript, E07 diploma,
    #   M01 milestone, M04 EFL (its transcript gain of 2026-06-12 is too early), M05 skills on
    #   the first day -> 9. Not: E03 (EFL gain 2026-06-25, before the window), E09, M02.
    i = report.get(GAINS)
    assert (i.window.start, i.window.end) == (date(2026, 7, 1), date(2027, 3, 31))
    assert i.denominator_ids == ids("E01 E02 E03 E04 E05 E06 E07 E09 M01 M02 M04 M05")
    assert i.numerator_ids == ids("E01 E02 E04 E05 E06 E07 M01 M04 M05")
    assert i.rate == 0.75
    assert dict(i.excluded) == {"M03": ExitExclusion.HEALTH}


def test_the_csv_gives_every_figure(report) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(indicators_csv(report))))
    assert [r["indicator"] for r in rows] == [name.value for name in IndicatorName]
    by = {r["indicator"]: r for r in rows}
    assert (by["employment_q2"]["numerator"], by["employment_q2"]["denominator"]) == ("12", "19")
    assert by["employment_q2"]["rate"] == "0.6316"
    assert by["median_earnings_q2"]["median_earnings"] == "6900.00"
    assert by["credential"]["excluded_because"] == "health: 1; institutionalized: 1"
    assert by["skill_gains"]["cohort_start"] == "2026-07-01"


def test_the_json_carries_the_record_ids(report) -> None:  # type: ignore[no-untyped-def]
    body = json.loads(indicators_json(report))
    assert body["quarter"] == "2026Q3"
    assert (body["quarter_start"], body["quarter_end"]) == ("2027-01-01", "2027-03-31")
    gains = body["indicators"][4]
    assert gains["numerator_ids"] == list(ids("E01 E02 E04 E05 E06 E07 M01 M04 M05"))
    assert gains["excluded"] == [{"record_id": "M03", "because": "health"}]
    assert body["indicators"][2]["median_earnings"] == "6900.00"


def test_the_trace_names_each_record_and_its_role(report) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(trace_csv(report))))
    a02 = {
        r["indicator"]: (r["counted"], r["in_numerator"]) for r in rows if r["record_id"] == "A02"
    }
    assert a02 == {
        "employment_q2": ("denominator", "yes"),
        "employment_q4": ("denominator", "no"),
        "median_earnings_q2": ("denominator", "yes"),
        "credential": ("denominator", "yes"),
    }
    a11 = [r for r in rows if r["record_id"] == "A11"]
    assert {r["excluded_because"] for r in a11} == {"health"} and len(a11) == 4
    # the people outside every window are in no line of the trace
    assert not {r["record_id"] for r in rows} & {"D01", "D02", "D03", "D04", "D05", "D06", "E08"}
    for i in report.indicators:
        named = [r for r in rows if r["indicator"] == i.name.value]
        assert sum(r["in_numerator"] == "yes" for r in named) == i.numerator
        assert sum(r["counted"] == "denominator" for r in named) == i.denominator


def test_a_fourth_quarter_report_uses_the_annual_cohorts() -> None:
    """For PY 2026 Q4 the windows are the ETA-9169 annual periods for PY 2026."""
    windows = cohort_windows(ReportQuarter.parse("2026Q4"))
    got = {name: (w.start, w.end) for name, w in windows.items()}
    assert got[Q2] == got[EARNINGS] == (date(2025, 7, 1), date(2026, 6, 30))
    assert got[Q4] == got[CREDENTIAL] == (date(2025, 1, 1), date(2025, 12, 31))
    assert got[GAINS] == (date(2026, 7, 1), date(2027, 6, 30))


def test_program_year_quarters() -> None:
    assert ReportQuarter.parse("2026Q1").start == date(2026, 7, 1)
    assert ReportQuarter.parse("2026q2").end == date(2026, 12, 31)
    assert ReportQuarter.parse("2026Q3").start == date(2027, 1, 1)
    assert ReportQuarter.parse("2026Q4").end == date(2027, 6, 30)
    assert str(ReportQuarter(2026, 1).shifted(-1)) == "2025Q4"
    for bad in ("2026Q5", "2026-Q3", "Q3 2026", ""):
        with pytest.raises(InvalidInputError):
            ReportQuarter.parse(bad)


# ---- any set of records -------------------------------------------------------------------

DAY0 = date(2024, 1, 1)


@st.composite
def participants(draw: st.DrawFn, number: int) -> Participant:
    entry = DAY0 + timedelta(days=draw(st.integers(0, 1000)))
    exit_ = draw(st.one_of(st.none(), st.integers(0, 500).map(lambda n: entry + timedelta(n))))
    training = draw(st.sampled_from(TrainingType))
    start = entry if training is not TrainingType.NONE else None
    employed_q2 = draw(st.sampled_from([True, False, None]))
    last = exit_ or entry + timedelta(days=400)
    credential = draw(st.one_of(st.none(), st.sampled_from(CredentialType)))
    gain_days = draw(st.lists(st.integers(0, (last - entry).days), max_size=3))
    return Participant(
        record_id=f"P{number:03d}",
        entry_date=entry,
        exit_date=exit_,
        exclusion=draw(st.one_of(st.none(), st.sampled_from(ExitExclusion))) if exit_ else None,
        training=training,
        training_start=start,
        training_credential=draw(st.booleans()),
        employed_q2=employed_q2,
        employed_q4=draw(st.sampled_from([True, False, None])),
        wages_q2=Decimal(draw(st.integers(1, 2_000_000))) / 100 if employed_q2 else None,
        credential=credential,
        credential_date=entry + timedelta(days=draw(st.integers(0, 700))) if credential else None,
        next_step_within_year=draw(st.booleans()),
        gains=tuple(
            (kind, entry + timedelta(days=n))
            for kind, n in zip(list(SkillGain)[::-1], gain_days, strict=False)
        ),
    )


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 80).flatmap(lambda n: st.tuples(*(participants(i) for i in range(n)))),
    st.integers(2024, 2027),
    st.integers(1, 4),
)
def test_rates_are_numerator_over_denominator_with_the_ids_behind_them(
    people: tuple[Participant, ...], year: int, quarter: int
) -> None:
    report = compute_indicators(people, ReportQuarter(year, quarter))
    for i in report.indicators:
        numerator, denominator = set(i.numerator_ids), set(i.denominator_ids)
        assert numerator <= denominator
        assert len(numerator) == i.numerator and len(denominator) == i.denominator
        assert not denominator & {record_id for record_id, _ in i.excluded}
        if i.name is EARNINGS:
            wages = sorted(p.wages_q2 for p in people if p.record_id in numerator)
            assert (i.median is None) == (not wages)
            if wages:
                assert wages[0] <= i.median <= wages[-1]  # type: ignore[operator]
        elif denominator:
            assert i.rate == i.numerator / i.denominator
        else:
            assert i.rate is None


def test_one_year_after_a_leap_day_is_february_28() -> None:
    assert one_year_after(date(2024, 2, 29)) == date(2025, 2, 28)
    assert one_year_after(date(2025, 3, 31)) == date(2026, 3, 31)


def test_an_even_median_is_rounded_half_up_to_the_cent() -> None:
    # exits in PY 2025 Q1, inside the Q2 window of PY 2026 Q4 (2025-07-01 to 2026-06-30)
    people = [
        Participant(f"W{n}", date(2025, 1, 6), date(2025, 8, 1), employed_q2=True, wages_q2=w)
        for n, w in enumerate([Decimal("100.01"), Decimal("100.02")])
    ]
    earnings = compute_indicators(people, "2026Q4").get(EARNINGS)
    assert earnings.median == Decimal("100.02")  # 100.015 rounds up
    assert earnings.numerator_ids == ("W0", "W1")
