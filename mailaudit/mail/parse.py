"""bytes -> Message.

Never raises on any input: broken MIME, unknown charsets and undecodable bytes
become `Message.defects` (a one-line reason each) and a best-effort text.

Every string of the Message is safe to store and print: NUL and lone
surrogates (raw 8-bit header bytes, utf-7 words) are replaced by U+FFFD once,
here, with a defect naming where. The text analysed is bounded: text parts are
read up to `max_text` bytes per message (`[lint] max_text_bytes`, default
DEFAULT_MAX_TEXT_BYTES) and a defect says so; the raw bytes are untouched.
"""

from __future__ import annotations

import email
import email.parser
import hashlib
import mimetypes
import re
from dataclasses import fields, is_dataclass, replace
from datetime import datetime
from email.message import Message as MimePart
from email.utils import parsedate_to_datetime
from pathlib import Path

from ..config import DEFAULT_MAX_TEXT_BYTES
from .addresses import decode_words, parse_addresses
from .body_parts import paragraphs, split_text
from .charsets import decode, decode_header_bytes, header_text, safe_text
from .feed import message_from_bytes
from .htmltext import cid_references, html_to_text
from .message import Attachment, Message
from .textutil import detect_language, is_chinese_name

_MSGID = re.compile(r"<[^<>\s]+>")
# Identifiers, not prose: 8-bit bytes in them are not guessed as a legacy
# charset (they become U+FFFD) and are always worth a defect.
_ID_HEADERS = {"message-id", "in-reply-to", "references"}


def _raw_headers(mime: MimePart) -> dict[str, list[str]]:
    """Raw values by lower-cased name (8-bit bytes surrogate-escaped: compat32's
    get() would turn undeclared 8-bit text into replacement characters). Built
    once: a dozen headers are looked up in every message."""
    by_name: dict[str, list[str]] = {}
    for k, v in mime.raw_items():
        by_name.setdefault(k.lower(), []).append(str(v))
    return by_name


def _first(raw: dict[str, list[str]], name: str) -> str:
    values = raw.get(name)
    return values[0] if values else ""


# Dates outside these years are garbage (a flipped digit, a forged header), and
# near year 1 or 9999 adding a zone or working days overflows later on.
DATE_YEARS = (1900, 2999)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        date = parsedate_to_datetime(decode_header_bytes(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return date if DATE_YEARS[0] <= date.year <= DATE_YEARS[1] else None


def _collapse(value: object) -> str | None:
    """A parameter value as text. RFC 2231 values name their own charset, and
    the email package decodes with it as given (a codec such as 'undefined'
    raises)."""
    if not isinstance(value, tuple):
        return None if value is None else str(value)
    try:
        return email.utils.collapse_rfc2231_value(value)
    except Exception:
        return str(value[-1]) if value else None


def _filename(part: MimePart) -> str | None:
    try:
        name = part.get_filename()  # handles RFC 2231 (filename*=UTF-8''...)
    except Exception:
        name = None
    if not name:
        try:
            name = _collapse(part.get_param("name"))  # Content-Type name= (older clients)
        except Exception:
            name = None
    if not name:
        return None
    return decode_words(str(name)).strip() or None


def _cut(data: bytes, limit: int) -> bytes:
    """At most `limit` bytes: after a line end when one is near, else without
    the last (possibly incomplete) multi-byte character, so the cut part
    decodes in its charset rather than falling back to a guess."""
    if len(data) <= limit:
        return data
    nl = data.rfind(b"\n", max(0, limit - 65536), limit)
    if nl >= 0:
        return data[: nl + 1]
    cut = data[:limit]
    for i in range(1, min(4, len(cut)) + 1):
        if cut[-i] >= 0xC0:  # a lead byte: its sequence may be incomplete
            return cut[:-i]
        if cut[-i] < 0x80:
            break
    return cut


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


def _text_of(part: MimePart, defects: list[str], where: str, budget: int) -> tuple[str, int]:
    """(text, bytes read) of a text part, reading at most `budget` bytes."""
    data = _payload(part, defects, where)
    if len(data) > budget:
        defects.append(
            f"part {where}: text truncated for analysis at {budget:,} of {len(data):,} bytes"
            " (the raw message is kept whole)"
        )
        data = _cut(data, budget)
    try:
        charset = _collapse(part.get_param("charset"))
    except Exception:
        charset = None
    text, problem = decode(data, charset or None)
    if problem:
        defects.append(f"part {where}: {problem}")
    text, changed = safe_text(text)
    if changed:
        defects.append(f"part {where}: NUL or undecodable characters replaced")
    return text, len(data)


def _size(part: MimePart) -> int:
    try:
        return len(part.as_bytes())
    except Exception:  # re-serialising a broken inner message can fail
        return 0


class _Walk:
    """Collect text, HTML and file parts of a MIME tree."""

    def __init__(self, max_text: int = DEFAULT_MAX_TEXT_BYTES) -> None:
        self.budget = max_text  # bytes of text parts still to read
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
        maintype = ctype.split("/")[0]  # get_content_maintype(), without reading the header again
        if ctype == "message/rfc822" or (maintype == "message" and ctype != "message/delivery-status"):
            inner = part.get_payload()
            subject = ""
            if isinstance(inner, list) and inner:
                subject = decode_words(str(inner[0].get("Subject", "")))
            name = filename or (f"{subject or 'message'}.eml")
            size = _size(part)
            self.files.append((Attachment(name, ctype, size, part=path), related))
            return
        is_text_body = maintype == "text" and ctype in ("text/plain", "text/html") and disposition != "attachment"
        if is_text_body and not (filename and disposition == "inline" and ctype == "text/plain" and self.plain):
            text, used = _text_of(part, self.defects, path or "1", self.budget)
            self.budget -= used
            # (a whole HTML document sent as text/plain, as some mailing tools of the Enron years
            # did, is read as HTML: its comments and markup are no words of the mail)
            html = ctype == "text/html" or bool(_HTML_DOCUMENT.match(text))
            (self.html if html else self.plain).append(text)
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
            (Attachment(name, ctype, _size_before_cut(part, len(data)), inline=False,
                        content_id=cid, part=path or "1"), related)
        )

    def _alternative(self, parts: list, path: str, related: bool) -> None:
        # Keep one text view (plain preferred for splitting, HTML as well for
        # quoting structure and cid references); visit files normally.
        for i, child in enumerate(parts, 1):
            self.visit(child, f"{path}.{i}" if path else str(i), related, alternative=True)


_HTML_DOCUMENT = re.compile(r"\s*(?:<!DOCTYPE\s+html|<html[\s>])", re.IGNORECASE)


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


def _draft_attachments(paths: list[str], base: Path | None) -> list[Attachment]:
    """A plain draft's `Attach:` files; one that is not there is kept, marked
    `missing`, so the body's "attached" still has its file and the rule
    attachment-missing-file can say the mail would go out without it."""
    out = []
    for raw in paths:
        p = Path(raw.strip()).expanduser()
        if base is not None and not p.is_absolute() and (base / p).exists():
            p = base / p  # relative to the draft, else to the working directory
        ctype = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
        try:
            size, missing = (p.stat().st_size, False) if p.is_file() else (0, True)
        except OSError:
            size, missing = 0, True
        out.append(Attachment(p.name, ctype, size, part="attach", missing=missing))
    return out


def _decode_headers(mime: MimePart, defects: list[str]) -> list[tuple[str, str]]:
    """Every header decoded and made safe; a defect per header name and problem
    (8-bit bytes in an identifier, NUL, a charset that is no text encoding)."""
    headers = []
    noted: set[tuple[str, str]] = set()
    for key, value in mime.raw_items():
        name = safe_text(str(key))[0]
        if name == CUT_HEADER:  # ours (_skeleton), not the sender's
            continue
        is_id = name.lower() in _ID_HEADERS
        text, problem = header_text(str(value), guess=not is_id)
        problems = [problem] if problem and (is_id or "8-bit" not in problem) else []
        if "=?" in text:  # (header_text's text is safe already: only decoded words may not be)
            text = decode_words(text, problems)
            text, changed = safe_text(text)
            if changed:
                problems.append("NUL or undecodable characters replaced")
        for p in problems:
            if (name.lower(), p) not in noted:
                noted.add((name.lower(), p))
                defects.append(f"header {name}: {p}")
        headers.append((name, text))
    return headers


def _id_values(raw: dict[str, list[str]], name: str) -> list[str]:
    return [header_text(v, guess=False)[0] for v in raw.get(name, ())]


def _safe(value, changed: list[bool]):
    """`value` (str, list, tuple or frozen dataclass of them) with unsafe
    characters replaced; appends True to `changed` when any was."""
    if isinstance(value, str):
        text, was = safe_text(value)
        if was:
            changed.append(True)
        return text
    if isinstance(value, list):
        return [_safe(v, changed) for v in value]
    if isinstance(value, tuple):
        return tuple(_safe(v, changed) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for f in fields(value):
            old = getattr(value, f.name)
            if isinstance(old, str | list | tuple):
                new = _safe(old, changed)
                if new != old:
                    updates[f.name] = new
        return replace(value, **updates) if updates else value
    return value


# Fields built from header or part values that did not pass through
# _decode_headers or _text_of (text, html and what is split from them did).
_CHECKED_FIELDS = ("source", "subject", "sender", "to", "cc", "bcc", "reply_to", "message_id",
                   "in_reply_to", "references", "attachments", "inline_parts", "attach_paths",
                   "defects")


def _texts(value, out: list[str]) -> None:
    """Every string `_safe` would look at in `value`, appended to `out` (one safe_text
    test of them all decides the common case, a clean value, without rebuilding it)."""
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, list | tuple):
        for v in value:
            if isinstance(v, str):
                out.append(v)
            else:
                _texts(v, out)
    elif is_dataclass(value) and not isinstance(value, type):
        for v in vars(value).values():
            if isinstance(v, str):
                out.append(v)
            elif isinstance(v, list | tuple):
                _texts(v, out)


def _make_safe(msg: Message) -> None:
    texts: list[str] = []
    for name in _CHECKED_FIELDS:
        _texts(getattr(msg, name), texts)
    # One test of all of them (unsafe characters are unsafe anywhere, and the
    # separator is safe): the common case, a clean message, in one pass.
    if not safe_text("\n".join(texts))[1]:
        return
    for name in _CHECKED_FIELDS:
        texts = []
        _texts(getattr(msg, name), texts)
        if not safe_text("\n".join(texts))[1]:
            continue  # this field is clean: not rebuilt
        changed: list[bool] = []
        value = _safe(getattr(msg, name), changed)
        if changed:
            setattr(msg, name, value)
            if name not in ("source", "defects"):
                msg.defects.append(f"{name}: NUL or undecodable characters replaced")


_HEADER_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]+[ \t]*:")
_HEAD_END = re.compile(rb"\r?\n\r?\n")


# Marks a part body that _skeleton() shortened, with its length before the cut.
CUT_HEADER = "X-Mailaudit-Cut"
_CONTENT_TYPE = re.compile(rb"(?im)^content-type:\s*([a-z]+)")
_BOUNDARY = re.compile(rb'(?i)boundary\s*=\s*(?:"([^"\r\n]{1,200})"|([^\s";]{1,200}))')


def _size_before_cut(part: MimePart, size: int) -> int:
    """Decoded size of a part; estimated for a body _skeleton() shortened."""
    cut = part.get(CUT_HEADER)
    if not cut or not str(cut).isdigit():
        return size
    encoded = int(str(cut))
    base64 = str(part.get("Content-Transfer-Encoding", "")).strip().lower() == "base64"
    return encoded * 57 // 78 if base64 else encoded  # 76-character lines + CRLF carry 57 bytes


def _skeleton(raw: bytes, keep: int, defects: list[str]) -> bytes:
    """`raw` with every part body longer than `keep` bytes cut to about `keep`
    (at a line end), for the MIME parser only: it holds ~10x a body's size
    while parsing (a 50 MB text part: 540 MB), and analysis reads no more
    than max_text of it anyway. The structure (headers, boundaries, later
    parts) is kept; a cut body's part gets CUT_HEADER with its old length."""
    end = _HEAD_END.search(raw)
    if end is None:
        return raw
    bounds = {m.group(1) or m.group(2) for m in _BOUNDARY.finditer(raw)}
    starts: list[int] = []
    if bounds:
        alt = b"|".join(re.escape(b) for b in sorted(bounds, key=len, reverse=True))
        delimiter = re.compile(rb"(?m)^--(?:" + alt + rb")(?:--)?[ \t]*\r?$")
        delimiters = delimiter.finditer(raw, end.end())
        starts = [m.start() for m in delimiters]
    pieces: list[bytes] = []
    skipped = 0
    segments = [(0, end.end()), *zip(starts, [*starts[1:], len(raw)], strict=False)]
    first_end = starts[0] if starts else len(raw)
    for i, (start, stop) in enumerate(segments):
        if i == 0:
            head_end, stop = end.end(), first_end
            head = raw[:head_end]
        else:
            line_end = raw.find(b"\n", start, stop)
            found = _HEAD_END.search(raw, max(start, line_end - 1), stop) if line_end >= 0 else None
            if found is None:
                pieces.append(raw[start:stop])
                continue
            head_end = found.end()
            head = raw[start:head_end]
        body_len = stop - head_end
        ctype = _CONTENT_TYPE.search(head)
        # Nothing reads more of a file part than its length (given by the marker).
        limit = keep if ctype is None or ctype.group(1).lower() in (b"text", b"message", b"multipart") else 4096
        if body_len <= limit:
            pieces.append(head + raw[head_end:stop])
            continue
        nl = raw.rfind(b"\n", head_end, head_end + limit)
        cut = (nl + 1) if nl > head_end else head_end + limit
        skipped += stop - cut
        nl_bytes = b"\r\n" if b"\r\n" in head else b"\n"
        marker = f"{CUT_HEADER}: {body_len}".encode() + nl_bytes
        if i == 0:
            head = marker + head
        else:
            line_end = raw.find(b"\n", start, head_end) + 1
            head = raw[start:line_end] + marker + raw[line_end:head_end]
        pieces.append(head + raw[head_end:cut] + nl_bytes)
    if not skipped:
        return raw
    defects.append(
        f"message of {len(raw):,} bytes: text bodies over {keep:,} bytes and file bodies cut for analysis"
        f" ({skipped:,} bytes not read; the raw message is kept whole)"
    )
    return b"".join(pieces)


def _head_start(raw: bytes) -> int:
    """Where _HEAD_END first matches in `raw` (len(raw) when nowhere), with two
    finds: the regex, starting with an optional \\r, is tried at every byte.
    Its first \\n is the first one followed by \\n or \\r\\n; a \\r before that
    starts the match."""
    first = raw.find(b"\n\n")
    crlf = raw.find(b"\n\r\n", 0, len(raw) if first < 0 else first + 2)  # only one before it counts
    if crlf >= 0:
        first = crlf
    elif first < 0:
        return len(raw)
    return first - 1 if first and raw[first - 1] == 13 else first


def _readable(raw: bytes, defects: list[str]) -> bytes:
    """The bytes given to the MIME parser. The parser takes everything after
    the first line that is not a header for the body, so a NUL or a garbled
    first line hid every header: NUL bytes are dropped from the header section
    (no header may hold one) and up to 3 junk lines before a header skipped.
    Unchanged (not copied) for ordinary mail."""
    cut = _head_start(raw)
    head = raw[:cut]
    changed = False
    if b"\0" in head:
        nuls = head.count(b"\0")
        defects.append(f"{nuls} NUL byte(s) removed from the header section")
        head = head.replace(b"\0", b"")
        changed = True
    if head and not _HEADER_LINE.match(head) and not head.startswith(b"From "):
        lines = head.split(b"\n", 4)
        for i in range(1, min(4, len(lines))):
            if _HEADER_LINE.match(lines[i]):
                defects.append(f"{i} line(s) before the first header skipped")
                head = b"\n".join(lines[i:])
                changed = True
                break
    return head + raw[cut:] if changed else raw


def parse_bytes(
    raw: bytes, source: str = "", *, base_dir: Path | None = None, max_text: int | None = None
) -> Message:
    """Parse one message. `base_dir` resolves `Attach:` paths of plain drafts;
    `max_text` bounds the bytes of text parts read (default DEFAULT_MAX_TEXT_BYTES)."""
    msg = Message(source=source, sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
    defects = msg.defects
    data = _readable(raw, defects)
    budget = DEFAULT_MAX_TEXT_BYTES if max_text is None else max_text
    keep = budget * 4 // 3 + 65536  # a base64 text part's share of `budget`, and some slack
    if len(data) > 2 * keep:
        try:
            data = _skeleton(data, keep, defects)
        except Exception as exc:  # defensive: then the parser reads it all
            defects.append(f"large message not shortened for analysis: {type(exc).__name__}")
    flat = False
    try:
        mime = message_from_bytes(data)
    except RecursionError:  # multipart nested thousands deep: read the headers at least
        mime = email.parser.BytesParser().parsebytes(data, headersonly=True)
        defects.append("MIME nesting too deep to parse: the body is read as one text part")
        flat = True
    except Exception as exc:  # pragma: no cover - the compat32 parser is lenient
        defects.append(f"not parseable as MIME: {exc}")
        return msg
    del data
    for d in mime.defects:
        defects.append(f"MIME: {type(d).__name__}")
    try:
        headers = _decode_headers(mime, defects)
    except Exception:
        headers = []
        defects.append("headers not decodable")
    msg.headers = headers
    if flat:
        for name in ("Content-Type", "Content-Transfer-Encoding"):
            del mime[name]
    msg.subject = re.sub(r"\s+", " ", msg.header("Subject") or "").strip()
    raw_headers = _raw_headers(mime)
    msg.sender = parse_addresses(raw_headers.get("from", []))
    msg.to = parse_addresses(raw_headers.get("to", []))
    msg.cc = parse_addresses(raw_headers.get("cc", []))
    msg.bcc = parse_addresses(raw_headers.get("bcc", []))
    msg.reply_to = parse_addresses(raw_headers.get("reply-to", []))
    msg.date = _date(_first(raw_headers, "date"))
    if _first(raw_headers, "date") and msg.date is None:
        defects.append("Date header not parseable (or outside the years 1900-2999)")
    mid = _MSGID.search(next(iter(_id_values(raw_headers, "message-id")), ""))
    msg.message_id = mid.group(0) if mid else None
    irt = _MSGID.search(next(iter(_id_values(raw_headers, "in-reply-to")), ""))
    msg.in_reply_to = irt.group(0) if irt else None
    msg.references = _MSGID.findall(" ".join(_id_values(raw_headers, "references")))

    walk = _Walk(budget)
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
    attach = raw_headers.get("attach")
    if attach:
        msg.attach_paths = [decode_header_bytes(a) for a in attach]
        msg.attachments.extend(_draft_attachments(msg.attach_paths, base_dir))

    names = set()
    for a in msg.sender:
        for piece in re.split(r"[\s,.]+", a.name.lower()):
            if piece:
                names.add(piece)
                if 3 <= len(piece) <= 4 and is_chinese_name(piece):
                    names.add(piece[-2:])  # 张雅婷 signs as 雅婷
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
    _make_safe(msg)
    return msg


def parse_file(path: Path) -> Message:
    raw = path.read_bytes()
    return parse_bytes(raw, str(path), base_dir=path.parent)
