"""A world for work-based learning tests (issue 17): an electrical contractor that sponsors an
apprenticeship, its HR admin, a mentor and a recruiter, the college that teaches its classes,
the workforce board it names, another employer, and three workers; on a fresh store (SQLite
and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform, Principal, Role
from onramp.platform.emails import Proof, record_confirmed
from onramp.store import platform_tables as t
from onramp.taxonomy import import_esf
from onramp.wbl.apprentices import Apprentices
from onramp.wbl.model import (
    Approach,
    Competency,
    Course,
    InterimCredential,
    ProgramKind,
    ProgramStandards,
    WageStep,
)
from onramp.wbl.programs import Programs
from onramp.wbl.progress_records import ProgressRecords
from onramp.wbl.records import (
    Education,
    EmploymentStatus,
    Registration,
    Sex,
    Veteran,
    YesNo,
)

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.example"
SERVICE, TEAMWORK, SAFETY = (
    "urn:onramp:esf:ESF-02",
    "urn:onramp:esf:ESF-05",
    "urn:onramp:esf:ESF-G6",
)
START = date.today() - timedelta(days=60)


@dataclass
class World:
    engine: Engine
    platform: Platform
    service: CredentialService
    programs: Programs
    apprentices: Apprentices
    records: ProgressRecords
    sponsor: Principal  # HR admin of the contractor
    sponsor_id: str
    mentor: Principal
    mentor2: Principal
    recruiter: Principal  # a member of the sponsor who is neither admin nor mentor
    teacher: Principal  # provider admin of the college
    college_id: str
    board: Principal  # board analyst
    board_id: str
    outsider: Principal  # HR admin of another employer
    ana: Principal
    ben: Principal
    cy: Principal

    def again(self, who: Principal) -> Principal:
        return self.platform.accounts.principal(who.user)


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id)).scalars())


def registration(**changes: object) -> Registration:
    base = Registration(
        date_of_birth=date(1999, 4, 2),
        sex=Sex.FEMALE,
        hispanic=YesNo.YES,
        races=(),
        disability=YesNo.NOT_SAID,
        veteran=Veteran.NOT_VETERAN,
        education=Education.HIGH_SCHOOL,
        employment=EmploymentStatus.NEW_HIRE,
    )
    return base.model_copy(update=changes)


def standards(college_id: str, **changes: object) -> ProgramStandards:
    """A competency-based registered apprenticeship with one course at the college."""
    program = ProgramStandards(
        name="Electrician Apprenticeship",
        kind=ProgramKind.REGISTERED_APPRENTICESHIP,
        approach=Approach.COMPETENCY_BASED,
        occupation="47-2111.00",
        occupation_title="Electricians",
        term_months=36,
        journeyworker_wage=38.0,
        mentor_ratio=1,
        work_processes=(
            Competency(
                id="c1", name="Install conduit", skills=(SAFETY,), criteria="Bends and sets it."
            ),
            Competency(id="c2", name="Wire circuits", skills=(SERVICE,), criteria="To code."),
            Competency(id="c3", name="Find faults", skills=(TEAMWORK,), criteria="Finds three."),
        ),
        courses=(Course(id="k1", name="Electrical theory", hours=432, provider_org_id=college_id),),
        wage_schedule=(
            WageStep(after_competencies=0, share=0.5),
            WageStep(after_competencies=1, share=0.6),
            WageStep(after_competencies=2, share=0.75),
        ),
        interim_credentials=(
            InterimCredential(id="i1", name="Conduit basics", competency_ids=("c1",)),
        ),
    )
    return program.model_copy(update=changes)


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    import_esf(engine)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url=PUBLIC,
        emails=platform.emails,
    )
    accounts = platform.accounts

    def staff(email: str, name: str) -> Principal:
        return accounts.principal(accounts.sign_up(email, PASSWORD, name, AccountKind.STAFF))

    def member(org_id: str, email: str, name: str, role: Role) -> Principal:
        user = accounts.sign_up(email, PASSWORD, name, AccountKind.STAFF)
        platform.orgs.add_member(org_id, user, role, None)
        return accounts.principal(user)

    boss = staff("hana@volt.example", "Hana HR")
    volt = platform.orgs.create(boss, "Volt Electric", OrgKind.EMPLOYER)
    platform.orgs.add_member(volt.id, boss.user, Role.HR_ADMIN, None)
    mentor = member(volt.id, "max@volt.example", "Max Mentor", Role.MENTOR)
    mentor2 = member(volt.id, "mia@volt.example", "Mia Mentor", Role.MENTOR)
    recruiter = member(volt.id, "rex@volt.example", "Rex Recruiter", Role.RECRUITER)
    dean = staff("dee@college.example", "Dee Dean")
    college = platform.orgs.create(dean, "Metro College", OrgKind.TRAINING_PROVIDER)
    teacher = member(college.id, "tom@college.example", "Tom Teacher", Role.PROVIDER_ADMIN)
    chair = staff("bea@board.example", "Bea Board")
    board_org = platform.orgs.create(chair, "River Workforce Board", OrgKind.WORKFORCE_BOARD)
    analyst = member(board_org.id, "al@board.example", "Al Analyst", Role.BOARD_ANALYST)
    rival = staff("rae@rival.example", "Rae Rival")
    platform.orgs.create(rival, "Spark Rivals", OrgKind.EMPLOYER)
    workers = []
    for email, name in (
        ("ana@mail.example", "Ana Ruiz"),
        ("ben@mail.example", "Ben Ode"),
        ("cy@mail.example", "Cy Park"),
    ):
        worker = accounts.principal(accounts.sign_up(email, PASSWORD, name))
        with engine.begin() as conn:
            record_confirmed(conn, worker.user.id, worker.user.email, Proof.LINK)
        workers.append(worker)
    programs = Programs(engine, service.issuing)
    apprentices = Apprentices(engine, programs, service, accounts, platform.consents)
    return World(
        engine,
        platform,
        service,
        programs,
        apprentices,
        ProgressRecords(engine, apprentices),
        accounts.principal(boss.user),
        volt.id,
        mentor,
        mentor2,
        recruiter,
        teacher,
        college.id,
        analyst,
        board_org.id,
        accounts.principal(rival.user),
        *workers,
    )


def open_program(w: World, **changes: object) -> str:
    view = w.programs.create(
        w.sponsor, w.sponsor_id, standards(w.college_id, **changes), board_org_id=w.board_id
    )
    return w.programs.activate(w.sponsor, view.program.id).program.id


def joined(w: World, program_id: str, who: Principal, *, board: bool = False) -> str:
    """Invite `who`, have them say yes, and give them Max as mentor."""
    invited = w.apprentices.invite(
        w.sponsor, program_id, who.user.email, start_date=START, wage_at_entry=19.0, paid_share=0.5
    )
    w.apprentices.join(who, invited.id, registration(), agreed=True, share_board=board)
    return invited.id
