"""Taking a message in as evidence: extract, verify DKIM, record, chain.

Two steps, so that the slow part can run where the scan parses (in its worker
processes) and the write happens in the scan's own transaction:

* `prepare(message, raw)` -> EvidenceItem | None: the instructions the message
  carries (none for most mail: then nothing else is done) and, only for those
  that carry some, the DKIM result over the raw bytes. Plain data.
* `ingest_items(store, items)`: for each message not taken in before, one
  ledger entry per instruction, the rows they vouch for, and the thread and
  search indexes, inside the caller's transaction when there is one.

A message is keyed by the SHA-256 of its bytes: taking it in again (the same
file, another copy, a re-run after a crash) adds nothing. The raw bytes
themselves live in the store's `messages` table (the scan puts them there;
`ingest_paths` does for files read outside a scan).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..mail.charsets import safe_text
from ..mail.message import Message
from ..store.evidence import (
    all_instructions,
    clear_indexes,
    forget_problem,
    insert_instruction,
    message_taken_in,
    put_message_row,
    record_intake_problem,
)
from . import ledger, threads
from .dkim_check import (
    DEFAULT_TIMEOUT,
    DnsFunc,
    check_dkim,
    resolver_dnsfunc,
    signed_part,
    system_dnsfunc,
    utc_now,
)
from .records import (
    NOT_CHECKED,
    MessageFold,
    ensure_tables,
    instruction_row,
    write_links,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..sources.paths import SkipHandler
    from ..store.store import Store

Clock = Callable[[], str]
Checkpoint = Callable[[str], None]


@dataclass
class EvidenceItem:
    """One message's evidence, ready to write (built in scan workers: picklable)."""

    sha256: str
    source: str
    subject: str = ""
    sender: str = ""  # From as displayed
    body: str = ""  # the author's own text, for the search index
    instructions: list[dict[str, Any]] = field(default_factory=list)
    dkim: dict[str, Any] | None = None
    # Per instruction: does the passing DKIM signature cover its text (False:
    # it lies after the signed body length l=)? None when nothing passed.
    coverage: list[bool | None] | None = None
    error: str | None = None  # extraction failed: recorded, not lost
    refused: str | None = None  # not sent mail (a draft, no From or Date): why it is no evidence


@dataclass
class IngestResult:
    messages: int = 0  # messages newly taken in
    instructions: int = 0
    known: int = 0  # taken in before: nothing added
    failed: int = 0  # extraction failed (see evidence_problems)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (source, why): not sent mail
    dkim: dict[str, int] = field(default_factory=dict)  # result -> messages
    ids: list[int] = field(default_factory=list)  # new instruction ids

    def add(self, other: IngestResult) -> None:
        self.messages += other.messages
        self.instructions += other.instructions
        self.known += other.known
        self.failed += other.failed
        self.refused.extend(other.refused)
        for k, v in other.dkim.items():
            self.dkim[k] = self.dkim.get(k, 0) + v
        self.ids.extend(other.ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "instructions": self.instructions,
            "known": self.known,
            "failed": self.failed,
            "refused": [{"source": source, "reason": reason} for source, reason in self.refused],
            "dkim": dict(sorted(self.dkim.items())),
            "ids": list(self.ids),
        }


def dkim_timeout(settings: Settings | None) -> float:
    if settings is None:
        return DEFAULT_TIMEOUT
    return float(settings.section("evidence").get("dkim_timeout", DEFAULT_TIMEOUT))


_DRAFT_HEADERS = ("X-Mozilla-Draft-Info", "X-Unsent", "X-Draft-Info")
_MAILDIR_DRAFT = re.compile(r":2,[A-Za-z]*D[A-Za-z]*$")


def not_sent_reason(message: Message) -> str | None:
    """Why `message` is no sent mail, or None when it is one.

    The log is append-only and proves what was sent: a draft may still change
    or never go out, and a mail without From or Date cannot say who asked or when.
    """
    if message.attach_paths or message.source.endswith(".draft"):
        return "a draft, not a sent mail"
    if any(message.header(name) for name in _DRAFT_HEADERS) or _MAILDIR_DRAFT.search(message.source):
        return "marked as a draft by the mail client"
    if not message.sender:
        return "no From address: who sent it is unknown"
    if message.date is None:
        return "no readable Date header: when it was sent is unknown"
    return None


DKIM_MODES = ("verify", "off")


def dkim_mode(settings: Settings | None) -> str:
    """`[evidence] dkim`: "verify" (default; asks DNS for each signed
    placement mail) or "off" (no DNS query, recorded as not checked)."""
    if settings is None:
        return "verify"
    return str(settings.section("evidence").get("dkim", "verify"))


def dkim_dnsfunc(settings: Settings | None) -> DnsFunc:
    """The resolver DKIM asks: `[evidence] dns_servers`, else the system's."""
    servers = settings.section("evidence").get("dns_servers") if settings is not None else None
    return resolver_dnsfunc(list(servers)) if servers else system_dnsfunc


def _squash(text: str) -> str:
    return " ".join(text.split())


def dkim_coverage(raw: bytes, dkim: dict[str, Any], instructions: list[dict[str, Any]]) -> list[bool | None]:
    """For each instruction: is its text inside what the passing signature signs?

    None for all when no signature passed (there is nothing to be inside of).
    With `l=` the signed part is parsed on its own and an instruction counts as
    signed only when its whole sentence is in that text: a sentence appended
    after the signed length, or cut by it, is not DKIM-backed."""
    if dkim.get("result") != "pass":
        return [None] * len(instructions)
    part = signed_part(raw, dkim)
    if part is None:
        return [True] * len(instructions)
    from ..mail.parse import parse_bytes

    signed = parse_bytes(part, "dkim-signed-part")
    haystack = _squash(f"{signed.text or ''}\n{signed.body or ''}")
    out: list[bool | None] = []
    for instruction in instructions:
        excerpt = _squash(instruction.get("excerpt") or "")
        out.append(bool(excerpt) and excerpt in haystack)
    return out


def prepare(
    message: Message,
    raw: bytes,
    settings: Settings | None = None,
    *,
    sha256: str | None = None,
    dnsfunc: DnsFunc | None = None,
    now: Clock | None = None,
) -> EvidenceItem | None:
    """The evidence `message` carries, or None when it gives no instruction."""
    from ..extract.extract import extract

    instructions = extract(message, settings)
    if not instructions:
        return None
    refused = not_sent_reason(message)
    if refused is not None:
        return EvidenceItem(sha256=sha256 or hashlib.sha256(raw).hexdigest(), source=message.source,
                            refused=refused)
    sender = message.sender[0] if message.sender else None
    records = [i.to_dict() for i in instructions]
    if dkim_mode(settings) == "off":
        dkim = {**NOT_CHECKED, "reason": 'not checked: [evidence] dkim = "off"', "checked_at": (now or utc_now)()}
    else:
        dkim = check_dkim(
            raw, dnsfunc=dnsfunc or dkim_dnsfunc(settings), timeout=dkim_timeout(settings), now=now
        ).to_dict()
    return EvidenceItem(
        sha256=sha256 or hashlib.sha256(raw).hexdigest(),
        source=message.source,
        subject=message.subject or "",
        sender=str(sender) if sender else "",
        body=message.body or "",
        instructions=records,
        dkim=dkim,
        coverage=dkim_coverage(raw, dkim, records),
    )


def prepare_for_scan(
    message: Message, raw: bytes, sha256: str, settings: Settings | None
) -> EvidenceItem | None:
    """`prepare` for the scan's workers: never raises (a failure is kept as an
    item with `error`, so it is on record instead of silently missing)."""
    if settings is not None and not settings.section("evidence").get("ingest_on_scan", True):
        return None
    try:
        return prepare(message, raw, settings, sha256=sha256)
    except Exception as exc:
        return EvidenceItem(
            sha256=sha256, source=message.source, error=f"{type(exc).__name__}: {exc}"
        )


def _taken_in(db, sha256: str) -> bool:
    return message_taken_in(db, sha256)


def ingest_items(
    store: Store,
    items: Iterable[EvidenceItem],
    *,
    now: Clock | None = None,
    checkpoint: Checkpoint | None = None,
) -> IngestResult:
    """Write the evidence of messages whose raw bytes are in the store, in one
    transaction (the caller's, when it holds one)."""
    db = store.db
    ensure_tables(db)
    clock = now or utc_now
    result = IngestResult()
    bodies: dict[str, str] = {}
    with db.atomic():
        for item in items:
            if item.refused is not None:
                result.refused.append((item.source, item.refused))
                continue
            if _taken_in(db, item.sha256):
                result.known += 1
                continue
            if item.error is not None:
                record_intake_problem(db, item.sha256, item.source, item.error, clock())
                result.failed += 1
                continue
            if not store.known([item.sha256]):
                raise ValueError(f"{item.source}: raw bytes not in the store ({item.sha256[:12]})")
            _write_item(db, item, clock(), result, checkpoint)
            bodies[item.sha256] = item.body
        if result.ids:
            threads.refresh(db, result.ids, bodies)
    return result


def _write_item(db, item: EvidenceItem, time: str, result: IngestResult, checkpoint) -> None:
    dkim = item.dkim or NOT_CHECKED
    fold = MessageFold()  # the message row follows from the entries, as verify derives it
    for index, instruction in enumerate(item.instructions):
        fields: dict[str, Any] = {
            "index": index,
            "instruction": instruction,
            "message": {"subject": item.subject, "from": item.sender},
            "dkim": dkim,
        }
        if item.coverage is not None and index < len(item.coverage):
            fields["dkim_signed"] = item.coverage[index]
        entry = ledger.append(db, "instruction", item.sha256, time, fields)
        data = entry.data()
        row = instruction_row(data)
        insert_instruction(db, row)
        write_links(db, row)
        fold.apply(entry.seq, entry.kind, entry.sha256, data)
        result.ids.append(entry.seq)
        result.instructions += 1
        if checkpoint is not None:
            checkpoint("entry")
    if item.sha256 in fold.rows:
        put_message_row(db, fold.rows[item.sha256])
    forget_problem(db, item.sha256)
    result.messages += 1
    result.dkim[dkim["result"]] = result.dkim.get(dkim["result"], 0) + 1


def reindex(store: Store, bodies: dict[str, str] | None = None) -> int:
    """Rebuild every lookup index (thread references, threads, full text)
    from the instruction rows: after `verify` names a bad index row, or
    after rows were written in bulk. Returns the number of instructions."""
    db = store.db
    ensure_tables(db)
    with db.atomic():
        clear_indexes(db)
        ids = []
        for row in all_instructions(db):
            write_links(db, row)
            ids.append(row["id"])
        threads.refresh(db, ids, bodies)
    return len(ids)


# ------------------------------------------------------- files, mbox, Maildir
def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest_paths(
    store: Store,
    paths: list[str],
    settings: Settings | None = None,
    *,
    dnsfunc: DnsFunc | None = None,
    now: Clock | None = None,
    batch_size: int = 50,
    checkpoint: Checkpoint | None = None,
    on_mail: Callable[[], None] | None = None,
    on_skip: SkipHandler | None = None,
) -> IngestResult:
    """Take in the placement mail among .eml files, mboxes and Maildirs
    (`on_mail` is called for each message read: progress; inputs not read go
    to `on_skip`, see sources.paths).

    Only messages that carry an instruction are stored (raw bytes, parsed
    row, lint findings, so a later scan that sees them as known misses
    nothing); one transaction per batch, so a kill loses at most one batch,
    which the next run re-does."""
    from ..mail.parse import parse_bytes
    from ..sources.paths import iter_inputs
    from ..store.store import ROW_ERRORS, Location, record_from_message

    ensure_tables(store.db)
    total = IngestResult()
    linter = None
    for batch in _batches(iter_inputs(list(paths), on_skip), batch_size):
        items: list[EvidenceItem] = []
        records = []
        locations = []
        for raw_input in batch:
            if on_mail is not None:
                on_mail()
            sha = hashlib.sha256(raw_input.data).hexdigest()
            if _taken_in(store.db, sha):
                total.known += 1
                continue
            max_text = settings.lint.max_text_bytes if settings is not None else None
            message = parse_bytes(
                raw_input.data, raw_input.source, base_dir=raw_input.base_dir, max_text=max_text
            )
            if not message.headers:
                continue
            item = prepare(message, raw_input.data, settings, sha256=sha, dnsfunc=dnsfunc, now=now)
            if item is None:
                continue
            if item.refused is not None:
                total.refused.append((item.source, item.refused))
                continue
            if linter is None:
                from ..engine.linter import Linter

                linter = Linter(settings)
            items.append(item)
            records.append(record_from_message(message, raw_input.data, sha, linter.check(message)))
            locations.append(Location("ingest", "", raw_input.source, sha))
        if not items:
            continue
        try:
            with store.transaction():
                store.add_messages(records, locations)
                total.add(ingest_items(store, items, now=now, checkpoint=checkpoint))
        except ROW_ERRORS:
            total.add(_ingest_one_by_one(store, items, records, locations, now, checkpoint))
        if checkpoint is not None:
            checkpoint("commit")
    return total


def _ingest_one_by_one(store: Store, items, records, locations, now, checkpoint) -> IngestResult:
    """A batch SQLite refused, again one message per savepoint: a message whose
    rows still fail is recorded in the evidence problems and counted as failed,
    the others are taken in."""
    from ..store.store import ROW_ERRORS

    result = IngestResult()
    clock = now or utc_now
    with store.transaction():
        for item, record, location in zip(items, records, locations, strict=True):
            try:
                with store.transaction():
                    store.add_messages([record], [location])
                    result.add(ingest_items(store, [item], now=now, checkpoint=checkpoint))
            except ROW_ERRORS as exc:
                record_intake_problem(store.db, item.sha256, safe_text(item.source)[0],
                                      f"cannot store: {type(exc).__name__}: {exc}", clock())
                result.failed += 1
    return result


__all__ = [
    "DKIM_MODES",
    "EvidenceItem",
    "IngestResult",
    "ingest_items",
    "ingest_paths",
    "dkim_coverage",
    "dkim_dnsfunc",
    "dkim_mode",
    "dkim_timeout",
    "not_sent_reason",
    "prepare",
    "prepare_for_scan",
    "reindex",
]
