"""The program standards builder drafts programs from the real O*NET 29.3 files (issue 17,
item 1): an electricians' time-based apprenticeship and a medical assistants' competency-based
one, with pay from an imported OEWS file."""

from __future__ import annotations

import csv
import dataclasses
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotFoundError
from onramp.market import read_oews
from onramp.taxonomy import Catalog, import_onet, run_import
from onramp.taxonomy.profile import FrameworkRef, OccupationProfile, ProfileTask
from onramp.wbl import (
    Approach,
    ProgramKind,
    ProgramStandards,
    area_hourly_median,
    check_standards,
    draft_program,
)
from onramp.wbl.builder import CRITERIA, MAX_WORK_PROCESSES, draft_from_profile
from onramp.wbl.model import MAX_NAME, MIN_OJL_HOURS, FindingKind, Severity

from support import shared

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "taxonomy"))
sys.path.insert(0, str(TESTS / "market"))
from market_files import write_all_data_csv  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

ELECTRICIANS = "47-2111.00"
MEDICAL_ASSISTANTS = "31-9092.00"
REGISTERED = ProgramKind.REGISTERED_APPRENTICESHIP
sqlite_only = pytest.mark.parametrize("engine", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def onet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_onet(
        shared("onet", "29.3"),
        tmp_path_factory.mktemp("onet"),
        with_optional=False,
        keep=(ELECTRICIANS, MEDICAL_ASSISTANTS),
    )


def official_tasks(folder: Path, code: str) -> dict[str, str]:
    """Task statement -> task type ("Core", "Supplemental"), straight from the O*NET file."""
    with (folder / "Task Statements.txt").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {r["Task"]: r["Task Type"] for r in rows if r["O*NET-SOC Code"] == code}


def official_title(folder: Path, code: str) -> str:
    with (folder / "Occupation Data.txt").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return next(r["Title"] for r in rows if r["O*NET-SOC Code"] == code)


def assert_drafted_from_tasks(program: ProgramStandards, tasks: dict[str, str]) -> None:
    """The work processes are the occupation's own task statements, core ones first."""
    drafted = [c.task for c in program.work_processes]
    assert drafted and set(drafted) <= set(tasks)
    assert len(drafted) == len(set(drafted)) == min(MAX_WORK_PROCESSES, len(tasks))
    types = [tasks[t] for t in drafted]
    assert types == sorted(types, key=lambda t: t != "Core")
    core = {t for t, kind in tasks.items() if kind == "Core"}
    assert core <= set(drafted) or set(drafted) <= core
    for competency in program.work_processes:
        assert len(competency.name) <= MAX_NAME
        if len(competency.task) <= MAX_NAME:
            assert competency.name == competency.task
        else:
            assert competency.name.endswith("…")
            assert competency.task.startswith(competency.name[:-1])


def assert_skills_exist(catalog: Catalog, program: ProgramStandards) -> None:
    for competency in program.work_processes:
        assert competency.skills, competency.name
        for uri in competency.skills:
            _framework, skill = catalog.skill(uri)  # raises NotFoundError when not imported
            assert skill.uri == uri


def assert_interim_credentials_cover(program: ProgramStandards, title: str) -> None:
    credentials = program.interim_credentials
    assert [c.name for c in credentials] == [f"{title}: level {n} skills" for n in (1, 2, 3)]
    named = [i for c in credentials for i in c.competency_ids]
    assert named == [c.id for c in program.work_processes]  # each once, in order


def test_a_time_based_apprenticeship_for_electricians(engine: Engine, onet_dir: Path) -> None:
    import_onet(engine, onet_dir)
    catalog = Catalog(engine)
    program = draft_program(
        catalog, ELECTRICIANS, kind=REGISTERED, approach=Approach.TIME_BASED, journeyworker_wage=38
    )
    title = official_title(onet_dir, ELECTRICIANS)
    assert program.occupation == ELECTRICIANS and program.occupation_title == title
    assert program.name == f"{title} apprenticeship"
    assert program.term_months == 24  # job zone 3
    assert program.mentor_ratio == 1 and program.journeyworker_wage == 38
    tasks = official_tasks(onet_dir, ELECTRICIANS)
    assert_drafted_from_tasks(program, tasks)
    assert any(len(t) > MAX_NAME for t in tasks)  # the long statement is shortened at a word
    # 2,000 hours a year of the term, never under 29 CFR 29.4(c)'s 2,000, in tens of hours
    assert program.ojl_hours >= max(MIN_OJL_HOURS, 2_000 * program.term_months / 12)
    assert all(
        c.hours and c.hours % 10 == 0 and c.max_hours is None for c in program.work_processes
    )
    assert_skills_exist(catalog, program)
    repair = next(c for c in program.work_processes if c.task.startswith("Repair or replace"))
    assert catalog.skill(repair.skills[0])[1].preferred_label == "Repairing"
    steps = program.wage_schedule
    assert steps[0].after_hours == 0 and all(s.after_competencies is None for s in steps)
    assert [s.share for s in steps] == sorted({s.share for s in steps}) and len(steps) >= 3
    assert [s.start for s in steps] == sorted({s.start for s in steps})
    assert steps[-1].start < program.ojl_hours
    assert_interim_credentials_cover(program, title)
    assert not program.courses
    findings = check_standards(program)
    assert [f.kind for f in findings if f.severity is Severity.MISSING] == [
        FindingKind.NO_INSTRUCTION
    ]


@sqlite_only
def test_a_competency_based_apprenticeship_for_medical_assistants(
    engine: Engine, onet_dir: Path
) -> None:
    import_onet(engine, onet_dir)
    catalog = Catalog(engine)
    program = draft_program(
        engine, MEDICAL_ASSISTANTS, kind=REGISTERED, approach=Approach.COMPETENCY_BASED
    )
    title = official_title(onet_dir, MEDICAL_ASSISTANTS)
    assert program.occupation_title == title and program.term_months == 24
    assert_drafted_from_tasks(program, official_tasks(onet_dir, MEDICAL_ASSISTANTS))
    assert all(c.criteria == CRITERIA and c.hours is None for c in program.work_processes)
    assert_skills_exist(catalog, program)
    steps = program.wage_schedule
    assert all(s.after_hours is None for s in steps)
    counts = [s.after_competencies or 0 for s in steps]
    assert counts[0] == 0 and counts == sorted(set(counts))
    assert counts[-1] < len(program.work_processes)
    assert [s.share for s in steps] == sorted({s.share for s in steps})
    assert_interim_credentials_cover(program, title)
    # no wage given and no OEWS imported: the draft says so rather than guessing
    assert program.journeyworker_wage is None
    missing = {f.kind for f in check_standards(program) if f.severity is Severity.MISSING}
    assert missing == {FindingKind.NO_INSTRUCTION, FindingKind.NO_JOURNEYWORKER_WAGE}


def _wage_row(area: tuple[object, str, int, str], hourly: float) -> list[object]:
    """One cross-industry row of an OEWS all_data file for electricians (test figures)."""
    code, name, kind, state = area
    spread = [round(hourly * f, 2) for f in (0.6, 0.8, 1.0, 1.25, 1.6)]
    annual = [round(h * 2080) for h in spread]
    return [
        *(code, name, kind, state, "000000", "Cross-industry", "cross-industry", 1235),
        *("47-2111", "Electricians", "detailed", 800000, 0.5, None, None, None, None),
        *(round(hourly * 1.05, 2), round(hourly * 1.05 * 2080), 0.3),
        *spread,
        *annual,
        None,
        None,
    ]


@sqlite_only
def test_the_journeyworker_wage_is_the_area_median_else_the_national_one(
    engine: Engine, onet_dir: Path, tmp_path: Path
) -> None:
    import_onet(engine, onet_dir)
    assert area_hourly_median(engine, ELECTRICIANS, "California") is None  # no OEWS yet
    rows = [_wage_row((99, "U.S.", 1, "US"), 30.0), _wage_row((6, "California", 2, "CA"), 40.0)]
    wages = write_all_data_csv(tmp_path / "all_data_M_2025.csv", rows)
    run_import(engine, lambda step: read_oews([wages], None, step))
    assert area_hourly_median(engine, ELECTRICIANS, "California") == 40.0
    assert area_hourly_median(engine, ELECTRICIANS, "Dayton") == 30.0  # no such area here
    assert area_hourly_median(engine, ELECTRICIANS, "") == 30.0
    hybrid = Approach.HYBRID
    here = draft_program(engine, ELECTRICIANS, kind=REGISTERED, approach=hybrid, area="California")
    assert here.journeyworker_wage == 40.0 and here.area == "California"
    assert check_standards(here, area_hourly_median=40.0) == [
        f for f in check_standards(here) if f.kind is FindingKind.NO_INSTRUCTION
    ]
    given_wage = draft_program(
        engine, ELECTRICIANS, kind=REGISTERED, approach=hybrid, journeyworker_wage=25.5
    )
    assert given_wage.journeyworker_wage == 25.5
    # hybrid: least and most hours for each work process, and the pay steps go by hours
    assert all(c.hours and c.max_hours and c.max_hours > c.hours for c in here.work_processes)
    assert all(s.after_hours is not None for s in here.wage_schedule)


@sqlite_only
def test_choices_the_sponsor_makes_are_kept(engine: Engine, onet_dir: Path) -> None:
    import_onet(engine, onet_dir)
    program = draft_program(
        engine,
        ELECTRICIANS,
        kind=REGISTERED,
        approach=Approach.TIME_BASED,
        name="Inside Wireman",
        term_months=48,
        max_work_processes=5,
    )
    assert program.name == "Inside Wireman" and program.term_months == 48
    assert len(program.work_processes) == 5 and program.ojl_hours >= 8_000
    short = draft_program(
        engine, ELECTRICIANS, kind=REGISTERED, approach=Approach.TIME_BASED, term_months=3
    )
    assert short.term_months == 12  # a registered apprenticeship lasts a year at least
    internship = draft_program(
        engine, ELECTRICIANS, kind=ProgramKind.INTERNSHIP, approach=Approach.TIME_BASED
    )
    assert internship.term_months == 3 and internship.mentor_ratio is None
    assert not internship.wage_schedule  # an internship needs no pay steps
    assert internship.ojl_hours >= 500
    assert check_standards(internship) == []


@sqlite_only
def test_an_unknown_occupation_or_one_without_tasks_is_refused(
    engine: Engine, onet_dir: Path
) -> None:
    with pytest.raises(NotFoundError, match="import O\\*NET"):
        draft_program(engine, ELECTRICIANS, kind=REGISTERED, approach=Approach.TIME_BASED)
    import_onet(engine, onet_dir)
    with pytest.raises(NotFoundError, match="99-9999.00"):
        draft_program(engine, "99-9999.00", kind=REGISTERED, approach=Approach.TIME_BASED)
    profile = dataclasses.replace(Catalog(engine).profile(ELECTRICIANS), tasks=[])
    with pytest.raises(InvalidInputError, match="no task statements"):
        draft_from_profile(profile, [], kind=REGISTERED, approach=Approach.TIME_BASED)
    with pytest.raises(InvalidInputError, match="1 to 72 months"):
        draft_program(
            engine, ELECTRICIANS, kind=REGISTERED, approach=Approach.TIME_BASED, term_months=0
        )


def _profile(tasks: int, zone: int | None) -> OccupationProfile:
    return OccupationProfile(
        code="47-2111.00",
        uri="https://www.onetonline.org/link/summary/47-2111.00",
        title="Electricians",
        description="",
        framework=FrameworkRef("onet", "29.3", "O*NET", "official", ""),
        job_zone=zone,
        tasks=[
            ProfileTask(str(n), f"Do task number {n} safely.", "Core" if n % 3 else "Supplemental")
            for n in range(tasks)
        ],
    )


@settings(max_examples=60, deadline=None)
@given(
    tasks=st.integers(1, 60),
    cap=st.integers(1, 200),
    term=st.none() | st.integers(1, 72),
    zone=st.none() | st.integers(1, 5),
    approach=st.sampled_from([Approach.TIME_BASED, Approach.HYBRID]),
)
def test_a_timed_registered_draft_always_has_2000_hours(
    tasks: int, cap: int, term: int | None, zone: int | None, approach: Approach
) -> None:
    program = draft_from_profile(
        _profile(tasks, zone),
        [],
        kind=REGISTERED,
        approach=approach,
        term_months=term,
        journeyworker_wage=30.0,
        max_work_processes=cap,
    )
    assert len(program.work_processes) == min(tasks, cap)
    assert program.ojl_hours >= MIN_OJL_HOURS and program.term_months >= 12
    assert {f.kind for f in check_standards(program)} == {FindingKind.NO_INSTRUCTION}
    named = [i for c in program.interim_credentials for i in c.competency_ids]
    ids = [c.id for c in program.work_processes]
    assert named == (ids if len(ids) > 1 else [])  # each work process in one credential
