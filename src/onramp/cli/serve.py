"""`onramp serve`: the web app and API."""

from __future__ import annotations

import typer

from onramp.cli.common import console, engine
from onramp.config import get_settings


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
    app = create_app(engine(), cookie_secure=settings.cookie_secure, public_url=public_url)
    if demo:
        from onramp.platform.demo import format_logins, seed_demo

        console.print("Preparing demo data (leave it out with --no-demo)...", highlight=False)
        from onramp.credentials.demo import seed_demo_credentials

        platform = app.state.platform
        logins = format_logins(seed_demo(platform))
        seed_demo_credentials(app.state.credentials, platform)
        console.print(logins, highlight=False)
    import threading

    from onramp.nlp.service import warm_up

    # the embedding model and the occupation vectors load in the background, not in a request
    threading.Thread(target=warm_up, args=(app.state.engine,), daemon=True).start()
    console.print(
        f"Onramp is running at http://{bind_host}:{bind_port}/ "
        f"(API docs at /docs). Press Ctrl+C to stop.",
        highlight=False,
    )
    uvicorn.run(app, host=bind_host, port=bind_port, log_level="info")
