"""Matching a job to workers (issue 14, items 3-4): statuses, gating, related skills, ranking,
evidence beats claims, and blindness to everything but evidence."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onramp.errors import InvalidInputError
from onramp.jobs.model import EvidenceKind as JobEvidenceKind
from onramp.jobs.model import Job, JobDraft, JobState, Requirement, StateChange
from onramp.matching.scoring import (
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    JobSpec,
    Relation,
    RequirementStatus,
    SkillProfile,
    build_profile,
    match,
    rank,
    rank_jobs,
    read_job,
)
from onramp.matching.scoring.batch import output_line, read_profile_line

TODAY = date(2026, 12, 6)
RECENT = date(2026, 6, 1)
WELD = "http://data.europa.eu/esco/skill/weld"
READ = "http://data.europa.eu/esco/skill/read-drawings"
SAFE = "http://data.europa.eu/esco/skill/safety"
CUT = "http://data.europa.eu/esco/skill/cut-metal"
JOB = JobSpec(
    "Welder",
    (
        Requirement(skill=WELD, label="Weld metal", level=4),
        Requirement(skill=READ, label="Read drawings", level=3),
        Requirement(skill=SAFE, label="Work safely", level=2, must_have=False, learnable_weeks=4),
    ),
)


def credential(skill: str, level: int, **changes: object) -> Evidence:
    base = Evidence(skill, level, EvidenceKind.CREDENTIAL, verified=True, date=RECENT)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def claim(skill: str, level: int) -> Evidence:
    return Evidence(skill, level, EvidenceKind.SELF, date=RECENT)


def built(*items: Evidence) -> SkillProfile:
    return build_profile(items, today=TODAY)


def test_evidence_beats_claims_and_revoking_drops_it_below() -> None:
    """The acceptance test: verified credentials at the required levels outrank an inflated
    self-report of the same skills; revoking the credentials drops that worker below."""
    proven = [credential(WELD, 4), credential(READ, 3)]
    inflated = [claim(WELD, 5), claim(READ, 5), Evidence(WELD, 5, EvidenceKind.RESUME)]
    ranked = rank(JOB, {"proven": built(*proven), "claims": built(*inflated)}, top=2)
    assert [r.id for r in ranked] == ["proven", "claims"]
    first = ranked[0].match.requirements
    assert [r.status for r in first[:2]] == [RequirementStatus.MET, RequirementStatus.MET]
    assert ranked[1].match.requirements[0].status is RequirementStatus.PARTLY_MET

    revoked = [dataclasses.replace(e, status=EvidenceStatus.REVOKED) for e in proven]
    ranked = rank(JOB, {"proven": built(*revoked), "claims": built(*inflated)}, top=2)
    assert [r.id for r in ranked] == ["claims", "proven"]
    weld = ranked[1].match.requirements[0]
    assert weld.status is RequirementStatus.UNKNOWN
    assert "took it back" in weld.sentence()


def test_statuses_and_the_level_below_rule() -> None:
    p = built(credential(WELD, 3), Evidence(READ, 1, EvidenceKind.ASSESSMENT, verified=True))
    found = {r.requirement.skill: r for r in match(JOB, p).requirements}
    weld, read, safe = found[WELD], found[READ], found[SAFE]
    assert weld.status is RequirementStatus.PARTLY_MET and weld.shown_level == 3
    assert weld.credit == pytest.approx(p.skills[WELD].support_at(3) * 0.6)
    assert "you show level 3 and the job asks for level 4" in weld.sentence()
    assert read.status is RequirementStatus.NOT_MET  # proof, but two levels short and undated
    assert safe.status is RequirementStatus.UNKNOWN and safe.confidence == 0
    assert [c.evidence.skill for c in weld.evidence] == [WELD]


def test_a_missing_must_have_halves_the_score_and_learnable_ones_do_not_gate() -> None:
    p = built(credential(WELD, 4))
    found = match(JOB, p)
    assert found.blocking == 1  # drawings: a must-have with no proof, not learnable
    assert found.score == pytest.approx(found.raw * 0.5)
    assert found.score <= 0.5
    learnable = JobSpec(
        JOB.title,
        (
            JOB.requirements[0],
            JOB.requirements[1].model_copy(update={"learnable_weeks": 8}),
            JOB.requirements[2],
        ),
    )
    relaxed = match(learnable, p)
    assert relaxed.blocking == 0 and relaxed.score == pytest.approx(relaxed.raw)
    gaps = {g.requirement.skill: g for g in relaxed.gaps}
    assert set(gaps) == {READ, SAFE}
    assert gaps[READ].learnable and gaps[READ].requirement.learnable_weeks == 8
    assert "about 8 weeks" in gaps[READ].sentence()


class Near:
    """A relatedness that knows one pair."""

    def relate(self, required: str, held: str) -> Relation | None:
        if (required, held) == (WELD, CUT):
            return Relation(0.8, "Cutting metal and welding use the same tools.")
        return None


def test_related_skills_earn_partial_credit_and_say_so() -> None:
    p = built(credential(CUT, 4), credential(READ, 3))
    plain = match(JOB, p).requirements[0]
    assert plain.status is RequirementStatus.UNKNOWN
    found = match(JOB, p, relatedness=Near()).requirements[0]
    assert found.status is RequirementStatus.PARTLY_MET
    assert found.via == CUT and found.relation is not None
    assert found.credit == pytest.approx(p.skills[CUT].support_at(4) * 0.8 * 0.6)
    assert "related skill" in found.sentence() and "same tools" in found.sentence()
    # a related skill alone never fully meets a requirement, however strong
    strong = built(
        *(
            credential(CUT, 5, source=str(n), kind=k)
            for n, k in enumerate(
                [EvidenceKind.CREDENTIAL, EvidenceKind.ASSESSMENT, EvidenceKind.ATTESTATION]
            )
        )
    )
    assert match(JOB, strong, relatedness=Near()).requirements[0].status is not (
        RequirementStatus.MET
    )
    ranked = rank(JOB, {"a": p}, top=1, relatedness=Near())
    assert ranked[0].match.requirements[0].via == CUT


def test_accepted_evidence_kinds_are_flagged() -> None:
    wants_test = JobSpec(
        "Welder",
        (Requirement(skill=WELD, label="Weld", level=3, evidence=(JobEvidenceKind.ASSESSMENT,)),),
    )
    assert not match(wants_test, built(credential(WELD, 3))).requirements[0].accepted
    tested = built(Evidence(WELD, 3, EvidenceKind.ASSESSMENT, verified=True, date=RECENT))
    assert match(wants_test, tested).requirements[0].accepted


def test_rank_breaks_ties_by_confidence_then_id_and_honours_top() -> None:
    same = built(credential(WELD, 4))
    ranked = rank(JOB, {"b": same, "a": same, "c": built()}, top=2)
    assert [r.id for r in ranked] == ["a", "b"]
    with pytest.raises(ValueError):
        rank(JOB, {"a": same}, top=0)


def test_read_job_takes_the_jobs_export() -> None:
    draft = JobDraft(
        title="Welder",
        requirements=JOB.requirements,
        education_note="A diploma is nice to have.",
    )
    now = datetime(2026, 12, 1, tzinfo=UTC)
    job = Job(
        id="job-1",
        org_id="org",
        org_name="Acme",
        draft=draft,
        state=JobState.OPEN,
        history=(StateChange(state=JobState.OPEN, at=now),),
        created_at=now,
        updated_at=now,
    )
    spec = read_job(json.loads(json.dumps(job.contract())))
    assert spec.id == "job-1" and spec.requirements == JOB.requirements
    assert read_job(draft.contract()).requirements == JOB.requirements
    assert JobSpec.of(job) == spec
    broken = job.contract()
    broken["requirements"][1]["level"] = 9
    with pytest.raises(InvalidInputError, match="requirement 2: level"):
        read_job(broken)
    with pytest.raises(InvalidInputError, match="no requirements"):
        read_job({"title": "Welder", "requirements": []})


# --- blindness: only `id` and `evidence` of a batch line ever reach scoring ---------------

evidence_json = st.fixed_dictionaries(
    {
        "skill": st.sampled_from([WELD, READ, SAFE, CUT]),
        "level": st.integers(1, 5),
        "kind": st.sampled_from([k.value for k in EvidenceKind]),
        "verified": st.booleans(),
        "status": st.sampled_from([s.value for s in EvidenceStatus]),
        "date": st.dates(date(2015, 1, 1), TODAY).map(date.isoformat),
        "issuer": st.one_of(st.none(), st.just("did:web:college.example")),
    }
)
personal = st.fixed_dictionaries(
    {
        "name": st.text(max_size=20),
        "birth_year": st.one_of(st.none(), st.integers(1940, 2008)),
        "education": st.lists(
            st.fixed_dictionaries(
                {
                    "degree": st.sampled_from(["BA", "PhD", "GED"]),
                    "school": st.text(max_size=10),
                    "graduated": st.integers(1960, 2026),
                }
            ),
            max_size=2,
        ),
        "address": st.text(max_size=30),
        "photo": st.text(max_size=5),
    }
)


def batch_output(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    profiles = {}
    for number, line in enumerate(lines, 1):
        identifier, items = read_profile_line(line, f"line {number}")
        profiles[identifier] = build_profile(items, today=TODAY)
    return [output_line(r.id, r.match) for r in rank(JOB, profiles, top=len(profiles))]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(evidence_json, max_size=6), min_size=2, max_size=6),
    st.data(),
)
def test_changing_personal_fields_changes_no_score_and_no_order(
    evidence: list[list[dict[str, object]]], data: st.DataObject
) -> None:
    lines = [
        {"id": f"w{n}", "evidence": items, **data.draw(personal)}
        for n, items in enumerate(evidence)
    ]
    changed = [{**line, **data.draw(personal)} for line in lines]
    assert batch_output(changed) == batch_output(lines)


def test_the_batch_reader_returns_only_the_evidence() -> None:
    identifier, items = read_profile_line(
        {
            "id": "w1",
            "name": "Ana",
            "education": ["PhD"],
            "birth_year": 1970,
            "evidence": [
                {
                    "skill": WELD,
                    "level": 3,
                    "kind": "credential",
                    "verified": True,
                    "status": "active",
                    "date": "2025-01-02",
                    "issuer": None,
                }
            ],
        },
        "line 1",
    )
    assert identifier == "w1"
    assert items == [
        Evidence(WELD, 3, EvidenceKind.CREDENTIAL, verified=True, date=date(2025, 1, 2))
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ([], "a profile is a JSON object"),
        ({"evidence": []}, "'id'"),
        ({"id": "x", "evidence": {}}, "'evidence' must be a list"),
        ({"id": "x", "evidence": [{"skill": "weld", "level": 3, "kind": "self"}]}, "skill URI"),
        ({"id": "x", "evidence": [{"skill": WELD, "level": 6, "kind": "self"}]}, "'level'"),
        ({"id": "x", "evidence": [{"skill": WELD, "level": True, "kind": "self"}]}, "'level'"),
        ({"id": "x", "evidence": [{"skill": WELD, "level": 2, "kind": "degree"}]}, "'kind'"),
        (
            {
                "id": "x",
                "evidence": [{"skill": WELD, "level": 2, "kind": "self", "status": "gone"}],
            },
            "'status'",
        ),
        (
            {
                "id": "x",
                "evidence": [{"skill": WELD, "level": 2, "kind": "self", "date": "2025-13-01"}],
            },
            "'date'",
        ),
        (
            {
                "id": "x",
                "evidence": [{"skill": WELD, "level": 2, "kind": "self", "verified": "yes"}],
            },
            "'verified'",
        ),
    ],
)
def test_bad_batch_lines_name_the_line(line: object, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message) as raised:
        read_profile_line(line, "people.jsonl, line 7")
    assert "people.jsonl, line 7" in str(raised.value)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(evidence_json, max_size=5), min_size=1, max_size=12), st.integers(1, 12))
def test_keeping_the_top_k_while_streaming_equals_sorting_all(
    evidence: list[list[dict[str, object]]], top: int
) -> None:
    profiles = {}
    for n, items in enumerate(evidence):
        _, parsed = read_profile_line({"id": f"w{n}", "evidence": items}, "line")
        profiles[f"w{n}"] = build_profile(parsed, today=TODAY)
    everyone = rank(JOB, profiles, None)
    best = rank(JOB, profiles, top)
    assert [r.id for r in best] == [r.id for r in everyone[:top]]
    keys = [(-r.match.score, -r.match.confidence, r.id) for r in everyone]
    assert keys == sorted(keys)


def test_the_welder_example_matches_the_docs() -> None:
    """docs/matching.md, example 2."""
    year, two = date(2025, 12, 6), date(2024, 12, 6)
    p = build_profile(
        [
            Evidence(WELD, 4, EvidenceKind.CREDENTIAL, verified=True, date=year),
            Evidence(WELD, 5, EvidenceKind.SELF, date=TODAY),
            Evidence(READ, 2, EvidenceKind.TRAINING, verified=True, date=two),
        ],
        today=TODAY,
    )
    found = match(JOB, p)
    assert [round(r.credit, 4) for r in found.requirements] == [0.8377, 0.2729, 0.0]
    assert [r.status.value for r in found.requirements] == ["met", "partly_met", "unknown"]
    assert round(found.score, 4) == 0.4442 and round(found.confidence, 3) == 0.517
    harder = JobSpec(
        JOB.title,
        (
            JOB.requirements[0],
            JOB.requirements[1].model_copy(update={"level": 4}),
            JOB.requirements[2],
        ),
    )
    found = match(harder, p)
    assert found.requirements[1].status is RequirementStatus.NOT_MET
    assert found.blocking == 1 and round(found.score, 4) == 0.1948


def test_jobs_for_a_worker_come_best_first_with_reasons() -> None:
    p = built(credential(WELD, 4), credential(READ, 3))
    welder = JobSpec("Welder", JOB.requirements, "job-b")
    cutter = JobSpec("Cutter", (Requirement(skill=CUT, label="Cut metal", level=3),), "job-a")
    also = JobSpec("Welder too", JOB.requirements, "job-c")
    ranked = rank_jobs(p, [cutter, also, welder], top=2)
    assert [r.job.id for r in ranked] == ["job-b", "job-c"]  # equal scores: by job id
    assert ranked[0].match.requirements[0].status is RequirementStatus.MET
    near = rank_jobs(p, [cutter], None, relatedness={"job-a": Near2()})
    assert near[0].match.requirements[0].via == WELD
    assert rank_jobs(p, [cutter], None)[0].match.requirements[0].status.value == "unknown"


class Near2:
    def relate(self, required: str, held: str) -> Relation | None:
        return Relation(0.9, "Welding and cutting use the same tools.") if held == WELD else None
