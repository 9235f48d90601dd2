"""Break a copy of the project in each way the suite must catch, and watch it fail.

Each case copies the project, applies one mutation, runs the relevant part of this suite
on the copy, and checks that it fails naming the file and line of the damage. The cases
only wait on a child pytest, so the harness starts them as soon as the tests are collected
(`Early`), beside the code-block runs, at a lower CPU priority (nice): they use what the
build and the browser leave of the two cores, and each test waits for its case.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT
from lessonkit import runner
from lessonkit.harness import Early
from lessonkit.pages import ONLY

# The build caches come along, so that only what a mutation touches is made again.
COPIED = ["docs", "snippets", "lessonkit", "tests", "mkdocs.yml", "requirements.txt", ".cache/figures", ".cache/notebooks"]
# The JavaScript test tools (190 MB) serve no suite a case runs.
NOT_COPIED = shutil.ignore_patterns("__pycache__", "node_modules")
NICE = 10  # the cases' children run at this CPU priority (0 is the tests' own)

CASES = {}


def case(*marks):
    """Register a mutation case: a function that breaks the copy it is given and checks the
    suite's verdict on it."""
    def register(function):
        CASES[function.__name__] = (function, marks)
        return function
    return register


def with_a_copy(function):
    def work():
        with tempfile.TemporaryDirectory(prefix="lesson-mutation-") as tmp:
            function(copy_project(Path(tmp)))
    return work


def copy_project(tmp: Path) -> Path:
    copy = tmp / "project"
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=NOT_COPIED)
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


def run(command: list[str], project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a command on the copy at low priority; stopped with the session (pytest -x)."""
    with subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, **(env or {})}, preexec_fn=lambda: os.nice(NICE)) as process:
        with runner.stopped_with_the_session(process):
            try:  # a hang guard only: at low priority a case can wait minutes for a free core
                stdout, stderr = process.communicate(timeout=1800)
            except subprocess.TimeoutExpired:
                process.kill()  # as subprocess.run does; Popen's exit would wait for it forever
                raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def run_suite(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], project, env)
    assert result.returncode != 0, f"the suite passed on a broken project:\n{result.stdout[-3000:]}"
    return result.stdout + result.stderr


@case()
def a_changed_printed_value_on_a_page(project):
    shown = project / "snippets/pytorch/training.output.txt"
    edit(shown, "training accuracy: 0.990", "training accuracy: 0.995")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "en/frameworks.md and PyTorch")
    fence = line_of(project / "docs/en/frameworks.md", 'title="snippets/pytorch/training.py"')
    assert f"docs/en/frameworks.md:{fence}: the output shown under this block is not what it prints" in output
    assert "-training accuracy: 0.995" in output and "+training accuracy: 0.990" in output


@case()
def a_notebook_cell_that_raises(project):
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
    build = run([mkdocs, "build", "--site-dir", str(project / "site")], project, {"LESSON_LANGUAGES": "en"})
    assert build.returncode != 0, "the site built with a notebook cell that raises"
    assert f"snippets/notebooks/pytorch.py:{cell}: notebook cell" in build.stdout + build.stderr
    assert "broken notebook cell" in build.stdout + build.stderr


@case()
def a_snippet_that_raises(project):
    (project / "snippets/lab/datasets.py").open("a").write("\nraise RuntimeError('broken snippet')\n")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "en/lab.md and PyTorch")
    fence = line_of(project / "docs/en/lab.md", 'title="snippets/lab/datasets.py"')
    assert f"docs/en/lab.md:{fence}: code block failed" in output
    assert "Traceback" in output and "RuntimeError: broken snippet" in output


@case(pytest.mark.translations)
def a_translated_block_that_differs_from_the_source(project):
    page = project / "docs/es/lab.md"
    edit(page, '--8<-- "lab/datasets.py"\n', '--8<-- "lab/datasets.py"\nprint("added by a translator")\n')
    output = run_suite(project, "tests/test_translations.py", "-k", "es/lab.md")
    fence = line_of(page, 'title="snippets/lab/datasets.py"')
    assert f"docs/es/lab.md:{fence}: code block 1 differs from docs/en/lab.md" in output


@case(pytest.mark.translations)
def a_py_fence_is_not_skipped(project):
    page = project / "docs/pt/index.md"
    page.open("a").write("\n```py\nprint('hello')\n```\n")
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "pt/index.md")
    fence = line_of(page, "```py")
    assert f"docs/pt/index.md:{fence}: fence info string 'py'" in output


@case(pytest.mark.translations)
def a_missing_include(project):
    page = project / "docs/es/lab.md"
    edit(page, '--8<-- "lab/datasets.py"', '--8<-- "lab/no_such_file.py"')
    output = run_suite(project, "tests/test_code_blocks.py", "-k", "es/lab.md")
    include = line_of(page, "no_such_file.py")
    assert f"docs/es/lab.md:{include}: snippet include failed" in output and "no_such_file.py" in output


@case(pytest.mark.translations)
def a_changed_number_in_a_translated_overfitting_table(project):
    page = project / "docs/pt/overfitting.md"
    row = next(line for line in page.read_text(encoding="utf-8").splitlines()
               if line.startswith("|") and re.search(r"\d+\.\d\d", line) and "0.00" in line)
    number = re.findall(r"\d+\.\d\d", row)[0]
    changed = f"{float(number) + 1:.2f}"
    edit(page, row, row.replace(number, changed, 1))
    output = run_suite(project, "tests/test_translations.py", "-k", "overfitting_table and pt")
    assert f"docs/pt/overfitting.md:{line_of(page, changed)}: table says {changed}" in output


@case(pytest.mark.translations)
def a_dead_link(project):
    page = project / "docs/es/index.md"
    page.open("a").write("\nVer [la página que falta](no-existe.md).\n")
    output = run_suite(project, "tests/test_site.py", "-k", "strict", env={ONLY: "en,es"})  # the languages it needs
    assert f"docs/es/index.md:{line_of(page, 'no-existe.md')}: dead link 'no-existe.md'" in output


@case()
def a_hanging_block(project):
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


@case()
def an_output_that_no_longer_supports_a_claim(project):
    """A framework upgrade changes what a block prints: the sentence built on it fails."""
    shown = project / "snippets/overfitting/cures_tensorflow.output.txt"
    row = next(line for line in shown.read_text(encoding="utf-8").splitlines() if line.startswith("more data"))
    lowest = row.split()[4]
    edit(shown, row, row.replace(lowest, "0.400", 1))  # more data no longer lowers the lowest point
    output = run_suite(project, "tests/test_claims.py", "-k", "holds and more-data")
    marker = line_of(project / "docs/en/overfitting.md", "<!-- claim: more-data-lowers-lowest -->")
    assert f"docs/en/overfitting.md:{marker + 1}: claim 'more-data-lowers-lowest' no longer holds" in output


@case(pytest.mark.translations)
def a_changed_number_in_translated_prose(project):
    page = project / "docs/de/overfitting.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    marker = line_of(page, "<!-- claim: more-data-lowers-lowest -->")
    line, quoted = next((n, m.group(0)) for n, text in enumerate(lines[marker:], marker + 1)
                        for m in [re.search(r"\d+,\d+", text)] if m)  # the paragraph's first number
    changed = quoted[:-1] + str((int(quoted[-1]) + 1) % 10)
    edit(page, quoted, changed)
    output = run_suite(project, "tests/test_claims.py", "-k", "prose_numbers and de/overfitting")
    assert f"docs/de/overfitting.md:{line}: {changed} is not what claim 'more-data-lowers-lowest' reads" in output


@pytest.mark.parametrize("mutation", [pytest.param(Early(name, with_a_copy(function)), id=name, marks=marks)
                                      for name, (function, marks) in CASES.items()])
def test_the_suite_catches(mutation, harness):
    harness.wait(mutation)  # the case's own assertion error, if it failed
