"""One bad mail never stops a scan (issue 9): a raw 8-bit byte in an
identifier header, a charset that is no text codec, a row SQLite refuses
anyway. Real stores, the real linter, the CLI in a subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from scan_corpus import make_maildir

import mailaudit.scan.run as scan_mod
from mailaudit.config import Settings
from mailaudit.errors import ExitStatus
from mailaudit.scan.run import ScanTarget, run_scan
from mailaudit.sources import open_source
from mailaudit.store.store import Store

POISON = (
    b"From: Mallory <m@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: poison\r\n"
    b"Message-ID: <ab\xffcd@evil.test>\r\nIn-Reply-To: <q\xfe@evil.test>\r\n"
    b"References: <r\x80@evil.test> <c1@corpus.test>\r\n\r\nHello Bob,\r\n\r\nsee you.\r\n"
)
ODD_CHARSETS = (
    b"From: m@example.com\r\nTo: bob@example.com\r\nMessage-ID: <odd@evil.test>\r\n"
    b"Subject: =?hex?B?AAAA?= =?zlib?B?eJwDAAAAAAE=?= =?rot13?Q?uryyb?= =?undefined?Q?x?="
    b" =?utf\x00-8?Q?y?= =?utf-7?Q?+2AA-?=\r\n"
    b"Content-Type: text/plain; charset=punycode\r\n\r\nHello \xff\x00 Bob\r\n"
)


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], cwd=cwd,
                          env=dict(os.environ), capture_output=True, timeout=120)


def test_poison_headers_in_a_maildir_scan_store_everything(tmp_path: Path):
    md = make_maildir(tmp_path / "mail", 6)
    (md / "cur" / "1900000000.Mpoison.test:2,S").write_bytes(POISON)
    (md / "cur" / "1900000001.Modd.test:2,S").write_bytes(ODD_CHARSETS)
    # a file name with a byte that is not UTF-8 (str paths carry it surrogate-escaped)
    (md / "cur" / os.fsdecode(b"1900000002.Mname\xff.test:2,S")).write_bytes(
        POISON.replace(b"poison", b"8-bit file name"))
    db = tmp_path / "audit.db"
    for _ in range(2):  # and the rerun finds nothing new, not the same failure
        done = cli(tmp_path, "scan", "--maildir", str(md), "--db", str(db), "--workers", "1",
                   "--format", "json")
        assert done.returncode == 0, done.stderr
        json.loads(done.stdout.decode("utf-8"))  # valid UTF-8 JSON
    with Store.open(db) as store:
        assert store.count("messages") == 9 and store.count("problems") == 0
        row = next(store.iter_rows("SELECT * FROM messages WHERE subject = 'poison'"))
        assert row["message_id"] == "<ab\ufffdcd@evil.test>"
        assert row["in_reply_to"] == "<q\ufffd@evil.test>"
        assert json.loads(row["refs"]) == ["<r\ufffd@evil.test>", "<c1@corpus.test>"]
        assert "header Message-ID: raw 8-bit bytes that are not UTF-8" in json.loads(row["defects"])
        odd = next(store.iter_rows("SELECT * FROM messages WHERE message_id = '<odd@evil.test>'"))
        defects = json.loads(odd["defects"])
        assert any("'zlib'" in d or "zlib" in d for d in defects), defects
        assert "\x00" not in odd["subject"] + odd["text"]
        keys = [r["key"] for r in store.iter_rows("SELECT key FROM locations")]
        assert any("\ufffd" in k for k in keys)


def test_lint_reads_what_it_can_of_odd_charsets(tmp_path: Path):
    files = []
    for i, data in enumerate((ODD_CHARSETS, POISON, ODD_CHARSETS.replace(b"hex", b"base64"))):
        path = tmp_path / f"{i}.eml"
        path.write_bytes(data)
        files.append(str(path))
    done = cli(tmp_path, "lint", "--format", "json", *files)
    assert done.returncode in (0, 1), done.stderr
    results = json.loads(done.stdout.decode("utf-8"))
    assert [r["source"] for r in results] == files  # a multi-file lint goes on
    assert results[1]["message_id"] == "<ab\ufffdcd@evil.test>"
    text = cli(tmp_path, "lint", *files)
    assert text.returncode in (0, 1), text.stderr
    assert b"charset 'hex'" in text.stdout


class _Refused:
    """A row SQLite refuses even after parsing made every string safe."""

    def __init__(self, real):
        self.real = real

    def __call__(self, message, raw, sha256, findings):
        record = self.real(message, raw, sha256, findings)
        if b"poison" in raw:
            record.row["size"] = 2**70  # too big for an SQLite integer
        return record


def test_a_row_sqlite_refuses_is_a_problem_and_the_batch_is_stored(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(scan_mod, "record_from_message", _Refused(scan_mod.record_from_message))
    md = make_maildir(tmp_path / "mail", 8)
    (md / "cur" / "1750000000.Mpoison.test:2,S").write_bytes(POISON)
    (md / "cur" / "1750000001.Mpoison2.test:2,S").write_bytes(POISON)  # the same bytes twice
    settings = Settings(raw={"scan": {"batch_size": 50}})
    source = open_source("md", {"kind": "maildir", "path": str(md)}, settings)
    store = Store.open(tmp_path / "a.db")
    summary = run_scan(store, [ScanTarget(source)], settings, workers=1, history=False)
    assert summary.status == ExitStatus.OK
    assert store.count("messages") == 8 and store.count("locations") == 8
    problems = list(store.iter_rows("SELECT * FROM problems ORDER BY key"))
    assert [p["stage"] for p in problems] == ["store", "store"]
    assert "OverflowError" in problems[0]["reason"]
    assert (summary.total("new"), summary.total("problems"), summary.total("mails")) == (8, 2, 10)
    assert store.folder_state("md", "INBOX") is not None
    # the rerun does not fetch the folder again, and the store is intact
    source = open_source("md", {"kind": "maildir", "path": str(md)}, settings)
    again = run_scan(store, [ScanTarget(source)], settings, workers=1, history=False)
    assert again.total("mails") == 0
    store.close()
    assert sqlite3.connect(tmp_path / "a.db").execute("PRAGMA integrity_check").fetchone()[0] == "ok"


EVIDENCE = Path(__file__).parent / "data" / "evidence_log"


def _placement_copies(tmp_path: Path) -> Path:
    """The evidence-log mails, one of them with raw 8-bit bytes in Message-ID
    and References."""
    out = tmp_path / "in"
    out.mkdir()
    files = sorted(EVIDENCE.glob("*.eml"))
    for path in files:
        (out / path.name).write_bytes(path.read_bytes())
    first = out / files[0].name
    first.write_bytes(first.read_bytes().replace(b"Message-ID: <", b"References: <r\xff@x>\r\nMessage-ID: <\xfe", 1))
    return out


def test_evidence_ingest_of_a_poison_header_mail(tmp_path: Path):
    src = _placement_copies(tmp_path)
    done = cli(tmp_path, "evidence", "ingest", str(src), "--db", str(tmp_path / "a.db"))
    assert done.returncode == 0, done.stderr
    with Store.open(tmp_path / "a.db") as store:
        assert store.count("evidence_messages") == 7  # every mail that carries an instruction
        assert any("\ufffd" in (r["message_id"] or "") for r in store.iter_rows("SELECT * FROM messages"))


def test_evidence_ingest_stores_the_rest_when_sqlite_refuses_one(tmp_path: Path, monkeypatch):
    import mailaudit.store.store as store_mod
    from mailaudit.evidence.ingest import ingest_paths

    src = _placement_copies(tmp_path)
    real = store_mod.record_from_message

    def refused(message, raw, sha256, findings):
        record = real(message, raw, sha256, findings)
        if b"r\xff@x" in raw:
            record.row["size"] = 2**70
        return record

    monkeypatch.setattr(store_mod, "record_from_message", refused)
    with Store.open(tmp_path / "a.db") as store:
        result = ingest_paths(store, [str(src)], now=lambda: "2024-07-01T00:00:00Z")
        assert (result.messages, result.failed) == (6, 1)
        problem = next(store.iter_rows("SELECT * FROM evidence_problems"))
        assert "OverflowError" in problem["reason"]
        assert store.count("evidence_messages") == 6 and store.count("messages") == 6


def test_dates_at_the_ends_of_the_calendar_do_not_fail_the_scan(tmp_path: Path):
    """Year 600 was stored as '600-…' (strftime) and history then failed to read
    it; year 9999 overflows when working days are added: exit 70 after the
    whole folder was stored, the run left 'running'."""
    md = make_maildir(tmp_path / "mail", 3)
    for n, date in enumerate((b"Mon, 18 Nov 600 02:50:48 +0000", b"Fri, 31 Dec 9999 23:59:59 -1200",
                              b"Mon, 1 Jan 0001 00:00:00 +1400")):
        (md / "cur" / f"19000000{n}.Mdate.test:2,S").write_bytes(
            POISON.replace(b"Subject: poison", b"Subject: Can you reply by Friday?\r\nDate: " + date)
            .replace(b"<ab", b"<%d" % n))
    db = tmp_path / "audit.db"
    done = cli(tmp_path, "scan", "--maildir", str(md), "--db", str(db), "--workers", "1")
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        assert store.count("messages") == 6
        assert store.runs(1)[0]["status"] == "ok"
        dated = list(store.iter_rows("SELECT date_utc, defects FROM messages WHERE subject LIKE 'Can you%'"))
        # 600 and 9999 are refused with a defect; "0001" reads as 2001 (two-digit year rules)
        assert sum(r["date_utc"] is None and "outside the years" in r["defects"] for r in dated) == 2
