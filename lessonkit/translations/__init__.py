"""Translators' tools. Run `python -m lessonkit.translations --help`.

    status [LANG...]        up to date / outdated (with the English diff) / missing, per page
    record LANG [PAGE...]   note that LANG's pages now translate the current English pages
    check [LANG...]         the quality checks the tests run, as file:line: what to fix
    import SEED LANG PAGE   turn a machine-translated page into a clean docs/LANG/PAGE
    new LANG NAME           start a language: folder, status entries, mkdocs.yml entry

Its parts, one idea each: frontmatter (the fingerprint a translation records), status
(up to date or outdated), outline (what a page is made of, line by line), checks,
vocabulary (decimal mark and glossary per language), seeds (`import`), languages (`new`)
and __main__ (the command line). The names other code uses are imported here.

Each translated page records, in its front matter, `source_hash`: the first 12 hex digits
of the SHA-256 of the English page it translates. A page whose English source has changed
since is outdated: the status shows the English diff since that version (found in git
history), and readers of the page see a notice linking to the English page.
"""

from lessonkit.translations.checks import (
    Finding, check, check_language, check_page, detected_language, mojibake)
from lessonkit.translations.frontmatter import (
    HASH_KEY, front_matter, set_front_matter_key, source_hash_of)
from lessonkit.translations.languages import new_language
from lessonkit.translations.outline import Parsed, parse
from lessonkit.translations.seeds import import_page
from lessonkit.translations.status import (
    SOURCE, Status, english_change_date, is_outdated, record, source_pages, status, target_languages)
from lessonkit.translations.vocabulary import decimal_separator, vocabulary, vocabulary_path

__all__ = ["Finding", "check", "check_language", "check_page", "detected_language", "mojibake", "HASH_KEY",
           "front_matter", "set_front_matter_key", "source_hash_of", "new_language", "Parsed", "parse",
           "import_page", "SOURCE", "Status", "english_change_date", "is_outdated", "record", "source_pages",
           "status", "target_languages", "decimal_separator", "vocabulary", "vocabulary_path"]
