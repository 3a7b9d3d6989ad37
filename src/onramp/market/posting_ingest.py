"""`onramp market ingest`: job postings from CSV or JSONL files into the store (issue 16,
item 1), streamed, resumable and de-duplicated (decisions/0029).

- **Identity of a file** is the SHA-256 of its whole content, read once in a streaming pass
  before anything else (cheap beside extraction: about a second per 300 MB). The same bytes
  under another name are the same file; one changed byte makes a new file.
- **Batches**: `batch_size` rows are read, analysed outside any transaction, then written in
  one transaction together with the file's checkpoint (lines and bytes read, counts). A kill
  loses at most the batch in flight; the next run seeks to the checkpoint's byte and goes on,
  and ends with exactly the rows an uninterrupted run gives, because every decision (exact
  key, repost or not) depends only on what was committed before it and on the file's order.
- **Bad rows** are skipped, stored with their line and reason in `posting_rejects` in the same
  transaction, and reported: a feed usually has a few, and one should not stop the rest.
  Whole-file problems (no header, unknown format, no skills in the store) stop the run.
- **Reposts** (near duplicates) are stored with `duplicate_of`, without skills; exact
  duplicates are not stored again. Re-ingesting a finished file changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotFoundError
from onramp.market.near_duplicates import Fingerprint, exact_key, fingerprint, to_bytes
from onramp.market.posting_analysis import Analyses, Analysis, PostingAnalyser
from onramp.market.posting_model import DEFAULT_BATCH, BadRow, IngestReport, RawPosting
from onramp.market.posting_reader import (
    Position,
    check_format,
    csv_header,
    read_csv,
    read_jsonl,
)
from onramp.market.posting_store import (
    Batch,
    Checkpoint,
    best_match,
    existing_ids,
    open_checkpoint,
    read_checkpoint,
    report_of,
    stored_candidates,
    write_batch,
)
from onramp.store import write_transaction

LOCK = "market-postings"  # one writer of postings at a time (PostgreSQL advisory lock)
MAX_BATCH = 10_000
Advance = Callable[[int, int], Any]  # (rows read in the batch, bytes read so far)


def file_sha256(path: Path) -> tuple[str, int]:
    """The SHA-256 and size of a file, read in 1 MiB blocks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


@dataclass
class _Decided:
    """One batch after de-duplication: the rows to store and what was counted."""

    firsts: list[tuple[str, RawPosting, Fingerprint]] = field(default_factory=list)
    reposts: list[tuple[str, RawPosting, str, float]] = field(default_factory=list)
    exact: int = 0


class PostingIngest:
    """Ingests posting files into the store, one file at a time, one batch per transaction.

    The analysis is in process by default; the Spark engine (`onramp.market.spark_ingest`)
    passes its own `analyser`, larger batches (`max_batch`) and `bulk=True`, which loads each
    batch with COPY on PostgreSQL. Everything else (file identity, checkpoints, the
    de-duplication decisions) is this class, so both engines store the same rows."""

    def __init__(
        self,
        engine: Engine,
        *,
        batch_size: int = DEFAULT_BATCH,
        dense: bool = False,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        analyser: Analyses | None = None,
        max_batch: int = MAX_BATCH,
        bulk: bool = False,
    ) -> None:
        if not 1 <= batch_size <= max_batch:
            raise InvalidInputError(f"the batch size must be between 1 and {max_batch:,}")
        self.engine = engine
        self.batch_size = batch_size
        self.clock = clock
        self.bulk = bulk
        self.analyser: Analyses = analyser or PostingAnalyser(engine, dense=dense)

    def ingest(
        self, path: Path, fmt: str | None = None, advance: Advance | None = None
    ) -> IngestReport:
        if not path.is_file():
            raise NotFoundError(f"{path}: no such file")
        chosen = check_format(path.name, fmt)
        if chosen == "csv":
            with path.open("rb") as stream:
                csv_header(stream)  # a file without a usable header stops before any write
        sha, size = file_sha256(path)
        with write_transaction(self.engine, LOCK) as conn:
            point = open_checkpoint(conn, sha, str(path), size, chosen, self.clock())
        if point.completed:
            with self.engine.connect() as conn:
                report = report_of(conn, str(path), point)
            report.already_done = True
            return report
        resumed_from = point.lines_done
        with path.open("rb") as stream:
            for items, after in self._batches(stream, chosen, point):
                self._commit(items, after, point, advance)
        point.completed = True
        with write_transaction(self.engine, LOCK) as conn:
            write_batch(conn, Batch(), point, self.clock())
            report = report_of(conn, str(path), point)
        report.resumed_from_line = resumed_from
        return report

    def _batches(
        self, stream: IO[bytes], fmt: str, point: Checkpoint
    ) -> Iterator[tuple[list[RawPosting | BadRow], Position]]:
        start = Position(point.lines_done, point.byte_offset)
        if fmt == "csv":
            header, after_header = csv_header(stream)
            if start.offset < after_header.offset:
                start = after_header
            rows = read_csv(stream, start, header)
        else:
            rows = read_jsonl(stream, start)
        items: list[RawPosting | BadRow] = []
        reached = start
        for item, after in rows:
            items.append(item)
            reached = after
            if len(items) >= self.batch_size:
                yield items, reached
                items = []
        if items or reached != start:
            yield items, reached

    def _commit(
        self,
        items: list[RawPosting | BadRow],
        after: Position,
        point: Checkpoint,
        advance: Advance | None,
    ) -> None:
        postings = [item for item in items if isinstance(item, RawPosting)]
        rejects = [item for item in items if isinstance(item, BadRow)]
        keyed = [(exact_key(p), p, fingerprint(p)) for p in postings]
        analysed: dict[int, Analysis] = {}
        # analyse, outside the transaction, what is new as the store stands now; inside it
        # the decisions are made again, and anything they add is analysed there
        with self.engine.connect() as conn:
            self._settle(conn, keyed, analysed, rejects)
        with write_transaction(self.engine, LOCK) as conn:
            current = read_checkpoint(conn, point.sha256)
            if current is None or current.byte_offset != point.byte_offset:
                raise InvalidInputError(
                    "another ingest of this file moved on at the same time; run it again"
                )
            decided = self._settle(conn, keyed, analysed, rejects)
            batch = self._batch(decided, analysed, rejects, point)
            point.lines_done, point.byte_offset = after.lines, after.offset
            point.rows_read += len(items)
            point.stored += len(decided.firsts)
            point.reposts += len(decided.reposts)
            point.exact_duplicates += decided.exact
            point.bad_rows += len(rejects)
            write_batch(conn, batch, point, self.clock(), bulk=self.bulk)
        if advance is not None:
            advance(len(items), after.offset)

    def _settle(
        self,
        conn: Any,
        keyed: list[tuple[str, RawPosting, Fingerprint]],
        analysed: dict[int, Analysis],
        rejects: list[BadRow],
    ) -> _Decided:
        """Decide the batch, analysing each new first posting; one the extractor cannot
        read becomes a bad row and the batch is decided again without it."""
        while True:
            unreadable = {bad.line for bad in rejects}
            decided = self._decide(conn, [k for k in keyed if k[1].line not in unreadable])
            todo = [p for _, p, _ in decided.firsts if p.line not in analysed]
            if not self._analyse(todo, analysed, rejects):
                return decided

    def _decide(self, conn: Any, keyed: list[tuple[str, RawPosting, Fingerprint]]) -> _Decided:
        """Exact duplicates (stored or earlier in the batch), reposts of a stored or earlier
        first posting sharing a band bucket, and first postings, in file order. Only
        postings sharing a bucket are compared, so batch boundaries change nothing."""
        decided = _Decided()
        seen = existing_ids(conn, (key for key, _, _ in keyed))
        fresh = []
        for key, posting, sig in keyed:
            if key in seen:
                decided.exact += 1
                continue
            seen.add(key)
            fresh.append((key, posting, sig))
        candidates, index = stored_candidates(conn, [found for _, _, found in fresh])
        for key, posting, sig in fresh:
            mine = sig.buckets
            shared = sorted({c for b in mine for c in index.get(b, ())})
            match = best_match(sig, candidates, shared)
            if match is not None:
                decided.reposts.append((key, posting, match[0], match[1]))
                continue
            decided.firsts.append((key, posting, sig))
            candidates[key] = sig
            for band_bucket in mine:
                index.setdefault(band_bucket, []).append(key)
        return decided

    def _analyse(
        self, firsts: list[RawPosting], analysed: dict[int, Analysis], rejects: list[BadRow]
    ) -> bool:
        """Skills, occupation and place of each first posting, by line, into `analysed`; a
        posting the extractor cannot read goes to `rejects`. True if any did."""
        failed = False
        found = self.analyser.analyse(firsts) if firsts else []
        for posting, result in zip(firsts, found, strict=True):
            if isinstance(result, str):
                rejects.append(BadRow(posting.line, f"the description cannot be read: {result}"))
                failed = True
            else:
                analysed[posting.line] = result
        return failed

    def _batch(
        self,
        decided: _Decided,
        analysed: dict[int, Analysis],
        rejects: list[BadRow],
        point: Checkpoint,
    ) -> Batch:
        batch = Batch(rejects=sorted(rejects, key=lambda bad: bad.line))
        for key, posting, sig in decided.firsts:
            found = analysed[posting.line]
            row = _columns(key, posting, point.sha256, found.place)
            if found.occupation is not None:
                row.update(
                    occupation_scheme=found.occupation.scheme,
                    occupation_code=found.occupation.code[:200],
                    occupation_title=found.occupation.title[:300],
                    occupation_score=found.occupation.score,
                )
            row["minhash"] = to_bytes(sig.sig)
            batch.postings.append(row)
            batch.skills.extend({**skill, "posting_id": key} for skill in found.skills)
            batch.bands.extend(
                {"band": band, "bucket": bucket, "posting_id": key} for band, bucket in sig.buckets
            )
        for key, posting, original, score in decided.reposts:
            row = _columns(key, posting, point.sha256, self.analyser.place(posting.location))
            row.update(duplicate_of=original, similarity=round(score, 4))
            batch.postings.append(row)
        return batch


def _columns(key: str, posting: RawPosting, sha: str, place: Any) -> dict[str, Any]:
    """A `postings` row's plain columns; occupation and dedup ones default to NULL."""
    return {
        "id": key,
        "file_sha256": sha,
        "line": posting.line,
        "title": posting.title,
        "employer": posting.employer or None,
        "location": posting.location or None,
        "area_code": place.area_code,
        "state": place.state,
        "posted_on": posting.posted_on,
        "month": posting.month,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_period": str(posting.salary_period) if posting.salary_period else None,
        "description": posting.description,
        "occupation_scheme": None,
        "occupation_code": None,
        "occupation_title": None,
        "occupation_score": None,
        "duplicate_of": None,
        "similarity": None,
        "minhash": None,
    }
