"""Small text facts shared by every stage: the one CJK range, the one list of
reply/forward subject prefixes, CJK counting, language of a text, Chinese
surnames for telling a name from a word."""

from __future__ import annotations

import hashlib
import importlib.resources
import marshal
import os
import re
import tempfile
from typing import Any

import yaml

# Han characters: CJK Unified Ideographs with extension A, the compatibility
# ideographs and the supplementary planes (extensions B-F). The union of the six
# ranges the modules used to define for themselves. A regex character-class body.
HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# Latin letters with their accents, the inside of a regex class ("Meubles Boréal", "Sinéad")
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
CJK = re.compile(f"[{HAN}]")
CJK_NAME = re.compile(f"^[{HAN}·]{{2,4}}$")  # a Chinese name's shape: 2-4 Han characters
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEPT: dict[str, bytes] = {}  # a YAML text's SHA-1 -> its data, marshalled


def load_yaml(text: str) -> Any:
    """YAML with libyaml's safe loader when PyYAML has it (the same data as
    yaml.safe_load, several times quicker: every command reads a few vocabularies).

    A text parsed before, in this process or an earlier one, is not parsed again:
    its data is kept marshalled (a fresh copy each call, as a parse gives), in memory
    and in the per-user cache under the text's SHA-1 and PyYAML's version. A cold
    `lint --preview` parsed 35 texts (~200 kB, two of them twice) in ~45 ms."""
    key = f"{hashlib.sha1(text.encode('utf-8')).hexdigest()}-{yaml.__version__}-{_LOADER.__name__}"
    kept = _KEPT.get(key) or _read_kept(key)
    if kept is not None:
        try:
            return marshal.loads(kept)
        except (EOFError, ValueError, TypeError):
            pass  # a damaged file: parsed again, and kept anew
    data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    try:
        kept = marshal.dumps(data)
    except ValueError:  # a date, or data nested deeper than marshal goes: parsed each time
        return data
    _KEPT[key] = kept
    _write_kept(key, kept)
    return data


_KEEP_FILES = 1_000  # in the cache's yaml/ (one a text: rule files edited over time add more)


def _kept_path(key: str) -> str | None:
    from .language import cache_file

    try:
        folder = cache_file("yaml")
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return os.path.join(folder, f"{key}.marshal")


def _read_kept(key: str) -> bytes | None:
    path = _kept_path(key)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            kept = fh.read()
    except OSError:
        return None
    _KEPT[key] = kept
    return kept


def _write_kept(key: str, kept: bytes) -> None:
    path = _kept_path(key)
    if path is None:
        return
    folder = os.path.dirname(path)
    try:
        names = os.listdir(folder)
        if len(names) > _KEEP_FILES:  # the least recently written half goes
            paths = sorted((os.path.join(folder, n) for n in names), key=lambda p: os.stat(p).st_mtime_ns)
            for old in paths[:len(paths) // 2]:
                os.unlink(old)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(kept)
        os.replace(tmp, path)
    except OSError:
        pass  # not kept this time: parsed again by the next process


def _vocab(name: str) -> dict:
    """A vocabulary file of rules/vocab/ (shipped as mailaudit_rules): words are data."""
    path = importlib.resources.files("mailaudit_rules") / "vocab" / name
    return load_yaml(path.read_text(encoding="utf-8"))


_NAMES = _vocab("names.yaml")
# The most common Chinese surnames (single and compound): a 2-4 character line
# that starts with one of these is very likely a person's name.
_SURNAMES = _NAMES["chinese_surnames"]
CHINESE_SURNAMES = (set(_SURNAMES["single"]) | set(_SURNAMES.get("single_traditional", ""))
                    | set(_SURNAMES["compound"]) | set(_SURNAMES.get("compound_traditional", [])))
ZH_TITLES = tuple(str(t) for t in _NAMES["titles"]["zh"])  # 王经理, 李总, 张老师
EN_TITLES = tuple(str(t) for t in _NAMES["titles"]["en"])  # Mr Chen


ZH_FAMILIAR = tuple(str(p) for p in _NAMES.get("familiar_prefixes") or ())  # 小刘, 老王


def is_chinese_name(text: str) -> bool:
    """'王小明' or '欧阳娜娜': the shape of a name and a known surname."""
    return bool(CJK_NAME.match(text)) and (text[0] in CHINESE_SURNAMES or text[:2] in CHINESE_SURNAMES)


def is_familiar_address(text: str) -> bool:
    """'小刘', '老王': a colleague called by their surname."""
    return len(text) in (2, 3) and text.startswith(ZH_FAMILIAR) and text[1:] in CHINESE_SURNAMES


# Reply and forward prefixes (rules/vocab/reply-prefixes.yaml): the subject
# checks, the mailbox checks, extraction and evidence threading all read this
# one list.
_PREFIXES = _vocab("reply-prefixes.yaml")
REPLY_PREFIXES = tuple(re.escape(str(p)) for p in [*_PREFIXES["latin"], *_PREFIXES.get("auto", [])])
REPLY_PREFIXES_ZH = tuple(re.escape(str(p)) for p in _PREFIXES["zh"])
REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:" + "|".join(REPLY_PREFIXES) + r")\s*(?:\[\d+\])?\s*[:：]"
    + "".join(f"|{p}\\s*[:：]" for p in REPLY_PREFIXES_ZH) + r")\s*",
    re.IGNORECASE,
)


FORWARD_PREFIX = re.compile(
    r"^\s*(?:" + "|".join(re.escape(str(p)) for p in _PREFIXES.get("forward", [])) + r")\s*[:：]", re.IGNORECASE)


def strip_prefixes(subject: str) -> str:
    """'Re: Fwd: 回复: x' -> 'x'."""
    prev = None
    s = subject.strip()
    while prev != s:
        prev = s
        s = REPLY_PREFIX.sub("", s, count=1).strip()
    return s


def cjk_count(text: str) -> int:
    return 0 if text.isascii() else len(CJK.findall(text))


def latin_word_count(text: str) -> int:
    return len(LATIN_WORD.findall(text))


def detect_language(text: str) -> str:
    """'zh', 'en', 'mixed' or 'unknown' by CJK characters vs Latin words.

    A Chinese sentence with a few English product words ("请把banner换成new
    creative") is zh; balanced use of both is mixed.
    """
    cjk = cjk_count(text)
    if cjk == 0:  # then only whether there is a word matters, not how many
        return "en" if LATIN_WORD.search(text) else "unknown"
    words = latin_word_count(text)
    if words == 0:
        return "zh"
    # One English word carries about as much as two Chinese characters.
    if cjk >= 4 * words:
        return "zh"
    if words * 2 >= 4 * cjk:
        return "en"
    return "mixed"


def mainly_chinese(text: str) -> bool:
    """Written in Chinese, not English with a Chinese name in it ("Wang Jing - 暖阳家电
    splash goes live at midnight"): at least as many Chinese characters as Latin words."""
    cjk = cjk_count(text)  # (once: it was counted twice, and Latin words counted on text without any)
    return cjk > 0 and cjk >= latin_word_count(text)
