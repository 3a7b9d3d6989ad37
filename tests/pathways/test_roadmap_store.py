"""The roadmap use case on a real store, SQLite and PostgreSQL (issue 15, item 3): who may
read it, drafts kept from the public "where this job leads", training partners' programs,
and the operator's view."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.credentials.programs import programs_for_skills
from onramp.credentials.service import CredentialService
from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.jobs.model import CareerLevel, Job, JobDraft, JobState, Requirement
from onramp.jobs.service import Jobs
from onramp.pathways import transition_matrix
from onramp.pathways.roadmap_model import GainWay, RoadmapNote
from onramp.pathways.roadmaps import Roadmaps
from onramp.platform import AccountKind, OrgKind, Platform, Principal
from onramp.taxonomy import import_esf, import_onet

from support import shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
SITE = "https://onramp.test"
CARE, SAFETY, RECORDS = (f"urn:onramp:esf:ESF-{n}" for n in ("03", "19", "24"))
NURSING = ("31-1131.00", "29-2061.00", "29-1141.00", "37-2011.00")


@dataclass
class World:
    roadmaps: Roadmaps
    jobs: Jobs
    hr: Principal
    outsider: Principal
    provider: Principal
    worker: Principal
    org_id: str
    college_id: str
    cna: Job
    lpn: Job
    rn: Job  # a draft


def _staff(platform: Platform, email: str) -> Principal:
    return platform.accounts.principal(
        platform.accounts.sign_up(email, PASSWORD, email.split("@")[0], AccountKind.STAFF)
    )


def _again(platform: Platform, who: Principal) -> Principal:
    return platform.accounts.principal(who.user)


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    import_onet(engine, write_mini_onet(shared("onet", "29.3"), tmp_path / "onet", False, NURSING))
    import_esf(engine)
    platform = Platform(engine)
    hr, outsider, provider = (
        _staff(platform, e) for e in ("hr@river.test", "x@other.test", "p@college.test")
    )
    org = platform.orgs.create(hr, "Riverside Health", OrgKind.EMPLOYER)
    platform.orgs.create(outsider, "Other Clinic", OrgKind.EMPLOYER)
    college = platform.orgs.create(provider, "Valley College", OrgKind.TRAINING_PROVIDER)
    hr, outsider, provider = (_again(platform, p) for p in (hr, outsider, provider))
    worker = platform.accounts.principal(
        platform.accounts.sign_up("w@mail.test", PASSWORD, "Wen", AccountKind.WORKER)
    )
    service = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=tmp_path / "secrets",
        public_url=SITE,
    )
    service.issuing.define(
        provider, college.id, name="Care Basics", criteria="A course.", skills=[CARE]
    )
    # an employer's own achievement is not a training partner's program
    service.issuing.define(hr, org.id, name="Our care check", criteria="A check.", skills=[CARE])
    jobs = Jobs(engine, platform.consents, service.wallet)

    def post(
        title: str, code: str, level: CareerLevel, reqs: list[Requirement], open_: bool
    ) -> Job:
        draft = JobDraft(
            title=title, occupations=(code,), career_level=level, requirements=tuple(reqs)
        )
        made = jobs.create(hr, org.id, draft)
        return jobs.move(hr, made.id, JobState.OPEN) if open_ else made

    def need(uri: str, level: int, weeks: int | None = None) -> Requirement:
        return Requirement(skill=uri, label=uri[-6:], level=level, learnable_weeks=weeks)

    cna = post(
        "Nursing Assistant", "31-1131.00", CareerLevel.ENTRY, [need(CARE, 1), need(SAFETY, 2)], True
    )
    lpn = post(
        "Practical Nurse",
        "29-2061.00",
        CareerLevel.DEVELOPING,
        [need(CARE, 3), need(SAFETY, 2), need(RECORDS, 2, 4)],
        True,
    )
    rn = post("Registered Nurse", "29-1141.00", CareerLevel.PROFICIENT, [need(CARE, 4)], False)
    roadmaps = Roadmaps(engine, jobs, platform.orgs, public_url=SITE)
    return World(roadmaps, jobs, hr, outsider, provider, worker, org.id, college.id, cna, lpn, rn)


def test_the_employers_people_see_the_whole_ladder_with_programs(world: World) -> None:
    roadmap = world.roadmaps.for_org(world.hr, world.org_id)
    (family,) = roadmap.families
    assert [r.title for r in family.rungs] == [
        "Nursing Assistant",
        "Practical Nurse",
        "Registered Nurse",
    ]
    lpn = {s.uri: s for s in family.rungs[1].skills}
    care = {w.kind: w for w in lpn[CARE].ways}
    assert set(care) == {GainWay.TRAINING_PARTNER}  # two levels up: not on the job alone
    (program,) = care[GainWay.TRAINING_PARTNER].programs
    assert program.name == "Care Basics" and program.org_name == "Valley College"
    assert program.url.startswith(f"{SITE}/orgs/valley-college/achievements/")
    assert [(w.kind, w.weeks) for w in lpn[RECORDS].ways] == [(GainWay.ON_THE_JOB, 4)]
    assert not lpn[SAFETY].new


@pytest.mark.parametrize("who", ["outsider", "provider", "worker"])
def test_no_one_else_reads_an_employers_roadmap(world: World, who: str) -> None:
    with pytest.raises(PermissionDeniedError):
        world.roadmaps.for_org(getattr(world, who), world.org_id)


def test_where_a_job_leads_shows_the_public_only_published_jobs(world: World) -> None:
    public = world.roadmaps.leads_to(None, world.cna.id)
    assert [r.title for r in public.next_rungs] == ["Practical Nurse"]  # the draft RN is hidden
    inside = world.roadmaps.leads_to(world.hr, world.cna.id)
    assert [r.title for r in inside.next_rungs] == ["Practical Nurse"]  # a public job: public view
    with pytest.raises(NotFoundError):
        world.roadmaps.leads_to(None, world.rn.id)
    with pytest.raises(NotFoundError):
        world.roadmaps.leads_to(world.outsider, world.rn.id)
    own_draft = world.roadmaps.leads_to(world.hr, world.rn.id)
    assert own_draft.next_rungs == () and own_draft.family


def test_programs_are_training_providers_achievements_aligned_to_the_skills(
    world: World, engine: Engine
) -> None:
    found = programs_for_skills(engine, [CARE, RECORDS], public_url=SITE)
    assert [(p.org_name, p.name, p.skills) for p in found] == [
        ("Valley College", "Care Basics", (CARE,))
    ]
    assert found[0].org_id == world.college_id
    assert programs_for_skills(engine, [RECORDS]) == []
    with pytest.raises(InvalidInputError):
        programs_for_skills(engine, [f"urn:x:{n}" for n in range(501)])


def test_the_operator_reads_by_slug_or_id_and_only_employers(world: World) -> None:
    by_slug = world.roadmaps.for_operator("riverside-health")
    assert by_slug == world.roadmaps.for_operator(world.org_id)
    with pytest.raises(NotFoundError):
        world.roadmaps.for_operator("nobody")
    with pytest.raises(InvalidInputError):
        world.roadmaps.for_operator("valley-college")


def test_a_page_never_waits_for_the_matrix_and_says_it_is_still_loading(
    world: World, engine: Engine
) -> None:
    pages = Roadmaps(engine, world.jobs, world.roadmaps.orgs, wait_for_matrix=False)
    first = pages.for_org(world.hr, world.org_id)
    assert RoadmapNote.LOADING in first.notes and first.lacks == ()
    titles = {r.title for f in first.families for r in f.rungs}  # from the jobs alone
    assert titles == {"Nursing Assistant", "Practical Nurse", "Registered Nurse"}
    transition_matrix(engine)  # waits for the background build (or builds it)
    later = pages.for_org(world.hr, world.org_id)
    assert RoadmapNote.LOADING not in later.notes and later.lacks
