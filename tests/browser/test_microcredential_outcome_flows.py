"""Delivering a microcredential in a real browser at 390 px (issue 16, item 5), on the demo
data: the provider admin opens the outcomes dashboard from their dashboard, opens a learner part
way through, records the result that meets the last outcome (the rubric's words beside each
level), and the learner finds the credential in their wallet; the provider then records the
hire under the employer's hiring target and sees it on the dashboard. axe-core and the width
check run on every page. Names come from the demo design, whichever it is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onramp.market.microcredentials.delivery import Delivery
from onramp.market.microcredentials.delivery_demo import LEARNERS
from onramp.market.microcredentials.model import CommitmentKind
from onramp.platform.demo import demo_email

from demo_site import PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

PROVIDER = demo_email("provider.admin")
PART_WAY = LEARNERS[1]  # the demo learner who met some outcomes, not all


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_site(tmp_path_factory.mktemp("microcredentials")) as built:
        yield built


def _clean(page: Any, where: str) -> None:
    assert not accessibility_problems(page), (where, accessibility_problems(page))
    assert not overflow(page), (where, overflow(page))


def test_a_provider_completes_a_learner_who_finds_the_credential_then_records_the_hire(
    site: DemoSite, browser: Any
) -> None:
    delivery = Delivery(site.engine, site.credentials)
    learner = site.principal(PART_WAY)
    ((design, view),) = delivery.mine(learner)
    name = design.parts.name
    staff_principal = site.principal(PROVIDER)
    college = next(m.org_name for m in staff_principal.memberships if m.org_id == design.org_id)
    left = [s for s in view.outcomes if s.progress.value != "met"]
    hiring = next(c for c in design.parts.commitments if c.kind is CommitmentKind.HIRING_TARGET)
    before = next(
        c.done
        for c in delivery.design_outcomes(staff_principal, design.id).figures.commitments
        if c.commitment_id == hiring.id
    )
    staff = signed_in(browser, site, PROVIDER, PHONE)
    page = staff.new_page()
    try:
        page.goto(site.base + "/dashboard")
        page.get_by_role("link", name="Your learners and their results").click()
        page.get_by_role("heading", level=1, name=f"Outcomes: {college}").wait_for()
        _clean(page, "provider outcomes")
        page.get_by_role("link", name=f"learners in {name}").click()
        page.get_by_role("heading", level=1, name=f"Learners in {name}").wait_for()
        _clean(page, "delivery")
        page.get_by_role("link", name=learner.user.name).click()
        page.get_by_role("heading", level=1, name=learner.user.name).wait_for()
        _clean(page, "learner")
        for status in left:  # every check of every outcome still open, at the level needed
            outcome = design.parts.outcome(status.outcome_id)
            assert outcome is not None
            for assessment in design.parts.assessments:
                if outcome.id not in assessment.outcome_ids:
                    continue
                row = assessment.rubric_level(outcome.level)
                assert row is not None
                form = page.locator("form").filter(
                    has=page.get_by_text(f"{assessment.name}: {outcome.label} (needs")
                )
                form.get_by_label(f"Level {row.level}: {row.description}").check()
                with page.expect_navigation():
                    form.get_by_role("button", name="Save the result").click()
        page.get_by_role("status").filter(has_text="Every outcome is met").wait_for()
        _clean(page, "learner, completed")
        learner_page = page.url

        worker = signed_in(browser, site, PART_WAY, PHONE)
        mine = worker.new_page()
        try:
            mine.goto(site.base + "/dashboard")
            mine.get_by_role("link", name="See my microcredentials").click()
            mine.get_by_role("heading", level=1, name="My microcredentials").wait_for()
            _clean(mine, "my microcredentials")
            mine.get_by_role("link", name="See your credential in your wallet").click()
            mine.get_by_text(name).first.wait_for()
            _clean(mine, "the credential in the wallet")
        finally:
            worker.close()

        page.goto(learner_page)
        heading = page.get_by_role("heading", name="Record an interview or a job")
        form = page.locator("form", has=heading)
        form.get_by_label("Yes").check()
        form.get_by_label("Employer", exact=True).select_option(hiring.org_id)
        form.get_by_label("Pay per hour, if hired").fill("21.50")
        form.get_by_label("Date of the interview or first day").fill(hiring.starts.isoformat())
        form.get_by_label("Does it keep an employer's promise?").select_option(hiring.id)
        form.get_by_role("button", name="Save").click()
        page.get_by_role("status").filter(has_text="Saved.").wait_for()
        assert "Hired at " in page.inner_text("body")
        page.get_by_role("link", name=f"Learners in {name}").click()
        page.get_by_role("link", name="See how learners did").click()
        page.get_by_role("heading", level=1, name=f"Outcomes: {name}").wait_for()
        assert f"{int(before) + 1} of {hiring.count} hires" in page.inner_text("body")
        _clean(page, "design outcomes")
    finally:
        staff.close()
