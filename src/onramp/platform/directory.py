"""Organization names, the one thing about an organization that anyone signed in may read:
a worker picks whom to share with, and their activity names who did what."""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import Engine, select

from onramp.store import platform_tables as t


class OrgName(NamedTuple):
    id: str
    name: str


def organization_names(engine: Engine, ids: Collection[str] | None = None) -> list[OrgName]:
    """Every organization's id and name (or only those in `ids`), by name; no member data."""
    query = select(t.organizations.c.id, t.organizations.c.name).order_by(t.organizations.c.name)
    if ids is not None:
        if not ids:
            return []
        query = query.where(t.organizations.c.id.in_(list(ids)))
    with engine.connect() as conn:
        return [OrgName(str(row[0]), str(row[1])) for row in conn.execute(query)]


def organization_slug(engine: Engine, org_id: str) -> str | None:
    """An organization's slug (public: it names the organization's DID and pages)."""
    with engine.connect() as conn:
        found = conn.execute(
            select(t.organizations.c.slug).where(t.organizations.c.id == org_id)
        ).scalar()
    return None if found is None else str(found)
