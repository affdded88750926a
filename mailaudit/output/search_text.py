"""`mailaudit search` results -> text (one message a line) and JSON."""

from __future__ import annotations

from collections.abc import Sequence

from ..mail.charsets import safe_json, safe_text
from ..store.queries import MailHit
from .i18n import t


def _flat(text: str) -> str:
    return " ".join(text.split())


def format_text(hits: Sequence[MailHit], lang: str = "en") -> str:
    """`date  sha  sender  subject  [rules]  │ snippet`, one message a line,
    never wrapped, so grep, awk and `cut -f` work (fields are tab-separated)."""
    lines = []
    for h in hits:
        rules = ",".join(dict.fromkeys(f["rule"] for f in h.findings)) or "-"
        lines.append("\t".join((
            (h.date or "")[:16].replace("T", " ") or "-",
            h.sha256[:12],
            _flat(h.sender) or "-",
            _flat(h.subject) or t("search-no-subject", lang),
            f"[{rules}]",
            "│ " + _flat(h.snippet),
        )))
    lines.append(t("search-found-one" if len(hits) == 1 else "search-found", lang, n=len(hits)))
    return safe_text("\n".join(lines) + "\n")[0]


def format_json(hits: Sequence[MailHit]) -> str:
    return safe_json([h.to_dict() for h in hits], indent=2) + "\n"
