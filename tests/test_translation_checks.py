"""Translators' workflow: quality checks, freshness, import of machine translations, new languages."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from lessonkit import translations as tr

BUILT = tr.target_languages(built_only=True)
PAGES = tr.source_pages()


@pytest.mark.parametrize("lang,name", [(lang, name) for lang in BUILT for name in PAGES],
                         ids=[f"{lang}/{name}" for lang in BUILT for name in PAGES])
def test_translation_passes_every_quality_check(lang, name):
    findings = tr.check_page(lang, name)
    assert not findings, "\n".join(map(str, findings))


def test_english_pages_are_in_english():
    findings = tr.check([tr.SOURCE])
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.parametrize("lang", BUILT)
def test_every_page_is_translated_and_recorded(lang):
    unfinished = [s for s in tr.status([lang]) if s.state in ("missing", "unrecorded")]
    assert not unfinished, "\n".join(f"docs/{s.lang}/{s.name}: {s.state}" for s in unfinished)


# --- each kind of damage is found, at its line -------------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(ROOT / "docs", copy / "docs")
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def damage(project: Path, rel: str, old: str, new: str) -> int:
    """Replace the first `old` in a page; return the line the damage is on."""
    page = project / rel
    text = page.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    text = text.replace(old, new, 1)
    page.write_text(text, encoding="utf-8")
    return text[: text.index(new)].count("\n") + 1 + new[: len(new) - len(new.lstrip("\n"))].count("\n")


def findings_at(project, lang, name, line):
    found = tr.check_page(lang, name, root=project)
    return [str(f) for f in found if f.line == line]


@pytest.mark.translations
def test_a_changed_number(project):
    line = damage(project, "docs/es/overfitting.md", "| 90.71 |", "| 91.71 |")
    assert any("number '91.71' is not in docs/en/overfitting.md" in f
               for f in findings_at(project, "es", "overfitting.md", line))


@pytest.mark.translations
def test_an_extra_snippet_include(project):
    line = damage(project, "docs/pt/lab.md", '--8<-- "lab/datasets.py"\n',
                  '--8<-- "lab/datasets.py"\n--8<-- "pytorch/tensors.py"\n') + 1
    assert any("snippet include 'pytorch/tensors.py' where docs/en/lab.md" in f
               for f in findings_at(project, "pt", "lab.md", line))


@pytest.mark.translations
def test_a_missing_snippet_include(project):
    damage(project, "docs/es/frameworks.md", '    --8<-- "tensorflow/gradients.py"\n', "")
    found = [str(f) for f in tr.check_page("es", "frameworks.md", root=project)]
    assert any("snippet include" in f and "tensorflow/gradients.py" in f for f in found)


@pytest.mark.translations
def test_an_inline_code_block(project):
    line = damage(project, "docs/pt/lab.md", "## Sua tarefa", "```python\nprint('meu código')\n```\n\n## Sua tarefa")
    # English has no block there: the finding names the added block (and what English has instead).
    assert any("code block ```python with body \"print('meu código')\"" in f
               for f in findings_at(project, "pt", "lab.md", line))


@pytest.mark.translations
def test_a_dead_link(project):
    line = damage(project, "docs/es/lab.md", "](overfitting.md)", "](sobreajuste.md)")
    assert any("link target 'sobreajuste.md' is not in docs/en/lab.md" in f
               for f in findings_at(project, "es", "lab.md", line))


@pytest.mark.translations
def test_an_injected_script(project):
    line = damage(project, "docs/pt/index.md", "## A lição", "<script>alert('x')</script>\n\n## A lição")
    assert any("raw HTML '<script>'" in f for f in findings_at(project, "pt", "index.md", line))


@pytest.mark.translations
def test_mojibake(project):
    line = damage(project, "docs/es/index.md", "lección", "lecci√≥n")
    assert any("encoding damage" in f and "lección" in f for f in findings_at(project, "es", "index.md", line))


@pytest.mark.translations
def test_a_paragraph_left_in_english(project):
    english = ("Training a neural network efficiently comes down to two abilities that every "
               "framework provides to its users.")
    line = damage(project, "docs/es/frameworks.md", "## Tensores", english + "\n\n## Tensores")
    assert any("paragraph in 'en', not in 'es'" in f for f in findings_at(project, "es", "frameworks.md", line))


@pytest.mark.translations
def test_a_page_filed_under_the_wrong_language_folder(project):
    shutil.copy2(project / "docs/pt/lab.md", project / "docs/es/lab.md")
    found = [str(f) for f in tr.check_page("es", "lab.md", root=project)]
    assert "docs/es/lab.md:1: most of this page is in 'pt'" in "\n".join(found)


@pytest.mark.translations
def test_broken_front_matter(project):
    damage(project, "docs/es/lab.md", "title: Laboratorio", "title: [Laboratorio")
    found = [str(f) for f in tr.check_page("es", "lab.md", root=project)]
    assert any(f.startswith("docs/es/lab.md:1: front matter is not valid YAML") for f in found)


# --- freshness ---------------------------------------------------------------------------

def git(project, *args):
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"})


@pytest.mark.translations
def test_editing_english_marks_every_translation_outdated_with_the_diff_and_the_site_says_so(project):
    for name in ("snippets", "lessonkit", ".cache/figures", ".cache/notebooks"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(project, "init", "-q")
    git(project, "add", "docs", "mkdocs.yml")
    git(project, "commit", "-qm", "lesson")
    old = "Both data sets ship with scikit-learn, so nothing is downloaded:"
    new = "Both data sets come with scikit-learn: nothing is downloaded."
    damage(project, "docs/en/lab.md", old, new)

    report = {(s.lang, s.name): s for s in tr.status(root=project)}
    for lang in tr.target_languages(project):
        entry = report[(lang, "lab.md")]
        assert entry.state == "outdated", f"docs/{lang}/lab.md should be outdated"
        assert f"-{old}" in entry.diff and f"+{new}" in entry.diff
        assert report[(lang, "index.md")].state == "up to date"

    site = project / "site"
    # The pages read below are English and Spanish: the other languages need not be built.
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=project,
                           capture_output=True, text=True, env={**os.environ, "LESSON_LANGUAGES": "en,es"})
    assert build.returncode == 0, build.stderr[-2000:]
    spanish = (site / "es/lab/index.html").read_text(encoding="utf-8")
    assert 'class="admonition warning outdated-translation"' in spanish
    assert re.search(r'<a href="../../lab/" hreflang="en">', spanish)
    assert '<a href="../translation-status/">' in spanish, "the notice does not link to the translation status page"
    status_page = (site / "es/translation-status/index.html").read_text(encoding="utf-8")
    assert re.search(r"<td><code>lab.md</code></td>\s*<td>outdated \(English changed not committed yet\)</td>",
                     status_page)
    assert "outdated-translation" not in (site / "lab/index.html").read_text(encoding="utf-8")
    assert "outdated-translation" not in (site / "es/index.html").read_text(encoding="utf-8")

    tr.record("es", ["lab.md"], root=project)
    report = {(s.lang, s.name): s.state for s in tr.status(root=project)}
    assert report[("es", "lab.md")] == "up to date" and report[("pt", "lab.md")] == "outdated"


# --- import and new language -------------------------------------------------------------

SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.mark.translations
@pytest.mark.skipif(not SEEDS.exists(), reason="the user's seeds (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("seed,lang", [("lesson-es-as-delivered.md", "es"), ("lesson-pt-as-delivered.md", "pt")])
def test_importing_a_machine_translation_repairs_what_it_safely_can(project, seed, lang):
    out, repaired, to_fix = tr.import_page(SEEDS / seed, lang, "imported.md", root=project)
    text = out.read_text(encoding="utf-8")
    assert not any(tr.mojibake(line) for line in text.splitlines())
    assert "CO_OP_TRANSLATOR_METADATA" not in text and "azurestaticapps" not in text
    assert "I'm sorry" not in text and "Disclaimer" not in text
    assert "../../../../../lessons" not in text and "translated_images" not in text
    assert any("encoding damage" in r for r in repaired)
    assert any("in 'en'" in r for r in repaired)  # the stray English paragraph
    assert "Sobreajuste" in text  # the lesson itself stays
    if lang == "es":
        assert any("claimed language 'mo'" in r for r in repaired)
    else:
        assert any("azurestaticapps" in r for r in repaired)


@pytest.mark.translations
def test_starting_a_new_language(project):
    tr.new_language("it", "Italiano", root=project)
    assert (project / "docs/it").is_dir()
    assert "it" in tr.target_languages(project) and "it" not in tr.target_languages(project, built_only=True)
    assert {s.state for s in tr.status(["it"], root=project)} == {"missing"}
    with pytest.raises(SystemExit):
        tr.new_language("it", "Italiano", root=project)


# --- quizzes -----------------------------------------------------------------------------

@pytest.mark.translations
def test_a_quiz_whose_correct_choice_moved(project):
    page = project / "docs/es/quiz-before.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- [x]"))
    lines[first] = lines[first].replace("- [x]", "- [ ]", 1)
    lines[first + 1] = lines[first + 1].replace("- [ ]", "- [x]", 1)
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    quiz_line = max(i for i, line in enumerate(lines[:first]) if line.strip() == "<quiz>") + 1
    found = findings_at(project, "es", "quiz-before.md", quiz_line)
    assert any("quiz with 3 choices, correct choice [2] where docs/en/quiz-before.md" in f for f in found), found


@pytest.mark.translations
def test_a_quiz_question_missing(project):
    page = project / "docs/pt/quiz-after.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("<quiz>")
    end = text.index("</quiz>", start) + len("</quiz>\n")
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    found = [str(f) for f in tr.check_page("pt", "quiz-after.md", root=project)]
    assert any(f.startswith("docs/pt/quiz-after.md:") and "quiz with 3 choices, correct choice [2] where" in f
               for f in found), found


# --- vocabulary, decimal marks and claim markers, on the small project of tests/cases/ -----

CASE = Path(__file__).parent / "cases" / "vocabulary"


@pytest.fixture
def case(tmp_path) -> Path:
    copy = tmp_path / "case"
    shutil.copytree(CASE, copy)
    return copy


def structural(findings) -> list[str]:
    """The findings of the checks these cases exercise (not the paragraph-language check)."""
    return [str(f) for f in findings if "paragraph in" not in f.message and "most of this page" not in f.message]


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_the_case_translations_are_clean(case, lang):
    assert structural(tr.check_page(lang, "page.md", root=case)) == []


def test_a_term_to_avoid_is_reported_at_its_line(case):
    line = damage(case, "docs/es/page.md", "Una red con muchos parámetros sobreajusta",
                  "Una red con muchos parámetros sufre sobreentrenamiento y sobreajusta")
    found = findings_at(case, "es", "page.md", line)
    assert any("glossary: 'sobreentrenamiento' for 'overfitting'" in f and "'sobreajuste'" in f for f in found), found


def test_a_section_that_renders_a_term_differently(case):
    damage(case, "docs/fr/page.md", "Placez les tenseurs sur le périphérique", "Placez les tenseurs sur la machine")
    damage(case, "docs/fr/page.md", "Choisir un périphérique", "Choisir un appareil")
    heading = 13
    found = findings_at(case, "fr", "page.md", heading)
    assert any("glossary: 'appareil' for 'device'" in f for f in found), found
    assert any("docs/en/page.md:12 uses 'device' in this section, which never says 'périphérique'" in f
               for f in found), found


def test_a_longer_word_listed_under_except_is_not_an_avoided_rendering(case):
    """fr.yml avoids 'appareil' for 'device' but lists 'appareillage' (equipment) under except."""
    line = damage(case, "docs/fr/page.md", "Placez les tenseurs sur le périphérique",
                  "Placez les tenseurs et leur appareillage sur le périphérique")
    assert not [f for f in findings_at(case, "fr", "page.md", line) if "glossary" in f]
    line = damage(case, "docs/fr/page.md", "leur appareillage sur le périphérique",
                  "leur appareillage sur le périphérique (un appareil)")
    assert any("glossary: 'appareil' for 'device'" in f for f in findings_at(case, "fr", "page.md", line))


def test_a_term_missing_from_a_vocabulary_file(case):
    vocabulary = case / "lessonkit/vocabulary/es.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "  tensor: {use: tensor, forms: [tensor]}\n", ""), encoding="utf-8")
    found = [str(f) for f in tr.check_page("es", "page.md", root=case)]
    assert "lessonkit/vocabulary/es.yml:1: glossary term 'tensor' of lessonkit/vocabulary/en.yml has no entry: " \
           "add how es writes it" in found


def test_a_decimal_point_where_the_language_writes_a_comma(case):
    line = damage(case, "docs/fr/page.md", "finit à 0,82", "finit à 0.82")
    found = findings_at(case, "fr", "page.md", line)
    assert any("number '0.82': fr writes the decimal mark as ','" in f for f in found), found


def test_a_decimal_comma_where_the_language_writes_a_point(case):
    line = damage(case, "docs/es/page.md", "termina en 0.82", "termina en 0,82")
    found = findings_at(case, "es", "page.md", line)
    assert any("number '0,82' is not in docs/en/page.md" in f for f in found), found


def test_a_dropped_claim_marker(case):
    damage(case, "docs/es/page.md", "<!-- claim: some-claim -->\n", "")
    found = structural(tr.check_page("es", "page.md", root=case))
    assert any("claim marker <!-- claim: some-claim --> of docs/en/page.md:9 is missing" in f for f in found), found
