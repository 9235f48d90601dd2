"""Which translated pages are up to date with the English page they translate.

Each translated page records, in its front matter, `source_hash`: the first 12 hex digits
of the SHA-256 of the English page it translates. A page whose English source has changed
since is outdated: the status shows the English diff since that version (found in git
history), and readers of the page see a notice linking to the English page.
"""

from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lessonkit.pages import ROOT, configured_languages, selected, source_language
from lessonkit.translations.frontmatter import HASH_KEY, front_matter, set_front_matter_key, source_hash_of

SOURCE = source_language()  # from mkdocs.yml, as everywhere


def docs(root: Path = ROOT) -> Path:
    return root / "docs"


@dataclass
class Status:
    lang: str
    name: str
    state: str  # "up to date", "outdated", "missing", "unrecorded"
    diff: str = ""

    def line(self) -> str:
        return f"{self.lang:4} {self.name:22} {self.state}"


def target_languages(root: Path = ROOT, built_only: bool = False) -> list[str]:
    """The languages translated into (every configured one but the source), in mkdocs.yml's
    order: all of them, or only those built. pages.languages() is the built site's list,
    the source first."""
    return [lang["locale"] for lang in configured_languages(root)
            if lang["locale"] != SOURCE and (lang.get("build", True) or not built_only) and selected(lang["locale"])]


def source_pages(root: Path = ROOT) -> list[str]:
    """English pages to translate: all but those marked `translate: false` (the translators' guide)."""
    pages = []
    for path in sorted((docs(root) / SOURCE).rglob("*.md")):
        data, _, _ = front_matter(path.read_text(encoding="utf-8"))
        if (data or {}).get("translate", True) is not False:
            pages.append(path.relative_to(docs(root) / SOURCE).as_posix())
    return pages


def source_at(root: Path, name: str, digest: str) -> str | None:
    """The English page as it was when its hash was `digest`, from git history."""
    rel = f"docs/{SOURCE}/{name}"
    log = subprocess.run(["git", "log", "--format=%H", "--", rel], cwd=root, capture_output=True, text=True)
    for commit in log.stdout.split():
        shown = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=root, capture_output=True, text=True)
        if shown.returncode == 0 and source_hash_of(shown.stdout) == digest:
            return shown.stdout
    return None


def status(langs: list[str] | None = None, root: Path = ROOT) -> list[Status]:
    report = []
    for lang in langs or target_languages(root):
        for name in source_pages(root):
            source_text = (docs(root) / SOURCE / name).read_text(encoding="utf-8")
            page = docs(root) / lang / name
            if not page.exists():
                report.append(Status(lang, name, "missing"))
                continue
            data, _, _ = front_matter(page.read_text(encoding="utf-8"))
            recorded = (data or {}).get(HASH_KEY)
            if not recorded:
                report.append(Status(lang, name, "unrecorded"))
            elif recorded == source_hash_of(source_text):
                report.append(Status(lang, name, "up to date"))
            else:
                old = source_at(root, name, str(recorded))
                diff = ("\n".join(difflib.unified_diff(old.splitlines(), source_text.splitlines(),
                                                      f"docs/{SOURCE}/{name} ({recorded})",
                                                      f"docs/{SOURCE}/{name} (now)", lineterm=""))
                        if old is not None else f"(version {recorded} of docs/{SOURCE}/{name} is not in git "
                                                 "history: compare the page with the English page by hand)")
                report.append(Status(lang, name, "outdated", diff))
    return report


def english_change_date(name: str, root: Path = ROOT) -> str:
    """When the English page took its current form: its last commit's date, or that it is
    not committed yet."""
    rel = f"docs/{SOURCE}/{name}"
    changed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", rel], cwd=root).returncode != 0
    if changed:
        return "not committed yet"
    log = subprocess.run(["git", "log", "-1", "--format=%cs", "--", rel], cwd=root, capture_output=True, text=True)
    return log.stdout.strip() or "not committed yet"


def is_outdated(lang: str, name: str, root: Path = ROOT) -> bool:
    """For the site: is this translated page behind its English source?"""
    page, source = docs(root) / lang / name, docs(root) / SOURCE / name
    if lang == SOURCE or not page.exists() or not source.exists():
        return False
    data, _, _ = front_matter(page.read_text(encoding="utf-8"))
    return (data or {}).get(HASH_KEY) != source_hash_of(source.read_text(encoding="utf-8"))


def record(lang: str, names: list[str] | None = None, root: Path = ROOT) -> list[str]:
    done = []
    for name in names or source_pages(root):
        page = docs(root) / lang / name
        digest = source_hash_of((docs(root) / SOURCE / name).read_text(encoding="utf-8"))
        page.write_text(set_front_matter_key(page.read_text(encoding="utf-8"), HASH_KEY, digest), encoding="utf-8")
        done.append(f"docs/{lang}/{name}: {HASH_KEY} {digest}")
    return done
