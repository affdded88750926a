"""Tokenisers for placement extraction, built lazily once per process.

English uses the shared pipeline (`mailaudit.mail.language.get_nlp("en")`).
Chinese gets a pipeline of its own, for two reasons found on real mail:

- jieba's HMM glues an unknown brand to the word before it ("为安踏上线" ->
  为安 | 踏上 | 线), so no pattern can find the brand. Without the HMM an unknown
  name falls apart into characters, which the name patterns join again.
- Slot names and cue words must win against dictionary words next to them
  (安 | 踏 | 上线, not 安 | 踏上 | 线), so they are added with a high frequency -
  to a jieba dictionary of our own, leaving the shared one (and the other
  rules that segment with it) as they are.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from ..mail.language import ShardedDictionary, get_nlp, import_spacy, quiet_jieba

CUE_FREQ = 200_000  # above everyday two-character words, so cue words stay whole

_lock = threading.Lock()
_zh: Any = None


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and ch < "\u0250"  # ASCII, Latin-1 and Latin Extended-A/B letters


class _Segmenter:
    """What spaCy's Chinese tokenizer calls (`cut(text, cut_all=False)`), on our dictionary, HMM off."""

    def __init__(self) -> None:
        quiet_jieba()
        import jieba

        # jieba's full dictionary (placement extraction was measured with it), read a
        # first character at a time (ShardedDictionary), under its own cache name: the
        # shared tokeniser reads a smaller one (mail/language)
        self.tokenizer = jieba.Tokenizer()
        ShardedDictionary(self.tokenizer, "full").serve()

    def cut(self, text: str, cut_all: bool = False) -> Iterable[str]:
        # jieba keeps ASCII letters together but leaves an accented one apart
        # ("Café" -> Caf | é): a word of Latin letters is joined again, so a brand
        # such as "Durian Town Café" is not cut short.
        held = ""
        for word in self.tokenizer.cut(text, cut_all=cut_all, HMM=False):
            if held and _latin_letter(held[-1]) and _latin_letter(word[0]) and not (held[-1] + word[0]).isascii():
                held += word
                continue
            if held:
                yield held
            held = word
        if held:
            yield held

    def add_words(self, words: Iterable[str], freq: int = CUE_FREQ) -> None:
        for word in words:
            self.tokenizer.add_word(word, freq=freq)


def placement_nlp(lang: str) -> Any:
    """The pipeline extraction tokenises `lang` ('zh' or 'en') with."""
    global _zh
    if lang != "zh":
        return get_nlp("en")
    with _lock:
        if _zh is None:
            spacy = import_spacy()

            # Built as a character pipeline and switched to our segmenter: asking
            # spaCy for "jieba" would load jieba's shared dictionary as well.
            nlp = spacy.blank("zh")
            nlp.tokenizer.jieba_seg = _Segmenter()
            nlp.tokenizer.segmenter = "jieba"
            _zh = nlp
    return _zh


def phrase_patterns(nlp: Any, texts: list[str]) -> list:
    """PhraseMatcher(attr="LOWER") patterns of `texts`, as `nlp` tokenises them.

    On the Chinese pipeline, each text's tokens' LOWER hashes - what the matcher keeps
    of a Doc - from jieba's words as spaCy's Chinese tokenizer aligns them, without
    building the Docs and their lexemes (~1,400 phrases: ~30 ms of a cold lint);
    any other pipeline gets its Docs."""
    from spacy.attrs import LOWER
    from spacy.util import get_words_and_spaces

    lower = nlp.vocab.lex_attr_getters.get(LOWER)
    if nlp is not _zh or lower is None or nlp.tokenizer.segmenter != "jieba":
        return [nlp.make_doc(t) for t in texts]
    add, cut = nlp.vocab.strings.add, nlp.tokenizer.jieba_seg.cut
    out = []
    for text in texts:  # (as ChineseTokenizer.__call__ and Doc: its words, each lexeme's LOWER)
        words, _ = get_words_and_spaces([w for w in cut(text, cut_all=False) if w], text)
        out.append([add(v) if isinstance(v := lower(w), str) else v for w in words])
    return out


def add_words(words: Iterable[str]) -> None:
    """Keep these whole when segmenting Chinese for extraction."""
    placement_nlp("zh").tokenizer.jieba_seg.add_words(words)


__all__ = ["add_words", "phrase_patterns", "placement_nlp"]
