"""Plain-text views of the evidence log commands (JSON is each object's to_dict)."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.cells import cell_len

from ..evidence.dkim_check import dkim_notes
from ..evidence.ingest import IngestResult
from ..evidence.lookup import Hit
from ..evidence.proof import Mismatch, VerifyReport
from .i18n import join, t, translate


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    return text + " " * max(1, width - cell_len(text))


def window(start: str | None, end: str | None, lang: str = "en") -> str:
    if start and end:
        return t("ev-window", lang, start=start, end=end)
    if start:
        return t("ev-window-from", lang, start=start)
    if end:
        return t("ev-window-until", lang, end=end)
    return t("ev-window-none", lang)


def slots_text(slots: list[dict[str, str]], lang: str = "en") -> str:
    if not slots:
        return t("ev-all-slots", lang)
    return join([
        s["text"] if s.get("slot") in (None, s["text"]) else f"{s['text']} [{s['slot']}]" for s in slots
    ], lang)


def label_text(label: str, lang: str = "en") -> str:
    """A thread event's stored label ("placed", "added slot") in `lang`."""
    return translate(label, lang, "label-")


def hits_text(hits: list[Hit], limit: int | None, lang: str = "en") -> str:
    if not hits:
        return t("ev-no-match", lang) + "\n"
    lines = []
    for h in hits:
        outside = t("ev-outside-signed", lang) if h.dkim_signed is False else ""
        lines.append(
            f"#{h.id:<6} {(h.date or '?')[:16]:<16}  {_pad(label_text(h.label, lang), 12)}{slots_text(h.slots, lang)}  "
            f"{window(h.start, h.end, lang)}  {h.advertiser or '?'}  {t('ev-hit-from', lang, who=h.requester or '?')}"
            f"  dkim:{h.dkim or '?'}{outside}"
        )
    more = t("ev-records-more", lang, limit=limit) if limit and len(hits) >= limit else ""
    lines.append(t("ev-records", lang, n=len(hits), more=more))
    return "\n".join(lines) + "\n"


def _yes(flag: bool, lang: str = "en") -> str:
    return t("ev-ok", lang) if flag else t("ev-mismatch", lang)


def show_text(data: dict[str, Any], lang: str = "en") -> str:
    rec, head, proof = data["record"], data["headers"], data["proof"]
    chain = proof["chain"]

    def field(key: str, value: str) -> str:
        return "  " + _pad(t(f"ev-field-{key}", lang), 12) + value

    out = [t("ev-record", lang, id=data["id"], label=label_text(data["label"], lang))]
    out.append(field("action", rec["action"]))
    out.append(field("slots", slots_text(rec.get("slots") or [], lang)))
    if rec.get("moved_from"):
        out.append(field("moved_from", slots_text(rec["moved_from"], lang)))
    out.append(field("window", window(rec.get("start"), rec.get("end"), lang))
               + (t("ev-as-written", lang, text=rec["window_text"]) if rec.get("window_text") else ""))
    inherited = "" if rec.get("advertiser") or not data.get("advertiser") else t("ev-from-thread", lang)
    out.append(field("advertiser", f"{data.get('advertiser') or '?'}{inherited}"))
    for key in ("campaign", "creative"):
        if rec.get(key):
            out.append(field(key, rec[key]))
    if rec.get("excerpt"):
        out.append(field("asked", f"“{rec['excerpt']}”"))
    if rec.get("confidence"):
        why = join([t(f"ev-basis-{code}", lang) for code in rec.get("basis") or []], lang)
        out.append(field("confidence", t(f"ev-confidence-{rec['confidence']}", lang) + (f" ({why})" if why else "")))
    if data.get("amends"):
        out.append(field("amends", ", ".join(f"#{i}" for i in data["amends"])))
    out.append("")
    out.append(t("ev-message", lang))
    for name, key in (("From", "from"), ("Date", "date"), ("Subject", "subject"), ("Message-ID", "message_id"),
                      ("In-Reply-To", "in_reply_to")):
        if head.get(key):
            out.append(f"  {name + ':':<12} {head[key]}")
    none = t("none", lang)
    out.append(f"  {'To:':<12} {', '.join(head.get('to') or []) or none}")
    out.append(f"  {'Cc:':<12} {', '.join(head.get('cc') or []) or none}")
    if data.get("attachments"):
        out.append("  " + _pad(t("ev-attached", lang), 13) + join([a["filename"] for a in data["attachments"]], lang))
    if data.get("body"):
        out.append("")
        out.append(t("ev-own-text", lang))
        for line in data["body"].splitlines():
            out.extend(textwrap.wrap(line, 96, initial_indent="  | ", subsequent_indent="  | ") or ["  |"])
    if data.get("timeline"):
        out.append("")
        out.append(t("ev-timeline", lang))
        for e in data["timeline"]:
            mark = "→" if e["id"] == data["id"] else " "
            amends = t("ev-amends", lang, ids=", ".join("#" + str(i) for i in e["amends"])) if e["amends"] else ""
            out.append(f" {mark} #{e['id']:<5} {(e['date'] or '?')[:16]:<16}  {_pad(label_text(e['label'], lang), 12)}"
                       f"{slots_text(e['slots'], lang)}  {window(e['start'], e['end'], lang)}  {e['requester'] or '?'}{amends}")
    if data.get("confirmations"):
        out.append("")
        out.append(t("ev-confirmations", lang))
        for c in data["confirmations"]:
            who = t("ev-ops-group", lang) if c.get("from_ops") else ""
            answers = t("ev-answers", lang, ids=", ".join("#" + str(i) for i in c["replies_to"])) if c["replies_to"] else ""
            said = t("ev-said", lang, who=f"{c['sender']}{who}", text=c["excerpt"])
            out.append(f"   {(c['date'] or '?')[:16]:<16}  {_pad(t('ev-confirmed', lang), 11)} {said}{answers}")
    out.append("")
    out.append(t("ev-proof", lang))
    if proof.get("raw_damaged"):
        state = t("ev-raw-damaged", lang)
    else:
        state = _yes(proof["hash_ok"], lang) if proof["raw_kept"] else t("ev-raw-missing", lang)

    def proof_line(label: str, value: str) -> str:
        return "  " + _pad(label, 16) + value

    out.append(proof_line(t("ev-proof-sha", lang), f"{proof['sha256']}  {state}"))
    dkim = proof.get("dkim") or {}
    who = f" d={dkim.get('domain')} s={dkim.get('selector')}" if dkim.get("domain") else ""
    reason = t("ev-paren", lang, text=translate(dkim["reason"], lang, "dkim-")) if dkim.get("reason") else ""
    out.append(proof_line("DKIM", f"{dkim.get('result', '?')}{who}{reason}"))
    for note in dkim_notes(dkim, proof.get("dkim_signed")):
        out.append(" " * 18 + translate(note, lang, "dkim-"))
    out.append(proof_line(t("ev-proof-chain", lang), t(
        "ev-chain-state", lang, seq=chain["seq"], head=chain["head_seq"], hash=_yes(chain["entry_ok"], lang),
        links=_yes(chain["links_ok"], lang), record=_yes(chain["record_matches_entry"], lang))))
    out.append(proof_line(t("ev-entry-hash", lang), chain["entry_hash"]))
    out.append(proof_line(t("ev-head", lang), f"{chain['head_hash']}  {t('ev-head-hint', lang)}"))
    return "\n".join(out) + "\n"


def _where(problem: Mismatch, lang: str) -> str:
    return t("ev-entry", lang, seq=problem.seq) if problem.seq is not None else t("ev-log-end", lang)


def verify_text(report: VerifyReport, lang: str = "en") -> str:
    out = []
    if report.ok:
        out.append(t("ev-verify-ok", lang, entries=report.entries, instructions=report.instructions,
                     messages=report.messages))
    else:
        first = report.first
        out.append(t("ev-verify-first", lang, where=_where(first, lang), what=translate(first.what, lang, "mismatch-")))
        rest = report.problems[1:]
        for p in rest[:20]:
            out.append(t("ev-verify-also", lang, where=_where(p, lang), what=translate(p.what, lang, "mismatch-")))
        if len(rest) > 20:
            out.append(t("ev-verify-more", lang, n=len(rest) - 20))
        out.append(t("ev-verify-checked", lang, entries=report.entries, problems=len(report.problems)))
    out.append(t("ev-verify-head", lang, seq=report.head_seq, hash=report.head_hash))
    if report.other_messages:
        out.append(t("ev-verify-other", lang, n=report.other_messages))
    if report.dkim_offline:
        counts: dict[str, int] = {}
        for r in report.dkim_offline:
            counts[r["result"]] = counts.get(r["result"], 0) + 1
        out.append(t("ev-verify-dkim-offline", lang,
                     counts=join([f"{k} {v}" for k, v in sorted(counts.items())], lang)))
    for r in report.dkim_dns_now:
        changed = t("ev-verify-key-changed", lang) if r["key_changed"] else ""
        out.append(t("ev-verify-dns-now", lang, seq=r["seq"], sha=r["sha256"][:12], result=r["result"],
                     reason=t("ev-paren", lang, text=translate(r["reason"], lang, "dkim-")) if r["reason"] else "",
                     recorded=r["recorded"], changed=changed))
    if report.dkim_dns_now:
        out.append(t("ev-verify-dns-note", lang))
    for r in report.dkim_rechecked:
        where = (t("ev-verify-rechecked-entry", lang, seq=r["seq"]) if r.get("seq")
                 else t("ev-verify-rechecked-nodns", lang))
        out.append(t("ev-verify-rechecked", lang, sha=r["sha256"][:12], result=r["result"], where=where))
    if report.extraction_failures:
        out.append(t("ev-verify-extraction", lang, n=report.extraction_failures))
    return "\n".join(out) + "\n"


def ingest_text(result: IngestResult, lang: str = "en") -> str:
    dkim = join([f"{k} {v}" for k, v in sorted(result.dkim.items())], lang) or "-"
    lines = [t("ev-ingest", lang, instructions=result.instructions, messages=result.messages, known=result.known,
               dkim=dkim)]
    if result.dkim.get("temperror"):
        lines.append(t("ev-ingest-temperror", lang))
    for source, reason in result.refused:
        lines.append(t("ev-ingest-refused", lang, source=source, reason=translate(reason, lang, "not-sent-")))
    if result.failed:
        lines.append(t("ev-ingest-failed", lang, n=result.failed))
    return "\n".join(lines) + "\n"


__all__ = ["hits_text", "ingest_text", "label_text", "show_text", "slots_text", "verify_text", "window"]
