"""The microcredential designer at its edges (issue 16, items 3-4), on SQLite and PostgreSQL:
the REST API and the pages walk a design from demand evidence to a published microcredential,
a refused publish lists every gap (422 with the list; the page shows them), the partner signs
off on its own page, and the public page links the CTDL JSON-LD and the OB 3.0 Achievement.
The CLI refuses an incomplete publish with exit 2 and the gaps."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from demand_world import CASHIER, fill_postings, uri
from fastapi.testclient import TestClient
from microcredential_world import ESF_SKILLS, complete_parts
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.market.microcredentials.ctdl import check_ctdl
from onramp.platform import AccountKind, OrgKind, Platform
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_esf

from support import run_cli

PASSWORD = "correct horse battery"
PUBLIC = "https://onramp.test"


@dataclass
class Edges:
    designer: TestClient
    designer_csrf: str
    partner: TestClient
    partner_csrf: str
    outsider: TestClient
    provider_id: str
    partner_id: str


def _login(app: Any, email: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


def _people(platform: Platform) -> tuple[str, str]:
    ids = []
    for email, name, org, kind in (
        ("dee@college.example", "Dee", "River College", OrgKind.TRAINING_PROVIDER),
        ("pat@shop.example", "Pat Partner", "Corner Shop", OrgKind.EMPLOYER),
        ("oz@other.example", "Oz", "Other Co", OrgKind.EMPLOYER),
    ):
        user = platform.accounts.sign_up(email, PASSWORD, name, AccountKind.STAFF)
        ids.append(platform.orgs.create(platform.accounts.principal(user), org, kind).id)
    return ids[0], ids[1]


@pytest.fixture
def edges(engine: Engine, tmp_path: Path) -> Edges:
    import_esf(engine)
    fill_postings(engine)
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    provider_id, partner_id = _people(app.state.platform)
    designer, designer_csrf = _login(app, "dee@college.example")
    partner, partner_csrf = _login(app, "pat@shop.example")
    outsider, _ = _login(app, "oz@other.example")
    return Edges(designer, designer_csrf, partner, partner_csrf, outsider, provider_id, partner_id)


def test_the_api_walks_a_design_to_publication(edges: Edges) -> None:
    headers = {"x-csrf-token": edges.designer_csrf}
    base = "/api/v1/microcredentials"
    made = edges.designer.post(
        f"{base}/orgs/{edges.provider_id}/designs", json={"name": "Data Clerk"}, headers=headers
    )
    assert made.status_code == 201, made.text
    design_id = made.json()["id"]
    evidence = edges.designer.get(
        f"{base}/orgs/{edges.provider_id}/evidence", params={"occupation": CASHIER}
    ).json()
    assert {s["ref"] for s in evidence["skills"]} == {uri("service"), uri("cash")}
    parts = complete_parts(edges.partner_id, skills=ESF_SKILLS).model_dump(mode="json")
    edited = edges.designer.put(f"{base}/designs/{design_id}", json=parts, headers=headers)
    assert edited.status_code == 200, edited.text
    assert all(o["sign_off"] is None for o in edited.json()["parts"]["outcomes"])  # not forged
    refused = edges.designer.post(f"{base}/designs/{design_id}/publish", headers=headers)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "design_incomplete"
    assert [d["sentence"] for d in error["details"]] == [
        "SQL: An employer partner has not signed off this outcome.",
        "Spreadsheets: An employer partner has not signed off this outcome.",
    ]
    assert edges.outsider.get(f"{base}/designs/{design_id}").status_code == 404
    listed = edges.partner.get(f"{base}/orgs/{edges.partner_id}/partner-designs").json()
    assert [d["id"] for d in listed["designs"]] == [design_id]
    for outcome_id in ("o-sql", "o-excel"):
        signed = edges.partner.post(
            f"{base}/designs/{design_id}/outcomes/{outcome_id}/sign-off",
            headers={"x-csrf-token": edges.partner_csrf},
        )
        assert signed.status_code == 200, signed.text
    assert edges.designer.get(f"{base}/designs/{design_id}/check").json() == {
        "complete": True,
        "gaps": [],
    }
    published = edges.designer.post(f"{base}/designs/{design_id}/publish", headers=headers)
    assert published.status_code == 200, published.text
    assert published.json()["state"] == "published"
    ctdl = edges.outsider.get(f"/microcredentials/{design_id}/ctdl.json")
    assert ctdl.headers["content-type"].startswith("application/ld+json")
    assert check_ctdl(ctdl.json()) == []
    public = edges.outsider.get(f"/microcredentials/{design_id}")
    assert f'href="/microcredentials/{design_id}/enroll"' in public.text  # a learner can join
    again = edges.designer.put(f"{base}/designs/{design_id}", json=parts, headers=headers)
    assert again.status_code == 422 and "new version is a new design" in again.text


def _form(client: TestClient, csrf: str, url: str, **fields: Any) -> Any:
    return client.post(url, data={"csrf_token": csrf, **fields}, follow_redirects=False)


def test_the_pages_design_from_evidence_and_show_the_gaps(edges: Edges) -> None:
    made = _form(
        edges.designer,
        edges.designer_csrf,
        f"/orgs/{edges.provider_id}/microcredentials",
        name="Shop Floor",
    )
    assert made.status_code == 303
    page_url = made.headers["location"]
    design_id = page_url.rsplit("/", 1)[1]
    parts_url = f"{page_url}/parts"
    shown = edges.designer.get(page_url, params={"occupation": CASHIER})
    assert shown.status_code == 200
    assert "Jobs most asked for" in shown.text and "Cashiers" in shown.text
    steps = [
        {"step": "target", "kind": "occupation", "ref": CASHIER, "label": "Cashiers"},
        {"step": "partner", "org_id": edges.partner_id},
        {"step": "outcome", "skill": ESF_SKILLS[0], "label": "Working with numbers"},
    ]
    for step in steps:
        saved = _form(edges.designer, edges.designer_csrf, parts_url, **step)
        assert saved.status_code == 303, saved.text
    refused = _form(edges.designer, edges.designer_csrf, f"{page_url}/publish")
    assert refused.status_code == 422
    assert "cannot be published yet" in refused.text
    assert "Working with numbers: An employer partner has not signed off" in refused.text
    assert "No assessment checks this outcome." in refused.text
    bad = _form(
        edges.designer, edges.designer_csrf, parts_url, step="outcome", skill="urn:x:y", label="Y"
    )
    assert bad.status_code == 422 and "Onramp does not know" in bad.text
    sign_off_page = edges.partner.get(f"/microcredentials/designs/{design_id}/sign-off")
    assert sign_off_page.status_code == 200 and "Working with numbers" in sign_off_page.text
    # the partner's view of the designer page is the sign-off page
    redirected = edges.partner.get(page_url, follow_redirects=False)
    assert redirected.headers["location"].endswith("/sign-off")
    outcome_id = json.loads(
        edges.designer.get(f"/api/v1/microcredentials/designs/{design_id}").text
    )["parts"]["outcomes"][0]["id"]
    sent = _form(
        edges.partner,
        edges.partner_csrf,
        f"/microcredentials/designs/{design_id}/outcomes/{outcome_id}/send-back",
        note="Ask for level 4.",
    )
    assert sent.status_code == 303
    assert "Ask for level 4." in edges.designer.get(page_url).text
    assert edges.outsider.get(f"/microcredentials/designs/{design_id}/sign-off").status_code == 404
    assert edges.outsider.get(f"/microcredentials/{design_id}").status_code == 404  # a draft


def test_the_cli_refuses_an_incomplete_publish_with_exit_2(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    import_esf(engine)
    provider_id, partner_id = _people(platform)
    env = {"ONRAMP_PUBLIC_URL": PUBLIC}
    acting = ("--as", "dee@college.example")
    made = run_cli(
        tmp_path, "microcredentials", "design", "create", "Data Clerk", "--org", provider_id,
        *acting, "--json", env=env,
    )  # fmt: skip
    design_id = json.loads(made.stdout)["id"]
    checked = run_cli(tmp_path, "microcredentials", "design", "check", design_id, *acting, env=env)
    assert "Add at least one outcome." in checked.stdout
    refused = run_cli(
        tmp_path, "microcredentials", "design", "publish", design_id, *acting, env=env,
        check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert (
        "cannot be published yet" in refused.stderr and "Add at least one module" in refused.stderr
    )
    parts_file = tmp_path / "parts.json"
    parts_file.write_text(complete_parts(partner_id, skills=ESF_SKILLS).model_dump_json())
    edited = run_cli(
        tmp_path, "microcredentials", "design", "edit", design_id, "--parts", str(parts_file),
        *acting, env=env,
    )  # fmt: skip
    # the file's forged sign-offs are not kept
    assert "outcome SQL: level 3, not signed off" in edited.stdout
    assert "Spreadsheets: An employer partner has not signed off this outcome." in edited.stdout
    exported = run_cli(
        tmp_path, "microcredentials", "design", "export", design_id, "--ctdl", *acting,
        "--json", env=env,
    )  # fmt: skip
    assert json.loads(exported.stdout)["@type"] == "ceterms:MicroCredential"
    outsider = run_cli(
        tmp_path, "microcredentials", "design", "show", design_id, "--as", "oz@other.example",
        env=env, check=False,
    )  # fmt: skip
    assert outsider.returncode == 4
