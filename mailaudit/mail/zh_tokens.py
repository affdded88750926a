"""spaCy's blank Chinese pipeline with the jieba segmenter, without spaCy's Doc.

What `get_nlp("zh")(text)` gives a caller that reads only token texts and four
flags (body-multiple-topics): jieba's words (spaCy's ChineseTokenizer cuts with
the shared jieba, cut_all=False), the whitespace between them as spaCy aligns
it (util.get_words_and_spaces), and spaCy's Chinese is_stop and like_num over
its tables, snapshotted in zh_tokens_data.py by
`python -m mailaudit.mail.zh_tokens --write`. Building spaCy's Doc and Token
objects cost ~40 % of that rule on Chinese mail. Used only when the installed
spaCy is the snapshotted version; tests/test_en_tokens.py compares the two.
spaCy's algorithm and tables: Copyright (C) 2016-2024 ExplosionAI GmbH, MIT License.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from .en_tokens import Token, installed_spacy_version, is_punct
from .language import quiet_jieba


class ChineseTokenizer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.stop_words = frozenset(data["stop_words"])
        self.single = frozenset(data["single_num_words"])
        count, base = "|".join(data["count_num_words"]), "|".join(data["base_num_words"])
        self._known: dict[str, Token] = {}
        self._counted = re.compile("^((" + count + "){1}(" + base + "){1})+(" + count + ")?$")

    def like_num(self, text: str) -> bool:
        """spaCy's Chinese like_num (spacy/lang/zh/lex_attrs.py)."""
        if text.startswith(("+", "-", "±", "~")):
            text = text[1:]
        text = text.replace(",", "").replace(".", "").replace("，", "").replace("。", "")
        if text.isdigit():
            return True
        if text.count("/") == 1:
            num, denom = text.split("/")
            if num.isdigit() and denom.isdigit():
                return True
        return text in self.single or bool(self._counted.match(text))

    def __call__(self, text: str) -> list[Token]:
        quiet_jieba()
        import jieba

        words = [w for w in jieba.cut(text, cut_all=False) if w]
        # util.get_words_and_spaces: whitespace words dropped, the text between the
        # others (whitespace: jieba keeps every other character) a token of its own
        # unless it is the one space after a word
        out: list[str] = []
        pos = 0
        for word in words:
            if word.isspace():
                continue
            start = text.index(word, pos)
            if start > pos:
                out.append(text[pos:start])
            out.append(word)
            pos = start + len(word)
            if pos < len(text) and text[pos] == " ":
                pos += 1
        if pos < len(text):
            out.append(text[pos:])
        known = self._known
        tokens = []
        for w in out:
            tok = known.get(w)
            if tok is None:  # a token's flags depend on its text only: made once per text, as spaCy's lexemes
                if len(known) > 200_000:
                    known.clear()
                tok = known[w] = Token(w, is_punct(w), self.like_num(w), w.lower() in self.stop_words)
            tokens.append(tok)
        return tokens


@lru_cache(maxsize=1)
def chinese_tokenizer() -> ChineseTokenizer | None:
    """The tokenizer, or None when the snapshot is not of the installed spaCy."""
    from . import zh_tokens_data

    if zh_tokens_data.DATA["spacy"] != installed_spacy_version():
        return None
    return ChineseTokenizer(zh_tokens_data.DATA)


def snapshot() -> dict[str, Any]:
    """spaCy's Chinese lexical tables, read from the installed spaCy."""
    import spacy
    from spacy.lang.zh import lex_attrs

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    return {
        "spacy": spacy.__version__,
        "stop_words": sorted(nlp.Defaults.stop_words),
        "single_num_words": list(lex_attrs._single_num_words),
        "count_num_words": list(lex_attrs._count_num_words),
        "base_num_words": list(lex_attrs._base_num_words),
    }


def _write() -> None:
    target = Path(__file__).with_name("zh_tokens_data.py")
    target.write_text(
        '"""spaCy\'s Chinese lexical tables (generated: python -m mailaudit.mail.zh_tokens --write)."""\n\n'
        "# ruff: noqa: E501\n"
        f"DATA = {snapshot()!r}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m mailaudit.mail.zh_tokens --write")
    _write()
