"""Break a copy of the project in each way the suite must catch, and watch it fail.

Each case copies the project, applies one mutation, runs the relevant part of this suite
on the copy, and checks that it fails naming the file and line of the damage.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from lessonkit.pages import ONLY

# The build caches come along, so that only what a mutation touches is made again.
COPIED = ["docs", "snippets", "lessonkit", "tests", "mkdocs.yml", "requirements.txt", ".cache/figures", ".cache/notebooks"]


@pytest.fixture
def project(tmp_path) -> Path:
    copy = tmp_path / "project"
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            copy.mkdir(exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"mutation target {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def run_suite(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                            cwd=project, capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})})
    assert result.returncode != 0, f"the suite passed on a broken project:\n{result.stdout[-3000:]}"
    return result.stdout + result.stderr


def test_a_changed_printed_value_on_a_page(project):
    shown = project / "snippets/pytorch/training.output.txt"
    edit(shown, "training accuracy: 0.990", "training accuracy: 0.995")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "en/frameworks.md and PyTorch")
    fence = line_of(project / "docs/en/frameworks.md", 'title="snippets/pytorch/training.py"')
    assert f"docs/en/frameworks.md:{fence}: the output shown under this block is not what it prints" in output
    assert "-training accuracy: 0.995" in output and "+training accuracy: 0.990" in output


def test_a_notebook_cell_that_raises(project):
    # The second code cell, so that the reported line is that cell's, not the first one's;
    # early, so that the kernel stops before the notebook's slow cells.
    source = project / "snippets/notebooks/pytorch.py"
    edit(source, "# %% [markdown]\n# ## Gradients of any expression",
         '# %%\nraise RuntimeError("broken notebook cell")\n\n# %% [markdown]\n# ## Gradients of any expression')
    cell = line_of(source, "broken notebook cell") - 1
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "notebooks/pytorch")
    assert f"snippets/notebooks/pytorch.py:{cell}: code block failed" in output
    assert "RuntimeError: broken notebook cell" in output
    # The build executes the notebook too, and stops there.
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    build = subprocess.run([mkdocs, "build", "--site-dir", str(project / "site")], cwd=project, capture_output=True,
                           text=True, timeout=600, env={**os.environ, "LESSON_LANGUAGES": "en"})
    assert build.returncode != 0, "the site built with a notebook cell that raises"
    assert f"snippets/notebooks/pytorch.py:{cell}: notebook cell" in build.stdout + build.stderr
    assert "broken notebook cell" in build.stdout + build.stderr


def test_a_snippet_that_raises(project):
    (project / "snippets/lab/datasets.py").open("a").write("\nraise RuntimeError('broken snippet')\n")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "en/lab.md and PyTorch")
    fence = line_of(project / "docs/en/lab.md", 'title="snippets/lab/datasets.py"')
    assert f"docs/en/lab.md:{fence}: code block failed" in output
    assert "Traceback" in output and "RuntimeError: broken snippet" in output


@pytest.mark.translations
def test_a_translated_block_that_differs_from_the_source(project):
    page = project / "docs/es/lab.md"
    edit(page, '--8<-- "lab/datasets.py"\n', '--8<-- "lab/datasets.py"\nprint("added by a translator")\n')
    output = run_suite(project, "tests/test_translations.py", "-k", "es/lab.md")
    fence = line_of(page, 'title="snippets/lab/datasets.py"')
    assert f"docs/es/lab.md:{fence}: code block 1 differs from docs/en/lab.md" in output


@pytest.mark.translations
def test_a_py_fence_is_not_skipped(project):
    page = project / "docs/pt/index.md"
    page.open("a").write("\n```py\nprint('hello')\n```\n")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "pt/index.md")
    fence = line_of(page, "```py")
    assert f"docs/pt/index.md:{fence}: fence info string 'py'" in output


@pytest.mark.translations
def test_a_missing_include(project):
    page = project / "docs/es/lab.md"
    edit(page, '--8<-- "lab/datasets.py"', '--8<-- "lab/no_such_file.py"')
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "es/lab.md")
    include = line_of(page, "no_such_file.py")
    assert f"docs/es/lab.md:{include}: snippet include failed" in output and "no_such_file.py" in output


@pytest.mark.translations
def test_a_changed_number_in_a_translated_overfitting_table(project):
    page = project / "docs/pt/overfitting.md"
    row = next(line for line in page.read_text(encoding="utf-8").splitlines()
               if line.startswith("|") and re.search(r"\d+\.\d\d", line) and "0.00" in line)
    number = re.findall(r"\d+\.\d\d", row)[0]
    changed = f"{float(number) + 1:.2f}"
    edit(page, row, row.replace(number, changed, 1))
    output = run_suite(project, "tests/test_translations.py", "-k", "overfitting_table and pt")
    assert f"docs/pt/overfitting.md:{line_of(page, changed)}: table says {changed}" in output


@pytest.mark.translations
def test_a_dead_link(project):
    page = project / "docs/es/index.md"
    page.open("a").write("\nVer [la página que falta](no-existe.md).\n")
    output = run_suite(project, "tests/test_site.py", "-k", "strict", env={ONLY: "en,es"})  # the languages it needs
    assert f"docs/es/index.md:{line_of(page, 'no-existe.md')}: dead link 'no-existe.md'" in output


def test_a_hanging_block(project):
    page = project / "docs/en/lab.md"
    # First on the page, so that the path's real blocks never run: the timeout can be short
    # without a slow real block tripping it (tests/test_runner.py holds the runner to timing
    # each block from its own start).
    edit(page, "\n\n", "\n\n```python\nimport time\ntime.sleep(600)\n```\n\n")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "en/lab.md and PyTorch", "--block-timeout", "10")
    fence = line_of(page, "time.sleep(600)") - 2
    assert f"docs/en/lab.md:{fence}: code block failed" in output and "timed out" in output
    failed = set(re.findall(r"(docs/en/lab\.md:\d+): code block failed", output))
    assert failed == {f"docs/en/lab.md:{fence}"}, f"blocks reported besides the hanging one: {failed}"


def test_an_output_that_no_longer_supports_a_claim(project):
    """A framework upgrade changes what a block prints: the sentence built on it fails."""
    shown = project / "snippets/overfitting/cures_tensorflow.output.txt"
    row = next(line for line in shown.read_text(encoding="utf-8").splitlines() if line.startswith("more data"))
    lowest = row.split()[4]
    edit(shown, row, row.replace(lowest, "0.400", 1))  # more data no longer lowers the lowest point
    output = run_suite(project, "tests/test_claims.py", "-k", "holds and more-data")
    marker = line_of(project / "docs/en/overfitting.md", "<!-- claim: more-data-lowers-lowest -->")
    assert f"docs/en/overfitting.md:{marker + 1}: claim 'more-data-lowers-lowest' no longer holds" in output


@pytest.mark.translations
def test_a_changed_number_in_translated_prose(project):
    page = project / "docs/de/overfitting.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    marker = line_of(page, "<!-- claim: more-data-lowers-lowest -->")
    line, quoted = next((n, m.group(0)) for n, text in enumerate(lines[marker:], marker + 1)
                        for m in [re.search(r"\d+,\d+", text)] if m)  # the paragraph's first number
    changed = quoted[:-1] + str((int(quoted[-1]) + 1) % 10)
    edit(page, quoted, changed)
    output = run_suite(project, "tests/test_claims.py", "-k", "prose_numbers and de/overfitting")
    assert f"docs/de/overfitting.md:{line}: {changed} is not what claim 'more-data-lowers-lowest' reads" in output
