"""Compiled templates kept for later builds (paper_notes/templatecache.py): keyed by the template, its source and every
environment setting the compiled code depends on, so a cached template always renders as a fresh compile would."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from conftest import make_project
from paper_notes.templatecache import CompiledTemplates, settings_of, user_cache_folder

TEMPLATE = "{% if x %}\n  <b>{{ x }}</b>\n{% endif %}\n{{ x|shout }}\n"


def _plain(value: str) -> str:
    return value.upper()


@jinja2.pass_context
def _with_context(context: jinja2.runtime.Context, value: str) -> str:
    return f"{value}!{context.get('y', '')}"


def env_for(
    cache: jinja2.BytecodeCache | None, source: str = TEMPLATE, shout: object = _plain, **settings: object
) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": source}), bytecode_cache=cache, **settings)  # type: ignore[arg-type]
    env.filters["shout"] = shout
    return env


def render(env: jinja2.Environment) -> str:
    return env.get_template("t.html").render(x="<i>", y="why")


class Counting(CompiledTemplates):
    def __init__(self, folder: Path | None = None) -> None:
        super().__init__(folder)
        self.dumped = 0

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.dumped += 1  # Jinja dumps only what it has just compiled
        super().dump_bytecode(bucket)


VARIANTS: list[dict[str, object]] = [
    {},
    {"autoescape": True},
    {"trim_blocks": True, "lstrip_blocks": True},
    {"shout": _with_context},
    {"keep_trailing_newline": True},
    {"variable_start_string": "[[", "variable_end_string": "]]"},
]


def test_one_cache_serves_environments_whose_settings_compile_the_same_template_differently(tmp_path: Path) -> None:
    """Jinja's own bytecode caches key a template by its name: an overlay with autoescaping would get the theme's
    code, and print markup unescaped. Here every environment renders exactly as it would without a cache, first from
    code it compiled, then from code a later process reads from the folder."""
    expected = [render(env_for(None, **variant)) for variant in VARIANTS]
    assert len(set(expected)) == len(expected)  # the settings do change the output
    first = Counting(tmp_path)
    assert [render(env_for(first, **variant)) for variant in VARIANTS] == expected
    assert first.dumped == len(VARIANTS)
    later = Counting(tmp_path)  # another process: nothing in memory, all of it in the folder
    assert [render(env_for(later, **variant)) for variant in VARIANTS] == expected
    assert later.dumped == 0  # nothing compiled again
    assert len(list(tmp_path.glob("*.jinja"))) == len(VARIANTS)


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    render(env_for(CompiledTemplates(tmp_path)))
    cache = Counting(tmp_path)
    assert render(env_for(cache, source="now {{ x }}")) == "now <i>"
    assert cache.dumped == 1


def test_the_key_follows_how_a_filter_is_called() -> None:
    assert settings_of(env_for(None), "t.html") != settings_of(env_for(None, shout=_with_context), "t.html")
    assert settings_of(env_for(None), "t.html") == settings_of(env_for(None, shout=str.upper), "t.html")
    selected = jinja2.Environment(autoescape=jinja2.select_autoescape(["html"]))
    assert settings_of(selected, "a.html") != settings_of(selected, "a.txt")


def test_a_damaged_file_is_compiled_again_and_replaced(tmp_path: Path) -> None:
    expected = render(env_for(None))
    render(env_for(CompiledTemplates(tmp_path)))
    [kept] = tmp_path.glob("*.jinja")
    good = kept.read_bytes()
    for damaged in (good[: len(good) // 2], good[:-7] + b"garbage", good[:40] + bytes([good[40] ^ 1]) + good[41:], b"", b"\x00" * 40):
        kept.write_bytes(damaged)
        cache = Counting(tmp_path)
        assert render(env_for(cache)) == expected
        assert cache.dumped == 1
        assert kept.read_bytes() == good


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("paper_notes.templatecache.tempfile.mkstemp", refuse)
    cache = CompiledTemplates(tmp_path)
    assert render(env_for(cache)) == render(env_for(None))
    assert render(env_for(cache, source="{{ x }}")) == "<i>"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_of_a_file_is_left_alone(tmp_path: Path) -> None:
    """A cache folder that cannot be made (a file is in the way): the build goes on, in memory only."""
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    cache = CompiledTemplates(tmp_path / "file" / "templates")
    assert render(env_for(cache)) == render(env_for(None))
    assert render(env_for(cache)) == render(env_for(None))


def test_the_user_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_folder() == tmp_path / "paper-notes"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert user_cache_folder() == Path.home() / ".cache" / "paper-notes"


def _build(project: Path, cache_home: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env, check=True, timeout=300)


def _site(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_a_build_with_the_templates_of_an_earlier_one_is_the_same_site(tmp_path: Path) -> None:
    """Builds in new processes: the first compiles and keeps the templates in the user's cache folder, the second
    uses them, and the two sites are the same file by file (sitemap dates aside, which are the same day's)."""
    project = make_project(tmp_path / "project")
    cache_home = tmp_path / "cache"
    _build(project, cache_home)
    kept = sorted((cache_home / "paper-notes" / "templates").glob("*.jinja"))
    assert len(kept) > 20  # the theme's templates, ours, and ours in the overlay that renders the pages
    first = _site(project)
    mtimes = [p.stat().st_mtime_ns for p in kept]
    _build(project, cache_home)
    assert [p.stat().st_mtime_ns for p in kept] == mtimes  # used as they were: nothing compiled again
    assert _site(project) == first


def test_cache_false_keeps_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", cache=False)
    _build(project, tmp_path / "cache")
    assert not (tmp_path / "cache" / "paper-notes").exists()
    assert (project / "site" / "index.html").is_file()

