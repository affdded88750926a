"""Subject line checks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from ..mail.textutil import (
    CJK,
    HAN,
    LATIN_WORD,
    cjk_count,
    detect_language,
    latin_word_count,
    strip_prefixes,
)
from .common import excerpt, vocab


@check_kind("subject-empty")
def subject_empty(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    if not strip_prefixes(ctx.message.subject):
        yield Hit(part="subject", excerpt=ctx.message.subject)


@check_kind("subject-length", required={"max_chars": int, "max_chars_cjk": int})
def subject_length(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    subject = strip_prefixes(ctx.message.subject)
    if not subject:
        return  # subject-missing covers it
    language = detect_language(subject)
    if language == "zh":
        # "取消山嵐12/24 Newsletter頭條": an English word in a Chinese subject is read as one
        # word, as a Chinese word is, not letter by letter
        limit, key = ctx.options["max_chars_cjk"], "subject-size-cjk"
        length = len(re.sub(r"\s+", "", LATIN_WORD.sub("w", subject)))
    elif language == "mixed":
        # "线索回传 API integration schedule" is read at the pace of both: a Han
        # character weighs what the two limits say it does (60 / 20 = 3 letters)
        limit, key = ctx.options["max_chars"], "subject-size-mixed"
        weight = limit / max(ctx.options["max_chars_cjk"], 1)
        sizes = [weight if CJK.match(ch) else 1 for ch in subject]
        length = round(sum(sizes))
        cut, total = 0, 0.0
        while cut < len(subject) and total + sizes[cut] <= limit:
            total += sizes[cut]
            cut += 1
    else:
        limit, key = ctx.options["max_chars"], "subject-size"
        length = len(subject)
    if length > limit:
        yield Hit(part="subject", span=(cut if language == "mixed" else limit, len(subject)), excerpt=subject,
                  detail=ctx.note(key, size=length, limit=limit))


def _bare(subject: str) -> str:
    s = re.sub(r"[\s\W_]+", " ", subject.lower(), flags=re.UNICODE).strip()
    return s


@check_kind("subject-phrase", vocab=("filler",))
def subject_phrase(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """Fires when the whole subject is filler words (greetings, 'FYI', '请查收')."""
    subject = strip_prefixes(ctx.message.subject)
    if not subject:
        return
    filler = vocab(rule, "filler")
    if filler is None:
        return
    rest = filler.sub(" ", subject)
    if not _bare(rest) or re.fullmatch(r"[\s\d\W_]*", rest):
        yield Hit(part="subject", span=(0, len(subject)), excerpt=subject)


@check_kind("subject-split", vocab=("separators", "matters", "strong_separators", "money_matters"))
def subject_split(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """Two or more matters joined by a separator, each side naming a matter, or one side
    about money and the other not."""
    subject = strip_prefixes(ctx.message.subject)
    if not subject:
        return
    strong = vocab(rule, "strong_separators")
    seps = vocab(rule, "separators")
    matters = vocab(rule, "matters")
    if strong:
        for m in strong.finditer(subject):
            left, right = subject[: m.start()].strip(), subject[m.end() :].strip()
            if _substantial(left) and _substantial(right):
                yield Hit(part="subject", span=m.span(), excerpt=subject)
                return
    if not seps or not matters:
        return
    # "A / B" where each side is a phrase of its own and they share no word.
    for m in re.finditer(r"\s[/／|]\s|\s?／\s?", subject):
        left, right = subject[: m.start()], subject[m.end() :]
        if _phrase(left) and _phrase(right) and not (_words(left) & _words(right)):
            yield Hit(part="subject", span=m.span(), excerpt=subject)
            return
    money = vocab(rule, "money_matters")
    for m in seps.finditer(subject):
        left, right = subject[: m.start()], subject[m.end() :]
        # (a side about money beside one that is not: "发票和年会报名")
        apart = money is not None and (money.search(left) is None) != (money.search(right) is None)
        if (apart or matters.search(left) and matters.search(right)) and _substantial(left) and _substantial(right):
            yield Hit(part="subject", span=m.span(), excerpt=excerpt(subject, m.start(), m.end()))
            return


def _words(side: str) -> set[str]:
    return {w.lower() for w in re.findall(f"[A-Za-z]{{2,}}|[{HAN}]{{2}}", side)}


def _phrase(side: str) -> bool:
    return latin_word_count(side) >= 2 or cjk_count(side) >= 4


def _substantial(side: str) -> bool:
    side = re.sub(r"[\W_]+", "", side)
    return cjk_count(side) >= 2 or latin_word_count(side) >= 1 and len(side) >= 3
