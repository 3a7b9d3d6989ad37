"""JSON for work-based learning, written once for the API and the CLI (issue 17).

What each shape leaves out on purpose: an apprentice's registration facts (birth date, sex,
race, schooling) appear only in `registration_json`, which only the registration route and
its sponsor-admin check use; a sign-off names its file but never carries its bytes (they are
fetched from their own route, for those who read the apprentice).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from onramp.wbl.apprentices import ApprenticeView
from onramp.wbl.awards import AwardOutcome
from onramp.wbl.model import Finding, ProgramStandards, Severity, WageStep
from onramp.wbl.outcomes import COUNTS, FIGURES, OutcomesView
from onramp.wbl.programs import COMPLETION, ProgramView
from onramp.wbl.progress import Progress
from onramp.wbl.progress_records import ImportResult
from onramp.wbl.records import (
    AwardedCredential,
    Enrollment,
    FollowUp,
    HoursEntry,
    InstructionRecord,
    Registration,
    SignOff,
    WageChange,
)
from onramp.wbl.rows import Program

EVIDENCE_URL = "/api/v1/wbl/sign-offs/{id}/evidence"


def _day(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def finding_json(f: Finding) -> dict[str, Any]:
    return {
        "kind": str(f.kind),
        "severity": str(f.severity),
        "part": f.part,
        "name": f.name,
        "detail": f.detail,
        "sentence": f.sentence,
    }


def program_json(
    program: Program, *, may_edit: bool = False, findings: list[Finding] | None = None
) -> dict[str, Any]:
    """A program with its standards; the findings only for its sponsor's admins."""
    found = findings or []
    return {
        "id": program.id,
        "org_id": program.org_id,
        "sponsor_name": program.sponsor_name,
        "board_org_id": program.board_org_id,
        "board_name": program.board_name or None,
        "state": str(program.state),
        "state_words": program.state.label,
        "name": program.standards.name,
        "kind": str(program.standards.kind),
        "occupation": program.standards.occupation,
        "standards": program.standards.model_dump(mode="json"),
        "created_at": _day(program.created_at),
        "updated_at": _day(program.updated_at),
        "activated_at": _day(program.activated_at),
        "may_edit": may_edit,
        "findings": [finding_json(f) for f in found],
        "ready": may_edit and not any(f.severity is Severity.MISSING for f in found),
    }


def program_view_json(view: ProgramView) -> dict[str, Any]:
    return program_json(view.program, may_edit=view.may_edit, findings=view.findings)


def enrollment_json(e: Enrollment) -> dict[str, Any]:
    return {
        "id": e.id,
        "program_id": e.program_id,
        "sponsor_org_id": e.sponsor_org_id,
        "apprentice": {
            "id": e.apprentice_id,
            "name": e.apprentice_name,
            "email": e.apprentice_email,
        },
        "mentor": {"id": e.mentor_id, "name": e.mentor_name} if e.mentor_id else None,
        "state": str(e.state),
        "state_words": e.state.label,
        "start_date": _day(e.start_date),
        "wage_at_entry": e.wage_at_entry,
        "wage_now": e.wage_now,
        "paid_share": e.paid_share,
        "share_board": e.share_board,
        "consent": e.consent,
        "invited_at": _day(e.invited_at),
        "enrolled_at": _day(e.enrolled_at),
        "ended_on": _day(e.ended_on),
        "exit_reason": str(e.exit_reason) if e.exit_reason else None,
        "exit_note": e.exit_note,
        "completion_credential_id": e.completion_credential_id,
    }


def _step_json(step: WageStep | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "share": step.share,
        "after_hours": step.after_hours,
        "after_competencies": step.after_competencies,
    }


def progress_json(p: Progress, standards: ProgramStandards) -> dict[str, Any]:
    names = {c.id: c.name for c in standards.work_processes}
    return {
        "ojl_hours": p.ojl_hours,
        "ojl_hours_needed": standards.ojl_hours,
        "hours_by_competency": dict(sorted(p.hours_by_competency.items())),
        "rti_hours": p.rti_hours,
        "rti_hours_needed": standards.rti_hours,
        "signed_off": [{"id": c, "name": names.get(c, c)} for c in sorted(p.signed_off)],
        "step_reached": _step_json(p.step),
        "step_due": p.step_due,
        "earned": [{"id": c.id, "name": c.name} for c in p.earned],
        "complete": p.complete,
        "missing": list(p.missing),
    }


def hours_json(h: HoursEntry) -> dict[str, Any]:
    return {
        "id": h.id,
        "enrollment_id": h.enrollment_id,
        "day": _day(h.day),
        "hours": h.hours,
        "competency_id": h.competency_id,
        "note": h.note,
        "state": str(h.state),
        "state_words": h.state.label,
        "logged_at": _day(h.logged_at),
        "decided_at": _day(h.decided_at),
        "reason": h.reason,
    }


def instruction_json(r: InstructionRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "enrollment_id": r.enrollment_id,
        "course_id": r.course_id,
        "hours": r.hours,
        "grade": r.grade,
        "recorded_at": _day(r.recorded_at),
    }


def sign_off_json(s: SignOff) -> dict[str, Any]:
    """A sign-off or its reversal; the file is named and linked, never included."""
    evidence = (
        {"name": s.evidence_name, "url": EVIDENCE_URL.format(id=s.id)} if s.evidence_name else None
    )
    return {
        "id": s.id,
        "enrollment_id": s.enrollment_id,
        "competency_id": s.competency_id,
        "reversed": s.reversed,
        "note": s.note,
        "evidence": evidence,
        "by": {"id": s.by, "name": s.by_name} if s.by else None,
        "at": _day(s.at),
    }


def wage_change_json(c: WageChange) -> dict[str, Any]:
    return {"id": c.id, "share": c.share, "wage": c.wage, "effective_on": _day(c.effective_on)}


def follow_up_json(f: FollowUp) -> dict[str, Any]:
    return {
        "months": f.months,
        "employed": f.employed,
        "wage": f.wage,
        "recorded_on": _day(f.recorded_on),
    }


def award_json(
    a: AwardedCredential, standards: ProgramStandards, wallet_items: dict[str, str]
) -> dict[str, Any]:
    interim = {c.id: c.name for c in standards.interim_credentials}
    return {
        "interim_id": a.interim_id or None,
        "completion": a.interim_id == COMPLETION,
        "name": standards.name if a.interim_id == COMPLETION else interim.get(a.interim_id, ""),
        "credential_id": a.credential_id,
        "issued_at": _day(a.issued_at),
        "wallet_item_id": wallet_items.get(a.credential_id),
    }


def apprentice_json(view: ApprenticeView) -> dict[str, Any]:
    """One apprentice as the asker may read them (never the registration facts)."""
    standards = view.program.standards
    return {
        "enrollment": enrollment_json(view.enrollment),
        "program": {"id": view.program.id, "name": standards.name, "kind": str(standards.kind)},
        "progress": progress_json(view.progress, standards),
        "hours": [hours_json(h) for h in view.hours],
        "instruction": [instruction_json(r) for r in view.instruction],
        "sign_offs": [sign_off_json(s) for s in view.sign_offs],
        "wage_changes": [wage_change_json(c) for c in view.wage_changes],
        "awards": [award_json(a, standards, view.wallet_items) for a in view.awards],
        "follow_ups": [follow_up_json(f) for f in view.follow_ups],
    }


def award_outcome_json(outcome: AwardOutcome) -> dict[str, Any]:
    return {
        "issued": list(outcome.issued),
        "waiting": outcome.waiting,
        "completed": outcome.completed,
    }


def import_json(result: ImportResult) -> dict[str, Any]:
    return {
        "added": result.added,
        "already_there": result.already_there,
        "apprentices": result.apprentices,
    }


def registration_json(registration: Registration | None) -> dict[str, Any]:
    """The registration facts: for the registration route only (sponsor admins)."""
    return {"registration": registration.model_dump(mode="json") if registration else None}


def outcomes_json(view: OutcomesView) -> dict[str, Any]:
    """Aggregates only; a hidden or withheld figure is null and says why."""
    rows = []
    for row in view.rows:
        figures = {}
        for measure in (*COUNTS, *FIGURES):
            figure = row.figure(measure)
            figures[str(measure)] = {"value": figure.value, "withheld": figure.withheld or None}
        rows.append({"key": row.key or None, "name": row.name, "figures": figures})
    return {
        "by": str(view.by),
        "threshold": view.threshold,
        "today": _day(view.today),
        "rows": rows,
    }
