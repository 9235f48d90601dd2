"""Fixtures of the test suite. Code blocks run in the harness plugin, lessonkit/harness.py,
which also owns the options (--device, --block-timeout, --update-outputs, --gpu-record)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# The tooling package sits beside tests/; make it importable however pytest is started.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lessonkit import notebooks
from lessonkit.pages import ROOT

pytest_plugins = ["lessonkit.harness"]


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
