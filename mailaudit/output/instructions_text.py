"""Output of `mailaudit evidence extract` and `mailaudit evidence reconcile`:
plain records (JSON) and a readable text form of the same."""

from __future__ import annotations

from collections.abc import Iterable

from ..evidence.reconcile import AS_INSTRUCTED, DIFFERS, NOT_FOUND, Reconciliation
from ..extract.model import Instruction
from ..mail.charsets import safe_json
from ..mail.message import Message
from .i18n import join, t, translate


def message_record(message: Message, instructions: list[Instruction]) -> dict:
    return {
        "source": message.source,
        "message_id": message.message_id,
        "instructions": [i.record() for i in instructions],
    }


def extract_json(results: Iterable[tuple[Message, list[Instruction]]]) -> str:
    return safe_json([message_record(m, ins) for m, ins in results], indent=2) + "\n"


def _window(start: str | None, end: str | None, lang: str = "en") -> str:
    if not start and not end:
        return t("ins-no-window", lang)
    return f"{start or '?'} → {end or t('ins-open', lang)}"


def instruction_line(ins: Instruction, lang: str = "en") -> str:
    def named(refs: list) -> str:
        return join([f"{s.slot} ({s.text})" if s.text.lower() != s.slot else s.slot for s in refs], lang)

    slots = named(ins.slots) or t("ins-no-slot", lang)
    if ins.moved_from:
        slots += " " + t("ins-moved-from", lang, slots=named(ins.moved_from))
    parts = [f"{ins.action:<7}", slots, _window(ins.start, ins.end, lang),
             t("ins-advertiser", lang, name=ins.advertiser or "-")]
    if ins.campaign:
        parts.append(t("ins-campaign", lang, name=ins.campaign))
    if ins.creative:
        parts.append(t("ins-creative", lang, name=ins.creative))
    return "  ".join(parts)


def extract_text(results: Iterable[tuple[Message, list[Instruction]]], *, all_messages: bool = False,
                 lang: str = "en") -> str:
    lines: list[str] = []
    total = with_some = found = 0
    for message, instructions in results:
        total += 1
        found += len(instructions)
        with_some += bool(instructions)
        if not instructions and not all_messages:
            continue
        who = message.sender[0].email if message.sender else "?"
        when = message.date.isoformat() if message.date else t("ins-no-date", lang)
        lines.append(t("ins-message", lang, source=message.source, message_id=message.message_id or "", who=who,
                       when=when))
        if not instructions:
            lines.append(t("ins-none", lang))
        lines.extend(f"  {instruction_line(i, lang)}" for i in instructions)
    lines.append(t("ins-count", lang, found=found, with_some=with_some, total=total))
    return "\n".join(lines) + "\n"


def reconcile_json(result: Reconciliation) -> str:
    return safe_json(result.to_dict(), indent=2) + "\n"


def _operation(op, lang: str) -> str:
    return t("rec-operation", lang, line=op.line, action=op.action or "?", slot=op.slot or "?",
             advertiser=op.advertiser or "?",
             window=_window(op.start.iso() if op.start else None, op.end.iso() if op.end else None, lang),
             operator=op.operator or "?", time=op.time.iso() if op.time else "?")


def reconcile_text(result: Reconciliation, lang: str = "en") -> str:
    lines: list[str] = []
    marks = {AS_INSTRUCTED: "ok  ", DIFFERS: "DIFF", NOT_FOUND: "MISS"}
    for o in result.outcomes:
        ins = o.instruction
        lines.append(f"{marks[o.status]}  {o.status:<13}  {instruction_line(ins, lang)}")
        lines.append(t("rec-asked", lang, who=ins.requester or "?", date=ins.date or "?",
                       source=translate(ins.source, lang, "rec-source-")))
        if o.operation:
            lines.append("      " + _operation(o.operation, lang))
        for d in o.differences:
            lines.append(t("rec-difference", lang, field=d.field, instructed=d.instructed, configured=d.configured))
    if result.unasked:
        lines.append(t("rec-unasked", lang))
        for op in result.unasked:
            lines.append("  " + _operation(op, lang))
    s = result.to_dict()["summary"]
    lines.append(t("rec-summary", lang, ok=s[AS_INSTRUCTED], differs=s[DIFFERS], missing=s[NOT_FOUND],
                   unasked=s["operations_without_instruction"]))
    return "\n".join(lines) + "\n"


__all__ = ["extract_json", "extract_text", "message_record", "reconcile_json", "reconcile_text"]
