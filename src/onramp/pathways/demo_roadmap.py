"""Demo jobs for the talent development roadmap (demo data only): the demo employer gets a
nursing ladder (nursing assistant, practical nurse, registered nurse) and a front office one
(patient services representative, its supervisor), published, with Essential Skills
requirements, so its roadmap has ladders on any data: the Essential Skills Framework alone,
the embedded default or the official O*NET. Runs once per store, after the jobs demo."""

from __future__ import annotations

from onramp.errors import InvalidInputError
from onramp.jobs.demo import EMPLOYER, EVIDENCE, VALUES
from onramp.jobs.model import CareerLevel, JobDraft, JobState, PayRange, Requirement
from onramp.jobs.service import Jobs
from onramp.platform import Platform
from onramp.platform.demo import demo_email

ESF = {
    "01": "Working in a team",
    "02": "Serving customers",
    "03": "Showing care",
    "04": "Handling conflict",
    "05": "Listening",
    "09": "Staying calm under pressure",
    "12": "Acting with honesty",
    "16": "Making decisions",
    "17": "Paying attention to detail",
    "18": "Planning your work",
    "19": "Working safely",
    "20": "Using devices and apps",
    "24": "Keeping digital records",
}


def _needs(*wanted: tuple[str, int, int | None]) -> tuple[Requirement, ...]:
    return tuple(
        Requirement(
            skill=f"urn:onramp:esf:ESF-{code}",
            label=ESF[code],
            level=level,
            learnable_weeks=weeks,
            evidence=EVIDENCE,
        )
        for code, level, weeks in wanted
    )


def _job(
    title: str,
    code: str,
    level: CareerLevel,
    pay: tuple[float, float],
    summary: str,
    needs: tuple[Requirement, ...],
) -> JobDraft:
    return JobDraft(
        title=title,
        occupations=(code,),
        career_level=level,
        summary=summary,
        pay=PayRange(low=pay[0], high=pay[1]),
        location="Dayton, OH",
        values=VALUES,
        requirements=needs,
    )


LADDER_JOBS = (
    _job(
        "Certified Nursing Assistant",
        "31-1131.00",
        CareerLevel.ENTRY,
        (18.0, 22.0),
        "Help patients with daily care on our nursing floors. We teach you our care routines.",
        _needs(("03", 2, 4), ("19", 2, None), ("05", 2, None), ("01", 2, None), ("17", 2, 2)),
    ),
    _job(
        "Licensed Practical Nurse",
        "29-2061.00",
        CareerLevel.DEVELOPING,
        (27.0, 32.0),
        "Give basic nursing care, check on patients and keep their charts up to date.",
        _needs(
            ("03", 3, None),
            ("19", 3, None),
            ("05", 3, None),
            ("01", 3, None),
            ("17", 3, None),
            ("24", 2, 4),
            ("09", 3, None),
        ),
    ),
    _job(
        "Registered Nurse",
        "29-1141.00",
        CareerLevel.PROFICIENT,
        (38.0, 46.0),
        "Plan and give patient care, guide the care team and talk with families.",
        _needs(
            ("03", 4, None),
            ("19", 3, None),
            ("05", 3, None),
            ("01", 3, None),
            ("17", 4, None),
            ("24", 3, None),
            ("16", 3, None),
            ("18", 3, None),
        ),
    ),
    _job(
        "Patient Services Representative",
        "43-4051.00",
        CareerLevel.ENTRY,
        (17.0, 20.0),
        "Greet patients, book visits and answer questions at the front desk.",
        _needs(("02", 2, None), ("05", 2, None), ("20", 2, 2), ("24", 2, 3), ("12", 2, None)),
    ),
    _job(
        "Patient Services Supervisor",
        "43-1011.00",
        CareerLevel.SENIOR,
        (26.0, 31.0),
        "Lead the front desk team, plan their shifts and help with hard cases.",
        _needs(
            ("02", 3, None),
            ("05", 3, None),
            ("20", 3, None),
            ("24", 3, None),
            ("04", 3, None),
            ("18", 3, None),
            ("16", 3, None),
        ),
    ),
)


def seed_demo_roadmap(jobs: Jobs, platform: Platform) -> bool:
    """True when it added the ladder jobs; False when they exist or the demo is absent."""
    hr_user = platform.accounts.user_by_email(demo_email("hr.admin"))
    if hr_user is None:
        return False
    hr = platform.accounts.principal(hr_user)
    employer_id = next((m.org_id for m in hr.memberships if m.org_name == EMPLOYER), None)
    if employer_id is None:
        return False
    titles = {j.draft.title for j in jobs.for_org(hr, employer_id)}
    if any(draft.title in titles for draft in LADDER_JOBS):
        return False
    for draft in LADDER_JOBS:
        job = jobs.create(hr, employer_id, draft)
        try:
            jobs.move(hr, job.id, JobState.OPEN)
        except InvalidInputError:  # the linter found an error: keep the draft to fix
            continue
    return True
