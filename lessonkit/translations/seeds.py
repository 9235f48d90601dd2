"""`import`: turn a machine-translated page (a seed) into a clean docs/LANG/PAGE."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import ftfy

from lessonkit.pages import ALLOWED_HOSTS, ROOT
from lessonkit.translations.checks import Finding, check_page, detected_language, mojibake
from lessonkit.translations.status import SOURCE, docs


METADATA = re.compile(r"<!--\s*CO_OP_TRANSLATOR_METADATA:\s*(?P<json>\{.*?\})\s*-->\s*", re.S)


def repair_encoding(line: str) -> str:
    for codec in ("mac_roman", "cp1252"):
        try:
            fixed = line.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != line:
            return fixed
    return ftfy.fix_text(line)


def link_is_live(target: str, lang: str, page_dir: Path, root: Path) -> bool:
    if re.match(r"^[a-z]+://", target):
        parsed = urlparse(target)
        return parsed.scheme == "https" and parsed.hostname in ALLOWED_HOSTS
    path = target.split("#")[0]
    if not path:
        return True
    for folder in (docs(root) / lang / page_dir, docs(root) / SOURCE / page_dir):
        if (folder / path).resolve().exists():
            return True
    return False


def import_page(seed: Path, lang: str, name: str, root: Path = ROOT) -> tuple[Path, list[str], list[Finding]]:
    """Write docs/LANG/NAME from a pipeline's page; return (path, what was repaired, what a person must fix)."""
    text = seed.read_text(encoding="utf-8", errors="replace")
    repaired = []
    header = METADATA.search(text)
    if header:
        claimed = json.loads(header["json"]).get("language_code")
        text = text[: header.start()] + text[header.end():]
        repaired.append("removed the CO_OP_TRANSLATOR_METADATA header"
                        + (f" (it claimed language '{claimed}', imported as '{lang}')" if claimed != lang else ""))
    lines = text.splitlines()
    fixed_lines = [repair_encoding(line) if mojibake(line) else line for line in lines]
    damaged = sum(1 for a, b in zip(lines, fixed_lines) if a != b)
    if damaged:
        repaired.append(f"repaired encoding damage on {damaged} lines")
    text = "\n".join(fixed_lines) + "\n"

    # Paragraphs in another language (apologies, disclaimers) are not lesson content.
    blocks, kept = re.split(r"\n\s*\n", text), []
    for block in blocks:
        prose = re.sub(r"\]\([^)]*\)|[*_#>`]", " ", block)
        detected = detected_language(prose)
        is_table = re.search(r"^\s*\|?\s*:?-{3,}", block, re.M)  # names in cells, not prose
        if detected and detected != lang and not is_table and not block.lstrip().startswith(("```", "!")):
            repaired.append(f"removed a paragraph in '{detected}': {block.strip()[:70]!r}")
            continue
        kept.append(block)
    text = "\n\n".join(kept)

    page_dir = Path(name).parent

    def unlink(match):
        is_image, label, target = match["bang"], match["label"], match["target"]
        if link_is_live(target, lang, page_dir, root):
            return match.group(0)
        repaired.append(f"removed a {'image' if is_image else 'link'} to {target!r}, which is not in this site")
        return "" if is_image else label

    text = re.sub(r"(?P<bang>!?)\[(?P<label>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?\)", unlink, text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    out = docs(root) / lang / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    to_fix = check_page(lang, name, root) if (docs(root) / SOURCE / name).exists() else []
    return out, repaired, to_fix
