"""Explicit "send anyway" overrides, and removing the override header.

A person who has read the findings and wants to send regardless says so in the
message (`X-Mailaudit: ignore=rule-id,rule-id` or `ignore=all`) or in the
environment (`MAILAUDIT_IGNORE=rule-id,...`). The header is an instruction to
us, not part of the mail, so it is cut out of the bytes before they are sent;
everything else stays byte for byte as the client wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InputError

HEADER = b"x-mailaudit"
ENV_IGNORE = "MAILAUDIT_IGNORE"
ALL = "all"

_HEADER_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class Override:
    """What the sender asked us to let through."""

    ignore: frozenset[str] = field(default_factory=frozenset)
    origin: tuple[str, ...] = ()  # where it came from, for the note on stderr

    @property
    def everything(self) -> bool:
        return ALL in self.ignore

    def covers(self, rule_id: str) -> bool:
        return self.everything or rule_id in self.ignore

    def merged(self, other: Override) -> Override:
        return Override(self.ignore | other.ignore, self.origin + other.origin)


def parse_ignore_list(text: str, origin: str) -> Override:
    """`rule-a, rule-b` or `all` -> Override."""
    ids = frozenset(item.strip().lower() for item in text.split(",") if item.strip())
    return Override(ids, (origin,) if ids else ())


def parse_header_value(value: str) -> Override:
    """`ignore=rule-a,rule-b` (directives separated by `;`)."""
    result = Override()
    for directive in value.split(";"):
        directive = directive.strip()
        if not directive:
            continue
        key, sep, arg = directive.partition("=")
        if key.strip().lower() != "ignore" or not sep:
            # A typo here must not silently send a mail the person meant to check.
            raise InputError(
                f"X-Mailaudit header: cannot read '{directive}'",
                hint="write 'X-Mailaudit: ignore=rule-id,rule-id' or 'ignore=all'",
            )
        result = result.merged(parse_ignore_list(arg, "X-Mailaudit header"))
    return result


def split_header_block(raw: bytes) -> tuple[bytes, bytes]:
    """(header block including its final line break, the rest starting at the blank line)."""
    match = _HEADER_END.search(raw)
    if match is None:
        return raw, b""
    cut = match.start() + (2 if raw[match.start()] == 13 else 1)  # keep the header's own EOL
    return raw[:cut], raw[cut:]


def _fields(block: bytes) -> list[bytes]:
    """Header fields with their continuation lines, each keeping its line ending."""
    fields: list[bytes] = []
    for line in block.splitlines(keepends=True):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += line
        else:
            fields.append(line)
    return fields


def _is_override(field_bytes: bytes) -> bool:
    name, sep, _ = field_bytes.partition(b":")
    return bool(sep) and name.strip().lower() == HEADER


def header_values(raw: bytes) -> list[str]:
    """Every X-Mailaudit header value in the message, unfolded."""
    block, _ = split_header_block(raw)
    values = []
    for item in _fields(block):
        if _is_override(item):
            value = item.partition(b":")[2]
            values.append(re.sub(rb"\r?\n[ \t]+", b" ", value).strip().decode("utf-8", "replace"))
    return values


def strip_override_header(raw: bytes) -> bytes:
    """`raw` without its X-Mailaudit fields; every other byte unchanged."""
    block, rest = split_header_block(raw)
    fields = _fields(block)
    kept = [item for item in fields if not _is_override(item)]
    if len(kept) == len(fields):
        return raw  # the common case: not a single byte touched
    return b"".join(kept) + rest


def override_for(raw: bytes, environ: Mapping[str, str] | None = None) -> Override:
    """The override the message header and the environment ask for, together."""
    result = Override()
    for value in header_values(raw):
        result = result.merged(parse_header_value(value))
    env_value = (environ or {}).get(ENV_IGNORE, "")
    if env_value.strip():
        result = result.merged(parse_ignore_list(env_value, ENV_IGNORE))
    return result
