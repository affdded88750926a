"""Each check kind declares what a rule of it may give (Vale's strict keys); a
team's own rule directory is checked against that and its examples run with
`mailaudit rules test DIR`; docs/rules.md lists the kinds the registry has."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from mailaudit.config import LintSettings, Settings
from mailaudit.engine.kinds import load_kinds
from mailaudit.engine.rules import rule_from_data

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "rules.md"

GOOD = """\
id: team-no-asap
level: warning
kind: body-pattern
message: {en: Say when, not ASAP., zh: 请写明具体时间，而不是“尽快”。}
vocab:
  match: {en: [asap], zh: [尽快]}
doc: {what: ASAP, why: it says nothing, example: fix it asap, fix: give a day}
examples:
  fire: ["To: a@example.com\\nSubject: x\\n\\nfix it asap"]
  pass: ["To: a@example.com\\nSubject: x\\n\\nfix it by Friday"]
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def rule_dir(tmp_path: Path, text: str, name: str = "team-no-asap.yaml") -> Path:
    directory = tmp_path / "team-rules"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


def test_rules_test_runs_a_directorys_examples(tmp_path):
    directory = rule_dir(tmp_path, GOOD)
    ok = run("rules", "test", str(directory), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "2 example(s) of 1 rule(s), 0 failed" in ok.stdout
    rule_dir(tmp_path, GOOD.replace("fix it by Friday", "fix it asap please"))
    bad = run("rules", "test", str(directory), cwd=tmp_path)
    assert bad.returncode == 1
    assert "FAIL  team-no-asap  pass #1" in bad.stdout


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace("  match:", "  matches:"), "unknown key 'vocab.matches' for kind 'body-pattern'"),
        (lambda t: t + "options: {max: 3}\n", "unknown key 'options.max' for kind 'body-pattern'"),
        (lambda t: t.replace("kind: body-pattern", "kind: attachment-count").replace(
            "vocab:\n  match: {en: [asap], zh: [尽快]}\n", ""), "kind 'attachment-count' needs 'options.max'"),
        (lambda t: t.replace("kind: body-pattern", "kind: attachment-count").replace(
            "vocab:\n  match: {en: [asap], zh: [尽快]}\n", "options: {max: many}\n"), "'options.max' must be a int"),
        (lambda t: t + "scope: mailbox\n", "kind 'body-pattern' runs on message scope, not mailbox"),
        (lambda t: t.replace("kind: body-pattern", "kind: unanswered").replace(
            "vocab:\n  match: {en: [asap], zh: [尽快]}\n", ""), "kind 'unanswered' runs on mailbox scope"),
    ],
)
def test_a_rule_that_does_not_fit_its_kind_is_a_config_error(tmp_path, change, says):
    directory = rule_dir(tmp_path, change(GOOD))
    (tmp_path / "mailaudit.toml").write_text(f'[lint]\nrule_dirs = ["{directory}"]\n', encoding="utf-8")
    (tmp_path / "a.eml").write_text("To: a@example.com\nSubject: x\n\nhello\n", encoding="utf-8")
    for args in (("lint", "a.eml"), ("rules", "test", str(directory))):
        out = run(*args, cwd=tmp_path)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert str(directory / "team-no-asap.yaml") in out.stderr and says in out.stderr, out.stderr


def test_report_parts_names_its_own_vocabularies(tmp_path):
    text = GOOD.replace("kind: body-pattern", "kind: report-parts").replace(
        "  match: {en: [asap], zh: [尽快]}\n", "  when: {en: [crash]}\n  steps: {en: [steps]}\n"
    ) + "options: {parts: [steps, logs]}\n"
    out = run("rules", "test", str(rule_dir(tmp_path, text)), cwd=tmp_path)
    assert out.returncode == 2
    assert "options name the vocabulary 'logs' but 'vocab.logs' is missing" in out.stderr


def test_a_teams_mailbox_rule_runs_like_the_built_in_ones(tmp_path):
    """A mailbox-scope rule of a registered kind in [lint] rule_dirs is evaluated
    (it used to be loaded and never run)."""
    from test_history import store_with

    from mailaudit.checks.mailbox import evaluate, rule_file

    data = yaml.safe_load(rule_file("thread-unanswered").read_text(encoding="utf-8"))
    example = data["examples"]["fire"][0]
    data["id"] = "team-unanswered"
    directory = tmp_path / "team"
    directory.mkdir()
    (directory / "team-unanswered.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    store, _ = store_with(example["mails"])
    settings = Settings(lint=LintSettings(rule_dirs=[directory]), raw={"workflow": {"unanswered": {}}})
    rules = {r["rule"] for r in evaluate(store, settings, datetime.fromisoformat(example["now"]))}
    assert rules == {"thread-unanswered", "team-unanswered"}


def _doc_kinds() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Check kinds"):]
    return dict(re.findall(r"^\| `([a-z-]+)` \| (message|mailbox) \|", section, re.M))


def test_docs_list_the_kinds_of_the_registry():
    kinds = load_kinds()
    assert _doc_kinds() == {name: kind.scope for name, kind in kinds.items()}


def test_docs_rule_example_is_a_valid_rule():
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    rule = rule_from_data(yaml.safe_load(block), DOC, load_kinds())
    assert rule.kind == "body-pattern" and rule.examples["fire"] and rule.examples["pass"]


def test_rules_test_runs_a_mailbox_rules_scenarios(tmp_path):
    from mailaudit.checks.mailbox import rule_file

    data = yaml.safe_load(rule_file("thread-unanswered").read_text(encoding="utf-8"))
    data["id"] = "team-unanswered"
    directory = tmp_path / "team"
    directory.mkdir()
    path = directory / "team-unanswered.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ok = run("rules", "test", str(directory), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"{len(data['examples']['fire']) + len(data['examples']['pass'])} example(s) of 1 rule(s), 0 failed" in ok.stdout
    data["examples"] = {"fire": data["examples"]["pass"], "pass": data["examples"]["fire"]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    swapped = run("rules", "test", str(directory), cwd=tmp_path)
    assert swapped.returncode == 1 and "FAIL  team-unanswered  fire #1" in swapped.stdout
