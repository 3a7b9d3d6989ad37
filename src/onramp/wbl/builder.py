"""The program standards builder (issue 17, item 1): a draft program from an occupation's
imported O*NET profile, for a sponsor to edit rather than write from a blank page.

Every part comes from the current releases, through the catalog's occupation profile, the
occupation's skills (`onramp.nlp.occupation_skills`, as the job builder uses them) and the
OEWS wages the profile carries; nothing is listed in code. The draft is honest about what only
the sponsor can add: it has no related instruction (the sponsor picks who teaches), so
`check_standards` reports NO_INSTRUCTION until the sponsor adds courses.

The rules, each a constant below so a reviewer can change it in one place:

- Work processes: the occupation's task statements, core tasks first and then supplemental
  ones, at most `MAX_WORK_PROCESSES` by default (20: enough for an occupation's core tasks, while a
  longer list is hard for a mentor to sign off). Each keeps the statement as its `task`, and
  as its name, shortened at a word to fit `MAX_NAME`.
- Skills of a work process: the skills of the occupation (O*NET skills and knowledge rated
  important, else the ESCO skills listed for it, else the skills guessed from its tasks) and
  its hot or in-demand technology. A work process takes those whose label its task statement
  says, words matched on their stems: every word of the label, or one that under half of the
  program's tasks say (a word most of them say tells nothing); technology only by its whole
  name or kind ("Office suite software"), since a product name shares words with everyday
  ones. Those saying more of the label, rare words weighing more, come first, up to
  `MAX_SKILLS_PER_TASK`. A guessed skill also goes with the tasks it was guessed from. A
  task tied to none takes the occupation's `FALLBACK_SKILLS` most important skills.
- Hours (time-based and hybrid): `HOURS_PER_YEAR` of on-the-job learning for each year of
  the term, and never under 2,000 for a registered apprenticeship (29 CFR 29.4(c)). O*NET's
  task importance ratings are not imported, so the hours are split evenly, each rounded up to
  10 hours (so the total never falls short). Hybrid work processes allow up to
  `HYBRID_STRETCH` times their hours.
- Term: given, or from the job zone (`TERM_BY_JOB_ZONE`; 12 months without one), capped for
  the shorter kinds (`MAX_DEFAULT_TERM`), and at least 12 months for a registered
  apprenticeship.
- Pay (kinds that need a wage schedule): `WAGE_SHARES` of the journeyworker wage, the steps
  evenly spaced over the hours, or over the work processes signed off for competency-based
  programs. The journeyworker wage is the given one, else the OEWS hourly median for the
  occupation in the area (national where the area has none), else none.
- Mentor ratio: one apprentice per journeyworker for a registered apprenticeship, a common
  ratio in state rules and the safe start (the sponsor raises it where its state allows);
  other kinds need none, so the sponsor sets it if they want one.
- Interim credentials: the work processes in order, cut into thirds (halves when there are
  only two), each named "<occupation>: level N skills".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotFoundError
from onramp.nlp.occupation_skills import OccupationSkill, SkillBasis, occupation_skills
from onramp.taxonomy.catalog import Catalog
from onramp.taxonomy.onet import technology_uri
from onramp.taxonomy.profile import OccupationProfile, ProfileTask, WageFigures
from onramp.taxonomy.search import tokens
from onramp.wbl.model import (
    MAX_NAME,
    MAX_PARTS,
    MIN_OJL_HOURS,
    SOC_CODE,
    Approach,
    Competency,
    InterimCredential,
    Part,
    ProgramKind,
    ProgramStandards,
    WageStep,
)

MAX_WORK_PROCESSES = 20
MAX_SKILLS_PER_TASK = 6
FALLBACK_SKILLS = 3
MIN_IMPORTANCE = 3.0  # O*NET "important" and above, as the job builder uses
TELLING_SHARE = 0.5  # a label word said by this share of the tasks or more ties no skill alone
MIN_STEM = 5  # letters two words must share to count as one ("install", "installation")
# fmt: off
ENDINGS = frozenset((
    "", "e", "s", "es", "ed", "er", "ers", "or", "ors", "ion", "ions", "ation", "ations", "ing",
    "ment", "ments", "ement", "al", "ally", "ive", "ity", "ic", "ics", "ical", "y", "ly", "ance",
    "ence", "ure", "ures", "ine",
))
# fmt: on
HOURS_PER_YEAR = 2_000  # on-the-job learning in a full-time year
HOUR_ROUNDING = 10
HYBRID_STRETCH = 1.5
WORK_HOURS_PER_YEAR = 2_080  # how OEWS turns an annual wage into an hourly one
TERM_BY_JOB_ZONE = {1: 12, 2: 12, 3: 24, 4: 36, 5: 48}
DEFAULT_TERM = 12
MAX_TERM = 72  # months, as ProgramStandards allows
MIN_REGISTERED_TERM = 12
MAX_DEFAULT_TERM = {
    ProgramKind.PRE_APPRENTICESHIP: 6,
    ProgramKind.OJT_CONTRACT: 6,
    ProgramKind.INTERNSHIP: 3,
}
WAGE_SHARES = (0.5, 0.6, 0.7, 0.8, 0.9)
REGISTERED_MENTOR_RATIO = 1
CRITERIA = (
    "Does this task on the job, safely and without help, to the standard a fully trained "
    "worker meets."
)
PROGRAM_NAMES = {
    ProgramKind.REGISTERED_APPRENTICESHIP: "{title} apprenticeship",
    ProgramKind.PRE_APPRENTICESHIP: "{title} pre-apprenticeship",
    ProgramKind.OJT_CONTRACT: "{title} on-the-job training",
    ProgramKind.INTERNSHIP: "{title} internship",
}


def draft_program(
    engine_or_catalog: Engine | Catalog,
    occupation_code: str,
    *,
    kind: ProgramKind,
    approach: Approach,
    name: str | None = None,
    term_months: int | None = None,
    area: str = "",
    journeyworker_wage: float | None = None,
    max_work_processes: int = MAX_WORK_PROCESSES,
) -> ProgramStandards:
    """Draft program standards for `occupation_code` from the current releases.

    Raises NotFoundError when the occupation is not imported and InvalidInputError when it
    has no task statements to draft work processes from."""
    catalog = _catalog(engine_or_catalog)
    profile = _profile(catalog, occupation_code, area)
    skills = occupation_skills(catalog.engine, profile.code, profile=profile).skills
    wage = journeyworker_wage if journeyworker_wage is not None else _hourly_median(profile)
    return draft_from_profile(
        profile,
        skills,
        kind=kind,
        approach=approach,
        name=name,
        term_months=term_months,
        area=area,
        journeyworker_wage=wage,
        max_work_processes=max_work_processes,
    )


def area_hourly_median(
    engine_or_catalog: Engine | Catalog, occupation_code: str, area: str
) -> float | None:
    """The OEWS median hourly wage of the occupation in `area` (matched as the occupation
    profile matches it), the national one where the area has none, or None without OEWS or
    without the occupation (a program's check then says nothing about the area's pay)."""
    catalog = _catalog(engine_or_catalog)
    try:
        return _hourly_median(_profile(catalog, occupation_code, area))
    except NotFoundError:
        return None


def draft_from_profile(
    profile: OccupationProfile,
    skills: Sequence[OccupationSkill],
    *,
    kind: ProgramKind,
    approach: Approach,
    name: str | None = None,
    term_months: int | None = None,
    area: str = "",
    journeyworker_wage: float | None = None,
    max_work_processes: int = MAX_WORK_PROCESSES,
) -> ProgramStandards:
    """The draft itself, from a profile and its skills already read (no I/O)."""
    code = profile.code if SOC_CODE.match(profile.code) else profile.onet_soc
    if not code or not SOC_CODE.match(code):
        raise InvalidInputError(
            f"“{profile.title}” has no O*NET-SOC code, and program standards need one."
        )
    if max_work_processes < 1:
        raise InvalidInputError("A program needs at least one work process.")
    tasks = chosen_tasks(profile.tasks, min(max_work_processes, MAX_PARTS))
    if not tasks:
        raise InvalidInputError(
            f"There are no task statements for “{profile.title}” ({code}), so there is "
            "nothing to draft the work processes from. Write them yourself."
        )
    if term_months is not None and not 1 <= term_months <= MAX_TERM:
        raise InvalidInputError(f"The term is 1 to {MAX_TERM} months.")
    term = term_months if term_months is not None else default_term(kind, profile.job_zone)
    if kind is ProgramKind.REGISTERED_APPRENTICESHIP:
        term = max(term, MIN_REGISTERED_TERM)
    matcher = _Matcher(_skill_pool(profile, skills), [t.statement for t in tasks])
    timed = approach in (Approach.TIME_BASED, Approach.HYBRID)
    each = hours_each(len(tasks), term, kind) if timed else None
    work = tuple(
        Competency(
            name=short_name(task.statement),
            task=task.statement,
            skills=matcher.skills(task.statement),
            criteria=CRITERIA,
            hours=each,
            max_hours=_round_up(each * HYBRID_STRETCH)
            if each and approach is Approach.HYBRID
            else None,
        )
        for task in tasks
    )
    title = profile.title.strip()
    wages = Part.WAGE_SCHEDULE in kind.needs
    return ProgramStandards(
        name=short_name(name or PROGRAM_NAMES[kind].format(title=title)),
        kind=kind,
        approach=approach,
        occupation=code,
        occupation_title=short_name(title),
        term_months=term,
        area=area.strip()[:200],
        journeyworker_wage=None if journeyworker_wage is None else round(journeyworker_wage, 2),
        mentor_ratio=REGISTERED_MENTOR_RATIO
        if kind is ProgramKind.REGISTERED_APPRENTICESHIP
        else None,
        work_processes=work,
        wage_schedule=wage_schedule(work, timed) if wages else (),
        interim_credentials=interim_credentials(title, work),
    )


# -- the parts --------------------------------------------------------------------------------
def chosen_tasks(tasks: Sequence[ProfileTask], cap: int = MAX_WORK_PROCESSES) -> list[ProfileTask]:
    """Core tasks first, then supplemental ones, each in the profile's order, at most `cap`."""
    ordered = sorted(tasks, key=lambda t: t.task_type.strip().lower() != "core")
    seen: set[str] = set()
    out = []
    for task in ordered:
        statement = " ".join(task.statement.split())
        if len(statement) < 2 or statement.lower() in seen:
            continue
        seen.add(statement.lower())
        out.append(task)
    return out[: max(0, cap)]


def short_name(text: str, limit: int = MAX_NAME) -> str:
    """`text` on one line, cut at a word with an ellipsis when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}…"


def default_term(kind: ProgramKind, job_zone: int | None) -> int:
    """Months from the job zone, capped for the kinds that are short by nature."""
    term = TERM_BY_JOB_ZONE.get(job_zone or 0, DEFAULT_TERM)
    return min(term, MAX_DEFAULT_TERM.get(kind, term))


def hours_each(count: int, term_months: int, kind: ProgramKind) -> float:
    """The hours of each of `count` work processes: the term's hours split evenly, rounded
    up to 10, so a registered apprenticeship always adds up to at least 2,000."""
    total = HOURS_PER_YEAR * term_months / 12
    if kind is ProgramKind.REGISTERED_APPRENTICESHIP:
        total = max(total, MIN_OJL_HOURS)
    return _round_up(total / max(1, count))


def wage_schedule(work: Sequence[Competency], timed: bool) -> tuple[WageStep, ...]:
    """Rising steps at `WAGE_SHARES`, spread evenly over the hours or the sign-offs; steps
    that would start at the same point merge into the higher one."""
    steps: dict[float, float] = {}
    total = sum(c.hours or 0 for c in work)
    for k, share in enumerate(WAGE_SHARES):
        fraction = k / len(WAGE_SHARES)
        start = _round_down(total * fraction) if timed else math.floor(len(work) * fraction + 0.5)
        steps[start] = max(share, steps.get(start, 0.0))
    if timed:
        return tuple(WageStep(after_hours=at, share=share) for at, share in steps.items())
    return tuple(WageStep(after_competencies=int(at), share=share) for at, share in steps.items())


def interim_credentials(title: str, work: Sequence[Competency]) -> tuple[InterimCredential, ...]:
    """The work processes in order, in thirds (halves for two; none for one)."""
    parts = min(3, len(work))
    if parts < 2:
        return ()
    out = []
    for n in range(parts):
        group = work[len(work) * n // parts : len(work) * (n + 1) // parts]
        suffix = f": level {n + 1} skills"
        out.append(
            InterimCredential(
                name=short_name(title, MAX_NAME - len(suffix)) + suffix,
                competency_ids=tuple(c.id for c in group),
            )
        )
    return tuple(out)


# -- skills -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _PoolSkill:
    uri: str
    labels: tuple[tuple[str, ...], ...]  # each label's words, stemmed
    whole: bool = False  # True: a task must say every word of a label (technology)
    evidence: frozenset[str] = frozenset()  # guessed: the task statements it was guessed from


def _skill_pool(profile: OccupationProfile, skills: Sequence[OccupationSkill]) -> list[_PoolSkill]:
    """The occupation's skills most important first, as the job builder proposes them: rated
    ones rated important, else listed ones, else guessed ones; then hot technology, known by
    its name or its kind ("Office suite software")."""
    rated = [
        s for s in skills if s.basis is SkillBasis.RATED and (s.importance or 0.0) >= MIN_IMPORTANCE
    ]
    listed = [s for s in skills if s.basis in (SkillBasis.ESSENTIAL, SkillBasis.OPTIONAL)]
    guessed = [s for s in skills if s.basis is SkillBasis.INFERRED]
    pool = [
        _PoolSkill(s.uri, (_words(s.label),), evidence=frozenset(_key(e) for e in s.evidence))
        for s in rated or listed or guessed
    ]
    taken = {p.uri for p in pool}
    for tech in profile.technology:
        uri = technology_uri(tech.example)
        if (tech.hot or tech.in_demand) and uri not in taken:
            taken.add(uri)
            labels = (_words(tech.example), _words(tech.commodity_title))
            pool.append(_PoolSkill(uri, labels, whole=True))
    return pool


class _Matcher:
    """Ties the pool's skills to task statements. A word said by half the program's tasks or
    more ("equipment", for electricians) tells little, so it counts less (inverse document
    frequency) and does not tie a skill on its own: "Equipment Selection" needs "selection"."""

    def __init__(self, pool: Sequence[_PoolSkill], statements: Sequence[str]) -> None:
        self.pool = pool
        said = [_words(s) for s in statements]
        count = len(said)
        self.weight: dict[str, float] = {}
        self.telling: set[str] = set()
        for word in {w for skill in pool for label in skill.labels for w in label}:
            df = sum(any(_same(word, w) for w in words) for words in said)
            self.weight[word] = math.log((count + 1) / (df + 1)) + 1
            if df < count * TELLING_SHARE:
                self.telling.add(word)

    def skills(self, statement: str) -> tuple[str, ...]:
        """The skills the statement says, best said first; else the occupation's most
        important few."""
        said = _words(statement)
        key = _key(statement)
        scored = []
        for rank, skill in enumerate(self.pool):
            score = 1.0 if key in skill.evidence else self._score(skill, said)
            if score > 0:
                scored.append((-score, rank, skill.uri))
        if not scored:
            return tuple(s.uri for s in self.pool[:FALLBACK_SKILLS])
        return tuple(uri for _score, _rank, uri in sorted(scored)[:MAX_SKILLS_PER_TASK])

    def _score(self, skill: _PoolSkill, said: Sequence[str]) -> float:
        """The share of a label's weight the statement says, for the best label that counts:
        one said whole, or (unless the skill needs it whole) one with a telling word said."""
        best = 0.0
        for label in skill.labels:
            found = [w for w in label if any(_same(w, s) for s in said)]
            whole = bool(label) and len(found) == len(label)
            if whole or (found and not skill.whole and self.telling.intersection(found)):
                share = sum(self.weight[w] for w in found) / sum(self.weight[w] for w in label)
                best = max(best, share)
        return best


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tokens(text)))


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _same(a: str, b: str) -> bool:
    """One word with different endings: equal, or a shared start of at least `MIN_STEM`
    letters followed only by common endings ("operate" and "operation", "install" and
    "installation"; not "instruct" and "instrument", nor "design" and "designated")."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= MIN_STEM and a[common:] in ENDINGS and b[common:] in ENDINGS


# -- reading ----------------------------------------------------------------------------------
def _catalog(engine_or_catalog: Engine | Catalog) -> Catalog:
    if isinstance(engine_or_catalog, Catalog):
        return engine_or_catalog
    return Catalog(engine_or_catalog)


def _profile(catalog: Catalog, code: str, area: str) -> OccupationProfile:
    try:
        return catalog.profile(code, area.strip() or None)
    except NotFoundError:
        raise NotFoundError(
            f"There is no occupation {code.strip()!r} here. Check the code, or import O*NET first."
        ) from None


def _hourly_median(profile: OccupationProfile) -> float | None:
    """The area's OEWS hourly median, else the national one; OEWS publishes some jobs as
    annual salaries only, and those are turned hourly as OEWS does (2,080 hours a year)."""
    for figures in (profile.area_wage, profile.national_wage):
        hourly = _hourly(figures)
        if hourly is not None:
            return hourly
    return None


def _hourly(figures: WageFigures | None) -> float | None:
    if figures is None:
        return None
    if figures.hourly_median is not None:
        return round(figures.hourly_median, 2)
    if figures.annual_median is not None:
        return round(figures.annual_median / WORK_HOURS_PER_YEAR, 2)
    return None


def _round_up(hours: float) -> float:
    return float(math.ceil(hours / HOUR_ROUNDING - 1e-9) * HOUR_ROUNDING)


def _round_down(hours: float) -> float:
    return float(math.floor(hours / HOUR_ROUNDING + 1e-9) * HOUR_ROUNDING)
