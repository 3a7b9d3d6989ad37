"""A small hand-built set of posting pairs for choosing the repost threshold (ADR 0029):
reposts of one job with the small edits feeds show (a new date, a fixed typo, a changed or
added line, pay added, lines moved, a title written another way) and distinct jobs that look
alike (two roles of one employer sharing its long "about us" text, one title at two
employers, one template in two towns, an agency's template filled with two roles).

All text is written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from onramp.market.posting_model import RawPosting

ABOUT_RIVERSIDE = (
    "Riverside Health is a community hospital system with four campuses and more than three "
    "thousand staff. We care for our neighbors every day and we invest in the people who do "
    "that work. Our benefits include medical and dental coverage from day one, a pension plan "
    "with a match, paid time off that grows with service, tuition help for degrees and "
    "certificates, and free parking at every campus. Riverside Health is an equal opportunity "
    "employer and welcomes applicants of every background."
)
ABOUT_AGENCY = (
    "Brightpath Staffing places skilled people with growing employers across the region. "
    "Weekly pay, direct deposit, and a recruiter who answers your calls. Many of our "
    "assignments lead to permanent jobs with the client. Apply today and a recruiter will "
    "call you within two business days. Brightpath is an equal opportunity employer."
)


def _posting(title: str, employer: str, location: str, text: str, day: int = 3) -> RawPosting:
    return RawPosting(
        line=1,
        title=title,
        description=text,
        employer=employer,
        location=location,
        posted_on=date(2026, 3, day),
    )


NURSE = _posting(
    "Registered Nurse - Medical Surgical",
    "Riverside Health",
    "Dayton, OH",
    "We are looking for a registered nurse to join our medical surgical unit on the day shift. "
    "You will assess patients, give medications, update care plans and teach patients and "
    "families before discharge. You will work with physicians, therapists and case managers "
    "every day. Requirements: an active Ohio RN license, BLS certification, and one year of "
    "acute care experience. Electronic health record experience is a plus. " + ABOUT_RIVERSIDE,
)
TECH = _posting(
    "Patient Care Technician",
    "Riverside Health",
    "Dayton, OH",
    "Our patient care technicians help nurses give safe and kind care. You will take vital "
    "signs, help patients bathe, dress and move, collect specimens and record intake and "
    "output. You will answer call lights and keep rooms clean and stocked. Requirements: a "
    "high school diploma, a state tested nursing assistant certificate or enrollment in a "
    "nursing program, and BLS within thirty days of hire. " + ABOUT_RIVERSIDE,
)
WAREHOUSE = _posting(
    "Warehouse Associate",
    "Brightpath Staffing",
    "Columbus, OH",
    "Our client, a home goods distributor, needs warehouse associates for first shift. You "
    "will pick and pack orders with a handheld scanner, load and unload trucks, and keep "
    "aisles safe and clean. You must lift fifty pounds and stand for a full shift. Forklift "
    "certification is a plus and we will train the right person. " + ABOUT_AGENCY,
)
FORKLIFT = _posting(
    "Forklift Operator",
    "Brightpath Staffing",
    "Columbus, OH",
    "Our client, a home goods distributor, needs forklift operators for second shift. You "
    "will move pallets between receiving, storage and shipping, check loads for damage, and "
    "complete a safety check on your truck at the start of each shift. You need a current "
    "forklift certification and six months of experience in a busy warehouse. " + ABOUT_AGENCY,
)
DEVELOPER = _posting(
    "Senior Java Developer",
    "Northwind Software",
    "Austin, TX",
    "Northwind builds billing software for utilities. As a senior Java developer you will "
    "design services that handle millions of meter readings a day, review code, and mentor "
    "two junior developers. We use Java 21, Spring Boot, PostgreSQL and Kafka, and we deploy "
    "to Kubernetes several times a day. You have five years of backend experience, write "
    "clear tests, and care about the people who use what you build. We offer remote days, a "
    "yearly learning budget and stock options.",
)
DEVELOPER_ELSEWHERE = _posting(
    "Senior Java Developer",
    "Contoso Bank",
    "Austin, TX",
    "Contoso Bank is hiring a senior Java developer for its payments team. You will build "
    "and run the services that move money between accounts, work with product owners on new "
    "features, and keep our systems secure and fast. Our stack is Java, Spring, Oracle and "
    "IBM MQ. You bring six years of experience, strong SQL skills and knowledge of payment "
    "standards. Hybrid work, a pension and an annual bonus.",
)
CASHIER = _posting(
    "Cashier",
    "Fresh Market Grocery",
    "Springfield, IL",
    "Fresh Market Grocery is hiring friendly cashiers for our store. You will greet "
    "customers, scan and bag groceries, take cash and card payments, and help keep the front "
    "end neat. We will train you on our registers. Flexible schedules for students and "
    "parents, a ten percent store discount, and raises after ninety days. Must be sixteen or "
    "older and able to stand for long periods.",
)
TEACHER_AIDE = _posting(
    "Teacher Assistant",
    "Lakeview School District",
    "Madison, WI",
    "Lakeview School District needs a teacher assistant for a second grade classroom. You "
    "will work with small reading groups, help students with special needs during lessons, "
    "supervise lunch and recess, and prepare materials for the teacher. An associate degree "
    "or passing the paraprofessional test is required. School year calendar, benefits, and "
    "paid training on classroom behavior support.",
)


_CALLS = "You will answer call lights and keep rooms clean and stocked. "


def _edit(posting: RawPosting, old: str, new: str, **changes: object) -> RawPosting:
    assert old in posting.description, old
    return replace(posting, description=posting.description.replace(old, new), **changes)  # type: ignore[arg-type]


# (first, second, is the second a repost of the first)
PAIRS: list[tuple[str, RawPosting, RawPosting, bool]] = [
    ("new date only", NURSE, replace(NURSE, posted_on=date(2026, 4, 1)), True),
    (
        "typos fixed",
        CASHIER,
        _edit(CASHIER, "friendly cashiers for our store", "friendly cashiers for our new store"),
        True,
    ),
    (
        "one sentence changed",
        WAREHOUSE,
        _edit(
            WAREHOUSE,
            "Forklift certification is a plus and we will train the right person.",
            "Overtime is available most weeks.",
        ),
        True,
    ),
    (
        "pay line added",
        TEACHER_AIDE,
        replace(
            TEACHER_AIDE,
            description=TEACHER_AIDE.description + " Pay starts at $17.50 an hour.",
            salary_min=17.5,
        ),
        True,
    ),
    (
        "benefits line appended and date moved",
        DEVELOPER,
        replace(
            DEVELOPER,
            description=DEVELOPER.description + " Visa sponsorship is available.",
            posted_on=date(2026, 5, 2),
        ),
        True,
    ),
    ("title written another way", DEVELOPER, replace(DEVELOPER, title="Sr. Java Developer"), True),
    (
        "lines moved",
        TECH,
        replace(
            TECH,
            description=TECH.description.replace(_CALLS, "").replace(
                "Requirements:", _CALLS + "Requirements:"
            ),
        ),
        True,
    ),
    (
        "two sentences changed",
        NURSE,
        _edit(
            _edit(
                NURSE,
                "on the day shift",
                "on the night shift with a shift differential",
            ),
            "Electronic health record experience is a plus.",
            "Epic experience is preferred and we train on it.",
        ),
        True,
    ),
    (
        "requirements rewritten",
        FORKLIFT,
        _edit(
            FORKLIFT,
            "You need a current forklift certification and six months of experience in a busy "
            "warehouse.",
            "A current forklift certification is required; experience with reach trucks helps.",
        ),
        True,
    ),
    (
        "shorter employer name",
        CASHIER,
        replace(CASHIER, employer="Fresh Market"),
        True,
    ),
    ("two roles, one employer's long about-us", NURSE, TECH, False),
    ("two roles, one staffing template", WAREHOUSE, FORKLIFT, False),
    ("one title, two employers", DEVELOPER, DEVELOPER_ELSEWHERE, False),
    (
        "one template, two towns",
        CASHIER,
        replace(
            CASHIER,
            location="Peoria, IL",
        ),
        False,
    ),
    (
        "one template, two towns (school)",
        TEACHER_AIDE,
        replace(TEACHER_AIDE, location="Verona, WI"),
        False,
    ),
    (
        "same employer, a higher role",
        NURSE,
        replace(
            NURSE,
            title="Nurse Manager - Medical Surgical",
            description=NURSE.description.replace(
                "We are looking for a registered nurse to join our medical surgical unit on "
                "the day shift. You will assess patients, give medications, update care plans "
                "and teach patients and families before discharge.",
                "We are looking for a nurse manager to lead our medical surgical unit. You will "
                "hire and coach forty nurses and aides, build schedules, manage the unit budget "
                "and lead quality and safety work.",
            ),
        ),
        False,
    ),
    ("unrelated", CASHIER, TEACHER_AIDE, False),
]
