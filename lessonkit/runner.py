"""Run a reader's path through a page: blocks in order, in one namespace, like a REPL.

`python -m lessonkit.runner JOB.json FD` executes the blocks listed in the job as
`__main__` (so `if __name__ == "__main__":` works as in a script) and writes one JSON
event line per block start and end to the pipe FD as it goes, so that the parent can
tell which block hangs.
`run_path()` is the parent side: it starts the worker, enforces a per-block timeout and
returns what each block printed, or the traceback of the first block that failed.
"""

from __future__ import annotations

import contextlib
import io
import json
import linecache
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from lessonkit import device

ROOT = Path(__file__).resolve().parent.parent

# Every process that runs lesson code for the tests or the build (workers, notebook kernels,
# figure scripts) gets this. PyTorch's OpenMP threads spin while they wait for work; with
# two such processes on two cores, the spinning takes the cores from the work: two
# PyTorch overfitting paths at once took 46.8 s spinning and 15.3 s passive (the TensorFlow
# path, which imports PyTorch too, 124.9 s and 26.1 s). Passive threads are as many and
# split the work the same way, so every printed number stays the same.
QUIET_THREADS = {"OMP_WAIT_POLICY": "PASSIVE"}


@dataclass
class BlockResult:
    ok: bool
    stdout: str
    error: str | None  # traceback text, or the timeout message
    seconds: float
    gpu: dict = field(default_factory=dict)  # what each framework did on the GPU (device.py)


def worker(job_file: str, events_fd: str) -> int:
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    collect_gpu = os.environ.get(device.EVIDENCE_ENV) == "1"
    fd = int(events_fd)
    os.set_inheritable(fd, False)  # processes a block starts must not hold the pipe open
    with os.fdopen(fd, "w", encoding="utf-8") as events:
        def emit(**event):
            events.write(json.dumps(event) + "\n")
            events.flush()

        for index, block in enumerate(job["blocks"]):
            # The block's name shows in tracebacks; linecache lets them quote its lines.
            filename = f"<{block['where']}>"
            linecache.cache[filename] = (len(block["code"]), None, block["code"].splitlines(True), filename)
            emit(event="start", index=index, time=time.time())
            before = device.snapshot() if collect_gpu else {}
            started, captured = time.perf_counter(), io.StringIO()
            try:
                with contextlib.redirect_stdout(captured):
                    exec(compile(block["code"], filename, "exec"), namespace)
            except BaseException as error:  # SystemExit too: a block must not end the reader's session
                frames = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
                emit(event="end", index=index, ok=False, stdout=captured.getvalue(),
                     error="".join(frames), seconds=time.perf_counter() - started)
                return 1
            emit(event="end", index=index, ok=True, stdout=captured.getvalue(), error=None,
                 seconds=time.perf_counter() - started,
                 gpu=device.evidence(before, namespace) if collect_gpu else {})
    return 0


_live: set = set()  # what is running now (anything with .kill()), for stop_all()
_live_lock = threading.Lock()


def running(process) -> None:
    """From now until ended(process), stop_all() kills it (anything with .kill())."""
    with _live_lock:
        _live.add(process)


def ended(process) -> None:
    with _live_lock:
        _live.discard(process)


@contextlib.contextmanager
def stopped_with_the_session(process: subprocess.Popen):
    """Another process the tests wait for, killed like the workers by stop_all()."""
    running(process)
    try:
        yield process
    finally:
        ended(process)


def stop_all() -> None:
    """Kill every worker still running: a session that ends early (pytest -x, Ctrl-C) does
    not wait for the runs it no longer needs."""
    with _live_lock:
        for process in _live:
            process.kill()
    if "lessonkit.forkserver" in sys.modules:
        sys.modules["lessonkit.forkserver"].stop_all()


class Fresh:
    """A worker in a fresh `python -m lessonkit.runner` process; its exit ends the events."""

    def __init__(self, job: Path, cwd: Path, env: dict[str, str], stderr_path: Path):
        read_fd, write_fd = os.pipe()
        with open(stderr_path, "w") as stderr:
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "lessonkit.runner", str(job), str(write_fd)],
                    cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr, pass_fds=(write_fd,),
                )
            finally:
                os.close(write_fd)  # the worker holds the only writing end: its exit ends the stream
        self.events = os.fdopen(read_fd, "rb", buffering=0)
        running(self.process)

    def kill(self) -> None:
        self.process.kill()

    def note(self, event: dict) -> None:
        pass  # a fresh worker sends block events only

    def returncode(self, exit_event: dict | None) -> int:
        return self.process.wait()

    def close(self) -> None:
        self.events.close()
        ended(self.process)


def run_path(blocks: list[dict], block_timeout: float, env: dict[str, str] | None = None,
             fork: bool = False) -> list[BlockResult]:
    """Run blocks ({'where': 'page:line', 'code': ...}) in a fresh worker process.

    With fork=True the worker is forked from a process that has already imported the
    frameworks the blocks import (forkserver.py), which saves each run their import.
    The result has one entry per block that started; a failure or timeout is the last one.
    """
    with tempfile.TemporaryDirectory(prefix="lesson-run-") as workdir:
        job = Path(workdir, "job.json")
        job.write_text(json.dumps({"blocks": blocks}), encoding="utf-8")
        cwd = Path(workdir, "cwd")  # figures a block saves land here, not in the repository
        cwd.mkdir()
        # The worker imports lessonkit.runner from the checkout, ahead of the caller's PYTHONPATH.
        full_env = {**QUIET_THREADS, **os.environ, "MPLBACKEND": "Agg", **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
        stderr_path = Path(workdir, "stderr.txt")
        worker_process = None
        if fork:
            from lessonkit import forkserver
            worker_process = forkserver.fork(blocks, job, cwd, full_env, env or {}, stderr_path)
        if worker_process is None:
            worker_process = Fresh(job, cwd, full_env, stderr_path)
        try:
            results, returncode = _follow(worker_process, len(blocks), block_timeout)
        finally:
            worker_process.close()
        ordered = [results[i] for i in sorted(results)]
        if returncode == -9 and len(ordered) == len(blocks) and all(r.ok for r in ordered):
            return ordered  # every block ended; the worker was stopped while exiting
        if returncode not in (0, 1, -9) or (returncode == 1 and (not ordered or ordered[-1].ok)):
            # The worker died outside a block (a crash in a C extension, a kill): say so.
            tail = stderr_path.read_text(errors="replace")[-3000:]
            index = len(ordered)
            ordered.append(BlockResult(False, "", f"worker exited with code {returncode} "
                                       f"while running block {index + 1}; stderr:\n{tail}", 0.0))
        return ordered


def _follow(worker_process, count: int, block_timeout: float) -> tuple[dict[int, BlockResult], int]:
    """Read a worker's events until it exits; kill it when a block runs past the timeout.

    Each block is timed from its own start; between blocks (and after the last one, while
    the worker exits) the clock runs from the last event, and a block that has ended keeps
    its result."""
    results, current_start, last_event, pending = {}, None, time.time(), b""
    events = worker_process.events
    while True:
        waiting_since = current_start[1] if current_start else last_event
        remaining = block_timeout - (time.time() - waiting_since)
        ready = remaining > 0 and select.select([events], [], [], remaining)[0]
        if not ready:  # the block (or the worker's exit) ran past the timeout
            worker_process.kill()
            index = current_start[0] if current_start else len(results)
            if index < count:  # a block is hanging, not the worker's exit
                results[index] = BlockResult(False, "", f"timed out: still running after "
                                             f"{block_timeout:.0f} s (raise it with --block-timeout)",
                                             block_timeout)
            return results, worker_process.returncode(None)
        chunk = events.read(1 << 16)
        if not chunk:  # the worker exited
            return results, worker_process.returncode(None)
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:  # each event arrives once, so a result is never overwritten
            try:
                event = json.loads(line)
            except ValueError:
                continue  # the rest of a line a killed forked worker did not finish (forkserver.serve)
            if event["event"] == "start":
                current_start = (event["index"], event["time"])
            elif event["event"] == "end":
                results[event["index"]] = BlockResult(event["ok"], event["stdout"], event["error"],
                                                      event["seconds"], event.get("gpu", {}))
                current_start, last_event = None, time.time()
            elif event["event"] == "exit":  # a forked worker's end, told by its fork server
                return results, worker_process.returncode(event)
            else:
                worker_process.note(event)


def run_blocks(blocks, block_timeout: float, env: dict[str, str] | None = None,
               fork: bool = False) -> list[BlockResult]:
    """run_path() for pages.Block objects (anything with .where and .code)."""
    return run_path([{"where": b.where, "code": b.code} for b in blocks], block_timeout, env, fork)


if __name__ == "__main__":
    if sys.argv[1] == "--forkserver":
        from lessonkit import forkserver
        sys.exit(forkserver.serve(sys.argv[2], worker))
    sys.exit(worker(sys.argv[1], sys.argv[2]))
