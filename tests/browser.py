"""A real browser on the built site: Debian's chromium-headless-shell driven by Playwright
(no browser download). It is Chromium (the same Blink and V8, the same version as Debian's
chromium) without the desktop browser around it, as Playwright itself runs Chromium
headless: a page opened in a fresh context costs it 0.19 CPU-s, against 0.49 in the full
chromium started headless, which built a browser window's UI for every context.

The checks are plain functions returning problems, so that the tests run them on the real
site and on copies of it broken on purpose."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium-headless-shell")
# Without these, Chromium phones home at start (updates, sync, field trials).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update", "--disable-default-apps"]


def require_chromium():
    if CHROMIUM:
        return
    message = "no chromium-headless-shell: install Debian's (the README's test command does)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; under CI=true a missing browser is a failure", pytrace=False)
    pytest.skip(message)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a static host such as GitHub Pages does: text compressed with gzip."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "") or not self.path.split("?")[0].endswith(
                    ("/", *self.COMPRESSED))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page that navigates on drops what it was still loading (a source map, a figure):
        # the browser closing its end is no fault of the site. Anything else is printed.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path):
    """The built site on 127.0.0.1, on a free port."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Watch:
    """What a page did behind the reader's back: requests elsewhere, console errors."""
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"request left 127.0.0.1: {url}" for url in self.outside]
                + [f"not found: {url}" for url in self.missing]
                + [f"console error: {text}" for text in self.errors if "Failed to load resource" not in text])


def new_page(browser, watch: Watch, permissions=()):
    context = browser.new_context(permissions=list(permissions))

    def route(route_):
        url = route_.request.url
        host = urlparse(url).hostname
        if urlparse(url).scheme in ("http", "https", "ws", "wss") and host != "127.0.0.1":
            watch.outside.append(url)
            return route_.abort()
        return route_.continue_()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and watch.errors.append(message.text))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and watch.missing.append(response.url))
    return page


def broken_images(page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate("""() => [...document.querySelectorAll('article img')]
        .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.getAttribute('src'))""")


def switch_language(page, lang: str) -> str:
    """Choose a language in the header's selector as a reader does; return the new URL."""
    page.hover(".md-header__option .md-select")
    with page.expect_navigation():
        page.click(f".md-select__link[hreflang='{lang}']")
    return page.url


PARTNER = {"Keras": "TensorFlow", "TensorFlow": "Keras", "Lightning": "PyTorch", "PyTorch": "Lightning"}


def tab_sets(page) -> list[tuple[list[str], str]]:
    """(labels, selected label) of every tab set on the page."""
    return page.evaluate("""() => [...document.querySelectorAll('.tabbed-set')].map(set => {
        const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
        const input = set.querySelector(':scope > input:checked');
        const chosen = labels.find(label => label.htmlFor === input.id);
        return [labels.map(label => label.innerText.trim()), chosen ? chosen.innerText.trim() : null]; })""")


def tabs_not_following(page, choice: str, settle_s: float = 5.0) -> list[str]:
    """Tab sets that do not show the reader's framework: the chosen one when the set has
    it, else its partner (Keras runs on TensorFlow, Lightning on PyTorch). A click switches
    the sets in tasks that follow it (Material's and lesson.js's), so the page has
    `settle_s` seconds to show the choice before what it shows counts."""
    deadline = time.monotonic() + settle_s
    while True:
        wrong = []
        for labels, selected in tab_sets(page):
            expected = choice if choice in labels else PARTNER[choice] if PARTNER[choice] in labels else labels[0]
            if selected != expected:
                wrong.append(f"tabs {labels} show {selected}, not {expected}")
        if not wrong or time.monotonic() > deadline:
            return wrong
        page.wait_for_timeout(100)
