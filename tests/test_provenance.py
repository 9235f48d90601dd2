"""Readers see what every example was tested with: the line under each page's title, each
block's download, the GPU proof record, and the translation status page."""

import re
from pathlib import Path

import pytest

from lessonkit import notebooks, provenance, translations
from lessonkit.pages import DOCS, languages, read_page, built_file, source_language
from test_site import html_path

DEFAULT = source_language()
CODE_PAGES = [p.name for p in sorted((DOCS / DEFAULT).glob("*.md")) if read_page(p).blocks]
STAMPED = [(lang, name) for lang in languages() for name in CODE_PAGES]
LINE = re.compile(r'<p class="provenance">(?P<text>[^<]*)</p>')


def notebook_cells() -> dict[str, set[str]]:
    return {source.stem: {cell.source.strip() for cell in notebooks.read(source)[0].cells if cell.cell_type == "code"}
            for source in notebooks.sources()}


def executed_runs() -> dict[str, provenance.Run]:
    return {source.stem: provenance.run_of(notebooks.executed_path(source)) for source in notebooks.sources()}


def test_the_stamped_pages_are_the_lesson_and_the_lab():
    assert {"frameworks.md", "overfitting.md", "lab.md"} <= set(CODE_PAGES)


@pytest.mark.parametrize("name", CODE_PAGES)
def test_every_block_of_a_page_runs_in_a_notebook(name):
    """The line says every example on the page ran: each block must be (the start of) a
    notebook cell, since the build runs the notebooks."""
    covering, missing = provenance.covering_notebooks(read_page(DOCS / DEFAULT / name), notebook_cells())
    assert not missing, "\n".join(f"{b.where}: in no notebook, so the build never runs it" for b in missing)
    assert covering


@pytest.mark.parametrize("lang,name", STAMPED, ids=[f"{lang}/{name}" for lang, name in STAMPED])
def test_each_page_says_what_its_examples_ran_with(built_site, lang, name):
    page = read_page(DOCS / DEFAULT / name)
    covering, _ = provenance.covering_notebooks(page, notebook_cells())
    runs = executed_runs()
    html = html_path(built_site.site, f"docs/{lang}/{name}").read_text(encoding="utf-8")
    lines = LINE.findall(html)
    assert len(lines) == 1, f"docs/{lang}/{name}: {len(lines)} provenance lines in the built page"
    oldest = min((runs[n] for n in covering), key=lambda run: run.date)
    for framework in provenance.frameworks_used(page.blocks):
        expected = f"{provenance.FRAMEWORKS[framework]} {oldest.packages[framework]}"
        assert expected in lines[0], f"docs/{lang}/{name}: the line does not say {expected}: {lines[0]}"
    assert f"Python {oldest.python}" in lines[0] and oldest.date in lines[0] and oldest.device in lines[0]
    unused = set(provenance.FRAMEWORKS) - set(provenance.frameworks_used(page.blocks))
    assert not any(f"{provenance.FRAMEWORKS[f]} " in lines[0] for f in unused), lines[0]
    assert re.search(r'</h1>\s*<p class="provenance">', html), f"docs/{lang}/{name}: the line is not under the title"


def test_the_versions_are_those_the_kernel_ran_with(built_site):
    """The executed notebooks say what their kernel imported: here, this environment's."""
    from importlib.metadata import version
    import platform
    for name, run in executed_runs().items():
        assert run is not None, f"notebook {name}: executed without a provenance record"
        assert run.python == platform.python_version(), name
        for package, seen in run.packages.items():
            assert seen == version(package), f"notebook {name}: {package} {seen}, installed {version(package)}"


@pytest.mark.parametrize("lang", languages())
def test_notebook_pages_say_what_ran_them(built_site, lang):
    for source in notebooks.sources():
        html = built_file(built_site.site, lang, f"notebooks/{source.stem}")
        lines = LINE.findall(html.read_text(encoding="utf-8"))
        assert len(lines) == 1 and executed_runs()[source.stem].python in lines[0], f"{html}: {lines}"


@pytest.mark.parametrize("name", CODE_PAGES)
def test_every_block_has_a_download_that_is_the_block(built_site, name):
    page = read_page(DOCS / DEFAULT / name)
    html = html_path(built_site.site, f"docs/{DEFAULT}/{name}").read_text(encoding="utf-8")
    links = re.findall(r'<p class="snippet-download"><a href="(?P<href>[^"]+)" download="(?P<file>[^"]+)">', html)
    assert len(links) == len(page.blocks), f"docs/{DEFAULT}/{name}: {len(links)} downloads for {len(page.blocks)} blocks"
    for block, (href, file_name) in zip(page.blocks, links):
        target = (html_path(built_site.site, f"docs/{DEFAULT}/{name}").parent / href).resolve()
        assert target == (built_site.site / "downloads" / block.includes[-1]).resolve(), f"{block.where}: {href}"
        text = target.read_text(encoding="utf-8")
        assert text.endswith(block.code) and file_name == Path(block.includes[-1]).name, block.where
        assert re.search(r"^# Tested with Python ", text, re.M), f"{block.where}: no versions in {target.name}"


# --------------------------------------------------------------------------- GPU record

def test_pages_say_no_gpu_run_without_a_record(built_site):
    if provenance.gpu_record() is not None:
        assert not provenance.record_problems(provenance.gpu_record()), provenance.record_problems(provenance.gpu_record())
        return
    html = html_path(built_site.site, f"docs/{DEFAULT}/frameworks.md").read_text(encoding="utf-8")
    assert "Not yet run on a GPU." in LINE.search(html)["text"]


def fixture_record(page_rel: str, line: int, tab: str, code: str) -> dict:
    return {"device": "NVIDIA H100 80GB HBM3", "driver": "580.95.05", "cuda": "13.0", "date": "2026-11-28",
            "python": "3.12.3", "packages": {"torch": "2.11.0+cu130", "lightning": "2.6.6"},
            "blocks": [{"page": page_rel, "line": line, "tab": tab, "code": provenance.fingerprint(code),
                        "outcome": "passed", "evidence": "torch.cuda.max_memory_allocated: 8.5 MB"}]}


def real_block(tab: str = "PyTorch"):
    return next(b for b in read_page(DOCS / DEFAULT / "frameworks.md").blocks if b.tab == tab)


def test_a_gpu_record_makes_the_gpu_line():
    block = real_block()
    record = fixture_record(block.page, block.line, "PyTorch", block.code)
    assert provenance.record_problems(record) == []
    line = provenance.gpu_line(record, block.page, "on GPU: {device}, driver {driver}, {versions}, {date} ({tabs})",
                               "none")
    assert line == "on GPU: NVIDIA H100 80GB HBM3, driver 580.95.05, torch 2.11.0+cu130, Lightning 2.6.6, " \
                   "2026-11-28 (PyTorch)"
    assert provenance.gpu_line(record, "docs/en/lab.md", "{device}", "none") == "none"


def test_a_record_still_proves_a_block_that_moved_on_its_page():
    block = real_block()  # as if prose had been added above it since the GPU run
    assert provenance.record_problems(fixture_record(block.page, block.line - 15, "PyTorch", block.code)) == []


def test_a_record_naming_a_block_that_is_gone_is_reported():
    block = real_block()
    record = fixture_record(block.page, block.line, "PyTorch", block.code + "\nprint('changed since')\n")
    assert provenance.record_problems(record) == [
        f"{block.page}:{block.line}: the GPU proof record names a block (PyTorch tab) whose code is not on the "
        "page any more: run the GPU proof again"]
    record = fixture_record(block.page, block.line, "Lightning", block.code)  # same code, another tab
    assert len(provenance.record_problems(record)) == 1
    record = fixture_record("docs/en/gone.md", 3, "PyTorch", "")
    assert provenance.record_problems(record) == [
        "docs/en/gone.md: the GPU proof record names this page, which does not exist"]


# --------------------------------------------------------------------------- translation status

@pytest.mark.translations  # with one language built there is no table to show
def test_the_translation_status_page_shows_every_language_and_page(built_site):
    html = (built_site.site / "translation-status" / "index.html").read_text(encoding="utf-8")
    table = html[html.index("<table"): html.index("</table>")]
    for lang in translations.target_languages():
        assert f"<th>{lang}</th>" in table, f"no column for {lang}"
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    report = {(s.lang, s.name): s.state for s in translations.status(translations.target_languages())}
    for name in translations.source_pages():
        row = next((r for r in rows if f"<code>{name}</code>" in r), None)
        assert row, f"no row for {name}"
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)[1:]
        for lang, cell in zip(translations.target_languages(), cells):
            assert cell.startswith(report[(lang, name)]), f"{lang}/{name}: page says {cell!r}, status {report[(lang, name)]}"


def test_a_block_that_did_not_pass_on_the_gpu_is_named_by_its_snippet():
    page = read_page(DOCS / DEFAULT / "overfitting.md")
    block = next(b for b in page.blocks if b.includes)
    record = fixture_record(block.page, block.line, block.tab, block.code)
    assert provenance.gpu_shortfalls(record, page) == {}  # it passed
    record["blocks"][0].update(outcome="output differs", detail="loss 0.5\n")
    assert provenance.gpu_shortfalls(record, page) == {block.includes[-1]: record["blocks"][0]}
    assert provenance.gpu_shortfalls(None, page) == {}


SHORTFALL = re.compile(r'<p class="snippet-download"><a href="[^"]*" download="(?P<file>[^"]+)">[^<]*</a></p>\s*'
                       r'<details class="gpu-shortfall info"><summary>(?P<said>[^<]*)</summary>'
                       r'<pre><code>(?P<detail>[^<]*)</code></pre></details>')


@pytest.mark.parametrize("lang", languages())
def test_readers_see_under_a_block_what_it_did_on_the_gpu(built_site, lang):
    """The pages print the CPU's output; where the GPU proof saw something else (other
    numbers, an error), the block's reader is told so, in their language, with what it printed."""
    import html as html_module
    record = provenance.gpu_record()
    for name in CODE_PAGES:
        page = read_page(DOCS / DEFAULT / name)
        expected = {Path(snippet).name: entry for snippet, entry in provenance.gpu_shortfalls(record, page).items()}
        built = html_path(built_site.site, f"docs/{lang}/{name}").read_text(encoding="utf-8")
        shown = {m["file"]: m for m in SHORTFALL.finditer(built)}
        assert built.count('class="gpu-shortfall') == len(shown), f"docs/{lang}/{name}: a GPU note not under a download"
        assert shown.keys() == expected.keys(), f"docs/{lang}/{name}: GPU notes under {sorted(shown)}, " \
                                                f"the record has {sorted(expected)}"
        for file_name, entry in expected.items():
            assert html_module.unescape(shown[file_name]["detail"]) == entry["detail"], f"docs/{lang}/{name}: {file_name}"
            assert record["device"] in shown[file_name]["said"], f"docs/{lang}/{name}: {shown[file_name]['said']}"
