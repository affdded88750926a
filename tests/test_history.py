"""Mailbox-history rules: the scenarios in the rule files' `examples`, plus edges."""

from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from mailaudit.checks.examples import scenario_store
from mailaudit.checks.mailbox import (
    HISTORY_RULES,
    REPORT_LATE,
    UNANSWERED,
    add_working_days,
    evaluate,
    load_history_rules,
    rule_context,
    rule_file,
)
from mailaudit.config import Settings
from mailaudit.store.store import Store


def store_with(mails: list[dict]) -> tuple[Store, dict[str, str]]:
    """An in-memory store holding `mails`; returns it and id -> sha256."""
    return scenario_store(mails, source="test")


def settings_for(rule_id: str, overrides: dict | None = None) -> Settings:
    section = "unanswered" if rule_id == UNANSWERED else "report"
    return Settings(raw={"workflow": {section: dict(overrides or {})}})


def _examples(kind: str):
    for rid in HISTORY_RULES:
        data = yaml.safe_load(rule_file(rid).read_text(encoding="utf-8"))
        for n, example in enumerate(data["examples"][kind]):
            yield pytest.param(rid, example, id=f"{rid}-{kind}-{n}")


@pytest.mark.parametrize(("rule_id", "example"), list(_examples("fire")))
def test_rule_example_fires(rule_id, example):
    store, shas = store_with(example["mails"])
    rows = evaluate(store, settings_for(rule_id, example.get("settings")),
                    datetime.fromisoformat(example["now"]))
    assert [r for r in rows if r["rule"] == rule_id], rows


@pytest.mark.parametrize(("rule_id", "example"), list(_examples("pass")))
def test_rule_example_passes(rule_id, example):
    store, _ = store_with(example["mails"])
    rows = evaluate(store, settings_for(rule_id, example.get("settings")),
                    datetime.fromisoformat(example["now"]))
    assert [r for r in rows if r["rule"] == rule_id] == []


def test_every_history_rule_has_examples_both_ways():
    for rule in load_history_rules().values():
        assert rule.scope == "mailbox"
        assert rule.examples.get("fire") and rule.examples.get("pass"), rule.id


def test_unanswered_names_the_message_and_late_reply():
    example = yaml.safe_load(rule_file(UNANSWERED).read_text(encoding="utf-8"))["examples"]["fire"][1]
    store, shas = store_with(example["mails"])
    rows = evaluate(store, settings_for(UNANSWERED), datetime.fromisoformat(example["now"]))
    assert len(rows) == 1
    assert rows[0]["sha256"] == shas["ask"]
    assert rows[0]["sender"] == "wang@example.cn"
    assert "li@example.cn" in rows[0]["message"] and "才回复" in rows[0]["message"]


def test_reply_from_cc_or_asker_does_not_count():
    mails = [
        {"id": "ask", "from": "a@x.com", "to": ["b@x.com"], "date": "2024-03-04T10:00:00+00:00",
         "subject": "Fix", "body": "B, please fix the login page."},
        {"id": "self", "from": "a@x.com", "to": ["b@x.com"], "date": "2024-03-04T11:00:00+00:00",
         "subject": "Re: Fix", "body": "Ping?", "in_reply_to": "ask"},
        {"id": "cc", "from": "c@x.com", "to": ["a@x.com"], "date": "2024-03-04T12:00:00+00:00",
         "subject": "Re: Fix", "body": "Not mine.", "in_reply_to": "ask"},
    ]
    store, shas = store_with(mails)
    rows = evaluate(store, settings_for(UNANSWERED), datetime.fromisoformat("2024-03-08T00:00:00+00:00"))
    assert [r["sha256"] for r in rows] == [shas["ask"]]


def test_automatic_mail_is_not_a_request():
    mails = [{"id": "ask", "from": "robot@x.com", "to": ["b@x.com"], "date": "2024-03-04T10:00:00+00:00",
              "subject": "Action required: renew", "body": "Please confirm.",
              "headers": {"Auto-Submitted": "auto-generated"}}]
    store, _ = store_with(mails)
    assert evaluate(store, settings_for(UNANSWERED), datetime(2024, 4, 1).astimezone()) == []


def test_days_setting_and_level_off():
    mails = [{"id": "ask", "from": "a@x.com", "to": ["b@x.com"], "date": "2024-03-04T10:00:00+08:00",
              "subject": "Q", "body": "Could you send the numbers?"}]
    store, _ = store_with(mails)
    now = datetime.fromisoformat("2024-03-07T12:00:00+08:00")  # 3 working days later
    assert evaluate(store, settings_for(UNANSWERED, {"days": 2}), now)
    assert not evaluate(store, settings_for(UNANSWERED, {"days": 5}), now)
    off = settings_for(UNANSWERED)
    off.lint.levels[UNANSWERED] = "off"
    assert not evaluate(store, off, now)


def test_working_days_skip_weekend_and_holidays():
    rule = load_history_rules()[UNANSWERED]
    ctx = rule_context(rule, Settings(raw={"workflow": {"unanswered": {"holidays": ["2024-03-11"]}}}),
                       "unanswered")
    friday = datetime.fromisoformat("2024-03-08T16:00:00+08:00")
    assert add_working_days(friday, 1, ctx).date().isoformat() == "2024-03-12"
    assert add_working_days(friday, 2, ctx).date().isoformat() == "2024-03-13"


def test_report_late_needs_config_and_reports_missing_days():
    mails = [
        {"id": "mon", "from": "li@example.cn", "to": ["lead@example.cn"],
         "date": "2024-06-03T17:00:00+08:00", "subject": "日报 6/3"},
        {"id": "thu", "from": "li@example.cn", "to": ["lead@example.cn"],
         "date": "2024-06-06T18:00:00+08:00", "subject": "日报 6/6"},
        {"id": "re", "from": "li@example.cn", "to": ["lead@example.cn"],
         "date": "2024-06-04T09:00:00+08:00", "subject": "回复：日报 6/3"},
    ]
    store, shas = store_with(mails)
    now = datetime.fromisoformat("2024-06-07T09:00:00+08:00")
    assert evaluate(store, Settings(), now) == []  # not configured: off
    rows = evaluate(store, settings_for(REPORT_LATE, {"senders": ["li@example.cn"]}), now)
    got = {(r["day"], r["sha256"]) for r in rows}
    assert got == {("2024-06-04", None), ("2024-06-05", None), ("2024-06-06", shas["thu"])}
    late = next(r for r in rows if r["sha256"])
    assert "30 min after 17:30" in late["message"]


def test_report_late_timezone_setting():
    mails = [{"id": "r", "from": "li@example.cn", "to": ["lead@example.cn"],
              "date": "2024-06-03T17:00:00+08:00", "subject": "daily report"}]  # 09:00 UTC
    store, _ = store_with(mails)
    now = datetime.fromisoformat("2024-06-03T20:00:00+08:00")
    utc = settings_for(REPORT_LATE, {"senders": ["li@example.cn"], "deadline": "08:30", "timezone": "UTC"})
    assert len(evaluate(store, utc, now)) == 1
    cst = settings_for(REPORT_LATE, {"senders": ["li@example.cn"], "deadline": "17:30"})
    assert evaluate(store, cst, now) == []


def test_bad_timezone_is_a_config_error():
    from mailaudit.errors import ConfigError

    store, _ = store_with([])
    with pytest.raises(ConfigError, match="unknown timezone"):
        evaluate(store, settings_for(REPORT_LATE, {"timezone": "Mars/Base"}), datetime.now().astimezone())


def test_unknown_workflow_key_is_a_config_error():
    from mailaudit.errors import ConfigError

    store, _ = store_with([])
    with pytest.raises(ConfigError, match="unknown key 'dayz'"):
        evaluate(store, settings_for(UNANSWERED, {"dayz": 3}), datetime.now().astimezone())


def test_ask_cache_gives_the_same_answers_as_no_cache(monkeypatch):
    import mailaudit.store.queries as queries

    example = yaml.safe_load(rule_file(UNANSWERED).read_text(encoding="utf-8"))["examples"]["fire"][0]
    store, _ = store_with(example["mails"])
    now = datetime.fromisoformat(example["now"])
    cached = evaluate(store, settings_for(UNANSWERED), now)
    assert store.count("history_asks") == 1
    assert evaluate(store, settings_for(UNANSWERED), now) == cached  # from the cache
    # a changed phrase list is a new fingerprint: recomputed, not reused
    assert evaluate(store, settings_for(UNANSWERED, {"ask": ["nothing like this"]}), now) == []
    # a store that cannot be written (someone else's): computed in memory
    monkeypatch.setattr(queries, "ASK_CACHE", "CREATE TABLE broken (")
    assert evaluate(store, settings_for(UNANSWERED), now) == cached
