"""The ESF in the store: install, customise as a new version, the original unchanged."""

from __future__ import annotations

import pytest
import textstat
from sqlalchemy import Engine

from onramp.errors import InvalidInputError
from onramp.taxonomy import import_esf, run_import
from onramp.taxonomy.esf import customize, load_builtin
from onramp.taxonomy.esf.loader import builtin_document
from onramp.taxonomy.esf.view import essential_skills


def test_builtin_release_shape() -> None:
    release = load_builtin()
    skills = [s for s in release.skills if s.skill_type == "transversal"]
    assert 20 <= len(skills) <= 30
    assert len(release.proficiency_levels) == 4 * len(skills)
    assert all(link.to_scheme in ("esco", "onet") for link in release.crosswalk)
    mapped = {link.from_code for link in release.crosswalk}
    assert mapped == {s.code for s in skills}, "every skill maps to ESCO and O*NET"
    assert all(s.uri.startswith("urn:onramp:esf:") for s in release.skills)


def test_install_and_customise_keeps_the_original(engine: Engine) -> None:
    assert import_esf(engine).changed
    original = essential_skills(engine)
    first = original.groups[0].skills[0]
    overrides = {
        "examples": {
            first.code: {
                2: {"manufacturing": "Checks parts against the list."},
                1: {"retail": "Greets each shopper with a smile."},
            }
        }
    }
    custom = customize(
        builtin_document(original.version),
        "acme-retail",
        overrides,
        f"{original.version}+acme-retail.1",
    )
    run_import(engine, lambda _s: custom)
    mine = essential_skills(engine, owner="acme-retail")
    assert mine.owner == "acme-retail" and mine.version.endswith("+acme-retail.1")
    skill = mine.groups[0].skills[0]
    assert skill.levels[1].examples["manufacturing"] == "Checks parts against the list."
    assert skill.levels[0].examples["retail"] == "Greets each shopper with a smile."
    # the platform version still reads as shipped
    again = essential_skills(engine)
    assert again.version == original.version
    assert again.groups[0].skills[0].levels == first.levels
    # another organization sees the original
    assert essential_skills(engine, owner="other-org").owner == ""
    # re-installing the built-in version changes nothing
    assert import_esf(engine).changed is False


def test_customise_rejects_bad_input() -> None:
    base = builtin_document(load_builtin().framework.version)
    with pytest.raises(InvalidInputError, match="unknown ESF skill"):
        customize(base, "acme", {"examples": {"NOPE": {1: {"retail": "x"}}}}, "1+acme.1")
    with pytest.raises(InvalidInputError, match="no level 9"):
        code = base["skills"][0]["code"]
        customize(base, "acme", {"examples": {code: {9: {"retail": "x"}}}}, "1+acme.1")
    with pytest.raises(InvalidInputError, match="slug"):
        customize(base, "Acme Corp!", {"examples": {}}, "1+acme.1")


def test_level_descriptions_are_plain_language() -> None:
    release = load_builtin()
    for level in release.proficiency_levels:
        assert textstat.flesch_kincaid_grade(level.description) <= 8, level.description
