"""The job builder proposes requirements from the imported O*NET release, across job zones."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.jobs.builder import GUESSED, GUESSED_NOTE, MAX_GUESSED, propose
from onramp.jobs.lint import RuleId, lint_job
from onramp.jobs.model import proficiency_from_onet
from onramp.nlp.occupation_skills import SkillBasis, occupation_skills
from onramp.taxonomy import Catalog, import_esf, import_onet
from onramp.taxonomy.esf.view import essential_skills

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
from embedded_like import BANQUET_TASK, DISHWASHERS, embedded_like  # noqa: E402
from onet_files import write_mini_onet  # noqa: E402

# one occupation per job zone, 1 to 5
ZONES = {
    "35-9021.00": 1,  # Dishwashers
    "53-7062.00": 2,  # Laborers and Freight, Stock, and Material Movers, Hand
    "29-2061.00": 3,  # Licensed Practical and Licensed Vocational Nurses
    "29-1141.00": 4,  # Registered Nurses
    "29-1215.00": 5,  # Family Medicine Physicians
}


@pytest.fixture(scope="module")
def onet_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = shared("onet", "29.3")
    return write_mini_onet(
        source, tmp_path_factory.mktemp("onet"), with_optional=False, keep=tuple(ZONES)
    )


def _ratings(folder: Path, code: str) -> dict[tuple[str, str], float]:
    """(element id, scale) -> value, read straight from the official files."""
    out = {}
    for name in ("Skills.txt", "Knowledge.txt"):
        with (folder / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["O*NET-SOC Code"] == code:
                    out[(row["Element ID"], row["Scale ID"])] = float(row["Data Value"])
    return out


def test_the_builder_proposes_from_the_imported_ratings_in_every_job_zone(
    engine: Engine, onet_dir: Path
) -> None:
    import_onet(engine, onet_dir)
    import_esf(engine)
    catalog = Catalog(engine)
    esf = essential_skills(engine)
    for code, zone in ZONES.items():
        skills = occupation_skills(engine, code)
        ratings = _ratings(onet_dir, code)
        # the one occupation-skills use case gives the imported ratings, marked rated
        assert skills.method == "rated" and skills.job_zone == zone
        assert skills.skills and all(s.basis is SkillBasis.RATED for s in skills.skills)
        for skill in skills.skills:
            assert skill.importance == pytest.approx(ratings[(skill.code, "IM")], abs=0.01)
            assert skill.level == proficiency_from_onet(ratings[(skill.code, "LV")])
        proposal = propose(catalog.profile(code), esf, skills=skills)
        draft = proposal.draft
        assert proposal.job_zone == zone
        assert not any("guessed" in note for note in proposal.lacks)
        onet_reqs = [r for r in draft.requirements if r.source.startswith("onet")]
        assert len(onet_reqs) >= 5, code
        for requirement in onet_reqs:
            if "/descriptor/" not in requirement.skill:
                continue  # technology, checked below
            element = requirement.skill.rsplit("/", 1)[-1]
            assert requirement.importance == pytest.approx(ratings[(element, "IM")], abs=0.01)
            assert requirement.importance >= 3.0
            assert requirement.level == proficiency_from_onet(ratings[(element, "LV")])
        # the most important rated element is first, and is a must-have
        top = max((v, e) for (e, scale), v in ratings.items() if scale == "IM")
        assert onet_reqs[0].skill.endswith(top[1]) and onet_reqs[0].must_have
        assert draft.duties, code
        assert code in draft.occupations
        # never more must-haves than the linter allows
        assert not [f for f in lint_job(draft) if f.finding.rule is RuleId.MUST_HAVE_INFLATION]
    # higher job zones ask for higher levels
    levels = {}
    for code in ZONES:
        reqs = propose(catalog.profile(code), esf).draft.requirements
        levels[ZONES[code]] = sum(r.level for r in reqs if r.must_have) / max(
            1, sum(1 for r in reqs if r.must_have)
        )
    assert levels[5] > levels[1]


def test_essential_skills_come_from_the_framework_links(engine: Engine, onet_dir: Path) -> None:
    import_onet(engine, onet_dir)
    import_esf(engine)
    proposal = propose(Catalog(engine).profile("29-1141.00"), essential_skills(engine))
    esf = [r for r in proposal.draft.requirements if r.source.startswith("onramp-esf")]
    assert esf and all(not r.must_have for r in esf)


def test_without_ratings_the_builder_says_what_it_lacks(engine: Engine, tmp_path: Path) -> None:
    folder = write_mini_onet(
        shared("onet", "29.3"), tmp_path / "o", with_optional=False, keep=("35-9021.00",)
    )
    for name in ("Skills.txt", "Knowledge.txt"):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        (folder / name).write_text(lines[0] + "\n", encoding="utf-8")
    import_onet(engine, folder)
    proposal = propose(Catalog(engine).profile("35-9021.00"))
    assert any("no skill ratings" in note for note in proposal.lacks)


SERVICE_TASK = "Give friendly customer service to diners at banquet tables."


def test_on_the_embedded_default_the_builder_proposes_skills_from_the_task_text(
    engine: Engine, tmp_path: Path
) -> None:
    embedded_like(engine, tmp_path)
    catalog = Catalog(engine)

    def proposed() -> tuple[list[str], list[str]]:
        profile = catalog.profile(DISHWASHERS)
        proposal = propose(profile, skills=occupation_skills(engine, DISHWASHERS, profile=profile))
        # the mini release keeps O*NET's hot technology; every skill is a guess, never a must
        requirements = [r for r in proposal.draft.requirements if "/esco/" in r.skill]
        assert requirements and not proposal.draft.must_haves()
        assert all(r.source == f"esco 1.1.1 {GUESSED}" for r in requirements)
        assert GUESSED_NOTE in proposal.lacks
        assert any("no skill ratings" in note for note in proposal.lacks)
        assert any("career level" in note for note in proposal.lacks)  # no job zone
        return [r.label for r in requirements], proposal.lacks

    labels, _lacks = proposed()
    guessed = occupation_skills(engine, DISHWASHERS).inferred_skills()
    assert labels == [s.label for s in guessed][:MAX_GUESSED]
    assert "customer service" not in labels
    embedded_like(engine, tmp_path / "again", tasks={BANQUET_TASK: SERVICE_TASK})
    changed, _lacks = proposed()
    assert "customer service" in changed  # the proposal follows the task text
