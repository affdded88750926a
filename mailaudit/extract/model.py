"""Instruction records: what one placement instruction in one mail asked.

Plain data (see shared/spec/evidence.md): the extractor makes them, the
ledger stores them, reconciliation and export read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTIONS = ("place", "add", "change", "extend", "cancel")


@dataclass(frozen=True)
class SlotRef:
    """A slot as written in the mail and its normalised key (`homepage-banner`, `feed-3`)."""

    text: str
    slot: str

    def to_dict(self) -> dict:
        return {"text": self.text, "slot": self.slot}


@dataclass
class Instruction:
    action: str  # place | add | change | extend | cancel
    slots: list[SlotRef] = field(default_factory=list)
    start: str | None = None  # ISO date, or date + "THH:MM" when a time was given
    end: str | None = None  # inclusive
    advertiser: str | None = None  # as written
    campaign: str | None = None
    creative: str | None = None  # attachment name(s) or link
    requester: str | None = None  # From address
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    date: str | None = None  # the Date header, ISO 8601 with its offset
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    source: str = ""
    window_text: str | None = None  # the time window as written ("下周一起投两周")
    excerpt: str = ""  # the sentence the instruction was read from
    span: tuple[int, int] | None = None  # of that sentence in Message.body
    # How sure the reading is, and why: "high" when the author asks for the action on the
    # slot with the dates in one sentence (or a booking row under a request), "medium"
    # when a part comes from elsewhere (the subject, the sentence before), "low" when the
    # slot or the window is missing. `basis` names the evidence, as codes the screens
    # translate (output/messages.yaml, "ev-basis-<code>").
    confidence: str = "high"
    basis: list[str] = field(default_factory=list)
    # A change that moves the placement: the slots it leaves ("move the banner from search to
    # the detail page": search). `slots` holds where it goes, which is what gets configured.
    moved_from: list[SlotRef] = field(default_factory=list)

    @property
    def slot_keys(self) -> list[str]:
        return [s.slot for s in self.slots]

    def record(self) -> dict:
        """The fields of `mailaudit evidence extract` output (`moved_from` only for a move)."""
        out = {
            "action": self.action,
            "slots": [s.to_dict() for s in self.slots],
            "start": self.start,
            "end": self.end,
            "advertiser": self.advertiser,
            "campaign": self.campaign,
            "creative": self.creative,
        }
        if self.moved_from:
            out["moved_from"] = [s.to_dict() for s in self.moved_from]
        return out

    def to_dict(self) -> dict:
        return {
            **self.record(),
            "requester": self.requester,
            "to": list(self.to),
            "cc": list(self.cc),
            "date": self.date,
            "message_id": self.message_id,
            "in_reply_to": self.in_reply_to,
            "references": list(self.references),
            "source": self.source,
            "window_text": self.window_text,
            "excerpt": self.excerpt,
            "span": list(self.span) if self.span else None,
            "confidence": self.confidence,
            "basis": list(self.basis),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Instruction:
        span = data.get("span")
        return cls(
            action=data["action"],
            slots=[SlotRef(s["text"], s["slot"]) for s in data.get("slots") or []],
            start=data.get("start"),
            end=data.get("end"),
            advertiser=data.get("advertiser"),
            campaign=data.get("campaign"),
            creative=data.get("creative"),
            requester=data.get("requester"),
            to=list(data.get("to") or []),
            cc=list(data.get("cc") or []),
            date=data.get("date"),
            message_id=data.get("message_id"),
            in_reply_to=data.get("in_reply_to"),
            references=list(data.get("references") or []),
            source=data.get("source", ""),
            window_text=data.get("window_text"),
            excerpt=data.get("excerpt", ""),
            span=tuple(span) if span else None,
            confidence=data.get("confidence", "high"),
            basis=list(data.get("basis") or []),
            moved_from=[SlotRef(s["text"], s["slot"]) for s in data.get("moved_from") or []],
        )


__all__ = ["ACTIONS", "Instruction", "SlotRef"]
