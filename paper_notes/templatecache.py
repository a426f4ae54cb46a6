"""Templates compiled once, for every later build: a Jinja bytecode cache keyed by what the compiled code depends on.

Compiling the theme's templates and ours takes about 0.4 s, in each process of a build (see plugin/ahead.py), and
again in every build. Jinja can keep what it compiled (a bytecode cache), and checks each template's source before
using it; but it keys the code by the template's name alone, and the same template compiles to other code in an
environment with other settings (autoescaping, trim_blocks, a filter that takes the context...). Our builds use
two such environments (the theme's, and the overlay our page templates render in), so the key here is the template,
its file and every setting of the environment the compiler reads, with Jinja's and Python's versions.

Compiled code lives in memory (for the later builds of a `mkdocs serve`) and, given a folder, in files there (for
later processes): by default the user's cache folder, ``$XDG_CACHE_HOME/paper-notes`` or ``~/.cache/paper-notes``.
A folder that cannot be read or written is not used, and a file that is damaged is compiled again.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

log = logging.getLogger("mkdocs.plugins.paper_notes")

SUFFIX = ".jinja"
DIGEST = 16  # bytes of the digest of the code that begins each file


def user_cache_folder() -> Path:
    """Where Paper Notes keeps what later builds may reuse: ``$XDG_CACHE_HOME/paper-notes``, or
    ``~/.cache/paper-notes``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paper-notes"


def _pass_arg(function: Any) -> str:
    """How Jinja calls a filter or test (the context, the eval context or the environment first), as the compiler
    sees it."""
    kind = getattr(function, "jinja_pass_arg", None)
    return "" if kind is None else str(getattr(kind, "name", kind))


def settings_of(environment: jinja2.Environment, name: str) -> str:
    """A digest of everything in ``environment`` that the compiled code of template ``name`` depends on, besides its
    source: the syntax and whitespace settings, autoescaping (as decided for this template), finalize, the filters
    and tests and how each is called, extensions, and the versions of Jinja and Python."""
    autoescape = environment.autoescape
    if callable(autoescape):
        autoescape = autoescape(name)
    finalize = environment.finalize
    parts = [
        jinja2.__version__, sys.version_info[:2],
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized, environment.is_async, environment.sandboxed,
        sorted(getattr(environment, "intercepted_binops", ())), sorted(getattr(environment, "intercepted_unops", ())),
        bool(autoescape), None if finalize is None else _pass_arg(finalize),
        sorted((key, _pass_arg(value)) for key, value in environment.filters.items()),
        sorted((key, _pass_arg(value)) for key, value in environment.tests.items()),
        sorted(f"{type(ext).__module__}.{type(ext).__qualname__}" for ext in environment.extensions.values()),
        getattr(environment, "newstyle_gettext", None),
    ]  # fmt: skip
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by earlier builds, by template, file and environment settings (settings_of); Jinja checks
    each against its source before using it. In memory, and in ``folder`` when one is given."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, bytes] = {}
        self.keep_in(folder)

    def keep_in(self, folder: Path | None) -> None:
        """Keep compiled code in ``folder`` too (None: in memory only)."""
        self.folder = folder
        self._usable = folder is not None  # False once the folder fails: the build goes on without it

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = hashlib.blake2b(
            "\0".join((settings_of(environment, name), name, filename or "")).encode("utf-8", "surrogatepass"),
            digest_size=20,
        ).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self._usable:
            assert self.folder is not None
            try:
                kept = (self.folder / f"{bucket.key}{SUFFIX}").read_bytes()
            except FileNotFoundError:
                return
            except OSError as exc:
                self._give_up(exc)
                return
            # a file whose digest does not match was damaged (an interrupted disk, another program): compiled again
            if kept[:DIGEST] != hashlib.blake2b(kept[DIGEST:], digest_size=DIGEST).digest():
                return
            code = kept[DIGEST:]
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)
        except Exception:  # code Jinja cannot read: compiled again, and replaced
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self._code[bucket.key] = code
        if not self._usable:
            return
        assert self.folder is not None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # written aside and moved into place: another build reading it at the same moment sees all of it or none
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{bucket.key}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(hashlib.blake2b(code, digest_size=DIGEST).digest() + code)
                os.replace(temporary, self.folder / f"{bucket.key}{SUFFIX}")
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            self._give_up(exc)

    def _give_up(self, exc: OSError) -> None:
        self._usable = False
        log.debug(f"Paper Notes: compiled templates are not kept in {self.folder} ({exc})")

    def clear(self) -> None:
        self._code.clear()
        if self.folder is not None and self.folder.is_dir():
            for path in self.folder.glob(f"*{SUFFIX}"):
                path.unlink(missing_ok=True)
