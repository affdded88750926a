"""What the store keeps of one message, built from the parsed Message.

Plain data, built in the scan's worker processes and pickled back, so the
parent only inserts rows.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..mail.message import Finding, Message
from .fulltext import index_text


def message_id_for(sha256: str) -> int:
    """Row id derived from the hash: 60 bits, fits SQLite's signed 64-bit rowid."""
    return int(sha256[:15], 16)


def compress(raw: bytes) -> bytes:
    return zlib.compress(raw, 6)


def decompress(blob: bytes) -> bytes:
    return zlib.decompress(blob)


def _addrs(addresses) -> list[list[str]]:
    return [[a.name, a.email] for a in addresses]


def _iso(dt: datetime | None) -> tuple[str | None, str | None]:
    if dt is None:
        return None, None
    aware = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    try:
        utc = aware.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 or 9999 pushed past the calendar's ends
        return aware.isoformat(), None
    # isoformat, not strftime: strftime writes year 600 as "600", which no ISO reader takes
    return aware.isoformat(), utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


@dataclass
class MessageRecord:
    """Everything the store keeps of one processed message (built in workers:
    plain data, cheap to pickle)."""

    row: dict[str, Any]
    fts: dict[str, str]
    findings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return self.row["sha256"]


def record_from_message(
    message: Message, raw: bytes, sha256: str, findings: Iterable[Finding]
) -> MessageRecord:
    date, date_utc = _iso(message.date)
    sender = message.sender[0] if message.sender else None
    attachments = [
        {"filename": a.filename, "content_type": a.content_type, "size": a.size}
        for a in message.attachments
    ]
    row = {
        "id": message_id_for(sha256),
        "sha256": sha256,
        "message_id": message.message_id,
        "date": date,
        "date_utc": date_utc,
        "subject": message.subject or "",
        "from_name": sender.name if sender else "",
        "from_email": (sender.email if sender else "").lower(),
        "to_addrs": json.dumps(_addrs(message.to), ensure_ascii=False),
        "cc_addrs": json.dumps(_addrs(message.cc), ensure_ascii=False),
        "in_reply_to": message.in_reply_to,
        "refs": json.dumps(list(message.references), ensure_ascii=False),
        "headers": json.dumps([list(h) for h in message.headers], ensure_ascii=False),
        "text": message.text or "",
        "body": message.body or "",
        "signature": message.signature or "",
        "attachments": json.dumps(attachments, ensure_ascii=False),
        "language": message.language or "unknown",
        "defects": json.dumps(list(message.defects), ensure_ascii=False),
        "size": len(raw),
        "raw": compress(raw),
    }
    names = "\n".join(
        str(a) for a in (*message.sender, *message.to, *message.cc, *message.reply_to)
    )
    fts = {
        "subject": index_text(row["subject"]),
        "names": index_text(names),
        "attachments": index_text("\n".join(a["filename"] for a in attachments)),
        "text": index_text(row["text"]),
    }
    finding_rows = [
        {
            "sha256": sha256,
            "seq": seq,
            "rule": f.rule,
            "level": f.level,
            "message": f.message,
            "part": f.part,
            "span_start": f.span[0] if f.span else None,
            "span_end": f.span[1] if f.span else None,
            "excerpt": f.excerpt or "",
        }
        for seq, f in enumerate(findings)
    ]
    return MessageRecord(row=row, fts=fts, findings=finding_rows)


@dataclass(frozen=True)
class Location:
    source: str
    folder: str
    key: str
    sha256: str


@dataclass(frozen=True)
class Problem:
    source: str
    folder: str
    key: str
    stage: str
    reason: str
    sha256: str | None = None
    raw: bytes | None = None


