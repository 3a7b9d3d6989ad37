"""The skills of an occupation: rated or listed where the releases have them, guessed from the
occupation's own tasks where they do not (the embedded default)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.nlp.occupation_skills import (
    SkillBasis,
    all_occupation_skills,
    framework_skills,
    infer_skills,
    occupation_skills,
    occupation_texts,
    skill_levels,
)
from onramp.taxonomy import Catalog
from onramp.taxonomy.proficiency import UNKNOWN_ZONE_LEVEL, level_for_job_zone
from onramp.taxonomy.profile import (
    FrameworkRef,
    LinkedOccupation,
    OccupationProfile,
    ProfileTask,
    RatedSkill,
)

from embedded_like import BANQUET_TASK, DISHWASHERS, NURSING_ASSISTANTS, embedded_like

SERVICE = "customer service"
SERVICE_TASK = "Give friendly customer service to diners at banquet tables."


def _profile(**fields: object) -> OccupationProfile:
    base: dict[str, object] = {
        "code": "11-1111.00",
        "uri": "urn:test:occupation",
        "title": "Test worker",
        "description": "Does tests. Checks results!",
        "framework": FrameworkRef("onet", "29.3", "O*NET", "official", ""),
    }
    return OccupationProfile(**{**base, **fields})  # type: ignore[arg-type]


def test_guessed_skills_rank_by_how_many_texts_support_them_and_how_strongly() -> None:
    texts = ["wash dishes", "scrub pots", "greet diners"]
    ranked = [
        [("urn:s:wash", "wash dishes", 1.2), ("urn:s:clean", "clean", 0.8)],
        [("urn:s:clean", "clean", 0.75), ("urn:s:weak", "weak", 0.69)],
        [("urn:s:greet", "greet", 0.9), ("urn:s:clean", "clean", 0.2)],
    ]
    found = infer_skills(texts, ranked, floor=0.7, job_zone=1, source="esco 1")
    assert [s.uri for s in found] == ["urn:s:clean", "urn:s:wash", "urn:s:greet"]
    clean = found[0]
    assert clean.support == 2 and clean.score == 1.55
    assert clean.evidence == ("wash dishes", "scrub pots")  # below the floor is no support
    assert all(s.basis is SkillBasis.INFERRED and not s.rated for s in found)
    assert {s.level for s in found} == {level_for_job_zone(1)}
    unknown = infer_skills(texts, ranked, floor=0.7, job_zone=None, source="esco 1")
    assert {s.level for s in unknown} == {UNKNOWN_ZONE_LEVEL}
    assert infer_skills(texts, ranked, floor=2.0, job_zone=None, source="x") == []


def test_the_texts_are_the_description_sentences_and_the_tasks_each_once() -> None:
    profile = _profile(
        tasks=[ProfileTask("1", "Run the tests.", "Core"), ProfileTask("2", "Checks results!", "")]
    )
    assert occupation_texts(profile) == ["Does tests.", "Checks results!", "Run the tests."]


def test_rated_and_listed_skills_come_from_the_profile() -> None:
    rated = [
        RatedSkill("2.A.1.a", "urn:onet:read", "Reading", "skill", 3.1, 2.5),
        RatedSkill("2.B.1.a", "urn:onet:talk", "Speaking", "skill", 4.2, 5.5),
        RatedSkill("2.B.9", "urn:onet:fly", "Flying", "skill", 1.0, 0.0, True),
    ]
    linked = LinkedOccupation(
        "urn:esco:o", "tester", "exactMatch", "esco",
        [RatedSkill("urn:esco:s1", "urn:esco:s1", "test code", "skill", None, None, None,
                    "essential")],
    )  # fmt: skip
    profile = _profile(
        job_zone=4,
        skills=rated,
        other_skills=[
            RatedSkill("urn:o:1", "urn:o:1", "useful", "skill", None, None, None, "optional")
        ],
        crosswalk=[linked],
    )
    found = framework_skills(profile)
    assert [s.uri for s in found] == ["urn:onet:talk", "urn:onet:read", "urn:esco:s1", "urn:o:1"]
    talk, read, essential, optional = found
    assert (talk.level, talk.importance, talk.source, talk.basis) == (
        4, 4.2, "onet 29.3", SkillBasis.RATED
    )  # fmt: skip
    assert read.level == 2  # O*NET level 2.5
    assert essential.basis is SkillBasis.ESSENTIAL and essential.source == "esco"
    assert optional.basis is SkillBasis.OPTIONAL and optional.level == level_for_job_zone(4)
    assert all(s.rated for s in found)


def test_on_the_embedded_default_skills_are_guessed_from_the_task_text(
    engine: Engine, tmp_path: Path
) -> None:
    embedded_like(engine, tmp_path)
    found = occupation_skills(engine, DISHWASHERS)
    assert found.method == "inferred-dense" and found.inferred and found.job_zone is None
    assert found.notes[0] == SkillBasis.INFERRED.label
    assert found.skills and not found.rated_skills()
    texts = set(occupation_texts(Catalog(engine).profile(DISHWASHERS)))
    for skill in found.skills:
        assert skill.evidence and set(skill.evidence) <= texts
        assert skill.level == UNKNOWN_ZONE_LEVEL and skill.source == "esco 1.1.1"
        assert skill.skill_type in ("skill", "knowledge") and skill.code
    assert SERVICE not in [s.label for s in found.skills]
    assert occupation_skills(engine, DISHWASHERS) is found  # kept while the releases stand
    # rewrite one task statement and import again: the guess follows the text
    embedded_like(engine, tmp_path / "again", tasks={BANQUET_TASK: SERVICE_TASK})
    changed = occupation_skills(engine, DISHWASHERS)
    service = next(s for s in changed.skills if s.label == SERVICE)
    assert service.evidence == (SERVICE_TASK,) and service.support == 1
    # every occupation in one pass gives the same answers
    ticks: list[int] = []
    every = all_occupation_skills(engine, advance=ticks.append)
    assert [o.code for o in every] == [NURSING_ASSISTANTS, DISHWASHERS] and sum(ticks) == 2
    assert every[1].skills == changed.skills
    # the shape matching's work-history evidence reads
    assert skill_levels(engine, DISHWASHERS) == [(s.uri, s.level) for s in changed.skills]
    assert skill_levels(engine, "99-9999.00") == []


def test_without_skill_vectors_label_matches_stand_in(engine: Engine, tmp_path: Path) -> None:
    embedded_like(engine, tmp_path, tasks={BANQUET_TASK: SERVICE_TASK}, vectors=False)
    found = occupation_skills(engine, DISHWASHERS)
    assert found.method == "inferred-lexical"
    assert any("only looked for skill names" in note for note in found.notes)
    service = next(s for s in found.skills if s.label == SERVICE)
    assert service.evidence == (SERVICE_TASK,) and service.basis is SkillBasis.INFERRED
