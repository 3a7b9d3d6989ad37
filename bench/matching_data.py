"""Data for `bench/matching.py`: occupation skill needs read from a store, and the vectors of a
synthetic population, cached in `bench/results/` so the 1M run draws its workers once."""

from __future__ import annotations

import pickle
import statistics
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sqlalchemy import Engine

from matching_hashing import cells_of, profile_vector
from onramp.jobs.model import Requirement
from onramp.matching.population import OccupationSkills, occupation_skills, population
from onramp.matching.scoring import EvidenceKind, JobSpec

RESULTS = Path(__file__).resolve().parent / "results"

# A shortcut for drawing a million profile vectors in minutes: per-level support as a noisy-or
# of each active piece's kind weight (x 0.6 when issued evidence is unverified), without the
# core's recency, caps and duplicate checks. Build, memory and query figures do not depend on
# it; recall against the core's exact score is measured on the core's own profiles
# (bench/matching_eval.py).
QUICK_SUPPORT = {
    EvidenceKind.CREDENTIAL.value: 1.0,
    EvidenceKind.ASSESSMENT.value: 1.0,
    EvidenceKind.ATTESTATION.value: 0.9,
    EvidenceKind.TRAINING.value: 0.7,
    EvidenceKind.PORTFOLIO.value: 0.6,
    EvidenceKind.WORK_HISTORY.value: 0.5,
    EvidenceKind.SELF.value: 0.3,
    EvidenceKind.RESUME.value: 0.3,
}
CLAIMS = (EvidenceKind.SELF.value, EvidenceKind.RESUME.value)


def skill_support(evidence: list[dict[str, object]]) -> dict[str, list[float]]:
    missing: dict[str, list[float]] = {}
    for piece in evidence:
        if piece.get("status", "active") != "active":
            continue
        kind = str(piece["kind"])
        support = QUICK_SUPPORT[kind]
        if not piece.get("verified") and kind not in CLAIMS:
            support *= 0.6
        cells = missing.setdefault(str(piece["skill"]), [1.0] * 5)
        for level in range(int(piece["level"])):  # type: ignore[call-overload]
            cells[level] *= 1.0 - support
    return {skill: [1.0 - m for m in cells] for skill, cells in missing.items()}


def job_of(occupation: OccupationSkills) -> JobSpec:
    """An occupation's needs as a job for the scoring core."""
    requirements = tuple(
        Requirement(
            skill=n.uri, label=n.uri, level=n.level, must_have=n.must_have, importance=n.importance
        )
        for n in occupation.needs
    )
    return JobSpec(occupation.title, requirements, occupation.code)


def occupations(engine: Engine, cache: Path = RESULTS) -> list[OccupationSkills]:
    path = cache / "matching-occupations.pkl"
    if path.exists():
        loaded: list[OccupationSkills] = pickle.loads(path.read_bytes())
        return loaded
    found = occupation_skills(engine)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(found))
    return found


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered), 3), "p95": round(p95, 3)}


@dataclass
class Drawn:
    """A drawn population: sketches, and the exact per-(skill, level) support as a sparse
    matrix (columns named by `cells`) for the brute-force exact scan."""

    vectors: np.ndarray
    groups: np.ndarray  # 0: group A, 1: group B
    degrees: np.ndarray  # 1: holds a degree
    occupations: np.ndarray  # index into the occupation list
    support: sparse.csr_matrix
    cells: dict[str, int]  # "skill\x1flevel" -> column
    seconds_per_worker: float


DRAWN_DIMS = 256  # the vectors drawn with the population; other sizes come from `vectors_for`


def population_vectors(
    found: list[OccupationSkills], n: int, seed: int, dims: int = DRAWN_DIMS, cache: Path = RESULTS
) -> Drawn:
    path = cache / f"matching-population-{n}-{seed}-{dims}.pkl"
    if path.exists():
        with path.open("rb") as handle:
            drawn: Drawn = pickle.load(handle)
        return drawn
    vectors = np.zeros((n, dims), dtype=np.float32)
    groups = np.zeros(n, dtype=np.int8)
    degrees = np.zeros(n, dtype=np.int8)
    occupation_ids = np.zeros(n, dtype=np.int32)
    where = {o.code: i for i, o in enumerate(found)}
    cells: dict[str, int] = {}
    indptr = array("q", [0])
    indices = array("i")
    values = array("f")
    started = time.perf_counter()
    for i, worker in enumerate(population(found, n, seed)):
        support = skill_support(worker["evidence"])
        vectors[i] = profile_vector(support, dims)
        for skill, levels in support.items():
            for step, value in enumerate(levels):
                if value:
                    key = f"{skill}\x1f{step + 1}"
                    indices.append(cells.setdefault(key, len(cells)))
                    values.append(value)
        indptr.append(len(indices))
        groups[i] = worker["synthetic"]["group"] != "A"
        degrees[i] = worker["synthetic"]["degree"]
        occupation_ids[i] = where[worker["synthetic"]["occupation"]]
        if i and i % 100_000 == 0:
            print(f"  drew {i:,} workers in {time.perf_counter() - started:.0f} s", flush=True)
    seconds = (time.perf_counter() - started) / max(n, 1)
    matrix = sparse.csr_matrix(
        (
            np.frombuffer(values, np.float32),
            np.frombuffer(indices, np.int32),
            np.frombuffer(indptr, np.int64),
        ),
        shape=(n, max(len(cells), 1)),
    )
    drawn = Drawn(vectors, groups, degrees, occupation_ids, matrix, cells, seconds)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(drawn, handle, protocol=5)
    return drawn


def vectors_for(drawn: Drawn, dims: int) -> np.ndarray:
    """The profile vectors at `dims`, from the exact support: the same numbers
    `profile_vector` gives, as one sparse product (seconds for 1M workers)."""
    rows, cols, signs = [], [], []
    for key, column in drawn.cells.items():
        skill, level = key.rsplit("\x1f", 1)
        slots, slot_signs = cells_of(skill, dims)
        rows.append(column)
        cols.append(slots[int(level) - 1])
        signs.append(slot_signs[int(level) - 1])
    hashing = sparse.csr_matrix(
        (np.asarray(signs, np.float32), (np.asarray(rows), np.asarray(cols))),
        shape=(drawn.support.shape[1], dims),
    )
    out = np.zeros((drawn.support.shape[0], dims), dtype=np.float32)
    chunk = 100_000
    for start in range(0, out.shape[0], chunk):
        out[start : start + chunk] = (drawn.support[start : start + chunk] @ hashing).toarray()
    return out
