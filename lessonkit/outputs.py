"""Rewrite the printed output shown in the pages: `python -m lessonkit.outputs`.

Each `snippets/**/NAME.output.txt` is what `snippets/**/NAME.py` prints. Pages include
these files under their code, and the tests fail when a file no longer matches what
its script prints; run this after changing a snippet, then review the diff.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from lessonkit.pages import ROOT

SUFFIX = ".output.txt"


def main() -> int:
    failed = 0
    for output in sorted((ROOT / "snippets").rglob(f"*{SUFFIX}")):
        script = output.with_name(output.name[: -len(SUFFIX)] + ".py")
        with tempfile.TemporaryDirectory() as cwd:
            result = subprocess.run([sys.executable, str(script)], cwd=cwd, capture_output=True, text=True,
                                    env={**os.environ, "MPLBACKEND": "Agg"})
        if result.returncode != 0:
            print(f"FAILED {script.relative_to(ROOT)}\n{result.stderr[-2000:]}", file=sys.stderr)
            failed += 1
            continue
        changed = output.read_text(encoding="utf-8") != result.stdout
        output.write_text(result.stdout, encoding="utf-8")
        print(f"{'updated' if changed else 'same   '} {output.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
