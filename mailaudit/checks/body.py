"""Checks of the author's own text: opening, closing, first paragraph,
paragraph length, topics, politeness and signature."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from ..engine.vocab import may_match, quick_search, simplified
from ..mail.textutil import (
    CJK_NAME,
    HAN,
    LATIN_LETTERS,
    ZH_FAMILIAR,
    cjk_count,
    is_chinese_name,
    is_familiar_address,
    latin_word_count,
    strip_prefixes,
)
from .common import (
    ZH_TITLES,
    asking,
    closing_lines,
    excerpt,
    hit_at,
    mentions_any,
    opening,
    person_names,
    search,
    vocab,
)

_TITLE_ZH = re.compile(
    f"^[{HAN}]{{1,3}}(?:" + "|".join(sorted(ZH_TITLES, key=len, reverse=True)) + r")"
)
# (a name's letters may carry accents: "Sinéad, book as per subject pls")
_NAME_REST = LATIN_LETTERS + "'"
_LATIN_NAME_OPEN = re.compile(rf"^(?:[A-Z][{_NAME_REST}-]+)(?:\s+[A-Z][{_NAME_REST}-]+){{0,2}}\s*(?:[,，:：!！]|$)")
# what a greeting calls before its comma: a word or two, or a short run with Chinese in it
_CALLED = re.compile(rf"[{LATIN_LETTERS}][{_NAME_REST}.-]*(?:\s+[{LATIN_LETTERS}][{_NAME_REST}.-]*)?|[{HAN}A-Za-z]{{1,6}}")
# "Ken, I just wanted …": one capitalised word and a comma, the line going on
_NAME_COMMA = re.compile(rf"^([A-Z][{_NAME_REST}-]{{2,}}),\s+(\S.*)")
_NAME_BEFORE_CHINESE = re.compile(f"^[A-Z][a-z]+\\s+(?=[{HAN}])")
_GIVEN_BEFORE_CHINESE = re.compile(f"^\\s*([{HAN}]{{2,3}})[ \\t\u3000]+(?=[{HAN}])")
# "May、阿杰：", "Ivy/阿明：": a line of two to four names alone, joined by 、, /, & or 和, before a colon
_NAME_LIST = re.compile(rf"^\s*((?:[A-Z][a-z]{{1,12}}|[{HAN}]{{2,3}})(?:\s*(?:、|/|&|和|\band\b)\s*(?:[A-Z][a-z]{{1,12}}|[{HAN}]{{2,3}})){{1,3}})\s*[:：]\s*$")
_NAME_LIST_SPLIT = re.compile(r"\s*(?:、|/|&|和|\band\b)\s*")
# "Mike:  Comments look good." / "Alan - attached is …" / "Sally/Janet -": a name
# (or two) then a colon or dash, with the matter on the same line.
# ("Priya (cc) - Krellson want …": the one copied is addressed too)
_VOCATIVE = re.compile(
    rf"^(?P<names>[A-Z][{_NAME_REST}.-]+(?:\s?(?:[/&]|and)\s?[A-Z][{_NAME_REST}.-]+|\s[A-Z][{_NAME_REST}.-]+)?)"
    r"(?:\s*\((?:cc|fyi)\))?\s*(?::|[-–—]{1,2}(?:\s|$))"
)


def _given_name(called: str, ctx: CheckContext) -> bool:
    """"家豪：" to jiahao.cheng@…, "嘉怡：" to Jiayi Chen, "晓棠，" to a team address: two
    characters set off at the head of the mail that jieba's dictionary does not join into
    a word (另外, 目前, 附件 are words) and that are no function words (好的) call the
    reader by a given name (the address seldom writes it in Chinese)."""
    if len(called) != 2:
        return False
    from ..mail.language import quiet_jieba
    from ..mail.zh_tokens import chinese_tokenizer

    tokenizer = chinese_tokenizer()
    if tokenizer is None or set(called) & tokenizer.stop_words:
        return False
    quiet_jieba()
    import jieba

    return len(jieba.lcut(simplified(called), HMM=False)) == 2


def _first_clause(line: str) -> str:
    return re.split(r"[,，:：!！。.]", line, maxsplit=1)[0].strip()


def addresses_reader(rule: Rule, ctx: CheckContext, head: str) -> bool:
    """Does the opening name the reader (a name, a title or a group form)?"""
    # The group forms are the costly search: asked last (every test here is a plain question).
    return _names_reader(rule, ctx, head) or bool(search(rule, "forms", head))  # 大家好, 各位, Hi all, Dear Sir/Madam, 亲爱的…


def _names_reader(rule: Rule, ctx: CheckContext, head: str) -> bool:
    """Does the opening name the reader by name or title?"""
    first = head.split("\n")[0].strip()
    # A salutation stands at the start: a reader's name at the head of the first
    # line ("Sally, …", "Hi Tom", "王经理：") addresses them; a name later in the
    # sentence ("Please call Chris Abel …") is a mention.
    names = person_names(ctx.message.recipients)
    found = mentions_any(first, names)
    if found and (found[0] <= 12 or len(first) <= 40):
        return True
    # "婷婷，" to 刘婷, "志豪：" to 林志豪: a Chinese given name (or its doubled
    # nickname) made of the characters of a recipient's name
    vocative_zh = re.match(r"^\s*([\u4e00-\u9fff]{2,3})\s*[，,：:！!]", first)
    if vocative_zh:
        called = set(simplified(vocative_zh.group(1)))
        for addr in ctx.message.recipients:
            name = set(simplified(addr.name or ""))
            if len(name) >= 2 and called <= name:
                return True
    if vocative_zh and _given_name(vocative_zh.group(1), ctx):
        return True
    comma = _NAME_COMMA.match(first)
    if comma and not search(rule, "not_names", comma.group(1)):
        # "Ken," to kenneth.lay@…: the short form of a recipient's name; "Rhonda, pls schedule …",
        # "Owen, can you pick this up?": a name the writer then asks at once
        called = comma.group(1).lower()
        # ("Oyunaa," to Oyunchimeg: a nickname made of the name's first syllables and an ending)
        if any(n.startswith(called) or (len(called) >= 5 and len(n) >= 5 and n[:4] == called[:4])
               for n in names if n.isascii() and n.isalpha()) or search(rule, "asks", comma.group(2)):
            return True
    greet = vocab(rule, "greetings")
    if greet is not None and not may_match(greet, first):
        greet_in_first = False  # its literal test says so: no sub and no match to try
        rest = first.strip(" ,，:：!！")
    else:
        greet_in_first = greet is not None
        rest = greet.sub("", first, count=1).strip(" ,，:：!！") if greet else first
    clause = _first_clause(rest) if rest else ""
    if not clause:
        return False
    if re.match(r"^(?:mr|mrs|ms|miss|dr|prof)\.?\s+[A-Z]", rest, re.I):  # ("Ms. Park,": the clause ends at its dot)
        return True
    zh = simplified(clause)  # 陳經理 reads as 陈经理
    if _TITLE_ZH.match(zh):
        return True
    if is_chinese_name(zh) or is_familiar_address(zh):
        return True
    # "Tom," / "Hi Tom" / "Dear Ms Chen" — a capitalised word after a greeting,
    # or a line that is only a name followed by a comma/colon.
    if greet_in_first and greet.match(first) and re.match(r"^[A-Z][a-zA-Z'-]+", clause):
        return True
    if greet_in_first and greet.match(first) and _CALLED.fullmatch(clause) and not search(rule, "not_names", clause):
        return True  # "Hi 阿May，", "Hi 冠宇,", "Dear larry,", "Hi ads ops,": whoever a greeting calls, set off
    vocative = _VOCATIVE.match(first)
    if vocative and not search(rule, "not_names", vocative.group("names")):
        return True
    if _NAME_BEFORE_CHINESE.match(first) and not search(rule, "not_names", first.split()[0]):
        return True  # "Ivy 細路咖啡下個禮拜一開始…": an English name, then the Chinese matter
    # "冠宇 剛電話講好的…": a Chinese given name, a space, then the matter (not a name the subject
    # writes too: "燃擎 前台屏 明天起上一周" under "燃擎前台屏" opens with the client)
    given = _GIVEN_BEFORE_CHINESE.match(first)
    if given and given.group(1) not in ctx.message.subject \
            and (_given_name(given.group(1), ctx) or is_chinese_name(simplified(given.group(1)))):
        return True
    if _named_by_list(rule, first):
        return True
    return bool(_LATIN_NAME_OPEN.match(first)) and len(first) <= 40


def _named_by_list(rule: Rule, first: str) -> bool:
    """"May、阿杰：": each part a name - a capitalised word that opens no note ("Note", "FYI"), a
    Chinese name or title, or a familiar form (阿杰, 小刘, 老王)."""
    listed = _NAME_LIST.match(first)
    if listed is None:
        return False
    for part in _NAME_LIST_SPLIT.split(listed.group(1)):
        if part[:1].isascii():
            if search(rule, "not_names", part):
                return False
            continue
        zh = simplified(part)
        if not (is_chinese_name(zh) or is_familiar_address(zh) or _TITLE_ZH.match(zh)
                or (len(zh) == 2 and zh.startswith(ZH_FAMILIAR))):
            return False
    return True


@check_kind("salutation", vocab=("forms", "greetings", "not_names", "asks", "letter_heads"))
def salutation(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    body = ctx.message.body
    if not body.strip():
        if ctx.message.quoted.strip():  # forwarded or replied with no word of one's own
            yield Hit(part="body", excerpt="")
        return
    head = opening(body, 2)
    if not addresses_reader(rule, ctx, head):
        titled = _after_title(body, ctx.message.subject)
        if titled is None or not addresses_reader(rule, ctx, opening(titled, 2)):
            headed = _after_letter_head(rule, body)
            if headed is None or not addresses_reader(rule, ctx, opening(headed, 2)):
                yield Hit(part="body", span=(0, len(head.split("\n")[0])), excerpt=excerpt(head))


def _after_letter_head(rule: Rule, body: str) -> str | None:
    """An English letter's head (a date, the reader's name and address, a sender's letterhead):
    the text from its salutation line (`letter_heads`: "Dear …", "MEMO TO:"), within the first
    twelve lines, when every line above it is short, as an address's are."""
    at = 0
    seen = 0
    for line in body.split("\n"):
        if line.strip():
            if search(rule, "letter_heads", line):
                return body[at:] if seen else None
            seen += 1
            if seen >= 12 or len(line.split()) > 8:
                return None
        at += len(line) + 1
    return None


def _after_title(body: str, subject: str) -> str | None:
    """A letter's head ("云岭广电网络有限公司 / 云广网市〔2026〕47号 / 关于…的通知 / 各合作单位："):
    the text after the line that repeats the subject, within the first lines, where the
    salutation of a letter stands."""
    title = strip_prefixes(subject or "").strip()
    if cjk_count(title) < 4:
        return None  # (an English newsletter repeats its title over section heads in capitals)
    at = 0
    for n, line in enumerate(body.split("\n")):
        if n >= 8:
            return None
        if line.strip() == title:
            return body[at + len(line):]
        at += len(line) + 1
    return None


@check_kind("opening-phrase", vocab=("phrases",), options={"lines": int, "chars": int})
def opening_phrase(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """The first lines of the body must contain one of the phrases (a greeting)."""
    body = ctx.message.body
    if not body.strip():
        return
    head = opening(body, ctx.options.get("lines", 2))
    if not search(rule, "phrases", head[: ctx.options.get("chars", 80)]):
        yield Hit(part="body", span=(0, len(head.split("\n")[0])), excerpt=excerpt(head))


@check_kind("closing-phrase", vocab=("phrases",), options={"lines": int})
def closing_phrase(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """The last lines before the signature must contain a closing wish or thanks."""
    body = ctx.message.body
    if not body.strip():
        return
    tail = closing_lines(body, ctx.options.get("lines", 3))
    if not search(rule, "phrases", tail):
        start = max(0, len(body) - len(tail))
        yield Hit(part="body", span=(start, len(body)), excerpt=excerpt(tail))


@check_kind("signature")
def signature(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    msg = ctx.message
    if msg.signature.strip():
        return
    if not msg.body.strip() and not msg.text.strip():
        return
    if _signed_by_name(msg):
        return
    tail = closing_lines(msg.body or msg.text, 2)
    yield Hit(part="body", excerpt=excerpt(tail))


def _signed_by_name(msg) -> bool:
    """The sender's own name on a line of its own, below the first line: signed,
    even where own text goes on after it (answers written between quotes) or a
    closing the splitter did not know ("Thanks / 谢谢,") stands above it."""
    display = " ".join(a.name for a in msg.sender if a.name).strip()
    if not display:
        return False
    parts = {p.lower() for p in re.split(r"[\s,]+", display) if len(p) >= 2} | {display.lower()}
    lines = [ln.strip().strip(",，.。-–—~!！").strip() for ln in msg.body.split("\n")]
    lines = [ln for ln in lines if ln]
    return any(ln.lower() == display.lower() or (ln.lower() in parts and len(ln) >= 2)
               or (len(ln) <= 40 and ln.lower().startswith(display.lower()))
               for ln in lines[1:])


def body_paragraphs(rule: Rule, ctx: CheckContext) -> list[str]:
    """Paragraphs with a leading salutation/greeting-only paragraph removed."""
    paras = list(ctx.message.paragraphs)
    if not paras:
        return paras
    first = paras[0]
    lines = [ln for ln in first.split("\n") if ln.strip()]
    greet_pat = vocab(rule, "greetings")
    # Drop salutation/greeting lines at the top of the first paragraph.
    while lines and len(lines[0]) <= 30 and (
        (greet_pat and quick_search(greet_pat, lines[0]))
        or re.search(r"[:：,，]\s*$", lines[0])
        or CJK_NAME.match(lines[0].strip("!！"))
    ):
        lines.pop(0)
    if not lines:
        return paras[1:]
    # "王经理：请在…" on one line: cut the salutation clause off.
    m = re.match(r"^[^，,:：。！!]{1,24}[：:]\s*(?=\S)", lines[0])
    if m:
        lines[0] = lines[0][m.end():]
    return ["\n".join(lines), *paras[1:]]


@check_kind("first-paragraph", vocab=("requests", "deadlines", "greetings", "courtesy"))
def first_paragraph(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    paras = body_paragraphs(rule, ctx)
    if len(paras) < 2:
        return  # one paragraph is its own summary
    first, rest = paras[0], "\n\n".join(paras[1:])
    requests, deadlines = vocab(rule, "requests"), vocab(rule, "deadlines")
    if requests is None:
        return
    courtesy = vocab(rule, "courtesy")
    req_first = asking(first, requests, courtesy)
    req_later = asking(rest, requests, courtesy)
    if not req_first and req_later:
        yield Hit(part="body", excerpt=excerpt(first), detail=ctx.note("request-later"))
        return
    if deadlines is not None and not quick_search(deadlines, first):
        m = quick_search(deadlines, rest)
        if m and (req_first or req_later):  # it asks, and says by when only later
            yield Hit(part="body", excerpt=excerpt(rest, m.start(), m.end()),
                      detail=ctx.note("deadline-later"))


@check_kind("paragraph-length", required={"max_chars_cjk": int, "max_words": int})
def paragraph_length(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    body = ctx.message.body
    offset = 0
    for para in ctx.message.paragraphs:
        at = body.find(para, offset)
        offset = max(offset, at)
        cjk = cjk_count(para)
        if not cjk and len(para) < 2 * ctx.options["max_words"]:
            continue  # no more words than that (a word and a gap are two characters): not counted
        words = latin_word_count(para)
        if cjk >= words and cjk:
            size, limit, key = len(re.sub(r"\s+", "", para)), ctx.options["max_chars_cjk"], "paragraph-size-cjk"
        else:
            size, limit, key = words, ctx.options["max_words"], "paragraph-size-words"
        if size > limit:
            yield Hit(part="body", span=(at, at + len(para)) if at >= 0 else None,
                      excerpt=excerpt(para), detail=ctx.note(key, size=size, limit=limit))


@check_kind("requires", vocab=("when", "require"))
def requires(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """When the body matches `when`, it must also match `require` (anywhere)."""
    body = ctx.message.body
    if not body or search(rule, "require", f"{ctx.message.subject}\n{body}"):
        return  # what `when` finds no longer matters (`require` is the cheaper search: it usually matches)
    m = search(rule, "when", body)
    if m:
        yield hit_at("body", body, m)
