"""Every web form that takes a file, in a real browser with real files (issue 12, item 1).

Each test chooses a file the way a person does (the file input), sends the form, and checks
what the person sees next: the verdict on /verify (a credential's JSON, and the same credential
baked into a PNG and an SVG badge), the skills on /extract (a PDF, a Word file, a web page and
plain text), the issued rows after a college's CSV bulk issue, and the new wallet entry after
"add from a file". The files are written by the tests. axe-core runs on each result page.
"""

from __future__ import annotations

import re
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onramp.credentials.formats import baked
from onramp.credentials.issuing import Recipient
from onramp.jobs.service import Jobs
from onramp.platform.demo import demo_email, worker_email

from demo_site import LAPTOP, PHONE, DemoSite, demo_site, signed_in
from page_checks import accessibility_problems, overflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "nlp"))
from test_documents import make_docx, make_pdf  # noqa: E402

POSTING = [
    "Cashier",
    "Requirements",
    "- Serving customers with a smile",
    "- Counting and calculating change",
    "Nice to have",
    "- Working in a team",
]
COLLEGE_ADMIN = demo_email("provider.admin")
NEWCOMER = worker_email(3)  # the demo worker who has shared nothing and holds no credential


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    with demo_site(tmp_path_factory.mktemp("uploads")) as built:
        yield built


@pytest.fixture(scope="module")
def college(site: DemoSite) -> tuple[Any, str, str]:
    """(the college admin, the college's id, an achievement it issues)."""
    admin = site.principal(COLLEGE_ADMIN)
    college_id = admin.memberships[0].org_id
    achievement = site.credentials.issuing.define(
        admin,
        college_id,
        name="Forklift Safety",
        criteria="Passed the forklift safety test.",
        skills=["urn:onramp:esf:ESF-19"],
    )
    return admin, college_id, achievement.id


@pytest.fixture(scope="module")
def credential(site: DemoSite, college: tuple[Any, str, str]) -> str:
    """A credential the college sent to the newcomer's email (it is not in a wallet yet)."""
    admin, college_id, achievement_id = college
    issued = site.credentials.issue(admin, college_id, achievement_id, [Recipient(email=NEWCOMER)])
    return str(issued[0].document)


def tiny_png() -> bytes:
    """A real 1x1 white PNG: signature, IHDR, one IDAT row, IEND, each chunk with its CRC."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\xff\xff")  # filter byte, then one pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


TINY_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="#0b5394"/></svg>'
)


def accessible(page: Any, where: str) -> None:
    problems = accessibility_problems(page)
    assert problems == [], f"{where}: {problems}"


@pytest.mark.parametrize("kind", ["json", "png", "svg"])
def test_check_a_credential_from_a_file(
    site: DemoSite, browser: Any, credential: str, tmp_path: Path, kind: str
) -> None:
    if kind == "json":
        upload = tmp_path / "credential.json"
        upload.write_text(credential, encoding="utf-8")
    elif kind == "png":
        upload = tmp_path / "badge.png"
        upload.write_bytes(baked.bake_png(tiny_png(), credential))
    else:
        upload = tmp_path / "badge.svg"
        upload.write_bytes(baked.bake_svg(TINY_SVG, credential))
    context = signed_in(browser, site, None, LAPTOP)
    page = context.new_page()
    try:
        page.goto(site.base + "/verify")
        page.get_by_label("A file (JSON, a badge image, or a JWT)").set_input_files(upload)
        page.get_by_role("button", name="Check it").click()
        verdict = page.get_by_role("status")
        verdict.wait_for()
        assert verdict.inner_text().startswith("This credential checks out."), (
            f"/verify with {upload.name}: {verdict.inner_text()!r}"
        )
        if kind != "json":
            assert page.get_by_text(f"baked into a {kind.upper()} image").count() == 1
        accessible(page, f"/verify after {upload.name}")
    finally:
        context.close()


def test_check_a_file_that_is_not_a_credential(
    site: DemoSite, browser: Any, tmp_path: Path
) -> None:
    upload = tmp_path / "notes.json"
    upload.write_text('{"shopping": ["milk", "bread"]}', encoding="utf-8")
    context = signed_in(browser, site, None, PHONE)
    page = context.new_page()
    try:
        page.goto(site.base + "/verify")
        page.get_by_label("A file (JSON, a badge image, or a JWT)").set_input_files(upload)
        page.get_by_role("button", name="Check it").click()
        page.get_by_role("status").get_by_text("This is not a standard credential.").wait_for()
        assert overflow(page) == ""
        accessible(page, "/verify after notes.json")
    finally:
        context.close()


def _documents(folder: Path) -> list[Path]:
    text = "\n".join(POSTING) + "\n"
    items = "".join(f"<li>{line[2:]}</li>" for line in POSTING if line.startswith("- "))
    files = {
        "posting.pdf": make_pdf(POSTING),
        "posting.docx": make_docx([(None, line, False) for line in POSTING]),
        "posting.html": (
            f"<!doctype html><html><body><h1>Cashier</h1><h2>Requirements</h2><ul>{items}</ul>"
            "</body></html>"
        ).encode(),
        "posting.txt": text.encode(),
    }
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def test_find_skills_in_uploaded_documents(site: DemoSite, browser: Any, tmp_path: Path) -> None:
    context = signed_in(browser, site, None, LAPTOP)
    page = context.new_page()
    try:
        for document in _documents(tmp_path):
            page.goto(site.base + "/extract")
            page.get_by_label("What is it?").select_option("posting")
            page.get_by_label("Or choose a file (text, web page, PDF or Word)").set_input_files(
                document
            )
            page.get_by_role("button", name="Find skills").click()
            found = page.get_by_role("heading", name=re.compile(r"We found \d+ skill"))
            found.wait_for()
            count = int(re.findall(r"\d+", found.inner_text())[0])
            assert count >= 2, f"/extract with {document.name}: {found.inner_text()}"
            marked = [t.strip() for t in page.locator(".marked-text mark").all_inner_texts()]
            assert "Serving customers" in marked, f"/extract with {document.name}: {marked}"
            accessible(page, f"/extract after {document.name}")
        page.set_viewport_size(PHONE)  # the last result, with its table, on a phone
        assert overflow(page) == ""
        accessible(page, "/extract's result on a phone")
    finally:
        context.close()


def test_a_college_issues_to_many_people_from_a_csv_file(
    site: DemoSite, browser: Any, college: tuple[Any, str, str], tmp_path: Path
) -> None:
    _admin, college_id, _achievement = college
    people = {
        worker_email(4): site.principal(worker_email(4)).user.name,
        "new.student@mail.example": "",
    }
    upload = tmp_path / "students.csv"
    upload.write_text("email,level\n" + "".join(f"{e},\n" for e in people), encoding="utf-8")
    context = signed_in(browser, site, COLLEGE_ADMIN, PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site.base}/orgs/{college_id}/credentials")
        page.get_by_label("Achievement", exact=True).select_option(label="Forklift Safety")
        page.get_by_label(re.compile(r"Or a CSV file for many people")).set_input_files(upload)
        page.get_by_role("button", name="Issue", exact=True).click()
        page.get_by_text(re.compile(r"Issued 2 credential")).wait_for()
        for email, name in people.items():
            who = re.escape(email) + (f"|{re.escape(name)}" if name else "")
            row = page.get_by_role("row", name=re.compile(f"Forklift Safety.*({who})"))
            assert row.count() == 1, f"no issued row for {email} after the CSV upload"
        assert overflow(page) == ""
        accessible(page, "the college's Credentials page after a CSV upload")
    finally:
        context.close()


def test_a_worker_adds_a_credential_from_a_file(
    site: DemoSite, browser: Any, credential: str, tmp_path: Path
) -> None:
    upload = tmp_path / "forklift-safety.json"
    upload.write_text(credential, encoding="utf-8")
    context = signed_in(browser, site, NEWCOMER, PHONE)
    page = context.new_page()
    try:
        page.goto(site.base + "/wallet")
        page.get_by_label("A file (JSON, a badge image, or a JWT)").set_input_files(upload)
        page.get_by_role("button", name="Add to my wallet").click()
        page.wait_for_url(re.compile(r".*/wallet/[0-9a-f-]+$"))
        page.get_by_text("It is real, it has not been changed, and it is about you.").wait_for()
        assert page.get_by_role("heading", level=1).inner_text() == "Forklift Safety"
        skills = page.locator("section", has=page.get_by_role("heading", name="Skills it shows"))
        assert skills.get_by_role("link").count() == 1
        accessible(page, "the new wallet entry")
        entry = page.url.removeprefix(site.base)
        page.goto(site.base + "/wallet")
        # the CSV test may also have mailed this person a Forklift Safety credential, which
        # lands in their wallet: the row of the entry just added is the one linking to it
        row = page.get_by_role("row").filter(has=page.locator(f'a[href="{entry}"]'))
        assert "Checked: OK" in row.inner_text()
        assert overflow(page) == ""
        accessible(page, "/wallet after adding a file")
    finally:
        context.close()


# a job post with the two proxies the linter exists for (issue 13, items 3 and 4)
JOB_POST = [
    "Cashier",
    "Requirements",
    "- Bachelor's degree required",
    "- 3+ years of experience in retail",
    "- Serving customers with a smile",
    "- Counting and calculating change",
]
EMPLOYER_ADMIN = demo_email("hr.admin")


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_an_employer_imports_a_job_post_from_a_file(
    site: DemoSite, browser: Any, tmp_path: Path, kind: str
) -> None:
    """The employer chooses a Word or PDF job post on "Make a new job"; the draft to review
    opens in the builder (after a redirect, so a reload makes no second draft), with the
    degree and years the post asked for as findings, at laptop and phone width."""
    upload = tmp_path / f"job-post.{kind}"
    if kind == "docx":
        # as Word writes it: a title, a heading, and a bulleted list
        styled = [("Title", JOB_POST[0], False), ("Heading1", JOB_POST[1], False)]
        styled += [("ListParagraph", line[2:], True) for line in JOB_POST[2:]]
        upload.write_bytes(make_docx(styled))
    else:
        upload.write_bytes(make_pdf(JOB_POST))
    employer_id = site.principal(EMPLOYER_ADMIN).memberships[0].org_id
    before = len(_jobs_of(site, employer_id))
    context = signed_in(browser, site, EMPLOYER_ADMIN, LAPTOP if kind == "docx" else PHONE)
    page = context.new_page()
    try:
        page.goto(f"{site.base}/orgs/{employer_id}/jobs/new")
        accessible(page, "Make a new job")
        page.get_by_label("Or choose a file (text, web page, PDF or Word)").set_input_files(upload)
        page.get_by_role("button", name="Read the job post").click()
        page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/edit\?created=1$"))
        page.get_by_text("We made a draft.").wait_for()
        notes = page.get_by_role("list", name="Notes on this draft").inner_text()
        assert re.search(r"asked for “Bachelor.s degree”", notes), f"{upload.name}: {notes}"
        for rule in ("degree-requirement", "years-of-experience"):
            page.locator(f"#job-summary-lint [data-rule='{rule}']").first.wait_for()
        assert page.locator("#job-title").input_value() == "Cashier"
        accessible(page, f"the builder after {upload.name}")
        for viewport in (PHONE, LAPTOP):
            page.set_viewport_size(viewport)
            assert overflow(page) == "", f"the builder after {upload.name}: {overflow(page)}"
        page.reload()  # the builder's own address: no second draft
        page.get_by_text("We made a draft.").wait_for()
        assert len(_jobs_of(site, employer_id)) == before + 1
    finally:
        context.close()


def _jobs_of(site: DemoSite, org_id: str) -> list[Any]:
    jobs = Jobs(site.engine, site.platform.consents, site.credentials.wallet)
    return jobs.for_org(site.principal(EMPLOYER_ADMIN), org_id)
