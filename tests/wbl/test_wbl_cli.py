"""`onramp wbl ...` as an operator runs it (issue 17), in this process on the world's store:
a program from a standards file, refused until complete with every missing part named; hours
from a file; the roster refused until complete unless allowed; and `onramp credentials verify`
accepting the completion certificate the flow issued."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wbl_cli_runner import cli_on  # noqa: E402
from wbl_world import World, joined, registration, standards, world  # noqa: E402, F401

AS = ["--as", "hana@volt.example"]


def test_write_open_load_and_report(
    world: World,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = world
    incomplete = tmp_path / "standards.json"
    incomplete.write_text(
        standards(w.college_id, courses=(), mentor_ratio=None).model_dump_json(), "utf-8"
    )
    complete = tmp_path / "complete.json"
    complete.write_text(standards(w.college_id).model_dump_json(), "utf-8")
    with cli_on(w, tmp_path, monkeypatch) as run:
        made = run("wbl", "program", "create", "--org", "volt-electric", "--file",
                   str(incomplete), *AS, "--json")  # fmt: skip
        assert made.exit_code == 0, made.output
        draft = json.loads(made.stdout)
        assert draft["state"] == "draft" and len(draft["findings"]) == 2
        refused = run("wbl", "program", "activate", draft["id"], *AS)
        assert refused.exit_code == 2
        assert "Add the classes" in refused.stderr and "mentor may have" in refused.stderr
        as_json = run("wbl", "program", "activate", draft["id"], *AS, "--json")
        assert as_json.exit_code == 2
        assert json.loads(as_json.stdout)["error"]["code"] == "standards_incomplete"
        made = run("wbl", "program", "create", "--org", w.sponsor_id, "--file", str(complete),
                   "--board", "river-workforce-board", *AS, "--json")  # fmt: skip
        assert made.exit_code == 0, made.output
        program_id = json.loads(made.stdout)["id"]
        assert json.loads(made.stdout)["board_name"] == "River Workforce Board"
        opened = run("wbl", "program", "activate", program_id, *AS)
        assert opened.exit_code == 0 and "opened Electrician Apprenticeship" in opened.stdout
        not_mine = run("wbl", "program", "create", "--org", "metro-college", "--file",
                       str(complete), *AS)  # fmt: skip
        assert not_mine.exit_code != 0
        ana = joined(w, program_id, w.ana)
        w.apprentices.invite(w.sponsor, program_id, "ben@mail.example", start_date=date.today())
        shown = run("wbl", "program", "show", program_id, *AS)
        assert shown.exit_code == 0, shown.output
        assert "Install conduit" in shown.stdout and "apprentices: 1" in shown.stdout
        day = date.today() - timedelta(days=3)
        hours = tmp_path / "hours.csv"
        hours.write_text(
            f"apprentice,date,hours,competency,note\n{ana},{day},6,c1,\n"
            f"ana@mail.example,{day},2,Wire circuits,late\n",
            "utf-8",
        )
        loaded = run("wbl", "hours", "import", str(hours), "--program", program_id, *AS)
        assert loaded.exit_code == 0, loaded.output
        assert "added 2, already there 0" in loaded.stdout
        bad = tmp_path / "bad.csv"
        bad.write_text(f"apprentice,date,hours,competency\nben@mail.example,{day},2,c1\n", "utf-8")
        named = run("wbl", "hours", "import", str(bad), "--program", program_id, *AS, "--json")
        assert named.exit_code == 2
        assert json.loads(named.stdout)["bad_rows"][0]["line"] == 2  # Ben has not said yes
        # the roster: complete here, so written; Ana's registration facts are in it
        out = tmp_path / "roster.csv"
        report = run("wbl", "report", "--program", program_id, "--out", str(out), *AS, "--json")
        assert report.exit_code == 0, report.output
        assert json.loads(report.stdout)["incomplete_rows"] == 0
        (row,) = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
        assert row["apprentice_name"] == "Ana Ruiz" and row["date_of_birth"] == "1999-04-02"
        funder = run("wbl", "report", "--program", program_id, "--kind", "funder",
                     "--format", "json", *AS)  # fmt: skip
        assert funder.exit_code == 0 and json.loads(funder.stdout)["overall"]
        outcomes = run("wbl", "report", "--program", program_id, "--kind", "outcomes", *AS)
        assert outcomes.exit_code == 0 and outcomes.stdout.startswith("group_by,")
        # a second apprentice with no starting pay makes the roster incomplete
        cy = w.apprentices.invite(w.sponsor, program_id, "cy@mail.example", start_date=date.today())
        w.apprentices.join(w.cy, cy.id, registration(), agreed=True)
        refused = run("wbl", "report", "--program", program_id, *AS)
        assert refused.exit_code == 2
        assert "Cy Park" in refused.stderr and "wage_at_entry" in refused.stderr
        allowed = run("wbl", "report", "--program", program_id, "--allow-incomplete",
                      "--format", "json", *AS)  # fmt: skip
        assert allowed.exit_code == 0 and "Cy Park" in allowed.stdout
        outsider = run("wbl", "report", "--program", program_id, "--as", "max@volt.example")
        assert outsider.exit_code != 0


def test_credentials_verify_accepts_the_completion_certificate(
    world: World,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = world
    view = w.programs.create(w.sponsor, w.sponsor_id, standards(w.college_id))
    program_id = w.programs.activate(w.sponsor, view.program.id).program.id
    ana = joined(w, program_id, w.ana)
    w.apprentices.assign_mentor(w.sponsor, ana, "max@volt.example")
    for competency in ("c1", "c2", "c3"):
        w.records.sign_off(w.mentor, ana, competency, note="Shown at work.")
    w.records.record_instruction(w.teacher, ana, "k1", hours=432, grade="A")
    items = {i.name: i for i in w.service.wallet.items(w.ana)}
    certificate = tmp_path / "certificate.json"
    certificate.write_text(items["Electrician Apprenticeship"].document, "utf-8")
    with cli_on(w, tmp_path, monkeypatch) as run:
        checked = run("credentials", "verify", str(certificate), "--json")
        assert checked.exit_code == 0, checked.output
        report = json.loads(checked.stdout)
        assert report["verified"], report
        subject = json.loads(certificate.read_text("utf-8"))["credentialSubject"]
        assert subject["achievement"]["achievementType"] == "ApprenticeshipCertificate"
