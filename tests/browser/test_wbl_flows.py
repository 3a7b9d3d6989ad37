"""Work-based learning in a real browser (issue 17): at 390 px a mentor approves hours and
signs off a skill with a note and a photo; an apprentice joins from the invitation, logs hours
and, after the mentor's sign-off, finds the interim credential in the wallet; the sponsor
reads the roster's problems and downloads the roster and the funder report; the workforce
board reads the outcomes with small counts hidden, and the chart. axe-core and the width check
run on every page. The world is built through the use cases, on one server for the module."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from onramp.api.auth import SESSION_COOKIE
from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform, Principal, Role
from onramp.platform import secrets as platform_secrets
from onramp.platform.emails import Proof, record_confirmed
from onramp.taxonomy import import_esf
from onramp.wbl.service import WorkBasedLearning

from browser_support import serve, sqlite_engine
from demo_site import LAPTOP, PHONE
from page_checks import accessibility_problems, overflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wbl"))
from wbl_world import registration, standards  # noqa: E402

PASSWORD = "correct horse battery"
START = date.today() - timedelta(days=60)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Site:
    base: str
    platform: Platform
    wbl: WorkBasedLearning
    sponsor: Principal
    sponsor_id: str
    mentor: Principal
    board_id: str
    program_id: str
    ben_enrollment: str
    ana_enrollment: str

    def context(self, browser: Any, email: str, viewport: dict[str, int]) -> Any:
        user = self.platform.accounts.user_by_email(email)
        assert user is not None
        token, _csrf = self.platform.accounts.start_session(user)
        context = browser.new_context(bypass_csp=True, viewport=viewport, accept_downloads=True)
        context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": self.base}])
        return context

    def again(self, who: Principal) -> Principal:
        return self.platform.accounts.principal(who.user)


def _people(platform: Platform, engine: Any) -> dict[str, Any]:
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
    dean = staff("dee@college.example", "Dee Dean")
    college = platform.orgs.create(dean, "Metro College", OrgKind.TRAINING_PROVIDER)
    chair = staff("bea@board.example", "Bea Board")
    board = platform.orgs.create(chair, "River Workforce Board", OrgKind.WORKFORCE_BOARD)
    member(board.id, "al@board.example", "Al Analyst", Role.BOARD_ANALYST)

    def worker(email: str, name: str) -> Principal:
        found = accounts.principal(accounts.sign_up(email, PASSWORD, name))
        with engine.begin() as conn:
            record_confirmed(conn, found.user.id, found.user.email, Proof.LINK)
        return found

    return {
        "sponsor": accounts.principal(boss.user),
        "sponsor_id": volt.id,
        "mentor": mentor,
        "college_id": college.id,
        "board_id": board.id,
        "worker": worker,
    }


def _build(base: str, engine: Any, secrets: Path) -> Site:
    """The people, three open programs naming the board, and apprentices at every stage."""
    platform = Platform(engine, secrets_dir=secrets, public_url=base)
    credentials = CredentialService(
        engine,
        platform.mailer,
        platform.consents,
        secrets_dir=secrets,
        public_url=base,
        emails=platform.emails,
    )
    wbl = WorkBasedLearning(engine, platform, credentials)
    p = _people(platform, engine)
    sponsor, college_id = p["sponsor"], p["college_id"]

    def program(name: str, **changes: Any) -> str:
        made = standards(college_id, name=name, mentor_ratio=10, **changes)
        view = wbl.programs.create(sponsor, p["sponsor_id"], made, board_org_id=p["board_id"])
        return wbl.programs.activate(sponsor, view.program.id).program.id

    def join(program_id: str, who: Principal, wage: float | None = 19.0) -> str:
        invited = wbl.apprentices.invite(
            sponsor, program_id, who.user.email, start_date=START, wage_at_entry=wage
        )
        wbl.apprentices.join(who, invited.id, registration(), agreed=True)
        return invited.id

    main = program("Electrician Apprenticeship")
    ben = p["worker"]("ben@mail.example", "Ben Ode")
    ben_id = join(main, ben)
    wbl.apprentices.assign_mentor(sponsor, ben_id, "max@volt.example")
    wbl.records.log_hours(
        ben, ben_id, day=date.today() - timedelta(days=1), hours=8, competency_id="c1"
    )
    wbl.records.log_hours(
        ben, ben_id, day=date.today() - timedelta(days=2), hours=6.5, competency_id="c2"
    )
    join(main, p["worker"]("cy@mail.example", "Cy Park"), wage=None)  # no starting pay
    ana = p["worker"]("ana@mail.example", "Ana Ruiz")
    ana_id = wbl.apprentices.invite(
        sponsor, main, ana.user.email, start_date=START, wage_at_entry=19.0
    ).id
    draft = standards(college_id, name="Plumber Apprenticeship", courses=(), mentor_ratio=2)
    wbl.programs.create(sponsor, p["sponsor_id"], draft)
    small, large = program("Solar Pre-apprenticeship"), program("Lineworker Apprenticeship")
    for n in range(10):
        join(main, p["worker"](f"e{n}@mail.example", f"Elle {n}"))
    for n in range(3):
        join(small, p["worker"](f"s{n}@mail.example", f"Sol {n}"))
    for n in range(11):
        join(large, p["worker"](f"l{n}@mail.example", f"Lin {n}"))
    return Site(
        base,
        platform,
        wbl,
        sponsor,
        p["sponsor_id"],
        p["mentor"],
        p["board_id"],
        main,
        ben_id,
        ana_id,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("wbl-site")
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(platform_secrets, "_hasher", cheap)
        engine = sqlite_engine(folder)
        import_esf(engine)
        secrets = folder / "secrets"
        for base in serve(engine, secrets):
            yield _build(base, engine, secrets)
        engine.dispose()


def _clean(page: Any, where: str) -> None:
    assert not accessibility_problems(page), (where, accessibility_problems(page))
    assert not overflow(page), (where, overflow(page))


def _both(page: Any, where: str) -> None:
    """Clean on a phone and on a laptop; the page is left at the laptop's width."""
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        _clean(page, f"{where} at {size['width']} px")


def test_a_mentor_approves_hours_and_signs_off_a_skill_on_a_phone(site: Site, browser: Any) -> None:
    context = site.context(browser, "max@volt.example", PHONE)
    try:
        page = context.new_page()
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Apprentices I mentor").click()
        page.get_by_role("heading", level=1, name="Apprentices I mentor").wait_for()
        assert "2 entries of hours wait for you." in page.inner_text("main")
        _both(page, "mentor list")
        page.set_viewport_size(PHONE)
        page.get_by_role("link", name="Ben Ode").click()
        page.get_by_role("heading", level=1, name="Ben Ode").wait_for()
        _clean(page, "apprentice, mentor's view")
        page.get_by_role("button", name="Approve").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        assert "No hours wait for you." in page.inner_text("main")
        assert "Hours approved: 14.5" in page.inner_text("main")
        form = page.locator("form").filter(
            has=page.get_by_role("button", name="Sign off Install conduit")
        )
        form.get_by_label("What you saw").fill("Bent and set 20 feet of conduit, level and tight.")
        form.get_by_label("A photo or a PDF (optional)").set_input_files(
            {"name": "conduit.png", "mimeType": "image/png", "buffer": PNG}
        )
        form.get_by_role("button", name="Sign off Install conduit").click()
        page.get_by_role("status").filter(has_text="credential is on its way").wait_for()
        assert "Install conduit signed off by Max Mentor" in page.inner_text("main")
        with page.expect_download() as got:
            page.get_by_role("link", name="Download the file for Install conduit").click()
        assert Path(got.value.path()).read_bytes() == PNG
        _both(page, "apprentice, signed off")
    finally:
        context.close()


def test_an_apprentice_joins_logs_hours_and_finds_the_interim_credential(
    site: Site, browser: Any
) -> None:
    context = site.context(browser, "ana@mail.example", PHONE)
    try:
        page = context.new_page()
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="See my apprenticeship").click()
        page.get_by_role("heading", level=1, name="My apprenticeship").wait_for()
        _both(page, "my apprenticeships")
        page.set_viewport_size(PHONE)
        page.get_by_role("link", name="Electrician Apprenticeship").click()
        page.get_by_role("heading", level=1, name="Electrician Apprenticeship").wait_for()
        assert "Volt Electric will see your Onramp profile" in page.inner_text("main")
        _both(page, "invitation")
        page.set_viewport_size(PHONE)
        page.get_by_label("Date of birth").fill("1999-04-02")
        page.get_by_role("group", name="Sex").get_by_label("I'd rather not say").check()
        page.get_by_role("group", name="Are you Hispanic or Latino?").get_by_label(
            "No", exact=True
        ).check()
        page.get_by_role("group", name="Do you have a disability?").get_by_label(
            "No", exact=True
        ).check()
        page.get_by_role("group", name="Are you a veteran?").get_by_label("Not a veteran").check()
        page.get_by_label("High school diploma").check()
        page.get_by_label("New to this employer").check()
        page.get_by_label("Asian").check()
        page.get_by_label("I agree to who will see what").check()
        page.get_by_role("button", name="Join").click()
        page.get_by_role("status").filter(has_text="You joined").wait_for()
        _clean(page, "joined")
        page.get_by_label("Hours", exact=True).fill("7.5")
        page.get_by_label("Skill you worked on").select_option(label="Install conduit")
        page.get_by_label("Note (optional)").fill("Ran conduit in the basement.")
        page.get_by_role("button", name="Save the hours").click()
        page.get_by_role("status").filter(has_text="Your mentor will check").wait_for()
        assert "Waiting for the mentor." in page.inner_text("main")

        sponsor = site.again(site.sponsor)
        site.wbl.apprentices.assign_mentor(sponsor, site.ana_enrollment, "max@volt.example")
        site.wbl.records.sign_off(
            site.again(site.mentor), site.ana_enrollment, "c1", note="Set the conduit well."
        )
        page.reload()
        page.get_by_role("heading", name="Credentials you earned").wait_for()
        _both(page, "credential earned")
        page.set_viewport_size(PHONE)
        assert (
            "Conduit basics"
            in page.get_by_role("region", name="Credentials you earned").inner_text()
        )
        page.get_by_role("link", name="See it in your wallet").click()
        page.wait_for_url("**/wallet/**")
        page.get_by_text("Conduit basics").first.wait_for()
        _clean(page, "wallet item")
    finally:
        context.close()


def test_the_sponsor_reads_roster_problems_and_downloads_the_reports(
    site: Site, browser: Any
) -> None:
    context = site.context(browser, "hana@volt.example", LAPTOP)
    try:
        page = context.new_page()
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Training programs").click()
        page.get_by_role("heading", level=1, name="Training programs: Volt Electric").wait_for()
        _both(page, "programs")
        page.get_by_role("link", name="Reports to send").click()
        page.get_by_role("heading", level=1, name="Program reports: Volt Electric").wait_for()
        text = page.inner_text("main")
        assert "(Cy Park): wage_at_entry is missing — it was not recorded." in text
        _both(page, "reports")
        page.get_by_role("button", name="Download the roster (CSV)").click()
        page.get_by_role("alert").filter(has_text="not complete").wait_for()
        page.set_viewport_size(PHONE)
        _clean(page, "reports, refused, phone")
        page.get_by_label("Download it even though some rows are not complete").check()
        with page.expect_download() as got:
            page.get_by_role("button", name="Download the roster (CSV)").click()
        roster = Path(got.value.path()).read_text(encoding="utf-8")
        assert roster.startswith("record_id,apprentice_name,date_of_birth")
        assert "Cy Park" in roster and "Ben Ode" in roster
        with page.expect_download() as got:
            page.get_by_role("link", name="Get the report for funders (CSV)").click()
        funder = Path(got.value.path()).read_text(encoding="utf-8")
        assert "Electrician Apprenticeship" in funder and "enrolled" in funder.splitlines()[0]
    finally:
        context.close()


def test_the_board_reads_outcomes_with_small_counts_hidden(site: Site, browser: Any) -> None:
    context = site.context(browser, "al@board.example", PHONE)
    try:
        page = context.new_page()
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Program outcomes").click()
        page.get_by_role(
            "heading", level=1, name="Program outcomes: River Workforce Board"
        ).wait_for()
        table = page.locator("table")
        solar = table.get_by_role("row", name="Solar Pre-apprenticeship")
        assert "hidden" in solar.inner_text()
        svg = page.locator('svg[role="img"][aria-labelledby="outcomes-chart-t outcomes-chart-d"]')
        assert svg.count() == 1 and svg.locator("rect").count() >= 1
        assert "Why some numbers are hidden" in page.inner_text("main")
        _clean(page, "outcomes, phone")
        page.set_viewport_size(LAPTOP)
        _clean(page, "outcomes, laptop")
        with page.expect_download() as got:
            page.get_by_role("link", name="Download this table as CSV").click()
        csv_text = Path(got.value.path()).read_text(encoding="utf-8")
        assert csv_text.startswith("group_by,key,name") and "Solar Pre-apprenticeship" in csv_text
    finally:
        context.close()


def test_the_sponsor_fixes_a_draft_opens_it_and_reads_the_roster(site: Site, browser: Any) -> None:
    context = site.context(browser, "hana@volt.example", LAPTOP)
    try:
        page = context.new_page()
        page.goto(f"{site.base}/orgs/{site.sponsor_id}/programs")
        page.get_by_role("link", name="Plumber Apprenticeship").click()
        page.get_by_role("heading", level=1, name="Plumber Apprenticeship").wait_for()
        assert "Must fix: Add the classes that go with the work." in page.inner_text("main")
        _both(page, "draft")
        page.get_by_role("button", name="Open the program").click()
        page.get_by_role("alert").filter(has_text="cannot open yet").wait_for()
        assert "Add the classes" in page.get_by_role("alert").first.inner_text()
        _both(page, "draft, refused")
        form = page.locator("form").filter(has=page.get_by_role("heading", name="Add a class"))
        form.get_by_label("Name of the class").fill("Plumbing code")
        form.get_by_label("Hours", exact=True).fill("450")
        form.get_by_label("School's name, if not on Onramp").fill("Night Trade School")
        form.get_by_role("button", name="Add the class").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        assert "Plumbing code: 450 hours, taught by Night Trade School" in page.inner_text("main")
        page.get_by_role("button", name="Open the program").click()
        page.get_by_role("status").filter(has_text="The program is open").wait_for()
        _both(page, "opened")
        page.goto(f"{site.base}/programs/{site.program_id}/apprentices")
        page.get_by_role(
            "heading", level=1, name="Apprentices in Electrician Apprenticeship"
        ).wait_for()
        assert "Raise due: step" in page.inner_text("main")
        _both(page, "roster")
        page.get_by_role("link", name="Ben Ode").click()
        page.get_by_role("heading", level=1, name="Ben Ode").wait_for()
        _both(page, "apprentice, sponsor's view")
    finally:
        context.close()
