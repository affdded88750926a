"""Bytes -> text for mail that lies about its charset.

Chinese mail in the wild says gb2312 and sends GBK, says nothing and sends
GB18030, says iso-8859-1 and sends UTF-8, or names charsets Python does not
know (x-gbk, unicode-1-1-utf-7...). Decoding never raises: it tries the
declared charset as a superset, then likely candidates, then a detector, and
reports what it did so a message that could not be decoded cleanly says why.
"""

from __future__ import annotations

import codecs
import contextlib
import re

# Declared name -> the superset actually used by the mailers that send it.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "x-euc-cn": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "hz-gb-2312": "hz",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "big-5": "big5hkscs",
    "cp950": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
    "unknown": "",
}
# Tried in order when the declared charset fails or is absent.
CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
SINGLE_BYTE = {"ascii", "cp1252", "iso-8859-15", "windows-1252"}
# Codecs Python finds by name that are no mail charset: bytes->bytes transforms
# (hex, zlib, base64, rot13, ...) are refused by the text check in normalise();
# these decode to text but are not charsets (and some produce lone surrogates).
NOT_CHARSETS = {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"}
# Characters no stored or printed text may hold: NUL and lone surrogates (raw
# 8-bit header bytes arrive surrogate-escaped; utf-7 can decode to surrogates).
# sqlite3 and UTF-8 output refuse surrogates: one such character in a header
# made a whole scan batch fail.
_UNSAFE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def normalise(name: str | None) -> str:
    """A Python codec name for a declared charset, or '' when unusable."""
    if not name:
        return ""
    key = name.strip().strip('"').lower()
    key = SUPERSETS.get(key, key)
    if not key:
        return ""
    try:
        name = codecs.lookup(key).name
        # LookupError for codecs that are not text encodings; UnicodeError from
        # text codecs that want more than one byte (utf-16, utf-32).
        with contextlib.suppress(UnicodeError):
            b"a".decode(name)
    except (LookupError, ValueError, TypeError):  # ValueError: a NUL in the name
        return ""
    return "" if name in NOT_CHARSETS else name


def safe_json(value: object, **kwargs: object) -> str:
    """json.dumps (non-ASCII as is) that is always valid UTF-8: a lone
    surrogate left in a locator (a file name's 8-bit byte) becomes U+FFFD."""
    import json

    return safe_text(json.dumps(value, ensure_ascii=False, **kwargs))[0]


def _replace_unencodable(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return REPLACEMENT * (exc.end - exc.start), exc.end


# An error handler for output streams: what could not be encoded is printed
# as U+FFFD, the same character safe_text() puts in stored text.
OUTPUT_ERRORS = "mailaudit-replace"
codecs.register_error(OUTPUT_ERRORS, _replace_unencodable)


def safe_text(text: str) -> tuple[str, bool]:
    """`text` with NUL and lone surrogates replaced by U+FFFD; True when any was."""
    if text.isascii():
        if "\x00" not in text:
            return text, False
    elif _UNSAFE.search(text) is None:
        return text, False
    return _UNSAFE.sub(REPLACEMENT, text), True


def decode(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode `data`; return (text, problem) where problem explains a fallback."""
    if not data:
        return "", None
    codec = normalise(declared)
    is_ascii = data.isascii()
    if codec and codec != "utf-7" and is_ascii:
        return data.decode("ascii"), None
    if codec and codec not in SINGLE_BYTE:
        try:
            return data.decode(codec), None
        except (UnicodeError, ValueError):  # a codec may raise more than UnicodeDecodeError
            pass
    elif codec in SINGLE_BYTE and not is_ascii:
        # 8-bit data labelled ascii/latin-1 is usually UTF-8 or GBK from a
        # mislabelled client; real Latin-1 text rarely decodes as UTF-8.
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        if codec != "ascii":
            return data.decode(codec, errors="replace"), None
    fits: dict[str, str] = {}
    for candidate in CANDIDATES:
        if candidate == codec:
            continue
        try:
            fits[candidate] = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if candidate == "utf-8":
            break  # valid UTF-8 of any length is almost never anything else
    if fits:
        chosen = next(iter(fits))
        if len(fits) > 1 and "gb18030" in fits and "big5hkscs" in fits and _gb2312_share(data) < 0.9:
            # GB18030 and Big5 byte ranges overlap. Simplified Chinese text in
            # GBK stays almost entirely inside the GB2312 block (both bytes
            # >= 0xA1); Big5 text has many trail bytes below it.
            chosen = "big5hkscs"
        why = f"declared charset {declared!r} " + ("is unknown" if not codec else "did not fit")
        return fits[chosen], (f"{why}; decoded as {chosen}" if declared else None)
    guess = _detect(data)
    if guess:
        text = data.decode(guess, errors="replace")
        return text, f"charset {declared or 'not declared'}: undecodable as declared; detected {guess}"
    try:
        text = data.decode(codec or "utf-8", errors="replace")
    except (UnicodeError, ValueError):
        text = data.decode("utf-8", errors="replace")
    return text, f"charset {declared or 'not declared'}: undecodable bytes replaced"


def _gb2312_share(data: bytes) -> float:
    pairs = inside = 0
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        if i + 1 < n:
            pairs += 1
            inside += data[i + 1] >= 0xA1 and b >= 0xA1
        i += 2
    return inside / pairs if pairs else 1.0


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data[:65536]).best()
    return normalise(best.encoding) if best else None


def decode_header_bytes(raw: str) -> str:
    """Raw 8-bit header (surrogate-escaped by the email package) -> text."""
    return header_text(raw)[0]


def header_text(raw: str, *, guess: bool = True) -> tuple[str, str | None]:
    """Raw 8-bit header -> (text, problem): problem says why it is not clean
    (8-bit bytes that are not UTF-8, NUL, stray surrogates). `guess`: try
    legacy charsets for bytes that are not UTF-8 (prose such as a Subject);
    without it they become U+FFFD (identifiers such as a Message-ID)."""
    if not isinstance(raw, str):  # an email.header.Header from a broken header
        raw = str(raw)
    if raw.isascii():
        if "\x00" in raw:
            return raw.replace("\x00", REPLACEMENT), "NUL replaced"
        return raw, None
    try:
        data = raw.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:  # real text, perhaps with a lone surrogate or NUL
        text, changed = safe_text(raw)
        return text, ("unencodable characters replaced" if changed else None)
    if data.isascii():  # pragma: no cover - isascii() above said otherwise
        return raw, None
    try:
        text, problem = data.decode("utf-8"), None
    except UnicodeDecodeError:
        text = decode(data, None)[0] if guess else data.decode("utf-8", "replace")
        problem = "raw 8-bit bytes that are not UTF-8"
    text, changed = safe_text(text)
    if changed and problem is None:
        problem = "NUL replaced"
    return text, problem
