"""Benchmark: loading a file of on-the-job hours (issue 17, item 3).

Builds one SQLite store with a sponsor, an open apprenticeship and `--apprentices` apprentices
who joined, through the use cases, then writes an hours file of `--n` rows spread over them.
Each round copies the prepared store file and times, on the copy:

- the baseline: reading and checking the file alone (`hours_file.read_hours_file`), no store;
- the first import (`ProgressRecords.import_hours`: every row matched to its apprentice and
  work process, the 24-hours-a-day check, one transaction);
- the same file again (nothing added: every row is found by its key);
- a mentor approving one apprentice's pending hours at once.

Medians of `--rounds`, and the ratio of each to the baseline measured in the same run.

    PYTHONPATH=src .venv/bin/python bench/wbl_hours.py --n 2000 --rounds 5

Results go to bench/results/wbl_hours.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from onramp.credentials.service import CredentialService
from onramp.platform import AccountKind, OrgKind, Platform, Principal, Role
from onramp.platform.emails import Proof, record_confirmed
from onramp.store import make_engine, upgrade
from onramp.taxonomy import import_esf
from onramp.wbl.hours_file import read_hours_file
from onramp.wbl.model import Approach, Competency, Course, ProgramKind, ProgramStandards, WageStep
from onramp.wbl.records import (
    Education,
    EmploymentStatus,
    Registration,
    Sex,
    Veteran,
    YesNo,
)
from onramp.wbl.service import WorkBasedLearning

PASSWORD = "correct horse battery"
PUBLIC = "https://bench.onramp.test"
DAYS = 300


def _services(url: str, secrets: Path) -> tuple[Any, Platform, WorkBasedLearning]:
    engine = make_engine(url)
    platform = Platform(engine, secrets_dir=secrets, public_url=PUBLIC)
    credentials = CredentialService(
        engine, platform.mailer, platform.consents, secrets_dir=secrets, public_url=PUBLIC,
        emails=platform.emails,
    )  # fmt: skip
    return engine, platform, WorkBasedLearning(engine, platform, credentials)


def prepare(folder: Path, apprentices: int) -> tuple[Path, str, list[str], list[str]]:
    """The store file, the program id, the apprentices' emails and the work process names."""
    path = folder / "prepared.db"
    engine, platform, wbl = _services(f"sqlite:///{path}", folder / "secrets")
    upgrade(engine)
    import_esf(engine)
    accounts = platform.accounts
    boss = accounts.principal(
        accounts.sign_up("boss@volt.example", PASSWORD, "Hana HR", AccountKind.STAFF)
    )
    org = platform.orgs.create(boss, "Volt Electric", OrgKind.EMPLOYER)
    mentor = accounts.sign_up("max@volt.example", PASSWORD, "Max Mentor", AccountKind.STAFF)
    platform.orgs.add_member(org.id, mentor, Role.MENTOR, None)
    boss = accounts.principal(boss.user)
    work = tuple(
        Competency(id=f"w{i}", name=f"Work process {i}", hours=500, criteria="Shown.")
        for i in range(1, 5)
    )
    standards = ProgramStandards(
        name="Bench training", kind=ProgramKind.OJT_CONTRACT,
        approach=Approach.TIME_BASED, occupation="47-2111.00", term_months=24,
        journeyworker_wage=38.0, work_processes=work,
        courses=(Course(name="Theory", hours=288, provider_name="Metro College"),),
        wage_schedule=(WageStep(after_hours=0, share=0.5), WageStep(after_hours=1000, share=0.6)),
    )  # fmt: skip
    program = wbl.programs.create(boss, org.id, standards)
    program_id = wbl.programs.activate(boss, program.program.id).program.id
    registration = Registration(
        date_of_birth=date(1999, 4, 2), sex=Sex.NOT_SAID, hispanic=YesNo.NOT_SAID,
        disability=YesNo.NOT_SAID, veteran=Veteran.NOT_VETERAN,
        education=Education.HIGH_SCHOOL, employment=EmploymentStatus.NEW_HIRE,
    )  # fmt: skip
    emails = []
    start = date.today() - timedelta(days=DAYS + 10)
    for n in range(apprentices):
        email = f"apprentice{n:03d}@mail.example"
        worker: Principal = accounts.principal(accounts.sign_up(email, PASSWORD, f"App {n}"))
        with engine.begin() as conn:
            record_confirmed(conn, worker.user.id, email, Proof.LINK)
        invited = wbl.apprentices.invite(boss, program_id, email, start_date=start)
        wbl.apprentices.join(worker, invited.id, registration, agreed=True)
        wbl.apprentices.assign_mentor(boss, invited.id, "max@volt.example")
        emails.append(email)
    engine.dispose()
    return path, program_id, emails, [c.name for c in work]


def hours_file(n: int, emails: list[str], work: list[str]) -> str:
    lines = ["apprentice,date,hours,competency,note"]
    today = date.today()
    for i in range(n):
        day = today - timedelta(days=1 + (i // len(emails)) % DAYS)
        lines.append(f"{emails[i % len(emails)]},{day},7.5,{work[i % len(work)]},shift {i}")
    return "\n".join(lines) + "\n"


def timed(run: Callable[..., Any], *args: Any, **kwargs: Any) -> float:
    start = time.perf_counter()
    run(*args, **kwargs)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--apprentices", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, program_id, emails, work = prepare(folder, args.apprentices)
        text = hours_file(args.n, emails, work)
        times: dict[str, list[float]] = {"parse": [], "first": [], "again": [], "approve": []}
        for round_ in range(args.rounds):
            copy = folder / f"round{round_}.db"
            shutil.copy(path, copy)
            engine, platform, wbl = _services(f"sqlite:///{copy}", folder / "secrets")
            boss = platform.accounts.principal(platform.accounts.user_by_email("boss@volt.example"))
            mentor = platform.accounts.principal(
                platform.accounts.user_by_email("max@volt.example")
            )
            times["parse"].append(timed(read_hours_file, text, today=date.today()))
            load = wbl.records.import_hours
            times["first"].append(timed(load, boss, program_id, text))
            result = wbl.records.import_hours(boss, program_id, text)
            assert result.added == 0 and result.already_there == args.n, result
            times["again"].append(timed(load, boss, program_id, text))
            view = wbl.apprentices.mentees(mentor)[0]
            ids = [h.id for h in view.pending_hours]
            decide = wbl.records.decide_hours
            times["approve"].append(timed(decide, mentor, view.enrollment.id, ids, approve=True))
            engine.dispose()
    medians = {k: statistics.median(v) for k, v in times.items()}
    out = {
        "rows": args.n,
        "apprentices": args.apprentices,
        "rounds": args.rounds,
        "median_seconds": medians,
        "rows_per_second": {k: args.n / medians[k] for k in ("parse", "first", "again")},
        "ratio_to_parse": {k: medians[k] / medians["parse"] for k in ("first", "again")},
        "approved_at_once": args.n // args.apprentices,
    }
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / "wbl_hours.json").write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
