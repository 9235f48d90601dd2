"""Translators' tools. Run `python -m lessonkit.translations --help`.

    status [LANG...]        up to date / outdated (with the English diff) / missing, per page
    record LANG [PAGE...]   note that LANG's pages now translate the current English pages
    check [LANG...]         the quality checks the tests run, as file:line: what to fix
    import SEED LANG PAGE   turn a machine-translated page into a clean docs/LANG/PAGE
    new LANG NAME           start a language: folder, status entries, mkdocs.yml entry

Each translated page records, in its front matter, `source_hash`: the first 12 hex digits
of the SHA-256 of the English page it translates. A page whose English source has changed
since is outdated: the status shows the English diff since that version (found in git
history), and readers of the page see a notice linking to the English page.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import hashlib
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import ftfy
import yaml

from lessonkit.numbers import in_prose, written_as
from lessonkit.pages import INCLUDE, ROOT, configured_languages, selected, source_language

SOURCE = source_language()  # from mkdocs.yml, as everywhere
HASH_KEY = "source_hash"
TRANSLATION_KEYS = {HASH_KEY}  # front matter keys a translation may add to the source's

LINGUA = {"en": "ENGLISH", "es": "SPANISH", "pt": "PORTUGUESE", "fr": "FRENCH", "de": "GERMAN",
          "ja": "JAPANESE", "zh": "CHINESE", "ar": "ARABIC", "it": "ITALIAN", "ru": "RUSSIAN",
          "ko": "KOREAN", "nl": "DUTCH", "pl": "POLISH", "tr": "TURKISH", "hi": "HINDI", "uk": "UKRAINIAN"}


def docs(root: Path = ROOT) -> Path:
    return root / "docs"


# ---------------------------------------------------------------------------- vocabulary

def vocabulary_path(lang: str, root: Path = ROOT) -> Path:
    return root / "lessonkit" / "vocabulary" / f"{lang}.yml"


@functools.lru_cache(maxsize=None)
def _vocabulary(path: Path, mtime: float) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not isinstance(data.get("terms", {}), dict):
        raise SystemExit(f"{path}: expected keys decimal_separator and terms (see docs/en/translating.md)")
    return data


def vocabulary(lang: str, root: Path = ROOT) -> dict:
    """A language's number format and glossary: lessonkit/vocabulary/LANG.yml ({} when it has none)."""
    path = vocabulary_path(lang, root)
    return _vocabulary(path, path.stat().st_mtime) if path.exists() else {}


def decimal_separator(lang: str, root: Path = ROOT) -> str:
    return str(vocabulary(lang, root).get("decimal_separator", "."))


def source_hash_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def front_matter(text: str) -> tuple[dict | None, str | None, int]:
    """(data, error, number of lines the front matter takes)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, None, 0
    lines = match.group(0).count("\n")
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        return None, f"front matter is not valid YAML: {error}".replace("\n", " "), lines
    if not isinstance(data, dict):
        return None, "front matter is not a mapping of keys to values", lines
    return data, None, lines


def set_front_matter_key(text: str, key: str, value: str) -> str:
    match = FRONT_MATTER.match(text)
    line = f"{key}: {value}\n"
    if not match:
        return f"---\n{line}---\n\n{text}"
    body = match.group(1)
    if re.search(rf"^{re.escape(key)}:.*$", body, re.M):
        body = re.sub(rf"^{re.escape(key)}:.*\n", line, body, flags=re.M)
    else:
        body += line
    return f"---\n{body}---\n" + text[match.end():]


# ---------------------------------------------------------------------------- status

@dataclass
class Status:
    lang: str
    name: str
    state: str  # "up to date", "outdated", "missing", "unrecorded"
    diff: str = ""

    def line(self) -> str:
        return f"{self.lang:4} {self.name:22} {self.state}"


def target_languages(root: Path = ROOT, built_only: bool = False) -> list[str]:
    """The languages translated into (every configured one but the source), in mkdocs.yml's
    order: all of them, or only those built. pages.languages() is the built site's list,
    the source first."""
    return [lang["locale"] for lang in configured_languages(root)
            if lang["locale"] != SOURCE and (lang.get("build", True) or not built_only) and selected(lang["locale"])]


def source_pages(root: Path = ROOT) -> list[str]:
    """English pages to translate: all but those marked `translate: false` (the translators' guide)."""
    pages = []
    for path in sorted((docs(root) / SOURCE).rglob("*.md")):
        data, _, _ = front_matter(path.read_text(encoding="utf-8"))
        if (data or {}).get("translate", True) is not False:
            pages.append(path.relative_to(docs(root) / SOURCE).as_posix())
    return pages


def source_at(root: Path, name: str, digest: str) -> str | None:
    """The English page as it was when its hash was `digest`, from git history."""
    rel = f"docs/{SOURCE}/{name}"
    log = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=root, capture_output=True, text=True)
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=root, capture_output=True, text=True)
        if shown.returncode == 0 and source_hash_of(shown.stdout) == digest:
            return shown.stdout
    return None


def status(langs: list[str] | None = None, root: Path = ROOT) -> list[Status]:
    report = []
    for lang in langs or target_languages(root):
        for name in source_pages(root):
            source_text = (docs(root) / SOURCE / name).read_text(encoding="utf-8")
            page = docs(root) / lang / name
            if not page.exists():
                report.append(Status(lang, name, "missing"))
                continue
            data, _, _ = front_matter(page.read_text(encoding="utf-8"))
            recorded = (data or {}).get(HASH_KEY)
            if not recorded:
                report.append(Status(lang, name, "unrecorded"))
            elif recorded == source_hash_of(source_text):
                report.append(Status(lang, name, "up to date"))
            else:
                old = source_at(root, name, str(recorded))
                diff = ("\n".join(difflib.unified_diff(old.splitlines(), source_text.splitlines(),
                                                      f"docs/{SOURCE}/{name} ({recorded})",
                                                      f"docs/{SOURCE}/{name} (now)", lineterm=""))
                        if old is not None else f"(version {recorded} of docs/{SOURCE}/{name} is not in git "
                                                 "history: compare the page with the English page by hand)")
                report.append(Status(lang, name, "outdated", diff))
    return report


def english_change_date(name: str, root: Path = ROOT) -> str:
    """When the English page took its current form: its last commit's date, or that it is
    not committed yet."""
    rel = f"docs/{SOURCE}/{name}"
    changed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", rel], cwd=root).returncode != 0
    if changed:
        return "not committed yet"
    log = subprocess.run(["git", "log", "-1", "--format=%cs", "--", rel], cwd=root, capture_output=True, text=True)
    return log.stdout.strip() or "not committed yet"


def is_outdated(lang: str, name: str, root: Path = ROOT) -> bool:
    """For the site: is this translated page behind its English source?"""
    page, source = docs(root) / lang / name, docs(root) / SOURCE / name
    if lang == SOURCE or not page.exists() or not source.exists():
        return False
    data, _, _ = front_matter(page.read_text(encoding="utf-8"))
    return (data or {}).get(HASH_KEY) != source_hash_of(source.read_text(encoding="utf-8"))


def record(lang: str, names: list[str] | None = None, root: Path = ROOT) -> list[str]:
    done = []
    for name in names or source_pages(root):
        page = docs(root) / lang / name
        digest = source_hash_of((docs(root) / SOURCE / name).read_text(encoding="utf-8"))
        page.write_text(set_front_matter_key(page.read_text(encoding="utf-8"), HASH_KEY, digest), encoding="utf-8")
        done.append(f"docs/{lang}/{name}: {HASH_KEY} {digest}")
    return done


# ---------------------------------------------------------------------------- checks

@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*(?:\{\s*#(?P<id>[\w-]+)\s*\})?\s*$")
ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<type>\w+)")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)|<(?P<auto>https?://[^>\s]+)>")
HTML_TAG = re.compile(r"<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)(?=[\s>/])|<!--")
CLAIM = re.compile(r"^\s*<!--\s*claim:\s*(?P<id>[\w-]+)\s*-->\s*$")
INLINE_CODE = re.compile(r"`[^`]*`")
ATTRIBUTES = re.compile(r"\{\s*[#.:][^}]*\}|\{\s*width=[^}]*\}")
QUIZ_CHOICE = re.compile(r"^\s*[-*]\s*\[(?P<mark>[xX ]?)\]\s")  # mkdocs-quiz: - [x] right, - [ ] wrong
WORD = re.compile(r"[^\W\d_]{2,}")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass
class Parsed:
    """What the checks compare, each with the line it is on."""
    lines: list[str]
    front_matter: dict | None
    front_matter_error: str | None
    fences: list[tuple[int, str, str]]  # (line, info without title, body)
    includes: list[tuple[int, str]]
    headings: list[tuple[int, int, str | None]]  # (line, level, id)
    admonitions: list[tuple[int, str]]
    tables: list[tuple[int, int, int]]  # (line, rows, columns)
    images: list[tuple[int, str]]
    links: list[tuple[int, str]]
    html: list[tuple[int, str]]
    numbers: list[tuple[int, str]]  # (line, value with a decimal point); tables included
    paragraphs: list[tuple[int, str]]  # prose, markup stripped
    quizzes: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)  # (line, choices, correct)
    claims: list[tuple[int, str]] = field(default_factory=list)  # (line of the marker, claim id)
    prose_numbers: list[tuple[int, str, str]] = field(default_factory=list)  # outside tables: (line, value, written)
    sections: list[tuple[int, str | None, list[str]]] = field(default_factory=list)  # (heading line, id, prose)


def strip_title(info: str) -> str:
    return re.sub(r'\s*title="[^"]*"', "", info).strip()


def parse(text: str, decimal: str = ".") -> Parsed:
    data, error, skip = front_matter(text)
    lines = text.splitlines()
    parsed = Parsed(lines, data, error, [], [], [], [], [], [], [], [], [], [])
    fence, body, table, paragraph, quiz = None, [], None, None, None
    parsed.sections.append((1, None, []))

    def end_paragraph():
        nonlocal paragraph
        if paragraph:
            parsed.paragraphs.append((paragraph[0], " ".join(paragraph[1])))
            parsed.sections[-1][2].append(" ".join(paragraph[1]))
        paragraph = None

    for number, line in enumerate(lines, start=1):
        if number <= skip:
            continue
        if fence:
            closing = FENCE.match(line)
            if closing and closing["ticks"][0] == fence[1][0] and len(closing["ticks"]) >= len(fence[1]) \
                    and not closing["info"].strip():
                parsed.fences.append((fence[0], strip_title(fence[2]), "\n".join(body)))
                fence, body = None, []
            else:
                body.append(line.strip())
                include = INCLUDE.match(line)
                if include:
                    parsed.includes.append((number, include["path"]))
            continue
        opening = FENCE.match(line)
        if opening:
            end_paragraph()
            table = None
            fence = (number, opening["ticks"], opening["info"])
            continue
        include = INCLUDE.match(line)
        if include:
            parsed.includes.append((number, include["path"]))
        stripped = line.strip()
        if stripped == "<quiz>":
            quiz = [number, []]
        elif stripped == "</quiz>" and quiz:
            parsed.quizzes.append((quiz[0], len(quiz[1]), tuple(i for i, c in enumerate(quiz[1]) if c)))
            quiz = None
        elif quiz and (choice := QUIZ_CHOICE.match(line)):
            quiz[1].append(choice["mark"].lower() == "x")
        if stripped.startswith("|"):
            if table and table[0] + table[1] == number:
                table[1] += 1
            else:
                table = [number, 1, stripped.strip("|").count("|") + 1]
                parsed.tables.append(table)
        else:
            table = None
        heading = HEADING.match(line)
        if heading:
            end_paragraph()
            parsed.headings.append((number, len(heading["level"]), heading["id"]))
            parsed.sections.append((number, heading["id"], []))
        admonition = ADMONITION.match(line)
        if admonition:
            parsed.admonitions.append((number, admonition["type"]))
        parsed.images += [(number, m["target"]) for m in IMAGE.finditer(line)]
        parsed.links += [(number, m["target"] or m["auto"]) for m in LINK.finditer(line)]
        claim = CLAIM.match(line)
        if claim:
            parsed.claims.append((number, claim["id"]))
        prose = INLINE_CODE.sub(" ", line)
        if not claim:  # claim markers are compared on their own, in order
            parsed.html += [(number, "<!--" if m.group(0) == "<!--" else f"<{m['close']}{m['tag']}>")
                            for m in HTML_TAG.finditer(prose)]
        prose = re.sub(r"<!--.*?-->", " ", prose)
        prose = re.sub(r"\]\([^)]*\)", "]", prose)  # link targets are not prose
        prose = ATTRIBUTES.sub(" ", prose)
        prose = re.sub(r'^\s*(?:!!!|\?\?\?\+?)\s+\w+', " ", prose)
        prose = re.sub(r'^\s*===\s+"[^"]*"', " ", prose)
        prose = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", " ", prose)  # list markers are not numbers
        found = in_prose(prose, decimal)
        parsed.numbers += [(number, value) for value, _ in found]
        if not stripped.startswith("|"):
            parsed.prose_numbers += [(number, value, written) for value, written in found]
        text = re.sub(r"[*_#>|!\[\]]", " ", prose).strip()
        if not stripped or INCLUDE.match(line) or stripped.startswith("|"):  # tables: names, not prose
            end_paragraph()
        elif text:
            if paragraph is None:
                paragraph = (number, [])
            paragraph[1].append(text)
    end_paragraph()
    return parsed


def compare_sequence(kind, source, translated, source_rel, rel, show):
    """First place where two sequences of (line, value...) differ."""
    for theirs, ours in zip(source, translated):
        if theirs[1:] != ours[1:]:
            return [Finding(rel, ours[0], f"{kind} {show(ours)} where {source_rel}:{theirs[0]} has {show(theirs)}")]
    if len(translated) > len(source):
        extra = translated[len(source)]
        return [Finding(rel, extra[0], f"{kind} {show(extra)} is not in {source_rel}")]
    if len(source) > len(translated):
        missing = source[len(translated)]
        last = translated[-1][0] if translated else 1
        return [Finding(rel, last, f"{kind} {show(missing)} of {source_rel}:{missing[0]} is missing")]
    return []


def compare_counts(kind, source, translated, source_rel, rel, advice):
    """Values that occur more (or fewer) times than in the source, order aside."""
    found = []
    theirs, ours = Counter(v for _, v in source), Counter(v for _, v in translated)
    for line, value in translated:
        if ours[value] > theirs[value]:
            found.append(Finding(rel, line, f"{kind} {value!r} is not in {source_rel}: {advice}"))
            ours[value] -= 1
    for line, value in source:
        if theirs[value] > ours[value]:
            found.append(Finding(rel, translated[-1][0] if translated else 1,
                                 f"{kind} {value!r} of {source_rel}:{line} is missing"))
            theirs[value] -= 1
    return found


def mojibake(line: str) -> bool:
    """UTF-8 read as Mac Roman or Latin-1 (the seeds' "c√°lculos"), or anything ftfy calls bad."""
    for codec in ("mac_roman", "cp1252"):
        try:
            if line.encode(codec).decode("utf-8") != line:
                return True
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return ftfy.is_bad(line)


@functools.lru_cache(maxsize=1)
def detector():
    from lingua import Language, LanguageDetectorBuilder
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in LINGUA.values())).build()


def detected_language(text: str) -> str | None:
    """The language of a paragraph, if it is long enough to tell; None otherwise."""
    words, cjk = len(WORD.findall(text)), len(CJK.findall(text))
    if words < 6 and cjk < 8:
        return None
    language = detector().detect_language_of(text)
    return next((code for code, name in LINGUA.items() if language is not None and language.name == name), None)


def check_language(parsed: Parsed, lang: str, rel: str) -> list[Finding]:
    found, seen = [], Counter()
    for line, text in parsed.paragraphs:
        detected = detected_language(text)
        if detected and detected != lang:
            seen[detected] += 1
            found.append(Finding(rel, line, f"paragraph in '{detected}', not in '{lang}': translate it"))
    judged = sum(1 for _, text in parsed.paragraphs if detected_language(text))
    if judged and seen and seen.most_common(1)[0][1] > judged / 2:
        other = seen.most_common(1)[0][0]
        found.insert(0, Finding(rel, 1, f"most of this page is in '{other}': is it filed under the wrong "
                                        f"language folder (docs/{lang}/)?"))
    return found


def check_page(lang: str, name: str, root: Path = ROOT) -> list[Finding]:
    source_rel, rel = f"docs/{SOURCE}/{name}", f"docs/{lang}/{name}"
    page = docs(root) / lang / name
    if not page.exists():
        return [Finding(rel, 1, f"missing: translate {source_rel}")]
    raw = page.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return [Finding(rel, line, "not UTF-8: save the file as UTF-8")]
    decimal = decimal_separator(lang, root)
    source, ours = parse((docs(root) / SOURCE / name).read_text(encoding="utf-8")), parse(text, decimal)
    found: list[Finding] = []

    if ours.front_matter is None:
        found.append(Finding(rel, 1, ours.front_matter_error))
    else:
        keys = set(ours.front_matter) - TRANSLATION_KEYS
        if keys != set(source.front_matter or {}):
            found.append(Finding(rel, 1, f"front matter keys {sorted(keys)}, the source has "
                                         f"{sorted(source.front_matter or {})}"))
        title = ours.front_matter.get("title")
        if "title" in (source.front_matter or {}) and (not isinstance(title, str) or not title.strip()):
            found.append(Finding(rel, 1, "front matter: title must be a non-empty text"))
        if lang != SOURCE and not re.fullmatch(r"[0-9a-f]{12}", str(ours.front_matter.get(HASH_KEY, ""))):
            found.append(Finding(rel, 1, f"front matter: no valid {HASH_KEY}; after translating, run "
                                         f"`python -m lessonkit.translations record {lang} {name}`"))

    found += compare_sequence("code block", source.fences, ours.fences, source_rel, rel,
                              lambda f: f"```{f[1]} with body {f[2][:60]!r}")
    found += compare_sequence("snippet include", source.includes, ours.includes, source_rel, rel,
                              lambda i: repr(i[1]))
    found += compare_sequence("heading", source.headings, ours.headings, source_rel, rel,
                              lambda h: f"level {h[1]} {{#{h[2]}}}")
    found += compare_sequence("quiz", source.quizzes, ours.quizzes, source_rel, rel,
                              lambda q: f"with {q[1]} choices, correct choice {[i + 1 for i in q[2]]}")
    found += compare_sequence("admonition", source.admonitions, ours.admonitions, source_rel, rel,
                              lambda a: repr(a[1]))
    found += compare_sequence("table", [tuple(t) for t in source.tables], [tuple(t) for t in ours.tables],
                              source_rel, rel, lambda t: f"of {t[1]} rows x {t[2]} columns")
    found += compare_counts("image", source.images, ours.images, source_rel, rel, "use the source's images")
    found += compare_counts("link target", source.links, ours.links, source_rel, rel,
                            "links must point where the source's do")
    found += compare_counts("raw HTML", source.html, ours.html, source_rel, rel,
                            "a translation may not add markup or scripts")
    found += compare_sequence("claim marker", source.claims, ours.claims, source_rel, rel,
                              lambda c: f"<!-- claim: {c[1]} -->")
    found += compare_counts("number", source.numbers, ours.numbers, source_rel, rel,
                            "keep the source's numbers" + (f", with the decimal mark '{decimal}'"
                                                           if decimal != "." else ", written the same way"))
    wrong_mark = "." if decimal == "," else ","
    for number, line in enumerate(ours.lines, start=1):
        if not any(n == number for n, _ in ours.numbers):
            continue
        prose = INLINE_CODE.sub(" ", line)
        for match in re.finditer(rf"(?<![\w.,])\d+{re.escape(wrong_mark)}\d+(?![\w.,])", prose):
            found.append(Finding(rel, number, f"number {match.group(0)!r}: {lang} writes the decimal mark as "
                                              f"'{decimal}' ({written_as('0.5', decimal)}), "
                                              f"see {vocabulary_path(lang, root).relative_to(root)}"))
    found += check_glossary(source, ours, lang, source_rel, rel, root)
    for number, line in enumerate(ours.lines, start=1):
        if mojibake(line):
            found.append(Finding(rel, number, "encoding damage (mojibake): "
                                              f"{ftfy.fix_text(line).strip()[:60]!r} was probably meant"))
    found += check_language(ours, lang, rel)
    return found


def glossary_terms(lang: str, root: Path = ROOT) -> dict[str, dict]:
    return {term: entry or {} for term, entry in (vocabulary(lang, root).get("terms") or {}).items()}


def uses(text: str, forms: list[str], exceptions: list[str] = ()) -> bool:
    lowered = text.casefold()
    for word in exceptions:
        lowered = lowered.replace(str(word).casefold(), " ")
    return any(str(form).casefold() in lowered for form in forms)


def check_glossary(source: Parsed, ours: Parsed, lang: str, source_rel: str, rel: str,
                   root: Path = ROOT) -> list[Finding]:
    """Each lesson term rendered as lessonkit/vocabulary/LANG.yml says: never in a form it
    lists under `avoid`, and present in every section whose English uses the term."""
    english, terms = glossary_terms(SOURCE, root), glossary_terms(lang, root)
    if not english:
        return []
    where = vocabulary_path(lang, root).relative_to(root).as_posix()
    if not vocabulary_path(lang, root).exists():
        return [Finding(where, 1, f"missing: copy {vocabulary_path(SOURCE, root).relative_to(root)} and write, "
                                  f"for each term, how {lang} says it (see docs/{SOURCE}/translating.md)")]
    found = [Finding(where, 1, f"glossary term '{term}' of {vocabulary_path(SOURCE, root).relative_to(root)} "
                               f"has no entry: add how {lang} writes it")
             for term in english if term not in terms]
    for term, entry in terms.items():
        for number, line in enumerate(ours.lines, start=1):
            hits = [form for form in entry.get("avoid", []) if str(form).casefold() in line.casefold()]
            if hits and not INCLUDE.match(line):
                found.append(Finding(rel, number, f"glossary: '{hits[0]}' for '{term}'; this site writes "
                                                  f"'{entry.get('use')}' ({where})"))
    ours_sections = {section_id: (line, " ".join(prose)) for line, section_id, prose in ours.sections}
    for line, section_id, prose in source.sections:
        if section_id not in ours_sections and section_id is not None:
            continue  # a missing heading is reported by the heading check
        our_line, our_text = ours_sections.get(section_id, (1, ""))
        for term, entry in english.items():
            if term not in terms or not uses(" ".join(prose), entry.get("forms") or [term], entry.get("except") or []):
                continue
            if not uses(our_text, terms[term].get("forms") or [terms[term].get("use", "")],
                        terms[term].get("except") or []):
                found.append(Finding(rel, our_line, f"glossary: {source_rel}:{line} uses '{term}' in this section, "
                                                    f"which never says '{terms[term].get('use')}' ({where})"))
    return found


def check(langs: list[str] | None = None, root: Path = ROOT) -> list[Finding]:
    found = []
    for lang in langs or [SOURCE, *target_languages(root, built_only=True)]:
        for name in source_pages(root):
            found += (check_language(parse((docs(root) / SOURCE / name).read_text(encoding="utf-8")), SOURCE,
                                     f"docs/{SOURCE}/{name}") if lang == SOURCE else check_page(lang, name, root))
    return found


# ---------------------------------------------------------------------------- import

METADATA = re.compile(r"<!--\s*CO_OP_TRANSLATOR_METADATA:\s*(?P<json>\{.*?\})\s*-->\s*", re.S)


def repair_encoding(line: str) -> str:
    for codec in ("mac_roman", "cp1252"):
        try:
            fixed = line.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != line:
            return fixed
    return ftfy.fix_text(line)


def link_is_live(target: str, lang: str, page_dir: Path, root: Path) -> bool:
    from lessonkit.pages import ALLOWED_HOSTS
    if re.match(r"^[a-z]+://", target):
        from urllib.parse import urlparse
        parsed = urlparse(target)
        return parsed.scheme == "https" and parsed.hostname in ALLOWED_HOSTS
    path = target.split("#")[0]
    if not path:
        return True
    for folder in (docs(root) / lang / page_dir, docs(root) / SOURCE / page_dir):
        if (folder / path).resolve().exists():
            return True
    return False


def import_page(seed: Path, lang: str, name: str, root: Path = ROOT) -> tuple[Path, list[str], list[Finding]]:
    """Write docs/LANG/NAME from a pipeline's page; return (path, what was repaired, what a person must fix)."""
    text = seed.read_text(encoding="utf-8", errors="replace")
    repaired = []
    header = METADATA.search(text)
    if header:
        import json
        claimed = json.loads(header["json"]).get("language_code")
        text = text[: header.start()] + text[header.end():]
        repaired.append("removed the CO_OP_TRANSLATOR_METADATA header"
                        + (f" (it claimed language '{claimed}', imported as '{lang}')" if claimed != lang else ""))
    lines = text.splitlines()
    fixed_lines = [repair_encoding(line) if mojibake(line) else line for line in lines]
    damaged = sum(1 for a, b in zip(lines, fixed_lines) if a != b)
    if damaged:
        repaired.append(f"repaired encoding damage on {damaged} lines")
    text = "\n".join(fixed_lines) + "\n"

    # Paragraphs in another language (apologies, disclaimers) are not lesson content.
    blocks, kept = re.split(r"\n\s*\n", text), []
    for block in blocks:
        prose = re.sub(r"\]\([^)]*\)|[*_#>`]", " ", block)
        detected = detected_language(prose)
        is_table = re.search(r"^\s*\|?\s*:?-{3,}", block, re.M)  # names in cells, not prose
        if detected and detected != lang and not is_table and not block.lstrip().startswith(("```", "!")):
            repaired.append(f"removed a paragraph in '{detected}': {block.strip()[:70]!r}")
            continue
        kept.append(block)
    text = "\n\n".join(kept)

    page_dir = Path(name).parent

    def unlink(match):
        is_image, label, target = match["bang"], match["label"], match["target"]
        if link_is_live(target, lang, page_dir, root):
            return match.group(0)
        repaired.append(f"removed a {'image' if is_image else 'link'} to {target!r}, which is not in this site")
        return "" if is_image else label

    text = re.sub(r"(?P<bang>!?)\[(?P<label>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?\)", unlink, text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    out = docs(root) / lang / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    to_fix = check_page(lang, name, root) if (docs(root) / SOURCE / name).exists() else []
    return out, repaired, to_fix


# ---------------------------------------------------------------------------- new language

def new_language(code: str, name: str, root: Path = ROOT) -> list[str]:
    if not re.fullmatch(r"[a-z]{2}(?:_[A-Z]{2})?", code):
        raise SystemExit(f"'{code}' is not a language code such as 'it' or 'pt_BR'")
    mkdocs_yml = root / "mkdocs.yml"
    config = mkdocs_yml.read_text(encoding="utf-8")
    if re.search(rf"^\s*- locale: {code}\s*$", config, re.M):
        raise SystemExit(f"mkdocs.yml already has the language '{code}'")
    entries = list(re.finditer(r"^(?P<indent>\s*)- locale: .*\n(?:(?P=indent)  .*\n)*", config, re.M))
    if not entries:
        raise SystemExit("mkdocs.yml: no plugins.i18n.languages entries found")
    indent = entries[-1]["indent"]
    entry = (f"{indent}- locale: {code}\n{indent}  name: {name}\n"
             f"{indent}  build: false  # true once `python -m lessonkit.translations check {code}` is clean\n")
    config = config[: entries[-1].end()] + entry + config[entries[-1].end():]
    mkdocs_yml.write_text(config, encoding="utf-8")
    folder = docs(root) / code
    folder.mkdir(parents=True, exist_ok=True)
    return [f"mkdocs.yml: added '{code}' ({name}), not built until you set build: true",
            f"docs/{code}/: translate each page of docs/{SOURCE}/ into it, keeping code, includes, heading ids, "
            "links and numbers; then `record` and `check`"]


# ---------------------------------------------------------------------------- command line

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessonkit.translations",
                                     description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("status", help="up to date, outdated (with the English diff) or missing, per page")
    p.add_argument("langs", nargs="*")
    p = commands.add_parser("record", help="note that pages now translate the current English pages")
    p.add_argument("lang")
    p.add_argument("pages", nargs="*")
    p = commands.add_parser("check", help="run the quality checks; exit 1 on any finding")
    p.add_argument("langs", nargs="*")
    p = commands.add_parser("import", help="clean a machine-translated page into docs/LANG/PAGE")
    p.add_argument("seed", type=Path)
    p.add_argument("lang")
    p.add_argument("page")
    p = commands.add_parser("new", help="start a language")
    p.add_argument("lang")
    p.add_argument("name")
    args = parser.parse_args(argv)

    if args.command == "status":
        report = status(args.langs or None)
        for entry in report:
            print(entry.line())
        for entry in report:
            if entry.diff:
                print(f"\n--- docs/{entry.lang}/{entry.name} is outdated; the English page changed since:\n{entry.diff}")
        return 0
    if args.command == "record":
        print("\n".join(record(args.lang, args.pages or None)))
        return 0
    if args.command == "check":
        findings = check(args.langs or None)
        print("\n".join(map(str, findings)) or "no findings")
        return 1 if findings else 0
    if args.command == "import":
        out, repaired, to_fix = import_page(args.seed, args.lang, args.page)
        print(f"wrote {out.relative_to(ROOT)}")
        print("repaired:\n" + "\n".join(f"  - {r}" for r in repaired) if repaired else "repaired: nothing")
        print("a person must fix:\n" + "\n".join(f"  - {f}" for f in to_fix) if to_fix else "nothing left to fix")
        return 1 if to_fix else 0
    if args.command == "new":
        print("\n".join(new_language(args.lang, args.name)))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
