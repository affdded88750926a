"""Every rule explains itself and its examples are tests (proselint-style)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailaudit.config import LintSettings, Settings
from mailaudit.engine.linter import Linter, lint_bytes
from mailaudit.engine.rules import DOC_KEYS

# Preview rules too: their examples are tests like every other rule's.
LINTER = Linter(Settings(lint=LintSettings(preview=True)))
MESSAGE_RULES = [r for r in LINTER.all_rules if r.scope == "message"]
CASES = [
    pytest.param(rule, kind, example, id=f"{rule.id}-{kind}-{i}")
    for rule in MESSAGE_RULES
    for kind in ("fire", "pass")
    for i, example in enumerate(rule.examples.get(kind, []))
]


@pytest.mark.parametrize("rule", LINTER.all_rules, ids=lambda r: r.id)
def test_rule_has_doc_and_examples(rule):
    for key in DOC_KEYS:
        assert rule.doc.get(key), f"{rule.id}: doc.{key} is empty"
    assert rule.message.get("en") and rule.message.get("zh"), f"{rule.id}: message needs en and zh"
    if rule.scope == "message":
        assert rule.examples.get("fire"), f"{rule.id}: no examples that must fire"
        assert rule.examples.get("pass"), f"{rule.id}: no examples that must not fire"


def _linter_for(config: dict) -> Linter:
    """An example may carry the config it needs: {draft: "...", config: {workflow: {...}}}."""
    from mailaudit.config import validate

    validate(config, Path("<example>"))
    return Linter(Settings(raw=config, lint=LintSettings(preview=True)))


@pytest.mark.parametrize(("rule", "kind", "example"), CASES)
def test_rule_example(rule, kind, example):
    linter = LINTER
    if isinstance(example, dict):
        linter = _linter_for(example.get("config", {}))
        example = example["draft"]
    result = lint_bytes(example.encode("utf-8"), linter=linter)
    fired = {f.rule for f in result.findings}
    if kind == "fire":
        assert rule.id in fired, f"{rule.id} should fire on:\n{example}\n(got {sorted(fired)})"
    else:
        assert rule.id not in fired, f"{rule.id} should not fire on:\n{example}"


def test_every_catalog_id_exists():
    """The ids of rules.md's etiquette table are the contract."""
    ids = {r.id for r in LINTER.all_rules}
    catalog = {
        "subject-missing",
        "subject-too-long",
        "subject-vague",
        "subject-multiple-topics",
        "salutation-missing",
        "recipients-no-owner",
        "greeting-missing",
        "closing-missing",
        "body-no-summary",
        "body-long-paragraph",
        "body-multiple-topics",
        "politeness-missing",
        "signature-missing",
        "attachment-forgotten",
        "attachment-not-mentioned",
        "attachment-too-many",
        "attachment-bad-name",
        "attachment-undescribed",
        "attachment-special-format",
        "recipients-missing-to",
        "address-invalid",
        "bugreport-incomplete",
    }
    assert catalog <= ids, f"missing rules: {sorted(catalog - ids)}"


def test_subject_missing_suppresses_other_subject_rules():
    res = lint_bytes(
        b"To: a@example.com\nSubject: Re:\n\nHi Tom,\nplease check.\nThanks\nAnn", linter=LINTER
    )
    fired = {f.rule for f in res.findings}
    assert "subject-missing" in fired
    assert not fired & {"subject-vague", "subject-too-long"}


def test_bugreport_gate_covers_every_trigger():
    """The gate must not hide a trigger: every `when` literal contains a gate word."""
    from mailaudit.engine.vocab import flatten, traditional_variants

    rule = LINTER.rule("bugreport-incomplete")
    gate = rule.options["gate"]
    for entry in flatten(rule.vocab["when"]):
        if entry.startswith("/"):
            continue
        for form in {entry, *traditional_variants(entry)}:
            assert any(g in form.lower() for g in gate), f"gate misses trigger {form!r}"
