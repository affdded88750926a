"""A rule's `examples` as tests: each `fire` example must give the rule, each
`pass` example must not (proselint-style). The suite runs the built-in rules'
examples; `mailaudit rules test DIR` runs those of a team's own rule directory."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import LintSettings, Settings, validate
from .linter import Linter, lint_bytes


@dataclass
class ExampleResult:
    rule: str
    kind: str  # fire | pass | none (the rule has no examples of a kind)
    index: int
    ok: bool
    fired: list[str] = field(default_factory=list)
    text: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "index": self.index, "ok": self.ok,
                "fired": self.fired, "note": self.note}


def _in(path: Path | None, directory: Path) -> bool:
    return path is not None and directory in path.resolve().parents


def run_examples(directory: Path, settings: Settings | None = None) -> list[ExampleResult]:
    """The examples of every rule defined under `directory` (with the built-in
    rules and vocabularies beside them, as `[lint] rule_dirs` loads them)."""
    settings = settings or Settings()
    directory = directory.resolve()
    base = replace(settings, lint=LintSettings(preview=True, rule_dirs=settings.lint.rule_dirs))
    linter = Linter(base, extra_rule_dirs=[directory])
    results: list[ExampleResult] = []
    for rule in linter.all_rules:
        if not _in(rule.path, directory):
            continue
        if rule.scope != "message":
            results.append(ExampleResult(rule.id, "none", 0, True, note="mailbox scope: examples not run here"))
            continue
        for kind in ("fire", "pass"):
            examples = rule.examples.get(kind) or []
            if not examples:
                results.append(ExampleResult(rule.id, kind, 0, False, note=f"no examples that must {kind}"))
            for i, example in enumerate(examples):
                results.append(_run(rule.id, kind, i, example, linter, directory, settings))
    return results


def _run(rule_id: str, kind: str, index: int, example: Any, linter: Linter, directory: Path,
         settings: Settings) -> ExampleResult:
    if isinstance(example, dict):  # {draft: "...", config: {...}}: the config the example needs
        config = example.get("config") or {}
        validate(config, directory / f"{rule_id} example")
        lint = LintSettings(preview=True, rule_dirs=settings.lint.rule_dirs)
        linter = Linter(Settings(raw=config, lint=lint), extra_rule_dirs=[directory])
        example = example.get("draft", "")
    result = lint_bytes(str(example).encode("utf-8"), linter=linter)
    fired = sorted({f.rule for f in result.findings})
    ok = (rule_id in fired) == (kind == "fire")
    return ExampleResult(rule_id, kind, index, ok, fired, str(example))
