"""Threads, search and show over a real evidence store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.evidence.ingest import ingest_paths
from mailaudit.evidence.lookup import Query, search, show
from mailaudit.evidence.threads import thread_timeline
from mailaudit.store.store import Store

DATA = Path(__file__).parent / "data" / "evidence_log"
QINGLAN = ["qinglan-1-place.eml", "qinglan-3-add-splash.eml", "qinglan-4-extend.eml", "qinglan-5-cancel-no-headers.eml"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("lookup") / "audit.db"
    with Store.open(path) as s:
        ingest_paths(s, [str(DATA)], now=lambda: "2024-07-01T00:00:00Z")
        yield s


def id_of(store: Store, message_id: str) -> int:
    return store.db.execute("SELECT id FROM evidence_instructions WHERE message_id = ?", [message_id]).fetchone()[0]


def steps(events) -> list[tuple]:
    return [(e.label, [s["slot"] for s in e.slots], e.start, e.end, e.advertiser) for e in events]


def test_four_message_thread_timeline(store):
    """place -> add (In-Reply-To the ops reply only) -> extend -> cancel (no
    thread headers at all: joined by subject and advertiser)."""
    placed = id_of(store, "<qinglan-1@biz.example.cn>")
    events = thread_timeline(store.db, placed)
    assert steps(events) == [
        ("placed", ["homepage-banner"], "2024-06-10", "2024-06-23", "青岚茶饮"),
        ("added slot", ["splash"], "2024-06-12", "2024-06-30", "青岚茶饮"),
        ("extended", ["homepage-banner"], None, "2024-06-30", "青岚茶饮"),
        ("cancelled", ["splash"], "2024-06-21", None, "青岚茶饮"),
    ]
    ids = [e.id for e in events]
    assert [e.amends for e in events] == [[], [ids[0]], [ids[0]], [ids[1]]]
    # Every member sees the same thread, whichever record is asked about.
    assert all([e.id for e in thread_timeline(store.db, i)] == ids for i in ids)
    # The other threads stay apart.
    northwind = thread_timeline(store.db, id_of(store, "<northwind-1@sales.example.com>"))
    assert steps(northwind) == [
        ("placed", ["homepage-banner"], "2024-07-01", "2024-07-14", "Northwind"),
        ("extended", ["homepage-banner"], None, "2024-07-21", "Northwind"),
    ]
    assert len(thread_timeline(store.db, id_of(store, "<shanchuan-1@biz.example.cn>"))) == 1


def test_thread_through_a_reply_without_instruction(tmp_path):
    """A reply that only has In-Reply-To: <the ops acknowledgement> and a subject
    of its own is tied to the thread through the stored acknowledgement."""
    mail = tmp_path / "mail"
    mail.mkdir()
    for name in ("qinglan-1-place.eml", "qinglan-2-ops-ack.eml"):
        shutil.copy(DATA / name, mail / name)
    raw = (DATA / "qinglan-3-add-splash.eml").read_bytes()
    head, body = raw.split(b"\r\n\r\n", 1)
    head = b"\r\n".join(
        line if not line.startswith(b"Subject:") else "Subject: 开屏追加".encode() for line in head.split(b"\r\n")
    )
    (mail / "add.eml").write_bytes(head + b"\r\n\r\n" + body)
    with Store.open(tmp_path / "a.db") as s:
        # As a scan would: every message stored, evidence where there is some.
        from mailaudit.mail.parse import parse_bytes
        from mailaudit.store.store import record_from_message

        ack = (mail / "qinglan-2-ops-ack.eml").read_bytes()
        import hashlib

        s.add_messages([record_from_message(parse_bytes(ack), ack, hashlib.sha256(ack).hexdigest(), [])])
        ingest_paths(s, [str(mail)])
        events = thread_timeline(s.db, id_of(s, "<qinglan-1@biz.example.cn>"))
        assert [e.label for e in events] == ["placed", "added slot"]


def test_out_of_order_arrival_gives_the_same_threads(tmp_path, store):
    """The amendments first, the placement last: threads are recomputed."""
    with Store.open(tmp_path / "b.db") as s:
        for name in reversed(QINGLAN):
            ingest_paths(s, [str(DATA / name)])
        events = thread_timeline(s.db, id_of(s, "<qinglan-1@biz.example.cn>"))
        assert [e.label for e in events] == ["placed", "added slot", "extended", "cancelled"]
        rows = s.db.execute("SELECT label, advertiser FROM evidence_threads ORDER BY id").fetchall()
        assert sorted(rows) == sorted(
            store.db.execute(
                "SELECT t.label, t.advertiser FROM evidence_threads t JOIN evidence_instructions i ON i.id = t.id"
                " WHERE i.advertiser = '青岚茶饮'"
            ).fetchall()
        )


def found(store, **kw) -> list[str]:
    return [h.subject for h in search(store, Query(**kw))]


def test_search_chinese_and_english(store):
    assert len(found(store, text="青岚")) == 4
    assert len(found(store, text="首页banner")) == 4
    # A slot's key is indexed with the slot: English finds the slot written in Chinese.
    assert sorted(found(store, text="homepage banner")) == sorted(
        ["青岚茶饮 首页banner投放需求", "回复：青岚茶饮 首页banner投放需求", "Northwind homepage banner, July 1-14",
         "Re: Northwind homepage banner, July 1-14"])
    assert found(store, text="信息流") == ["山川户外 信息流投放"]
    assert len(found(store, text="Northwind")) == 2
    assert len(found(store, text="extend")) == 1  # English word prefixes: "extend" in the text
    assert found(store, text="northwind_summer") == ["Northwind homepage banner, July 1-14"]
    assert found(store, text="不存在的词") == [] and found(store, text="zebra") == []


def test_search_filters(store):
    assert len(found(store, advertiser="青岚茶饮")) == 4
    assert len(found(store, advertiser="northwind")) == 2  # case does not matter
    assert len(found(store, slot="开屏")) == 2 and len(found(store, slot="splash")) == 2
    assert found(store, slot="feed") == ["山川户外 信息流投放"]  # every feed position
    assert found(store, slot="信息流第3位") == ["山川户外 信息流投放"]
    assert len(found(store, sender="王芳")) == 4 and len(found(store, sender="sam.lee@sales.example.com")) == 2
    assert len(found(store, actions=["extend", "cancel"])) == 3
    assert len(found(store, since="2024-06-18", until="2024-06-20")) == 2  # until is inclusive
    assert len(found(store, text="banner", advertiser="青岚", actions=["extend"])) == 1
    hits = search(store, Query(advertiser="青岚茶饮"))
    assert [h.date for h in hits] == sorted((h.date for h in hits), reverse=True)  # newest first
    assert [h.label for h in hits] == ["cancelled", "extended", "added slot", "placed"]


def test_search_inherits_the_threads_advertiser(tmp_path):
    """An amendment that names no advertiser is found under its thread's."""
    raw = (DATA / "northwind-2-extend.eml").read_bytes().replace(b"Northwind's homepage banner", b"the homepage banner")
    raw = raw.replace(b"Subject: Re: Northwind homepage banner", b"Subject: Re: homepage banner")
    mail = tmp_path / "m"
    mail.mkdir()
    (mail / "extend.eml").write_bytes(raw)
    shutil.copy(DATA / "northwind-1-place.eml", mail / "place.eml")
    with Store.open(tmp_path / "c.db") as s:
        ingest_paths(s, [str(mail)])
        own = s.db.execute("SELECT advertiser FROM evidence_instructions WHERE action = 'extend'").fetchone()[0]
        assert own is None
        hits = search(s, Query(advertiser="Northwind", actions=["extend"]))
        assert [(h.label, h.advertiser) for h in hits] == [("extended", "Northwind")]


def test_show_has_record_headers_text_timeline_and_proof(store):
    rid = id_of(store, "<qinglan-3@biz.example.cn>")
    data = show(store, rid)
    assert data["record"]["action"] == "add" and data["label"] == "added slot"
    head = data["headers"]
    assert head["from"] == "王芳 <wangfang@biz.example.cn>"
    assert head["to"] == ["投放运营 <ops@example.cn>"] and head["cc"] == ["李强 <liqiang@biz.example.cn>"]
    assert head["subject"] == "回复：青岚茶饮 首页banner投放需求"
    assert head["message_id"] == "<qinglan-3@biz.example.cn>" and head["date"] == "2024-06-06T09:15:00+08:00"
    assert "客户追加开屏广告" in data["body"] and "王芳" not in data["body"].split("\n")[-1:]
    assert [e["label"] for e in data["timeline"]] == ["placed", "added slot", "extended", "cancelled"]
    proof = data["proof"]
    assert proof["hash_ok"] and proof["dkim"]["result"] == "none"
    assert proof["chain"]["seq"] == rid and proof["chain"]["entry_ok"] and proof["chain"]["links_ok"]
    assert proof["chain"]["record_matches_entry"]


def test_search_and_show_cli(store):
    runner = CliRunner()
    db = ["--db", str(store.path)]
    out = runner.invoke(main, ["evidence", "search", "开屏", *db])
    assert out.exit_code == 0, out.output
    assert "2 record(s)" in out.output and "cancelled" in out.output and "added slot" in out.output
    js = runner.invoke(main, ["evidence", "search", "--advertiser", "Northwind", "--format", "json", *db])
    hits = json.loads(js.output)
    assert [h["label"] for h in hits] == ["extended", "placed"] and hits[0]["requester"] == "sam.lee@sales.example.com"
    rid = id_of(store, "<northwind-1@sales.example.com>")
    shown = runner.invoke(main, ["evidence", "show", str(rid), *db])
    assert shown.exit_code == 0, shown.output
    for expected in ("Evidence record", "To:          AdOps <adops@example.com>",
                     "Cc:          Kim Park <kim.park@sales.example.com>", "Thread timeline", "extended",
                     "Please book the homepage banner for Northwind", "DKIM            none", "hash ok"):
        assert expected in shown.output
    as_json = json.loads(runner.invoke(main, ["evidence", "show", str(rid), "--format", "json", *db]).output)
    assert as_json["id"] == rid and as_json["proof"]["hash_ok"]
    missing = runner.invoke(main, ["evidence", "show", "9999", *db])
    assert missing.exit_code == 2 and "no evidence record 9999" in missing.output
    bad = runner.invoke(main, ["evidence", "search", "--since", "June", *db])
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_a_reused_subject_months_later_is_a_new_thread(tmp_path):
    """The same subject eight months on, and a headerless reply to it two days
    later: the reply joins the new campaign, the old thread is left alone."""
    mail = tmp_path / "m"
    mail.mkdir()
    for name in QINGLAN:
        shutil.copy(DATA / name, mail / name)
    again = (DATA / "qinglan-1-place.eml").read_bytes()
    again = again.replace(b"Mon, 03 Jun 2024", b"Mon, 03 Feb 2025").replace(b"<qinglan-1@", b"<qinglan-2025@")
    again = again.replace("6月10日至6月23日".encode(), "2月10日至2月23日".encode())
    (mail / "2025-place.eml").write_bytes(again)
    reply = (DATA / "qinglan-5-cancel-no-headers.eml").read_bytes()
    reply = reply.replace(b"Thu, 20 Jun 2024", b"Wed, 05 Feb 2025").replace(b"<qinglan-5@", b"<qinglan-2025-5@")
    reply = reply.replace("开屏从6月21日起停投，首页banner照常".encode(), "首页banner从2月6日起停投".encode())
    (mail / "2025-cancel.eml").write_bytes(reply)
    with Store.open(tmp_path / "r.db") as s:
        ingest_paths(s, [str(mail)])
        old = thread_timeline(s.db, id_of(s, "<qinglan-1@biz.example.cn>"))
        new = thread_timeline(s.db, id_of(s, "<qinglan-2025@biz.example.cn>"))
        assert [e.label for e in old] == ["placed", "added slot", "extended", "cancelled"]
        assert [(e.label, e.start) for e in new] == [("placed", "2025-02-10"), ("cancelled", "2025-02-06")]
        assert new[1].amends == [new[0].id]


# -- the operations group's confirmations ----------------------------------------------

def test_confirming_sentences():
    from mailaudit.evidence.confirmations import confirming_sentence

    assert confirming_sentence("收到，已经安排好了。\n") == "收到，已经安排好了。"
    assert confirming_sentence("王芳：\n首页banner已配置完成，6月1日10点上线。") == "首页banner已配置完成，6月1日10点上线。"
    assert confirming_sentence("Hi Dana,\nDone, it's live on the homepage now.") == "Done, it's live on the homepage now."
    assert confirming_sentence("The splash ad has been set up for Monday.") is not None
    for asks in ("首页banner已上线了吗？", "已经配置好了吗", "Is it live yet?", "Has this been configured?",
                 "It is not live yet, we are waiting for the creative.", "请尽快配置首页banner。"):
        assert confirming_sentence(asks) is None, asks


def test_show_and_export_list_the_operations_confirmation(tmp_path):
    """A scan keeps the ops reply ("收到，已经安排好了。"); show and the export put it
    in the thread as a confirmation, marked as the operations group's when configured."""
    import json
    import zipfile

    from click.testing import CliRunner

    from mailaudit.cli import main

    maildir = tmp_path / "INBOX"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    for n, name in enumerate(QINGLAN[:2] + ["qinglan-2-ops-ack.eml"]):
        shutil.copy(DATA / name, maildir / "cur" / f"17000000{n:02d}.{n}.host:2,S")
    config = tmp_path / "mailaudit.toml"
    config.write_text('[workflow]\nops_group = ["ops@example.cn"]\n', encoding="utf-8")
    db = tmp_path / "audit.db"
    runner = CliRunner()
    scan = runner.invoke(main, ["--config", str(config), "scan", "--maildir", str(maildir), "--db", str(db),
                                "--workers", "1"])
    assert scan.exit_code in (0, 1), scan.output
    with Store.open(db) as s:
        rid = id_of(s, "<qinglan-1@biz.example.cn>")
    shown = runner.invoke(main, ["--config", str(config), "evidence", "show", str(rid), "--db", str(db),
                                 "--format", "json"])
    assert shown.exit_code == 0, shown.output
    (confirmation,) = json.loads(shown.output)["confirmations"]
    assert confirmation["excerpt"] == "收到，已经安排好了。"
    assert confirmation["sender"] == "投放运营 <ops@example.cn>"
    assert confirmation["from_ops"] is True and confirmation["replies_to"] == [rid]
    text = runner.invoke(main, ["--config", str(config), "evidence", "show", str(rid), "--db", str(db)])
    assert "Confirmations in the thread" in text.output
    assert "confirmed   投放运营 <ops@example.cn> (operations group): “收到，已经安排好了。”" in text.output
    out = tmp_path / "q.zip"
    export = runner.invoke(main, ["--config", str(config), "evidence", "export", str(rid), "-o", str(out),
                                  "--db", str(db)])
    assert export.exit_code == 0, export.output
    with zipfile.ZipFile(out) as zf:
        records = json.loads(zf.read("records.json"))
        html = zf.read("summary.html").decode()
    assert records["threads"][0]["confirmations"][0]["excerpt"] == "收到，已经安排好了。"
    assert "confirmed" in html and "收到，已经安排好了。" in html


def test_a_moves_record_keeps_what_it_leaves_through_the_store(tmp_path):
    """A move taken into the store: `slots` where it goes (what is searched and reconciled),
    `moved_from` what it leaves, in the stored record and in `evidence show`."""
    move = Path(__file__).parent / "data" / "evidence" / "en-change-slot-move.eml"
    mail = tmp_path / "mail"
    mail.mkdir()
    shutil.copy(move, mail / move.name)
    db = tmp_path / "a.db"
    with Store.open(db) as s:
        ingest_paths(s, [str(mail)])
        (rid,) = [r[0] for r in s.db.execute("SELECT id FROM evidence_instructions").fetchall()]
        data = show(s, rid)
    assert [x["slot"] for x in data["record"]["slots"]] == ["detail-page"]
    assert [x["slot"] for x in data["record"]["moved_from"]] == ["search"]
    shown = CliRunner().invoke(main, ["evidence", "show", str(rid), "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "moved from  search results page [search]" in shown.output
