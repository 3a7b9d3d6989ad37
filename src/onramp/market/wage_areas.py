"""The OEWS areas of the current wage release: the codes `occupations show --area` takes."""

from __future__ import annotations

from sqlalchemy import Engine, select

from onramp.errors import NotAvailableError
from onramp.store import schema
from onramp.taxonomy.catalog import Catalog


def wage_areas(engine: Engine, search: str = "") -> list[dict[str, str]]:
    """Areas whose name contains `search` (any case), by type then name."""
    release = Catalog(engine).current("oews")
    if release is None:
        raise NotAvailableError("no wages imported: run `onramp data bootstrap`")
    wages = schema.wages
    with engine.connect() as conn:
        rows = conn.execute(
            select(wages.c.area_code, wages.c.area_name, wages.c.area_type)
            .distinct()
            .where(wages.c.framework_id == release.id, wages.c.area_name.ilike(f"%{search}%"))
            .order_by(wages.c.area_type, wages.c.area_name)
        ).all()
    return [{"code": r[0], "name": r[1], "type": r[2]} for r in rows]
