"""The application factory: API routers, web pages, static files, health and error handling."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from onramp import __version__
from onramp.api import (
    accounts,
    caseload,
    credentials,
    emails,
    errors,
    evidence,
    health,
    jobs,
    market,
    matching,
    metrics_employer,
    metrics_monitor,
    metrics_region,
    metrics_wioa,
    microcredential_delivery,
    microcredential_designs,
    nlp,
    orgs,
    pathways,
    plans,
    roadmap,
    taxonomy,
    wallet,
    wbl,
)
from onramp.api.body_limit import BodyLimit
from onramp.api.headers import SecurityHeaders
from onramp.api.health import StoreProbe
from onramp.config import get_settings
from onramp.credentials.service import CredentialService
from onramp.errors import NotAvailableError
from onramp.jobs.service import Jobs
from onramp.market.microcredentials.delivery import Delivery
from onramp.market.microcredentials.delivery_json import export_of
from onramp.matching.services import follow_platform, matching_services
from onramp.metrics.boards import WioaReports
from onramp.metrics.employer_service import EmployerMetrics
from onramp.metrics.monitoring import monitor_rankings
from onramp.nlp.workers import ExtractionPool
from onramp.pathways import caseload_services
from onramp.pathways.plans import CareerPlans
from onramp.pathways.roadmaps import Roadmaps
from onramp.pathways.worker_service import WorkerPathways
from onramp.platform import Platform
from onramp.platform.mail import Transport
from onramp.platform.mail_transports import MailRelay
from onramp.wbl.export import export_of as wbl_export_of
from onramp.wbl.service import WorkBasedLearning
from onramp.web import (
    account_pages,
    admin_pages,
    caseload_pages,
    credential_pages,
    email_pages,
    job_pages,
    lint_settings_pages,
    market_pages,
    metrics_employer_pages,
    metrics_monitor_pages,
    metrics_region_pages,
    metrics_roi_pages,
    metrics_wioa_pages,
    microcredential_delivery_pages,
    microcredential_design_pages,
    nlp_pages,
    pages,
    pathway_pages,
    plan_pages,
    roadmap_pages,
    skill_pages,
    wbl_pages,
    wbl_people_pages,
    wbl_report_pages,
)

# Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes), from the fastapi-offline wheel on
# PyPI: its files are served by Onramp itself, so the API page needs no CDN. Only its static
# folder is used, not its app factory.
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))


def create_app(
    engine: Engine,
    *,
    cookie_secure: bool = False,
    secrets_dir: Path | None = None,
    public_url: str | None = None,
    mail_transport: Transport | None = None,
) -> FastAPI:
    """The app over one store. Secrets and the public address default to the settings. With a
    `mail_transport`, a background relay delivers the outbox through it while the app runs."""
    settings = get_settings()
    # uploaded documents are read and analysed in worker processes, never on the event loop
    extraction = ExtractionPool(
        engine.url.render_as_string(hide_password=False), size=settings.extract_workers
    )

    probe = StoreProbe(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # the workers start beside the server, so no request waits for one to start
        threading.Thread(target=_warm, args=(extraction,), daemon=True).start()
        await run_in_threadpool(probe.check)  # the first answer is ready before any request
        probe.start()
        relay = None
        if mail_transport is not None:
            relay = MailRelay(app.state.platform.mailer, mail_transport)
            relay.start()
        yield
        if relay is not None:
            relay.stop()
        probe.stop()
        extraction.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Onramp API",
        version=__version__,
        description="Skills-first hiring and career advancement on verifiable records.",
        docs_url=None,  # served below from packaged assets: no CDN at run time
        openapi_url="/openapi.json",
        redoc_url=None,  # one API page is enough: Swagger UI, served from the package
    )
    secrets_dir = secrets_dir or settings.effective_secrets_dir
    public_url = public_url or settings.effective_public_url  # every mailed link lives under it
    app.state.engine = engine
    app.state.extraction = extraction
    app.state.store_probe = probe
    app.state.platform = Platform(engine, secrets_dir=secrets_dir, public_url=public_url)
    app.state.cookie_secure = cookie_secure
    app.state.mail_transport = mail_transport  # the admin console's mail viewer reads a DevMailbox
    app.state.credentials = CredentialService(
        engine,
        app.state.platform.mailer,
        app.state.platform.consents,
        secrets_dir=secrets_dir,
        public_url=public_url,
        emails=app.state.platform.emails,
    )
    app.state.jobs = Jobs(engine, app.state.platform.consents, app.state.credentials.wallet)
    app.state.matching = matching_services(
        engine,
        app.state.platform.consents,
        app.state.credentials.wallet,
        app.state.jobs,
    )
    app.state.fairness = monitor_rankings(  # every candidate list shown is counted by group
        engine,
        app.state.matching.matching,
        app.state.matching.personal,
        app.state.platform.mailer,
        public_url,
    )
    app.state.plans = CareerPlans(engine, app.state.platform.consents)
    app.state.platform.privacy.include("career_plan", app.state.plans.export)
    app.state.roadmaps = Roadmaps(  # a page never waits minutes for the matrix
        engine,
        app.state.jobs,
        app.state.platform.orgs,
        public_url=public_url,
        wait_for_matrix=False,
    )
    # past jobs in profiles become evidence; exports carry matching data
    follow_platform(app.state.platform, app.state.matching)
    # the navigator caseload; exports carry the referrals made for a worker
    app.state.caseload = caseload_services.caseload_service(app.state.platform, app.state.plans)
    caseload_services.follow_platform(app.state.platform, app.state.caseload)
    app.state.pathways = WorkerPathways(
        engine,
        app.state.matching.evidence,
        app.state.platform.workers,
        public_url=public_url,
        wait=False,  # a request never waits minutes for the matrix: BusyError says come back
    )
    # delivering microcredentials: enrollments, results, the credential, placements, outcomes
    app.state.microcredential_delivery = Delivery(engine, app.state.credentials)
    app.state.platform.privacy.include(
        "microcredentials", partial(export_of, app.state.microcredential_delivery)
    )
    # work-based learning: programs, apprentices, progress, credentials and reports
    app.state.wbl = WorkBasedLearning(engine, app.state.platform, app.state.credentials)
    app.state.employer_metrics = EmployerMetrics(
        engine, app.state.jobs, app.state.matching.personal
    )
    app.state.platform.privacy.include("apprenticeships", partial(wbl_export_of, app.state.wbl))
    # a workforce board's WIOA participant records and quarterly reports (issue 18)
    app.state.wioa = WioaReports(engine)
    app.include_router(health.router)
    app.include_router(taxonomy.router)
    app.include_router(accounts.router)
    app.include_router(orgs.router)
    app.include_router(wallet.router)
    app.include_router(emails.router)
    app.include_router(credentials.router)
    app.include_router(jobs.router)
    app.include_router(matching.router)
    app.include_router(metrics_monitor.router)
    app.include_router(metrics_region.router)
    app.include_router(roadmap.router)
    app.include_router(nlp.router)
    app.include_router(evidence.router)
    app.include_router(pathways.router)
    app.include_router(plans.router)
    app.include_router(caseload.router)
    app.include_router(market.router)
    app.include_router(microcredential_delivery.router)
    app.include_router(microcredential_designs.router)
    app.include_router(wbl.router)
    app.include_router(metrics_wioa.router)
    app.include_router(metrics_employer.router)
    app.include_router(pages.router)
    app.include_router(account_pages.router)
    app.include_router(credential_pages.router)
    app.include_router(nlp_pages.router)
    app.include_router(email_pages.router)
    app.include_router(admin_pages.router)
    app.include_router(job_pages.router)
    app.include_router(skill_pages.router)
    app.include_router(pathway_pages.router)
    app.include_router(lint_settings_pages.router)
    app.include_router(plan_pages.router)
    app.include_router(roadmap_pages.router)
    app.include_router(caseload_pages.router)
    app.include_router(market_pages.router)
    app.include_router(microcredential_delivery_pages.router)
    app.include_router(microcredential_design_pages.router)
    app.include_router(wbl_pages.router)
    app.include_router(wbl_people_pages.router)
    app.include_router(wbl_report_pages.router)
    app.include_router(metrics_monitor_pages.router)
    app.include_router(metrics_region_pages.router)
    app.include_router(metrics_wioa_pages.router)
    app.include_router(metrics_employer_pages.router)
    app.include_router(metrics_roi_pages.router)
    app.mount("/static/swagger", StaticFiles(directory=str(SWAGGER_UI)), name="swagger")
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return pages.templates.TemplateResponse(request, "api_docs.html", {})

    html_errors = pages.HtmlErrors()
    errors.install(app, html_errors)
    # added before the headers middleware below, so it sits inside it and its 413 gets them
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes, wants_html=html_errors)
    app.add_middleware(SecurityHeaders)  # outermost: every answer gets the headers

    return app


def _warm(extraction: ExtractionPool) -> None:
    try:
        extraction.warm()
    except NotAvailableError as error:  # said again, plainly, to the first request
        logging.getLogger(__name__).warning("extraction workers: %s", error)
