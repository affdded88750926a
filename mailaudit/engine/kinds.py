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
    from .rules import Rule


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


CheckFn = Callable[["Rule", CheckContext], Iterable[Hit]]


@dataclass(frozen=True)
class Kind:
    name: str
    fn: CheckFn
    vocab: tuple[str, ...]  # vocabulary keys the rule file must/may give
    needs_nlp: bool


KINDS: dict[str, Kind] = {}


def check_kind(
    name: str, *, vocab: tuple[str, ...] = (), needs_nlp: bool = False
) -> Callable[[CheckFn], CheckFn]:
    """Register a check kind under `name` (used by rule files as `kind: name`)."""

    def register(fn: CheckFn) -> CheckFn:
        if name in KINDS:
            raise ValueError(f"check kind {name!r} registered twice")
        KINDS[name] = Kind(name, fn, vocab, needs_nlp)
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
