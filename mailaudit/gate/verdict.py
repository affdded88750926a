"""Lint findings -> a verdict for sending: what fails, what the sender overrode.

Shared by the sendmail wrapper and the git send-email hook, so both say the
same thing in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config import LEVELS
from .overrides import Override

# engine.rules' LEVEL_ORDER, without importing the rule loader on the service path
LEVEL_ORDER = {level: rank for rank, level in enumerate(LEVELS)}

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..engine.linter import LintResult
    from ..mail.message import Finding


@dataclass
class Verdict:
    """What the lint says about this message, after the overrides."""

    findings: list[Finding] = field(default_factory=list)  # everything the lint found
    failing: list[Finding] = field(default_factory=list)  # at/above fail level, not overridden
    ignored: list[Finding] = field(default_factory=list)  # at/above fail level, overridden
    skipped: bool = False  # `ignore=all`: not linted at all
    result: LintResult | None = None  # for printing the findings as `mailaudit lint` does
    text: str | None = None  # the same, printed by the lint service (no result here then)


def judge(findings: list[Finding], fail_level: str, override: Override) -> Verdict:
    threshold = LEVEL_ORDER[fail_level]
    verdict = Verdict(findings=list(findings))
    for finding in findings:
        if LEVEL_ORDER.get(finding.level, 0) < threshold:
            continue
        (verdict.ignored if override.covers(finding.rule) else verdict.failing).append(finding)
    return verdict


def lint_for_sending(raw: bytes, settings: Settings, override: Override,
                     source: str = "draft", service: tuple[Settings, str] | None = None) -> Verdict:
    """`service`: (the base settings, a profile) when `settings` are a profile of
    them (the git hook's `patch`): a running service started with the base
    settings lints with the same profile."""
    if override.everything:
        # The escape hatch must work even when a rule or the config is broken.
        return Verdict(skipped=True)
    from .client import lint_via_service

    base, profile = service if service is not None else (settings, None)
    answer = lint_via_service(raw, base, source=source, profile=profile,
                              fail_level=settings.lint.fail_level)
    if answer is not None:  # a running `mailaudit serve` with these very settings
        from ..mail.message import Finding

        findings = [
            Finding(f["rule"], f["level"], f["message"], f["part"],
                    tuple(f["span"]) if f.get("span") else None, f.get("excerpt", ""))
            for f in answer["findings"]
        ]
        verdict = judge(findings, settings.lint.fail_level, override)
        verdict.text = answer["text"]
        return verdict
    from ..engine.linter import lint_bytes

    result = lint_bytes(raw, settings=settings, source=source)
    verdict = judge(list(result.findings), settings.lint.fail_level, override)
    verdict.result = result
    return verdict


def findings_text(verdict: Verdict, lang: str = "en") -> str:
    """The findings as `mailaudit lint` prints them, plus which ones the sender overrode."""
    from ..output.i18n import t

    if verdict.skipped:
        return t("gate-not-checked", lang) + "\n"
    lines: list[str] = []
    if verdict.findings and verdict.result is not None:
        from ..output.lint_text import format_text

        lines.append(format_text([verdict.result], color=False, lang=lang).rstrip("\n"))
    elif verdict.findings and verdict.text is not None:
        lines.append(verdict.text.rstrip("\n"))
    if verdict.ignored:
        ids = ", ".join(sorted({f.rule for f in verdict.ignored}))
        lines.append(t("gate-overridden", lang, ids=ids))
    return "\n".join(lines) + "\n" if lines else ""


def refusal_text(verdict: Verdict, fail_level: str, *, header_override: bool = True,
                 series: bool = False, lang: str = "en") -> str:
    """Why nothing was sent (the draft is unchanged; or, for the git hook's
    `series`, none of it goes), and the exact override that would send it."""
    from ..output.i18n import t

    ids = ",".join(sorted({f.rule for f in verdict.failing}))
    count = len(verdict.failing)
    how = t("gate-how-header", lang, ids=ids) if header_override else ""
    what = t("gate-what-series" if series else "gate-what-draft", lang)
    return (
        t("gate-not-sent-one" if count == 1 else "gate-not-sent", lang, count=count, level=fail_level, what=what)
        + "\n" + t("gate-send-anyway", lang, how=how, ids=ids) + "\n"
    )
