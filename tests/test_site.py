"""The built site: strict build, every code block executed, one search index per language,
nothing loaded from a third-party host, a language selector that keeps the page."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from lessonkit.harness import PageError, all_pages, load_page
from lessonkit.pages import DOCS, ROOT, languages, built_file, source_language, url_of
from lessonkit.translations import source_pages

LINK_WARNING = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a link|an absolute link) '(?P<link>[^']+)'")


def locate_warning(line: str) -> str:
    """Turn MkDocs' 'Doc file X contains a link Y' into docs/X:LINE so the fix is one click away."""
    match = LINK_WARNING.search(line)
    if not match:
        return line
    doc = DOCS / match["file"]
    target = match["link"]
    for number, text in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        if target in text:
            return f"docs/{match['file']}:{number}: dead link '{target}' ({line.strip()})"
    return f"docs/{match['file']}: {line.strip()}"


DEFAULT = source_language()


def html_path(site: Path, rel: str) -> Path:
    """docs/es/overfitting.md -> site/es/overfitting/index.html (the default language at the root)."""
    lang, *parts = Path(rel).relative_to("docs").parts
    return built_file(site, lang, "/".join(parts)[: -len(".md")])


class Tags(HTMLParser):
    """Collects (tag, attributes) of every start tag, and the tags inside the article."""

    def __init__(self):
        super().__init__()
        self.tags, self.article_tags, self._depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "article":
            self._depth += 1
        elif self._depth:
            self.article_tags.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "article" and self._depth:
            self._depth -= 1


def parse(path: Path) -> Tags:
    tags = Tags()
    tags.feed(path.read_text(encoding="utf-8"))
    return tags


def test_build_is_strict_and_clean(built_site):
    problems = [locate_warning(line) for line in built_site.log.splitlines()
                if re.search(r"\b(WARNING|ERROR)\b", line)]
    assert built_site.returncode == 0 and not problems, (
        "mkdocs build --strict failed:\n" + "\n".join(problems or built_site.log.splitlines()[-30:]))


@pytest.mark.parametrize("rel", all_pages())
def test_every_code_block_on_the_page_was_executed(rel, built_site, harness):
    """Each <pre> in the built page is a block the suite ran, or the output it checked (or,
    in a note under a block, what the GPU proof's record says it printed there)."""
    page_html = html_path(built_site.site, rel)
    assert page_html.exists(), f"{rel}: not built ({page_html} missing)"
    tags = parse(page_html).article_tags
    gpu_notes = sum(1 for tag, attrs in tags if tag == "details" and "gpu-shortfall" in (attrs.get("class") or ""))
    shown = sum(1 for tag, _ in tags if tag == "pre") - gpu_notes
    page = load_page(rel)
    executed = 0 if isinstance(page, PageError) else harness.executed_block_count(page)
    assert shown == executed, (
        f"{rel}: the built page shows {shown} code blocks but the suite executed or checked {executed}"
        + (f": {page}" if isinstance(page, PageError) else ""))


def search_index(site: Path, lang: str) -> dict:
    path = built_file(site, lang, file="search/search_index.json")
    assert path.exists(), f"no search index for '{lang}' at {path}"
    return json.loads(path.read_text(encoding="utf-8"))


def page_titles(lang: str) -> dict[str, str]:
    titles = {}
    for path in sorted((DOCS / lang).rglob("*.md")):
        heading = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
        titles[path.relative_to(DOCS / lang).as_posix()] = re.sub(r"\s*\{[^}]*\}\s*$", "", heading.group(1)).strip()
    return titles


@pytest.mark.parametrize("lang", languages())
def test_search_finds_only_pages_of_the_reader_language(lang, built_site):
    index = search_index(built_site.site, lang)
    root = built_site.site / url_of(lang)
    assert len(index["config"]["lang"]) == 1  # this language's own lunr settings, not all of them
    assert index["docs"], f"the '{lang}' search index is empty"
    for doc in index["docs"]:
        target = root / doc["location"].split("#")[0] / "index.html"
        assert target.exists(), f"'{lang}' index entry {doc['location']} points at nothing ({target})"
    # Material segments Han characters with jieba, marking word breaks with zero-width spaces.
    indexed_titles = {doc["title"].replace("\u200b", "") for doc in index["docs"]}
    own = page_titles(lang)
    translated = set(source_pages())  # pages left in English (the translators' guide) are exempt
    for other in languages():
        if other == lang:
            continue
        for name, title in page_titles(other).items():
            if name in translated and title != own.get(name):
                assert title not in indexed_titles, (
                    f"docs/{other}/{name}: its title '{title}' is in the '{lang}' search index")
    for name, title in own.items():
        assert title in indexed_titles, f"docs/{lang}/{name}: title '{title}' missing from its search index"
    # The page tells the search worker to read this language's index.
    html = html_path(built_site.site, f"docs/{lang}/index.md").read_text(encoding="utf-8")
    if lang == DEFAULT:
        assert "settings.base + " not in html
    else:
        assert f'settings.base + "/{lang}/"' in html


@pytest.mark.parametrize("lang", languages())
def test_search_finds_every_code_block_as_it_is_written(lang, built_site):
    """A reader can search for a line of code. The index is made from the code without
    Pygments' spans (hooks.for_search): the text must come out whole, character for character."""
    import html
    index = search_index(built_site.site, lang)
    for path in sorted((DOCS / lang).glob("*.md")):
        page = load_page(path.relative_to(DOCS.parent).as_posix())
        if isinstance(page, PageError) or not page.blocks:
            continue
        stem = path.stem
        text = "\n".join(html.unescape(doc["text"]).replace("\u200b", "") for doc in index["docs"]
                         if doc["location"].split("#")[0].rstrip("/") == stem)
        for block in page.blocks:
            assert block.code.strip() in text, f"{block.where}: this block's code is not in the '{lang}' search index"


LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
          "embed": "src", "object": "data"}


def test_no_page_loads_anything_from_another_host(built_site):
    outside = []
    for html in sorted(built_site.site.rglob("*.html")):
        for tag, attrs in parse(html).tags:
            url = attrs.get(LOADED.get(tag, "")) if tag in LOADED else (
                attrs.get("href") if tag == "link" and attrs.get("rel") not in ("alternate", "canonical") else None)
            if url and urlparse(url).netloc:
                outside.append(f"{html.relative_to(built_site.site)}: <{tag}> loads {url}")
    for css in sorted(built_site.site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8")):
            outside.append(f"{css.relative_to(built_site.site)}: loads {url}")
    assert not outside, "third-party requests on page load:\n" + "\n".join(outside)


@pytest.mark.translations
@pytest.mark.parametrize("rel", all_pages())
def test_language_selector_keeps_the_reader_on_the_same_page(rel, built_site):
    page_html = html_path(built_site.site, rel)
    links = {attrs.get("hreflang"): attrs["href"] for tag, attrs in parse(page_html).tags
             if tag == "a" and attrs.get("hreflang")}
    name = "/".join(Path(rel).parts[2:])
    for lang in languages():
        assert lang in links, f"{rel}: the language selector has no entry for '{lang}'"
        target = urlparse(urljoin(page_html.as_uri(), links[lang])).path
        expected = html_path(built_site.site, f"docs/{lang}/{name}")
        resolved = Path(target) / "index.html" if target.endswith("/") else Path(target)
        assert resolved == expected, f"{rel}: '{lang}' in the selector leads to {resolved}, not {expected}"


@pytest.mark.parametrize("rel", all_pages())
def test_every_image_is_built(rel, built_site):
    page_html = html_path(built_site.site, rel)
    for tag, attrs in parse(page_html).article_tags:
        if tag == "img":
            image = Path(urlparse(urljoin(page_html.as_uri(), attrs["src"])).path)
            assert image.exists(), f"{rel}: image {attrs['src']} is not in the site"
            assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 5000, (
                f"{rel}: {attrs['src']} is not a real figure")


@pytest.mark.parametrize("rel", all_pages())
def test_only_a_page_with_a_quiz_carries_the_quiz_script(built_site, rel):
    """mkdocs-quiz's stylesheet and script (55 KB) are on the quiz pages, not on every page."""
    assert built_site.returncode == 0, built_site.log[-3000:]
    has_quiz = "<quiz>" in (ROOT / rel).read_text(encoding="utf-8")
    html = html_path(built_site.site, rel).read_text(encoding="utf-8")
    assert ("window.mkdocsQuizConfig" in html) == has_quiz, (
        f"{rel}: {'no' if has_quiz else 'the'} quiz script on a page {'with' if has_quiz else 'without'} a quiz")
