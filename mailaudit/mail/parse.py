"""bytes -> Message.

Never raises on any input: broken MIME, unknown charsets and undecodable bytes
become `Message.defects` (a one-line reason each) and a best-effort text.
"""

from __future__ import annotations

import email
import hashlib
import mimetypes
import re
from datetime import datetime
from email.message import Message as MimePart
from email.utils import parsedate_to_datetime
from pathlib import Path

from .addresses import decode_words, parse_addresses
from .body_parts import paragraphs, split_text
from .charsets import decode, decode_header_bytes
from .htmltext import cid_references, html_to_text
from .message import Attachment, Message
from .textutil import detect_language

_MSGID = re.compile(r"<[^<>\s]+>")


def _header_values(mime: MimePart, name: str) -> list[str]:
    """Raw values (8-bit bytes surrogate-escaped): compat32's get() would turn
    undeclared 8-bit text into replacement characters."""
    lname = name.lower()
    return [str(v) for k, v in mime.raw_items() if k.lower() == lname]


def _first(mime: MimePart, name: str) -> str:
    values = _header_values(mime, name)
    return values[0] if values else ""


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(decode_header_bytes(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _filename(part: MimePart) -> str | None:
    try:
        name = part.get_filename()  # handles RFC 2231 (filename*=UTF-8''...)
    except Exception:
        name = None
    if not name:
        name = part.get_param("name")  # Content-Type name= (older clients)
        if isinstance(name, tuple):  # RFC 2231 tuple
            name = email.utils.collapse_rfc2231_value(name)
    if not name:
        return None
    return decode_words(str(name)).strip() or None


def _payload(part: MimePart, defects: list[str], where: str) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception as exc:  # binascii errors etc.
        defects.append(f"part {where}: payload not decodable ({type(exc).__name__})")
        return b""
    if data is None:
        payload = part.get_payload()
        if isinstance(payload, str):
            return payload.encode("utf-8", "surrogateescape")
        return b""
    return data


def _text_of(part: MimePart, defects: list[str], where: str) -> str:
    data = _payload(part, defects, where)
    charset = part.get_param("charset")
    if isinstance(charset, tuple):
        charset = email.utils.collapse_rfc2231_value(charset)
    text, problem = decode(data, str(charset) if charset else None)
    if problem:
        defects.append(f"part {where}: {problem}")
    return text


class _Walk:
    """Collect text, HTML and file parts of a MIME tree."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.html: list[str] = []
        self.files: list[tuple[Attachment, bool]] = []  # (attachment, in multipart/related)
        self.views: list[Attachment] = []  # other views of the body (an invitation's text/calendar)
        self.defects: list[str] = []

    def visit(self, part: MimePart, path: str, related: bool = False, alternative: bool = False) -> None:
        ctype = part.get_content_type()
        if part.is_multipart():
            sub = part.get_payload()
            if not isinstance(sub, list):
                return
            if ctype == "multipart/alternative":
                self._alternative(sub, path, related)
                return
            for i, child in enumerate(sub, 1):
                self.visit(child, f"{path}.{i}" if path else str(i), related or ctype == "multipart/related")
            return
        disposition = (part.get_content_disposition() or "").lower()
        filename = _filename(part)
        maintype = part.get_content_maintype()
        if ctype == "message/rfc822" or (maintype == "message" and ctype != "message/delivery-status"):
            inner = part.get_payload()
            subject = ""
            if isinstance(inner, list) and inner:
                subject = decode_words(str(inner[0].get("Subject", "")))
            name = filename or (f"{subject or 'message'}.eml")
            size = len(part.as_bytes()) if hasattr(part, "as_bytes") else 0
            self.files.append((Attachment(name, ctype, size, part=path), related))
            return
        is_text_body = maintype == "text" and ctype in ("text/plain", "text/html") and disposition != "attachment"
        if is_text_body and not (filename and disposition == "inline" and ctype == "text/plain" and self.plain):
            text = _text_of(part, self.defects, path or "1")
            (self.html if ctype == "text/html" else self.plain).append(text)
            return
        data = _payload(part, self.defects, path or "1")
        if alternative and ctype == "text/calendar" and disposition != "attachment":
            # A meeting invitation: the calendar view of the text beside it, not a file
            # the reader receives (it needs no name and no mention in the body).
            self.views.append(Attachment(filename or "invite.ics", ctype, len(data), inline=True, part=path or "1"))
            return
        cid = part.get("Content-ID")
        cid = cid.strip().strip("<>") if cid else None
        ext = mimetypes.guess_extension(ctype) or ""
        name = filename or (f"unnamed{ext}" if ctype != "text/plain" else "unnamed.txt")
        self.files.append(
            (Attachment(name, ctype, len(data), inline=False, content_id=cid, part=path or "1"), related)
        )

    def _alternative(self, parts: list, path: str, related: bool) -> None:
        # Keep one text view (plain preferred for splitting, HTML as well for
        # quoting structure and cid references); visit files normally.
        for i, child in enumerate(parts, 1):
            self.visit(child, f"{path}.{i}" if path else str(i), related, alternative=True)


def _resolve_inline(walk: _Walk, html: str) -> tuple[list[Attachment], list[Attachment]]:
    refs = cid_references(html) if html else set()
    files: list[Attachment] = []
    inline: list[Attachment] = []
    for att, related in walk.files:
        cid = (att.content_id or "").lower()
        shown = bool(cid) and (cid in refs or (related and att.content_type.startswith("image/")))
        if shown:
            inline.append(Attachment(att.filename, att.content_type, att.size, True, att.content_id, att.part))
        else:
            files.append(att)
    return files, inline


def _draft_attachments(paths: list[str], base: Path | None, defects: list[str]) -> list[Attachment]:
    out = []
    for raw in paths:
        p = Path(raw.strip()).expanduser()
        if base is not None and not p.is_absolute() and (base / p).exists():
            p = base / p  # relative to the draft, else to the working directory
        ctype = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        try:
            size = p.stat().st_size
        except OSError:
            size = 0
            defects.append(f"Attach: {raw.strip()} not found")
        out.append(Attachment(p.name, ctype, size, part="attach"))
    return out


def parse_bytes(raw: bytes, source: str = "", *, base_dir: Path | None = None) -> Message:
    """Parse one message. `base_dir` resolves `Attach:` paths of plain drafts."""
    msg = Message(source=source, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
    try:
        mime = email.message_from_bytes(raw)
    except Exception as exc:  # pragma: no cover - the compat32 parser is lenient
        msg.defects.append(f"not parseable as MIME: {exc}")
        return msg
    defects = msg.defects
    for d in mime.defects:
        defects.append(f"MIME: {type(d).__name__}")
    try:
        headers = [(k, decode_words(str(v))) for k, v in mime.raw_items()]
    except Exception:
        headers = []
        defects.append("headers not decodable")
    msg.headers = headers
    msg.subject = re.sub(r"\s+", " ", decode_words(_first(mime, "Subject"))).strip()
    msg.sender = parse_addresses(_header_values(mime, "From"))
    msg.to = parse_addresses(_header_values(mime, "To"))
    msg.cc = parse_addresses(_header_values(mime, "Cc"))
    msg.bcc = parse_addresses(_header_values(mime, "Bcc"))
    msg.reply_to = parse_addresses(_header_values(mime, "Reply-To"))
    msg.date = _date(_first(mime, "Date"))
    if _first(mime, "Date") and msg.date is None:
        defects.append("Date header not parseable")
    mid = _MSGID.search(_first(mime, "Message-ID"))
    msg.message_id = mid.group(0) if mid else None
    irt = _MSGID.search(_first(mime, "In-Reply-To"))
    msg.in_reply_to = irt.group(0) if irt else None
    msg.references = _MSGID.findall(" ".join(_header_values(mime, "References")))

    walk = _Walk()
    try:
        walk.visit(mime, "")
    except Exception as exc:  # defensive: a broken tree must not stop a scan
        defects.append(f"MIME structure not walkable: {type(exc).__name__}: {exc}")
    defects.extend(walk.defects)
    html = "\n".join(walk.html) if walk.html else None
    msg.html = html
    if walk.plain:
        text = "\n\n".join(t.strip("\n") for t in walk.plain)
    elif html:
        try:
            text = html_to_text(html)
        except Exception as exc:
            defects.append(f"HTML not convertible: {type(exc).__name__}")
            text = re.sub(r"<[^>]+>", " ", html)
    else:
        text = ""
    msg.text = text
    msg.attachments, msg.inline_parts = _resolve_inline(walk, html or "")
    msg.inline_parts.extend(walk.views)
    attach = _header_values(mime, "Attach")
    if attach:
        msg.attach_paths = [decode_header_bytes(a) for a in attach]
        msg.attachments.extend(_draft_attachments(msg.attach_paths, base_dir, defects))

    names = set()
    for a in msg.sender:
        for piece in re.split(r"[\s,.]+", a.name.lower()):
            if piece:
                names.add(piece)
        if a.name:
            names.add(a.name.lower())
        local = a.email.split("@")[0].lower()
        if len(local) >= 3 and local.isalpha():
            names.add(local)
    parts = split_text(text, names)
    msg.body, msg.quoted, msg.signature, msg.footer = parts.body, parts.quoted, parts.signature, parts.footer
    msg.patch = parts.patch
    msg.paragraphs = paragraphs(msg.body)
    msg.language = detect_language(f"{msg.subject}\n{msg.body}")
    return msg


def parse_file(path: Path) -> Message:
    raw = path.read_bytes()
    return parse_bytes(raw, str(path), base_dir=path.parent)
