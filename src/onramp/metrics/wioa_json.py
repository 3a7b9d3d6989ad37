"""A participant record as the JSON document the store keeps, and back (decisions/0035).

The document holds exactly the fields of `wioa_records.Participant`, in the file's own words
(dates as YYYY-MM-DD, wages as a decimal string so no cent is lost to a float, codes as the
layout's words), so `participant_from_document(participant_document(p)) == p` for every record
the reader accepts (a test checks it). Pure: no store, no edge.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from onramp.metrics.wioa_records import (
    CredentialType,
    ExitExclusion,
    Participant,
    SkillGain,
    TrainingType,
)

VERSION = 1  # bump, and read both, if the document's shape ever changes


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def participant_document(p: Participant) -> dict[str, Any]:
    return {
        "v": VERSION,
        "record_id": p.record_id,
        "entry_date": p.entry_date.isoformat(),
        "exit_date": _day(p.exit_date),
        "exclusion": None if p.exclusion is None else p.exclusion.value,
        "training": p.training.value,
        "training_start": _day(p.training_start),
        "training_end": _day(p.training_end),
        "training_credential": p.training_credential,
        "employed_q2": p.employed_q2,
        "employed_q4": p.employed_q4,
        "wages_q2": None if p.wages_q2 is None else str(p.wages_q2),
        "credential": None if p.credential is None else p.credential.value,
        "credential_date": _day(p.credential_date),
        "next_step_within_year": p.next_step_within_year,
        "gains": [[kind.value, day.isoformat()] for kind, day in p.gains],
        "line": p.line,
    }


def participant_from_document(doc: dict[str, Any]) -> Participant:
    entry = _date(doc["entry_date"])
    if entry is None:  # the reader never stores a record without one
        raise ValueError("a stored participant record has no entry date")
    return Participant(
        record_id=str(doc["record_id"]),
        entry_date=entry,
        exit_date=_date(doc.get("exit_date")),
        exclusion=ExitExclusion(doc["exclusion"]) if doc.get("exclusion") else None,
        training=TrainingType(doc.get("training") or TrainingType.NONE.value),
        training_start=_date(doc.get("training_start")),
        training_end=_date(doc.get("training_end")),
        training_credential=bool(doc.get("training_credential")),
        employed_q2=doc.get("employed_q2"),
        employed_q4=doc.get("employed_q4"),
        wages_q2=None if doc.get("wages_q2") is None else Decimal(str(doc["wages_q2"])),
        credential=CredentialType(doc["credential"]) if doc.get("credential") else None,
        credential_date=_date(doc.get("credential_date")),
        next_step_within_year=bool(doc.get("next_step_within_year")),
        gains=tuple((SkillGain(kind), date.fromisoformat(day)) for kind, day in doc["gains"]),
        line=int(doc.get("line") or 0),
    )
