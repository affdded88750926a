"""`mailaudit scan` as a scheduler runs it: real files, real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from scan_corpus import make_maildir, make_mbox, message

from mailaudit.cli import main
from mailaudit.errors import ExitStatus
from mailaudit.scan.lock import ScanLock
from mailaudit.store.store import Store

MAILAUDIT = [sys.executable, "-m", "mailaudit"]


def run_cli(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120):
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*MAILAUDIT, *args], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout)


def test_scan_maildir_then_rescan(tmp_path: Path):
    md = make_maildir(tmp_path / "mail", 12, junk=1)
    db = tmp_path / "audit.db"
    runner = CliRunner()
    first = runner.invoke(main, ["scan", "--maildir", str(md), "--db", str(db), "--format", "json",
                                 "--workers", "1"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert data["totals"]["new"] == 12 and data["totals"]["problems"] == 1
    assert data["folders"][0]["source"] == f"maildir:{md.resolve()}"
    again = runner.invoke(main, ["scan", "--maildir", str(md), "--db", str(db), "--format", "json"])
    assert json.loads(again.output)["totals"]["mails"] == 0
    # more mail arrives
    make_maildir(md, 3, start=100, mtime=1_600_000_100)
    third = runner.invoke(main, ["scan", "--maildir", str(md), "--db", str(db), "--format", "json",
                                 "--workers", "1"])
    assert json.loads(third.output)["totals"]["new"] == 3
    with Store.open(db) as store:
        problem = next(store.iter_rows("SELECT * FROM problems"))
        assert problem["stage"] == "parse" and "no header" in problem["reason"]
        assert store.count("messages") == 15
        assert store.search_count("合同") > 0 and store.search_count("invoice") > 0


def test_scan_mbox_text_summary(tmp_path: Path):
    box = make_mbox(tmp_path / "archive.mbox", 9)
    out = CliRunner().invoke(main, ["scan", "--mbox", str(box), "--db", str(tmp_path / "a.db"),
                                    "--no-quiet", "--workers", "1"])
    assert out.exit_code == 0, out.output
    assert "9 new messages" in out.output and "Store:" in out.output
    # Piped, each line stays whole: the summary line is not wrapped at 80 columns.
    assert any(ln.startswith("Scanned") and ln.endswith("findings") for ln in out.output.splitlines())


def test_scan_configured_accounts_and_quiet_cron(tmp_path: Path):
    make_maildir(tmp_path / "work", 5)
    (tmp_path / "mailaudit.toml").write_text(
        '[accounts.work]\nkind = "maildir"\npath = "work"\n\n'
        '[store]\npath = "store/audit.db"\n\n[scan]\nworkers = 1\n', encoding="utf-8")
    # not a terminal (as under cron): no output at all on success
    done = run_cli("scan", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    with Store.open(tmp_path / "store" / "audit.db") as store:
        assert store.count("messages") == 5
    unknown = run_cli("scan", "--account", "home", cwd=tmp_path)
    assert unknown.returncode == ExitStatus.USAGE
    assert unknown.stderr.count("\n") == 1 and "home" in unknown.stderr


def test_no_config_is_a_usage_error_with_hint(tmp_path: Path):
    out = run_cli("scan", "--db", str(tmp_path / "a.db"), cwd=tmp_path)
    assert out.returncode == ExitStatus.USAGE
    assert out.stderr.startswith("Error: ") and "--maildir" in out.stderr
    assert "Traceback" not in out.stderr


def test_second_scan_refuses_then_waits(tmp_path: Path):
    md = make_maildir(tmp_path / "mail", 3)
    db = tmp_path / "audit.db"
    with ScanLock.for_db(db):
        refused = run_cli("scan", "--maildir", str(md), "--db", str(db), cwd=tmp_path)
        assert refused.returncode == ExitStatus.LOCKED
        assert refused.stderr.strip().count("\n") == 0
        assert "another scan is running" in refused.stderr and f"pid {os.getpid()}" in refused.stderr
        waiting = subprocess.Popen([*MAILAUDIT, "scan", "--maildir", str(md), "--db", str(db),
                                    "--wait", "--workers", "1"], cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.0)
        assert waiting.poll() is None  # queued behind the lock
    assert waiting.wait(60) == 0
    with Store.open(db) as store:
        assert store.count("messages") == 3


def test_two_real_scans_at_once_one_refuses(tmp_path: Path):
    md = make_maildir(tmp_path / "mail", 300)
    db = tmp_path / "audit.db"
    args = [*MAILAUDIT, "scan", "--maildir", str(md), "--db", str(db), "--workers", "1"]
    # The first scan is slowed down by a tiny batch size so the second surely overlaps.
    (tmp_path / "mailaudit.toml").write_text("[scan]\nbatch_size = 1\n", encoding="utf-8")
    first = subprocess.Popen(args, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and first.poll() is None:
        if db.exists():  # the first scan has committed something: it is mid-run
            with Store.open(db) as store:
                if store.count("messages"):
                    break
        time.sleep(0.05)
    second = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert first.wait(120) == 0
    if second.returncode == 0:  # the first had already finished: nothing to prove
        pytest.skip("first scan finished before the second started")
    assert second.returncode == ExitStatus.LOCKED, second.stderr


def test_report_after_scan(tmp_path: Path):
    md = make_maildir(tmp_path / "mail", 20)
    db = tmp_path / "audit.db"
    runner = CliRunner()
    assert runner.invoke(main, ["scan", "--maildir", str(md), "--db", str(db), "--workers", "1",
                                "-q"]).exit_code == 0
    out = runner.invoke(main, ["report", "--db", str(db), "--format", "json"])
    data = json.loads(out.output)
    assert data["messages"] == 20 and data["by_rule"]


def test_message_bytes_are_deterministic():
    assert message(3) == message(3)
