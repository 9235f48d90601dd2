"""Every code block of every page in every language runs, as a reader would run it;
so does every code cell of every notebook, top to bottom.

One test per page and reader path (the blocks outside tabs plus one framework's tabs,
top to bottom, sharing one namespace like a REPL). A failure names the page and line
and shows the traceback; a shown output that differs from the printed one fails too.
"""

import pytest

from lessonkit.harness import LoneBlock, Page, PageError, ReaderPath, all_notebooks, all_pages, load_page
from lessonkit import notebooks
from lessonkit.pages import source_language


def reader_paths():
    for rel in all_pages() + all_notebooks():
        page = load_page(rel)
        if isinstance(page, PageError):
            yield pytest.param(rel, id=f"{rel}::unreadable")
            continue
        for label in page.reader_paths():
            yield pytest.param(ReaderPath(rel, label), id=f"{rel}::{label}")


@pytest.mark.parametrize("path", list(reader_paths()))
def test_reader_path_runs(path, harness):
    if not isinstance(path, ReaderPath):
        pytest.fail(str(load_page(path)), pytrace=False)
    problems = harness.run(path).problems()
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def blocks_not_first():
    """Each distinct block of the source pages and notebooks that no reader path starts with
    (a path's first block already runs in a process of its own). Translations run the same code."""
    seen, params = set(), []
    for rel in all_pages() + all_notebooks():
        page = load_page(rel)
        if not isinstance(page, Page) or page.lang not in (source_language(), "notebooks"):
            continue
        if not notebooks.cells_stand_alone(rel):
            continue  # a starter notebook's cells build on each other
        firsts = {blocks[0].code.strip() for blocks in page.reader_paths().values()}
        for block in page.blocks:
            if block.code.strip() not in seen and block.code.strip() not in firsts:
                params.append(pytest.param(LoneBlock(rel, block.line), id=block.where))
            seen.add(block.code.strip())
    return params


@pytest.mark.parametrize("block", blocks_not_first())
def test_block_runs_on_its_own(block, harness):
    """What a reader copies with the copy button is one block: it must run alone, as shown."""
    problems = harness.run(block).problems()
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
