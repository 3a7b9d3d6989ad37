"""Demo job postings (issue 16, item 7), so `make run` shows demand, gaps and the designer's
demand evidence: synthetic postings over the twelve months before today, from occupations of
the current release, in the places the demo workers live, ingested through the same
`PostingIngest` as any feed.

It runs once per store: when any posting is stored already (a real feed, or an earlier demo),
it adds nothing.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from onramp.errors import NotAvailableError, NotFoundError
from onramp.market import synthetic_postings as synthetic
from onramp.market.posting_ingest import PostingIngest
from onramp.market.posting_model import IngestReport
from onramp.platform.demo import LOCATIONS
from onramp.store import market_tables as t

DEMO_POSTINGS = 300
DEMO_OCCUPATIONS = 30
DEMO_SEED = 16


def seed_demo_postings(
    engine: Engine, *, n: int = DEMO_POSTINGS, today: date | None = None
) -> IngestReport | None:
    """Ingest `n` synthetic postings dated over the last year; None when postings exist or
    the store has no occupations to draw from."""
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(t.postings)).scalar_one():
            return None
    today = today or date.today()
    start = date(today.year - 1, today.month, 1)
    try:
        sketches = synthetic.sketches(engine, DEMO_OCCUPATIONS, DEMO_SEED)
    except (NotFoundError, NotAvailableError):
        return None
    places = list(LOCATIONS)  # where the demo workers live, so supply meets demand
    # reposts come up to REPOST_DAYS after their first posting: none is dated after today
    span = max(1, (today - start).days - synthetic.REPOST_DAYS)
    settings = synthetic.Settings(start=start, days=span)
    with tempfile.TemporaryDirectory(prefix="onramp-demo-postings-") as folder:
        path = Path(folder) / "demo-postings.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for made in synthetic.postings(sketches, places, n, DEMO_SEED, settings):
                out.write(json.dumps(made, separators=(",", ":")) + "\n")
        return PostingIngest(engine).ingest(path, "jsonl")
