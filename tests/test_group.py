"""A reading group's library: readers, each one's notes in a file of their own, sessions and votes.

The data contract (readers:, sessions:, votes:, data/readers/<reader>/<paper>.yaml) is checked with the rest of
the data, every problem with file:line and a "did you mean"; the views are computed once (rating spreads, checked
here against figures worked out from the files themselves); and a built site shows each of them, with a
calendar that icalendar reads back and readers' feeds that feedparser reads. A library without readers gets none
of it: no page, no file, no stylesheet.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
from collections.abc import Iterator
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml

from conftest import GROUP, ROOT, build_site, search_docs
from paper_notes import cli
from paper_notes.build import Build, Options
from paper_notes.library import check_file, load_library
from paper_notes.membership import BEGIN, END
from paper_notes.model import parse_when
from paper_notes.problems import report

TODAY = dt.date(2026, 1, 1)


def library_at(root: Path) -> Path:
    """A copy of the group fixture under ``root`` (data/papers.yaml, data/papers/, data/readers/); its data file."""
    shutil.copytree(GROUP, root / "data")
    return root / "data" / "papers.yaml"


# --- the data: checks with file:line and "did you mean" ---------------------------------------------------------


def test_every_problem_of_a_group_library_names_its_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    main = library_at(tmp_path)
    monkeypatch.chdir(tmp_path)
    text = main.read_text(encoding="utf-8")
    text = text.replace("    presenter: ben\n", "    presenter: bne\n", 1).replace("    papers: [beta]\n", "    papers: [bta]\n", 1)
    text = text.replace("orcid: 0000-0002-1825-0097", "orcid: 0000-0002-1825-0098").replace("github: benok", "github: '@benok'")
    text = text.replace("2099-01-10 17:30 Europe/Berlin", "2099-01-10 17:30 Europe/Berln")
    main.write_text(text, encoding="utf-8")
    gamma = tmp_path / "data" / "papers" / "gamma.yaml"
    gamma.write_text(gamma.read_text(encoding="utf-8").replace("votes: [ada, chen]", "votes: [ada, chn, ada]"), encoding="utf-8")
    readers = tmp_path / "data" / "readers"
    shutil.copytree(readers / "ada", readers / "adaa")  # a folder that names no reader
    (readers / "ada" / "alpah.yaml").write_text("rating: 3\n", encoding="utf-8")  # a paper that does not exist
    (readers / "stray.yaml").write_text("rating: 3\n", encoding="utf-8")  # not in a reader's folder
    (readers / "ben" / "beta.yaml").write_text("read: 2024-01-01\nrating: 6\ntitel: x\n", encoding="utf-8")
    (readers / "chen" / "beta.yaml").write_text("read: 2030-01-01\n", encoding="utf-8")
    library, problems = check_file(Path("data/papers.yaml"), today=TODAY)
    assert library is None
    assert report(problems).splitlines() == [
        "data/papers.yaml:13: reader 'ada': orcid: error: '0000-0002-1825-0098' is not an ORCID iD: its last character"
        " does not match the others (a typo?)",
        "data/papers.yaml:16: reader 'ben': github: error: '@benok' is not a GitHub user name: write the name alone, 'benok'",
        "data/papers.yaml:22: session of 2024-02-01: papers[0]: error: unknown paper id 'bta'; did you mean 'beta'?",
        "data/papers.yaml:27: session of 2024-03-05 18:00 Europe/London: presenter: error: unknown reader id 'bne';"
        " did you mean 'ben'?",
        "data/papers.yaml:34: session of 2099-01-10 17:30 Europe/Berln: date: error: unknown time zone 'Europe/Berln';"
        " did you mean 'Europe/Berlin'?",
        "data/papers/gamma.yaml:8: paper 'gamma': votes[1]: error: unknown reader id 'chn'; did you mean 'chen'?",
        "data/papers/gamma.yaml:8: paper 'gamma': votes[2]: error: reader 'ada' votes twice",
        "data/readers/ada/alpah.yaml:1: error: the file names no paper: there is no paper 'alpah'; did you mean 'alpha'?"
        " (a reader's file is named after the paper's id)",
        "data/readers/adaa/alpha.yaml:1: error: the folder 'adaa' names no reader (readers: in data/papers.yaml);"
        " did you mean 'ada'?",
        "data/readers/ben/beta.yaml:2: reader 'ben' on paper 'beta': rating: error: expected a whole number from 1 to 5, got 6",
        "data/readers/ben/beta.yaml:3: reader 'ben' on paper 'beta': titel: error: unknown key 'titel'; expected one of"
        " read, status, rating, summary, notes, body, lang",
        "data/readers/chen/beta.yaml:1: reader 'chen' on paper 'beta': read: error: 2030-01-01 is in the future",
        "data/readers/stray.yaml:1: error: a reader's notes go in data/readers/<reader-id>/<paper-id>.yaml; move this file",
        "13 errors in 7 files.",
    ]


def test_a_library_without_readers_refuses_their_files_and_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "readers" / "ada").mkdir(parents=True)
    (tmp_path / "data" / "papers.yaml").write_text("papers:\n  - {id: a, title: A, votes: [ada]}\n", encoding="utf-8")
    (tmp_path / "data" / "readers" / "ada" / "a.yaml").write_text("rating: 4\n", encoding="utf-8")
    _, problems = check_file(Path("data/papers.yaml"), today=TODAY)
    assert [str(p) for p in problems] == [
        "data/papers.yaml:2: paper 'a': votes[0]: error: unknown reader id 'ada'",
        "data/readers/ada/a.yaml:1: error: the folder 'ada' names no reader (readers: in data/papers.yaml)",
    ]


@pytest.mark.parametrize(
    ("written", "shown", "start"),
    [
        ("2025-03-04", "2025-03-04", None),
        ("2025-03-04 18:00", "2025-03-04 18:00", "2025-03-04T18:00:00"),
        ("2025-03-04T9:30 Europe/Berlin", "2025-03-04 09:30 Europe/Berlin", "2025-03-04T09:30:00+01:00"),
        ("2025-07-04 09:30 Europe/Berlin", "2025-07-04 09:30 Europe/Berlin", "2025-07-04T09:30:00+02:00"),
        ("2025-03-04 18:00+0530", "2025-03-04 18:00 +05:30", "2025-03-04T18:00:00+05:30"),
        ("2025-03-04 18:00Z", "2025-03-04 18:00 Z", "2025-03-04T18:00:00+00:00"),
    ],
)
def test_a_session_date_takes_a_time_and_a_zone(written: str, shown: str, start: str | None) -> None:
    when = parse_when(written)
    assert str(when) == shown
    assert (when.start.isoformat() if when.start else None) == start


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2025-3-4", "is not a session date: expected YYYY-MM-DD"),
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("2025-03-04 24:00", "is not a time of day"),
        ("2025-03-04 18:00 +19:00", "is not a UTC offset"),
        ("2025-03-04 18:00 Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_a_wrong_session_date_says_what_is_expected(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_when(written)


def test_a_paper_takes_its_status_from_its_readers_and_sessions_unless_it_gives_one(tmp_path: Path) -> None:
    main = library_at(tmp_path)
    library = load_library(main, today=TODAY)
    status = {p.id: p.status for p in library.papers}
    # alpha: read by its readers; beta: discussed in a past session (a reader only skimmed it); gamma: planned
    assert status == {"alpha": "read", "beta": "read", "delta": "to-read", "epsilon": "to-read", "gamma": "to-read"}
    session = main.read_text(encoding="utf-8").replace("  - date: 2024-02-01\n    papers: [beta]\n    location: Room 2.14\n", "")
    main.write_text(session, encoding="utf-8")
    assert {p.id: p.status for p in load_library(main, today=TODAY).papers}["beta"] == "skimmed"
    beta = tmp_path / "data" / "papers" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8") + "status: to-read\n", encoding="utf-8")
    assert {p.id: p.status for p in load_library(main, today=TODAY).papers}["beta"] == "to-read"  # its own word
    # and a session held today is still to come: it marks nothing read yet
    assert {p.id: p.status for p in load_library(main, today=dt.date(2099, 1, 10)).papers}["gamma"] == "to-read"


# --- the views ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def group() -> Iterator[Build]:
    build = Build(Options(root=GROUP.parent, docs_dir=GROUP / "no-docs", data=str(GROUP / "papers.yaml"), today=TODAY))
    yield build
    build.close()


def test_rating_spreads_agree_with_the_readers_files(group: Build) -> None:
    """Each paper's ratings, worked out from data/readers/*/<paper>.yaml directly: the mean, the range, who disagrees."""
    ratings: dict[str, dict[str, int]] = {}
    for path in sorted((GROUP / "readers").glob("*/*.yaml")):
        rating = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rating")
        if rating is not None:
            ratings.setdefault(path.stem, {})[path.parent.name] = rating
    spreads = group.indexes.group.spreads
    assert set(spreads) == set(ratings) == {"alpha"}
    for paper, given in ratings.items():
        spread = spreads[paper]
        assert {reader.id: stars for reader, stars in spread.ratings} == given
        assert spread.mean == pytest.approx(statistics.mean(given.values()))
        assert (spread.low, spread.high) == (min(given.values()), max(given.values()))
        assert spread.disagree == (max(given.values()) - min(given.values()) >= 2)
    assert [r.id for r, _ in spreads["alpha"].ratings] == ["ada", "ben", "chen"]  # the readers' order


def test_the_queue_is_sorted_by_votes_and_sessions_by_date(group: Build) -> None:
    view = group.indexes.group
    queue = view.queue([p for _, papers in group.indexes.to_read() for p in papers])
    assert [(w.paper.id, [r.id for r in w.voters]) for w in queue] == [("gamma", ["ada", "chen"]), ("delta", ["ben"]), ("epsilon", [])]
    assert [s.id for s in queue[0].planned] == ["2099-01-10"]
    assert [s.id for s in view.upcoming] == ["2099-01-10"]
    assert [s.id for s in view.past] == ["2024-03-05", "2024-02-01"]  # newest first
    member = view.member(view.by_id["ada"])
    assert (member.read, member.readings, member.mean_rating) == (2, 3, 5.0)


# --- the built site ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The group fixture built with --strict, the data where it is."""
    return build_site(GROUP / "papers.yaml", tmp_path_factory.mktemp("group") / "site", site_url="https://club.example.org/notes/")


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def section(html: str, ident: str) -> str:
    """The part of a page from the heading with this id to the next h2."""
    start = html.index(f'id="{ident}"')
    end = html.find("<h2", start + 1)
    return html[start : end if end > 0 else len(html)]


def test_a_papers_page_shows_every_readers_notes_the_spread_and_its_sessions(site: Path) -> None:
    html = page(site, "papers/alpha")
    readers = section(html, "readers")
    assert readers.count("<tr") == 4  # a row per reader under the heading row
    assert "2024-03-01</time><br><time class=\"pn-date\" datetime=\"2024-03-04\">" in readers
    assert readers.count('class="pn-apart"') == 2 and ">highest</span>" in readers and ">lowest</span>" in readers
    assert "mean <strong>3.7</strong> of 5 from 3 ratings, 2 to 5 stars" in html and "readers disagree" in html
    ada = section(html, "reader-ada")
    assert "The promptable decoder is the whole trick." in ada and 'href="../beta/"' in ada  # paper:beta resolved
    assert re.search(r"<h4[^>]*>Where it breaks", html)  # a note's '#' under its h3
    assert 'lang="zh"' in section(html, "reader-chen")
    ben = section(html, "reader-ben")
    assert "{{ config.site_name }}" in ben and "<script" not in ben  # data is shown, never run
    sessions = section(html, "sessions")
    assert "Segmenting everything" in sessions and 'href="https://example.org/alpha-slides.pdf"' in sessions
    assert 'href="../../sessions/2024-03-05/"' in sessions and "presented by" in sessions


def test_readers_have_an_index_and_a_page_each(site: Path) -> None:
    index = page(site, "readers")
    assert all(f'href="{r}/"' in index for r in ("ada", "ben", "chen"))
    ada = page(site, "readers/ada")
    assert "<strong>2</strong> papers read or skimmed" in ada and "<strong>3</strong> readings" in ada
    assert "the longest streak" in ada and 'id="calendar-2024"' in ada
    assert 'href="feed.xml">Atom feed of their reading' in ada
    # not in <head>: Material's instant navigation fetches a sitemap.xml beside every alternate link's address
    assert ada.count('rel="alternate"') == 1 and 'href="../../feed.xml"' in ada
    assert 'href="../../papers/alpha/#reader-ada"' in ada and "Gamma Talks" in section(ada, "votes")
    assert "Segmenting everything" in page(site, "readers/ben")  # the session he presented


def test_sessions_list_the_upcoming_first_and_the_log_shows_the_past(site: Path) -> None:
    html = page(site, "sessions")
    assert html.index('id="upcoming"') < html.index("2099-01-10") < html.index('id="past"') < html.index("2024-03-05")
    assert 'href="../sessions.ics">Subscribe to the sessions' in html
    one = page(site, "sessions/2024-03-05")
    assert "Segmenting everything" in one and "90 minutes" in one and "<em>prompt encoder</em>" in one
    log = page(site, "log")
    assert 'class="pn-log-session"' in log and "read by" in log
    assert "2099-01-10" not in log  # what is planned is not in the log


def test_to_read_is_sorted_by_votes_with_the_voters_names_and_stats_has_the_grid(site: Path) -> None:
    queue = section(page(site, "to-read"), "queue")
    assert queue.index("Gamma Talks") < queue.index("Delta Waits") < queue.index("Epsilon Nobody Wants")
    assert re.search(r"2</span> votes: <a [^>]*>Ada Lovelace</a>, <a [^>]*>陈静</a>; planned for", queue)
    stats = page(site, "stats")
    grid = section(stats, "who-read-what")
    assert grid.count('<th scope="col">') == 5 and grid.count('<th scope="row">') == 2  # paper, 3 readers, mean
    assert "3.7 <span class=\"pn-disagree\">" in grid
    assert "Ben Okafor" in section(stats, "readers")


def test_the_calendar_parses_with_icalendar(site: Path) -> None:
    calendar = icalendar.Calendar.from_ical((site / "sessions.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 3 and all(uid.endswith("@club.example.org") for uid in events)
    held = events["session-2024-03-05@club.example.org"]
    assert str(held["summary"]) == "Test Notes: Segmenting everything"
    start = held.decoded("dtstart")
    assert start == dt.datetime(2024, 3, 5, 18, 0, tzinfo=start.tzinfo) and start.utcoffset() == dt.timedelta(0)
    assert held.decoded("duration") == dt.timedelta(minutes=90)
    assert str(held["location"]) == "online" and str(held["url"]) == "https://club.example.org/notes/sessions/2024-03-05/"
    assert "Presented by Ben Okafor." in str(held["description"]) and "https://example.org/alpha-slides.pdf" in str(held["description"])
    planned = events["session-2099-01-10@club.example.org"].decoded("dtstart")
    assert planned.utcoffset() == dt.timedelta(hours=1) and str(planned.tzinfo) == "Europe/Berlin"
    all_day = events["session-2024-02-01@club.example.org"]
    assert all_day.decoded("dtstart") == dt.date(2024, 2, 1) and all_day.decoded("dtend") == dt.date(2024, 2, 2)
    # each zone once, in a fixed order (so that every build writes the same file), and no zone for UTC or a date
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin", "Europe/London"]


def test_each_readers_feed_parses_with_feedparser(site: Path) -> None:
    for reader, titles in {"ada": ["Read: Alpha Segments Everything (again, reading 2)", "Read: Alpha Segments Everything",
                                   "Read: Beta Sees Better"], "ben": ["Read: Alpha Segments Everything"], "chen": ["Read: Alpha Segments Everything"]}.items():  # fmt: skip
        feed = feedparser.parse((site / "readers" / reader / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert [e.title for e in feed.entries] == titles
        for entry in feed.entries:
            assert entry.link.startswith("https://club.example.org/notes/papers/")
            assert (site / entry.link.removeprefix("https://club.example.org/notes/") / "index.html").is_file()
    ada = feedparser.parse((site / "readers" / "ada" / "feed.xml").read_bytes())
    assert ada.feed.title == "Test Notes: Ada Lovelace's reading"
    assert ada.entries[0].summary == "The promptable decoder is the whole trick."  # hers, not the paper's
    group_feed = feedparser.parse((site / "feed.xml").read_bytes())
    titles = [e.title for e in group_feed.entries]
    assert "Ada Lovelace read: Alpha Segments Everything (again, reading 2)" in titles
    assert "Session: Segmenting everything, presented by Ben Okafor" in titles


def test_search_finds_a_readers_notes_and_a_readers_name_finds_their_page(site: Path) -> None:
    docs = search_docs(site)
    assert any(d["location"].startswith("papers/alpha/") and "data engine matters" in d["text"] for d in docs)
    ada = next(d for d in docs if d["location"] == "readers/ada/")
    assert "Ada Lovelace" in ada.get("tags", []) and "ada-lovelace" in ada.get("tags", [])


def test_a_group_site_links_its_stylesheet_and_a_library_of_one_reader_has_nothing_of_a_group(site: Path, fixture_site: Path) -> None:
    css = "assets/stylesheets/paper-notes-group.css"
    assert (site / css).is_file() and css in page(site, "papers/alpha")
    assert not (fixture_site / css).exists() and "paper-notes-group" not in (fixture_site / "index.html").read_text(encoding="utf-8")
    assert not (fixture_site / "readers").exists() and not (fixture_site / "sessions").exists()
    assert not (fixture_site / "sessions.ics").exists()
    assert not any("readers/" in d["location"] or "sessions/" in d["location"] for d in search_docs(fixture_site))


def test_the_example_group_builds_strictly(tmp_path: Path) -> None:
    """examples/reading-group/, as the Reading groups page tells a reader to build it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    example = ROOT / "examples" / "reading-group"
    build(load_config(config_file=str(example / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True))
    assert (tmp_path / "site" / "sessions.ics").is_file()
    assert {p.name for p in (tmp_path / "site" / "readers").iterdir()} >= {"maya", "tomas", "priya", "index.html"}
    assert "readers disagree" in (tmp_path / "site" / "papers" / "clip" / "index.html").read_text(encoding="utf-8")


# --- the command line --------------------------------------------------------------------------------------------


def test_new_reader_starts_a_readers_notes_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    library_at(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "--reader", "ben", "gamma"]) == 0
    assert "started Ben Okafor's notes on 'gamma' in data/readers/ben/gamma.yaml:3-" in capsys.readouterr().out
    text = (tmp_path / "data" / "readers" / "ben" / "gamma.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../reader.schema.json\n") and "\nstatus: reading\n" in text
    library = load_library(Path("data/papers.yaml"), today=TODAY)
    assert ("ben", "gamma") in {(n.reader, n.paper) for n in library.notes}
    assert cli.main(["new", "--reader", "ben", "gamma"]) == 1
    assert "data/readers/ben/gamma.yaml already exists" in capsys.readouterr().err
    assert cli.main(["new", "--reader", "bne", "gamma"]) == 1
    assert "no reader 'bne' in data/papers.yaml; did you mean 'ben'?" in capsys.readouterr().err
    assert cli.main(["new", "--reader", "ben", "gama"]) == 1
    assert "no paper 'gama' in the library; did you mean 'gamma'?" in capsys.readouterr().err


def test_codeowners_gives_each_reader_their_folder_and_keeps_other_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library_at(tmp_path)
    monkeypatch.chdir(tmp_path)
    owners = tmp_path / ".github" / "CODEOWNERS"
    owners.parent.mkdir()
    owners.write_text("# maintainers own the shared files\n* @club/maintainers\n", encoding="utf-8")
    assert cli.main(["codeowners", "--check"]) == 1
    assert cli.main(["codeowners"]) == 0
    assert "2 of 3 readers own their notes' folder" in capsys.readouterr().out
    text = owners.read_text(encoding="utf-8")
    assert text.startswith("# maintainers own the shared files\n* @club/maintainers\n\n" + BEGIN)
    assert "/data/readers/ada/ @ada-lovelace\n/data/readers/ben/ @benok\n# /data/readers/chen/: 陈静 has no github:" in text
    assert text.rstrip().endswith(END)
    assert cli.main(["codeowners", "--check"]) == 0  # and again changes nothing
    assert cli.main(["codeowners"]) == 0 and owners.read_text(encoding="utf-8") == text


def test_touched_names_the_readers_whose_notes_a_change_touches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    library_at(tmp_path)
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    changed = "data/readers/chen/alpha.yaml\ndata/papers/gamma.yaml\ndata/readers/ada/beta.yaml\ndata/readers/ada/alpha.yaml\n"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(changed))
    assert cli.main(["touched", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Ada Lovelace (ada): data/readers/ada/beta.yaml, data/readers/ada/alpha.yaml",
        "陈静 (chen): data/readers/chen/alpha.yaml",
        "Shared files: data/papers/gamma.yaml",
    ]
    text = summary.read_text(encoding="utf-8")
    assert "This pull request touches the notes of 2 readers:" in text
    assert "| Ada Lovelace (`ada`) | @ada-lovelace | `data/readers/ada/beta.yaml`<br>`data/readers/ada/alpha.yaml` |" in text
    assert "| 陈静 (`chen`) | (none) | `data/readers/chen/alpha.yaml` |" in text and "1 shared file" in text
    assert cli.main(["touched", "README.md"]) == 0
    assert capsys.readouterr().out.splitlines() == ["No reader's notes are touched.", "Shared files: README.md"]


def test_init_group_starts_a_group_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import make_project

    project = make_project(tmp_path / "fork")
    config = project / "mkdocs.yml"
    monkeypatch.chdir(project)
    assert cli.main(["split"]) == 0
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO())
    args = ["init", "--group", "--yes", "--name", "Club", "--author", "Ada Lovelace", "--repo-url",
            "https://github.com/club/notes", "--github", "ada-lovelace"]  # fmt: skip
    assert cli.main(args) == 0
    assert "Ada Lovelace is its first reader ('ada-lovelace')" in capsys.readouterr().out
    library = load_library(Path("data/papers.yaml"), today=TODAY)
    assert [(r.id, r.name, r.github) for r in library.readers] == [("ada-lovelace", "Ada Lovelace", "ada-lovelace")]
    assert library.papers == [] and library.sessions == []
    assert (project / "data" / "readers" / "README.md").is_file()
    nav = config.read_text(encoding="utf-8")
    assert "      - Stats: stats.md\n      - Readers: readers/index.md\n      - Sessions: sessions/index.md\n" in nav
    assert cli.main(["new", "--reader", "ada-lovelace", "nothing"]) == 1  # no paper yet: said, not a traceback
