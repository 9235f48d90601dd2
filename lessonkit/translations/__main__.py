"""The translators' command line: `python -m lessonkit.translations --help`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessonkit.pages import ROOT
from lessonkit.translations import __doc__ as DESCRIPTION
from lessonkit.translations.checks import check
from lessonkit.translations.languages import new_language
from lessonkit.translations.seeds import import_page
from lessonkit.translations.status import record, status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessonkit.translations",
                                     description=DESCRIPTION.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("status", help="up to date, outdated (with the English diff) or missing, per page")
    p.add_argument("langs", nargs="*")
    p = commands.add_parser("record", help="note that pages now translate the current English pages")
    p.add_argument("lang")
    p.add_argument("pages", nargs="*")
    p = commands.add_parser("check", help="run the quality checks; exit 1 on any finding")
    p.add_argument("langs", nargs="*")
    p = commands.add_parser("import", help="clean a machine-translated page into docs/LANG/PAGE")
    p.add_argument("seed", type=Path)
    p.add_argument("lang")
    p.add_argument("page")
    p = commands.add_parser("new", help="start a language")
    p.add_argument("lang")
    p.add_argument("name")
    args = parser.parse_args(argv)

    if args.command == "status":
        report = status(args.langs or None)
        for entry in report:
            print(entry.line())
        for entry in report:
            if entry.diff:
                print(f"\n--- docs/{entry.lang}/{entry.name} is outdated; the English page changed since:\n{entry.diff}")
        return 0
    if args.command == "record":
        print("\n".join(record(args.lang, args.pages or None)))
        return 0
    if args.command == "check":
        findings = check(args.langs or None)
        print("\n".join(map(str, findings)) or "no findings")
        return 1 if findings else 0
    if args.command == "import":
        out, repaired, to_fix = import_page(args.seed, args.lang, args.page)
        print(f"wrote {out.relative_to(ROOT)}")
        print("repaired:\n" + "\n".join(f"  - {r}" for r in repaired) if repaired else "repaired: nothing")
        print("a person must fix:\n" + "\n".join(f"  - {f}" for f in to_fix) if to_fix else "nothing left to fix")
        return 1 if to_fix else 0
    if args.command == "new":
        print("\n".join(new_language(args.lang, args.name)))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
