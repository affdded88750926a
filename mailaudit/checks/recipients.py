"""To/Cc checks: a To recipient exists, addresses are valid, and with several
To recipients the body says who is to act."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from ..engine.vocab import quick_search
from ..mail.textutil import HAN
from .common import MAX_SCAN, asking, excerpt, mentions_any, person_names, search, sentences, vocab


@check_kind("recipients-to")
def recipients_to(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    # A To whose entries are all invalid is address-invalid's case, not this one.
    if not ctx.message.to:
        yield Hit(part="to", excerpt=ctx.message.header("To") or "")


@check_kind("address-syntax")
def address_syntax(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    msg = ctx.message
    for part, addresses in (("from", msg.sender), ("to", msg.to), ("cc", msg.cc), ("reply-to", msg.reply_to)):
        for a in addresses:
            if not a.valid:
                yield Hit(part=part, excerpt=str(a), detail=ctx.note("address-invalid", address=repr(a.email), reason=a.error))


@check_kind("owner", vocab=("assignments", "requests", "courtesy"), options={"min_to": int})
def owner(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    msg = ctx.message
    if len(msg.to) < ctx.options.get("min_to", 2):
        return
    body = msg.body
    if not body.strip():
        return
    # Only a mail that asks for something needs someone to act on it (a question to its
    # readers asks too: "Hi all, what is the daily rate for the splash over CNY?")
    requests = vocab(rule, "requests")
    courtesy = vocab(rule, "courtesy")
    if requests is not None and asking(body, requests, courtesy) is None and not any(
            s.rstrip().endswith(("?", "？")) and not (courtesy and quick_search(courtesy, s))
            for s in sentences(body[:MAX_SCAN])):
        return
    if mentions_any(body, person_names(msg.recipients)):
        return
    if search(rule, "assignments", body):
        return
    # "@someone" mentions name a person even when the display name is absent.
    if re.search(rf"(?<![\w.])@[\w{HAN}]{{2,}}", body):
        return
    yield Hit(part="to", excerpt=excerpt(", ".join(a.email for a in msg.to)))
