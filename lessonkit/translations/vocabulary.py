"""Each language's vocabulary: lessonkit/vocabulary/LANG.yml (decimal mark, lesson terms)."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from lessonkit.pages import ROOT


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


def glossary_terms(lang: str, root: Path = ROOT) -> dict[str, dict]:
    return {term: entry or {} for term, entry in (vocabulary(lang, root).get("terms") or {}).items()}
