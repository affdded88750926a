"""The hash-chained evidence log in a real SQLite file: intake, idempotence,
verify naming the first bad entry, a killed intake, and intake during scans."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.errors import ExitStatus
from mailaudit.evidence import ledger
from mailaudit.evidence.ingest import EvidenceItem, ingest_items, ingest_paths
from mailaudit.evidence.proof import verify_evidence
from mailaudit.store.store import Store

DATA = Path(__file__).parent / "data" / "evidence_log"
NOW = "2024-07-01T00:00:00Z"
INSTRUCTION_MAILS = 7  # of the 9 in DATA: the ops reply and the report carry none


def clock() -> str:
    return NOW


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "audit.db") as s:
        ingest_paths(s, [str(DATA)], now=clock)
        yield s


def snapshot(store: Store) -> dict[str, list]:
    tables = ("evidence_ledger", "evidence_instructions", "evidence_messages", "evidence_threads",
              "evidence_refs", "evidence_fts")
    out = {t: store.db.execute(f"SELECT rowid, * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    out["raw"] = sorted(store.db.execute("SELECT sha256, raw FROM messages").fetchall())
    return out


def id_of(store: Store, message_id: str) -> int:
    return store.db.execute("SELECT id FROM evidence_instructions WHERE message_id = ?", [message_id]).fetchone()[0]


def tamper(store: Store, sql: str, params=()) -> None:
    store.db.execute(sql, list(params))
    store.db.conn.commit()


# ------------------------------------------------------------------ the chain
def test_chain_links_and_entries(store):
    entries = list(ledger.entries(store.db))
    assert [e.seq for e in entries] == list(range(1, INSTRUCTION_MAILS + 1))
    assert entries[0].prev_hash == ledger.GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    for e in entries:
        body = json.loads(e.body)
        assert ledger.canonical_json(body) == e.body
        assert ledger.entry_hash(e.prev_hash, e.body) == e.entry_hash
        assert set(body) == {"seq", "kind", "sha256", "time", "index", "instruction", "message", "dkim", "dkim_signed"}
        assert body["dkim_signed"] is None  # unsigned: nothing to be inside of
        assert body["time"] == NOW and body["dkim"]["result"] == "none"
        raw = store.raw(e.sha256)
        assert raw is not None and len(raw) > 100
    report = verify_evidence(store)
    assert report.ok and report.entries == INSTRUCTION_MAILS and report.messages == INSTRUCTION_MAILS
    assert (report.head_seq, report.head_hash) == (entries[-1].seq, entries[-1].entry_hash)


def test_reingest_adds_nothing(store, tmp_path):
    before = snapshot(store)
    again = ingest_paths(store, [str(DATA)], now=lambda: "2025-01-01T00:00:00Z")
    assert again.messages == 0 and again.instructions == 0 and again.known == INSTRUCTION_MAILS
    # Another copy of one message under another name is the same message.
    copy = tmp_path / "copy.eml"
    shutil.copy(DATA / "qinglan-1-place.eml", copy)
    assert ingest_paths(store, [str(copy)]).known == 1
    assert snapshot(store) == before


def test_items_are_idempotent_within_and_across_calls(tmp_path):
    raw = (DATA / "shanchuan-feed.eml").read_bytes()
    from mailaudit.mail.parse import parse_bytes
    from mailaudit.store.store import record_from_message

    message = parse_bytes(raw, "x.eml")
    with Store.open(tmp_path / "a.db") as s:
        s.add_messages([record_from_message(message, raw, message.sha256 or _sha(raw), [])])
        item = EvidenceItem(sha256=_sha(raw), source="x.eml", subject=message.subject,
                            instructions=[{"action": "place", "slots": [{"text": "信息流第3位", "slot": "feed-3"}]}],
                            dkim={"result": "none"})
        first = ingest_items(s, [item, item], now=clock)
        second = ingest_items(s, [item], now=clock)
        assert (first.instructions, first.known, second.instructions, second.known) == (1, 1, 0, 1)
        assert s.count("evidence_ledger") == 1


def _sha(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


# ------------------------------------------------------------------ tampering
def test_verify_names_a_changed_instruction_row(store):
    rid = id_of(store, "<qinglan-3@biz.example.cn>")  # add splash 2024-06-12 to 06-30
    tamper(store, "UPDATE evidence_instructions SET end = '2024-06-29' WHERE id = ?", [rid])
    report = verify_evidence(store)
    assert not report.ok and report.first.seq == rid
    assert "end is '2024-06-29'" in report.first.what and "ledger says" in report.first.what
    assert len(report.problems) == 1


def test_verify_names_a_changed_raw_message(store):
    rid = id_of(store, "<qinglan-3@biz.example.cn>")
    sha = store.db.execute("SELECT sha256 FROM evidence_instructions WHERE id = ?", [rid]).fetchone()[0]
    raw = store.raw(sha)
    at = raw.index("追加".encode())
    changed = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]  # one byte
    tamper(store, "UPDATE messages SET raw = ? WHERE sha256 = ?", [zlib.compress(changed), sha])
    report = verify_evidence(store)
    assert report.first.seq == rid and "bytes were changed" in report.first.what


def test_verify_names_a_deleted_entry(store):
    tamper(store, "DELETE FROM evidence_ledger WHERE seq = 3")
    report = verify_evidence(store)
    assert report.first.seq == 3 and "entry 3 missing" in report.first.what
    # Later entries still fit their own links: the break is named once.
    assert {p.seq for p in report.problems} == {3}


def test_verify_names_a_changed_entry_even_with_its_row(store):
    rid = id_of(store, "<qinglan-4@biz.example.cn>")  # extend to 2024-06-30
    entry = ledger.get(store.db, rid)
    body = entry.body.replace('"end":"2024-06-30"', '"end":"2024-06-20"')
    assert body != entry.body
    tamper(store, "UPDATE evidence_ledger SET body = ? WHERE seq = ?", [body, rid])
    tamper(store, "UPDATE evidence_instructions SET end = '2024-06-20',"
           " record = replace(record, '2024-06-30', '2024-06-20') WHERE id = ?", [rid])
    report = verify_evidence(store)
    assert report.first.seq == rid and "entry_hash does not match" in report.first.what


def test_a_cut_off_end_is_caught_by_the_recorded_head(store):
    _, head_hash = ledger.head(store.db)
    last = store.count("evidence_ledger")
    sha = store.db.execute("SELECT sha256 FROM evidence_instructions WHERE id = ?", [last]).fetchone()[0]
    tamper(store, "DELETE FROM evidence_ledger WHERE seq = ?", [last])
    tamper(store, "DELETE FROM evidence_instructions WHERE id = ?", [last])
    tamper(store, "DELETE FROM evidence_messages WHERE sha256 = ?", [sha])
    assert verify_evidence(store).ok  # consistent on its own...
    report = verify_evidence(store, expect_head=head_hash)
    assert not report.ok and "recorded head" in report.first.what  # ...but not with the head


def test_a_row_behind_the_ledgers_back(store):
    row = next(store.iter_rows("SELECT * FROM evidence_instructions WHERE id = 1"))
    tamper(store, "INSERT INTO evidence_instructions (" + ", ".join(row) + ") VALUES ("
           + ", ".join("?" * len(row)) + ")", [99, *list(row.values())[1:2], 5, *list(row.values())[3:]])
    report = verify_evidence(store)
    assert report.first.seq == 99 and "no ledger entry" in report.first.what


def test_verify_cli_exit_status(store):
    runner = CliRunner()
    ok = runner.invoke(main, ["evidence", "verify", "--db", str(store.path)])
    assert ok.exit_code == 0, ok.output
    assert "intact" in ok.output and "Head: entry 7" in ok.output
    tamper(store, "UPDATE evidence_instructions SET advertiser = 'Someone else' WHERE id = 5")
    bad = runner.invoke(main, ["evidence", "verify", "--db", str(store.path), "--format", "json"])
    assert bad.exit_code == ExitStatus.INTEGRITY == 6
    data = json.loads(bad.output)
    assert data["ok"] is False and data["first_mismatch"]["seq"] == 5
    assert "advertiser" in data["first_mismatch"]["what"]


# ------------------------------------------------------------ killed intake
KILLER = """
import os, signal, sys
from mailaudit.store.store import Store
from mailaudit.evidence.ingest import ingest_paths
db, data, stage, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
seen = {"entry": 0, "commit": 0}
def checkpoint(where):
    seen[where] += 1
    if where == stage and seen[where] == n:
        os.kill(os.getpid(), signal.SIGKILL)
with Store.open(db) as store:
    ingest_paths(store, [data], now=lambda: "2024-07-01T00:00:00Z", batch_size=2, checkpoint=checkpoint)
"""


@pytest.mark.parametrize("stage,n", [("entry", 1), ("entry", 4), ("commit", 1), ("commit", 3)])
def test_killed_intake_then_rerun_equals_a_clean_run(tmp_path, store, stage, n):
    db = tmp_path / "killed.db"
    run = subprocess.run([sys.executable, "-c", KILLER, str(db), str(DATA), stage, str(n)],
                         capture_output=True, text=True, timeout=120, env={**os.environ})
    assert run.returncode == -9, run.stderr
    with Store.open(db) as killed:
        partial = killed.count("evidence_ledger") if "evidence_ledger" in killed.db.table_names() else 0
        assert partial < INSTRUCTION_MAILS
        assert verify_evidence(killed).ok  # what was committed is whole
        ingest_paths(killed, [str(DATA)], now=clock, batch_size=2)
        assert snapshot(killed) == snapshot(store)
        assert verify_evidence(killed).ok


# ----------------------------------------------------------------- via scans
def make_maildir(root: Path, names: list[str]) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(names):
        shutil.copy(DATA / name, root / "cur" / f"{1_700_000_000 + n}.{n}.host:2,S")
    return root


def test_scan_takes_placement_mail_in(tmp_path):
    names = sorted(p.name for p in DATA.glob("*.eml"))
    md = make_maildir(tmp_path / "Maildir", names)
    db = tmp_path / "scan.db"
    runner = CliRunner()
    out = runner.invoke(main, ["scan", "--maildir", str(md), "--db", str(db), "--workers", "1", "--format", "json"])
    assert out.exit_code == 0, out.output
    with Store.open(db) as s:
        assert s.count("messages") == len(names)  # the scan keeps every message...
        assert s.count("evidence_instructions") == INSTRUCTION_MAILS  # ...evidence only where asked
        assert verify_evidence(s).ok
        before = snapshot(s)
    again = runner.invoke(main, ["scan", "--maildir", str(md), "--db", str(db), "--workers", "1"])
    assert again.exit_code == 0, again.output
    with Store.open(db) as s:
        assert snapshot(s) == before


def test_scan_can_leave_evidence_out(tmp_path):
    md = make_maildir(tmp_path / "Maildir", ["northwind-1-place.eml"])
    config = tmp_path / "mailaudit.toml"
    config.write_text("[evidence]\ningest_on_scan = false\n")
    out = CliRunner().invoke(main, ["--config", str(config), "scan", "--maildir", str(md),
                                    "--db", str(tmp_path / "s.db"), "--workers", "1"])
    assert out.exit_code == 0, out.output
    with Store.open(tmp_path / "s.db") as s:
        assert s.count("messages") == 1
        assert "evidence_ledger" not in s.db.table_names() or s.count("evidence_ledger") == 0


def test_ingest_cli(tmp_path):
    db = tmp_path / "cli.db"
    runner = CliRunner()
    out = runner.invoke(main, ["evidence", "ingest", str(DATA), "--db", str(db)])
    assert out.exit_code == 0, out.output
    assert f"Took in {INSTRUCTION_MAILS} instruction(s) from {INSTRUCTION_MAILS} message(s)" in out.output
    again = runner.invoke(main, ["evidence", "ingest", str(DATA), "--db", str(db), "--format", "json"])
    assert json.loads(again.stdout)["known"] == INSTRUCTION_MAILS  # oplog.csv is named on stderr
    assert again.stderr == f"skipped {DATA / 'oplog.csv'}: not a mail message (no header lines)\n"
    missing = runner.invoke(main, ["evidence", "ingest", str(tmp_path / "nope"), "--db", str(db)])
    assert missing.exit_code == 2 and "no such file" in missing.output


# ---------------------------------------- several instructions per mail (issue 9)
LABELLED = Path(__file__).parent / "data" / "evidence"
EXAMPLES = Path(__file__).parents[1] / "examples"
MULTI = ["en-cancel-two-slots.eml", "zh-place-numbered-plan-three-slots.eml", "zh-cancel-and-add-two-actions.eml",
         "en-place-numbered-list.eml"]


def test_a_mail_with_two_instructions_verifies(tmp_path):
    db = str(tmp_path / "ev.db")
    runner = CliRunner()
    out = runner.invoke(main, ["evidence", "ingest", str(LABELLED / "en-cancel-two-slots.eml"), "--db", db])
    assert out.exit_code == 0 and "Took in 2 instruction(s) from 1 message(s)" in out.output
    ok = runner.invoke(main, ["evidence", "verify", "--db", db])
    assert ok.exit_code == 0, ok.output
    with Store.open(db) as s:
        row = next(s.iter_rows("SELECT first_seq, dkim_seq FROM evidence_messages"))
        assert row == {"first_seq": 1, "dkim_seq": 1}  # the first entry holds the intake result


def cli_verify(db) -> tuple[int, dict]:
    out = CliRunner().invoke(main, ["evidence", "verify", "--db", str(db), "--format", "json"])
    return out.exit_code, json.loads(out.output)


def test_examples_and_labelled_mail_verify_and_tampering_is_named(tmp_path):
    db = tmp_path / "all.db"
    out = CliRunner().invoke(main, ["evidence", "ingest", str(EXAMPLES), str(LABELLED), "--db", str(db)])
    assert out.exit_code == 0, out.output
    code, report = cli_verify(db)
    assert code == 0 and report["ok"], report["first_mismatch"]
    with Store.open(db) as s:
        # A mail with three instructions: change the end date of its last one.
        sha, rid = s.db.execute(
            "SELECT sha256, MAX(id) FROM evidence_instructions GROUP BY sha256 HAVING COUNT(*) = 3").fetchone()
        first = s.db.execute("SELECT MIN(id) FROM evidence_instructions WHERE sha256 = ?", [sha]).fetchone()[0]
        tamper(s, "UPDATE evidence_instructions SET end = '2031-01-01' WHERE id = ?", [rid])
    code, report = cli_verify(db)
    assert code == 6 and report["first_mismatch"]["seq"] == rid and "end is '2031-01-01'" in report["first_mismatch"]["what"]
    with Store.open(db) as s:
        tamper(s, "UPDATE evidence_instructions SET end = json_extract(record, '$.end') WHERE id = ?", [rid])
        blob = bytearray(s.db.execute("SELECT raw FROM messages WHERE sha256 = ?", [sha]).fetchone()[0])
        blob[len(blob) // 2] ^= 0x01  # one byte of the compressed blob
        tamper(s, "UPDATE messages SET raw = ? WHERE sha256 = ?", [bytes(blob), sha])
    code, report = cli_verify(db)
    assert code == 6 and report["first_mismatch"]["seq"] == first, report["first_mismatch"]
    assert "stored bytes were changed" in report["first_mismatch"]["what"] or "bytes were changed" in report["first_mismatch"]["what"]
    shown = CliRunner().invoke(main, ["evidence", "show", str(rid), "--db", str(db)])
    assert shown.exit_code == 0 and "RAW BYTES DAMAGED" in shown.output  # show still shows, and says so


def test_verify_names_swapped_and_out_of_chain_entries(store):
    tamper(store, "UPDATE evidence_ledger SET seq = -1 WHERE seq = 3")
    tamper(store, "UPDATE evidence_ledger SET seq = 3 WHERE seq = 4")
    tamper(store, "UPDATE evidence_ledger SET seq = 4 WHERE seq = -1")
    report = verify_evidence(store)
    assert report.first.seq == 3 and "prev_hash" in report.first.what
    tamper(store, "UPDATE evidence_ledger SET seq = -1 WHERE seq = 3")
    tamper(store, "UPDATE evidence_ledger SET seq = 3 WHERE seq = 4")
    tamper(store, "UPDATE evidence_ledger SET seq = 4 WHERE seq = -1")
    assert verify_evidence(store).ok
    last = ledger.get(store.db, INSTRUCTION_MAILS)
    body = last.body.replace(f'"seq":{last.seq}', f'"seq":{last.seq + 1}')
    tamper(store, "INSERT INTO evidence_ledger VALUES (?, ?, ?, ?, ?, ?)",
           [last.seq + 1, last.kind, last.sha256, body, "f" * 64, ledger.entry_hash("f" * 64, body)])
    report = verify_evidence(store)
    assert report.first.seq == last.seq + 1 and "prev_hash" in report.first.what


def test_a_missing_recorded_head_names_the_end_of_the_log(store):
    code, report = cli_verify(store.path)
    assert code == 0
    out = CliRunner().invoke(main, ["evidence", "verify", "--db", str(store.path), "--head", "ab" * 32])
    assert out.exit_code == 6
    assert "MISMATCH at the end of the log" in out.output and f"ends at entry {INSTRUCTION_MAILS}" in out.output
    assert f"entry {INSTRUCTION_MAILS + 1}" not in out.output
    good = CliRunner().invoke(main, ["evidence", "verify", "--db", str(store.path), "--head", report["head"]["hash"]])
    assert good.exit_code == 0


# ------------------- property: random mixes of mails, re-ingests and SIGKILLs
KILL_ANY = """
import json, os, signal, sys
from mailaudit.store.store import Store
from mailaudit.evidence.ingest import ingest_paths
db, files, stage, n, batch = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
seen = {"entry": 0, "commit": 0}
def checkpoint(where):
    seen[where] += 1
    if where == stage and seen[where] == n:
        os.kill(os.getpid(), signal.SIGKILL)
with Store.open(db) as store:
    ingest_paths(store, files, now=lambda: "2024-07-01T00:00:00Z", batch_size=batch, checkpoint=checkpoint)
"""


def evidence_content(store: Store) -> tuple[list, list]:
    """What the log holds, independent of the order mail arrived in."""
    entries = sorted((e.sha256, e.data()["index"], ledger.canonical_json(e.data()["instruction"]))
                     for e in ledger.entries(store.db))
    messages = sorted(store.db.execute("SELECT sha256, dkim FROM evidence_messages").fetchall())
    return entries, messages


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_mixes_of_mails_reingests_and_kills_always_verify(tmp_path, seed):
    import random

    rng = random.Random(seed)
    pool = [LABELLED / n for n in MULTI] + rng.sample(sorted(LABELLED.glob("*.eml")), 8) + sorted(DATA.glob("*.eml"))[:4]
    db = tmp_path / "mixed.db"
    for _ in range(3):
        files = [str(p) for p in rng.sample(pool, rng.randrange(3, len(pool)))]
        stage = rng.choice(["entry", "commit", "none"])
        args = [str(db), json.dumps(files), stage, str(rng.randrange(1, 6)), str(rng.choice([1, 2, 5]))]
        run = subprocess.run([sys.executable, "-c", KILL_ANY, *args], capture_output=True, text=True, timeout=180)
        assert run.returncode in (0, -9), run.stderr
        with Store.open(db) as s:
            if "evidence_ledger" in s.db.table_names():
                report = verify_evidence(s)
                assert report.ok, (seed, report.first)
    clean_db = tmp_path / "clean.db"
    with Store.open(db) as s, Store.open(clean_db) as clean:
        ingest_paths(s, [str(p) for p in pool], now=clock, batch_size=3)
        ingest_paths(clean, [str(p) for p in pool], now=clock)
        assert verify_evidence(s).ok
        assert evidence_content(s) == evidence_content(clean)  # nothing lost, nothing twice
        assert s.count("evidence_ledger") == s.count("evidence_instructions") == clean.count("evidence_ledger")
        # Every kind of tampering is named, at the entry it concerns.
        entries = list(ledger.entries(s.db))
        victim = rng.choice(entries)
        first_of = {}
        for e in entries:
            first_of.setdefault(e.sha256, e.seq)
        kinds = {
            "row": ("UPDATE evidence_instructions SET advertiser = 'X' WHERE id = ?", [victim.seq], victim.seq),
            "raw": ("UPDATE messages SET raw = ? WHERE sha256 = ?",
                    [zlib.compress(s.raw(victim.sha256) + b" "), victim.sha256], first_of[victim.sha256]),
            "raw-uncompressed": ("UPDATE messages SET raw = ? WHERE sha256 = ?",
                                 [s.raw(victim.sha256), victim.sha256], first_of[victim.sha256]),
            "dkim-row": ("UPDATE evidence_messages SET dkim_result = 'pass' WHERE sha256 = ?", [victim.sha256],
                         first_of[victim.sha256]),
            "delete": ("DELETE FROM evidence_ledger WHERE seq = ?", [victim.seq], victim.seq),
        }
        s.db.conn.commit()
    for kind, (sql, params, expected) in kinds.items():
        copy = tmp_path / f"{kind}.db"
        import sqlite3

        src, dst = sqlite3.connect(db), sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        with Store.open(copy) as t:
            tamper(t, sql, params)
            report = verify_evidence(t)
            assert not report.ok and report.first.seq == expected, (kind, report.first)


def test_a_rebuilt_chain_with_odd_bodies_is_reported_not_a_traceback(store):
    """Someone rewrites the log from scratch with well-formed hashes but odd
    content: verify names entries, it does not crash (exit 6, never 70)."""
    prev = ledger.GENESIS
    for entry in list(ledger.entries(store.db)):
        data = entry.data()
        if entry.seq == 2:
            data["dkim"] = "pass"
        if entry.seq == 3:
            data["instruction"] = ["not", "a", "record"]
        body = ledger.canonical_json(data)
        new_hash = ledger.entry_hash(prev, body)
        tamper(store, "UPDATE evidence_ledger SET body = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?",
               [body, prev, new_hash, entry.seq])
        prev = new_hash
    report = verify_evidence(store, recheck_dkim=True)
    assert not report.ok and {p.seq for p in report.problems} >= {2, 3}
    out = CliRunner().invoke(main, ["evidence", "verify", "--db", str(store.path), "--dkim"])
    assert out.exit_code == 6 and "Traceback" not in out.output
