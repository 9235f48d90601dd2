"""Shared machinery: every page read once, every reader path run once, the site built once."""

from __future__ import annotations

import difflib
import functools
import os
import re
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

# The tooling package sits beside tests/; make it importable however pytest is started.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lessonkit.pages import ROOT, Block, Page, PageError, page_paths, read_page
from lessonkit import device, notebooks
from lessonkit.runner import BlockResult, run_blocks


def pytest_addoption(parser):
    parser.addoption("--block-timeout", type=float, default=180.0,
                     help="seconds one code block may run before it counts as hanging (default 180)")
    parser.addoption("--device", choices=["cpu", "cuda", "auto"], default="auto",
                     help="where code blocks run: cpu hides every GPU; cuda requires one and proves each "
                          "block used it; auto (default) is cuda when a GPU is visible, else cpu")


def cuda_visible() -> bool:
    probe = "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


DEVICE = {"name": "cpu"}  # resolved once per session by pytest_configure


def pytest_configure(config):
    config.addinivalue_line("markers", "translations: needs at least one translated language")
    asked = config.getoption("--device")
    if asked == "cpu":
        DEVICE["name"] = "cpu"
    elif cuda_visible():
        DEVICE["name"] = "cuda"
    elif asked == "cuda":
        raise pytest.UsageError("--device=cuda: no CUDA GPU is visible to PyTorch "
                                "(torch.cuda.is_available() is False); not falling back to the CPU")
    else:
        DEVICE["name"] = "cpu"


def pytest_collection_modifyitems(config, items):
    """LESSON_LANGUAGES=en (the benchmark's English-only run) leaves nothing to translate:
    tests that work on translations say so, instead of failing."""
    from lessonkit.pages import languages
    if len(languages()) > 1:
        return
    skip = pytest.mark.skip(reason="needs translations; LESSON_LANGUAGES selects one language")
    for item in items:
        if "translations" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    return f"code blocks run on: {DEVICE['name']} (--device={config.getoption('--device')})"


def block_env() -> dict[str, str]:
    if DEVICE["name"] == "cpu":
        return {"CUDA_VISIBLE_DEVICES": ""}  # reproducible CPU results, even on a GPU machine
    return {device.EVIDENCE_ENV: "1"}


@pytest.fixture(scope="session")
def block_timeout(request) -> float:
    return request.config.getoption("--block-timeout")


@functools.lru_cache(maxsize=None)
def load_page(rel: str) -> Page | PageError:
    """A page of docs/, or a notebook source of snippets/notebooks/ (its code cells, in order)."""
    try:
        if rel.startswith("snippets/notebooks/"):
            return notebooks.as_page(ROOT / rel)
        return read_page(ROOT / rel)
    except PageError as error:
        return error


def all_pages() -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in page_paths()]


def all_notebooks() -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in notebooks.sources()]


@dataclass
class PathRun:
    """One reader path of one page, run; identical code (a translation) is run only once."""
    page: Page
    label: str
    blocks: list[Block]
    results: list[BlockResult]

    def problems(self) -> list[str]:
        found = []
        for block, result in zip(self.blocks, self.results):
            origin = f" (code from snippets/{', snippets/'.join(block.includes)})" if block.includes else ""
            if not result.ok:
                found.append(f"{block.where}: code block failed on the '{self.label}' path{origin}:\n"
                             f"{result.error}")
                break
            on_gpu = DEVICE["name"] == "cuda"
            if on_gpu and (problem := device.gpu_problem(block.code, result.gpu)):
                found.append(f"{block.where}: --device=cuda, but {problem}{origin}")
            if block.expected_output is not None and not device.outputs_match(block.expected_output, result.stdout, on_gpu):
                diff = "\n".join(difflib.unified_diff(block.expected_output.rstrip("\n").splitlines(),
                                                      result.stdout.rstrip("\n").splitlines(),
                                                      "output shown on the page", "output printed", lineterm=""))
                found.append(f"{block.where}: the output shown under this block is not what it prints "
                             f"(regenerate with `python -m lessonkit.outputs` if the code changed){origin}:\n{diff}")
        if len(self.results) < len(self.blocks) and not found:
            found.append(f"{self.blocks[len(self.results)].where}: block never ran")
        return found


_runs: dict[tuple, Future] = {}
_pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)  # each run is its own process


def submit(blocks: list[Block], timeout: float) -> Future:
    """Start these blocks in one fresh process, or return the run already started for the
    same code (a translation's identical path, or a notebook cell run alone twice)."""
    key = tuple(b.code for b in blocks)
    if key not in _runs:
        _runs[key] = _pool.submit(run_blocks, blocks, timeout, block_env())
    return _runs[key]


def block_at(rel: str, line: int) -> Block:
    return next(b for b in load_page(rel).blocks if b.line == line)


def run_alone(rel: str, line: int, timeout: float) -> PathRun:
    """A fresh process with nothing but this block: what a reader who copied it runs."""
    block = block_at(rel, line)
    return PathRun(load_page(rel), "on its own", [block], submit([block], timeout).result())


def pytest_collection_finish(session):
    """Start every run the selected tests need at once: reader paths, and blocks run alone."""
    timeout = session.config.getoption("--block-timeout")
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if {"rel", "line"} <= set(params):
            submit([block_at(params["rel"], params["line"])], timeout)
        elif {"rel", "label"} <= set(params) and isinstance(page := load_page(params["rel"]), Page):
            submit(page.reader_paths()[params["label"]], timeout)


def run_reader_path(page: Page, label: str, timeout: float) -> PathRun:
    blocks = page.reader_paths()[label]
    return PathRun(page, label, blocks, submit(blocks, timeout).result())


def executed_block_count(page: Page, timeout: float) -> int:
    """Code blocks plus output blocks of a page that ran and matched on at least one path."""
    good: set[tuple[int, str]] = set()
    for label in page.reader_paths():
        run = run_reader_path(page, label, timeout)
        for block, result in zip(run.blocks, run.results):
            if not result.ok:
                break
            good.add((block.line, "code"))
            if block.expected_output is not None and device.outputs_match(block.expected_output, result.stdout,
                                                                          DEVICE["name"] == "cuda"):
                good.add((block.line, "output"))
    return len(good)


@dataclass
class Build:
    site: Path
    returncode: int
    log: str
    cached_notebooks: set[str]  # notebooks whose executed copy existed before this build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    """`mkdocs build --strict`, as a reader's site is built, into a temporary folder."""
    site = tmp_path_factory.mktemp("site")
    cached = {source.name for source in notebooks.sources() if notebooks.executed_path(source).exists()}
    # The console script, as the README runs it (python -m would put the checkout on sys.path).
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    result = subprocess.run([mkdocs, "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"})
    return Build(site, result.returncode, result.stdout + result.stderr, cached)


LINK_WARNING = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a link|an absolute link) '(?P<link>[^']+)'")


def locate_warning(line: str) -> str:
    """Turn MkDocs' 'Doc file X contains a link Y' into docs/X:LINE so the fix is one click away."""
    match = LINK_WARNING.search(line)
    if not match:
        return line
    doc = ROOT / "docs" / match["file"]
    target = match["link"]
    for number, text in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        if target in text:
            return f"docs/{match['file']}:{number}: dead link '{target}' ({line.strip()})"
    return f"docs/{match['file']}: {line.strip()}"
