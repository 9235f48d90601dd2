"""Rewrite the printed output shown in the pages: `python -m lessonkit.outputs`.

The same as `python -m pytest tests/test_code_blocks.py --device=cpu --update-outputs`
on the English pages and the notebooks: the harness (lessonkit/harness.py) runs every
reader path as the tests do and writes what each block printed into its
`snippets/**/NAME.output.txt`. Run it after changing a snippet, then review the diff.
Extra arguments go to pytest (for instance `-k frameworks`).
"""
import os
import sys

import pytest

from lessonkit.pages import ONLY, ROOT, source_language


def main(args: list[str]) -> int:
    os.environ.setdefault(ONLY, source_language())  # translations run the same code
    return pytest.main([str(ROOT / "tests" / "test_code_blocks.py"), "--device=cpu", "--update-outputs",
                        "-q", "-p", "no:cacheprovider", *args])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
