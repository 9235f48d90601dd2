"""A page's front matter, and the fingerprint of the English page a translation records."""

from __future__ import annotations

import hashlib
import re

import yaml

HASH_KEY = "source_hash"
TRANSLATION_KEYS = {HASH_KEY}  # front matter keys a translation may add to the source's


def source_hash_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def front_matter(text: str) -> tuple[dict | None, str | None, int]:
    """(data, error, number of lines the front matter takes)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, None, 0
    lines = match.group(0).count("\n")
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        return None, f"front matter is not valid YAML: {error}".replace("\n", " "), lines
    if not isinstance(data, dict):
        return None, "front matter is not a mapping of keys to values", lines
    return data, None, lines


def set_front_matter_key(text: str, key: str, value: str) -> str:
    match = FRONT_MATTER.match(text)
    line = f"{key}: {value}\n"
    if not match:
        return f"---\n{line}---\n\n{text}"
    body = match.group(1)
    if re.search(rf"^{re.escape(key)}:.*$", body, re.M):
        body = re.sub(rf"^{re.escape(key)}:.*\n", line, body, flags=re.M)
    else:
        body += line
    return f"---\n{body}---\n" + text[match.end():]
