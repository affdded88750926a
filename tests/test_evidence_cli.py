"""`mailaudit evidence extract`: one JSON array, one object per message."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mailaudit.cli import main

DATA = Path(__file__).parent / "data" / "evidence"


def test_json_shape():
    names = ["zh-place-two-slots-list.eml", "neg-en-newsletter.eml"]
    result = CliRunner().invoke(main, ["evidence", "extract", "--format", "json", *(str(DATA / n) for n in names)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [Path(d["source"]).name for d in data] == names
    assert set(data[0]) == {"source", "message_id", "instructions"}
    assert data[0]["message_id"] == "<zh-place-two-slots-list@mail.example.com>"
    first = data[0]["instructions"][0]
    assert set(first) == {"action", "slots", "start", "end", "advertiser", "campaign", "creative"}
    assert first["slots"] == [{"text": "开屏", "slot": "splash"}]
    assert (first["start"], first["end"], first["advertiser"], first["campaign"]) == (
        "2024-06-10", "2024-06-16", "伊利", "618大促")
    assert data[1]["instructions"] == []


def test_text_output_and_stdin():
    raw = (DATA / "en-cancel-two-slots.eml").read_bytes()
    result = CliRunner().invoke(main, ["evidence", "extract", "-"], input=raw)
    assert result.exit_code == 0, result.output
    assert "cancel   splash (splash screen)  2024-06-14 → open  advertiser Globex" in result.output
    assert result.output.strip().endswith("2 instruction(s) in 1 of 1 message(s)")


def test_a_move_names_where_it_goes_and_keeps_what_it_leaves_apart():
    path = str(DATA / "en-change-slot-move.eml")
    data = json.loads(CliRunner().invoke(main, ["evidence", "extract", "--format", "json", path]).output)
    move = data[0]["instructions"][0]
    assert move["slots"] == [{"text": "product detail page", "slot": "detail-page"}]
    assert move["moved_from"] == [{"text": "search results page", "slot": "search"}]
    text = CliRunner().invoke(main, ["evidence", "extract", path]).output
    assert "change   detail-page (product detail page) (moved from search (search results page))" in text


def test_a_directory_and_a_plain_draft(tmp_path):
    (tmp_path / "draft.txt").write_text(
        "To: adops@example.com\nSubject: 蒙牛开屏\n\n王经理，\n请为蒙牛安排开屏投放，下周一起投两周。\n张伟\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evidence", "extract", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (msg,) = json.loads(result.output)
    (ins,) = msg["instructions"]
    # A draft has no Date header: the relative window cannot be placed in time.
    assert (ins["action"], ins["slots"][0]["slot"], ins["start"], ins["advertiser"]) == ("place", "splash", None, "蒙牛")


def test_missing_path_is_a_usage_error():
    result = CliRunner().invoke(main, ["evidence", "extract", str(DATA / "nope.eml")])
    assert result.exit_code == 2 and "no such file" in result.output


# -- only sent mail is evidence ---------------------------------------------------------

PLACEMENT = "王经理，\n请为蒙牛安排开屏投放，6月10日至6月16日。\n张伟\n"
SENT_HEADERS = ("From: 张伟 <zhang@example.cn>\nTo: adops@example.cn\nSubject: 蒙牛开屏\n"
                "Date: Mon, 03 Jun 2024 10:00:00 +0800\nMessage-ID: <{name}@example.cn>\n")


def _ingest(tmp_path: Path, *paths: Path) -> tuple[object, dict]:
    db = tmp_path / "ev.db"
    result = CliRunner().invoke(main, ["evidence", "ingest", "--db", str(db), "--format", "json",
                                       *map(str, paths)])
    return result, (json.loads(result.output) if result.exit_code == 0 else {})


def test_drafts_and_mail_without_from_or_date_are_refused_with_a_reason(tmp_path):
    mails = tmp_path / "in"
    mails.mkdir()
    (mails / "plain.draft").write_text("To: adops@example.cn\nSubject: 蒙牛开屏\n\n" + PLACEMENT, encoding="utf-8")
    sent = SENT_HEADERS.format(name="sent")
    (mails / "sent.eml").write_text(sent + "\n" + PLACEMENT, encoding="utf-8")
    (mails / "no-date.eml").write_text(
        SENT_HEADERS.format(name="nodate").replace("Date: Mon, 03 Jun 2024 10:00:00 +0800\n", "")
        + "\n" + PLACEMENT, encoding="utf-8")
    (mails / "no-from.eml").write_text(
        SENT_HEADERS.format(name="nofrom").replace("From: 张伟 <zhang@example.cn>\n", "")
        + "\n" + PLACEMENT, encoding="utf-8")
    (mails / "thunderbird.eml").write_text(
        "X-Mozilla-Draft-Info: internal/draft; vcard=0\n" + SENT_HEADERS.format(name="tb")
        + "\n" + PLACEMENT, encoding="utf-8")
    result, data = _ingest(tmp_path, mails)
    assert result.exit_code == 0, result.output
    assert data["messages"] == 1 and data["instructions"] == 1
    refused = {Path(r["source"]).name: r["reason"] for r in data["refused"]}
    assert refused == {
        "plain.draft": "a draft, not a sent mail",
        "no-date.eml": "no readable Date header: when it was sent is unknown",
        "no-from.eml": "no From address: who sent it is unknown",
        "thunderbird.eml": "marked as a draft by the mail client",
    }
    text = CliRunner().invoke(main, ["evidence", "ingest", "--db", str(tmp_path / "ev2.db"), str(mails)])
    assert "Not taken in: " in text.output and "plain.draft: a draft, not a sent mail" in text.output
    verify = CliRunner().invoke(main, ["evidence", "verify", "--db", str(tmp_path / "ev.db")])
    assert verify.exit_code == 0, verify.output


def test_a_maildir_draft_is_refused(tmp_path):
    maildir = tmp_path / "Drafts"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1700000000.1.host:2,DS").write_text(
        SENT_HEADERS.format(name="md") + "\n" + PLACEMENT, encoding="utf-8")
    result, data = _ingest(tmp_path, maildir)
    assert result.exit_code == 0, result.output
    assert data["instructions"] == 0
    assert [r["reason"] for r in data["refused"]] == ["marked as a draft by the mail client"]
