"""A page's outline: what the checks compare between a translation and its English page,
each part with the line it is on (code fences, includes, headings, admonitions, tables,
images, links, raw HTML, claim markers, numbers, quizzes, prose by section)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lessonkit.numbers import in_prose
from lessonkit.pages import INCLUDE
from lessonkit.translations.frontmatter import front_matter

FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<text>.*?)\s*(?:\{\s*#(?P<id>[\w-]+)\s*\})?\s*$")
ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+(?P<type>\w+)")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)|<(?P<auto>https?://[^>\s]+)>")
HTML_TAG = re.compile(r"<(?P<close>/?)(?P<tag>[a-zA-Z][\w-]*)(?=[\s>/])|<!--")
CLAIM = re.compile(r"^\s*<!--\s*claim:\s*(?P<id>[\w-]+)\s*-->\s*$")
INLINE_CODE = re.compile(r"`[^`]*`")
ATTRIBUTES = re.compile(r"\{\s*[#.:][^}]*\}|\{\s*width=[^}]*\}")
QUIZ_CHOICE = re.compile(r"^\s*[-*]\s*\[(?P<mark>[xX ]?)\]\s")  # mkdocs-quiz: - [x] right, - [ ] wrong
WORD = re.compile(r"[^\W\d_]{2,}")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass
class Parsed:
    """What the checks compare, each with the line it is on."""
    lines: list[str]
    front_matter: dict | None
    front_matter_error: str | None
    fences: list[tuple[int, str, str]]  # (line, info without title, body)
    includes: list[tuple[int, str]]
    headings: list[tuple[int, int, str | None]]  # (line, level, id)
    admonitions: list[tuple[int, str]]
    tables: list[tuple[int, int, int]]  # (line, rows, columns)
    images: list[tuple[int, str]]
    links: list[tuple[int, str]]
    html: list[tuple[int, str]]
    numbers: list[tuple[int, str]]  # (line, value with a decimal point); tables included
    paragraphs: list[tuple[int, str]]  # prose, markup stripped
    quizzes: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)  # (line, choices, correct)
    claims: list[tuple[int, str]] = field(default_factory=list)  # (line of the marker, claim id)
    prose_numbers: list[tuple[int, str, str]] = field(default_factory=list)  # outside tables: (line, value, written)
    sections: list[tuple[int, str | None, list[str]]] = field(default_factory=list)  # (heading line, id, prose)


def strip_title(info: str) -> str:
    return re.sub(r'\s*title="[^"]*"', "", info).strip()


def parse(text: str, decimal: str = ".") -> Parsed:
    data, error, skip = front_matter(text)
    lines = text.splitlines()
    parsed = Parsed(lines, data, error, [], [], [], [], [], [], [], [], [], [])
    fence, body, table, paragraph, quiz = None, [], None, None, None
    parsed.sections.append((1, None, []))

    def end_paragraph():
        nonlocal paragraph
        if paragraph:
            parsed.paragraphs.append((paragraph[0], " ".join(paragraph[1])))
            parsed.sections[-1][2].append(" ".join(paragraph[1]))
        paragraph = None

    for number, line in enumerate(lines, start=1):
        if number <= skip:
            continue
        if fence:
            closing = FENCE.match(line)
            if closing and closing["ticks"][0] == fence[1][0] and len(closing["ticks"]) >= len(fence[1]) \
                    and not closing["info"].strip():
                parsed.fences.append((fence[0], strip_title(fence[2]), "\n".join(body)))
                fence, body = None, []
            else:
                body.append(line.strip())
                include = INCLUDE.match(line)
                if include:
                    parsed.includes.append((number, include["path"]))
            continue
        opening = FENCE.match(line)
        if opening:
            end_paragraph()
            table = None
            fence = (number, opening["ticks"], opening["info"])
            continue
        include = INCLUDE.match(line)
        if include:
            parsed.includes.append((number, include["path"]))
        stripped = line.strip()
        if stripped == "<quiz>":
            quiz = [number, []]
        elif stripped == "</quiz>" and quiz:
            parsed.quizzes.append((quiz[0], len(quiz[1]), tuple(i for i, c in enumerate(quiz[1]) if c)))
            quiz = None
        elif quiz and (choice := QUIZ_CHOICE.match(line)):
            quiz[1].append(choice["mark"].lower() == "x")
        if stripped.startswith("|"):
            if table and table[0] + table[1] == number:
                table[1] += 1
            else:
                table = [number, 1, stripped.strip("|").count("|") + 1]
                parsed.tables.append(table)
        else:
            table = None
        heading = HEADING.match(line)
        if heading:
            end_paragraph()
            parsed.headings.append((number, len(heading["level"]), heading["id"]))
            parsed.sections.append((number, heading["id"], []))
        admonition = ADMONITION.match(line)
        if admonition:
            parsed.admonitions.append((number, admonition["type"]))
        parsed.images += [(number, m["target"]) for m in IMAGE.finditer(line)]
        parsed.links += [(number, m["target"] or m["auto"]) for m in LINK.finditer(line)]
        claim = CLAIM.match(line)
        if claim:
            parsed.claims.append((number, claim["id"]))
        prose = INLINE_CODE.sub(" ", line)
        if not claim:  # claim markers are compared on their own, in order
            parsed.html += [(number, "<!--" if m.group(0) == "<!--" else f"<{m['close']}{m['tag']}>")
                            for m in HTML_TAG.finditer(prose)]
        prose = re.sub(r"<!--.*?-->", " ", prose)
        prose = re.sub(r"\]\([^)]*\)", "]", prose)  # link targets are not prose
        prose = ATTRIBUTES.sub(" ", prose)
        prose = re.sub(r'^\s*(?:!!!|\?\?\?\+?)\s+\w+', " ", prose)
        prose = re.sub(r'^\s*===\s+"[^"]*"', " ", prose)
        prose = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", " ", prose)  # list markers are not numbers
        found = in_prose(prose, decimal)
        parsed.numbers += [(number, value) for value, _ in found]
        if not stripped.startswith("|"):
            parsed.prose_numbers += [(number, value, written) for value, written in found]
        text = re.sub(r"[*_#>|!\[\]]", " ", prose).strip()
        if not stripped or INCLUDE.match(line) or stripped.startswith("|"):  # tables: names, not prose
            end_paragraph()
        elif text:
            if paragraph is None:
                paragraph = (number, [])
            paragraph[1].append(text)
    end_paragraph()
    return parsed
