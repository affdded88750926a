"""`mailaudit scan` and `mailaudit watch` end to end over IMAP, against the
real Dovecot of tests/dovecot.py (skipped when it cannot run here)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dovecot import Dovecot, make_message

from mailaudit.config import load_settings
from mailaudit.errors import ExitStatus
from mailaudit.scan.targets import build_targets
from mailaudit.scan.watch import WatchOptions, WatchState, watch
from mailaudit.sources.accounts import imap_account
from mailaudit.store.store import Store

pytestmark = pytest.mark.imap


def write_config(tmp_path: Path, dovecot: Dovecot, user: str, env: str, scan: str = "workers = 1") -> Path:
    config = tmp_path / "mailaudit.toml"
    config.write_text(
        f"""[accounts.work]
kind = "imap"
host = "127.0.0.1"
port = {dovecot.imaps_port}
username = "{user}"
password_env = "{env}"
ca_file = "{dovecot.cert}"
folders = ["*"]
retries = 4
retry_delay = 0.05

[store]
path = "audit.db"

[scan]
{scan}
""",
        encoding="utf-8",
    )
    return config


def cli(tmp_path: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], cwd=tmp_path,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=120)


def test_scan_over_imap_end_to_end(dovecot, imap_user, tmp_path: Path):
    user, password = imap_user
    with dovecot.client(user, password) as c:
        c.create_folder("项目/广告")
    dovecot.deliver(user, [make_message(i) for i in range(12)])
    dovecot.deliver(user, [make_message(i, subject="广告位") for i in range(50, 54)], folder="项目/广告")
    dovecot.deliver(user, [make_message(3)], folder="项目/广告")  # the same mail in two folders
    # two workers and small batches: IMAP mail goes through the worker processes
    write_config(tmp_path, dovecot, user, "MA_TEST_PW", scan="workers = 2\nbatch_size = 5")
    env = {"MA_TEST_PW": password}

    first = cli(tmp_path, "scan", "--format", "json", env=env)
    assert first.returncode == 0, first.stderr
    with Store.open(tmp_path / "audit.db") as store:
        assert store.count("messages") == 16 and store.count("locations") == 17
        assert {r["folder"] for r in store.iter_rows("SELECT folder FROM scan_state")} == {
            "INBOX", "项目/广告"}
        assert store.search_count("广告位") == 4
    # the secret is nowhere: not in the output, not in the store or its WAL
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("audit.db*"))
    assert password.encode() not in blob and password not in first.stdout + first.stderr

    again = cli(tmp_path, "scan", "--format", "json", env=env)
    assert again.returncode == 0 and '"mails": 0' in again.stdout

    wrong = cli(tmp_path, "scan", env={"MA_TEST_PW": "not-the-password"})
    assert wrong.returncode == ExitStatus.AUTH
    assert wrong.stderr.count("\n") == 1 and "login to 127.0.0.1" in wrong.stderr
    assert "not-the-password" not in wrong.stderr


def test_watch_scans_on_idle_and_after_the_server_restarts(dovecot, imap_user, tmp_path: Path,
                                                          monkeypatch):
    user, password = imap_user
    monkeypatch.setenv("MA_TEST_PW", password)
    dovecot.deliver(user, [make_message(i) for i in range(3)])
    settings = load_settings(write_config(tmp_path, dovecot, user, "MA_TEST_PW"))
    account = imap_account("work", settings.section("accounts")["work"])
    scans: list[tuple[int, list[str]]] = []
    state = WatchState()
    thread = threading.Thread(
        target=watch,
        args=(tmp_path / "audit.db", settings, lambda: build_targets(settings, (), (), (), ()),
              [account]),
        kwargs={"options": WatchOptions(fallback=120, renew=1.5, settle=0.3),
                "on_scan": lambda s, why: scans.append((s.total("new"), why)),
                "state": state, "workers": 1},
        daemon=True,
    )
    thread.start()

    def wait_for(n: int, timeout: float = 30) -> tuple[int, list[str]]:
        deadline = time.monotonic() + timeout
        while len(scans) < n and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(scans) >= n, f"no scan #{n}; so far {scans}"
        return scans[n - 1]

    try:
        assert wait_for(1)[0] == 3
        time.sleep(0.5)  # let the watcher's IDLE start
        with dovecot.client(user, password) as c:
            c.append("INBOX", make_message(200))
        new, why = wait_for(2)
        assert new == 1 and any("new mail" in r for r in why)

        dovecot.kill()  # the IDLE goes silent; the NOOP at the next renewal notices
        time.sleep(0.5)
        dovecot.start()
        new, why = wait_for(3)
        assert any("reconnected" in r for r in why), why
        with dovecot.client(user, password) as c:
            c.append("INBOX", make_message(201))
        deadline = time.monotonic() + 30
        while sum(n for n, _ in scans) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sum(n for n, _ in scans) == 5, scans
    finally:
        state.stop.set()
        state.wake.set()
        thread.join(15)
    assert not thread.is_alive()
    with Store.open(tmp_path / "audit.db") as store:
        assert store.count("messages") == 5


def _today_message(n: int, subject: str) -> bytes:
    from email.utils import format_datetime

    now = format_datetime(datetime.now(UTC))
    return (f"From: Sender {n} <sender{n}@example.com>\r\nTo: Bob <bob@example.com>\r\n"
            f"Subject: {subject}\r\nDate: {now}\r\nMessage-ID: <today-{n}@example.com>\r\n\r\n"
            f"Hi Bob,\r\n\r\nThe banner report for today is ready.\r\n\r\nThanks,\r\nSender {n}\r\n"
            ).encode()


def test_keywords_and_digest_are_opt_in_and_written_once(dovecot, imap_user, tmp_path: Path):
    user, password = imap_user
    dovecot.deliver(user, [_today_message(1, ""), _today_message(2, "Banner report"),
                           _today_message(3, "   ")], seen=True)
    config = write_config(tmp_path, dovecot, user, "MA_TEST_PW")
    env = {"MA_TEST_PW": password}
    assert cli(tmp_path, "scan", env=env).returncode == 0  # opt-in: nothing written yet
    with dovecot.client(user, password) as c:
        c.select_folder("INBOX", readonly=True)
        assert all(b"$MailauditError" not in f for f in c.get_flags(c.search("ALL")).values())

    config.write_text(config.read_text() + '\n[scan.mark]\nlevels = ["error"]\n\n'
                      '[scan.digest]\nfolder = "Mailaudit"\nat = "00:00"\nlevel = "error"\n'
                      'timezone = "UTC"\n', encoding="utf-8")
    for _ in range(2):  # the second run must not tag or append again
        done = cli(tmp_path, "scan", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
    with dovecot.client(user, password) as c:
        c.select_folder("INBOX", readonly=True)
        flags = c.get_flags(c.search("ALL"))
        tagged = sorted(uid for uid, f in flags.items() if b"$MailauditError" in f)
        assert tagged == [1, 3]  # the two blank subjects (subject-missing is an error)
        assert all(b"\\Seen" in f for f in flags.values())  # nothing else touched
        c.select_folder("Mailaudit", readonly=True)
        digests = c.fetch(c.search("ALL"), [b"BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])
        assert len(digests) == 1
        subject = next(iter(digests.values()))[b"BODY[HEADER.FIELDS (SUBJECT)]"].decode()
        assert "2 findings in 2 messages" in subject or "findings in 2 messages" in subject
    with Store.open(tmp_path / "audit.db") as store:
        assert store.count("marks") == 2 and store.count("digests") == 1


def test_a_poison_header_mail_over_imap_does_not_cost_the_folder(dovecot, imap_user, tmp_path: Path):
    """Raw 8-bit bytes in Message-ID, In-Reply-To and References (any sender can
    send them): the scan exits 0, stores the good mail and the poison mail with
    its defect, and the rerun has nothing left to do."""
    user, password = imap_user
    poison = (b"From: Mallory <m@example.com>\r\nTo: team@example.com\r\nSubject: poison\r\n"
              b"Date: Mon, 06 May 2024 10:00:00 +0000\r\nMessage-ID: <ab\xffcd@evil.test>\r\n"
              b"In-Reply-To: <q\xfe@evil.test>\r\nReferences: <r\x80@evil.test> <test-1@example.com>\r\n"
              b"\r\nHello team.\r\n")
    odd = make_message(90, subject="=?zlib?B?eJwDAAAAAAE=?= =?hex?B?AAAA?=")
    dovecot.deliver(user, [make_message(i) for i in range(4)] + [poison, odd]
                    + [make_message(i) for i in range(4, 8)])
    write_config(tmp_path, dovecot, user, "MA_TEST_PW", scan="workers = 1\nbatch_size = 5")
    env = {"MA_TEST_PW": password}
    for _ in range(2):
        done = cli(tmp_path, "scan", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
    with Store.open(tmp_path / "audit.db") as store:
        assert store.count("messages") == 10 and store.count("problems") == 0
        row = next(store.iter_rows("SELECT * FROM messages WHERE subject = 'poison'"))
        assert row["message_id"] == "<ab\ufffdcd@evil.test>"
        assert "header Message-ID: raw 8-bit bytes that are not UTF-8" in row["defects"]


def test_a_folder_that_does_not_exist_gets_the_full_hint(dovecot, imap_user, tmp_path: Path):
    user, password = imap_user
    write_config(tmp_path, dovecot, user, "MA_TEST_PW")
    done = cli(tmp_path, "scan", "--no-quiet", "--folder", "Nope", env={"MA_TEST_PW": password})
    assert done.returncode != 0
    out = done.stdout + done.stderr
    assert "Nope" in out and "(check folders in [accounts.work])" in out, out


def test_watch_log_lines_carry_a_timestamp(dovecot, imap_user, tmp_path: Path):
    import re
    import signal

    user, password = imap_user
    dovecot.deliver(user, [make_message(1)])
    write_config(tmp_path, dovecot, user, "MA_TEST_PW")
    proc = subprocess.Popen([sys.executable, "-m", "mailaudit", "watch"], cwd=tmp_path,
                            env={**os.environ, "MA_TEST_PW": password}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d  +\d+\.\d\d s  ", line), line
