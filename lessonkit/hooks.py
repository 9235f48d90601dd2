"""MkDocs hooks (see `hooks:` in mkdocs.yml).

1. Figures are made by code at build time (lessonkit/figures.py): every snippet that calls
   `savefig(` runs once, in its own folder, and the PNG files it writes are served from
   `assets/figures/`. A failing snippet fails the build with its name and its stderr.
2. One search index per language: mkdocs-static-i18n merges every language into the root
   index, so a Spanish reader's search returns English and Portuguese pages too. After
   the last language is built, the merged index is split into `<lang>/search/`, and
   theme/main.html points each language's search at its own index.
3. Outdated translations: a translated page whose English source changed since it was
   translated (see lessonkit/translations/status.py) opens with a notice linking to the English page.
4. Relative language-selector links: mkdocs-static-i18n links each language's home page
   as an absolute "/es/", which breaks a site served from a sub-path (a project's GitHub
   Pages); made relative to the site root, the theme's `url` filter resolves them per page.
5. Notebooks (lessonkit/notebooks.py): each executes once per build, in on_pre_build
   (figures, notebooks, provenance and downloads are made in the source language's pass
   and reused by the others), and each language gets a page for it, rendered by
   mkdocs-jupyter and left out of the search index. mkdocs-static-i18n
   rebuilds the file list per language and drops mkdocs-jupyter's notebook pages (they
   would be copied as raw files), so the pages are added after it, with language-selector
   alternates that keep the reader on the same notebook, and a download link.
6. Provenance (lessonkit/provenance.py): every page with code, and every notebook page,
   says under its title what its examples ran with, when and on what, taken from the
   executed notebooks; and the GPU line from .ci/gpu-proof.json, or that none ran yet.
7. Downloads: every code block can be downloaded as a complete .py file,
   `downloads/<snippet path>`, whose first lines say what it was tested with.
8. The translation status page (translation-status.md) gets its table at build time,
   from the same data as `python -m lessonkit.translations status`.
9. Speed: the theme's templates are listed and compiled once for every language
   (lessonkit/templates.py), each code block is highlighted once for all languages
   (lessonkit/highlight.py), and Material's search reads the code blocks without
   Pygments' spans (for_search).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils.templates import TemplateContext

ROOT = Path(__file__).resolve().parent.parent
# MkDocs loads this file by path and restores sys.path afterwards: import the package now.
sys.path.insert(0, str(ROOT))
from lessonkit import figures, highlight, notebooks, provenance, templates, translations  # noqa: E402
from lessonkit.pages import DOCS, Page, PageError, read_page, selected, url_of  # noqa: E402
from mkdocs.structure.files import InclusionLevel  # noqa: E402
FIGURES_URI = "assets/figures"
LUNR_LANGUAGES = Path(__import__("material").__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"

log = logging.getLogger("mkdocs.hooks.lessonkit")


class QuizLanguageFilter(logging.Filter):
    """mkdocs-quiz warns, and so fails the strict build, for a language it ships no strings
    for, even when mkdocs.yml gives it ours (custom_translations) or maps it to another of
    its languages (language_patterns, e.g. pt -> pt-BR, which leaves only English pages that
    fell back into that language's build). Those warnings, and only those, are dropped."""

    def __init__(self, handled: set[str]):
        super().__init__()
        self.handled = handled

    def filter(self, record):
        match = re.match(r"Built-in translation for '([^']+)' not found", record.getMessage())
        return not (match and match.group(1) in self.handled)


@event_priority(50)  # before Material's search reads its settings (0) and mkdocs-static-i18n (-100)
def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    """LESSON_LANGUAGES=en,es builds only those languages (see lessonkit/pages.py)."""
    highlight.replace_highlight(config.markdown_extensions, config.mdx_configs)
    templates.theme_environment(config.theme)
    search = config.plugins.get("material/search")
    if search is not None and not (selected("zh") or selected("ja")):
        # jieba's dictionary (a second to load, for the lesson's Chinese terms) segments Han
        # characters for the index: a build without Chinese or Japanese has none.
        search.config.jieba_dict_user = None
    i18n = config.plugins.get("i18n")
    for language in i18n.config.languages if i18n else []:
        if not selected(language.locale, language.default):
            language.build = False
    quiz = config.plugins.get("mkdocs_quiz")
    if quiz is not None:
        handled = set(quiz.config["custom_translations"]) | {
            p["pattern"].split("/")[0] for p in quiz.config["language_patterns"]}
        quiz_log = logging.getLogger("mkdocs.plugins.mkdocs_quiz")
        quiz_log.filters = [f for f in quiz_log.filters if not isinstance(f, QuizLanguageFilter)]
        quiz_log.addFilter(QuizLanguageFilter(handled))
        parse_quiz_strings_once()
    return config


def parse_quiz_strings_once() -> None:
    """mkdocs-quiz parses its .po file again for every quiz of every page (288 times in an
    eight-language build, about a tenth of it). It has no public way to share the strings,
    so its parser (TranslationManager._parse_po_file, private) is wrapped with a cache keyed
    on the file and its modification time: an edited .po file is read again."""
    from mkdocs_quiz.translations import TranslationManager
    parse = TranslationManager._parse_po_file
    if getattr(parse, "cached_by_lessonkit", False):
        return
    parsed: dict[tuple[str, int], dict[str, str]] = {}

    def parse_once(manager, po_path: Path) -> dict[str, str]:
        key = (str(po_path), po_path.stat().st_mtime_ns)
        if key not in parsed:
            parsed[key] = parse(manager, po_path)
        return dict(parsed[key])  # the manager updates what it gets with the custom strings

    parse_once.cached_by_lessonkit = True
    TranslationManager._parse_po_file = parse_once


def make_figures(script: Path) -> Path:
    try:
        return figures.make(script)
    except figures.FigureError as error:
        raise PluginError(str(error)) from error


_figures: dict[str, Path] = {}  # figure file name -> made file; kept across the per-language builds
_notebooks: dict[str, Path] = {}  # notebook name -> executed .ipynb
_runs: dict[str, provenance.Run] = {}  # notebook name -> what executed it
_gpu_record: dict[str, dict | None] = {}  # "record": .ci/gpu-proof.json, read once per build
_status_table: dict[str, str] = {}  # the translation status page's table, once per build
_notebook_frameworks: dict[str, list[str]] = {}  # notebook name -> the frameworks its cells use
_pages: dict[str, tuple[Page, set[str]]] = {}  # source page with code -> (page, notebooks that ran its blocks)
_downloads: dict[str, str] = {}  # downloads/<snippet path> -> file content


def build_notebook(source: Path) -> Path:
    try:
        return notebooks.build(source, log=log.info)
    except PageError as error:
        raise PluginError(str(error)) from error


# ------------------------------------------------------------------ `mkdocs serve` previews
# A fresh clone has no executed notebooks and no figures: made first, they would keep
# `mkdocs serve` from showing any page for minutes. Under serve, what is not cached yet is
# made beside the server instead, and a preview stands in for it (the notebook without
# outputs, a blank figure, a line saying so); when it is made, a file written into
# SIGNALS makes serve rebuild, and the browser reloads. `mkdocs build` never previews.

SIGNALS = ROOT / ".cache" / "serve-signals"
PREVIEWS = ROOT / ".cache" / "previews"
FIGURE_LINK = re.compile(r"assets/figures/([\w.-]+\.png)")
# A 1x1 transparent PNG: the stand-in for a figure still being made.
BLANK_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                          "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082")
_serving = False
_background: ThreadPoolExecutor | None = None
_made_beside: dict[str, Future] = {}  # cache path -> its making under serve
# Until the first build is served, the making waits here: on two cores, notebooks executing
# beside the first build would slow it down as much as they would delay it.
_waiting: dict[str, object] = {}  # cache path -> the work that makes it


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_shutdown() -> None:
    """Serve stopped (Ctrl-C): drop what was queued; a notebook already running finishes first."""
    _waiting.clear()
    if _background is not None:
        _background.shutdown(wait=False, cancel_futures=True)


def on_serve(server, *, config: MkDocsConfig, builder):
    SIGNALS.mkdir(parents=True, exist_ok=True)
    server.watch(str(SIGNALS))
    return server


def made_beside(target: Path, work) -> None:
    """Have `work` (which makes `target`) done beside the server, once, from the end of the
    first build on; serve rebuilds when it is done. A failure fails the next rebuild."""
    key = str(target)
    if key not in _made_beside:
        if _background is None:  # the first build is not served yet
            _waiting.setdefault(key, work)
            return
        _start_beside(key, work)
    future = _made_beside[key]
    if future.done() and future.exception() is not None:
        raise PluginError(str(future.exception()))


def _start_beside(key: str, work) -> None:
    def signal(_):
        SIGNALS.mkdir(parents=True, exist_ok=True)
        (SIGNALS / hashlib.sha256(key.encode()).hexdigest()[:16]).write_text(str(time.time()))
    _made_beside[key] = _background.submit(work)
    _made_beside[key].add_done_callback(signal)


def start_waiting_work() -> None:
    """The first build is done and about to be served: start what it left to make."""
    global _background
    if _background is None:
        _background = ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    for key, work in _waiting.items():
        if key not in _made_beside:
            _start_beside(key, work)
    _waiting.clear()


def notebook_or_preview(source: Path) -> Path:
    executed = notebooks.executed_path(source)
    if notebooks.is_executed(executed):
        return executed
    made_beside(executed, functools.partial(build_notebook, source))
    preview = PREVIEWS / "notebooks" / f"{source.stem}.ipynb"
    preview.parent.mkdir(parents=True, exist_ok=True)
    notebooks.write_preview(source, preview)
    return preview


def figures_or_later(script: Path) -> Path | None:
    """The script's figure folder, or None while it is being made beside the server."""
    if figures.is_made(script):
        return figures.folder(script)
    made_beside(figures.folder(script), functools.partial(make_figures, script))
    return None


def blank_figures(made: dict[str, Path]) -> dict[str, Path]:
    """A blank stand-in for every figure the pages show that is not made yet."""
    shown = {name for page in (DOCS / translations.SOURCE).rglob("*.md")
             for name in FIGURE_LINK.findall(page.read_text(encoding="utf-8"))}
    blanks = {}
    for name in sorted(shown - set(made)):
        blank = PREVIEWS / "figures" / name
        blank.parent.mkdir(parents=True, exist_ok=True)
        blank.write_bytes(BLANK_PNG)
        blanks[name] = blank
    return blanks


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Figures, notebooks, provenance and downloads: made once per build, in the source
    language's pass. mkdocs-static-i18n builds the other languages afterwards, inside that
    pass's on_post_build, from the same snippets, so they reuse what it made."""
    i18n = config.plugins.get("i18n")
    if i18n and i18n.current_language != i18n.default_language and _notebooks:
        return
    _status_table.clear()
    scripts, sources = figures.scripts(), notebooks.sources()
    if _serving:
        executed = [notebook_or_preview(source) for source in sources]
        folders = [figures_or_later(script) for script in scripts]
    else:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            executed = pool.map(build_notebook, sources)
            folders = list(pool.map(make_figures, scripts))
            executed = list(executed)
    _notebooks.clear()
    _notebooks.update({source.stem: path for source, path in zip(sources, executed)})
    collect_provenance(config)
    _figures.clear()
    for script, folder in zip(scripts, folders):
        for png in sorted(folder.glob("*.png")) if folder else []:
            if png.name in _figures and _figures[png.name] != png:
                raise PluginError(f"two snippets write the figure {png.name}: rename one")
            _figures[png.name] = png
    if _serving:
        _figures.update(blank_figures(_figures))


def collect_provenance(config):
    """Which notebooks ran each page's blocks, and the download file of each block."""
    _runs.clear()
    _runs.update({name: provenance.run_of(path) for name, path in _notebooks.items()})
    _gpu_record["record"] = provenance.gpu_record()
    read = {source.stem: notebooks.as_page(source) for source in notebooks.sources()}
    cells = {name: {block.code.strip() for block in page.blocks} for name, page in read.items()}
    _notebook_frameworks.clear()
    _notebook_frameworks.update({name: provenance.frameworks_used(page.blocks) for name, page in read.items()})
    _pages.clear()
    _downloads.clear()
    source = translations.SOURCE
    for path in sorted((DOCS / source).rglob("*.md")):
        page = read_page(path)
        if not page.blocks:
            continue
        covering, missing = provenance.covering_notebooks(page, cells)
        if missing:  # the line would claim more than ran: stop rather than publish it
            raise PluginError(f"{missing[0].where}: this code block is in no notebook, so no build runs it "
                              "and the page cannot say what it was tested with: add it to a notebook")
        _pages[page.name] = (page, covering)
        for block in page.blocks:
            holder = next(name for name in sorted(covering) if provenance.runs_in(block, cells[name]))
            _downloads[f"downloads/{block.includes[-1]}"] = download_text(block, _runs[holder], config)


def download_text(block, run: provenance.Run | None, config) -> str:
    name = block.includes[-1]
    if run is None:  # a notebook not executed yet, under mkdocs serve
        return f"# {Path(name).name}: a preview, not executed yet.\n\n" + block.code
    used = provenance.frameworks_used([block])
    versions = ", ".join([f"Python {run.python}"] + [f"{provenance.FRAMEWORKS[f]} {run.packages[f]}"
                                                     for f in used if f in run.packages])
    before = ", ".join(f"snippets/{i}" for i in block.includes[:-1])
    return (f"# {Path(name).name}: an example of the lesson \"{config.site_name}\", snippets/{name}"
            + (f",\n# after the lines it builds on ({before})" if before else "") + ".\n"
            f"# Tested with {versions}, on {run.device}, {run.date}. Run it with: python {Path(name).name}\n\n"
            + block.code)


class NotebookPage(File):
    """A documentation page whose source is an executed .ipynb (rendered by mkdocs-jupyter)."""

    def is_documentation_page(self):
        return True


class Alternate:
    def __init__(self, url: str):
        self.url = url


@event_priority(-150)  # after mkdocs-static-i18n (-100) has made this language's file list
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for name, png in _figures.items():
        files.append(File.generated(config, f"{FIGURES_URI}/{name}", abs_src_path=str(png)))
    for uri, content in _downloads.items():
        files.append(File.generated(config, uri, content=content))
    i18n = config.plugins.get("i18n")
    lang = i18n.current_language if i18n else "en"
    for name, executed in _notebooks.items():
        # src_uri in the language folder, so that a page's link notebooks/NAME.ipynb resolves.
        page = NotebookPage(f"{lang}/notebooks/{name}.ipynb", src_dir=None, dest_dir=config.site_dir,
                            use_directory_urls=config.use_directory_urls,
                            dest_uri=f"{url_of(lang, f'notebooks/{name}')}index.html", inclusion=InclusionLevel.NOT_IN_NAV)
        # MkDocs has no public way to make a File read its content from a new abs_src_path
        # again: _content is what File.content_bytes caches.
        page.abs_src_path, page.generated_by, page._content = str(executed), "lessonkit", None
        # What mkdocs-static-i18n reads to point the language selector at this notebook.
        page.locale = page.localization = page.locale_alternate_of = lang
        page.norm_src_uri = f"notebooks/{name}.ipynb"
        page.alternates = {code: Alternate(url_of(code, f"notebooks/{name}"))
                           for code in (i18n.build_languages if i18n else [lang])}
        files.append(page)
    return files


_search_settings: dict[str, dict] = {}  # language -> its settings, read from Material's installed files


def search_settings(config, lang: str) -> dict:
    """Material's own search settings for a language: its lunr language, and the separator
    that splits its words (for Chinese, the zero-width spaces jieba's segmentation puts in)."""
    if lang not in _search_settings:  # once per build (MkDocs runs this file again for each serve rebuild)
        _search_settings[lang] = material_search_settings(config, lang)
    return _search_settings[lang]


def material_search_settings(config, lang: str) -> dict:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    original = config.theme["language"]
    config.theme["language"] = lang
    try:
        # Material offers no public call for its search settings in another language than
        # the build's: _translate is the one its search plugin uses itself.
        pipeline = search._translate(config, "search.config.pipeline")
        lunr = search._translate(config, "search.config.lang")
        # Material's Arabic strings name no lunr language, so its index would use English
        # rules, whose trimmer strips every non-ASCII letter. Material ships lunr.ar: use it.
        # (Chinese stays as Material sets it: lunr.zh needs jieba in JavaScript, so Chinese
        # is segmented by jieba at build time instead, see search.jieba_dict_user.)
        if lunr == "en" and lang not in ("en", "zh") and (LUNR_LANGUAGES / f"lunr.{lang}.min.js").exists():
            lunr = lang
        return {
            "lang": [lunr],
            "separator": search._translate(config, "search.config.separator"),
            "pipeline": [step for step in re.split(r"\s*,\s*", pipeline) if step.strip()],
        }
    finally:
        config.theme["language"] = original


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every language and merged the index
def on_post_build(*, config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:  # an inner, per-language build: the merge comes later
        return
    if _serving:
        start_waiting_work()
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if i18n is None or not index_path.exists():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    default = i18n.default_language
    others = [lang for lang in i18n.build_languages if lang != default]
    for lang in [default, *others]:
        prefix = url_of(lang)
        docs = []
        for doc in index["docs"]:
            owner = next((o for o in others if doc["location"].startswith(f"{o}/")), default)
            if owner == lang:
                docs.append({**doc, "location": doc["location"][len(prefix):]})
        target = Path(config.site_dir, prefix, "search", "search_index.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        own_config = {**index["config"], **search_settings(config, lang)}
        target.write_text(json.dumps({"config": own_config, "docs": docs}, ensure_ascii=False), encoding="utf-8")
        log.info(f"search index for '{lang}': {len(docs)} entries in {target.relative_to(config.site_dir)}")


@event_priority(-100)  # after mkdocs-static-i18n has set the page's own alternates
def on_page_context(context: TemplateContext, *, page: MkPage, config: MkDocsConfig,
                    nav: Navigation) -> TemplateContext:
    # Material's search (priority 0) has indexed the span-less HTML: the page shows its own.
    # (That plugin also drops data-search-* attributes from what it read; these pages have none.)
    page.content = _shown_html.pop(page.file.abs_dest_path, page.content)
    root = urlsplit(config.site_url or "").path or "/"
    for alternate in getattr(config.extra, "alternate", None) or []:  # i18n sets it as an attribute
        link = alternate["link"]
        if link.startswith(root):
            alternate["link"] = link[len(root):] or "./"
    return context


OUTDATED_NOTICE = "This translation is older than the English page, which has changed since."
ENGLISH_LINK = "Read the English page"


DOWNLOAD_NOTEBOOK = "Download this notebook (.ipynb)"


def strings(config, key: str, lang: str) -> dict | str:
    """A string of mkdocs.yml's extra, in the page's language (English when it has none)."""
    by_language = (config.extra or {}).get(key, {})
    return by_language.get(lang, by_language.get(translations.SOURCE))


PREVIEW_LINE = ("Preview: some examples of this page are still being executed by <code>mkdocs serve</code>; "
                "the page reloads when they are done.")


def provenance_html(config, lang: str, runs: list[provenance.Run | None], frameworks: list[str],
                    source_rel: str) -> str:
    if None in runs:  # a notebook not executed yet, under mkdocs serve
        return f'<p class="provenance">{PREVIEW_LINE}</p>\n'
    text = strings(config, "provenance", lang)
    cpu = provenance.cpu_line(runs, frameworks, text["cpu"])
    gpu = provenance.gpu_line(_gpu_record["record"], source_rel, text["gpu"], text["no_gpu"])
    return f'<p class="provenance">{cpu} {gpu}</p>\n'


def after_title(html: str, inserted: str) -> str:
    end = html.find("</h1>")
    return html[: end + 5] + "\n" + inserted + html[end + 5:] if end >= 0 else inserted + html


SNIPPET_BLOCK = re.compile(r'<span class="filename">snippets/(?P<name>[\w/.-]+\.py)</span><pre.*?</pre></div>', re.S)


def with_downloads(html: str, page, config, lang: str, source_page: Page) -> str:
    """Under each snippet's block: its download, and what the GPU proof saw where that
    differs from the CPU's output shown on the page."""
    from mkdocs.utils import get_relative_url

    text = strings(config, "provenance", lang)
    label = text["download"]
    record = _gpu_record["record"]
    shortfalls = provenance.gpu_shortfalls(record, source_page)

    def link(match):
        uri = f"downloads/{match['name']}"
        if uri not in _downloads:
            return match.group(0)
        file_name = Path(match["name"]).name
        href = get_relative_url(uri, page.url)
        shown = (match.group(0) + f'\n<p class="snippet-download"><a href="{href}" download="{file_name}">'
                 f'{label.format(name=file_name)}</a></p>')
        if entry := shortfalls.get(match["name"]):
            said = text["gpu_differs" if entry["outcome"] == "output differs" else "gpu_failed"]
            shown += (f'\n<details class="gpu-shortfall info"><summary>'
                      f'{escape(said.format(device=record["device"], date=record["date"]))}</summary>'
                      f'<pre><code>{escape(entry.get("detail", entry["outcome"]))}</code></pre></details>')
        return shown

    return SNIPPET_BLOCK.sub(link, html)


@event_priority(-100)  # after the other plugins: the page as it will be shown
def on_page_content(html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
    return for_search(with_lesson_parts(html, page, config), page)


# Material's search reads each page's HTML (page.content) in its on_page_context with
# Python's html.parser, and most of a page's tags are the spans Pygments wraps around each
# token of a code block: about a third of an eight-language build. The same text without
# them gives the same index. So the page's content is the span-less HTML while the search
# plugin reads it, and on_page_context (after it) puts the page's own HTML back. A page
# left out of the index (a notebook's, 600 KB) is not read, only scanned for data-search-*
# attributes to drop, which these pages do not have: search gets an empty page instead.
CODE = re.compile(r"<pre\b.*?</pre>", re.S)
SPAN = re.compile(r"</?span\b[^>]*>")
_shown_html: dict[str, str] = {}  # the page's HTML while search reads another, by output file


def for_search(html: str, page: MkPage) -> str:
    _shown_html[page.file.abs_dest_path] = html
    if (page.meta.get("search") or {}).get("exclude"):
        return ""
    return CODE.sub(lambda code: SPAN.sub("", code.group(0)), html)


def with_lesson_parts(html: str, page: MkPage, config: MkDocsConfig) -> str:
    """The notebook download, the provenance line, the blocks' downloads and GPU notes, and
    the notice on an outdated translation."""
    from mkdocs.utils import get_relative_url

    lang, _, name = page.file.src_uri.partition("/")
    if isinstance(page.file, NotebookPage):
        label = strings(config, "download_notebook", lang) or DOWNLOAD_NOTEBOOK
        source = Path(page.file.abs_src_path).name  # copied beside the page by mkdocs-jupyter
        notebook = Path(page.file.abs_src_path).stem
        stamp = provenance_html(config, lang, [_runs[notebook]], _notebook_frameworks[notebook],
                                f"snippets/notebooks/{notebook}.py")
        return (f'<p class="notebook-download"><a href="{source}" download>{label}</a></p>\n' + stamp
                + linked_styles(html, page, config))
    if name in _pages:
        source_page, covering = _pages[name]
        html = after_title(html, provenance_html(config, lang, [_runs[n] for n in sorted(covering)],
                                                 provenance.frameworks_used(source_page.blocks),
                                                 f"docs/{translations.SOURCE}/{name}"))
        html = with_downloads(html, page, config, lang, source_page)
    if not translations.is_outdated(lang, name):
        return html
    english_url = page.url[len(lang) + 1:]  # the source language is served from the site's root
    extra = config.extra or {}
    notice = extra.get("outdated_notice", OUTDATED_NOTICE)
    link_text = extra.get("english_link", ENGLISH_LINK)
    href = get_relative_url(english_url, page.url)
    status_href = get_relative_url(f"{lang}/{STATUS_PAGE.removesuffix('.md')}/", page.url)
    status_text = extra.get("status_link", STATUS_LINK)
    return (f'<div class="admonition warning outdated-translation"><p class="admonition-title">{notice}</p>'
            f'<p><a href="{href}" hreflang="{translations.SOURCE}">{link_text}</a> · '
            f'<a href="{status_href}">{status_text}</a></p></div>\n' + html)


NOTEBOOK_STYLES = "assets/notebooks"
_style_uris: dict[str, str] = {}  # a stylesheet's CSS -> its file's URI (hashed once)


def linked_styles(html: str, page: MkPage, config: MkDocsConfig) -> str:
    """mkdocs-jupyter writes the same 600 KB of CSS into every notebook page, as <style>
    elements: half of each page's weight, for the reader to download again on every
    notebook, and for every plugin that reads the page to scan again in every language.
    Each becomes a stylesheet link, at the same place (so the cascade is the same), to one
    file per distinct stylesheet, named by its content so that a changed one is fetched."""
    from mkdocs.utils import get_relative_url

    parts, done = [], 0
    # str.find, not a regular expression: a lazy match through 600 KB took 9 ms a page.
    while (start := html.find("<style", done)) >= 0:
        css_start = html.index(">", start) + 1
        css_end = html.index("</style>", css_start)
        css = html[css_start:css_end]
        if css not in _style_uris:
            _style_uris[css] = f"{NOTEBOOK_STYLES}/{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
        uri = _style_uris[css]
        target = Path(config.site_dir) / uri
        if not target.exists():  # the first notebook page of this build (serve cleans the site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")
        parts += [html[done:start], f'<link rel="stylesheet" href="{get_relative_url(uri, page.url)}">']
        done = css_end + len("</style>")
    return "".join(parts) + html[done:]


STATUS_PAGE = "translation-status.md"
STATUS_LINK = "Translation status of every page"
STATUS_MARKER = "<!-- translation status table -->"


@event_priority(50)  # before mkdocs-quiz (0) reads the page's quiz setting
def on_page_markdown(markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
    """The translation status page's table, from the same data as `translations status`.

    Notebook pages stay out of the search index (Material's `search: exclude` page setting):
    they are the same English notebook in every language, so a reader's search would find
    English pages (and each one twice, with the lesson page it repeats); indexing their
    deep HTML was also half of each language's build time.

    mkdocs-quiz writes its stylesheet and script (55 KB, most of a lesson page without code)
    into every page unless the page's own `quiz: {enabled: false}` says otherwise: a page
    without a quiz gets that setting here, so translators need not write it."""
    if "<quiz>" not in markdown and "mkdocs-quiz" not in markdown:
        page.meta.setdefault("quiz", {"enabled": False})
    if isinstance(page.file, NotebookPage):
        page.meta["search"] = {"exclude": True}
        return markdown
    if not page.file.src_uri.endswith(f"/{STATUS_PAGE}") or STATUS_MARKER not in markdown:
        return markdown
    if "table" not in _status_table:  # the same table in every language: made once per build
        _status_table["table"] = status_table()
    return markdown.replace(STATUS_MARKER, _status_table["table"])


def status_table() -> str:
    report = translations.status(translations.target_languages())
    pages = translations.source_pages()
    langs = list(dict.fromkeys(entry.lang for entry in report))
    cell = {(e.lang, e.name): e for e in report}
    rows = ["| Page | " + " | ".join(langs) + " |", "|---|" + "---|" * len(langs)]
    for name in pages:
        cells = []
        for lang in langs:
            entry = cell[(lang, name)]
            changed = translations.english_change_date(name) if entry.state == "outdated" else None
            cells.append(entry.state + (f" (English changed {changed})" if changed else ""))
        rows.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(rows)
