"""Code blocks highlighted once for every language.

A translated page shows the same snippets as the English one, and Pygments gave the same
HTML for each of the eight languages: about a fifth of a warm eight-language build. The
hooks (on_config) put `CachedHighlightExtension` in the place of `pymdownx.highlight`, with
the same settings, so nothing else about the pages changes.

pymdownx has no cache and no option for one. Its superfences asks the first registered
extension that has `get_pymdownx_highlighter` for the class that highlights a fence (the
way pymdownx.highlight itself plugs in); this extension answers with a subclass whose
results are kept for as long as the process lives (one `mkdocs build`, or `mkdocs serve`).
"""

from __future__ import annotations

from pymdownx.highlight import Highlight, HighlightExtension

NAME = "pymdownx.highlight"
_highlighted: dict[tuple, str] = {}
LIMIT = 10_000  # blocks kept; under `mkdocs serve` every edited version of a block is a new key


class CachedHighlight(Highlight):
    def highlight(self, src, language, *args, **kwargs):
        if kwargs.get("inline"):  # inline code comes back as an element of this page's tree
            return super().highlight(src, language, *args, **kwargs)
        settings = {name: value for name, value in vars(self).items() if name != "md"}
        key = (src, language, repr(args), repr(sorted(kwargs.items())), repr(sorted(settings.items())))
        if key not in _highlighted:
            if len(_highlighted) >= LIMIT:
                _highlighted.clear()
            _highlighted[key] = super().highlight(src, language, *args, **kwargs)
        return _highlighted[key]


class CachedHighlightExtension(HighlightExtension):
    def get_pymdownx_highlighter(self):
        return CachedHighlight


def replace_highlight(extensions: list, configs: dict) -> None:
    """Put the cached highlighter where mkdocs.yml lists pymdownx.highlight, with its settings."""
    if NAME in extensions:
        extensions[extensions.index(NAME)] = CachedHighlightExtension(**configs.get(NAME, {}))
