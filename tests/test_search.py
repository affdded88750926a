"""`mailaudit search`: scanned mail and findings from the terminal (issue 12, item 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.store.store import Store

MAILS = {
    "zhang-contract": (
        "From: 张伟 <zhang@example.cn>\nTo: wang@example.cn\nSubject: 采购合同\n"
        "Date: Mon, 03 Jun 2024 10:00:00 +0800\nMessage-ID: <c1@example.cn>\n\n"
        "王经理，您好！\n附件是采购合同，请查收。\n谢谢\n张伟\n"
    ),
    "li-contract": (
        "From: 李娜 <li@example.cn>\nTo: wang@example.cn\nSubject: 合同修改意见\n"
        "Date: Tue, 04 Jun 2024 10:00:00 +0800\nMessage-ID: <c2@example.cn>\n\n"
        "王经理，您好！\n合同第三条请再看一下。附件是修改稿，请查收。\n谢谢\n李娜\n"
    ),
    "zhang-old": (
        "From: 张伟 <zhang@example.cn>\nTo: wang@example.cn\nSubject: 旧合同\n"
        "Date: Wed, 01 May 2024 10:00:00 +0800\nMessage-ID: <c3@example.cn>\n\n"
        "王经理，您好！\n附件是旧合同，请查收。\n谢谢\n张伟\n"
    ),
    "invoice": (
        "From: Ann <ann@example.com>\nTo: tom@example.com\nSubject: June invoices\n"
        "Date: Wed, 05 Jun 2024 10:00:00 +0000\nMessage-ID: <i1@example.com>\n\n"
        "Hi Tom,\nthe June invoices are ready for review.\nThanks,\nAnn\n"
    ),
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search")
    md = root / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    for n, raw in enumerate(MAILS.values()):
        (md / "cur" / f"{1_700_000_000 + n}.{n}.host:2,S").write_text(raw, encoding="utf-8")
    path = root / "audit.db"
    out = CliRunner().invoke(main, ["scan", "--maildir", str(md), "--db", str(path), "--workers", "1"])
    assert out.exit_code == 0, out.output
    return path


def search(db: Path, *args: str) -> list[dict]:
    out = CliRunner().invoke(main, ["search", *args, "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_chinese_word_rule_sender_and_date(db: Path) -> None:
    assert {h["subject"] for h in search(db, "合同")} == {"采购合同", "合同修改意见", "旧合同"}
    hits = search(db, "合同", "--rule", "attachment-forgotten", "--from", "zhang", "--since", "2024-06-01")
    assert [h["subject"] for h in hits] == ["采购合同"]
    assert hits[0]["message_id"] == "<c1@example.cn>"
    assert "attachment-forgotten" in {f["rule"] for f in hits[0]["findings"]}
    assert [h["subject"] for h in search(db, "--until", "2024-05-31")] == ["旧合同"]


def test_rule_prefix_and_no_words(db: Path) -> None:
    assert len(search(db, "--rule", "attachment")) == 3
    assert [h["subject"] for h in search(db, "invoice")] == ["June invoices"]  # a word prefix
    assert search(db, "不存在的词") == []


def test_text_is_one_message_a_line_newest_first(db: Path) -> None:
    out = CliRunner().invoke(main, ["search", "合同", "--db", str(db)])
    lines = out.output.splitlines()
    assert lines[-1] == "3 messages found"
    first = lines[0].split("\t")
    assert first[0].startswith("2024-06-04") and first[3] == "合同修改意见" and first[-1].startswith("│ ")
    assert "[attachment-forgotten" in lines[1]


def test_library_first(db: Path) -> None:
    with Store.open(db, create=False) as store:
        (hit,) = store.search_mail("采购", sender="张伟")
    assert hit.subject == "采购合同" and hit.sender == "张伟 <zhang@example.cn>"


def test_no_store_is_a_one_line_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["search", "合同", "--db", str(tmp_path / "none.db")])
    assert out.exit_code == 2 and out.output.startswith("Error: ") and len(out.output.splitlines()) <= 2
