"""The MkDocs plugin and the engine boundary: one thin layer, and the exits from MkDocs kept open.

- Only the plugin package (paper_notes/plugin/) imports MkDocs or Material; the import graph runs one way.
- No module keeps state in globals: no ``global`` statement, no module-level container a function writes.
- The command line and the data layer pass their tests with MkDocs blocked from import.
- A generated page in the MkDocs build is exactly what the core renders, with its TOC.
- The plugin's options are validated; a site can override our templates; errors are clear.
- ProperDocs, a drop-in fork of MkDocs, builds the same site.
"""
from __future__ import annotations

import ast
import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort
from mkdocs.utils import get_relative_url

from conftest import FIXTURES, ROOT, build_site, make_project, site_config, with_override
from paper_notes.pages import DirectoryUrls, page_url, relative_url

PACKAGE = ROOT / "paper_notes"
ENGINE = ("mkdocs", "material", "mkdocs_macros", "properdocs")

# The layers, lowest first: a module may import from its own layer and the ones below it.
LAYERS = [
    {"wording", "problems", "identifiers", "yamlsource", "latex", "fingerprint", "language", "memo"},  # reading files and text
    {"model", "datafiles"},  # records, and where they are written
    {"notelinks", "library"},  # every problem at once
    {"indexes", "search", "bibtex", "export", "bibimport", "fetch", "editing", "importing", "relayout", "scaffold",
     "schema", "publish", "init_library", "people", "suggest", "stats", "group", "membership"},  # views and tools over a valid library
    {"toc", "markdown", "pages", "devserver", "templatecache"},  # the page renderer
    {"feed", "ical", "build", "siteconfig", "siteassets", "pagefiles", "searchindex"},  # one build, without a site generator
    {"plugin"},  # MkDocs and Material: the plugin package
    {"cli", "__init__", "__main__"},  # entry points
]  # fmt: skip


def imports(path: Path) -> set[str]:
    """The top-level modules and the paper_notes modules a file imports (lazy imports inside functions included)."""
    found = set()
    inside_plugin = path.parent.name == "plugin"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from .x import y, from ..x import y
                up = node.level - (1 if inside_plugin else 0)
                base = "paper_notes.plugin" if inside_plugin and up == 0 else "paper_notes"
                found |= {f"{base}.{node.module}"} if node.module else {f"{base}.{a.name}" for a in node.names}
            elif node.module:
                found.add(node.module)
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py")) + sorted((PACKAGE / "plugin").glob("*.py"))


def test_only_the_plugin_knows_mkdocs() -> None:
    knowing = sorted(
        str(p.relative_to(PACKAGE)) for p in _modules() if any(name.split(".")[0] in ENGINE for name in imports(p))
    )
    assert knowing and all(name.startswith("plugin/") for name in knowing), knowing
    assert not any(name.split(".")[0] in ENGINE for name in imports(ROOT / "macros" / "__init__.py"))


def test_imports_run_from_the_data_up_to_the_plugin() -> None:
    layer = {name: n for n, names in enumerate(LAYERS) for name in names}
    assert set(layer) == {p.stem for p in PACKAGE.glob("*.py")} | {"plugin"}, "every module has a layer"
    upward = []
    for path in _modules():
        own = "plugin" if path.parent.name == "plugin" else path.stem
        for name in imports(path):
            parts = name.split(".")
            if parts[0] == "paper_notes" and len(parts) >= 2:
                target = parts[1]
                if target in layer and layer[target] > layer[own]:
                    upward.append(f"{own} (layer {layer[own]}) imports {target} (layer {layer[target]})")
    assert upward == []


def test_no_module_keeps_state_in_globals() -> None:
    """State lives on the plugin's instance and on each build; a module holds constants only."""
    found = []
    for path in [*_modules(), *(ROOT / "macros").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{path.name}:{node.lineno}: global {', '.join(node.names)}")
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    text = ast.unparse(decorator)
                    if "lru_cache" in text or text.endswith("functools.cache") or text == "cache":
                        found.append(f"{path.name}:{node.lineno}: {text} on {node.name}")
        # names bound to a container at module level that some function of the module changes
        containers = {
            target.id
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
            and isinstance(node.value, (ast.Dict, ast.List, ast.Set, ast.Call, ast.DictComp, ast.ListComp, ast.SetComp))
        }
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                changed = None
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                    for target in node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]:
                        if isinstance(target, (ast.Subscript, ast.Attribute)) and isinstance(target.value, ast.Name):
                            changed = target.value.id
                elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                    if node.func.attr in {"append", "extend", "add", "update", "clear", "pop", "setdefault", "insert", "remove", "discard"}:
                        changed = node.func.value.id
                if changed in containers:
                    local = {a.arg for a in function.args.args} | {
                        t.id for n in ast.walk(function) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
                    }
                    if changed not in local:
                        found.append(f"{path.name}:{node.lineno}: {function.name} changes the module's {changed}")
    assert found == []


@pytest.mark.slow  # it runs eleven test files again, in a process of their own
def test_the_cli_and_the_data_layer_need_no_mkdocs() -> None:
    tests = ["test_library.py", "test_golden_errors.py", "test_cli.py", "test_authoring.py", "test_layouts.py",
             "test_writes_golden.py", "test_indexes.py", "test_schema.py", "test_publish.py",
             "test_pages.py", "test_citations.py", "test_sources.py", "test_source_zotero.py", "test_source_documents.py"]  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "block_mkdocs", "-m", "not browser and not serve",
         "-n", "0",
         *(f"tests/{t}" for t in tests)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "blocked" not in result.stdout


def test_the_blocker_blocks() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import block_mkdocs; block_mkdocs.pytest_configure(None); import mkdocs"],
        cwd=ROOT / "tests", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode != 0 and "mkdocs is blocked" in result.stderr


def test_directory_urls_agree_with_mkdocs() -> None:
    sources = ["index.md", "papers/index.md", "papers/lora.md", "log.md", "downloads/papers.bib", "figures/a.png", "a/b/c.md"]
    for target in sources:
        for start in sources:
            assert relative_url(page_url(target), page_url(start)) == get_relative_url(page_url(target), page_url(start))


def _block(html: str) -> str:
    start = html.index('<div class="pn-page')
    return html[start : html.index("</article>", start)].rstrip()


def _sidebar(html: str) -> str:
    """The table of contents Material shows beside the page."""
    start = html.rindex('data-md-component="toc"')  # the page's own sidebar, not the copy inside the site's nav
    return html[start : html.index('class="md-content"', start)]


def test_a_generated_page_is_what_the_core_renders(fixture_site: Path, tmp_path: Path) -> None:
    from paper_notes.build import Build, Options

    config = site_config(make_project(tmp_path / "project"))
    core = Build(Options(root=tmp_path / "project", docs_dir=Path(config.docs_dir), data=str(FIXTURES / "papers.yaml"),
                         markdown_extensions=config.markdown_extensions, markdown_configs=config.mdx_configs))  # fmt: skip
    page = next(p for p in core.generated() if p.ident == "alpha")
    rendered = core.render(page, DirectoryUrls(page.src))
    html = (fixture_site / "papers" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert _block(html) == rendered.html.rstrip()
    [title] = rendered.toc  # the title heads the page's contents; Material shows what is under it
    assert re.findall(r'href="#([^"]+)"', _sidebar(html)) == [
        i for e in title.children for i in (e.id, *(c.id for c in e.children))
    ]
    assert '<a href="#title" class="md-skip">' in html  # "Skip to content" lands on the title


def test_hand_written_pages_get_the_macros_headings_in_their_toc(fixture_site: Path) -> None:
    html = (fixture_site / "log" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="#([^"]+)"', _sidebar(html)) == ["year-2024", "month-2024-03", "month-2024-02", "month-2024-01",
                                                      "year-2023", "month-2023-12"]  # fmt: skip
    fields = (fixture_site / "fields" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'href="#([^"]+)"', _sidebar(fields))
    # the page's own headings and the field tables, in page order
    assert ids.index("before-the-table") < ids.index("fields-1") < ids.index("after-the-table")


def test_the_build_state_lives_and_ends_with_the_build(tmp_path: Path) -> None:
    import jieba

    from paper_notes.plugin.plugin import PaperNotesPlugin

    jieba.dt.check_initialized()
    words = dict(jieba.dt.FREQ)
    config = site_config(make_project(tmp_path / "project", FIXTURES / "search.yaml"), tmp_path / "site")
    plugin = config.plugins["paper-notes"]
    assert isinstance(plugin, PaperNotesPlugin)
    build(config)
    assert plugin.site is None  # closed and dropped in on_post_build
    assert jieba.dt.FREQ == words, "the words the build taught jieba went with it"
    assert "\u200b扩散模型\u200b" in (tmp_path / "site" / "search" / "search_sections.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"data": 5}, "Plugin 'paper-notes' option 'data': Expected type: <class 'str'> but received: <class 'int'>"),
        ({"branch": ["main"]}, "Plugin 'paper-notes' option 'branch': Expected type: <class 'str'>"),
        ({"dta": "data/papers.yaml"}, "Plugin 'paper-notes' option 'dta': Unrecognised configuration name: dta"),
        ({"search_excerpt": -1}, "Plugin 'paper-notes' option 'search_excerpt': a number of characters, 0 or more"),
    ],
)
def test_plugin_options_are_checked(tmp_path: Path, caplog: pytest.LogCaptureFixture, options: dict[str, object], message: str) -> None:
    project = make_project(tmp_path / "project", **options)
    with pytest.raises(Abort):
        build(site_config(project, tmp_path / "site"))
    assert message in caplog.text


def test_options_left_under_extra_say_where_they_go(tmp_path: Path) -> None:
    """A fork's mkdocs.yml from before the plugin: extra.paper_notes and the hooks file."""
    project = make_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "\nextra:\n  paper_notes:\n    data: data/papers.yaml\n", encoding="utf-8")
    result = _mkdocs(project, "build")
    assert result.returncode != 0
    assert "move extra.paper_notes in mkdocs.yml to plugins: - paper-notes:" in result.stderr
    assert "Traceback" not in result.stderr


def _mkdocs(project: Path, *args: str, engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", engine, *args], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PROPERDOCS_NO_MKDOCS_WARNING": "1"},
    )  # fmt: skip


def test_a_site_can_override_a_template(project_copy: Path) -> None:
    original = (PACKAGE / "templates" / "paper_notes" / "paper.html").read_text(encoding="utf-8")
    with_override(project_copy, "paper_notes/paper.html", original.replace("Related papers", "See also (my own template)"))
    result = _mkdocs(project_copy, "build", "--strict")
    assert result.returncode == 0, result.stderr
    html = (project_copy / "site" / "papers" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert "See also (my own template)" in html
    assert "&lt;" not in _block(html).split("See also")[0][-200:]  # still escaped and well formed


def test_a_broken_override_fails_with_its_name_and_line(project_copy: Path) -> None:
    with_override(project_copy, "paper_notes/topic.html", "<p>ok</p>\n{{ node.topic.nope.deeper }}\n")
    result = _mkdocs(project_copy, "build")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"the template \S*overrides/paper_notes/topic\.html, line 2 failed: .*nope", output), output[-2000:]
    assert "Traceback" not in output


@pytest.mark.slow  # two builds, each in a process of its own
def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "search.yaml")
    for engine, site in (("mkdocs", "site-mkdocs"), ("properdocs", "site-properdocs")):
        result = _mkdocs(project, "build", "--strict", "--site-dir", site, engine=engine)
        assert result.returncode == 0, f"{engine}: {result.stderr[-2000:]}"
    first, second = project / "site-mkdocs", project / "site-properdocs"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    generator = re.compile(rb'\s*<meta name="generator" content="[^"]*">')
    different = []
    for rel in files:
        a, b = (first / rel).read_bytes(), (second / rel).read_bytes()
        if rel.suffix == ".gz":
            a, b = gzip.decompress(a), gzip.decompress(b)
        if generator.sub(b"", a) != generator.sub(b"", b):
            different.append(str(rel))
    assert different == []
    assert len(files) > 20


def test_build_site_helper_names_the_site(tmp_path: Path) -> None:
    site = build_site(FIXTURES / "papers.yaml", tmp_path / "site")
    assert "<title>Test Notes</title>" in (site / "index.html").read_text(encoding="utf-8")


def test_listing_pages_are_made_only_where_the_site_has_none(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A site without the listing pages gets them; one that writes a listing page keeps its own; with
    ``listings: false`` and none written, the build names the missing page and the option."""
    project = make_project(tmp_path / "project")
    (project / "docs" / "log.md").unlink()
    (project / "docs" / "papers" / "index.md").write_text("# Our papers\n\nOwn words.\n", encoding="utf-8")
    build(site_config(project, tmp_path / "site"))
    log = (tmp_path / "site" / "log" / "index.html").read_text(encoding="utf-8")
    assert "Reading log" in log and "Alpha Segments Everything" in log  # made, with the listing
    assert "Own words." in (tmp_path / "site" / "papers" / "index.html").read_text(encoding="utf-8")
    off = make_project(tmp_path / "off", listings=False)
    (off / "docs" / "log.md").unlink()
    with pytest.raises((Abort, SystemExit)):  # SystemExit: from mkdocs-macros, when a macro links there
        build(site_config(off, tmp_path / "site-off"))
    assert "a template links to 'log.md', but the site has no such page (the plugin's `listings` option" in caplog.text


def test_a_build_log_has_no_macros_set_up_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """mkdocs-macros' INFO lines (modules, variables, macros found) ask nothing of the user: not in the log,
    not on the first build nor on a rebuild (as under `mkdocs serve`); MkDocs' own lines still are."""
    import logging

    caplog.set_level(logging.INFO)
    project = make_project(tmp_path / "project")
    for _ in range(2):
        build(site_config(project, tmp_path / "site"))
    infos = [r for r in caplog.records if r.levelno == logging.INFO]
    assert any(r.name.startswith("mkdocs.commands") for r in infos), "the log is captured at INFO"
    assert not [r.getMessage() for r in infos if "macros" in r.name], "mkdocs-macros' set-up lines are quiet"
