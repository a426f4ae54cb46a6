"""LaTeX in metadata: decoded to Unicode on the way in, math kept renderable, and encoded again for BibTeX.

Titles, authors and venues from BibTeX (and titles from arXiv) are written in LaTeX:
accents (``J{\\'e}r{\\^o}me``), protected words (``{GANs}``), commands (``\\LaTeX``,
``\\&``, ``\\textendash``) and math (``$\\alpha$``, ``$16\\times 16$``). Text is decoded
with pylatexenc; simple math becomes Unicode (α, 16×16, O(n²)); math that has no Unicode
form stays as ``$...$``, which the site typesets with KaTeX.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import unicode_to_latex
from pylatexenc.latexwalker import LatexWalker
from pylatexenc.latexwalker import get_default_latex_context_db as walker_db
from pylatexenc.macrospec import MacroSpec

SUPERSCRIPT = dict(zip(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW*′",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ*′", strict=True,
))  # fmt: skip
SUBSCRIPT = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}  # fmt: skip
SYMBOLS = {
    **GREEK,
    "times": "×", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…", "pm": "±", "mp": "∓", "div": "÷",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "simeq": "≃", "equiv": "≡", "propto": "∝", "infty": "∞", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "leftrightarrow": "↔", "mapsto": "↦", "in": "∈", "notin": "∉",
    "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪", "cap": "∩", "forall": "∀", "exists": "∃",
    "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "int": "∫", "ell": "ℓ", "circ": "∘", "star": "⋆",
    "ast": "∗", "mid": "|", "prime": "′", "emptyset": "∅", "varnothing": "∅", "neg": "¬", "land": "∧",
    "lor": "∨", "wedge": "∧", "vee": "∨", "Vert": "‖", "oplus": "⊕", "otimes": "⊗", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "|": "‖", "{": "{", "}": "}", "%": "%", "_": "_", "#": "#", "&": "&", "$": "$",
    ",": "", ";": "", ":": "", "!": "", " ": "", "quad": "", "qquad": "", "left": "", "right": "",
}  # fmt: skip
OPERATORS = {"log", "exp", "max", "min", "arg", "sin", "cos", "tan", "lim", "sup", "inf", "det", "dim", "ln"}
TEXT_ARG = {"mathrm", "text", "textrm", "mathit", "mathsf", "mathtt", "operatorname", "mathbf", "textbf", "boldsymbol"}
DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_]|\s+|[^\\{}^_\s]")
_DOLLAR = "\ue000"  # stands for an escaped \$ while math is found
_MATH = re.compile(r"\$(?!\$)((?:\\.|[^$\\])+?)\$|\\\((.+?)\\\)", re.S)


class _NoUnicode(Exception):
    """This math has no faithful Unicode form."""


def _group(tokens: list[str], at: int) -> tuple[list[str], int]:
    """The tokens of one argument starting at ``at`` (a {group} or one token), and where the next starts."""
    while at < len(tokens) and tokens[at].isspace():
        at += 1
    if at >= len(tokens):
        raise _NoUnicode
    if tokens[at] != "{":
        return [tokens[at]], at + 1
    depth, start = 0, at
    for index in range(at, len(tokens)):
        depth += {"{": 1, "}": -1}.get(tokens[index], 0)
        if depth == 0:
            return tokens[start + 1 : index], index + 1
    raise _NoUnicode


def _render(tokens: list[str]) -> str:
    out: list[str] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        at += 1
        if token.isspace():
            continue
        if token in ("^", "_"):
            argument, at = _group(tokens, at)
            table = SUPERSCRIPT if token == "^" else SUBSCRIPT
            text = _render(argument)
            if not text or any(c not in table for c in text):
                raise _NoUnicode
            out.append("".join(table[c] for c in text))
        elif token == "{":
            argument, at = _group(tokens, at - 1)
            out.append(_render(argument))
        elif token == "}":
            raise _NoUnicode
        elif token.startswith("\\"):
            name = token[1:]
            if name in SYMBOLS:
                out.append(SYMBOLS[name])
            elif name in OPERATORS:  # spaces keep 'n log n' apart
                out.append((" " if out and out[-1][-1:].isalnum() else "") + name + " ")
            elif name in TEXT_ARG:
                argument, at = _group(tokens, at)
                out.append("".join(t for t in argument if not t.startswith("\\")) if all(
                    not t.startswith("\\") for t in argument) else _render(argument))
            elif name == "mathbb":
                argument, at = _group(tokens, at)
                letters = _render(argument)
                if any(c not in DOUBLE_STRUCK for c in letters):
                    raise _NoUnicode
                out.append("".join(DOUBLE_STRUCK[c] for c in letters))
            elif name == "sqrt":
                argument, at = _group(tokens, at)
                inner = _render(argument)
                out.append("√" + (inner if len(inner) <= 1 else f"({inner})"))  # \\sqrt{} is the sign alone
            else:
                raise _NoUnicode  # \frac, \hat, \mathcal...: leave it to KaTeX
        else:
            out.append(token)
    text = "".join(out).rstrip(" ")
    scripts = "".join(SUPERSCRIPT.values()) + "".join(SUBSCRIPT.values())
    return re.sub(f"(?<=\\() | (?=[()\\[\\]{re.escape(scripts)}])", "", text)


def math_to_unicode(tex: str) -> str | None:
    """``16\\times 16`` -> '16×16', ``O(n^2)`` -> 'O(n²)', ``\\alpha`` -> 'α'; None if it has no Unicode form."""
    try:
        text = _render(_TOKEN.findall(tex))
    except _NoUnicode:
        return None
    return text if text and "\\" not in text else None


def math_spans(text: str) -> Iterator[re.Match[str]]:
    """The inline math of a text: ``$...$`` or ``\\(...\\)``, not an escaped ``\\$``."""
    return _MATH.finditer(text.replace("\\$", _DOLLAR))


def convert_math(text: str) -> str:
    """Math that has a Unicode form, converted; the rest kept as ``$...$`` (for text that is not LaTeX otherwise)."""

    def one(match: re.Match[str]) -> str:
        tex = (match.group(1) or match.group(2)).strip()
        return math_to_unicode(tex) or f"${tex}$"

    return _MATH.sub(one, text.replace("\\$", _DOLLAR)).replace(_DOLLAR, "\\$")


def _make_walker_context() -> Any:
    """pylatexenc's parser, told the arguments of the commands it does not know."""
    db = walker_db()
    db.add_context_category(
        "paper-notes",
        prepend=True,
        macros=[MacroSpec("textsuperscript", "{"), MacroSpec("textsubscript", "{"), MacroSpec("href", "{{")],
    )
    return db


def _make_converter() -> LatexNodes2Text:
    """pylatexenc's text converter, with the commands bibliographies use that it drops by default."""
    db = get_default_latex_context_db()
    db.add_context_category(
        "paper-notes",
        prepend=True,
        macros=[
            MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
            MacroTextSpec("LaTeXe", simplify_repl="LaTeX2ε"),
            MacroTextSpec("TeX", simplify_repl="TeX"),
            MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
            MacroTextSpec("XeTeX", simplify_repl="XeTeX"),
            MacroTextSpec("url", simplify_repl="%(1)s"),
            MacroTextSpec("href", simplify_repl="%(2)s"),
            MacroTextSpec("textsuperscript", simplify_repl=lambda node, _=None: _script(node, SUPERSCRIPT)),
            MacroTextSpec("textsubscript", simplify_repl=lambda node, _=None: _script(node, SUBSCRIPT)),
            MacroTextSpec("ensuremath", simplify_repl=lambda node, _=None: _ensuremath(node)),
            MacroTextSpec("textperiodcentered", simplify_repl="·"),  # pylatexenc gives ˙
            MacroTextSpec("textasciicircum", simplify_repl="^"),
            MacroTextSpec("textasciitilde", simplify_repl="~"),
            MacroTextSpec("textbackslash", simplify_repl="\\"),
            MacroTextSpec("string", simplify_repl=""),
        ],
    )
    return LatexNodes2Text(latex_context=db, math_mode="verbatim", strict_latex_spaces=False)


# made once, when the module loads: both are read-only afterwards
_WALKER_CONTEXT = _make_walker_context()
_CONVERTER = _make_converter()


def _script(node: Any, table: dict[str, str]) -> str:
    """\\textsuperscript{th} as ᵗʰ when every character has a raised form, else as plain text."""
    arguments = node.nodeargd.argnlist if getattr(node, "nodeargd", None) else []
    text = _CONVERTER.nodelist_to_text([a for a in arguments if a is not None]).strip()
    return "".join(table[c] for c in text) if text and all(c in table for c in text) else text


def _ensuremath(node: Any) -> str:
    """\\ensuremath{_1} (how Unicode ₁ or ℓ is written as LaTeX) as Unicode again, else as $...$ math."""
    arguments = node.nodeargd.argnlist if getattr(node, "nodeargd", None) else []
    tex = "".join(a.latex_verbatim() for a in arguments if a is not None).strip()
    tex = tex[1:-1].strip() if tex.startswith("{") and tex.endswith("}") else tex
    return math_to_unicode(tex) or (f"${tex}$" if tex else "")


def decode_latex(value: str) -> str:
    """A BibTeX field's LaTeX as Unicode text: accents, commands and braces decoded, simple math converted."""
    walker = LatexWalker(value.replace("\\$", _DOLLAR), latex_context=_WALKER_CONTEXT, tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    text = _CONVERTER.nodelist_to_text(nodes)
    text = convert_math(text.replace(_DOLLAR, "\\$"))  # a literal dollar stays escaped: $...$ is math
    return " ".join(text.replace("\u00a0", " ").split())


def plain(text: str) -> str:
    """Text for places that cannot typeset math (a tab's title, alt text): math as Unicode, or as close as it gets."""

    def one(match: re.Match[str]) -> str:
        tex = (match.group(1) or match.group(2)).strip()
        converted = math_to_unicode(tex)
        if converted is not None:
            return converted
        return LatexNodes2Text(math_mode="text").latex_to_text(tex).strip()

    return _MATH.sub(one, text.replace("\\$", _DOLLAR)).replace(_DOLLAR, "$")


def math_html(text: str) -> str:
    """Plain text as HTML, its inline math marked for KaTeX as Markdown's math is: \\(...\\) in a span."""
    out = []
    at = 0
    hidden = text.replace("\\$", _DOLLAR)
    for match in _MATH.finditer(hidden):
        out.append(html.escape(hidden[at : match.start()], quote=False))
        tex = (match.group(1) or match.group(2)).strip()
        out.append(f'<span class="arithmatex">\\({html.escape(tex, quote=False)}\\)</span>')
        at = match.end()
    out.append(html.escape(hidden[at:], quote=False))
    return "".join(out).replace(_DOLLAR, "$")


TEX_MATH = re.compile(r"\$[^$\n]*\\[A-Za-z]+[^$\n]*\$")


def looks_like_math(text: str) -> bool:
    """Whether plain text holds TeX math ($...\\command...$), which a plain-text field shows as written."""
    return bool(TEX_MATH.search(text))


def fold(text: str) -> str:
    """A title reduced for comparison: math converted, accents, case, punctuation and spacing ignored."""
    out = []
    for char in plain(text).replace("×", "x"):
        if char.isascii():
            if char.isalnum():
                out.append(char.lower())
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        ascii_part = "".join(c for c in decomposed if c.isascii() and c.isalnum())
        if ascii_part:
            out.append(ascii_part.lower())
        elif unicodedata.name(char, "").startswith("GREEK"):
            out.append(unicodedata.name(char).split()[-1].lower())
        elif char.isalnum():
            out.append(char.lower())  # CJK and other letters count as themselves
    return "".join(out)


def encode_latex(text: str) -> str:
    """Unicode text as BibTeX-safe LaTeX: non-ASCII as commands, specials escaped, ``$...$`` math kept as it is."""
    if text.isascii() and _SPECIAL_RE.search(text) is None:
        return text  # nothing to encode (most words of most titles and names): pylatexenc is slow to say so
    out = []
    at = 0
    hidden = text.replace("\\$", _DOLLAR)
    for match in _MATH.finditer(hidden):
        out.append(_encode_text(hidden[at : match.start()]))
        out.append("$" + (match.group(1) or match.group(2)).strip() + "$")
        at = match.end()
    out.append(_encode_text(hidden[at:]))
    return "".join(out)


_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\string^", _DOLLAR: r"\$",
}  # fmt: skip
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))


def _encode_text(text: str) -> str:
    escaped = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], text)
    return unicode_to_latex(
        escaped, non_ascii_only=True, replacement_latex_protection="braces-all", unknown_char_policy="keep",
        unknown_char_warning=False,
    )
