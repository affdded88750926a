"""Which rules run, at which level, with which options (ruff-style select/ignore)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from .rules import Rule


def _matches(rule_id: str, selector: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector.rstrip("-") + "-") or selector == "ALL"


def _check_known(selectors: list[str], ids: list[str], where: str, settings: Settings) -> None:
    for sel in selectors:
        if not any(_matches(i, sel) for i in ids):
            origin = settings.path or "command line"
            raise ConfigError(f"{origin}: {where} names unknown rule '{sel}'",
                              hint="see `mailaudit rules` for the ids")


def select_rules(
    rules: list[Rule], settings: Settings, *, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[Rule]:
    """Apply select/ignore (config, then command line) and level overrides."""
    lint = settings.lint
    ids = [r.id for r in rules]
    sel = list(select if select else lint.select)
    ign = [*lint.ignore, *(ignore or [])]
    _check_known(sel, ids, "select", settings)
    _check_known(ign, ids, "ignore", settings)
    _check_known(list(lint.levels), ids, "levels", settings)
    _check_known(list(lint.options), ids, "options", settings)
    chosen = []
    for rule in rules:
        if sel and not any(_matches(rule.id, s) for s in sel):
            continue
        if rule.preview and not (lint.preview or rule.id in sel):
            continue
        if any(_matches(rule.id, s) for s in ign):
            continue
        level = lint.levels.get(rule.id, rule.level)
        if level == "off":
            continue
        chosen.append(replace(rule, level=level) if level != rule.level else rule)
    return chosen


def rule_options(rule: Rule, settings: Settings) -> dict[str, Any]:
    """The rule's option defaults overridden by [lint.options.<id>]; unknown names are errors."""
    given = settings.lint.options.get(rule.id, {})
    unknown = set(given) - set(rule.options)
    if unknown:
        origin = settings.path or "config"
        known = ", ".join(sorted(rule.options)) or "none"
        raise ConfigError(f"{origin}: unknown option '{sorted(unknown)[0]}' for rule {rule.id}",
                          hint=f"its options: {known}")
    for key, value in given.items():
        default = rule.options[key]
        if default is not None and type(value) is not type(default) and not (
            isinstance(default, float) and isinstance(value, int)
        ):
            raise ConfigError(f"{settings.path or 'config'}: lint.options.{rule.id}.{key} must be "
                              f"a {type(default).__name__}")
    return {**rule.options, **given}
