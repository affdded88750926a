"""Reconciliation: what the mail asked against what the ad server's
operation log says was configured.

`read_oplog(path, settings)` reads the log (CSV or JSON Lines; columns time,
operator, slot, advertiser, start, end, action, named as the team's log names
them - see rules/vocab/oplog.yaml and `[evidence] oplog_columns`).
`reconcile(instructions, operations)` matches each instruction to the
operation that carried it out and marks it `as-instructed`, `differs` (which
field, both values) or `not-found`; operations no instruction asked for are
listed too. Slots on both sides go through the same slot vocabulary.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine.rules import builtin_rules_dir
from ..errors import ConfigError, InputError
from ..extract.model import Instruction
from ..extract.slots import SlotVocabulary, load_slot_vocabulary, squash
from ..mail.textutil import load_yaml

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

FIELDS = ("time", "operator", "slot", "advertiser", "start", "end", "action")
AS_INSTRUCTED, DIFFERS, NOT_FOUND = "as-instructed", "differs", "not-found"
# Which operations can carry out which instruction.
COMPATIBLE = {
    "place": {"place", "add"},
    "add": {"place", "add"},
    "change": {"change", "place"},
    "extend": {"extend", "change"},
    "cancel": {"cancel", "change"},
}
NEAR_DAYS = 60  # an operation this long before/after the instruction is not its doing


@lru_cache(maxsize=1)
def _oplog_vocab() -> dict[str, Any]:
    path = builtin_rules_dir() / "vocab" / "oplog.yaml"
    return load_yaml(path.read_text(encoding="utf-8"))


def column_names(settings: Settings | None) -> dict[str, list[str]]:
    """field -> column names to look for, the team's own first."""
    names = {k: list(v) for k, v in _oplog_vocab()["columns"].items()}
    given = settings.section("evidence").get("oplog_columns", {}) if settings else {}
    for key, value in given.items():
        if key not in FIELDS:
            where = settings.path if settings and settings.path else "config"
            raise ConfigError(f"{where}: evidence.oplog_columns has unknown field '{key}'",
                              hint=f"fields: {', '.join(FIELDS)}")
        names[key] = [str(value), *names.get(key, [])]
    return names


def normalise_action(value: str | None) -> str | None:
    if not value:
        return None
    low = value.strip().lower()
    for action, words in _oplog_vocab()["actions"].items():
        if low in (str(w).lower() for w in words):
            return action
    return low


# ----------------------------------------------------------------- moments


@dataclass(frozen=True, order=True)
class When:
    """A date, or a date and time, as an instruction or a log gives it."""

    day: date
    minutes: int | None = None  # minutes after midnight; 1440 = 24:00

    @property
    def has_time(self) -> bool:
        return self.minutes is not None

    def iso(self) -> str:
        if self.minutes is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.minutes // 60:02d}:{self.minutes % 60:02d}"

    def instant(self) -> datetime:
        return datetime(self.day.year, self.day.month, self.day.day) + timedelta(minutes=self.minutes or 0)


_WHEN = re.compile(
    r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s]+(\d{1,2})[:：](\d{2})(?::\d{2}(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_when(value: Any) -> When | None:
    """'2024-06-01', '2024-06-01T10:00', '2024/6/1 10:00:00', '2024-06-07T24:00' -> When."""
    if value is None or value == "":
        return None
    m = _WHEN.match(str(value))
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if m.group(4) is None:
        return When(day)
    return When(day, int(m.group(4)) * 60 + int(m.group(5)))


def same_time(instructed: When | None, configured: When | None, *, is_end: bool = False) -> bool:
    """Equal at the precision the instruction was given in. An end of "24:00"
    or of a whole day equals a configured 23:59(:59) or next-day 00:00."""
    if instructed is None or configured is None:
        return instructed is configured
    if not instructed.has_time or not configured.has_time:
        a, b = instructed.day, configured.day
        # an end configured as the next day's 00:00 is the end of the day asked for
        return a == b or (is_end and configured.minutes == 0 and b == a + timedelta(days=1))
    gap = abs((instructed.instant() - configured.instant()).total_seconds())
    return gap <= 60


# ----------------------------------------------------------------- the log


@dataclass
class Operation:
    line: int  # 1-based data row (CSV: after the header)
    time: When | None = None
    operator: str | None = None
    slot: str | None = None
    slot_key: str | None = None
    advertiser: str | None = None
    start: When | None = None
    end: When | None = None
    action: str | None = None  # normalised: place/add/change/extend/cancel (or as written)
    raw: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "line": self.line,
            "time": self.time.iso() if self.time else None,
            "operator": self.operator,
            "slot": self.slot,
            "slot_key": self.slot_key,
            "advertiser": self.advertiser,
            "start": self.start.iso() if self.start else None,
            "end": self.end.iso() if self.end else None,
            "action": self.action,
        }


def _pick(row: dict[str, Any], names: list[str]) -> Any:
    lowered = {str(k).strip().lower(): v for k, v in row.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value not in (None, ""):
            return value
    return None


def _operation(line: int, row: dict[str, Any], names: dict[str, list[str]], vocab: SlotVocabulary) -> Operation:
    text = {f: _pick(row, names.get(f, [f])) for f in FIELDS}
    slot = str(text["slot"]).strip() if text["slot"] is not None else None
    return Operation(
        line=line,
        time=parse_when(text["time"]),
        operator=str(text["operator"]).strip() if text["operator"] else None,
        slot=slot,
        slot_key=vocab.normalise(slot),
        advertiser=str(text["advertiser"]).strip() if text["advertiser"] else None,
        start=parse_when(text["start"]),
        end=parse_when(text["end"]),
        action=normalise_action(str(text["action"]) if text["action"] else None),
        raw=dict(row),
    )


def _is_jsonl(path: Path, head: str) -> bool:
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return True
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return False
    return head.lstrip().startswith("{")


def read_oplog(path: str | Path, settings: Settings | None = None) -> list[Operation]:
    """The operations of a CSV or JSON Lines log."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such operation log") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the operation log ({exc})") from None
    names = column_names(settings)
    vocab = load_slot_vocabulary(settings)
    ops: list[Operation] = []
    if _is_jsonl(path, text[:200]):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not a JSON object ({exc.msg})",
                                 hint="a JSON Lines log has one object per line") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}:{n}: not a JSON object")
            ops.append(_operation(n, row, names, vocab))
    else:
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
        reader = csv.DictReader(text.splitlines(), dialect=dialect)
        headers = [h.strip().lower() for h in reader.fieldnames or []]
        if not any(n.lower() in headers for n in names["slot"]):
            raise InputError(f"{path}: no slot column (looked for {', '.join(names['slot'][:4])} ...)",
                             hint="map it in mailaudit.toml: [evidence] oplog_columns = {slot = \"...\"}")
        for n, row in enumerate(reader, 1):
            ops.append(_operation(n, row, names, vocab))
    return ops


# ----------------------------------------------------------------- matching


@dataclass(frozen=True)
class Difference:
    field: str
    instructed: Any
    configured: Any

    def to_dict(self) -> dict:
        return {"field": self.field, "instructed": self.instructed, "configured": self.configured}


@dataclass
class Outcome:
    instruction: Instruction
    status: str  # as-instructed | differs | not-found
    operation: Operation | None = None
    differences: list[Difference] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "instruction": {**self.instruction.record(), "requester": self.instruction.requester,
                            "date": self.instruction.date, "message_id": self.instruction.message_id,
                            "source": self.instruction.source},
            "operation": self.operation.to_dict() if self.operation else None,
            "differences": [d.to_dict() for d in self.differences],
        }


@dataclass
class Reconciliation:
    outcomes: list[Outcome]
    unasked: list[Operation]  # operations no instruction asked for

    def to_dict(self) -> dict:
        counts = {s: sum(o.status == s for o in self.outcomes) for s in (AS_INSTRUCTED, DIFFERS, NOT_FOUND)}
        return {
            "summary": {**counts, "operations_without_instruction": len(self.unasked)},
            "instructions": [o.to_dict() for o in self.outcomes],
            "operations_without_instruction": [op.to_dict() for op in self.unasked],
        }


def same_advertiser(a: str | None, b: str | None) -> bool:
    """'Acme' and 'ACME Corp', '蒙牛' and '蒙牛乳业' are one advertiser."""
    if not a or not b:
        return False
    x, y = squash(a), squash(b)
    return x == y or (min(len(x), len(y)) >= 2 and (x in y or y in x))


def _base(key: str | None) -> str | None:
    return re.sub(r"-\d+$", "", key) if key else None


def _instructed_at(ins: Instruction) -> datetime | None:
    if not ins.date:
        return None
    try:
        return datetime.fromisoformat(ins.date).replace(tzinfo=None)
    except ValueError:
        return None


def _near(ins: Instruction, op: Operation) -> bool:
    """The operation happened around the instruction: not before the mail (a
    day's slack for zones), not months after it."""
    sent = _instructed_at(ins)
    when = op.time or op.start
    if sent is None or when is None:
        return True
    moment = when.instant()
    return sent - timedelta(days=1) <= moment <= sent + timedelta(days=NEAR_DAYS)


def _target_slot(ins: Instruction) -> str | None:
    # (a move's old slot is kept apart, in `moved_from`; a record stored before that
    # names the old slot then the new one: the new one is configured)
    return ins.slots[-1].slot if ins.slots else None


def differences(ins: Instruction, op: Operation) -> list[Difference]:
    out: list[Difference] = []
    slot = _target_slot(ins)
    if slot and op.slot_key != slot:
        out.append(Difference("slot", slot, op.slot_key or op.slot))
    if ins.advertiser and op.advertiser and not same_advertiser(ins.advertiser, op.advertiser):
        out.append(Difference("advertiser", ins.advertiser, op.advertiser))
    if ins.action and op.action and op.action not in COMPATIBLE.get(ins.action, {ins.action}):
        out.append(Difference("action", ins.action, op.action))
    start, end = parse_when(ins.start), parse_when(ins.end)
    if ins.action == "cancel":
        # A cancel takes effect on `start`; the log shows it as the new end or
        # as the time the slot was taken down.
        stopped = op.end or op.time
        if start and stopped and not (same_time(start, stopped) or same_time(start, stopped, is_end=True)):
            out.append(Difference("start", ins.start, stopped.iso()))
        return out
    if start and not same_time(start, op.start):
        out.append(Difference("start", ins.start, op.start.iso() if op.start else None))
    if end and not same_time(end, op.end, is_end=True):
        out.append(Difference("end", ins.end, op.end.iso() if op.end else None))
    return out


def _score(ins: Instruction, op: Operation) -> int | None:
    """How well an operation fits an instruction; None when it cannot be its doing."""
    if not _near(ins, op):
        return None
    slot = _target_slot(ins)
    same_slot = bool(slot) and op.slot_key == slot
    same_base = bool(slot) and _base(op.slot_key) == _base(slot)
    same_adv = same_advertiser(ins.advertiser, op.advertiser)
    if ins.advertiser and op.advertiser and not same_adv:
        return None  # another advertiser's operation
    if not (same_adv or same_base):
        return None
    compatible = op.action in COMPATIBLE.get(ins.action, {ins.action})
    if not (same_base or compatible):
        return None  # another slot, and not what was asked: some other job
    score = 4 * same_slot + 2 * same_base + 3 * same_adv
    if op.action in COMPATIBLE.get(ins.action, {ins.action}):
        score += 3
    start, end = parse_when(ins.start), parse_when(ins.end)
    score += 2 * bool(start and same_time(start, op.start)) + 2 * bool(end and same_time(end, op.end, is_end=True))
    return score


def reconcile(instructions: Iterable[Instruction], operations: list[Operation]) -> Reconciliation:
    """Match instructions to operations, one operation each: the best-fitting
    pairs first (then the older instruction, the earlier log line)."""
    ordered = sorted(instructions, key=lambda i: (_instructed_at(i) or datetime.min, i.source))
    pairs = []
    for n, ins in enumerate(ordered):
        for op in operations:
            score = _score(ins, op)
            if score is not None:
                pairs.append((-score, n, op.line, op))
    pairs.sort(key=lambda p: p[:3])
    chosen: dict[int, Operation] = {}
    used: set[int] = set()
    for _, n, line, op in pairs:
        if n in chosen or line in used:
            continue
        chosen[n] = op
        used.add(line)
    outcomes: list[Outcome] = []
    for n, ins in enumerate(ordered):
        op = chosen.get(n)
        if op is None:
            outcomes.append(Outcome(ins, NOT_FOUND))
            continue
        diff = differences(ins, op)
        outcomes.append(Outcome(ins, DIFFERS if diff else AS_INSTRUCTED, op, diff))
    unasked = [op for op in operations if op.line not in used]
    return Reconciliation(outcomes, unasked)


__all__ = [
    "AS_INSTRUCTED", "DIFFERS", "NOT_FOUND", "Difference", "Operation", "Outcome", "Reconciliation",
    "When", "column_names", "differences", "normalise_action", "parse_when", "read_oplog", "reconcile",
    "same_advertiser", "same_time",
]
