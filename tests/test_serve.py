"""`mkdocs serve`: saves rebuild; a bad save keeps the last good site, with the problems on every page."""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import pytest

from conftest import FIXTURES, GROUP, make_project, mkdocs_serve, site_config, with_override
from paper_notes.editing import write_checked
from paper_notes.pages import NAMESPACE, TEMPLATES
from paper_notes.relayout import split

pytestmark = pytest.mark.serve

OVERLAY = 'id="pn-data-problems"'
RATING = "expected a whole number from 1 to 5, got 9"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def serving(project: Path, log_path: Path) -> Iterator[str]:
    """`mkdocs serve` in ``project``, logging to ``log_path``; yields its URL after the first build."""
    with log_path.open("w+", encoding="utf-8") as log, mkdocs_serve(project, log) as url:
        wait_for(lambda: "Alpha Segments Everything" in fetch(f"{url}/papers/alpha/"), "the first build", timeout=60)
        yield url


@pytest.fixture
def served(project_copy: Path, tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    with serving(project_copy, tmp_path / "serve.log") as url:
        yield project_copy, url, tmp_path / "serve.log"


def test_bad_saves_keep_the_last_good_site_and_say_why_on_every_page(served: tuple[Path, str, Path]) -> None:
    project, url, log = served
    data = project / "data" / "papers.yaml"
    original = data.read_text(encoding="utf-8")
    page, home = f"{url}/papers/alpha/", f"{url}/"

    data.write_text(original.replace("title: Alpha Segments", "title: Alpha EDITED Segments"), encoding="utf-8")
    wait_for(lambda: "Alpha EDITED" in fetch(page), "the rebuild after a save")
    assert OVERLAY not in fetch(page)

    broken = original.replace("title: Alpha Segments", "title: Alpha BROKEN Segments").replace("rating: 4", "rating: 9")
    data.write_text(broken, encoding="utf-8")
    wait_for(lambda: OVERLAY in fetch(page), "the problem overlay")
    text = log.read_text(encoding="utf-8")
    assert "data/papers.yaml:26: paper 'alpha': rating: error: " + RATING in text
    assert "Traceback" not in text
    for url_ in (page, home, f"{url}/log/"):  # every page says it, over the last good build
        html = fetch(url_)
        assert OVERLAY in html and RATING in html and "data/papers.yaml:26" in html
    assert "Alpha EDITED" in fetch(page) and "Alpha BROKEN" not in fetch(page)

    # the same mistake saved again is reported again, in full (MkDocs drops repeated log lines)
    data.write_text(broken + "# saved again\n", encoding="utf-8")
    wait_for(lambda: log.read_text(encoding="utf-8").count(RATING) >= 2, "the second report")
    assert log.read_text(encoding="utf-8").count("1 error in data/papers.yaml.") >= 2

    data.write_text(original.replace("title: Alpha Segments", "title: Alpha FIXED Segments"), encoding="utf-8")
    wait_for(lambda: "Alpha FIXED" in fetch(page), "the site to come back after the fix")
    assert OVERLAY not in fetch(page) and OVERLAY not in fetch(home)


def test_template_saves_rebuild(project_copy: Path, tmp_path: Path) -> None:
    """A save to the site's own template override rebuilds the site (the plugin watches the theme's folder)."""
    template = with_override(project_copy, f"{NAMESPACE}/paper.html", (TEMPLATES / NAMESPACE / "paper.html").read_text(encoding="utf-8"))
    with serving(project_copy, tmp_path / "serve.log") as url:
        template.write_text(template.read_text(encoding="utf-8").replace("Related papers", "Related reading"), encoding="utf-8")
        wait_for(lambda: "Related reading" in fetch(f"{url}/papers/alpha/"), "the rebuild after a template save")


def test_paper_files_rebuild_and_name_themselves_in_the_overlay(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "papers.yaml")
    main = project / "data" / "papers.yaml"
    write_checked(split(main))
    paper = project / "data" / "papers" / "alpha.yaml"
    with serving(project, tmp_path / "serve.log") as url:
        original = paper.read_text(encoding="utf-8")
        paper.write_text(original.replace("title: Alpha Segments", "title: Alpha SPLIT Segments"), encoding="utf-8")
        wait_for(lambda: "Alpha SPLIT" in fetch(f"{url}/papers/alpha/"), "the rebuild after saving a paper file")
        paper.write_text(original.replace("rating: 4", "rating: 9"), encoding="utf-8")
        wait_for(lambda: OVERLAY in fetch(f"{url}/"), "the overlay")
        line = next(n for n, text in enumerate(original.splitlines(), 1) if text.startswith("rating:"))
        assert f"data/papers/alpha.yaml:{line}" in fetch(f"{url}/topics/")


def test_the_readers_folder_is_watched(tmp_path: Path) -> None:
    """A reading group's notes are beside the data file, in data/readers/: a save there rebuilds too."""
    from paper_notes.plugin import serve

    project = make_project(tmp_path / "project", GROUP)
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    serve.watch(Server(), site_config(project), project, project / "data" / "papers.yaml")  # type: ignore[arg-type]
    assert str(project / "data" / "readers") in watched and str(project / "data" / "papers") in watched


def test_the_systems_notifications_ask_for_a_rebuild_on_a_save_to_the_data_only(tmp_path: Path) -> None:
    """Besides MkDocs' polling, the data's folders are watched by the system's own notifications (inotify), which ask
    for a rebuild as MkDocs' watcher does: for a save to the data file or a paper's file, moved in or written in place,
    not for an editor's scratch file or another file beside the data file, nor for reading them (as every rebuild does)."""
    import threading

    from paper_notes.plugin import serve

    data = tmp_path / "data"
    (data / "papers").mkdir(parents=True)
    main = data / "papers.yaml"
    main.write_text("topics: []\n", encoding="utf-8")

    class Server:
        _rebuild_cond = threading.Condition()
        _want_rebuild = False
        _watched_paths = {str(main): 1, str(data / "papers"): 2, str(tmp_path / "docs"): 1}  # MkDocs' polling

        def unwatch(self, path: str) -> None:
            self._watched_paths[path] -= 1
            if not self._watched_paths[path]:
                del self._watched_paths[path]

        def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
            self._watched_paths[path] = self._watched_paths.get(path, 0) + 1

    server = Server()
    observer = serve.notify_saves(server, [main, data / "papers"])  # type: ignore[arg-type]
    assert observer is not None
    if serve.unpoll(server, observer, [main, data / "papers", data]):  # a local file system: the data is no longer polled
        for item in (str(data), str(tmp_path / "other")):  # mkdocs.yml's watch, which MkDocs watches after on_serve
            server.watch(item)
        assert server._watched_paths == {str(tmp_path / "docs"): 1, str(tmp_path / "other"): 1}
    try:

        def asked(save: Callable[[], object]) -> bool:
            while True:  # the last save's later events (modified, then closed) are let through first
                server._want_rebuild = False
                with server._rebuild_cond:
                    if not server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=0.3):
                        break
            save()
            with server._rebuild_cond:
                return server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=2)

        assert asked(lambda: (data / "papers" / "alpha.yaml").write_text("title: A\n", encoding="utf-8"))
        assert asked(lambda: main.write_text("topics: []\n# saved\n", encoding="utf-8"))
        scratch = data / "papers.yaml.tmp"
        scratch.write_text("topics: []\n", encoding="utf-8")
        assert asked(lambda: scratch.replace(main)), "a save moved in over the data file"
        assert not asked(lambda: (data / "papers" / ".alpha.yaml.swp").write_text("x", encoding="utf-8"))
        assert not asked(lambda: (data / "notes.txt").write_text("x", encoding="utf-8")), "not the data"
        assert not asked(lambda: (main.read_bytes(), (data / "papers" / "alpha.yaml").read_bytes())), "a rebuild reads them"
    finally:
        observer.stop()
        observer.join()


def test_a_readers_notes_saved_show_on_the_papers_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", GROUP)
    notes = project / "data" / "readers" / "ada" / "alpha.yaml"
    with serving(project, tmp_path / "serve.log") as url:
        notes.write_text(notes.read_text(encoding="utf-8").replace("The promptable decoder", "The SAVED decoder"), encoding="utf-8")
        wait_for(lambda: "The SAVED decoder" in fetch(f"{url}/papers/alpha/"), "the first look at a reader's notes")
        wait_for(lambda: "The SAVED decoder" in fetch(f"{url}/readers/ada/feed.xml"), "the feed, with the rest of the site")
        notes.write_text(notes.read_text(encoding="utf-8").replace("rating: 5", "rating: 7"), encoding="utf-8")
        wait_for(lambda: OVERLAY in fetch(f"{url}/"), "the overlay")
        assert "data/readers/ada/alpha.yaml:2" in fetch(f"{url}/papers/alpha/")


def test_saves_reuse_unchanged_pages_and_keep_search_whole(served: tuple[Path, str, Path]) -> None:
    """A save re-renders only what it changes, yet every page showing the edit has it, and search lists each page once."""
    import json

    project, url, log = served
    data = project / "data" / "papers.yaml"
    original = data.read_text(encoding="utf-8")
    showing = ["papers/beta/", "papers/alpha/", "topics/vision/", "log/", "papers/", "collections/best/"]
    assert all("Beta Sees Better" in fetch(f"{url}/{page}") for page in showing)
    def docs() -> list[dict[str, str]]:
        return [*json.loads(fetch(f"{url}/search/search_index.json"))["docs"], *json.loads(fetch(f"{url}/search/search_sections.json"))["docs"]]

    first = docs()
    for n in range(1, 4):
        data.write_text(original.replace("title: Beta Sees Better", f"title: Beta Sees Further {n}"), encoding="utf-8")
        wait_for(lambda n=n: f"Beta Sees Further {n}" in fetch(f"{url}/papers/beta/"), "the first look after a save")
        for page in showing:  # the paper's page first; the others once the rest of the site is rebuilt
            wait_for(lambda n=n, page=page: f"Beta Sees Further {n}" in fetch(f"{url}/{page}"), f"{page} after a save")
            assert "Beta Sees Better" not in fetch(f"{url}/{page}"), page
        wait_for(lambda n=n: f"Beta Sees Further {n}" in fetch(f"{url}/search/search_index.json"), "search, rebuilt")
        assert sorted(d["location"] for d in docs()) == sorted(d["location"] for d in first)  # each page once
    assert "generated pages unchanged since the last build" in log.read_text(encoding="utf-8")


_LIVERELOAD = re.compile(rb"<script>[^<]*livereload[^<]*</script>(?=</body>)")


def fresh_build(url: str, project: Path, fresh: Path) -> Path:
    """``project`` built by `mkdocs build` in a new process, as `mkdocs serve` builds it (its address as site_url)."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(fresh)], cwd=project, capture_output=True, text=True,
        timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PAPER_NOTES_SITE_URL": f"{url}/"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return fresh


def served_differences(url: str, fresh: Path) -> list[str]:
    """The files of ``fresh`` that the server serves otherwise (the served pages' livereload script aside)."""
    different = []
    for path in sorted(p for p in fresh.rglob("*") if p.is_file()):
        rel = path.relative_to(fresh).as_posix()
        try:
            with urllib.request.urlopen(f"{url}/{rel}", timeout=10) as response:  # noqa: S310 - loopback only
                served = response.read()
        except OSError:
            served = b""
        if _LIVERELOAD.sub(b"", served) != path.read_bytes():
            different.append(rel)
    return different


def test_a_served_site_equals_a_fresh_build_after_every_kind_of_edit(tmp_path: Path) -> None:
    """Under a real `mkdocs serve`: a paper added, a Chinese topic added then removed, a template override that shows a
    library-wide figure, and a paper added under it. After each save, every served file is that of a fresh build."""
    project = make_project(tmp_path / "project", FIXTURES / "search.yaml")
    data = project / "data" / "papers.yaml"
    original = data.read_text(encoding="utf-8")
    log_path = tmp_path / "serve.log"

    def save(change: Callable[[], None], ready: Callable[[], bool], what: str, fresh: Path) -> None:
        """Save, wait for the rebuild to show it, and then for the served site to be the fresh build, file by file
        (the rebuild may still be writing search's files): a stale file never converges, and fails."""
        change()
        try:
            wait_for(ready, what, timeout=60)
            fresh_build(url, project, fresh)
            deadline = time.monotonic() + 30
            while (different := served_differences(url, fresh)) and time.monotonic() < deadline:
                time.sleep(0.5)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; mkdocs serve said:\n{log_path.read_text(encoding='utf-8')[-4000:]}") from None
        assert different == [], f"{what}: served files differ from a fresh build: {different}"

    new_paper = "papers:\n  - {id: zz-new, title: A Paper Added While Serving, topics: [diffusion], read: 2024-02-02}\n"
    chinese_topic = "topics:\n  - {id: vl, name: 视觉语言}\n"
    with log_path.open("w+", encoding="utf-8") as log, mkdocs_serve(project, log) as url:
        steps: list[tuple[str, Callable[[], None], Callable[[], bool]]] = [
            ("a paper added", lambda: data.write_text(original.replace("papers:\n", new_paper, 1), encoding="utf-8"),
             lambda: "A Paper Added While Serving" in fetch(f"{url}/papers/zz-new/")),
            ("a Chinese topic added", lambda: data.write_text(data.read_text(encoding="utf-8").replace("topics:\n", chinese_topic, 1), encoding="utf-8"),
             lambda: "视觉语言" in fetch(f"{url}/topics/vl/")),
            ("the Chinese topic removed", lambda: data.write_text(data.read_text(encoding="utf-8").replace(chinese_topic, "topics:\n"), encoding="utf-8"),
             lambda: "视觉语言" not in fetch(f"{url}/search/search_index.json")),
            ("an override showing a library-wide figure", lambda: with_override(project, f"{NAMESPACE}/topic.html",
                "<p class=\"count\">{{ site.papers | length }} papers in all</p>\n" + (TEMPLATES / NAMESPACE / "topic.html").read_text(encoding="utf-8")),
             lambda: "papers in all" in fetch(f"{url}/topics/diffusion/")),
            ("a paper added under the override", lambda: data.write_text(data.read_text(encoding="utf-8").replace("papers:\n", "papers:\n  - {id: zz-two, title: Two, topics: [sequence]}\n", 1), encoding="utf-8"),
             lambda: "Two" in fetch(f"{url}/papers/zz-two/")),
        ]  # fmt: skip
        for n, (what, change, ready) in enumerate(steps):
            save(change, ready, what, tmp_path / f"fresh-{n}")
    assert "Traceback" not in log_path.read_text(encoding="utf-8")


def test_a_served_site_with_a_file_per_paper_equals_a_fresh_build_after_each_save(tmp_path: Path) -> None:
    """The first look (a save's own page first) then the rest: after a note, a title, an added paper, a topic renamed,
    a paper removed, and two saves in a row (the second stops the rebuild the first started), every served file is
    that of a fresh build in a new process. The log shows the first looks, and the interrupted rebuild."""
    project = make_project(tmp_path / "project", FIXTURES / "search.yaml")
    main = project / "data" / "papers.yaml"
    write_checked(split(main))
    folder = project / "data" / "papers"
    paper = sorted(folder.glob("*.yaml"))[0]
    ident = paper.stem
    log_path = tmp_path / "serve.log"

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    title_line = next(line for line in paper.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    topic_name = next(line for line in main.read_text(encoding="utf-8").splitlines() if line.strip().startswith("name:"))
    steps: list[tuple[str, Callable[[], None], str, str]] = [
        ("a title", lambda: replace(paper, title_line, "title: A Title Saved While Serving"),
         f"papers/{ident}/", "A Title Saved While Serving"),
        ("a note", lambda: paper.write_text(paper.read_text(encoding="utf-8") + "body: A note saved while serving.\n", encoding="utf-8"),
         f"papers/{ident}/", "A note saved while serving."),
        ("a paper added", lambda: (folder / "zz-added.yaml").write_text("id: zz-added\ntitle: An Added Paper\ntopics: [diffusion]\n", encoding="utf-8"),
         "papers/zz-added/", "An Added Paper"),
        ("a topic renamed", lambda: replace(main, topic_name, topic_name.split("name:")[0] + "name: A Renamed Topic"),
         "topics/", "A Renamed Topic"),
        ("a paper removed", lambda: (folder / "zz-added.yaml").unlink(), "papers/", ""),
    ]  # fmt: skip
    with log_path.open("w+", encoding="utf-8") as log, mkdocs_serve(project, log) as url:
        for n, (what, change, page, text) in enumerate(steps):
            change()
            if text:
                wait_for(lambda page=page, text=text: text in fetch(f"{url}/{page}"), what, timeout=60)
            fresh = fresh_build(url, project, tmp_path / f"fresh-{n}")
            deadline = time.monotonic() + 60
            while (different := served_differences(url, fresh)) and time.monotonic() < deadline:
                time.sleep(0.5)
            assert different == [], f"{what}: served files differ from a fresh build: {different}"
        # two saves in a row: the second comes while the rest of the site is rebuilt after the first
        replace(paper, "title: A Title Saved While Serving", "title: First Of Two")
        wait_for(lambda: "First Of Two" in fetch(f"{url}/papers/{ident}/"), "the first of two saves", timeout=60)
        replace(paper, "title: First Of Two", "title: Second Of Two")
        wait_for(lambda: "Second Of Two" in fetch(f"{url}/papers/{ident}/"), "the second of two saves", timeout=60)
        fresh = fresh_build(url, project, tmp_path / "fresh-last")
        deadline = time.monotonic() + 60
        while (different := served_differences(url, fresh)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert different == [], f"two saves in a row: served files differ from a fresh build: {different}"
    said = log_path.read_text(encoding="utf-8")
    assert "Traceback" not in said and "ERROR" not in said, said[-3000:]
    assert said.count("shown in") >= 6, said[-3000:]  # every data save had its first look
