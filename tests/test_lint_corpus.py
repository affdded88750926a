"""The labelled lint corpus (tests/data/lint): a held-out set, labelled from rules.md.

Each file in expected.yaml must give EXACTLY its labelled set of etiquette rule ids
(+ bugreport-incomplete): a missing rule is a recall failure, an extra one a precision
failure. Labels follow the spec text, not the implementation: do not edit them to make
a test pass; if a label is wrong by rules.md, fix it in cases/ and rerun make_corpus.py.

    .venv/bin/pytest tests/test_lint_corpus.py -s -k score   # the corpus-wide score table
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parent / "data" / "lint"
EXPECTED: dict[str, dict] = yaml.safe_load((DATA / "expected.yaml").read_text("utf-8"))
PARSE_EXPECTED: dict[str, dict] = yaml.safe_load((DATA / "parse_expected.yaml").read_text("utf-8"))

# The 'Message etiquette' table of rules.md, plus bugreport-incomplete, with default levels.
LEVELS = {
    "subject-missing": "error",
    "subject-too-long": "warning",
    "subject-vague": "warning",
    "subject-multiple-topics": "warning",
    "salutation-missing": "warning",
    "recipients-no-owner": "warning",
    "greeting-missing": "info",
    "closing-missing": "info",
    "body-no-summary": "warning",
    "body-long-paragraph": "info",
    "body-multiple-topics": "warning",
    "politeness-missing": "info",
    "signature-missing": "warning",
    "attachment-forgotten": "error",
    "attachment-not-mentioned": "warning",
    "attachment-too-many": "warning",
    "attachment-bad-name": "warning",
    "attachment-undescribed": "info",
    "attachment-special-format": "warning",
    "recipients-missing-to": "error",
    "address-invalid": "error",
    "bugreport-incomplete": "warning",
}
LABELLED = frozenset(LEVELS)
LEGACY_CHARSETS = {"gbk", "gb2312", "gb18030", "big5"}


@functools.cache
def _linter():
    from mailaudit.config import LintSettings, Settings
    from mailaudit.engine.linter import Linter

    return Linter(Settings(lint=LintSettings(preview=True)))  # the labels cover the preview rules too


def fired_rules(path: Path) -> set[str]:
    """Rule ids fired on `path`, restricted to the labelled ids."""
    from mailaudit.engine.linter import lint_path

    results = lint_path(path, linter=_linter())
    return {f.rule for r in results for f in r.findings} & LABELLED


def expected_rules(name: str) -> set[str]:
    return set(EXPECTED[name]["findings"] or [])


# ---------------------------------------------------------------------------
# per-file labels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPECTED))
def test_lint_corpus_file(name: str) -> None:
    want = expected_rules(name)
    got = fired_rules(DATA / name)
    missing, unexpected = sorted(want - got), sorted(got - want)
    note = EXPECTED[name].get("note")
    assert not missing and not unexpected, (
        f"{name}\n  expected:   {sorted(want)}\n  missing:    {missing}\n  unexpected: {unexpected}"
        + (f"\n  label note: {note}" if note else "")
    )


# ---------------------------------------------------------------------------
# corpus-wide score (asserts nothing: the per-file tests do that)
# ---------------------------------------------------------------------------


def score(
    results: dict[str, set[str]],
    expected: dict[str, set[str]],
    levels: tuple[str, ...] = ("warning", "error"),
) -> dict:
    """Micro-averaged precision/recall over (file, rule) pairs, for rules whose
    default level is in `levels`; `per_rule` has tp/fp/fn for each such rule."""
    rules = [r for r, lvl in LEVELS.items() if lvl in levels]
    per_rule = {r: {"tp": 0, "fp": 0, "fn": 0} for r in rules}
    for name, want in expected.items():
        got = results.get(name, set())
        for r in rules:
            if r in got and r in want:
                per_rule[r]["tp"] += 1
            elif r in got:
                per_rule[r]["fp"] += 1
            elif r in want:
                per_rule[r]["fn"] += 1
    tp = sum(c["tp"] for c in per_rule.values())
    fp = sum(c["fp"] for c in per_rule.values())
    fn = sum(c["fn"] for c in per_rule.values())
    exact = sum(
        1
        for name, want in expected.items()
        if {r for r in results.get(name, set()) if r in per_rule}
        == {r for r in want if r in per_rule}
    )
    return {
        "levels": levels,
        "files": len(expected),
        "files_exact": exact,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "per_rule": per_rule,
    }


def format_score(s: dict) -> str:
    lines = [
        f"lint corpus, {'/'.join(s['levels'])} rules: precision {s['precision']:.3f} "
        f"recall {s['recall']:.3f} (tp {s['tp']}, fp {s['fp']}, fn {s['fn']}); "
        f"{s['files_exact']}/{s['files']} files exact",
        f"  {'rule':28} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for rule, c in s["per_rule"].items():
        flag = "" if not (c["fp"] or c["fn"]) else "  <-"
        lines.append(f"  {rule:28} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}{flag}")
    return "\n".join(lines)


def test_lint_corpus_score() -> None:
    """Every label of the corpus holds, scored as a whole (the table says which
    rule slipped when one does)."""
    expected = {name: expected_rules(name) for name in EXPECTED}
    results = {name: fired_rules(DATA / name) for name in EXPECTED}
    for levels in (("warning", "error"), ("info",)):
        s = score(results, expected, levels=levels)
        assert (s["precision"], s["recall"], s["files_exact"]) == (1.0, 1.0, s["files"]), format_score(s)


def test_score_helper() -> None:
    expected = {"a": {"subject-vague"}, "b": set(), "c": {"address-invalid", "greeting-missing"}}
    results = {"a": {"subject-vague", "greeting-missing"}, "b": {"subject-too-long"}, "c": set()}
    s = score(results, expected)
    assert (s["tp"], s["fp"], s["fn"]) == (1, 1, 1)
    assert s["precision"] == 0.5 and s["recall"] == 0.5
    assert s["files_exact"] == 1  # "a": greeting-missing is info, outside the scored levels


# ---------------------------------------------------------------------------
# the corpus itself
# ---------------------------------------------------------------------------


def test_labels_use_known_rule_ids() -> None:
    for name, entry in EXPECTED.items():
        assert set(entry["findings"] or []) <= LABELLED, name
        assert (DATA / name).is_file(), name


def test_corpus_covers_every_rule_in_both_languages() -> None:
    for rule in LABELLED:
        langs = {name.split("-", 1)[0] for name in EXPECTED if rule in expected_rules(name)}
        assert {"zh", "en"} <= langs, (rule, langs)
    clean = [n for n in EXPECTED if not expected_rules(n)]
    assert len(clean) >= 12 and {n.split("-", 1)[0] for n in clean} >= {"zh", "en"}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", DATA / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_corpus_is_reproducible(tmp_path: Path) -> None:
    """The committed files are exactly what make_corpus.py writes (labels included)."""
    written = _load_generator().build(tmp_path)
    for path in written:
        rel = path.relative_to(tmp_path)
        assert (DATA / rel).read_bytes() == path.read_bytes(), (
            f"{rel} differs: rerun make_corpus.py"
        )
    committed = {
        p.relative_to(DATA)
        for p in DATA.rglob("*")
        if p.is_file() and p.name != "make_corpus.py" and not {"__pycache__", "cases"} & set(p.relative_to(DATA).parts)
    }
    assert committed == {p.relative_to(tmp_path) for p in written}


@pytest.mark.parametrize("name", list(PARSE_EXPECTED))
def test_corpus_file_parses(name: str) -> None:
    from mailaudit.mail.parse import parse_bytes

    exp = PARSE_EXPECTED[name]
    msg = parse_bytes((DATA / name).read_bytes())
    assert msg.subject.strip() == exp["subject"].strip()
    assert sorted(a.filename for a in msg.attachments) == sorted(exp["attachments"])
    assert sorted(p.filename for p in msg.inline_parts) == sorted(exp["inline"])
    assert exp["phrase"] in msg.text, f"{exp['charset']} text lost the phrase {exp['phrase']!r}"
    if exp["charset"].lower() in LEGACY_CHARSETS:
        # the Chinese must come through the legacy charset, in the subject too
        assert any("\u4e00" <= ch <= "\u9fff" for ch in exp["phrase"])
        assert exp["phrase"] in msg.body, f"phrase {exp['phrase']!r} not in the author's own text"
