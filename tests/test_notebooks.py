"""The notebooks: executed once per build, rendered by mkdocs-jupyter in every language
(not copied as raw text), downloadable with their outputs, linked from the lesson
pages, and reached through the language selector without leaving the notebook."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from lessonkit import notebooks
from lessonkit.benchmark import free_port, wait_for
from lessonkit.harness import all_notebooks
from lessonkit.pages import ROOT, built_file, languages
from test_site import parse

NAMES = [Path(rel).stem for rel in all_notebooks()]
# An output cell in mkdocs-jupyter's HTML (a class attribute: its CSS names the class too).
OUTPUT = re.compile(r'class="[^"]*\bjp-OutputArea-output\b')


def notebook_html(site: Path, lang: str, name: str) -> Path:
    return built_file(site, lang, f"notebooks/{name}")


def test_each_notebook_executes_once_per_build(built_site):
    """At most once in a build of every language, never when its executed copy was cached;
    the code-block tests may have executed it meanwhile (they share the cache and its lock),
    but then the build must not have executed it as well."""
    assert built_site.returncode == 0, built_site.log[-3000:]
    for source in notebooks.sources():
        name = source.stem
        runs = len(re.findall(rf"executed notebook {re.escape(name)}\.py in", built_site.log))
        reused = len(re.findall(rf"notebook {re.escape(name)}\.py: executed meanwhile by another process",
                                built_site.log))
        limit = 0 if f"{name}.py" in built_site.cached_notebooks else 1
        assert runs + reused <= limit, (f"notebook {name}: executed {runs} times (and waited for {reused} other "
                                        f"runs) in one build of {len(languages())} languages; expected at most "
                                        f"{limit} (its executed copy was {'' if limit == 0 else 'not '}cached "
                                        "before the build)")
        assert notebooks.executed_path(source).exists(), f"notebook {name}: no executed copy after the build"


@pytest.mark.parametrize("lang", languages())
@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_rendered_with_its_outputs(built_site, lang, name):
    page = notebook_html(built_site.site, lang, name)
    assert page.exists(), f"no notebook page {page.relative_to(built_site.site)}"
    html = page.read_text(encoding="utf-8")
    assert "--8<--" not in html and "# %%" not in html, f"{page}: the notebook source shows as raw text"
    download = page.parent / f"{name}.ipynb"
    assert download.exists(), f"{page}: no downloadable {download.name} beside the page"
    notebook = json.loads(download.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["execution_count"] for cell in code), f"{download}: not every cell was executed"
    assert not [o for cell in code for o in cell["outputs"] if o["output_type"] == "error"], f"{download}: a cell failed"
    # What the cells printed is on the page, and the download link points at the file.
    printed = [line for cell in code for o in cell["outputs"] if o["output_type"] == "stream" and o["name"] == "stdout"
               for line in "".join(o["text"]).splitlines() if line.strip()]
    assert printed, f"{download}: no cell printed anything"
    for line in printed[:3] + printed[-3:]:
        assert line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html, (
            f"{page}: printed line {line!r} is not shown")
    links = [attrs for tag, attrs in parse(page).article_tags if tag == "a" and "download" in attrs]
    assert [a["href"] for a in links] == [download.name], f"{page}: download link {links}"


@pytest.mark.parametrize("lang", languages())
def test_lesson_pages_link_every_notebook(built_site, lang):
    linked = set()
    for page_name in ["frameworks", "lab"]:
        page = built_file(built_site.site, lang, page_name)
        for tag, attrs in parse(page).article_tags:
            target = urlparse(urljoin(page.as_uri(), attrs.get("href", ""))).path if tag == "a" else ""
            if "/notebooks/" in target:
                assert Path(target, "index.html").exists(), f"{page}: link to a missing notebook {attrs['href']}"
                linked.add(Path(target).name)
    assert linked == set(NAMES), f"{lang}: lesson pages link notebooks {sorted(linked)}, not {sorted(NAMES)}"


@pytest.mark.translations
@pytest.mark.parametrize("name", NAMES)
def test_language_selector_keeps_the_reader_on_the_notebook(built_site, name):
    for lang in languages():
        page = notebook_html(built_site.site, lang, name)
        links = {attrs["hreflang"]: attrs["href"] for tag, attrs in parse(page).tags
                 if tag == "a" and attrs.get("hreflang")}
        for other in languages():
            target = Path(urlparse(urljoin(page.as_uri(), links.get(other, ""))).path, "index.html")
            assert target == notebook_html(built_site.site, other, name), (
                f"{lang} notebook {name}: '{other}' in the language selector leads to {target}")


def project_copy(tmp_path: Path) -> Path:
    """The checkout's sources and build caches, to serve and edit."""
    project = tmp_path / "project"
    for name in ["docs", "snippets", "lessonkit", "mkdocs.yml", ".cache/figures", ".cache/notebooks"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.lock"))
        else:
            project.mkdir(exist_ok=True)
            shutil.copy2(source, project / name)
    return project


def start_serving(project: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve`, English only, on a free port: the process and the site's address."""
    port = free_port()
    env = {**os.environ, "LESSON_LANGUAGES": "en", "NO_MKDOCS_2_WARNING": "1"}
    with open(log, "w") as output:
        server = subprocess.Popen([str(Path(sys.executable).parent / "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
    return server, f"http://127.0.0.1:{port}/"


def test_serve_shows_a_preview_first_and_reloads_with_the_executed_notebook(tmp_path):
    """`mkdocs serve` in a checkout where a notebook was never executed serves its pages at
    once, the notebook as a preview without outputs, and replaces it when it is executed."""
    project = project_copy(tmp_path)
    name = "starter_pytorch"  # the quickest to execute
    for cached in (project / ".cache" / "notebooks").glob(f"{name}-*"):
        shutil.rmtree(cached) if cached.is_dir() else cached.unlink()
    log = tmp_path / "serve.log"
    server, base = start_serving(project, log)
    page = f"{base}notebooks/{name}/"

    try:
        found = wait_for(page, lambda text: True, 300, server)
        assert found is not None, f"mkdocs serve served nothing:\n{log.read_text()[-3000:]}"
        preview = found[1]
        assert "is executing this notebook" in preview and not OUTPUT.search(preview), (
            "the first page served is not the preview of the notebook being executed")
        found = wait_for(page, lambda text: "is executing this notebook" not in text, 600, server)
        assert found is not None, f"serve never showed the executed notebook:\n{log.read_text()[-3000:]}"
        assert OUTPUT.search(found[1]), "the reloaded notebook page shows no output"
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_serve_reloads_a_page_when_a_snippet_it_includes_changes(tmp_path):
    """The pages include their code and outputs from snippets/ (mkdocs.yml's `watch`): an
    author who edits a snippet under `mkdocs serve` sees the page change."""
    project = project_copy(tmp_path)
    log = tmp_path / "serve.log"
    server, base = start_serving(project, log)
    try:
        assert wait_for(f"{base}frameworks/", lambda text: "<article" in text, 300, server) is not None, (
            f"mkdocs serve served nothing:\n{log.read_text()[-3000:]}")
        shown = project / "snippets" / "keras" / "backend.output.txt"
        marker = f"edited-{time.time_ns()}"
        shown.write_text(shown.read_text(encoding="utf-8") + marker + "\n", encoding="utf-8")
        assert wait_for(f"{base}frameworks/", lambda text: marker in text, 120, server) is not None, (
            f"the page did not change after snippets/keras/backend.output.txt did:\n{log.read_text()[-3000:]}")
    finally:
        server.terminate()
        server.wait(timeout=60)
