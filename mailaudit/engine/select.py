"""Which rules run, at which level, with which options (ruff-style select/ignore)."""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from .rules import Rule


def _matches(rule_id: str, selector: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector.rstrip("-") + "-") or selector == "ALL"


def did_you_mean(name: str, ids: list[str], *, prefixes: bool = True) -> str:
    """"did you mean 'x'?" for a rule id (or, with `prefixes`, a prefix such as
    'subject') close to `name`, else the usual pointer."""
    heads = {i.split("-")[0] for i in ids} if prefixes else set()
    close = difflib.get_close_matches(name, [*ids, *sorted(heads)], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'? see `mailaudit rules` for the ids" if close else \
        "see `mailaudit rules` for the ids"


def _check_known(selectors: list[str], ids: list[str], where: str, origin: str) -> None:
    for sel in selectors:
        if not any(_matches(i, sel) for i in ids):
            raise ConfigError(f"{origin}: {where} names unknown rule '{sel}'", hint=did_you_mean(sel, ids))


def select_rules(
    rules: list[Rule], settings: Settings, *, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[Rule]:
    """Apply select/ignore (config, then command line) and level overrides."""
    lint = settings.lint
    ids = [r.id for r in rules]
    sel = list(select if select else lint.select)
    ign = [*lint.ignore, *(ignore or [])]
    config = str(settings.path or "config")
    _check_known(list(select or []), ids, "--select", "command line")
    _check_known(list(ignore or []), ids, "--ignore", "command line")
    _check_known([] if select else list(lint.select), ids, "[lint] select", config)
    _check_known(list(lint.ignore), ids, "[lint] ignore", config)
    _check_known(list(lint.levels), ids, "[lint.levels]", config)
    _check_known(list(lint.options), ids, "[lint.options]", config)
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
