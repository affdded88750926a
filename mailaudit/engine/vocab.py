"""Vocabularies from rule files, compiled once into regular expressions.

A vocabulary entry is a phrase (matched case-insensitively; Latin phrases on
word boundaries so "hi" does not match "this") or, written `/.../`, a regular
expression. Entries are grouped by language (zh, en); a mail written in both
is matched against both, since mixed mail is common.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import yaml

from ..mail.language import cache_file
from ..mail.textutil import CJK, load_yaml

_LATIN = re.compile(r"[A-Za-z0-9]")


def _phrase_pattern(phrase: str) -> str:
    body = re.escape(phrase).replace(r"\ ", r"\s+")
    # Word boundaries only where the phrase starts/ends with a Latin character:
    # CJK text has no spaces, so `你好` must match inside `张总你好`.
    left = r"(?<![A-Za-z0-9])" if _LATIN.match(phrase[:1]) else ""
    right = r"(?![A-Za-z0-9])" if _LATIN.match(phrase[-1:]) else ""
    return f"{left}{body}{right}"


def entry_pattern(entry: str) -> str:
    if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
        return entry[1:-1]
    return _phrase_pattern(entry)


def trie_regex(words: list[str]) -> str:
    """One regex for many literal phrases, factored as a trie: Python's re
    tries every alternative at every position, so 80 phrases cost 80x; the
    trie costs about the length of the longest phrase."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        end = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            esc = r"\s+" if ch == " " else re.escape(ch)
            branches.append(esc + render(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return f"(?:{body})?"
        return body

    return render(trie)


_CJK = CJK


_OPENCC_CONFIGS = ("s2t", "s2twp")


@lru_cache(maxsize=1)
def _converters() -> tuple:
    import opencc

    return tuple(opencc.OpenCC(config) for config in _OPENCC_CONFIGS)


@lru_cache(maxsize=1)
def _traditional_table() -> dict[int, str]:
    from ..errors import ConfigError
    from .rules import builtin_rules_dir

    path = builtin_rules_dir() / "vocab" / "traditional.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        pairs = str(data["pairs"]).split() + str(data.get("cantonese") or "").split()
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConfigError(f"{path}: cannot load the traditional Chinese table: {exc}") from None
    return {ord(p[0]): p[1] for p in pairs if len(p) == 2}


def simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones, one for one (rules/vocab/
    traditional.yaml; offsets keep): vocabularies written once in simplified
    Chinese read mail from Taiwan and Hong Kong too (陳經理 -> 陈经理, 開屏 -> 开屏)."""
    return text.translate(_traditional_table())


# Entries' traditional spellings, kept on disk: building opencc's two converters
# costs 0.07-0.17 s a process, more than a lint of a mail does with them. The file
# is named after the conversions and opencc's installed module (size and mtime, as a
# .pyc is checked against its source).
_variants: dict[str, list[str]] | None = None
_variants_added = False


def _variants_file() -> str | None:
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.origin:
        return None
    st = os.stat(spec.origin)
    return cache_file(f"opencc-variants-{'-'.join(_OPENCC_CONFIGS)}-{st.st_size}-{st.st_mtime_ns}.json")


def _known_variants() -> dict[str, list[str]]:
    global _variants
    if _variants is None:
        _variants = {}
        try:
            path = _variants_file()
            if path:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
                if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
                    _variants = data
        except (OSError, ValueError):
            pass  # none kept yet, or unreadable: worked out again
    return _variants


def _keep_variants() -> None:
    global _variants_added
    if not _variants_added:
        return
    _variants_added = False
    try:
        path = _variants_file()
        if path:
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(dict(_variants or {}), fh, ensure_ascii=False)  # a copy: a thread may add to it
            os.replace(tmp, path)
    except OSError:
        pass  # not kept this time: worked out again by the next process


def traditional_variants(text: str) -> set[str]:
    """Traditional-script spellings of a simplified phrase (謝謝 for 谢谢,
    軟體 for 软件), so one vocabulary serves mail from Taiwan and Hong Kong."""
    global _variants_added
    if not _CJK.search(text):
        return set()
    known = _known_variants()
    found = known.get(text)
    if found is None:
        found = known[text] = sorted({c.convert(text) for c in _converters()} - {text})
        _variants_added = True
    return set(found)


@lru_cache(maxsize=4096)
def compile_entries(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    regexes = [e for e in entries if len(e) > 2 and e.startswith("/") and e.endswith("/")]
    regexes += [v for e in regexes for v in traditional_variants(e)]
    literal = {e.lower() for e in entries if e not in regexes}
    literal |= {v for e in literal for v in traditional_variants(e)}
    phrases = sorted(literal, key=len, reverse=True)
    both = [p for p in phrases if _LATIN.match(p[:1]) and _LATIN.match(p[-1:])]
    free = [p for p in phrases if not _LATIN.match(p[:1]) and not _LATIN.match(p[-1:])]
    mixed = [p for p in phrases if p not in both and p not in free]
    parts = [f"(?:{entry_pattern(e)})" for e in regexes]
    sources: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((e[1:-1],), ()) for e in regexes]
    if both:
        parts.append(rf"(?<![A-Za-z0-9])(?:{trie_regex(both)})(?![A-Za-z0-9])")
        sources.append(((), tuple(both)))
    if free:
        parts.append(f"(?:{trie_regex(free)})")
        sources.append(((), tuple(free)))
    parts.extend(f"(?:{_phrase_pattern(p)})" for p in mixed)
    sources.extend(((), (p,)) for p in mixed)
    _keep_variants()
    compiled = re.compile("|".join(parts), re.IGNORECASE | re.MULTILINE)
    _SOURCES[compiled] = (tuple(e[1:-1] for e in regexes), tuple(phrases))
    _PARTS[compiled] = (tuple(parts), tuple(sources))
    return compiled


def flatten(vocab: dict | list | None, langs: Iterable[str] = ("zh", "en")) -> tuple[str, ...]:
    """Entries of one vocabulary for the given languages (a bare list applies to all)."""
    if vocab is None:
        return ()
    if isinstance(vocab, list):
        return tuple(vocab)
    out: list[str] = []
    for lang in (*langs, "any"):
        out.extend(vocab.get(lang, []))
    return tuple(out)


# (id of a rule's vocabulary, languages) -> (that vocabulary, its pattern). Checks ask
# for their vocabularies on every mail; flattening them and hashing the entries for
# compile_entries' cache each time cost more than many of the searches.
_BY_VOCAB: dict[tuple[int, tuple[str, ...]], tuple[object, re.Pattern[str] | None]] = {}


def pattern(vocab: dict | list | None, langs: Iterable[str] = ("zh", "en")) -> re.Pattern[str] | None:
    """The compiled vocabulary (rule vocabularies are not changed once loaded)."""
    langs = tuple(langs)
    key = (id(vocab), langs)
    known = _BY_VOCAB.get(key)
    if known is not None and known[0] is vocab:  # the object itself is kept: its id is not reused
        return known[1]
    compiled = compile_entries(flatten(vocab, langs))
    if len(_BY_VOCAB) > 4096:
        _BY_VOCAB.clear()
    _BY_VOCAB[key] = (vocab, compiled)
    return compiled


# --- A literal prefilter for vocabulary searches --------------------------------
# Python's re tries every alternative of a vocabulary at every position of the
# text (a 1,300-character body and a 30-alternative vocabulary: ~40,000 tries),
# and with IGNORECASE it cannot skip ahead to a first character. Most mail
# contains none of a vocabulary's words, so `quick_search` first asks whether
# the text holds any literal that every match must contain ("attach", "enclos",
# "附") — a few str.find calls on the case-folded text — and runs the regex
# only when it does. The answer is the regex's own: a match is never missed.


def _char_weight(text: str) -> int:
    # A Han character is as selective as a short Latin word.
    return sum(1 if ch.isascii() else 3 for ch in text)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None or b is None:
        return a if b is None else b
    key = lambda s: (min(map(_char_weight, s)), -len(s))  # noqa: E731
    return a if key(a) >= key(b) else b


def _required(items: list, ops: Any) -> frozenset[str] | None:
    """Literals one of which every match of the regex sequence `items` (re's
    parse tree) contains; None when none is known."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is ops.LITERAL:
            run.append(chr(av))
            continue
        if run:  # any other node ends a literal run (zero-width ones too: simpler, still sound)
            best = _better(best, frozenset(["".join(run)]))
            run = []
        found: frozenset[str] | None = None
        if op is ops.SUBPATTERN:
            found = _required(list(av[3]), ops)
        elif op is ops.ATOMIC_GROUP:
            found = _required(list(av), ops)
        elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT, ops.POSSESSIVE_REPEAT) and av[0] >= 1:
            found = _required(list(av[2]), ops)
        elif op is ops.BRANCH:
            alternatives = [_required(list(a), ops) for a in av[1]]
            if all(alternatives):
                found = frozenset().union(*alternatives)  # type: ignore[arg-type]
        best = _better(best, found)
    return best


def _canonical_table() -> dict[int, int]:
    """Characters re's IGNORECASE treats as equal beyond lower() (ſ and s, ı and
    i, ς and σ, …), each mapped to one of its class."""
    try:
        from re._casefix import _EXTRA_CASES  # the table re's compiler itself uses
    except ImportError:  # pragma: no cover - another Python: fold() then refuses
        return {}
    table = {}
    for key, others in _EXTRA_CASES.items():
        rep = min(key, *others)
        if key != rep:
            table[key] = rep
    return table


_CANONICAL = _canonical_table()
_DOTTED_I = "\u0130"  # re lowers İ to i (simple mapping); str.lower() gives two characters
_UNUSUAL = re.compile("[" + "".join(map(chr, _CANONICAL)) + "]") if _CANONICAL else None


def fold(text: str) -> str:
    """`text` case-folded as re's IGNORECASE compares characters, one for one
    (offsets keep), so a regex match's literal is a substring of the folded text."""
    if text.isascii():
        return text.lower()
    low = (text.replace(_DOTTED_I, "i") if _DOTTED_I in text else text).lower()
    # str.translate goes character by character in Python's dict: only when needed
    return low.translate(_CANONICAL) if _UNUSUAL and _UNUSUAL.search(low) else low


# compile_entries' patterns -> (regex entries, literal phrases) they were built from
_SOURCES: dict[re.Pattern[str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
# compile_entries' patterns -> (their top-level alternatives, the entries of each)
_PARTS: dict[re.Pattern[str], tuple[tuple[str, ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]] = {}


def _regex_needles(regex: str, flags: int) -> frozenset[str] | None:
    try:
        from re import _constants as ops  # the parse tree's node names
        from re import _parser

        return _required(list(_parser.parse(regex, flags)), ops)
    except Exception:  # an unexpected tree (another Python): no prefilter
        return None


@lru_cache(maxsize=4096)
def _needle_tests(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], re.Pattern[str]] | None:
    """(the ASCII needles, one regex of all needles) — an ASCII text holds no
    other needle and str.find is quickest for a few; a Chinese text is read
    once by the regex instead of once per needle."""
    found = needles(pattern)
    if found is None:
        return None
    return tuple(n for n in found if n.isascii()), re.compile(trie_regex(list(found)))


@lru_cache(maxsize=4096)
def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Folded literals one of which every match of `pattern` contains, or None
    when the pattern has none worth testing (then search it directly).

    For a vocabulary they come from its entries (a phrase's longest word, a
    regex entry's required literals), not from the trie, whose shared prefixes
    ("p" of "pfa|please") would make poor needles."""
    if not _CANONICAL:
        return None
    if pattern in _SOURCES:
        return _entry_needles(*_SOURCES[pattern], pattern.flags)
    found = _regex_needles(pattern.pattern, pattern.flags) or {""}
    if min(map(_char_weight, found)) < 2:
        return None  # "a", "u": in nearly every text, not worth the test
    return tuple(sorted({fold(n) for n in found}, key=lambda n: (len(n), n)))  # short (common) first: a pass stops early


def _entry_needles(regexes: tuple[str, ...], phrases: tuple[str, ...], flags: int) -> tuple[str, ...] | None:
    found: set[str] = set()
    for regex in regexes:
        got = _regex_needles(regex, flags)
        if not got:
            return None
        found |= got
    found |= {max((w for w in p.split(" ") if w), key=_char_weight) for p in phrases if p.strip(" ")}
    if not found or min(map(_char_weight, found)) < 2:
        return None
    return tuple(sorted({fold(n) for n in found}, key=lambda n: (len(n), n)))


@lru_cache(maxsize=4096)
def _part_needles(
    pattern: re.Pattern[str],
) -> tuple[tuple[str, ...], tuple[frozenset[str], ...], tuple[str, ...]] | None:
    """(every needle once, the needles of each top-level alternative, the ASCII
    needles: all an ASCII text can hold) of a vocabulary; None when it is not
    split (one alternative, an alternative without needles, or capturing
    groups, whose numbers would change)."""
    known = _PARTS.get(pattern)
    if known is None or len(known[0]) < 2 or pattern.groups:
        return None
    per_part = [_entry_needles(regexes, phrases, pattern.flags) for regexes, phrases in known[1]]
    if any(nd is None for nd in per_part):
        return None
    every = tuple(sorted({n for nd in per_part for n in nd}))  # type: ignore[union-attr]
    return every, tuple(frozenset(nd) for nd in per_part), tuple(n for n in every if n.isascii())  # type: ignore[arg-type]


# (vocabulary, alternatives kept) -> their regex. Compiling one costs about as much as
# searching a few kB with the whole vocabulary, so a new one is made for a long text,
# and for short ones (a sentence, an opening line) once the same alternatives have
# been asked for _REDUCE_AFTER times: until then the whole regex is searched.
_REDUCED: dict[tuple[re.Pattern[str], tuple[int, ...]], re.Pattern[str]] = {}
_REDUCE_FROM = 1500  # characters searched
_REDUCE_AFTER = 3
_ASKED: dict[tuple[re.Pattern[str], tuple[int, ...]], int] = {}


def _reduced(pattern: re.Pattern[str], keep: tuple[int, ...], length: int) -> re.Pattern[str]:
    found = _REDUCED.get((pattern, keep))
    if found is None:
        if length < _REDUCE_FROM:
            asked = _ASKED.get((pattern, keep), 0) + 1
            if asked < _REDUCE_AFTER:
                if len(_ASKED) > 8192:
                    _ASKED.clear()
                _ASKED[(pattern, keep)] = asked
                return pattern
        if len(_REDUCED) > 2048:
            _REDUCED.clear()
        parts = _PARTS[pattern][0]
        found = _REDUCED[(pattern, keep)] = re.compile("|".join(parts[i] for i in keep), pattern.flags)
    return found


# The last text folded, up to where, and its fold: the vocabularies of a mail read one
# body. One tuple, read once and replaced whole, so threads never mix two texts' parts.
_folded: tuple[str | None, int, str] = (None, 0, "")


def _fold_cached(text: str, end: int) -> str:
    global _folded
    last = _folded
    if last[0] is text and last[1] == end:
        return last[2]
    folded = fold(text[:end])
    _folded = (text, end, folded)
    return folded


# Per vocabulary, [texts tested, texts that passed]. Where nearly every text holds a
# needle (on Chinese mail: 要 and 发 of politeness-missing, the greetings, the closings)
# the test only adds its cost, so after _TALLY_MIN texts passing over 90 % it is
# skipped for that vocabulary in this process. Only speed depends on it, never a result.
_TALLY: dict[re.Pattern[str], list[int]] = {}
_TALLY_MIN = 256
# A text this short is searched at once: folding it and testing the needles costs more
# than the search (Enron's 16,600 searches: 1.1-1.5x the search below 128 characters).
_TEST_FROM = 128


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False when `text` holds none of the literals every match of `pattern`
    holds (then no search, sub or match of it can find anything)."""
    tests = _needle_tests(pattern)
    if tests is None:
        return True
    folded = _fold_cached(text, len(text))
    if folded.isascii():
        return any(n in folded for n in tests[0])
    return tests[1].search(folded) is not None


def quick_search(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """`pattern.search(text, pos, endpos)`, skipping the regex when the text
    cannot match (see above)."""
    end = len(text) if endpos is None else min(endpos, len(text))
    if end - pos < _TEST_FROM:
        return pattern.search(text, pos, end)
    tests = _needle_tests(pattern)
    if tests is not None:
        tally = _TALLY.get(pattern)
        if tally is None:
            tally = _TALLY[pattern] = [0, 0]
        if tally[0] < _TALLY_MIN or tally[1] * 10 < tally[0] * 9:
            folded = _fold_cached(text, end)
            split = _part_needles(pattern)
            present = None
            if folded.isascii():
                if split is None:
                    passed = any(folded.find(n, pos, end) >= 0 for n in tests[0])
                else:  # the needles found decide the test and the alternatives kept below
                    present = {n for n in split[2] if folded.find(n, pos, end) >= 0}
                    passed = bool(present)
            else:
                passed = tests[1].search(folded, pos, end) is not None
            tally[0] += 1
            if not passed:
                return None
            tally[1] += 1
            # Only the alternatives whose own needles are in the text can match: a
            # search without the others finds the same leftmost match (re tries the
            # alternatives in order at each position, and the others never match).
            if split is not None:
                if present is None:
                    present = {n for n in split[0] if folded.find(n, pos, end) >= 0}
                keep = tuple(i for i, nd in enumerate(split[1]) if not nd.isdisjoint(present))
                if keep and len(keep) < len(split[1]):
                    return _reduced(pattern, keep, end - pos).search(text, pos, end)
    return pattern.search(text, pos, end)
