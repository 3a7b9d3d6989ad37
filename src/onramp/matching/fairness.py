"""The adverse-impact audit of a job's ranking over the store (issue 14, item 6).

The only matching module besides `personal` that sees group answers, and it sees them after the
ranking is fixed: it asks `Matching` for the job's candidates in order, then `Personal` for each
candidate's answer to one question, and counts (`adverse_impact.audit_ranking`). Nothing here
feeds a score, and what it returns holds counts only.
"""

from __future__ import annotations

from onramp.matching.adverse_impact import AdverseImpact, audit_ranking
from onramp.matching.candidates import MAX_TOP, Matching
from onramp.matching.personal import Personal, Question
from onramp.platform.model import Principal


def audit_job_ranking(
    matching: Matching,
    personal: Personal,
    principal: Principal,
    job_id: str,
    top: int,
    question: Question,
) -> AdverseImpact:
    """Selection rates by group at the top `top` of the job's blind ranking."""
    ranking = matching.candidates(principal, job_id, MAX_TOP, shown=False)
    order = [c.worker_id for c in ranking.candidates]
    groups = personal.groups_for_job(principal, job_id, question)
    return audit_ranking(order, min(top, MAX_TOP), groups)
