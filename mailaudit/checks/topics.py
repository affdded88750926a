"""Several unrelated matters in one body.

A new matter is announced ("另外", "还有一件事", "by the way", "separately")
or named (a different project) and carries its own request. spaCy tokens
(jieba for Chinese; English without importing spaCy, mail/en_tokens) measure
how much the new request shares with what came before: a follow-up detail
shares words, a new matter does not. Tokenisers load only when a candidate is
found, so ordinary mail never pays for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from ..engine.vocab import may_match, quick_search
from ..mail.language import get_tokenizer
from ..mail.textutil import mainly_chinese
from .body import body_paragraphs
from .common import MAX_SCAN, excerpt, vocab


@lru_cache(maxsize=64)
def _line_start(alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t\-*•0-9.、)）]*(?:{alternatives})", re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=64)
def _ordinal_opener(alternatives: str) -> re.Pattern[str]:
    """Where a matter opened by an ordinal begins: after a sentence's end, "一是" or "First,"."""
    return re.compile(r"(?:^|(?<=[.!?。！？；;:：\n]))\s*(?=(?:" + alternatives + r")(?:[\s,，:：、]|(?<=是)))", re.IGNORECASE)


# List marks before a segment's first word
_MARKS = " -*•0123456789.、)）"


def content_words(text: str, drop: re.Pattern[str] | None) -> set[str]:
    text = text[:600]  # a matter is named in its first sentences
    if drop is not None:
        text = drop.sub(" ", text)
    lang = "zh" if mainly_chinese(text) else "en"
    words = set()
    for tok in get_tokenizer(lang)(text):
        if tok.is_punct or tok.is_space or tok.like_num or tok.is_stop:
            continue
        w = tok.text.lower()
        if len(w) < 2 or not re.search(r"\w", w):
            continue
        if lang == "en" and w.endswith("s") and len(w) > 3:
            w = w[:-1]
        words.add(w)
    return words


_ITEM = r"\s*(?:\d+[.、)）]|[-*•]|[一二三四五六七八九十]+[、.])"  # a list item's opening
_ITEM_START = re.compile(_ITEM)
_ITEM_BREAK = re.compile(r"\n(?=" + _ITEM + ")")


def _segments(paras: list[str]) -> list[str]:
    """Paragraphs, or the items of a numbered list when the body is one list."""
    out: list[str] = []
    for p in paras:
        items = _ITEM_BREAK.split(p)
        out.extend(i.strip() for i in items if i.strip())
    return out


KINDS = ("money_matters", "ad_matters")  # vocabularies of kinds of matter (see _listed_apart)


# the announcement's things after a colon on its own line ("three things from you by Friday: a …")
_INLINE_LIST = re.compile(r"[^\n:：]{0,60}[:：][ \t]*\S")
# a paragraph that only closes the mail ("Thanks,", "谢谢！"): no matter
_CLOSING = re.compile(r"[A-Za-z'’]+(?:[ \t][A-Za-z'’]+){0,2}[,!.]?|(?:谢谢|謝謝|多谢|多謝|感谢|感謝|辛苦了?|祝好|此致|唔该|唔該)[您你]?[,，!！。]?")


def _listed_apart(rule: Rule, ctx: CheckContext, body: str) -> str | None:
    """"两件事：1. 推送改到周日 2. 上个月的发票还没收到": the author announces several matters
    and lists them, and one item is about money (whatever ad it bills) and another is not (an
    ad, a party, a contact; ad items alone are one booking's). The first item of a kind after
    another's, else None."""
    announces = vocab(rule, "announces")
    said = quick_search(announces, body) if announces is not None else None
    kinds = [k for k in (vocab(rule, name) for name in KINDS) if k is not None]
    if said is None or len(kinds) < 2:
        return None
    segs = _segments(body_paragraphs(rule, ctx))
    ordinals = vocab(rule, "ordinals")
    if ordinals is not None:
        # "Two things. First, please book … Second, our invoice …", "一是…；二是…": a matter opened by
        # an ordinal after a sentence's end is an item too
        opener = _ordinal_opener(ordinals.pattern)
        segs = [piece.strip() for seg in segs for piece in opener.split(seg) if piece.strip()]
    # (the announcement may share the greeting's line, "美玲，两件事：", which is no paragraph)
    head = next((i for i, s in enumerate(segs) if said.group(0) in s), -1)
    items = [seg for seg in segs[head + 1:] if _ITEM_START.match(seg) or (ordinals is not None and ordinals.match(seg))]
    if not items and _INLINE_LIST.match(body, said.end()):
        return None  # "I need three things from you by Friday: a signed W-9, …": listed on its line
    # ("Two things while I think of them." over two paragraphs: the paragraphs are the things)
    seen: set[frozenset[int]] = set()
    # (a closing line, "Thanks,", is no thing)
    for seg in items or [seg for seg in segs[head + 1:] if not _CLOSING.fullmatch(seg.strip())]:
        # (money first: "our November invoice bills the search tiles at …" is a billing matter)
        # (an item of neither kind - a party, a new contact - is a matter apart from money, not
        # from an ad: "two questions: is the splash free? what would it cost?" is one booking)
        of = next((frozenset([n]) for n, k in enumerate(kinds) if quick_search(k, seg)), frozenset([len(kinds)]))
        money = frozenset([0])
        if seen and of not in seen and (money in seen or of == money):
            return seg
        seen.add(of)
    return None


@check_kind("topics", vocab=("requests", "shifts", "projects", "ignore", "greetings", "announces", "ordinals", "joins", *KINDS),
            options={"max_overlap": (int, float)}, needs_nlp=True)
def topics(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    requests, shifts, projects = vocab(rule, "requests"), vocab(rule, "shifts"), vocab(rule, "projects")
    if requests is None or shifts is None:
        return
    body = ctx.message.body[:MAX_SCAN]
    second = _listed_apart(rule, ctx, body)
    if second is not None:
        yield Hit(part="body", excerpt=excerpt(second), detail=ctx.note("second-matter", what=excerpt(second, width=30)))
        return
    # Cheap gate first: no marker opening a line and no project name, no second matter.
    low = body.lower()
    if projects is not None and not any(k in low for k in ("项目", "項目", "project", "《")):
        projects = None  # its patterns backtrack on every word; skip them when they cannot match
    opens = may_match(shifts, body) and _line_start(shifts.pattern).search(body)  # (a match holds one of shifts')
    if not opens and not (projects and quick_search(projects, body)):
        return
    segs = _segments(body_paragraphs(rule, ctx))
    if len(segs) < 2:
        return
    named_in: dict[int, set[str]] = {}  # project names by segment (of those that ask, below)
    if projects is not None:
        for i, seg in enumerate(segs):
            if quick_search(projects, seg) is None:  # finditer would find none: it backtracks on every word
                continue
            found = {m.group(0).lower() for m in projects.finditer(seg)}
            if found:
                named_in[i] = found
    # Searching every segment for a request is the cost: not when no segment can become a
    # candidate (none after the first opens with a marker, fewer than two project names).
    if len(set().union(*named_in.values())) < 2 and not any(shifts.match(s.lstrip(_MARKS)) for s in segs[1:]):
        return
    asked = [i for i, s in enumerate(segs) if quick_search(requests, s)]
    if len(asked) < 2:
        return
    # A cheap pre-check decides whether tokenising is worth it.
    candidates = [i for i in asked[1:] if shifts.match(segs[i].lstrip(_MARKS))]
    named = {i: named_in[i] for i in asked if i in named_in}
    if len(set().union(*named.values()) if named else set()) >= 2:
        owners = [i for i in asked if i in named]
        for i in owners[1:]:
            if not (named[i] & set().union(*(named[j] for j in owners if j < i))):
                candidates.append(i)
    if not candidates:
        return
    drop = vocab(rule, "ignore")
    threshold = ctx.options.get("max_overlap", 0.2)
    words_of: dict[int, set[str]] = {}  # each segment tokenised once, however many candidates follow it

    def words_in(j: int) -> set[str]:
        if j not in words_of:
            words_of[j] = content_words(segs[j], drop)
        return words_of[j]

    joins = vocab(rule, "joins")
    for i in sorted(set(candidates)):
        if joins is not None and quick_search(joins, segs[i]):
            continue  # "另外…，也请一并给一下": asked along with the first, the same matter
        words = words_in(i)
        if not words:  # before tokenising what came earlier
            continue
        earlier = set().union(*(words_in(j) for j in asked if j < i))
        if not earlier:
            continue
        overlap = len(words & earlier) / len(words)
        if overlap <= threshold:
            yield Hit(part="body", excerpt=excerpt(segs[i]), detail=ctx.note("second-matter", what=excerpt(segs[i], width=30)))
            return
