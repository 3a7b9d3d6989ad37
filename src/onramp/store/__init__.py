"""The store: SQLAlchemy engine, schema, migrations and release writer."""

from onramp.store import (  # noqa: F401  (registers the tables)
    caseload_tables,
    credential_tables,
    job_tables,
    market_tables,
    matching_tables,
    metrics_monitor_tables,
    metrics_wioa_tables,
    microcredential_tables,
    nlp_tables,
    pathway_tables,
    personal_tables,
    platform_tables,
    wbl_tables,
)
from onramp.store.engine import (
    current_revision,
    head_revision,
    make_engine,
    upgrade,
    write_transaction,
)
from onramp.store.releases import (
    ReleaseOutcome,
    remove_release,
    set_current,
    version_key,
    write_release,
)

__all__ = [
    "ReleaseOutcome",
    "current_revision",
    "head_revision",
    "make_engine",
    "remove_release",
    "set_current",
    "upgrade",
    "version_key",
    "write_release",
    "write_transaction",
]
