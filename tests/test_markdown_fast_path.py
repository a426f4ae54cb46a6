"""Plain text skips Markdown and the sanitiser; the result must be the one the full conversion gives.

The fast path (macros.markdown.plain_paragraphs) accepts text only when it is sure nothing in it is
Markdown. These properties run both conversions side by side: on text made of the characters it
accepts, where it must agree and should take the shortcut, and on text salted with every character
Markdown and its extensions treat specially, where it must agree or decline.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import fixture_markdown
from paper_notes.markdown import DataMarkdown, plain_paragraphs

WORDS = st.sampled_from(
    ["model", "Attention", "data", "e.g.", "(ours)", "3.5%", "x/y", "GPT-4", "it's", '"quoted"', "a+b", "扩散模型",
     "提出了", "图像，", "结果。", "（实验）", "《论文》", "“引号”", "café", "naïve", "Ελληνικά", "²", "ǅ", "…", "—"]
)  # fmt: skip
# every character some Markdown extension of the site reacts to, and whitespace of every kind
SPECIAL = st.sampled_from(list("*_`[]()<>&#$\\!=~^+-:|{}>.0123456789 \t\r\u00a0\u3000\u2028\u200b'\"/%@") + ["\n", "\n\n", "  \n", "    "])
PLAINISH = st.lists(st.one_of(WORDS, st.sampled_from([" ", " ", "\n", "\n\n", ", ", ". "])), max_size=30).map("".join)
SALTED = st.lists(st.one_of(WORDS, SPECIAL, st.characters(codec="utf-8")), max_size=30).map("".join)
RELAXED = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def md() -> DataMarkdown:
    return DataMarkdown(*fixture_markdown())


def agrees(md: DataMarkdown, text: str) -> bool:
    """Whether the shortcut, where it is taken, gives what the full conversion gives; True if it is not taken."""
    fast = plain_paragraphs(text)
    return fast is None or fast == str(md.convert_fully(text).html)


@RELAXED
@given(text=PLAINISH)
@example(text="First line\nsecond line")
@example(text="第一行\n第二行")
@example(text="One.\n\n\nTwo.")
def test_plain_text_converts_as_markdown_would(md: DataMarkdown, text: str) -> None:
    assert agrees(md, text), text


@RELAXED
@given(text=SALTED)
@example(text="a *b*")
@example(text="Title\n===")
@example(text="Term\n: definition")
@example(text="a  \nb")
@example(text="x_y_ z")
@example(text="Note[^1]")
@example(text="Cost $O(n)$")
def test_text_with_markup_is_never_taken_for_plain(md: DataMarkdown, text: str) -> None:
    assert agrees(md, text), text


def test_prose_takes_the_shortcut() -> None:
    """Notes without markup, in English and Chinese, are what the shortcut is for."""
    for text in [
        "The model (ours) beats GPT-4 by 3.5%, e.g. on long inputs.\nIt's \"cheap\": 2 GPUs.",
        "本文提出了一种新的扩散模型，在图像生成上效果很好。\n实验结果：优于基线（约 3%）。",
        "First paragraph.\n\nSecond paragraph.",
    ]:
        assert plain_paragraphs(text) is not None, text


@pytest.mark.parametrize("text", ["a *b*", "[x](paper:y)", "# Heading", "- item", "1. item", "a `b`", "$x$", "a<b", "a & b",
                                  "x_y", "a  \nb", "    code", "Term\n: def", "==mark==", "~~del~~", "^^ins^^"])  # fmt: skip
def test_markup_takes_the_full_conversion(text: str) -> None:
    assert plain_paragraphs(text) is None
