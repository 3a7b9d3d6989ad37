"""The microcredential design model: completeness (issue 16: the designer refuses to publish an
incomplete design and explains what is missing) and sign-offs that edits cannot keep."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from onramp.market.microcredentials.model import (
    CTID_PATTERN,
    GapKind,
    Module,
    ModuleFormat,
    check_design,
    keep_sign_offs,
    new_ctid,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from microcredential_world import complete_parts, rubric  # noqa: E402


def kinds(parts) -> list[tuple[GapKind, str]]:
    return [(gap.kind, gap.part) for gap in check_design(parts)]


def test_a_complete_design_has_no_gaps() -> None:
    assert check_design(complete_parts("org-p")) == []


def test_unsigned_outcomes_are_named() -> None:
    gaps = check_design(complete_parts("org-p", signed=False))
    assert [(g.kind, g.part) for g in gaps] == [
        (GapKind.NOT_SIGNED_OFF, "o-sql"),
        (GapKind.NOT_SIGNED_OFF, "o-excel"),
    ]
    assert gaps[0].sentence == "SQL: An employer partner has not signed off this outcome."


def test_an_outcome_nobody_assesses_and_its_untaught_assessment() -> None:
    parts = complete_parts("org-p")
    parts = parts.model_copy(update={"assessments": parts.assessments[:1]})
    assert kinds(parts) == [(GapKind.NOT_ASSESSED, "o-excel")]
    untaught = parts.model_copy(update={"modules": parts.modules[1:]})
    assert (GapKind.NOT_TAUGHT, "a-sql") in kinds(untaught)


def test_a_module_that_serves_nothing_and_a_rubric_that_stops_short() -> None:
    parts = complete_parts("org-p")
    idle = Module(name="Extra", hours=2, format=ModuleFormat.IN_PERSON)
    short = parts.assessments[0].model_copy(update={"rubric": rubric(1, 2)})
    parts = parts.model_copy(
        update={"modules": (*parts.modules, idle), "assessments": (short, parts.assessments[1])}
    )
    assert kinds(parts) == [(GapKind.RUBRIC_SHORT, "a-sql"), (GapKind.SERVES_NOTHING, idle.id)]


def test_an_empty_design_lists_every_missing_part() -> None:
    parts = complete_parts("org-p").model_copy(
        update={
            "description": " ",
            "subject_webpage": "",
            "targets": (),
            "outcomes": (),
            "assessments": (),
            "modules": (),
            "commitments": (),
        }
    )
    assert [g.kind for g in check_design(parts)] == [
        GapKind.NO_DESCRIPTION,
        GapKind.NO_WEBPAGE,
        GapKind.NO_TARGET,
        GapKind.NO_OUTCOME,
        GapKind.NO_MODULE,
    ]


def test_changing_an_outcome_clears_its_sign_off_and_a_request_cannot_forge_one() -> None:
    before = complete_parts("org-p")
    raised = before.outcomes[0].model_copy(update={"level": 4})
    after = keep_sign_offs(
        before, before.model_copy(update={"outcomes": (raised, before.outcomes[1])})
    )
    assert after.outcomes[0].sign_off is None
    assert after.outcomes[1].sign_off == before.outcomes[1].sign_off
    forged = keep_sign_offs(complete_parts("org-p", signed=False), before)
    assert all(o.sign_off is None for o in forged.outcomes)


def test_references_must_resolve() -> None:
    parts = complete_parts("org-p")
    with pytest.raises(ValidationError, match="points at an outcome"):
        parts.model_validate(
            {
                **parts.model_dump(),
                "modules": [{"name": "X", "hours": 1, "format": "online", "outcome_ids": ["nope"]}],
            }
        )
    with pytest.raises(ValidationError, match="not a partner"):
        parts.model_validate({**parts.model_dump(), "partner_org_ids": []})


def test_the_stored_document_round_trips() -> None:
    parts = complete_parts("org-p")
    assert type(parts).model_validate_json(parts.model_dump_json()) == parts


def test_a_ctid_is_a_ce_uuid() -> None:
    assert CTID_PATTERN.match(new_ctid())
