"""The notes a finding adds to its rule's message, as data (rules/notes.yaml).

A check kind names a note and its fields (`ctx.note("missing-parts", what=...)`);
the words come from the catalog in the mail's language, so a Chinese finding
never carries an English aside and a new phrasing is a YAML edit.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from .rules import builtin_rules_dir, read_yaml

LANGS = ("en", "zh")


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """Note key -> language -> template, from rules/notes.yaml."""
    path = builtin_rules_dir() / "notes.yaml"
    data = read_yaml(path) or {}
    for key, texts in data.items():
        if not isinstance(texts, dict) or any(not isinstance(texts.get(lang), str) for lang in LANGS):
            raise ConfigError(f"{path}: note '{key}' needs text for each of {', '.join(LANGS)}")
    return data


def fields(template: str) -> set[str]:
    """The {names} a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def note(key: str, lang: str, **values: Any) -> str:
    """The note `key` in `lang` ('zh' or 'en'), its fields filled in."""
    texts = catalog()[key]  # a KeyError here is a bug: tests/test_notes.py checks every key used
    return (texts.get(lang) or texts["en"]).format(**values)


def with_note(message: str, detail: str | None, lang: str) -> str:
    """A rule's message with the specific case appended, punctuated for its language."""
    return note("with-note", lang, message=message, note=detail) if detail else message


def join(items: list[str], lang: str) -> str:
    return note("list-separator", lang).join(items)


__all__ = ["LANGS", "catalog", "fields", "join", "note", "with_note"]
