"""bytes -> email.message.Message with the stdlib parser, minus one cost.

The stdlib feed parser compiles a new regular expression for every multipart
message it reads (its boundary is part of the pattern), and a boundary is
unique to its message, so re's cache never helps: on the synthetic scan corpus
that was ~15 % of all parsing. Here the parser's own generator runs unchanged
but sees a `re` whose `compile` answers that one pattern with a plain-Python
matcher that gives the same groups; every other pattern is re's own. If this
Python's parser is not the one this was written against, the stdlib function
is used as it is.
"""

from __future__ import annotations

import email
import email.feedparser
import re
import types
from email.message import Message as MimePart
from email.policy import compat32
from io import StringIO
from typing import Any

_HEAD = "(?P<sep>"
_TAIL = r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


class _BoundaryMatch:
    __slots__ = ("_groups",)

    def __init__(self, groups: dict[str, str | None]) -> None:
        self._groups = groups

    def group(self, name: str) -> str | None:
        return self._groups[name]


class _BoundaryMatcher:
    """`re.compile(_HEAD + re.escape(separator) + _TAIL).match`, written out:
    the separator, an optional "--", blanks and tabs, an optional line end,
    then the end of the line (or a final newline), tried in the regex's order."""

    __slots__ = ("separator",)

    def __init__(self, separator: str) -> None:
        self.separator = separator

    def match(self, line: str) -> _BoundaryMatch | None:
        sep = self.separator
        if not line.startswith(sep):
            return None
        rest = line[len(sep):]
        for end in ("--", None) if rest.startswith("--") else (None,):
            after = rest[2:] if end else rest
            tail = after.lstrip(" \t")
            ws = after[: len(after) - len(tail)]
            for linesep in ("\r\n", "\r", "\n", None):
                if linesep is not None and not tail.startswith(linesep):
                    continue
                left = tail[len(linesep):] if linesep else tail
                if left in ("", "\n"):  # `$`: the end, or just before a final newline
                    return _BoundaryMatch({"sep": sep, "end": end, "ws": ws, "linesep": linesep})
        return None


class _Re:
    """The `re` module as the feed parser's generator sees it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def compile(pattern: Any, flags: int = 0) -> Any:
        if (isinstance(pattern, str) and not flags and pattern.startswith(_HEAD)
                and pattern.endswith(_TAIL)):
            escaped = pattern[len(_HEAD): -len(_TAIL)]
            separator = _UNESCAPE.sub(r"\1", escaped)
            if re.escape(separator) == escaped:
                return _BoundaryMatcher(separator)
        return re.compile(pattern, flags)


def _feed_parser_class() -> type | None:
    parsegen = getattr(email.feedparser.FeedParser, "_parsegen", None)
    if not isinstance(parsegen, types.FunctionType) or _TAIL not in "".join(
        c for c in parsegen.__code__.co_consts if isinstance(c, str)
    ):
        return None
    namespace = dict(parsegen.__globals__, re=_Re())
    fast = types.FunctionType(parsegen.__code__, namespace, parsegen.__name__,
                              parsegen.__defaults__, parsegen.__closure__)
    return type("FeedParser", (email.feedparser.FeedParser,), {"_parsegen": fast})


_FeedParser = _feed_parser_class()

# A header line the feed parser takes as "name: value" (its headerRE, less the
# "From " envelope line and the empty name, which it treats apart).
_NAMED = re.compile(r"[\041-\071\073-\176]+:")


def _single_part(text: str) -> MimePart | None:
    """What the feed parser builds for the everyday message, without its
    line-by-line machinery: a head of "name: value" lines (and continuations)
    ended by an empty line, with no \\r in it, and a type that is neither
    multipart nor message/*. The head's lines become headers as the parser's
    _parse_headers makes them, and the rest of the text the payload, whole.
    None for any other message (the parser reads it)."""
    end = text.find("\n\n")
    if end <= 0 or text[0] == "\n" or "\r" in text[:end]:
        return None
    msg = MimePart(policy=compat32)
    source_parse = compat32.header_source_parse
    current: list[str] = []
    for line in text[:end].split("\n"):  # (not splitlines: the parser breaks lines at \\n only here)
        line += "\n"
        if line[0] in " \t":
            if not current:  # a continuation first: a defect the parser notes
                return None
            current.append(line)
            continue
        if not _NAMED.match(line) or line.startswith("From "):
            return None
        if current:
            msg.set_raw(*source_parse(current))
        current = [line]
    msg.set_raw(*source_parse(current))
    if msg.get_content_maintype() in ("multipart", "message"):
        return None
    msg.set_payload(text[end + 2:])
    return msg


def message_from_bytes(data: bytes) -> MimePart:
    """`email.message_from_bytes(data)`, step for step (compat32, 8 KiB feeds)."""
    if _FeedParser is None:  # pragma: no cover - another Python's parser
        return email.message_from_bytes(data)
    text = data.decode("ASCII", errors="surrogateescape")
    simple = _single_part(text)
    if simple is not None:
        return simple
    parser = _FeedParser()
    fp = StringIO(text)
    while True:
        chunk = fp.read(8192)
        if not chunk:
            break
        parser.feed(chunk)
    return parser.close()
