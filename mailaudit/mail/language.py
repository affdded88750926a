"""spaCy pipelines, built lazily once per process.

Most rules are plain vocabulary checks and never load spaCy; the ones that
tokenize (topics, placement extraction) call `get_nlp`. A blank pipeline plus
patterns is the default: Chinese is segmented with jieba, English with
spaCy's rule-based tokenizer. A trained pipeline is used when one is installed
and named in `[lint] nlp_model`; it is never required.
"""

from __future__ import annotations

import hashlib
import io
import logging
import marshal
import mmap
import os
import struct
import sys
import tempfile
import threading
import types
from array import array
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate
from typing import Any

_lock = threading.Lock()
_model_override: dict[str, str] = {}


def configure(models: dict[str, str]) -> None:
    """Use installed trained pipelines (language -> package name) when present."""
    _model_override.update(models)
    get_nlp.cache_clear()


# jieba's full dictionary (349k words) takes ~0.55 s to load; the 60k most
# frequent words segment mail text the same in practice and load in ~0.07 s.
# Slot and product terms are added on top with `add_words`.
DICT_WORDS = 60_000
_jieba_ready = False


def _cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "mailaudit")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:  # a read-only home: the dictionaries are cached per boot instead
        path = os.path.join(tempfile.gettempdir(), f"mailaudit-{os.getuid()}")
        os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _small_dictionary(jieba_module: Any) -> str | None:
    """Path of the trimmed dictionary, written once (atomically) into the cache."""
    target = os.path.join(_cache_dir(), f"jieba-dict-{DICT_WORDS}.txt")
    if os.path.exists(target):
        return target
    source = os.path.join(os.path.dirname(jieba_module.__file__), "dict.txt")
    try:
        with open(source, encoding="utf-8") as fh:
            rows = [line.split(" ") for line in fh if line.strip()]
        rows.sort(key=lambda r: -int(r[1]))
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as out:
            out.writelines(" ".join(r) if r[-1].endswith("\n") else " ".join(r) + "\n" for r in rows[:DICT_WORDS])
        os.replace(tmp, target)
    except (OSError, ValueError, IndexError):
        return None  # fall back to jieba's own dictionary
    return target


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources when nothing has imported that yet.

    jieba's _compat imports pkg_resources (~0.1 s: it reads the metadata of every
    installed distribution) only to open jieba's own dictionary file, and opens
    that same file directly when the import fails."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def quiet_jieba() -> None:
    """Import jieba (first call), quietly, on the dictionary and cache chosen here.
    Call it before any `import jieba`."""
    global _jieba_ready
    jieba = _import_jieba()

    if _jieba_ready:
        return
    jieba.setLogLevel(logging.WARNING)
    small = _small_dictionary(jieba)
    if small:
        jieba.set_dictionary(small)
    # jieba caches the parsed dictionary in the temp dir; keep it per-user and stable,
    # and named after the dictionary it holds: jieba trusts a cache file for its
    # default dictionary whatever the file holds, so two dictionaries must never share
    # one ("jieba-60000.cache" of earlier versions may hold the full one: not read).
    name = f"jieba-dict-{DICT_WORDS}" if small else "jieba-full"
    jieba.dt.cache_file = os.path.join(_cache_dir(), f"{name}.v2.cache")
    ShardedDictionary(jieba.dt, name.removeprefix("jieba-")).serve()  # not jieba's own cache (0.08-0.12 s)
    _jieba_ready = True


_posseg_lock = threading.Lock()


def import_posseg() -> Any:
    """jieba.posseg on the shared tokenizer (quiet_jieba), its word -> tag table read a
    first character at a time (WordTags). Call it before any `import jieba.posseg`.

    posseg's import reads the tags of the whole dictionary file (~30 ms for the 60,000
    words, a line at a time), where a lint tags a few names; the table it then holds has
    the same tag for every word it is asked about."""
    quiet_jieba()
    with _posseg_lock:
        if "jieba.posseg" in sys.modules:
            return sys.modules["jieba.posseg"]
        import jieba

        tok = jieba.dt
        tok.get_dict_file = lambda: io.BytesIO()  # what posseg's POSTokenizer(jieba.dt) reads tags from
        try:
            import jieba.posseg as pseg
        finally:
            del tok.get_dict_file
        pseg.dt.word_tag_tab = WordTags(tok)
        return pseg


_INDEX_HEAD = struct.Struct("<Q")  # a cache file's index length in bytes, before the index


def _write_indexed(path: str, head: bytes, data: bytes) -> None:
    """A cache file: its index's length, the index (marshalled), then the data; written to a
    temporary name and moved into place, so a reader never sees half of one."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
            fh.write(_INDEX_HEAD.pack(len(head)))
            fh.write(head)
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # no cache this time: built again by the next process


def _read_indexed(path: str) -> tuple[Any, Any, int]:
    """(the index, the file mapped, where the data begins in it) of a `_write_indexed` file."""
    with open(path, "rb") as fh:
        (size,) = _INDEX_HEAD.unpack(fh.read(_INDEX_HEAD.size))
        index = marshal.loads(fh.read(size))  # marshal, as jieba's own cache
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)  # (the mapping outlives the file object)
    return index, data, _INDEX_HEAD.size + size


class WordTags(dict):
    """posseg's word -> tag table (as its load_word_tag reads it from the tokenizer's
    dictionary file), merged a first character at a time as `get` asks for words: a
    cache (keyed as ShardedDictionary's) holds the tags split by first character.
    Tags posseg adds with `update` (the tokenizer's words added with a tag) win over the
    file's, as they do when the whole table is read first."""

    FORMAT = 1

    def __init__(self, tokenizer: Any) -> None:
        super().__init__()
        import jieba

        source = tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
        st = os.stat(source)
        name = hashlib.sha1(os.path.abspath(source).encode("utf-8", "surrogatepass")).hexdigest()[:12]
        path = jieba_cache_file(f"tags-{name}-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}.tags{self.FORMAT}")
        try:
            chars, self._ends, self._data, self._base = self._open(path)
        except (OSError, EOFError, ValueError, TypeError, struct.error):
            chars, self._ends, self._data = self._build(tokenizer, path)
            self._base = 0
        self._chars = {ch: i for i, ch in enumerate(chars)}  # first character -> its place, until merged
        self._added: dict[str, str] = {}  # tags given with `update`
        self._lock = threading.Lock()

    def _open(self, path: str) -> tuple[str, Any, Any, int]:
        (chars, ends), data, base = _read_indexed(path)
        ends = memoryview(ends).cast("Q")
        if len(ends) != len(chars) or (ends[-1] if ends else 0) != len(data) - base:
            raise ValueError(f"{path}: not what its index says")  # cut short: built again
        return chars, ends, data, base

    def _build(self, tokenizer: Any, path: str) -> tuple[str, Any, bytes]:
        import jieba.posseg

        reader = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        reader.load_word_tag(tokenizer.get_dict_file())  # posseg's own reading of the file
        by_char: dict[str, dict[str, str]] = {}
        for word, tag in reader.word_tag_tab.items():
            by_char.setdefault(word[:1], {})[word] = tag
        blobs = [marshal.dumps(tags) for tags in by_char.values()]
        chars = "".join(by_char)
        ends = array("Q", accumulate(map(len, blobs)))
        data = b"".join(blobs)
        head = marshal.dumps((chars, ends.tobytes()))
        _write_indexed(path, head, data)
        return chars, ends, data

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        if word[:1] in self._chars:
            with self._lock:  # (a character leaves `_chars` only once its tags are in)
                i = self._chars.get(word[:1])
                if i is not None:
                    lo, hi = self._base + (self._ends[i - 1] if i else 0), self._base + self._ends[i]
                    tags = marshal.loads(self._data[lo:hi])
                    tags.update((w, t) for w, t in self._added.items() if w in tags)
                    super().update(tags)
                    del self._chars[word[:1]]
        return super().get(word, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        added = dict(*args, **kwargs)
        with self._lock:
            self._added.update(added)
            super().update(added)


def cache_file(name: str) -> str:
    """A per-user cache file named `name`."""
    return os.path.join(_cache_dir(), name)


def jieba_cache_file(name: str) -> str:
    """A per-user cache file for a jieba dictionary of its own (`name`: what it holds)."""
    return os.path.join(_cache_dir(), f"jieba-{name}.v2.cache")


class ShardedDictionary:
    """A jieba Tokenizer's prefix dictionary (word or word prefix -> frequency),
    split by first character and, within it, by first two characters, and merged
    into the tokenizer's FREQ only for the characters and character pairs a text
    holds: jieba's own cache is one marshal of the whole dictionary (498,113 entries
    for the full one: 0.6-0.9 s a process; 72,934 for the 60,000 words: ~0.1 s).

    Every key jieba looks up while cutting a sentence (get_DAG, calc, the HMM and
    posseg walks) is a piece of it, so it is one of its characters or begins with
    two characters that stand side by side in it: merging those entries before
    `get_DAG` gives the same lookups, hence the same cuts, as the whole dictionary.
    `add_word` writes the word's first character and keys beginning with its first
    two, merged before it (a later merge never meets its keys)."""

    # 3: an index (the first characters, in one string, and where each one's part of the
    # file ends) before the parts, read through mmap as they are merged. A part holds its
    # pairs' second characters and where the character's own entry and each pair's entries
    # end, then all its entries as one marshal dict (version 2: no references, so the items
    # of one pair, written side by side, are a dict too), its own first. Loading all of the full dictionary took ~22 ms
    # a process (format 1); merging whole characters, ~550 of them for the slot
    # vocabulary's phrases, ~40 ms (format 2).
    FORMAT = 3
    _PART = struct.Struct("<I")  # a part's header length in bytes
    _OPEN, _CLOSE = marshal.dumps({}, 2)[:1], marshal.dumps({}, 2)[1:]  # what a marshal dict begins and ends with

    def __init__(self, tokenizer: Any, name: str) -> None:
        import jieba

        self.tokenizer = tokenizer
        source = tokenizer.dictionary or os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
        st = os.stat(source)
        # keyed by what it is built from, as a .pyc is: jieba's version and the dictionary file
        path = jieba_cache_file(f"{name}-{jieba.__version__}-{st.st_size}-{st.st_mtime_ns}.shards{self.FORMAT}")
        try:
            self.total, chars, self._ends, self._data, self._base = self._open(path)
        except (OSError, EOFError, ValueError, TypeError, struct.error):
            self.total, chars, self._ends, self._data = self._build(path)
            self._base = 0
        self._chars = {ch: i for i, ch in enumerate(chars)}  # character -> its place in the index
        # a character merged but not whole -> (where its dict begins and ends, its pairs'
        # second characters, where its own entry's and each pair's items end, pairs merged)
        self._pairs: dict[str, tuple[int, int, str, Any, set[int]]] = {}
        self.freq: dict[str, int] = {}
        self._seen: set[str] = set()  # characters whose own entries are in `freq` (or have none)
        self._lock = threading.Lock()

    def _open(self, path: str) -> tuple[int, str, Any, Any, int]:
        """(total, the first characters, where each one's part ends, the file mapped,
        where the parts begin in it)."""
        (total, chars, ends), data, base = _read_indexed(path)
        ends = memoryview(ends).cast("Q")
        if len(ends) != len(chars) or (ends[-1] if ends else 0) != len(data) - base:
            raise ValueError(f"{path}: not what its index says")  # cut short: built again
        return total, chars, ends, data, base

    def _build(self, path: str) -> tuple[int, str, Any, bytes]:
        freq, total = self.tokenizer.gen_pfdict(self.tokenizer.get_dict_file())  # as jieba builds it
        by_char: dict[str, tuple[list[int], dict[str, dict[str, int]]]] = {}
        for key, value in freq.items():
            own, pairs = by_char.setdefault(key[0], ([], {}))
            if len(key) == 1:
                own.append(value)
            else:
                pairs.setdefault(key[1], {})[key] = value
        parts = []
        for ch, (own, pairs) in by_char.items():
            first = marshal.dumps({ch: own[0]} if own else {}, 2)[len(self._OPEN):-len(self._CLOSE)]
            items = [marshal.dumps(entries, 2)[len(self._OPEN):-len(self._CLOSE)] for entries in pairs.values()]
            # (the pairs' second characters in one string and where each one's items end: a
            # dict of hundreds of pairs for a common character took longer to load than its merges)
            item_ends = array("I", accumulate(map(len, items), initial=len(self._OPEN) + len(first)))
            head = marshal.dumps(("".join(pairs), item_ends.tobytes()))
            parts.append(self._PART.pack(len(head)) + head + self._OPEN + first + b"".join(items) + self._CLOSE)
        chars = "".join(by_char)
        ends = array("Q", accumulate(map(len, parts)))
        data = b"".join(parts)
        head = marshal.dumps((total, chars, ends.tobytes()))
        _write_indexed(path, head, data)
        return total, chars, ends, data

    def load(self, text: str) -> None:
        """Merge the entries of `text`'s characters and pairs that are not merged yet."""
        chars = set(text)
        new = chars - self._seen
        if new:
            with self._lock:  # a character counts as seen only once its entries are in
                for ch in new:
                    i = self._chars.pop(ch, None)
                    if i is not None:
                        lo = self._base + (self._ends[i - 1] if i else 0)
                        (size,) = self._PART.unpack(self._data[lo:lo + self._PART.size])
                        lo += self._PART.size
                        start, end = lo + size, self._base + self._ends[i]
                        seconds, item_ends = marshal.loads(self._data[lo:lo + size])
                        item_ends = memoryview(item_ends).cast("I")  # its own entry's end, then each pair's
                        self.freq.update(marshal.loads(self._data[start:start + item_ends[0]] + self._CLOSE))
                        if seconds:
                            self._pairs[ch] = (start, end, seconds, item_ends, set())
                self._seen |= new
        pending = self._pairs
        if not pending:
            return
        # (by pairs however long the run: merging whole characters after a process's first
        # 5,000 texts, as this did, put ~240,000 entries of the full dictionary in a scan
        # worker's FREQ, +33 MB peak RSS, and saved no CPU: load() 0.38-0.40 s merging whole,
        # 0.35 s by pairs over 1,500 synthetic mails)
        hot = pending.keys() & chars
        if hot:
            waiting = [p for p in {text[i:i + 2] for i in range(len(text) - 1)} if p[0] in hot]
            with self._lock:  # (a pair leaves the index only once its entries are in)
                for pair in waiting:
                    entry = pending.get(pair[0])
                    j = entry[2].find(pair[1]) if entry else -1
                    if j >= 0 and j not in entry[4]:
                        start, _, _, item_ends, merged = entry
                        self.freq.update(marshal.loads(
                            self._OPEN + self._data[start + item_ends[j]:start + item_ends[j + 1]] + self._CLOSE))
                        merged.add(j)

    def serve(self) -> None:
        """Make this the tokenizer's dictionary: its get_DAG (which every cut and
        posseg's walk start with) and add_word merge their characters and pairs first."""
        tok = self.tokenizer
        cls = type(tok)
        tok.FREQ, tok.total, tok.initialized = self.freq, self.total, True

        def get_dag(sentence: str) -> dict[int, list[int]]:
            self.load(sentence)
            return cls.get_DAG(tok, sentence)

        def add_word(word: str, freq: int | None = None, tag: str | None = None) -> None:
            self.load(word[:2])
            cls.add_word(tok, word, freq, tag)

        tok.get_DAG, tok.add_word = get_dag, add_word
        # jieba.cut splits a text at punctuation and cuts each block of Han and ASCII
        # words alone; greetings, names and stock clauses recur from mail to mail
        tok._Tokenizer__cut_DAG = BlockCache(tok, cls._Tokenizer__cut_DAG)
        tok._Tokenizer__cut_DAG_NO_HMM = BlockCache(tok, cls._Tokenizer__cut_DAG_NO_HMM)


class BlockCache:
    """One of a jieba Tokenizer's block cuts (what `cut` calls per block), remembered per
    block. A cut depends on the block, the prefix dictionary and its total (both changed
    only by add_word, which also raises the total or adds to the HMM's force-split set)
    and, with the HMM, on finalseg's force-split set: the cache is emptied when one of
    them changes, so each answer is the one the cut would give now."""

    # blocks; emptied when full. A cut is kept as its words' end offsets (the words are
    # slices of the block): ~200 bytes a block, where the words themselves took ~750
    # (+12 MB peak RSS in a worker of a 3,000-mail scan)
    LIMIT = 8_000

    def __init__(self, tokenizer: Any, cut: Callable[[Any, str], Iterable[str]]) -> None:
        from jieba import finalseg

        self._tok, self._cut, self._split = tokenizer, cut, finalseg.Force_Split_Words
        self._known: dict[str, tuple[int, ...] | tuple[str, ...]] = {}
        self._stamp: tuple[int, int, int] = (0, 0, -1)

    def __call__(self, block: str) -> tuple[str, ...]:
        tok = self._tok
        stamp = (id(tok.FREQ), tok.total, len(self._split))
        if stamp != self._stamp or len(self._known) > self.LIMIT:
            self._known, self._stamp = {}, stamp
        cache = self._known  # a cut made while another thread adds a word goes to the dict the next call drops
        known = cache.get(block)
        if known is None:
            words = tuple(self._cut(tok, block))
            # (words that do not spell the block, if a cut ever gave such, are kept as they are)
            cache[block] = tuple(accumulate(map(len, words))) if "".join(words) == block else words
            return words
        if known and type(known[0]) is int:
            return tuple(map(block.__getitem__, map(slice, (0, *known[:-1]), known)))
        return known  # type: ignore[return-value]


# spaCy versions whose `import spacy` is known to need nothing of spacy.cli but `info`
_SPACY_WITHOUT_CLI = ("3.7.", "3.8.")


def import_spacy() -> Any:
    """spaCy, imported without its command-line package (call it before any `import spacy`).

    spaCy's __init__ imports spacy.cli (~0.15-0.4 s: typer, weasel, requests, the
    download and project commands) only to bind `spacy.info`, and mailaudit runs no
    spaCy command. For that one import spacy.cli is a stand-in whose `info` imports
    the real one when called; the stand-in is dropped afterwards, so a later
    `import spacy.cli` imports the real package."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy
    from .en_tokens import installed_spacy_version

    if not (installed_spacy_version() or "").startswith(_SPACY_WITHOUT_CLI):
        import spacy

        return spacy

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package, with no submodule to find
    cli_info.info = info  # type: ignore[attr-defined]
    cli.info = cli_info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        package = sys.modules.get("spacy")
        if package is not None and getattr(package, "cli", None) is cli:
            delattr(package, "cli")
    return spacy


@lru_cache(maxsize=4)
def get_nlp(lang: str) -> Any:
    """The pipeline for 'zh' or 'en' (anything else gets English)."""
    spacy = import_spacy()

    with _lock:
        name = _model_override.get(lang)
        if name:
            try:
                return spacy.load(name)
            except OSError:
                logging.getLogger(__name__).warning("spaCy pipeline %s not installed; using blank %s", name, lang)
        if lang == "zh":
            quiet_jieba()
            cfg = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
            return spacy.blank("zh", config=cfg)
        return spacy.blank("en")


def get_tokenizer(lang: str) -> Callable[[str], Iterable[Any]]:
    """What splits `lang` text into tokens (text, is_punct, is_space, like_num, is_stop).

    English is tokenised the way spaCy's blank English pipeline does it, without
    importing spaCy (~1 s), and Chinese with the same jieba cut without spaCy's
    Doc, when the snapshot of spaCy's tables matches (mail/en_tokens, zh_tokens).
    """
    if not _model_override.get(lang):
        if lang == "zh":
            from .zh_tokens import chinese_tokenizer

            tok: Callable[[str], Iterable[Any]] | None = chinese_tokenizer()
        else:
            from .en_tokens import english_tokenizer

            tok = english_tokenizer()
        if tok is not None:
            return tok
    return get_nlp(lang)


def english_special_cases() -> dict[str, list[str]]:
    """The special cases (text -> its tokens) of the tokenizer `get_nlp("en")` builds:
    from mail/en_tokens' snapshot of spaCy's blank English when it applies, else from
    the pipeline (a configured model, another spaCy)."""
    if not _model_override.get("en"):
        from .en_tokens import special_cases

        found = special_cases()
        if found is not None:
            return found
    from spacy.attrs import ORTH

    rules = get_nlp("en").tokenizer.rules
    return {text: [str(t.get(ORTH, "")) for t in toks] for text, toks in rules.items()}


def add_words(words: list[str]) -> None:
    """Teach jieba terms that must stay whole (slot names, product words)."""
    quiet_jieba()
    import jieba

    for w in words:
        jieba.add_word(w)
