"""Every page of the site as plain files: the way to a site generator without a page-generation API.

``python -m macros pages --out DIR`` writes a docs folder any MkDocs-like generator can
build: the hand-written pages with their macros already shown, every generated page as
a Markdown file with front matter and a body of HTML, and the downloads. Generated pages
keep their search tags; what another generator makes of the rest (the table of
contents of an HTML body, edit links) is up to it, and docs/engines.md says what works.
"""
from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .build import Build
from .pages import MACROS, DirectoryUrls
from .siteassets import PACKAGE, asset_files
from .siteconfig import SiteConfig


@dataclass(frozen=True)
class Written:
    """What was written: counts, for the command's one line."""

    generated: int
    handwritten: int
    downloads: int


def _front_matter(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def _renders_macros(source: str) -> bool:
    """Whether mkdocs-macros would render the page: not if its front matter says ``render_macros: false``."""
    if not source.startswith("---\n"):
        return True
    front, _, _ = source[4:].partition("\n---")
    try:
        meta = yaml.safe_load(front)
    except yaml.YAMLError:
        return True
    return not (isinstance(meta, dict) and meta.get("render_macros") is False)


def _handwritten(source: str, src: str, build: Build, site: SiteConfig) -> str:
    """A hand-written page with its macros shown, as mkdocs-macros would show them."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)

    def macro(name: str) -> Any:
        return lambda: Markup(build.macro(name, DirectoryUrls(src)).html + "\n")

    config = {"site_name": site.site_name, "site_description": site.site_description, "repo_url": site.repo_url}
    return env.from_string(source).render(config=config, **{name: macro(name) for name in MACROS})


def write_pages(build: Build, site: SiteConfig, out: Path) -> Written:
    """Write the whole docs folder of the site into ``out`` (which is replaced)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(site.docs_dir, out)
    for src in asset_files(build.library.group):  # the stylesheet, KaTeX, the search worker: the site's own copy wins
        if not (out / src).exists():
            (out / src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(PACKAGE / src, out / src)
    handwritten = 0
    for path in sorted(out.rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        if ("{{" in source or "{%" in source) and _renders_macros(source):
            src = path.relative_to(out).as_posix()
            path.write_text(_handwritten(source, src, build, site), encoding="utf-8")
            handwritten += 1
    generated = 0
    for page in build.generated():
        rendered = build.render(page, DirectoryUrls(page.src))
        meta: dict[str, Any] = {"title": html.escape(page.title, quote=False)}
        if page.tags:
            meta["tags"] = [html.escape(tag, quote=False) for tag in page.tags]
        if page.edit_url:
            meta["edit_url"] = page.edit_url
        target = out / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_front_matter(meta) + rendered.html + "\n", encoding="utf-8")
        generated += 1
    downloads = build.downloads()
    for src, text in downloads.items():
        target = out / src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return Written(generated, handwritten, len(downloads))
