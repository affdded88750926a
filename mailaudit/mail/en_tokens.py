"""spaCy's English tokenizer (`spacy.blank("en")`) without importing spaCy.

`import spacy` costs 0.6-1 s a process, and linting English mail needs only
the tokens of a few paragraphs (body-multiple-topics) and four flags of each.
This is the algorithm of spaCy's `Tokenizer` (tokenizer.pyx: split at
whitespace, special cases, prefix/suffix search, URL match, infixes, then the
special-case matcher) over spaCy's own English tables, snapshotted into
en_tokens_data.py by `python -m mailaudit.mail.en_tokens --write`. It is used
only when the installed spaCy is the snapshotted version (else spaCy itself);
tests/test_en_tokens.py compares the two on every paragraph of the corpora.
spaCy's algorithm and tables: Copyright (C) 2016-2024 ExplosionAI GmbH, MIT License.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any


def like_num(text: str, words: frozenset[str]) -> bool:
    """spaCy's English like_num (spacy/lang/en/lex_attrs.py); `words`: its number and ordinal words."""
    if text.startswith(("+", "-", "±", "~")):
        text = text[1:]
    text = text.replace(",", "").replace(".", "")
    if text.isdigit():
        return True
    if text.count("/") == 1:
        num, denom = text.split("/")
        if num.isdigit() and denom.isdigit():
            return True
    low = text.lower()
    if low in words:
        return True
    return low.endswith(("st", "nd", "rd", "th")) and low[:-2].isdigit()


def is_punct(text: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in text)


class Token:
    """The part of a spaCy token that callers here read."""

    __slots__ = ("text", "is_punct", "is_space", "like_num", "is_stop")

    def __init__(self, text: str, is_punct: bool, like_num: bool, is_stop: bool) -> None:
        self.text = text
        self.is_punct = is_punct
        self.is_space = text.isspace()
        self.like_num = like_num
        self.is_stop = is_stop


class EnglishTokenizer:
    """`spacy.blank("en").tokenizer`, token texts only (see the module doc)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.stop_words: frozenset[str] = frozenset(data["stop_words"])
        self.num_words: frozenset[str] = frozenset(data["num_words"])
        self.specials: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in data["specials"].items()}
        self._prefix = re.compile(data["prefix"], data["prefix_flags"]).search
        self._suffix = re.compile(data["suffix"], data["suffix_flags"]).search
        self._infix = re.compile(data["infix"], data["infix_flags"]).finditer
        self._url = re.compile(data["url"], data["url_flags"]).match if data["url"] else None
        self._cache: dict[str, list[str]] = {}
        # the special-case matcher: rules whose text holds an affix or a space, as the
        # tokens the text gets without special cases, keyed by their first token
        self._patterns: dict[str, list[tuple[str, ...]]] = {}
        for key in self.specials:
            if not data["faster_heuristics"] or self._find(self._prefix, key) or self._find(self._suffix, key) \
                    or any(True for _ in self._infix(key)) or " " in key:
                orths = tuple(t for t, _ in self._split(key, False))
                if orths:
                    self._patterns.setdefault(orths[0], []).append(orths)

    @staticmethod
    def _find(search: Callable[[str], re.Match[str] | None], text: str) -> int:
        m = search(text)
        return m.end() - m.start() if m is not None else 0

    def __call__(self, text: str) -> list[Token]:
        stops, nums = self.stop_words, self.num_words
        return [Token(t, is_punct(t), like_num(t, nums), t.lower() in stops)
                for t, _ in self._special_cases(self._split(text, True))]

    def _split(self, string: str, specials: bool) -> list[tuple[str, bool]]:
        """Tokens and whether a space follows each (Tokenizer._tokenize_affixes)."""
        out: list[tuple[str, bool]] = []
        if not string:
            return out
        in_ws = string[0].isspace()
        start = 0
        i = 0
        for uc in string:
            if uc.isspace() != in_ws:
                if start < i:
                    out.extend((t, False) for t in self._chunk(string[start:i], specials))
                if uc == " ":
                    out[-1] = (out[-1][0], True)
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
            i += 1
        if start < i:
            out.extend((t, False) for t in self._chunk(string[start:], specials))
            out[-1] = (out[-1][0], string[-1] == " " and not in_ws)
        return out

    def _chunk(self, span: str, specials: bool) -> list[str]:
        if specials:
            if span in self.specials:
                return list(self.specials[span])
            cached = self._cache.get(span)
            if cached is not None:
                return cached
        tokens = self._tokenize(span, specials)
        if specials and len(self._cache) < 10_000:
            self._cache[span] = tokens
        return tokens

    def _tokenize(self, string: str, specials: bool) -> list[str]:
        """Tokenizer._split_affixes followed by Tokenizer._attach_tokens."""
        table = self.specials if specials else {}
        prefixes: list[str] = []
        suffixes: list[str] = []
        last_size = 0
        while string and len(string) != last_size:
            if string in table:
                break
            last_size = len(string)
            pre_len = self._find(self._prefix, string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in table:
                    prefixes.append(prefix)
                    string = minus_pre
                    break
            suf_len = self._find(self._suffix, string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in table:
                    suffixes.append(suffix)
                    string = minus_suf
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        out = prefixes
        if string:
            if string in table:
                out.extend(table[string])
            elif self._url is not None and self._url(string):
                out.append(string)
            else:
                start = 0
                for m in self._infix(string):
                    s, e = m.start(), m.end()
                    if s == 0:
                        continue
                    if s != start:
                        out.append(string[start:s])
                    if s != e:
                        out.append(string[s:e])
                    start = e
                if string[start:]:
                    out.append(string[start:])
        out.extend(reversed(suffixes))
        return out

    def _special_cases(self, tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
        """Tokenizer._apply_special_cases: rules spelled by several tokens become one rule's tokens."""
        spans = set()
        for i, (orth, _) in enumerate(tokens):
            for pattern in self._patterns.get(orth, ()):
                end = i + len(pattern)
                if end <= len(tokens) and all(tokens[i + k][0] == p for k, p in enumerate(pattern)):
                    spans.add((i, end))
        if not spans:
            return tokens
        seen: set[int] = set()
        kept = []
        for s, e in sorted(spans, key=lambda se: (se[0] - se[1], se[0])):  # longest first, then leftmost
            if s not in seen and e - 1 not in seen:
                kept.append((s, e))
            seen.update(range(s, e))
        out: list[tuple[str, bool]] = []
        i = 0
        for s, e in sorted(kept):
            out.extend(tokens[i:s])
            text = "".join(t + (" " if ws else "") for t, ws in tokens[s:e - 1]) + tokens[e - 1][0]
            rule = self.specials.get(text)
            if rule is None:
                out.extend(tokens[s:e])
            else:
                out.extend((t, False) for t in rule[:-1])
                out.append((rule[-1], tokens[e - 1][1]))
            i = e
        out.extend(tokens[i:])
        return out


def installed_spacy_version() -> str | None:
    """The installed spaCy's version, read from its about.py without importing spaCy."""
    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    try:
        text = (Path(spec.origin).parent / "about.py").read_text(encoding="utf-8")
    except OSError:
        return None
    m = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    return m.group(1) if m else None


@lru_cache(maxsize=1)
def english_tokenizer() -> EnglishTokenizer | None:
    """The tokenizer, or None when the snapshot is not of the installed spaCy."""
    from . import en_tokens_data

    if en_tokens_data.DATA["spacy"] != installed_spacy_version():
        return None
    return EnglishTokenizer(en_tokens_data.DATA)


def special_cases() -> dict[str, list[str]] | None:
    """spaCy's English special cases (text -> its tokens), or None when the snapshot is
    not of the installed spaCy (without building the tokenizer's regexes)."""
    from . import en_tokens_data

    if en_tokens_data.DATA["spacy"] != installed_spacy_version():
        return None
    return {text: list(orths) for text, orths in en_tokens_data.DATA["specials"].items()}


def snapshot() -> dict[str, Any]:
    """spaCy's English tokenizer tables, read from the installed spaCy."""
    import spacy
    from spacy.lang.en import lex_attrs

    nlp = spacy.blank("en")
    tok = nlp.tokenizer
    if tok.token_match is not None:
        raise RuntimeError("spaCy's English tokenizer has a token_match: en_tokens does not implement it")
    url = tok.url_match.__self__ if tok.url_match is not None else None
    return {
        "spacy": spacy.__version__,
        "prefix": tok.prefix_search.__self__.pattern,
        "prefix_flags": tok.prefix_search.__self__.flags,
        "suffix": tok.suffix_search.__self__.pattern,
        "suffix_flags": tok.suffix_search.__self__.flags,
        "infix": tok.infix_finditer.__self__.pattern,
        "infix_flags": tok.infix_finditer.__self__.flags,
        "url": url.pattern if url is not None else None,
        "url_flags": url.flags if url is not None else 0,
        "faster_heuristics": bool(tok.faster_heuristics),
        "specials": {k: [d["ORTH"] if "ORTH" in d else d[65] for d in v] for k, v in sorted(tok.rules.items())},
        "stop_words": sorted(nlp.Defaults.stop_words),
        "num_words": sorted({*lex_attrs._num_words, *lex_attrs._ordinal_words}),
    }


def _write() -> None:
    data = snapshot()
    target = Path(__file__).with_name("en_tokens_data.py")
    target.write_text(
        '"""spaCy\'s English tokenizer tables (generated: python -m mailaudit.mail.en_tokens --write)."""\n\n'
        "# ruff: noqa: E501\n"
        f"DATA = {data!r}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m mailaudit.mail.en_tokens --write")
    _write()
