"""Mandarin readings of Chinese characters, without tones, to tell whether a Chinese name
spells a Latin word: a company's mail domain is often its name in pinyin ("毛孩澡堂" writes
from maohai-grooming.example, "长虹" from changhong.example). The table is
mailaudit/data/pinyin.txt (bench/gen_pinyin.py writes it from pypinyin's; no dependency at
run time)."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib.resources import files

_lock = threading.Lock()
_table: dict[str, tuple[str, ...]] | None = None
_read_so: dict[str, str] = {}  # a reading -> every character read so


def _load() -> dict[str, tuple[str, ...]]:
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                table: dict[str, tuple[str, ...]] = {}
                text = files("mailaudit").joinpath("data/pinyin.txt").read_text(encoding="utf-8")
                for line in text.splitlines():
                    if line and not line.startswith("#"):
                        reading, _, chars = line.partition("\t")
                        _read_so[reading] = chars
                        for ch in chars:
                            table[ch] = (*table.get(ch, ()), reading)
                _table = table
    return _table


def readings(char: str) -> tuple[str, ...]:
    """The character's readings ("长": "chang", "zhang"); () for none (not Chinese)."""
    return _load().get(char, ())


@lru_cache(maxsize=256)
def first_characters(word: str) -> re.Pattern[str]:
    """A pattern of the characters a name spelling `word` may begin with (one of their
    readings begins the word): where to look for one in a long text."""
    _load()
    word = word.lower()
    chars = {ch for reading, found in _read_so.items()
             if word.startswith(reading) or ("v" in reading and word.startswith(reading.replace("v", "u")))
             for ch in found}
    return re.compile("[" + "".join(sorted(chars)) + "]" if chars else "(?!)")


def spelled(name: str, word: str) -> int:
    """How many of `name`'s first characters, read one after another, spell `word` whole
    ("毛孩澡堂", "maohai": 2); 0 when no beginning of the name does. ü may be written v or u
    ("绿" lv or lu); a character of several readings may be read any of them."""
    word = word.lower()
    best = 0
    states = {0}  # how much of the word the characters read so far spell
    for i, char in enumerate(name[:12]):
        forms = {f for r in readings(char) for f in {r, r.replace("v", "u")}}
        states = {at + len(f) for at in states for f in forms if word.startswith(f, at)}
        if not states:
            break
        if len(word) in states:
            best = i + 1
    return best


__all__ = ["first_characters", "readings", "spelled"]
