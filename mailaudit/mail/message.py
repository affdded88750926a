"""The mail model: plain data, no parsing here (see parse.py).

Every stage after parsing (rules, scan, evidence) works on these objects, so
they carry everything a check needs and nothing that needs the raw MIME tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Address:
    """One mailbox from an address header, decoded."""

    name: str
    email: str
    valid: bool = True
    error: str | None = None  # why `email` is not a valid address

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


@dataclass(frozen=True)
class Attachment:
    """A non-text part. `inline` parts (cid: images of the HTML body, e.g. a
    signature logo) are kept apart from files the reader receives."""

    filename: str
    content_type: str
    size: int  # decoded bytes
    inline: bool = False
    content_id: str | None = None
    part: str = ""  # MIME part path, e.g. "2" or "1.3"
    missing: bool = False  # a plain draft's `Attach:` path that names no file


@dataclass
class Message:
    """A decoded message.

    Text fields are split so that rules see the author's own words only:
    `body` = own text without quoted reply/forward, signature and footer.
    """

    source: str = ""  # locator: file path, "mbox:path#12", "imap:acct/INBOX;uid=7"
    sha256: str = ""  # of the raw bytes
    size: int = 0
    message_id: str | None = None
    subject: str = ""
    sender: list[Address] = field(default_factory=list)  # From
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    bcc: list[Address] = field(default_factory=list)
    reply_to: list[Address] = field(default_factory=list)
    date: datetime | None = None  # timezone-aware when the header had a zone
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)  # decoded, in order
    text: str = ""  # the whole text body (plain part, or HTML turned into text)
    html: str | None = None  # the HTML part as decoded, when there was one
    body: str = ""  # the author's own text
    quoted: str = ""  # quoted reply / forwarded original
    signature: str = ""
    footer: str = ""  # legal/confidentiality/mailing-list/"sent from my phone"
    patch: str = ""  # an inline diff (git format-patch mail): code, not prose
    paragraphs: list[str] = field(default_factory=list)  # of `body`
    attachments: list[Attachment] = field(default_factory=list)  # files
    inline_parts: list[Attachment] = field(default_factory=list)  # cid: images
    language: str = "unknown"  # zh | en | mixed | unknown (of subject + body)
    defects: list[str] = field(default_factory=list)  # why decoding was not clean
    attach_paths: list[str] = field(default_factory=list)  # plain drafts: `Attach:` paths

    def header(self, name: str) -> str | None:
        """First decoded value of header `name` (case-insensitive), or None."""
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    @property
    def recipients(self) -> list[Address]:
        return [*self.to, *self.cc]


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule in one message."""

    rule: str
    level: str  # error | warning | info
    message: str
    part: str = "message"  # subject | body | signature | to | cc | from | attachments | message
    span: tuple[int, int] | None = None  # character offsets into that part's text
    excerpt: str = ""

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "level": self.level,
            "message": self.message,
            "part": self.part,
            "span": list(self.span) if self.span else None,
            "excerpt": self.excerpt,
        }
