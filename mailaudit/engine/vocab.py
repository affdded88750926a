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


@lru_cache(maxsize=4096)
def compile_entries(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    # Longest first so alternation prefers `best regards` over `best`.
    ordered = sorted(entries, key=len, reverse=True)
    return re.compile("|".join(f"(?:{entry_pattern(e)})" for e in ordered), re.IGNORECASE | re.MULTILINE)


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
