"""Text for the full-text index, and queries against it.

SQLite's unicode61 tokenizer splits on spaces and punctuation, so a run of
Chinese characters would be one giant token and "合同" would never match
"采购合同已签". We index Han and kana one character per token and turn a query
word into a phrase of adjacent characters: any word of one, two or more
characters is found wherever it occurs as a substring, without a dictionary.

Where the original text had a separator between two CJK characters ("日，期",
a line break) we put a barrier token between them, so a phrase never matches
across punctuation the way a substring search would not either.

Measured against plain substring search in bench/RESULTS.md (recall and
precision, latency), together with the alternatives that were considered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..mail.textutil import HAN

# Han (CJK unified + ext. A + compatibility + ext. B..F) and Japanese kana.
_CJK = "\u3040-\u30ff" + HAN  # kana and Han: scripts written without spaces
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_RUN = re.compile(f"[{_CJK}]+")
# A CJK char, then separators only, then another CJK char (lookahead: chains).
_CJK_GAP = re.compile(f"([{_CJK}])[\\W_]+(?=[{_CJK}])")
# Private-use characters are token characters for unicode61 and never typed.
BARRIER = "\ue000"
_TOKEN = re.compile(r"[^\W_]+")


def index_text(text: str) -> str:
    """`text` as it goes into the FTS index (see the module doc)."""
    if not text:
        return ""
    text = _CJK_GAP.sub(lambda m: f"{m.group(1)} {BARRIER} ", text)
    # Each CJK character between single spaces; a run at a time (one call per
    # run, not a template expansion per character: ~1 ms a mail in a scan).
    return _CJK_RUN.sub(_spaced_run, text)


def _spaced_run(m: re.Match[str]) -> str:
    return " " + "  ".join(m.group()) + " "


def _phrase(word: str) -> str | None:
    spaced = _CJK_CHAR.sub(r" \g<0> ", word.replace(BARRIER, ""))
    tokens = _TOKEN.findall(spaced)
    if not tokens:
        return None
    # The last token as a prefix: "invoice" finds "invoices"; a CJK token is
    # one character, so its prefix is itself.
    return '"' + " ".join(tokens).replace('"', '""') + '"*'


def fts_match_expression(query: str, columns: Iterable[str]) -> str | None:
    """An FTS5 MATCH expression: every whitespace-separated word must occur.
    Nothing of the query is passed through as FTS syntax."""
    phrases = [p for p in (_phrase(w) for w in query.split()) if p]
    if not phrases:
        return None
    cols = " ".join(columns)
    return "{" + cols + "} : (" + " AND ".join(phrases) + ")"


def snippet(text: str, query: str, width: int = 60) -> str:
    """A short excerpt around the first word of `query` found in `text`."""
    flat = " ".join(text.split())
    low = flat.lower()
    for word in query.split():
        at = low.find(word.lower())
        if at >= 0:
            start = max(0, at - width // 2)
            end = min(len(flat), at + len(word) + width // 2)
            return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
    return flat[:width] + ("…" if len(flat) > width else "")
