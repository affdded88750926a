"""Fuzz: a few hundred mutations of ../shared/corpora (tests/fuzz_mail.py, a
fixed seed) through the real `mailaudit scan`, `lint` and `evidence extract`
in subprocesses. No exit 70, output is valid UTF-8 JSON, and every input is
accounted for: stored (with its defects) or a problem with a reason, and a
problem only when there is nothing to read at all."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_mail import CORPORA, write_maildir

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason=f"shared corpora not present at {CORPORA}")

COUNT = 300
MAX_TEXT = 65_536  # the analysis cap, low so the big-text variants (400 kB) cross it quickly


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("fuzz")
    keys = write_maildir(root / "md", COUNT, seed=9, big=400_000, every_big=50)
    (root / "mailaudit.toml").write_text(
        f"[scan]\nworkers = 2\nbatch_size = 50\n[lint]\nmax_text_bytes = {MAX_TEXT}\n", encoding="utf-8"
    )
    return {"root": root, "md": root / "md", "keys": keys}


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MAILAUDIT_DEBUG"}
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], cwd=root, env=env,
                          capture_output=True, timeout=600)


def test_fuzz_scan_accounts_for_every_input(fuzzed):
    root, keys = fuzzed["root"], fuzzed["keys"]
    db = root / "audit.db"
    done = run(root, "scan", "--maildir", str(fuzzed["md"]), "--db", str(db), "--format", "json")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    summary = json.loads(done.stdout.decode("utf-8"))
    assert summary["totals"]["mails"] == COUNT

    con = sqlite3.connect(db)
    stored = {k for (k,) in con.execute("SELECT key FROM locations")}
    problems = {k: (stage, reason) for k, stage, reason in con.execute("SELECT key, stage, reason FROM problems")}
    assert stored | set(problems) == set(keys) and not stored & set(problems)
    # A problem is mail with nothing to read; anything with a header is audited.
    for key, (stage, reason) in problems.items():
        assert (stage, reason) in {("read", "empty message (no bytes)"),
                                   ("parse", "not an email: no header lines")}, (key, reason)
    assert len(problems) <= COUNT // 20, problems
    # Every stored mail has its row, JSON columns parse, defects are one line each.
    rows = con.execute("SELECT sha256, defects, headers, refs FROM messages").fetchall()
    assert {r[0] for r in rows} == {hashlib.sha256(keys[k]).hexdigest() for k in stored}
    for _, defects, headers, refs in rows:
        assert all("\n" not in d for d in json.loads(defects))
        json.loads(headers), json.loads(refs)
    capped = [k for k in stored if "big_text" in k]
    assert capped
    for key in capped:
        (defects,) = con.execute(
            "SELECT m.defects FROM messages m JOIN locations l ON l.sha256 = m.sha256 WHERE l.key = ?",
            [key]).fetchone()
        assert any("truncated for analysis" in d for d in json.loads(defects)), key
        assert any("cut for analysis" in d for d in json.loads(defects)), key
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_fuzz_lint_and_extract_answer_valid_json(fuzzed):
    root, md = fuzzed["root"], fuzzed["md"]
    lint = run(root, "lint", "--format", "json", str(md))
    assert lint.returncode in (0, 1), lint.stderr.decode("utf-8", "replace")
    results = json.loads(lint.stdout.decode("utf-8"))
    # Every file is linted or named on stderr as not mail (the scan's problems, above).
    skipped = [ln for ln in lint.stderr.decode("utf-8").splitlines() if ln.startswith("skipped ")]
    assert all(": not a mail message (" in ln for ln in skipped), skipped
    assert len(results) + len(skipped) == COUNT and len(skipped) <= COUNT // 20
    sample = sorted(str(p) for p in (md / "cur").iterdir())[:40]  # every mutation, text output
    text = run(root, "lint", *sample)
    # An empty file named on the command line is an input error (2), after the rest is linted.
    errors = [ln for ln in text.stderr.decode("utf-8").splitlines() if ln.startswith("Error: ")]
    assert text.returncode == (2 if errors else text.returncode) and text.returncode in (0, 1, 2), errors
    assert all(": not a mail message (" in ln for ln in errors), errors
    text.stdout.decode("utf-8")
    # The scan already extracted evidence from every variant; the command's own output on a sample.
    extract = run(root, "evidence", "extract", "--format", "json", *sample)
    assert extract.returncode in (0, 1, 2), extract.stderr.decode("utf-8", "replace")
    json.loads(extract.stdout.decode("utf-8"))
