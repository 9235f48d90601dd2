"""The pytest plugin that runs the lesson's code (tests/conftest.py loads it with `pytest_plugins`).

It is the one place where code blocks run, for the tests, for `--update-outputs` (which
rewrites the `*.output.txt` files the pages show) and for `--gpu-record` (the GPU proof):

- a test asks for a run with a `ReaderPath` (a page's blocks on one framework tab, top to
  bottom, in one process of their own, like a reader's REPL) or a `LoneBlock` (one block
  in a process of its own, as a reader who copied it runs it), given as a test parameter;
  on the CPU that process is forked from a fork server that imported the blocks'
  frameworks (forkserver.py);
- before the first test, every run the selected tests ask for is started on a pool of
  worker processes owned by the session (`config.stash`): identical code (a translation's
  path) runs once; the pool is shut down with `cancel_futures=True`, so `-x` and Ctrl-C
  stop at once instead of waiting for the queued runs;
- a test that only waits for processes of its own (a mutation case: a child pytest on a
  broken copy) gives an `Early` parameter, and its work starts then too, in threads of
  its own; the test waits for it and reports its failure;
- the site build (`mkdocs build --strict`, the `built_site` fixture) starts then too, and
  the tests that wait for nothing in the background run first, while it builds
  (waits_for orders the tests);
- a notebook's path and a figure snippet's block on its own are what the site build runs
  (notebooks.py, figures.py): on the CPU the tests take the build's runs;
- `--device` chooses the CPU or the GPU, and on the GPU each block must prove it used it
  (device.py); `--other-cpu` runs the blocks as another CPU would (OTHER_CPU).
"""

from __future__ import annotations

import datetime
import difflib
import functools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable
from pathlib import Path

import pytest

from lessonkit import device, figures, notebooks, provenance
from lessonkit.outputs import outputs_match
from lessonkit.pages import ROOT, Block, Page, PageError, page_paths, read_page, source_language
from lessonkit import runner
from lessonkit.runner import BlockResult, run_blocks

OUTPUT_SUFFIX = ".output.txt"


# ------------------------------------------------------------------------------ pages

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


# ------------------------------------------------------------------------------ what tests ask for

@dataclass(frozen=True)
class ReaderPath:
    """The blocks of page `rel` that a reader who chose tab `label` runs, top to bottom."""
    rel: str
    label: str

    def blocks(self) -> list[Block]:
        page = load_page(self.rel)
        if isinstance(page, PageError):
            raise page
        return page.reader_paths()[self.label]


@dataclass(frozen=True)
class LoneBlock:
    """The block of page `rel` whose fence is on `line`, run in a process of its own."""
    rel: str
    line: int

    @property
    def label(self) -> str:
        return "on its own"

    def blocks(self) -> list[Block]:
        page = load_page(self.rel)
        if isinstance(page, PageError):
            raise page
        return [next(b for b in page.blocks if b.line == self.line)]


@dataclass(frozen=True)
class Early:
    """Work a test only waits for (a child pytest on a broken copy of the project), started
    with the runs once the tests are collected; `work` raises what the test reports."""
    name: str
    work: Callable[[], None] = field(compare=False)


@dataclass
class PathRun:
    """A run's blocks and what each printed; a failure or timeout is the last result."""
    rel: str
    label: str
    blocks: list[Block]
    results: list[BlockResult]
    on_gpu: bool
    updating_outputs: bool = False

    def problems(self) -> list[str]:
        found = []
        for block, result in zip(self.blocks, self.results):
            origin = f" (code from snippets/{', snippets/'.join(block.includes)})" if block.includes else ""
            if not result.ok:
                found.append(f"{block.where}: code block failed on the '{self.label}' path{origin}:\n"
                             f"{result.error}")
                break
            if self.on_gpu and (problem := device.gpu_problem(block.code, result.gpu)):
                found.append(f"{block.where}: --device=cuda, but {problem}{origin}")
            if (block.expected_output is not None and not self.updating_outputs
                    and not outputs_match(block.expected_output, result.stdout, self.on_gpu)):
                diff = "\n".join(difflib.unified_diff(block.expected_output.rstrip("\n").splitlines(),
                                                      result.stdout.rstrip("\n").splitlines(),
                                                      "output shown on the page", "output printed", lineterm=""))
                found.append(f"{block.where}: the output shown under this block is not what it prints "
                             f"(if the code changed, rewrite it with `pytest --update-outputs`){origin}:\n{diff}")
        if len(self.results) < len(self.blocks) and not found:
            found.append(f"{self.blocks[len(self.results)].where}: block never ran")
        return found

    def matched(self) -> set[tuple[int, str]]:
        """(line, 'code') for each block that ran, (line, 'output') for each shown output that matched."""
        good: set[tuple[int, str]] = set()
        for block, result in zip(self.blocks, self.results):
            if not result.ok:
                break
            good.add((block.line, "code"))
            if block.expected_output is not None and outputs_match(block.expected_output, result.stdout,
                                                                          self.on_gpu):
                good.add((block.line, "output"))
        return good


# ------------------------------------------------------------------------------ the session's runs

SITE_BUILD = ("site build",)  # its key among the session's futures

# Another CPU sums floats in another order, and a training amplifies the last bits: the
# lab's Lightning solution once printed 0.961 with AVX2 kernels, 0.958 with AVX-512 ones,
# and 0.942 (below its goal) on one thread. --other-cpu runs the blocks with the kernels
# of a CPU without AVX-512 (PyTorch's and oneDNN's, which TensorFlow uses) and on one
# thread; the shown outputs must still match. (On a CPU without AVX-512 only the threads
# change.)
OTHER_CPU = {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "OMP_NUM_THREADS": "1",
             "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1"}


class Harness:
    """The session's scheduler: each distinct run once, in its own worker process."""

    def __init__(self, device_name: str, block_timeout: float, workers: int, other_cpu: bool = False):
        self.device = device_name
        self.other_cpu = other_cpu
        self.block_timeout = block_timeout
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.early = ThreadPoolExecutor(max_workers=workers)  # Early work: it waits on its own processes
        self.futures: dict[tuple, Future] = {}
        self.finished: list[PathRun] = []  # what the tests judged, for --update-outputs and --gpu-record
        self.updating_outputs = False
        self.temporary: list[Path] = []  # removed when the session ends

    def env(self) -> dict[str, str]:
        if self.device == "cpu":
            # reproducible CPU results, even on a GPU machine
            return {"CUDA_VISIBLE_DEVICES": "", **(OTHER_CPU if self.other_cpu else {})}
        return {device.EVIDENCE_ENV: "1"}

    def start(self, request: ReaderPath | LoneBlock | Early) -> Future:
        if isinstance(request, Early):
            key = ("early", request.name)
            return self.once(key, self.early, request.work)
        blocks = request.blocks()
        # The runs the site build makes on the CPU serve the tests; on a GPU the blocks run in
        # a worker instead, which records the GPU evidence, and so on another CPU, which the
        # build's runs were not made on.
        takes_build_runs = self.device == "cpu" and not self.other_cpu
        if isinstance(request, ReaderPath) and request.rel.startswith("snippets/notebooks/") and takes_build_runs:
            # A notebook top to bottom is what the site build executes: take its executed copy
            # (notebooks.build: cached, or executed once while the build waits for it).
            return self.once(("executed notebook", request.rel), self.pool, notebooks.cell_results, ROOT / request.rel)
        if isinstance(request, LoneBlock) and takes_build_runs and (script := figures.script_of(blocks[0].code)):
            # A figure snippet's block on its own is what the site build runs to make its
            # figures, `python NAME.py` in a fresh process: take that run (figures.py).
            return self.once(("figure", str(script)), self.pool, figures.result, script)
        # A path or a block on its own runs in a worker forked from an interpreter that has
        # imported its frameworks (forkserver.py), rather than in a Python that imports them
        # again: the code-block tests took 128 CPU-s instead of 166. A fresh interpreter still
        # runs every block of the stamped pages: the notebooks' Jupyter kernels (test_provenance).
        # Not on a GPU: a CUDA context does not survive a fork, and that no framework's
        # import creates one has not been proven there.
        return self.start_blocks(blocks, fork=self.device == "cpu")

    def start_blocks(self, blocks: list[Block], fork: bool = False) -> Future:
        """Run these blocks in order in one worker process; identical code runs once."""
        return self.once(tuple(b.code for b in blocks), self.pool, run_blocks, blocks, self.block_timeout,
                         self.env(), fork)

    def once(self, key: tuple, pool: ThreadPoolExecutor, work: Callable, *args) -> Future:
        """work(*args) on `pool`, submitted the first time `key` is asked for; its future."""
        if key not in self.futures:
            self.futures[key] = pool.submit(work, *args)
        return self.futures[key]

    def run(self, request: ReaderPath | LoneBlock) -> PathRun:
        blocks = request.blocks()
        run = PathRun(request.rel, request.label, blocks, self.start(request).result(), self.device == "cuda",
                      self.updating_outputs)
        self.finished.append(run)
        return run

    def wait(self, request: Early) -> None:
        """Wait for early work; its failure is raised here, with its own traceback."""
        self.start(request).result()

    def start_site_build(self) -> Future:
        """`mkdocs build --strict` into a temporary folder, once per session, beside the runs."""
        if SITE_BUILD not in self.futures:
            site = Path(tempfile.mkdtemp(prefix="lesson-site-"))
            self.temporary.append(site)
            # Which notebooks were executed before, read now: the runs may execute some next.
            cached = {source.name for source in notebooks.sources() if notebooks.executed_path(source).exists()}
            self.futures[SITE_BUILD] = self.early.submit(build_site, site, cached)
        return self.futures[SITE_BUILD]

    def executed_block_count(self, page: Page) -> int:
        """Code blocks plus output blocks of a page that ran and matched on at least one path."""
        good: set[tuple[int, str]] = set()
        for label in page.reader_paths():
            good |= self.run(ReaderPath(page.rel, label)).matched()
        return len(good)

    def close(self) -> None:
        """Drop the queued runs and stop the running ones: after `-x` or Ctrl-C the session
        ends at once instead of finishing work nobody will read."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.early.shutdown(wait=False, cancel_futures=True)
        runner.stop_all()
        for folder in self.temporary:
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Build:
    site: Path
    returncode: int
    log: str
    cached_notebooks: set[str]  # notebooks whose executed copy existed before this build


def build_site(site: Path, cached_notebooks: set[str]) -> Build:
    """`mkdocs build --strict`, as a reader's site is built; stopped with the session."""
    # The console script, as the README runs it (python -m would put the checkout on sys.path).
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    with subprocess.Popen([mkdocs, "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1"}) as process:
        with runner.stopped_with_the_session(process):
            stdout, stderr = process.communicate()
    return Build(site, process.returncode, stdout + stderr, cached_notebooks)


HARNESS = pytest.StashKey[Harness]()


def cuda_visible() -> bool:
    probe = "import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


def pytest_addoption(parser):
    group = parser.getgroup("lesson", "running the lesson's code blocks")
    # 600, not less: a block that takes 10 s alone took over 180 s in a fresh-clone run, while
    # the site build's notebook kernels and the other workers shared the two cores with it.
    group.addoption("--block-timeout", type=float, default=600.0,
                    help="seconds one code block may run before it counts as hanging (default 600)")
    group.addoption("--device", choices=["cpu", "cuda", "auto"], default="auto",
                    help="where code blocks run: cpu hides every GPU; cuda requires one and proves each "
                         "block used it; auto (default) is cuda when a GPU is visible, else cpu")
    group.addoption("--other-cpu", action="store_true",
                    help="on the CPU, run the blocks as a CPU without AVX-512 would, on one thread "
                         "(lessonkit/harness.py, OTHER_CPU): the shown outputs must still match")
    group.addoption("--update-outputs", action="store_true",
                    help="rewrite snippets/**/*.output.txt with what the blocks print (on the CPU); "
                         "review the diff")
    group.addoption("--frameworks", default=None, metavar="NAMES",
                    help="run only the paths and blocks whose code imports none but these frameworks "
                         "(comma-separated among torch, lightning, tensorflow, keras)")
    group.addoption("--gpu-record", default=None, metavar="PATH",
                    help="with --device=cuda: write the GPU proof record (JSON) of every block that ran")


def pytest_configure(config):
    config.addinivalue_line("markers", "translations: needs at least one translated language")
    asked = config.getoption("--device")
    if asked == "cpu":
        name = "cpu"
    elif cuda_visible():
        name = "cuda"
    elif asked == "cuda":
        raise pytest.UsageError("--device=cuda: no CUDA GPU is visible to PyTorch "
                                "(torch.cuda.is_available() is False); not falling back to the CPU")
    else:
        name = "cpu"
    if config.getoption("--other-cpu") and name != "cpu":
        raise pytest.UsageError("--other-cpu changes the CPU's kernels and threads: add --device=cpu")
    if config.getoption("--update-outputs") and config.getoption("--other-cpu"):
        raise pytest.UsageError("--update-outputs writes this CPU's outputs: leave out --other-cpu")
    if config.getoption("--update-outputs") and name != "cpu":
        raise pytest.UsageError("--update-outputs writes the CPU outputs the pages show: add --device=cpu")
    if config.getoption("--gpu-record") and name != "cuda":
        raise pytest.UsageError("--gpu-record needs --device=cuda on a machine with a GPU")
    harness = Harness(name, config.getoption("--block-timeout"), os.cpu_count() or 2,
                      config.getoption("--other-cpu"))
    harness.updating_outputs = config.getoption("--update-outputs")
    config.stash[HARNESS] = harness


def pytest_report_header(config):
    harness = config.stash[HARNESS]
    other = ", as another CPU: " + " ".join(f"{k}={v}" for k, v in OTHER_CPU.items()) if harness.other_cpu else ""
    return f"code blocks run on: {harness.device} (--device={config.getoption('--device')}){other}"


def requests_of(item, kinds=(ReaderPath, LoneBlock)) -> list:
    params = getattr(getattr(item, "callspec", None), "params", {})
    return [value for value in params.values() if isinstance(value, kinds)]


def frameworks_of(request: ReaderPath | LoneBlock) -> set[str]:
    try:
        return {name for block in request.blocks() for name in provenance.IMPORT.findall(block.code)}
    except PageError:
        return set()


def pytest_collection_modifyitems(config, items):
    """LESSON_LANGUAGES=en leaves nothing to translate: tests that work on translations say
    so. --frameworks deselects the runs that import another framework."""
    from lessonkit.pages import languages
    if len(languages()) == 1:
        skip = pytest.mark.skip(reason="needs translations; LESSON_LANGUAGES selects one language")
        for item in items:
            if "translations" in item.keywords:
                item.add_marker(skip)
    if wanted := config.getoption("--frameworks"):
        allowed = set(wanted.split(","))
        kept, dropped = [], []
        for item in items:
            requests = requests_of(item)
            if requests and any(frameworks_of(r) - allowed for r in requests):
                dropped.append(item)
            else:
                kept.append(item)
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    items.sort(key=waits_for)


def waits_for(item) -> int:
    """The order the tests run in (stable: file order within each group). First those that
    wait for nothing started in the background; then those that need the site, which builds
    meanwhile (pytest_collection_finish); last those that only wait for the runs, done by then."""
    if "built_site" in item.fixturenames:
        return 1
    return 2 if "harness" in item.fixturenames else 0


def pytest_collection_finish(session):
    """Start every run the selected tests ask for at once, on all cores."""
    harness = session.config.stash[HARNESS]
    if any("built_site" in item.fixturenames and not item.get_closest_marker("skip") for item in session.items):
        harness.start_site_build()  # first: the early threads are then free for it
    for item in session.items:
        if item.get_closest_marker("skip"):
            continue
        for request in requests_of(item, (ReaderPath, LoneBlock, Early)):
            try:
                harness.start(request)
            except PageError:
                pass  # the test reports it with its file and line


@pytest.fixture(scope="session")
def harness(request) -> Harness:
    return request.config.stash[HARNESS]


@pytest.fixture(scope="session")
def built_site(harness) -> Build:
    """The site as `mkdocs build --strict` makes it, in a temporary folder (see start_site_build)."""
    return harness.start_site_build().result()


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    harness = config.stash.get(HARNESS, None)
    if harness is None:
        return
    harness.close()
    if config.getoption("--update-outputs"):
        write_outputs(harness.finished)
    if path := config.getoption("--gpu-record"):
        write_gpu_record(harness.finished, Path(path))


# ------------------------------------------------------------------------------ --update-outputs

def write_outputs(runs: list[PathRun]) -> None:
    """A block's shown output is snippets/**/NAME.output.txt, where NAME.py is the last snippet
    the block includes (a block may start with shared lines such as snippets/data/points.py)."""
    written: dict[str, str] = {}
    for run in runs:
        for block, result in zip(run.blocks, run.results):
            if not result.ok:
                break
            if block.expected_output is None or not block.includes:
                continue
            target = block.includes[-1].removesuffix(".py") + OUTPUT_SUFFIX
            if written.setdefault(target, result.stdout) != result.stdout:
                print(f"\nCONFLICT {block.where}: snippets/{target} prints differently on another path",
                      file=sys.stderr)
    for target, stdout in sorted(written.items()):
        output = ROOT / "snippets" / target
        if not output.exists() or output.read_text(encoding="utf-8") != stdout:
            output.write_text(stdout, encoding="utf-8")
            print(f"\nupdated snippets/{target}")


# ------------------------------------------------------------------------------ --gpu-record

# What the record says about the machine: the notebooks' own probe (provenance.PROBE_CELL:
# date, Python, framework versions, device), plus CUDA's version and the driver's.
CUDA_PROBE = r"""
import json, subprocess, torch
try:
    driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                            capture_output=True, text=True).stdout.split()[0]
except Exception:
    driver = "unknown"
print(json.dumps({"cuda": torch.version.cuda, "driver": driver}))
"""


def machine() -> dict:
    found = {}
    for probe in (provenance.PROBE_CELL, CUDA_PROBE):
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        if result.returncode != 0:
            return {"device": "unknown", "error": result.stderr[-2000:]}
        found.update(json.loads(result.stdout.strip().splitlines()[-1]))
    return {"device": found["device"].removeprefix("GPU: "), "cuda": found["cuda"], "python": found["python"],
            "packages": found["packages"], "driver": found["driver"]}


def evidence_text(gpu: dict) -> str:
    parts = []
    if "torch_cuda_bytes" in gpu:
        parts.append(f"torch.cuda allocated {gpu['torch_cuda_bytes'] / 1e6:.3f} MB during the block")
    if "lightning_accelerator" in gpu:
        parts.append(f"Lightning Trainer accelerator: {gpu['lightning_accelerator']}")
    if "tensorflow_gpu_peak_bytes" in gpu:
        parts.append(f"TensorFlow GPU peak memory {gpu['tensorflow_gpu_peak_bytes'] / 1e6:.3f} MB")
    return "; ".join(parts) or "no framework in this process had touched the GPU"


def gpu_entries(runs: list[PathRun]) -> list[dict]:
    """One entry per block of a source page or notebook, the best outcome it had on any run."""
    rank = {"passed": 3, "failed": 2, "stayed on the CPU": 2, "output differs": 2, "not run": 0}
    best: dict[tuple, dict] = {}
    source = source_language()
    for run in runs:
        if not (run.rel.startswith(f"docs/{source}/") or run.rel.startswith("snippets/notebooks/")):
            continue
        for index, block in enumerate(run.blocks):
            result = run.results[index] if index < len(run.results) else None
            if result is None:
                outcome, evidence, detail = "not run", "", "an earlier block of its path failed"
            elif not result.ok:
                outcome, evidence, detail = "failed", evidence_text(result.gpu), result.error.strip().splitlines()[-1]
            elif problem := device.gpu_problem(block.code, result.gpu):
                outcome, evidence, detail = "stayed on the CPU", evidence_text(result.gpu), problem
            elif block.expected_output is not None and not outputs_match(block.expected_output,
                                                                               result.stdout, True):
                outcome, evidence, detail = "output differs", evidence_text(result.gpu), result.stdout[-500:]
            else:
                outcome, evidence, detail = "passed", evidence_text(result.gpu), ""
            entry = {"page": block.page, "line": block.line, "tab": block.tab,
                     "code": provenance.fingerprint(block.code), "run": run.label,
                     "frameworks": sorted(set(provenance.IMPORT.findall(block.code))),
                     "outcome": outcome, "seconds": round(result.seconds, 2) if result else None,
                     "evidence": evidence}
            if detail:
                entry["detail"] = detail
            key = (block.page, block.line, block.tab)
            if key not in best or rank[outcome] > rank[best[key]["outcome"]]:
                best[key] = entry
    return sorted(best.values(), key=lambda e: (e["page"], e["line"]))


def write_gpu_record(runs: list[PathRun], path: Path) -> None:
    found = machine()
    entries = gpu_entries(runs)
    record = {**found, "date": datetime.date.today().isoformat(), "host": platform.machine(),
              "blocks": entries}
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["outcome"]] = counts.get(entry["outcome"], 0) + 1
    summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
    print(f"\nGPU proof: {len(entries)} blocks on {found.get('device')}: {summary}; written to {path}")
