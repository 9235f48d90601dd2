"""The lesson's notebooks: text sources in snippets/notebooks/, built into executed .ipynb.

A source is a jupytext "percent" file. Its code cells include snippets exactly as pages
do (`--8<-- "pytorch/tensors.py"`), so the code lives once, in snippets/. `build()`
expands the includes, executes the notebook once in a Jupyter kernel (nbclient) and
keeps the result in .cache/notebooks/, keyed by the expanded content and the installed
versions (lessonkit/provenance.py): every language's build, every later build and the
code-block tests reuse it. One process at a time executes a given notebook (a lock file
beside its cache folder), so the site build and the tests' harness, which ask for the
same notebooks at the same time in a fresh clone, execute each one once. A cell that
raises fails with the source file and line of that cell. The build hook renders the
result with mkdocs-jupyter.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import time
from datetime import datetime
from pathlib import Path

import jupytext
import nbformat

from lessonkit import provenance
from lessonkit.pages import ROOT, Block, Page, PageError, snippet_preprocessor
from lessonkit.runner import QUIET_THREADS, BlockResult

SOURCES = ROOT / "snippets" / "notebooks"
CACHE = ROOT / ".cache" / "notebooks"
CELL_MARKER = re.compile(r"^# %%")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_TIMEOUT_S = 600


# Starter notebooks are workbooks: their cells build on each other (data, evaluation, then
# the reader's model), so they run top to bottom only. Every other notebook's cells
# each run on their own, like the page blocks they include.
STARTER_PREFIX = "starter_"


def cells_stand_alone(rel: str) -> bool:
    return not Path(rel).name.startswith(STARTER_PREFIX)


def sources() -> list[Path]:
    return sorted(SOURCES.glob("*.py"))


_read: dict[str, tuple[tuple, nbformat.NotebookNode, list[int]]] = {}  # source -> (its files' state, result)


def snippets_state(source: Path) -> tuple:
    """What a notebook's expansion depends on: its source and every snippet it could include."""
    files = [source, *sorted(path for path in (ROOT / "snippets").rglob("*") if path.is_file())]
    return tuple((str(path), (stat := path.stat()).st_mtime_ns, stat.st_size) for path in files)


def read(source: Path) -> tuple[nbformat.NotebookNode, list[int]]:
    """The notebook with its includes expanded, and the source line where each cell starts.
    A build asks several times per notebook (its cache key, its cells, its pages): the
    expansion is kept until the source or a snippet changes, and each caller gets a copy."""
    state = snippets_state(source)
    kept = _read.get(str(source))
    if kept is None or kept[0] != state:
        kept = (state, *expand_notebook(source))
        _read[str(source)] = kept
    return nbformat.from_dict(kept[1]), list(kept[2])


def expand_notebook(source: Path) -> tuple[nbformat.NotebookNode, list[int]]:
    rel = source.relative_to(ROOT).as_posix()
    text = source.read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if CELL_MARKER.match(line)]
    if not lines or lines[0] != 1:
        raise PageError(f"{rel}:1: a notebook source starts with a '# %%' cell marker")
    notebook = jupytext.reads(text, fmt="py:percent")
    if len(notebook.cells) != len(lines):
        raise PageError(f"{rel}: {len(notebook.cells)} cells but {len(lines)} '# %%' markers")
    preprocessor = snippet_preprocessor()
    for index, (cell, line) in enumerate(zip(notebook.cells, lines)):
        cell.id = f"cell-{index + 1}"  # jupytext makes random ids: the content hash must not change
        if cell.cell_type != "code":
            continue
        try:
            cell.source = "\n".join(preprocessor.run(cell.source.splitlines())).strip("\n")
        except Exception as error:  # SnippetMissingError and friends
            raise PageError(f"{rel}:{line}: snippet include failed: {error}") from error
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata.pop("jupytext", None)
    return notebook, lines


def as_page(source: Path) -> Page:
    """The notebook's code cells as one reader path, for the code-block tests."""
    notebook, lines = read(source)
    rel = source.relative_to(ROOT).as_posix()
    blocks = [Block(rel, line, cell.source + "\n", None, None)
              for cell, line in zip(notebook.cells, lines) if cell.cell_type == "code"]
    return Page(source, "notebooks", source.name, blocks)


def executed_path(source: Path, notebook: nbformat.NotebookNode | None = None) -> Path:
    """Where the executed copy of this exact content, run with these exact versions, is kept."""
    notebook = notebook or read(source)[0]
    key = nbformat.writes(notebook) + provenance.environment_key()
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return CACHE / f"{source.stem}-{digest}" / f"{source.stem}.ipynb"


class CellError(PageError):
    """A notebook cell raised: `cell` is its index among the notebook's cells."""

    def __init__(self, message: str, cell: int | None):
        super().__init__(message)
        self.cell = cell


@contextlib.contextmanager
def exclusive(lock: Path):
    """Hold LOCK while executing a notebook: another process asking for it waits, then reuses it."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def is_executed(executed: Path) -> bool:
    """Whether this cache path holds a complete executed notebook (with what ran it)."""
    return executed.exists() and provenance.run_of(executed) is not None


PREVIEW_NOTE = ("*Preview: `mkdocs serve` is executing this notebook; the page reloads with its outputs "
                "when it is done.*")


def write_preview(source: Path, target: Path) -> None:
    """The notebook without outputs, opening with a note: what `mkdocs serve` shows until
    the executed copy exists."""
    notebook, _ = read(source)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(PREVIEW_NOTE, id="lessonkit-preview"))
    text = nbformat.writes(notebook)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def build(source: Path, log=None) -> Path:
    """Execute the notebook once, or reuse the executed copy of this exact content."""
    notebook, lines = read(source)
    executed = executed_path(source, notebook)
    if is_executed(executed):
        return executed
    with exclusive(executed.parent.with_suffix(".lock")):
        if is_executed(executed):
            if log:
                log(f"notebook {source.name}: executed meanwhile by another process (the tests), reused")
            return executed
        return execute(source, notebook, lines, executed, log)


def execute(source: Path, notebook: nbformat.NotebookNode, lines: list[int], executed: Path, log) -> Path:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    folder = executed.parent
    work = folder / "cwd"  # figures a cell saves land here
    work.mkdir(parents=True, exist_ok=True)
    # No MPLBACKEND: the kernel's own inline backend shows every figure in the notebook.
    env = {k: v for k, v in {**QUIET_THREADS, **os.environ}.items() if k != "MPLBACKEND"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(work)}})
    # Last, the kernel itself says what it ran with (lessonkit/provenance.py); the cell is
    # removed again before the notebook is kept.
    probe = nbformat.v4.new_code_cell(provenance.PROBE_CELL, id="lessonkit-provenance")
    notebook.cells.append(probe)
    started = time.perf_counter()
    # The kernel process's own stderr (its start-up notices, C++ library logs) goes to a file,
    # not into the build log, where any line saying WARNING would fail a strict build's checks.
    kernel_log = folder / "kernel-stderr.txt"
    try:
        with open(kernel_log, "w") as stderr:
            client.execute(env=env, stderr=stderr)
    except CellExecutionError as error:
        index = next((i for i, cell in enumerate(notebook.cells)
                      if any(o.get("output_type") == "error" for o in cell.get("outputs", []))), None)
        where = f"{source.relative_to(ROOT).as_posix()}:{lines[index] if index is not None and index < len(lines) else 1}"
        raise CellError(f"{where}: notebook cell {0 if index is None else index + 1} raised:\n"
                        f"{ANSI.sub('', str(error))[-3000:]}", index) from error
    except Exception as error:  # the kernel died or timed out: its stderr says why
        raise PageError(f"{source.relative_to(ROOT).as_posix()}: the notebook's kernel failed: {error}\n"
                        f"{kernel_log.read_text(errors='replace')[-3000:]}") from error
    notebook.cells.pop()
    provenance.record(notebook, "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream"))
    nbformat.write(notebook, executed)
    if log:
        log(f"executed notebook {source.name} in {time.perf_counter() - started:.1f} s")
    return executed


def cell_results(source: Path) -> list[BlockResult]:
    """What each code cell of the notebook printed, as the code-block tests judge a reader
    path: executed by build() (or reused from the cache) rather than run a second time. A
    cell that raised is the last result, failed, with the kernel's traceback."""
    try:
        executed = build(source)
    except PageError as error:  # a cell raised (CellError says which), or the kernel died
        cell = getattr(error, "cell", None) or 0
        ran = [c for c in read(source)[0].cells[:cell] if c.cell_type == "code"]
        return [BlockResult(True, "", None, 0.0) for _ in ran] + [BlockResult(False, "", str(error), 0.0)]
    results = []
    for cell in nbformat.read(executed, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        stdout = "".join(o.get("text", "") for o in cell.get("outputs", [])
                         if o.get("output_type") == "stream" and o.get("name") == "stdout")
        timing = cell.get("metadata", {}).get("execution", {})
        seconds = 0.0
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                          for k in ("iopub.execute_input", "shell.execute_reply"))
            seconds = (end - start).total_seconds()
        results.append(BlockResult(True, ANSI.sub("", stdout), None, seconds))
    return results
