"""Placement patterns (rules/vocab/adplacement-patterns.yaml) compiled into
spaCy matchers, and the per-sentence analysis they give.

`matchers_for(lang, vocab)` builds, once per language and vocabulary:
a PhraseMatcher for slot forms and cue words, a Matcher for numbered slots
(`信息流第3位`, `3rd slot in the feed`) and a Matcher for the capture patterns
(advertiser, campaign). `LanguageMatchers.analyse(doc)` turns a tokenised
sentence into plain mentions with character offsets.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..engine.rules import builtin_rules_dir
from ..engine.vocab import simplified
from ..errors import ConfigError
from ..mail.language import import_posseg, import_spacy
from ..mail.textutil import CHINESE_SURNAMES, CJK, HAN, ZH_TITLES, load_yaml
from .dates import parse_number
from .nlp import add_words, phrase_patterns, placement_nlp
from .slots import SlotVocabulary

ACTIONS = ("cancel", "extend", "change", "add", "place")
_CJK = CJK
# Links, addresses and file names are not words: "xinghai_splash.zip" and "wh_feed_1080x1440.jpg是素材"
# name no slot (a file name may run into the Chinese after it: no word boundary there)
_WRAPPED = re.compile(r"(?<=[^\s。；;：:，,])\n(?=[^\s\-*•·0-9一二三四五六七八九十])")  # not before a bullet or a numbered line
_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+"
                   r"|[\w.-]+\.(?:zip|rar|7z|png|jpe?g|gif|webp|bmp|svg|mp4|mov|avi|webm|m4v|psd|ai|pdf|xlsx?|docx?"
                   r"|pptx?|csv|txt|key|mp3|wav)(?![A-Za-z0-9])", re.IGNORECASE)


def holds_a_link(text: str) -> bool:
    """A link, an address or a file name in the text ("maplecrest_io_2026-118.pdf - signed IO")."""
    return bool(_LINK.search(text))


SCRIPT_EDGE = re.compile(f"(?<=[{HAN}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN}])")

# Token extensions the capture patterns use (`slot: true`, `name: true` ...).
EXT_SLOT = "mailaudit_slot"
EXT_SLOT_OR_ANCHOR = "mailaudit_slot_or_anchor"
EXT_ACTION = "mailaudit_action"
EXT_BUSY = "mailaudit_busy"  # inside a slot or an action cue: never part of a name


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))




def patterns_path() -> Path:
    return builtin_rules_dir() / "vocab" / "adplacement-patterns.yaml"


@dataclass(frozen=True)
class PatternSet:
    cues: dict[str, dict[str, list[str]]]
    action_priority: tuple[str, ...]
    end_markers: frozenset[str]
    start_markers: frozenset[str]
    prefilter: tuple[str, ...]
    prefilter_with_action: tuple[str, ...]  # common slot heads: past the prefilter beside an action word
    name_token: dict[str, dict[str, Any]]
    captures: dict[str, list[dict[str, Any]]]
    cue_patterns: dict[str, dict[str, list[list[dict[str, Any]]]]]
    subject_vetoes: tuple[str, ...]
    roster_subjects: tuple[str, ...]  # a duty roster: no line of it books anything
    en_noun_markers: frozenset[str]
    not_imperative: frozenset[str]
    request_leads: frozenset[str]
    ad_words: frozenset[str]
    place_suffixes: tuple[str, ...]
    app_words: tuple[str, ...]
    agency_words: tuple[str, ...]
    keep_whole: tuple[str, ...]
    anaphora: re.Pattern[str]  # points back at an earlier instruction: "extend it", "该广告位"
    request_question: re.Pattern[str]  # a question that asks for it: "could you", "能否"
    zh_noun_heads: frozenset[str] = frozenset()
    zh_duration: re.Pattern[str] | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # booking table heads and keys (fields.py)
    table_pointers: re.Pattern[str] | None = None  # "按下表", "as per the table below"
    zh_modifiers: frozenset[str] = frozenset()  # "新年", "618": between a brand and its slot
    places: frozenset[str] = frozenset()  # 深圳, 南京: where a campaign runs
    place_ends: tuple[str, ...] = ()  # 站, 区, 市: a place named as the app's station or its region or city
    place_marks_en: str | None = None  # "at X", "X centre": a pattern with a {name} hole (advertiser.written_as_a_place)
    venue_words: tuple[str, ...] = ()  # 门店, 分店, 小区: where an ad runs (advertiser.a_venue)
    branch_ends: tuple[str, ...] = ()  # 店, 馆: a branch's name ends so (advertiser.a_branch)
    own_markers: re.Pattern[str] | None = None  # "our", "我司": the author's own company
    own_promotion: re.Pattern[str] | None = None  # "house ads", "自家推广": the author's organisation's own ad
    subject_pointers: re.Pattern[str] | None = None  # "如题", "as per subject": read the subject
    go_live_after: re.Pattern[str] | None = None  # "等物业同意后再上": booked, up once a thing is done
    same_window: re.Pattern[str] | None = None  # "同上时段", "same dates": the window of the slot above
    forward_pointers: re.Pattern[str] | None = None  # "pls set this up" over a forwarded request
    company_words: frozenset[str] = frozenset()  # 汽车, 集团: a brand written whole ends in one
    product_words: frozenset[str] = frozenset()  # 手机, 羽绒服: what a brand sells, written after its name
    mail_tags: frozenset[str] = frozenset()  # 【紧急】, 【通知】: a subject tag that says what kind of mail
    zh_modifiers_in_names: frozenset[str] = frozenset()  # 品牌, 发布: occasion words a name may hold
    campaign_heads: tuple[str, ...] = ()  # 活动: "青柚冬日活动" names a campaign, not a brand
    own_company_words: tuple[str, ...] = ()  # 敝公司, 我司: the writer's "our company"
    public_self_references: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 本局 -> (局,): a public body of itself
    public_self_references_en: tuple[str, ...] = ()  # Department: "The Department asks …" of itself
    public_self_reference_not_before: str = ""  # 本办法: no self-reference before these characters
    name_stop_chars: frozenset[str] = frozenset()  # 的, 嘅, 那: a Chinese name holding one is a phrase
    done_mark_particles: tuple[str, ...] = ()  # "先撤了吧": after 了 they ask for the act
    done_mark_days: tuple[str, ...] = ()  # "易拉宝明天撤了": a day to come before the act asks for it
    opening_name_ends: tuple[str, ...] = ()  # 在, 想, 目前: where a name opening a Chinese sentence ends
    legal_forms: frozenset[str] = frozenset()  # ltd, gmbh, s.l: the end of an English company name
    name_particles: frozenset[str] = frozenset()  # of, de, di: inside a name, between capitalised words
    ad_kind_words: tuple[str, ...] = ()  # PSA, 公益片: "X hand-washing PSA:" opens an item that is X's
    domain_second_levels: frozenset[str] = frozenset()  # gov, co: "caerwen.gov.uk" is caerwen's
    department_words: tuple[str, ...] = ()  # 市场部, 中心: "青禾咖啡 市场部" signs for 青禾咖啡
    department_words_en: tuple[str, ...] = ()  # marketing: "Marketing Trapkracht e-bikes" signs for Trapkracht e-bikes
    negation_exceptions: tuple[str, ...] = ()  # "don't forget to book": no negation
    relative_leads: frozenset[str] = frozenset()  # "for which we thank you": a relative wh-word, no question
    occasion_leads: frozenset[str] = frozenset()  # "book X for the Cup meeting": the occasion, no object
    wrap_words: frozenset[str] = frozenset()  # "… sponsored row for the\nSIN-BKK …": the line goes on
    slot_objects: dict[str, Any] = field(default_factory=dict)  # where an act puts a slot no vocabulary names
    slot_request_links: frozenset[str] = frozenset()  # "get X into the …": between a request and its slot
    abbreviations: dict[str, frozenset[str]] = field(default_factory=dict)  # "Dec.", "St.": no sentence ends there
    reply_words: re.Pattern[str] | None = None  # "回复", "let me know": a question about the answer to a request

    def by_position(self, fld: str) -> frozenset[int]:
        """Ranks of the capture entries of `fld` that take a name only from where it stands
        (beside a slot): weaker evidence than the writer's own organisation."""
        return self._ranks(fld, "by_position")

    def declaring(self, fld: str) -> frozenset[int]:
        """Ranks of the capture entries of `fld` that declare it ("客户：X", "Advertiser: X")."""
        return self._ranks(fld, "declares")

    def _ranks(self, fld: str, mark: str) -> frozenset[int]:
        return frozenset(rank for rank, entry in enumerate(self.captures.get(fld, []))
                         if isinstance(entry, dict) and entry.get(mark))

    def cue_words(self, label: str, cjk: bool = True) -> list[str]:
        langs = self.cues.get(label, {})
        # (Spanish, French, Indonesian writers' words, as English ones: every list but `zh`)
        words = [w for lang, ws in langs.items() if lang != "zh" for w in ws or ()]
        if cjk:
            words = [*langs.get("zh", []), *words]
        return [str(w) for w in words]


@lru_cache(maxsize=1)
def load_patterns() -> PatternSet:
    path = patterns_path()
    try:
        # libyaml's loader when PyYAML has it (same data, ~7x quicker on this 30 kB file)
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot load placement patterns: {exc}") from None
    prefilter = [w for words in (data.get("prefilter") or {}).values() for w in words or ()]
    return PatternSet(
        cues={k: dict(v) for k, v in data["cues"].items()},
        action_priority=tuple(data.get("action_priority", ACTIONS)),
        end_markers=frozenset(data.get("end_markers", [])),
        start_markers=frozenset(data.get("start_markers", [])),
        prefilter=tuple(str(w) for w in prefilter),
        prefilter_with_action=tuple(str(w) for langs in (data.get("prefilter_with_action") or {}).values()
                                    for w in langs or ()),
        name_token=data.get("name_token", {}),
        captures=data.get("captures", {}),
        cue_patterns=data.get("cue_patterns", {}),
        subject_vetoes=tuple(str(w) for lang in (data.get("subject_vetoes") or {}).values() for w in lang),
        roster_subjects=tuple(str(w) for lang in (data.get("roster_subjects") or {}).values() for w in lang or ()),
        en_noun_markers=frozenset(str(w).lower() for w in data.get("en_noun_markers", [])),
        not_imperative=frozenset(str(w).lower() for w in data.get("not_imperative", [])),
        request_leads=frozenset(str(w).lower() for w in data.get("request_leads", [])),
        ad_words=frozenset(str(w).lower() for lang in (data.get("ad_words") or {}).values() for w in lang or []),
        place_suffixes=tuple(str(w) for w in data.get("place_suffixes", [])),
        app_words=tuple(str(w).lower() for w in data.get("app_words", [])),
        agency_words=tuple(str(w).lower() for w in data.get("agency_words", [])),
        keep_whole=tuple(str(w) for w in data.get("keep_whole", [])),
        anaphora=_words_regex(data.get("anaphora"), path, "anaphora"),
        request_question=_words_regex(data.get("request_question"), path, "request_question"),
        zh_noun_heads=frozenset(str(w) for w in data.get("zh_noun_heads", [])),
        wrap_words=frozenset(str(w).lower() for w in data.get("line_wrap_words", [])),
        slot_objects=data.get("slot_objects") or {},
        slot_request_links=frozenset(str(w).lower() for w in data.get("slot_request_links") or ()),
        negation_exceptions=tuple(str(w).lower() for w in data.get("negation_exceptions", [])),
        relative_leads=frozenset(str(w).lower() for w in data.get("relative_leads") or ()),
        occasion_leads=frozenset(str(w).lower() for w in data.get("occasion_leads") or ()),
        zh_duration=re.compile(data["zh_duration"]) if data.get("zh_duration") else None,
        fields=data.get("fields") or {},
        zh_modifiers=frozenset(str(w) for w in data.get("zh_modifiers", [])),
        places=frozenset(simplified(str(w)) for w in data.get("places") or ()),
        place_ends=tuple(sorted((simplified(str(w)) for w in data.get("place_ends") or ()), key=len, reverse=True)),
        place_marks_en=_place_marks(data.get("place_marks_en") or {}),
        venue_words=tuple(sorted((simplified(str(w)) for w in data.get("venue_words") or ()), key=len, reverse=True)),
        branch_ends=tuple(simplified(str(w)) for w in data.get("branch_ends") or ()),
        own_markers=_words_regex(data["own_markers"], path, "own_markers") if data.get("own_markers") else None,
        own_promotion=_words_regex(data["own_promotion"], path, "own_promotion") if data.get("own_promotion") else None,
        company_words=frozenset(str(w) for w in data.get("company_words") or ()),
        product_words=frozenset(simplified(str(w)) for w in data.get("product_words") or ()),
        mail_tags=frozenset(simplified(str(w)) for w in data.get("mail_tags") or ()),
        zh_modifiers_in_names=frozenset(str(w) for w in data.get("zh_modifiers_in_names") or ()),
        campaign_heads=tuple(simplified(str(w)) for w in data.get("campaign_heads") or ()),
        own_company_words=tuple(simplified(str(w)) for w in data.get("own_company_words") or ()),
        public_self_references={simplified(str(k)): tuple(sorted((simplified(str(w)) for w in v or ()), key=len, reverse=True))
                                for k, v in (data.get("public_self_references") or {}).items()},
        public_self_references_en=tuple(str(w) for w in data.get("public_self_references_en") or ()),
        public_self_reference_not_before=simplified(str(data.get("public_self_reference_not_before") or "")),
        name_stop_chars=frozenset(str(data.get("name_stop_chars") or "")),
        done_mark_particles=tuple(str(w) for w in (data.get("done_mark_asks") or {}).get("after") or ()),
        done_mark_days=tuple(simplified(str(w)) for w in (data.get("done_mark_asks") or {}).get("days_before") or ()),
        opening_name_ends=tuple(str(w) for w in data.get("opening_name_ends", [])),
        legal_forms=frozenset(str(w).lower() for w in data.get("legal_forms") or ()),
        name_particles=frozenset(str(w) for w in data.get("name_particles") or ()),
        ad_kind_words=tuple(sorted((simplified(str(w)) for lang in (data.get("ad_kind_words") or {}).values()
                                    for w in lang or ()), key=len, reverse=True)),
        domain_second_levels=frozenset(str(w).lower() for w in data.get("domain_second_levels") or ()),
        department_words=tuple(str(w) for w in data.get("department_words") or ()),
        department_words_en=tuple(sorted((str(w).lower() for w in data.get("department_words_en") or ()), key=len, reverse=True)),
        subject_pointers=(_words_regex(data["subject_pointers"], path, "subject_pointers")
                          if data.get("subject_pointers") else None),
        same_window=_words_regex(data["same_window"], path, "same_window") if data.get("same_window") else None,
        go_live_after=_words_regex(data["go_live_after"], path, "go_live_after") if data.get("go_live_after") else None,
        forward_pointers=(_words_regex(data["forward_pointers"], path, "forward_pointers")
                          if data.get("forward_pointers") else None),
        table_pointers=_words_regex(data["table_pointers"], path, "table_pointers") if data.get("table_pointers") else None,
        abbreviations={str(k): frozenset(str(w).lower() for w in v or ()) for k, v in (data.get("abbreviations") or {}).items()},
        reply_words=_words_regex(data["reply_words"], path, "reply_words") if data.get("reply_words") else None,
    )


def _place_marks(data: dict[str, Any]) -> str | None:
    """`place_marks_en` as one pattern with a `{name}` hole: a word of `before`, then up to two
    capitalised words, then the name; or the name, then a word of `after`."""
    before = "|".join(re.escape(str(w)) for w in data.get("before") or ())
    after = "|".join(re.escape(str(w)) for w in data.get("after") or ())
    if not before and not after:
        return None
    parts = []
    if before:
        parts.append(rf"\b(?i:{before})\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s+){{0,2}}{{name}}\b")
    if after:
        parts.append(rf"\b{{name}}\s+(?i:{after})\b")
    return "|".join(parts)


def _words_regex(group: Any, path: Path, key: str) -> re.Pattern[str]:
    """`en` entries (regexes) matched as whole words, `zh` ones anywhere."""
    if not isinstance(group, dict) or not (group.get("en") or group.get("zh")):
        raise ConfigError(f"{path}: '{key}' needs an en and/or zh list")
    en = [str(e) for e in group.get("en") or ()]
    parts = ([r"\b(?:" + "|".join(en) + r")\b"] if en else []) + [str(z) for z in group.get("zh") or ()]
    return re.compile("|".join(parts), re.IGNORECASE)


# ----------------------------------------------------------------- mentions


@dataclass(frozen=True)
class SlotMention:
    start: int  # character offsets in the analysed text
    end: int
    text: str
    key: str


@dataclass(frozen=True)
class Cue:
    label: str  # an action (cancel/extend/...) or request/question/... (see the YAML)
    start: int
    end: int
    text: str
    spread: bool = False  # from a token pattern with words between ("keep … running")


@dataclass(frozen=True)
class Captured:
    field: str  # advertiser | campaign
    rank: int  # order of the pattern in the YAML: lower is more explicit
    start: int
    text: str


@dataclass
class Mentions:
    slots: list[SlotMention] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)
    doc: Any = field(default=None, repr=False, compare=False)  # for `captures`, run only when needed


# ----------------------------------------------------------------- compiling


_HYPHENED_ON = re.compile(r"-(?!ons?\b)[A-Za-z]")


def _hyphened_head(doc, start: int) -> int:
    """"change-room mirror decals": the first half of a compound hyphened to the slot's first
    word (no space either side) is part of its name."""
    for _ in range(3):  # ("state-of-the-art": a compound has few parts; not a run of hyphens)
        if not (start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_
                and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha and doc[start - 2].is_ascii
                and doc[start - 2].is_lower):
            break
        start -= 2
    return start


def _after_a_dash_apart(doc, start: int, end: int) -> int:
    """"winter deal - standees": a dash with a space either side sets the words before it apart
    (a subject's topic, a list item's brand), so a slot's name begins after it."""
    for i in range(end - 2, start, -1):
        if doc[i].text in ("-", "–", "—") and doc[i].whitespace_ and doc[i - 1].whitespace_:
            return i + 1
    return start


def _ensure_extensions() -> None:
    from spacy.tokens import Token

    for name in (EXT_SLOT, EXT_SLOT_OR_ANCHOR, EXT_ACTION, EXT_BUSY):
        if not Token.has_extension(name):
            Token.set_extension(name, default=False)


SENTENCE_LEAD = " \t\n-–•*>#0123456789.)"  # what may stand before a sentence's first word (bullets, numbers)


def _compile_token(spec: dict[str, Any], lang: str, patterns: PatternSet, where: str) -> tuple[dict, str | None, bool]:
    """A YAML token spec -> (spaCy token pattern, capture name, at_start)."""
    spec = dict(spec)
    capture = spec.pop("capture", None)
    at_start = bool(spec.pop("at_start", False))
    spec.pop("lead", None)  # a shape's context word, not part of the slot (Matcher._shaped)
    spec.pop("trail", None)  # the same after it
    spec.pop("prefilter", None)  # which words let a mail past the prefilter (slots.py noun_words)
    ext: dict[str, Any] = dict(spec.pop("_", {}) or {})
    if spec.pop("name", False):
        base = copy.deepcopy(patterns.name_token.get(lang) or patterns.name_token.get("en") or {})
        for key, value in base.items():
            spec.setdefault(key, value)
        ext[EXT_BUSY] = False
    if spec.pop("slot", False):
        ext[EXT_SLOT] = True
    if spec.pop("slot_or_anchor", False):
        ext[EXT_SLOT_OR_ANCHOR] = True
    if spec.pop("cue", False):
        ext[EXT_ACTION] = True
    if ext:
        spec["_"] = ext
    if "IS_SENT_START" in spec:
        raise ConfigError(f"{where}: use 'at_start: true' instead of IS_SENT_START")
    return spec, capture, at_start


class _Gate:
    """Whether any pattern of a spaCy Matcher could match a doc, from the words and
    token flags its patterns cannot do without. The Matcher walks every token of
    every doc; on most sentences no pattern has its required words, so it is not run.
    Only a superset test: a pattern without a literal word still lets every doc by."""

    def __init__(self, strings: Any) -> None:
        self._strings = strings
        self._patterns: list[list[tuple[frozenset[int] | None, frozenset[str]]]] = []
        self._keys: frozenset[int] | None = None
        self._open: list[list[tuple[frozenset[int] | None, frozenset[str]]]] = []

    def add(self, tokens: list[dict]) -> None:
        needs = []
        for tok in tokens:
            if not _required(tok.get("OP")):
                continue
            words = None
            for attr in ("LOWER", "ORTH", "TEXT"):
                value = tok.get(attr)
                values = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else \
                    [value] if isinstance(value, str) else None
                if values is not None:
                    words = frozenset(self._strings.add(str(v).lower()) for v in values)
                    break
            flags = frozenset(k for k, v in (tok.get("_") or {}).items() if v is True)
            if words is not None or flags:
                needs.append((words, flags))
        self._patterns.append(needs)
        self._keys = None

    def allows(self, lowers: set[int], flags: set[str]) -> bool:
        if self._keys is None:
            # a pattern's first required word is its key; one without words is always asked
            self._keys = frozenset().union(*(next((w for w, _ in needs if w is not None), frozenset())
                                             for needs in self._patterns))
            self._open = [needs for needs in self._patterns if all(w is None for w, _ in needs)]
        if lowers.isdisjoint(self._keys):
            return any(all(f <= flags for _, f in needs) for needs in self._open)
        return any(all((w is None or not lowers.isdisjoint(w)) and f <= flags for w, f in needs)
                   for needs in self._patterns)


def _required(op: str | None) -> bool:
    """A token pattern's OP leaves it required: none, "+", "{n}", "{n,m}" with n >= 1."""
    if op is None or op == "+":
        return True
    if op.startswith("{"):
        return op[1:-1].split(",")[0].strip() not in ("", "0")
    return False  # "?", "*", "!"


def _gate_input(doc: Any) -> tuple[set[int], set[str]]:
    """The doc's lower-case words (hashes) and the token flags analyse set on it."""
    from spacy.attrs import LOWER

    cached = doc.user_data.get("mailaudit_gate")
    if cached is None:
        cached = (set(doc.to_array(LOWER).tolist()), set())
        doc.user_data["mailaudit_gate"] = cached
    return cached


@dataclass
class _Compiled:
    field: str
    rank: int
    captures: dict[int, str]  # pattern token index -> capture name
    at_start: bool


class LanguageMatchers:
    """Matchers for one pipeline ('zh' tokenises with jieba; 'en' with spaCy's rules)."""

    def __init__(self, lang: str, vocab: SlotVocabulary, patterns: PatternSet):
        import_spacy()  # first, so that spaCy is imported without its CLI
        from spacy.matcher import Matcher, PhraseMatcher

        _ensure_extensions()
        self.lang = lang
        self.cjk = lang == "zh"
        self.patterns = patterns
        self.vocab = vocab
        self.nlp = placement_nlp(lang)
        if self.cjk:
            # Keep slot names and cue words whole: "加投开屏" -> 加投 | 开屏.
            words = [f for f, _ in vocab.all_forms() if has_cjk(f)]
            for label in patterns.cues:
                words.extend(w for w in patterns.cue_words(label) if has_cjk(w) and len(w) > 1)
            words.extend(patterns.keep_whole)
            # and the heads of slot shapes: "询盘页推荐位" -> 询盘页 | 推荐位, "车厢内屏" -> 车厢 | 内屏
            words.extend(w for w in _zh_shape_words(vocab.shapes.get("zh", []))[1] if has_cjk(w) and len(w) > 1)
            add_words(sorted(set(words)))
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._slot_key: dict[int, str] = {}
        by_key: dict[str, set[str]] = {}
        for form, key in vocab.all_forms(cjk=self.cjk):
            by_key.setdefault(key, set()).add(form)
        for key, forms in by_key.items():
            label = f"slot:{key}"
            self._slot_key[self.nlp.vocab.strings.add(label)] = key
            self.phrases.add(label, self._docs(forms))
        for label in patterns.cues:
            words = patterns.cue_words(label, cjk=self.cjk)
            if words:
                self.phrases.add(f"cue:{label}", self._docs(words))
        self.cue_matcher = Matcher(self.nlp.vocab)
        self.cue_gate = _Gate(self.nlp.vocab.strings)
        for label, langs in patterns.cue_patterns.items():
            specs = [*(langs.get("en") or []), *((langs.get("zh") or []) if self.cjk else [])]
            for i, spec in enumerate(specs):
                tokens, _, _ = self._compile(f"cue:{label}:{i}", spec)
                try:
                    self.cue_matcher.add(f"cue:{label}", [tokens])
                    self.cue_gate.add(tokens)
                except Exception as exc:
                    raise ConfigError(f"{patterns_path()}: cue_patterns.{label}[{i}]: invalid token pattern: {exc}") from None
        self.shapes = Matcher(self.nlp.vocab)
        self.shape_gate = _Gate(self.nlp.vocab.strings)
        # the surface words English shapes open with ("app", "homepage", "ctv")
        self.en_surfaces = frozenset(
            str(w).lower() for spec in vocab.shapes.get("en", []) if isinstance(spec, list) and spec
            and isinstance(spec[0], dict) and isinstance(spec[0].get("LOWER"), dict)
            for w in spec[0]["LOWER"].get("IN") or ())
        # Chinese slot shapes are read on characters, not tokens: the tokenizer may cut
        # 锁屏 into 锁/屏, and a Latin word may stand between ("底部tab气泡").
        self.zh_shapes = _zh_shape_regex(vocab.shapes.get("zh", [])) if self.cjk else None
        # a shape ends in a head word or a position (第N帧): without one, no regex pass
        self.zh_shape_heads = (*_zh_shape_words(vocab.shapes.get("zh", []))[1], "第")
        # a name never begins with a page of the app ("首页", "详情页", "频道": place_suffixes)
        self.zh_name_blocks = tuple(w for w in _zh_shape_words(vocab.shapes.get("zh", []))[0]
                                    if has_cjk(w) and w.endswith(patterns.place_suffixes))
        # (a Chinese shape that opens with any noun, not a listed surface - "排行榜冠名" - is
        # read on the tokens, where the words before it can be told from the noun)
        general_zh = [_not_a_cue(spec, patterns) for spec in vocab.shapes.get("zh", []) if self.cjk and _zh_general(spec)]
        for i, spec in enumerate([*vocab.shapes.get("en", []), *general_zh]):
            tokens, _, at_start = self._compile(f"shape:{i}", spec)
            # a shape whose first token is marked `lead` is read after that word, which is
            # no part of the slot ("in the vendor spotlight")
            lead = bool(spec and spec[0].get("lead"))
            # and one whose last token is marked `trail` after the slot, before that word
            # ("车厢门贴，" is a sticker; "聊天记录贴在下面" pastes)
            trail = bool(spec and spec[-1].get("trail"))
            kind = "shape_lead" if lead else "shape_trail" if trail else "shape_start" if at_start else "shape"
            try:
                # a shape marked at_start matches only first in its sentence (after a bullet)
                self.shapes.add(kind, [tokens])
                self.shape_gate.add(tokens)
            except Exception as exc:
                raise ConfigError(f"slot vocabulary: shapes[{i}]: invalid token pattern: {exc}") from None
        self.nouns = Matcher(self.nlp.vocab)
        self._noun_info: dict[int, tuple[str, dict[int, str]]] = {}
        if not self.cjk:  # in Chinese text these words are slots wherever they stand (消息push)
            for key, specs in vocab.nouns.items():
                for i, pattern in enumerate(specs):
                    self._add(self.nouns, f"noun:{key}:{i}", pattern, key, self._noun_info, 0)
        self.positions = Matcher(self.nlp.vocab)
        self._position_info: dict[int, tuple[str, dict[int, str]]] = {}
        for side in ("after", "before"):
            for i, pattern in enumerate(vocab.positions.get(side, [])):
                self._add(self.positions, f"pos:{side}:{i}", pattern, side, self._position_info, 0)
        self.capture_matcher = Matcher(self.nlp.vocab)
        self.capture_gate = _Gate(self.nlp.vocab.strings)
        self._capture_info: dict[int, _Compiled] = {}
        for fld, entries in patterns.captures.items():
            for rank, entry in enumerate(entries):
                specs = entry.get(lang) if isinstance(entry, dict) else None
                if not specs:
                    continue
                if specs and isinstance(specs[0], dict):
                    specs = [specs]
                for j, spec in enumerate(specs):
                    self._add_capture(f"cap:{fld}:{rank}:{j}", fld, rank, spec)

    def _docs(self, phrases: set[str] | list[str]) -> list:
        texts = set()
        for p in phrases:
            texts.add(p)
            if self.cjk:
                texts.add(SCRIPT_EDGE.sub(" ", p))  # "首页banner" also as "首页 banner"
        return phrase_patterns(self.nlp, sorted(texts))

    def _compile(self, name: str, spec: list) -> tuple[list[dict], dict[int, str], bool]:
        tokens, captures, at_start = [], {}, False
        for i, tok in enumerate(spec):
            compiled, capture, start = _compile_token(tok, self.lang, self.patterns, name)
            tokens.append(compiled)
            if capture:
                captures[i] = capture
            at_start = at_start or (start and i == 0)
        return tokens, captures, at_start

    def _add(self, matcher, name: str, spec: list, side: str, info: dict, rank: int) -> None:
        tokens, captures, _ = self._compile(name, spec)
        try:
            matcher.add(name, [tokens])
        except Exception as exc:  # spaCy's pattern validation: name the YAML entry
            raise ConfigError(f"{name}: invalid token pattern: {exc}") from None
        info[self.nlp.vocab.strings[name]] = (side, captures)

    def _add_capture(self, name: str, fld: str, rank: int, spec: list) -> None:
        tokens, captures, at_start = self._compile(name, spec)
        try:
            self.capture_matcher.add(name, [tokens])
            self.capture_gate.add(tokens)
        except Exception as exc:
            raise ConfigError(f"{patterns_path()}: {name}: invalid token pattern: {exc}") from None
        self._capture_info[self.nlp.vocab.strings[name]] = _Compiled(fld, rank, captures, at_start)

    # ------------------------------------------------------------- analysing

    def analyse(self, text: str) -> Mentions:
        # Links and addresses are not words: ".../popup_v2.png" names no slot. A line break
        # inside a sentence is the mail client's wrapping ("add a postgame\nshow bumper"): a space.
        blanked = _WRAPPED.sub(" ", _LINK.sub(lambda m: " " * len(m.group(0)), text))
        doc = self.nlp.make_doc(blanked)
        out = Mentions()
        slot_spans: list[tuple[int, int, str]] = []
        for match_id, start, end in self.phrases(doc):
            label = self.nlp.vocab.strings[match_id]
            if label.startswith("slot:"):
                slot_spans.append((start, end, self._slot_key[match_id]))
            else:
                span = doc[start:end]
                out.cues.append(Cue(label[4:], span.start_char, span.end_char, span.text))
        # A cue inside a longer noun ("ad" in "ad hoc") is not a cue.
        nouns = [c for c in out.cues if c.label == "noun"]
        out.cues = [c for c in out.cues if c.label == "noun" or not any(
            n.start <= c.start and c.end <= n.end and (n.end - n.start) > (c.end - c.start) for n in nouns)]
        if not self.cjk:
            # An English word belongs to the phrase that begins first: "would like the
            # sponsor slot" is a request, not the reference "like the".
            out.cues = [c for c in out.cues if not any(
                o.start < c.start < o.end < c.end and o.label != c.label for o in out.cues)]
        # "change-room mirror decals", "pull-up banners": an act's word hyphened to the next word
        # is part of a noun, no act ("January add-ons" still adds)
        out.cues = [c for c in out.cues if c.label not in ACTIONS or not _HYPHENED_ON.match(blanked, c.end)]
        spread: list[Cue] = []  # cues whose words stand apart ("keep … running")
        lowers, flags = _gate_input(doc)
        for match_id, start, end in self.cue_matcher(doc) if self.cue_gate.allows(lowers, flags) else ():
            span = doc[start:end]
            spread.append(Cue(self.nlp.vocab.strings[match_id][4:], span.start_char, span.end_char, span.text, True))
        slot_spans = _longest(slot_spans + self._nouns(doc))
        slot_spans = self._numbered(doc, slot_spans)
        slot_spans = self._shaped(doc, slot_spans, blanked)
        # "the search results brand zone": a word of a slot's name is no cue ("results")
        named = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b, _ in slot_spans]
        out.cues = [c for c in out.cues if c.label in ACTIONS or c.label in ("anchor", "noun", "request")
                    or not any(lo <= c.start and c.end <= hi for lo, hi in named)]
        slot_spans = _heads(doc, slot_spans)
        slot_spans = _without_qualifiers(doc, slot_spans)
        out.cues = self._drop_nouns(doc, out.cues, slot_spans) if not self.cjk else self._drop_zh_nouns(doc, out.cues)
        slot_spans = [(_hyphened_head(doc, _after_a_dash_apart(doc, start, end)), end, key) for start, end, key in slot_spans]
        for start, end, key in slot_spans:
            span = doc[start:end]
            out.slots.append(SlotMention(span.start_char, span.end_char, span.text, key))
            for tok in span:
                tok._.set(EXT_SLOT, True)
                tok._.set(EXT_SLOT_OR_ANCHOR, True)
                tok._.set(EXT_BUSY, True)
            flags |= {EXT_SLOT, EXT_SLOT_OR_ANCHOR, EXT_BUSY}
        for cue in out.cues:
            span = doc.char_span(cue.start, cue.end)
            if span is None:
                continue
            for tok in span:
                tok._.set(EXT_BUSY, True)  # a cue word ("请把", "广告") is never a name
                if cue.label in ACTIONS:
                    tok._.set(EXT_ACTION, True)
                if cue.label == "anchor":
                    tok._.set(EXT_SLOT_OR_ANCHOR, True)
            flags |= {EXT_BUSY, EXT_ACTION} if cue.label in ACTIONS else {EXT_BUSY}
            if cue.label == "anchor":
                flags.add(EXT_SLOT_OR_ANCHOR)
        for cue in spread:  # only its first and last words are cue words
            span = doc.char_span(cue.start, cue.end)
            if span is not None:
                for tok in (span[0], span[-1]):
                    tok._.set(EXT_BUSY, True)
                    tok._.set(EXT_ACTION, cue.label in ACTIONS)
                flags |= {EXT_BUSY, EXT_ACTION} if cue.label in ACTIONS else {EXT_BUSY}
        out.cues.extend(spread)
        out.cues.sort(key=lambda c: c.start)
        out.doc = doc
        return out

    def _shaped(self, doc, spans: list[tuple[int, int, str]], text: str | None = None) -> list[tuple[int, int, str]]:
        """Add slot-shaped phrases no vocabulary names ("newsletter sponsor slot",
        "小程序banner"), keyed by their own words; a known slot wins where they overlap.
        `text`: the text the doc was made of (its `doc.text`, which spaCy joins again
        from every token on each call: ~65 µs a sentence)."""
        taken = {i for start, end, _ in spans for i in range(start, end)}
        found = []
        if self.shape_gate.allows(*_gate_input(doc)):
            for match, start, end in self.shapes(doc):
                kind = self.nlp.vocab.strings[match]
                if kind == "shape_lead":
                    found.append((start + 1, end, ""))
                elif kind == "shape_trail":
                    found.append((start, end - 1, ""))
                elif kind == "shape" or not doc[:start].text.strip(SENTENCE_LEAD):
                    found.append((start, end, ""))
        text = doc.text if text is None else text
        if self.zh_shapes is not None and any(h in text for h in self.zh_shape_heads):
            for m in self.zh_shapes.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    found.append((span.start, span.end, ""))
        out = list(spans)
        ends = {end for _, end, _ in spans}
        for start, end, _ in _longest(found):
            if any(i in taken for i in range(start, end)):
                # "results page leaderboard": a compound that ends in the known slot it holds is
                # that slot, named whole (its words are the slot's, not cues of their own)
                # (its words before the slot written in lower case or words of a surface, "App",
                # "CTV": "Initrode homepage banner", "Obsidian Hare Games masthead" are a brand and
                # its slot)
                inner = [s for s in out if start <= s[0] and s[1] <= end and s[0] > start and s[1] == end]
                if not inner and self.lang == "en":
                    # ("penguin-pool sponsor board": the shape read "penguin-pool sponsor", ending
                    # inside the known "sponsor board" it runs into; the compound is the whole)
                    inner = [s for s in out if start < s[0] < end < s[1]]
                    end = inner[0][1] if len(inner) == 1 else end
                # ("splash-zone banners": a known slot joined by a hyphen to the next word of the
                # compound is that word's modifier; the compound is a slot of its own)
                joined = [s for s in out if s[0] == start and s[1] < end and doc[s[1]].text == "-"]
                if self.lang == "en" and not inner and len(joined) == 1 and not any(
                        s is not joined[0] and s[0] < end and start < s[1] for s in out):
                    out[out.index(joined[0])] = (start, end, self.vocab.key_of_shape(simplified(doc[start:end].text)))
                    continue
                # ("lobby LED wall": a known slot, "lobby LED", then one of `whole_heads` that the
                # shape reads on with it is that slot named whole; not "push notification slot")
                headed = [s for s in out if s[0] == start and s[1] == end - 1]
                if self.lang == "en" and not inner and len(headed) == 1 and doc[end - 1].lower_ in self.vocab.whole_heads \
                        and not any(s is not headed[0] and s[0] < end and start < s[1] for s in out):
                    out[out.index(headed[0])] = (start, end, headed[0][2])
                    continue
                if self.lang == "en" and len(inner) == 1 and all(
                        i not in taken and (doc[i].is_lower or doc[i].is_punct or (
                            doc[i].lower_ in self.en_surfaces and not (i and doc[i - 1].is_title)))
                        for i in range(start, inner[0][0])) and not any(
                        s[0] < start < s[1] or s[0] < end < s[1] for s in out):
                    out[out.index(inner[0])] = (start, end, inner[0][2])
                continue
            # "the splash ad on the app home screen": where the slot named before it runs
            j = start - 1 if start and doc[start - 1].lower_ in _ARTICLES else start
            if j and doc[j - 1].lower_ in _WHERE and j - 1 in ends:
                continue
            phrase = doc[start:end].text
            out.append((start, end, self.vocab.key_of_shape(simplified(phrase))))
        return sorted(out)

    def _drop_nouns(self, doc, cues: list[Cue], slots: list[tuple[int, int, str]]) -> list[Cue]:
        """"the homepage banner schedule", "a Nike launch": an English action word
        after a determiner, a slot or an ad word names a thing."""
        in_slot = {i for start, end, _ in slots for i in range(start, end)}
        anchors = {doc.char_span(c.start, c.end)[0].i for c in cues
                   if c.label == "anchor" and doc.char_span(c.start, c.end) is not None}
        kept = []
        for cue in cues:
            span = doc.char_span(cue.start, cue.end) if cue.label in ACTIONS else None
            if span is not None and span.start > 0:
                prev = doc[span.start - 1]
                # (a participle after a slot is no noun: "could you have the lift wrap taken off")
                participle = prev.i in in_slot and span[0].lower_.endswith(("ed", "en"))
                if (prev.lower_ in self.patterns.en_noun_markers or prev.i in in_slot or prev.i in anchors) \
                        and not participle:
                    continue
            kept.append(cue)
        return kept

    def _drop_zh_nouns(self, doc, cues: list[Cue]) -> list[Cue]:
        """"投放系统", "投放API对接", "排期表": a Chinese action word right before a
        noun head (zh_noun_heads) names a thing; its anchor sense stays."""
        heads = self.patterns.zh_noun_heads
        if not heads:
            return cues
        kept = []
        for cue in cues:
            span = doc.char_span(cue.start, cue.end) if cue.label in ACTIONS else None
            after = span.end if span is not None else len(doc)
            # (past a space and a version: "改为 v2 endpoint")
            while after < len(doc) and (doc[after].is_space or _VERSION.match(doc[after].text)):
                after += 1
            if after < len(doc) and doc[after].text in heads:
                continue
            kept.append(cue)
        return kept

    def _nouns(self, doc) -> list[tuple[int, int, str]]:
        """Slot words standing as nouns: "one push on Christmas Eve" -> push."""
        if not self._noun_info:
            return []
        out = []
        for match_id, m_start, _end, align in self.nouns(doc, with_alignments=True):
            key, captures = self._noun_info[match_id]
            toks = [m_start + i for i, a in enumerate(align) if a in captures]
            if toks:
                out.append((toks[0], toks[-1] + 1, key))
        return out

    def _numbered(self, doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Extend a slot with the position written next to it: feed + 第3位 -> feed-3."""
        numbered = set(self.vocab.positions.get("keys", []))
        if not numbered or not any(k in numbered for _, _, k in spans):
            return spans
        found = self.positions(doc, with_alignments=True)
        out = []
        for start, end, key in spans:
            best = None
            if key in numbered:
                for match_id, m_start, m_end, align in found:
                    side, captures = self._position_info[match_id]
                    if (side == "after" and m_start == end) or (side == "before" and m_end == start):
                        toks = [doc[m_start + i] for i, a in enumerate(align) if a in captures]
                        n = parse_number("".join(t.text for t in toks)) if toks else None
                        if n and (best is None or m_end - m_start > best[2] - best[1]):
                            best = (n, m_start, m_end, side)
            if best:
                n, m_start, m_end, side = best
                out.append((min(start, m_start), max(end, m_end), f"{key}-{n}"))
            else:
                out.append((start, end, key))
        return out

    def captures(self, mentions: Mentions) -> list[Captured]:
        """Advertiser and campaign captures of an analysed sentence (the costly
        matcher: run only for mail that carries an instruction)."""
        doc = mentions.doc
        if doc is None:
            return []
        out: list[Captured] = []
        if not self.capture_gate.allows(*_gate_input(doc)):
            return out
        for match_id, start, _end, align in self.capture_matcher(doc, with_alignments=True):
            info = self._capture_info.get(match_id)
            if info is None:
                continue
            if info.at_start and not _starts_clause(doc, start):
                continue
            toks = [doc[start + i] for i, a in enumerate(align) if a in info.captures]
            if not toks:
                continue
            span = doc[toks[0].i : toks[-1].i + 1]
            if info.field == "advertiser" and has_cjk(span.text):
                span = _lead_char(doc, span)
            text = span.text.strip().strip("\"'“”‘’《》「」").strip()
            if info.field == "advertiser" and has_cjk(text):
                # a Chinese name has no space in it: "驰远汽车 汽车频道banner" names 驰远汽车; nor
                # does a lower-case English word of mixed text go on with it ("澜峰新能源 running 的开屏")
                after = rf"[{HAN}]|[a-z]" if re.match(rf"[{HAN}]", text) else rf"[{HAN}]"
                text = re.split(rf"(?<=[{HAN}])\s+(?={after})", text, maxsplit=1)[0]
                trimmed = _trim_chinese_name(text)
                if (trimmed is None or not self.patterns.name_stop_chars.isdisjoint(simplified(text))
                        or simplified(trimmed) in self.patterns.company_words  # "汽车频道banner": no name
                        or self.vocab.names_a_slot(simplified(trimmed))):  # "直播间", "锁屏壁纸位": a slot
                    continue
                text = trimmed.strip()
                if len(text) <= 4 and text[0] in CHINESE_SURNAMES and simplified(text).endswith(ZH_TITLES):
                    continue  # "孙经理", "王总监": a person by surname and title, not a brand
                if simplified(text).startswith(self.zh_name_blocks):
                    continue  # "首页攻略信息流": a page of the app, not a brand
                after = simplified(doc.text[span.start_char + span.text.find(text) + len(text):].lstrip()[:3]).lower()
                if self.patterns.place_suffixes and after.startswith(self.patterns.place_suffixes):
                    continue  # "周边游频道置顶": a channel's name, not a brand
                if self.patterns.app_words and after.startswith(self.patterns.app_words):
                    continue  # "新聞App的搜尋聯想詞": the app the slot runs in, not a brand
                if self.patterns.place_suffixes and simplified(text).endswith(self.patterns.place_suffixes):
                    continue  # "短剧频道的前贴片": a channel, not a brand
            if info.field == "advertiser":
                text = _before_a_model(text)
            if len(text) < 2:
                continue  # one character is a word, not a brand ("点" in 晚8点, "双" in 双11, "O" in O-Week)
            if text:
                out.append(Captured(info.field, info.rank, span.start_char + span.text.find(text), text))
        # Longest capture first among those of one pattern at one place.
        out.sort(key=lambda c: (c.field, c.rank, c.start, -len(c.text)))
        return out


def _before_a_model(text: str) -> str:
    """"Lumo X9 新机", "Hoshimura HV-9": a Latin name's model, a word of letters and figures
    after its first word, and all after it, are the product, not whose ad it is."""
    words = text.split(" ")
    if not words[0][:1].isascii() or not words[0][:1].isalpha():
        return text
    for i, word in enumerate(words[1:], 1):
        if re.fullmatch(r"[A-Za-z]{1,3}-?\d{1,4}[A-Za-z]?", word):
            return " ".join(words[:i])
    return text


def _without_qualifiers(doc: Any, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"podcast mid-roll (host read)", "开屏（摇一摇）": a slot named in brackets right
    after another says how that one runs; it is not a second slot."""
    ends = {end for _, end, _ in spans}
    return [(a, b, k) for a, b, k in spans
            if not (a >= 2 and doc[a - 1].text in ("(", "（") and a - 1 in ends)]


def _lead_char(doc: Any, span: Any) -> Any:
    """"好室家居想…", "一鸣咖啡申请…": the tokenizer may cut a brand's first character
    off as a word of its own (好, 一) that is no name token; at the start of a clause,
    it belongs to the name."""
    j = span.start
    if j > 0:
        prev = doc[j - 1]
        if (len(prev.text) == 1 and _HAN_CHAR.fullmatch(prev.text) and not prev._.get(EXT_BUSY)
                and _starts_clause(doc, j - 1)):
            return doc[j - 1 : span.end]
    return span


_HAN_CHAR = re.compile(rf"[{HAN}]")


# jieba's part-of-speech tags around a name: a time word after it (筑梦家具上周, 青禾乳业W24
# is caught by the name token) is not part of it; an adverb or preposition before it
# (只开放) is not either; a lone verb or time word is no name.
_TIME_TAGS = ("t", "f", "m")
_LEAD_TAGS = ("d", "p")
_NOT_A_NAME = ("v", "vn", "vd", "d", "t", "m", "r", "p", "f", "u", "c", "q")


@lru_cache(maxsize=2)
def occasion_words(in_names: bool = False) -> tuple[str, ...]:
    """The occasion words (`zh_modifiers`) of two characters or more, longest first, in
    simplified characters; with `in_names`, also those a name may hold (`zh_modifiers_in_names`)."""
    patterns = load_patterns()
    return tuple(sorted({simplified(str(w)) for w in patterns.zh_modifiers if len(str(w)) >= 2
                         and (in_names or str(w) not in patterns.zh_modifiers_in_names)}, key=len, reverse=True))


@lru_cache(maxsize=1)
def chinese_places() -> tuple[str, ...]:
    """`places` written in Chinese, simplified, longest first."""
    return tuple(sorted({simplified(str(w)) for w in load_patterns().places if has_cjk(str(w))}, key=len, reverse=True))


def place_ending(plain: str, besides: int = 3) -> int:
    """How many characters of a place (`places`) end a name of `besides` characters or more
    besides, the place a word of its own there ("沃土复合肥" ends in 复合肥, not in 合肥)."""
    place = next((p for p in chinese_places() if plain.endswith(p) and len(plain) - len(p) >= besides), "")
    if not place:
        return 0
    words = list(placement_nlp("zh").tokenizer.jieba_seg.cut(plain))
    return len(place) if words and words[-1] == place else 0


@lru_cache(maxsize=4096)
def _trim_chinese_name(text: str) -> str | None:
    """The brand in a captured Chinese name, or None when it is no name at all."""
    pseg = import_posseg()

    # "模玩宅急送双十二返场", "清沁茶飲跨年檔": an occasion after a brand is no part of it
    # ("敝公司玩具森林": nor is the writer's "our company" before it)
    plain = simplified(text)
    cut = min((i for w in occasion_words() if (i := plain.find(w)) >= 2), default=len(text))
    text = text[:cut]
    # "速食达外卖西安的餐桌立牌", "椰岛鲜茶成都那边": a city after a brand is where it books, not
    # part of its name (a short name keeps it: "大美青海")
    text = text[:len(text) - place_ending(simplified(text))]
    if simplified(text) in load_patterns().own_company_words:
        return None  # "咱公司「驿路年货节」": the writer's "our company", no name
    for own in load_patterns().own_company_words:
        if simplified(text).startswith(own) and len(text) > len(own) + 1:
            text = text[len(own):]
            break
    # (tagged in simplified characters, as jieba's dictionary is written: 互動 is no adverb)
    words = [(w.word, w.flag) for w in pseg.lcut(simplified(text))]
    lead = 0
    while len(words) > 1 and ((words[-1][1] in _TIME_TAGS and has_cjk(words[-1][0]))
                              or re.fullmatch(r"(?i)w\d{1,2}|q[1-4]|h[12]|\d+", words[-1][0])):
        words.pop()  # 筑梦家具上周, 青禾乳业W23
    # "声律耳机正在跑…": an adverb and a one-character verb after a brand are the sentence
    # going on, not part of the name (a trailing adverb alone may be: jieba tags 互动 so)
    if len(words) > 2 and words[-1][1].startswith("v") and words[-2][1] in ("d", "t") and len(words[-1][0]) == 1:
        words = words[:-2]
    while len(words) > 1 and words[0][1] in _LEAD_TAGS and len(words[0][0]) == 1:
        lead += len(words.pop(0)[0])
    if not words or (len(words) == 1 and words[0][1] in _NOT_A_NAME):
        return None
    # as written: the simplified table is one character for one
    return text[lead:lead + sum(len(w) for w, _ in words)]


_ARTICLES = frozenset({"the", "our", "your", "their", "its", "a", "an"})
_WHERE = frozenset({"on", "in", "inside", "within", "of", "across"})


def _not_a_cue(spec: list[Any], patterns: PatternSet) -> list[Any]:
    """The shape with its opening words barred from being a cue word too: an act, a request,
    a question or a hedge ("加投排行榜冠名", "申请礼物栏冠名") is no part of a slot's name."""
    first = copy.deepcopy(spec[0])
    lower = first.setdefault("LOWER", {})
    cues = {w for label in (*ACTIONS, "request", "question", "conditional", "tentative")
            for w in patterns.cue_words(label) if has_cjk(w)} | set(patterns.zh_modifiers)  # (冬季, 新年: an occasion)
    lower["NOT_IN"] = sorted({*(str(w) for w in lower.get("NOT_IN", ())), *cues})
    return [first, *spec[1:]]


_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*$")


def _zh_general(spec: Any) -> bool:
    """A zh shape whose first token is no list of surfaces (read on tokens, not characters)."""
    return isinstance(spec, list) and bool(spec) and isinstance(spec[0], dict) and not (
        spec[0].get("LOWER") or {}).get("IN")


def _zh_shape_words(specs: list[Any]) -> tuple[set[str], set[str]]:
    """The surfaces (first token's words) and heads (last token's) of the zh shapes."""
    surfaces: set[str] = set()
    heads: set[str] = set()
    for spec in specs:
        if not isinstance(spec, list) or len(spec) < 2:
            continue
        first = (spec[0].get("LOWER") or {}).get("IN") if isinstance(spec[0], dict) else None
        last = (spec[-1].get("LOWER") or {}).get("IN") if isinstance(spec[-1], dict) else None
        surfaces.update(str(w) for w in first or ())
        heads.update(str(w) for w in last or ())
    return surfaces, heads


def _zh_shape_regex(specs: list[Any]) -> re.Pattern[str] | None:
    """One regex over characters from the zh shape patterns: their first token's
    words (surfaces) then, after more surfaces or a Latin word, their last token's (heads)."""
    surfaces, heads = _zh_shape_words(specs)
    if not surfaces or not heads:
        return None

    def alt(words: set[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    # a head word ("画报", "气泡") or a position ("发现页第4帧", "热榜第2位")
    head = rf"(?:{alt(heads)}|第\s*[0-9一二三四五六七八九十]{{1,2}}\s*[帧位条格则个])"
    # up to two short words of its own between ("首页直播入口推荐位", "首页 hero banner")
    return re.compile(rf"(?:{alt(surfaces)})(?:\s*(?:{alt(surfaces)}|[A-Za-z]{{1,10}}|(?:(?![和与及或跟同、])[{HAN}]){{1,4}}?)){{0,2}}?\s*{head}",
                      re.IGNORECASE)


def _starts_clause(doc, i: int) -> bool:
    """Token i opens the sentence or a clause (only punctuation or numbering before it)."""
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j < 0 or doc[j].is_punct or (j == 0 and doc[j].like_num)


def _heads(doc: Any, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"直播间的弹幕广告", "直播间弹幕广告": a slot right before another (or before 的 and
    another) only says where the second one is; the second is the slot."""
    out = []
    for i, (start, end, key) in enumerate(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if nxt is not None and key != nxt[2] and (nxt[0] == end or (
                nxt[0] == end + 1 and doc[end].text in ("的", "之"))):
            continue
        out.append((start, end, key))
    return out


def _longest(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping slot matches: keep the longest ("信息流广告" over "信息流"); of two as
    long, the one ending later - a name's head comes last ("in-feed large card")."""
    chosen: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), -s[1])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    return sorted(chosen)


_BUILT: dict[tuple[str, int], tuple[SlotVocabulary, LanguageMatchers]] = {}


def matchers_for(lang: str, vocab: SlotVocabulary) -> LanguageMatchers:
    """The compiled matchers of `lang` for this vocabulary (built once per process)."""
    key = (lang, id(vocab))
    built = _BUILT.get(key)
    if built is None or built[0] is not vocab:
        built = (vocab, LanguageMatchers(lang, vocab, load_patterns()))
        _BUILT[key] = built  # holding `vocab` keeps its id from being reused
    return built[1]


# How the matchers read a text and a token pattern, for the raw-text tests of gate.py
# (which must read them the same way to be conservative).
LINK = _LINK
compile_token = _compile_token
required_token = _required
zh_shape_regex = _zh_shape_regex


__all__ = [
    "ACTIONS", "SCRIPT_EDGE", "SENTENCE_LEAD", "Captured", "Cue", "LanguageMatchers", "Mentions", "PatternSet", "SlotMention",
    "has_cjk", "holds_a_link", "load_patterns", "matchers_for", "occasion_words", "place_ending", "simplified",
]
