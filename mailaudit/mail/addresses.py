"""Address headers -> Address objects, validated for syntax with email-validator.

No network: deliverability checks are off; reserved names such as .local or
.test count as valid syntax (they are common inside companies and in tests).
"""

from __future__ import annotations

import re
from email.header import decode_header
from email.utils import getaddresses
from functools import lru_cache

from .charsets import decode, decode_header_bytes
from .message import Address

_ENCODED_WORD = re.compile(r"=\?[^?]+\?[bBqQ]\?[^?]*\?=")


def decode_words(value: str, problems: list[str] | None = None) -> str:
    """Decode RFC 2047 encoded words (with charset fallbacks) and raw 8-bit text.
    `problems` collects why a word did not decode as declared (an unknown or
    non-text charset such as =?zlib?B?...?=)."""
    value = decode_header_bytes(value)
    if "=?" not in value:
        return value
    try:
        parts = decode_header(_ENCODED_WORD.sub(lambda m: f" {m.group(0)} ", value) if "?==?" in value else value)
    except Exception:  # malformed encoded word: show it as written
        return value
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            text, problem = decode(chunk, charset or "ascii")
            if problem and problems is not None and problem not in problems:
                problems.append(problem)
            out.append(text)
        else:
            out.append(chunk)
    text = "".join(out)
    return re.sub(r"[\r\n]+\s*", " ", text).strip()


# The everyday address (an ASCII dot-atom before the @, letter-digit-hyphen labels
# after it, a last label of letters) passes every test email-validator makes without
# the network; it costs ~0.1 ms an address there, and Enron's Cc lists hold hundreds.
# Anything else ("--" labels, IDNA, quoting, lengths near the limits) is asked.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z])?"
)


@lru_cache(maxsize=8192)
def check_address(email: str) -> str | None:
    """None when `email` is a syntactically valid address, else the reason."""
    if not email:
        return "empty address"
    if len(email) <= 254 and "--" not in email and _PLAIN_ADDRESS.fullmatch(email) and email.index("@") <= 64:
        return None
    # imported here: most addresses take the test above, and the import is ~30 ms a process
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        reason = str(exc)
        if "special-use or reserved name" in reason:
            return None
        return reason
    return None


_SIMPLE_ITEM = re.compile(r"^\s*(?:([^<>@,]*?)\s*<([^<>\s]*)>|([^<>\s]+))\s*$")


def _split_simple(values: list[str]) -> list[tuple[str, str]] | None:
    """Fast path for the common `Name <a@b>, c@d` header (no quotes, comments
    or groups); None sends the header to the full RFC 5322 parser. Big Cc
    lists make email.utils.getaddresses the slowest part of parsing. A folded
    list (a line break between addresses) stays on the fast path; a break
    inside a display name does not (the parser joins its words with a space)."""
    pairs: list[tuple[str, str]] = []
    for value in values:
        if any(ch in value for ch in '"();:\\'):
            return None
        for item in value.split(","):
            if not item.strip():
                continue
            m = _SIMPLE_ITEM.match(item)
            if not m or (m.group(1) and ("\n" in m.group(1) or "\r" in m.group(1))):
                return None
            pairs.append((m.group(1) or "", m.group(2) if m.group(2) is not None else m.group(3)))
    return pairs


def parse_addresses(values: list[str]) -> list[Address]:
    """All mailboxes of one header (possibly repeated). Groups contribute their
    members; `undisclosed-recipients:;` contributes none."""
    return list(_parse_addresses(tuple(values)))


@lru_cache(maxsize=4096)  # a thread's From, To and long Cc lists come back mail after mail
def _parse_addresses(values: tuple[str, ...]) -> tuple[Address, ...]:
    decoded = [decode_header_bytes(v) for v in values if v is not None]
    pairs = _split_simple(decoded)
    if pairs is None:
        pairs = getaddresses(decoded)
    found = (_address(name, email) for name, email in pairs)
    return tuple(a for a in found if a is not None)


@lru_cache(maxsize=16384)  # the same people are on list after list
def _address(name: str, email: str) -> Address | None:
    name = decode_words(name).strip().strip('"')
    email = email.strip()
    if not email and not name:
        return None
    if not email and name:
        # "张三" or "bob at example.com" with no address at all
        email, name = name, ""
    error = check_address(email)
    return Address(name=name, email=email, valid=error is None, error=error)
