"""The theme's templates, listed and compiled once for all the languages of a build.

mkdocs-static-i18n builds each language with its own Jinja environment, and `mkdocs serve`
makes new ones for each rebuild. Two costs came with every environment:

- MkDocs lists every file of the theme to find the static files it copies
  (`Files.add_files_from_theme`), then drops each name that has a folder or file starting
  with a dot. Material keeps its 14,000 icons under `.icons/`: listing and dropping them
  took about a third of a second per language, to keep Material's 161 other files.
  `ThemeLoader` does not walk into dot folders, so MkDocs gets the same list. The icons
  stay loadable: Material's templates include them by name.
- Each environment compiled the same templates again. `SharedBytecode` keeps them for as
  long as the process lives, keyed (by Jinja) on the template's name and a checksum of its
  source, so an edited template is compiled again.

MkDocs has no setting for either: `theme_environment` gives the theme's `get_env` a
wrapper that returns its environment with both (the hooks install it in on_config).
"""

from __future__ import annotations

import os

import jinja2


class ThemeLoader(jinja2.FileSystemLoader):
    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                # MkDocs drops every path with a part starting with a dot: skip those folders.
                subfolders[:] = [sub for sub in subfolders if not sub.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                for name in names:
                    path = name if relative == "." else os.path.join(relative, name)
                    found.add(path.replace(os.path.sep, "/"))
        return sorted(found)


class SharedBytecode(jinja2.BytecodeCache):
    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


BYTECODE = SharedBytecode()


def theme_environment(theme) -> None:
    """Make `theme.get_env()` (called by MkDocs for each build, and by Material's search
    plugin for its strings) return environments that list and compile as above."""
    make_env = type(theme).get_env

    def get_env() -> jinja2.Environment:
        env = make_env(theme)
        env.loader = ThemeLoader(env.loader.searchpath, followlinks=env.loader.followlinks)
        env.bytecode_cache = BYTECODE
        return env

    theme.get_env = get_env
