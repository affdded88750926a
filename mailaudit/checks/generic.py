"""General kinds for a team's own rules: a pattern that must not appear, and
a report that must carry each of several parts."""

from __future__ import annotations

from collections.abc import Iterator

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from .common import MAX_SCAN, hit_at, label, search


@check_kind("body-pattern", vocab=("match",))
def body_pattern(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """Fires where the body matches `match` (e.g. words a team bans)."""
    body = ctx.message.body
    m = search(rule, "match", body)
    if m:
        yield hit_at("body", body, m)


@check_kind("subject-pattern", vocab=("match",))
def subject_pattern(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    subject = ctx.message.subject
    m = search(rule, "match", subject)
    if m:
        yield hit_at("subject", subject, m)


@check_kind(
    "report-parts",
    vocab=("when", "unless"),
    vocab_from=("parts", "also"),
    required={"parts": list},
    options={"media_parts": list, "also": list, "gate": list, "labels": dict, "media_types": list},
)
def report_parts(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """When the mail is a report of a kind (`when`, on subject or body), every
    vocabulary listed in the `parts` option must be present; the finding names
    the missing ones. Attachments of the listed types count for `media` parts.
    The optional `gate` option lists substrings one of which any trigger
    contains: a cheap test that skips the trigger regexes for most mail.
    `also` names vocabularies that must match as well (positive evidence)."""
    msg = ctx.message
    said = f"{msg.subject}\n{msg.body}"
    gate = ctx.options.get("gate")
    if gate:
        # Plain substring tests run at memory speed; the trigger regexes do not.
        low = said[:MAX_SCAN].lower()
        if not any(word in low for word in gate):
            return
    trigger = search(rule, "when", said)
    if not trigger:
        return
    if search(rule, "unless", said):
        return
    # Positive evidence that the mail is such a report, beyond the trigger word:
    # each vocabulary named in `also` must match too (a defect report asks for
    # a fix; a news story or notice that mentions an outage does not).
    if any(not search(rule, name, said) for name in ctx.options.get("also", ())):
        return
    missing = []
    media_types = tuple(ctx.options.get("media_types", ("image/", "video/")))
    for part in ctx.options["parts"]:
        if search(rule, part, said):
            continue
        if part in ctx.options.get("media_parts", ()) and any(
            a.content_type.startswith(media_types) for a in (*msg.attachments, *msg.inline_parts)
        ):
            continue
        missing.append(label(ctx.options, part, ctx.lang))
    if missing:
        yield hit_at("body", msg.body, None, detail=ctx.note("missing-parts", what=ctx.join(missing)))
