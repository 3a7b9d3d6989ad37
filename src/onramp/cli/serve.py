"""`onramp serve`: the web app and API.

The access log never shows a live token: reset, invitation and claim links carry one in their
query, so uvicorn's access logger goes through `RedactTokens` (see `platform.links`).
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING, Any

import typer

from onramp.cli.common import console, engine
from onramp.config import get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine


def serve(
    host: str | None = typer.Option(None, "--host", help="Default from ONRAMP_HOST"),
    port: int | None = typer.Option(None, "--port", help="Default from ONRAMP_PORT"),
    demo: bool = typer.Option(
        True, "--demo/--no-demo", help="Add the demo organizations and accounts (demo data only)"
    ),
) -> None:
    """Serve the web app and the REST API."""
    import uvicorn

    from onramp.api.app import create_app

    settings = get_settings()
    bind_host = host or settings.host
    bind_port = port or settings.port
    # the public address defaults to where this server listens (did:web DIDs live under it)
    public_url = settings.public_url or f"http://{bind_host}:{bind_port}"
    from onramp.platform.mail_transports import DevMailbox, from_settings

    transport = from_settings(settings, settings.effective_secrets_dir, public_url)
    app = create_app(
        engine(),
        cookie_secure=settings.cookie_secure,
        public_url=public_url,
        mail_transport=transport,
    )
    if demo:
        from onramp.platform.demo import format_logins, seed_demo

        console.print("Preparing demo data (leave it out with --no-demo)...", highlight=False)
        from onramp.credentials.demo import seed_demo_credentials

        platform = app.state.platform
        logins = format_logins(seed_demo(platform))
        seed_demo_credentials(app.state.credentials, platform)
        from onramp.jobs.demo import seed_demo_jobs

        seed_demo_jobs(app.state.jobs, platform)
        from onramp.matching.demo import seed_demo_evidence

        seed_demo_evidence(app.state.matching.evidence, platform)
        from onramp.matching.demo_candidates import seed_demo_candidates

        matching = app.state.matching
        seed_demo_candidates(app.state.jobs, matching.evidence, platform, matching.plans)
        from onramp.pathways.demo_plans import seed_demo_plans

        seed_demo_plans(app.state.plans, platform)
        from onramp.pathways.demo_roadmap import seed_demo_roadmap

        seed_demo_roadmap(app.state.jobs, platform)
        from onramp.pathways.caseload_demo import seed_demo_caseload

        seed_demo_caseload(app.state.caseload, platform)
        from onramp.market.microcredentials.demo import seed_demo_microcredentials
        from onramp.market.microcredentials.designs import MicrocredentialDesigns

        designs = MicrocredentialDesigns(app.state.engine, app.state.credentials.issuing)
        seed_demo_microcredentials(designs, platform)
        from onramp.market.microcredentials.delivery_demo import seed_delivery_demo
        from onramp.market.microcredentials.demo import demo_design_id

        published = demo_design_id(app.state.engine)
        if published:  # learners at every stage of the published demo microcredential
            seed_delivery_demo(app.state.microcredential_delivery, platform, published)
        from onramp.market.demo_postings import seed_demo_postings

        seed_demo_postings(app.state.engine)  # demand, gaps and the designer's evidence
        from onramp.wbl.demo import seed_demo_wbl

        seed_demo_wbl(app.state.wbl, platform)  # an apprenticeship with people at every stage
        from onramp.metrics.monitor_demo import seed_demo_monitor

        seed_demo_monitor(app.state.fairness, app.state.jobs, platform)  # a fairness warning
        from onramp.metrics.wioa_demo import seed_demo_wioa

        seed_demo_wioa(app.state.wioa, platform)  # the workforce board's WIOA records
        console.print(logins, highlight=False)
    import threading

    # the embedding model, the occupation vectors and the transition matrix load in the
    # background, not in a request
    threading.Thread(target=_warm_up, args=(app.state.engine,), daemon=True).start()
    if isinstance(transport, DevMailbox):
        console.print(
            "Mail stays on this machine: each message's link is printed here, and platform"
            " admins read the messages at /admin/mail.",
            highlight=False,
        )
    elif transport is None:
        console.print(
            "No mail transport: mail waits, sealed, in the outbox (ONRAMP_MAIL_TRANSPORT=smtp"
            " sends it; see `onramp mail show`).",
            highlight=False,
        )
    console.print(
        f"Onramp is running at http://{bind_host}:{bind_port}/ "
        f"(API docs at /docs). Press Ctrl+C to stop.",
        highlight=False,
    )
    uvicorn.run(app, host=bind_host, port=bind_port, log_level="info", log_config=log_config())


class RedactTokens(logging.Filter):
    """Rewrites the request target of uvicorn access-log records (their third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from onramp.platform.links import redact_target

        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], redact_target(args[2]), *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging setup, with the access logger's records redacted."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_tokens"] = {"()": RedactTokens}
    config["loggers"]["uvicorn.access"]["filters"] = ["redact_tokens"]
    return config


def _warm_up(store: Engine) -> None:
    from onramp.nlp.service import warm_up
    from onramp.pathways.store import warm_up as warm_pathways

    warm_up(store)
    if warm_pathways(store):
        from onramp.pathways.worker_service import matrix_and_index

        matrix_and_index(store)  # and the worker pathways' skill index beside the matrix
