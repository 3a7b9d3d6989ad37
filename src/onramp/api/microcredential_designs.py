"""/api/v1/microcredentials: designing and publishing microcredentials (issue 16, items 3-4).

A training provider's designers list, create, edit, check, publish and retire designs and read
the demand evidence; an employer partner's signers list the designs naming it and sign off or
send back outcomes. Every rule is in `MicrocredentialDesigns`; this module reads and writes JSON.
A refused publish answers 422 with `details`: one entry per gap, each with its sentence.
Published microcredentials are public: their CTDL JSON-LD is served at
/microcredentials/{design_id}/ctdl.json (`onramp.web.microcredential_design_pages`).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from onramp.api.deps import PrincipalDep
from onramp.market.microcredentials.designs import MicrocredentialDesigns
from onramp.market.microcredentials.model import MAX_NOTE, DesignParts

router = APIRouter(prefix="/api/v1/microcredentials", tags=["microcredentials"])
DESIGN = "/designs/{design_id}"


def designs_service(request: Request) -> MicrocredentialDesigns:
    return MicrocredentialDesigns(request.app.state.engine, request.app.state.credentials.issuing)


DesignsDep = Annotated[MicrocredentialDesigns, Depends(designs_service)]


class NewDesign(BaseModel):
    name: str = Field(min_length=2, max_length=200)


class SendBackBody(BaseModel):
    note: str = Field(min_length=1, max_length=MAX_NOTE)


@router.get("/orgs/{org_id}/designs", summary="A training provider's designs")
def list_designs(org_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return {"designs": [v.contract() for v in designs.designs(principal, org_id)]}


@router.post("/orgs/{org_id}/designs", status_code=201, summary="Start a new design")
def create_design(
    org_id: str, body: NewDesign, principal: PrincipalDep, designs: DesignsDep
) -> Any:
    return designs.create(principal, org_id, body.name).contract()


@router.get("/orgs/{org_id}/evidence", summary="Demand evidence to pick targets from")
def evidence(
    org_id: str,
    principal: PrincipalDep,
    designs: DesignsDep,
    area: str | None = Query(default=None, max_length=200),
    occupation: str | None = Query(default=None, max_length=20),
) -> Any:
    return asdict(designs.evidence(principal, org_id, area, occupation))


@router.get("/orgs/{org_id}/partner-designs", summary="Designs naming this employer")
def partner_designs(org_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return {"designs": [v.contract() for v in designs.partner_designs(principal, org_id)]}


@router.get(DESIGN, summary="One design, with what is still missing")
def show_design(design_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return designs.get(principal, design_id).contract()


@router.put(DESIGN, summary="Replace a draft's parts (all or nothing)")
def edit_design(
    design_id: str, body: DesignParts, principal: PrincipalDep, designs: DesignsDep
) -> Any:
    return designs.edit(principal, design_id, body).contract()


@router.get(DESIGN + "/check", summary="What is missing before it can be published")
def check_design(design_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    gaps = designs.check(principal, design_id)
    return {
        "complete": not gaps,
        "gaps": [
            {"kind": str(g.kind), "part": g.part, "name": g.name, "sentence": g.sentence}
            for g in gaps
        ],
    }


@router.post(DESIGN + "/outcomes/{outcome_id}/sign-off", summary="Sign off an outcome")
def sign_off(design_id: str, outcome_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return designs.sign_off(principal, design_id, outcome_id).contract()


@router.post(DESIGN + "/outcomes/{outcome_id}/send-back", summary="Send an outcome back")
def send_back(
    design_id: str,
    outcome_id: str,
    body: SendBackBody,
    principal: PrincipalDep,
    designs: DesignsDep,
) -> Any:
    return designs.send_back(principal, design_id, outcome_id, body.note).contract()


@router.post(DESIGN + "/publish", summary="Publish as CTDL and as an OB 3.0 Achievement")
def publish(design_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return designs.publish(principal, design_id).contract()


@router.post(DESIGN + "/retire", summary="Retire a published microcredential")
def retire(design_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return designs.retire(principal, design_id).contract()


@router.get(DESIGN + "/ctdl", summary="The design as CTDL JSON-LD (a draft too, to preview)")
def export_ctdl(design_id: str, principal: PrincipalDep, designs: DesignsDep) -> Any:
    return designs.export_ctdl(principal, design_id)
