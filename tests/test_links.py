"""Links that MkDocs cannot check: those leaving the site.

Links inside the site (pages, anchors, images) are checked by `mkdocs build --strict`
(see test_site.py). Outside links cannot be fetched offline, so they are held to a list
of the sites the lesson means to send readers to; anything else, such as the seeds' quiz
server or a notebook in another repository, fails with its file and line.
"""

import re
from urllib.parse import urlparse

import pytest

from conftest import ROOT
from lessonkit.harness import all_pages
from lessonkit.pages import ALLOWED_HOSTS

LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|<(https?://[^>\s]+)>|(?:href|src)=\"([^\"]+)\"")


@pytest.mark.parametrize("rel", all_pages())
def test_outside_links_go_to_known_sites(rel):
    problems = []
    for number, line in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), start=1):
        for groups in LINK.findall(line):
            url = next(g for g in groups if g)
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https") or url.startswith("//"):
                if parsed.scheme != "https":
                    problems.append(f"{rel}:{number}: {url}: use https")
                elif parsed.hostname not in ALLOWED_HOSTS:
                    problems.append(f"{rel}:{number}: {url}: link to an unknown site "
                                    "(add it to ALLOWED_HOSTS in lessonkit/pages.py if it belongs to the lesson)")
            elif parsed.scheme:
                problems.append(f"{rel}:{number}: {url}: unexpected link scheme")
    assert not problems, "\n".join(problems)

