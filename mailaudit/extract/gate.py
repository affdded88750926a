"""What a sentence could hold, read on its raw text, before spaCy builds a Doc.

`extract._may_instruct` uses these tests to skip the sentence analysis of a mail
that cannot yield an instruction. Each says "the matchers of `LanguageMatchers`
could find a slot / an action cue / an ad word here"; it may say yes wrongly,
never no wrongly:

- A phrase of the PhraseMatcher (slot forms, cue words) matches tokens whose lower
  forms are the phrase's tokens, with nothing or one space between them (spaCy
  keeps no other whitespace between tokens). So with every space taken out of both,
  the phrase is in the lower-cased sentence, however either was tokenised.
- In English a token starts or ends between two letters only inside a special case
  of the tokenizer ("cannot" -> can|not, "dont" -> do|nt: prefixes, suffixes and
  infixes all split at a non-letter). A sentence without one is read with a
  boundary mark (MARK) wherever two characters are not letters written together,
  and a phrase must stand between two marks: "feed" is not found in "feedback".
- A token pattern of a Matcher (cue patterns, slot shapes and nouns) needs each of
  its required tokens (OP none, "+", "{n,…}" with n >= 1); such a token with a
  literal LOWER/ORTH/TEXT (or an IN list of them) puts one of its words there.
  Other tokens (REGEX, NOT_IN, IS_TITLE, flags) are taken to match anything.
- The Chinese slot-shape regex is run as `LanguageMatchers._shaped` runs it.

All words come from rules/vocab (adplacement-patterns.yaml, slots.yaml), through the
helpers the matchers themselves are built with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..engine.vocab import trie_regex
from ..mail.language import english_special_cases
from .patterns import (
    ACTIONS,
    LINK,
    PatternSet,
    compile_token,
    has_cjk,
    required_token,
    simplified,
    zh_shape_regex,
)
from .slots import SlotVocabulary

MARK = "\x1f"  # a possible token edge (a character no vocabulary word holds)
_LETTER = "[a-z]"  # (lower-cased text; other letters are taken as possible token edges)
_UNITS = re.compile(rf"{_LETTER}+|[^\s{MARK}]")  # letters written together, or one other character


def marked(low: str) -> str:
    """`low` (lower case) with a MARK between two characters unless both are letters
    written together, for every run of spaces, and at each end."""
    return f"{MARK}{MARK.join(_UNITS.findall(low))}{MARK}"


def _loose(low: str) -> str:
    return "".join(low.split())


@dataclass(frozen=True)
class Reading:
    text: str  # the sentence as it is read (Chinese in simplified characters)
    seen: str  # ... and as the matchers see it (links blanked)
    loose: str  # lower case, no spaces
    edges: str | None  # lower case, marked; None where a token may split two letters
    units: frozenset[str] = frozenset()  # what stands between two marks in `edges`
    seen_low: str = ""


class _Words:
    """Does a sentence hold one of these phrases (as the PhraseMatcher could find it)?"""

    def __init__(self, words: Iterable[str], glued: Callable[[str], bool]) -> None:
        low = {str(w).lower() for w in words} - {""}
        # (a phrase the tokenizer may itself split between letters is only tested loosely)
        edged = [marked(w) for w in low if not glued(w)]
        self.singles = frozenset(e[1:-1] for e in edged if e.count(MARK) == 2)  # one unit: a set lookup
        # the regexes, compiled when first used (a language's sentences need only some)
        self._keys = {"loose": [_loose(w) for w in low], "edges": [e for e in edged if e.count(MARK) > 2],
                      "glued": [_loose(w) for w in low if glued(w)]}
        self._regexes: dict[str, re.Pattern[str] | None] = {}

    def _regex(self, kind: str) -> re.Pattern[str] | None:
        if kind not in self._regexes:
            self._regexes[kind] = _regex(self._keys[kind])
        return self._regexes[kind]

    def search(self, r: Reading) -> bool:
        if r.edges is None:
            loose = self._regex("loose")
            return loose is not None and bool(loose.search(r.loose))
        if not self.singles.isdisjoint(r.units):
            return True
        edges, glued = self._regex("edges"), self._regex("glued")
        return (edges is not None and bool(edges.search(r.edges))) or (glued is not None and bool(glued.search(r.loose)))


def _regex(keys: Iterable[str]) -> re.Pattern[str] | None:
    keys = sorted(set(keys) - {"", MARK})
    return re.compile(trie_regex(keys)) if keys else None


class _Pattern:
    """A token pattern: the word sets of its required literal tokens."""

    def __init__(self, spec: Any, lang: str, patterns: PatternSet, glue: Callable[[str], bool]) -> None:
        self.needs: list[_Words] = []
        self.regexes: list[tuple[re.Pattern[str], bool]] = []  # (X of a "^X$" REGEX, read lower-cased)
        for tok in spec if isinstance(spec, list) else ():
            if not isinstance(tok, dict):
                continue
            compiled, _, _ = compile_token(tok, lang, patterns, "gate")
            if not required_token(compiled.get("OP")):
                continue
            for attr in ("LOWER", "ORTH", "TEXT"):
                value = compiled.get(attr)
                values = value.get("IN") if isinstance(value, dict) else [value] if isinstance(value, str) else None
                if values:
                    self.needs.append(_Words((str(v) for v in values), glue))
                    break
                inner = _inner(value.get("REGEX")) if isinstance(value, dict) else None
                if inner is not None:
                    self.regexes.append((inner, attr == "LOWER"))
                    break

    def search(self, r: Reading) -> bool:
        return all(w.search(r) for w in self.needs) and all(
            x.search(r.seen_low if low else r.seen) for x, low in self.regexes)


# What may stand in a REGEX read on a token's text and still be read on the sentence:
# no anchors, lookarounds or word boundaries inside (they would look past the token).
_CONTEXT = re.compile(r"\\[bBAZ]|\(\?<?[=!]|(?<!\\)[$^](?<!\[\^)")


def _inner(regex: Any) -> re.Pattern[str] | None:
    """A token REGEX "^X$" as X, which then matches within the sentence wherever it
    matched a token of it; None (no condition) for any other."""
    if not isinstance(regex, str) or not (regex.startswith("^") and regex.endswith("$") and not regex.endswith("\\$")):
        return None
    inner = regex[1:-1]
    return None if _CONTEXT.search(inner) or "|" in _top_level(inner) else re.compile(inner)


def _top_level(regex: str) -> str:
    """The characters of `regex` outside brackets and groups ("a|b" splits the anchors)."""
    out, depth, klass, escaped = [], 0, False, False
    for ch in regex:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif klass:
            klass = ch != "]"
        elif ch == "[":
            klass = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


class _Language:
    """The tests of one pipeline's matchers ('en' or 'zh'), as `LanguageMatchers` builds them."""

    def __init__(self, lang: str, vocab: SlotVocabulary, patterns: PatternSet, glue: Callable[[str], bool]) -> None:
        cjk = lang == "zh"
        specs = {label: [*(langs.get("en") or []), *((langs.get("zh") or []) if cjk else [])]
                 for label, langs in patterns.cue_patterns.items()}
        self.action = _Words((w for a in ACTIONS for w in patterns.cue_words(a, cjk=cjk)), glue)
        self.action_patterns = [_Pattern(s, lang, patterns, glue) for a in ACTIONS for s in specs.get(a, [])]
        self.anchor = _Words(patterns.cue_words("anchor", cjk=cjk), glue)
        self.anchor_patterns = [_Pattern(s, lang, patterns, glue) for s in specs.get("anchor", [])]
        self.request = _Words(patterns.cue_words("request", cjk=cjk), glue)
        self.request_patterns = [_Pattern(s, lang, patterns, glue) for s in specs.get("request", [])]
        self.slot = _Words((form for form, _ in vocab.all_forms(cjk=cjk)), glue)
        # (every shape is listed here: the zh ones read on tokens are a subset)
        shapes = [*(vocab.shapes.get("en") or []), *((vocab.shapes.get("zh") or []) if cjk else [])]
        nouns = [] if cjk else [s for group in vocab.nouns.values() for s in group]
        self.slot_patterns = [_Pattern(s, lang, patterns, glue) for s in [*shapes, *nouns]]
        self.zh_shapes = zh_shape_regex(vocab.shapes.get("zh", [])) if cjk else None


class Possible:
    """The raw-text tests of one vocabulary and pattern set."""

    def __init__(self, vocab: SlotVocabulary, patterns: PatternSet) -> None:
        # The English tokenizer's special cases that cut between two letters ("cannot", "dont"),
        # found in a sentence written between non-letters: among its units, in a row
        glue = {s.lower() for s, orths in english_special_cases().items() if _splits_letters(orths)}
        self.glue = _Words(glue, lambda _: False)
        # each language's tests built when a sentence of it is first read (~10 ms each; most
        # mail is in one)
        self._args = (vocab, patterns, self.glued)
        self.langs: dict[str, _Language] = {}

    def _lang(self, lang: str) -> _Language:
        built = self.langs.get(lang)
        if built is None:
            built = self.langs.setdefault(lang, _Language(lang, *self._args))
        return built

    def glued(self, low: str) -> bool:
        """Does `low` (lower case) hold a special case that splits two letters?"""
        found = _UNITS.findall(low)
        return self.glue.search(Reading("", "", _loose(low), f"{MARK}{MARK.join(found)}{MARK}", frozenset(found), low))

    def read(self, piece: str) -> tuple[_Language, Reading]:
        """How `read_sentences` and `LanguageMatchers.analyse` read this sentence."""
        cjk = has_cjk(piece)
        read = simplified(piece) if cjk else piece
        seen = LINK.sub(lambda m: " " * len(m.group(0)), read)
        low = seen.lower()
        if cjk:
            return self._lang("zh"), Reading(read, seen, _loose(low), None, frozenset(), low)
        found = _UNITS.findall(low)
        r = Reading(read, seen, _loose(low), f"{MARK}{MARK.join(found)}{MARK}", frozenset(found), low)
        if self.glue.search(r):  # a token may split two letters here: read loosely
            r = Reading(read, seen, r.loose, None, frozenset(), low)
        return self._lang("en"), r

    @staticmethod
    def whole(readings: Iterable[Reading]) -> Reading:
        """Sentences of one language as one: what none of them holds, this does not
        hold either (each test here is one of a sentence's, or looser)."""
        rs = list(readings)
        edges = None if any(r.edges is None for r in rs) else "".join(r.edges[:-1] for r in rs if r.edges) + MARK
        return Reading("\n".join(r.text for r in rs), "\n".join(r.seen for r in rs), "".join(r.loose for r in rs), edges,
                       frozenset().union(*(r.units for r in rs)), "\n".join(r.seen_low for r in rs))

    def by_language(self, readings: list[tuple[_Language, Reading]]) -> list[tuple[_Language, Reading, list[Reading]]]:
        """(language, its sentences as one, its sentences) for each language read."""
        out = []
        for lang in (self.langs[name] for name in ("en", "zh") if name in self.langs):  # (those read)
            own = [r for x, r in readings if x is lang]
            if own:
                out.append((lang, self.whole(own), own))
        return out

    @staticmethod
    def acts(lang: _Language, r: Reading) -> bool:
        return lang.action.search(r) or any(p.search(r) for p in lang.action_patterns)

    @staticmethod
    def anchors(lang: _Language, r: Reading) -> bool:
        return lang.anchor.search(r) or any(p.search(r) for p in lang.anchor_patterns)

    @staticmethod
    def requests(lang: _Language, r: Reading) -> bool:
        return lang.request.search(r) or any(p.search(r) for p in lang.request_patterns)

    @staticmethod
    def slots(lang: _Language, r: Reading) -> bool:
        return (lang.slot.search(r) or (lang.zh_shapes is not None and bool(lang.zh_shapes.search(r.seen)))
                or any(p.search(r) for p in lang.slot_patterns))

    @staticmethod
    def any_slots(lang: _Language, whole: Reading, own: list[Reading]) -> bool:
        """Could one of `own` (sentences of `lang`, `whole` as one) hold a slot? Each test
        is tried on the sentences only where it holds on `whole` (most hold nowhere)."""
        words = lang.slot.search(whole)
        shapes = lang.zh_shapes is not None and bool(lang.zh_shapes.search(whole.seen))
        patterns = [p for p in lang.slot_patterns if p.search(whole)]
        if not (words or shapes or patterns):
            return False
        return any((words and lang.slot.search(r)) or (shapes and lang.zh_shapes is not None and lang.zh_shapes.search(r.seen))
                   or any(p.search(r) for p in patterns) for r in own)


def _splits_letters(orths: list[str]) -> bool:
    low = [o.lower() for o in orths]
    return any(a and b and re.match(_LETTER, a[-1]) and re.match(_LETTER, b[0]) for a, b in zip(low, low[1:], strict=False))


__all__ = ["MARK", "Possible", "Reading", "marked"]
