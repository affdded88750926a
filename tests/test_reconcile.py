"""Reconciliation of placement instructions against an ad server's operation
log (tests/data/evidence/oplog.csv with Chinese headers, oplog.jsonl with
English keys: the same eight operations)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.config import Settings, load_settings
from mailaudit.errors import ConfigError, InputError
from mailaudit.evidence.reconcile import (
    AS_INSTRUCTED,
    DIFFERS,
    NOT_FOUND,
    parse_when,
    read_oplog,
    reconcile,
    same_advertiser,
    same_time,
)
from mailaudit.extract.extract import extract
from mailaudit.mail.parse import parse_file

DATA = Path(__file__).parent / "data" / "evidence"
THREADS = [
    "zh-place-homepage-banner-time.eml", "zh-thread-add-splash.eml", "zh-thread-extend.eml",
    "zh-thread-cancel-splash.eml", "en-place-homepage-banner.eml", "en-thread-add-sidebar.eml",
    "en-thread-extend.eml", "en-thread-cancel-sidebar-immediately.eml",
]
# source -> (status, differing fields, log line)
EXPECTED = {
    "zh-place-homepage-banner-time.eml": (AS_INSTRUCTED, [], 1),  # 24:00 asked, 23:59:59 configured
    "zh-thread-add-splash.eml": (DIFFERS, ["end"], 3),  # asked to 6月7日, configured to 6月8日
    "zh-thread-extend.eml": (AS_INSTRUCTED, [], 4),
    "zh-thread-cancel-splash.eml": (AS_INSTRUCTED, [], 5),
    "en-place-homepage-banner.eml": (DIFFERS, ["slot"], 2),  # the dispute: configured on the sidebar
    "en-thread-add-sidebar.eml": (AS_INSTRUCTED, [], 6),  # "Acme Corp" in the log is Acme
    "en-thread-extend.eml": (NOT_FOUND, [], None),  # nobody extended it
    "en-thread-cancel-sidebar-immediately.eml": (DIFFERS, ["start"], 8),  # pulled a day late
}


@pytest.fixture(scope="module")
def instructions():
    return [i for name in THREADS for i in extract(parse_file(DATA / name))]


@pytest.mark.parametrize("log", ["oplog.csv", "oplog.jsonl"])
def test_each_outcome(instructions, log):
    result = reconcile(instructions, read_oplog(DATA / log))
    got = {Path(o.instruction.source).name: (o.status, [d.field for d in o.differences],
                                              o.operation.line if o.operation else None)
           for o in result.outcomes}
    assert got == EXPECTED
    assert [(op.line, op.advertiser, op.slot_key) for op in result.unasked] == [(7, "Globex", "popup")]


def test_differences_carry_both_values(instructions):
    result = reconcile(instructions, read_oplog(DATA / "oplog.csv"))
    by_source = {Path(o.instruction.source).name: o for o in result.outcomes}
    (slot,) = by_source["en-place-homepage-banner.eml"].differences
    assert (slot.field, slot.instructed, slot.configured) == ("slot", "homepage-banner", "sidebar")
    (end,) = by_source["zh-thread-add-splash.eml"].differences
    assert (end.instructed, end.configured) == ("2024-06-07", "2024-06-08T23:59")
    summary = result.to_dict()["summary"]
    assert summary == {AS_INSTRUCTED: 4, DIFFERS: 3, NOT_FOUND: 1, "operations_without_instruction": 1}


def test_log_slots_go_through_the_vocabulary():
    ops = read_oplog(DATA / "oplog.csv")
    assert [op.slot_key for op in ops] == [
        "homepage-banner", "sidebar", "splash", "homepage-banner", "splash", "sidebar", "popup", "sidebar"]
    assert [op.action for op in ops] == ["place", "place", "place", "extend", "cancel", "place", "place", "cancel"]
    assert ops[0].operator == "王磊" and ops[0].start.iso() == "2024-06-01T10:00"


def test_columns_named_in_config(tmp_path):
    log = tmp_path / "ops.csv"
    log.write_text("when,who,投放位置,brand_name,from,to,what\n"
                   "2024-06-01 09:00,王磊,信息流第3位,伊利,2024-06-10,2024-06-23,新建\n", encoding="utf-8")
    cfg = tmp_path / "mailaudit.toml"
    cfg.write_text('[evidence]\noplog_columns = {time = "when", operator = "who", slot = "投放位置", '
                   'advertiser = "brand_name", start = "from", end = "to", action = "what"}\n', encoding="utf-8")
    (op,) = read_oplog(log, load_settings(cfg))
    assert (op.slot_key, op.advertiser, op.start.iso(), op.end.iso(), op.action) == (
        "feed-3", "伊利", "2024-06-10", "2024-06-23", "place")
    with pytest.raises(InputError, match="no slot column"):
        read_oplog(log)


def test_bad_logs_and_config_are_named():
    with pytest.raises(ConfigError, match="unknown field 'slots'"):
        read_oplog(DATA / "oplog.csv", Settings(raw={"evidence": {"oplog_columns": {"slots": "位置"}}}))
    with pytest.raises(InputError, match="no such operation log"):
        read_oplog(DATA / "missing.csv")


def test_broken_json_line(tmp_path):
    log = tmp_path / "ops.jsonl"
    log.write_text('{"slot": "开屏", "advertiser": "蒙牛"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"ops.jsonl:2: not a JSON object"):
        read_oplog(log)


def test_an_operation_on_another_advertiser_is_never_the_one():
    ins = extract(parse_file(DATA / "en-place-homepage-banner.eml"))
    ops = [op for op in read_oplog(DATA / "oplog.csv") if op.advertiser == "Globex"]
    (outcome,) = reconcile(ins, ops).outcomes
    assert outcome.status == NOT_FOUND


@pytest.mark.parametrize(
    "text, iso",
    [("2024-06-01", "2024-06-01"), ("2024/6/1 10:00:00", "2024-06-01T10:00"), ("2024-06-07T24:00", "2024-06-07T24:00"),
     ("2024-06-01T10:00:00+08:00", "2024-06-01T10:00"), ("2024年6月1日", "2024-06-01"), ("soon", None), ("", None)],
)
def test_parse_when(text, iso):
    w = parse_when(text)
    assert (w.iso() if w else None) == iso


def test_same_time_at_the_precision_asked():
    assert same_time(parse_when("2024-06-07T24:00"), parse_when("2024-06-07 23:59:59"), is_end=True)
    assert same_time(parse_when("2024-06-07"), parse_when("2024-06-08 00:00"), is_end=True)
    assert same_time(parse_when("2024-06-07"), parse_when("2024-06-07 18:00"))
    assert not same_time(parse_when("2024-06-01T10:00"), parse_when("2024-06-01 12:00"))
    assert same_advertiser("Acme", "ACME Corp") and same_advertiser("蒙牛", "蒙牛乳业")
    assert not same_advertiser("Acme", "Globex") and not same_advertiser(None, "Acme")


def test_cli_text_and_json():
    args = ["evidence", "reconcile", str(DATA / "oplog.jsonl"), *(str(DATA / n) for n in THREADS)]
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0, text.output
    assert "slot: asked homepage-banner, configured sidebar" in text.output
    assert "Operations with no instruction behind them:" in text.output
    assert "4 as instructed, 3 differ, 1 not found; 1 operation(s) without instruction" in text.output
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    assert data["summary"]["not-found"] == 1
    assert {o["status"] for o in data["instructions"]} == {AS_INSTRUCTED, DIFFERS, NOT_FOUND}
    assert data["operations_without_instruction"][0]["line"] == 7


def test_cli_missing_log_is_a_usage_error():
    result = CliRunner().invoke(main, ["evidence", "reconcile", str(DATA / "nope.csv"), str(DATA / THREADS[0])])
    assert result.exit_code == 2 and "no such operation log" in result.output
