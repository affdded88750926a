"""The operations team's confirmations in an instruction's thread.

A reply such as "已配置完成" or "done, it's live" is no instruction, so it is not
in the log; but in a dispute it matters as much as the instruction: it shows
what operations said they did, and when. It is found among the stored mail of
the conversation (the scan keeps every message): a reply in the thread, after
its first instruction, not from the sender of what it answers, whose own text
says something was done (rules/vocab/confirmations.yaml) without asking.

Confirmations are read from the store whenever a thread is shown or exported;
like threads they are an index over stored mail, not hashed evidence (the
reply's raw bytes and SHA-256 are in the store all the same).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import sqlite_utils

from ..engine.rules import builtin_rules_dir
from ..engine.vocab import pattern
from ..mail.textutil import load_yaml
from ..store.queries import replies_to

MAX_REPLIES = 500  # stored messages looked at per thread
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_ASKS = re.compile(r"[?？]\s*$|[吗么嘛]\s*[。.]?\s*$")


@dataclass
class Confirmation:
    date: str | None
    date_utc: str | None
    sender: str  # "Name <address>"
    subject: str
    excerpt: str  # the sentence that confirms
    message_id: str | None
    sha256: str
    replies_to: list[int] = field(default_factory=list)  # instruction ids it answers
    from_ops: bool | None = None  # sender in [workflow] ops_group; None when none is configured

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str] | None:
    path = builtin_rules_dir() / "vocab" / "confirmations.yaml"
    return pattern(load_yaml(path.read_text(encoding="utf-8"))["confirmations"])


def confirming_sentence(text: str) -> str | None:
    """The first sentence of `text` that says something was done, or None."""
    found = _pattern()
    if found is None:
        return None
    for line in text.splitlines():
        for match in _SENTENCE.finditer(line):
            sentence = match.group(0).strip()
            if sentence and found.search(sentence) and not _ASKS.search(sentence):
                return sentence
    return None


def _conversation(db: sqlite_utils.Database, msgids: set[str]) -> list[dict[str, Any]]:
    """Stored messages that reply, directly or down the chain, to `msgids`."""
    seen = set(msgids)
    todo = list(msgids)
    out: list[dict[str, Any]] = []
    while todo and len(out) < MAX_REPLIES:
        msgid = todo.pop()
        for row in replies_to(db, msgid):
            if row["message_id"] and row["message_id"] in seen:
                continue
            if row["message_id"]:
                seen.add(row["message_id"])
                todo.append(row["message_id"])
            out.append(row)
    return out


def thread_confirmations(
    db: sqlite_utils.Database, rows: list[dict[str, Any]], ops_group: Iterable[str] = ()
) -> list[Confirmation]:
    """The confirmations among the replies to the instructions `rows` (one thread)."""
    if not rows or "messages" not in db.table_names():
        return []
    ops = {a.lower() for a in ops_group}
    by_msgid: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("message_id"):
            by_msgid.setdefault(row["message_id"], []).append(row)
    instruction_shas = {row["sha256"] for row in rows}
    first = min((r["date_utc"] for r in rows if r.get("date_utc")), default=None)
    out = []
    for reply in _conversation(db, set(by_msgid)):
        if reply["sha256"] in instruction_shas:
            continue
        if first and reply["date_utc"] and reply["date_utc"] < first:
            continue
        chain = [reply["in_reply_to"], *reversed(json.loads(reply["refs"] or "[]"))]
        answered = next((by_msgid[m] for m in chain if m in by_msgid), [])
        sender = (reply["from_email"] or "").lower()
        if sender and any(sender == (r.get("requester") or "").lower() for r in answered):
            continue  # the requester's own follow-up is no confirmation
        sentence = confirming_sentence(reply["body"] or "")
        if sentence is None:
            continue
        name = reply["from_name"]
        out.append(Confirmation(
            date=reply["date"], date_utc=reply["date_utc"],
            sender=f"{name} <{reply['from_email']}>" if name else reply["from_email"],
            subject=reply["subject"], excerpt=sentence[:200], message_id=reply["message_id"],
            sha256=reply["sha256"], replies_to=sorted({r["id"] for r in answered}),
            from_ops=(sender in ops) if ops else None,
        ))
    out.sort(key=lambda c: (c.date_utc or "9999", c.sha256))
    return out


__all__ = ["Confirmation", "confirming_sentence", "thread_confirmations"]
