"""Related skills from the taxonomy (`onramp.matching.related`), on SQLite and PostgreSQL:
hierarchy, relations and the ESF crosswalk, each with its plain reason, and matching with them."""

from __future__ import annotations

from datetime import date

import numpy as np
import textstat
from sqlalchemy import Engine

from onramp.jobs.model import Requirement
from onramp.matching.related import Link, TaxonomyRelatedness, for_job
from onramp.matching.scoring import (
    Evidence,
    EvidenceKind,
    JobSpec,
    RequirementStatus,
    build_profile,
    match,
)
from onramp.nlp import embedding
from onramp.nlp.vectors import current_framework, embed_release
from onramp.taxonomy import import_esf
from onramp.taxonomy.importing import run_import
from onramp.taxonomy.model import (
    Broader,
    Framework,
    FrameworkRelease,
    Origin,
    Skill,
    SkillRelation,
    SkillType,
)

ESCO = "http://data.europa.eu/esco/skill/"
TEAMWORK = ESCO + "60c78287-22eb-4103-9c8c-28deaa460da0"  # ESF-01 maps to it
ESF_TEAM = "urn:onramp:esf:ESF-01"
SKILLS = {
    "metal": "work with metal",
    "weld": "weld metal",
    "braze": "braze metal",
    "cut": "cut metal",
    "read": "read engineering drawings",
    "60c78287-22eb-4103-9c8c-28deaa460da0": "work in teams",
}


def esco_release() -> FrameworkRelease:
    release = FrameworkRelease(
        framework=Framework(
            "esco", "test", "ESCO test", "tests", "", "CC BY 4.0", "", Origin.OFFICIAL
        )
    )
    release.skills = [
        Skill(code, ESCO + code, label, SkillType.SKILL) for code, label in SKILLS.items()
    ]
    release.skill_broader = [
        Broader("weld", "metal"),
        Broader("braze", "metal"),
        Broader("metal", "cut"),
    ]
    release.skill_relations = [SkillRelation("read", "weld", "essential")]
    return release


def test_links_come_from_the_hierarchy_relations_and_crosswalk(engine: Engine) -> None:
    run_import(engine, lambda _step: esco_release())
    import_esf(engine)
    related = for_job(engine, [ESCO + "metal", ESCO + "weld", ESF_TEAM], vectors=False)
    metal = related.neighbours(ESCO + "metal")
    assert metal[ESCO + "weld"].similarity == 0.8  # weld is one kind of metal work
    assert metal[ESCO + "weld"].reason == "Weld metal is one kind of work with metal."
    assert metal[ESCO + "cut"].reason == "Work with metal is one kind of cut metal."
    weld = related.neighbours(ESCO + "weld")
    assert weld[ESCO + "braze"].similarity == 0.5  # same group
    assert weld[ESCO + "metal"].similarity == 0.6
    assert (
        weld[ESCO + "read"].reason == "Read engineering drawings and weld metal often go together."
    )
    team = related.relate(ESF_TEAM, TEAMWORK)
    assert team is not None and team.similarity == 0.9
    assert (
        team.reason == "Work in teams is the same skill as Working in a team in another skill list."
    )
    siblings = related.neighbours(ESF_TEAM)
    assert any(uri.startswith("urn:onramp:esf:") for uri in siblings if uri != TEAMWORK)
    assert related.relate(ESCO + "weld", ESCO + "weld") is None
    assert related.relate(ESCO + "read", ESCO + "weld") is None  # only the job's skills are asked

    # matching with it: a teamwork credential partly meets the ESF requirement, and says why
    job = JobSpec("Crew", (Requirement(skill=ESF_TEAM, label="Working in a team", level=2),))
    today = date(2026, 12, 6)
    profile = build_profile(
        [Evidence(TEAMWORK, 3, EvidenceKind.CREDENTIAL, verified=True, date=today)], today=today
    )
    found = match(job, profile, relatedness=related).requirements[0]
    assert found.status is RequirementStatus.PARTLY_MET and found.via == TEAMWORK
    assert "same skill" in found.sentence()


def test_no_store_data_means_no_links(engine: Engine) -> None:
    related = for_job(engine, [ESCO + "weld"])  # no releases, no vectors: nothing, no error
    assert related.table == {}


def test_the_closest_link_wins_and_reasons_are_plain() -> None:
    from onramp.matching.related import SkillLink

    related = TaxonomyRelatedness(
        [
            SkillLink("a:x", "a:y", Link.SIBLING, 0.5),
            SkillLink("a:x", "a:y", Link.NARROWER, 0.8),
            SkillLink("a:x", "a:y", Link.OPTIONAL, 0.35),
        ],
        {"a:x": "weld metal", "a:y": "weld pipes"},
    )
    found = related.relate("a:x", "a:y")
    assert found is not None and found.similarity == 0.8
    for link in Link:
        sentence = link.label.format(held="Weld pipes", required="weld metal")
        assert textstat.flesch_kincaid_grade(sentence) <= 8, sentence


def _encode(texts: list[str]) -> np.ndarray:
    """A stand-in encoder: a label's last word dominates its vector, so "weld metal" and
    "braze metal" point almost the same way."""
    words = sorted({w for t in texts for w in t.lower().split()})
    out = np.zeros((len(texts), len(words)), dtype=np.float32)
    for row, text in enumerate(texts):
        parts = text.lower().split()
        for n, word in enumerate(parts):
            out[row, words.index(word)] += 1.0 if n == len(parts) - 1 else 0.3
    return out


def test_stored_vectors_add_similar_skills(engine: Engine) -> None:
    run_import(engine, lambda _step: esco_release())
    framework = current_framework(engine, "esco")
    embed_release(engine, framework, encode=_encode, model=embedding.MODEL_ID)
    related = for_job(engine, [ESCO + "braze"])
    found = related.neighbours(ESCO + "braze")
    similar = found[ESCO + "cut"]  # "cut metal": not in its hierarchy, but worded alike
    assert similar.reason == "Cut metal and braze metal are described in similar words."
    assert 0.75 * 0.7 <= similar.similarity <= 0.7
    # weld is a sibling (0.5) and worded alike (0.917 x 0.7): the closer link is kept
    assert found[ESCO + "weld"].similarity > 0.5 and "similar words" in found[ESCO + "weld"].reason
    assert ESCO + "read" not in found
