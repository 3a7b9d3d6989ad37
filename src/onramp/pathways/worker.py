"""A worker's pathways, scored from their own skills (issue 15, item 2). Pure: no store.

Every occupation is scored for one worker from two things:

- **fit**: how much of the occupation's skills the worker's profile covers at the level it
  needs. A skill counts by its O*NET importance (1-5; `default_importance` where unrated)
  times the level needed, so a job's demanding skills count most, and gives credit
  `min(1, held / needed)`, where `held` is the highest level the worker's current proof
  claims for the skill (0 with no proof; `held_levels`), which never falls as proof is added;
- **move**: the transition score (`TransitionMatrix.score`) from the worker's current
  occupation, the best over their current jobs.

`score = coverage_share * fit + (1 - coverage_share) * move`. With no current occupation
known, pathways start from the occupation the worker's skills fit best, and say so.

The occupations x (level, skill) matrices are built once per transition matrix
(`build_index`); one worker is then one sparse product for fit and one for gap counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from onramp.errors import NotFoundError
from onramp.matching.scoring.evidence import MAX_LEVEL
from onramp.matching.scoring.profile import SkillProfile
from onramp.pathways.matrix import TransitionMatrix
from onramp.vocabulary import LabeledEnum

Vector = NDArray[np.float64]

# Typical preparation for each O*NET job zone, in months (O*NET Job Zones: 1 "little or no
# preparation", a few days to a few months; 2 "some", up to a year; 3 "medium", one to two
# years; 4 "considerable", about four years; 5 "extensive", more than four). A move up costs
# the difference; a move down or sideways costs none.
PREP_MONTHS: Mapping[int, int] = {1: 2, 2: 6, 3: 18, 4: 48, 5: 72}
MAX_TOP = 20  # next steps (and stretch targets) one call may ask for


class GapWay(LabeledEnum):
    """A way to close a skill gap, in plain words."""

    PROGRAM = "program", "A program in Onramp teaches this."
    ON_THE_JOB = "on_the_job", "You can likely learn this on the job."
    WORK_BASED = (
        "work_based",
        "Apprenticeships and other paid training on the job can teach this. "
        "Onramp does not list them yet.",
    )
    NO_PROGRAM = "no_program", "Onramp does not know a program that teaches this yet."


@dataclass(frozen=True, slots=True)
class PathwayConfig:
    """Parameters of worker pathways (documented in docs/pathways.md)."""

    coverage_share: float = 0.5  # fit's share of a worker's score; the rest is the move
    default_importance: float = 3.0  # weight of a skill O*NET does not rate (the scale's middle)
    held_tolerance: float = 0.5  # held this close below the level needed is not a gap
    next_steps: int = 6
    stretch_targets: int = 4
    stretch_zone_step: int = 2  # a stretch is this many job zones up (to `stretch_zone_most`)...
    stretch_zone_most: int = 2
    stretch_wage_ratio: float = 1.25  # ...or, when job zones are unknown, pays this much more
    edges: int = 30  # each occupation's best moves the search follows (and best ways in)
    max_steps: int = 3
    pathways: int = 3  # pathways shown toward a target
    # the objective of a pathway (higher is better), see search.py
    wage_weight: float = 1.0  # per unit of mean ln(pay of a step / pay now)
    months_weight: float = 0.01  # per month of preparation (a year costs 0.12)
    risk_weight: float = 1.0  # per unit of -ln(transition score) of a step
    gap_weight: float = 0.02  # per skill to learn for a step (see search.py)
    step_months: int = 3  # months to find, start and settle into each new job
    unknown_zone_months: int = 6  # preparation of a step whose job zone is unknown
    # how a gap can be closed
    small_gap: int = 1  # levels short that are usually learned on the job
    learnable_level: int = 2  # a skill needed at this level or below is learned on the job
    gaps_shown: int = 8  # per step, most important first


def held_levels(profile: SkillProfile) -> dict[str, float]:
    """Skill URI -> the highest level any of the worker's current proof claims (1-5); a skill
    without proof is absent (0). Adding proof never lowers it. How sure the proof is counts
    in matching's ranking, not here: a gap is a skill with no proof at the level needed."""
    return {uri: float(e.top_level) for uri, e in profile.skills.items()}


@dataclass(frozen=True)
class SkillIndex:
    """Every occupation's skills as sparse occupations x (level, skill) matrices."""

    uris: tuple[str, ...]
    column: Mapping[str, int]
    weights: sparse.csr_matrix  # importance at column (level - 1) * S + skill
    needs: sparse.csr_matrix  # 1 at the same places
    totals: Vector  # the sum of each occupation's weights
    groups: Mapping[str, str]  # skill URI -> the URI the occupations count it as
    members: Mapping[str, tuple[str, ...]]  # a counted URI -> every URI counted as it
    edge: NDArray[np.bool_]  # edge[i, j]: j is among i's best moves, or i among j's best ways in
    zones: Vector  # job zone, NaN when unknown
    log_wages: Vector  # ln(annual median), NaN when unknown

    @property
    def size(self) -> int:
        return len(self.uris)


def build_index(matrix: TransitionMatrix, config: PathwayConfig | None = None) -> SkillIndex:
    """The index of a transition matrix (built once per matrix and kept beside it)."""
    config = config or PathwayConfig()
    column: dict[str, int] = {}
    rows: list[int] = []
    cols: list[tuple[int, int]] = []
    data: list[float] = []
    for i, feature in enumerate(matrix.features):
        best: dict[str, tuple[int, float]] = {}  # grouped skills: keep the highest level
        for need in feature.skills:
            level = min(max(need.level, 1), MAX_LEVEL)
            weight = (need.importance or config.default_importance) * level
            held = best.get(need.uri)
            if held is None or level > held[0]:
                best[need.uri] = (level, max(weight, held[1] if held else 0.0))
        for uri, (level, weight) in best.items():
            rows.append(i)
            cols.append((level, column.setdefault(uri, len(column))))
            data.append(float(weight))
    size = max(len(column), 1)
    n = len(matrix.features)
    flat = [(level - 1) * size + s for level, s in cols]
    shape = (n, MAX_LEVEL * size)
    weights = sparse.csr_matrix((data, (rows, flat)), shape=shape, dtype=np.float64)
    needs = sparse.csr_matrix((np.ones(len(data)), (rows, flat)), shape=shape, dtype=np.float64)
    return SkillIndex(
        uris=tuple(column),
        column=column,
        weights=weights,
        needs=needs,
        totals=np.asarray(weights.sum(axis=1)).ravel(),
        groups=dict(matrix.skill_groups),
        members=_members(matrix.skill_groups),
        edge=edges(matrix.score, config.edges),
        zones=np.array([f.job_zone or np.nan for f in matrix.features], dtype=np.float64),
        log_wages=np.array(
            [math.log(f.wage) if f.wage else np.nan for f in matrix.features], dtype=np.float64
        ),
    )


def _members(groups: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for uri, counted in groups.items():
        out.setdefault(counted, [counted]).append(uri)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def edges(score: Vector, k: int) -> NDArray[np.bool_]:
    """The moves a pathway may take: each occupation's `k` best moves and `k` best ways in."""
    n = score.shape[0]
    edge = np.zeros((n, n), dtype=bool)
    if n < 2:
        return edge
    k = max(1, min(k, n - 1))
    ranked = score.copy()
    np.fill_diagonal(ranked, -np.inf)
    best_out = np.argpartition(-ranked, k - 1, axis=1)[:, :k]
    edge[np.repeat(np.arange(n), k), best_out.ravel()] = True
    best_in = np.argpartition(-ranked, k - 1, axis=0)[:k, :]
    edge[best_in.ravel(), np.tile(np.arange(n), k)] = True
    np.fill_diagonal(edge, False)
    return edge


def _grouped(index: SkillIndex, held: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for uri, level in held.items():
        key = index.groups.get(uri, uri)
        out[key] = max(out.get(key, 0.0), level)
    return out


def fit_and_gaps(
    index: SkillIndex, held: Mapping[str, float], config: PathwayConfig | None = None
) -> tuple[Vector, Vector]:
    """(fit 0-1, number of skills missing) of every occupation for a worker's held levels."""
    credit, short = worker_vectors(index, held, config)
    covered = index.weights @ credit
    fit = np.divide(covered, index.totals, out=np.zeros_like(covered), where=index.totals > 0)
    return np.clip(fit, 0.0, 1.0), index.needs @ short


def worker_vectors(
    index: SkillIndex, held: Mapping[str, float], config: PathwayConfig | None = None
) -> tuple[Vector, Vector]:
    """A worker over the index's (level, skill) columns: the credit `min(1, held / level)`,
    and 1 where they are short of that level (1 for every skill they have no proof of)."""
    config = config or PathwayConfig()
    size = max(index.size, 1)
    credit = np.zeros(MAX_LEVEL * size)
    short = np.ones(MAX_LEVEL * size)
    for uri, level in _grouped(index, held).items():
        s = index.column.get(uri)
        if s is None:
            continue
        for need in range(1, MAX_LEVEL + 1):
            credit[(need - 1) * size + s] = min(1.0, level / need)
            short[(need - 1) * size + s] = float(level + config.held_tolerance < need)
    return credit, short


def detour_gaps(index: SkillIndex, short: Vector, target: int) -> Vector:
    """For every occupation, the skills it needs that the worker lacks and `target` does not
    need at that level: what a step toward `target` would teach that the target never uses."""
    size = max(index.size, 1)
    kept = np.ones(MAX_LEVEL * size)
    for column in index.needs[target].indices:
        level, s = divmod(int(column), size)
        kept[[lv * size + s for lv in range(level + 1)]] = 0.0
    return np.asarray(index.needs @ (short * kept)).ravel()


def naive_fit(
    matrix: TransitionMatrix, held: Mapping[str, float], config: PathwayConfig | None = None
) -> Vector:
    """The same fit, one occupation and one skill at a time (the benchmark's baseline)."""
    config = config or PathwayConfig()
    groups = matrix.skill_groups
    mine: dict[str, float] = {}
    for uri, level in held.items():
        key = groups.get(uri, uri)
        mine[key] = max(mine.get(key, 0.0), level)
    out = np.zeros(len(matrix.features))
    for i, feature in enumerate(matrix.features):
        best: dict[str, tuple[int, float]] = {}
        for need in feature.skills:
            level = min(max(need.level, 1), MAX_LEVEL)
            weight = (need.importance or config.default_importance) * level
            was = best.get(need.uri)
            if was is None or level > was[0]:
                best[need.uri] = (level, max(weight, was[1] if was else 0.0))
        total = sum(w for _level, w in best.values())
        got = sum(w * min(1.0, mine.get(uri, 0.0) / lv) for uri, (lv, w) in best.items())
        out[i] = got / total if total else 0.0
    return out


@dataclass(frozen=True)
class WorkerScores:
    """Every occupation scored for one worker (arrays in the matrix's order)."""

    fit: Vector
    gaps: Vector
    short: Vector  # `worker_vectors`: 1 where the worker is short of a (level, skill)
    move: Vector | None  # None when no current occupation is known
    score: Vector
    origins: tuple[int, ...]  # current occupations, or the best fit when none is known
    origins_known: bool
    home_zone: float  # NaN when unknown
    start_log_wage: float  # NaN when unknown
    log_wages: Vector  # ln(pay) of every occupation where the worker lives (else national)


def score_worker(
    matrix: TransitionMatrix,
    index: SkillIndex,
    held: Mapping[str, float],
    current: Sequence[str] = (),
    config: PathwayConfig | None = None,
    log_wages: Vector | None = None,
) -> WorkerScores:
    """Fit, gaps, move and score of every occupation for a worker whose current occupations
    are `current` (O*NET-SOC codes; unknown codes are skipped). `log_wages`: ln(pay) of every
    occupation where the worker lives (NaN unknown); the matrix's national pay by default."""
    config = config or PathwayConfig()
    credit, short = worker_vectors(index, held, config)
    covered = index.weights @ credit
    fit = np.divide(covered, index.totals, out=np.zeros_like(covered), where=index.totals > 0)
    fit = np.clip(fit, 0.0, 1.0)
    gaps = index.needs @ short
    origins = tuple(dict.fromkeys(i for i in (_find(matrix, c) for c in current) if i is not None))
    known = bool(origins)
    if not known:
        origins = (int(np.argmax(fit)),) if len(fit) else ()
    move = matrix.score[list(origins)].max(axis=0) if origins else np.zeros_like(fit)
    score = config.coverage_share * fit + (1 - config.coverage_share) * move
    pay = index.log_wages if log_wages is None else log_wages
    zones = index.zones[list(origins)]
    wages = pay[list(origins)]
    return WorkerScores(
        fit=fit,
        gaps=gaps,
        short=short,
        move=move if known else None,
        score=score,
        origins=origins,
        origins_known=known,
        home_zone=float(np.nanmax(zones)) if np.isfinite(zones).any() else math.nan,
        start_log_wage=float(np.nanmax(wages)) if np.isfinite(wages).any() else math.nan,
        log_wages=pay,
    )


def _find(matrix: TransitionMatrix, code: str) -> int | None:
    try:
        return matrix.index(code)
    except NotFoundError:  # a past job coded to an occupation of another release
        return None


def next_steps_and_stretch(
    index: SkillIndex, scores: WorkerScores, config: PathwayConfig | None = None
) -> tuple[list[int], list[int]]:
    """Next steps (at most one job zone up and paying at least what the current job pays
    where the worker lives) and stretch targets (bigger moves), best score first. When the
    current job's pay is known, a job whose pay is not known is left out: nothing says it pays
    as much. When the current pay is not known either, pay does not filter."""
    config = config or PathwayConfig()
    order = np.argsort(-scores.score, kind="stable")
    zone_step = index.zones - scores.home_zone  # NaN when either is unknown
    wage_ratio = np.exp(scores.log_wages - scores.start_log_wage)
    pay_known_now = not math.isnan(scores.start_log_wage)
    nexts: list[int] = []
    stretch: list[int] = []
    skip = set(scores.origins)
    for j in (int(x) for x in order):
        if j in skip:
            continue
        step, ratio = zone_step[j], wage_ratio[j]
        pays = ratio >= 1.0 if not math.isnan(ratio) else not pay_known_now
        if math.isnan(step):
            big = not math.isnan(ratio) and ratio >= config.stretch_wage_ratio
            near = not big
        else:
            big = config.stretch_zone_step <= step <= config.stretch_zone_most
            near = step <= 1
        if near and pays and len(nexts) < config.next_steps:
            nexts.append(j)
        elif big and pays and len(stretch) < config.stretch_targets:
            stretch.append(j)
        if len(nexts) >= config.next_steps and len(stretch) >= config.stretch_targets:
            break
    return nexts, stretch


@dataclass(frozen=True, slots=True)
class WorkerGap:
    """A skill a step needs that the worker's proof does not show at its level yet."""

    uri: str
    label: str
    needed: int
    held: int  # 0: no proof of it at all
    importance: float | None
    ways: tuple[GapWay, ...]
    programs: tuple[tuple[str, str, str], ...] = ()  # (provider, program, address)


def worker_gaps(
    matrix: TransitionMatrix,
    j: int,
    held: Mapping[str, float],
    config: PathwayConfig | None = None,
) -> list[tuple[str, str, int, int, float | None]]:
    """(uri, label, needed, held, importance) of every skill occupation `j` needs that the
    worker is short of, most important and widest first."""
    config = config or PathwayConfig()
    groups = matrix.skill_groups
    mine: dict[str, float] = {}
    for uri, level in held.items():
        key = groups.get(uri, uri)
        mine[key] = max(mine.get(key, 0.0), level)
    best: dict[str, tuple[str, int, float | None]] = {}
    for need in matrix.features[j].skills:
        was = best.get(need.uri)
        if was is None or need.level > was[1]:
            best[need.uri] = (need.label, need.level, need.importance)
    out = []
    for uri, (label, level, importance) in best.items():
        have = mine.get(uri, 0.0)
        if have + config.held_tolerance < level:
            out.append((uri, label, level, int(round(have)), importance))
    out.sort(key=lambda g: (-(g[4] or 0.0), g[3] - g[2], g[1]))
    return out


def ways_to_close(
    needed: int, held: int, programs: Iterable[object], config: PathwayConfig | None = None
) -> tuple[GapWay, ...]:
    """How a gap can be closed: the programs Onramp knows, on the job when it is small (at
    most `small_gap` levels short of a skill the worker already shows, or needed only at a
    basic level), and work-based learning; "no program" when Onramp knows none."""
    config = config or PathwayConfig()
    ways = [GapWay.PROGRAM if any(True for _ in programs) else GapWay.NO_PROGRAM]
    if (held > 0 and needed - held <= config.small_gap) or needed <= config.learnable_level:
        ways.insert(0, GapWay.ON_THE_JOB)
    ways.append(GapWay.WORK_BASED)
    return tuple(ways)


@dataclass(frozen=True, slots=True)
class Outlook:
    """Openings and growth of a step, where BLS projections are imported."""

    growth_percent: float | None
    annual_openings: float | None  # thousands a year

    @property
    def known(self) -> bool:
        return self.growth_percent is not None or self.annual_openings is not None


def preparation_months(zone_from: float, zone_to: float, config: PathwayConfig) -> int:
    """Months of preparation a move takes: `step_months`, plus the difference in typical
    preparation when it goes up in job zone (`unknown_zone_months` when a zone is unknown)."""
    if math.isnan(zone_from) or math.isnan(zone_to):
        return config.step_months + config.unknown_zone_months
    extra = PREP_MONTHS.get(int(zone_to), 0) - PREP_MONTHS.get(int(zone_from), 0)
    return config.step_months + max(0, extra)


@dataclass(frozen=True)
class Found:
    """One pathway the search found: occupation indexes from the start, and its value."""

    path: tuple[int, ...]  # start first, target last
    value: float
    months: int
    close: bool = True  # False: a direct jump none of the close moves reaches
    parts: dict[str, float] = field(default_factory=dict)
