"""Alembic environment: runs against the engine handed over in config.attributes."""

from __future__ import annotations

from alembic import context

from onramp.store import (  # noqa: F401
    caseload_tables,
    credential_tables,
    job_tables,
    matching_tables,
    nlp_tables,
    pathway_tables,
    personal_tables,
    platform_tables,
)
from onramp.store.schema import metadata

engine = context.config.attributes.get("engine")
if engine is None:  # pragma: no cover - only when alembic is run by hand
    from onramp.config import get_settings
    from onramp.store.engine import make_engine

    engine = make_engine(get_settings().effective_database_url)

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
