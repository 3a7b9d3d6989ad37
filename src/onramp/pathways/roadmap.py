"""An employer's talent development roadmap (issue 15, item 3): its jobs grouped into job
families, each ordered into a ladder, the missing rung between two far-apart rungs filled
from occupation data, and "up and out" moves where a ladder ends. Pure: it reads jobs, the
transition matrix (or none, when no O*NET release is imported) and a function that finds
training partners' programs for skills. The rules and their parameters are documented in
docs/pathways.md ("Talent development roadmap").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from onramp.errors import NotFoundError
from onramp.jobs.model import CareerLevel, Job, JobState, PayPeriod
from onramp.pathways.matrix import TransitionMatrix
from onramp.pathways.roadmap_gain import typical_time, ways_to_gain
from onramp.pathways.roadmap_model import (
    HERE,
    NOT_HERE_YET,
    Family,
    JobRef,
    LeadsTo,
    ProgramRef,
    Roadmap,
    RoadmapNote,
    Rung,
    RungSkill,
    Unplaced,
    UpAndOut,
)

TINY = 1e-9  # similarity above this counts as any likeness at all
SOC_CODE = re.compile(r"^\d\d-\d{4}(\.\d\d)?$")
HOURS_A_YEAR = 2080
PUBLIC = frozenset({JobState.OPEN, JobState.PAUSED, JobState.FILLED})
LEVEL_RANK = {level: rank for rank, level in enumerate(CareerLevel)}
# SOC 2018 puts the first-line supervisors of a major group's workers in its minor group
# XX-1000, for the major groups 33 to 53 (33-1000 ... 53-1000).
SUPERVISED_GROUPS = range(33, 54)
NO_OCCUPATION = (
    "This job names no O*NET job we know, so it is not on a ladder. Pick one in the job builder."
)

ProgramsFor = Callable[[Sequence[str]], Mapping[str, Sequence[ProgramRef]]]


@dataclass(frozen=True, slots=True)
class RoadmapConfig:
    """Parameters of the roadmap (documented in docs/pathways.md)."""

    neighbours: int = 40  # occupations this close (rank by similarity) share a family
    shared_skills: float = 0.6  # jobs whose skills overlap this much (Jaccard) share a family
    min_shared: int = 3  # ... and share at least this many skills
    gap_wage_ratio: float = 1.75  # a step paying this much more may hide a missing rung
    gap_zone_step: int = 2  # or a step up this many job zones
    gap_margin: float = 0.05  # a middle rung must beat the direct step's score by this
    bridge_neighbours: int = 250  # a bridged pair is at least this close (rank), either way
    skills_per_rung: int = 12  # occupation skills shown when no job here lists any
    up_and_out: int = 5
    up_and_out_pool: int = 40  # best moves from the top rung looked at
    up_and_out_min_wage: float = 0.9  # of the top rung's typical wage


def build_roadmap(
    org_id: str,
    org_name: str,
    jobs: Sequence[Job],
    matrix: TransitionMatrix | None,
    programs_for: ProgramsFor,
    config: RoadmapConfig | None = None,
    *,
    loading: bool = False,
) -> Roadmap:
    """The roadmap of an employer's jobs (closed jobs are left out). `loading`: the matrix is
    None because it is still being built, not because there is no occupation data."""
    config = config or RoadmapConfig()
    live = [j for j in jobs if j.state is not JobState.CLOSED]
    placed: dict[str, list[Job]] = {}
    unplaced: list[Unplaced] = []
    for job in live:
        code = occupation_of(job, matrix)
        if code is None:
            unplaced.append(Unplaced(job_ref(job), NO_OCCUPATION))
        else:
            placed.setdefault(code, []).append(job)
    ladders = [
        _ladder(members, placed, matrix, config) for members in _families(placed, matrix, config)
    ]
    families = _families_of(ladders, placed, matrix, programs_for, config)
    families.sort(key=lambda f: (-len(f.rungs), f.name))
    return Roadmap(
        org_id=org_id,
        org_name=org_name,
        families=tuple(families),
        unplaced=tuple(unplaced),
        notes=_notes(matrix, placed, loading),
        lacks=tuple(lack.label for lack in matrix.lacks) if matrix else (),
    )


def leads_to(roadmap: Roadmap, job_id: str, title: str, steps: int = 3) -> LeadsTo:
    """Where one job of the roadmap leads: up to `steps` next rungs, then the moves out."""
    found = roadmap.family_of(job_id)
    if found is None:
        return LeadsTo(job_id, title, "", (), (), NO_OCCUPATION)
    family, index = found
    return LeadsTo(
        job_id, title, family.name, family.rungs[index + 1 : index + 1 + steps], family.up_and_out
    )


# -- placing and grouping ----------------------------------------------------------------------
def occupation_of(job: Job, matrix: TransitionMatrix | None) -> str | None:
    """The job's first O*NET-SOC code the data knows (any SOC-shaped code without data)."""
    for raw in job.draft.occupations:
        code = raw.strip()
        if not SOC_CODE.match(code):
            continue
        code = code if "." in code else f"{code}.00"
        if matrix is None:
            return code
        try:
            matrix.index(code)
        except NotFoundError:
            continue
        return code
    return None


def job_ref(job: Job) -> JobRef:
    return JobRef(job.id, job.draft.title, job.state.value, job.state in PUBLIC)


def major_group(code: str) -> int:
    return int(code[:2])


def is_supervisor_of(boss: str, worker: str) -> bool:
    """Whether `boss` is the first-line supervisor occupation of `worker`'s SOC major group."""
    group = major_group(boss)
    return (
        group in SUPERVISED_GROUPS
        and boss[3] == "1"
        and major_group(worker) == group
        and worker[3] != "1"
    )


def _skills_overlap(a: Job, b: Job, config: RoadmapConfig) -> bool:
    left = {r.skill for r in a.draft.requirements}
    right = {r.skill for r in b.draft.requirements}
    shared = len(left & right)
    union = len(left | right)
    return shared >= config.min_shared and union > 0 and shared / union >= config.shared_skills


def _families(
    placed: Mapping[str, Sequence[Job]], matrix: TransitionMatrix | None, config: RoadmapConfig
) -> list[list[str]]:
    """The occupations of the employer's jobs, split into families (connected groups).

    Two occupations share a family when one supervises the other's SOC major group, when
    their jobs ask for mostly the same skills, or when they are near neighbours: each among
    the other's `neighbours` most similar occupations (with the matrix), or in the same SOC
    major group (without it)."""
    codes = sorted(placed)
    parent = {code: code for code in codes}

    def root(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    near = _neighbours(codes, matrix, config)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            linked = (
                is_supervisor_of(a, b)
                or is_supervisor_of(b, a)
                or (a, b) in near
                or (matrix is None and major_group(a) == major_group(b))
                or any(_skills_overlap(x, y, config) for x in placed[a] for y in placed[b])
            )
            if linked:
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(root(code), []).append(code)
    return list(groups.values())


def _neighbours(
    codes: Sequence[str], matrix: TransitionMatrix | None, config: RoadmapConfig
) -> set[tuple[str, str]]:
    """Pairs (a, b), a < b, that are near: either is among the other's `neighbours` most
    similar occupations, or a far step up in pay has a bridge between them: an occupation the
    employer does not have, among the closest of both, paying between them, whose two half
    steps score better than the direct one (the rung it lacks), when the pair itself is at
    least somewhat alike (`bridge_neighbours`)."""
    if matrix is None or len(codes) < 2:
        return set()
    similarity = matrix.similarity
    k = min(config.neighbours, len(matrix.codes) - 1)
    rows = {code: matrix.index(code) for code in codes}
    closest = {}
    for code, row in rows.items():
        # the row's k-th best other occupation (its own 1.0 is its best); a row with fewer
        # than k similar occupations has a cutoff of 0, and nothing unlike is near
        cutoff = max(float(np.partition(similarity[row], -(k + 1))[-(k + 1)]), TINY)
        closest[code] = {int(n) for n in np.nonzero(similarity[row] >= cutoff)[0]} - {row}
    found = set()
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            near = rows[b] in closest[a] or rows[a] in closest[b]
            if near or _bridged(a, b, closest, matrix, set(codes), config):
                found.add((a, b))
    return found


def _bridged(
    a: str,
    b: str,
    closest: Mapping[str, set[int]],
    matrix: TransitionMatrix,
    own: set[str],
    config: RoadmapConfig,
) -> bool:
    low, high = (matrix.features[matrix.index(code)] for code in (a, b))
    if low.wage is None or high.wage is None:
        return False
    if high.wage < low.wage:
        low, high = high, low
    assert low.wage is not None and high.wage is not None
    if high.wage / low.wage < config.gap_wage_ratio:
        return False
    i, j = matrix.index(low.code), matrix.index(high.code)
    likeness = float(matrix.similarity[i, j])
    ranks = (int((matrix.similarity[row] > likeness).sum()) for row in (i, j))
    if likeness <= TINY or min(ranks) > config.bridge_neighbours:
        return False  # two unlike lines of work are not one ladder with a rung missing
    direct = float(matrix.score[i, j])
    for k in closest[a] & closest[b]:
        middle = matrix.features[k]
        if middle.code in own or middle.wage is None:
            continue
        if float(np.sqrt(matrix.score[i, k] * matrix.score[k, j])) < direct + config.gap_margin:
            continue
        zones = (low.job_zone, middle.job_zone, high.job_zone)
        in_zone = None in zones or (low.job_zone or 0) <= (middle.job_zone or 0) <= (
            high.job_zone or 0
        )
        if in_zone and low.wage < middle.wage < high.wage:
            return True
    return False


# -- one ladder --------------------------------------------------------------------------------
@dataclass(slots=True)
class _Draft:
    """A rung while the ladder is built (skills and ways come last)."""

    code: str
    level: CareerLevel | None
    jobs: list[Job]
    zone: int | None
    typical_wage: float | None
    title: str


def _annual(job: Job) -> float | None:
    pay = job.draft.pay
    if pay is None:
        return None
    middle = (pay.low + pay.high) / 2
    return middle * HOURS_A_YEAR if pay.period is PayPeriod.HOUR else middle


def _wage(rung: _Draft) -> float:
    paid = [w for w in (_annual(j) for j in rung.jobs) if w is not None]
    if paid:
        return sum(paid) / len(paid)
    return rung.typical_wage or 0.0


def _occupation(matrix: TransitionMatrix | None, code: str) -> tuple[str, int | None, float | None]:
    if matrix is None:
        return "", None, None
    found = matrix.features[matrix.index(code)]
    return found.title, found.job_zone, found.wage


def _ladder(
    codes: Sequence[str],
    placed: Mapping[str, Sequence[Job]],
    matrix: TransitionMatrix | None,
    config: RoadmapConfig,
) -> list[_Draft]:
    rungs: list[_Draft] = []
    for code in codes:
        title, zone, wage = _occupation(matrix, code)
        by_level: dict[CareerLevel, list[Job]] = {}
        for job in placed[code]:
            by_level.setdefault(job.draft.career_level, []).append(job)
        for level, members in by_level.items():
            members.sort(key=lambda j: (j.draft.title, j.id))
            rungs.append(_Draft(code, level, members, zone, wage, title))
    rungs.sort(key=_order_key(rungs))
    if matrix is not None:
        rungs = _fill_gaps(rungs, placed, matrix, config)
    return rungs


def _order_key(rungs: Sequence[_Draft]) -> Callable[[_Draft], tuple[object, ...]]:
    """By job zone, career level and pay when every rung has a zone; by level and pay when not."""
    zoned = all(r.zone is not None for r in rungs)

    def key(rung: _Draft) -> tuple[object, ...]:
        rank = LEVEL_RANK.get(rung.level, 0) if rung.level else 0
        tail = (_wage(rung), rung.jobs[0].draft.title if rung.jobs else rung.title, rung.code)
        return ((rung.zone or 0), rank, *tail) if zoned else (rank, *tail)

    return key


def _fill_gaps(
    rungs: list[_Draft],
    placed: Mapping[str, Sequence[Job]],
    matrix: TransitionMatrix,
    config: RoadmapConfig,
) -> list[_Draft]:
    """Between two rungs far apart in pay or job zone, the occupation that makes both half
    steps better than the direct one, when there is one: "not a job here yet"."""
    out: list[_Draft] = rungs[:1]
    for below, above in zip(rungs, rungs[1:], strict=False):
        middle = _middle(below, above, placed, matrix, config)
        if middle is not None:
            out.append(middle)
        out.append(above)
    return out


def _middle(
    below: _Draft,
    above: _Draft,
    placed: Mapping[str, Sequence[Job]],
    matrix: TransitionMatrix,
    config: RoadmapConfig,
) -> _Draft | None:
    if below.code == above.code or not below.typical_wage or not above.typical_wage:
        return None
    zones = below.zone is not None and above.zone is not None
    far_in_pay = above.typical_wage / below.typical_wage >= config.gap_wage_ratio
    far_in_zone = zones and (above.zone or 0) - (below.zone or 0) >= config.gap_zone_step
    if not (far_in_pay or far_in_zone):
        return None
    i, j = matrix.index(below.code), matrix.index(above.code)
    direct = float(matrix.score[i, j])
    best: tuple[float, int] | None = None
    for k, found in enumerate(matrix.features):
        if found.code in placed or k in (i, j) or found.wage is None:
            continue
        if not below.typical_wage < found.wage < above.typical_wage:
            continue
        if zones and not (
            found.job_zone is not None and (below.zone or 0) <= found.job_zone <= (above.zone or 0)
        ):
            continue
        both = float(np.sqrt(matrix.score[i, k] * matrix.score[k, j]))
        if both >= direct + config.gap_margin and (best is None or both > best[0]):
            best = (both, k)
    if best is None:
        return None
    found = matrix.features[best[1]]
    return _Draft(found.code, None, [], found.job_zone, found.wage, found.title)


# -- skills, ways and time ---------------------------------------------------------------------
def _skills_of(
    rung: _Draft, matrix: TransitionMatrix | None, limit: int
) -> dict[str, tuple[str, int, int | None]]:
    """uri -> (label, level, learnable weeks) from the rung's jobs, else its occupation."""
    found: dict[str, tuple[str, int, int | None]] = {}
    for job in rung.jobs:
        for r in job.draft.requirements:
            label, level, weeks = found.get(r.skill, (r.label, 0, None))
            if r.learnable_weeks is not None:
                weeks = r.learnable_weeks if weeks is None else min(weeks, r.learnable_weeks)
            found[r.skill] = (label, max(level, r.level), weeks)
    if found or matrix is None:
        return found
    needs = matrix.features[matrix.index(rung.code)].skills
    ranked = sorted(needs, key=lambda s: (-(s.importance or 0.0), -s.level, s.label))[:limit]
    return {s.uri: (s.label, s.level, None) for s in ranked}


def _families_of(
    ladders: Sequence[list[_Draft]],
    placed: Mapping[str, Sequence[Job]],
    matrix: TransitionMatrix | None,
    programs_for: ProgramsFor,
    config: RoadmapConfig,
) -> list[Family]:
    """Each ladder's rungs with their skills, what each adds and how it is gained, the time
    of each step, and the moves out from its top. Programs are asked for once."""
    skills = [[_skills_of(r, matrix, config.skills_per_rung) for r in ladder] for ladder in ladders]
    uris = sorted({uri for ladder in skills for rung in ladder for uri in rung})
    programs = programs_for(uris) if uris else {}
    families = []
    for ladder, ladder_skills in zip(ladders, skills, strict=True):
        rungs: list[Rung] = []
        for index, (draft, own) in enumerate(zip(ladder, ladder_skills, strict=True)):
            below = ladder_skills[index - 1] if index else None
            rungs.append(_rung(draft, own, below, ladder[index - 1] if index else None, programs))
        top = ladder[-1]
        families.append(
            Family(
                name=_name(rungs),
                rungs=tuple(rungs),
                up_and_out=_up_and_out(top, ladder, placed, matrix, config),
            )
        )
    return families


def _rung(
    draft: _Draft,
    own: Mapping[str, tuple[str, int, int | None]],
    below: Mapping[str, tuple[str, int, int | None]] | None,
    below_draft: _Draft | None,
    programs: Mapping[str, Sequence[ProgramRef]],
) -> Rung:
    skills = []
    for uri, (label, level, weeks) in own.items():
        had = below.get(uri) if below is not None else None
        below_level = had[1] if had else None
        new = below is None or below_level is None or below_level < level
        skills.append(
            RungSkill(
                uri=uri,
                label=label,
                level=level,
                new=new,
                below_level=below_level,
                ways=ways_to_gain(uri, level, below_level, weeks, programs) if new else (),
            )
        )
    skills.sort(key=lambda s: (not s.new, -s.level, s.label))
    time = None
    if below_draft is not None:
        learnable = {uri: w for uri, (_l, _v, w) in own.items() if w is not None}
        added = [s for s in skills if s.new]
        time = typical_time(below_draft.zone, draft.zone, added, learnable)
    jobs = tuple(job_ref(j) for j in draft.jobs)
    return Rung(
        occupation=draft.code,
        occupation_title=draft.title,
        title=jobs[0].title if jobs else draft.title,
        kind=HERE if jobs else NOT_HERE_YET,
        career_level=draft.level.value if draft.level else None,
        jobs=jobs,
        job_zone=draft.zone,
        pay=_pay_words(draft.jobs),
        typical_wage=draft.typical_wage,
        skills=tuple(skills),
        time_from_below=time,
    )


def _pay_words(jobs: Sequence[Job]) -> str:
    for job in jobs:
        pay = job.draft.pay
        if pay is not None:
            return f"{pay.currency} {pay.low:,.2f} to {pay.high:,.2f} {pay.period.label}"
    return ""


def _name(rungs: Sequence[Rung]) -> str:
    if len(rungs) == 1:
        return rungs[0].title
    return f"{rungs[0].title} to {rungs[-1].title}"


def _up_and_out(
    top: _Draft,
    ladder: Sequence[_Draft],
    placed: Mapping[str, Sequence[Job]],
    matrix: TransitionMatrix | None,
    config: RoadmapConfig,
) -> tuple[UpAndOut, ...]:
    """The best moves from the top rung to occupations the employer does not have: no job
    zone down, pay at least `up_and_out_min_wage` of the top's where known, viable (at most
    one zone up); other SOC major groups (other industries) first, then by score."""
    if matrix is None:
        return ()
    own = set(placed) | {r.code for r in ladder}
    i = matrix.index(top.code)
    row = matrix.score[i].copy()
    row[i] = -np.inf
    pool = min(config.up_and_out_pool, len(row) - 1)
    best = np.argpartition(-row, pool - 1)[:pool] if pool > 0 else np.zeros(0, int)
    best = best[np.lexsort((best, -row[best]))]  # best first, as TransitionMatrix.top orders
    chosen: list[tuple[bool, float, int]] = []
    for j in (int(k) for k in best):
        change, ratio = matrix.zone_change[i, j], matrix.wage_ratio[i, j]
        if matrix.features[j].code in own:
            continue
        if not np.isnan(change) and not 0 <= change <= matrix.config.max_zone_step:
            continue  # a move down, or more than a viable step up
        if not np.isnan(ratio) and ratio < config.up_and_out_min_wage:
            continue
        other = major_group(matrix.features[j].code) != major_group(top.code)
        chosen.append((not other, -float(row[j]), j))
    chosen.sort()
    found = []
    for _same, _score, j in chosen[: config.up_and_out]:
        move = matrix.transition(i, j)  # the skill lists only for the moves shown
        found.append(
            UpAndOut(
                code=move.to_code,
                title=move.to_title,
                score=round(move.score, 4),
                job_zone_change=move.job_zone_change,
                wage_ratio=None if move.wage_ratio is None else round(move.wage_ratio, 3),
                other_industry=major_group(move.to_code) != major_group(top.code),
                to_learn=tuple(g.label for g in move.missing[:3]),
            )
        )
    return tuple(found)


def _notes(
    matrix: TransitionMatrix | None, placed: Mapping[str, Sequence[Job]], loading: bool
) -> tuple[RoadmapNote, ...]:
    notes = []
    if matrix is None:
        notes.append(RoadmapNote.LOADING if loading else RoadmapNote.NO_OCCUPATIONS)
    else:
        features = [matrix.features[matrix.index(code)] for code in placed]
        if any(f.job_zone is None for f in features):
            notes.append(RoadmapNote.NO_JOB_ZONES)
        if features and not any(f.wage for f in features):
            notes.append(RoadmapNote.NO_WAGES)
    notes.append(RoadmapNote.WORK_BASED_LEARNING)
    return tuple(notes)
