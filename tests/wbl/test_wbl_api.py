"""The work-based learning API as a client uses it (issue 17): a sponsor writes and opens a
program, asks workers to join, the worker says yes, the mentor approves hours and signs off
skills (with a photo), the college records classes and the credentials are issued; the
sponsor downloads the reports. Refusals keep the one error shape, with every problem listed."""

from __future__ import annotations

import base64
import csv
import io
import sys
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from onramp.api.app import create_app

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wbl_world import (  # noqa: E402
    PASSWORD,
    PUBLIC,
    START,
    World,
    registration,
    standards,
    world,  # noqa: F401
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
API = "/api/v1"


def client_for(w: World, tmp_path: Path, email: str) -> TestClient:
    """A logged-in client of the app made on the world's store and keys."""
    app = create_app(w.engine, secrets_dir=tmp_path / "secrets", public_url=PUBLIC)
    client = TestClient(app)
    body = client.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD}).json()
    client.headers["x-csrf-token"] = body["csrf_token"]
    return client


def standards_json(w: World, **changes: object) -> dict[str, object]:
    return standards(w.college_id, **changes).model_dump(mode="json")


def _registration_json() -> dict[str, object]:
    return registration().model_dump(mode="json")


def open_over_http(w: World, sponsor: TestClient) -> str:
    created = sponsor.post(
        f"{API}/orgs/{w.sponsor_id}/wbl/programs",
        json={"standards": standards_json(w), "board_org_id": w.board_id},
    )
    assert created.status_code == 200, created.text
    program_id: str = created.json()["id"]
    assert sponsor.post(f"{API}/wbl/programs/{program_id}/activate").status_code == 200
    return program_id


def join_over_http(
    sponsor: TestClient, worker: TestClient, program_id: str, email: str, wage: float | None = 19
) -> str:
    invited = sponsor.post(
        f"{API}/wbl/programs/{program_id}/apprentices",
        json={"email": email, "start_date": START.isoformat(), "wage_at_entry": wage},
    )
    assert invited.status_code == 200, invited.text
    enrollment_id: str = invited.json()["id"]
    seen = worker.get(f"{API}/wbl/apprentices/{enrollment_id}").json()
    assert "Volt Electric will see your Onramp profile" in seen["agree_to"]
    joined = worker.post(
        f"{API}/wbl/apprentices/{enrollment_id}/join",
        json={"registration": _registration_json(), "agree": True},
    )
    assert joined.status_code == 200, joined.text
    assert joined.json()["state"] == "active"
    return enrollment_id


def test_a_program_opens_only_when_complete(world: World, tmp_path: Path) -> None:  # noqa: F811
    w = world
    sponsor = client_for(w, tmp_path, "hana@volt.example")
    created = sponsor.post(
        f"{API}/orgs/{w.sponsor_id}/wbl/programs",
        json={"standards": standards_json(w, courses=(), mentor_ratio=None)},
    )
    assert created.status_code == 200, created.text
    program = created.json()
    assert program["state"] == "draft" and program["may_edit"] and not program["ready"]
    refused = sponsor.post(f"{API}/wbl/programs/{program['id']}/activate")
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "standards_incomplete"
    assert {d["kind"] for d in error["details"]} == {"no_instruction", "no_mentor_ratio"}
    assert all(d["sentence"] for d in error["details"])
    # a mentor of the sponsor cannot change its program: only its admins write it
    mentor = client_for(w, tmp_path, "max@volt.example")
    assert mentor.put(
        f"{API}/wbl/programs/{program['id']}", json={"standards": standards_json(w)}
    ).status_code in (403, 404)
    fixed = sponsor.put(
        f"{API}/wbl/programs/{program['id']}",
        json={"standards": standards_json(w), "board_org_id": w.board_id},
    )
    assert fixed.status_code == 200 and fixed.json()["ready"]
    opened = sponsor.post(f"{API}/wbl/programs/{program['id']}/activate").json()
    assert opened["state"] == "active"
    listed = sponsor.get(f"{API}/orgs/{w.sponsor_id}/wbl/programs").json()["programs"]
    assert [p["id"] for p in listed] == [program["id"]]
    teacher = client_for(w, tmp_path, "tom@college.example")
    taught = teacher.get(f"{API}/orgs/{w.college_id}/wbl/programs").json()["programs"]
    assert [p["findings"] for p in taught] == [[]]  # the sponsor's checklist is its own
    # a draft from an occupation that is not imported is "not found", in the one error shape
    drafted = sponsor.post(
        f"{API}/orgs/{w.sponsor_id}/wbl/programs",
        json={"occupation": "47-2111.00", "kind": "registered_apprenticeship"},
    )
    assert drafted.status_code == 404 and drafted.json()["error"]["code"] == "not_found"
    neither = sponsor.post(f"{API}/orgs/{w.sponsor_id}/wbl/programs", json={})
    assert neither.status_code == 422
    closed = sponsor.post(f"{API}/wbl/programs/{program['id']}/close").json()
    assert closed["state"] == "closed"


def test_the_main_flow_over_http(world: World, tmp_path: Path) -> None:  # noqa: F811
    w = world
    sponsor = client_for(w, tmp_path, "hana@volt.example")
    ana = client_for(w, tmp_path, "ana@mail.example")
    ben = client_for(w, tmp_path, "ben@mail.example")
    mentor = client_for(w, tmp_path, "max@volt.example")
    teacher = client_for(w, tmp_path, "tom@college.example")
    program_id = open_over_http(w, sponsor)
    ana_id = join_over_http(sponsor, ana, program_id, "ana@mail.example")
    ben_id = join_over_http(sponsor, ben, program_id, "ben@mail.example")
    named = sponsor.post(
        f"{API}/wbl/apprentices/{ana_id}/mentor", json={"email": "max@volt.example"}
    )
    assert named.json()["mentor"]["name"] == "Max Mentor"
    # a worker cannot read another's apprenticeship, nor its files
    assert ana.get(f"{API}/wbl/apprentices/{ben_id}").status_code == 404
    assert ben.get(f"{API}/wbl/apprentices/{ana_id}").status_code == 404
    # registration facts: the sponsor's admins only, and only on their own route
    reg = sponsor.get(f"{API}/wbl/apprentices/{ana_id}/registration")
    assert reg.status_code == 200 and reg.json()["registration"]["date_of_birth"] == "1999-04-02"
    for other in (mentor, teacher, ana):
        refused = other.get(f"{API}/wbl/apprentices/{ana_id}/registration")
        assert refused.status_code in (403, 404)
    for reader in (sponsor, mentor, ana):
        assert "1999-04-02" not in reader.get(f"{API}/wbl/apprentices/{ana_id}").text
    assert "1999-04-02" not in sponsor.get(f"{API}/wbl/programs/{program_id}/apprentices").text
    # hours: written by the apprentice, approved by the mentor
    day = (date.today() - timedelta(days=1)).isoformat()
    logged = ana.post(
        f"{API}/wbl/apprentices/{ana_id}/hours",
        json={"day": day, "hours": 8, "competency_id": "Install conduit"},
    )
    assert logged.status_code == 200 and logged.json()["state"] == "pending"
    too_many = ana.post(
        f"{API}/wbl/apprentices/{ana_id}/hours",
        json={"day": day, "hours": 17, "competency_id": "c1"},
    )
    assert too_many.status_code == 422 and too_many.json()["error"]["code"] == "invalid_input"
    assert (
        ana.post(
            f"{API}/wbl/apprentices/{ana_id}/hours/decide",
            json={"entry_ids": [logged.json()["id"]], "approve": True},
        ).status_code
        == 403
    )
    decided = mentor.post(
        f"{API}/wbl/apprentices/{ana_id}/hours/decide",
        json={"entry_ids": [logged.json()["id"]], "approve": True},
    )
    assert decided.status_code == 200, decided.text
    # sign-offs, with a photo; the interim credential is issued
    signed = mentor.post(
        f"{API}/wbl/apprentices/{ana_id}/sign-offs",
        json={
            "competency_id": "c1",
            "note": "Bent and set 40 ft of conduit.",
            "evidence": {
                "name": "conduit.png",
                "content_type": "image/png",
                "base64": base64.b64encode(PNG).decode(),
            },
        },
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["issued"] == ["Conduit basics"]
    mine = ana.get(f"{API}/me/wbl").json()["apprenticeships"]
    (me,) = mine
    assert me["progress"]["ojl_hours"] == 8 and me["progress"]["step_due"]
    assert [a["name"] for a in me["awards"]] == ["Conduit basics"]
    assert me["awards"][0]["wallet_item_id"]
    (sign,) = me["sign_offs"]
    assert sign["evidence"]["name"] == "conduit.png" and "base64" not in str(sign)
    photo = ana.get(sign["evidence"]["url"])
    assert photo.status_code == 200 and photo.content == PNG
    assert photo.headers["content-type"] == "image/png"
    assert photo.headers["content-disposition"].startswith("attachment")
    assert photo.headers["x-content-type-options"] == "nosniff"
    assert ben.get(sign["evidence"]["url"]).status_code == 404
    # a reversal, then the rest, then the classes: the program is complete
    reversed_ = mentor.post(
        f"{API}/wbl/apprentices/{ana_id}/sign-offs/c1/reverse", json={"reason": "Wrong person."}
    )
    assert reversed_.status_code == 200
    for competency in ("c1", "c2", "c3"):
        done = mentor.post(
            f"{API}/wbl/apprentices/{ana_id}/sign-offs",
            json={"competency_id": competency, "note": "Shown at work."},
        )
        assert done.status_code == 200, done.text
    classes = teacher.post(
        f"{API}/wbl/apprentices/{ana_id}/instruction",
        json={"course_id": "k1", "hours": 432, "grade": "A"},
    )
    assert classes.status_code == 200, classes.text
    finished = ana.get(f"{API}/wbl/apprentices/{ana_id}").json()
    assert finished["enrollment"]["state"] == "completed" and finished["progress"]["complete"]
    assert finished["enrollment"]["completion_credential_id"]
    assert sponsor.post(f"{API}/wbl/apprentices/{ana_id}/issue-due").json() == {"issued": []}
    raised = sponsor.post(
        f"{API}/wbl/apprentices/{ben_id}/wage-changes",
        json={"share": 0.6, "wage": 22.8, "effective_on": date.today().isoformat()},
    )
    assert raised.status_code == 200 and raised.json()["wage_now"] == 22.8
    ended = sponsor.post(
        f"{API}/wbl/apprentices/{ben_id}/end",
        json={"reason": "moved", "ended_on": date.today().isoformat()},
    )
    assert ended.json()["state"] == "cancelled"
    followed = sponsor.post(
        f"{API}/wbl/apprentices/{ben_id}/follow-ups", json={"months": 6, "employed": False}
    )
    assert followed.status_code == 200 and followed.json()["months"] == 6


def test_hours_files_and_reports(world: World, tmp_path: Path) -> None:  # noqa: F811
    w = world
    sponsor = client_for(w, tmp_path, "hana@volt.example")
    ana = client_for(w, tmp_path, "ana@mail.example")
    program_id = open_over_http(w, sponsor)
    ana_id = join_over_http(sponsor, ana, program_id, "ana@mail.example")
    day = (date.today() - timedelta(days=2)).isoformat()
    bad = (
        "apprentice,date,hours,competency,note\n"
        f"ana@mail.example,{day},4,c1,fine\n"
        f"ana@mail.example,{day},x,c1,\n"
        f"zed@mail.example,{day},4,c1,\n"
        f"ana@mail.example,{day},4,Juggling,\n"
    )
    url = f"{API}/wbl/programs/{program_id}/hours"
    sent = {"headers": {"content-type": "text/csv"}}
    refused = sponsor.post(url, content=bad.encode(), **sent)  # type: ignore[arg-type]
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "import_file_error"
    assert [d["line"] for d in error["details"]] == [3]  # the file's own checks come first
    unknown = bad.replace(f"ana@mail.example,{day},x,c1,\n", "")
    refused = sponsor.post(url, content=unknown.encode(), **sent)  # type: ignore[arg-type]
    assert [d["line"] for d in refused.json()["error"]["details"]] == [3, 4]
    assert all(d["sentence"].startswith("Line ") for d in refused.json()["error"]["details"])
    good = "apprentice,date,hours,competency,note\n" + f"{ana_id},{day},4,c1,fine\n"
    added = sponsor.post(url, content=good.encode(), **sent)  # type: ignore[arg-type]
    assert added.json() == {"added": 1, "already_there": 0, "apprentices": 1}
    again = sponsor.post(url, content=good.encode(), **sent)  # type: ignore[arg-type]
    assert again.json()["already_there"] == 1
    # the roster refuses rows that are not complete, naming each; or writes them when allowed
    join_over_http(sponsor, client_for(w, tmp_path, "ben@mail.example"), program_id,
                   "ben@mail.example", wage=None)  # fmt: skip
    reports = f"{API}/orgs/{w.sponsor_id}/wbl/reports"
    asked = {"format": "csv", "program": program_id}
    refused = sponsor.get(f"{reports}/roster", params=asked)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "roster_incomplete"
    (problem,) = refused.json()["error"]["details"]
    assert problem["who"] == "Ben Ode" and problem["column"] == "wage_at_entry"
    assert problem["message"].startswith("Row ")
    roster = sponsor.get(f"{reports}/roster", params={**asked, "allow_incomplete": "true"})
    assert roster.status_code == 200 and roster.headers["content-type"].startswith("text/csv")
    assert roster.headers["x-onramp-incomplete-rows"] == "1"
    assert roster.headers["content-disposition"].startswith("attachment")
    names = [row["apprentice_name"] for row in csv.DictReader(io.StringIO(roster.text))]
    assert sorted(names) == ["Ana Ruiz", "Ben Ode"]
    as_json = sponsor.get(
        f"{reports}/roster", params={**asked, "format": "json", "allow_incomplete": "true"}
    )
    assert as_json.status_code == 200 and "Ben Ode" in as_json.text
    funder = sponsor.get(f"{reports}/funder", params={"format": "json"})
    assert funder.status_code == 200 and funder.json()["overall"]
    outcomes = sponsor.get(f"{reports}/outcomes", params={"format": "json", "by": "occupation"})
    assert outcomes.status_code == 200 and outcomes.json()["by"] == "occupation"
    assert sponsor.get(f"{reports}/outcomes", params={"format": "csv"}).text.startswith("group_by,")
    # reports are the sponsor admins' own
    for email in ("max@volt.example", "ana@mail.example", "rae@rival.example"):
        other = client_for(w, tmp_path, email)
        assert other.get(f"{reports}/roster").status_code in (403, 404)
