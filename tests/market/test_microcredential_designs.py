"""Designing and publishing microcredentials (issue 16, items 3-4), on SQLite and PostgreSQL:
who may do what, sign-offs that edits clear and requests cannot forge, publishing refused with
every gap, the OB 3.0 Achievement with one result description per outcome, CTDL that passes
the schema, and an audit entry for every write."""

from __future__ import annotations

import pytest
from demand_world import CASHIER, DEV, fill_postings, uri
from design_world import DesignWorld, world_fixture  # noqa: F401
from microcredential_world import ESF_SKILLS, complete_parts
from sqlalchemy import select

from onramp.credentials.formats import schema as ob3_schema
from onramp.credentials.formats.ob3 import achievement_credential
from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.market.microcredentials.achievement import result_ids
from onramp.market.microcredentials.ctdl import check_ctdl
from onramp.market.microcredentials.designs import PUBLISHED_IS_FIXED, DesignIncompleteError
from onramp.market.microcredentials.model import DesignParts, DesignState, GapKind
from onramp.store import platform_tables as t


def _draft(world: DesignWorld, *, signed: bool = False) -> str:
    """A complete design whose outcomes are signed off only if `signed` (by the partner)."""
    design = world.designs.create(world.designer, world.provider_id, "Data Clerk Basics")
    parts = complete_parts(world.partner_id, signed=True, skills=ESF_SKILLS)  # forged sign-offs
    world.designs.edit(world.designer, design.design.id, parts)
    if signed:
        for outcome_id in ("o-sql", "o-excel"):
            world.designs.sign_off(world.partner, design.design.id, outcome_id)
    return design.design.id


def _actions(world: DesignWorld, design_id: str) -> list[str]:
    with world.platform.engine.connect() as conn:
        rows = conn.execute(
            select(t.audit_log.c.action).where(t.audit_log.c.target_id == design_id)
        ).all()
    return [r.action for r in rows]


def test_a_request_cannot_forge_a_sign_off(world: DesignWorld) -> None:
    design_id = _draft(world)
    view = world.designs.get(world.designer, design_id)
    assert all(o.sign_off is None for o in view.design.parts.outcomes)
    kinds = [g.kind for g in world.designs.check(world.designer, design_id)]
    assert kinds.count(GapKind.NOT_SIGNED_OFF) == 2


def test_publish_is_refused_with_every_gap_in_words(world: DesignWorld) -> None:
    design_id = _draft(world)
    with pytest.raises(DesignIncompleteError) as refused:
        world.designs.publish(world.designer, design_id)
    assert [d["kind"] for d in refused.value.details] == ["not_signed_off", "not_signed_off"]
    assert "Spreadsheets: An employer partner has not signed off" in str(refused.value)
    assert world.designs.get(world.designer, design_id).design.state is DesignState.DRAFT
    empty = world.designs.create(world.designer, world.provider_id, "Empty")
    with pytest.raises(DesignIncompleteError) as nothing:
        world.designs.publish(world.designer, empty.design.id)
    assert {GapKind.NO_OUTCOME, GapKind.NO_MODULE, GapKind.NO_PARTNER} <= {
        g.kind for g in nothing.value.gaps
    }


def test_partners_sign_off_and_an_edit_clears_only_the_changed_outcome(
    world: DesignWorld,
) -> None:
    design_id = _draft(world)
    world.designs.sign_off(world.hiring_manager, design_id, "o-sql")
    view = world.designs.sign_off(world.partner, design_id, "o-excel")
    signed = view.design.parts.outcome("o-sql")
    assert signed is not None and signed.sign_off is not None
    assert (signed.sign_off.user_name, signed.sign_off.org_name) == ("Hana Manager", "Corner Shop")
    assert world.designs.check(world.designer, design_id) == []
    parts = view.design.parts
    changed = tuple(
        o.model_copy(update={"level": 4}) if o.id == "o-sql" else o for o in parts.outcomes
    )
    after = world.designs.edit(
        world.designer, design_id, parts.model_copy(update={"outcomes": changed})
    )
    sql, excel = after.design.parts.outcome("o-sql"), after.design.parts.outcome("o-excel")
    assert sql is not None and sql.sign_off is None
    assert excel is not None and excel.sign_off is not None
    assert [g.kind for g in after.gaps] == [GapKind.NOT_SIGNED_OFF]


def test_send_back_withdraws_the_sign_off_and_keeps_the_note(world: DesignWorld) -> None:
    design_id = _draft(world, signed=True)
    view = world.designs.send_back(world.partner, design_id, "o-sql", "Ask for joins too.")
    sql = view.design.parts.outcome("o-sql")
    assert sql is not None and sql.sign_off is None
    assert sql.sent_back is not None and sql.sent_back.note == "Ask for joins too."
    assert [g.kind for g in view.gaps] == [GapKind.SENT_BACK]
    # the provider's edit cannot erase the note; the partner's sign-off does
    kept = world.designs.edit(world.designer, design_id, view.design.parts)
    again = kept.design.parts.outcome("o-sql")
    assert again is not None and again.sent_back is not None
    signed = world.designs.sign_off(world.partner, design_id, "o-sql").design.parts
    assert signed.outcome("o-sql").sent_back is None  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError):
        world.designs.send_back(world.partner, design_id, "o-sql", "  ")


def test_publish_defines_the_achievement_and_fixes_the_design(world: DesignWorld) -> None:
    design_id = _draft(world, signed=True)
    view = world.designs.publish(world.designer, design_id)
    assert view.design.state is DesignState.PUBLISHED and view.design.achievement_id
    achievement_id = view.design.achievement_id
    issuing = world.credentials.issuing
    record = issuing.achievement(world.designer, world.provider_id, achievement_id)
    assert [a.target_url for a in record.alignments] == list(ESF_SKILLS)
    by_id = {r.id: r for r in record.results}
    description_id, level_id = result_ids(achievement_id, "o-sql", 3)
    sql = by_id[description_id]
    assert sql.required_level == level_id
    assert [lv.id for lv in sql.levels] == [
        result_ids(achievement_id, "o-sql", n)[1] for n in (1, 2, 3, 4)
    ]
    assert [a.target_url for a in sql.alignments] == [ESF_SKILLS[0]]
    excel_id, excel_level = result_ids(achievement_id, "o-excel", 2)
    assert by_id[excel_id].required_level == excel_level
    document = issuing.public_achievement("river-college", achievement_id)
    assert [d["id"] for d in document["resultDescription"]] == [description_id, excel_id]
    assert document["resultDescription"][0]["requiredLevel"] == level_id
    assert document["resultDescription"][0]["resultType"] == "RubricCriterionLevel"
    credential = achievement_credential(
        issuing._model(record, "river-college"),
        {"id": "did:web:onramp.example:orgs:river-college"},
        recipient_did="did:example:learner",
    )
    assert ob3_schema.check(credential) == []
    assert check_ctdl(world.designs.export_ctdl(world.designer, design_id)) == []
    with pytest.raises(InvalidInputError, match="a new version is a new design"):
        world.designs.edit(world.designer, design_id, view.design.parts)
    with pytest.raises(InvalidInputError, match="already published"):
        world.designs.publish(world.designer, design_id)
    with pytest.raises(InvalidInputError):
        world.designs.sign_off(world.partner, design_id, "o-sql")
    assert PUBLISHED_IS_FIXED.startswith("This microcredential is published")
    public = world.designs.public(design_id)
    assert world.designs.achievement_url(public).endswith(f"/achievements/{achievement_id}")
    retired = world.designs.retire(world.designer, design_id)
    assert retired.design.state is DesignState.RETIRED
    assert world.designs.ctdl(retired)["ceterms:credentialStatusType"]["ceterms:targetNode"] == (
        "credentialStat:Deprecated"
    )
    assert _actions(world, design_id) == [
        "microcredential.create",
        "microcredential.edit",
        "microcredential.sign_off",
        "microcredential.sign_off",
        "microcredential.publish",
        "microcredential.retire",
    ]


def test_only_the_provider_and_named_partners_see_a_design(world: DesignWorld) -> None:
    design_id = _draft(world)
    for stranger in (world.outsider, world.rival, world.recruiter, world.worker):
        with pytest.raises(NotFoundError):
            world.designs.get(stranger, design_id)
        with pytest.raises(NotFoundError):
            world.designs.sign_off(stranger, design_id, "o-sql")
        with pytest.raises(NotFoundError):
            world.designs.publish(stranger, design_id)
    with pytest.raises(NotFoundError):
        world.designs.public(design_id)  # a draft is not public
    listed = world.designs.partner_designs(world.hiring_manager, world.partner_id)
    assert [v.design.id for v in listed] == [design_id]
    assert world.designs.partner_designs(world.outsider, world.outsider_id) == []
    with pytest.raises(PermissionDeniedError):
        world.designs.partner_designs(world.outsider, world.partner_id)
    with pytest.raises(PermissionDeniedError):
        world.designs.designs(world.rival, world.provider_id)
    with pytest.raises(PermissionDeniedError):
        world.designs.create(world.partner, world.partner_id, "Not a provider")
    with pytest.raises(PermissionDeniedError):
        world.designs.create(world.rival, world.provider_id, "Not theirs")
    view = world.designs.get(world.partner, design_id)
    assert view.signs_for == (world.partner_id,) and not view.may_edit
    with pytest.raises(PermissionDeniedError):
        world.designs.edit(world.partner, design_id, view.design.parts)
    with pytest.raises(PermissionDeniedError):
        world.designs.publish(world.partner, design_id)
    with pytest.raises(NotFoundError):
        world.designs.export_ctdl(world.partner, design_id)


def test_partners_are_employers_and_skills_are_known(world: DesignWorld) -> None:
    design_id = _draft(world)
    parts = world.designs.get(world.designer, design_id).design.parts
    rival_partner = DesignParts(name="X design", partner_org_ids=(world.rival_id,))
    with pytest.raises(InvalidInputError, match="must be an employer"):
        world.designs.edit(world.designer, design_id, rival_partner)
    unknown = tuple(o.model_copy(update={"skill": "urn:nope:skill"}) for o in parts.outcomes)
    with pytest.raises(InvalidInputError, match="Onramp does not know"):
        world.designs.edit(
            world.designer, design_id, parts.model_copy(update={"outcomes": unknown})
        )
    assert world.designs.get(world.designer, design_id).design.parts == parts  # nothing lost


def test_demand_evidence_sits_beside_the_targets(world: DesignWorld) -> None:
    """Figures from the hand-checked demand fixture (tests/market/demand_world.py)."""
    fill_postings(world.platform.engine)
    evidence = world.designs.evidence(world.designer, world.provider_id)
    assert evidence.postings == 7
    developers = next(e for e in evidence.occupations if e.ref == DEV)
    assert (developers.label, developers.postings) == ("Software Developers", 4)
    assert developers.share == pytest.approx(4 / 7, abs=0.001)
    python = next(e for e in evidence.skills if e.ref == uri("python"))
    assert python.postings == 4 and python.gap is not None
    asked_with = world.designs.evidence(world.designer, world.provider_id, occupation=CASHIER)
    assert {e.ref for e in asked_with.skills} == {uri("service"), uri("cash")}
    with pytest.raises(PermissionDeniedError):
        world.designs.evidence(world.partner, world.provider_id)


def test_a_partner_signs_only_the_outcomes_assigned_to_it(world: DesignWorld) -> None:
    """Two employer partners on one design: each signs its own outcome, never the other's."""
    design = world.designs.create(world.designer, world.provider_id, "Shared Design")
    parts = complete_parts(world.partner_id, signed=False, skills=ESF_SKILLS)
    excel = parts.outcomes[1].model_copy(update={"partner_org_id": world.outsider_id})
    parts = parts.model_copy(
        update={
            "partner_org_ids": (world.partner_id, world.outsider_id),
            "outcomes": (parts.outcomes[0], excel),
            "commitments": (),
        }
    )
    design_id = world.designs.edit(world.designer, design.design.id, parts).design.id
    with pytest.raises(PermissionDeniedError, match="you do not sign for them"):
        world.designs.sign_off(world.partner, design_id, "o-excel")
    with pytest.raises(PermissionDeniedError):
        world.designs.sign_off(world.outsider, design_id, "o-sql")
    world.designs.sign_off(world.partner, design_id, "o-sql")
    world.designs.sign_off(world.outsider, design_id, "o-excel")
    signed = {
        o.id: o.sign_off for o in world.designs.get(world.designer, design_id).design.parts.outcomes
    }
    assert signed["o-sql"] is not None and signed["o-sql"].org_id == world.partner_id
    assert signed["o-excel"] is not None and signed["o-excel"].org_id == world.outsider_id
