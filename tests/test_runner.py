"""The block runner behaves like a reader's Python session."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lessonkit.forkserver import frameworks_imported
from lessonkit.harness import Harness
from lessonkit.pages import ROOT, Block
from lessonkit.runner import run_path


# Each behaviour holds for a fresh worker and for one forked from a fork server
# (lessonkit/forkserver.py), which a block gets when it imports a framework.
WORKERS = pytest.mark.parametrize("fork", [False, True], ids=["fresh", "forked"])


def first(code: str, fork: bool) -> str:
    """The first block's code; forked, it imports torch (line 1), so that a server does."""
    return ("import torch\n" if fork else "") + code


@WORKERS
def test_blocks_run_as_main_and_share_state(fork):
    results = run_path([
        {"where": "page.md:1", "code": first("print(__name__)\nanswer = 6 * 7\n", fork)},
        {"where": "page.md:9", "code": "if __name__ == '__main__':\n    print(answer)\n"},
    ], block_timeout=60, fork=fork)
    assert [r.stdout for r in results] == ["__main__\n", "42\n"]


@WORKERS
def test_a_failure_shows_the_traceback_with_the_page_and_line(fork):
    results = run_path([
        {"where": "docs/en/x.md:12", "code": first("def f():\n    return 1 / 0\n\nf()\n", fork)},
        {"where": "docs/en/x.md:30", "code": "print('never')\n"},
    ], block_timeout=60, fork=fork)
    assert len(results) == 1 and not results[0].ok
    assert f'File "<docs/en/x.md:12>", line {3 if fork else 2}, in f' in results[0].error
    assert "return 1 / 0" in results[0].error  # the source line is quoted
    assert "ZeroDivisionError: division by zero" in results[0].error


@WORKERS
def test_a_hanging_block_is_stopped(fork):
    results = run_path([
        {"where": "a.md:1", "code": first("print('fine')\n", fork)},
        {"where": "a.md:5", "code": "import time\ntime.sleep(600)\n"},
    ], block_timeout=2, fork=fork)
    assert results[0].ok and not results[1].ok
    assert "timed out" in results[1].error


@WORKERS
def test_sys_exit_in_a_block_is_a_failure_not_a_silent_stop(fork):
    results = run_path([{"where": "a.md:1", "code": first("import sys\nsys.exit(0)\n", fork)}],
                       block_timeout=60, fork=fork)
    assert not results[0].ok and "SystemExit" in results[0].error


@WORKERS
def test_a_worker_that_dies_is_reported_with_its_exit_code(fork):
    results = run_path([{"where": "a.md:1", "code": first("import os\nos.abort()\n", fork)}],
                       block_timeout=60, fork=fork)
    assert not results[0].ok and "worker exited with code -6 while running block 1" in results[0].error


def test_a_forked_worker_starts_from_its_servers_state_not_from_the_last_run():
    """Forked (its parent is the fork server, not this process), and each run starts where
    the server's imports left off: what one run did to a framework's module is gone."""
    code = ("import os\nimport torch\n"
            f"print(os.getppid() != {os.getpid()}, hasattr(torch, 'touched'), __name__)\n"
            "torch.touched = True\n")
    runs = [run_path([{"where": "a.md:1", "code": code}], block_timeout=60, fork=True) for _ in range(2)]
    assert [run[0].stdout for run in runs] == ["True False __main__\n"] * 2, runs


def test_a_fork_server_imports_only_frameworks_the_blocks_import():
    blocks = [{"code": "import numpy as np\nfrom keras import layers\n"},
              {"code": "import lightning as L\nimport torch\nimport keras\n"}]
    assert frameworks_imported(blocks) == ("keras", "lightning", "torch")
    assert frameworks_imported([{"code": "def f():\n    import torch\n"}]) == ()  # not at module level
    assert frameworks_imported([{"code": "import torch\nprint("}]) == ()  # a fresh worker says why


def test_each_block_is_timed_from_its_own_start():
    """Five blocks of 0.7 s under a 2 s timeout, and an exit handler slower than the
    timeout: the path takes longer than the timeout, but no block does, and a block that
    ended keeps its result."""
    slow_exit = "import atexit, time\natexit.register(time.sleep, 3)\n"
    blocks = [{"where": "a.md:1", "code": slow_exit}] + [
        {"where": f"a.md:{n}", "code": f"import time\ntime.sleep(0.7)\nprint({n})\n"} for n in range(2, 7)]
    results = run_path(blocks, block_timeout=2)
    assert [r.ok for r in results] == [True] * 6, [r.error for r in results]
    assert [r.stdout for r in results[1:]] == [f"{n}\n" for n in range(2, 7)]


def test_pytest_x_stops_within_seconds_after_a_failure(tmp_path):
    """-x (and Ctrl-C) end the session at once: queued runs are dropped and running
    workers are killed, a forked one and its fork server too, instead of waiting for a
    two-minute block nobody will read."""
    pid_file = tmp_path / "forked.pid"
    (tmp_path / "test_stop.py").write_text(textwrap.dedent("""\
        import pathlib, time
        from lessonkit.pages import Block

        PID_FILE = pathlib.Path(PATH)
        FORKED = f"import os, time, torch\\nopen({str(PID_FILE)!r}, 'w').write(str(os.getpid()))\\ntime.sleep(120)\\n"


        def test_fails_while_long_runs_are_under_way(harness):
            harness.start_blocks([Block("slow.md", 1, "import time\\ntime.sleep(120)\\n", None, None)])
            harness.start_blocks([Block("slow.md", 9, FORKED, None, None)], fork=True)
            while not PID_FILE.exists():  # the forked worker is running
                time.sleep(0.1)
            assert False, "fails on purpose"


        def test_never_reached(harness):  # the same group as the test above (harness.waits_for)
            pass
        """).replace("PATH", repr(str(pid_file))), encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                             "-p", "lessonkit.harness", "--device=cpu", "test_stop.py"],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
                            capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    assert "1 failed" in result.stdout and "passed" not in result.stdout, result.stdout[-2000:]
    assert elapsed < 60, f"pytest -x took {elapsed:.0f} s: the 120 s block kept running after the failure"
    forked = Path("/proc", pid_file.read_text())
    deadline = time.monotonic() + 10
    while forked.exists() and "State:\tZ" not in (forked / "status").read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not forked.exists() or "State:\tZ" in (forked / "status").read_text(), \
        "the forked worker was still running after the session ended"


def test_other_cpu_runs_the_blocks_with_avx2_kernels_on_one_thread():
    """--other-cpu: what the blocks run on is another CPU's kernels and one thread."""
    harness = Harness("cpu", block_timeout=120, workers=1, other_cpu=True)
    try:
        probe = Block("docs/en/x.md", 1, "import torch\n"
                      "print(torch.backends.cpu.get_cpu_capability(), torch.get_num_threads())\n", None, None)
        [result] = harness.start_blocks([probe]).result()
    finally:
        harness.pool.shutdown()
    assert result.ok, result.error
    assert result.stdout == "AVX2 1\n"
