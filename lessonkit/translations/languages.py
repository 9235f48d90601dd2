"""`new`: start a language (its folder, and its entry in mkdocs.yml)."""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from lessonkit.pages import ROOT
from lessonkit.translations.status import SOURCE, docs


def new_language(code: str, name: str, root: Path = ROOT) -> list[str]:
    if not re.fullmatch(r"[a-z]{2}(?:_[A-Z]{2})?", code):
        raise SystemExit(f"'{code}' is not a language code such as 'it' or 'pt_BR'")
    mkdocs_yml = root / "mkdocs.yml"
    # Round-trip YAML: the file keeps its comments, quotes and layout; only the entry is added.
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"))
    i18n = next((plugin["i18n"] for plugin in config.get("plugins") or []
                 if isinstance(plugin, dict) and "i18n" in plugin), None)
    if i18n is None or not i18n.get("languages"):
        raise SystemExit("mkdocs.yml: no plugins.i18n.languages entries found")
    if any(language.get("locale") == code for language in i18n["languages"]):
        raise SystemExit(f"mkdocs.yml already has the language '{code}'")
    entry = CommentedMap(locale=code, name=name, build=False)
    entry.yaml_add_eol_comment(f"true once `python -m lessonkit.translations check {code}` is clean", "build")
    i18n["languages"].append(entry)
    with open(mkdocs_yml, "w", encoding="utf-8") as out:
        yaml.dump(config, out)
    folder = docs(root) / code
    folder.mkdir(parents=True, exist_ok=True)
    return [f"mkdocs.yml: added '{code}' ({name}), not built until you set build: true",
            f"docs/{code}/: translate each page of docs/{SOURCE}/ into it, keeping code, includes, heading ids, "
            "links and numbers; then `record` and `check`"]
