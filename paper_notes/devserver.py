"""The development server's error overlay: while the data is broken, every page says why.

`mkdocs serve` keeps showing the last good build when a save breaks the data. Without a
word on the page, a reader would take the stale page for the new one; so every HTML
response carries the problem list at the top until a build succeeds again.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_BODY = re.compile(rb"<body\b[^>]*>", re.I)


def insert_after_body(page: bytes, fragment: str) -> bytes:
    """``fragment`` placed first inside <body> (or at the very start of a page without one)."""
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + fragment.encode("utf-8") + page[at:]


def with_overlay(app: WSGIApp, overlay: Callable[[], str | None]) -> WSGIApp:
    """Wrap a WSGI app so HTML responses start with ``overlay()`` whenever it returns something."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        fragment = overlay()
        if fragment is None or str(environ.get("PATH_INFO", "")).startswith("/livereload/"):
            return app(environ, start_response)
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer.update(status=status, headers=headers)
            return lambda data: None

        result = app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        headers = answer.get("headers", [])
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if kind.startswith("text/html"):
            body = insert_after_body(body, fragment)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(answer.get("status", "200 OK"), headers)
        return [body]

    return wrapped
