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

The message rows are derived by records.MessageFold, the same fold intake
writes them with, so a mail with any number of instructions verifies.

With `recheck_dkim`, every kept signature is verified again offline against
the DNS key record kept in its (hashed) entry - a different verdict is a
mismatch - and messages whose DKIM result was `temperror` (DNS was not
reachable, no key kept) are verified again through DNS; a definite answer is
appended as a new `dkim` entry (the old entry stays, as the chain requires).
With `dkim_dns_now`, what today's DNS keys say is reported apart: keys are
rotated, so it is information, never a mismatch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import IntegrityError
from ..store.evidence import (
    all_instructions,
    all_message_rows,
    count_intake_problems,
    count_messages_not_evidence,
    instruction_ids,
    message_firsts,
    messages_with_dkim_temperror,
    put_message_row,
)
from . import ledger
from .dkim_check import DnsFunc, check_dkim, recheck_offline, utc_now
from .ingest import dkim_coverage
from .records import MessageFold, ensure_tables, instruction_row

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..store.store import Store


@dataclass(frozen=True)
class Mismatch:
    seq: int | None  # the entry named; None: the log's end (a recorded head is missing)
    what: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "what": self.what}

    def where(self) -> str:
        return f"entry {self.seq}" if self.seq is not None else "the end of the log"


@dataclass
class VerifyReport:
    entries: int = 0
    instructions: int = 0
    messages: int = 0
    head_seq: int = 0
    head_hash: str = ledger.GENESIS
    problems: list[Mismatch] = field(default_factory=list)
    dkim_rechecked: list[dict[str, Any]] = field(default_factory=list)
    dkim_offline: list[dict[str, Any]] = field(default_factory=list)  # against the kept keys
    dkim_dns_now: list[dict[str, Any]] = field(default_factory=list)  # what DNS says today
    extraction_failures: int = 0
    other_messages: int = 0  # stored by scans, not evidence: not vouched for, not checked

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
            "dkim_offline": self.dkim_offline,
            "dkim_dns_now": self.dkim_dns_now,
            "extraction_failures": self.extraction_failures,
            "other_messages": self.other_messages,
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
            self.seen[sha256] = raw_problem(self.store, sha256)
            return self.seen[sha256]
        return None  # reported at its first entry only


def raw_problem(store: Store, sha256: str) -> str | None:
    """Why the raw bytes kept for `sha256` are not the message, or None."""
    try:
        raw = store.raw(sha256)
    except IntegrityError as exc:  # the compressed blob itself was changed
        return str(exc)
    if raw is None:
        return "the raw message is missing from the store"
    digest = hashlib.sha256(raw).hexdigest()
    if digest != sha256:
        return (
            f"the stored raw message now hashes to {digest[:16]}…,"
            f" not {sha256[:16]}… (the message bytes were changed)"
        )
    return None


def verify_evidence(
    store: Store,
    *,
    expect_head: str | None = None,
    recheck_dkim: bool = False,
    dkim_dns_now: bool = False,
    dnsfunc: DnsFunc | None = None,
    settings: Settings | None = None,
    now: Callable[[], str] | None = None,
) -> VerifyReport:
    """Walk the whole log (see the module docstring). `recheck_dkim`: verify
    every signature again offline against the key kept at intake, and retry
    the messages whose key could not be fetched (temperror, asks DNS);
    `dkim_dns_now`: also report what DNS publishes today (never a mismatch)."""
    db = store.db
    ensure_tables(db)
    report = VerifyReport()
    problems: list[Mismatch] = []
    hashes = _Hashes(store)
    vouched_ids: set[int] = set()
    fold = MessageFold()
    firsts: dict[str, int] = {}
    # sha256 -> (seq, DKIM result) of the entry holding it; kept only for --dkim (memory)
    dkim_entries: dict[str, tuple[int, dict[str, Any]]] = {}
    found_head = expect_head is None
    rows = _RowsById(db)
    for entry, broken in ledger.verify_chain(ledger.entries(db)):
        report.entries += 1
        report.head_seq, report.head_hash = entry.seq, entry.entry_hash
        found_head = found_head or entry.entry_hash == expect_head
        if broken:
            # A gap is reported at the first missing seq, where the log stops being whole.
            at = report.head_seq if not broken.startswith("entr") else _first_missing(broken, entry.seq)
            problems.append(Mismatch(at, broken))
        try:
            data = json.loads(entry.body)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        bad_message = hashes.problem(entry.sha256)
        if bad_message:
            problems.append(Mismatch(entry.seq, f"message {entry.sha256[:12]}: {bad_message}"))
        if entry.kind == "instruction":
            vouched_ids.add(entry.seq)
            problems.extend(_check_instruction(rows, entry.seq, data))
            if not bad_message:
                problems.extend(_check_coverage(store, entry.seq, entry.sha256, data))
        firsts.setdefault(entry.sha256, entry.seq)
        if fold.apply(entry.seq, entry.kind, entry.sha256, data) is not None and (recheck_dkim or dkim_dns_now):
            dkim_entries[entry.sha256] = (entry.seq, data.get("dkim") or {})
    report.instructions = len(vouched_ids)
    report.messages = len(fold.rows)
    problems.extend(_check_messages(db, fold, firsts))
    problems.extend(_unvouched(db, vouched_ids, set(fold.rows)))
    if not found_head:
        problems.append(
            Mismatch(
                None,
                f"the recorded head {expect_head[:16]}… is in no entry of this log, which ends at"
                f" entry {report.head_seq}: entries were removed from its end, or it was rebuilt",
            )
        )
    report.problems = sorted(problems, key=lambda p: (p.seq is None, p.seq or 0))
    report.extraction_failures = count_intake_problems(db)
    report.other_messages = count_messages_not_evidence(db)
    if recheck_dkim or dkim_dns_now:
        problems_dkim = _dkim_again(store, report, dkim_entries, recheck_dkim, dkim_dns_now,
                                    dnsfunc=dnsfunc, settings=settings, now=now)
        report.problems.extend(problems_dkim)
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


class _RowsById:
    """The instruction rows in id order, read alongside the ledger (one scan,
    not one query per entry: a third of verify's time on 100,000 records)."""

    def __init__(self, db) -> None:
        self.rows = all_instructions(db)
        self.current: dict[str, Any] | None = next(self.rows, None)

    def get(self, rid: int) -> dict[str, Any] | None:
        while self.current is not None and self.current["id"] < rid:
            self.current = next(self.rows, None)  # rows without an entry: _unvouched names them
        return self.current if self.current is not None and self.current["id"] == rid else None


def _check_instruction(rows: _RowsById, seq: int, data: dict[str, Any]) -> list[Mismatch]:
    try:
        expected = instruction_row(data)
    except (KeyError, TypeError, AttributeError) as exc:
        return [Mismatch(seq, f"instruction entry is incomplete ({exc})")]
    row = rows.get(seq)
    if row is None:
        return [Mismatch(seq, f"instruction row {seq} is missing")]
    diff = _row_difference(expected, row)
    return [Mismatch(seq, f"instruction row {seq}: {diff}")] if diff else []


def _check_coverage(store: Store, seq: int, sha256: str, data: dict[str, Any]) -> list[Mismatch]:
    """`dkim_signed` recomputed from the raw bytes and the entry's own DKIM
    result (no DNS): an instruction recorded as signed must be in the signed text."""
    if "dkim_signed" not in data:  # written before coverage was recorded
        return []
    dkim, instruction = data.get("dkim"), data.get("instruction")
    if not isinstance(dkim, dict) or not isinstance(instruction, dict):
        return []  # named by the row checks
    if dkim.get("result") != "pass":
        expected: bool | None = None
    elif dkim.get("body_length") is None:
        expected = True
    else:  # l= cuts the body: only here is the message read again
        try:
            raw = store.raw(sha256)
            expected = dkim_coverage(raw, dkim, [instruction])[0] if raw is not None else data["dkim_signed"]
        except Exception as exc:  # a rebuilt entry with a malformed DKIM result
            return [Mismatch(seq, f"its DKIM result cannot be evaluated again ({type(exc).__name__})")]
    if expected != data["dkim_signed"]:
        return [Mismatch(
            seq,
            f"the entry says dkim_signed = {data['dkim_signed']!r}, but the message and its DKIM result"
            f" give {expected!r}",
        )]
    return []


def _check_messages(db, fold: MessageFold, firsts: dict[str, int]) -> list[Mismatch]:
    out = []
    seen = set()
    for row in all_message_rows(db):  # one scan; rows with no entry: _unvouched
        expected = fold.rows.get(row["sha256"])
        if expected is None:
            continue
        seen.add(row["sha256"])
        diff = _row_difference(expected, row)
        if diff:
            out.append(Mismatch(expected["dkim_seq"], f"message {row['sha256'][:12]}: {diff}"))
    for sha256 in fold.rows.keys() - seen:
        out.append(Mismatch(firsts[sha256], f"message {sha256[:12]}: its evidence row is missing"))
    return out


def _unvouched(db, ids: set[int], hashes: set[str]) -> list[Mismatch]:
    out = []
    for (rid,) in instruction_ids(db):
        if rid not in ids:
            out.append(Mismatch(rid, f"instruction row {rid} has no ledger entry (added behind the ledger, or its entry was deleted)"))
    for sha256, first in message_firsts(db):
        if sha256 not in hashes:
            out.append(Mismatch(first or 0, f"message {sha256[:12]} has no ledger entry"))
    return out


def _dkim_again(
    store: Store,
    report: VerifyReport,
    holders: dict[str, tuple[int, dict[str, Any]]],
    offline: bool,
    dns_now: bool,
    *,
    dnsfunc: DnsFunc | None,
    settings: Settings | None,
    now: Callable[[], str] | None,
) -> list[Mismatch]:
    """Offline: every signature verified again against the key record kept in
    the entry that holds the message's DKIM result; a different verdict is a
    mismatch. DNS now: what today's key says, reported apart, never a mismatch
    (keys are rotated and withdrawn; that says nothing about the mail)."""
    from .ingest import dkim_dnsfunc, dkim_timeout

    timeout = dkim_timeout(settings)
    problems = []
    for sha256, (seq, recorded) in sorted(holders.items(), key=lambda item: item[1][0]):
        if not isinstance(recorded, dict) or not isinstance(recorded.get("signatures"), list):
            continue  # nothing a signature could be checked against
        if recorded.get("result") in (None, "none") or not recorded["signatures"]:
            continue
        try:
            raw = store.raw(sha256)
        except IntegrityError:
            continue  # already named by the hash check
        if raw is None:
            continue
        base = {"seq": seq, "sha256": sha256, "recorded": recorded.get("result")}
        kept = [s for s in recorded["signatures"] if isinstance(s, dict) and s.get("key")]
        if offline and kept:
            again = recheck_offline(raw, recorded, timeout)
            report.dkim_offline.append({**base, "result": again.result, "reason": again.reason})
            if recorded.get("result") in ("pass", "fail") and again.result != recorded.get("result"):
                problems.append(Mismatch(
                    seq,
                    f"message {sha256[:12]}: DKIM verified again against the key kept at intake is"
                    f" {again.result}{' (' + again.reason + ')' if again.reason else ''},"
                    f" the ledger says {recorded.get('result')}",
                ))
        if dns_now:
            today = check_dkim(raw, dnsfunc=dnsfunc or dkim_dnsfunc(settings), timeout=timeout, now=now)
            keys_now = {(s.domain, s.selector): s.key for s in today.signatures}
            changed = any(
                s.get("key") and keys_now.get((s.get("domain"), s.get("selector"))) not in (None, s.get("key"))
                or keys_now.get((s.get("domain"), s.get("selector"))) is None
                for s in kept
            )
            report.dkim_dns_now.append(
                {**base, "result": today.result, "reason": today.reason, "key_changed": changed}
            )
    return problems


def recheck_temperrors(
    store: Store,
    *,
    dnsfunc: DnsFunc | None = None,
    settings: Settings | None = None,
    now: Callable[[], str] | None = None,
) -> list[dict[str, Any]]:
    """Verify DKIM again where DNS was unreachable at intake (no key could be
    kept); append definite answers as `dkim` entries. Asks DNS."""
    from .ingest import dkim_dnsfunc, dkim_mode, dkim_timeout

    db = store.db
    ensure_tables(db)
    clock = now or utc_now
    done: list[dict[str, Any]] = []
    if dnsfunc is None and dkim_mode(settings) == "off":
        return done
    pending = messages_with_dkim_temperror(db)
    for row in pending:
        raw = store.raw(row["sha256"])
        if raw is None:
            continue
        result = check_dkim(
            raw, dnsfunc=dnsfunc or dkim_dnsfunc(settings), timeout=dkim_timeout(settings), now=clock
        ).to_dict()
        outcome = {"sha256": row["sha256"], "result": result["result"], "reason": result["reason"]}
        if result["result"] != "temperror":
            with db.atomic():
                entry = ledger.append(db, "dkim", row["sha256"], clock(), {"dkim": result})
                fold = MessageFold({row["sha256"]: row})  # the same derivation verify uses
                put_message_row(db, fold.apply(entry.seq, entry.kind, entry.sha256, entry.data()), replace=True)
            outcome["seq"] = entry.seq
        done.append(outcome)
    return done


__all__ = ["Mismatch", "VerifyReport", "recheck_temperrors", "verify_evidence"]
