"""The words of the screens, in Chinese and English, as data (output/messages.yaml).

`t(key, lang, **fields)` is the one lookup the screens use: the scan summary,
the team report (text and HTML), the evidence screens. `choose_lang` says
which language a command speaks: its `--lang`, else `[output] lang` in
mailaudit.toml, else the locale (LC_ALL, LC_MESSAGES, LANG starting with zh),
else English.

Stages below output/ (mail parsing, DKIM) write their notes in English, which
is what is stored and what JSON carries; `translate` renders such a note in
the user's language by matching it against the English templates of one
family of keys (`defect-`, `dkim-`), so stored data stays stable.
tests/test_messages.py checks the catalog, its use and its coverage.
"""

from __future__ import annotations

import os
import re
import string
from functools import lru_cache
from importlib import resources
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from ..mail.textutil import load_yaml

LANGS = ("en", "zh")
CATALOG = "messages.yaml"


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, str]]:
    """Key -> language -> template."""
    text = resources.files(__package__).joinpath(CATALOG).read_text(encoding="utf-8")
    data = load_yaml(text) or {}
    for key, texts in data.items():
        if not isinstance(texts, dict) or any(not isinstance(texts.get(lang), str) for lang in LANGS):
            raise ConfigError(f"{CATALOG}: '{key}' needs text for each of {', '.join(LANGS)}")
    return data


def fields(template: str) -> set[str]:
    """The {names} a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def t(key: str, lang: str, /, **values: Any) -> str:
    """The text `key` in `lang` ('zh' or 'en'), its fields filled in."""
    texts = catalog()[key]  # a KeyError here is a bug: tests/test_messages.py checks every key used
    return (texts.get(lang) or texts["en"]).format(**values)


def join(items: list[str], lang: str) -> str:
    """A list in running text: "a, b" / "a、b"."""
    return t("list-separator", lang).join(items)


def locale_lang() -> str:
    """'zh' when the user's locale is Chinese (LC_ALL, LC_MESSAGES, LANG, as
    gettext reads them), else 'en'."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def choose_lang(option: str | None = None, settings: Settings | None = None) -> str:
    """--lang, else [output] lang, else the locale."""
    if option in LANGS:
        return option
    configured = settings.section("output").get("lang") if settings is not None else None
    return configured if configured in LANGS else locale_lang()


# ------------------------------------------------------------ English notes
@lru_cache(maxsize=8)
def _patterns(prefix: str) -> list[tuple[str, re.Pattern[str]]]:
    """(key, regex of its English template) for the keys starting with
    `prefix`, in the catalog's order (the specific before the general)."""
    found = []
    for key, texts in catalog().items():
        if not key.startswith(prefix):
            continue
        regex = ""
        for literal, name, _, _ in string.Formatter().parse(texts["en"]):
            regex += re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
        found.append((key, re.compile(regex + r"\Z", re.S)))
    return found


def template_key(text: str, prefix: str) -> tuple[str, dict[str, str]] | None:
    """(key, fields) of the first English template of the family `prefix` that
    `text` fits, or None."""
    for key, pattern in _patterns(prefix):
        m = pattern.match(text)
        if m:
            return key, m.groupdict()
    return None


def translate(text: str, lang: str, prefix: str) -> str:
    """An English note of a lower stage (a parse defect, a DKIM note) in
    `lang`: the first template of the family `prefix` it matches, its
    fields translated in turn (a defect's inner problem); unchanged when
    none matches or the language is English."""
    found = template_key(text, prefix) if lang != "en" else None
    if found is None:
        return text
    key, values = found
    return t(key, lang, **{name: translate(value, lang, prefix) for name, value in values.items()})


__all__ = ["LANGS", "catalog", "choose_lang", "fields", "join", "locale_lang", "t", "template_key", "translate"]
