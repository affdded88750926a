"""The slot vocabulary: normalised slot keys and the ways people write them.

Built-in forms live in rules/vocab/slots.yaml; a team adds its own with
`[workflow] slot_vocabulary = ["team-slots.yaml"]` (paths relative to the
config file). The extractor matches the forms with spaCy; reconciliation
normalises an operation log's slot column with `SlotVocabulary.normalise`,
which needs no NLP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..engine.rules import builtin_rules_dir
from ..errors import ConfigError
from ..mail.textutil import CJK, load_yaml
from .dates import parse_number

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

_CJK = CJK
_SPACE = re.compile(r"[\s_]+")


def squash(text: str) -> str:
    """Lower case, no spaces: the lookup form of a slot ('首页 Banner' -> '首页banner')."""
    return _SPACE.sub("", text.strip().lower())


@dataclass
class SlotVocabulary:
    forms: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # key -> lang -> forms
    positions: dict[str, Any] = field(default_factory=dict)
    # Token patterns of slot-shaped phrases ("search brand zone", "小程序banner"): a
    # slot named in no vocabulary is still a slot; its key is the phrase itself.
    shapes: dict[str, list[Any]] = field(default_factory=dict)
    # English words that name a slot only as a noun ("one push on Christmas Eve", but
    # "push the start back"): key -> token patterns whose `capture: slot` token is it.
    nouns: dict[str, list[Any]] = field(default_factory=dict)
    sources: list[Path] = field(default_factory=list)
    # Slots sent once (a push, an SMS, a newsletter issue): booked for a day, their
    # window ends the day it starts.
    one_day: frozenset[str] = frozenset()
    # Words after a known slot that name it whole ("lobby LED" + "wall"): `whole_heads`
    whole_heads: frozenset[str] = frozenset()
    # A shaped phrase whose head says only "a slot" (banner, 横幅, slot) keyed by where it
    # sits: [{key, where: [...] | where_ending: [...], heads: [...]}] (`placed` in slots.yaml)
    placed: list[dict[str, Any]] = field(default_factory=list)
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)
    _form_set: frozenset[str] | None = field(default=None, repr=False)
    _endings: list[tuple[str, str]] | None = field(default=None, repr=False)

    def add(self, data: Any, path: Path) -> None:
        if not isinstance(data, dict) or not isinstance(data.get("slots", {}), dict):
            raise ConfigError(f"{path}: a slot vocabulary is a mapping with 'slots: {{key: {{zh: [...], en: [...]}}}}'")
        for key, langs in (data.get("slots") or {}).items():
            if isinstance(langs, list):
                langs = {"en": langs}
            if not isinstance(langs, dict):
                raise ConfigError(f"{path}: slot '{key}' must map languages to lists of forms")
            entry = self.forms.setdefault(str(key), {})
            for lang, forms in langs.items():
                if not isinstance(forms, list):
                    raise ConfigError(f"{path}: slots.{key}.{lang} must be a list")
                entry.setdefault(lang, []).extend(str(f) for f in forms)
        if data.get("positions"):
            pos = data["positions"]
            merged = dict(self.positions)
            merged["keys"] = list(dict.fromkeys([*self.positions.get("keys", []), *pos.get("keys", [])]))
            for side in ("after", "before"):
                merged[side] = [*self.positions.get(side, []), *pos.get(side, [])]
            self.positions = merged
        if data.get("whole_heads"):
            if not isinstance(data["whole_heads"], list):
                raise ConfigError(f"{path}: whole_heads must be a list of words")
            self.whole_heads = self.whole_heads | {str(w).lower() for w in data["whole_heads"]}
        if data.get("one_day"):
            if not isinstance(data["one_day"], list):
                raise ConfigError(f"{path}: one_day must be a list of slot keys")
            self.one_day = self.one_day | {str(k) for k in data["one_day"]}
        for lang, specs in (data.get("shapes") or {}).items():
            if not isinstance(specs, list):
                raise ConfigError(f"{path}: shapes.{lang} must be a list of token patterns")
            self.shapes.setdefault(str(lang), []).extend(specs)
        for i, rule in enumerate(data.get("placed") or []):
            if not (isinstance(rule, dict) and rule.get("key") and isinstance(rule.get("heads"), list)
                    and isinstance(rule.get("where", rule.get("where_ending")), list)):
                raise ConfigError(f"{path}: placed[{i}] needs key, heads and where (or where_ending) lists")
            self.placed.append({"key": str(rule["key"]), "heads": [_words(h) for h in rule["heads"]],
                                "where": [_words(w) for w in rule.get("where") or []],
                                "where_ending": [_words(w) for w in rule.get("where_ending") or []]})
        for key, specs in (data.get("nouns") or {}).items():
            if not isinstance(specs, list):
                raise ConfigError(f"{path}: nouns.{key} must be a list of token patterns")
            self.nouns.setdefault(str(key), []).extend(specs)
        self.sources.append(path)
        self._lookup = {}
        self._form_set = None
        self._endings = None

    @property
    def keys(self) -> list[str]:
        return list(self.forms)

    def names_a_slot(self, name: str) -> bool:
        """"直播间", "锁屏壁纸位": a slot's name (or a name ending as slots do), so no brand.
        `name` is read as written; callers pass Chinese in simplified characters."""
        if self._form_set is None:
            self._form_set = frozenset(f.lower() for f, _ in self.all_forms())
        return name.lower() in self._form_set or name.endswith(("位", "广告位", "资源位"))

    def ending(self, text: str) -> str | None:
        """The key of the slot a phrase ends in, as a compound ends in its head: "trip
        reminder push" is a push, "酒店频道通栏" a channel banner. `text` in simplified
        characters; a Latin form must stand as words of their own at the end."""
        if self._endings is None:
            forms = {(" ".join(f.lower().split()), k) for f, k in self.all_forms() if not (f == k and "-" in k)}
            self._endings = sorted(forms, key=lambda fk: len(fk[0]), reverse=True)
        low = " ".join(text.lower().replace("-", " ").split())
        for form, key in self._endings:
            if len(form) >= len(low):
                continue
            if (low.endswith(form) and len(form) >= 2 and _CJK.search(form)) or low.endswith(" " + form):
                return key
        return None

    def placed_key(self, text: str) -> str | None:
        """The key of a slot named by where it sits and a head that says only "a slot"
        (`placed`): "个人中心横幅" is on my-page, "deals newsletter slot" sponsors a
        newsletter, "talent community banner" is a channel banner. `text` in simplified characters."""
        # ("homepage 300x250", "文章页300x600": a display unit by its size is that page's banner)
        low = _SIZED.sub(r"\1 banner", _words(text))
        # "sponsor slot in your friday newsletter": the head first, where it sits after in/of/on
        inside = re.fullmatch(r"(.+?) (?:in|of|on) (.+)", low)
        for rule in self.placed:
            if inside and any(_before(inside.group(1), h) is not None or inside.group(1) == h for h in rule["heads"]) \
                    and any(_has(inside.group(2), w) for w in rule["where"]):
                return str(rule["key"])
            for head in rule["heads"]:
                rest = _before(low, head)
                if rest is None:
                    continue
                rest = _before(rest, "app", at_end=False) or rest  # "App首页banner"
                if any(_has(rest, w) for w in rule["where"]) or any(
                        (r := _before(rest, w)) is not None and r.strip() for w in rule["where_ending"]):
                    return str(rule["key"])
        return None

    def key_of_shape(self, text: str) -> str:
        """The key of a slot-shaped phrase no form names: the slot it ends in, else the one
        `placed` says, else the phrase itself (shape_key); a display unit's size at the end says
        no more than that ("review-page sidebar 300x250" is a sidebar). `text` in simplified characters."""
        return self.ending(_SIZED.sub(r"\1", text)) or self.placed_key(text) or shape_key(text)

    def sent_once(self, key: str) -> bool:
        """A slot booked for a day, not a run (`one_day`): the key itself, or a slot-shaped
        key ending in one ("app-homepage-takeover" for "takeover")."""
        return key in self.one_day or any(key.endswith("-" + k) for k in self.one_day)

    def noun_words(self, *, gate: bool = False) -> list[str]:
        """The words `nouns` patterns capture as slots ("push", "splash"): a sentence
        without one of them (or another form) names no slot. With `gate`, a pattern with a
        token marked `prefilter: true` gives that token's words instead ("ad … in the
        e-newsletter" needs "ad": the prefilter need not stop at every "newsletter"); a list
        of phrases there gives those phrases."""
        out = []
        for specs in self.nouns.values():
            for spec in specs:
                toks = [t for t in spec if isinstance(t, dict)] if isinstance(spec, list) else []
                marked = next((t for t in toks if t.get("prefilter")), None)
                lead = marked.get("LOWER") if marked is not None else None
                if gate and marked is not None and isinstance(marked.get("prefilter"), list):
                    out += marked["prefilter"]  # phrases: "sponsor of" lets in no bare "newsletter"
                    continue
                if gate and isinstance(lead, dict) and lead.get("IN"):
                    out += lead["IN"]
                    continue
                for tok in toks:
                    lower = tok.get("LOWER") if isinstance(tok, dict) and tok.get("capture") else None
                    out += lower.get("IN", []) if isinstance(lower, dict) else [lower] if isinstance(lower, str) else []
        return [str(w) for w in out]

    def all_forms(self, *, cjk: bool = True) -> list[tuple[str, str]]:
        """(form, key) pairs. Without `cjk`: the forms an English sentence is
        matched against (the `en` lists: "push" is a slot in 消息push, a verb in English)."""
        out = []
        for key, langs in self.forms.items():
            if "-" in key:  # "homepage-banner" itself, as ops tools write it ("search" is a word)
                out.append((key, key))
            for lang, forms in langs.items():
                if cjk or lang != "zh":
                    out.extend((form, key) for form in forms if cjk or not _CJK.search(form))
        return out

    def lookup(self) -> dict[str, str]:
        if not self._lookup:
            table: dict[str, str] = {}
            for form, key in self.all_forms():
                table.setdefault(squash(form), key)
            self._lookup = table
        return self._lookup

    def normalise(self, text: str | None) -> str | None:
        """The slot key of a written slot ('信息流第3位' -> 'feed-3'), or None.

        Exact forms first, then a known form followed or preceded by a position.
        """
        if not text:
            return None
        s = squash(text)
        table = self.lookup()
        if s in table:
            return table[s]
        numbered = set(self.positions.get("keys", []))
        m = re.fullmatch(r"([a-z-]+)-(\d{1,2})", s)  # "feed-3" as a key
        if m and m.group(1) in self.forms:
            return s
        best: tuple[int, str] | None = None
        for form, key in table.items():
            if key not in numbered or not form:
                continue
            if s.startswith(form):
                rest, number_first = s[len(form):], False
            elif s.endswith(form):
                rest, number_first = s[: -len(form)], True
            else:
                continue
            rest = re.sub(r"^(?:广告位?|资源位|的|ad|ads|position|pos\.?|slot|spot|no\.?|#)+", "", rest)
            if number_first:
                rest = re.sub(r"(?:slot|position|spot)(?:in|of|on)(?:the)?$", "", rest)
            n = parse_number(rest)
            if n and (best is None or len(form) > best[0]):
                best = (len(form), f"{key}-{n}")
        if best:
            return best[1]
        # A form inside a longer text ("首页banner广告"), longest first.
        for form in sorted(table, key=len, reverse=True):
            if len(form) >= 3 and form in s:
                return table[form]
        return None


# a display unit's size at the end of a phrase that names where it runs
_SIZED = re.compile(r"(\S)\s*(?<![0-9])[0-9]{3}\s*[x×]\s*[0-9]{2,3}$")


def _words(text: str) -> str:
    return " ".join(str(text).lower().replace("-", " ").split())


def _before(text: str, part: str, *, at_end: bool = True) -> str | None:
    """What is left of `text` when it ends (or, not `at_end`, begins) with `part` as a word
    of its own (Chinese needs no space: "首页横幅", "首页 banner"); None when it does not."""
    if not part or len(part) >= len(text) or not (text.endswith(part) if at_end else text.startswith(part)):
        return None
    rest, edge = (text[: -len(part)], -1) if at_end else (text[len(part):], 0)
    joined = rest[edge] == " " or bool(CJK.match(rest[edge])) or bool(CJK.match(part[-1 - edge]))
    return rest.strip() if joined else None


def _has(text: str, part: str) -> bool:
    """`part` is in `text`, as words of their own where it is written in Latin letters."""
    return part in text if CJK.search(part) else f" {part} " in f" {text} "


def shape_key(text: str) -> str:
    """The key of a slot known only by its shape: the phrase, lower-cased, words
    joined by '-' ("Search Brand Zone" -> "search-brand-zone", "小程序 banner" -> "小程序banner");
    a numbered position keeps only its number ("search position 2" -> "search-2")."""
    numbered = re.fullmatch(r"(?i)\s*(.+?)\s+(?:position|pos\.?|slot|spot)\s*#?\s*(\d{1,2})\s*", text)
    if numbered:
        return f"{shape_key(numbered.group(1))}-{numbered.group(2)}"
    words = re.findall(r"[a-z0-9]+|[^\sa-z0-9\W]+", text.lower())
    key = "-".join(words)
    return re.sub(r"(?<=[^\x00-\x7f])-|-(?=[^\x00-\x7f])", "", key)


def _read(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read slot vocabulary: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None


def builtin_slots_path() -> Path:
    return builtin_rules_dir() / "vocab" / "slots.yaml"


def extra_vocabulary_paths(settings: Settings | None) -> tuple[Path, ...]:
    """`[workflow] slot_vocabulary` files, relative to the config file."""
    if settings is None:
        return ()
    names = settings.section("workflow").get("slot_vocabulary", [])
    base = settings.path.parent if settings.path else Path.cwd()
    return tuple((base / str(n)).resolve() for n in names)


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> SlotVocabulary:
    vocab = SlotVocabulary()
    for path in paths:
        vocab.add(_read(path), path)
    return vocab


def load_slot_vocabulary(settings: Settings | None = None) -> SlotVocabulary:
    """The built-in vocabulary plus the team's files (cached per set of files)."""
    return _load((builtin_slots_path(), *extra_vocabulary_paths(settings)))


__all__ = ["SlotVocabulary", "load_slot_vocabulary", "squash"]
