"""Fresh workers without paying the frameworks' import: fork them from a warm interpreter.

A reader path, or a block run on its own (a reader who copied it), imports its frameworks
in a fresh process: TensorFlow, Keras or Lightning take 3 to 6 s of a 2-core machine each
time, more than most blocks take to run. A fork server is `python -m lessonkit.runner --forkserver
NAMES`, started like a worker, that imports those frameworks and then forks one worker
per job: each worker starts from the state a fresh interpreter has right after those
imports, and runs the blocks in a namespace of their own, as a fresh worker does.

Only frameworks the blocks themselves import at module level are imported ahead (never
more), in their order; so a worker has no module a fresh process running the same code
would not have loaded by its end. What a fork cannot reproduce is code that uses a
framework's submodule before the line that imports it, which the lesson's blocks never
do (each starts with its imports or with the shared data, which imports only NumPy).

Protocol, one JSON line each way: the server reads a job
`{"job": ..., "cwd": ..., "stderr": ...}` on stdin and forks; the worker sends
`{"event": "pid"}` then the block events of runner.worker on the server's stdout, and
when it has exited the server sends `{"event": "exit", "code": N}`. One job at a time per
server; two runs of the same frameworks at once start a second server.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

def frameworks_imported(blocks: list[dict]) -> tuple[str, ...]:
    """The frameworks the blocks import at module level, in the order they first do."""
    from lessonkit.provenance import FRAMEWORKS  # here: a server imports no more than it must
    found: list[str] = []
    for block in blocks:
        try:
            body = ast.parse(block["code"]).body
        except SyntaxError:
            return ()  # a fresh worker reports it, with its line
        for node in body:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in FRAMEWORKS and top not in found:
                    found.append(top)
    return tuple(found)


# ------------------------------------------------------------------ the server process

def serve(names: str, worker) -> int:
    """Import the frameworks, then fork a runner.worker per job read on stdin."""
    for name in filter(None, names.split(",")):
        importlib.import_module(name)
    channel = os.dup(1)  # the pipe to the harness; fd 1 itself goes to /dev/null
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    send(channel, {"event": "ready"})
    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the worker
            code = 2
            try:
                os.dup2(devnull, 0)
                os.dup2(os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
                os.chdir(job["cwd"])
                sys.path[0] = job["cwd"]  # as `python -m` in that folder would have it
                signal.signal(signal.SIGINT, signal.default_int_handler)
                send(channel, {"event": "pid", "pid": os.getpid()})
                code = worker(job["job"], str(channel))
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        # On a line of its own even if the worker was killed halfway through writing one.
        os.write(channel, b"\n")
        send(channel, {"event": "exit", "code": os.waitstatus_to_exitcode(status)})
    return 0


def send(fd: int, message: dict) -> None:
    os.write(fd, (json.dumps(message) + "\n").encode())


# ------------------------------------------------------------------ the harness's side

class Server:
    def __init__(self, key: tuple, env: dict[str, str]):
        self.key = key
        self.folder = tempfile.TemporaryDirectory(prefix="lesson-forkserver-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lessonkit.runner", "--forkserver", ",".join(key[0])],
            cwd=self.folder.name, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, bufsize=0)  # unbuffered: runner._follow selects on it
        self.events = self.process.stdout
        first = self.events.readline()
        self.ready = bool(first) and json.loads(first)["event"] == "ready"

    def kill(self) -> None:
        self.process.kill()

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.folder.cleanup()


class Forked:
    """One job on a server: what runner._follow reads and kills, like a fresh worker."""

    def __init__(self, server: Server):
        self.server = server
        self.events = server.events
        self.pid: int | None = None

    def note(self, event: dict) -> None:
        if event["event"] == "pid":
            self.pid = event["pid"]

    def kill(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                return
            except ProcessLookupError:
                return
        self.server.kill()  # the worker never said who it is: stop everything

    def returncode(self, exit_event: dict | None) -> int:
        if exit_event is None:  # killed on a timeout, or the server died: read its word on it
            while exit_event is None:
                # The server answers as soon as the killed worker is gone; if it does not, it is
                # stopped too, rather than waited for.
                answered = select.select([self.server.events], [], [], 30)[0]
                line = self.server.events.readline() if answered else b""
                if not line:
                    self.server.kill()
                    self.server.ready = False
                    return -9
                if line.startswith(b'{"event": "exit"'):
                    exit_event = json.loads(line)
        return exit_event["code"]

    def close(self) -> None:
        from lessonkit import runner
        runner.ended(self)
        release(self.server)


_idle: dict[tuple, list[Server]] = {}
_all: list[Server] = []
_lock = threading.Lock()


def fork(blocks: list[dict], job: Path, cwd: Path, env: dict[str, str], overrides: dict[str, str],
         stderr: Path) -> Forked | None:
    """Start the job on a server that imported the blocks' frameworks; None when no
    framework is imported (a fresh worker is as quick) or no server could start."""
    from lessonkit import runner
    names = frameworks_imported(blocks)
    if not names:
        return None
    key = (names, tuple(sorted(overrides.items())))
    with _lock:
        server = _idle.get(key, []).pop() if _idle.get(key) else None
    if server is None:
        server = Server(key, env)
        with _lock:
            _all.append(server)
        if not server.ready:
            server.stop()
            return None
    forked = Forked(server)
    runner.running(forked)
    server.process.stdin.write((json.dumps({"job": str(job), "cwd": str(cwd), "stderr": str(stderr)}) + "\n").encode())
    server.process.stdin.flush()
    return forked


def release(server: Server) -> None:
    with _lock:
        if server.ready and server.process.poll() is None:
            _idle.setdefault(server.key, []).append(server)
        else:
            server.stop()


def stop_all() -> None:
    with _lock:
        for server in _all:
            server.kill()
        _all.clear()
        _idle.clear()
