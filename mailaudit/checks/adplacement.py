"""Ad-placement workflow checks: an instruction must be complete and must
reach the operations group. Both read the instructions the evidence
extractor finds in the author's own text (mailaudit/extract/extract.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..engine.kinds import CheckContext, Hit, check_kind
from ..engine.rules import Rule
from .common import excerpt, label

if TYPE_CHECKING:
    from ..extract.model import Instruction

PARTS = ("slot", "window", "advertiser")

def instructions_of(ctx: CheckContext) -> list[Instruction]:
    # extract() keeps the last message's result: both rules (and a scan's
    # evidence intake) read it once. Imported here: a lint without the preview
    # rules never extracts, and extract/ costs ~60 ms to import.
    from ..extract.extract import extract

    return extract(ctx.message, ctx.settings)


def missing_parts(ins: Instruction, required: list[str]) -> list[str]:
    """What a complete instruction says and this one does not."""
    if "classifier" in ins.basis:
        # A request read by the trained classifier (extract/detector.py) was found because
        # the cue patterns could not read it: a part not read is no proof that none is written.
        return []
    present = {
        "slot": bool(ins.slots),
        # A window written but not placeable in time (a draft has no Date header)
        # is still a window.
        "window": bool(ins.start or ins.end or ins.window_text),
        "advertiser": bool(ins.advertiser),
    }
    return [p for p in required if not present.get(p, True)]


@check_kind("adplacement-incomplete", options={"require": list, "labels": dict}, needs_nlp=True)
def adplacement_incomplete(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """A placement instruction without a slot, a time window or an advertiser."""
    required = [p for p in ctx.options.get("require", PARTS) if p in PARTS]
    seen: set[tuple] = set()
    for ins in instructions_of(ctx):
        missing = missing_parts(ins, required)
        if not missing:
            continue
        key = (ins.span, tuple(missing))
        if key in seen:
            continue
        seen.add(key)
        detail = ctx.note("missing-parts", what=ctx.join([label(ctx.options, p, ctx.lang) for p in missing]))
        body = ctx.message.body
        if ins.span:
            lo, hi = ins.span
            yield Hit(part="body", span=(lo, hi), excerpt=excerpt(body, lo, hi), detail=detail)
        else:
            yield Hit(part="body", excerpt=excerpt(body), detail=detail)


@check_kind("adplacement-ops-not-copied", options={"require_all": bool}, needs_nlp=True)
def adplacement_ops_not_copied(rule: Rule, ctx: CheckContext) -> Iterator[Hit]:
    """A placement instruction that does not go to the operations group."""
    group = ctx.settings.ops_group  # [workflow] ops_group, lower case
    if not group:
        return  # no group configured: nothing to check against
    copied = {a.email.lower() for a in ctx.message.recipients}
    if ctx.options.get("require_all"):
        absent = [a for a in group if a not in copied]
        if not absent:
            return
    else:
        if copied & set(group):
            return
        absent = group
    if not instructions_of(ctx):
        return
    shown = ", ".join(a.email for a in ctx.message.recipients) or ctx.note("nobody")
    yield Hit(part="to", excerpt=shown, detail=ctx.note("not-copied", who=ctx.join(list(absent))))


__all__ = ["adplacement_incomplete", "adplacement_ops_not_copied", "instructions_of", "missing_parts"]
