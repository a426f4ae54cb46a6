"""The parts of mkdocs.yml the core needs, read without MkDocs: for ``python -m macros pages``.

mkdocs.yml is the project's own file and is read the way MkDocs reads it, tags
included (``!ENV`` for values from the environment, ``!!python/...`` for the Markdown
slug function). Only what a build of the pages needs is taken from it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .build import DEFAULT_BRANCH, DEFAULT_DATA, Options

# MkDocs adds these to every site's Markdown extensions
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


class ConfigError(Exception):
    """mkdocs.yml cannot be read; the message says why."""


class _ConfigLoader(yaml.Loader):
    """MkDocs' loader: the project's own config may name Python callables, like the slugify function."""


def _env(loader: yaml.Loader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = items[:-1], items[-1]
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env)


@dataclass(frozen=True)
class SiteConfig:
    """What the core takes from mkdocs.yml."""

    path: Path
    site_name: str
    site_description: str
    repo_url: str
    docs_dir: Path
    data: str
    branch: str
    listings: bool = True  # the plugin's option: listing pages for a site that does not write them
    markdown_extensions: list[Any] = field(default_factory=list)
    markdown_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    language: str = "en"  # the theme's

    def options(self) -> Options:
        """The core's build options."""
        return Options(
            root=self.path.parent,
            docs_dir=self.docs_dir,
            data=self.data,
            repo_url=self.repo_url,
            branch=self.branch,
            listings=self.listings,
            markdown_extensions=self.markdown_extensions,
            markdown_configs=self.markdown_configs,
            language=self.language,
        )


PLUGIN = "paper-notes"


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The options of the paper-notes plugin in mkdocs.yml's ``plugins:`` (a list, or a mapping, as MkDocs takes)."""
    if isinstance(plugins, dict):
        options = plugins.get(PLUGIN)
        return dict(options) if isinstance(options, dict) else {}
    for item in plugins or []:  # a name, or {name: options}
        if isinstance(item, dict) and PLUGIN in item:
            return dict(item[PLUGIN]) if isinstance(item[PLUGIN], dict) else {}
    return {}


def read_site_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml; ConfigError if it cannot be read."""
    try:
        with path.open(encoding="utf-8") as handle:
            raw = yaml.load(handle, Loader=_ConfigLoader)  # noqa: S506 - the project's own config, as MkDocs reads it
    except (OSError, yaml.YAMLError, ImportError, TypeError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path} is not a mapping of settings")
    names: list[Any] = list(BUILTIN_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for item in raw.get("markdown_extensions") or []:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if config:
            configs[name] = dict(config)
    options = plugin_options(raw.get("plugins"))
    theme = raw.get("theme")
    theme = theme if isinstance(theme, dict) else {}
    return SiteConfig(
        path=path.resolve(),
        site_name=str(raw.get("site_name") or ""),
        site_description=str(raw.get("site_description") or ""),
        repo_url=str(raw.get("repo_url") or ""),
        docs_dir=(path.parent / str(raw.get("docs_dir") or "docs")).resolve(),
        data=str(options.get("data", DEFAULT_DATA)),
        branch=str(options.get("branch", DEFAULT_BRANCH)),
        listings=bool(options.get("listings", True)),
        markdown_extensions=names,
        markdown_configs=configs,
        language=str(theme.get("language") or "en"),
    )
