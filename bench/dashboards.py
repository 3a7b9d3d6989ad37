"""Dashboards at scale (issue 18): each page a person opens to read figures, on a store with
100,000 workers and 5,000 jobs, timed end to end in process (routing, the use case, the SQL
and the template), as medians, with the same pages on a store 1/100 the size as the baseline
measured in the same run.

The store is filled with bulk inserts, not through the use cases (100,000 sign-ups would spend
hours hashing passwords): workers with a place and a coded past job, 5,000 open jobs over 50
employers with 20 applications each (each under a consent grant, as an application makes),
a list shown for each of the first employer's jobs as counts by group, and 20,000 postings.
The people who read the pages sign up through the use cases.

    .venv/bin/python bench/dashboards.py                  # 100,000 workers, 5,000 jobs
    .venv/bin/python bench/dashboards.py --workers 20000 --jobs 1000 --runs 5
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from onramp.api.app import create_app
from onramp.api.auth import SESSION_COOKIE
from onramp.jobs.model import JobDraft, PayRange
from onramp.metrics.employer import CostKind
from onramp.metrics.wioa_demo import demo_file
from onramp.platform import AccountKind, OrgKind, Platform, Role
from onramp.store import job_tables as j
from onramp.store import make_engine, upgrade
from onramp.store import market_tables as mk
from onramp.store import matching_tables as ev
from onramp.store import metrics_monitor_tables as mm
from onramp.store import platform_tables as t

RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "correct horse battery"
PLACES = [
    ("Columbus, OH", "OH"),
    ("Cleveland, OH", "OH"),
    ("Dayton, OH", "OH"),
    ("Pittsburgh, PA", "PA"),
    ("Detroit, MI", "MI"),
    ("Indianapolis, IN", "IN"),
    ("Louisville, KY", "KY"),
    ("Chicago, IL", "IL"),
]
OCCUPATIONS = [
    ("43-4051.00", "Customer Service Representatives"),
    ("41-2011.00", "Cashiers"),
    ("53-7062.00", "Laborers and Freight, Stock, and Material Movers, Hand"),
    ("31-1131.00", "Nursing Assistants"),
    ("29-1141.00", "Registered Nurses"),
    ("47-2111.00", "Electricians"),
    ("49-9071.00", "Maintenance and Repair Workers, General"),
    ("15-1232.00", "Computer User Support Specialists"),
    ("35-2014.00", "Cooks, Restaurant"),
    ("43-6014.00", "Secretaries and Administrative Assistants"),
]
SKILLS = [f"urn:onramp:esf:ESF-{n:02d}" for n in range(1, 10)]
BATCH = 5_000


@dataclass
class Site:
    engine: Engine
    client: TestClient
    employer_id: str
    board_id: str
    cookies: dict[str, str] = field(default_factory=dict)  # reader -> session token


def _batched(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _put(engine: Engine, table: Any, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        for chunk in _batched(rows):
            conn.execute(insert(table), chunk)


def build(folder: Path, workers: int, jobs: int, url: str | None = None) -> Site:
    engine = make_engine(url or f"sqlite:///{folder / 'onramp.db'}")
    upgrade(engine)
    secrets = folder / "secrets"
    app = create_app(engine, secrets_dir=secrets, public_url="https://onramp.test")
    p: Platform = app.state.platform
    readers = {
        "hr": ("hr@employer.test", AccountKind.STAFF, False),
        "board": ("analyst@board.test", AccountKind.STAFF, False),
        "admin": ("root@onramp.test", AccountKind.STAFF, True),
    }
    people = {
        key: p.accounts.principal(
            p.accounts.sign_up(email, PASSWORD, key.title(), kind, is_platform_admin=admin)
        )
        for key, (email, kind, admin) in readers.items()
    }
    employer = p.orgs.create(people["hr"], "Employer 0", OrgKind.EMPLOYER)
    board = p.orgs.create(people["board"], "Regional Workforce Board", OrgKind.WORKFORCE_BOARD)
    hr_user = people["hr"].user
    p.orgs.add_member(employer.id, hr_user, Role.HR_ADMIN, None)
    rng = random.Random(18)
    moment = datetime.now(UTC)
    employers = [employer.id]
    for n in range(1, 50):
        org_id = str(uuid.uuid4())
        _put(
            engine,
            t.organizations,
            [{"id": org_id, "slug": f"employer-{n}", "name": f"Employer {n}",
              "kind": OrgKind.EMPLOYER.value, "created_at": moment}],
        )  # fmt: skip
        employers.append(org_id)
    worker_ids = [str(uuid.uuid4()) for _ in range(workers)]
    _put(
        engine,
        t.users,
        [{"id": w, "email": f"w{n}@workers.test", "name": f"Worker {n}", "password_hash": "-",
          "kind": AccountKind.WORKER.value, "created_at": moment}
         for n, w in enumerate(worker_ids)],
    )  # fmt: skip
    _put(
        engine,
        t.worker_profiles,
        [{"user_id": w, "location": rng.choice(PLACES)[0], "work_history": [],
          "updated_at": moment} for w in worker_ids],
    )  # fmt: skip
    entries, skills = [], []
    for w in worker_ids:
        entry = str(uuid.uuid4())
        code, title = rng.choice(OCCUPATIONS)
        entries.append(
            {"id": entry, "worker_id": w, "kind": "work_history", "title": title,
             "occupation_code": code, "details": {}, "created_at": moment, "updated_at": moment}
        )  # fmt: skip
        for skill in rng.sample(SKILLS, 2):
            skills.append({"entry_id": entry, "skill": skill, "level": rng.randint(1, 4)})
    _put(engine, ev.evidence_entries, entries)
    _put(engine, ev.evidence_skills, skills)
    draft = JobDraft(title="Job", pay=PayRange(low=17, high=22)).model_dump(mode="json")
    job_rows, grants, applications = [], [], []
    first_jobs = []
    for n in range(jobs):
        org_id = employers[n % len(employers)]
        job_id = str(uuid.uuid4())
        title = f"{rng.choice(OCCUPATIONS)[1]} {n}"
        job_rows.append(
            {"id": job_id, "org_id": org_id, "title": title, "state": "open",
             "draft": {**draft, "title": title}, "created_at": moment, "updated_at": moment}
        )  # fmt: skip
        if org_id == employer.id:
            first_jobs.append(job_id)
        for w in rng.sample(worker_ids, min(20, len(worker_ids))):
            grant = str(uuid.uuid4())
            grants.append(
                {"id": grant, "worker_id": w, "org_id": org_id,
                 "scope": {"parts": ["profile", "work_history"], "records": [], "skills": []},
                 "purpose_kind": "job_application",
                 "purpose_ref": job_id, "purpose_text": f"Application to {title}",
                 "created_at": moment, "expires_at": moment + timedelta(days=365)}
            )  # fmt: skip
            applications.append(
                {"id": str(uuid.uuid4()), "job_id": job_id, "worker_id": w, "grant_id": grant,
                 "state": "applied", "created_at": moment}
            )  # fmt: skip
    _put(engine, j.jobs, job_rows)
    _put(engine, t.consent_grants, grants)
    _put(engine, j.job_applications, applications)
    snapshots = []
    for job_id in first_jobs:
        for question, groups in (("sex", ("female", "male")), ("age_band", ("25_39", "55_plus"))):
            taken = moment - timedelta(days=rng.randint(1, 80))
            counts = [[g, rng.randint(8, 40), 0] for g in groups]
            for c in counts:
                c[2] = rng.randint(0, c[1])
            snapshots.append(
                {"id": str(uuid.uuid4()), "org_id": employer.id, "job_id": job_id,
                 "question": question, "taken_at": taken, "first_at": taken,
                 "shown_k": sum(c[2] for c in counts), "unknown": 3, "groups": counts}
            )  # fmt: skip
    _put(engine, mm.ranking_snapshots, snapshots)
    postings, posting_skills = [], []
    for n in range(max(jobs * 4, 200)):
        code, title = rng.choice(OCCUPATIONS)
        place, state = rng.choice(PLACES)
        month = date(2026, rng.randint(1, 11), 1)
        posting = f"bench-{n}"
        postings.append(
            {"id": posting, "file_sha256": "bench", "line": n, "title": title,
             "location": place, "state": state, "posted_on": month, "month": month.isoformat()[:7],
             "description": title, "occupation_scheme": "onet", "occupation_code": code,
             "occupation_title": title, "occupation_score": 0.9}
        )  # fmt: skip
        for skill in rng.sample(SKILLS, 3):
            posting_skills.append(
                {"posting_id": posting, "skill_uri": skill, "label": skill, "framework": "esf",
                 "skill_type": "skill", "confidence": 0.9, "section": "body"}
            )  # fmt: skip
    _put(
        engine,
        mk.posting_files,
        [{"sha256": "bench", "name": "bench.jsonl", "size": 0, "format": "jsonl",
          "lines_done": len(postings), "byte_offset": 0, "rows_read": len(postings),
          "stored": len(postings), "reposts": 0, "exact_duplicates": 0, "bad_rows": 0,
          "completed": True, "started_at": moment}],
    )  # fmt: skip
    _put(engine, mk.postings, postings)
    _put(engine, mk.posting_skills, posting_skills)
    app.state.fairness.check(employer.id)
    _hires(app, people["hr"], employer.id, rng)
    _participants(app, people["board"], board.id, max(workers // 20, 60))
    site = Site(engine, TestClient(app), employer.id, board.id)
    for key, person in people.items():
        token, _csrf = p.accounts.start_session(person.user)
        site.cookies[key] = token
    return site


def _hires(app: Any, hr: Any, org_id: str, rng: random.Random) -> None:
    """A quarter of the first employer's applications end in a hire, recorded through the use
    cases (offer, hire, a 90-day check, a hiring cost), as an HR admin would."""
    records = app.state.employer_metrics.outcomes
    hr = app.state.platform.accounts.principal(hr.user)
    with app.state.engine.connect() as conn:
        found = conn.execute(
            select(j.job_applications.c.id, j.job_applications.c.job_id)
            .join(j.jobs, j.jobs.c.id == j.job_applications.c.job_id)
            .where(j.jobs.c.org_id == org_id)
        ).all()
    today = date.today()
    for n, (application_id, job_id) in enumerate(found):
        if n % 4:
            continue
        hired_on = today - timedelta(days=rng.randint(100, 400))
        outcome = records.record_outcome(
            hr, org_id, application_id, offered=True, hired=True, hired_on=hired_on,
            starting_hourly=round(rng.uniform(16, 28), 2),
        )  # fmt: skip
        records.record_check(
            hr, org_id, outcome.id, days=90, still_employed=rng.random() < 0.8,
            checked_on=hired_on + timedelta(days=91),
        )  # fmt: skip
        if n % 8 == 0:
            records.record_cost(
                hr, org_id, job_id, kind=CostKind.ADVERTISING, amount=250.0, spent_on=hired_on
            )


def _participants(app: Any, analyst: Any, board_id: str, n: int) -> None:
    """The demo participant file's people, repeated under new record ids up to `n`, loaded
    through the board's import as an analyst would."""
    lines = list(csv.DictReader(io.StringIO(demo_file(date.today()).decode("utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(lines[0]))
    writer.writeheader()
    for k in range(n):
        row = dict(lines[k % len(lines)])
        row["record_id"] = f"B-{k:07d}"
        writer.writerow(row)
    analyst = app.state.platform.accounts.principal(analyst.user)
    app.state.wioa.import_participants(analyst, board_id, out.getvalue().encode(), "bench.csv")


def pages(site: Site) -> dict[str, tuple[str, str]]:
    """name -> (who reads it, path)."""
    return {
        "employer dashboard": ("hr", "/dashboard"),
        "fair hiring checks": ("hr", f"/orgs/{site.employer_id}/metrics/fairness"),
        "job demand and gaps (board)": ("board", "/market/demand"),
        "job demand in a state (board)": ("board", "/market/demand?by=occupation&area=OH"),
        "hiring figures": ("hr", f"/orgs/{site.employer_id}/metrics"),
        "training payoff (ROI)": ("hr", f"/orgs/{site.employer_id}/metrics/roi"),
        "WIOA report (board)": ("board", f"/orgs/{site.board_id}/metrics/wioa"),
        "regional view (board)": ("board", "/market/region?area=OH"),
        "platform admin console": ("admin", "/admin"),
    }


def time_page(site: Site, who: str, path: str, runs: int) -> tuple[float, float]:
    """(the first view, the median of the next `runs`): the first pays for what is counted
    once per change of the data (the supply of skills by place) and kept."""
    site.client.cookies.set(SESSION_COOKIE, site.cookies[who])
    start = time.perf_counter()
    first = site.client.get(path)
    cold = time.perf_counter() - start
    if first.status_code != 200:
        raise SystemExit(f"{path} as {who}: {first.status_code} {first.text[:300]}")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        site.client.get(path)
        samples.append(time.perf_counter() - start)
    return cold, statistics.median(samples)


def timed(label: str, step: Callable[[], Site]) -> Site:
    start = time.perf_counter()
    built = step()
    print(f"{label}: built in {time.perf_counter() - start:.1f} s", flush=True)
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", default=None, help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "small").mkdir()
        (folder / "large").mkdir()
        small = timed(
            "baseline store",
            lambda: build(folder / "small", args.workers // 100, max(args.jobs // 100, 50)),
        )
        large = timed(
            "full store", lambda: build(folder / "large", args.workers, args.jobs, args.postgres)
        )
        rows = []
        for name, (who, path) in pages(large).items():
            base_path = pages(small)[name][1]
            _cold, baseline = time_page(small, who, base_path, args.runs)
            first, full = time_page(large, who, path, args.runs)
            rows.append({"page": name, "median_s": full, "first_s": first,
                         "baseline_s": baseline, "ratio": full / baseline})  # fmt: skip
            print(
                f"{name:30} median {full * 1000:7.1f} ms  first {first * 1000:7.1f} ms  "
                f"baseline {baseline * 1000:6.1f} ms  x{full / baseline:5.1f}",
                flush=True,
            )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"dashboards-{date.today().isoformat()}.json"
    out.write_text(json.dumps({"workers": args.workers, "jobs": args.jobs, "rows": rows}, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
