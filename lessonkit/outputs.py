"""Rewrite the printed output shown in the pages: `python -m lessonkit.outputs`.

A block's shown output is `snippets/**/NAME.output.txt`, where NAME.py is the last
snippet the block includes (a block may start with shared lines such as
snippets/data/points.py). This runs every reader path of the source-language pages
exactly as the tests do, and writes what each such block printed. The tests fail when
a file no longer matches; run this after changing a snippet, then review the diff.
"""
import sys

from lessonkit.pages import ROOT, page_paths, read_page, source_language
from lessonkit.runner import run_blocks

SUFFIX = ".output.txt"


def main() -> int:
    written: dict[str, str] = {}
    failed = 0
    for path in page_paths(source_language()):
        page = read_page(path)
        for label, blocks in page.reader_paths().items():
            results = run_blocks(blocks, 600, {"CUDA_VISIBLE_DEVICES": ""})
            for block, result in zip(blocks, results):
                if not result.ok:
                    print(f"FAILED {block.where} ({label}):\n{result.error[-2000:]}", file=sys.stderr)
                    failed += 1
                    break
                if block.expected_output is None or not block.includes:
                    continue
                target = block.includes[-1].removesuffix(".py") + SUFFIX
                if written.setdefault(target, result.stdout) != result.stdout:
                    print(f"CONFLICT {block.where}: {target} prints differently on another path", file=sys.stderr)
                    failed += 1
    for target, stdout in sorted(written.items()):
        output = ROOT / "snippets" / target
        changed = not output.exists() or output.read_text(encoding="utf-8") != stdout
        output.write_text(stdout, encoding="utf-8")
        print(f"{'updated' if changed else 'same   '} snippets/{target}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
