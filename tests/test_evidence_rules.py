"""The ad-placement workflow rules: adplacement-incomplete, adplacement-ops-not-copied."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.config import LintSettings, Settings
from mailaudit.engine.linter import Linter, lint_bytes

RULE_IDS = ("adplacement-incomplete", "adplacement-ops-not-copied")
BASE = Linter(Settings(lint=LintSettings(preview=True)))  # both rules are in the preview group


CASES = [
    pytest.param(rule_id, kind, example, id=f"{rule_id}-{kind}-{i}")
    for rule_id in RULE_IDS
    for kind in ("fire", "pass")
    for i, example in enumerate(BASE.rule(rule_id).examples[kind])
]


@pytest.mark.parametrize(("rule_id", "kind", "example"), CASES)
def test_examples_with_their_config(rule_id, kind, example):
    linter = BASE
    if isinstance(example, dict):  # {draft, config}: the example needs e.g. an ops group
        linter, example = Linter(Settings(raw=example.get("config", {}), lint=LintSettings(preview=True))), example["draft"]
    fired = {f.rule for f in lint_bytes(example.encode(), linter=linter).findings}
    assert (rule_id in fired) == (kind == "fire"), example


OPS = Linter(Settings(raw={"workflow": {"ops_group": ["adops@example.com", "adops-cn@example.com"]}},
                    lint=LintSettings(preview=True)))
DRAFT = "To: {to}\nSubject: 蒙牛首页banner投放\n\n王经理好，\n请帮忙为蒙牛安排首页banner投放，6月1日至6月7日。\n谢谢！\n张伟"


def _rules(raw: str, linter: Linter) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in lint_bytes(raw.encode(), linter=linter).findings:
        out.setdefault(f.rule, []).append(f)
    return out


def test_ops_not_copied_needs_a_configured_group():
    raw = DRAFT.format(to="wang@example.com")
    assert "adplacement-ops-not-copied" not in _rules(raw, BASE)
    (finding,) = _rules(raw, OPS)["adplacement-ops-not-copied"]
    assert finding.part == "to" and "adops@example.com" in finding.message


def test_any_address_of_the_group_is_enough_unless_all_are_required(tmp_path):
    raw = DRAFT.format(to="wang@example.com, ADOPS-CN@example.com")
    assert "adplacement-ops-not-copied" not in _rules(raw, OPS)
    cfg = tmp_path / "mailaudit.toml"
    cfg.write_text('[workflow]\nops_group = ["adops@example.com", "adops-cn@example.com"]\n'
                   '[lint]\npreview = true\n[lint.options.adplacement-ops-not-copied]\nrequire_all = true\n', encoding="utf-8")
    from mailaudit.config import load_settings

    strict = Linter(load_settings(cfg))
    (finding,) = _rules(raw, strict)["adplacement-ops-not-copied"]
    assert "adops@example.com" in finding.message and "adops-cn" not in finding.message


def test_mail_that_only_talks_about_ads_needs_no_ops_copy():
    raw = "To: wang@example.com\nSubject: 周报\n\n各位好，\n首页banner点击率2.3%，开屏曝光量120万。\n数据组"
    assert not {"adplacement-ops-not-copied", "adplacement-incomplete"} & set(_rules(raw, OPS))


def test_incomplete_names_what_is_missing_and_where():
    raw = "To: adops@example.com\nSubject: Launch\n\nHi team,\nplease launch the Globex campaign next Monday.\nThanks,\nOliver"
    (finding,) = _rules(raw, OPS)["adplacement-incomplete"]
    assert finding.message.endswith("(missing: slot)")
    assert finding.part == "body" and finding.span and "Globex" in finding.excerpt
    zh = "To: adops@example.com\nSubject: 投放\n\n王经理好，\n麻烦帮忙把广告安排上线，谢谢！\n张伟"
    (finding,) = _rules(zh, OPS)["adplacement-incomplete"]
    assert finding.message == "广告投放指令不完整（缺少：广告位、投放时间、广告主）"


def test_a_draft_without_date_header_still_has_its_window():
    raw = "To: adops@example.com\nSubject: 可口可乐开屏\n\n王经理，\n可口可乐的开屏下周一起投两周，麻烦安排一下。\n刘洋"
    assert "adplacement-incomplete" not in _rules(raw, OPS)


def test_only_the_quoted_instruction_does_not_count():
    raw = ("To: zhangwei@example.com\nSubject: 回复：蒙牛首页banner投放需求\n\n张伟你好，\n收到，我们会按时配置。\n王磊\n\n"
           "在 2024年5月28日 10:15，张伟 <zhangwei@example.com> 写道：\n> 请帮忙为蒙牛安排首页banner投放，6月1日至6月7日。\n")
    assert not {"adplacement-ops-not-copied", "adplacement-incomplete"} & set(_rules(raw, OPS))


def test_explain_says_the_rule_needs_ops_group():
    result = CliRunner().invoke(main, ["rules", "explain", "adplacement-ops-not-copied"])
    assert result.exit_code == 0, result.output
    assert "ops_group" in result.output and "never fires" in result.output
    listing = CliRunner().invoke(main, ["rules"])
    assert "adplacement-incomplete" in listing.output and "adplacement-ops-not-copied" in listing.output
