"""What a number looks like: in what code prints, and in the prose of a language.

The one place for both patterns: output comparison (outputs.py), the translation checks
(lessonkit/translations/) and the tests that read printed numbers all use these.
"""

from __future__ import annotations

import re

# As Python prints it: -0.25, 3, 1e-05. Not part of a name (x1) or of a longer number.
PRINTED = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")

# In prose: ASCII neighbours only, since in Chinese or Japanese a digit may touch a letter
# of the script. The decimal mark may be a point or a comma (French and German write 0,82).
IN_PROSE = re.compile(r"(?<![A-Za-z0-9_.,])\d+(?:[.,]\d+)?(?![A-Za-z0-9_])")


def printed(text: str) -> list[str]:
    """The numbers in what code printed, in order, as printed."""
    return PRINTED.findall(text)


def in_prose(prose: str, decimal: str = ".") -> list[tuple[str, str]]:
    """(value with a decimal point, as written) for each number in a line of prose.

    With decimal "," a comma is the decimal mark; with "." a comma between digits
    (1,5) is read as written, so that it never equals the source's 1.5."""
    found = []
    for match in IN_PROSE.finditer(prose):
        written = match.group(0)
        found.append((written.replace(",", ".") if decimal == "," else written, written))
    return found


def written_as(value: str, decimal: str) -> str:
    """A number as printed by code (0.82), written the way a language writes it (0,82)."""
    return value.replace(".", decimal)
