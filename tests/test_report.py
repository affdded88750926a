"""`mailaudit report`: by rule, by sender, by week; text, JSON and a self-contained HTML page."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.config import Settings
from mailaudit.mail.message import Finding
from mailaudit.mail.parse import parse_bytes
from mailaudit.output.report import build_report, render_json, render_text
from mailaudit.output.report_html import render_html
from mailaudit.sources.base import FolderState
from mailaudit.store.store import Location, Store, record_from_message

NOW = datetime.fromisoformat("2024-05-31T12:00:00+08:00")


def _mail(n: int, sender: str, day: str, subject: str, body: str = "Hello.") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "bob@example.com"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.fromisoformat(day))
    msg["Message-ID"] = f"<r{n}@test>"
    msg.set_content(body)
    return msg.as_bytes()


def fill(store: Store) -> None:
    # Three weeks in May 2024; alice is vague a lot, 王芳 forgets attachments.
    plan = [
        ("Alice <alice@example.com>", "2024-05-06T10:00:00+08:00", "hi", ["subject-vague"]),
        ("Alice <alice@example.com>", "2024-05-07T10:00:00+08:00", "hello", ["subject-vague"]),
        ("王芳 <wang@example.cn>", "2024-05-14T10:00:00+08:00", "合同", ["attachment-forgotten",
                                                                     "subject-vague"]),
        ("王芳 <wang@example.cn>", "2024-05-21T10:00:00+08:00", "发票", ["attachment-forgotten"]),
        ("Carol <carol@example.com>", "2024-05-22T10:00:00+08:00", "Budget Q2", []),
        ("Dan <dan@example.com>", "2024-05-20T10:00:00+08:00", "Fix",  # unanswered request
         [], "Bob, please fix the login page."),
    ]
    records, locs = [], []
    for n, (sender, day, subject, rules, *body) in enumerate(plan):
        raw = _mail(n, sender, day, subject, *(body or ["Hello."]))
        sha = hashlib.sha256(raw).hexdigest()
        level = {"attachment-forgotten": "error"}
        findings = [Finding(r, level.get(r, "warning"), r, "subject") for r in rules]
        records.append(record_from_message(parse_bytes(raw), raw, sha, findings))
        locs.append(Location("t", "INBOX", str(n), sha))
    store.commit_batch(FolderState("t", "INBOX", last_uid=len(plan)), records, locs)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "audit.db")
    fill(s)
    return s


def test_counts_by_rule_sender_week(store: Store):
    report = build_report(store, Settings(), now=NOW)
    assert report.messages == 6 and report.flagged == 4
    by_rule = {r.rule: r for r in report.by_rule}
    assert by_rule["subject-vague"].count == 3
    assert by_rule["attachment-forgotten"].level == "error"
    assert by_rule["thread-unanswered"].count == 1  # history rule, evaluated at NOW
    assert [w.isoformat() for w in report.weeks] == ["2024-05-06", "2024-05-13", "2024-05-20"]
    assert by_rule["subject-vague"].weekly == [2, 1, 0]
    assert report.weekly_messages == [2, 1, 3]
    top = report.by_sender[0]
    assert top.sender == "wang@example.cn" and top.findings == 3
    assert dict(top.top_rules) == {"attachment-forgotten": 2, "subject-vague": 1}
    assert "carol@example.com" not in {s.sender for s in report.by_sender}


def test_date_range_is_inclusive_local_days(store: Store):
    report = build_report(store, Settings(), since=date(2024, 5, 14), until=date(2024, 5, 14), now=NOW)
    assert report.messages == 1 and report.findings == 2
    with pytest.raises(Exception, match="after"):
        build_report(store, Settings(), since=date(2024, 6, 1), until=date(2024, 5, 1))


def test_text_and_json(store: Store):
    report = build_report(store, Settings(), now=NOW)
    text = render_text(report)
    assert "subject-vague" in text and "wang@example.cn" in text and "2024-05-13" in text
    data = json.loads(render_json(report))
    assert data["messages"] == 6 and data["by_rule"][0]["rule"] == "subject-vague"


def test_html_is_self_contained(store: Store):
    html = render_html(build_report(store, Settings(), now=NOW))
    assert html.startswith("<!doctype html>") and "<svg" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing fetched
    assert "<script" not in html
    assert "王芳" in html and "thread-unanswered" in html


def test_html_escapes_mail_content(tmp_path: Path):
    s = Store.open(tmp_path / "x.db")
    raw = _mail(1, '"<script>x</script>" <evil@example.com>', "2024-05-06T10:00:00+00:00", "hi")
    sha = hashlib.sha256(raw).hexdigest()
    rec = record_from_message(parse_bytes(raw), raw, sha, [Finding("subject-vague", "warning", "v")])
    s.commit_batch(FolderState("t", "INBOX"), [rec], [Location("t", "INBOX", "1", sha)])
    html = render_html(build_report(s, Settings(), now=NOW))
    assert "<script>" not in html


def test_report_cli(store: Store, tmp_path: Path):
    db = str(store.path)
    runner = CliRunner()
    out = runner.invoke(main, ["report", "--db", db, "--format", "json", "--since", "2024-05-01"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["messages"] == 6
    page = tmp_path / "r.html"
    out = runner.invoke(main, ["report", "--db", db, "--format", "html", "-o", str(page)])
    assert out.exit_code == 0 and page.read_text(encoding="utf-8").count("<svg") >= 2
    missing = runner.invoke(main, ["report", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no audit store" in missing.output
