"""A workforce board's WIOA report in a real browser (issue 18, acceptance: "a board downloads
the quarterly report"): a board analyst logs in, loads the hand-computed participant file
through the file input, picks the quarter, reads the figures and the chart, and downloads the
quarterly report and the record trace; a file with a bad line is refused, naming it, and loads
nothing. axe-core and the width check run on every page, at 390 px and at laptop width."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from onramp.platform import AccountKind, OrgKind, Platform, Role
from onramp.platform import secrets as platform_secrets

from browser_support import serve, shows, sqlite_engine
from demo_site import LAPTOP, PHONE
from page_checks import accessibility_problems, overflow

PASSWORD = "correct horse battery"
FIXTURE = Path(__file__).resolve().parents[1] / "metrics" / "data" / "wioa_participants.csv"
ANALYST = "al@board.example"


@dataclass
class Site:
    base: str
    board_id: str


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("wioa-site")
    with pytest.MonkeyPatch.context() as patch:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        patch.setattr(platform_secrets, "_hasher", cheap)
        engine = sqlite_engine(folder)
        secrets = folder / "secrets"
        for base in serve(engine, secrets):
            platform = Platform(engine, secrets_dir=secrets, public_url=base)
            accounts = platform.accounts
            chair = accounts.sign_up("bea@board.example", PASSWORD, "Bea Board", AccountKind.STAFF)
            board = platform.orgs.create(
                accounts.principal(chair), "River Workforce Board", OrgKind.WORKFORCE_BOARD
            )
            analyst = accounts.sign_up(ANALYST, PASSWORD, "Al Analyst", AccountKind.STAFF)
            platform.orgs.add_member(board.id, analyst, Role.BOARD_ANALYST, None)
            yield Site(base, board.id)
        engine.dispose()


def _both(page: Any, where: str) -> None:
    """Clean on a phone and on a laptop; the page is left at the laptop's width."""
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        assert not accessibility_problems(page), (where, size, accessibility_problems(page))
        assert not overflow(page), (where, size, overflow(page))


def test_a_board_analyst_loads_records_and_downloads_the_quarterly_report(
    site: Site, browser: Any, tmp_path: Path
) -> None:
    context = browser.new_context(bypass_csp=True, viewport=PHONE, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(site.base + "/login")
        page.get_by_label("Email").fill(ANALYST)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="WIOA report").click()
        page.get_by_role("heading", level=1, name="WIOA report: River Workforce Board").wait_for()
        assert shows(page, "Records on file: <strong>0</strong>")
        _both(page, "the report page, empty")

        # a file with a bad line: refused whole, the line named
        lines = FIXTURE.read_text(encoding="utf-8").splitlines()
        lines[3] = lines[3].replace("2025-07-31", "2023-01-01", 1)  # A03 leaves before it came
        bad = tmp_path / "bad.csv"
        bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
        page.get_by_label("Participant file (CSV, up to 5 MB)").set_input_files(str(bad))
        page.get_by_role("button", name="Load the file").click()
        assert shows(page, "1 lines need fixing, so nothing was loaded.")
        assert shows(page, "Line 4: the exit date is before the entry date.")
        assert shows(page, "Records on file: <strong>0</strong>")
        _both(page, "the report page, a file refused")

        # the good file, through the same file input
        page.get_by_label("Participant file (CSV, up to 5 MB)").set_input_files(str(FIXTURE))
        page.get_by_role("button", name="Load the file").click()
        assert shows(page, "Loaded wioa_participants.csv: 54 records, 54 new and 0 replaced.")

        page.get_by_label("Report quarter (program year and quarter)").select_option("2026Q3")
        page.get_by_role("button", name="Show this quarter").click()
        page.get_by_role(
            "heading",
            level=2,
            name="Program year 2026, quarter 3 (January 1, 2027 to March 31, 2027)",
        ).wait_for()
        table = page.get_by_role("table", name="The figures")
        row = table.get_by_role("row", name="Had a job, 2nd quarter after leaving")
        assert row.inner_text().split("\t")[2:5] == ["12", "19", "63.2%"]
        pay = table.get_by_role("row", name="Middle pay, 2nd quarter after leaving")
        assert "$6,900.00" in pay.inner_text()
        assert (
            page.get_by_role("img", name="Bar chart: the share of people who met each goal").count()
            == 1
        )
        _both(page, "the report page, PY 2026 Q3")

        with page.expect_download() as got:
            page.get_by_role("link", name="Download the report for this quarter (CSV)").click()
        assert got.value.suggested_filename == "wioa-2026Q3.csv"
        report = Path(got.value.path()).read_text(encoding="utf-8").splitlines()
        assert report[0].startswith("indicator,meaning,cohort_start,cohort_end,numerator")
        credential = next(line for line in report if line.startswith("credential,"))
        assert ",10,14,0.7143," in credential
        with page.expect_download() as got:
            page.get_by_role("link", name="Download the record trace (CSV)").click()
        trace = Path(got.value.path()).read_text(encoding="utf-8")
        assert "M03,skill_gains,excluded,no,health" in trace

        page.get_by_role("link", name="See the file layout").click()
        page.get_by_role("heading", level=1, name="WIOA participant file layout").wait_for()
        assert page.get_by_role("row", name="wages_q2").count() == 1
        _both(page, "the layout page")
    finally:
        context.close()
