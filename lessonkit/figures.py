"""The lesson's figures: every snippet that calls `savefig(` runs as a reader runs it
(`python NAME.py`, in a folder of its own), and the PNG files it writes are what the pages
show (hooks.py serves them from `assets/figures/`).

Each run is kept in `.cache/figures/` under a hash of the script and of the installed
versions, and made once for the site build and the tests together: a figure snippet's
block on its own (harness.py, LoneBlock) is the same fresh process running the same
code, so the tests judge what the build's run printed (`result`) instead of running it
again. A lock keeps the build and the tests, two processes, from making it twice.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from lessonkit import provenance
from lessonkit.notebooks import exclusive
from lessonkit.pages import ROOT
from lessonkit.runner import QUIET_THREADS, BlockResult

SNIPPETS = ROOT / "snippets"
CACHE = ROOT / ".cache" / "figures"
TIMEOUT_S = 300
DONE = ".done"  # written last, with what the script printed: the folder is complete


class FigureError(Exception):
    """A figure script failed or hung; the message names it and quotes its stderr."""


def scripts() -> list[Path]:
    return sorted(p for p in SNIPPETS.rglob("*.py") if "savefig(" in p.read_text(encoding="utf-8"))


def folder(script: Path, cache: Path | None = None) -> Path:
    """Where a figure script's figures are kept (in CACHE unless told): named after its
    content and the installed versions."""
    digest = hashlib.sha256(script.read_bytes() + provenance.environment_key().encode()).hexdigest()[:16]
    return (cache or CACHE) / f"{script.stem}-{digest}"


def is_made(script: Path, cache: Path | None = None) -> bool:
    return (folder(script, cache) / DONE).exists()


def make(script: Path, cache: Path | None = None) -> Path:
    """Run the script in its folder, or reuse the run already there; the folder."""
    out_dir = folder(script, cache)
    if (out_dir / DONE).exists():
        return out_dir
    with exclusive(out_dir.with_suffix(".lock")):
        if (out_dir / DONE).exists():  # made meanwhile by the other process
            return out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        # The CPU, as the outputs the pages show beside the figures: the same run on a GPU
        # machine draws the same curves.
        env = {**QUIET_THREADS, **os.environ, "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "2",
               "CUDA_VISIBLE_DEVICES": ""}
        name = script.relative_to(ROOT) if script.is_relative_to(ROOT) else script
        try:
            result = subprocess.run([sys.executable, str(script)], cwd=out_dir, env=env, capture_output=True,
                                    text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as error:
            raise FigureError(f"{name}: no figure after {TIMEOUT_S} s") from error
        if result.returncode != 0:
            raise FigureError(f"{name} failed while making figures:\n{result.stderr[-3000:]}")
        (out_dir / DONE).write_text(result.stdout, encoding="utf-8")
    return out_dir


def script_of(code: str) -> Path | None:
    """The figure script whose whole text is this block's code, if any."""
    for script in scripts():
        if script.read_text(encoding="utf-8").strip() == code.strip():
            return script
    return None


def result(script: Path) -> list[BlockResult]:
    """The script's run as a block's run on its own: what it printed, or its failure."""
    started = time.perf_counter()
    try:
        out_dir = make(script)
    except FigureError as error:
        return [BlockResult(False, "", str(error), time.perf_counter() - started)]
    return [BlockResult(True, (out_dir / DONE).read_text(encoding="utf-8"), None, 0.0)]
