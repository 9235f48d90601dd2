"""What a reader does, in Chromium: switch language, choose a framework, copy a block and
run it, search, look at figures; nothing loads from outside 127.0.0.1; axe-core finds no
accessibility violation."""

import json
import re
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from browser import (CHROMIUM, CHROMIUM_ARGS, Watch, broken_images, new_page, require_chromium,
                     tab_sets, tabs_not_following,
                     serve, switch_language)
from conftest import ROOT
from lessonkit.harness import LoneBlock
from lessonkit.pages import DOCS, languages, read_page, source_language, url_of

DEFAULT = source_language()
LANGS = languages()
PAGES = sorted(p.relative_to(DOCS / DEFAULT).as_posix() for p in (DOCS / DEFAULT).glob("*.md"))
AUDITED_PAGES = ["frameworks.md", "overfitting.md", "lab.md", "quiz-before.md", "quiz-after.md"]


def url(base: str, lang: str, name: str) -> str:
    return base + url_of(lang, name[: -len(".md")])


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def site(built_site):
    assert built_site.returncode == 0, "the site did not build"
    with serve(built_site.site) as base:
        yield base


SWITCHES_PER_LANGUAGE = 2


def switches(lang: str) -> list[tuple[str, str]]:
    """(page, language chosen) a reader tries in LANG: two pages per language, so that the
    eight languages together try every page (a LESSON_LANGUAGES subset tries fewer). Where every selector entry of every page leads is
    checked on the built HTML (test_site); the browser proves that choosing one works."""
    others = [other for other in LANGS if other != lang]
    start = LANGS.index(lang) * SWITCHES_PER_LANGUAGE
    return [(PAGES[(start + n) % len(PAGES)], others[(start + n) % len(others)])
            for n in range(SWITCHES_PER_LANGUAGE)]


def language_switch_problems(browser, base: str, lang: str) -> list[str]:
    watch, problems = Watch(), []
    page = new_page(browser, watch)
    for name, target in switches(lang):
        page.goto(url(base, lang, name))
        landed = switch_language(page, target)
        if landed != url(base, target, name):
            problems.append(f"docs/{lang}/{name}: choosing '{target}' led to {landed}, "
                            f"not {url(base, target, name)}")
    page.context.close()
    return problems + watch.problems()


@pytest.mark.translations
@pytest.mark.parametrize("lang", LANGS)
def test_language_selector_moves_to_the_same_page(browser, site, lang):
    problems = language_switch_problems(browser, site, lang)
    assert not problems, "\n".join(problems)


@pytest.mark.translations
def test_a_notebook_page_keeps_its_notebook_across_languages_and_downloads(browser, site):
    watch = Watch()
    page = new_page(browser, watch)
    path = []
    for lang in [LANGS[1], LANGS[-1], DEFAULT]:  # from a translation, to Arabic, back to English
        if not path:
            page.goto(url(site, lang, "notebooks/lab.md"))
        else:
            landed = switch_language(page, lang)
            assert landed == url(site, lang, "notebooks/lab.md"), f"choosing '{lang}' on a notebook led to {landed}"
        path.append(lang)
        assert page.locator(".jp-OutputArea-output").count() > 0, f"{page.url}: the notebook shows no output"
        # The notebook's stylesheets are files shared by every notebook page (hooks.linked_styles).
        styled = page.evaluate("""() => getComputedStyle(document.querySelector('.jupyter-wrapper'))
            .getPropertyValue('--md-red-50').trim()""")
        assert styled, f"{page.url}: the notebook's styles are not applied"
    with page.expect_download() as download:
        page.locator(".notebook-download a").click()
    notebook = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert any(cell.get("outputs") for cell in notebook["cells"]), "the downloaded notebook has no outputs"
    page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.mark.translations
def test_framework_choice_switches_every_tab_and_is_remembered(browser, site):
    watch = Watch()
    page = new_page(browser, watch)
    page.goto(url(site, DEFAULT, "frameworks.md"))
    assert not tabs_not_following(page, "PyTorch"), f"PyTorch should be the first choice: {tab_sets(page)}"
    for choice in ["TensorFlow", "Keras", "Lightning"]:
        page.locator(".tabbed-labels label", has_text=choice).first.click()
        wrong = tabs_not_following(page, choice)
        assert not wrong, f"one click on {choice} should switch every tab:\n" + "\n".join(wrong)
    page.locator(".tabbed-labels label", has_text="Keras").first.click()
    page.goto(url(site, DEFAULT, "overfitting.md"))  # PyTorch and TensorFlow tabs only
    assert not tabs_not_following(page, "Keras"), f"the next page should keep the choice: {tab_sets(page)}"
    page.reload()
    assert not tabs_not_following(page, "Keras"), f"a reload should keep the choice: {tab_sets(page)}"
    other = next(lang for lang in LANGS if lang != DEFAULT)
    page.goto(url(site, other, "frameworks.md"))
    assert not tabs_not_following(page, "Keras"), f"the '{other}' pages should keep the choice: {tab_sets(page)}"
    page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


@pytest.mark.parametrize("lang,tab,snippet", [
    (DEFAULT, "PyTorch", "pytorch/tensors"),
    (LANGS[-1], "TensorFlow", "tensorflow/gradients"),
    (LANGS[len(LANGS) // 2], "Keras", "keras/functional"),  # a block that starts with the shared data
])
def test_copy_button_copies_exactly_the_code_and_it_runs(browser, site, harness, lang, tab, snippet):
    watch = Watch()
    page = new_page(browser, watch, permissions=["clipboard-read", "clipboard-write"])
    page.goto(url(site, lang, "frameworks.md"))
    page.locator(".tabbed-labels label", has_text=tab).first.click()
    block = page.locator(f".highlight:has(.filename:text-is('snippets/{snippet}.py'))").first
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    page.context.close()
    block = next(b for b in read_page(DOCS / lang / "frameworks.md").blocks
                 if b.includes and b.includes[-1] == f"{snippet}.py")
    assert copied.rstrip("\n") == block.code.rstrip("\n"), "the copy button did not copy exactly the block"
    assert_runs_alone_as_shown(harness, lang, block)
    assert not watch.problems(), "\n".join(watch.problems())


def assert_runs_alone_as_shown(harness, lang: str, block) -> None:
    """The block, alone in a python process of its own, prints the output its page shows: the
    code-block tests' own run of that code (the same run when they ran it, else a new one)."""
    run = harness.run(LoneBlock(f"docs/{lang}/frameworks.md", block.line))
    assert not run.problems(), "\n".join(run.problems())


def search_term(lang: str) -> str:
    """The first word of the overfitting page's title in that language: a lesson term."""
    heading = re.search(r"^# (.+?)(?:\s*\{.*\})?\s*$", (DOCS / lang / "overfitting.md").read_text(encoding="utf-8"), re.M)
    return heading.group(1).split()[0]


@pytest.mark.parametrize("lang", LANGS)
def test_search_typed_key_by_key_finds_pages_in_the_reader_language(browser, site, lang):
    watch = Watch()
    page = new_page(browser, watch)
    page.goto(url(site, lang, "index.md"))
    term = search_term(lang)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(term, delay=60)
    if not term.isascii():
        # Off a US keyboard, Playwright inserts text as an input method commits it, with no
        # key events; Material's search reacts to the keyup of the reader's next key.
        page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")
    page.context.close()
    root = url(site, lang, "index.md")
    assert links, f"searching '{term}' in '{lang}' found nothing"
    elsewhere = [link for link in links if not link.startswith(root)
                 or any(link.startswith(url(site, other, "index.md")) for other in LANGS
                        if other not in (lang, DEFAULT))]
    assert not elsewhere, f"searching '{term}' in '{lang}' returned other languages' pages: {elsewhere}"
    assert not watch.problems(), "\n".join(watch.problems())


def figure_and_request_problems(browser, base: str, lang: str) -> list[str]:
    watch, broken = Watch(), []
    page = new_page(browser, watch)
    for name in PAGES:
        page.goto(url(base, lang, name))
        broken += [f"docs/{lang}/{name}: figure {src} did not load" for src in broken_images(page)]
    page.context.close()
    return broken + watch.problems()


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_loads_with_no_console_error_and_no_outside_request(browser, site, lang):
    problems = figure_and_request_problems(browser, site, lang)
    assert not problems, "\n".join(problems)


@pytest.mark.skipif("ar" not in LANGS, reason="no Arabic in mkdocs.yml")
def test_arabic_pages_lay_out_right_to_left(browser, site):
    watch = Watch()
    page = new_page(browser, watch)
    page.goto(url(site, "ar", "frameworks.md"))
    assert page.evaluate("document.body.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"
    # Code stays left to right inside a right-to-left page.
    assert page.evaluate("getComputedStyle(document.querySelector('article pre code')).direction") == "ltr"
    page.context.close()
    assert not watch.problems()


def axe_violations(browser, base: str, lang: str, name: str) -> list[str]:
    """What axe-core finds wrong on a page, one line per violated rule.

    A translation's code blocks (its <pre> elements) are the source page's, byte for byte
    (test_translation_runs_the_source_code), under the same styles: they are audited on the
    source page. Checking the colour contrast of every token again was over half of the
    audit of each translated page."""
    from axe_playwright_python.sync_playwright import Axe
    page = new_page(browser, Watch())
    page.goto(url(base, lang, name))
    if lang != DEFAULT:
        # Left out of the audit, a translation's code blocks still cost axe its walk through
        # every token's <span> (a third of the Spanish frameworks page's audit): each block
        # becomes its own text, as the audit never reads it.
        page.evaluate("document.querySelectorAll('pre').forEach(pre => pre.replaceChildren(pre.textContent))")
    # resultTypes (axe-core's option): the passing, incomplete and inapplicable checks are
    # summarised by one node each instead of listing every node (a quarter of an audit);
    # every violation is still listed in full.
    results = Axe().run(page, context=None if lang == DEFAULT else {"exclude": [["pre"]]},
                        options={"resultTypes": ["violations"]})
    page.context.close()
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


AXE_TEST = "test_axe_finds_no_accessibility_violation"


class Audits:
    """The audits of the pages whose axe test is selected, in a browser of their own, in a
    thread beside the other browser tests: the tests in the main thread use one core, and
    the audits (a third of the browser tests' time) take the other. Each test waits for
    its page's audit."""

    def __init__(self, base: str, pages: list[tuple[str, str]]):
        self.pages = {page: Future() for page in pages}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, args=(base,), name="axe audits")
        if pages:
            self.thread.start()

    def run(self, base: str) -> None:
        from playwright.sync_api import sync_playwright
        try:
            with sync_playwright() as playwright:  # one per thread: Playwright's sync API is not thread-safe
                browser = launch(playwright)
                for (lang, name), result in self.pages.items():
                    if self.stopped.is_set():
                        break
                    try:
                        result.set_result(axe_violations(browser, base, lang, name))
                    except Exception as error:
                        result.set_exception(error)
                browser.close()
        except Exception as error:  # no browser: every waiting test reports it
            for result in self.pages.values():
                if not result.done():
                    result.set_exception(error)
        for result in self.pages.values():
            result.cancel()  # stopped early: nobody waits for the rest

    def violations(self, lang: str, name: str) -> list[str]:
        return self.pages[(lang, name)].result()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()


@pytest.fixture(scope="session", autouse=True)
def audits(request, site):
    """The selected audits, started with this module's first test."""
    require_chromium()
    selected = [(item.callspec.params["lang"], item.callspec.params["name"]) for item in request.session.items
                if getattr(item, "originalname", None) == AXE_TEST and not item.get_closest_marker("skip")]
    audits = Audits(site, selected)
    yield audits
    audits.stop()


@pytest.mark.parametrize("lang,name", [(lang, name) for lang in LANGS for name in AUDITED_PAGES],
                         ids=[f"{lang}/{name}" for lang in LANGS for name in AUDITED_PAGES])
def test_axe_finds_no_accessibility_violation(audits, lang, name):
    violations = audits.violations(lang, name)
    assert not violations, f"docs/{lang}/{name}:\n" + "\n".join(violations)


# --- the same checks on a copy of the site broken on purpose -----------------------------

@pytest.fixture
def broken_site(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site.site, copy)
    return copy


@pytest.mark.translations
def test_a_broken_language_switcher_is_caught(browser, broken_site):
    name, other = next((name, other) for name, other in switches(DEFAULT) if name != "index.md")
    stem = name.removesuffix(".md")
    page = broken_site / stem / "index.html"
    html = page.read_text(encoding="utf-8")
    link = f'href="../{other}/{stem}/" hreflang="{other}"'
    assert link in html, f"the mutation found no '{other}' entry to break on {page}"
    page.write_text(html.replace(link, f'href="../{other}/" hreflang="{other}"'), encoding="utf-8")
    with serve(broken_site) as base:
        problems = language_switch_problems(browser, base, DEFAULT)
    assert any(f"docs/{DEFAULT}/{name}: choosing '{other}' led to" in p for p in problems), problems


def test_a_dead_figure_is_caught(browser, broken_site):
    (broken_site / "assets" / "figures" / "overfit-linear.png").unlink()
    with serve(broken_site) as base:
        problems = figure_and_request_problems(browser, base, DEFAULT)
    assert any("figure ../assets/figures/overfit-linear.png did not load" in p for p in problems), problems


def test_an_accessibility_violation_is_caught(browser, broken_site):
    page = broken_site / "overfitting" / "index.html"
    html = page.read_text(encoding="utf-8")
    figure = '<img alt="A straight line through the five training points" '
    assert figure in html, f"the mutation found no figure to strip of its text on {page}"
    page.write_text(html.replace(figure, "<img "), encoding="utf-8")
    with serve(broken_site) as base:
        violations = axe_violations(browser, base, DEFAULT, "overfitting.md")
    assert any(v.startswith("image-alt ") for v in violations), violations


def test_an_outside_request_is_caught(browser, broken_site):
    page = broken_site / "overfitting" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", '<script src="https://cdn.example.com/tracker.js"></script></body>'),
                    encoding="utf-8")
    with serve(broken_site) as base:
        problems = figure_and_request_problems(browser, base, DEFAULT)
    assert "request left 127.0.0.1: https://cdn.example.com/tracker.js" in problems, problems


# --- quizzes -------------------------------------------------------------------------------

def quiz_strings(lang: str) -> dict[str, str]:
    """The plugin's own feedback strings in a language, as mkdocs.yml configures them."""
    from mkdocs_quiz.translations import TranslationManager
    from lessonkit.pages import mkdocs_config
    quiz = mkdocs_config().plugins["mkdocs_quiz"].config
    language = next((p["language"] for p in quiz["language_patterns"] if p["pattern"] == f"{lang}/*"), lang)
    custom = quiz["custom_translations"].get(language)
    manager = TranslationManager(language, ROOT / custom if custom else None)
    return {key: manager.get(key) for key in ("Correct answer!", "Incorrect answer.")}


QUIZ_LANGS = [DEFAULT] + [lang for lang in LANGS if lang != DEFAULT][:1]


@pytest.mark.parametrize("lang", QUIZ_LANGS)
def test_quiz_answers_get_the_right_feedback_in_the_reader_language(browser, site, lang):
    strings, watch = quiz_strings(lang), Watch()
    page = new_page(browser, watch)
    page.goto(url(site, lang, "quiz-before.md"))
    # Question 1: a wrong answer, marked wrong, with its explanation pointing into the lesson.
    page.click("label[for='quiz-0-1']")
    feedback = page.locator("#quiz-0 .quiz-feedback")
    feedback.wait_for(state="visible")
    assert "wrong" in page.locator("#quiz-0 input#quiz-0-1 >> xpath=..").get_attribute("class")
    assert feedback.locator(".quiz-feedback-item.incorrect").count() == 1
    link = feedback.locator("a").first.get_attribute("href")
    assert link.endswith("frameworks/#frameworks-for-neural-networks"), link
    # Question 2: the right answer, marked right, with the plugin's message in the page's language.
    page.click("label[for='quiz-1-2']")
    feedback = page.locator("#quiz-1 .quiz-feedback")
    feedback.wait_for(state="visible")
    assert "correct" in page.locator("#quiz-1 input#quiz-1-2 >> xpath=..").get_attribute("class")
    assert feedback.inner_text().strip() == strings["Correct answer!"]
    page.context.close()
    assert not watch.problems(), "\n".join(watch.problems())


def test_a_block_downloads_as_a_python_file_that_runs(browser, site, harness):
    """The download link under a block gives the block as a complete script, which runs
    and prints what the page shows; its first lines say what it was tested with."""
    lang, snippet = LANGS[-1], "keras/functional"  # a block that starts with the shared data
    watch = Watch()
    page = new_page(browser, watch)
    page.goto(url(site, lang, "frameworks.md"))
    page.locator(".tabbed-labels label", has_text="Keras").first.click()
    link = page.locator(f"a[download='{Path(snippet).name}.py']").first
    with page.expect_download() as download:
        link.click()
    with tempfile.TemporaryDirectory() as cwd:
        script = Path(cwd) / download.value.suggested_filename
        download.value.save_as(script)
        page.context.close()
        text = script.read_text(encoding="utf-8")
    assert script.name == "functional.py"
    block = next(b for b in read_page(DOCS / lang / "frameworks.md").blocks
                 if b.includes and b.includes[-1] == f"{snippet}.py")
    assert text.endswith(block.code), "the downloaded file is not the block as the page shows it"
    header = text[: -len(block.code)].splitlines()
    assert header and all(line.startswith("# ") or not line.strip() for line in header), (
        f"the download adds more than comments: {header}")
    assert re.search(r"^# Tested with Python [\d.]+, TensorFlow [\d.]+, Keras [\d.]+, on CPU, \d{4}-\d\d-\d\d\.",
                     text, re.M), text[:400]
    assert_runs_alone_as_shown(harness, lang, block)  # comments aside, the file is that code
    assert not watch.problems(), "\n".join(watch.problems())
