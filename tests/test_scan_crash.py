"""kill -9 at many points of a scan: the next run ends with the same store.

Each crash run is a real `mailaudit scan` subprocess that SIGKILLs itself at a
chosen point (MAILAUDIT_TEST_CRASH=commit:N just after the N-th batch
committed, midbatch:N with the N-th batch's rows written but not committed; the
hook is tests/netguard/crashpoints.py, loaded into the subprocess, not the scan's code),
or is killed from outside after a random delay while its worker processes are
busy. The store left behind is then finished by an ordinary scan and compared,
table by table, with a store from one uninterrupted scan (scan_runs excepted:
it is the log of the runs themselves).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scan_corpus import make_maildir

from mailaudit.store.store import Store

COUNT, BATCH = 45, 5  # nine batches
QUERIES = ("合同", "预算表", "invoice", "Bob", "服务器迁移")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("crash")
    md = make_maildir(root / "mail", COUNT, junk=2)
    (root / "mailaudit.toml").write_text(f"[scan]\nbatch_size = {BATCH}\n", encoding="utf-8")
    clean = root / "clean.db"
    done = scan(root, md, clean)
    assert done.returncode == 0, done.stderr
    with Store.open(clean) as store:
        snapshot = store.content_snapshot()
        hits = {q: store.search_hashes(q) for q in QUERIES}
    assert len(snapshot["messages"]) == COUNT and len(snapshot["problems"]) == 2
    return {"root": root, "maildir": md, "snapshot": snapshot, "hits": hits}


def scan(root: Path, md: Path, db: Path, *, crash: str | None = None, workers: int = 1,
         popen: bool = False, config: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "MAILAUDIT_TEST_CRASH"}
    if crash:
        env["MAILAUDIT_TEST_CRASH"] = crash
    args = [sys.executable, "-m", "mailaudit", *(["--config", str(config)] if config else []),
            "scan", "--maildir", str(md), "--db", str(db), "--workers", str(workers), "-q"]
    if popen:
        return subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
    return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def assert_same_as_clean(corpus: dict, db: Path) -> None:
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store.open(db) as store:
        snap = store.content_snapshot()
        for table, rows in corpus["snapshot"].items():
            assert snap[table] == rows, f"table {table} differs"
        # the full-text index holds each message exactly once
        assert store.count("messages_fts_docsize") == COUNT
        for q, hashes in corpus["hits"].items():
            assert store.search_hashes(q) == hashes, q


@pytest.mark.parametrize("point", ["commit:1", "commit:4", "commit:9", "midbatch:1", "midbatch:3",
                                   "midbatch:6", "midbatch:9"])
def test_killed_at_a_point_then_resumed(corpus, tmp_path: Path, point: str):
    db = tmp_path / "audit.db"
    crashed = scan(corpus["root"], corpus["maildir"], db, crash=point)
    assert crashed.returncode == -signal.SIGKILL
    with Store.open(db) as store:  # what survived is a prefix, never a half batch
        kept = store.count("messages")
        batches = int(point.split(":")[1]) - (1 if point.startswith("midbatch") else 0)
        assert kept <= batches * BATCH
    resumed = scan(corpus["root"], corpus["maildir"], db)
    assert resumed.returncode == 0, resumed.stderr
    assert_same_as_clean(corpus, db)


def test_killed_repeatedly(corpus, tmp_path: Path):
    db = tmp_path / "audit.db"
    for point in ("midbatch:2", "commit:2", "midbatch:1", "commit:1"):
        assert scan(corpus["root"], corpus["maildir"], db, crash=point).returncode == -signal.SIGKILL
    assert scan(corpus["root"], corpus["maildir"], db).returncode == 0
    assert_same_as_clean(corpus, db)


def _children_gone(db: Path, timeout: float = 10.0) -> bool:
    """No process (a worker orphaned by the kill) still runs with this store."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if str(db).encode() in cmd:
                    busy.append(pid)
        if not busy:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and fork")
def test_killed_from_outside_with_workers(corpus, tmp_path: Path):
    """Killed from outside while two worker processes are busy (batches big
    enough for the pool): the workers must not outlive the scan, the lock
    must be free again, and the resumed store must equal the clean one."""
    rng = random.Random(1234)
    config = tmp_path / "big-batches.toml"
    config.write_text("[scan]\nbatch_size = 25\n", encoding="utf-8")
    db = tmp_path / "audit.db"
    landed = 0
    # Kill once while the first batch is in the workers, once after a commit.
    for wait_for_rows in (False, True):
        proc = scan(corpus["root"], corpus["maildir"], db, workers=2, popen=True, config=config)
        deadline = time.monotonic() + (60 if wait_for_rows else rng.uniform(0.8, 1.2))
        while time.monotonic() < deadline and proc.poll() is None:
            if wait_for_rows and db.exists():
                with Store.open(db) as store:
                    if store.count("messages"):
                        break
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            landed += 1
        proc.wait(60)
        assert _children_gone(db), "worker processes outlived the killed scan"
    assert landed, "the scans finished before any kill landed"
    resumed = scan(corpus["root"], corpus["maildir"], db, workers=2, config=config)
    assert resumed.returncode == 0, resumed.stderr  # not LOCKED: nothing held the lock
    assert_same_as_clean(corpus, db)
