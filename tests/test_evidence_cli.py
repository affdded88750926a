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
