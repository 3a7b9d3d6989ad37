"""One place that puts the matching use cases together, for the API, the pages and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from onramp.credentials.wallet import Wallet
from onramp.jobs.service import Jobs
from onramp.matching.candidates import Matching
from onramp.matching.my_data import MyMatchingData
from onramp.matching.occupation_skills import store_occupation_skills
from onramp.matching.personal import Personal
from onramp.matching.plans import OnboardingPlans
from onramp.matching.profile_vectors import ProfileVectors, mark_stale
from onramp.matching.service import WorkerEvidence
from onramp.matching.sources.entries import OccupationSkills
from onramp.platform import Platform
from onramp.platform.consent import Consents


@dataclass(frozen=True, slots=True)
class MatchingServices:
    evidence: WorkerEvidence
    personal: Personal
    matching: Matching
    plans: OnboardingPlans
    vectors: ProfileVectors
    my_data: MyMatchingData  # the worker's part of their account export (`Privacy.include`)


def watch_wallets(wallet: Wallet) -> None:
    """Mark a worker's profile vector stale in the same transaction as every change to what
    their wallet shows (credentials cannot import matching, so matching listens). Every process
    that builds a credentials service calls this: the app through `matching_services`, the CLI
    through `cli.issuing.credential_service`."""
    wallet.changes.watch(mark_stale)


def follow_platform(platform: Platform, services: MatchingServices) -> None:
    """What matching keeps from the platform, registered on it (the platform cannot import
    matching): the profile's past jobs become work-history evidence as they are saved, and a
    worker's account export carries their matching data."""
    platform.workers.follow_work_history(services.evidence.follow_profile)
    platform.privacy.include("matching", services.my_data.export)


def matching_services(
    engine: Engine,
    consents: Consents,
    wallet: Wallet,
    jobs: Jobs,
    *,
    occupation_skills: OccupationSkills | None = None,
) -> MatchingServices:
    watch_wallets(wallet)
    evidence = WorkerEvidence(
        engine,
        consents,
        wallet,
        occupation_skills=occupation_skills or store_occupation_skills(engine),
    )
    matching = Matching(engine, evidence, jobs)
    personal = Personal(engine, consents)
    plans = OnboardingPlans(engine, matching)
    return MatchingServices(
        evidence,
        personal,
        matching,
        plans,
        ProfileVectors(engine, evidence.evidence_for_index),
        MyMatchingData(engine, evidence, personal, plans),
    )
