"""Publishing and PR feedback: the Pages address in its three cases, annotations, the job summary."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from paper_notes import cli
from paper_notes.problems import Problem
from paper_notes.publish import BadRepository, annotation, job_summary, pages_url, repository_from_url


@pytest.mark.parametrize(
    ("repository", "cname", "url"),
    [
        ("ada/paper-notes", None, "https://ada.github.io/paper-notes/"),
        ("Ada/Paper-Notes", None, "https://ada.github.io/Paper-Notes/"),  # owners are lower-cased, names kept
        ("ada/ada.github.io", None, "https://ada.github.io/"),
        ("Ada/ada.GitHub.io", None, "https://ada.github.io/"),
        ("ada/paper-notes", "notes.example.org\n", "https://notes.example.org/"),
        ("ada/ada.github.io", "https://www.example.org/", "https://www.example.org/"),
    ],
)
def test_pages_url(repository: str, cname: str | None, url: str) -> None:
    assert pages_url(repository, cname) == url


def test_pages_url_needs_owner_and_name() -> None:
    with pytest.raises(BadRepository, match="expected owner/name"):
        pages_url("")


@pytest.mark.parametrize(
    "url", ["https://github.com/ada/notes", "https://github.com/ada/notes.git", "git@github.com:ada/notes.git",
            "ssh://git@github.com/ada/notes", "https://github.com/ada/notes/"],
)  # fmt: skip
def test_repository_from_url(url: str) -> None:
    assert repository_from_url(url) == "ada/notes"


def site_url(docs: Path, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["site-url", "--docs", str(docs), *args])
    return status, out.getvalue(), err.getvalue()


def test_site_url_command_reads_github_repository_and_cname(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "ada/notes")
    assert site_url(tmp_path) == (0, "https://ada.github.io/notes/\n", "")
    assert site_url(tmp_path, "--repository", "ada/ada.github.io")[1] == "https://ada.github.io/\n"
    (tmp_path / "CNAME").write_text("notes.example.org\n", encoding="utf-8")
    assert site_url(tmp_path, "--repository", "ada/notes")[1] == "https://notes.example.org/\n"
    monkeypatch.setenv("GITHUB_REPOSITORY", "")
    (tmp_path / "no-cname").mkdir()
    status, _, err = site_url(tmp_path / "no-cname")
    assert status == 1 and "expected owner/name" in err


def test_annotations_escape_what_github_would_misread() -> None:
    problem = Problem(
        path="data/papers/a,b.yaml", line=7, message="50% wrong:\nsecond line", entry="paper 'x'", field="notes.a: b"
    )
    assert annotation(problem) == (
        "::error file=data/papers/a%2Cb.yaml,line=7,title=paper 'x'%3A notes.a%3A b::50%25 wrong:%0Asecond line"
    )
    warning = Problem(path="data/papers.yaml", line=0, message="m", warning=True)
    assert annotation(warning) == "::warning file=data/papers.yaml,title=data file::m"


def test_job_summary_tables_the_problems() -> None:
    problems = [
        Problem(path="data/papers.yaml", line=3, message="a | b <script>", entry="paper 'a'", field="title"),
        Problem(path="data/papers.yaml", line=9, message="late", warning=True),
    ]
    text = job_summary(problems, "❌ 1 error")
    assert text.startswith("### Data check\n\n❌ 1 error\n\n| | Where | Entry | Field | Problem |\n")
    assert "| ❌ | `data/papers.yaml:3` | paper 'a' | title | a \\| b &lt;script&gt; |" in text
    assert "| ⚠️ | `data/papers.yaml:9` |  |  | late |" in text


def validate(project: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    return subprocess.run(
        [sys.executable, "-m", "paper_notes", "validate"], cwd=project, capture_output=True, text=True, timeout=60,
        env={**env, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def test_validate_annotates_the_lines_of_every_file(tmp_path: Path) -> None:
    (tmp_path / "data" / "papers").mkdir(parents=True)
    (tmp_path / "data" / "papers.yaml").write_text(
        "topics:\n  - {id: t, name: T}\n\npapers:\n  - id: a\n    title: A\n    read: 2024-5-2\n", encoding="utf-8"
    )
    (tmp_path / "data" / "papers" / "b.yaml").write_text("id: b\ntitle: B\ntopics: [t]\n\nrating: 7\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = validate(tmp_path, summary)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=data/papers.yaml,line=7,title=paper 'a'%3A read::'2024-5-2' is not a day: expected YYYY-MM-DD;"
        " write it as 2024-05-02",
        "::error file=data/papers/b.yaml,line=5,title=paper 'b'%3A rating::expected a whole number from 1 to 5, got 7",
    ]
    assert "data/papers.yaml:7: paper 'a': read: error:" in result.stderr  # the plain report too
    text = summary.read_text(encoding="utf-8")
    assert "❌ 2 errors in the data; nothing can be built." in text and "`data/papers/b.yaml:5`" in text


def test_validate_summary_when_clean(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "papers.yaml").write_text("papers:\n  - {id: a, title: A}\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = validate(tmp_path, summary)
    assert result.returncode == 0 and "::" not in result.stdout
    assert "✅ 1 paper, 0 topics, 0 journal entries, 0 collections: valid." in summary.read_text(encoding="utf-8")
