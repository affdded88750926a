"""The slot of an act that no vocabulary or shape names, read from where the act puts it.

An instruction read without a slot ("请为晨曦低温奶安排油烟机屏开机页，12月14日-12月20日")
still names one, in the place the act's grammar gives its object: after 在/于 and before
the act ("在跑步页完赛证书背景投放"), right after the act ("安排油烟机屏开机页", "book the
boarding pass back for …"), or before it as the clause's topic ("关机画面改到12月12日").
Only a clause that already asks for an act is read, so this never makes an instruction;
it names the slot of one. The words are data (`slot_objects` in
rules/vocab/adplacement-patterns.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..engine.vocab import simplified
from .fields import BULLET
from .patterns import ACTIONS, Cue, SlotMention, has_cjk, load_patterns
from .slots import SlotVocabulary

_EN_WORD = re.compile(r"[A-Za-z0-9][\w'’&-]*")
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")


@dataclass(frozen=True)
class _Words:
    at: tuple[str, ...]
    at_tails: tuple[str, ...]
    leads: tuple[str, ...]
    tails: tuple[str, ...]
    of: tuple[str, ...]
    not_slot: frozenset[str]
    not_slot_parts: tuple[str, ...]
    stops: frozenset[str]
    ends: frozenset[str]


@lru_cache(maxsize=2)
def _words(lang: str) -> _Words:
    data: dict[str, Any] = load_patterns().slot_objects.get(lang) or {}

    def words(key: str) -> tuple[str, ...]:
        return tuple(sorted((simplified(str(w)) for w in data.get(key) or ()), key=len, reverse=True))

    return _Words(words("at"), words("at_tails"), words("leads"), words("tails"), words("of"),
                  frozenset(w.lower() for w in words("not_slot")), tuple(w.lower() for w in words("not_slot_parts")),
                  frozenset(words("stops")), frozenset(w.lower() for w in words("ends")))


def object_slot(text: str, lo: int, hi: int, cues: Iterable[Cue], blocked: Iterable[tuple[int, int]],
                vocab: SlotVocabulary, subject: str, names: Iterable[str] = ()) -> SlotMention | None:
    """The slot the clause `text[lo:hi]` puts its act on, or None. `cues`: the clause's cues
    (offsets in `text`); `blocked`: spans no slot may hold (dates, captured names). The
    words must also be in the subject (`subject`, as read): the mail names its matter there,
    and a slot no vocabulary knows is told from the other words of a clause that way. `names`:
    the advertiser's, which no slot is (and a slot's name is read after it)."""
    cues = sorted(cues, key=lambda c: c.start)
    acts = [c for c in cues if c.label in ACTIONS]
    if not acts or not text[lo:hi].strip() or not subject.strip():
        return None
    spans = [*((c.start, c.end) for c in cues), *blocked]
    read = simplified(text[lo:hi])
    cjk = has_cjk(read)
    said = simplified(subject).lower()
    brands = tuple(simplified(n).lower() for n in names if n)
    for act in acts:
        regions = (_zh_regions if cjk else _en_regions)(read, act.start - lo, act.end - lo,
                                                        [(a - lo, b - lo) for a, b in spans if b > lo and a < hi])
        for start, end in regions:
            found = _in_subject(read, start, end, said, cjk, brands)
            if found is not None:
                start, end = found
                written = text[lo + start:lo + end]
                key = vocab.normalise(written) or vocab.key_of_shape(simplified(written))
                return SlotMention(lo + start, lo + end, written, key)
    return None


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(a < end and start < b for a, b in spans)


def _zh_regions(read: str, cs: int, ce: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a Chinese act's object stands: after 在 before it, after it, before it."""
    w = _words("zh")
    out = []
    left = read[:cs]
    at = max(((left.rfind(a), a) for a in w.at), default=(-1, ""))
    if at[0] >= 0 and _free(spans, at[0] + len(at[1]), cs):
        out.append((at[0] + len(at[1]), cs))
    end = ce
    while end < len(read) and read[end] not in w.stops and _free(spans, end, end + 1):
        end += 1
    out.append((ce, end))
    start = cs
    while start > 0 and read[start - 1] not in w.stops and _free(spans, start - 1, start):
        start -= 1
    out.append((start, cs))
    return [(a, b) for a, b in out if b > a]


def _en_regions(read: str, cs: int, ce: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words after an English act, up to punctuation, a date or an `ends` word; first,
    the words a separable act holds between its verb and its particle ("take the side skirts
    off", "turn the lobby screens off": the cue's own span)."""
    w = _words("en")
    out = []
    inner = list(_EN_WORD.finditer(read, cs, ce))
    if len(inner) > 2:
        out.append((inner[1].start(), inner[-2].end()))
    end = ce
    for m in _EN_WORD.finditer(read, ce):
        if read[end:m.start()].strip() or not _free(spans, m.start(), m.end()) or m.group(0).lower() in w.ends:
            break
        end = m.end()
    return out + ([(ce, end)] if end > ce else [])


def _in_subject(read: str, start: int, end: int, said: str, cjk: bool,
                brands: tuple[str, ...]) -> tuple[int, int] | None:
    """The longest part of `read[start:end]` the subject also writes, trimmed of fillers,
    when it names a slot rather than a creative, a time or a word of no weight."""
    lang = "zh" if cjk else "en"
    w = _words(lang)
    low = read.lower()
    found: list[tuple[int, int]] = []
    if cjk:
        best: tuple[int, int] | None = None
        for i in range(start, end):
            j = i + (best[1] - best[0] if best else 1)
            while j <= end and low[i:j] in said:
                best = (i, j) if best is None or j - i > best[1] - best[0] else best
                j += 1
        found = [best] if best else []
    else:
        # every run of words the subject writes too, longest first: "Christmas" of "the Christmas
        # data-offer scroll" under "Christmas offer scroll" is a time, so "scroll" is the slot
        words = [m for m in _EN_WORD.finditer(read, start, end)]
        for i in range(len(words)):
            for j in range(len(words), i, -1):
                phrase = " ".join(m.group(0).lower() for m in words[i:j])
                if re.search(rf"(?<![\w'’-]){re.escape(phrase)}(?![\w'’-])", said):
                    found.append((words[i].start(), words[j - 1].end()))
                    break
    for span in sorted(found, key=lambda x: x[0] - x[1]):
        cleaned = _clean(read, *span, w, cjk, brands)
        if cleaned is not None:
            return cleaned
    return None


def _clean(read: str, start: int, end: int, w: _Words, cjk: bool, brands: tuple[str, ...],
           capitals: bool = False) -> tuple[int, int] | None:
    """Trim fillers around an object; None unless what is left can name a slot."""
    if cjk:
        low = read.lower()
        changed = True
        while changed and start < end:
            changed = False
            while start < end and read[start].isspace():
                start, changed = start + 1, True
            while start < end and read[end - 1].isspace():
                end, changed = end - 1, True
            lead = next((x for x in (*w.leads, *brands) if low.startswith(x, start) and start + len(x) < end), None)
            if lead:
                start, changed = start + len(lead), True
            tail = next((x for x in (*w.at_tails, *w.tails) if read.endswith(x, start, end) and end - len(x) > start), None)
            if tail:
                end, changed = end - len(tail), True
        # "登机牌背面的广告": the name before 的 when what follows it is no slot
        for of in w.of:
            cut = read.rfind(of, start, end)
            if cut > start and read[cut + len(of):end].strip().lower() in w.not_slot:
                end = cut
        x = read[start:end].strip()
        if not (2 <= len(x) <= 16) or not has_cjk(x) and not re.search(r"[A-Za-z]{2}", x):
            return None
        low = x.lower()
        if any(low in b for b in brands) or low in w.not_slot or any(p in low for p in w.not_slot_parts) or any(s in x for s in w.stops):
            return None
        return start, end
    words = list(_EN_WORD.finditer(read, start, end))
    while words and (words[0].group(0).lower() in w.leads or _POSSESSIVE.search(words[0].group(0))):
        words.pop(0)
    # a brand written before its slot is no part of it when the slot goes on in lower case
    # (`capitals`: an item of a list starts with one, "Visitor centre big screen"; only the
    # advertiser's own name goes)
    while len(words) > 1 and words[0].group(0)[:1].isupper() and not words[0].group(0).isupper() and (
            not capitals or words[0].group(0).lower() in brands or _POSSESSIVE.search(words[0].group(0))):
        words.pop(0)
    if not words or len(words) > 6:
        return None
    lows = [m.group(0).lower() for m in words]
    if " ".join(lows) in w.not_slot or (lows[-1] in w.not_slot and len(lows) < 3) \
            or any(p in lows for p in w.not_slot_parts) or not any(m.group(0).islower() for m in words):
        return None
    return words[0].start(), words[-1].end()


def item_slot(text: str, lo: int, hi: int, blocked: Iterable[tuple[int, int]], vocab: SlotVocabulary,
              names: Iterable[str] = ()) -> SlotMention | None:
    """The slot a list item names by its first words ("- VIP lounge table stickers", "- Notice
    board A3 poster - Tampines cluster", "- 国际到达廊桥灯箱（4座）"), read only for an item
    standing under a line that asks for the bookings listed below it. The words end at the first
    stop (a dash between words, a bracket, a comma, a colon), an `ends` word, a number or a
    `blocked` span (a date, a captured name); they are no slot when they are a creative, money,
    time or a request (`not_slot`, `not_slot_parts`) or the advertiser's name (`names`)."""
    read = simplified(text[lo:hi])
    spans = [(a - lo, b - lo) for a, b in blocked if b > lo and a < hi]
    bullet = BULLET.match(read)
    start = bullet.end() if bullet else len(read) - len(read.lstrip())
    brands = tuple(w for n in names if n for w in (simplified(n).lower(), *simplified(n).lower().split()))
    if has_cjk(read[start:start + 4]):
        w = _words("zh")
        end = start
        while end < len(read) and read[end] not in w.stops and not read[end].isspace() \
                and not read[end].isdigit() and _free(spans, end, end + 1):
            end += 1
        found = _clean(read, start, end, w, True, brands)
    else:
        w = _words("en")
        end = start
        for m in _EN_WORD.finditer(read, start):
            gap = read[end:m.start()]
            word = m.group(0)
            if gap.strip() or not _free(spans, m.start(), m.end()) or word.lower() in w.ends or word.isdigit():
                break
            end = m.end()
        found = _clean(read, start, end, w, False, brands, capitals=True) if end > start else None
    if found is None:
        return None
    a, b = found
    written = text[lo + a:lo + b]
    key = vocab.normalise(written) or vocab.key_of_shape(simplified(written))
    return SlotMention(lo + a, lo + b, written, key)
