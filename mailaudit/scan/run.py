"""source -> parse -> check -> store, resumable.

For every configured source and folder: read the folder's state from the
store, take what the source says is new, parse and lint it (spread over the
cores, the Linter built once per worker), and store each batch together with
the folder's new state in one transaction. A crash or kill at any moment loses
at most the batch in flight, which the next run fetches again.

One bad message never stops a scan: it is recorded in `problems` with its
reason. That holds for the store write too: when SQLite refuses a batch, the
batch is written again one message at a time, and a message whose rows still
fail is a problem (stage "store") while the rest of the batch is stored. A folder or account that fails (server gone, wrong password) is
recorded in the run's errors and the scan goes on with the next one.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from ..errors import AuthError, ConnectionFailed, ExitStatus, MailauditError
from ..sources.base import Batch, FolderState, RawMail, Source
from ..store.store import (
    ROW_ERRORS,
    BatchResult,
    Location,
    MessageRecord,
    Problem,
    Store,
    record_from_message,
)
from .lock import ScanLock
from .mailbox_writes import own_folders

DEFAULT_BATCH_SIZE = 200
# Below this many new mails a batch is processed in-process: starting workers
# (and loading the linter's dictionaries before forking them, ~1.3 s)
# costs more than it saves.
POOL_THRESHOLD = 100
HISTORY_REFRESH_SECONDS = 600


# ------------------------------------------------------------------ workers
_linter: Any = None


def _die_with_parent() -> None:
    """A worker must not outlive a killed scan (it would keep memory and, worse,
    look like a running scan). Linux: ask the kernel; elsewhere: best effort."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def build_linter(settings: Settings) -> Any:
    from ..engine.linter import Linter

    return Linter(settings)


# Two tiny mails that make the linter load everything it loads lazily (the
# Chinese segmenter, the language pipelines) before workers are forked.
_WARM_MAILS = (
    "From: a@example.com\r\nTo: b@example.com\r\nSubject: 合同\r\n\r\n"
    "王经理你好，请查收附件中的合同，周五前回复。\r\n谢谢\r\n李明\r\n".encode(),
    b"From: a@example.com\r\nTo: b@example.com\r\nSubject: Contract\r\n\r\n"
    b"Hi Bob, please find the contract attached and reply by Friday.\r\nThanks\r\nAl\r\n",
)


def warm_linter(linter: Any) -> None:
    """Load what the selected rules load lazily, before workers are forked."""
    from ..engine.kinds import load_kinds
    from ..mail.parse import parse_bytes

    for raw in _WARM_MAILS:
        linter.check(parse_bytes(raw))
    kinds = load_kinds()
    if any(getattr(kinds.get(r.kind), "needs_nlp", False) for r in getattr(linter, "rules", [])):
        from ..extract.nlp import placement_nlp
        from ..mail.language import get_nlp, get_tokenizer

        # What the rules tokenise with (jieba's dictionary is loaded by its first cut), and
        # the two pipelines placement extraction reads mail with in the workers: spaCy's
        # English one and its own Chinese one (not get_nlp("zh"), which a scan never uses).
        get_tokenizer("zh")("合同已经签好了")
        get_nlp("en")("The contract is signed.")
        placement_nlp("zh")


def _init_worker(settings: Settings) -> None:
    global _linter
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if _linter is None:  # not inherited (a start method other than fork)
        _linter = build_linter(settings)


@dataclass
class Outcome:
    record: MessageRecord | None = None
    problem: Problem | None = None
    evidence: Any = None  # evidence.ingest.EvidenceItem: the placement instructions it carries


def process_mail(mail: RawMail, sha256: str, linter: Any = None) -> Outcome:
    """Parse and lint one mail; never raises (a failure becomes a Problem)."""
    from ..mail.parse import parse_bytes

    linter = linter if linter is not None else _linter

    def problem(stage: str, reason: str) -> Problem:
        return Problem(mail.source, mail.folder, mail.key, stage, reason, sha256, mail.data)

    if not mail.data.strip():
        return Outcome(problem=problem("read", "empty message (no bytes)"))
    try:
        settings = getattr(linter, "settings", None)
        max_text = settings.lint.max_text_bytes if settings is not None else None
        message = parse_bytes(mail.data, mail.locator, max_text=max_text)
    except Exception as exc:  # parse_bytes promises not to raise; if it does, keep going
        return Outcome(problem=problem("parse", f"parser failed: {type(exc).__name__}: {exc}"))
    if not message.headers:
        return Outcome(problem=problem("parse", "not an email: no header lines"))
    outcome = Outcome()
    findings: list = []
    try:
        findings = linter.check(message)
    except Exception as exc:
        # The message is kept (its raw bytes are evidence); the failure is on record.
        outcome.problem = problem("check", f"linter failed: {type(exc).__name__}: {exc}")
    try:
        outcome.record = record_from_message(message, mail.data, sha256, findings)
    except Exception as exc:
        return Outcome(problem=problem("store", f"cannot record: {type(exc).__name__}: {exc}"))
    from ..evidence.ingest import prepare_for_scan

    outcome.evidence = prepare_for_scan(message, mail.data, sha256, getattr(linter, "settings", None))
    return outcome


def _process_item(item: tuple[RawMail, str]) -> Outcome:
    return process_mail(*item)


# ----------------------------------------------------------------- progress
class Progress(Protocol):
    def folder(self, source: str, folder: str) -> None: ...
    def expect(self, total: int) -> None: ...  # the folder's mails in all, when the source knows
    def advance(self, mails: int, new: int) -> None: ...


class _NoProgress:
    def folder(self, source: str, folder: str) -> None:
        pass

    def expect(self, total: int) -> None:
        pass

    def advance(self, mails: int, new: int) -> None:
        pass


# ------------------------------------------------------------------ summary
@dataclass
class FolderResult:
    source: str
    folder: str
    mails: int = 0  # mails the source handed over
    new: int = 0  # messages stored for the first time
    known: int = 0  # already in the store (another folder, a re-sent batch, a reset)
    findings: int = 0
    problems: int = 0
    batches: int = 0
    reset: bool = False
    error: str | None = None


@dataclass
class ScanSummary:
    folders: list[FolderResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: list[ExitStatus] = field(default_factory=list)
    history: dict[str, int] = field(default_factory=dict)  # rule -> open findings
    history_evaluated: bool = False
    marked: int = 0  # copies given an IMAP keyword ([scan.mark])
    digests: list[str] = field(default_factory=list)  # account/folder a digest went to
    seconds: float = 0.0
    run_id: int | None = None
    db_path: str = ""
    store_removed: bool = False  # a first scan that stored nothing leaves no store behind

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.folders)

    @property
    def status(self) -> ExitStatus:
        """0 when every folder was scanned; otherwise the most telling failure."""
        if not self.statuses:
            return ExitStatus.OK
        for wanted in (ExitStatus.AUTH, ExitStatus.UNAVAILABLE):
            if all(s == wanted for s in self.statuses):
                return wanted
        return ExitStatus.FINDINGS

    def to_dict(self) -> dict[str, Any]:
        totals = {k: self.total(k) for k in ("mails", "new", "known", "findings", "problems")}
        return {
            "db": self.db_path,
            "store_removed": self.store_removed,
            "run": self.run_id,
            "status": int(self.status),
            "seconds": round(self.seconds, 3),
            "totals": totals,
            "folders": [f.__dict__ for f in self.folders],
            "errors": self.errors,
            "history": self.history,
            "marked": self.marked,
            "digests": self.digests,
        }


# -------------------------------------------------------------------- scan
class _Processor:
    """Runs process_mail in-process or on worker processes, started on first real need.

    Workers run under a ProcessPoolExecutor, not multiprocessing.Pool: when a
    worker dies (a C extension crashing on some message, a task that cannot be
    unpickled) the Pool would wait forever for its results, the executor says
    so. The batch is then re-done one message at a time on fresh workers, and
    the message that kills a worker is recorded as a problem: one bad message
    never stops a scan, even when it crashes the process checking it.
    """

    def __init__(self, settings: Settings, workers: int):
        self.settings = settings
        self.workers = max(1, workers)
        self.pool: ProcessPoolExecutor | None = None
        self.linter = None
        self.warmed = False
        # A full batch means more mail is coming: a small configured batch
        # size lowers the bar accordingly.
        batch = settings.section("scan").get("batch_size") or DEFAULT_BATCH_SIZE
        self.threshold = min(POOL_THRESHOLD, batch)

    def submit(self, items: list[tuple[RawMail, str]]) -> Callable[[], list[Outcome]]:
        """Start processing `items`; the returned function waits for the outcomes.
        On the pool the work runs while the caller stores the previous batch."""
        if not items:
            return list
        if self.workers > 1 and (self.pool is not None or len(items) >= self.threshold):
            if self.pool is None:
                self._start_pool()
            # Only what process_mail needs crosses to the workers: flags and an
            # IMAP INTERNALDATE (whose tzinfo does not unpickle) stay here.
            light = [(RawMail(m.source, m.folder, m.key, m.data), sha) for m, sha in items]
            chunk = max(1, min(32, len(light) // (self.workers * 4)))
            try:
                results = self.pool.map(_process_item, light, chunksize=chunk)
            except BrokenProcessPool:
                # a worker died while the batch was still being handed out (map submits every
                # chunk before it returns): the same as dying while it is read back
                return lambda: self._one_by_one(light)

            def wait() -> list[Outcome]:
                try:
                    return list(results)
                except BrokenProcessPool:
                    return self._one_by_one(light)

            return wait
        if self.linter is None:
            self.linter = build_linter(self.settings)
        return lambda: [process_mail(mail, sha, self.linter) for mail, sha in items]

    def run(self, items: list[tuple[RawMail, str]]) -> list[Outcome]:
        return self.submit(items)()

    def _one_by_one(self, items: list[tuple[RawMail, str]]) -> list[Outcome]:
        outcomes = []
        for mail, sha in items:
            self._restart_if_broken()
            try:
                outcomes.append(self.pool.submit(_process_item, (mail, sha)).result())
            except BrokenProcessPool:
                reason = "the worker process checking it died (crash or out of memory)"
                outcomes.append(Outcome(problem=Problem(
                    mail.source, mail.folder, mail.key, "check", reason, sha, mail.data)))
                self._discard_pool()
        return outcomes

    def _restart_if_broken(self) -> None:
        if self.pool is None or getattr(self.pool, "_broken", False):
            self._discard_pool()
            self._start_pool()

    def _start_pool(self) -> None:
        global _linter
        ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        if ctx.get_start_method() == "fork":
            # Build and warm the Linter once here: forked workers inherit it
            # ready (no per-worker start-up) and share its dictionaries'
            # memory pages copy-on-write.
            if self.linter is None:
                self.linter = build_linter(self.settings)
            if not self.warmed:
                warm_linter(self.linter)
                self.warmed = True
            _linter = self.linter
        self.pool = ProcessPoolExecutor(
            self.workers, mp_context=ctx, initializer=_init_worker, initargs=(self.settings,)
        )

    def _discard_pool(self) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        # Stop the workers now rather than letting them finish queued work.
        for proc in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self._discard_pool()


@dataclass
class ScanTarget:
    """One source to scan, with an optional folder restriction."""

    source: Source
    folders: list[str] | None = None  # None: every folder the source lists


def scan_folder(
    store: Store,
    source: Source,
    folder: str,
    processor: _Processor,
    progress: Progress,
) -> FolderResult:
    """Scan one folder. Batches are pipelined: batch k+1 is parsed and checked
    (on the pool) while batch k is stored; they still commit strictly in order."""
    result = FolderResult(source.name, folder)
    state = store.folder_state(source.name, folder)
    forgot = False
    pending: _Pending | None = None
    batches = iter(source.fetch_new(folder, state))
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break
        except MailauditError:
            if pending is not None:  # keep what was fetched before the source failed
                _commit_batch(store, pending, result, progress)
            raise
        if batch.total is not None:
            progress.expect(batch.total)
        prepared = _prepare_batch(store, batch, processor, forget=batch.reset and not forgot)
        forgot = forgot or batch.reset
        if pending is not None:
            _commit_batch(store, pending, result, progress)
        pending = prepared
    if pending is not None:
        _commit_batch(store, pending, result, progress)
    return result


@dataclass
class _Pending:
    batch: Batch
    hashed: list[tuple[RawMail, str]]
    known: set[str]
    todo: list[tuple[RawMail, str]]
    outcomes: Callable[[], list[Outcome]]
    forget: bool


def _prepare_batch(store: Store, batch: Batch, processor: _Processor, *, forget: bool) -> _Pending:
    hashed = [(mail, hashlib.sha256(mail.data).hexdigest()) for mail in batch.mails]
    # Known now; a mail first seen in the batch still being stored is processed
    # again and then recognised when this batch commits (same rows either way).
    known = store.known(sha for _, sha in hashed)
    todo: list[tuple[RawMail, str]] = []
    queued: set[str] = set()
    for mail, sha in hashed:
        if sha not in known and sha not in queued:
            queued.add(sha)
            todo.append((mail, sha))
    return _Pending(batch, hashed, known, todo, processor.submit(todo), forget)


def _commit_batch(
    store: Store,
    pending: _Pending,
    result: FolderResult,
    progress: Progress,
) -> None:
    batch, hashed, known, todo = pending.batch, pending.hashed, pending.known, pending.todo
    forget = pending.forget
    outcomes = dict(zip((sha for _, sha in todo), pending.outcomes(), strict=True))
    records = [o.record for o in outcomes.values() if o.record is not None]
    stored = known | {r.sha256 for r in records}
    locations = [
        Location(mail.source, mail.folder, mail.key, sha) for mail, sha in hashed if sha in stored
    ]
    problems = []
    for mail, sha in hashed:
        outcome = outcomes.get(sha)
        if outcome and outcome.problem:
            # A duplicate of a failed mail in the same batch gets its own row.
            p = outcome.problem
            problems.append(Problem(mail.source, mail.folder, mail.key, p.stage, p.reason, sha, mail.data))

    evidence = [o.evidence for o in outcomes.values() if o.evidence is not None]
    try:
        with store.transaction():  # the evidence log commits with the batch or not at all
            written = store.commit_batch(
                batch.state, records, locations, problems, forget_folder=forget
            )
            if evidence:
                from ..evidence.ingest import ingest_items

                ingest_items(store, evidence)
    except ROW_ERRORS:
        written, failed = _commit_one_by_one(store, pending, records, locations, problems, evidence)
        problems.extend(failed)
        stored -= {p.sha256 for p in failed}
    result.batches += 1
    result.mails += len(batch.mails)
    result.new += written.new_messages
    unstored = sum(1 for _, sha in hashed if sha not in stored)
    result.known += len(batch.mails) - written.new_messages - unstored
    result.findings += written.findings
    result.problems += len(problems)
    result.reset = result.reset or batch.reset
    progress.advance(len(batch.mails), result.new)


def _commit_one_by_one(
    store: Store,
    pending: _Pending,
    records: list[MessageRecord],
    locations: list[Location],
    problems: list[Problem],
    evidence: list[Any],
) -> tuple[BatchResult, list[Problem]]:
    """The batch again in one transaction, each message (rows, locations,
    evidence) in its own savepoint: a message SQLite refuses is rolled back
    alone and returned as problems (one per copy in the batch)."""
    from ..evidence.ingest import ingest_items

    fresh = {r.sha256 for r in records}
    where: dict[str, list[Location]] = {}
    for loc in locations:
        where.setdefault(loc.sha256, []).append(loc)
    items = {e.sha256: e for e in evidence}
    failed: list[Problem] = []
    with store.transaction():
        others = [loc for loc in locations if loc.sha256 not in fresh]
        written = store.commit_batch(
            pending.batch.state, [], others, problems, forget_folder=pending.forget
        )
        for rec in records:
            try:
                with store.transaction():
                    one = store.add_messages([rec], where.get(rec.sha256, []))
                    if rec.sha256 in items:
                        ingest_items(store, [items[rec.sha256]])
            except ROW_ERRORS as exc:
                reason = f"cannot store: {type(exc).__name__}: {exc}"
                failed.extend(
                    Problem(mail.source, mail.folder, mail.key, "store", reason, sha, mail.data)
                    for mail, sha in pending.hashed
                    if sha == rec.sha256
                )
                continue
            written.new_messages += one.new_messages
            written.known_messages += one.known_messages
            written.findings += one.findings
        written.problems += store.add_problems(failed)
    return written, failed


def run_scan(
    store: Store,
    targets: Iterable[ScanTarget],
    settings: Settings,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    history: bool = True,
    now: datetime | None = None,
) -> ScanSummary:
    """Scan every target into `store`. The caller holds the scan lock."""
    started = time.monotonic()
    targets = list(targets)
    progress = progress or _NoProgress()
    scan_cfg = settings.section("scan")
    processor = _Processor(settings, workers or scan_cfg.get("workers") or os.cpu_count() or 1)
    summary = ScanSummary(db_path=str(store.path or ":memory:"))
    summary.run_id = store.start_run([t.source.name for t in targets])
    status = "interrupted"
    try:
        for target in targets:
            _scan_target(store, target, processor, progress, summary)
        status = "ok" if not summary.errors else "failed"
    finally:
        processor.close()
        for target in targets:
            with contextlib.suppress(Exception):  # closing a dead connection is not news
                target.source.close()
        history_at = None
        if status != "interrupted" and history and _history_due(store, summary, now):
            history_at = _evaluate_history(store, settings, summary, now)
        if status != "interrupted":
            _results_in_mailbox(store, settings, targets, summary, now)
        summary.seconds = time.monotonic() - started
        counts = {k: summary.total(k) for k in ("mails", "new", "known", "findings", "problems")}
        store.finish_run(summary.run_id, status, counts, summary.errors, history_at)
    return summary


def _scan_target(store, target, processor, progress, summary) -> None:
    source = target.source
    try:
        folders = target.folders if target.folders is not None else source.folders()
        skip = own_folders(processor.settings, source)  # the digest is not mail to audit
        folders = [f for f in folders if f not in skip]
    except MailauditError as exc:
        _record_error(summary, source.name, "", exc)
        return
    for folder in folders:
        progress.folder(source.name, folder)
        result = FolderResult(source.name, folder)
        try:
            result = scan_folder(store, source, folder, processor, progress)
        except MailauditError as exc:
            result.error = exc.line()
            _record_error(summary, source.name, folder, exc)
            summary.folders.append(result)
            if isinstance(exc, AuthError | ConnectionFailed):
                return  # the other folders of this account would fail the same way
            continue
        summary.folders.append(result)


def _record_error(summary: ScanSummary, source: str, folder: str, exc: MailauditError) -> None:
    where = f"{source}/{folder}" if folder else source
    summary.errors.append(f"{where}: {exc.line()}")
    summary.statuses.append(exc.status)


def _results_in_mailbox(store, settings, targets, summary: ScanSummary, now) -> None:
    """The opt-in writes ([scan.mark], [scan.digest]); see mailbox_writes.py."""
    from .mailbox_writes import append_digests, apply_marks, digest_settings, mark_settings

    try:
        marks, digest = mark_settings(settings), digest_settings(settings)
    except MailauditError as exc:
        summary.errors.append(exc.line())
        summary.statuses.append(exc.status)
        return
    if marks is None and digest is None:
        return
    accounts = [t.source.account for t in targets if type(t.source).__name__ == "ImapSource"]
    try:
        if marks is not None:
            summary.marked = apply_marks(store, accounts, marks)
        if digest is not None:
            summary.digests = append_digests(store, accounts, digest, now or datetime.now(UTC))
    except MailauditError as exc:
        summary.errors.append(f"results in the mailbox: {exc.line()}")
        summary.statuses.append(exc.status)


def _history_due(store: Store, summary: ScanSummary, now: datetime | None) -> bool:
    """History findings change with new mail, and with time (deadlines pass):
    re-evaluate after new mail, or when the last evaluation is getting old.
    A no-change rescan a minute later skips it (`mailaudit report` always
    evaluates afresh)."""
    if summary.total("new") or now is not None:
        return True
    last = store.last_history_at()
    if last is None:
        return True
    age = datetime.now(UTC) - datetime.strptime(last, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return age.total_seconds() >= HISTORY_REFRESH_SECONDS


def _evaluate_history(store: Store, settings: Settings, summary: ScanSummary, now) -> str | None:
    from ..checks.mailbox import evaluate_and_store

    moment = now or datetime.now(UTC)
    try:
        summary.history = evaluate_and_store(store, settings, moment)
    except MailauditError as exc:
        summary.errors.append(f"history rules: {exc.line()}")
        summary.statuses.append(exc.status)
        return None
    summary.history_evaluated = True
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def scan_with_lock(
    db_path,
    targets_factory: Callable[[], list[ScanTarget]],
    settings: Settings,
    *,
    wait: bool = False,
    lock_path=None,
    **kwargs,
) -> ScanSummary:
    """Take the scan lock, build the targets, open the store, scan. Raises
    LockedError when another scan runs and `wait` is false.

    The store is created only once the targets are known, and a store this call
    created is removed again when the scan stored nothing and did not finish
    (no config, no such folder, server down): a failed first scan leaves
    nothing for `report` to mistake for a scan that found nothing."""
    db_path = Path(db_path)
    with ScanLock.for_db(db_path, lock_path, wait=wait):
        targets = targets_factory()
        existed = db_path.exists()
        summary: ScanSummary | None = None
        try:
            with Store.open(db_path) as store:
                summary = run_scan(store, targets, settings, **kwargs)
                return summary
        finally:
            if not existed and db_path.exists() and _remove_unused_store(db_path) and summary is not None:
                summary.store_removed = True


def _remove_unused_store(db_path: Path) -> bool:
    """Remove a store no scan has filled; True when it was removed."""
    with Store.open(db_path, create=False) as store:
        if store.has_scanned():
            return False
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            db_path.with_name(db_path.name + suffix).unlink()
    return True


__all__ = [
    "FolderState",
    "ScanSummary",
    "ScanTarget",
    "process_mail",
    "run_scan",
    "scan_with_lock",
]
