"""`onramp match batch` as a user runs it, no store (issue 14, item 9): the main cases in a
real process, the refusals through the same entry point (`onramp.cli.main`) in this one."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onramp.cli import main
from onramp.jobs.model import Job, JobDraft, JobState, Requirement, StateChange

from support import run_cli

WELD = "http://data.europa.eu/esco/skill/weld"
READ = "http://data.europa.eu/esco/skill/read-drawings"
SAFE = "http://data.europa.eu/esco/skill/safety"


def job_export() -> dict[str, object]:
    """The JSON `onramp jobs export --format json` prints for a stored job."""
    now = datetime(2026, 11, 1, tzinfo=UTC)
    draft = JobDraft(
        title="Welder",
        education_note="A diploma helps.",
        requirements=(
            Requirement(skill=WELD, label="Weld metal", level=4),
            Requirement(skill=READ, label="Read drawings", level=3),
            Requirement(
                skill=SAFE, label="Work safely", level=2, must_have=False, learnable_weeks=4
            ),
        ),
    )
    job = Job(
        id="job-7",
        org_id="org-1",
        org_name="Acme",
        draft=draft,
        state=JobState.OPEN,
        history=(StateChange(state=JobState.OPEN, at=now),),
        created_at=now,
        updated_at=now,
    )
    return job.contract()


def piece(
    skill: str,
    level: int,
    kind: str,
    verified: bool,
    status: str = "active",
    when: str = "2026-05-01",
    issuer: str | None = None,
) -> dict[str, object]:
    return {
        "skill": skill,
        "level": level,
        "kind": kind,
        "verified": verified,
        "status": status,
        "date": when,
        "issuer": issuer,
    }


PROVEN = [
    piece(WELD, 4, "credential", True, issuer="did:web:college.example"),
    piece(READ, 3, "assessment", True),
]
CLAIMS = [piece(WELD, 5, "self", False), piece(READ, 5, "self", False)]
PROFILES = [
    {
        "id": "w-claims",
        "evidence": CLAIMS,
        "name": "Ann Lee",
        "birth_year": 1961,
        "education": [{"degree": "PhD", "school": "Big U"}],
        "address": "1 Main St",
    },
    {
        "id": "w-proven",
        "evidence": PROVEN,
        "name": "Bo Diaz",
        "birth_year": 2001,
        "education": [],
        "address": "2 Oak Ave",
    },
    {"id": "w-none", "evidence": [], "name": "Cy", "birth_year": None, "education": ["GED"]},
]


def write(folder: Path, profiles: list[dict[str, object]], job: object = None) -> tuple[Path, Path]:
    job_path, lines_path = folder / "job.json", folder / "profiles.jsonl"
    job_path.write_text(json.dumps(job if job is not None else job_export()), encoding="utf-8")
    lines_path.write_text("".join(json.dumps(p) + "\n" for p in profiles), encoding="utf-8")
    return job_path, lines_path


def batch(home: Path, job: Path, lines: Path, out: Path, *extra: str, check: bool = True):  # type: ignore[no-untyped-def]
    return run_cli(
        home,
        "match",
        "batch",
        "--job",
        str(job),
        "--profiles",
        str(lines),
        "--output",
        str(out),
        "--today",
        "2026-12-06",
        *extra,
        check=check,
    )


def test_batch_ranks_by_evidence_and_writes_the_contract(tmp_path: Path) -> None:
    job, lines = write(tmp_path, PROFILES)
    out = tmp_path / "out" / "ranked.jsonl"
    summary = json.loads(batch(tmp_path, job, lines, out, "--json").stdout)
    assert summary["profiles"] == 3 and summary["written"] == 3 and summary["job"] == "Welder"
    ranked = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in ranked] == ["w-proven", "w-claims", "w-none"]
    first = ranked[0]
    assert set(first) == {"id", "score", "confidence", "requirements", "gaps"}
    assert [r["status"] for r in first["requirements"]] == ["met", "met", "unknown"]
    assert {"skill", "status", "evidence"} <= set(first["requirements"][0])
    assert first["requirements"][0]["evidence"][0]["kind"] == "credential"
    assert first["gaps"] == [
        {
            "skill": SAFE,
            "status": "unknown",
            "must_have": False,
            "learnable": True,
            "learnable_weeks": 4,
        }
    ]
    assert ranked[2]["score"] == 0 and ranked[2]["confidence"] == 0
    assert not list(out.parent.glob(".*partial"))

    # --top keeps the best K; revoking the credential drops that worker below the claims
    revoked = [dict(p) for p in PROFILES]
    revoked[1] = {**PROFILES[1], "evidence": [{**e, "status": "revoked"} for e in PROVEN]}
    _, lines = write(tmp_path, revoked)
    batch(tmp_path, job, lines, out, "--top", "2", "--quiet")
    ranked = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(ranked) == 2 and ranked[0]["id"] == "w-claims"
    assert ranked[1]["score"] == 0  # w-none and the revoked w-proven tie at 0; ids order them


def in_process(
    capsys: pytest.CaptureFixture[str], job: Path, lines: Path, out: Path, *extra: str
) -> tuple[int, str]:
    """`onramp match batch ...` through `onramp.cli.main`: (exit code, stderr on one line)."""
    args = ["match", "batch", "--job", str(job), "--profiles", str(lines), "--output", str(out)]
    with pytest.raises(SystemExit) as done:
        main([*args, "--today", "2026-12-06", *extra])
        raise SystemExit(0)
    return int(done.value.code or 0), " ".join(capsys.readouterr().err.split())


def test_personal_fields_change_nothing_in_the_output(tmp_path: Path) -> None:
    job, lines = write(tmp_path, PROFILES)
    batch(tmp_path, job, lines, tmp_path / "a.jsonl", "-q")
    changed = [
        {
            **p,
            "name": "Someone Else",
            "birth_year": 1950,
            "address": "9 Far Rd",
            "education": [{"degree": "BA", "school": "Famous College", "graduated": 1972}],
            "photo": "face.png",
        }
        for p in PROFILES
    ]
    _, lines = write(tmp_path, changed)
    batch(tmp_path, job, lines, tmp_path / "b.jsonl", "-q")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("{not json\n", "line 3: not JSON"),
        (
            json.dumps({"id": "w-x", "evidence": [piece(WELD, 7, "self", False)]}) + "\n",
            "line 3, evidence 1: 'level'",
        ),
        (json.dumps({"id": "w-proven", "evidence": []}) + "\n", "line 3: the id 'w-proven'"),
    ],
)
def test_a_bad_line_is_named_exit_2_and_nothing_is_written(
    tmp_path: Path, broken: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    job, lines = write(tmp_path, PROFILES[:2])
    with lines.open("a", encoding="utf-8") as handle:
        handle.write(broken)
        handle.write(json.dumps(PROFILES[2]) + "\n")
    out = tmp_path / "ranked.jsonl"
    out.write_text("earlier output\n", encoding="utf-8")
    code, stderr = in_process(capsys, job, lines, out)
    assert code == 2, stderr
    assert message in stderr
    assert out.read_text(encoding="utf-8") == "earlier output\n"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_a_bad_job_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = job_export()
    export["requirements"] = [{**export["requirements"][0], "level": 0}]  # type: ignore[index]
    job, lines = write(tmp_path, PROFILES, export)
    code, stderr = in_process(capsys, job, lines, tmp_path / "out.jsonl")
    assert code == 2
    assert "requirement 1: level" in stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_a_trust_registry_lowers_unlisted_issuers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    job, lines = write(tmp_path, PROFILES[1:2])
    (tmp_path / "trust.json").write_text(json.dumps({"did:web:other.example": "*"}))
    batch(tmp_path, job, lines, tmp_path / "plain.jsonl", "-q")
    batch(
        tmp_path,
        job,
        lines,
        tmp_path / "trusted.jsonl",
        "-q",
        "--trust",
        str(tmp_path / "trust.json"),
    )
    plain = json.loads((tmp_path / "plain.jsonl").read_text())
    trusted = json.loads((tmp_path / "trusted.jsonl").read_text())
    weld = trusted["requirements"][0]["evidence"][0]["strength"]
    assert weld == pytest.approx(
        plain["requirements"][0]["evidence"][0]["strength"] * 0.6, abs=1e-3
    )


def test_profiles_can_come_from_a_pipe(tmp_path: Path) -> None:
    job, lines = write(tmp_path, PROFILES)
    out = tmp_path / "piped.jsonl"
    run_cli(
        tmp_path,
        "match",
        "batch",
        "--job",
        str(job),
        "--profiles",
        "/dev/stdin",
        "--output",
        str(out),
        "--today",
        "2026-12-06",
        "-q",
        stdin=lines.read_text(encoding="utf-8"),
    )
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()][0] == "w-proven"
