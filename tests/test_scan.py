"""The scan loop with an in-memory source: resumable, one bad mail never stops it."""

from __future__ import annotations

import multiprocessing
import os
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

import mailaudit.scan.run as scan_mod
from mailaudit.config import Settings
from mailaudit.errors import ConnectionFailed, ExitStatus, LockedError
from mailaudit.mail.message import Finding
from mailaudit.scan.lock import ScanLock
from mailaudit.scan.run import ScanTarget, run_scan
from mailaudit.sources.base import Batch, FolderState, RawMail
from mailaudit.store.store import Store


def mail_bytes(n: int, subject: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"sender{n % 3}@example.com"
    msg["To"] = "team@example.com"
    msg["Subject"] = subject if subject is not None else f"Report {n}"
    msg["Date"] = f"Tue, {1 + n % 28:02d} May 2024 09:00:00 +0000"
    msg["Message-ID"] = f"<n{n}@example.com>"
    msg.set_content(f"Hello team,\n\nnumber {n}.\n\nThanks,\nSam")
    return msg.as_bytes()


class ListSource:
    """A folder of (uid, bytes) with IMAP-like state; optional failure after a batch."""

    def __init__(self, name="acct", folders=None, batch_size=4, uidvalidity=1, fail_after=None):
        self.name = name
        self.data = folders or {}
        self.batch_size = batch_size
        self.uidvalidity = uidvalidity
        self.fail_after = fail_after  # batches to yield before ConnectionFailed
        self.closed = False

    def folders(self):
        return list(self.data)

    def fetch_new(self, folder, state):
        reset = state is not None and state.uidvalidity != self.uidvalidity
        last = 0 if state is None or reset else state.last_uid
        todo = [(uid, raw) for uid, raw in self.data[folder] if uid > last]
        for n, start in enumerate(range(0, len(todo), self.batch_size)):
            if self.fail_after is not None and n >= self.fail_after:
                raise ConnectionFailed("server went away", hint="it will be retried next run")
            chunk = todo[start : start + self.batch_size]
            mails = [RawMail(self.name, folder, str(uid), raw) for uid, raw in chunk]
            new_state = FolderState(self.name, folder, uidvalidity=self.uidvalidity,
                                    last_uid=chunk[-1][0])
            yield Batch(mails, new_state, reset=reset and start == 0)

    def close(self):
        self.closed = True


class StubLinter:
    def check(self, message):
        if "boom" in message.subject:
            raise ValueError("rule crashed")
        if message.subject.startswith("Report"):
            return [Finding("subject-vague", "warning", "vague", "subject", (0, 6), "Report")]
        return []


@pytest.fixture(autouse=True)
def stub_linter(monkeypatch):
    monkeypatch.setattr(scan_mod, "build_linter", lambda settings: StubLinter())


def inbox(n: int, start: int = 1) -> list[tuple[int, bytes]]:
    return [(uid, mail_bytes(uid)) for uid in range(start, start + n)]


def scan(store, source, **kw):
    return run_scan(store, [ScanTarget(source)], Settings(), workers=1, history=False, **kw)


def test_scan_then_nothing_new(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    source = ListSource(folders={"INBOX": inbox(10), "Sent": inbox(3, start=100)})
    first = scan(store, source)
    assert first.status == ExitStatus.OK
    assert (first.total("new"), first.total("findings")) == (13, 13)
    assert source.closed
    assert store.folder_state("acct", "INBOX").last_uid == 10
    again = scan(store, source)
    assert again.total("mails") == 0 and again.total("new") == 0
    run = store.runs(1)[0]
    assert run["status"] == "ok" and run["counts"]["new"] == 0


def test_bad_messages_recorded_and_scan_goes_on(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    data = inbox(3)
    data += [(4, b""), (5, b"\x00\x01\x02 binary junk without headers\xff"),
             (6, mail_bytes(6, subject="boom")), (7, mail_bytes(7))]
    summary = scan(store, ListSource(folders={"INBOX": data}))
    assert summary.status == ExitStatus.OK
    problems = {r["key"]: (r["stage"], r["reason"]) for r in store.iter_rows("SELECT * FROM problems")}
    assert problems["4"] == ("read", "empty message (no bytes)")
    assert problems["5"][0] == "parse" and "no header" in problems["5"][1]
    assert problems["6"][0] == "check" and "rule crashed" in problems["6"][1]
    assert store.count("messages") == 5  # 1-3, 6 (kept, unchecked), 7
    assert store.folder_state("acct", "INBOX").last_uid == 7
    assert summary.total("problems") == 3


def test_uidvalidity_change_rematches_without_duplicates(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    scan(store, ListSource(folders={"INBOX": inbox(6)}))
    renumbered = [(uid + 500, raw) for uid, raw in inbox(6)] + [(507, mail_bytes(99))]
    summary = scan(store, ListSource(folders={"INBOX": renumbered}, uidvalidity=2))
    assert summary.folders[0].reset
    assert (summary.total("new"), summary.total("known")) == (1, 6)
    assert store.count("messages") == 7
    keys = sorted(int(r["key"]) for r in store.iter_rows("SELECT key FROM locations"))
    assert keys == list(range(501, 508))


def test_dropped_connection_resumes_to_same_store(tmp_path: Path):
    clean = Store.open(tmp_path / "clean.db")
    scan(clean, ListSource(folders={"INBOX": inbox(20)}))

    store = Store.open(tmp_path / "a.db")
    broken = scan(store, ListSource(folders={"INBOX": inbox(20)}, fail_after=2))
    assert broken.status == ExitStatus.UNAVAILABLE
    assert "server went away" in broken.errors[0]
    assert store.folder_state("acct", "INBOX").last_uid == 8  # two batches of 4 kept
    resumed = scan(store, ListSource(folders={"INBOX": inbox(20)}))
    assert resumed.total("new") == 12
    assert store.content_snapshot() == clean.content_snapshot()


def test_same_mail_in_two_folders_stored_once(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    source = ListSource(folders={"INBOX": inbox(4), "Archive": inbox(4)})
    summary = scan(store, source)
    assert (summary.total("new"), summary.total("known")) == (4, 4)
    assert store.count("messages") == 4 and store.count("locations") == 8


def test_workers_give_the_same_store(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(scan_mod, "POOL_THRESHOLD", 20)
    started = []
    real_start = scan_mod._Processor._start_pool
    monkeypatch.setattr(scan_mod._Processor, "_start_pool",
                        lambda self: started.append(1) or real_start(self))
    data = inbox(60)
    one = Store.open(tmp_path / "one.db")
    scan(one, ListSource(folders={"INBOX": data}, batch_size=30))
    two = Store.open(tmp_path / "two.db")
    run_scan(two, [ScanTarget(ListSource(folders={"INBOX": data}, batch_size=30))], Settings(),
             workers=2, history=False)
    assert started == [1]  # the second scan really ran on a pool
    assert one.content_snapshot() == two.content_snapshot()


def test_a_worker_dying_while_the_batch_is_handed_out_is_read_one_by_one(monkeypatch):
    # ProcessPoolExecutor.map submits every chunk before it returns: a worker killed by an
    # early mail makes it raise there, not while the results are read back
    from concurrent.futures.process import BrokenProcessPool

    class BrokenWhileSubmitting:
        def map(self, *args, **kwargs):
            raise BrokenProcessPool("a child process terminated abruptly")

    processor = scan_mod._Processor(Settings(), workers=2)
    processor.pool = BrokenWhileSubmitting()
    redone = []
    monkeypatch.setattr(processor, "_one_by_one", lambda items: redone.extend(items) or ["outcome"] * len(items))
    items = [(RawMail("acct", "INBOX", str(n), b"Subject: x\n\nhi\n"), f"sha{n}") for n in range(3)]
    assert processor.submit(items)() == ["outcome"] * 3
    assert [m.key for m, _ in redone] == ["0", "1", "2"]


def test_history_runs_after_scan(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    summary = run_scan(store, [ScanTarget(ListSource(folders={"INBOX": inbox(2)}))], Settings(),
                       workers=1)
    assert summary.history_evaluated
    assert store.runs(1)[0]["history_at"]


def test_lock_refuses_second_scan_or_waits(tmp_path: Path):
    db = tmp_path / "a.db"
    with ScanLock.for_db(db), pytest.raises(LockedError, match="another scan is running"):
        ScanLock.for_db(db).__enter__()
    # --wait: another process queues behind the holder (lockf locks are per process)
    held = ScanLock.for_db(db).__enter__()
    proc = multiprocessing.get_context("fork").Process(target=_wait_for_lock, args=(str(db),))
    proc.start()
    proc.join(0.5)
    assert proc.is_alive()  # still waiting
    held.__exit__(None, None, None)
    proc.join(10)
    assert proc.exitcode == 0


def _wait_for_lock(db: str) -> None:
    with ScanLock.for_db(db, wait=True):
        pass


def test_results_in_mailbox_settings():
    from mailaudit.errors import ConfigError
    from mailaudit.scan.mailbox_writes import digest_settings, mark_settings

    assert mark_settings(Settings()) is None and digest_settings(Settings()) is None
    marks = mark_settings(Settings(raw={"scan": {"mark": {}}}))
    assert marks.levels == ("error", "warning")
    digest = digest_settings(Settings(raw={"scan": {"digest": {"level": "info", "at": "7:30"}},
                                           "workflow": {"timezone": "Asia/Shanghai"}}))
    assert (digest.floor, str(digest.at), digest.zone.key) == (0, "07:30:00", "Asia/Shanghai")
    assert mark_settings(Settings(raw={"scan": {"mark": {"enabled": False}}})) is None
    with pytest.raises(ConfigError, match="scan.mark.level"):
        mark_settings(Settings(raw={"scan": {"mark": {"level": "error"}}}))
    with pytest.raises(ConfigError, match="not a level"):
        mark_settings(Settings(raw={"scan": {"mark": {"levels": ["fatal"]}}}))


class CrashingLinter(StubLinter):
    """Kills the process checking one particular mail, as a crash in C code would."""

    def check(self, message):
        if message.subject == "kills the worker":
            os._exit(1)
        return super().check(message)


def test_a_mail_that_kills_its_worker_is_a_problem_not_a_hang(tmp_path: Path, monkeypatch):
    from imapclient.fixed_offset import FixedOffset  # IMAP INTERNALDATE's tzinfo

    monkeypatch.setattr(scan_mod, "POOL_THRESHOLD", 10)
    monkeypatch.setattr(scan_mod, "build_linter", lambda settings: CrashingLinter())
    data = inbox(30)
    data[12] = (13, mail_bytes(13, subject="kills the worker"))

    class ImapLike(ListSource):  # mails carry flags and an INTERNALDATE, like IMAP's
        def fetch_new(self, folder, state):
            when = datetime(2024, 5, 1, 9, 0, tzinfo=FixedOffset(480))
            for batch in super().fetch_new(folder, state):
                mails = [RawMail(m.source, m.folder, m.key, m.data, ("\\\\Seen",), when)
                         for m in batch.mails]
                yield Batch(mails, batch.state, batch.reset)

    store = Store.open(tmp_path / "a.db")
    summary = run_scan(store, [ScanTarget(ImapLike(folders={"INBOX": data}, batch_size=15))],
                       Settings(), workers=2, history=False)
    assert summary.status == ExitStatus.OK
    assert store.count("messages") == 29
    problem = next(store.iter_rows("SELECT * FROM problems"))
    assert problem["key"] == "13" and "worker process" in problem["reason"]
    assert store.folder_state("acct", "INBOX").last_uid == 30
    assert (summary.total("new"), summary.total("known"), summary.total("problems")) == (29, 0, 1)
