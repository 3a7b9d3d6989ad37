"""A small pool of worker processes that read and analyse documents for the server.

Why processes, not threads (measured in docs/decisions/0010-bounded-extraction.md): reading a
DOCX, PDF or HTML file and cutting its text into sentences is pure Python and regular
expressions. Both hold the GIL, a regular expression for as long as one search takes, so a
thread doing them slows or stalls the event loop that answers every other request. And a
thread cannot be stopped, while a worker process that overruns its time budget is killed and
replaced. The embedding model stays in the server process: one copy in memory, and ONNX lets
go of the GIL while it works. A worker asks the server to rank its clauses over the pipe. A
worker answers with the extraction already in its JSON form, so the server passes it on
without walking thousands of pieces of evidence, and it runs at a lower CPU priority (nice
10), so the server's own requests come first on a busy machine.

Each worker is `python -m onramp.nlp.workers READ_FD WRITE_FD`, talking over two pipes in
length-prefixed pickles (both ends are this module; the store's address travels in the pipe,
not on the command line). A request waits a bounded time for a free worker and gets a
BusyError (503 with Retry-After) after that, or at once when too many are already waiting.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onramp import errors
from onramp.errors import BusyError, NotAvailableError, TooSlowError
from onramp.nlp.limits import EXTRACTION_SECONDS

if TYPE_CHECKING:
    from onramp.nlp.extract import Hit, Linker
    from onramp.nlp.jobs import ExtractionJob

log = logging.getLogger(__name__)
WAIT_SECONDS = 10.0
"""How long a request waits for a free worker before it is told the server is busy."""
START_SECONDS = 120.0
"""How long a new worker may take to start and load the lexicon (outside any job's budget)."""
RETRY_AFTER = 5
_HEADER = struct.Struct(">Q")


# -- the pipe --------------------------------------------------------------------------------
def _send(fd: int, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exactly(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other end of the pipe closed")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _receive(fd: int, timeout: float | None = None) -> Any:
    """The next message; TimeoutError if none begins within `timeout` seconds."""
    if timeout is not None and not select.select([fd], [], [], max(0.0, timeout))[0]:
        raise TimeoutError
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))  # noqa: S301 - our own worker's answer


def _triples(ranked: Any) -> list[list[tuple[str, str, float]]]:
    def triple(hit: Hit) -> tuple[str, str, float]:
        return hit if isinstance(hit, tuple) else (hit.uri, hit.label, float(hit.score))

    return [[triple(hit) for hit in hits] for hits in ranked]


# -- the server's side -----------------------------------------------------------------------
class _Worker:
    """One worker process and the two pipe ends the server holds."""

    def __init__(self, database_url: str, start_seconds: float) -> None:
        from_server, to_worker = os.pipe()  # (read end, write end)
        from_worker, to_server = os.pipe()
        source = str(Path(__file__).resolve().parents[2])  # run the same onramp as this one
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "onramp.nlp.workers", str(from_server), str(to_server)],
                pass_fds=(from_server, to_server),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        finally:
            os.close(from_server)
            os.close(to_server)
        self.write, self.read = to_worker, from_worker
        try:
            _send(self.write, ("setup", database_url))
            if _receive(self.read, start_seconds) != ("ready",):
                raise EOFError("unexpected first message")
        except (OSError, EOFError, TimeoutError, pickle.PickleError) as error:
            self.stop()
            log.error("an extraction worker did not start: %s", error)
            raise NotAvailableError(
                "The skill finder could not start. Please try again later."
            ) from None

    def alive(self) -> bool:
        return self.process.poll() is None

    def run(self, job: ExtractionJob, linker: Linker | None, budget: float) -> Any:
        """The worker's last message about `job`; TooSlowError once `budget` is spent. On
        any failure the worker is stopped: a worker in an unknown state is never reused."""
        deadline = time.monotonic() + budget
        try:
            _send(self.write, ("extract", job))
            while True:
                message = _receive(self.read, deadline - time.monotonic())
                if message[0] != "rank":
                    return message
                self._rank(linker, message[1], message[2])
        except TimeoutError:
            self.stop()
            raise TooSlowError(
                f"Reading this document took more than {budget:.0f} seconds, so we stopped. "
                "Send a shorter or simpler file, or paste the text."
            ) from None
        except (OSError, EOFError, pickle.PickleError) as error:
            self.stop()
            log.error("an extraction worker stopped unexpectedly: %s", error)
            raise NotAvailableError(
                "The skill finder stopped unexpectedly. Please try again."
            ) from None
        except BaseException:
            self.stop()
            raise

    def _rank(self, linker: Linker | None, texts: list[str], top: int) -> None:
        if linker is None:
            raise EOFError("the worker asked for a ranking it was not offered")
        try:
            ranked = _triples(linker.rank(texts, top=top))
        except (errors.NotFoundError, errors.NotAvailableError) as error:
            _send(self.write, ("rank_failed", type(error).__name__, str(error)))
            return
        _send(self.write, ("ranked", ranked))

    def stop(self) -> None:
        for fd in (self.write, self.read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.write = self.read = -1
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill is not refused
            log.error("extraction worker %s did not stop", self.process.pid)


def _stop_all(workers: list[_Worker]) -> None:
    for worker in list(workers):
        worker.stop()


class ExtractionPool:
    """At most `size` worker processes, each doing one document at a time within `budget`
    seconds. A request waits up to `wait` seconds for a free worker; when `size + backlog`
    requests are already in, it is turned away at once. Workers start on first use (or with
    `warm`), and stop with `close`, with the server, or when the server dies (their pipe
    closes)."""

    def __init__(
        self,
        database_url: str,
        *,
        size: int = 2,
        budget: float = EXTRACTION_SECONDS,
        wait: float = WAIT_SECONDS,
        backlog: int | None = None,
        start_seconds: float = START_SECONDS,
    ) -> None:
        if size < 1:
            raise errors.ConfigError("the extraction pool needs at least one worker")
        self.database_url = database_url
        self.size = size
        self.budget = budget
        self.wait = wait
        self.limit = size + (backlog if backlog is not None else 4 * size)
        self.start_seconds = start_seconds
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self._admitted = 0
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._closed = False
        self._finalizer = weakref.finalize(self, _stop_all, self._all)

    def run(self, job: ExtractionJob, linker: Linker | None) -> bytes:
        """The extraction of `job` by a worker, as JSON (`Extraction.to_dict`). Blocks: call it
        from a thread, not from the event loop. Raises BusyError, TooSlowError or what the
        worker raised."""
        with self._lock:
            if self._closed:
                raise NotAvailableError("The server is shutting down.")
            if self._admitted >= self.limit:
                raise _busy()
            self._admitted += 1
        try:
            if not self._slots.acquire(timeout=self.wait):
                raise _busy()
            try:
                return self._run(job, linker)
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._admitted -= 1

    def _run(self, job: ExtractionJob, linker: Linker | None) -> bytes:
        worker = self._take()
        try:
            message = worker.run(job, linker, self.budget)
        finally:
            self._give_back(worker)
        if message[0] == "done":
            result: bytes = message[1]
            return result
        if message[0] == "error":
            raise _domain_error(message[1], message[2])
        log.error("skill extraction failed in a worker:\n%s", message[-1])
        raise RuntimeError("skill extraction failed in a worker")

    def warm(self) -> None:
        """Start the workers now (the server does this at start), so no request waits."""
        with self._lock:
            missing = self.size - len(self._all)
        for _ in range(max(0, missing)):
            self._give_back(self._start())

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._idle = list(self._all), []
        _stop_all(workers)

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                self._forget(worker)
        return self._start()

    def _start(self) -> _Worker:
        worker = _Worker(self.database_url, self.start_seconds)
        with self._lock:
            self._all.append(worker)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            reusable = worker.alive() and worker.read >= 0 and not self._closed
            if reusable and len(self._idle) < self.size:
                self._idle.append(worker)
                return
            self._forget(worker)
        worker.stop()

    def _forget(self, worker: _Worker) -> None:
        if worker in self._all:
            self._all.remove(worker)


def _busy() -> BusyError:
    return BusyError(
        "The skill finder is busy right now. Please try again in a few seconds.",
        retry_after=RETRY_AFTER,
    )


def _domain_error(name: str, message: str) -> errors.OnrampError:
    kind = getattr(errors, name, None)
    if isinstance(kind, type) and issubclass(kind, errors.OnrampError):
        try:
            return kind(message)
        except TypeError:  # an error that needs more than its message
            pass
    return errors.OnrampError(message)


# -- the worker's side -----------------------------------------------------------------------
class _ServerLinker:
    """The server's skill linker, asked over the pipe (the `Linker` protocol)."""

    def __init__(self, read: int, write: int) -> None:
        self.read, self.write = read, write

    def rank(self, texts: list[str], *, top: int) -> list[list[tuple[str, str, float]]]:
        _send(self.write, ("rank", texts, top))
        reply = _receive(self.read)
        if reply[0] == "rank_failed":
            raise _domain_error(reply[1], reply[2])
        ranked: list[list[tuple[str, str, float]]] = reply[1]
        return ranked


def main(argv: list[str]) -> None:
    """Serve jobs until the server closes the pipe."""
    read, write = int(argv[0]), int(argv[1])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, which stops us
    os.nice(10)  # on a busy machine the server's own requests (and /health) come first
    from onramp.nlp.extract import Lexicon
    from onramp.nlp.jobs import as_json, run_job
    from onramp.store import make_engine

    kind, database_url = _receive(read)
    engine = make_engine(database_url)
    try:
        Lexicon.from_store(engine)  # loaded once here, not in the first job's budget
    except Exception as error:  # noqa: BLE001 - a job will say what is wrong, plainly
        log.info("the lexicon is not ready yet: %s", error)
    _send(write, ("ready",))
    server = _ServerLinker(read, write)
    while True:
        try:
            kind, job = _receive(read)
        except EOFError:
            return
        try:
            result = run_job(engine, job, server if job.dense else None)
            reply: tuple[Any, ...] = ("done", as_json(result.to_dict()))
        except errors.OnrampError as error:
            reply = ("error", type(error).__name__, str(error))
        except Exception:  # noqa: BLE001 - the server must hear of every failure
            reply = ("crash", traceback.format_exc())
        _send(write, reply)


if __name__ == "__main__":
    main(sys.argv[1:])
