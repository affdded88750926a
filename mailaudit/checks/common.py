"""Helpers the check kinds share: vocabulary matching, the opening and
closing of a body, deadlines and requests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..engine.kinds import Hit
from ..engine.vocab import pattern, quick_search
from ..mail.message import Address
from ..mail.textutil import HAN, ZH_TITLES

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.rules import Rule

def vocab(rule: Rule, name: str, langs: tuple[str, ...] = ("zh", "en")) -> re.Pattern[str] | None:
    return pattern(rule.vocab.get(name), langs)


# Vocabulary searches look at the first 8,000 characters: an author's own text
# is rarely longer (median 300 in the shared corpora), and a pasted log or
# patch beyond that says nothing about etiquette but costs time on every rule.
MAX_SCAN = 8000


def search(rule: Rule, name: str, text: str) -> re.Match[str] | None:
    pat = vocab(rule, name)
    return quick_search(pat, text, 0, MAX_SCAN) if pat and text else None


def label(options: dict, part: str, lang: str) -> str:
    """A part's name in `lang` from the rule's `labels: {part: {en, zh}}` option."""
    labels = options.get("labels", {}).get(part, {})
    if isinstance(labels, str):
        return labels
    return labels.get(lang) or labels.get("en") or part


def hit_at(part: str, text: str, match: re.Match[str] | None, detail: str | None = None) -> Hit:
    if match is None:
        return Hit(part=part, excerpt=excerpt(text), detail=detail)
    start, end = match.span()
    return Hit(part=part, span=(start, end), excerpt=excerpt(text, start, end), detail=detail)


def excerpt(text: str, start: int = 0, end: int | None = None, width: int = 60) -> str:
    """A one-line piece of `text` around [start, end)."""
    if end is None:
        end = min(len(text), start + width)
    lo = max(0, start - 20)
    hi = min(len(text), max(end, lo + width))
    piece = re.sub(r"\s+", " ", text[lo:hi]).strip()
    return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")


# A line with no letters, or only placeholders such as "[IMAGE]" / "[图片]" left by
# HTML-to-text conversion, is layout: the opening is what follows it.
_PLACEHOLDER_LINE = re.compile(r"^(?:\s*\[[^\]\n]{0,40}\]\s*)+$|^[\W\d_]*$")


def opening(body: str, lines: int = 2) -> str:
    """The first non-empty lines of a body, where salutations and greetings stand."""
    out: list[str] = []
    for ln in body.split("\n"):
        if len(out) >= lines:  # the rest of the body is not read
            break
        if ln.strip() and not _PLACEHOLDER_LINE.match(ln):
            out.append(ln.strip())
    return "\n".join(out)


def closing_lines(body: str, lines: int = 3) -> str:
    out = [ln.strip() for ln in body.split("\n") if ln.strip()]
    return "\n".join(out[-lines:])


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？!?；;])|(?<=[.])\s+|\n+", text) if s and s.strip()]


def asking(text: str, requests: re.Pattern[str] | None, courtesy: re.Pattern[str] | None) -> str | None:
    """The first sentence of `text` that asks the reader for something, or None.

    A sentence that is an offer or a courtesy ("If you have any questions, please
    call", "如有疑问请联系") asks nothing: it is skipped, not vetoing the mail.
    """
    if requests is None or not text:
        return None
    if not quick_search(requests, text, 0, MAX_SCAN):
        return None
    for sentence in sentences(text[:MAX_SCAN]):
        if quick_search(requests, sentence) and not (courtesy and quick_search(courtesy, sentence)):
            return sentence
    return None


def person_names(addresses: Iterable[Address]) -> set[str]:
    """Ways a body may name these people: full name, given and family name,
    Chinese surname + title, the address's local part."""
    names: set[str] = set()
    for a in addresses:
        names |= _names_of(a.name, a.email)
    return names


_NOT_HAN = re.compile(f"[^{HAN}]")
_HAN_CHAR = re.compile(f"[{HAN}]")
_NAME_PARTS = re.compile(r"[\s,.()（）]+")
_LOCAL_PARTS = re.compile(r"[._\-+]")


@lru_cache(maxsize=8192)  # the same colleagues are on mail after mail (Enron's Cc lists: hundreds)
def _names_of(name: str, email: str) -> frozenset[str]:
    names: set[str] = set()
    name = (name or "").strip()
    if name:
        names.add(name.lower())
        cjk = _NOT_HAN.sub("", name)
        if len(cjk) >= 2:
            names.add(cjk)
            surname = cjk[:2] if len(cjk) == 4 else cjk[0]
            names.update(surname + t for t in ZH_TITLES)
            if len(cjk) >= 3:
                names.add(cjk[-2:])  # given name: 王小明 -> 小明
        for part in _NAME_PARTS.split(name):
            # (a name's letters may carry accents: "Sinéad"; Chinese ones are read above)
            if len(part) >= 2 and part[0].isalpha() and not _HAN_CHAR.search(part):
                names.add(part.lower())
    local = email.split("@")[0].lower()
    for part in _LOCAL_PARTS.split(local):
        if len(part) >= 3 and part.isalpha():
            names.add(part)
    return frozenset(n for n in names if n)


def mentions_any(text: str, names: set[str]) -> tuple[int, int] | None:
    """Span of the first of `names` in `text` (Latin names on word boundaries).

    Plain substring search: a list mail can carry hundreds of recipients, and a
    regex per message would be compiled and thrown away each time.
    """
    if not names or not text:
        return None
    low = text.lower()
    best: tuple[int, int] | None = None
    for name in names:
        start = low.find(name)
        while start != -1:
            end = start + len(name)
            if not name.isascii() or (
                (start == 0 or not low[start - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
            ):
                if best is None or start < best[0]:
                    best = (start, end)
                break
            start = low.find(name, start + 1)
    return best
