"""The readable page of an evidence bundle (summary.html), in Chinese or English:
one self-contained HTML file (inline CSS, no script, no external resource),
meant for someone who was not there. evidence.export writes the bundle and
takes this page from its caller (the CLI, the web page), since evidence/ is
below output/ (docs/architecture.md)."""

from __future__ import annotations

from html import escape
from typing import Any

from ..evidence.dkim_check import dkim_notes
from .i18n import t, template_key, translate

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


def _w(text: str) -> str:
    """Words of the page (element content, never an attribute): quotes stay as they are."""
    return escape(text, quote=False)


def _window(start: str | None, end: str | None, lang: str, sep: str = " ") -> str:
    if start and end:
        return f"{_e(start)}{sep}→ {_e(end)}"
    if start:
        return _w(t("xh-from", lang, date=start))
    if end:
        return _w(t("xh-until", lang, date=end))
    return f'<span class="muted">{_w(t("xh-no-dates", lang))}</span>'


def _slots(slots: list[dict[str, str]], lang: str) -> str:
    if not slots:
        return f'<span class="muted">{_w(t("xh-all-slots", lang))}</span>'
    def same(s: dict[str, str]) -> bool:  # "homepage banner" needs no "(homepage-banner)"
        return (s.get("text") or "").lower().replace(" ", "-") == s.get("slot")

    return ", ".join(
        _e(s.get("text")) if same(s) else f"{_e(s.get('text'))} <span class=muted>({_e(s.get('slot'))})</span>"
        for s in slots
    )


def _tag(text: str, cls: str | None = None, shown: str | None = None) -> str:
    """A status tag: its class from the English id, its text in the reader's language."""
    return f'<span class="tag {_e(cls or text.split()[0])}">{_e(shown or text)}</span>'


def _label(label: str, lang: str) -> str:
    return _tag(label, shown=translate(label, lang, "label-"))


def _people(items: list[str], lang: str) -> str:
    return "<br>".join(_e(p) for p in items) if items else f'<span class="muted">{_w(t("xh-nobody", lang))}</span>'


def _confirmation_row(c: dict[str, Any], columns: int, lang: str) -> str:
    who = f" <span class=muted>{_w(t('xh-ops-group', lang))}</span>" if c.get("from_ops") else ""
    answers = ", ".join(f"#{i}" for i in c.get("replies_to") or [])
    answered = f"<br><span class=muted>{_w(t('xh-answers', lang, ids=answers))}</span>" if answers else ""
    return (
        "<tr>"
        f"<td class=nw>{_e((c['date'] or '?')[:10])}<br>{_e((c['date'] or '')[11:16])}</td>"
        f"<td>{_tag('confirmed', shown=t('xh-confirmed', lang))}{answered}</td>"
        f"<td colspan=2>“{_e(c['excerpt'])}”</td>"
        f"<td class=small>{_e(c['sender'])}{who}</td>"
        f"<td colspan={columns - 5}></td></tr>"
    )


def _timeline(thread: dict[str, Any], records: dict[int, dict[str, Any]], recon: dict[int, dict[str, Any]],
              lang: str) -> str:
    rows: list[tuple[str, str]] = []  # (UTC date, row): instructions and confirmations in date order
    heads = [t(k, lang) for k in ("xh-col-sent", "xh-col-what", "xh-col-slots", "xh-col-window", "xh-col-from",
                                  "xh-col-to", "xh-col-dkim")] + ([t("xh-col-configured", lang)] if recon else [])
    for event in thread["timeline"]:
        rec = records.get(event["id"], {})
        head = rec.get("headers", {})
        dkim = (rec.get("dkim") or {}).get("result", "?")
        dkim_shown = dkim + (t("xh-outside", lang) if rec.get("dkim_signed") is False else "")
        status = recon.get(event["id"], {}).get("status")
        amends = ", ".join(f"#{i}" for i in event["amends"])
        amended = f"<br><span class=muted>{_w(t('xh-amends', lang, ids=amends))}</span>" if amends else ""
        cc = f"<br><span class=muted>{_w(t('xh-cc', lang))}</span> {_people(head.get('cc'), lang)}" if head.get("cc") else ""
        rows.append((event.get("date_utc") or "", (
            "<tr>"
            f"<td class=nw><a href='#r{event['id']}'>#{event['id']}</a> {_e((event['date'] or '?')[:10])}"
            f"<br>{_e((event['date'] or '')[11:16])}</td>"
            f"<td>{_label(event['label'], lang)}{amended}</td>"
            f"<td>{_slots(event['slots'], lang)}</td>"
            f"<td class=nw>{_window(event['start'], event['end'], lang, '<br>')}</td>"
            f"<td class=small>{_e(head.get('from') or event.get('requester'))}</td>"
            f"<td class=small>{_people(head.get('to') or [], lang)}{cc}</td>"
            f"<td>{_tag(dkim, shown=dkim_shown)}</td>"
            + (f"<td>{_tag(status) if status else ''}</td>" if recon else "")
            + "</tr>"
        )))
    for c in thread.get("confirmations") or []:
        rows.append((c.get("date_utc") or "", _confirmation_row(c, len(heads), lang)))
    rows.sort(key=lambda r: r[0])
    subject = thread["timeline"][0]["subject"] if thread["timeline"] else ""
    advertiser = next((e["advertiser"] for e in thread["timeline"] if e.get("advertiser")), None)
    return (
        f'<div class="card"><h3>{_e(advertiser or t("xh-unknown-advertiser", lang))} — {_e(subject)}</h3>'
        "<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr>" + "".join(r for _, r in rows)
        + "</table></div>"
    )


def _record(rec: dict[str, Any], recon: dict[int, dict[str, Any]], lang: str) -> str:
    r, head, proof = rec["record"], rec["headers"], rec["proof"]
    dkim = rec.get("dkim") or {}
    dkim_line = _tag(dkim.get("result", "?"))
    if dkim.get("domain"):
        dkim_line += t("xh-signed-by", lang, domain=f"<b>{_e(dkim['domain'])}</b>", selector=_e(dkim.get("selector")))
    if dkim.get("reason"):
        dkim_line += f" <span class=muted>{_e(translate(dkim['reason'], lang, 'dkim-'))}</span>"
    for note in dkim_notes(dkim, rec.get("dkim_signed")):
        found = template_key(note, "dkim-")
        strong = found is not None and found[0] in ("dkim-not-aligned", "dkim-outside")
        shown = _e(translate(note, lang, "dkim-"))
        dkim_line += f"<br>{'<b>' if strong else ''}{shown}{'</b>' if strong else ''}"
    chain_ok = proof["entry_ok"] and proof["links_ok"] and proof["record_matches_entry"]

    def row(key: str, value: str, cls: str = "") -> str:
        return f"<dt>{_w(t(key, lang))}</dt><dd{cls}>{value}</dd>"

    written = f" <span class=muted>{_w(t('xh-written', lang, text=r['window_text']))}</span>" if r.get("window_text") else ""
    parts = [
        f'<div class="card" id="r{rec["id"]}"><h3>{_w(t("xh-record", lang, id=rec["id"]))} {_label(rec["label"], lang)} '
        f'{_slots(r.get("slots") or [], lang)}</h3>',
        "<dl>",
        *([row("xh-moved-from", _slots(r["moved_from"], lang))] if r.get("moved_from") else []),
        row("xh-col-window", _window(r.get("start"), r.get("end"), lang) + written),
        row("xh-advertiser", _e(rec.get("advertiser") or "?")),
        *(row("xh-campaign" if k == "campaign" else "xh-creative", _e(r[k])) for k in ("campaign", "creative")
          if r.get(k)),
        row("xh-col-from", _e(head.get("from"))),
        row("xh-to", _people(head.get("to") or [], lang)),
        row("xh-cc", _people(head.get("cc") or [], lang)),
        row("xh-date", _e(head.get("date"))),
        row("xh-subject", _e(head.get("subject"))),
        f"<dt>Message-ID</dt><dd class=mono>{_e(head.get('message_id'))}</dd>",
        row("xh-original", _e(rec.get("eml")), " class=mono"),
        "</dl>",
    ]
    if r.get("excerpt"):
        parts.append(f'<div class="quote">{_e(r["excerpt"])}</div>')
    if rec.get("body"):
        parts.append(f'<details><summary>{_w(t("xh-full-text", lang))}</summary><div class="quote">{_e(rec["body"])}</div></details>')
    outcome = recon.get(rec["id"])
    if outcome:
        parts.append(f"<p>{_w(t('xh-ad-server-log', lang))}{_tag(outcome['status'])} {_operation(outcome.get('operation'), lang)}</p>")
        for d in outcome.get("differences") or []:
            parts.append("<p class=muted>" + t("xh-asked-configured", lang, field=_e(d["field"]),
                                               asked=f"<b>{_e(d['instructed'])}</b>",
                                               configured=f"<b>{_e(d['configured'])}</b>") + "</p>")
    hash_ok = t("xh-hash-ok" if proof["hash_ok"] else "xh-hash-bad", lang)
    chain = t("xh-chain-ok" if chain_ok else "xh-chain-bad", lang)
    parts.append(
        "<dl>"
        + row("xh-message-hash", f"{_e(rec['sha256'])} {_e(hash_ok)}", " class=mono")
        + row("xh-col-dkim", dkim_line)
        + row("xh-ledger", f"{_w(t('xh-entry-of', lang, seq=proof['seq'], head=proof['head_seq']))} {_e(chain)}"
              f"<br><span class=mono>{_e(proof['entry_hash'])}</span>")
        + "</dl></div>"
    )
    return "".join(parts)


def _operation(op: dict[str, Any] | None, lang: str) -> str:
    if not op:
        return f'<span class="muted">{_w(t("xh-no-operation", lang))}</span>'
    return t("xh-operation", lang, line=_e(op.get("line")), action=_e(op.get("action")), slot=_e(op.get("slot")),
             advertiser=_e(op.get("advertiser")), window=_window(op.get("start"), op.get("end"), lang),
             operator=_e(op.get("operator")), time=_e(op.get("time")))


def _reconciliation(data: dict[str, Any], lang: str) -> str:
    s = data["summary"]
    rows = []
    for item in data["instructions"]:
        ins = item["instruction"]
        diffs = t("list-separator", lang).join(
            t("xh-asked-configured", lang, field=_e(d["field"]), asked=_e(d["instructed"]), configured=_e(d["configured"]))
            for d in item.get("differences") or []
        )
        rows.append(
            f"<tr><td><a href='#r{item['id']}'>#{item['id']}</a></td><td>{_tag(item['status'])}</td>"
            f"<td>{_e(ins.get('action'))} {_slots(ins.get('slots') or [], lang)} {_window(ins.get('start'), ins.get('end'), lang)}</td>"
            f"<td>{_operation(item.get('operation'), lang)}</td><td>{diffs}</td></tr>"
        )
    unasked = "".join(f"<li>{_operation(op, lang)}</li>" for op in data.get("operations_without_instruction") or [])
    heads = "".join(f"<th>{_w(t(k, lang))}</th>" for k in ("xh-col-record", "xh-col-outcome", "xh-col-asked",
                                                           "xh-col-configured-log", "xh-col-differences"))
    return (
        f"<h2>{_w(t('xh-compared', lang))}</h2>"
        "<p class=sub>" + _w(t("xh-recon-summary", lang, oplog=data.get("oplog") or "", ok=s["as-instructed"],
                                differs=s["differs"], missing=s["not-found"],
                                unasked=s["operations_without_instruction"])) + "</p>"
        f'<div class="card"><table><tr>{heads}</tr>'
        + "".join(rows) + "</table>"
        + (f"<h3 style='margin-top:14px'>{_w(t('xh-unasked', lang))}</h3><ul>{unasked}</ul>" if unasked else "")
        + "</div>"
    )


def _dkim_warnings(records: list[dict[str, Any]], lang: str) -> list[str]:
    """What would make a DKIM pass read as more than it is, said plainly."""
    out = []
    outside = [f"#{r['id']}" for r in records if r.get("dkim_signed") is False]
    if outside:
        out.append("<p>" + t("xh-warn-outside", lang, n=len(outside), ids=_e(", ".join(outside))) + "</p>")
    unaligned = [f"#{r['id']}" for r in records if (r.get("dkim") or {}).get("result") == "pass"
                 and (r.get("dkim") or {}).get("aligned") == "no"]
    if unaligned:
        out.append("<p>" + t("xh-warn-unaligned", lang, n=len(unaligned), ids=_e(", ".join(unaligned))) + "</p>")
    return out


def summary_html(document: dict[str, Any], reconciliation: dict[str, Any] | None, proof_ok: bool,
                 lang: str = "en") -> str:
    records = {r["id"]: r for r in document["records"]}
    recon = {item["id"]: item for item in (reconciliation or {}).get("instructions", [])}
    advertisers = sorted({r["advertiser"] for r in document["records"] if r.get("advertiser")})
    dkim = {}
    for r in document["records"]:
        result = (r.get("dkim") or {}).get("result", "?")
        dkim[result] = dkim.get(result, 0) + 1
    banner = (
        f'<div class="banner ok">{_w(t("xh-banner-ok", lang))}</div>'
        if proof_ok
        else f'<div class="banner bad">{_w(t("xh-banner-bad", lang))}</div>'
    )
    head = document["head"]
    names = t("list-separator", lang).join(advertisers)
    query = t("xh-for-query", lang, query=document["query"]) if document.get("query") else ""
    body = [
        f"<!DOCTYPE html><html lang={'zh-CN' if lang == 'zh' else 'en'}><head><meta charset=utf-8>",
        '<meta name=viewport content="width=device-width,initial-scale=1">',
        f"<title>{_w(t('xh-title', lang, advertisers=names or t('xh-evidence', lang)))}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_w(t('xh-heading', lang, advertisers=names or t('xh-unknown-advertiser', lang)))}</h1>",
        "<p class=sub>" + _w(t("xh-counts", lang, records=len(records), threads=len(document["threads"]),
                                at=document["exported_at"], query=query)) + "</p>",
        banner,
        "<p>DKIM: " + ", ".join(f"{_tag(k)} {v}" for k, v in sorted(dkim.items()))
        + f" <span class=muted>{_w(t('xh-dkim-legend', lang))}</span></p>",
        *_dkim_warnings(document["records"], lang),
        f"<h2>{_w(t('xh-timeline', lang))}</h2>",
        *(_timeline(th, records, recon, lang) for th in document["threads"]),
    ]
    if reconciliation is not None:
        body.append(_reconciliation(reconciliation, lang))
    body.append(f"<h2>{_w(t('xh-records', lang))}</h2>")
    body.extend(_record(r, recon, lang) for r in document["records"])
    body.append(
        f"<h2>{_w(t('xh-how-to-check', lang))}</h2><div class=card><p>{t('xh-how-to-check-text', lang)}</p>"
        f"<p>{_w(t('xh-head', lang, seq=head['seq']))}<span class=mono>{_e(head['hash'])}</span></p></div>"
    )
    body.append("</main></body></html>\n")
    return "".join(body)


__all__ = ["summary_html"]
