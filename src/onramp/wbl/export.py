"""A worker's apprenticeships in their account export (issue 17): every record Onramp keeps
about them in a program, their own registration answers included."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from onramp.platform.model import AccountKind, Principal
from onramp.wbl import rows
from onramp.wbl.service import WorkBasedLearning


def export_of(wbl: WorkBasedLearning, principal: Principal) -> dict[str, Any]:
    """The records, made plain JSON by the export (`onramp.serialize.to_plain`)."""
    if principal.user.kind is not AccountKind.WORKER:
        return {"apprenticeships": []}
    found = []
    for view in wbl.apprentices.mine(principal):
        with wbl.programs.engine.connect() as conn:
            registration = rows.registration_of(conn, view.enrollment.id)
        found.append(
            {
                "program": view.program.standards.name,
                "sponsor": view.program.sponsor_name,
                "enrollment": asdict(view.enrollment),
                "registration": registration.model_dump(mode="json") if registration else None,
                "hours": [asdict(h) for h in view.hours],
                "classes": [asdict(c) for c in view.instruction],
                "sign_offs": [asdict(s) for s in view.sign_offs],
                "raises": [asdict(r) for r in view.wage_changes],
                "credentials": [asdict(a) for a in view.awards],
                "follow_ups": [asdict(f) for f in view.follow_ups],
            }
        )
    return {"apprenticeships": found}
