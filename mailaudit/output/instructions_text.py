"""Output of `mailaudit evidence extract` and `mailaudit evidence reconcile`:
plain records (JSON) and a readable text form of the same."""

from __future__ import annotations

from collections.abc import Iterable

from ..evidence.reconcile import AS_INSTRUCTED, DIFFERS, NOT_FOUND, Reconciliation
from ..extract.model import Instruction
from ..mail.charsets import safe_json
from ..mail.message import Message


def message_record(message: Message, instructions: list[Instruction]) -> dict:
    return {
        "source": message.source,
        "message_id": message.message_id,
        "instructions": [i.record() for i in instructions],
    }


def extract_json(results: Iterable[tuple[Message, list[Instruction]]]) -> str:
    return safe_json([message_record(m, ins) for m, ins in results], indent=2) + "\n"


def _window(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "no window"
    return f"{start or '?'} → {end or 'open'}"


def instruction_line(ins: Instruction) -> str:
    slots = ", ".join(f"{s.slot} ({s.text})" if s.text.lower() != s.slot else s.slot for s in ins.slots) or "no slot"
    parts = [f"{ins.action:<7}", slots, _window(ins.start, ins.end), f"advertiser {ins.advertiser or '-'}"]
    if ins.campaign:
        parts.append(f"campaign {ins.campaign}")
    if ins.creative:
        parts.append(f"creative {ins.creative}")
    return "  ".join(parts)


def extract_text(results: Iterable[tuple[Message, list[Instruction]]], *, all_messages: bool = False) -> str:
    lines: list[str] = []
    total = with_some = found = 0
    for message, instructions in results:
        total += 1
        found += len(instructions)
        with_some += bool(instructions)
        if not instructions and not all_messages:
            continue
        who = message.sender[0].email if message.sender else "?"
        when = message.date.isoformat() if message.date else "no date"
        lines.append(f"{message.source}  {message.message_id or ''}  from {who}  {when}")
        if not instructions:
            lines.append("  (no placement instruction)")
        lines.extend(f"  {instruction_line(i)}" for i in instructions)
    lines.append(f"{found} instruction(s) in {with_some} of {total} message(s)")
    return "\n".join(lines) + "\n"


def reconcile_json(result: Reconciliation) -> str:
    return safe_json(result.to_dict(), indent=2) + "\n"


def reconcile_text(result: Reconciliation) -> str:
    lines: list[str] = []
    marks = {AS_INSTRUCTED: "ok  ", DIFFERS: "DIFF", NOT_FOUND: "MISS"}
    for o in result.outcomes:
        ins = o.instruction
        lines.append(f"{marks[o.status]}  {o.status:<13}  {instruction_line(ins)}")
        lines.append(f"      asked by {ins.requester or '?'} on {ins.date or '?'}  ({ins.source})")
        if o.operation:
            op = o.operation
            lines.append(f"      log line {op.line}: {op.action or '?'} {op.slot or '?'} for {op.advertiser or '?'} "
                         f"{_window(op.start.iso() if op.start else None, op.end.iso() if op.end else None)} "
                         f"by {op.operator or '?'} at {op.time.iso() if op.time else '?'}")
        for d in o.differences:
            lines.append(f"      {d.field}: asked {d.instructed}, configured {d.configured}")
    if result.unasked:
        lines.append("Operations with no instruction behind them:")
        for op in result.unasked:
            lines.append(f"  log line {op.line}: {op.action or '?'} {op.slot or '?'} for {op.advertiser or '?'} "
                         f"{_window(op.start.iso() if op.start else None, op.end.iso() if op.end else None)} "
                         f"by {op.operator or '?'} at {op.time.iso() if op.time else '?'}")
    s = result.to_dict()["summary"]
    lines.append(f"{s[AS_INSTRUCTED]} as instructed, {s[DIFFERS]} differ, {s[NOT_FOUND]} not found; "
                 f"{s['operations_without_instruction']} operation(s) without instruction")
    return "\n".join(lines) + "\n"


__all__ = ["extract_json", "extract_text", "message_record", "reconcile_json", "reconcile_text"]
