"""Which language a piece of the library's text is in, so that a page can mark it (``lang="zh"``) for screen readers.

A page is in the site's language (the theme's ``language``, on ``<html lang>``). A paper's
``lang`` says what its notes are written in; its title, its authors and the page's labels
usually are not. So each part is marked on its own: a text in the Han, kana or Hangul
scripts is in the declared language when that is Chinese, Japanese or Korean (else in
Chinese), and a text in the Latin script is in the declared language unless that is one of
those three (then in the site's, or English). A few words of the other script inside a
sentence (an English term in Chinese notes, 自注意力 in an English one) do not change it.
"""
from __future__ import annotations

import re

CJK_LANGUAGES = ("zh", "ja", "ko")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af\u1100-\u11ff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
_TAG = re.compile(r"<[^>]*>")


def _primary(lang: str) -> str:
    return lang.split("-", 1)[0].lower()


def written_in(text: str, declared: str, site: str) -> str:
    """The language of ``text`` (plain text or HTML), given the one its record declares and the site's."""
    text = _TAG.sub(" ", text) if "<" in text else text
    han, kana, hangul = len(_HAN.findall(text)), len(_KANA.findall(text)), len(_HANGUL.findall(text))
    cjk = han + kana + hangul
    if cjk and cjk >= len(_LATIN_WORD.findall(text)):
        if _primary(declared) in CJK_LANGUAGES:
            return declared
        return "ja" if kana else "ko" if hangul > han else "zh"
    if _primary(declared) not in CJK_LANGUAGES:
        return declared
    return site if _primary(site) not in CJK_LANGUAGES else "en"


def lang_attribute(text: object, declared: str | None, site: str) -> str:
    """`` lang="zh"`` for an element holding ``text`` on a page in ``site``'s language, or nothing if it is the same."""
    if text is None or text == "":
        return ""
    found = written_in(str(text), declared or site, site)
    return "" if found.lower() == site.lower() else f' lang="{found}"'
