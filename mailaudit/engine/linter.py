"""The library face of linting: `Linter(settings).check(message)`.

The CLI, the sendmail wrapper, the local service and the scan all call this;
rules are loaded and selected once per Linter and reused for every message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..mail.message import Finding, Message
from ..mail.parse import parse_bytes
from ..sources.paths import SkipHandler, iter_inputs
from .kinds import CheckContext, load_kinds
from .notes import with_note
from .rules import LEVEL_ORDER, Rule, builtin_rules_dir, load_rules
from .select import rule_options, select_rules


@dataclass
class LintResult:
    source: str
    message: Message
    findings: list[Finding]

    def reaches(self, level: str) -> bool:
        floor = LEVEL_ORDER[level]
        return any(LEVEL_ORDER[f.level] >= floor for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "message_id": self.message.message_id,
            "subject": self.message.subject,
            "findings": [f.to_dict() for f in self.findings],
        }


class Linter:
    """Rules loaded, selected and configured once; `check` is then cheap."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extra_rule_dirs: list[Path] | None = None,
    ) -> None:
        self.settings = settings or Settings()
        kinds = load_kinds()
        dirs = [builtin_rules_dir(), *self.settings.lint.rule_dirs, *(extra_rule_dirs or [])]
        self.all_rules: list[Rule] = load_rules(dirs, kinds)
        chosen = select_rules(self.all_rules, self.settings, select=select, ignore=ignore)
        self.rules = [r for r in chosen if r.scope == "message"]
        self.mailbox_rules = [r for r in chosen if r.scope == "mailbox"]
        self._plan = [(r, kinds[r.kind].fn, rule_options(r, self.settings)) for r in self.rules]
        if self.settings.lint.nlp_model:
            from ..mail.language import configure

            configure({"zh": self.settings.lint.nlp_model, "en": self.settings.lint.nlp_model})

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.all_rules if r.id == rule_id), None)

    def check(self, message: Message) -> list[Finding]:
        findings: list[Finding] = []
        settings = self.settings
        lang = ""  # the mail's, asked once and only when a rule has a finding
        for rule, fn, options in self._plan:
            ctx = CheckContext(message=message, settings=settings, options=options)
            for hit in fn(rule, ctx):
                lang = lang or ctx.lang
                msg = with_note(rule.text(lang), hit.detail, lang)
                findings.append(Finding(rule.id, rule.level, msg, hit.part, hit.span, hit.excerpt))
        findings.sort(key=lambda f: (-LEVEL_ORDER[f.level], f.rule))
        return findings


def lint_bytes(
    raw: bytes,
    *,
    settings: Settings | None = None,
    source: str = "-",
    linter: Linter | None = None,
    base_dir: Path | None = None,
) -> LintResult:
    linter = linter or Linter(settings)
    message = parse_bytes(raw, source, base_dir=base_dir, max_text=linter.settings.lint.max_text_bytes)
    return LintResult(source, message, linter.check(message))


def lint_message(message: Message, linter: Linter) -> LintResult:
    return LintResult(message.source, message, linter.check(message))


def iter_messages(
    paths: Iterable[str], max_text: int | None = None, on_skip: SkipHandler | None = None
) -> Iterator[Message]:
    """Parsed messages of files, mboxes, Maildirs, directories and '-'."""
    for item in iter_inputs(list(paths), on_skip):
        yield parse_bytes(item.data, item.source, base_dir=item.base_dir, max_text=max_text)


def lint_paths(paths: Iterable[str], linter: Linter, on_skip: SkipHandler | None = None) -> Iterator[LintResult]:
    """Lint every message under `paths`; inputs not read go to `on_skip` (see sources.paths)."""
    for message in iter_messages(paths, linter.settings.lint.max_text_bytes, on_skip):
        yield lint_message(message, linter)


def lint_path(path: Path | str, settings: Settings | None = None, linter: Linter | None = None) -> list[LintResult]:
    return list(lint_paths([str(path)], linter or Linter(settings)))


__all__ = [
    "LintResult", "Linter", "iter_messages", "lint_bytes", "lint_message", "lint_path",
    "lint_paths",
]
