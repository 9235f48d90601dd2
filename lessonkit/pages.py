"""Read the lesson's pages as the site renders them, and as a reader would run them.

Snippet includes are expanded by pymdownx.snippets itself, with the settings in
mkdocs.yml; fences are extracted by pytest-codeblocks. On top of that this module
closes the traps of running blocks with pytest-codeblocks alone: a fence whose info
string is not exactly `python` (```` ```py ````, `~~~`) is an error, not a silent skip,
and every block keeps the line of the page it came from.
"""

from __future__ import annotations

import functools
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import yaml
from pytest_codeblocks.main import extract_from_buffer

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS_YML = ROOT / "mkdocs.yml"

# Fences the harness runs, and fences that only show what a python block printed.
RUN_LANGUAGE = "python"
OUTPUT_LANGUAGE = "text"
TAB_HEADER = re.compile(r'^(?P<indent>\s*)===[+!]*\s+"(?P<label>[^"]*)"')
TILDE_FENCE = re.compile(r"^\s*~~~")
BLOCK_SNIPPET = re.compile(r"^\s*-{1,}8<-{1,}\s*$")  # the multi-line form of an include
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(?P<path>[^"]+)"')

# Sites the lesson sends readers to. Links elsewhere fail the tests (they cannot be checked
# offline) and are dropped when a machine-translated page is imported.
ALLOWED_HOSTS = {
    "pytorch.org",
    "www.tensorflow.org",
    "keras.io",
    "lightning.ai",
    "en.wikipedia.org",
}


class PageError(Exception):
    """A page the harness cannot run as written; the message starts with file:line."""


@dataclass
class Block:
    page: str  # path relative to the repository, e.g. docs/es/frameworks.md
    line: int  # line of the opening fence in that page
    code: str
    expected_output: str | None
    tab: str | None  # label of the content tab the block sits in, if any
    includes: list[str] = field(default_factory=list)  # snippet files the code came from

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    def signature(self) -> tuple:
        """What must be identical between a translation and its English source."""
        return (self.code, self.expected_output, self.tab)


@dataclass
class Page:
    path: Path
    lang: str
    name: str  # path inside the language folder, e.g. frameworks.md
    blocks: list[Block]

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    def reader_paths(self) -> dict[str, list[Block]]:
        """The blocks a reader runs, top to bottom, having chosen one framework tab.

        Blocks outside any tab belong to every path. A page without tabs has one path.
        """
        labels = list(dict.fromkeys(b.tab for b in self.blocks if b.tab is not None))
        if not labels:
            return {"page": list(self.blocks)} if self.blocks else {}
        return {label: [b for b in self.blocks if b.tab in (None, label)] for label in labels}


@functools.lru_cache(maxsize=1)
def mkdocs_config():
    """The validated configuration, plugins loaded: for tests that read a plugin's settings."""
    from mkdocs.config import load_config
    return load_config(str(MKDOCS_YML))


# LESSON_LANGUAGES=en (a comma-separated list) limits the build and the tests to those
# languages; the benchmark uses it to measure what translations cost.
ONLY = "LESSON_LANGUAGES"


def selected(locale: str, default: bool = False) -> bool:
    only = os.environ.get(ONLY)
    return default or not only or locale in only.split(",")


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing what its !!python tags name."""


_MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@functools.lru_cache(maxsize=None)
def raw_config(root: Path = ROOT) -> dict:
    """root/mkdocs.yml as plain data. Unlike load_config, reading it validates no plugin:
    it is safe from the build's own threads (a second load_config running there at the same
    time makes MkDocs count each plugin twice and warn), and needs no plugin installed."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYamlLoader)


def configured_languages(root: Path = ROOT) -> list[dict]:
    """The i18n plugin's `languages:` in root/mkdocs.yml: the one list of the site's languages."""
    i18n = next(p["i18n"] for p in raw_config(root)["plugins"] if isinstance(p, dict) and "i18n" in p)
    return i18n["languages"]


def snippets_settings() -> dict:
    """pymdownx.snippets' settings under markdown_extensions in mkdocs.yml."""
    for extension in raw_config()["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return extension["pymdownx.snippets"] or {}
    return {}


def source_language(root: Path = ROOT) -> str:
    """The default locale in mkdocs.yml: the language every translation follows."""
    return next(lang["locale"] for lang in configured_languages(root) if lang.get("default"))


def url_of(lang: str, name: str = "index") -> str:
    """Where page NAME (its path under the language folder, without .md) of LANG is served,
    relative to the site root: ("es", "overfitting") -> "es/overfitting/", ("en", "index")
    -> "" (the source language sits at the root, as mkdocs-static-i18n builds it)."""
    prefix = "" if lang == source_language() else f"{lang}/"
    return prefix + ("" if name == "index" else f"{name}/")


def built_file(site: Path, lang: str, name: str = "index", file: str = "index.html") -> Path:
    """The file of page NAME of LANG in a built site (or FILE beside it, e.g. "search/search_index.json")."""
    return site / url_of(lang, name) / file


def languages() -> list[str]:
    """Built locales (those LESSON_LANGUAGES selects), the source language first, then by code."""
    source = source_language()
    built = [lang["locale"] for lang in configured_languages()
             if lang.get("build", True) and selected(lang["locale"], lang["locale"] == source)]
    return sorted(built, key=lambda locale: (locale != source, locale))


def snippet_preprocessor():
    """pymdownx.snippets configured exactly as in mkdocs.yml (base paths made absolute)."""
    settings = dict(snippets_settings())
    bases = settings.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else bases
    settings["base_path"] = [str(ROOT / base) for base in bases]
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": settings})
    return md.preprocessors["snippet"]


def expand(path: Path) -> tuple[list[str], list[int], list[list[str]]]:
    """Expand snippet includes line by line, remembering the page line of each result line
    and which snippet files it came from."""
    rel = path.relative_to(ROOT).as_posix()
    preprocessor = snippet_preprocessor()
    lines, origin, includes = [], [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if BLOCK_SNIPPET.match(raw):
            raise PageError(f"{rel}:{number}: multi-line snippet blocks are not supported; "
                            'include each file on its own line: --8<-- "file.py"')
        if TILDE_FENCE.match(raw):
            raise PageError(f"{rel}:{number}: '~~~' fence: write code fences with backticks")
        try:
            expanded = preprocessor.run([raw])
        except Exception as error:  # SnippetMissingError and friends
            raise PageError(f"{rel}:{number}: snippet include failed: {error}") from error
        include = INCLUDE.match(raw)
        for line in expanded:
            lines.append(line)
            origin.append(number)
            includes.append([include["path"]] if include else [])
    return lines, origin, includes


def enclosing_tab(raw_lines: list[str], fence_line: int) -> str | None:
    """Label of the innermost content tab around the fence on (1-based) fence_line."""
    fence = raw_lines[fence_line - 1]
    min_indent = len(fence) - len(fence.lstrip())
    for raw in reversed(raw_lines[: fence_line - 1]):
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        if indent >= min_indent:
            continue
        tab = TAB_HEADER.match(raw)
        if tab:
            return tab["label"]
        if indent == 0:
            return None
        min_indent = indent
    return None


def read_page(path: Path) -> Page:
    rel = path.relative_to(ROOT).as_posix()
    lang, name = path.relative_to(DOCS).parts[0], "/".join(path.relative_to(DOCS).parts[1:])
    lines, origin, includes = expand(path)
    raw_lines = path.read_text(encoding="utf-8").splitlines()
    try:
        extracted = extract_from_buffer(io.StringIO("\n".join(lines) + "\n"))
    except RuntimeError as error:
        raise PageError(f"{rel}: {error}") from error

    blocks = []
    for found in extracted:
        page_line = origin[found.lineno - 1]
        info = (found.syntax or "").split()
        language = info[0] if info else ""
        if found.marks or found.importorskip:
            raise PageError(f"{rel}:{page_line}: pytest-codeblocks skip/xfail markers are not allowed: "
                            "every block of the lesson runs")
        if language == OUTPUT_LANGUAGE:
            raise PageError(f"{rel}:{page_line}: output block with no "
                            "<!-- pytest-codeblocks:expected-output --> marker after a python block")
        if language != RUN_LANGUAGE:
            raise PageError(f"{rel}:{page_line}: fence info string {found.syntax!r}: the harness runs "
                            f"```{RUN_LANGUAGE} blocks only (use ```{RUN_LANGUAGE}, or ```{OUTPUT_LANGUAGE} "
                            "after an expected-output marker)")
        end = found.lineno + found.code.count("\n")
        block_includes = list(dict.fromkeys(p for i in range(found.lineno, min(end, len(includes))) for p in includes[i]))
        blocks.append(Block(rel, page_line, found.code, found.expected_output,
                            enclosing_tab(raw_lines, page_line), block_includes))
    return Page(path, lang, name, blocks)


def page_paths(lang: str | None = None) -> list[Path]:
    langs = [lang] if lang else languages()
    return [p for code in langs for p in sorted((DOCS / code).rglob("*.md"))]
