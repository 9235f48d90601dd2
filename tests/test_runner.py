"""The block runner behaves like a reader's Python session."""

import os
import subprocess
import sys
import time

from lessonkit.pages import ROOT
from lessonkit.runner import run_path


def test_blocks_run_as_main_and_share_state():
    results = run_path([
        {"where": "page.md:1", "code": "print(__name__)\nanswer = 6 * 7\n"},
        {"where": "page.md:9", "code": "if __name__ == '__main__':\n    print(answer)\n"},
    ], block_timeout=60)
    assert [r.stdout for r in results] == ["__main__\n", "42\n"]


def test_a_failure_shows_the_traceback_with_the_page_and_line():
    results = run_path([
        {"where": "docs/en/x.md:12", "code": "def f():\n    return 1 / 0\n\nf()\n"},
        {"where": "docs/en/x.md:30", "code": "print('never')\n"},
    ], block_timeout=60)
    assert len(results) == 1 and not results[0].ok
    assert 'File "<docs/en/x.md:12>", line 2, in f' in results[0].error
    assert "return 1 / 0" in results[0].error  # the source line is quoted
    assert "ZeroDivisionError: division by zero" in results[0].error


def test_a_hanging_block_is_stopped():
    results = run_path([
        {"where": "a.md:1", "code": "print('fine')\n"},
        {"where": "a.md:5", "code": "import time\ntime.sleep(600)\n"},
    ], block_timeout=2)
    assert results[0].ok and not results[1].ok
    assert "timed out" in results[1].error


def test_sys_exit_in_a_block_is_a_failure_not_a_silent_stop():
    results = run_path([{"where": "a.md:1", "code": "import sys\nsys.exit(0)\n"}], block_timeout=60)
    assert not results[0].ok and "SystemExit" in results[0].error


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
    workers are killed, instead of waiting for a two-minute block nobody will read."""
    (tmp_path / "test_stop.py").write_text(
        "from lessonkit.pages import Block\n\n\n"
        "def test_fails_while_a_long_run_is_under_way(harness):\n"
        "    harness.start_blocks([Block('slow.md', 1, 'import time\\ntime.sleep(120)\\n', None, None)])\n"
        "    assert False, 'fails on purpose'\n\n\n"
        "def test_never_reached():\n"
        "    pass\n", encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                             "-p", "lessonkit.harness", "--device=cpu", "test_stop.py"],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(
                                filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
                            capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    assert "1 failed" in result.stdout and "passed" not in result.stdout, result.stdout[-2000:]
    assert elapsed < 60, f"pytest -x took {elapsed:.0f} s: the 120 s block kept running after the failure"
