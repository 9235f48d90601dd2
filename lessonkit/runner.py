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


_live: set[subprocess.Popen] = set()  # worker processes running now, for stop_all()
_live_lock = threading.Lock()


def stop_all() -> None:
    """Kill every worker still running: a session that ends early (pytest -x, Ctrl-C) does
    not wait for the runs it no longer needs."""
    with _live_lock:
        for process in _live:
            process.kill()


def run_path(blocks: list[dict], block_timeout: float, env: dict[str, str] | None = None) -> list[BlockResult]:
    """Run blocks ({'where': 'page:line', 'code': ...}) in a fresh worker process.

    The result has one entry per block that started; a failure or timeout is the last one.
    """
    with tempfile.TemporaryDirectory(prefix="lesson-run-") as workdir:
        job = Path(workdir, "job.json")
        job.write_text(json.dumps({"blocks": blocks}), encoding="utf-8")
        cwd = Path(workdir, "cwd")  # figures a block saves land here, not in the repository
        cwd.mkdir()
        # The worker imports lessonkit.runner from the checkout, ahead of the caller's PYTHONPATH.
        full_env = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), full_env.get("PYTHONPATH")]))
        stderr_path = Path(workdir, "stderr.txt")
        read_fd, write_fd = os.pipe()
        with open(stderr_path, "w") as stderr:
            try:
                process = subprocess.Popen(
                    [sys.executable, "-m", "lessonkit.runner", str(job), str(write_fd)],
                    cwd=cwd, env=full_env, stdout=subprocess.DEVNULL, stderr=stderr, pass_fds=(write_fd,),
                )
            finally:
                os.close(write_fd)  # the worker holds the only writing end: its exit ends the stream
            with _live_lock:
                _live.add(process)
            # Each block is timed from its own start; between blocks (and after the last one,
            # while the worker exits) the clock runs from the last event, and a block that
            # has ended keeps its result.
            results, current_start, last_event, pending = {}, None, time.time(), b""
            with os.fdopen(read_fd, "rb", buffering=0) as events:
                while True:
                    waiting_since = current_start[1] if current_start else last_event
                    remaining = block_timeout - (time.time() - waiting_since)
                    ready = remaining > 0 and select.select([events], [], [], remaining)[0]
                    if not ready:  # the block (or the worker's exit) ran past the timeout
                        process.kill()
                        process.wait()
                        index = current_start[0] if current_start else len(results)
                        if index < len(blocks):  # a block is hanging, not the worker's exit
                            results[index] = BlockResult(False, "", f"timed out: still running after "
                                                         f"{block_timeout:.0f} s (raise it with --block-timeout)",
                                                         block_timeout)
                        break
                    chunk = events.read(1 << 16)
                    if not chunk:  # the worker exited
                        process.wait()
                        break
                    *lines, pending = (pending + chunk).split(b"\n")
                    for line in lines:  # each event arrives once, so a result is never overwritten
                        event = json.loads(line)
                        if event["event"] == "start":
                            current_start = (event["index"], event["time"])
                        else:
                            results[event["index"]] = BlockResult(event["ok"], event["stdout"], event["error"],
                                                                  event["seconds"], event.get("gpu", {}))
                            current_start, last_event = None, time.time()
        with _live_lock:
            _live.discard(process)
        ordered = [results[i] for i in sorted(results)]
        if process.returncode == -9 and len(ordered) == len(blocks) and all(r.ok for r in ordered):
            return ordered  # every block ended; the worker was stopped while exiting
        if process.returncode not in (0, 1, -9) or (process.returncode == 1 and (not ordered or ordered[-1].ok)):
            # The worker died outside a block (a crash in a C extension, a kill): say so.
            tail = stderr_path.read_text(errors="replace")[-3000:]
            index = len(ordered)
            ordered.append(BlockResult(False, "", f"worker exited with code {process.returncode} "
                                       f"while running block {index + 1}; stderr:\n{tail}", 0.0))
        return ordered


def run_blocks(blocks, block_timeout: float, env: dict[str, str] | None = None) -> list[BlockResult]:
    """run_path() for pages.Block objects (anything with .where and .code)."""
    return run_path([{"where": b.where, "code": b.code} for b in blocks], block_timeout, env)


if __name__ == "__main__":
    sys.exit(worker(sys.argv[1], sys.argv[2]))
