"""`mailaudit evidence verify`: does everything still match what was taken in?

Walks the ledger from the first entry and checks, for each entry:
  * the chain: consecutive seq, prev_hash = the previous entry_hash, entry_hash
    = SHA-256(prev_hash + body);
  * the message: the raw bytes kept in the store still hash to the entry's SHA-256;
  * the rows it vouches for: the instruction row (every column) and the
    message's DKIM row equal what follows from the entries.
Then rows that no entry vouches for (inserted behind the ledger's back), and
optionally a head hash written down earlier (`expect_head`), which catches a
log cut short at its end.

Every mismatch is kept, ordered by entry; the first one is the answer to "since
when can this log not be trusted".

With `recheck_dkim`, messages whose DKIM result was `temperror` (DNS was not
reachable) are verified again; a definite answer is appended as a new `dkim`
entry (the old entry stays, as the chain requires).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import ledger
from .dkim_check import DnsFunc, check_dkim, utc_now
from .records import INSTRUCTIONS, MESSAGES, ensure_tables, instruction_row, message_row

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..store.store import Store


@dataclass(frozen=True)
class Mismatch:
    seq: int
    what: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "what": self.what}


@dataclass
class VerifyReport:
    entries: int = 0
    instructions: int = 0
    messages: int = 0
    head_seq: int = 0
    head_hash: str = ledger.GENESIS
    problems: list[Mismatch] = field(default_factory=list)
    dkim_rechecked: list[dict[str, Any]] = field(default_factory=list)
    extraction_failures: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Mismatch | None:
        return self.problems[0] if self.problems else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "instructions": self.instructions,
            "messages": self.messages,
            "head": {"seq": self.head_seq, "hash": self.head_hash},
            "first_mismatch": self.first.to_dict() if self.first else None,
            "problems": [p.to_dict() for p in self.problems],
            "dkim_rechecked": self.dkim_rechecked,
            "extraction_failures": self.extraction_failures,
        }


def _row_difference(expected: dict[str, Any], actual: dict[str, Any]) -> str | None:
    for key, value in expected.items():
        if actual.get(key) != value:
            return f"{key} is {actual.get(key)!r}, the ledger says {value!r}"
    return None


class _Hashes:
    """Each stored message hashed once, however many entries name it."""

    def __init__(self, store: Store):
        self.store = store
        self.seen: dict[str, str | None] = {}

    def problem(self, sha256: str) -> str | None:
        if sha256 not in self.seen:
            raw = self.store.raw(sha256)
            if raw is None:
                self.seen[sha256] = "the raw message is missing from the store"
            elif hashlib.sha256(raw).hexdigest() != sha256:
                self.seen[sha256] = (
                    f"the stored raw message now hashes to {hashlib.sha256(raw).hexdigest()[:16]}…,"
                    f" not {sha256[:16]}… (the message bytes were changed)"
                )
            else:
                self.seen[sha256] = None
            return self.seen[sha256]
        return None  # reported at its first entry only


def verify_evidence(
    store: Store,
    *,
    expect_head: str | None = None,
    recheck_dkim: bool = False,
    dnsfunc: DnsFunc | None = None,
    settings: Settings | None = None,
    now: Callable[[], str] | None = None,
) -> VerifyReport:
    db = store.db
    ensure_tables(db)
    report = VerifyReport()
    problems: list[Mismatch] = []
    hashes = _Hashes(store)
    vouched_ids: set[int] = set()
    # sha256 -> (first seq, seq of the latest DKIM result, that result)
    messages: dict[str, tuple[int, int, dict[str, Any]]] = {}
    seen_hashes: set[str] = set()
    for entry, broken in ledger.verify_chain(ledger.entries(db)):
        report.entries += 1
        report.head_seq, report.head_hash = entry.seq, entry.entry_hash
        seen_hashes.add(entry.entry_hash)
        if broken:
            # A gap is reported at the first missing seq, where the log stops being whole.
            at = report.head_seq if not broken.startswith("entr") else _first_missing(broken, entry.seq)
            problems.append(Mismatch(at, broken))
        try:
            data = json.loads(entry.body)
        except ValueError:
            continue
        bad_message = hashes.problem(entry.sha256)
        if bad_message:
            problems.append(Mismatch(entry.seq, f"message {entry.sha256[:12]}: {bad_message}"))
        if entry.kind == "instruction":
            vouched_ids.add(entry.seq)
            problems.extend(_check_instruction(db, entry.seq, data))
        dkim = data.get("dkim")
        if dkim is not None:
            first = messages.get(entry.sha256, (entry.seq, 0, {}))[0]
            messages[entry.sha256] = (first, entry.seq, dkim)
    report.instructions = len(vouched_ids)
    report.messages = len(messages)
    problems.extend(_check_messages(db, messages))
    problems.extend(_unvouched(db, vouched_ids, set(messages)))
    if expect_head and expect_head not in seen_hashes:
        problems.append(
            Mismatch(
                report.head_seq + 1,
                f"the recorded head {expect_head[:16]}… is not in the chain"
                " (entries were removed from its end, or it was rebuilt)",
            )
        )
    report.problems = sorted(problems, key=lambda p: p.seq)
    report.extraction_failures = db.execute("SELECT COUNT(*) FROM evidence_problems").fetchone()[0]
    if recheck_dkim and report.ok:
        report.dkim_rechecked = recheck_temperrors(store, dnsfunc=dnsfunc, settings=settings, now=now)
        report.head_seq, report.head_hash = ledger.head(db)
    return report


def _first_missing(reason: str, seq: int) -> int:
    words = reason.split()  # "entry 3 missing: ..." / "entries 3-5 missing: ..."
    try:
        return int(words[1].split("-")[0])
    except (IndexError, ValueError):
        return seq


def _check_instruction(db, seq: int, data: dict[str, Any]) -> list[Mismatch]:
    try:
        expected = instruction_row(data)
    except (KeyError, TypeError) as exc:
        return [Mismatch(seq, f"instruction entry is incomplete ({exc})")]
    rows = list(db.query(f"SELECT * FROM {INSTRUCTIONS} WHERE id = ?", [seq]))
    if not rows:
        return [Mismatch(seq, f"instruction row {seq} is missing")]
    diff = _row_difference(expected, rows[0])
    return [Mismatch(seq, f"instruction row {seq}: {diff}")] if diff else []


def _check_messages(db, messages: dict[str, tuple[int, int, dict[str, Any]]]) -> list[Mismatch]:
    out = []
    for sha256, (first, dkim_seq, dkim) in messages.items():
        rows = list(db.query(f"SELECT * FROM {MESSAGES} WHERE sha256 = ?", [sha256]))
        if not rows:
            out.append(Mismatch(first, f"message {sha256[:12]}: its evidence row is missing"))
            continue
        diff = _row_difference(message_row(sha256, first, dkim_seq, dkim), rows[0])
        if diff:
            out.append(Mismatch(dkim_seq, f"message {sha256[:12]}: {diff}"))
    return out


def _unvouched(db, ids: set[int], hashes: set[str]) -> list[Mismatch]:
    out = []
    for (rid,) in db.execute(f"SELECT id FROM {INSTRUCTIONS} ORDER BY id"):
        if rid not in ids:
            out.append(Mismatch(rid, f"instruction row {rid} has no ledger entry (added behind the ledger, or its entry was deleted)"))
    for sha256, first in db.execute(f"SELECT sha256, first_seq FROM {MESSAGES}"):
        if sha256 not in hashes:
            out.append(Mismatch(first or 0, f"message {sha256[:12]} has no ledger entry"))
    return out


def recheck_temperrors(
    store: Store,
    *,
    dnsfunc: DnsFunc | None = None,
    settings: Settings | None = None,
    now: Callable[[], str] | None = None,
) -> list[dict[str, Any]]:
    """Verify DKIM again where DNS was unreachable; append definite answers."""
    from .ingest import dkim_timeout

    db = store.db
    ensure_tables(db)
    clock = now or utc_now
    done = []
    pending = list(
        db.query(f"SELECT sha256, first_seq FROM {MESSAGES} WHERE dkim_result = 'temperror' ORDER BY first_seq")
    )
    for row in pending:
        raw = store.raw(row["sha256"])
        if raw is None:
            continue
        result = check_dkim(raw, dnsfunc=dnsfunc, timeout=dkim_timeout(settings), now=clock).to_dict()
        outcome = {"sha256": row["sha256"], "result": result["result"], "reason": result["reason"]}
        if result["result"] != "temperror":
            with db.atomic():
                entry = ledger.append(db, "dkim", row["sha256"], clock(), {"dkim": result})
                db[MESSAGES].insert(
                    message_row(row["sha256"], row["first_seq"], entry.seq, result), replace=True
                )
            outcome["seq"] = entry.seq
        done.append(outcome)
    return done


__all__ = ["Mismatch", "VerifyReport", "recheck_temperrors", "verify_evidence"]
