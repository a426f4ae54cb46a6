"""Shared fixtures: paths, writing data files, and real mkdocs builds into tmp_path."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from chromium import missing, shared_browser

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

ARTIFACTS = ROOT / "test-artifacts"


# The suite's own site (tests/fixtures/site): its mkdocs.yml and hand-written pages, so that a fork's
# mkdocs.yml, docs/ and data/ change nothing here. Tests name the site and its repository themselves.
SITE = FIXTURES / "site"
SITE_NAME = "Test Notes"
REPO_URL = "https://github.com/example/notes"


SLOW_KINDS = ("browser", "serve", "fork", "package", "bench")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow kinds are slow too: `pytest -m "not slow"` is the everyday loop, and the full suite runs them all."""
    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)


def site_config_text(**plugin_options: Any) -> str:
    """The fixture site's mkdocs.yml, with these options for the paper-notes plugin."""
    text = (SITE / "mkdocs.yml").read_text(encoding="utf-8")
    return text.replace("__PAPER_NOTES__", json.dumps({"data": "data/papers.yaml", "branch": "main", **plugin_options}))


GROUP = FIXTURES / "group"  # a reading group's library: papers.yaml, papers/ and readers/ (three readers' notes)


def make_project(dest: Path, library: Path | None = FIXTURES / "papers.yaml", **plugin_options: Any) -> Path:
    """A project of the fixture site in ``dest`` (mkdocs.yml, docs/, data/papers.yaml copied from ``library``, or data/
    copied from ``library`` when it is a folder, such as GROUP); return it."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(site_config_text(**plugin_options), encoding="utf-8")
    shutil.copytree(SITE / "docs", dest / "docs", dirs_exist_ok=True)
    if library is not None and library.is_dir():
        shutil.copytree(library, dest / "data", dirs_exist_ok=True)
    elif library is not None:
        (dest / "data").mkdir(exist_ok=True)
        shutil.copy(library, dest / "data" / "papers.yaml")
    return dest


def empty_library(root: Path) -> Path:
    """An empty library in the folder layout under ``root`` (data/papers.yaml and data/papers/), as init makes it."""
    (root / "data" / "papers").mkdir(parents=True)
    main = root / "data" / "papers.yaml"
    main.write_text("topics: []\n", encoding="utf-8")
    return main


def site_config(project: Path, site_dir: Path | None = None, strict: bool = True, **settings: Any) -> Any:
    """The MkDocs configuration of ``project``, as `mkdocs build` loads it, with ``settings`` on top."""
    from mkdocs.config import load_config

    if site_dir is not None:
        settings["site_dir"] = str(site_dir)
    return load_config(config_file=str(project / "mkdocs.yml"), strict=strict, **settings)


def fixture_markdown() -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of the fixture site, and their settings, as MkDocs loads them."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        config = site_config(make_project(Path(folder) / "project", None))
        return list(config.markdown_extensions), dict(config.mdx_configs)


def build_site(data: Path, site_dir: Path, strict: bool = True, **settings: Any) -> Path:
    """Build the fixture site with ``data`` as its data file (and other ``paper_notes`` plugin options); return site_dir.

    The project is written beside ``site_dir``; ``data`` is used where it is, so reports name it."""
    from mkdocs.commands.build import build

    project = site_dir.with_name(site_dir.name + "-project")
    make_project(project, None, **{"data": str(data), **settings.pop("paper_notes", {})})
    build(site_config(project, site_dir, strict, **settings))
    return site_dir


def search_docs(site: Path) -> list[dict[str, Any]]:
    """Every entry of a built site's search index: the pages (search/search_index.json), then their sections
    (search/search_sections.json, which the search worker loads second)."""
    names = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return names + json.loads((site / "search" / "search_sections.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture
def write_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write YAML text to a data file; the test runs in its folder, so reports say 'papers.yaml:N'."""
    monkeypatch.chdir(tmp_path)

    def write(text: str, name: str = "papers.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return Path(name)

    return write


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built once, with tests/fixtures/papers.yaml as its data/papers.yaml."""
    from mkdocs.commands.build import build

    project = make_project(tmp_path_factory.mktemp("fixture-site") / "project")
    build(site_config(project, project / "site"))
    return project / "site"


def with_override(project: Path, name: str, text: str) -> Path:
    """The site's own copy of a theme template, ``overrides/<name>`` (theme.custom_dir), as a site overrides
    Material's partials or ours (``paper_notes/paper.html``); return its path."""
    path = project / "overrides" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    settings = config.read_text(encoding="utf-8")
    if "custom_dir:" not in settings:
        config.write_text(settings.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    return path


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project, with the fixture library as its data, to run mkdocs commands in."""
    return make_project(tmp_path / "project")


@contextlib.contextmanager
def mkdocs_serve(project: Path, log: IO[str] | None = None, *options: str) -> Iterator[str]:
    """Run `mkdocs serve` in ``project`` on a free port until the block ends; yield its URL once it serves."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *options],
        cwd=project,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    from mkdocs.config import load_config

    # served under the path of site_url, as MkDocs does (a fork's site may live at /<repository>/)
    mount = urlsplit(load_config(config_file=str(project / "mkdocs.yml")).site_url or "/").path.rstrip("/")
    url = f"http://127.0.0.1:{port}{mount}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/search/search_index.json", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("mkdocs serve did not come up") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout under test) is not news


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) for as long as the block runs; yield its URL."""
    with serve(functools.partial(_QuietHandler, directory=str(folder))) as url:
        yield url


@contextlib.contextmanager
def serve(handler: Any) -> Iterator[str]:
    """Run an HTTP handler on 127.0.0.1 (a free port) for as long as the block runs; yield its URL."""
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class RecordedAPI(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        url = urlsplit(self.path)
        RecordedAPI.requests.append(unquote(self.path))
        if url.path.startswith("/slow/"):
            time.sleep(3)
            self._send(200, b"", "text/plain")
        elif url.path.startswith("/down/"):
            self._send(503, b"Service Unavailable", "text/plain")
        elif url.path == "/arxiv/api/query":
            ident = parse_qs(url.query)["id_list"][0]
            name = {"1234.99999": "arxiv-error.xml", "2199.00001": "arxiv-empty.xml"}.get(
                ident, f"arxiv-{ident.replace('/', '_')}.xml"
            )
            path = FIXTURES / "api" / name
            if path.exists():
                self._send(200, path.read_bytes(), "application/atom+xml")
            else:
                self._send(200, (FIXTURES / "api" / "arxiv-empty.xml").read_bytes(), "application/atom+xml")
        elif url.path.startswith("/crossref/works/"):
            doi = unquote(url.path.removeprefix("/crossref/works/"))
            path = FIXTURES / "api" / f"crossref-{doi.replace('/', '_')}.json"
            if path.exists():
                self._send(200, path.read_bytes(), "application/json")
            else:
                self._send(404, b"Resource not found.", "text/plain")
        else:
            self._send(404, b"", "text/plain")


@pytest.fixture(scope="session")
def api_server() -> Iterator[str]:
    """A local server replaying recorded arXiv and Crossref answers (and a slow and a failing one)."""
    with serve(RecordedAPI) as url:
        yield url


@pytest.fixture
def api(api_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The recorded APIs, with the command line pointed at them."""
    monkeypatch.setenv("PAPER_NOTES_ARXIV_API", f"{api_server}/arxiv/api/query")
    monkeypatch.setenv("PAPER_NOTES_CROSSREF_API", f"{api_server}/crossref")
    monkeypatch.setenv("PAPER_NOTES_HTTP_TIMEOUT", "0.3")
    return api_server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright. Skipped (with how to enable it) outside CI; required in CI."""
    reason = missing()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(f"browser test skipped. {reason}")
    with shared_browser() as instance:
        yield instance


def keep_offline(context: Any) -> None:
    """Answer every request that is not to 127.0.0.1 locally and empty (GitHub's repo stats, example.org images)."""

    def answer(route: Any) -> None:
        json_api = "api.github.com" in route.request.url
        route.fulfill(status=200, body="{}" if json_api else "", content_type="application/json" if json_api else "text/plain")

    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), answer)


def open_tab(browser: Any, width: int = 1280, scheme: str = "light") -> Any:
    """A tab kept offline that records console errors and page errors in ``tab.problems``."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, is_mobile=width < 500, has_touch=width < 500
    )
    keep_offline(context)
    tab = context.new_page()
    tab.problems = []  # console errors and page errors seen so far
    tab.on("console", lambda m: tab.problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    return tab


def whole_index(page: Any, timeout: float = 60) -> None:
    """Wait until search answers from its whole index: the page's search worker has loaded every section
    (overrides/assets/javascripts/workers/paper-notes-search.js), not only the pages' names."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in page.workers:
            if "paper-notes-search" in worker.url and "part=" not in worker.url:
                state = worker.evaluate("self.paperNotesSearch || null")
                if state and state["error"]:
                    raise AssertionError(f"search stays on the names: {state['error']}")
                if state and state["answers"] == "whole":
                    return
        page.wait_for_timeout(50)
    raise AssertionError("search never loaded its whole index")


def first_results(page: Any, base: str, query: str, n: int = 10) -> list[tuple[str, str]]:
    """The first ``n`` results for ``query``, typed in the search box: (page path, the link's ?h=)."""
    box = page.locator(".md-search__input")
    box.click()
    if box.input_value() == query:  # Material does not search again for the same query
        box.fill("")
        page.keyboard.press("End")
    # the results shown now are marked, to tell them from the answer to this query
    page.evaluate("() => document.querySelectorAll('.md-search-result__item').forEach(li => { li.dataset.stale = '1' })")
    box.fill(query)
    page.keyboard.press("End")  # Material reads the query on key-up; typed Chinese sends none
    page.wait_for_function(
        """q => {
             const meta = document.querySelector('.md-search-result__meta').textContent;
             if (document.querySelector('.md-search__input').value !== q || !/matching document/i.test(meta)) return false;
             const first = document.querySelector('.md-search-result__item');
             return /^no /i.test(meta.trim()) ? !first : !!first && !first.dataset.stale;
           }""",
        arg=query,
        timeout=15_000,
    )
    links = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link:first-child", "as => as.map(a => a.href)")
    results: list[tuple[str, str]] = []
    for href in links[:n]:
        parts = urlsplit(href)
        results.append((parts.path.removeprefix(urlsplit(base).path).lstrip("/"), parse_qs(parts.query).get("h", [""])[0]))
    return results


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from data whose every text field holds XSS vectors and template syntax."""
    from hostile import hostile_data

    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "papers.yaml"
    data.write_text(hostile_data(), encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(folder)  # an evaluated getcwd() would print this folder
    try:
        return build_site(data, folder / "site")
    finally:
        os.chdir(cwd)
