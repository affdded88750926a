"""The closed set of check kinds.

A rule file names its `kind`; the kind is a function here (rules are data,
check kinds are code). A kind receives the rule and a CheckContext and yields
Hits; the engine turns each Hit into a Finding with the rule's id, configured
level and message in the mail's language.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from ..mail.message import Message


@dataclass(frozen=True)
class Hit:
    part: str = "message"
    span: tuple[int, int] | None = None
    excerpt: str = ""
    detail: str | None = None  # appended to the rule's message: the specific case


@dataclass
class CheckContext:
    message: Message
    settings: Settings
    options: dict[str, Any] = field(default_factory=dict)  # the rule's, merged with config

    @property
    def lang(self) -> str:
        """'zh' or 'en': which vocabulary and message language to prefer."""
        return "zh" if self.message.language in ("zh", "mixed") else "en"

    def note(self, key: str, **values: Any) -> str:
        """The note `key` of rules/notes.yaml in the mail's language."""
        from .notes import note

        return note(key, self.lang, **values)

    def join(self, items: list[str]) -> str:
        from .notes import join

        return join(items, self.lang)


CheckFn = Callable[..., Iterable[Any]]
Options = dict[str, type | tuple[type, ...]]


@dataclass(frozen=True)
class Kind:
    """A check kind and its schema (as Vale's kinds): which vocabularies and
    options a rule of this kind may give, which options it must give, and
    where it runs. A rule file is checked against it when loaded."""

    name: str
    fn: CheckFn
    vocab: tuple[str, ...]  # vocabulary names the kind reads
    needs_nlp: bool
    options: Options = field(default_factory=dict)  # option name -> type(s), read with a default
    required: Options = field(default_factory=dict)  # option name -> type(s), read without one
    # Options whose values name more vocabularies the kind reads (report-parts' `parts`).
    vocab_from: tuple[str, ...] = ()
    scope: str = "message"  # "message": fn(rule, ctx) per mail; "mailbox": fn(store, ctx, now)
    section: str | None = None  # mailbox kinds: their [workflow.<section>] table of options
    needs_section: bool = False  # runs only when that table is in the config


KINDS: dict[str, Kind] = {}


def check_kind(
    name: str,
    *,
    vocab: tuple[str, ...] = (),
    options: Options | None = None,
    required: Options | None = None,
    vocab_from: tuple[str, ...] = (),
    needs_nlp: bool = False,
    scope: str = "message",
    section: str | None = None,
    needs_section: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register a check kind under `name` (used by rule files as `kind: name`)."""

    def register(fn: CheckFn) -> CheckFn:
        if name in KINDS:
            raise ValueError(f"check kind {name!r} registered twice")
        KINDS[name] = Kind(name, fn, vocab, needs_nlp, dict(options or {}), dict(required or {}),
                           vocab_from, scope, section, needs_section)
        return fn

    return register


# The closed set of check families: modules of mailaudit.checks that register
# kinds. A rule file may only name a kind defined there; a new family is a
# module in checks/ and a name here. Imported by name, so the engine (below
# checks/ in the flow) holds no import of them.
KIND_MODULES = (
    "subject",
    "body",
    "attachments",
    "recipients",
    "generic",
    "topics",
    "adplacement",
    "mailbox",
)


def load_kinds() -> dict[str, Kind]:
    """Import every module that defines kinds (once) and return the registry."""
    for module in KIND_MODULES:
        name = f"mailaudit.checks.{module}"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside the module
                raise
    return KINDS
