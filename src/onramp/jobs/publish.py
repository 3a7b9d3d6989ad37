"""Publishing a job: schema.org `JobPosting` JSON-LD (https://schema.org/JobPosting, as Google's
job-posting structured data reads it), plain HTML for a page or an email, and the JSON form an
HR system imports (`Job.contract()`).

Education is never a filter here: `educationRequirements` says no degree is required unless
the employer wrote a note, and `experienceInPlaceOfEducation` is always true.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from onramp.errors import InvalidInputError
from onramp.jobs.model import (
    EvidenceKind,
    Job,
    PayPeriod,
    Proficiency,
    Schedule,
    Workplace,
)

SCHEMA_ORG = "https://schema.org"
_EMPLOYMENT_TYPE = {
    Schedule.FULL_TIME: "FULL_TIME",
    Schedule.PART_TIME: "PART_TIME",
    Schedule.TEMPORARY: "TEMPORARY",
    Schedule.SEASONAL: "TEMPORARY",
    Schedule.INTERNSHIP: "INTERN",
    Schedule.APPRENTICESHIP: "OTHER",
}
_UNIT = {PayPeriod.HOUR: "HOUR", PayPeriod.YEAR: "YEAR"}
_ONET_SOC = re.compile(r"^\d{2}-\d{4}(?:\.\d{2})?$")
_LOCALITY = re.compile(r"^\s*(?P<city>[^,]+?)\s*,\s*(?P<region>[A-Za-z .]+?)\s*$")


def level_words(level: int) -> str:
    return Proficiency(str(level)).label.split(":")[0]


def evidence_words(kinds: tuple[EvidenceKind, ...]) -> str:
    return ", ".join(k.label.rstrip(".").lower() for k in kinds) or "ask us"


def schema_org(job: Job, url: str = "") -> dict[str, Any]:
    """The JobPosting, with every property the job has data for."""
    d = job.draft
    posting: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "JobPosting",
        "title": d.title,
        "description": description_html(job),
        "datePosted": (job.opened_at() or job.created_at).date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": job.org_name},
        "employmentType": _EMPLOYMENT_TYPE[d.schedule],
        "educationRequirements": d.education_note or "No degree required",
        "experienceInPlaceOfEducation": True,
        "skills": [
            {
                "@type": "DefinedTerm",
                "name": r.label,
                "url": r.skill,
                "description": f"{level_words(r.level)} level; "
                + ("must have" if r.must_have else "nice to have")
                + (f"; learnable on the job in {r.learnable_weeks} weeks" if r.learnable else ""),
            }
            for r in d.requirements
        ],
    }
    if url:
        posting["url"] = url
        posting["identifier"] = {"@type": "PropertyValue", "name": job.org_name, "value": job.id}
    if d.valid_through:
        posting["validThrough"] = d.valid_through.isoformat()
    if d.workplace is Workplace.REMOTE:
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = {"@type": "Country", "name": "US"}
    if d.location and d.workplace is not Workplace.REMOTE:
        posting["jobLocation"] = {"@type": "Place", "address": _address(d.location)}
    if d.pay:
        posting["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": d.pay.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": d.pay.low,
                "maxValue": d.pay.high,
                "unitText": _UNIT[d.pay.period],
            },
        }
    codes = [c for c in d.occupations if _ONET_SOC.match(c)]
    if codes:
        posting["occupationalCategory"] = codes[0]
    shown = [r for r in d.requirements if r.must_have]
    if shown:
        posting["experienceRequirements"] = "; ".join(
            f"{r.label} ({level_words(r.level).lower()}): show it by {evidence_words(r.evidence)}"
            for r in shown
        )
    return posting


def _address(location: str) -> dict[str, str]:
    match = _LOCALITY.match(location)
    address = {"@type": "PostalAddress", "addressCountry": "US"}
    if match:
        address["addressLocality"] = match["city"]
        address["addressRegion"] = match["region"].strip()
    else:
        address["addressLocality"] = location.strip()
    return address


def description_html(job: Job) -> str:
    """The job as simple HTML: what you do, what you need and how to show it, what we value."""
    d = job.draft
    e = html.escape
    parts: list[str] = []
    if d.summary:
        parts.extend(f"<p>{e(p.strip())}</p>" for p in d.summary.split("\n\n") if p.strip())
    if d.duties:
        parts.append("<h3>What you will do</h3><ul>")
        parts.extend(f"<li>{e(x)}</li>" for x in d.duties)
        parts.append("</ul>")
    for title, musts in (("What you need", True), ("Nice to have", False)):
        chosen = [r for r in d.requirements if r.must_have is musts]
        if not chosen:
            continue
        parts.append(f"<h3>{title}</h3><ul>")
        for r in chosen:
            extra = f" We can teach this in about {r.learnable_weeks} weeks." if r.learnable else ""
            parts.append(
                f"<li>{e(r.label)}: {e(level_words(r.level).lower())} level. "
                f"Show it by: {e(evidence_words(r.evidence))}.{e(extra)}</li>"
            )
        parts.append("</ul>")
    if d.values:
        parts.append("<h3>What we value</h3><ul>")
        for value in d.values:
            shows = f": {e('; '.join(value.behaviours))}" if value.behaviours else ""
            parts.append(f"<li>{e(value.name)}{shows}</li>")
        parts.append("</ul>")
    if d.pay:
        parts.append(
            f"<p>Pay: {d.pay.currency} {d.pay.low:,.2f} to {d.pay.high:,.2f} "
            f"{e(d.pay.period.label)}.</p>"
        )
    parts.append(f"<p>{e(d.education_note or 'No degree required.')}</p>")
    return "".join(parts)


def html_page(job: Job, url: str = "") -> str:
    """A whole, self-contained HTML page with the JSON-LD embedded."""
    e = html.escape
    ld = json.dumps(schema_org(job, url), ensure_ascii=False).replace("</", "<\\/")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(job.draft.title)} at {e(job.org_name)}</title>"
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><main><h1>{e(job.draft.title)}</h1><p>{e(job.org_name)}</p>"
        f"{description_html(job)}</main></body></html>"
    )


def export(job: Job, fmt: str, url: str = "") -> str:
    if fmt == "schema-org":
        return json.dumps(schema_org(job, url), indent=2, ensure_ascii=False)
    if fmt == "html":
        return html_page(job, url)
    if fmt == "json":
        return json.dumps(job.contract(), indent=2, ensure_ascii=False)
    raise InvalidInputError(f"Unknown format {fmt}: use schema-org, html or json.")
