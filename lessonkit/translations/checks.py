"""The quality checks of a translated page, as `file:line: what to fix`."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import ftfy

from lessonkit.numbers import written_as
from lessonkit.pages import INCLUDE, ROOT
from lessonkit.translations.frontmatter import HASH_KEY, TRANSLATION_KEYS
from lessonkit.translations.outline import CJK, INLINE_CODE, WORD, Parsed, parse
from lessonkit.translations.status import SOURCE, docs, source_pages, target_languages
from lessonkit.translations.vocabulary import decimal_separator, glossary_terms, vocabulary_path

LINGUA = {"en": "ENGLISH", "es": "SPANISH", "pt": "PORTUGUESE", "fr": "FRENCH", "de": "GERMAN",
          "ja": "JAPANESE", "zh": "CHINESE", "ar": "ARABIC", "it": "ITALIAN", "ru": "RUSSIAN",
          "ko": "KOREAN", "nl": "DUTCH", "pl": "POLISH", "tr": "TURKISH", "hi": "HINDI", "uk": "UKRAINIAN"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


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


def uses(text: str, forms: list[str], exceptions: list[str] = ()) -> bool:
    """Whether a form stands in the text outside the longer words listed as exceptions."""
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
            hits = [form for form in entry.get("avoid", []) if uses(line, [form], entry.get("except") or [])]
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
