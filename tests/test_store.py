"""The audit store on real SQLite files: batches, idempotence, search."""

from __future__ import annotations

import hashlib
import sqlite3
from email.message import EmailMessage
from pathlib import Path

import pytest

from mailaudit.errors import InputError
from mailaudit.mail.message import Finding
from mailaudit.mail.parse import parse_bytes
from mailaudit.sources.base import FolderState
from mailaudit.store.store import (
    Location,
    Problem,
    Store,
    default_db_path,
    message_id_for,
    record_from_message,
    resolve_db_path,
)


def make_raw(n: int, subject: str = "", body: str = "", attach: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"王芳 <sender{n}@example.cn>"
    msg["To"] = "Bob Lee <bob@example.com>"
    msg["Subject"] = subject or f"Message {n}"
    msg["Date"] = f"Mon, 0{1 + n % 9} Apr 2024 10:00:00 +0800"
    msg["Message-ID"] = f"<m{n}@test>"
    msg.set_content(body or f"Body number {n}.\n\n谢谢\n王芳")
    if attach:
        msg.add_attachment(b"data", maintype="application", subtype="pdf", filename=attach)
    return msg.as_bytes()


def record(raw: bytes, findings=()):
    sha = hashlib.sha256(raw).hexdigest()
    return record_from_message(parse_bytes(raw), raw, sha, list(findings))


def commit(store: Store, raws: list[bytes], folder="INBOX", start=1, **kw):
    recs = [record(r) for r in raws]
    locs = [Location("acct", folder, str(start + i), r.sha256) for i, r in enumerate(recs)]
    state = FolderState("acct", folder, uidvalidity=7, last_uid=start + len(raws) - 1)
    return store.commit_batch(state, recs, locs, **kw)


def test_batch_roundtrip_and_state(tmp_path: Path):
    with Store.open(tmp_path / "a.db") as store:
        raw = make_raw(1, attach="合同.pdf")
        rec = record(raw, [Finding("subject-vague", "warning", "vague", "subject", (0, 3), "Msg")])
        state = FolderState("acct", "INBOX", uidvalidity=9, last_uid=1, highestmodseq=5,
                            extra={"dirs": {"cur": 1.5}})
        result = store.commit_batch(state, [rec], [Location("acct", "INBOX", "1", rec.sha256)])
        assert (result.new_messages, result.findings) == (1, 1)
        assert store.folder_state("acct", "INBOX") == state
        assert store.folder_state("acct", "Other") is None
        assert store.raw(rec.sha256) == raw
        row = store.message_row(rec.sha256)
        assert row["id"] == message_id_for(rec.sha256)
        assert row["from_email"] == "sender1@example.cn" and row["date"].endswith("+08:00")
        assert row["date_utc"] == "2024-04-02T02:00:00Z"
        assert '"合同.pdf"' in row["attachments"]
        finding = next(store.iter_rows("SELECT * FROM findings"))
        assert (finding["rule"], finding["span_start"], finding["span_end"]) == ("subject-vague", 0, 3)
    # WAL mode persists in the file
    assert sqlite3.connect(tmp_path / "a.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_message_twice_is_one_message_two_locations(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    raw = make_raw(1)
    assert commit(store, [raw], folder="INBOX").new_messages == 1
    again = commit(store, [raw], folder="Archive")
    assert (again.new_messages, again.known_messages) == (0, 1)
    assert store.count("messages") == 1 and store.count("locations") == 2
    assert store.count("messages_fts") == 1


def test_recommit_is_idempotent(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    raws = [make_raw(n) for n in range(5)]
    commit(store, raws)
    before = store.content_snapshot()
    commit(store, raws)  # a batch re-done after a crash
    assert store.content_snapshot() == before
    assert store.search_count("Body") == 5


def test_order_does_not_change_rows(tmp_path: Path):
    raws = [make_raw(n) for n in range(6)]
    a, b = Store.open(tmp_path / "a.db"), Store.open(tmp_path / "b.db")
    commit(a, raws[:3], start=1)
    commit(a, raws[3:], start=4)
    commit(b, raws[3:], start=4)
    commit(b, raws[:3], start=1)
    b.commit_batch(FolderState("acct", "INBOX", uidvalidity=7, last_uid=6), [], [])
    assert a.content_snapshot() == b.content_snapshot()


def test_forget_folder_drops_old_keys_keeps_messages(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    raws = [make_raw(n) for n in range(3)]
    commit(store, raws, start=1)
    result = commit(store, raws, start=100, forget_folder=True)  # UIDVALIDITY changed
    assert result.new_messages == 0
    keys = sorted(r["key"] for r in store.iter_rows("SELECT key FROM locations"))
    assert keys == ["100", "101", "102"]
    assert store.count("messages") == 3


def test_problem_rows_keep_raw(tmp_path: Path):
    store = Store.open(tmp_path / "a.db")
    state = FolderState("acct", "INBOX", last_uid=1)
    store.commit_batch(state, [], [], [Problem("acct", "INBOX", "1", "parse", "not an email", None, b"\x00junk")])
    row = next(store.iter_rows("SELECT * FROM problems"))
    assert row["reason"] == "not an email" and row["stage"] == "parse"


def test_rollback_leaves_nothing(tmp_path: Path, monkeypatch):
    store = Store.open(tmp_path / "a.db")

    def boom(self, state):  # the batch's rows are written, the folder state not yet
        raise RuntimeError("killed here")

    monkeypatch.setattr(Store, "_save_state", boom)
    with pytest.raises(RuntimeError):
        commit(store, [make_raw(1)])
    monkeypatch.undo()
    assert store.count("messages") == 0 and store.folder_state("acct", "INBOX") is None
    assert store.count("messages_fts") == 0


def test_db_paths(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "mailaudit" / "audit.db"
    assert resolve_db_path(None) == default_db_path()
    assert resolve_db_path("/srv/a.db") == Path("/srv/a.db")
    assert resolve_db_path("/srv/a.db", tmp_path / "b.db") == tmp_path / "b.db"


def test_not_a_database_is_one_line_error(tmp_path: Path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="cannot open the audit store"):
        Store.open(bad)
    with pytest.raises(InputError, match="no audit store"):
        Store.open(tmp_path / "missing.db", create=False)


# ----------------------------------------------------------------- search
ZH_TEXTS = [
    "请查收附件中的合同，如有问题请随时联系我。",
    "根据昨天会议的讨论结果，我们需要在周五之前完成预算。",
    "截止日期是本月底，请大家及时提交季度报告。",
    "服务器迁移已经完成，数据库恢复正常。",
    "日\n期待定，发票下周寄出。",  # a line break inside: "日期" is not a substring here
]
EN_TEXTS = [
    "Please find the invoice attached; the budget review is on Monday.",
    "The quarterly report shows revenue growth in the pipeline.",
    "Server migration finished; reports are in the shared drive.",
]


@pytest.fixture
def search_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "s.db")
    raws = [make_raw(n, subject=f"主题 {n}", body=t) for n, t in enumerate(ZH_TEXTS + EN_TEXTS)]
    raws.append(make_raw(50, subject="季度报告 Q3", body="See attached.", attach="预算表-2024.xlsx"))
    commit(store, raws)
    return store


@pytest.mark.parametrize("query", ["合", "合同", "季度报告", "请大家及时提交", "数据库恢复正常", "日期",
                                   "发票", "预算", "表", "王芳", "预算表"])
def test_chinese_query_finds_what_substring_finds(search_store: Store, query: str):
    assert search_store.search_hashes(query) == search_store.substring_search(query)


@pytest.mark.parametrize("query", ["invoice", "budget", "Quarterly", "migration", "Bob", "bob@example.com"])
def test_english_query_finds_what_substring_finds(search_store: Store, query: str):
    assert search_store.search_hashes(query) == search_store.substring_search(query)


def test_english_is_word_prefix_not_infix(search_store: Store):
    assert len(search_store.search_hashes("report")) == 2  # report, reports
    assert search_store.substring_search("port") > search_store.search_hashes("port") == set()


def test_search_fields_dates_snippet(search_store: Store):
    hits = search_store.search("预算", fields=["attachments"])
    assert len(hits) == 1 and hits[0].subject == "季度报告 Q3"
    assert search_store.search("合同")[0].snippet.startswith("请查收附件中的合同")
    assert search_store.search("合同", since="2030-01-01") == []
    assert search_store.search('"" -- ) OR (') == []  # nothing passes through as FTS syntax
    assert len(search_store.search("季度 Q3")) == 1  # every word must occur
