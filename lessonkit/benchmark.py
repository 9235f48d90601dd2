"""Benchmarks: `python -m lessonkit.benchmark` prints a table of figures against goals.

Timings here are measurements to read, never asserts: the tests stay free of timed checks.
Each part (`--only PART`, repeatable) measures one goal:

  suite   a fresh clone (no .cache/), the README's test command's pytest part: every
          language, then English only (LESSON_LANGUAGES=en) in another fresh clone;
  serve   a fresh clone under `mkdocs serve`: seconds to the first page, then seconds from
          saving an edit of a Spanish page to the page served with it, with every language
          and with LESSON_LANGUAGES=es (the translators' command);
  build   warm `mkdocs build`, every language against one;
  blocks  every block and notebook cell, timed inside its reader path by the harness's own
          run loop (lessonkit/harness.py), one path at a time;
  lighthouse  Lighthouse (npm, in the tests' browser) on each language's lesson page.

The fresh clones take the committed state (HEAD) and use this virtual environment and
tests/node_modules; `suite` takes about forty minutes on 2 cores, the rest a few.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from lessonkit.pages import ONLY, ROOT, languages, page_paths, read_page, source_language, url_of

BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "tests" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
QUIET = {"NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def fresh_clone(parent: Path) -> Path:
    """HEAD cloned as a new user would, with this venv's packages and the test tools."""
    clone = parent / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    if (ROOT / "tests" / "node_modules").exists():
        (clone / "tests" / "node_modules").symlink_to(ROOT / "tests" / "node_modules")
    return clone


def env_with(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ONLY}
    return {**env, **QUIET, **extra}


# ------------------------------------------------------------------------------ suite

def suite(languages_env: str | None) -> tuple[float, str]:
    """(seconds, pytest's summary line) of `python -m pytest tests` in a fresh clone."""
    with tempfile.TemporaryDirectory() as parent:
        clone = fresh_clone(Path(parent))
        env = env_with(**({ONLY: languages_env} if languages_env else {}))
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider"],
                                cwd=clone, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
    summary = (result.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
    if result.returncode != 0:
        print(result.stdout[-5000:], file=sys.stderr)
    return seconds, summary


# ------------------------------------------------------------------------------ serve

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def wait_for(url: str, condition, limit: float, server: subprocess.Popen | None = None) -> tuple[float, str] | None:
    """(seconds until the page at URL satisfies condition(text), that text), or None after
    `limit` seconds or once `server` has exited. The serve test polls with it too."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit and (server is None or server.poll() is None):
        text = fetch(url)
        if text is not None and condition(text):
            return time.perf_counter() - started, text
        time.sleep(0.1)
    return None


def waited(found: tuple[float, str] | None) -> float | None:
    return None if found is None else found[0]


def quiet(log: Path, seconds: float, limit: float) -> None:
    """Wait until the server's log has not grown for `seconds`: no rebuild is running or
    queued (serve logs the changes it detected, then each rebuild as it goes)."""
    started = since = time.perf_counter()
    size = -1
    while time.perf_counter() - started < limit:
        if (now := log.stat().st_size) != size:
            size, since = now, time.perf_counter()
        elif time.perf_counter() - since >= seconds:
            return
        time.sleep(0.1)


def serve(clone: Path, languages_env: str | None, limit: float = 900) -> tuple[float | None, float | None, float | None]:
    """(seconds to the first page, to the last preview replaced by what it stands for in
    every language, and from saving docs/es/index.md, once the server is idle, to it being
    served)."""
    port = free_port()
    env = env_with(**({ONLY: languages_env} if languages_env else {}))
    log = clone / ".cache" / "benchmark-serve.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as log_file:
        server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"], cwd=clone, env=env,
                                  stdout=log_file, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/"
        first = waited(wait_for(base, lambda text: "<article" in text, limit, server))
        if first is None:
            return None, None, None
        from lessonkit.hooks import PREVIEW_LINE
        # Every language's notebook pages: the server rebuilds the languages one after the
        # other, so the source language's pages are done while the others are still building.
        served = [lang for lang in languages()
                  if lang == source_language() or not languages_env or lang in languages_env.split(",")]
        notebooks_served = [base + url_of(lang, f"notebooks/{path.stem}") for lang in served
                            for path in sorted((clone / "snippets" / "notebooks").glob("*.py"))]
        started = time.perf_counter()
        complete = None
        if all(wait_for(url, lambda text: "is executing this notebook" not in text and PREVIEW_LINE not in text,
                        limit, server) is not None for url in notebooks_served):
            complete = first + time.perf_counter() - started
        page = clone / "docs" / "es" / "index.md"
        marker = f"benchmark-{time.time_ns()}"
        # Idle: the notebooks and figures made beside the server each made it rebuild, and
        # the last of those rebuilds may still run (an edit then waits for it).
        quiet(log, seconds=5, limit=120)
        page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdición {marker}.\n", encoding="utf-8")
        reload = waited(wait_for(base + url_of("es"), lambda text: marker in text, 300, server))
        return first, complete, reload
    finally:
        server.terminate()
        server.wait(timeout=60)


# ------------------------------------------------------------------------------ build

def build_seconds(languages_env: str | None) -> float:
    with tempfile.TemporaryDirectory() as site:
        env = env_with(**({ONLY: languages_env} if languages_env else {}))
        started = time.perf_counter()
        result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-d", site], cwd=ROOT, env=env,
                                capture_output=True, text=True)
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return seconds


# ------------------------------------------------------------------------------ blocks

def block_times() -> list[tuple[float, str]]:
    """Every block of the source pages and every notebook cell, timed inside its reader path,
    by the harness's run loop with one worker (nothing else running beside it)."""
    from lessonkit import notebooks
    from lessonkit.harness import Harness

    harness = Harness("cpu", block_timeout=600, workers=1)
    pages = [read_page(path) for path in page_paths(source_language())]
    pages += [notebooks.as_page(source) for source in notebooks.sources()]
    times = []
    try:
        for page in pages:
            for label, blocks in page.reader_paths().items():
                results = harness.start_blocks(blocks).result()
                if len(results) < len(blocks) or not results[-1].ok:
                    raise SystemExit(f"{page.rel}, path '{label}' failed:\n{results[-1].error if results else ''}")
                times += [(r.seconds, f"{b.where} ({label})") for b, r in zip(blocks, results)]
    finally:
        harness.close()
    return sorted(times, reverse=True)


# ------------------------------------------------------------------------------ lighthouse

def lighthouse(runs: int, chromium: str) -> list[dict]:
    from browser import serve as serve_static

    rows = []
    with tempfile.TemporaryDirectory() as site:
        subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-d", site], cwd=ROOT, check=True,
                       capture_output=True, env=env_with())
        with serve_static(Path(site)) as base:
            for lang in languages():
                reports = []
                for _ in range(runs):
                    with tempfile.NamedTemporaryFile(suffix=".json") as out:
                        subprocess.run([str(LIGHTHOUSE), base + url_of(lang, "frameworks"), "--quiet",
                                        "--output=json", f"--output-path={out.name}", f"--chrome-flags={CHROME_FLAGS}",
                                        "--only-categories=performance,accessibility,best-practices,seo"],
                                       check=True, capture_output=True,
                                       env={**os.environ, "CHROME_PATH": chromium})
                        reports.append(json.loads(Path(out.name).read_text()))
                score = {c: statistics.median(r["categories"][c]["score"] for r in reports)
                         for c in ("performance", "accessibility", "best-practices", "seo")}
                weight = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
                rows.append({"lang": lang, **score, "kb": weight / 1000})
    return rows


# ------------------------------------------------------------------------------ the table

def seconds_text(value: float | None) -> str:
    return "did not happen" if value is None else f"{value:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parts = ["suite", "serve", "build", "blocks", "lighthouse"]
    parser.add_argument("--only", action="append", choices=parts, help="measure these parts only")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page; the median counts")
    parser.add_argument("--suite-seconds", type=float, metavar="S",
                        help="suite: take the every-language figure from a fresh-clone CI run (.ci/run's "
                             "pytest summary) instead of running it again; only English only is run")
    args = parser.parse_args(argv)
    wanted = set(args.only or parts)
    every = ",".join(languages())
    rows: list[tuple[str, str, str, str]] = []

    if "suite" in wanted:
        print("the test suite in a fresh clone, every language, then English only ...", file=sys.stderr)
        all_s, all_summary = (args.suite_seconds, "from a CI run") if args.suite_seconds else suite(None)
        rows.append((f"fresh clone, pytest, {len(languages())} languages ({all_summary})", f"{all_s:.0f} s",
                     "<= 240 s", verdict(all_s <= 240)))
        one_s, one_summary = suite(source_language())
        rows.append((f"fresh clone, pytest, {ONLY}={source_language()} ({one_summary})", f"{one_s:.0f} s", "", ""))
        rows.append(("  every language / English only", f"{all_s / one_s:.2f}x", "<= 1.25x",
                     verdict(all_s / one_s <= 1.25)))

    if "serve" in wanted:
        with tempfile.TemporaryDirectory() as parent:
            clone = fresh_clone(Path(parent))
            # First every language in the fresh clone (cold caches), then the translators'
            # one-language command in the same clone.
            for label, env in ((f"{len(languages())} languages", None), (f"{ONLY}=es", "es")):
                print(f"mkdocs serve, {label} ...", file=sys.stderr)
                first, complete, reload = serve(clone, env)
                if env is None:
                    rows.append((f"fresh clone, `mkdocs serve`, {label}: first page", seconds_text(first),
                                 "<= 30 s", verdict(first is not None and first <= 30)))
                    rows.append((f"fresh clone, `mkdocs serve`, {label}: every notebook executed and shown in every language",
                                 seconds_text(complete), "", ""))
                else:
                    rows.append((f"`mkdocs serve`, {label}, warm caches: first page", seconds_text(first), "", ""))
                goal = 5 if env is None else 2
                rows.append((f"edit docs/es/index.md under `mkdocs serve`, {label}: page reloaded",
                             seconds_text(reload), f"<= {goal} s", verdict(reload is not None and reload <= goal)))

    if "build" in wanted:
        print("warm site builds ...", file=sys.stderr)
        build_seconds(None)  # warm the caches
        all_s, one_s = build_seconds(every), build_seconds(source_language())
        rows.append((f"warm build, {len(languages())} languages", f"{all_s:.1f} s", "", ""))
        rows.append((f"warm build, {source_language()} only", f"{one_s:.1f} s", "", ""))
        rows.append(("  ratio", f"{all_s / one_s:.2f}x", "<= 1.5x", verdict(all_s / one_s <= 1.5)))

    if "blocks" in wanted:
        print("timing each block in its reader path ...", file=sys.stderr)
        slowest = block_times()
        print("\nevery block and notebook cell, timed in its reader path (CPU):")
        for seconds, where in slowest:
            print(f"  {seconds:6.2f} s  {where}")
        rows.append((f"slowest block: {slowest[0][1]}", f"{slowest[0][0]:.2f} s", "< 10 s",
                     verdict(slowest[0][0] < 10)))

    if "lighthouse" in wanted:
        sys.path.insert(0, str(ROOT / "tests"))
        from browser import CHROMIUM  # the browser the tests drive
        if LIGHTHOUSE.exists() and CHROMIUM:
            print("running Lighthouse ...", file=sys.stderr)
            for row in lighthouse(args.lighthouse_runs, CHROMIUM):
                ok = (min(row["performance"], row["best-practices"], row["seo"]) >= 0.95
                      and row["accessibility"] == 1.0 and row["kb"] < 600)
                rows.append((f"Lighthouse {row['lang']}/frameworks: perf / a11y / best / SEO, KB",
                             f"{row['performance']:.2f} / {row['accessibility']:.2f} / "
                             f"{row['best-practices']:.2f} / {row['seo']:.2f}, {row['kb']:.0f}",
                             ">= 0.95, a11y 1, < 600", verdict(ok)))
        else:
            rows.append(("Lighthouse", "not run", "", "needs `npm ci --prefix tests` and chromium-headless-shell"))

    width = max(len(r[0]) for r in rows)
    print(f"\n| {'measure':{width}} | value | goal | |\n|{'-' * (width + 2)}|---|---|---|")
    for measure, value, goal, met in rows:
        print(f"| {measure:{width}} | {value} | {goal} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
