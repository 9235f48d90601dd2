"""The figure snippets (lessonkit/figures.py): each runs once for the build and the tests,
and a failing one stops with its name and its stderr."""

import textwrap

import pytest

from lessonkit import figures
from lessonkit.harness import Harness, LoneBlock, load_page


def script(tmp_path, body: str):
    path = tmp_path / "drawing.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_figure_script_runs_once_and_its_run_is_kept(tmp_path):
    runs = tmp_path / "runs.txt"
    drawing = script(tmp_path, f"""
        import matplotlib.pyplot as plt
        with open({str(runs)!r}, "a") as log:
            log.write("ran\\n")
        plt.plot([0, 1], [1, 0])
        plt.savefig("drawing.png")
        print("drawn")
    """)
    cache = tmp_path / "cache"
    first = figures.make(drawing, cache)
    second = figures.make(drawing, cache)
    assert first == second and (first / "drawing.png").stat().st_size > 0
    assert runs.read_text() == "ran\n"
    assert (first / figures.DONE).read_text() == "drawn\n"


def test_a_failing_figure_script_names_itself_and_quotes_its_stderr(tmp_path):
    drawing = script(tmp_path, """
        import matplotlib.pyplot as plt
        plt.savefig("never.png") if False else None
        raise ValueError("no data to draw")
    """)
    with pytest.raises(figures.FigureError) as caught:
        figures.make(drawing, tmp_path / "cache")
    assert "drawing.py failed while making figures" in str(caught.value)
    assert "ValueError: no data to draw" in str(caught.value)
    assert not figures.is_made(drawing, tmp_path / "cache")


def test_a_figure_snippets_block_on_its_own_is_judged_on_the_builds_run(tmp_path, monkeypatch):
    """On the CPU the harness does not run a figure snippet's block again: it judges what
    the build's run printed (here marked, so that a second run would show)."""
    monkeypatch.setattr(figures, "CACHE", tmp_path / "cache")
    polyfit = next(s for s in figures.scripts() if s.name == "polyfit.py")
    rel = "docs/en/overfitting.md"
    block = next(b for b in load_page(rel).blocks if figures.script_of(b.code) == polyfit)
    printed = figures.make(polyfit) / figures.DONE
    printed.write_text(printed.read_text() + "as the build printed it\n")
    harness = Harness("cpu", block_timeout=120, workers=1)
    try:
        [result] = harness.start(LoneBlock(rel, block.line)).result()
    finally:
        harness.pool.shutdown()
    assert result.ok and result.stdout == printed.read_text()
    assert result.stdout.endswith("as the build printed it\n")
