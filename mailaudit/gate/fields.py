"""A message given as fields (to, cc, subject, body, attachments) -> MIME bytes.

Mail clients that do not hand us the finished MIME (Thunderbird's compose API
gives recipients, subject, body and attachment names/sizes) send fields; we
build a MIME message from them so the very same parser and rules run on it.
Attachments are described, not uploaded: each becomes an empty part whose
Content-Disposition carries the name and the RFC 2183 `size` parameter.
"""

from __future__ import annotations

from email.errors import HeaderParseError
from email.header import Header
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formataddr, parseaddr
from typing import Any

FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "from": str,
    "to": list,
    "cc": list,
    "bcc": list,
    "subject": str,
    "body": str,
    "html": (str, type(None)),
    "attachments": list,
}
_POLICY = default_policy.clone(refold_source="none")  # keep the address headers we wrote as written
ATTACHMENT_KEYS = {"name": str, "size": int, "content_type": str}


class FieldsError(ValueError):
    """The fields do not describe a message; the text says which field and why."""


def _check(data: Any) -> None:
    if not isinstance(data, dict):
        raise FieldsError("expected a JSON object with to, cc, subject, body, attachments")
    for key, value in data.items():
        if key not in FIELD_TYPES:
            raise FieldsError(f"unknown field '{key}' (known: {', '.join(FIELD_TYPES)})")
        if not isinstance(value, FIELD_TYPES[key]):
            raise FieldsError(f"field '{key}' has the wrong type ({type(value).__name__})")
    for key in ("to", "cc", "bcc"):
        if not all(isinstance(item, str) for item in data.get(key, [])):
            raise FieldsError(f"field '{key}' must be a list of address strings")
    for index, item in enumerate(data.get("attachments", [])):
        where = f"attachments[{index}]"
        if not isinstance(item, dict):
            raise FieldsError(f"{where} must be an object with name, size, content_type")
        for key, value in item.items():
            if key not in ATTACHMENT_KEYS:
                raise FieldsError(f"{where}: unknown key '{key}' (known: name, size, content_type)")
            if not isinstance(value, ATTACHMENT_KEYS[key]) or isinstance(value, bool):
                raise FieldsError(f"{where}.{key} has the wrong type ({type(value).__name__})")
        if not item.get("name"):
            raise FieldsError(f"{where}.name is missing")
        if item.get("size", 0) < 0:
            raise FieldsError(f"{where}.size must not be negative")
        if "/" not in item.get("content_type", "application/octet-stream"):
            raise FieldsError(f"{where}.content_type must look like type/subtype")


def _address_header(entries: list[str]) -> str:
    """Entries as an address header value, each kept as written when it is not an
    address (so address-invalid sees what the person typed), names RFC 2047-encoded."""
    parts = []
    for entry in entries:
        entry = entry.strip()
        if "\n" in entry or "\r" in entry:
            raise FieldsError("an address may not contain a line break")
        name, addr = parseaddr(entry)
        if addr and "@" in addr and name:
            parts.append(formataddr((name, addr), charset="utf-8"))
        elif entry.isascii():
            parts.append(entry)
        else:
            parts.append(Header(entry, "utf-8").encode())
    return ", ".join(parts)


def _set(msg: EmailMessage, name: str, value: str) -> None:
    try:
        msg[name] = value
    except (ValueError, HeaderParseError, IndexError, TypeError) as exc:
        raise FieldsError(f"field '{name.lower()}' cannot be a header: {exc}") from None


def message_from_fields(data: dict[str, Any]) -> bytes:
    """MIME bytes for the message the fields describe; FieldsError when they are wrong."""
    _check(data)
    msg = EmailMessage(policy=_POLICY)
    if data.get("from"):
        _set(msg, "From", data["from"])
    for key in ("to", "cc", "bcc"):
        if data.get(key):
            # set_raw: the header policy would otherwise re-render (and quote) entries
            msg.set_raw(key.capitalize(), _address_header(data[key]))
    _set(msg, "Subject", data.get("subject", ""))
    body, html = data.get("body", ""), data.get("html")
    if html and not body:
        msg.set_content(html, subtype="html", charset="utf-8")
    else:
        msg.set_content(body, charset="utf-8")
        if html:
            msg.add_alternative(html, subtype="html", charset="utf-8")
    for item in data.get("attachments", []):
        maintype, _, subtype = item.get("content_type", "application/octet-stream").partition("/")
        msg.add_attachment(b"", maintype=maintype, subtype=subtype, filename=item["name"])
        part = msg.get_payload()[-1]
        part.set_param("size", str(item.get("size", 0)), header="Content-Disposition")
    return msg.as_bytes()

