"""A scan that fails before it starts leaves no store behind, and `report` on a
store no scan has filled says so instead of printing an empty report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scan_corpus import make_maildir

from mailaudit.store.store import Store

MAILAUDIT = [sys.executable, "-m", "mailaudit"]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*MAILAUDIT, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_failed_scans_leave_no_store(tmp_path: Path):
    db = tmp_path / "audit.db"
    no_config = run_cli("scan", "--db", str(db), cwd=tmp_path)
    assert no_config.returncode == 2 and "no [accounts] or [sources] to scan" in no_config.stderr
    assert not db.exists()
    for option, path in (("--maildir", "nope"), ("--mbox", "nope.mbox")):
        done = run_cli("scan", option, path, "--db", str(db), cwd=tmp_path)
        assert done.returncode == 2 and done.stderr.startswith(f"Error: {path}: no such"), done.stderr
        assert not db.exists() and not Path(f"{db}-wal").exists()
    report = run_cli("report", "--db", str(db), cwd=tmp_path)
    assert report.returncode == 2 and "no audit store here" in report.stderr


def test_report_on_an_empty_store_says_no_scan_has_run(tmp_path: Path):
    db = tmp_path / "audit.db"
    with Store.open(db):
        pass
    report = run_cli("report", "--db", str(db), cwd=tmp_path)
    assert report.returncode == 2 and report.stdout == ""
    assert report.stderr == f"Error: {db}: no scan has run yet (run `mailaudit scan` first)\n"


def test_a_failed_scan_keeps_an_existing_store(tmp_path: Path):
    md = make_maildir(tmp_path / "mail", 3)
    db = tmp_path / "audit.db"
    assert run_cli("scan", "--maildir", str(md), "--db", str(db), "--workers", "1", cwd=tmp_path).returncode == 0
    assert run_cli("scan", "--maildir", "nope", "--db", str(db), cwd=tmp_path).returncode == 2
    report = run_cli("report", "--db", str(db), cwd=tmp_path)
    assert report.returncode == 0 and "3 messages" in report.stdout


def test_a_refused_connection_is_named_and_not_retried_for_long(tmp_path: Path):
    import socket

    with socket.socket() as s:  # a loopback port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "mailaudit.toml").write_text(
        f'[accounts.work]\nkind = "imap"\nhost = "127.0.0.1"\nport = {port}\nusername = "ann"\n'
        'password_env = "MA_TEST_PW"\n', encoding="utf-8")  # default retries (5) and retry_delay (1 s)
    done = subprocess.run([*MAILAUDIT, "scan", "--no-quiet", "--db", "audit.db"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "MA_TEST_PW": "x"})
    assert done.returncode == 4, done.stderr
    assert f"connection refused by 127.0.0.1:{port}" in done.stderr and "errno" not in done.stderr
    assert "111" not in done.stderr.replace(str(port), "")
    assert not (tmp_path / "audit.db").exists()
    assert "Store: audit.db" not in done.stdout  # the summary does not name a store it removed
