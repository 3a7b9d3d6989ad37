"""A worker explores career pathways in a real browser (issue 15, items 2 and 6): from the
dashboard to their next steps, a job to aim for found by its title, and the pathway map with
its table, at a laptop's width and at 390 px, with axe-core on each page; then "Save this
pathway to my plan", which lands on their advancement plan with the job and its steps."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from onramp.credentials.service import CredentialService
from onramp.jobs.service import Jobs
from onramp.market import read_oews
from onramp.matching.services import matching_services
from onramp.pathways.worker_service import matrix_and_index
from onramp.platform import Platform
from onramp.taxonomy import import_onet, run_import

from browser_support import serve, sqlite_engine
from demo_site import LAPTOP, PHONE
from page_checks import accessibility_problems, overflow
from support import shared as shared_data

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "market"))
from market_files import write_package_db  # noqa: E402

from onet_files import write_mini_onet  # noqa: E402

PASSWORD = "correct horse battery"
LABORERS, NURSES = "53-7062.00", "29-1141.00"
CODES = (LABORERS, NURSES, "41-2011.00", "31-1131.00", "29-2061.00", "35-9021.00")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Platform]]:
    folder = tmp_path_factory.mktemp("pathways-site")
    engine = sqlite_engine(folder)
    onet = write_mini_onet(shared_data("onet", "29.3"), folder / "onet", False, CODES)
    import_onet(engine, onet)
    package = write_package_db(folder / "oews.sqlite")
    run_import(engine, lambda step: read_oews([package], None, step))
    secrets = folder / "secrets"
    platform = Platform(engine, secrets_dir=secrets)
    worker = platform.accounts.principal(
        platform.accounts.sign_up("wes@mail.example", PASSWORD, "Wes Park")
    )
    platform.workers.update(worker, location="Los Angeles")
    credentials = CredentialService(
        engine, platform.mailer, platform.consents, secrets_dir=secrets,
        public_url="http://127.0.0.1",
    )  # fmt: skip
    jobs = Jobs(engine, platform.consents, credentials.wallet)
    books = matching_services(engine, platform.consents, credentials.wallet, jobs).evidence
    books.add_work_history(
        worker, title="Warehouse worker", occupation_code=LABORERS, started_on=date(2020, 1, 1)
    )
    matrix_and_index(engine)  # as `onramp serve` does in the background before anyone asks
    for url in serve(engine, secrets):
        yield url, platform
    engine.dispose()


def checked(page: Any) -> None:
    problems = accessibility_problems(page)
    assert problems == [], f"{page.url}: {problems}"
    assert overflow(page) == "", f"{page.url}: {overflow(page)}"


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_worker_explores_pathways_and_reads_the_map(
    site: tuple[str, Platform], browser: Any, viewport: dict[str, int]
) -> None:
    base, platform = site
    user = platform.accounts.user_by_email("wes@mail.example")
    assert user is not None
    token, _csrf = platform.accounts.start_session(user)
    context = browser.new_context(bypass_csp=True, viewport=viewport)
    context.add_cookies([{"name": "onramp_session", "value": token, "url": base}])
    page = context.new_page()
    try:
        page.goto(base + "/dashboard")
        page.get_by_role("link", name="See my career pathways").click()
        page.get_by_role("heading", name="My career pathways").wait_for()
        page.get_by_role("heading", name="Next steps").wait_for()
        assert "Laborers and Freight" in page.locator("main").inner_text()
        checked(page)

        page.get_by_label("Job title").fill("registered nurses")
        page.get_by_role("button", name="Find jobs").click()
        matches = page.get_by_role("list", name="Jobs that match")
        matches.get_by_role("link", name="Registered Nurses").click()
        page.get_by_role("heading", name="Pathways to Registered Nurses").wait_for()

        # the map, drawn as one image with a name, and the table that says the same
        drawn = page.get_by_role("img", name="Map of pathway 1")
        assert drawn.count() == 1 and "Registered Nurses" in drawn.inner_html()
        table = page.get_by_role("table", name="Pathway 1, step by step")
        rows = table.locator("tbody tr")
        assert rows.first.inner_text().startswith("Now")
        assert "Registered Nurses" in rows.last.inner_text()
        assert "$" in rows.last.inner_text()  # pay where the worker lives
        checked(page)

        save = page.locator("form[action='/me/plan/from-pathway']").first
        assert save.get_attribute("method") == "post"
        assert save.locator("input[name='target']").get_attribute("value") == NURSES
        steps = save.locator("input[name='steps']").get_attribute("value") or ""
        assert steps.split(",")[-1] == NURSES and 1 <= len(steps.split(",")) <= 3
        assert save.locator("input[name='csrf_token']").get_attribute("value")
        save.get_by_role("button", name="Save this pathway to my plan").click()
        page.wait_for_url("**/me/plan?saved=pathway")
        about = page.get_by_role("region", name="About my plan")
        assert "The job I aim for: Registered Nurses" in about.inner_text()
        on_the_way = about.get_by_role("listitem")
        assert on_the_way.count() == len(steps.split(","))
        assert on_the_way.last.inner_text() == "Registered Nurses"
        checked(page)
    finally:
        context.close()
