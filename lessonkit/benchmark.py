"""Benchmarks: `python -m lessonkit.benchmark` prints a table of figures against goals.

Timings here are measurements to read, never asserts: the tests stay free of timed checks.
  - the test suite with every language against English only (LESSON_LANGUAGES=en);
  - the code-block tests against running each snippet as its own `python` process;
  - the slowest code blocks, one by one;
  - the site build with every language against one, from a cold and a warm figure cache;
  - Lighthouse (npm, against Debian's chromium) on each language's lesson page.
All of it takes about an hour on 2 cores, mostly the two full test-suite runs, which
`--quick` skips; `--only NAME` runs one part.
"""

from __future__ import annotations

import argparse
import json
import re
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lessonkit.pages import ONLY, ROOT, languages, page_paths, read_page, url_of
from lessonkit.runner import run_blocks

CPU_ONLY = {"CUDA_VISIBLE_DEVICES": "", "MPLBACKEND": "Agg"}
LIGHTHOUSE = ROOT / "tests" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def timed(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - started, result


def pytest_seconds(args: list[str], env: dict | None = None) -> float:
    seconds, result = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], env)
    if result.returncode != 0:
        raise SystemExit(f"pytest {' '.join(args)} failed:\n{result.stdout[-3000:]}")
    return seconds


def every_block():
    """(label, blocks) for every reader path of the source pages and every notebook."""
    from lessonkit import notebooks

    pages = [read_page(path) for path in page_paths(languages()[0])]
    pages += [notebooks.as_page(source) for source in notebooks.sources()]
    for page in pages:
        for label, blocks in page.reader_paths().items():
            yield label, blocks


def blocks_one_process_each() -> float:
    """Every distinct block run alone, each in a new python process (what a suite that
    started one process per block would pay)."""
    seen, total = set(), 0.0
    for label, blocks in every_block():
        for block in blocks:
            if block.code in seen:
                continue
            seen.add(block.code)
            started = time.perf_counter()
            results = run_blocks([block], 600, env=CPU_ONLY)
            total += time.perf_counter() - started
            if not results or not results[-1].ok:
                raise SystemExit(f"{block.where} failed alone:\n{results[-1].error if results else ''}")
    return total


def block_times() -> list[tuple[float, str]]:
    """Every block of the source pages and every notebook cell, timed inside its reader path."""
    times = []
    for label, blocks in every_block():
        results = run_blocks(blocks, 600, env=CPU_ONLY)
        times += [(r.seconds, f"{b.where} ({label})") for b, r in zip(blocks, results)]
    return sorted(times, reverse=True)


def build_seconds(only: str | None, cold: bool) -> tuple[float, int]:
    """Seconds for one `mkdocs build`, and how many notebooks it executed."""
    if cold:
        for cache in ("figures", "notebooks", "mkdocs-jupyter"):
            shutil.rmtree(ROOT / ".cache" / cache, ignore_errors=True)
    with tempfile.TemporaryDirectory() as site:
        env = {"NO_MKDOCS_2_WARNING": "1", **({ONLY: only} if only else {})}
        seconds, result = timed([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", site], env)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{result.stderr[-3000:]}")
    return seconds, len(re.findall(r"executed notebook \S+ in", result.stdout + result.stderr))


def lighthouse(runs: int) -> list[dict]:
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import serve

    rows = []
    with tempfile.TemporaryDirectory() as site:
        subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", site], cwd=ROOT,
                       check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        with serve(Path(site)) as base:
            for lang in languages():
                url = base + url_of(lang, "frameworks")
                reports = []
                for _ in range(runs):
                    with tempfile.NamedTemporaryFile(suffix=".json") as out:
                        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out.name}",
                                        f"--chrome-flags={CHROME_FLAGS}",
                                        "--only-categories=performance,accessibility,best-practices,seo"],
                                       check=True, capture_output=True,
                                       env={**os.environ, "CHROME_PATH": shutil.which("chromium") or ""})
                        reports.append(json.loads(Path(out.name).read_text()))
                score = {c: statistics.median(r["categories"][c]["score"] for r in reports)
                         for c in ("performance", "accessibility", "best-practices", "seo")}
                weight = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
                rows.append({"lang": lang, **score, "kb": weight / 1000})
    return rows


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the two full test-suite runs")
    parser.add_argument("--only", choices=["blocks", "build", "lighthouse"],
                        help="measure one thing: per-block times, the site build, or Lighthouse")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page; the median counts")
    args = parser.parse_args()
    source = languages()[0]
    rows = []

    wanted = lambda part: args.only in (None, part)  # noqa: E731
    if not args.quick and not args.only:
        print("timing the whole suite, every language, then English only ...", file=sys.stderr)
        every, english = pytest_seconds(["tests"]), pytest_seconds(["tests"], {ONLY: source})
        rows.append(("test suite, every language", f"{every:.0f} s", "", ""))
        rows.append(("test suite, English only", f"{english:.0f} s", "", ""))
        rows.append(("  translations add", f"{(every / english - 1) * 100:+.0f} %", "<= +10 %",
                     verdict(every / english <= 1.10)))

    if not args.quick and not args.only:
        print("timing the code blocks, in the suite and as separate processes ...", file=sys.stderr)
        in_suite = pytest_seconds(["tests/test_code_blocks.py"])
        separate = blocks_one_process_each()
        rows.append(("code-block tests (every language)", f"{in_suite:.1f} s", "", ""))
        rows.append(("each block as its own python process", f"{separate:.1f} s", "", ""))
        rows.append(("  ratio", f"{in_suite / separate:.2f}x", "<= 0.6x", verdict(in_suite / separate <= 0.6)))

    if wanted("blocks"):
        print("timing each block ...", file=sys.stderr)
        slowest = block_times()
        print("\nevery block and notebook cell, timed in its reader path (CPU):")
        for seconds, where in slowest:
            print(f"  {seconds:6.2f} s  {where}")
        rows.append((f"slowest block: {slowest[0][1]}", f"{slowest[0][0]:.2f} s", "< 10 s",
                     verdict(slowest[0][0] < 10)))

    if wanted("build"):
        print("timing the site build ...", file=sys.stderr)
        for cache in ("cold", "warm"):
            every, every_runs = build_seconds(None, cold=cache == "cold")
            one, one_runs = build_seconds(source, cold=cache == "cold")
            rows.append((f"site build, {len(languages())} languages, {cache} caches",
                         f"{every:.1f} s, {every_runs} notebook runs", "", ""))
            rows.append((f"site build, 1 language, {cache} caches", f"{one:.1f} s, {one_runs} notebook runs", "", ""))
            rows.append(("  ratio", f"{every / one:.2f}x", "<= 1.5x", verdict(every / one <= 1.5)))

    if wanted("lighthouse") and LIGHTHOUSE.exists() and shutil.which("chromium"):
        print("running Lighthouse ...", file=sys.stderr)
        for row in lighthouse(args.lighthouse_runs):
            ok = (min(row["performance"], row["best-practices"], row["seo"]) >= 0.95
                  and row["accessibility"] == 1.0 and row["kb"] < 600)
            rows.append((f"Lighthouse {row['lang']}/frameworks: perf / a11y / best / SEO, KB",
                         f"{row['performance']:.2f} / {row['accessibility']:.2f} / {row['best-practices']:.2f} / "
                         f"{row['seo']:.2f}, {row['kb']:.0f}", ">= 0.95, a11y 1, < 600", verdict(ok)))
    elif wanted("lighthouse"):
        rows.append(("Lighthouse", "not run", "", "needs `npm ci --prefix tests` and chromium"))

    width = max(len(r[0]) for r in rows)
    print(f"\n| {'measure':{width}} | value | goal | |\n|{'-' * (width + 2)}|---|---|---|")
    for measure, value, goal, met in rows:
        print(f"| {measure:{width}} | {value} | {goal} | {met} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
