"""Who an instruction is for, when no sentence of the mail says "for X" / "客户：X".

Two more places name the advertiser, each taken only with positive evidence:

- The subject's head: "青禾乳业W23开屏", "Norvane Motors masthead - next week",
  "好日子烘焙 中秋檔期". The name is what stands before the first slot, cue or
  date, and it counts only when the author's text (or signature, or the
  sender's domain) names it too.
- The author's own company: "our Spring Sale banner", "我司新品开屏". With a
  first-person marker, the advertiser is the sender's organisation: the
  signature line (or the part of it) that matches the sender's domain.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from ..mail.message import Address, Message
from ..mail.pinyin import first_characters, spelled
from ..mail.textutil import (
    CJK,
    FORWARD_PREFIX,
    LATIN_LETTERS,
    REPLY_PREFIX,
    ZH_TITLES,
    mainly_chinese,
)
from .dates import may_hold_date
from .patterns import (
    chinese_places,
    has_cjk,
    load_patterns,
    occasion_words,
    place_ending,
    simplified,
)
from .slots import load_slot_vocabulary

_TAG = re.compile(r"^\s*[【\[]\s*([^】\]]{2,24}?)\s*[】\]]")
_HEAD_BREAK = re.compile(r"[:：,，;；|/(（\[【\"“]|\s[-–—]\s")
_CJK_RUN = re.compile(r"^[\u3400-\u9fff·・]+")
_LATIN = LATIN_LETTERS
_LATIN_TOKEN = re.compile(rf"[{_LATIN}][{_LATIN}0-9&.'-]*|&")
_NAME_LIKE = re.compile(r"^(?:[A-Z][\w&.'-]*|[a-z]+[A-Z][\w&.-]*|[A-Z0-9&]{2,})$")
_SIG_SPLIT = re.compile(r"\s*(?:[,，|｜·•/。；;！!]|\s[-–—]\s)\s*")  # (a legal footer's sentences too)


@lru_cache(maxsize=1)
def _stops() -> tuple[frozenset[str], frozenset[str]]:
    token = load_patterns().name_token
    zh = frozenset(str(w) for w in ((token.get("zh") or {}).get("LOWER") or {}).get("NOT_IN", ()))
    en = frozenset(str(w).lower() for w in ((token.get("en") or {}).get("LOWER") or {}).get("NOT_IN", ()))
    return zh, en


@lru_cache(maxsize=1)
def _zh_cut_words() -> tuple[str, ...]:
    zh_stop, _ = _stops()
    # single characters (和, 子, 小 ...) begin and end brand names too: only whole words are cut
    return tuple(sorted({w for w in load_patterns().zh_modifiers | zh_stop if CJK.search(w) and len(w) >= 2},
                        key=len, reverse=True))


@lru_cache(maxsize=4096)
def _trim_zh(name: str) -> str:
    """"橙子金融跨年档" -> "橙子金融": occasion words after a brand are not the brand, nor
    is a city ("蜀锅里火锅西安要上…")."""
    zh_stop, _ = _stops()
    words = _zh_cut_words()
    changed = True
    while changed and name:
        changed = False
        plain = simplified(name)  # (清沁茶飲跨年檔: the words are listed in simplified characters)
        if place := place_ending(plain):
            name, changed = name[:-place], True
            continue
        for w in words:
            if len(name) > len(w) + 1 and plain.endswith(w):
                name, changed = name[: -len(w)], True
                break
            if len(name) > len(w) + 1 and plain.startswith(w) and w in zh_stop:
                name, changed = name[len(w):], True
                break
    return name


def _evidence(name: str, message: Message) -> bool:
    """The name is also written in the author's text or signature, or is the sender's domain
    (or, in a forward's subject, in the mail it forwards: "FW: 米樂咖啡跨年需求" over 米樂咖啡's
    own mail, "Fwd: Brightwater newsletter add-on" over Brightwater's)."""
    low = name.lower()
    texts = (message.body, message.signature, _forwarded_text(message))
    if CJK.search(name):
        return any(name in t or simplified(name) in simplified(t) for t in texts if t)
    words = r"\b" + re.escape(low) + r"\b"
    if " " not in name.strip() and name[:1].isupper():
        # one capitalised word ("Pancake breakfast ad in the e-newsletter"): a name keeps its
        # capital where the text writes it again ("our pancake breakfast" is no name)
        if any(re.search(r"\b" + re.escape(name) + r"\b", t) for t in texts if t):
            return True
    elif any(re.search(words, t.lower()) for t in texts if t):
        return True
    squashed = re.sub(r"[^a-z0-9]", "", low)
    return bool(squashed) and any(squashed.startswith(label) or label.startswith(squashed)
                                  for label in _domain_labels(message) if len(label) >= 4)


_QUOTED_SUBJECT = re.compile(r"(?im)^[>\s]*(?:subject|主题|主題|主旨|标题|標題)\s*[:：].*$")


def _forwarded_text(message: Message) -> str:
    """The forwarded mail's own text, without its subject line (which repeats the subject)."""
    if not FORWARD_PREFIX.match(message.subject or ""):
        return ""
    return _QUOTED_SUBJECT.sub("", message.quoted[:3000])


def _domain(addr: Address) -> str:
    return addr.email.rpartition("@")[2].lower()


# Letters that Unicode does not decompose into a Latin letter and a mark (Turkish dotless ı, Polish
# ł, Danish ø, Vietnamese đ, German ß): a domain writes them as these
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
                               "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


def _ascii(text: str) -> str:
    """"Boréale" as "boreale", "Kıyıboyu" as "kiyiboyu": a domain is written without accents."""
    return unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED)).encode("ascii", "ignore").decode()


def _domain_names(message: Message) -> list[str]:
    """The sender's second-level domain names, as written ("zilvervallei-toerisme"); under a
    country's second level, the label before it ("caerwen" of caerwen.gov.uk)."""
    levels = load_patterns().domain_second_levels
    return [parts[-3] if len(parts) >= 3 and parts[-2] in levels else parts[-2]
            for parts in (_domain(addr).split(".") for addr in message.sender) if len(parts) >= 2]


def _domain_labels(message: Message) -> list[str]:
    return [re.sub(r"[^a-z0-9]", "", name) for name in _domain_names(message)]


def _pinyin_labels(message: Message) -> list[str]:
    """The sender's domain, and its first word where it has more, of four letters or more,
    that pinyin may spell ("maohaigrooming", "maohai"; the words after the first say the
    trade - "hengtai-keji" - and spell words of the language, 科技)."""
    names = _domain_names(message)
    found = [re.sub(r"[^a-z0-9]", "", n) for n in names] + [re.split(r"[^a-z0-9]+", n)[0] for n in names]
    return list(dict.fromkeys(w for w in found if len(w) >= 4 and w.isalpha()))


def _spells_domain(name: str, labels: list[str]) -> int:
    """How many of a Chinese name's first characters, read in pinyin, spell one of `labels`
    (`_pinyin_labels`: "澜岳汽车" from lanyue-ev.example: 2); 0 for none."""
    return max((spelled(name, label) for label in labels), default=0)


def spells_domain(name: str, message: Message) -> int:
    """How many of a Chinese name's first characters, read in pinyin, spell the sender's
    domain or its first word (0 for none)."""
    return _spells_domain(name, _pinyin_labels(message))


def _domain_words(message: Message) -> list[list[str]]:
    """The words of the sender's domain written apart ("zilvervallei-toerisme"): a signature may
    write them in another order ("Toerisme Zilvervallei vzw")."""
    split = ([w for w in re.split(r"[^a-z0-9]+", name) if w] for name in _domain_names(message))
    return [words for words in split if len(words) >= 2 and all(len(w) >= 3 for w in words)]


def written_in(name: str, text: str) -> bool:
    """The mail writes `name` in `text`: a Chinese name anywhere (Traditional read as
    Simplified), a Latin one as a word of its own."""
    if CJK.search(name):
        return simplified(name) in simplified(text)
    return bool(re.search(r"(?<![\w&])" + re.escape(name) + r"(?![\w&])", text))


def _after_department(part: str) -> str:
    """"Marketing Trapkracht e-bikes" -> "Trapkracht e-bikes": the company after a department
    the line writes first (else the line)."""
    low = part.lower()
    for word in load_patterns().department_words_en:
        rest = part[len(word):]
        if low.startswith(word) and rest[:1].isspace() and rest.strip()[:1].isupper():
            return rest.strip()
    return part


def subject_name(subject: str, cut: int, message: Message, after_act: bool = False) -> str | None:
    """The advertiser named at the head of `subject` (reply prefixes already
    stripped), before offset `cut` (its first slot, cue or date). `after_act`: the
    subject went on from an act ("Cancel venue search top result"), after which a
    lower-case word is no brand."""
    zh_stop, en_stop = _stops()
    tag = _TAG.match(subject)
    if tag:
        name = _trim_zh(tag.group(1).strip()) if CJK.search(tag.group(1)) else tag.group(1).strip()
        # "【星澜手游】": a tag that ends in a company word names the company by itself
        company = CJK.search(name) and any(simplified(name).endswith(w) and len(name) > len(w)
                                           for w in load_patterns().company_words)
        # (a Chinese tag names the advertiser unless it says what kind of mail it is: 69 of the 72
        # tagged Chinese requests of the labelled batches tag their advertiser; "[Urgent]" and
        # "[Action needed]" are English)
        told = CJK.search(name) and not any(CJK.search(w) and w in simplified(name) for w in load_patterns().mail_tags) \
            and not load_slot_vocabulary().names_a_slot(simplified(name))
        # ("[Pennant Crisps] add pump-tops": an English tag of capitalised words, no digit, none
        # a stop word or a mail kind's, names the client too; "[Urgent]", "[OPS-4502]" do not)
        words = name.split()
        told = told or (not CJK.search(name) and 1 <= len(words) <= 4 and not any(ch.isdigit() for ch in name)
                        and all(w == "&" or (_NAME_LIKE.match(w) and w.lower() not in en_stop
                                             and w.lower() not in load_patterns().mail_tags) for w in words)
                        and words[0] != "&" and not load_slot_vocabulary().names_a_slot(name))
        if name and name.lower() not in en_stop and name not in zh_stop and (company or told or _evidence(name, message)):
            return name
        subject, cut = subject[tag.end():], max(0, cut - tag.end())
    head = _HEAD_BREAK.split(subject[:cut], maxsplit=1)[0].strip()
    if not head:
        return None
    if CJK.search(head[0]):
        run = _CJK_RUN.match(head)
        name = _trim_zh(run.group(0)) if run else ""
        if (run and simplified(run.group(0)[len(name):]).startswith(load_patterns().campaign_heads)) \
                or simplified(name) in load_patterns().zh_modifiers:
            return None  # "青柚冬日活动加投…" heads with a campaign, "跨年档开屏" with an occasion
        # "洁途洗车 洗车门店列表第1位", "細路咖啡：Newsletter 頭條": a name set off by a space, a dash
        # or a colon from what it wants is the subject's own naming of its client
        set_off = bool(run) and name == run.group(0) and 2 <= len(name) <= 12 \
            and bool(re.match(r"\s*(?:[-–—:：]|\s)", subject[run.end():])) \
            and not load_slot_vocabulary().names_a_slot(simplified(name)) \
            and not simplified(name).endswith(load_patterns().place_suffixes) and name not in zh_stop
        if set_off:
            return name
        # "安途汽车锁屏投放" with "安途汽车新车上市" in the text: the longest head the text repeats,
        # ending where a word ends ("栖木家居五月…" is 栖木家居, not 栖木家居五)
        for end in _word_ends(name):
            part = _trim_zh(name[:end])
            if load_slot_vocabulary().names_a_slot(simplified(part)):
                return None  # "直播间贴片": the head is a slot; no shorter part of it is a brand
            places = load_patterns().place_suffixes
            if simplified(part).endswith(places) or simplified(name[end:]).startswith(places):
                continue  # "赛事页 banner": a page of the app (赛事页, 赛事), not a brand
            if len(part) >= 2 and part not in zh_stop and not holds_a_stop_word(part) and _evidence(part, message):
                return part
        return None
    taken: list[str] = []
    for m in _LATIN_TOKEN.finditer(head):
        word = m.group(0).rstrip(".'")
        if head[: m.start()].strip() != " ".join(taken):  # only a leading run of words
            break
        if word.lower() in en_stop:
            break
        # a lower-case brand ("tidewell wknd", a phone one-liner) only as the first word
        if word == "&" and taken:  # "Harbor & Pine"
            taken.append(word)
            continue
        if not (_NAME_LIKE.match(word) or (not taken and not after_act and word.isalpha() and word.islower() and len(word) >= 4
                                             and re.search(r"\b" + re.escape(word) + r"\b", message.body))):
            break
        taken.append(m.group(0))
    while taken and taken[-1] == "&":
        taken.pop()
    name = " ".join(taken).strip()
    # ("URGENT: pull … scroll tonight": a word that says what kind of mail it is heads it, no name)
    if not name or len(name) < 2 or load_slot_vocabulary().names_a_slot(name) or names_a_mail_kind(name):
        return None
    # "Lumora Jewellery - app splash 24 Dec", "Kodiq – vendor spotlight": a name set off from
    # what it wants by a dash or a colon is the subject's own naming of its client
    labelled = bool(re.match(re.escape(name) + r"\s*(?:[-–—:]\s)", subject)) and len(taken) >= 1 \
        and all(_NAME_LIKE.match(w) for w in taken if w != "&")
    # "Fwd: Metro Sale Marathon request": a forward's subject is the client's own, and two
    # capitalised words or more at its head, none a word of the trade, name the client
    # (a reply's too: "RE: Bluegum Brewing podcast reads" names the thread's client)
    forwarded = bool(FORWARD_PREFIX.match(message.subject or "") or REPLY_PREFIX.match(message.subject or "")) \
        and len([w for w in taken if w != "&"]) >= 2 \
        and all(w == "&" or (w[:1].isupper() and w.lower() not in _ad_words()) for w in taken)
    return name if labelled or forwarded or _evidence(name, message) else None


def names_a_mail_kind(text: str) -> bool:
    """"URGENT", "FYI", "紧急": a word that says what kind of mail it is (`mail_tags`), no name."""
    return simplified(text).strip().lower() in load_patterns().mail_tags


def holds_a_stop_word(part: str) -> bool:
    """"两个客户的": a head whose words hold one a name never does (客户, 我们, 需求) is no name."""
    zh_stop, _ = _stops()
    return any(len(w) >= 2 and w in zh_stop for w in _zh_words(part))


def subject_tail_name(subject: str, message: Message) -> str | None:
    """"跨年档开屏 - 鲜牧", "Homepage takeover 12/24 | Keystone": a name alone after the subject's
    last dash or bar, which the author's text, signature or the sender's domain names too
    ("W51歌单封面推荐位-星潮唱片": between Chinese characters a dash needs no spaces)."""
    parts = re.split(r"\s[-–—|｜]\s|｜|(?<=[\u4e00-\u9fff])[-–—](?=[\u4e00-\u9fff])", subject.strip())
    tail = parts[-1].strip() if len(parts) > 1 else ""
    if not tail or not looks_like_name(tail) or load_slot_vocabulary().names_a_slot(simplified(tail).lower()):
        return None
    if CJK.search(tail) and (only_common_words(tail) or simplified(tail) in load_patterns().zh_modifiers):
        return None
    return tail if _evidence(tail, message) and not written_as_a_place(tail, message) else None


@lru_cache(maxsize=256)
def _place_pattern(name: str) -> re.Pattern[str] | None:
    template = load_patterns().place_marks_en
    return re.compile(template.replace("{name}", re.escape(name))) if template else None


def written_as_a_place(name: str, message: Message) -> bool:
    """"at Westgrove Lakeside", "the Baner centre": the author's subject, text or signature
    writes the English name where a place stands (`place_marks_en`): where the ad runs, not
    whose it is ("Door wraps for SudsUp at Punggol lockers")."""
    pattern = None if CJK.search(name) else _place_pattern(name.strip())
    return bool(pattern) and any(pattern.search(t) for t in (message.subject, message.body, message.signature) if t)


_COUNTED = re.compile(r"^[0-9一二两三四五六七八九十百千几全部各所有本]*[家间个座]?")


def a_venue(name: str, message: Message, after: str = "") -> bool:
    """Where the ad runs, not whose it is: an English name the mail writes as a place ("for the
    Houston stores", `place_marks_en`), a Chinese one that is a shop, branch or estate word
    ("全部门店", "三家店", `venue_words`) or that the mail writes right before one (here, `after`
    it: "荃灣店餐牌燈箱"; or in the text: "望京花园" in the subject, "望京花园小区" in the text)."""
    if not CJK.search(name):
        return written_as_a_place(name.strip(), message)
    words = load_patterns().venue_words
    plain = simplified(name).strip()
    if _COUNTED.sub("", plain) in words or simplified(after).lstrip().startswith(words):
        return True
    # (the text is simplified only when it may hold the name: most mail does not)
    if not plain or plain[0] not in message.body and name.strip()[0] not in message.body:
        return False
    body = simplified(message.body)
    return any(body.startswith(words, m.end()) for m in re.finditer(re.escape(plain), body))


def a_branch(name: str) -> bool:
    """"新竹巨城店", "礁溪館": a Chinese name that ends as a branch's does (`branch_ends`) may be
    where the ad runs rather than whose it is."""
    return bool(CJK.search(name)) and simplified(name).endswith(load_patterns().branch_ends)


def _zh_words(text: str) -> list[str]:
    """jieba's words of a Chinese run (dictionary words only, as a name's parts are read)."""
    from ..mail.language import quiet_jieba

    quiet_jieba()
    import jieba

    return jieba.lcut(simplified(text), HMM=False)


def _word_ends(name: str) -> list[int]:
    """Where the words of a Chinese head end, longest first (jieba's cut)."""
    ends, at = [], 0
    for word in _zh_words(name):
        at += len(word)
        ends.append(at)
    return [e for e in reversed(ends) if e >= 2]


def written_apart_from(name: str, message: Message, own_first: bool = False) -> str:
    """"光野影像原定…" read once beside a slot, "光野影像" written on its own in the subject or
    the signature: the advertiser is the beginning of the name that the mail also writes
    apart, when what follows it is no part of a name (`_not_a_name_part`). With `own_first`
    (a name read beside a slot), also when that beginning is the writer's own
    organisation: "青岚互娱书城首页banner" from 青岚互娱, who signs it."""
    if not CJK.search(name) or len(name) < 4:
        return name
    plain = simplified(name)
    texts = "\n".join(simplified(t or "") for t in (message.subject, message.body, message.signature,
                                                     *(a.name for a in message.sender)))
    # ("安穩人壽高雄建國站候車大廳LED": the name, then the city of the slot; not "老陈海南鸡饭" that the
    # signature writes on its own)
    alone = re.search(re.escape(plain) + r"(?=[\s,，。;；:：|｜()（）]|$)", texts, re.MULTILINE)
    for end in () if alone else _word_ends(name):
        part, rest = plain[:end], plain[end:]
        if rest and len(part) >= 2 and CJK.search(part) and place_follows(part, rest, texts):
            return name[:end].strip()
    whole = texts.count(plain)
    if whole > 1:
        return name  # written whole again: as written
    own = simplified(own_organisation(message) or "") if own_first else ""
    for end in _word_ends(name):
        part, rest = plain[:end], plain[end:]
        if not rest or len(part) < 2 or not CJK.search(part):
            continue
        if texts.count(part) > whole and (_not_a_name_part(rest) or (own and part == own)):
            return name[:end].strip()
    return name


def place_follows(part: str, rest: str, texts: str) -> bool:
    """"安穩人壽高雄建國站…", "日月酥坊台中朝馬LED" (jieba cutting 台 from 中): what follows the
    part is where the slot stands, a place (`places`) the mail writes right after the part, even
    where the mail writes the two together again (the subject "安穩人壽高雄建國LED改期")."""
    if not part or not rest or len(_zh_words(part[-1] + rest[0])) < 2:
        return False  # (复合 is a word: the 合肥 of "沃土复合肥" is inside one)
    return any(rest.startswith(p) or (p.startswith(rest) and part + p in texts) for p in chinese_places())


def _not_a_name_part(rest: str) -> bool:
    """What follows a brand that no name ends in: a verb, a time, an adverb or a count
    (原定, 做, 周五晚高峰, 第二期) or a model's code (澜越X5, X9 新机). Nouns may be either
    (乳业, 度假村, 罐头), so they stay."""
    rest = rest.strip()
    if re.search(r"[A-Za-z]+\d|\d+[A-Za-z]", rest):
        return True
    if rest.startswith(tuple(load_patterns().company_words)):
        return False  # "铁馆" elsewhere, "铁馆健身" here: the company written whole
    pieces = _pos_cut(rest)
    # (a piece of one character may be the name's own: 好味/来/食品)
    # (and a pronoun: "我们客站通自己的宣传" names 客站通, as "自己" says)
    return bool(pieces) and len(pieces[0].word) >= 2 and pieces[0].flag in ("v", "d", "t", "m", "r")


def whole_chinese_name(name: str, text: str) -> str:
    """"小鹏" in the subject, "小鹏汽车年底冲量" in the text: the name as the text writes it
    whole, when what follows it there is a company word (汽车, 企業, 集团: `company_words`) or
    what the brand sells ("澜星" in the subject, "澜星手机 校园市场部" signing: `product_words`)."""
    if not CJK.search(name):
        return name
    at = text.find(name)
    if at < 0:
        return name
    rest = simplified(text[at + len(name): at + len(name) + 4])
    patterns = load_patterns()
    for word in sorted(patterns.company_words | patterns.product_words, key=len, reverse=True):
        if rest.startswith(word):
            return text[at:at + len(name) + len(word)]
    return name


def as_signed(name: str, signature: str | None, body: str) -> str:
    """"驰轮" in the subject, "驰轮轮胎 数字营销经理" signing and "驰轮轮胎“冬季换胎季”…" in the
    text: the name as signature and text both write it whole (a part of a signature line that
    begins with it, a few characters longer, that the text writes too)."""
    if not signature or not CJK.search(name):
        return name
    # ("躍登" in the subject, "躍登文理補習班（嘉義校）" signing and writing it so: a branch in brackets is no part)
    for part in re.split(r"[\s|｜,，/（）()]+", signature):
        if part.startswith(name) and 0 < len(part) - len(name) <= 5 and _CJK_RUN.fullmatch(part) and part in body:
            return part
    return name


@lru_cache(maxsize=1)
def _ad_words() -> frozenset[str]:
    """Slot names and ad words: "TelcoMas EDM slot" names the slot after the brand."""
    return frozenset(simplified(w).lower() for w in [*(f for f, _ in load_slot_vocabulary().all_forms()),
                                                    *load_patterns().cue_words("anchor")])


def written_apart(word: str, texts: list[str]) -> bool:
    """Whether a text writes `word` on its own, not after another capitalised word: "the AFCON
    hub takeover" writes AFCON apart from "Eko Stout", so the subject's "Eko Stout AFCON hub
    takeover" does not name "Eko Stout AFCON"."""
    if not word:
        return False
    pattern = re.compile(r"(?<![\w&])" + re.escape(word) + r"(?![\w&])")
    for text in texts:
        for m in pattern.finditer(text or ""):
            # (the word before, not what runs into it unspaced: "通知，Crispo Chips")
            before = re.sub(r"^.*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]", "", (text[:m.start()].split() or [""])[-1])
            if not (before == "&" or before in load_patterns().name_particles or _NAME_LIKE.match(before.rstrip(",;:"))):
                return True
    return False


def written_as_common_word(word: str, text: str) -> bool:
    """"Campus rep recruitment posters" over a text that writes "our own campus-rep
    recruitment posters", "Recycling message on …" over "our recycling message": the text
    writes the subject's first word in small letters, as a common word, and never with its
    capital inside a sentence, so the capital was only the subject's first letter."""
    if not word or not word[:1].isupper() or not word[1:].islower() or " " in word:
        return False
    text = text or ""
    # (not in a link, an address or a file's name: "cdn.example/chengming/", "chengming.example")
    if not re.search(r"(?<![\w&./@_-])" + re.escape(word.lower()) + r"(?![\w&/@_]|\.\w)", text):
        return False
    for m in re.finditer(r"(?<![\w&])" + re.escape(word) + r"(?![\w&])", text):
        before = text[:m.start()].rstrip(" \t")
        if before and before[-1] not in ".!?:\n\"'“‘(-–—•*0123456789":
            return False  # capitalised inside a sentence: a name after all ("for Lent term")
    return True


_AND_ONE_MORE = re.compile(r"[ \t]+&[ \t]+([A-Z][\w'-]*)")


@lru_cache(maxsize=1)
def _capitalised_on() -> re.Pattern[str]:
    """Capitalised words (and "&", and a particle before a capitalised word: "de Oro Bakery",
    `name_particles`) that may go on with a name."""
    particles = "|".join(sorted(map(re.escape, load_patterns().name_particles), key=len, reverse=True))
    more = rf"|(?:{particles})(?=[ \t]+[A-Z])" if particles else ""
    return re.compile(rf"(?:[ \t]+(?:[A-Z][\w&'.-]*|&{more}))+")


def _first_words(words: list[str], count: int) -> list[str]:
    """The first `count` capitalised words of `words` with the particles and "&" between them."""
    joins = {"&", *load_patterns().name_particles}
    out: list[str] = []
    for word in words:
        if word not in joins:
            if count == 0:
                break
            count -= 1
        out.append(word)
    while out and out[-1] in joins:
        out.pop()
    return out


def whole_latin_name(name: str, texts: list[str]) -> str:
    """"Kotobuki" in the body, "Kotobuki Foods" in the subject or another line: the name as
    the mail writes it whole - capitalised words right after it that are no stop word
    (slot, month, "Team", "Please")."""
    if CJK.search(name) or not name:
        return name
    _, en_stop = _stops()
    legal = load_patterns().legal_forms
    best = name
    # "Harlow's Home", "Doyle's Pharmacy", "St Brigid's GAA": a possessive that goes on with a
    # capitalised word is part of the name ("Acme's banner" is Acme's)
    if not name.endswith(("'s", "’s")):
        for text in texts:
            for m in re.finditer(r"(?<![\w&])" + re.escape(name) + r"(['’]s)[ \t]+([A-Z][\w&.-]*)", text or ""):
                word = m.group(2).rstrip(".")
                if (word.lower() not in en_stop and word.lower() not in ("day", "eve", "week")  # St Stephen's Day
                        and word.lower() not in _ad_words() and _NAME_LIKE.match(word)
                        and not written_apart(word, texts)):
                    whole = f"{name}{m.group(1)} {word}"
                    # "Brennan's Appliance & Furniture": "&" and one more capitalised word go with it
                    more = _AND_ONE_MORE.match(text, m.end())
                    if more and more.group(1).lower() not in en_stop and more.group(1).lower() not in _ad_words():
                        whole += f" & {more.group(1)}"
                    elif m.group(2) == word:
                        # "Sal's Stone Oven Pizza": the name's other capitalised words go on with it
                        on = _capitalised_on().match(text, m.end())
                        words = _name_words(on.group(0).split(), texts, legal, en_stop) if on else []
                        whole = " ".join([whole, *_first_words(words, 2)])
                    best = max(best, whole, key=len)
        if best != name:
            return best
    for text in texts:
        for m in re.finditer(r"(?<![\w&])" + re.escape(name) + "(" + _capitalised_on().pattern + ")", text or ""):
            words = _name_words(m.group(1).split(), texts, legal, en_stop)
            whole = " ".join([name, *_first_words(words, 2)]).strip()
            if len(whole) > len(best):
                best = whole
    # "Harlan, Voss & Pruitt" (a firm named by its partners): the names the commas and the "&"
    # join are one, when the mail writes them so
    if best == name:
        for text in texts:
            partners = re.search(r"(?<![\w&])" + re.escape(name) + r"((?:,[ \t]+[A-Z][\w'’-]*){1,3},?[ \t]+&[ \t]+[A-Z][\w'’-]*)",
                                 text or "")
            if partners and all(w.strip(",&").lower() not in en_stop for w in partners.group(1).split()):
                return name + partners.group(1)
    return best


def _name_words(after: list[str], texts: list[str], legal: frozenset[str], en_stop: frozenset[str]) -> list[str]:
    """The capitalised words after a name that go on with it: no stop word, ad word, legal
    form or model number, and no word the mail writes on its own elsewhere."""
    words: list[str] = []
    particles = load_patterns().name_particles
    for word in after:
        if word in particles:
            words.append(word)  # ("de" in "Pan de Oro Bakery": only before a capitalised word, see _capitalised_on)
            continue
        bare = re.sub(r"(?:['’]s?|[.,;:!?])+$", "", word)
        if bare.replace(".", "").lower() in legal or bare.lower() in _ad_words():
            break
        if any(ch.isdigit() for ch in bare):
            break  # "Hoshimura HV-9": a product's model, not the company's name
        if bare != "&" and written_apart(bare, texts):
            break  # "Eko Stout AFCON …" beside "the AFCON hub takeover": an event, not the name
        if word == "&" or (bare and bare.lower() not in en_stop and _NAME_LIKE.match(bare)):
            words.append(word if word == "&" else bare)
            if bare != word:
                break  # "Northgate Credit Union's", "Northwind Cycles'": the name ends there
            continue
        break
    while words and (words[-1] == "&" or words[-1] in particles):
        words.pop()
    return words


def looks_like_name(text: str) -> bool:
    """"Tidal Bank", "Kettle & Crumb", "金枫酒家": a company's name alone, no sentence
    (every English word capitalised and no stop word; a Chinese run of 2-12 characters)."""
    zh_stop, en_stop = _stops()
    text = text.strip()
    if CJK.search(text):
        return (bool(_CJK_RUN.fullmatch(text)) and 2 <= len(text) <= 12 and simplified(text) not in zh_stop
                and not simplified(text).endswith(load_patterns().place_suffixes))
    words = text.split()
    return 0 < len(words) <= 4 and words[0] != "&" and all(
        w == "&" or (_NAME_LIKE.match(w) and w.lower() not in en_stop) for w in words)


def speaks_for_own_company(text: str) -> bool:
    marker = load_patterns().own_markers
    return bool(marker and marker.search(text))


def outside_recipients(message: Message) -> list[Address]:
    """To and Cc recipients whose domain is not the sender's (the other company)."""
    senders = {_domain(a) for a in message.sender}
    return [a for a in (*message.to, *message.cc) if _domain(a) not in senders]


def writes_for_itself(message: Message, organisation: str) -> bool:
    """A placement mail naming no advertiser, from someone outside the media company
    (no one it is to shares the sender's domain; a colleague copied is the writer's own) whose
    organisation is no agency: the advertiser is the sender's own company ("九宫格串串（宽窄巷子店）
    市场部")."""
    senders = {_domain(a) for a in message.sender}
    addressed = message.to or message.cc  # (a mail sent to no one but its copies is to them)
    if not message.sender or not addressed or any(_domain(a) in senders for a in addressed):
        return False  # a colleague at the media company writes for a client it does not name
    return not an_agency(organisation, message)


def an_agency(name: str, message: Message) -> bool:
    """The name says it books for others (`agency_words`), or the mail writes it joined to
    such a word ("禾木" in the text, "禾木传播 媒介经理" signing)."""
    agency = load_patterns().agency_words
    plain = simplified(name)
    if any(w in plain.lower() for w in agency):
        return True
    text = simplified(message.body + "\n" + (message.signature or ""))
    return bool(CJK.search(plain)) and len(plain) >= 2 and any(plain + w in text for w in agency if CJK.search(w))


def own_organisation(message: Message, company_word: bool = True) -> str | None:
    """The sender's organisation as their signature writes it, when a line (or a
    part of one) of the signature matches the sender's domain; with `company_word`, else a
    Chinese name on a signature line that ends in a company word."""
    departments = load_patterns().department_words
    # "我是星澜游戏市场部的实习生Amy": the writer names their company and department
    intro = re.search(r"我是([\u4e00-\u9fffA-Za-z]{2,12}?)(?:" + "|".join(map(re.escape, sorted(departments, key=len, reverse=True))) + r")的",
                      simplified(message.body)) if departments else None
    if intro and load_patterns().name_stop_chars.isdisjoint(intro.group(1)):
        start = intro.start(1)
        return message.body[start:start + len(intro.group(1))]
    if not message.signature:
        return None
    for line in message.signature.splitlines():
        # ("林语地板 市场部 | 0512-6688 3120": a line's pieces between bars and commas too)
        pieces = _SIG_SPLIT.split(line.strip())
        for piece in [line, *(pieces if len(pieces) > 1 else ())]:
            found = _company_beside_department(piece, message, departments)
            if found is not None:
                return found
        found = _company_joined_to_department(line, departments)
        if found is not None:
            return found
    labels = [label for label in _domain_labels(message) if len(label) >= 3]

    def opened(part: str) -> bool:
        return any(re.sub(r"[^a-z0-9]", "", _ascii(part.lower())).startswith(label) for label in labels)

    # ("Cyngor Sir Caerwen / Caerwen County Council" for caerwen.gov.uk: of one line's parts, the
    # one the domain opens first)
    parts = [part for line in message.signature.splitlines()
             for part in sorted(_SIG_SPLIT.split(line.strip()), key=lambda part: not opened(part))]
    domain_words = _domain_words(message)
    for part in parts if labels else ():
        # "Ligi Fantasy (free to play, no betting)": a bracket the split left open is a remark
        part = re.sub(r"\s*[(（][^)）]*$", "", part) or part
        # ("Petal & Stem Floral Co." signs for petalandstem.example)
        squashed = re.sub(r"[^a-z0-9]", "", part.lower().replace("&", "and"))
        # ("Ridgecrest Homebuilders" for ridgecresthomes, "The Grainhouse at Miller Farm" for
        # grainhousemillerfarm: the name's first word of its own opens the domain)
        first = next((w for w in re.findall(r"[a-z0-9]+", _ascii(part.lower())) if w not in ("the", "a")), "")
        if (len(squashed) >= 3 and any(label in squashed or squashed in label for label in labels)) or (
                len(first) >= 5 and part[:1].isupper() and any(label.startswith(first[:6]) for label in labels)) or (
                part[:1].isupper() and any(all(w in squashed for w in words) for words in domain_words)) or (
                part[:1].isupper() and any(_abbreviates(label, part) for label in labels)):
            rest = _after_department(part)
            if rest != part and any(label in re.sub(r"[^a-z0-9]", "", rest.lower()) for label in labels):
                part = rest
            # ("Tripnest 品牌行銷": the company, then the signer's department in Chinese)
            pieces = part.split()
            if len(pieces) > 1 and CJK.search(pieces[-1]) and not CJK.search(" ".join(pieces[:-1])) \
                    and simplified(pieces[-1]).endswith(departments):
                part = " ".join(pieces[:-1])
            return part.strip().rstrip(".,;") if not part.strip().endswith(("Co.", "Inc.", "Ltd.")) else part.strip()
    # "毛孩澡堂 寵物美容｜台中市" from maohai-grooming.example: a Chinese piece of the signature
    # whose first characters, read in pinyin, spell the sender's domain or its first word
    # (a piece of a part: "小林 麦田烘焙" is the signer and the company, "供应商：X" a label)
    signed_pieces = [piece for part in parts for piece in re.split(r"[\s:：]+", part)]
    spellable = _pinyin_labels(message)
    for piece in signed_pieces if spellable else ():
        length = _spells_domain(piece, spellable) if 2 <= len(piece) <= 30 and _CJK_RUN.fullmatch(piece) else 0
        if length >= 2 and not _root_of_another(piece, length, message):
            return piece
    # "云溪大药房", "永泰阀门（温州）有限公司" on a line of the signature: a Chinese company's name
    # ends in a company word (where its domain is no pinyin of it)
    words = load_patterns().company_words
    for name in signed_pieces if company_word else ():
        plain = simplified(re.sub(r"[(（][^)）]*[)）]", "", name))
        if 3 <= len(name) <= 30 and CJK.fullmatch(plain[:1] or " ") and CJK.search(plain[-1:] or " ") \
                and any(plain.endswith(w) and len(plain) > len(w) for w in words) \
                and load_patterns().name_stop_chars.isdisjoint(plain):
            return name
    return None


def _root_of_another(name: str, length: int, message: Message) -> bool:
    """"晴空家品" signing, "晴空柔軟精" in the subject: the text names another of the
    company's names from the same first characters (its brand, as the mail writes it)."""
    root, plain = simplified(name[:length]), simplified(name)
    for text in (message.subject or "", message.body.replace(message.signature or "\0", "")):
        text = simplified(text)
        at = text.find(root)
        while at >= 0:
            if not text.startswith(plain, at) and CJK.match(text[at + length:at + length + 1] or " "):
                return True
            at = text.find(root, at + 1)
    return False


def _abbreviates(label: str, name: str) -> bool:
    """"aquasafevic" for "Aquatic Safety Victoria", "ntsb" for "National Transportation Safety
    Board": the domain label is the first letters of two or more of the name's words, in order
    from its first."""
    words = re.findall(r"[a-z0-9]+", _ascii(name.lower()))

    @cache  # (each state once: a hostile signature of like words would branch without end)
    def rest(at: int, word: int) -> bool:
        if at == len(label):
            return word >= 2
        if word == len(words):
            return False
        return any(label[at:at + n] == words[word][:n] and rest(at + n, word + 1)
                   for n in range(min(len(words[word]), len(label) - at), 0, -1))

    return len(words) >= 2 and rest(0, 0)


def signed_under_the_name(message: Message) -> str | None:
    """"吴凡" then "暖居地暖": a signature of the signer's name and, on the next line, a Chinese
    run alone that is no department or title and no words of the language - the company, for a
    writer who says "we" (a line alone may be a role: "宣发统筹")."""
    lines = [ln.strip() for ln in (message.signature or "").splitlines() if ln.strip()]
    names = [simplified(a.name or "") for a in message.sender if a.name]
    if len(lines) < 2 or not any(simplified(lines[0]) == n or (len(lines[0]) >= 2 and simplified(lines[0]) in n) for n in names):
        return None
    line, plain = lines[1], simplified(lines[1])
    patterns = load_patterns()
    if not _CJK_RUN.fullmatch(plain) or not 2 <= len(plain) <= 10 or plain.endswith(patterns.department_words) \
            or plain.endswith(ZH_TITLES) or not patterns.name_stop_chars.isdisjoint(plain) or only_common_words(plain):
        return None
    return line


def _company_beside_department(line: str, message: Message, departments: tuple[str, ...]) -> str | None:
    """"青禾咖啡 市场部": a Chinese company beside the signer's department."""
    parts = line.split()
    # ("鼎盛建設　行銷部經理": the department, then the signer's title)
    if len(parts) == 2 and CJK.search(parts[1]):
        role = simplified(parts[1])
        title = next((t for t in ZH_TITLES if role.endswith(t) and len(role) > len(t)), "")
        if title and role[: -len(title)].endswith(departments):
            parts = [parts[0], parts[1][: -len(title)]]
    # ("動感健身 行銷部 課程推廣": the company, the department, then the signer's role)
    if len(parts) == 3 and CJK.search(parts[2]) and simplified(parts[1]).endswith(departments):
        parts = parts[:2]
    if len(parts) == 2 and CJK.search(parts[0]) and len(parts[0]) >= 2 and simplified(parts[1]).endswith(departments) \
            and load_patterns().name_stop_chars.isdisjoint(simplified(parts[0])):
        # "罗倩 冰湾速冻品牌部": the signer (the sender's name), then the company joined to its
        # department - a coined name, not words of the language ("罗倩 市场宣传部")
        joined = parts[1][:-len(_department_ending(simplified(parts[1]), departments))]
        if len(joined) >= 2 and CJK.search(joined) and load_patterns().name_stop_chars.isdisjoint(simplified(joined)) \
                and any(parts[0] in (a.name or "").split() for a in message.sender) and not only_common_words(joined):
            return joined
        return parts[0]
    return None


def _company_joined_to_department(line: str, departments: tuple[str, ...]) -> str | None:
    """"祥云航空市场部", "北辰汽车华东区市场部" alone on a signature line: the company joined to
    the signer's department, a region's office between them or not - a coined name, not words
    of the language ("华东区市场部", "品牌传播部" name no company)."""
    text = line.strip()
    plain = simplified(text)
    if not plain or not re.fullmatch(r"[\u4e00-\u9fff]+", plain):
        return None
    dept = _department_ending(plain, departments, shortest=3)
    joined = plain[:-len(dept)] if dept else ""
    # ("华东区" between them: where the signer's office is; "南州局集团公司多元经营办公室": a unit
    # after the company's own word)
    joined = next((joined[:i] for i in range(2, len(joined) - 1) if a_place_or_occasion(joined[i:])), joined)
    patterns = load_patterns()
    words = patterns.company_words
    joined = joined[:max((at + len(w) for w in words if (at := joined.find(w)) >= 2), default=len(joined))]
    # (words of the language name a company when the last is a company's word: "祥云航空"; two
    # characters are a word more often than a name: "电商运营部")
    coined = not only_common_words(joined) or any(joined.endswith(w) and len(joined) > len(w) for w in words)
    if len(joined) < 3 or not patterns.name_stop_chars.isdisjoint(joined) or not coined or a_place_or_occasion(joined):
        return None
    return text[:len(joined)]


def _department_ending(plain: str, departments: tuple[str, ...], shortest: int = 1) -> str:
    """The longest department word (of `shortest` characters or more) `plain` ends in, else ""."""
    return next((d for d in sorted(departments, key=len, reverse=True) if len(d) >= shortest and plain.endswith(d)), "")


_CAPITALISED_RUN = re.compile(r"(?<![\w&'-])[A-Z][\w'-]*(?:\s+(?:&|and|[A-Z][\w'-]*))*")


def named_as_domain(message: Message, loose: bool = False) -> str | None:
    """"our Orbitly campaign" from marcus@orbitly.example: a capitalised name in the author's
    text (or subject) that spells the sender's domain whole is the sender's organisation.
    `loose`: instead, its first word or first letters, for where nothing spells it whole and
    nothing else names the writer's own ("put our counter mat in all Sharjah stores" from
    omar@sahtain-shawarma.example, subject "counter mats Sahtain")."""
    labels = [label for label in _domain_labels(message) if len(label) >= 4]
    if not labels:
        return None
    # (or its first word, "Sahtain" of sahtain-shawarma.example, or its first letters, "Big Creek" of
    # bigcreektrucks.example: the rest of a domain often says the trade)
    # (the caller asks for it only where no name spells the domain whole: "Kooee Kombucha" of
    # kooee-kombucha.example, not the "Kooee" written first)
    firsts = [w for w in (re.split(r"[^a-z0-9]+", n)[0] for n in _domain_names(message)) if len(w) >= 4]

    def spells(squashed: str, whole: bool) -> bool:
        if whole:
            return squashed in labels
        return squashed in firsts or (len(squashed) >= 5 and any(label.startswith(squashed) for label in labels))

    for text in (message.body, message.subject or ""):
        for run in _CAPITALISED_RUN.findall(text):
            words = run.split()
            for end in range(len(words), 0, -1):
                part = " ".join(words[:end])
                if spells(re.sub(r"[^a-z0-9]", "", _ascii(part.lower()).replace("&", "and")), not loose):
                    return part
    # "我们澜岳汽车冬至…" from lanyue-ev.example: a Chinese name whose first characters, read in
    # pinyin, spell the domain or its first word (as the text writes it whole: with 汽车)
    spellable = _pinyin_labels(message)
    for text in (message.body, message.subject or "") if spellable else ():
        for label in spellable:
            for first in first_characters(label).finditer(text):
                at = first.start()
                length = spelled(text[at:at + 12], label)
                if length >= 2:
                    # ("毛孩澡堂 寵物美容｜台中市" closing the text: a name standing apart, whole)
                    apart = re.match(r"[\u3400-\u9fff]{0,4}(?=[\s|｜/，,]|$)", text[at + length:])
                    if apart and (at == 0 or text[at - 1] in " \t\n|｜/"):
                        return text[at:at + length + apart.end()]
                    return whole_chinese_name(text[at:at + length], text)
    return None


def _pos_cut(text: str, hmm: bool = True) -> list:
    """jieba's words of `text` with their part-of-speech tags (its tag table loads on first use)."""
    from ..mail.language import import_posseg

    return import_posseg().lcut(text, HMM=hmm)


def only_common_words(text: str) -> bool:
    """"市场宣传", "人力资源", "菜谱": a Chinese run that the dictionary cuts into common words of
    two characters or more, none of them a proper name - words of the language, no coined
    name ("冰湾速冻" cuts into 冰/湾/速冻). Proper names in the dictionary (蒙牛, 腾讯) are not
    common words; others (小米, 百度) are, so this is evidence against a name only where
    nothing else says it is one."""
    pieces = _pos_cut(simplified(text), hmm=False)
    return bool(pieces) and all(len(p.word) >= 2 and CJK.search(p.word) and not p.flag.startswith(("nr", "nt", "nz"))
                                for p in pieces)


def begins_with_a_verb(text: str) -> bool:
    """"加个语音冠名": a Chinese run whose first word is a verb (jieba's tag) asks for something, it
    names no one."""
    pieces = _pos_cut(simplified(text))
    return bool(pieces) and pieces[0].flag.startswith("v")


def a_place_or_occasion(text: str) -> bool:
    """"深圳", "东莞": a province or city (`places`) and nothing else, where a campaign runs,
    not who pays for it ("南京城市包投电梯屏"); a place with more words ("南京银行",
    "西湖文旅") is more than a place. "跨年档", "年货": an occasion (`zh_modifiers`), no name, nor
    is an occasion and what is done then ("寒假班招生")."""
    plain = simplified(text).strip()
    patterns = load_patterns()
    # ("杭州站", "南京分站": the app's city station, where the ad runs; "华南区", "佛山市": the
    # region or city by its administrative name; `place_ends`; "尖沙咀店", "沙田分店": a branch
    # known by its district alone, `branch_ends`)
    station = any(plain.endswith(end) and plain[:-len(end)].removesuffix("分") in patterns.places
                  for end in (*patterns.place_ends, *patterns.branch_ends))
    return plain in patterns.places or plain in patterns.zh_modifiers or station or _an_occasions_matter(plain)


def _an_occasions_matter(plain: str) -> bool:
    """"寒假班招生", "年前大扫除", "寒假LINE": an occasion (`zh_modifiers`) and what is done then -
    common words, or a platform's name in Latin letters - name no one."""
    lead = next((w for w in occasion_words(in_names=True)
                 if CJK.search(w) and plain.startswith(w) and len(plain) > len(w)), "")
    rest = plain[len(lead):]
    return bool(lead) and (only_common_words(rest) or bool(re.fullmatch(r"[A-Za-z]+", rest)))


def as_the_text_writes(organisation: str, message: Message) -> str:
    """"港鮮達海產有限公司 Harbour Fresh Seafood Ltd." signs a mail whose text says 港鮮達;
    "Minamo 台灣分公司 行銷部" one that says Minamo: the organisation as the author's text
    names it (the longest beginning of one of the signature line's names that the text
    writes), else the signature line."""
    body = simplified(message.body)
    if not body:
        return organisation
    found = ""
    for run in _NAME_RUNS.findall(organisation):
        run = run.strip(" ,;")
        if CJK.search(run):
            plain = simplified(run)
            for end in range(len(plain), 1, -1):
                if plain[:end] in body:
                    if end < len(plain) and a_place_or_occasion(plain[:end]):
                        break  # "潍坊" of "潍坊鼎盛领航汽车…" is where it is, not its name
                    # "樱庭" in the text, "樱庭食品" signing: company words go with the name
                    end = len(plain) if not _strip_company_words(plain[end:]) else end
                    found = max(found, run[:end], key=len)
                    break
            continue
        words = run.split()
        for end in range(len(words), 0, -1):
            part = " ".join(words[:end])
            if re.search(r"(?<![\w&])" + re.escape(part) + r"(?![\w&])", message.body):
                rest = [w.rstrip(".,").lower() for w in words[end:]]
                part = run if all(w in load_patterns().legal_forms for w in rest) else part
                found = max(found, part, key=len)
                break
    if found:
        return found
    # "細路咖啡 Siulo Coffee" signing a Chinese mail that names neither: the name in the mail's
    # language (a bilingual signature line writes the same company twice)
    runs = [r.strip(" ,;") for r in _NAME_RUNS.findall(organisation) if r.strip(" ,;")]
    chinese = [r for r in runs if CJK.search(r) and len(r) >= 2]
    latin = [r for r in runs if not CJK.search(r) and re.search(rf"[{_LATIN}]{{2}}", r)]
    if chinese and latin:
        return chinese[0] if mainly_chinese(message.body) else latin[0]
    return organisation


_NAME_RUNS = re.compile(rf"[\u3400-\u9fff·・（）()]+|[{_LATIN}0-9&'.,-]+(?:\s+[{_LATIN}0-9&'.,-]+)*")


def _strip_company_words(rest: str) -> str:
    """"食品股份有限公司" -> "": what is left of a Chinese name's end without its company words."""
    words = sorted(load_patterns().company_words | {"有限公司", "股份有限公司", "有限责任公司"}, key=len, reverse=True)
    changed = True
    while rest and changed:
        changed = False
        for w in words:
            if rest.endswith(w):
                rest, changed = rest[: -len(w)], True
                break
    return rest


# "Lucky Creek's geofence …", "Tamalería Doña Lupe (the tamale place …) wants …": capitalised
# words opening a sentence, then a lower-case word or a bracket
_OPENING_LATIN = re.compile(r"((?:[A-Z][\w&.'’-]*)(?:\s+(?:[A-Z][\w&.'’-]*|&|of|de|la|del|and))*)(?=\s+[a-z(]|\s*\()")
_CJK_OPENING = re.compile(r"[\u3400-\u9fff·]{2,14}")


_CJK_NAME_RUN = re.compile(r"[\u3400-\u9fff]+")


def public_body(message: Message) -> str | None:
    """"本局为加强冬季用火安全，擬請貴公司…" signed "臺北市政府消防局 火災預防科", "我支队拟在…" closed
    "蓉西交警支队": a public body writing of itself by its kind (`public_self_references`) is the
    advertiser of its requests, by the name it signs with that holds a word of that kind - on a
    line of the signature, of the letter's closing lines, or the sender's name. The name ends with
    the last such word ("云溪县市场监督管理局宣传科" signs for 云溪县市场监督管理局), or goes on as the text
    writes it after the self-reference ("本署控煙酒辦公室現請…", signed "衞生署控煙酒辦公室"); a name
    is more than its kind ("街道平安办" opens with it: a unit, not the body)."""
    patterns = load_patterns()
    english = _public_body_en(message, patterns.public_self_references_en)
    if english:
        return english
    body = simplified(message.body)
    said: dict[str, list[str]] = {}  # a kind word: what the text writes after each self-reference of it
    for ref, kinds in patterns.public_self_references.items():
        if ref not in body:
            continue  # (most mail: a plain test before the search)
        for m in re.finditer(re.escape(ref), body):
            after = body[m.end():m.end() + 12]
            if after[:1] and after[0] in patterns.public_self_reference_not_before:
                continue
            for kind in kinds:
                said.setdefault(kind, []).append(after)
    if not said:
        return None
    refs = patterns.public_self_references
    lines = [*(message.signature or "").splitlines(),
             *[ln for ln in message.body.splitlines() if ln.strip()][-6:],
             *(a.name or "" for a in message.sender)]
    for line in lines:
        for run in _CJK_NAME_RUN.finditer(line):
            plain = simplified(run.group())
            # (a sentence that refers to the body, "…由我支队宣传科于…", names no one)
            if plain in refs or not patterns.name_stop_chars.isdisjoint(plain) or any(ref in plain for ref in refs):
                continue
            ends = [(at + len(kind), kind) for kind in said for at in [plain.find(kind)] if at >= 2]
            if not ends:
                continue
            # (the last kind the text refers to: "本府…本處" signed "彰化縣政府教育處" is the 處)
            end, kind = max(ends)
            rest = plain[end:]
            # (the unit after the kind, where the text writes it after the self-reference too)
            keep = max((n for after in said[kind] for n in range(len(rest), 0, -1) if after.startswith(rest[:n])), default=0)
            return run.group()[:end + keep]
    return None


# A name line of a signature: capitalised words, with the small words names hold between them
# (a capital outside ASCII begins a word too: "Đà Nẵng Road Traffic Safety Department")
_TITLE_NAME = re.compile(r"[^\W\d_a-z][\w'’&.-]*(?:\s+(?:of|for|and|the|on|&|de|[^\W\d_a-z][\w'’&.-]*))*")


def _public_body_en(message: Message, kinds: tuple[str, ...]) -> str | None:
    """"The Department asks that its free … message run …" signed "Nebraska Department of
    Transportation": an English public body writing of itself as "the <kind>" (a capital, no
    other name before it) is the advertiser of its requests, by the signature's line (or the
    sender's name) that names a body of that kind in capitalised words."""
    if not kinds or not message.body or has_cjk(message.body[:400]):
        return None
    said = {m.group(1) for m in _self_references_en(kinds).finditer(message.body)}
    if not said:
        return None
    lines = [*(message.signature or "").splitlines(), *[ln for ln in message.body.splitlines() if ln.strip()][-6:],
             *(a.name or "" for a in message.sender)]
    # ("Kıyıboyu Municipality – Disaster and Emergency Directorate": each part a dash, a bar or a
    # comma sets apart is a line of its own, the body first)
    parts = (part.strip() for raw in lines for part in re.split(r"\s+[–—-]\s+|\s*[|｜,]\s*", raw.strip()))
    for line in parts:
        if line and len(line) <= 80 and not re.search(r"[\d@]", line) and len(line.split()) >= 2 \
                and _TITLE_NAME.fullmatch(line) and said & set(re.findall(r"\w+", line)):
            return line
    return None


@lru_cache(maxsize=2)
def _self_references_en(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """"the Department", "our Commission" (not "the Department of …", a name going on)."""
    return re.compile(r"\b(?:[Tt]he|[Oo]ur|[Tt]his)\s+(" + "|".join(map(re.escape, kinds)) + r")\b(?!\s+of\b)")


def _first_line(body: str) -> str:
    """The author's first line that is not an address ("陈默：", "Hi Kevin / AdOps,", "Marcus")."""
    for line in (raw.strip() for raw in body.splitlines()):
        if not line:
            continue
        if (len(line) <= 40 and line.endswith((":", "：", ",", "，"))) or (len(line) <= 12 and " " not in line.strip()):
            continue
        return line
    return ""


def opening_name(message: Message, slot_words: frozenset[str] = frozenset()) -> str | None:
    """The coined name that opens the author's first sentence ("霧峰豆行目前在結帳櫃台螢幕的
    廣告…", "焙岚咖啡的 App 开屏时间改一下", "Lucky Creek's geofence mobile add-on ends this
    Sunday"), for a request that names its client in no other way: the subject of the sentence
    that asks. Not common words, a place, an occasion, a page ("赛事页"), a slot or a date; in English two
    capitalised words or more, or one with a possessive."""
    line = _first_line(message.body)
    if not line:
        return None
    patterns = load_patterns()
    zh_stop, en_stop = _stops()
    if CJK.match(line):
        run = _CJK_OPENING.match(line)
        if not run:
            return None
        text = run.group(0)
        plain = simplified(text)
        ends = [i for i, ch in enumerate(plain) if ch in patterns.name_stop_chars]
        ends += [plain.find(w) for w in patterns.opening_name_ends if plain.find(w) > 0]
        cut = min(ends, default=len(text))
        if may_hold_date(plain[:cut]):
            return None  # "下周一起南州西站候车厅LED…": the sentence opens with its date, not a name
        if cut == len(text) and run.end() < len(line) and CJK.match(line[run.end()]):
            return None  # (a run too long to be a name alone)
        name = _trim_zh(text[:cut])
        plain = simplified(name)
        if not 2 <= len(name) <= 10 or name in zh_stop or holds_a_stop_word(name) or only_common_words(name) \
                or a_place_or_occasion(name) or plain.endswith(patterns.place_suffixes) or _opens_with_a_verb(plain) \
                or load_slot_vocabulary().names_a_slot(plain) \
                or any(plain in simplified(w) or simplified(w) in plain for w in slot_words) \
                or _names_a_person(name, message):
            return None
        return name
    found = _OPENING_LATIN.match(line)
    if not found:
        return None
    name = found.group(1)
    possessive = re.search(r"['’]s?$", name)  # "Lucky Creek's", "Pine Hollow Tacos'"
    name = re.sub(r"['’]s?$", "", name).strip()
    words = [w for w in name.split() if w[:1].isupper()]
    if not (len(words) >= 2 or (possessive and len(words) == 1)):
        return None
    if any(w.lower().strip(".,'’") in en_stop or w.lower() in _ad_words() for w in words[:1]) \
            or a_place_or_occasion(name) or load_slot_vocabulary().names_a_slot(name) or _names_a_person(name, message):
        return None
    return None if may_hold_date(name) else name


def _names_a_person(name: str, message: Message) -> bool:
    """Whether `name` is part of the sender's or a recipient's own name."""
    plain = simplified(name).lower()
    people = [simplified(a.name).lower() for a in (*message.sender, *message.to, *message.cc) if a.name]
    return any(plain in p or p in plain for p in people if p)


def _opens_with_a_verb(plain: str) -> bool:
    """"安排一下", "取消周六", "请按下面…": a run whose first word is a verb or preposition of two
    characters or more, or a request's own word (a character alone tagged a verb is as often a
    coined name's: 焙岚咖啡)."""
    pieces = _pos_cut(plain)
    asks = load_patterns().cue_words("request")
    return bool(pieces) and pieces[0].flag.startswith(("v", "p")) and (len(pieces[0].word) >= 2 or pieces[0].word in asks)


__all__ = ["an_agency", "spells_domain", "written_in", "a_branch", "a_place_or_occasion", "as_signed", "as_the_text_writes", "named_as_domain", "only_common_words", "opening_name", "outside_recipients", "public_body", "writes_for_itself", "own_organisation", "signed_under_the_name", "speaks_for_own_company", "subject_name", "subject_tail_name", "whole_chinese_name", "whole_latin_name", "written_apart", "written_apart_from"]
