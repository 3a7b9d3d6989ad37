"""Designing and publishing microcredentials (issue 16, items 3-4): the use cases, with their
policy inside.

Who may do what:
- the staff of a training provider (its org admins and provider admins) create designs, edit
  them, name employer partners, check them, publish and retire them;
- the staff of a named employer partner who hire (its org admins, HR admins and hiring
  managers) read the designs that name it, and sign off or send back each outcome assigned to
  it. They read nothing else;
- everyone else is told the design does not exist (404), so ids reveal nothing.

An edit replaces the whole document (all or nothing). `keep_sign_offs` keeps a sign-off only
where the outcome did not change, and never takes one from the request. A published design is
never edited: a new version is a new design (docs/decisions/0031). Publishing refuses an
incomplete design with every gap in words (`DesignIncompleteError`), validates the CTDL
document against the schema, defines the OB 3.0 Achievement with one result description per
outcome, and marks the design published, the last two in one transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from onramp.credentials.issuing import Issuing
from onramp.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.market.microcredentials.achievement import criteria_of, result_descriptions
from onramp.market.microcredentials.ctdl import OrgRef, check_ctdl, ctdl_credential, site_of
from onramp.market.microcredentials.evidence import DemandEvidence, demand_evidence
from onramp.market.microcredentials.model import (
    MAX_NOTE,
    Design,
    DesignParts,
    DesignState,
    Gap,
    Outcome,
    SendBack,
    SignOff,
    check_design,
    keep_sign_offs,
    new_ctid,
)
from onramp.platform import audit, policy
from onramp.platform.audit_actions import AuditAction
from onramp.platform.model import OrgKind, Principal, Role, Scope
from onramp.platform.secrets import now
from onramp.store import microcredential_tables as m
from onramp.store import platform_tables as t
from onramp.store import write_transaction
from onramp.taxonomy import Catalog

DESIGNER_ROLES = frozenset({Role.ORG_ADMIN, Role.PROVIDER_ADMIN})
PARTNER_ROLES = frozenset({Role.ORG_ADMIN, Role.HR_ADMIN, Role.HIRING_MANAGER})
NO_SUCH_DESIGN = "There is no such microcredential design, or you cannot see it."
PUBLISHED_IS_FIXED = (
    "This microcredential is published, so it cannot be changed. "
    "To change it, start a new design: a new version is a new design."
)
MAX_LISTED = 500  # designs in one list


class DesignIncompleteError(InvalidInputError):
    """A design that cannot be published yet; `gaps` say every missing thing in words."""

    code = "design_incomplete"

    def __init__(self, gaps: list[Gap]) -> None:
        self.gaps = gaps
        self.details = [
            {"kind": str(g.kind), "part": g.part, "name": g.name, "sentence": g.sentence}
            for g in gaps
        ]
        listed = " ".join(f"({n}) {g.sentence}" for n, g in enumerate(gaps, start=1))
        super().__init__(f"This design cannot be published yet. Still to do: {listed}")


@dataclass(frozen=True, slots=True)
class OrgName:
    id: str
    name: str
    slug: str
    kind: str


@dataclass(frozen=True, slots=True)
class DesignView:
    """A design with the names a reader needs, and what the reader may do with it."""

    design: Design
    provider: OrgName
    partners: tuple[OrgName, ...]
    may_edit: bool  # the reader designs for the provider
    signs_for: tuple[str, ...]  # the partner organizations the reader may sign off for

    @property
    def gaps(self) -> list[Gap]:
        return check_design(self.design.parts)

    def partner_name(self, org_id: str) -> str:
        return next((p.name for p in self.partners if p.id == org_id), "an employer")

    def contract(self) -> dict[str, Any]:
        """What the API and `--json` show."""
        return {
            **self.design.model_dump(mode="json"),
            "provider": {"id": self.provider.id, "name": self.provider.name},
            "partners": [{"id": p.id, "name": p.name} for p in self.partners],
            "gaps": [
                {"kind": str(g.kind), "part": g.part, "name": g.name, "sentence": g.sentence}
                for g in self.gaps
            ],
        }


def _designer_of(principal: Principal, org_id: str) -> bool:
    return any(
        m.org_id == org_id and m.org_kind is OrgKind.TRAINING_PROVIDER and m.role in DESIGNER_ROLES
        for m in principal.memberships
    )


def _partner_orgs(principal: Principal) -> set[str]:
    return {
        m.org_id
        for m in principal.memberships
        if m.org_kind is OrgKind.EMPLOYER and m.role in PARTNER_ROLES
    }


def require_designer(principal: Principal, org_id: str, scope: Scope = Scope.WRITE) -> None:
    policy.require_scope(principal, scope)
    if not _designer_of(principal, org_id):
        raise PermissionDeniedError(
            "Only an admin or provider admin of this training provider can design its "
            "microcredentials."
        )


def _design(row: Any) -> Design:
    return Design(
        id=row.id,
        org_id=row.org_id,
        ctid=row.ce_ctid,
        state=DesignState(row.state),
        parts=DesignParts.model_validate(row.parts),
        achievement_id=row.achievement_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        published_at=row.published_at,
    )


class MicrocredentialDesigns:
    """The designer's and the employer partner's use cases."""

    def __init__(self, engine: Engine, issuing: Issuing) -> None:
        self.engine = engine
        self.issuing = issuing
        self.site = issuing.site

    # -- reading ---------------------------------------------------------------------------------
    def _orgs(self, conn: Connection, ids: list[str]) -> dict[str, OrgName]:
        if not ids:
            return {}
        table = t.organizations
        rows = conn.execute(
            select(table.c.id, table.c.name, table.c.slug, table.c.kind).where(table.c.id.in_(ids))
        ).all()
        return {r.id: OrgName(r.id, r.name, r.slug, r.kind) for r in rows}

    def _row(self, conn: Connection, design_id: str) -> Any:
        row = conn.execute(
            select(m.microcredential_designs).where(m.microcredential_designs.c.id == design_id)
        ).first()
        if row is None:
            raise NotFoundError(NO_SUCH_DESIGN)
        return row

    def _view(self, conn: Connection, principal: Principal | None, design: Design) -> DesignView:
        orgs = self._orgs(conn, [design.org_id, *design.parts.partner_org_ids])
        partners = tuple(orgs[p] for p in design.parts.partner_org_ids if p in orgs)
        may_edit = principal is not None and _designer_of(principal, design.org_id)
        signs_for = (
            tuple(sorted(_partner_orgs(principal) & set(design.parts.partner_org_ids)))
            if principal is not None
            else ()
        )
        return DesignView(design, orgs[design.org_id], partners, may_edit, signs_for)

    def _readable(self, conn: Connection, principal: Principal, design_id: str) -> DesignView:
        """The design, for its provider's designers and its partners' signers; 404 for all
        others, so an id reveals nothing."""
        policy.require_scope(principal, Scope.READ)
        view = self._view(conn, principal, _design(self._row(conn, design_id)))
        if not (view.may_edit or view.signs_for):
            raise NotFoundError(NO_SUCH_DESIGN)
        return view

    def get(self, principal: Principal, design_id: str) -> DesignView:
        with self.engine.connect() as conn:
            return self._readable(conn, principal, design_id)

    def check(self, principal: Principal, design_id: str) -> list[Gap]:
        """What is missing before the design can be published; [] when complete."""
        return self.get(principal, design_id).gaps

    def designs(self, principal: Principal, org_id: str) -> list[DesignView]:
        """A training provider's designs, newest first."""
        require_designer(principal, org_id, Scope.READ)
        table = m.microcredential_designs
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table)
                .where(table.c.org_id == org_id)
                .order_by(table.c.updated_at.desc())
                .limit(MAX_LISTED)
            ).all()
            return [self._view(conn, principal, _design(r)) for r in rows]

    def partner_designs(self, principal: Principal, org_id: str) -> list[DesignView]:
        """The designs that name the employer `org_id` as a partner, for its signers."""
        policy.require_scope(principal, Scope.READ)
        if org_id not in _partner_orgs(principal):
            raise PermissionDeniedError(
                "Only an admin, HR admin or hiring manager of this employer can see the "
                "microcredentials it is a partner in."
            )
        table, partners = m.microcredential_designs, m.microcredential_partners
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table)
                .join(partners, partners.c.design_id == table.c.id)
                .where(partners.c.org_id == org_id)
                .order_by(table.c.updated_at.desc())
                .limit(MAX_LISTED)
            ).all()
            return [self._view(conn, principal, _design(r)) for r in rows]

    def evidence(
        self,
        principal: Principal,
        org_id: str,
        area: str | None = None,
        occupation: str | None = None,
    ) -> DemandEvidence:
        """The demand figures a designer picks targets and outcomes from (item 3a)."""
        require_designer(principal, org_id, Scope.READ)
        return demand_evidence(self.engine, area or None, occupation or None)

    def employers(self, principal: Principal, org_id: str) -> list[OrgName]:
        """The employers on Onramp a designer may name as partners (names only), by name."""
        require_designer(principal, org_id, Scope.READ)
        table = t.organizations
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.id, table.c.name, table.c.slug, table.c.kind)
                .where(table.c.kind == str(OrgKind.EMPLOYER))
                .order_by(table.c.name)
                .limit(MAX_LISTED)
            ).all()
        return [OrgName(r.id, r.name, r.slug, r.kind) for r in rows]

    # -- writing ---------------------------------------------------------------------------------
    def create(self, principal: Principal, org_id: str, name: str) -> DesignView:
        """A new, empty draft named `name`."""
        require_designer(principal, org_id)
        try:
            parts = DesignParts(name=" ".join(name.split()))
        except ValueError:
            raise InvalidInputError("Give the design a name (2 to 200 characters).") from None
        design_id, moment = str(uuid.uuid4()), now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(m.microcredential_designs).values(
                    id=design_id,
                    org_id=org_id,
                    ce_ctid=new_ctid(),
                    name=parts.name,
                    state=str(DesignState.DRAFT),
                    parts=parts.model_dump(mode="json"),
                    created_by=principal.user.id,
                    created_at=moment,
                    updated_at=moment,
                )
            )
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_CREATE,
                actor_id=principal.user.id,
                org_id=org_id,
                target_type="microcredential",
                target_id=design_id,
            )
        return self.get(principal, design_id)

    def _check_partners(self, conn: Connection, parts: DesignParts) -> None:
        orgs = self._orgs(conn, list(parts.partner_org_ids))
        for org_id in parts.partner_org_ids:
            found = orgs.get(org_id)
            if found is None or found.kind != str(OrgKind.EMPLOYER):
                raise InvalidInputError(
                    "Each partner must be an employer on Onramp. "
                    f"{org_id!r} is not an employer here."
                )

    def _check_skills(self, parts: DesignParts) -> None:
        catalog = Catalog(self.engine)
        for outcome in parts.outcomes:
            try:
                catalog.skill(outcome.skill)
            except NotFoundError:
                raise InvalidInputError(
                    f"The outcome '{outcome.label}' names a skill Onramp does not know: "
                    f"{outcome.skill}. Pick a skill from a framework Onramp has."
                ) from None

    def edit(self, principal: Principal, design_id: str, parts: DesignParts) -> DesignView:
        """Replace the design's parts (all or nothing). Sign-offs stay only on outcomes that
        did not change; a sign-off or note in `parts` is ignored."""
        policy.require_scope(principal, Scope.WRITE)
        self._check_skills(parts)
        with write_transaction(self.engine, f"microcredential:{design_id}") as conn:
            view = self._readable(conn, principal, design_id)
            if not view.may_edit:
                raise PermissionDeniedError(
                    "Only the training provider's designers can change a design. "
                    "As a partner, sign off or send back the outcomes asked of you."
                )
            before = view.design
            if before.state is not DesignState.DRAFT:
                raise InvalidInputError(PUBLISHED_IS_FIXED)
            self._check_partners(conn, parts)
            kept = keep_sign_offs(before.parts, parts)
            cleared = sum(
                1
                for o in before.parts.outcomes
                if o.sign_off and not any(n.id == o.id and n.sign_off for n in kept.outcomes)
            )
            self._store_parts(conn, design_id, kept)
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_EDIT,
                actor_id=principal.user.id,
                org_id=before.org_id,
                target_type="microcredential",
                target_id=design_id,
                details={"sign_offs_cleared": cleared},
            )
        return self.get(principal, design_id)

    @staticmethod
    def _store_parts(conn: Connection, design_id: str, parts: DesignParts) -> None:
        conn.execute(
            update(m.microcredential_designs)
            .where(m.microcredential_designs.c.id == design_id)
            .values(name=parts.name, parts=parts.model_dump(mode="json"), updated_at=now())
        )
        conn.execute(
            delete(m.microcredential_partners).where(
                m.microcredential_partners.c.design_id == design_id
            )
        )
        if parts.partner_org_ids:
            conn.execute(
                insert(m.microcredential_partners),
                [{"design_id": design_id, "org_id": o} for o in parts.partner_org_ids],
            )

    def _partner_outcome(
        self, conn: Connection, principal: Principal, design_id: str, outcome_id: str
    ) -> tuple[DesignView, Outcome]:
        view = self._readable(conn, principal, design_id)
        outcome = view.design.parts.outcome(outcome_id)
        if outcome is None:
            raise NotFoundError("This design has no such outcome.")
        if outcome.partner_org_id not in view.signs_for:
            raise PermissionDeniedError(
                f"This outcome is for {view.partner_name(outcome.partner_org_id)} to sign off, "
                "and you do not sign for them."
            )
        if view.design.state is not DesignState.DRAFT:
            raise InvalidInputError(PUBLISHED_IS_FIXED)
        return view, outcome

    def _replace_outcome(self, conn: Connection, view: DesignView, outcome: Outcome) -> None:
        parts = view.design.parts
        outcomes = tuple(outcome if o.id == outcome.id else o for o in parts.outcomes)
        self._store_parts(conn, view.design.id, parts.model_copy(update={"outcomes": outcomes}))

    def sign_off(self, principal: Principal, design_id: str, outcome_id: str) -> DesignView:
        """The partner agrees to the outcome as written: who, for which employer, and when."""
        policy.require_scope(principal, Scope.WRITE)
        with write_transaction(self.engine, f"microcredential:{design_id}") as conn:
            view, outcome = self._partner_outcome(conn, principal, design_id, outcome_id)
            org = view.partner_name(outcome.partner_org_id)
            signed = outcome.model_copy(
                update={
                    "sign_off": SignOff(
                        user_id=principal.user.id,
                        user_name=principal.user.name[:200],
                        org_id=outcome.partner_org_id,
                        org_name=org,
                        at=now(),
                    ),
                    "sent_back": None,
                }
            )
            self._replace_outcome(conn, view, signed)
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_SIGN_OFF,
                actor_id=principal.user.id,
                org_id=outcome.partner_org_id,
                target_type="microcredential",
                target_id=design_id,
                details={"outcome": outcome.id, "provider": view.design.org_id},
            )
        return self.get(principal, design_id)

    def send_back(
        self, principal: Principal, design_id: str, outcome_id: str, note: str
    ) -> DesignView:
        """The partner asks for a change, in a note; any sign-off of the outcome is withdrawn."""
        policy.require_scope(principal, Scope.WRITE)
        note = note.strip()
        if not 1 <= len(note) <= MAX_NOTE:
            raise InvalidInputError(
                f"Write a note (up to {MAX_NOTE} characters) that says what should change."
            )
        with write_transaction(self.engine, f"microcredential:{design_id}") as conn:
            view, outcome = self._partner_outcome(conn, principal, design_id, outcome_id)
            returned = outcome.model_copy(
                update={
                    "sign_off": None,
                    "sent_back": SendBack(
                        note=note,
                        user_id=principal.user.id,
                        user_name=principal.user.name[:200],
                        org_id=outcome.partner_org_id,
                        org_name=view.partner_name(outcome.partner_org_id),
                        at=now(),
                    ),
                }
            )
            self._replace_outcome(conn, view, returned)
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_SEND_BACK,
                actor_id=principal.user.id,
                org_id=outcome.partner_org_id,
                target_type="microcredential",
                target_id=design_id,
                details={"outcome": outcome.id, "provider": view.design.org_id},
            )
        return self.get(principal, design_id)

    # -- publishing ------------------------------------------------------------------------------
    def ctdl(self, view: DesignView) -> dict[str, Any]:
        """The CTDL JSON-LD of a design (`ctdl.ctdl_credential`) with its organizations."""
        provider = view.provider
        design = view.design
        return ctdl_credential(
            design,
            OrgRef(
                self.site.org_did(provider.slug),
                provider.name,
                site_of(design.parts.subject_webpage),
            ),
            [OrgRef(self.site.org_did(p.slug), p.name) for p in view.partners],
            design.published_at.date() if design.published_at else None,
            retired=design.state is DesignState.RETIRED,
        )

    def export_ctdl(self, principal: Principal, design_id: str) -> dict[str, Any]:
        """The CTDL JSON-LD, for the provider's designers (a draft too, to preview it)."""
        view = self.get(principal, design_id)
        if not view.may_edit:
            raise NotFoundError(NO_SUCH_DESIGN)
        return self.ctdl(view)

    def publish(self, principal: Principal, design_id: str) -> DesignView:
        """Publish a complete draft: CTDL checked, OB 3.0 Achievement defined, state moved."""
        policy.require_scope(principal, Scope.WRITE)
        view = self.get(principal, design_id)
        if not view.may_edit:
            raise PermissionDeniedError("Only the training provider's designers can publish.")
        design = view.design
        if design.state is not DesignState.DRAFT:
            raise InvalidInputError("This design is already published or retired.")
        gaps = check_design(design.parts)
        if gaps:
            raise DesignIncompleteError(gaps)
        moment = now()
        preview = view.design.model_copy(update={"published_at": moment})
        problems = check_ctdl(self.ctdl(DesignView(preview, *_rest(view))))
        if problems:
            raise InvalidInputError(
                "The CTDL description of this design is not valid: " + "; ".join(problems)
            )
        achievement_id = str(uuid.uuid4())
        record = self.issuing.prepare(
            principal,
            design.org_id,
            achievement_id=achievement_id,
            name=design.parts.name,
            criteria=criteria_of(design.parts),
            description=design.parts.description,
            achievement_type="MicroCredential",
            skills=[o.skill for o in design.parts.outcomes],
            results=result_descriptions(achievement_id, design.parts),
        )
        with write_transaction(self.engine, f"microcredential:{design_id}") as conn:
            row = self._row(conn, design_id)
            if row.state != str(DesignState.DRAFT) or row.updated_at != design.updated_at:
                raise ConflictError(
                    "Someone changed this design while you published it. Check it and try again."
                )
            self.issuing.store(conn, principal, record)
            conn.execute(
                update(m.microcredential_designs)
                .where(m.microcredential_designs.c.id == design_id)
                .values(
                    state=str(DesignState.PUBLISHED),
                    achievement_id=record.id,
                    published_at=moment,
                    updated_at=moment,
                )
            )
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_PUBLISH,
                actor_id=principal.user.id,
                org_id=design.org_id,
                target_type="microcredential",
                target_id=design_id,
                details={"achievement": record.id, "ctid": design.ctid},
            )
        return self.get(principal, design_id)

    def retire(self, principal: Principal, design_id: str) -> DesignView:
        """No new learners: a published microcredential is retired (its CTDL status changes)."""
        policy.require_scope(principal, Scope.WRITE)
        with write_transaction(self.engine, f"microcredential:{design_id}") as conn:
            view = self._readable(conn, principal, design_id)
            if not view.may_edit:
                raise PermissionDeniedError("Only the training provider's designers can retire.")
            if view.design.state is not DesignState.PUBLISHED:
                raise InvalidInputError("Only a published microcredential can be retired.")
            conn.execute(
                update(m.microcredential_designs)
                .where(m.microcredential_designs.c.id == design_id)
                .values(state=str(DesignState.RETIRED), updated_at=now())
            )
            audit.record(
                conn,
                AuditAction.MICROCREDENTIAL_RETIRE,
                actor_id=principal.user.id,
                org_id=view.design.org_id,
                target_type="microcredential",
                target_id=design_id,
            )
        return self.get(principal, design_id)

    # -- public ----------------------------------------------------------------------------------
    def public(self, design_id: str) -> DesignView:
        """A published (or retired) microcredential, for anyone: drafts do not exist here."""
        with self.engine.connect() as conn:
            try:
                view = self._view(conn, None, _design(self._row(conn, design_id)))
            except NotFoundError:
                raise NotFoundError("There is no such microcredential.") from None
        if view.design.state is DesignState.DRAFT:
            raise NotFoundError("There is no such microcredential.")
        return view

    def achievement_url(self, view: DesignView) -> str:
        """Where the OB 3.0 Achievement of a published design is served."""
        if view.design.achievement_id is None:
            raise NotFoundError("This design has no achievement yet.")
        return self.site.achievement_url(view.provider.slug, view.design.achievement_id)


def _rest(view: DesignView) -> tuple[OrgName, tuple[OrgName, ...], bool, tuple[str, ...]]:
    return view.provider, view.partners, view.may_edit, view.signs_for
