"""How much of a worker's skill a job uses: the second term of a worker's "jobs for me" order
(issue 14, goal "Retrieval").

The match score says how much of the *job* the worker covers, so a job that asks for less
scores as high as the worker's own line of work. `uses` says how much of the *worker* the job
asks for. Each skill S the worker has counted evidence for weighs the sum of its support over
the levels (so more sure and higher skills weigh more); the job uses S up to the level it asks
for, and none of S when it does not ask for S:

    held_S = support_S(1) + ... + support_S(5)
    used_S = support_S(1) + ... + support_S(L_S)    L_S: the level the job asks for S (0: none)
    uses   = sum over S of used_S / sum over S of held_S          (0 with no evidence at all)

It is between 0 and 1, and a skill the job does not ask for can only lower it. Related skills
do not count here: a job uses the skills it names. `docs/matching.md` has the worked example.
"""

from __future__ import annotations

from dataclasses import dataclass

from onramp.matching.scoring.job import JobSpec
from onramp.matching.scoring.profile import SkillProfile


@dataclass(frozen=True, slots=True)
class SkillUse:
    """The share of the worker's skill a job uses, and how many of their skills it asks for."""

    share: float  # 0-1, weighted by support over the levels
    used: int  # the worker's skills the job asks for
    held: int  # the skills the worker has counted evidence for

    def sentence(self) -> str:
        """ "This job asks for 6 of the 9 skills you have proof of." """
        if not self.held:
            return "We have no proof of your skills yet."
        if self.held == 1:
            asks = "asks for" if self.used else "does not ask for"
            return f"This job {asks} the one skill you have proof of."
        if not self.used:
            return f"This job asks for none of the {self.held} skills you have proof of."
        if self.used == self.held:
            return f"This job asks for all {self.held} skills you have proof of."
        return f"This job asks for {self.used} of the {self.held} skills you have proof of."

    def as_json(self) -> dict[str, object]:
        return {
            "share": round(self.share, 4),
            "skills_used": self.used,
            "skills_held": self.held,
            "sentence": self.sentence(),
        }


def skill_use(job: JobSpec, profile: SkillProfile) -> SkillUse:
    """How much of this worker's evidenced skill the job asks for (see the module docstring).

    One pass over the worker's skills adds each skill's used part and whole part side by side,
    so the used total never rounds above the whole."""
    asked = {r.skill: r.level for r in job.requirements}
    used = held = 0.0
    count = 0
    for skill, estimate in profile.skills.items():
        level = asked.get(skill, 0)
        held += sum(estimate.support)
        if level:
            used += sum(estimate.support[:level])
            count += 1
    share = min(used / held, 1.0) if held > 0 else 0.0
    return SkillUse(share, count, len(profile.skills))
