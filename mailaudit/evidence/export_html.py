"""The readable page of an evidence bundle: one self-contained HTML file (inline
CSS, no script, no external resource), meant for someone who was not there."""

from __future__ import annotations

from html import escape
from typing import Any

from .dkim_check import OUTSIDE, dkim_notes

_CSS = """
body{font:15px/1.5 -apple-system,"Segoe UI",Roboto,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
 color:#1d2330;margin:0;background:#f4f5f7}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
h3{font-size:16px;margin:0 0 8px}
.sub{color:#5b6475;margin:0 0 16px}
.banner{padding:12px 16px;border-radius:6px;margin:16px 0;font-weight:600}
.ok{background:#e3f4e8;color:#17632f;border:1px solid #a9d8b6}.bad{background:#fde8e8;color:#8a1c1c;border:1px solid #f0b4b4}
.card{background:#fff;border:1px solid #d5d9e0;border-radius:8px;padding:16px 18px;margin:14px 0;overflow-x:auto}
.nw{white-space:nowrap}.small{font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e6e9ee}
th{background:#f0f2f5;font-weight:600;color:#3a4252}
.tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}
.placed{background:#e0ecff;color:#1f4fa3}.added{background:#e6f6ec;color:#1d6b3b}.changed{background:#fff1d6;color:#8a5a00}
.extended{background:#efe6ff;color:#5a2ea6}.cancelled{background:#fde3e3;color:#9b1c1c}
.pass,.as-instructed,.confirmed{background:#e3f4e8;color:#17632f}.fail,.differs,.permerror{background:#fde3e3;color:#9b1c1c}
.none,.not-found,.temperror{background:#eceef2;color:#4a5263}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.quote{border-left:3px solid #c4cad4;padding:4px 12px;margin:8px 0;color:#2c3342;background:#fafbfc;white-space:pre-wrap}
.muted{color:#6b7385}dl{display:grid;grid-template-columns:110px 1fr;gap:2px 12px;margin:8px 0}dt{color:#5b6475}dd{margin:0}
details summary{cursor:pointer;color:#1f4fa3}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _window(start: str | None, end: str | None, sep: str = " ") -> str:
    if start and end:
        return f"{_e(start)}{sep}→ {_e(end)}"
    if start:
        return f"from {_e(start)}"
    if end:
        return f"until {_e(end)}"
    return '<span class="muted">no dates</span>'


def _slots(slots: list[dict[str, str]]) -> str:
    if not slots:
        return '<span class="muted">all slots</span>'
    def same(s: dict[str, str]) -> bool:  # "homepage banner" needs no "(homepage-banner)"
        return (s.get("text") or "").lower().replace(" ", "-") == s.get("slot")

    return ", ".join(
        _e(s.get("text")) if same(s) else f"{_e(s.get('text'))} <span class=muted>({_e(s.get('slot'))})</span>"
        for s in slots
    )


def _tag(text: str, cls: str | None = None) -> str:
    return f'<span class="tag {_e(cls or text.split()[0])}">{_e(text)}</span>'


def _people(items: list[str]) -> str:
    return "<br>".join(_e(p) for p in items) if items else '<span class="muted">nobody</span>'


def _confirmation_row(c: dict[str, Any], columns: int) -> str:
    who = " <span class=muted>(operations group)</span>" if c.get("from_ops") else ""
    answers = ", ".join(f"#{i}" for i in c.get("replies_to") or [])
    return (
        "<tr>"
        f"<td class=nw>{_e((c['date'] or '?')[:10])}<br>{_e((c['date'] or '')[11:16])}</td>"
        f"<td>{_tag('confirmed')}{'<br><span class=muted>answers ' + _e(answers) + '</span>' if answers else ''}</td>"
        f"<td colspan=2>“{_e(c['excerpt'])}”</td>"
        f"<td class=small>{_e(c['sender'])}{who}</td>"
        f"<td colspan={columns - 5}></td></tr>"
    )


def _timeline(thread: dict[str, Any], records: dict[int, dict[str, Any]], recon: dict[int, dict[str, Any]]) -> str:
    rows: list[tuple[str, str]] = []  # (UTC date, row): instructions and confirmations in date order
    heads = ["Sent", "What", "Slots", "Window", "From", "To / Cc", "DKIM", *(["Configured"] if recon else [])]
    for event in thread["timeline"]:
        rec = records.get(event["id"], {})
        head = rec.get("headers", {})
        dkim = (rec.get("dkim") or {}).get("result", "?")
        if rec.get("dkim_signed") is False:
            dkim += " — outside the DKIM-signed text"
        status = recon.get(event["id"], {}).get("status")
        amends = ", ".join(f"#{i}" for i in event["amends"])
        rows.append((event.get("date_utc") or "", (
            "<tr>"
            f"<td class=nw><a href='#r{event['id']}'>#{event['id']}</a> {_e((event['date'] or '?')[:10])}"
            f"<br>{_e((event['date'] or '')[11:16])}</td>"
            f"<td>{_tag(event['label'])}{'<br><span class=muted>amends ' + _e(amends) + '</span>' if amends else ''}</td>"
            f"<td>{_slots(event['slots'])}</td>"
            f"<td class=nw>{_window(event['start'], event['end'], '<br>')}</td>"
            f"<td class=small>{_e(head.get('from') or event.get('requester'))}</td>"
            f"<td class=small>{_people(head.get('to') or [])}"
            f"{'<br><span class=muted>Cc</span> ' + _people(head.get('cc')) if head.get('cc') else ''}</td>"
            f"<td>{_tag(dkim)}</td>"
            + (f"<td>{_tag(status) if status else ''}</td>" if recon else "")
            + "</tr>"
        )))
    for c in thread.get("confirmations") or []:
        rows.append((c.get("date_utc") or "", _confirmation_row(c, len(heads))))
    rows.sort(key=lambda r: r[0])
    subject = thread["timeline"][0]["subject"] if thread["timeline"] else ""
    advertiser = next((e["advertiser"] for e in thread["timeline"] if e.get("advertiser")), None)
    return (
        f'<div class="card"><h3>{_e(advertiser or "Unknown advertiser")} — {_e(subject)}</h3>'
        "<table><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>" + "".join(r for _, r in rows)
        + "</table></div>"
    )


def _record(rec: dict[str, Any], recon: dict[int, dict[str, Any]]) -> str:
    r, head, proof = rec["record"], rec["headers"], rec["proof"]
    dkim = rec.get("dkim") or {}
    dkim_line = _tag(dkim.get("result", "?"))
    if dkim.get("domain"):
        dkim_line += f" signed by <b>{_e(dkim['domain'])}</b> (selector {_e(dkim.get('selector'))})"
    if dkim.get("reason"):
        dkim_line += f" <span class=muted>{_e(dkim['reason'])}</span>"
    for note in dkim_notes(dkim, rec.get("dkim_signed")):
        strong = note.startswith(("NOT", "this instruction lies outside"))
        dkim_line += f"<br>{'<b>' if strong else ''}{_e(note)}{'</b>' if strong else ''}"
    chain_ok = proof["entry_ok"] and proof["links_ok"] and proof["record_matches_entry"]
    parts = [
        f'<div class="card" id="r{rec["id"]}"><h3>Record #{rec["id"]}: {_tag(rec["label"])} {_slots(r.get("slots") or [])}</h3>',
        "<dl>",
        f"<dt>Window</dt><dd>{_window(r.get('start'), r.get('end'))}"
        + (f" <span class=muted>(written: “{_e(r['window_text'])}”)</span>" if r.get("window_text") else "") + "</dd>",
        f"<dt>Advertiser</dt><dd>{_e(rec.get('advertiser') or '?')}</dd>",
        *(f"<dt>{k.title()}</dt><dd>{_e(r[k])}</dd>" for k in ("campaign", "creative") if r.get(k)),
        f"<dt>From</dt><dd>{_e(head.get('from'))}</dd>",
        f"<dt>To</dt><dd>{_people(head.get('to') or [])}</dd>",
        f"<dt>Cc</dt><dd>{_people(head.get('cc') or [])}</dd>",
        f"<dt>Date</dt><dd>{_e(head.get('date'))}</dd>",
        f"<dt>Subject</dt><dd>{_e(head.get('subject'))}</dd>",
        f"<dt>Message-ID</dt><dd class=mono>{_e(head.get('message_id'))}</dd>",
        f"<dt>Original</dt><dd class=mono>{_e(rec.get('eml'))}</dd>",
        "</dl>",
    ]
    if r.get("excerpt"):
        parts.append(f'<div class="quote">{_e(r["excerpt"])}</div>')
    if rec.get("body"):
        parts.append(f'<details><summary>The sender\'s full text</summary><div class="quote">{_e(rec["body"])}</div></details>')
    outcome = recon.get(rec["id"])
    if outcome:
        parts.append(f"<p>Ad server log: {_tag(outcome['status'])} {_operation(outcome.get('operation'))}</p>")
        for d in outcome.get("differences") or []:
            parts.append(f"<p class=muted>{_e(d['field'])}: asked <b>{_e(d['instructed'])}</b>, configured <b>{_e(d['configured'])}</b></p>")
    parts.append(
        "<dl>"
        f"<dt>Message hash</dt><dd class=mono>{_e(rec['sha256'])} {'✔ matches the original' if proof['hash_ok'] else '✘ DOES NOT MATCH'}</dd>"
        f"<dt>DKIM</dt><dd>{dkim_line}</dd>"
        f"<dt>Ledger</dt><dd>entry {proof['seq']} of {proof['head_seq']} {'✔ hash and links verified' if chain_ok else '✘ DOES NOT VERIFY'}"
        f"<br><span class=mono>{_e(proof['entry_hash'])}</span></dd>"
        "</dl></div>"
    )
    return "".join(parts)


def _operation(op: dict[str, Any] | None) -> str:
    if not op:
        return '<span class="muted">no matching operation</span>'
    return (
        f"line {_e(op.get('line'))}: {_e(op.get('action'))} {_e(op.get('slot'))} for {_e(op.get('advertiser'))}"
        f" {_window(op.get('start'), op.get('end'))} by {_e(op.get('operator'))} at {_e(op.get('time'))}"
    )


def _reconciliation(data: dict[str, Any]) -> str:
    s = data["summary"]
    rows = []
    for item in data["instructions"]:
        ins = item["instruction"]
        diffs = "; ".join(
            f"{_e(d['field'])}: asked {_e(d['instructed'])}, configured {_e(d['configured'])}"
            for d in item.get("differences") or []
        )
        rows.append(
            f"<tr><td><a href='#r{item['id']}'>#{item['id']}</a></td><td>{_tag(item['status'])}</td>"
            f"<td>{_e(ins.get('action'))} {_slots(ins.get('slots') or [])} {_window(ins.get('start'), ins.get('end'))}</td>"
            f"<td>{_operation(item.get('operation'))}</td><td>{diffs}</td></tr>"
        )
    unasked = "".join(f"<li>{_operation(op)}</li>" for op in data.get("operations_without_instruction") or [])
    return (
        f"<h2>Compared with the ad server's operation log</h2>"
        f"<p class=sub>{_e(data.get('oplog') or '')}: {s['as-instructed']} as instructed, {s['differs']} differ,"
        f" {s['not-found']} not found; {s['operations_without_instruction']} operation(s) with no instruction behind them.</p>"
        '<div class="card"><table><tr><th>Record</th><th>Outcome</th><th>Asked</th><th>Configured (log)</th><th>Differences</th></tr>'
        + "".join(rows) + "</table>"
        + (f"<h3 style='margin-top:14px'>Operations with no instruction behind them</h3><ul>{unasked}</ul>" if unasked else "")
        + "</div>"
    )


def _dkim_warnings(records: list[dict[str, Any]]) -> list[str]:
    """What would make a DKIM pass read as more than it is, said plainly."""
    out = []
    outside = [f"#{r['id']}" for r in records if r.get("dkim_signed") is False]
    if outside:
        out.append(f"<p><b>{len(outside)} instruction(s) lie {_e(OUTSIDE)}</b> ({_e(', '.join(outside))}):"
                   " the signature covers only the first part of the body (l=), and these were written after it.</p>")
    unaligned = [f"#{r['id']}" for r in records if (r.get("dkim") or {}).get("result") == "pass"
                 and (r.get("dkim") or {}).get("aligned") == "no"]
    if unaligned:
        out.append(f"<p><b>{len(unaligned)} record(s) signed by a domain other than the sender's</b>"
                   f" ({_e(', '.join(unaligned))}): the signature is valid, but does not vouch for the From address.</p>")
    return out


def summary_html(document: dict[str, Any], reconciliation: dict[str, Any] | None, proof_ok: bool) -> str:
    records = {r["id"]: r for r in document["records"]}
    recon = {item["id"]: item for item in (reconciliation or {}).get("instructions", [])}
    advertisers = sorted({r["advertiser"] for r in document["records"] if r.get("advertiser")})
    dkim = {}
    for r in document["records"]:
        result = (r.get("dkim") or {}).get("result", "?")
        dkim[result] = dkim.get(result, 0) + 1
    banner = (
        '<div class="banner ok">✔ Every message is byte-identical to what was received, and every record'
        " matches its entry in the hash-chained evidence log.</div>"
        if proof_ok
        else '<div class="banner bad">✘ Some proof does not verify: see the records marked below.</div>'
    )
    head = document["head"]
    body = [
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>",
        '<meta name=viewport content="width=device-width,initial-scale=1">',
        f"<title>Placement instructions — {_e(', '.join(advertisers) or 'evidence')}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>Placement instructions: {_e(', '.join(advertisers) or 'unknown advertiser')}</h1>",
        f"<p class=sub>{len(records)} instruction(s) in {len(document['threads'])} thread(s), exported {_e(document['exported_at'])}"
        + (f" for “{_e(document['query'])}”" if document.get("query") else "") + ".</p>",
        banner,
        "<p>DKIM: " + ", ".join(f"{_tag(k)} {v}" for k, v in sorted(dkim.items())) +
        " <span class=muted>(pass: the sending domain's signature verifies over these exact bytes; none: the mail was not signed)</span></p>",
        *_dkim_warnings(document["records"]),
        "<h2>Timeline</h2>",
        *(_timeline(t, records, recon) for t in document["threads"]),
    ]
    if reconciliation is not None:
        body.append(_reconciliation(reconciliation))
    body.append("<h2>The records</h2>")
    body.extend(_record(r, recon) for r in document["records"])
    body.append(
        "<h2>How to check this</h2><div class=card><p>The original messages are in <code>messages/</code>,"
        " unchanged. Their SHA-256 hashes, the records and the ledger entries are in <code>records.json</code>"
        " and <code>chain.json</code>; <code>python3 verify_bundle.py</code> recomputes all of them.</p>"
        f"<p>Evidence log head at export: entry {head['seq']}, <span class=mono>{_e(head['hash'])}</span></p></div>"
    )
    body.append("</main></body></html>\n")
    return "".join(body)


__all__ = ["summary_html"]
