"""The pure scoring core of matching: it may import only the standard library, pydantic/numpy,
`onramp.vocabulary`, `onramp.errors`, `onramp.jobs.model` and its own modules (enforced by
`tests/architecture/test_blind_scoring.py`).

Evidence in (`evidence.py`), a skill profile out (`profile.py`, weights in `weights.py`,
growth in `growth.py`), then a job's requirements matched against it (`match.py`), one worker
at a time or ranked (`rank`); a worker's own job list (`rank_jobs`) is ordered by fit, which
adds how much of the worker's skill each job uses (`uses.py`). `batch.py` reads and writes
the stateless batch contract.
"""

from onramp.matching.scoring.evidence import Evidence, EvidenceKind, EvidenceStatus
from onramp.matching.scoring.growth import GrowthSignal
from onramp.matching.scoring.job import JobSpec, read_job
from onramp.matching.scoring.match import (
    DEFAULT_RULES,
    Gap,
    Match,
    MatchRules,
    Relatedness,
    RelatedTable,
    Relation,
    RequirementMatch,
    RequirementStatus,
    match,
)
from onramp.matching.scoring.profile import (
    Contribution,
    IssuerTrust,
    SetAside,
    SkillEstimate,
    SkillProfile,
    build_profile,
)
from onramp.matching.scoring.ranking import (
    Ranked,
    RankedJob,
    TopK,
    rank,
    rank_jobs,
    related_table,
)
from onramp.matching.scoring.uses import SkillUse, skill_use
from onramp.matching.scoring.weights import DEFAULT_WEIGHTS, Weights

__all__ = [
    "DEFAULT_RULES",
    "DEFAULT_WEIGHTS",
    "Contribution",
    "Evidence",
    "EvidenceKind",
    "EvidenceStatus",
    "Gap",
    "GrowthSignal",
    "IssuerTrust",
    "JobSpec",
    "Match",
    "MatchRules",
    "Ranked",
    "RankedJob",
    "RelatedTable",
    "Relatedness",
    "Relation",
    "RequirementMatch",
    "RequirementStatus",
    "SetAside",
    "SkillEstimate",
    "SkillProfile",
    "SkillUse",
    "TopK",
    "Weights",
    "build_profile",
    "match",
    "rank",
    "rank_jobs",
    "read_job",
    "related_table",
    "skill_use",
]
