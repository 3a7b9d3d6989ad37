"""Synthetic job postings for benchmarks and demos (issue 16, item 7): `onramp demo postings`.

Each posting is built from one occupation of the current release: a title (its own or an
alternate, sometimes with a level), task statements as the duties, the occupation's skills
(`onramp.nlp.occupation_skills`: rated, listed or guessed from the tasks) and technology
examples as the requirements, an employer, a place and a date. The places are the OEWS
areas of the stored wages when there are any (a metro's first city and its state, a state's
name, or the area code as some feeds give it), else a short list of U.S. cities written
here. A share of postings are reposts of a recent one with small edits (a new date, a line
changed), so the ingest's repost detection has work; some carry a salary.

The same seed gives the same postings, line for line. Postings are made one at a time and
only the last `RECENT` are kept for reposting, so memory stays flat for any N.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotAvailableError, NotFoundError

RECENT = 500  # postings kept to repost from
MAX_OCCUPATIONS = 2_000
CITIES = [
    ("New York", "NY"), ("Los Angeles", "CA"), ("Chicago", "IL"), ("Houston", "TX"),
    ("Phoenix", "AZ"), ("Philadelphia", "PA"), ("San Antonio", "TX"), ("San Diego", "CA"),
    ("Dallas", "TX"), ("Jacksonville", "FL"), ("Columbus", "OH"), ("Charlotte", "NC"),
    ("Indianapolis", "IN"), ("Seattle", "WA"), ("Denver", "CO"), ("Nashville", "TN"),
    ("Detroit", "MI"), ("Portland", "OR"), ("Memphis", "TN"), ("Louisville", "KY"),
    ("Baltimore", "MD"), ("Milwaukee", "WI"), ("Albuquerque", "NM"), ("Dayton", "OH"),
    ("Boise", "ID"), ("Des Moines", "IA"), ("Omaha", "NE"), ("Raleigh", "NC"),
]  # fmt: skip
_LEVELS = ["", "", "", "Senior ", "Junior ", "Lead ", "Entry Level ", "Assistant "]
_FIRST = [
    "North", "Blue", "Summit", "River", "Oak", "Pioneer", "Bright", "Keystone", "Harbor",
]  # fmt: skip
_SECOND = ["Valley", "Ridge", "Point", "Bridge", "Field", "Stone", "Lake", "Works", "Park"]
_KIND = [
    "Health", "Logistics", "Manufacturing", "Services", "Foods", "Systems", "Group", "Labs",
]  # fmt: skip
_OPENERS = [
    "We are hiring a {title} to join our team in {city}.",
    "{employer} is looking for a {title} in {city}.",
    "Join {employer} as a {title} and grow with us in {city}.",
    "Our {city} team needs a dependable {title}.",
]
_DO = ["Able to {s}.", "You can {s}.", "Proven ability to {s}.", "Ready to {s}."]
_KNOW = ["Knowledge of {s}.", "Experience with {s}.", "Solid {s} skills.", "Training in {s}."]
_BENEFITS = [
    "We offer health, dental and vision coverage, paid time off and a retirement plan.",
    "Benefits include paid holidays, tuition help and a yearly bonus.",
    "Full-time schedule with overtime available and weekly pay.",
    "Flexible hours, paid training and room to grow.",
    "We are an equal opportunity employer and welcome all applicants.",
]
_EDITS = [
    ("We offer", "We proudly offer"),
    ("Experience with", "Hands-on experience with"),
    ("Knowledge of", "Good knowledge of"),
    ("Responsibilities", "What you will do"),
    ("Requirements", "What you bring"),
]


_NOUNS = {"knowledge", "technology", "tool"}


def singular(title: str) -> str:
    """An O*NET title as one job ("Gas Plant Operators" -> "Gas Plant Operator")."""
    words = title.split()
    if not words:
        return title
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "ches", "shes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join([*words[:-1], last])


@dataclass(frozen=True, slots=True)
class OccupationSketch:
    """What postings for one occupation are written from."""

    code: str
    title: str
    titles: tuple[str, ...]
    tasks: tuple[str, ...]
    skills: tuple[tuple[str, bool], ...]  # (label, whether it is knowledge: a noun phrase)
    technology: tuple[str, ...]


REPOST_DAYS = 45  # the most days a repost comes after the posting it repeats


@dataclass(frozen=True, slots=True)
class Settings:
    start: date = date(2025, 1, 1)
    days: int = 365
    repost_share: float = 0.12
    exact_share: float = 0.02
    salary_share: float = 0.6

    def check(self) -> None:
        if self.days < 1:
            raise InvalidInputError("the span of dates must be at least one day")
        for name in ("repost_share", "exact_share", "salary_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise InvalidInputError(f"{name.replace('_', ' ')} must be between 0 and 1")


def sketches(
    engine: Engine, count: int, seed: int, advance: Callable[[int], Any] | None = None
) -> list[OccupationSketch]:
    """`count` occupations of the current O*NET release (else ESCO) drawn with `seed`,
    each read through the occupation profile and `nlp.occupation_skills`."""
    from onramp.nlp.occupation_skills import occupation_codes, occupation_skills
    from onramp.taxonomy.catalog import Catalog

    if not 1 <= count <= MAX_OCCUPATIONS:
        raise InvalidInputError(f"draw from 1 to {MAX_OCCUPATIONS:,} occupations")
    codes: list[str] = []
    for framework in ("onet", "esco"):
        try:
            codes = occupation_codes(engine, framework)
        except NotFoundError:
            continue
        if codes:
            break
    if not codes:
        raise NotAvailableError(
            "no occupations to write postings for: run `onramp data bootstrap` first"
        )
    chosen = sorted(random.Random(seed).sample(codes, min(count, len(codes))))
    catalog = Catalog(engine)
    out = []
    for code in chosen:
        profile = catalog.profile(code)
        try:
            found = occupation_skills(engine, code, profile=profile).skills
            skills = [(s.label, s.skill_type in _NOUNS) for s in found]
        except (NotFoundError, NotAvailableError):
            skills = []
        tasks = tuple(task.statement for task in profile.tasks if task.statement)
        if tasks or skills:
            out.append(
                OccupationSketch(
                    code=code,
                    title=profile.title,
                    titles=tuple(
                        dict.fromkeys([singular(profile.title), *profile.alternate_titles[:8]])
                    ),
                    tasks=tasks[:30],
                    skills=tuple(dict.fromkeys(skills))[:30],
                    technology=tuple(t.example for t in profile.technology[:20]),
                )
            )
        if advance is not None:
            advance(1)
    return out


def places_from(areas: Sequence[dict[str, str]]) -> list[str]:
    """Location texts for the OEWS areas given (from `wage_areas`), or the built-in cities."""
    out: list[str] = []
    for area in areas:
        name, kind = area["name"], area["type"]
        if kind == "metro" and "," in name:
            cities, states = name.rsplit(",", 1)
            out.append(f"{cities.split('-')[0].strip()}, {states.strip().split('-')[0]}")
        elif kind == "state":
            out.append(name)
    if out:
        codes = [area["code"] for area in areas if area["type"] == "metro"][:5]
        return sorted(set(out)) + codes  # a few feeds give OEWS area codes
    return [f"{city}, {state}" for city, state in CITIES]


def postings(
    occupations: Sequence[OccupationSketch],
    places: Sequence[str],
    n: int,
    seed: int,
    settings: Settings = Settings(),
) -> Iterator[dict[str, Any]]:
    """N postings as JSONL objects (the keys `onramp market ingest` reads, plus "synthetic":
    the occupation and, for a repost, the line it reposts)."""
    settings.check()
    if not occupations:
        raise NotAvailableError("no occupation has tasks or skills to write postings from")
    if not places:
        raise InvalidInputError("no places to post jobs in")
    rng = random.Random(seed)
    recent: deque[tuple[int, dict[str, Any]]] = deque(maxlen=RECENT)
    for line in range(1, n + 1):
        roll = rng.random()
        if recent and roll < settings.exact_share:
            number, earlier = rng.choice(recent)
            yield {**earlier, "synthetic": {**earlier["synthetic"], "copy_of": number}}
            continue
        if recent and roll < settings.exact_share + settings.repost_share:
            number, earlier = rng.choice(recent)
            made = _repost(rng, earlier, settings)
            made["synthetic"] = {**earlier["synthetic"], "repost_of": number}
        else:
            made = _posting(rng, rng.choice(occupations), places, settings)
        recent.append((line, made))
        yield made


def _posting(
    rng: random.Random, job: OccupationSketch, places: Sequence[str], settings: Settings
) -> dict[str, Any]:
    title = rng.choice(_LEVELS) + rng.choice(job.titles)
    employer = f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {rng.choice(_KIND)}"
    place = rng.choice(places)
    city = place.split(",")[0] if not place.isdigit() else "the area"
    lines = [title, f"{employer} - {place}", "", "About the role"]
    lines.append(rng.choice(_OPENERS).format(title=title.lower(), city=city, employer=employer))
    if job.tasks:
        lines += ["", "Responsibilities"]
        tasks = rng.sample(job.tasks, min(len(job.tasks), rng.randint(3, 6)))
        lines += [f"- {task}" for task in tasks]
    wanted = rng.sample(job.skills, min(len(job.skills), rng.randint(3, 7)))
    if wanted:
        lines += ["", "Requirements"]
        lines += [
            f"- {rng.choice(_KNOW if noun else _DO).format(s=label)}" for label, noun in wanted[:-1]
        ]
    if job.technology:
        tools = rng.sample(job.technology, min(len(job.technology), rng.randint(1, 3)))
        lines.append(f"- Hands-on with {', '.join(tools)}.")
    if wanted:
        lines += ["", "Nice to have", f"- {wanted[-1][0]}"]
    lines += ["", rng.choice(_BENEFITS)]
    posted = settings.start + timedelta(days=rng.randrange(settings.days))
    made: dict[str, Any] = {
        "title": title,
        "employer": employer,
        "location": place,
        "posted_on": posted.isoformat(),
        "description": "\n".join(lines),
        "synthetic": {"occupation": job.code},
    }
    if rng.random() < settings.salary_share:
        made["salary"] = _salary(rng, job.code)
    return made


def _salary(rng: random.Random, code: str) -> str:
    """A pay range steady per occupation (seeded by its code), hourly or yearly."""
    base = 15 + random.Random(code).random() * 45  # dollars an hour
    low = round(base * rng.uniform(0.9, 1.05), 2)
    high = round(low * rng.uniform(1.05, 1.3), 2)
    if rng.random() < 0.5:
        return f"${low:.2f} - ${high:.2f} an hour"
    return f"${round(low * 2080, -3):,.0f} - ${round(high * 2080, -3):,.0f} a year"


def _repost(rng: random.Random, earlier: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """The same job posted again: a later date, and sometimes one small edit."""
    posted = date.fromisoformat(earlier["posted_on"]) + timedelta(days=rng.randint(3, REPOST_DAYS))
    text = earlier["description"]
    if rng.random() < 0.7:
        old, new = rng.choice(_EDITS)
        text = text.replace(old, new, 1)
    if rng.random() < 0.3:
        text += "\nApply today."
    return {**earlier, "posted_on": posted.isoformat(), "description": text}
