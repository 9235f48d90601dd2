"""Fixtures of the test suite. Code blocks and the site build run in the harness plugin,
lessonkit/harness.py, which also owns the options (--device, --block-timeout,
--update-outputs, --gpu-record) and the fixtures `harness` and `built_site`."""

from __future__ import annotations

import sys
from pathlib import Path

# The tooling package sits beside tests/; make it importable however pytest is started.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lessonkit.pages import ROOT  # noqa: E402

__all__ = ["ROOT"]  # the tests import it from here

pytest_plugins = ["lessonkit.harness"]
