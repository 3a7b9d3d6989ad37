"""Benchmark: job title coding on the JobBERT validation titles (all ESCO occupations ranked).

Compares, in one run on the same titles and store:

- `search`: the catalog's lexical occupation search (`onramp occupations search`), the ranking
  Onramp had before occupation coding, as the baseline;
- `lexical`, `dense` and `hybrid`: `onramp.nlp.occupations.OccupationCoder`.

The store must hold ESCO 1.1.1 (and, for the crosswalk titles, O*NET 29.3 and the crosswalk):

    ONRAMP_HOME=/tmp/occ onramp taxonomy import esco ../shared/data/esco/v1.1.1_*.zip
    ONRAMP_HOME=/tmp/occ onramp taxonomy import onet ../shared/data/onet/29.3
    ONRAMP_HOME=/tmp/occ onramp taxonomy import crosswalk \
        ../shared/data/esco/crosswalk_esco_onet.csv
    ONRAMP_HOME=/tmp/occ .venv/bin/python bench/title_coding.py [--methods search,lexical,hybrid]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from onramp.cli.coding import evaluate_titles, ranking_metrics, read_jobbert
from onramp.cli.common import engine
from onramp.nlp.occupations import OccupationCoder
from onramp.taxonomy import Catalog

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "skills-eval" / "jobbert"


def search_baseline(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """The catalog's occupation search, top 100, ESCO only."""
    catalog = Catalog(engine())
    catalog.search_occupations("warm up", frameworks=["esco"], limit=1)
    ranks: list[int | None] = []
    started = time.perf_counter()
    for title, uri in pairs:
        hits = catalog.search_occupations(title, frameworks=["esco"], limit=100)
        codes = [hit.key for hit in hits]
        ranks.append(codes.index(uri) + 1 if uri in codes else None)
    seconds = time.perf_counter() - started
    metrics = {key: round(value, 4) for key, value in ranking_metrics(ranks).items()}
    return {"method": "search", **metrics, "titles_per_second": round(len(pairs) / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--methods", default="search,lexical,dense,hybrid")
    parser.add_argument("--every", type=int, default=1, help="use every Nth title")
    args = parser.parse_args()
    pairs = read_jobbert(args.data)[:: args.every]
    results = []
    for method in args.methods.split(","):
        if method == "search":
            results.append(search_baseline(pairs))
            continue
        started = time.perf_counter()
        coder = OccupationCoder(engine(), "esco", method)
        coder.prepare()
        index_seconds = round(time.perf_counter() - started, 1)
        report = evaluate_titles(coder, pairs, lambda _n: None)
        results.append({**report, "index_seconds": index_seconds})
    for row in results:
        print(json.dumps({"titles": len(pairs), **row}))


if __name__ == "__main__":
    main()
