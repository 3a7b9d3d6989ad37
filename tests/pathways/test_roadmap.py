"""The talent development roadmap's rules (issue 15, item 3) on a small hand-made occupation
matrix: families, ladder order, the missing rung, how skills are gained, typical time and the
moves out."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.jobs.model import CareerLevel, Job, JobDraft, JobState, PayRange, Requirement
from onramp.pathways import OccupationFeatures, SkillNeed, build_matrix
from onramp.pathways.roadmap import RoadmapConfig, build_roadmap, is_supervisor_of, leads_to
from onramp.pathways.roadmap_gain import typical_time
from onramp.pathways.roadmap_model import (
    NOT_HERE_YET,
    GainWay,
    ProgramRef,
    RoadmapNote,
    RungSkill,
    TimeBasis,
)

NOW = datetime(2026, 1, 5, tzinfo=UTC)
# (code, title, job zone, annual median wage, skills)
OCCUPATIONS = (
    ("31-1131.00", "Nursing Assistants", 2, 35_000, ("care", "hygiene", "vitals")),
    ("29-2061.00", "Licensed Practical Nurses", 3, 55_000, ("care", "hygiene", "vitals", "meds")),
    ("29-1141.00", "Registered Nurses", 4, 90_000, ("care", "vitals", "meds", "assess", "plan")),
    ("37-2011.00", "Janitors", 1, 30_000, ("clean", "chemicals", "floors")),
    ("37-1011.00", "Housekeeping Supervisors", 2, 45_000, ("clean", "schedule", "lead")),
    ("11-9111.00", "Health Services Managers", 4, 120_000, ("plan", "lead", "budget", "assess")),
    ("53-7062.00", "Laborers", 1, 35_000, ("lift", "load", "pallets")),
    ("15-1252.00", "Software Developers", 4, 130_000, ("code", "test")),
)
CODES = [o[0] for o in OCCUPATIONS]
NEAR = RoadmapConfig(neighbours=1)


def _uri(name: str) -> str:
    return f"urn:test:{name}"


MATRIX = build_matrix(
    [
        OccupationFeatures(
            code=code,
            title=title,
            job_zone=zone,
            wage=float(wage),
            listed={_uri(s): 1.0 for s in skills},
            skills=tuple(SkillNeed(_uri(s), s, min(5, zone + 1)) for s in skills),
        )
        for code, title, zone, wage, skills in OCCUPATIONS
    ]
)


def job(
    title: str,
    code: str | None,
    level: CareerLevel = CareerLevel.ENTRY,
    requirements: Sequence[Requirement] = (),
    pay: float = 20.0,
    state: JobState = JobState.OPEN,
) -> Job:
    draft = JobDraft(
        title=title,
        occupations=(code,) if code else (),
        career_level=level,
        pay=PayRange(low=pay, high=pay + 2),
        requirements=tuple(requirements),
    )
    return Job(
        id=str(uuid.uuid4()),
        org_id="org",
        org_name="Riverside",
        draft=draft,
        state=state,
        history=(),
        created_at=NOW,
        updated_at=NOW,
    )


def need(name: str, level: int, weeks: int | None = None) -> Requirement:
    return Requirement(skill=_uri(name), label=name, level=level, learnable_weeks=weeks)


def no_programs(_uris: Sequence[str]) -> dict[str, list[ProgramRef]]:
    return {}


def test_a_nursing_family_orders_cna_then_lpn_then_rn() -> None:
    jobs = [
        job("Registered Nurse", "29-1141.00", CareerLevel.PROFICIENT, pay=40),
        job("Nursing Assistant", "31-1131.00", pay=18),
        job("Practical Nurse", "29-2061.00", CareerLevel.DEVELOPING, pay=28),
        job("Custodian", "37-2011.00", pay=17),
    ]
    roadmap = build_roadmap("org", "Riverside", jobs, MATRIX, no_programs, NEAR)
    nursing = roadmap.families[0]
    assert [r.title for r in nursing.rungs] == [
        "Nursing Assistant",
        "Practical Nurse",
        "Registered Nurse",
    ]
    assert nursing.name == "Nursing Assistant to Registered Nurse"
    assert [f.rungs[0].title for f in roadmap.families[1:]] == ["Custodian"]
    lpn = nursing.rungs[1]
    assert lpn.time_from_below is not None and lpn.time_from_below.basis is TimeBasis.JOB_ZONE
    assert (lpn.time_from_below.low_months, lpn.time_from_below.high_months) == (12, 24)


def test_each_new_skill_says_how_it_is_gained() -> None:
    program = ProgramRef("Valley College", "Medication Aide", "/orgs/valley/achievements/1")
    jobs = [
        job("Nursing Assistant", "31-1131.00", requirements=[need("care", 2), need("vitals", 2)]),
        job(
            "Practical Nurse",
            "29-2061.00",
            CareerLevel.DEVELOPING,
            requirements=[need("care", 3), need("vitals", 2), need("meds", 3), need("chart", 2, 4)],
        ),
    ]
    roadmap = build_roadmap("org", "R", jobs, MATRIX, lambda uris: {_uri("meds"): [program]}, NEAR)
    lpn = roadmap.families[0].rungs[1]
    ways = {s.label: s.ways for s in lpn.skills}
    assert [w.kind for w in ways["care"]] == [GainWay.ON_THE_JOB]  # used below, one level up
    assert ways["vitals"] == ()  # not new
    assert [(w.kind, w.programs) for w in ways["meds"]] == [(GainWay.TRAINING_PARTNER, (program,))]
    assert [(w.kind, w.weeks) for w in ways["chart"]] == [(GainWay.ON_THE_JOB, 4)]
    assert {s.label for s in lpn.added} == {"care", "meds", "chart"}
    alone = build_roadmap("org", "R", jobs, MATRIX, no_programs, NEAR).families[0].rungs[1]
    assert [w.kind for s in alone.skills if s.label == "meds" for w in s.ways] == [
        GainWay.NO_PROGRAM
    ]
    assert RoadmapNote.WORK_BASED_LEARNING in roadmap.notes


def test_a_missing_rung_is_filled_from_occupation_data_and_marked() -> None:
    jobs = [
        job("Nursing Assistant", "31-1131.00"),
        job("Registered Nurse", "29-1141.00", CareerLevel.PROFICIENT),
    ]
    roadmap = build_roadmap("org", "R", jobs, MATRIX, no_programs, NEAR)
    (family,) = roadmap.families
    assert [(r.occupation, r.here) for r in family.rungs] == [
        ("31-1131.00", True),
        ("29-2061.00", False),
        ("29-1141.00", True),
    ]
    middle = family.rungs[1]
    assert middle.kind == NOT_HERE_YET and middle.jobs == ()
    assert middle.skills  # from the occupation, as no job here lists them


def test_up_and_out_leaves_out_the_employers_own_occupations() -> None:
    jobs = [job("Nurse", "29-1141.00"), job("Manager", "11-9111.00", CareerLevel.SENIOR)]
    roadmap = build_roadmap("org", "R", jobs, MATRIX, no_programs, RoadmapConfig(neighbours=1))
    own = {"29-1141.00", "11-9111.00"}
    moves = [m for f in roadmap.families for m in f.up_and_out]
    assert moves and not {m.code for m in moves} & own
    assert all(m.job_zone_change is None or m.job_zone_change >= 0 for m in moves)


def test_where_a_job_leads_and_a_job_without_an_occupation() -> None:
    cna = job("Nursing Assistant", "31-1131.00")
    blank = job("Front Desk", None)
    jobs = [cna, blank, job("Practical Nurse", "29-2061.00", CareerLevel.DEVELOPING)]
    roadmap = build_roadmap("org", "R", jobs, MATRIX, no_programs, NEAR)
    found = leads_to(roadmap, cna.id, "Nursing Assistant")
    assert [r.title for r in found.next_rungs] == ["Practical Nurse"]
    assert [u.job.id for u in roadmap.unplaced] == [blank.id]
    nothing = leads_to(roadmap, blank.id, "Front Desk")
    assert nothing.next_rungs == () and "not on a ladder" in nothing.reason


def test_without_occupation_data_jobs_group_by_codes_and_skills() -> None:
    shared = [need("care", 2), need("safety", 2), need("listen", 2)]
    jobs = [
        job("Nurse", "29-1141.00", CareerLevel.PROFICIENT, shared + [need("plan", 3)], pay=40),
        job("Aide", "31-1131.00", CareerLevel.ENTRY, shared, pay=18),
        job("Practical Nurse", "29-2061.00", CareerLevel.DEVELOPING, pay=28),
        job("Floor lead", "53-1042.00", CareerLevel.SENIOR, pay=25),
        job("Stocker", "53-7062.00", pay=16),
        job("Closed one", "53-7062.00", state=JobState.CLOSED),
    ]
    roadmap = build_roadmap("org", "R", jobs, None, no_programs)
    ladders = sorted([r.title for r in f.rungs] for f in roadmap.families)
    assert ladders == [["Aide", "Practical Nurse", "Nurse"], ["Stocker", "Floor lead"]]
    assert RoadmapNote.NO_OCCUPATIONS in roadmap.notes
    assert all(f.up_and_out == () for f in roadmap.families)


def test_supervisors_of_a_major_group() -> None:
    assert is_supervisor_of("53-1042.00", "53-7062.00")
    assert not is_supervisor_of("53-7062.00", "53-1042.00")
    assert not is_supervisor_of("29-1141.00", "29-2061.00")  # 29 has no supervisor group
    assert not is_supervisor_of("43-1011.00", "53-7062.00")


def test_typical_time_by_zone_weeks_or_unknown() -> None:
    added = [RungSkill("urn:x:a", "a", 3, True), RungSkill("urn:x:b", "b", 2, True)]
    assert typical_time(2, 4, added, {}).low_months == 36
    by_weeks = typical_time(None, None, added, {"urn:x:a": 6, "urn:x:b": 9})
    assert (by_weeks.basis, by_weeks.low_months) == (TimeBasis.LEARNABLE_WEEKS, 3)
    assert typical_time(None, None, added, {"urn:x:a": 6}).basis is TimeBasis.UNKNOWN
    assert typical_time(3, 3, added, {}).basis is TimeBasis.SAME_ZONE
    assert typical_time(3, 3, [], {}).basis is TimeBasis.LITTLE_NEW
    assert typical_time(None, None, [], {}).words == "About a month or less"


@pytest.mark.parametrize("kind", [GainWay, TimeBasis, RoadmapNote])
def test_roadmap_sentences_are_plain(kind: type) -> None:
    for member in kind:
        assert textstat.flesch_kincaid_grade(member.label) <= 8, member.label


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*CODES, None]),
            st.sampled_from(list(CareerLevel)),
            st.integers(15, 60),
        ),
        min_size=1,
        max_size=10,
    ),
    st.integers(1, 4),
)
def test_every_job_is_on_one_rung_and_ladders_climb_by_job_zone(
    specs: list[tuple[str | None, CareerLevel, int]], neighbours: int
) -> None:
    jobs = [job(f"Job {n}", code, level, pay=pay) for n, (code, level, pay) in enumerate(specs)]
    roadmap = build_roadmap("org", "R", jobs, MATRIX, no_programs, RoadmapConfig(neighbours))
    placed = [j.id for f in roadmap.families for r in f.rungs for j in r.jobs]
    assert sorted(placed) == sorted(j.id for j in jobs if j.draft.occupations)
    assert {u.job.id for u in roadmap.unplaced} == {j.id for j in jobs if not j.draft.occupations}
    own = {j.draft.occupations[0] for j in jobs if j.draft.occupations}
    for family in roadmap.families:
        zones = [r.job_zone or 0 for r in family.rungs]
        assert zones == sorted(zones)
        assert not {m.code for m in family.up_and_out} & own
        assert all(r.here for r in (family.rungs[0], family.rungs[-1]))
