"""The builder page's form: a job draft shown as form fields, and the posted fields read back.

The form works with no script at all: requirements are numbered rows (`req-N-...`), one blank
row is always offered for a new skill, and a row is dropped when its "remove" box is ticked or
it has no skill. Checking what was entered is the model's job (`parse_draft`), so the page
says the same thing the API does.
"""

from __future__ import annotations

from typing import Any

from onramp.errors import InvalidInputError
from onramp.jobs.model import (
    CareerLevel,
    EvidenceKind,
    JobDraft,
    PayPeriod,
    Schedule,
    Workplace,
)
from onramp.jobs.service import parse_draft

MAX_ROWS = 80  # never read more rows than this, whatever the form says
LEVELS = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]


def blank_row() -> dict[str, Any]:
    return {
        "skill": "",
        "label": "",
        "level": 3,
        "must_have": False,
        "learnable_weeks": "",
        "evidence": [],
        "new": True,
    }


def form_of_draft(draft: JobDraft) -> dict[str, Any]:
    """What the page shows for a stored draft."""
    pay = draft.pay
    return {
        "title": draft.title,
        "summary": draft.summary,
        "duties": "\n".join(draft.duties),
        "pay_low": _number(pay.low) if pay else "",
        "pay_high": _number(pay.high) if pay else "",
        "pay_period": pay.period.value if pay else PayPeriod.HOUR.value,
        "schedule": draft.schedule.value,
        "workplace": draft.workplace.value,
        "location": draft.location,
        "career_level": draft.career_level.value,
        "values": "\n".join(
            f"{v.name}: {'; '.join(v.behaviours)}" if v.behaviours else v.name for v in draft.values
        ),
        "requirements": [
            {
                "skill": r.skill,
                "label": r.label,
                "level": r.level,
                "must_have": r.must_have,
                "learnable_weeks": "" if r.learnable_weeks is None else str(r.learnable_weeks),
                "evidence": [e.value for e in r.evidence],
                "new": False,
            }
            for r in draft.requirements
        ]
        + [blank_row()],
    }


def _number(value: float) -> str:
    return f"{value:g}"


def form_of_post(form: Any) -> dict[str, Any]:
    """The posted fields, as typed (to show them again when something is wrong)."""

    def text(name: str) -> str:
        return str(form.get(name, "") or "")

    rows = []
    try:
        count = min(int(text("req_count") or 0), MAX_ROWS)
    except ValueError:
        count = 0
    for i in range(count):
        prefix = f"req-{i}-"
        if form.get(prefix + "remove"):
            continue
        skill, label = text(prefix + "skill").strip(), text(prefix + "label").strip()
        if not skill and not label:
            continue
        rows.append(
            {
                "skill": skill,
                "label": label,
                "level": text(prefix + "level") or "3",
                "must_have": bool(form.get(prefix + "must")),
                "learnable_weeks": text(prefix + "weeks").strip(),
                "evidence": [str(v) for v in form.getlist(prefix + "evidence")],
                "new": not text(prefix + "known"),
            }
        )
    return {
        "title": text("title"),
        "summary": text("summary"),
        "duties": text("duties"),
        "pay_low": text("pay_low").strip(),
        "pay_high": text("pay_high").strip(),
        "pay_period": text("pay_period") or PayPeriod.HOUR.value,
        "schedule": text("schedule") or Schedule.FULL_TIME.value,
        "workplace": text("workplace") or Workplace.ON_SITE.value,
        "location": text("location"),
        "career_level": text("career_level") or CareerLevel.ENTRY.value,
        "values": text("values"),
        "requirements": rows,
    }


def draft_of_form(fields: dict[str, Any], before: JobDraft) -> JobDraft:
    """A draft from the form's fields; what the page does not show is kept from `before`."""
    pay: dict[str, Any] | None = None
    low, high = fields["pay_low"], fields["pay_high"]
    if low or high:
        if not (low and high):
            raise InvalidInputError("Give both the lowest and the highest pay, or neither.")
        pay = {"low": _amount(low), "high": _amount(high), "period": fields["pay_period"]}
    requirements = []
    for row in fields["requirements"]:
        if not row["skill"]:
            raise InvalidInputError(
                f"Give the skill “{row['label']}” its code or web address, or remove it."
            )
        weeks = row["learnable_weeks"]
        requirements.append(
            {
                "skill": row["skill"],
                "label": row["label"] or row["skill"],
                "level": row["level"],
                "must_have": row["must_have"],
                "learnable_weeks": weeks or None,
                "evidence": row["evidence"],
                **_kept(before, row["skill"]),
            }
        )
    data = before.model_dump(mode="json") | {
        "title": fields["title"],
        "summary": fields["summary"].replace("\r\n", "\n"),
        "duties": [d.strip() for d in fields["duties"].splitlines() if d.strip()],
        "pay": pay,
        "schedule": fields["schedule"],
        "workplace": fields["workplace"],
        "location": fields["location"].strip(),
        "career_level": fields["career_level"],
        "values": _values(fields["values"]),
        "requirements": requirements,
    }
    return parse_draft(data)


def _kept(before: JobDraft, skill: str) -> dict[str, Any]:
    """What a requirement carries that the form does not show (importance, source, issuers)."""
    for r in before.requirements:
        if r.skill == skill:
            return {
                "importance": r.importance,
                "source": r.source,
                "accepted_credentials": list(r.accepted_credentials),
            }
    return {}


def _amount(value: str) -> float:
    try:
        return float(value.replace(",", "").replace("$", ""))
    except ValueError as error:
        raise InvalidInputError(f"“{value}” is not an amount of money.") from error


def _values(text: str) -> list[dict[str, Any]]:
    """One value a line: "Name: behaviour; behaviour"."""
    out = []
    for line in text.splitlines():
        name, _, shows = line.partition(":")
        if name.strip():
            behaviours = [b.strip() for b in shows.split(";") if b.strip()]
            out.append({"name": name.strip(), "behaviours": behaviours})
    return out


# a word or two per kind of proof for the builder's checkboxes (the label is the sentence)
EVIDENCE_SHORT = {
    EvidenceKind.CREDENTIAL.value: "Credential",
    EvidenceKind.ASSESSMENT.value: "Skills test",
    EvidenceKind.PORTFOLIO.value: "Work samples",
    EvidenceKind.WORK_HISTORY.value: "Past jobs",
    EvidenceKind.ATTESTATION.value: "A boss's word",
}

# how the builder and the checks page name a finding's severity (static/jobs.js says the same)
SEVERITY_WORDS = {"error": "Must fix", "warning": "Check this", "info": "Think about it"}

CHOICES = {
    "evidence_short": EVIDENCE_SHORT,
    "severity_words": SEVERITY_WORDS,
    "schedules": list(Schedule),
    "workplaces": list(Workplace),
    "career_levels": list(CareerLevel),
    "periods": list(PayPeriod),
    "evidence_kinds": list(EvidenceKind),
    "levels": LEVELS,
}
