"""Translations run exactly the English page's code and quote exactly what the code prints."""

import re

import pytest

from conftest import ROOT
from lessonkit.harness import PageError, load_page
from lessonkit.pages import DOCS, languages, source_language
from lessonkit import numbers
from lessonkit.translations import decimal_separator, target_languages, source_pages

SOURCE = source_language()
SOURCE_PAGES = source_pages()  # the pages to translate
TRANSLATIONS = [(lang, name) for lang in languages()[1:] for name in SOURCE_PAGES]


def test_language_folders_match_mkdocs_yml():
    folders = sorted(p.name for p in DOCS.iterdir() if p.is_dir())
    with pytest.MonkeyPatch.context() as patch:  # every declared language, whatever LESSON_LANGUAGES says
        patch.delenv("LESSON_LANGUAGES", raising=False)
        declared = sorted([SOURCE, *target_languages()])  # those with build: false too
    assert folders == declared, (
        f"docs/ holds {folders} but mkdocs.yml declares {declared}: "
        "a folder without a language entry is never built")


@pytest.mark.parametrize("lang,name", TRANSLATIONS, ids=[f"{lang}/{name}" for lang, name in TRANSLATIONS])
def test_translation_runs_the_source_code(lang, name):
    translated_rel = f"docs/{lang}/{name}"
    if not (ROOT / translated_rel).exists():
        pytest.fail(f"{translated_rel}: missing translation of docs/{SOURCE}/{name}", pytrace=False)
    source, translated = load_page(f"docs/{SOURCE}/{name}"), load_page(translated_rel)
    for page in (source, translated):
        if isinstance(page, PageError):
            pytest.fail(str(page), pytrace=False)
    for index, (theirs, ours) in enumerate(zip(source.blocks, translated.blocks), start=1):
        if theirs.signature() != ours.signature():
            what = ("code" if theirs.code != ours.code else
                    "shown output" if theirs.expected_output != ours.expected_output else "content tab")
            pytest.fail(f"{ours.where}: code block {index} differs from {theirs.where} in its {what}; "
                        "translations must run exactly the source page's code", pytrace=False)
    if len(source.blocks) != len(translated.blocks):
        extra = translated.blocks[len(source.blocks):]
        missing = source.blocks[len(translated.blocks):]
        detail = (f"extra block at {extra[0].where}" if extra else f"block of {missing[0].where} is missing")
        pytest.fail(f"{translated_rel}: {len(translated.blocks)} code blocks, the source has "
                    f"{len(source.blocks)}: {detail}", pytrace=False)


def printed_overfitting_numbers() -> list[str]:
    """What snippets/overfitting/polyfit.py prints: its output file, which the code-block
    tests prove equal to what it prints."""
    return numbers.printed((ROOT / "snippets" / "overfitting" / "polyfit.output.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", languages())
def test_overfitting_table_quotes_printed_numbers(lang):
    """The table of the 5-point example quotes, in order, every number the code prints."""
    page = DOCS / lang / "overfitting.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    rows = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("|"):
            rows.append((number, line))
        elif rows:
            break  # the first table of the page is the example's table
    assert rows, f"docs/{lang}/overfitting.md: no table found"
    decimal = decimal_separator(lang)  # the table writes numbers the language's way: 0,82 in French
    quoted = [(number, value, written) for number, line in rows if not re.fullmatch(r"[\s|:-]+", line)
              for value, written in numbers.in_prose(re.sub(r"!?\[[^\]]*\]\([^)]*\)", "", line), decimal)]
    printed = printed_overfitting_numbers()
    for (number, value, written), expected in zip(quoted, printed):
        if written != expected.replace(".", decimal):
            pytest.fail(f"docs/{lang}/overfitting.md:{number}: table says {written}, "
                        f"snippets/overfitting/polyfit.py prints {expected} (printed in order: {printed}; "
                        f"'{lang}' writes {expected.replace('.', decimal)})", pytrace=False)
    assert len(quoted) == len(printed), (
        f"docs/{lang}/overfitting.md:{rows[0][0]}: the table quotes {len(quoted)} numbers "
        f"{[w for _, _, w in quoted]}, the code prints {len(printed)}: {printed}")


def test_both_training_loops_print_the_same_losses():
    """frameworks.md says both frameworks print the same losses: hold it to that."""
    pytorch = (ROOT / "snippets/pytorch/training.output.txt").read_text(encoding="utf-8")
    tensorflow = (ROOT / "snippets/tensorflow/training.output.txt").read_text(encoding="utf-8")
    assert pytorch == tensorflow
