"""Progress of long work on a terminal, never in piped output (issue 12, item 9)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from mailaudit.config import Settings
from mailaudit.scan.run import ScanTarget, run_scan
from mailaudit.sources.accounts import LocalAccount
from mailaudit.sources.counting import count_messages
from mailaudit.sources.maildir import MaildirSource
from mailaudit.store.store import Store

COUNT = 25


def maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for n in range(COUNT):
        raw = (f"From: a@example.com\nTo: b@example.com\nSubject: 合同 {n}\nMessage-ID: <{n}@example.com>\n\n"
               "王经理，您好！\n附件是合同，请查收。\n谢谢\n张伟\n")
        (root / "cur" / f"{1_700_000_000 + n}.{n}.host:2,S").write_text(raw, encoding="utf-8")
    return root


def run_on_terminal(*args: str, cwd: Path) -> tuple[str, str]:
    """stdout piped, stderr a terminal (a pty): what a user sees with `| less`."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "mailaudit", *args], stdout=subprocess.PIPE, stderr=slave,
                            cwd=cwd, env={**os.environ, "COLUMNS": "160"})
    os.close(slave)
    out = proc.stdout.read()
    proc.wait(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return out.decode(), err.decode("utf-8", "replace")


def test_lint_of_many_shows_total_percentage_and_eta_on_the_terminal(tmp_path: Path) -> None:
    md = maildir(tmp_path / "Maildir")
    out, err = run_on_terminal("lint", str(md), cwd=tmp_path)
    assert f"{COUNT}/{COUNT}" in err and "100%" in err and "ETA" in err
    assert "\x1b" not in out and out.count("attachment-forgotten") == COUNT  # stdout untouched


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    md = maildir(tmp_path / "Maildir")
    res = subprocess.run([sys.executable, "-m", "mailaudit", "lint", "--format", "json", str(md)],
                         capture_output=True, timeout=120, check=False)
    assert res.returncode == 1 and res.stderr == b""


def test_evidence_ingest_shows_progress(tmp_path: Path) -> None:
    md = maildir(tmp_path / "Maildir")
    out, err = run_on_terminal("evidence", "ingest", "--db", str(tmp_path / "e.db"), str(md), cwd=tmp_path)
    assert "ingest" in err and f"{COUNT}/{COUNT}" in err


def test_scan_knows_a_maildir_total(tmp_path: Path) -> None:
    md = maildir(tmp_path / "Maildir")
    seen: dict[str, int] = {"total": 0, "mails": 0}

    class Recorder:
        def folder(self, source: str, folder: str) -> None:
            pass

        def expect(self, total: int) -> None:
            seen["total"] = total

        def advance(self, mails: int, new: int) -> None:
            seen["mails"] += mails

    source = MaildirSource(LocalAccount("box", "maildir", md, batch_size=10))
    with Store.open(tmp_path / "a.db") as store:
        run_scan(store, [ScanTarget(source)], Settings(), workers=1, history=False, progress=Recorder())
    assert seen == {"total": COUNT, "mails": COUNT}


def test_count_messages(tmp_path: Path) -> None:
    md = maildir(tmp_path / "Maildir")
    one = tmp_path / "a.eml"
    one.write_text("Subject: x\n\nhi\n")
    assert count_messages([str(md), str(one)]) == COUNT + 1
    box = tmp_path / "a.mbox"
    box.write_text("From a@b Mon Mar  4 09:00:00 2024\nSubject: x\n\nhi\n")
    assert count_messages([str(box)]) is None  # an mbox must be read to count
