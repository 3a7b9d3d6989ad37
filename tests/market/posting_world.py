"""A small store for the posting ingest tests: a few skills postings name, a few O*NET-keyed
occupations to code titles to, and OEWS wages for a few areas; plus postings to write as
CSV or JSONL. Everything here is written for the tests."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from onramp.market import read_oews
from onramp.store import market_tables as tables
from onramp.taxonomy.importing import run_import
from onramp.taxonomy.model import (
    Framework,
    FrameworkRelease,
    Occupation,
    OccupationLabel,
    Origin,
    Skill,
    SkillLabel,
    SkillType,
    Task,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from market_files import write_all_data_csv  # noqa: E402

SKILLS = [
    ("python", "Python (computer programming)", SkillType.KNOWLEDGE, ["Python"]),
    ("sql", "SQL", SkillType.KNOWLEDGE, ["structured query language"]),
    ("java", "Java (computer programming)", SkillType.KNOWLEDGE, ["Java"]),
    ("service", "customer service", SkillType.SKILL, ["serve customers"]),
    ("care", "patient care", SkillType.SKILL, ["care for patients"]),
    ("forklift", "operate forklift", SkillType.SKILL, ["forklift"]),
    ("cash", "handle cash", SkillType.SKILL, ["cash handling"]),
]
OCCUPATIONS = [
    ("29-1141.00", "Registered Nurses", ["Staff Nurse", "RN"], "Assess patient health."),
    ("41-2011.00", "Cashiers", ["Checker", "Cashier"], "Receive payment from customers."),
    ("15-1252.00", "Software Developers", ["Java Developer", "Python Developer"], "Write code."),
    ("53-7051.00", "Industrial Truck and Tractor Operators", ["Forklift Operator"], "Move loads."),
]


def skills_release() -> FrameworkRelease:
    built = FrameworkRelease(
        framework=Framework(
            "esco", "test", "Test skills", "Onramp tests", "", "CC BY 4.0", "", Origin.OFFICIAL
        )
    )
    for code, label, kind, alternatives in SKILLS:
        built.skills.append(Skill(code, f"urn:test:skill:{code}", label, kind))
        built.skill_labels.extend(SkillLabel(code, alt, "alternative") for alt in alternatives)
    return built


def occupations_release() -> FrameworkRelease:
    built = FrameworkRelease(
        framework=Framework(
            "onet", "test", "Test O*NET", "Onramp tests", "", "CC BY 4.0", "", Origin.OFFICIAL
        )
    )
    for n, (code, title, alternates, task) in enumerate(OCCUPATIONS):
        built.occupations.append(
            Occupation(code, f"urn:test:onet:{code}", title, onet_soc=code, soc2018=code[:7])
        )
        built.occupation_labels.extend(
            OccupationLabel(code, alt, "alternate") for alt in alternates
        )
        built.tasks.append(Task(code, str(1000 + n), task, "Core"))
    return built


def fill(engine: Engine, folder: Path, *, wages: bool = True) -> Engine:
    run_import(engine, lambda _step: skills_release())
    run_import(engine, lambda _step: occupations_release())
    if wages:
        path = write_all_data_csv(folder / "all_data.csv")
        run_import(engine, lambda step: read_oews([path], "2025", step))
    return engine


def posting(
    title: str,
    description: str,
    *,
    employer: str = "Acme",
    location: str = "Los Angeles, CA",
    posted: str = "2026-03-02",
    salary: str = "",
) -> dict[str, str]:
    return {
        "title": title,
        "description": description,
        "employer": employer,
        "location": location,
        "posted": posted,
        "salary": salary,
    }


NURSE_TEXT = (
    "We need a staff nurse for our medical unit. Requirements: patient care experience, "
    "a current license and strong customer service. You will care for patients on day shift, "
    "teach families and keep records. Nice to have: SQL for our quality reports."
)
DEVELOPER_TEXT = (
    "Build billing services in Java and Python. Requirements: five years of Java, good SQL, "
    "clear tests, and code reviews with the team. You will design APIs and help junior staff."
)
CASHIER_TEXT = (
    "Greet shoppers, scan groceries and handle cash. Requirements: customer service and cash "
    "handling. We train you on the registers; flexible hours for students and parents."
)


def feed(count: int = 12) -> list[dict[str, str]]:
    """Postings with a repost (small edit), an exact copy and distinct jobs, over two months."""
    rows = [
        posting("Staff Nurse", NURSE_TEXT, employer="Riverside Health", salary="$40 - $48 an hour"),
        posting("Java Developer", DEVELOPER_TEXT, employer="Northwind", location="California"),
        posting("Cashier", CASHIER_TEXT, employer="Fresh Market", location="Peoria, IL"),
        posting(
            "Staff Nurse",
            NURSE_TEXT.replace("day shift", "night shift"),
            employer="Riverside Health",
            posted="2026-04-10",
            salary="$40 - $48 an hour",
        ),
        posting("Cashier", CASHIER_TEXT, employer="Fresh Market", location="Peoria, IL"),
    ]
    towns = ["Los Angeles, CA", "Long Beach, CA", "Anaheim, CA", "Dayton, OH", "Austin, TX"]
    n = 0
    while len(rows) < count:
        town = towns[n % len(towns)]
        rows.append(
            posting(
                "Forklift Operator",
                f"Move pallets in our {town} warehouse, store number {n}. Requirements: forklift "
                f"certification and care with loads; shift {n % 3 + 1}, team {n}.",
                employer=f"Depot {n}",
                location=town,
                posted=f"2026-0{3 + n % 2}-1{n % 9}",
            )
        )
        n += 1
    return rows[:count]


def write_jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot(engine: Engine) -> dict[str, Any]:
    """Every stored row of the posting tables but the file's own timestamps."""
    with engine.connect() as conn:
        return {
            "postings": sorted(tuple(row) for row in conn.execute(select(tables.postings)).all()),
            "skills": sorted(tuple(r) for r in conn.execute(select(tables.posting_skills))),
            "bands": sorted(tuple(r) for r in conn.execute(select(tables.posting_bands))),
            "rejects": sorted(tuple(r) for r in conn.execute(select(tables.posting_rejects))),
            "files": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        *[
                            c
                            for c in tables.posting_files.columns
                            if c.name not in ("started_at", "finished_at")
                        ]
                    )
                )
            ),
        }
