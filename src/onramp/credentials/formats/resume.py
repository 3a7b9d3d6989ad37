"""The worker's resume as HR Open LER-RS, from their profile and their wallet, signed by the
worker's own wallet key (a self-issued LER-RS credential: the worker vouches for the resume;
each attached credential carries its issuer's own proof)."""

from __future__ import annotations

import re
from typing import Any

from onramp.credentials.formats.ler_rs import (
    Certification,
    Contact,
    Employment,
    Narrative,
    Person,
    Resume,
    Skill,
    as_credential,
    build_ler_rs,
)

HR_OPEN_DATE = re.compile(r"^\d{4}(-\d{2}){0,2}$")


def _date(text: str) -> str | None:
    text = (text or "").strip()
    return text if HR_OPEN_DATE.match(text) else None


def worker_resume(
    name: str,
    email: str,
    profile: dict[str, Any],
    credentials: list[dict[str, Any]],
) -> Resume:
    """A Resume from the profile (headline, summary, location, work history) and the verified
    JSON credentials in the wallet (each becomes a certification carrying the credential, and
    the skills they evidence are listed)."""
    given, _, family = " ".join(name.split()).partition(" ")
    person = Person(given or "Worker", family, contact=Contact(emails=[email], city=""))
    narratives = []
    for title, text in (("Headline", profile.get("headline")), ("Summary", profile.get("summary"))):
        if text and str(text).strip():
            narratives.append(Narrative(title, [str(text).strip()]))
    jobs = []
    for job in profile.get("work_history", []):
        start, end = str(job.get("start", "")), str(job.get("end", ""))
        notes = (
            []
            if (_date(start) or not start) and (_date(end) or not end)
            else [f"Dates: {start or '?'} to {end or 'now'}"]
        )
        jobs.append(
            Employment(
                employer=str(job.get("employer", "")) or "Employer not given",
                title=str(job.get("title", "")) or "Job",
                start=_date(start),
                end=_date(end),
                current=not end,
                descriptions=notes,
            )
        )
    certifications: list[Certification] = []
    skills: dict[str, Skill] = {}
    for credential in credentials:
        subject = credential.get("credentialSubject")
        subject = subject if isinstance(subject, dict) else {}
        achievement = subject.get("achievement")
        achievement = achievement if isinstance(achievement, dict) else {}
        issuer = credential.get("issuer")
        issuer_name = issuer.get("name") or issuer.get("id") if isinstance(issuer, dict) else issuer
        certifications.append(
            Certification(
                name=str(credential.get("name") or achievement.get("name") or "Credential"),
                issuer=str(issuer_name or "Unknown issuer"),
                issued=_date(str(credential.get("validFrom", ""))[:10]),
                credentials=[credential],
            )
        )
        alignments = achievement.get("alignment")
        for alignment in alignments if isinstance(alignments, list) else []:
            if isinstance(alignment, dict) and isinstance(alignment.get("targetUrl"), str):
                uri = alignment["targetUrl"]
                # the credential is attached once, to its certification: the same graph twice
                # would make canonicalization needlessly hard
                skills.setdefault(uri, Skill(str(alignment.get("targetName") or uri), uri=uri))
    return Resume(
        person,
        narratives=narratives,
        employment=jobs,
        certifications=certifications,
        skills=list(skills.values()),
    )


def resume_credential(resume: Resume, holder_did: str) -> dict[str, Any]:
    """The unsigned LER-RS credential, issued by and about the worker's wallet DID."""
    return as_credential(build_ler_rs(resume), holder_did, holder_did)
