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

import marshal
import os
import threading
from collections.abc import Iterable
from typing import Any

from ..mail.language import get_nlp, import_spacy, jieba_cache_file, quiet_jieba

CUE_FREQ = 200_000  # above everyday two-character words, so cue words stay whole

_lock = threading.Lock()
_zh: Any = None


class _Segmenter:
    """What spaCy's Chinese tokenizer calls (`cut(text, cut_all=False)`), on our dictionary, HMM off."""

    def __init__(self) -> None:
        quiet_jieba()
        import jieba

        # jieba's full dictionary (placement extraction was measured with it), read a
        # first character at a time (_ShardedDictionary): jieba's own cache of it is one
        # 498,113-entry marshal, 0.6-0.9 s to load in every process.
        self.tokenizer = jieba.Tokenizer()
        self._dictionary = _ShardedDictionary(self.tokenizer)
        self.tokenizer.FREQ = self._dictionary.freq
        self.tokenizer.total = self._dictionary.total
        self.tokenizer.initialized = True

    def cut(self, text: str, cut_all: bool = False) -> Iterable[str]:
        self._dictionary.load(text)
        return self.tokenizer.cut(text, cut_all=cut_all, HMM=False)

    def add_words(self, words: Iterable[str], freq: int = CUE_FREQ) -> None:
        words = list(words)
        self._dictionary.load("".join(w[:1] for w in words))
        for word in words:
            self.tokenizer.add_word(word, freq=freq)


class _ShardedDictionary:
    """jieba's prefix dictionary (word or word prefix -> frequency), split by first
    character and merged into `freq` only for the characters a text holds.

    Every key jieba looks up while cutting a text (`get_DAG`, `calc`) is a piece of
    that text, so it begins with one of its characters; loading those characters'
    entries first gives the same lookups, hence the same cuts, as the whole
    dictionary. `add_word` writes keys beginning with the word's first character,
    so that character is loaded before it (a later merge never meets its keys)."""

    FORMAT = 1

    def __init__(self, tokenizer: Any) -> None:
        import jieba

        source = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
        st = os.stat(source)
        # keyed by what it is built from, as a .pyc is: jieba's version and its dictionary file
        path = jieba_cache_file(f"full-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}.shards{self.FORMAT}")
        try:
            with open(path, "rb") as fh:
                self.total, self._shards = marshal.load(fh)  # marshal, as jieba's own cache
        except (OSError, EOFError, ValueError, TypeError):
            self.total, self._shards = self._build(tokenizer, path)
        self.freq: dict[str, int] = {}
        self._seen: set[str] = set()  # characters whose entries are in `freq` (or have none)
        self._lock = threading.Lock()

    @staticmethod
    def _build(tokenizer: Any, path: str) -> tuple[int, dict[str, bytes]]:
        freq, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        by_char: dict[str, dict[str, int]] = {}
        for key, value in freq.items():
            by_char.setdefault(key[0], {})[key] = value
        shards = {ch: marshal.dumps(entries) for ch, entries in by_char.items()}
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
                marshal.dump((total, shards), fh)
            os.replace(tmp, path)
        except OSError:
            pass  # no cache this time: built again by the next process
        return total, shards

    def load(self, text: str) -> None:
        """Merge the entries of `text`'s characters that are not merged yet."""
        new = set(text) - self._seen
        if new:
            with self._lock:  # a character counts as seen only once its entries are in
                for ch in new:
                    data = self._shards.pop(ch, None)
                    if data is not None:
                        self.freq.update(marshal.loads(data))
                self._seen |= new


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


def add_words(words: Iterable[str]) -> None:
    """Keep these whole when segmenting Chinese for extraction."""
    placement_nlp("zh").tokenizer.jieba_seg.add_words(words)


__all__ = ["add_words", "placement_nlp"]
