"""The demo apprenticeship `onramp serve --demo` adds (issue 17): one open program at the demo
employer, taught by the demo college and overseen by the demo board, with apprentices at every
stage, credentials in wallets, a raise due, once per store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.platform.demo import demo_email, seed_demo
from onramp.taxonomy import import_esf
from onramp.wbl.demo import APPRENTICES, PROGRAM_NAME, seed_demo_wbl
from onramp.wbl.records import EnrollmentState
from onramp.wbl.rows import ProgramState


def test_demo_apprenticeship(engine: Engine, tmp_path: Path) -> None:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, wbl = app.state.platform, app.state.wbl
    assert seed_demo_wbl(wbl, platform) == 0  # no demo accounts yet
    seed_demo(platform)
    assert seed_demo_wbl(wbl, platform) == 6
    assert seed_demo_wbl(wbl, platform) == 0  # once per store

    def who(email: str):  # noqa: ANN202
        return platform.accounts.principal(platform.accounts.user_by_email(email))

    sponsor = who(demo_email("hr.admin"))
    employer = next(m.org_id for m in sponsor.memberships)
    (program,) = wbl.programs.of_org(sponsor, employer)
    assert program.standards.name == PROGRAM_NAME and program.state is ProgramState.ACTIVE
    roster = wbl.apprentices.roster(sponsor, program.id)
    states = sorted(v.enrollment.state.value for v in roster)
    assert states == ["active", "active", "active", "cancelled", "completed", "invited"]
    done = next(v for v in roster if v.enrollment.state is EnrollmentState.COMPLETED)
    assert done.enrollment.completion_credential_id
    part_way = next(v for v in roster if v.enrollment.apprentice_email == APPRENTICES[2])
    assert [c.name for c in part_way.progress.earned] == ["Medical Assistant: patient care basics"]
    assert part_way.progress.step_due and part_way.pending_hours
    items = app.state.credentials.wallet.items(who(APPRENTICES[2]))
    assert [i.name for i in items] == ["Medical Assistant: patient care basics"]
    assert all(i.verified for i in items)
    # the mentor sees the two apprentices they mentor; the board sees only those who agreed
    assert len(wbl.apprentices.mentees(who(demo_email("mentor")))) == 2
    board = who(demo_email("board.analyst"))
    shared = [v.enrollment.share_board for v in wbl.apprentices.roster(board, program.id)]
    assert shared and all(shared)
    assert wbl.reports.roster(sponsor, employer)  # facts for the export
    # the apprentice's account export carries every record, their own answers included
    import json

    exported = platform.privacy.export(who(APPRENTICES[2]))
    (mine,) = exported["apprenticeships"]["apprenticeships"]
    assert mine["program"] == PROGRAM_NAME and mine["registration"]["education"]
    assert len(mine["sign_offs"]) == 2 and mine["credentials"]
    json.dumps(exported)  # plain JSON
    # the credentials feed the apprentice's skill profile as verified evidence
    evidence = app.state.matching.evidence.evidence_for_index(who(APPRENTICES[2]).user.id)
    verified = {e.skill for e in evidence if e.verified}
    assert {"urn:onramp:esf:ESF-03", "urn:onramp:esf:ESF-05"} <= verified
