"""Plain-text views of the evidence log commands (JSON is each object's to_dict)."""

from __future__ import annotations

import textwrap
from typing import Any

from ..evidence.dkim_check import dkim_notes
from ..evidence.ingest import IngestResult
from ..evidence.lookup import Hit
from ..evidence.proof import VerifyReport


def window(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "(no dates)"


def slots_text(slots: list[dict[str, str]]) -> str:
    if not slots:
        return "(all slots)"
    return ", ".join(
        s["text"] if s.get("slot") in (None, s["text"]) else f"{s['text']} [{s['slot']}]" for s in slots
    )


def hits_text(hits: list[Hit], limit: int | None) -> str:
    if not hits:
        return "No evidence records match.\n"
    lines = []
    for h in hits:
        lines.append(
            f"#{h.id:<6} {(h.date or '?')[:16]:<16}  {h.label:<10}  {slots_text(h.slots)}  "
            f"{window(h.start, h.end)}  {h.advertiser or '?'}  from {h.requester or '?'}"
            f"  dkim:{h.dkim or '?'}{' (outside the signed text)' if h.dkim_signed is False else ''}"
        )
    more = f" (the first {limit}: narrow the query or raise --limit)" if limit and len(hits) >= limit else ""
    lines.append(f"{len(hits)} record(s){more}")
    return "\n".join(lines) + "\n"


def _yes(flag: bool) -> str:
    return "ok" if flag else "MISMATCH"


def show_text(data: dict[str, Any]) -> str:
    rec, head, proof = data["record"], data["headers"], data["proof"]
    chain = proof["chain"]
    out = [f"Evidence record #{data['id']}: {data['label']}"]
    out.append(f"  action      {rec['action']}")
    out.append(f"  slots       {slots_text(rec.get('slots') or [])}")
    out.append(f"  window      {window(rec.get('start'), rec.get('end'))}"
               + (f"   (as written: {rec['window_text']})" if rec.get("window_text") else ""))
    inherited = "" if rec.get("advertiser") or not data.get("advertiser") else "  (from the thread)"
    out.append(f"  advertiser  {data.get('advertiser') or '?'}{inherited}")
    for key in ("campaign", "creative"):
        if rec.get(key):
            out.append(f"  {key:<11} {rec[key]}")
    if rec.get("excerpt"):
        out.append(f"  asked in    “{rec['excerpt']}”")
    if data.get("amends"):
        out.append("  amends      " + ", ".join(f"#{i}" for i in data["amends"]))
    out.append("")
    out.append("Message")
    for name, key in (("From", "from"), ("Date", "date"), ("Subject", "subject"), ("Message-ID", "message_id"),
                      ("In-Reply-To", "in_reply_to")):
        if head.get(key):
            out.append(f"  {name + ':':<12} {head[key]}")
    out.append(f"  {'To:':<12} {', '.join(head.get('to') or []) or '(none)'}")
    out.append(f"  {'Cc:':<12} {', '.join(head.get('cc') or []) or '(none)'}")
    if data.get("attachments"):
        out.append(f"  {'Attached:':<12} " + ", ".join(a["filename"] for a in data["attachments"]))
    if data.get("body"):
        out.append("")
        out.append("The author's own text")
        for line in data["body"].splitlines():
            out.extend(textwrap.wrap(line, 96, initial_indent="  | ", subsequent_indent="  | ") or ["  |"])
    if data.get("timeline"):
        out.append("")
        out.append("Thread timeline")
        for e in data["timeline"]:
            mark = "→" if e["id"] == data["id"] else " "
            amends = f"  (amends {', '.join('#' + str(i) for i in e['amends'])})" if e["amends"] else ""
            out.append(f" {mark} #{e['id']:<5} {(e['date'] or '?')[:16]:<16}  {e['label']:<10}  "
                       f"{slots_text(e['slots'])}  {window(e['start'], e['end'])}  {e['requester'] or '?'}{amends}")
    if data.get("confirmations"):
        out.append("")
        out.append("Confirmations in the thread")
        for c in data["confirmations"]:
            who = " (operations group)" if c.get("from_ops") else ""
            answers = f"  (answers {', '.join('#' + str(i) for i in c['replies_to'])})" if c["replies_to"] else ""
            out.append(f"   {(c['date'] or '?')[:16]:<16}  confirmed   {c['sender']}{who}: “{c['excerpt']}”{answers}")
    out.append("")
    out.append("Proof")
    if proof.get("raw_damaged"):
        state = "RAW BYTES DAMAGED (they no longer decompress)"
    else:
        state = _yes(proof["hash_ok"]) if proof["raw_kept"] else "RAW BYTES MISSING"
    out.append(f"  message sha256  {proof['sha256']}  {state}")
    dkim = proof.get("dkim") or {}
    who = f" d={dkim.get('domain')} s={dkim.get('selector')}" if dkim.get("domain") else ""
    reason = f" ({dkim['reason']})" if dkim.get("reason") else ""
    out.append(f"  DKIM            {dkim.get('result', '?')}{who}{reason}")
    for note in dkim_notes(dkim, proof.get("dkim_signed")):
        out.append(f"                  {note}")
    out.append(f"  chain           entry {chain['seq']} of {chain['head_seq']}: hash {_yes(chain['entry_ok'])},"
               f" links {_yes(chain['links_ok'])}, record {_yes(chain['record_matches_entry'])}")
    out.append(f"  entry hash      {chain['entry_hash']}")
    out.append(f"  head            {chain['head_hash']}  (run `mailaudit evidence verify` for the whole chain)")
    return "\n".join(out) + "\n"


def verify_text(report: VerifyReport) -> str:
    out = []
    if report.ok:
        out.append(f"Evidence log intact: {report.entries} entries, {report.instructions} instructions"
                   f" from {report.messages} messages; every message hash and record matches.")
    else:
        first = report.first
        out.append(f"MISMATCH at {first.where()}: {first.what}")
        rest = report.problems[1:]
        for p in rest[:20]:
            out.append(f"  also {p.where()}: {p.what}")
        if len(rest) > 20:
            out.append(f"  ... {len(rest) - 20} more")
        out.append(f"Checked {report.entries} entries; {len(report.problems)} problem(s).")
    out.append(f"Head: entry {report.head_seq} {report.head_hash}")
    if report.other_messages:
        out.append(f"Not evidence, not checked: {report.other_messages} other message(s) a scan stored.")
    if report.dkim_offline:
        counts: dict[str, int] = {}
        for r in report.dkim_offline:
            counts[r["result"]] = counts.get(r["result"], 0) + 1
        out.append("DKIM verified again offline, against the keys kept at intake: "
                   + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ".")
    for r in report.dkim_dns_now:
        note = "; the key DNS publishes now differs from the one kept (rotated?)" if r["key_changed"] else ""
        out.append(f"DKIM with today's DNS, entry {r['seq']} ({r['sha256'][:12]}): {r['result']}"
                   f"{' (' + r['reason'] + ')' if r['reason'] else ''}, recorded {r['recorded']}{note}")
    if report.dkim_dns_now:
        out.append("  (what DNS says today is for information: the verdict is the one checked offline above)")
    for r in report.dkim_rechecked:
        seq = f" (entry {r['seq']})" if r.get("seq") else " (still no DNS: try again later)"
        out.append(f"DKIM re-checked {r['sha256'][:12]}: {r['result']}{seq}")
    if report.extraction_failures:
        out.append(f"Note: extraction failed on {report.extraction_failures} message(s); see the evidence_problems table.")
    return "\n".join(out) + "\n"


def ingest_text(result: IngestResult) -> str:
    dkim = ", ".join(f"{k} {v}" for k, v in sorted(result.dkim.items())) or "-"
    lines = [
        f"Took in {result.instructions} instruction(s) from {result.messages} message(s);"
        f" {result.known} already in the log. DKIM: {dkim}."
    ]
    if result.dkim.get("temperror"):
        lines.append("DNS was unreachable for some signatures: run `mailaudit evidence verify --dkim` later.")
    for source, reason in result.refused:
        lines.append(f"Not taken in: {source}: {reason} (only sent mail is evidence).")
    if result.failed:
        lines.append(f"Extraction failed on {result.failed} message(s) (kept in evidence_problems).")
    return "\n".join(lines) + "\n"


__all__ = ["hits_text", "ingest_text", "show_text", "slots_text", "verify_text", "window"]
