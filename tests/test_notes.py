"""Every user-facing phrase of a finding exists in Chinese and English (issue 12, item 7).

The notes a check kind appends come from rules/notes.yaml by key; a Chinese
mail gets the Chinese note, punctuated as Chinese.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from mailaudit.engine.kinds import load_kinds
from mailaudit.engine.linter import Linter, lint_bytes
from mailaudit.engine.notes import LANGS, catalog, fields
from mailaudit.engine.rules import builtin_rules_dir, load_rules

PACKAGE = Path(__file__).resolve().parent.parent / "mailaudit"
_NOTE_CALL = re.compile(r"""\bnote\(\s*["']([a-z-]+)["']""")


def test_every_note_in_both_languages_with_the_same_fields() -> None:
    for key, texts in catalog().items():
        assert set(LANGS) <= set(texts), key
        assert fields(texts["en"]) == fields(texts["zh"]), key


def test_every_note_the_code_names_is_in_the_catalog() -> None:
    used = {key for path in PACKAGE.rglob("*.py") for key in _NOTE_CALL.findall(path.read_text(encoding="utf-8"))}
    assert used, "the pattern finds the calls"
    assert used <= set(catalog()), sorted(used - set(catalog()))


def test_no_check_writes_its_note_in_code() -> None:
    """A Hit's detail is a catalog note (or nothing), never a literal phrase."""
    for path in (PACKAGE / "checks").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "detail":
                assert not isinstance(node.value, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.IfExp)), (
                    f"{path.name}:{node.value.lineno}: detail written in code; add a note to rules/notes.yaml"
                )


RULES = load_rules([builtin_rules_dir()], load_kinds())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_speaks_both_languages(rule) -> None:
    assert set(LANGS) <= set(rule.message), "message"
    assert fields(rule.message["en"]) == fields(rule.message["zh"])
    assert set(LANGS) <= set(rule.summaries), "summary"
    assert set(LANGS) <= set(rule.docs), "doc"
    for name, label in (rule.options.get("labels") or {}).items():
        assert isinstance(label, dict) and set(LANGS) <= set(label), f"labels.{name}"


ZH_LATER = (
    "To: wang@example.cn\nSubject: 6月排期\n\n王经理，您好！\n\n上个月首页banner的点击率有所下降，我们做了一些分析。\n\n"
    "请确认6月排期，周五前回复。\n\n谢谢！\n张三\n"
)
EN_LATER = (
    "To: tom@example.com\nSubject: June schedule\n\nHi Tom,\n\nLast month the homepage banner's CTR went down "
    "and we looked into why.\n\nPlease confirm the June schedule by Friday.\n\nThanks,\nAnn\n"
)


def _finding(raw: str, rule: str):
    res = lint_bytes(raw.encode(), linter=Linter(select=[rule]))
    (finding,) = [f for f in res.findings if f.rule == rule]
    return finding


def test_chinese_finding_carries_a_chinese_note() -> None:
    message = _finding(ZH_LATER, "body-no-summary").message
    assert message.endswith("（请求到后文才出现）"), message
    assert not re.search(r"[A-Za-z]", message)


def test_english_finding_carries_an_english_note() -> None:
    assert _finding(EN_LATER, "body-no-summary").message.endswith("(the request comes only later)")


def test_chinese_long_subject_counts_in_characters() -> None:
    raw = "To: a@example.cn\nSubject: " + "关于下个季度首页广告位排期和素材提交时间安排的确认与说明事项" + "\n\n王经理，您好！\n请确认。\n谢谢\n张三\n"
    assert "超过" in _finding(raw, "subject-too-long").message


def test_mixed_subject_is_measured_at_the_pace_of_both_languages() -> None:
    """'线索回传 API integration schedule' is short to a reader: a Han character counts as
    three letters against the English limit, not the whole line against the Chinese one."""
    body = "\n\nHi Tom,\nplease review.\nThanks\nAnn\n"
    short = "To: a@example.com\nSubject: 线索回传 API integration schedule" + body
    assert "subject-too-long" not in {f.rule for f in lint_bytes(short.encode()).findings}
    long = "To: a@example.com\nSubject: 星弈直播赛事页 banner 和直播间挂件 Q1 brand campaign schedule 确认" + body
    finding = _finding(long, "subject-too-long")
    assert "按每个汉字算 3 个字符" in finding.message, finding.message
    assert finding.excerpt[finding.span[0]:] == "paign schedule 确认", finding.span  # 7·3 + 8 + 6·3 + 13 = 60


def test_an_english_word_in_a_chinese_subject_counts_as_one_word():
    body = "\n\nKenny 您好：\n敬請取消。\n謝謝\n林怡君\n"
    raw = "To: a@example.com\nSubject: 取消山嵐12/24 Newsletter頭條" + body  # 4 + 5 + 1 + 2 = 12, not 21
    assert "subject-too-long" not in {f.rule for f in lint_bytes(raw.encode()).findings}
