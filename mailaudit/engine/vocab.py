"""Vocabularies from rule files, compiled once into regular expressions.

A vocabulary entry is a phrase (matched case-insensitively; Latin phrases on
word boundaries so "hi" does not match "this") or, written `/.../`, a regular
expression. Entries are grouped by language (zh, en); a mail written in both
is matched against both, since mixed mail is common.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import yaml

from ..mail.textutil import CJK

_LATIN = re.compile(r"[A-Za-z0-9]")


def _phrase_pattern(phrase: str) -> str:
    body = re.escape(phrase).replace(r"\ ", r"\s+")
    # Word boundaries only where the phrase starts/ends with a Latin character:
    # CJK text has no spaces, so `你好` must match inside `张总你好`.
    left = r"(?<![A-Za-z0-9])" if _LATIN.match(phrase[:1]) else ""
    right = r"(?![A-Za-z0-9])" if _LATIN.match(phrase[-1:]) else ""
    return f"{left}{body}{right}"


def entry_pattern(entry: str) -> str:
    if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
        return entry[1:-1]
    return _phrase_pattern(entry)


def trie_regex(words: list[str]) -> str:
    """One regex for many literal phrases, factored as a trie: Python's re
    tries every alternative at every position, so 80 phrases cost 80x; the
    trie costs about the length of the longest phrase."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            esc = r"\s+" if ch == " " else re.escape(ch)
            branches.append(esc + render(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return render(trie)


_CJK = CJK


@lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return (opencc.OpenCC("s2t"), opencc.OpenCC("s2twp"))


@lru_cache(maxsize=1)
def _traditional_table() -> dict[int, str]:
    from ..errors import ConfigError
    from .rules import builtin_rules_dir

    path = builtin_rules_dir() / "vocab" / "traditional.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        pairs = str(data["pairs"]).split() + str(data.get("cantonese") or "").split()
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: cannot load the traditional Chinese table: {exc}") from None
    return {ord(p[0]): p[1] for p in pairs if len(p) == 2}


def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones, one for one (rules/vocab/
    traditional.yaml; offsets keep): vocabularies written once in simplified
    Chinese read mail from Taiwan and Hong Kong too (陳經理 -> 陈经理, 開屏 -> 开屏)."""
    return text.translate(_traditional_table())


def traditional_variants(text: str) -> set[str]:
    """Traditional-script spellings of a simplified phrase (謝謝 for 谢谢,
    軟體 for 软件), so one vocabulary serves mail from Taiwan and Hong Kong."""
    if not _CJK.search(text):
        return set()
    return {c.convert(text) for c in _converters()} - {text}


@lru_cache(maxsize=4096)
def compile_entries(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    regexes = [e for e in entries if len(e) > 2 and e.startswith("/") and e.endswith("/")]
    regexes += [v for e in regexes for v in traditional_variants(e)]
    literal = {e.lower() for e in entries if e not in regexes}
    literal |= {v for e in literal for v in traditional_variants(e)}
    phrases = sorted(literal, key=len, reverse=True)
    both = [p for p in phrases if _LATIN.match(p[:1]) and _LATIN.match(p[-1:])]
    free = [p for p in phrases if not _LATIN.match(p[:1]) and not _LATIN.match(p[-1:])]
    mixed = [p for p in phrases if p not in both and p not in free]
    parts = [f"(?:{entry_pattern(e)})" for e in regexes]
    if both:
        parts.append(rf"(?<![A-Za-z0-9])(?:{trie_regex(both)})(?![A-Za-z0-9])")
    if free:
        parts.append(f"(?:{trie_regex(free)})")
    parts.extend(f"(?:{_phrase_pattern(p)})" for p in mixed)
    return re.compile("|".join(parts), re.IGNORECASE | re.MULTILINE)


def flatten(vocab: dict | list | None, langs: Iterable[str] = ("zh", "en")) -> tuple[str, ...]:
    """Entries of one vocabulary for the given languages (a bare list applies to all)."""
    if vocab is None:
        return ()
    if isinstance(vocab, list):
        return tuple(vocab)
    out: list[str] = []
    for lang in (*langs, "any"):
        out.extend(vocab.get(lang, []))
    return tuple(out)


def pattern(vocab: dict | list | None, langs: Iterable[str] = ("zh", "en")) -> re.Pattern[str] | None:
    return compile_entries(flatten(vocab, tuple(langs)))
