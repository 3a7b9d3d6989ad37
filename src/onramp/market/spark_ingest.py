"""`onramp market ingest --engine spark`: the skill extraction and occupation coding of posting
ingest as a PySpark job, for feeds too large for one machine (issue 16, item 6;
decisions/0030).

What runs where:

- **The driver** (this process) does everything the in-process engine does except the
  analysis: it reads the file, keeps its identity and checkpoint, and decides exact copies
  and reposts against the store (`PostingIngest`, unchanged). Those decisions depend on the
  file's order and on what is stored, so they stay in one place; they cost little beside the
  extraction (docs/benchmarks.md).
- **The executors** get each batch's first postings, partitioned, and run the same analysis
  (`ShippedAnalyser`: the lexicon, the lexical title coders and the OEWS areas, built once
  from the store). It reaches them once: as a broadcast variable (the default, and the only
  way that needs no store on the executors), or built lazily in each Python worker from the
  store's URL (`ship="lazy"`, measured against it in bench/spark_ingest.py).
- Their results are written as **Parquet** (one folder per batch under the work folder),
  read back by the driver, and loaded into the store in the batch's transaction together
  with its checkpoint: with **COPY** on PostgreSQL, with batched inserts on SQLite.

This module imports no edge (no Typer, no FastAPI); pyspark is imported only when a job
starts, so the rest of Onramp runs without it.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from onramp.caching import StampedCache
from onramp.errors import InvalidInputError, NotAvailableError
from onramp.market.posting_analysis import (
    Analysis,
    Coded,
    Place,
    PostingAnalyser,
    ShippedAnalyser,
)
from onramp.market.posting_ingest import PostingIngest
from onramp.market.posting_model import RawPosting
from onramp.store.release_cache import release_stamp

DEFAULT_MASTER = "local[2]"
SPARK_BATCH = 20_000  # postings per Spark job and per transaction
MAX_SPARK_BATCH = 200_000
PER_PARTITION = 500  # postings per partition, at least one partition per core
MIN_JAVA = 17  # Spark 4 runs on Java 17 or 21
SHIP_MODES = ("broadcast", "lazy")
_SKILL_FIELDS = ("skill_uri", "label", "framework", "skill_type", "confidence", "section", "hot")
_BUILT_IN_WORKER: StampedCache[ShippedAnalyser] = StampedCache()


def check_spark() -> None:
    """Raise InvalidInputError, saying what to install, when PySpark or Java 17 is missing:
    `--engine spark` never falls back to the in-process engine."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise InvalidInputError(
            "the Spark engine needs PySpark, which is not installed here: install Onramp "
            "with its spark extra (pip install 'onramp[spark]'), or leave out --engine spark"
        ) from None
    major = java_major()
    if major is None:
        raise InvalidInputError(
            "the Spark engine needs Java 17 or newer, and no java was found: install "
            "openjdk-17-jre-headless (Debian) or set JAVA_HOME, or leave out --engine spark"
        )
    if major < MIN_JAVA:
        raise InvalidInputError(
            f"the Spark engine needs Java {MIN_JAVA} or newer, and this java is version "
            f"{major}: install openjdk-17-jre-headless or point JAVA_HOME at a newer one"
        )


def java_major() -> int | None:
    """The major version of the java Spark will start (JAVA_HOME's, else the one on PATH)."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        return None
    try:
        done = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        return None
    first = int(found.group(1))
    return int(found.group(2) or 0) if first == 1 else first  # "1.8" is Java 8


def start_session(master: str = DEFAULT_MASTER, conf: dict[str, str] | None = None) -> Any:
    """A SparkSession on `master` (local[N], spark://host:7077, yarn, k8s://...). The UI is
    off; locally the Python workers run this interpreter (unless $PYSPARK_PYTHON says
    otherwise). Settings in $SPARK_CONF_DIR's
    spark-defaults.conf apply as usual, and `conf` overrides them."""
    check_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName("onramp-market-ingest")
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "2",
    }
    if master.startswith("local"):
        # PySpark starts its Python workers with $PYSPARK_PYTHON (else "python3" on PATH,
        # which may lack Onramp's dependencies): locally, this interpreter
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except spark_errors() as error:
        raise InvalidInputError(
            f"Spark could not start on --master {master}: {first_line(error)}"
        ) from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_errors() -> tuple[type[Exception], ...]:
    """What PySpark raises when Spark itself fails (the JVM side, or a Python worker)."""
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    return (PySparkException, Py4JError)


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


@dataclass(frozen=True)
class _Broadcast:
    """How a partition gets the analyser: from the broadcast variable."""

    shipped: Any  # pyspark.Broadcast[ShippedAnalyser]

    def get(self) -> ShippedAnalyser:
        value: ShippedAnalyser = self.shipped.value
        return value


@dataclass(frozen=True)
class _Lazy:
    """How a partition gets the analyser: built from the store once per Python worker, for
    the releases that were current when the job started (`stamp`)."""

    url: str
    stamp: Hashable

    def get(self) -> ShippedAnalyser:
        from onramp.store import make_engine

        def build() -> ShippedAnalyser:
            engine = make_engine(self.url)
            try:
                return PostingAnalyser(engine).shipped()
            finally:
                engine.dispose()

        return _BUILT_IN_WORKER.get(self.url, self.stamp, build)


def analyse_partition(source: _Broadcast | _Lazy, rows: Iterable[RawPosting]) -> Iterator[Any]:
    """Runs on an executor: one partition's postings through the shipped analyser, as rows
    of the results' Parquet schema."""
    postings = list(rows)
    if not postings:
        return
    analyser = source.get()
    for posting, found in zip(postings, analyser.analyse(postings), strict=True):
        if isinstance(found, str):
            yield (posting.line, found, [], None, None, None, None, None, None)
            continue
        coded = found.occupation
        yield (
            posting.line,
            None,
            [tuple(skill[name] for name in _SKILL_FIELDS) for skill in found.skills],
            coded.scheme if coded else None,
            coded.code if coded else None,
            coded.title if coded else None,
            coded.score if coded else None,
            found.place.area_code,
            found.place.state,
        )


def results_schema() -> Any:
    """The Parquet schema of one analysed posting (`analyse_partition`'s rows)."""
    from pyspark.sql import types as t

    skill = t.StructType(
        [
            t.StructField("skill_uri", t.StringType(), False),
            t.StructField("label", t.StringType(), False),
            t.StructField("framework", t.StringType(), False),
            t.StructField("skill_type", t.StringType(), False),
            t.StructField("confidence", t.DoubleType(), False),
            t.StructField("section", t.StringType(), False),
            t.StructField("hot", t.BooleanType(), True),
        ]
    )
    return t.StructType(
        [
            t.StructField("line", t.LongType(), False),
            t.StructField("unreadable", t.StringType(), True),
            t.StructField("skills", t.ArrayType(skill, False), False),
            t.StructField("occupation_scheme", t.StringType(), True),
            t.StructField("occupation_code", t.StringType(), True),
            t.StructField("occupation_title", t.StringType(), True),
            t.StructField("occupation_score", t.DoubleType(), True),
            t.StructField("area_code", t.StringType(), True),
            t.StructField("state", t.StringType(), True),
        ]
    )


def analysis_of(row: Any) -> Analysis | str:
    """One row read back from the results' Parquet as the in-process analyser gives it."""
    if row["unreadable"] is not None:
        return str(row["unreadable"])
    coded = None
    if row["occupation_scheme"] is not None:
        coded = Coded(
            row["occupation_scheme"],
            row["occupation_code"],
            row["occupation_title"],
            float(row["occupation_score"]),
        )
    skills = [{name: skill[name] for name in _SKILL_FIELDS} for skill in row["skills"]]
    return Analysis(skills, coded, Place(row["area_code"], row["state"]))


class SparkAnalyser:
    """The ingest's analyser on Spark: each call is one job over the given postings."""

    def __init__(
        self,
        engine: Engine,
        session: Any,
        *,
        work_dir: str,
        ship: str = "broadcast",
    ) -> None:
        if ship not in SHIP_MODES:
            raise InvalidInputError(f"ship must be one of {', '.join(SHIP_MODES)}, not {ship!r}")
        self.session = session
        self.work_dir = work_dir.rstrip("/")
        self.local = PostingAnalyser(engine).shipped()  # also the places of reposts, here
        self.source: _Broadcast | _Lazy
        if ship == "broadcast":
            self.source = _Broadcast(session.sparkContext.broadcast(self.local))
        else:
            url = engine.url.render_as_string(hide_password=False)
            self.source = _Lazy(url, release_stamp(engine))
        self.jobs = 0

    def place(self, location: str) -> Place:
        return self.local.place(location)

    def analyse(self, postings: Sequence[RawPosting]) -> list[Analysis | str]:
        """Partition the postings, analyse them on the executors, write the results as
        Parquet, and read them back, in the postings' order."""
        context = self.session.sparkContext
        slices = max(context.defaultParallelism, math.ceil(len(postings) / PER_PARTITION))
        slices = min(slices, len(postings))
        source = self.source
        rdd = context.parallelize(list(postings), slices).mapPartitions(
            lambda rows: analyse_partition(source, rows)
        )
        self.jobs += 1
        path = f"{self.work_dir}/batch-{self.jobs:06d}"
        try:
            frame = self.session.createDataFrame(rdd, results_schema())
            frame.write.mode("overwrite").parquet(path)
            rows = self.session.read.parquet(path).collect()  # one job; a batch fits
        except spark_errors() as error:
            raise NotAvailableError(
                "the Spark job for this batch failed, so none of the batch was stored; the "
                f"same command goes on from it: {first_line(error)}"
            ) from error
        found = {int(row["line"]): analysis_of(row) for row in rows}
        return [found[posting.line] for posting in postings]

    def close(self) -> None:
        if isinstance(self.source, _Broadcast):
            self.source.shipped.unpersist()


@contextmanager
def spark_ingest(
    engine: Engine,
    *,
    master: str = DEFAULT_MASTER,
    batch_size: int = SPARK_BATCH,
    work_dir: str | None = None,
    ship: str = "broadcast",
    session: Any = None,
    conf: dict[str, str] | None = None,
) -> Iterator[PostingIngest]:
    """A `PostingIngest` whose analysis runs on Spark, and whose batches load with COPY on
    PostgreSQL. Starts (and at the end stops) a session on `master` unless one is given.
    Without `work_dir`, the Parquet results go to a local temporary folder, removed at the
    end; on a cluster, give a folder every executor and the driver can reach (hdfs://,
    s3a://, or a shared mount)."""
    check_spark()
    if not 1 <= batch_size <= MAX_SPARK_BATCH:
        raise InvalidInputError(f"the batch size must be between 1 and {MAX_SPARK_BATCH:,}")
    own = session is None
    temporary = None if work_dir else tempfile.mkdtemp(prefix="onramp-spark-")
    if own:
        session = start_session(master, conf)
    analyser = None
    try:
        analyser = SparkAnalyser(engine, session, work_dir=work_dir or str(temporary), ship=ship)
        yield PostingIngest(
            engine, batch_size=batch_size, analyser=analyser, max_batch=MAX_SPARK_BATCH, bulk=True
        )
    finally:
        if analyser is not None:
            analyser.close()
        if own:
            session.stop()
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
