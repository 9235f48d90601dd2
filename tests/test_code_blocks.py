"""Every code block of every page in every language runs, as a reader would run it;
so does every code cell of every notebook, top to bottom.

One test per page and reader path (the blocks outside tabs plus one framework's tabs,
top to bottom, sharing one namespace like a REPL). A failure names the page and line
and shows the traceback; a shown output that differs from the printed one fails too.
"""

import pytest

from conftest import PageError, all_notebooks, all_pages, load_page, run_reader_path


def reader_paths():
    for rel in all_pages() + all_notebooks():
        page = load_page(rel)
        if isinstance(page, PageError):
            yield pytest.param(rel, None, id=f"{rel}::unreadable")
            continue
        for label in page.reader_paths():
            yield pytest.param(rel, label, id=f"{rel}::{label}")


@pytest.mark.parametrize("rel,label", list(reader_paths()))
def test_reader_path_runs(rel, label, block_timeout):
    page = load_page(rel)
    if isinstance(page, PageError):
        pytest.fail(str(page), pytrace=False)
    problems = run_reader_path(page, label, block_timeout).problems()
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
