"""The designer's forms as changes to a design's parts: each form posts one step (add a target,
add an outcome, remove a module...) and this module builds the whole new document, which the
`MicrocredentialDesigns.edit` use case then checks and stores all or nothing. Pure: no I/O.
Errors come back as `InvalidInputError` in plain words, naming the field."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from onramp.errors import InvalidInputError
from onramp.market.microcredentials.model import (
    Assessment,
    AssessmentMethod,
    Commitment,
    CommitmentKind,
    DesignParts,
    Module,
    ModuleFormat,
    Outcome,
    RubricLevel,
    Target,
    TargetKind,
)

DEFAULT_LEVEL = 3  # "Working": what an outcome added in one click from the evidence asks for
Form = Mapping[str, str]
Lists = Mapping[str, list[str]]


def plain(error: ValidationError) -> str:
    """The first problem pydantic found, as a sentence a designer can act on."""
    first = error.errors()[0]
    field = ".".join(str(p) for p in first["loc"] if not isinstance(p, int)) or "the form"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"Check {field.replace('_', ' ')}: {message}."


def _new_id() -> str:
    return str(uuid.uuid4())


def _number(given: str, what: str) -> float | None:
    if not given.strip():
        return None
    try:
        return float(given)
    except ValueError:
        raise InvalidInputError(f"{what} must be a number.") from None


def _day(given: str, what: str) -> date:
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise InvalidInputError(f"Give {what} as a date.") from None


def _without(items: tuple[Any, ...], item_id: str) -> tuple[Any, ...]:
    return tuple(i for i in items if i.id != item_id)


def _basics(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    return {
        "name": " ".join(form.get("name", "").split()),
        "description": form.get("description", "").strip(),
        "subject_webpage": form.get("subject_webpage", "").strip(),
    }


def _target(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    target = Target(
        kind=TargetKind(form.get("kind", "")),
        ref=form.get("ref", "").strip(),
        label=form.get("label", "").strip(),
    )
    kept = tuple(t for t in parts.targets if t.ref != target.ref)
    return {"targets": (*kept, target)}


def _remove_target(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    return {"targets": tuple(t for t in parts.targets if t.ref != form.get("ref"))}


def _partner(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    org_id = form.get("org_id", "").strip()
    if not org_id:
        raise InvalidInputError("Choose an employer to add as a partner.")
    if org_id in parts.partner_org_ids:
        return {}
    return {"partner_org_ids": (*parts.partner_org_ids, org_id)}


def _remove_partner(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    org_id = form.get("org_id", "")
    if any(o.partner_org_id == org_id for o in parts.outcomes) or any(
        c.org_id == org_id for c in parts.commitments
    ):
        raise InvalidInputError(
            "This partner still has outcomes or commitments. Change or remove those first."
        )
    return {"partner_org_ids": tuple(p for p in parts.partner_org_ids if p != org_id)}


def _outcome(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    """Add an outcome, or change one (`outcome_id`); from the evidence, only the skill and its
    name are given, and the rest starts at sensible defaults the designer can change."""
    partner = form.get("partner_org_id") or (
        parts.partner_org_ids[0] if parts.partner_org_ids else ""
    )
    if not partner:
        raise InvalidInputError("Add an employer partner first: each outcome needs one.")
    given_id = form.get("outcome_id", "")
    before = parts.outcome(given_id) if given_id else None
    outcome = Outcome(
        id=before.id if before else _new_id(),
        skill=form.get("skill", before.skill if before else "").strip(),
        label=form.get("label", before.label if before else "").strip(),
        level=int(form.get("level") or (before.level if before else DEFAULT_LEVEL)),
        method=AssessmentMethod(
            form.get("method") or (before.method if before else AssessmentMethod.PERFORMANCE_TASK)
        ),
        evidence=form.get("evidence", before.evidence if before else "").strip(),
        partner_org_id=partner,
    )
    if before is None and any(o.skill == outcome.skill for o in parts.outcomes):
        raise InvalidInputError(f"'{outcome.label}' is already an outcome.")
    if before is None:
        return {"outcomes": (*parts.outcomes, outcome)}
    return {"outcomes": tuple(outcome if o.id == before.id else o for o in parts.outcomes)}


def _remove_outcome(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    gone = form.get("outcome_id", "")

    def unlink(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            i.model_copy(update={"outcome_ids": tuple(o for o in i.outcome_ids if o != gone)})
            for i in items
        )

    return {
        "outcomes": _without(parts.outcomes, gone),
        "assessments": unlink(parts.assessments),
        "modules": unlink(parts.modules),
    }


def _assessment(parts: DesignParts, form: Form, lists: Lists) -> dict[str, Any]:
    rubric = tuple(
        RubricLevel(level=n, description=form[f"rubric_{n}"].strip())
        for n in range(1, 6)
        if form.get(f"rubric_{n}", "").strip()
    )
    assessment = Assessment(
        id=_new_id(),
        name=form.get("name", "").strip(),
        method=AssessmentMethod(form.get("method", "")),
        description=form.get("description", "").strip(),
        outcome_ids=tuple(lists.get("outcome_ids", [])),
        rubric=rubric,
    )
    return {"assessments": (*parts.assessments, assessment)}


def _module(parts: DesignParts, form: Form, lists: Lists) -> dict[str, Any]:
    module = Module(
        id=_new_id(),
        name=form.get("name", "").strip(),
        hours=_number(form.get("hours", ""), "Hours") or 0,
        format=ModuleFormat(form.get("format", "")),
        description=form.get("description", "").strip(),
        outcome_ids=tuple(lists.get("outcome_ids", [])),
    )
    return {"modules": (*parts.modules, module)}


def _commitment(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
    count = _number(form.get("count", ""), "How many")
    commitment = Commitment(
        id=_new_id(),
        org_id=form.get("org_id", ""),
        kind=CommitmentKind(form.get("kind", "")),
        count=int(count) if count is not None else None,
        amount=_number(form.get("amount", ""), "The amount"),
        detail=form.get("detail", "").strip(),
        starts=_day(form.get("starts", ""), "the start"),
        ends=_day(form.get("ends", ""), "the end"),
    )
    return {"commitments": (*parts.commitments, commitment)}


def _remover(field: str, key: str) -> Callable[[DesignParts, Form, Lists], dict[str, Any]]:
    def remove(parts: DesignParts, form: Form, _lists: Lists) -> dict[str, Any]:
        return {field: _without(getattr(parts, field), form.get(key, ""))}

    return remove


STEPS: dict[str, Callable[[DesignParts, Form, Lists], dict[str, Any]]] = {
    "basics": _basics,
    "target": _target,
    "remove_target": _remove_target,
    "partner": _partner,
    "remove_partner": _remove_partner,
    "outcome": _outcome,
    "remove_outcome": _remove_outcome,
    "assessment": _assessment,
    "remove_assessment": _remover("assessments", "assessment_id"),
    "module": _module,
    "remove_module": _remover("modules", "module_id"),
    "commitment": _commitment,
    "remove_commitment": _remover("commitments", "commitment_id"),
}


def apply_step(parts: DesignParts, step: str, form: Form, lists: Lists) -> DesignParts:
    """`parts` changed by one form `step`, checked whole (model validators included)."""
    change = STEPS.get(step)
    if change is None:
        raise InvalidInputError("That change is not one the designer knows.")
    try:
        update = change(parts, form, lists)
        return DesignParts.model_validate({**parts.model_dump(), **update})
    except ValidationError as error:
        raise InvalidInputError(plain(error)) from None
    except ValueError as error:  # a choice that is not in its list, or a bad number
        raise InvalidInputError(f"Check the form: {error}.") from None
