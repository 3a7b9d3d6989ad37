"""Demo evidence (demo data only): each demo worker's past jobs (their profile's work history,
which is evidence as it stands, coded to the occupations the demo drew them from), a
self-rating on some Essential
Skills, and one more piece of proof (a course, a test or an employer's word), so "My skills"
and the employer's ranking have something to show after `make run`. Drawn from a fixed seed;
runs once per store, after the platform demo."""

from __future__ import annotations

import random
from datetime import date

from onramp.errors import NotFoundError
from onramp.matching.scoring.evidence import EvidenceKind
from onramp.matching.service import EntryDraft, WorkerEvidence
from onramp.matching.sources.entries import is_from_profile
from onramp.platform import Platform
from onramp.platform.demo import CURRENT_YEAR, WORKERS, worker_email
from onramp.taxonomy.esf.view import essential_skills

CAREER_CENTER = "Demo Northside Career Center"
# (kind, title, issuer, ESF skill, level, year) for the extra piece of proof, by turn
EXTRAS = (
    (EvidenceKind.TRAINING, "Customer service workshop", CAREER_CENTER, "ESF-02", 2, 0),
    (EvidenceKind.ATTESTATION, "Reference from my last supervisor", "", "ESF-01", 3, 1),
    (EvidenceKind.ASSESSMENT, "Workplace safety check", CAREER_CENTER, "ESF-19", 2, 0),
)


def seed_demo_evidence(books: WorkerEvidence, platform: Platform, rng_seed: int = 11) -> bool:
    """True when it added the demo evidence; False when it exists or the demo is absent."""
    first = platform.accounts.user_by_email(worker_email(1))
    if first is None:
        return False
    if any(not is_from_profile(e) for e in books.entries(platform.accounts.principal(first))):
        return False  # added before (the profile's own jobs are there from the start)
    try:
        esf = essential_skills(books.engine)
    except NotFoundError:
        esf = None
    rated = [s.uri for g in esf.groups for s in g.skills] if esf else []
    rng = random.Random(rng_seed)
    for number in range(1, WORKERS + 1):
        user = platform.accounts.user_by_email(worker_email(number))
        if user is None:
            continue
        worker = platform.accounts.principal(user)
        books.follow_my_profile(worker)  # no change when the profile's jobs are there
        if rated:
            chosen = rng.sample(rated, min(len(rated), rng.randint(4, 7)))
            books.rate_essential_skills(worker, {uri: rng.randint(1, 3) for uri in chosen})
            kind, title, issuer, code, level, back = EXTRAS[number % len(EXTRAS)]
            on = date(CURRENT_YEAR - back - rng.randint(0, 1), rng.randint(1, 12), 1)
            draft = EntryDraft(
                kind, title, [(f"urn:onramp:esf:{code}", level)], issuer=issuer, ended_on=on
            )
            books.add(worker, draft)
    return True
