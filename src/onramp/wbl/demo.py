"""Demo work-based learning (demo data only): one registered apprenticeship for medical
assistants at the demo employer, its classes at the demo college, overseen by the demo board,
with apprentices at every stage, so each role's pages show something real (issue 17).

The program's work processes are written for the demo in our own words, after the kind of
tasks O*NET lists for medical assistants (31-9092.00), and aligned to skills of the Essential
Skills Framework, which every Onramp store has. Everything goes through the use cases as the
sponsor, the mentor, the college and each apprentice would, so each step is audited and each
credential is issued and verified like any other. It adds nothing a second time.
"""

from __future__ import annotations

from datetime import date, timedelta

from onramp.platform import Platform
from onramp.platform.demo import ORGS, demo_email, worker_email
from onramp.platform.model import Principal
from onramp.wbl.model import (
    Approach,
    Competency,
    Course,
    InterimCredential,
    ProgramKind,
    ProgramStandards,
    WageStep,
)
from onramp.wbl.records import (
    Education,
    EmploymentStatus,
    ExitReason,
    Race,
    Registration,
    Sex,
    Veteran,
    YesNo,
)
from onramp.wbl.service import WorkBasedLearning

PROGRAM_NAME = "Medical Assistant Apprenticeship"
# invited, started, part way (interim credential, raise due), nearly done, completed, left
STAGES = ("invited", "started", "part_way", "nearly", "completed", "left")
APPRENTICES = tuple(worker_email(n) for n in range(42, 42 + len(STAGES)))
LISTENING, CARE, SERVICE = (
    "urn:onramp:esf:ESF-05",  # Listening
    "urn:onramp:esf:ESF-03",  # Showing care
    "urn:onramp:esf:ESF-02",  # Serving customers
)


def demo_standards(college_id: str) -> ProgramStandards:
    steps = [
        ("vitals", "Take and record vital signs", CARE,
         "Takes pulse, blood pressure and temperature right on five patients in a row."),
        ("rooming", "Room patients and update their charts", LISTENING,
         "Rooms patients on three shifts and their charts are complete."),
        ("infection", "Clean and set up exam rooms safely", CARE,
         "Follows the clinic's infection control steps with no reminders."),
        ("scheduling", "Schedule visits and help patients check in", SERVICE,
         "Books and changes visits in the clinic system without help."),
        ("injections", "Give shots as the provider orders", LISTENING,
         "Gives ten shots safely under watch, with the right dose and notes."),
    ]  # fmt: skip
    work = tuple(
        Competency(id=cid, name=name, skills=(skill,), criteria=criteria)
        for cid, name, skill, criteria in steps
    )
    return ProgramStandards(
        name=PROGRAM_NAME,
        kind=ProgramKind.REGISTERED_APPRENTICESHIP,
        approach=Approach.COMPETENCY_BASED,
        occupation="31-9092.00",
        occupation_title="Medical Assistants",
        term_months=12,
        area="Columbus, OH",
        journeyworker_wage=21.0,
        mentor_ratio=2,
        work_processes=work,
        courses=(
            Course(id="ma-101", name="Medical assisting basics", hours=96,
                   provider_org_id=college_id),
            Course(id="ma-102", name="Clinical lab skills", hours=64, provider_org_id=college_id),
        ),
        wage_schedule=(
            WageStep(after_competencies=0, share=0.7),
            WageStep(after_competencies=2, share=0.8),
            WageStep(after_competencies=4, share=0.9),
        ),
        interim_credentials=(
            InterimCredential(id="ma-front", name="Medical Assistant: patient care basics",
                              competency_ids=("vitals", "rooming")),
        ),
    )  # fmt: skip


def _registration(n: int) -> Registration:
    return Registration(
        date_of_birth=date(1990 + n, 1 + n, 10 + n),
        sex=(Sex.FEMALE, Sex.MALE, Sex.NOT_SAID)[n % 3],
        hispanic=(YesNo.NO, YesNo.YES)[n % 2],
        races=((Race.BLACK,), (Race.WHITE,), (), (Race.ASIAN, Race.WHITE))[n % 4],
        disability=YesNo.NOT_SAID,
        veteran=(Veteran.NOT_VETERAN, Veteran.VETERAN)[int(n == 3)],
        education=(Education.HIGH_SCHOOL, Education.GED, Education.SOME_COLLEGE)[n % 3],
        employment=(EmploymentStatus.NEW_HIRE, EmploymentStatus.EXISTING_EMPLOYEE)[n % 2],
    )


def seed_demo_wbl(wbl: WorkBasedLearning, platform: Platform) -> int:
    """The demo program and its apprentices; how many apprentices were added (0 when the demo
    accounts are missing or it ran before)."""
    accounts = platform.accounts
    users = [
        accounts.user_by_email(e)
        for e in (demo_email("hr.admin"), demo_email("mentor"), demo_email("provider.admin"))
    ]
    workers = [accounts.user_by_email(e) for e in APPRENTICES]
    if None in users or None in workers:
        return 0
    sponsor, mentor, teacher = (accounts.principal(u) for u in users if u is not None)
    apprentices = [accounts.principal(u) for u in workers if u is not None]
    employer = _org_id(sponsor, _org_name("employer"))
    college = _org_id(teacher, _org_name("provider"))
    if employer is None or college is None:
        return 0
    if any(p.standards.name == PROGRAM_NAME for p in wbl.programs.of_org(sponsor, employer)):
        return 0
    board = _board_id(platform)
    draft = wbl.programs.create(sponsor, employer, demo_standards(college), board_org_id=board)
    program = wbl.programs.activate(sponsor, draft.program.id).program
    today = date.today()
    for n, (stage, worker) in enumerate(zip(STAGES, apprentices, strict=True)):
        start = today - timedelta(days=30 * (1 + n * 2))
        invited = wbl.apprentices.invite(
            sponsor, program.id, worker.user.email, start_date=start,
            wage_at_entry=14.7, paid_share=0.7,
        )  # fmt: skip
        if stage == "invited":
            continue
        wbl.apprentices.join(
            worker, invited.id, _registration(n), agreed=True, share_board=n % 2 == 0
        )
        if stage == "left":
            wbl.apprentices.end(
                sponsor, invited.id, ExitReason.OTHER_JOB, ended_on=today - timedelta(days=20),
                note="Took a front desk job closer to home.",
            )  # fmt: skip
            continue
        # two apprentices for the mentor (the program's ratio), two for the HR admin
        by_mentor = stage in ("started", "part_way")
        signer = accounts.principal(mentor.user) if by_mentor else sponsor
        wbl.apprentices.assign_mentor(sponsor, invited.id, signer.user.email)
        _progress(wbl, stage, invited.id, worker, signer, teacher, start, program.standards)
    return len(STAGES)


def demo_program_id(wbl: WorkBasedLearning, platform: Platform) -> str | None:
    """The demo apprenticeship's id, for the README's commands; None before the demo."""
    admin = platform.accounts.user_by_email(demo_email("hr.admin"))
    if admin is None:
        return None
    sponsor = platform.accounts.principal(admin)
    employer = _org_id(sponsor, _org_name("employer"))
    if employer is None:
        return None
    found = [p for p in wbl.programs.of_org(sponsor, employer) if p.standards.name == PROGRAM_NAME]
    return found[0].id if found else None


def _progress(
    wbl: WorkBasedLearning,
    stage: str,
    enrollment_id: str,
    worker: Principal,
    signer: Principal,
    teacher: Principal,
    start: date,
    standards: ProgramStandards,
) -> None:
    work = [c.id for c in standards.work_processes]
    done = {"started": 0, "part_way": 2, "nearly": 4, "completed": 5}[stage]
    for day in range(min(6, (date.today() - start).days)):
        wbl.records.log_hours(
            worker, enrollment_id, day=start + timedelta(days=day), hours=8,
            competency_id=work[min(day, len(work) - 1)], note="Front office and rooming.",
        )  # fmt: skip
    pending = [h.id for h in wbl.apprentices.view(worker, enrollment_id).pending_hours]
    if stage != "started" and pending:
        wbl.records.decide_hours(signer, enrollment_id, pending[:-1], approve=True)
    for competency in work[:done]:
        wbl.records.sign_off(signer, enrollment_id, competency, note="Seen on the floor.")
    classes = {"started": 0, "part_way": 1, "nearly": 1, "completed": 2}[stage]
    for course in standards.courses[:classes]:
        wbl.records.record_instruction(
            teacher, enrollment_id, course.id, hours=course.hours, grade="Pass"
        )


def _org_name(key: str) -> str:
    return next(o.name for o in ORGS if o.key == key)


def _org_id(principal: Principal, name: str) -> str | None:
    return next((m.org_id for m in principal.memberships if m.org_name == name), None)


def _board_id(platform: Platform) -> str | None:
    analyst = platform.accounts.user_by_email(demo_email("board.analyst"))
    if analyst is None:
        return None
    return _org_id(platform.accounts.principal(analyst), _org_name("board"))
