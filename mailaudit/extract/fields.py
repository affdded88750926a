"""Bookings written as fields: a table or a block of "key: value" lines.

People who book several placements at once rarely write sentences:

    广告主 | 位置 | 开始 | 结束          客户：联昇电信
    橙子金融 | 搜索品牌专区 | 7月1日 | 7月31日   版位：搜寻品牌专区 + 首页横幅
                                       期间：2月16日至3月1日

The column head or the key says what a cell holds, so a cell under "位置" /
"Placement" is a slot even when no vocabulary names it. Heads and keys are data
(`fields` in rules/vocab/adplacement-patterns.yaml). A table is a booking
table when its head names a slot column and a date column and nothing that is
measured (price, impressions: a rate card or a report), or a date column under a
line that points at it and names one slot ("车身后窗车贴按下表安排：" over
"车队 | 车数 | 周期"); whether the mail asks for the bookings is decided by the
extractor, from the author's own sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from .dates import Moment, Window, find_windows, reading_day_first, writes_day_first
from .patterns import has_cjk, load_patterns, matchers_for, simplified
from .slots import SlotVocabulary, shape_key, squash

_SEPARATED = re.compile(r"\t|[|｜]|\S\s{2,}\S")  # a line that may be a row of cells
_CELL_SPLIT = re.compile(r"\s*(?:\t+|[|｜]|\s{2,})\s*")
# A list marker opening a line ("1.", "-", "一、"): also read by extract.py.
# (and lettered items, "a)", "(b)": "   a) podcast ep. opener …" under "1. Coastlink Buses")
BULLET = re.compile(r"^\s*(?:[-*•·▪◦]|\d{1,2}[.)、]|[一二三四五六七八九十]{1,2}[、.]|[a-h]\)|\([a-h0-9]{1,2}\))\s*")
_KEY_VALUE = re.compile(r"^(?P<key>[^:：|｜\t]{1,16}?)\s*[:：]\s*(?P<value>\S.*)$")
# A table of two columns, a key and its value a row ("广告主  | 柚见茶"), pasted from a sheet
_KEY_CELL = re.compile(r"^[|｜]?\s*(?P<key>[^:：|｜\t]{1,16}?)\s*(?:[|｜]|\t+)\s*(?P<value>[^|｜\t]*[^|｜\t\s])\s*[|｜]?$")
_RULE_ROW = re.compile(r"^[\s|:：\-=+—]+$")  # "---|---" under a Markdown head
# A numbered heading line of a few words and nothing else ("一、牧川乳业", "2) Kestrel Audio")
# right above a block: the block is that one's (the client of a mail booking for several).
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}[、.．]|\d{1,2}[.)、．]|[（(](?:[一二三四五六七八九十]{1,2}|\d{1,2})[)）])\s*"
                      r"(?P<name>[^\s:：|｜\d][^:：|｜\d]{1,24}?)\s*$")
_SLOT_SPLIT = re.compile(r"\s*(?:[+＋、/,，;；&＆]|\band\b|和|及|以及)\s*")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
_FILE = re.compile(r"[\w.\-]+\.(?:jpe?g|png|gif|webp|mp4|mov|zip|rar|7z|psd|html?)\b|https?://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class FieldSlot:
    text: str  # as written
    key: str
    start: int  # offset in the body


@dataclass
class Booking:
    """One row of a booking table, or one block of key: value lines."""

    span: tuple[int, int]  # offsets in the body
    text: str
    slots: list[FieldSlot] = field(default_factory=list)
    window: Window | None = None
    advertiser: str | None = None
    creative: str | None = None
    action: str | None = None
    campaign: str | None = None


@dataclass(frozen=True)
class _Heads:
    roles: dict[str, str]  # squashed head -> role
    measured: frozenset[str]
    weeks: frozenset[str]  # dates heads whose bare dates are weeks


@lru_cache(maxsize=1)
def _heads() -> _Heads:
    data = load_patterns().fields
    roles: dict[str, str] = {}
    for role, words in (data.get("roles") or {}).items():
        for w in words or ():
            roles.setdefault(squash(simplified(str(w))), role)
    measured = frozenset(squash(simplified(str(w))) for w in data.get("measured") or ())
    return _Heads(roles, measured, frozenset(squash(simplified(str(w))) for w in data.get("week_heads") or ()))


def _as_key(head: str) -> str:
    """A head or key as the role table holds it: no bullet, brackets, case, spaces or colon."""
    return squash(simplified(_PARENS.sub("", BULLET.sub("", head)))).rstrip(":：")


@lru_cache(maxsize=4096)
def field_role(head: str) -> str | None:
    """What a table's head or a "key: value" line's key holds ("slot", "start", "end", "dates",
    "advertiser", …), or None for a key no role has."""
    h = _as_key(head)
    return _heads().roles.get(h) or _heads().roles.get(_NUMBERED_KEY.sub("", h))


@lru_cache(maxsize=1)
def _chinese_keys() -> tuple[str, ...]:
    return tuple(k for k in (*_heads().roles, *_heads().measured) if len(k) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", k))


@lru_cache(maxsize=4096)
def ends_in_a_key(head: str) -> bool:
    """A Chinese key a role's key ends ("刊登期間", "投放版位", "上刊日期"): a key, not a name."""
    return _as_key(head).endswith(_chinese_keys())


# "Placement 1:", "位置2：", "slot #3": one of several keys of one role
_NUMBERED_KEY = re.compile(r"(?:#|no\.?)?(?:[0-9]{1,2}|[一二三四五六七八九十])$")


def _is_measured(head: str) -> bool:
    h = squash(simplified(head))
    return any(m in h for m in _heads().measured)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _cells(line: str) -> list[str]:
    body = line.strip().strip("|｜").strip()
    return [c.strip() for c in _CELL_SPLIT.split(body)] if body else []


_POSITION_AFTER_COMMA = re.compile(r"[,，]\s*(?=(?:position|pos\.?|slot|spot|no\.?|#)\s*#?\d)", re.IGNORECASE)


def _slots(value: str, offset: int, vocab: SlotVocabulary) -> list[FieldSlot]:
    """The slots a slot cell names: known ones by the vocabulary, any other
    part of the cell as written (the column says it is a slot)."""
    # "Search results, position 2" is one slot (same length: offsets keep)
    value = _POSITION_AFTER_COMMA.sub(" ", value)
    # "native article (lifestyle site, travel section)": what is in brackets is not cut up
    split_at = _PARENS.sub(lambda m: "\0" * len(m.group(0)), value)
    out: list[FieldSlot] = []
    pos = 0
    parts, start = [], 0
    for m in _SLOT_SPLIT.finditer(split_at):
        parts.append(value[start:m.start()])
        start = m.end()
    parts.append(value[start:])
    for part in parts:
        at = value.find(part, pos) if part else pos
        pos = at + len(part)
        name = part.strip()
        if not name:
            continue
        read = simplified(name)
        lang = "zh" if read != name or re.search(r"[\u4e00-\u9fff]", read) else "en"
        found = matchers_for(lang, vocab).analyse(read).slots
        # one part of a slot cell is one slot: "搜尋品牌專區" is the brand zone (named
        # whole), "小程序开屏浮层" one slot of its own, not a splash and a pop-up
        if len(found) == 1:
            out.append(FieldSlot(name, found[0].key, offset + at))
            continue
        key = vocab.normalise(read)
        bare = _PARENS.sub("", read).strip()
        if not key and not found and out:
            # "outstream video, business site", "van-side wrap, 40 vans, Yorkshire depots": after a
            # slot, a part no vocabulary or slot shape reads says where it runs or how much of it
            continue
        if not key and bare:
            key = vocab.placed_key(bare) or shape_key(bare)
        if key:
            out.append(FieldSlot(name, key, offset + at))
    return out


def _window(cells: dict[str, tuple[str, int]], ref: date | None, weeks: bool = False) -> Window | None:
    """The dates of a row or block: a dates cell, or start and end cells. Under a weeks head
    (`weeks`) a bare date is the week that begins that day."""
    if "dates" in cells:
        text, off = cells["dates"]
        found = [w for w in find_windows(simplified(text), ref) if w.start or w.end or not w.resolved]
        if weeks:
            found = [replace(w, end=Moment(w.start.day + timedelta(days=6)), kind="range")
                     if w.start and w.end in (None, w.start) and w.kind == "point" and not w.start.time else w
                     for w in found]
        if found:
            w = next((w for w in found if w.start and w.end), found[0])
            # ("w/c 07.12 and w/c 14.12": weeks that follow on from each other are one run)
            at = found.index(w)
            last = w
            for nxt in found[at + 1:]:
                if not (nxt.start and nxt.end and last.end) or not 0 < (nxt.start.day - last.end.day).days <= 1:
                    break
                last = nxt
            if last is not w:
                return Window(w.start, last.end, (off + w.span[0], off + last.span[1]), text[w.span[0]:last.span[1]], "range", True)
            return Window(w.start, w.end, (off + w.span[0], off + w.span[1]), text[w.span[0]:w.span[1]], w.kind, w.resolved)
    start = end = None
    spans, texts = [], []
    for role in ("start", "end"):
        if role not in cells:
            continue
        text, off = cells[role]
        found = [w for w in find_windows(simplified(text), ref) if w.start or w.end]
        if not found:
            continue
        w = found[0]
        moment = (w.start or w.end) if role == "start" else (w.end or w.start)
        if role == "start":
            start = moment
        else:
            end = moment
        spans.append((off + w.span[0], off + w.span[1]))
        texts.append(text[w.span[0]:w.span[1]])
    if start is None and end is None:
        return None
    span = (min(s for s, _ in spans), max(e for _, e in spans))
    kind = "range" if start and end else "start" if start else "end"
    return Window(start, end, span, " - ".join(texts), kind, True)


def _action(text: str) -> str | None:
    patterns = load_patterns()
    low = simplified(text).lower()
    for action in patterns.action_priority:
        if any(str(w).lower() in low for w in patterns.cue_words(action)):
            return action
    return None


def _booking(cells: dict[str, tuple[str, int]], span: tuple[int, int], text: str,
             ref: date | None, vocab: SlotVocabulary, weeks: bool = False) -> Booking | None:
    # a booking names a slot and when ("Position: Senior Analyst" in a job mail does not)
    if "slot" not in cells or not {"start", "end", "dates"} & set(cells):
        return None
    slots = [s for key in cells if key == "slot" or key.startswith("slot+")
             for s in _slots(cells[key][0], cells[key][1], vocab)]
    if not slots:
        return None
    booking = Booking(span, text, slots, _window(cells, ref, weeks))
    if "advertiser" in cells:
        booking.advertiser = cells["advertiser"][0].strip() or None
    if "campaign" in cells:
        booking.campaign = cells["campaign"][0].strip().strip("\"“”'‘’「」《》") or None
    if "creative" in cells:
        files = _FILE.findall(cells["creative"][0])
        booking.creative = ", ".join(files) if files else None
    if "action" in cells:
        booking.action = _action(cells["action"][0])
    return booking


def _tables(lines: list[tuple[int, str]], ref: date | None, vocab: SlotVocabulary) -> list[Booking]:
    out: list[Booking] = []
    i = 0
    while i < len(lines):
        off, line = lines[i]
        if not _SEPARATED.search(line):
            i += 1
            continue
        heads = _cells(line)
        roles = [field_role(h) for h in heads]
        dated = {"start", "end", "dates"} & set(roles)
        named = _slot_above(lines, i, vocab) if "slot" not in roles and dated else None
        if len(heads) < 2 or ("slot" not in roles and named is None) or not dated or any(_is_measured(h) for h in heads):
            i += 1
            continue
        i += 1
        end = _table_end(lines, i)
        # ("w/c 1/2, 1 wk" in a table whose other rows write "15/2": the day first in every row)
        block = "\n".join(ln for _, ln in lines[i:end])
        weeks = any(r == "dates" and _as_key(h) in _heads().weeks for h, r in zip(heads, roles, strict=True))
        with reading_day_first(writes_day_first(block) and not has_cjk(block)):
            out.extend(_rows(lines[i:end], roles, named, ref, vocab, weeks))
        i = end
    return out


def _rows(rows: list[tuple[int, str]], roles: list[str | None], named: tuple[str, int] | None,
          ref: date | None, vocab: SlotVocabulary, weeks: bool = False) -> list[Booking]:
    """A table's rows (rule rows among them) as bookings; under a slot named above the table
    (`named`), rows of one window are one booking; under a weeks head, bare dates are weeks."""
    out: list[Booking] = []
    windows: list[tuple[object, object]] = []
    for off, line in rows:
        if _RULE_ROW.match(line) and line.strip():
            continue
        cells = _cells(line)
        positions, pos = [], 0
        for cell in cells:
            at = line.find(cell, pos)
            positions.append(off + at)
            pos = at + len(cell)
        by_role: dict[str, tuple[str, int]] = {}
        for r, c, p in zip(roles, cells, positions, strict=False):
            # ("Slot … Format": the first column that names a slot names it, a later
            # one says what runs there)
            if r and (r != "slot" or r not in by_role):
                by_role[r] = (c, p)
        if named is not None:
            by_role["slot"] = named
        booking = _booking(by_role, (off, off + len(line)), line.strip(), ref, vocab, weeks)
        if booking and named is not None:
            seen = (booking.window.start, booking.window.end) if booking.window else None
            if seen is None or seen in windows:
                booking = None
            else:
                windows.append(seen)
        if booking:
            out.append(booking)
    return out


def _table_end(lines: list[tuple[int, str]], i: int) -> int:
    """The line after a table's rows that start at line `i`."""
    while i < len(lines) and (len(_cells(lines[i][1])) >= 2 or (_RULE_ROW.match(lines[i][1]) and lines[i][1].strip())):
        i += 1
    return i


def _slot_above(lines: list[tuple[int, str]], head: int, vocab: SlotVocabulary) -> tuple[str, int] | None:
    """"车身后窗车贴按下表安排：" over "车队 | 车数 | 周期": a table of places and dates with no slot
    column, under a line that points at it and names one slot, books that slot in each row's
    window. (The slot as written, and its offset in the text.)"""
    pointers = load_patterns().table_pointers
    above = next(((off, line) for off, line in reversed(lines[max(0, head - 3):head]) if line.strip()), None)
    if above is None or pointers is None:
        return None
    off, line = above
    read = simplified(line)
    if not pointers.search(read):
        return None
    found = matchers_for("zh" if has_cjk(read) else "en", vocab).analyse(read).slots
    if len({s.key for s in found}) != 1:
        return None
    s = found[0]
    return line[s.start:s.end], off + s.start


def _blocks(lines: list[tuple[int, str]], ref: date | None, vocab: SlotVocabulary) -> list[Booking]:
    """Consecutive "key: value" lines; a key seen again starts the next booking."""
    out: list[Booking] = []
    cells: dict[str, tuple[str, int]] = {}
    span: list[int] = []
    texts: list[str] = []
    heading: tuple[str, int] | None = None  # the numbered heading line just above

    def close() -> None:
        if cells:
            booking = _booking(cells, (span[0], span[1]), "\n".join(texts), ref, vocab)
            if booking:
                out.append(booking)
        cells.clear()
        span.clear()
        texts.clear()

    for off, line in lines:
        bare = BULLET.sub("", line)
        lead = len(line) - len(bare)
        m = _KEY_VALUE.match(bare.strip()) or _KEY_CELL.match(bare.strip())
        role = field_role(m.group("key")) if m else None
        if role is None:
            # a key this reader has no role for ("原投放时间：", "文案：") stays inside the block
            if not line.strip() or (cells and not m):
                close()
            h = None if m else _HEADING.match(line)
            heading = (h.group("name"), off + h.start("name")) if h else None
            continue
        if not cells and heading and role != "advertiser":
            cells["advertiser"] = heading  # (a "客户：" key in the block names it itself)
        heading = None
        if role == "slot" and role in cells and _NUMBERED_KEY.search(squash(m.group("key")).rstrip(":：")):
            role = f"slot+{len(cells)}"  # "Placement 2:" after "Placement 1:": the same booking
        elif role in cells:
            close()
        value_at = off + lead + (len(bare) - len(bare.lstrip())) + m.start("value")
        cells[role] = (m.group("value").strip(), value_at)
        span[:] = [span[0] if span else off, off + len(line)]
        texts.append(line.strip())
    close()
    return out


def read_bookings(text: str, ref: date | None, vocab: SlotVocabulary) -> list[Booking]:
    """Every booking row or block in `text` (offsets in `text`), in order."""
    lines = _lines(text)
    found = _tables(lines, ref, vocab) if _SEPARATED.search(text) else []
    taken = [b.span for b in found]
    for b in (_blocks(lines, ref, vocab) if ":" in text or "：" in text or _SEPARATED.search(text) else []):
        if not any(lo <= b.span[0] < hi for lo, hi in taken):
            found.append(b)
    return sorted(found, key=lambda b: b.span)


__all__ = ["Booking", "FieldSlot", "field_role", "read_bookings"]
