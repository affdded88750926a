"""Attachment checks. `Message.attachments` holds only files the reader
receives: inline images of the HTML body (signature logos) are not there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from ..engine.vocab import compile_entries
from ..mail.message import Attachment, Message
from ..mail.textutil import HAN
from .common import excerpt, hit_at, search


def _said(ctx: CheckContext) -> str:
    """What the author wrote in the body (never the quote or the footer)."""
    return ctx.message.body


def name_tokens(att: Attachment) -> list[str]:
    """Words of a file name that a body would use to refer to it."""
    stem = PurePath(att.filename).stem.lower()
    out = []
    for run in re.findall(f"[{HAN}]{{2,}}", stem):
        out.append(run)
        if len(run) >= 3:
            out.append(run[:-1])  # 报价单 -> 报价
    out.extend(w for w in re.findall(r"[a-z]{3,}", stem) if w not in {"final", "copy", "new", "draft", "img", "image", "file", "scan"})
    return out


def named(att: Attachment, text: str) -> bool:
    low = text.lower()
    return att.filename.lower() in low or PurePath(att.filename).stem.lower() in low


def described(att: Attachment, files: list[Attachment], text: str) -> bool:
    """Does `text` say which file `att` is: its name, or a word of its name
    that tells it apart (a company name on every file tells nothing)?"""
    if named(att, text):
        return True
    others = [set(name_tokens(f)) for f in files if f is not att]
    shared = set.intersection(*others) if others else set()
    low = text.lower()
    return any(tok in low for tok in name_tokens(att) if tok not in shared)


_ORDINAL = re.compile(
    r"附件\s?[一二三四五六七八九十\d]|第[一二三四五六七八九十\d]+(?:个|份|张)?附件|(?:attachment|file|enclosure)\s?#?\d"
    r"|\b(?:the )?(?:first|second|third|fourth|fifth|other|last)\b(?! (?:time|week|day|half|quarter|step))"
    r"|第[一二三四五六七八九十]+(?:个|份|张|页)|(?:^|\n)\s*(?:\d+[.、)）]|[-*•])\s*\S",
    re.IGNORECASE,
)


def described_by_list(files: list[Attachment], text: str) -> bool:
    """'附件一是…，附件二是…' / a list with a line per file."""
    return len(_ORDINAL.findall(text)) >= len(files)


@check_kind("attachment-claim", vocab=("claims", "negations"))
def attachment_claim(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """The body claims an attachment and there is none."""
    if ctx.message.attachments:
        return
    body = ctx.message.body
    m = search(rule, "claims", body)
    if m and not search(rule, "negations", body[max(0, m.start() - 15) : m.end() + 15]):
        yield hit_at("body", body, m)


@check_kind("attachment-file")
def attachment_file(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """A plain draft's `Attach:` names a file that is not there (mail/parse.py
    looks in the draft's folder, then the working directory)."""
    for att in ctx.message.attachments:
        if att.missing:
            yield Hit(part="attachments", excerpt=att.filename, detail=att.filename)


@check_kind("attachment-mention", vocab=("mentions",))
def attachment_mention(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """Files attached, and the body never refers to them."""
    # a calendar invitation's .ics is the invitation itself, not a file to explain
    files = [a for a in ctx.message.attachments
             if not (a.content_type.startswith("text/calendar") or a.filename.lower().endswith((".ics", ".vcs")))]
    if not files:
        return
    said = _said(ctx)
    if search(rule, "mentions", said):
        return
    if any(named(a, said) for a in files):
        return
    yield Hit(part="attachments", excerpt=", ".join(a.filename for a in files[:4]))


@check_kind("attachment-count", required={"max": int})
def attachment_count(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    files = ctx.message.attachments
    limit = ctx.options["max"]
    if len(files) > limit:
        yield Hit(part="attachments", excerpt=", ".join(a.filename for a in files[:6]),
                  detail=ctx.note("attachment-count", count=len(files), limit=limit))


@check_kind("attachment-name", vocab=("bad_names",))
def attachment_name(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    if not ctx.message.attachments:
        return
    entries = tuple(rule.vocab.get("bad_names", {}).get("any", [])) + tuple(
        rule.vocab.get("bad_names", {}).get("zh", []) + rule.vocab.get("bad_names", {}).get("en", [])
    )
    pat = compile_entries(tuple(f"/^(?:{e.strip('/')})$/" for e in entries))
    if pat is None:
        return
    for att in ctx.message.attachments:
        stem = PurePath(att.filename).stem.strip()
        if pat.match(stem):
            yield Hit(part="attachments", excerpt=att.filename, detail=ctx.note("file-names", names=att.filename))


@check_kind("attachment-described", options={"min": int})
def attachment_described(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    files = ctx.message.attachments
    if len(files) < ctx.options.get("min", 2):
        return
    said = _said(ctx)
    if described_by_list(files, said):
        return
    unknown = [a for a in files if not described(a, files, said)]
    if unknown:
        yield Hit(part="attachments", excerpt=", ".join(a.filename for a in unknown[:4]),
                  detail=ctx.note("file-names", names=ctx.join([a.filename for a in unknown[:4]])))


@check_kind("attachment-format", vocab=("how_to_open",), required={"extensions": list})
def attachment_format(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    exts = {e.lower().lstrip(".") for e in ctx.options["extensions"]}
    special = [a for a in ctx.message.attachments if PurePath(a.filename).suffix.lower().lstrip(".") in exts]
    if not special or search(rule, "how_to_open", _said(ctx)):  # the file first: most mail has none
        return
    for att in special:
        yield Hit(part="attachments", excerpt=att.filename, detail=ctx.note("file-names", names=att.filename))


def real_attachments(message: Message) -> list[Attachment]:
    return list(message.attachments)


__all__ = ["described", "excerpt", "real_attachments"]
