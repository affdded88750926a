"""Findings pages: scanned mail browsed by rule, level, sender, folder and week;
one message with its findings marked in its text and each rule explained in
the reader's language; the team report with every row reachable by paging."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from ..config import LEVELS, Settings
from ..store.browse import (
    MailFilter,
    count_mail,
    mail_choices,
    mail_detail,
    page_mail,
    sender_emails,
    senders,
)
from .app import WebConfig, WebError, render
from .charts import sender_bars, sparkline, weekly_bars
from .marks import locate, runs

PAGE_SIZE = 50
REPORT_PAGE = 25
SHA256 = re.compile(r"[0-9a-f]{64}")
TEXT_PARTS = ("subject", "body", "signature")


def _zone(settings: Settings) -> ZoneInfo:
    name = settings.section("workflow").get("timezone") or "UTC"
    try:
        return ZoneInfo(name)
    except Exception:
        raise WebError(500, f"workflow.timezone: unknown timezone '{name}'") from None


def _utc(day: date, zone: ZoneInfo) -> str:
    return datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(name: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WebError(400, f"{name} {value!r}: not a date (use YYYY-MM-DD)") from None


def _page(request: Request, name: str = "page") -> int:
    value = request.query_params.get(name, "1")
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        raise WebError(400, f"{name} {value!r}: not a page number")
    return int(value)


def mail_filter(request: Request, settings: Settings) -> tuple[MailFilter, dict[str, str]]:
    """The filter the query asks for; `week` is a Monday in the workflow timezone."""
    form = {k: (request.query_params.get(k) or "").strip()
            for k in ("q", "rule", "level", "sender", "folder", "week", "since", "until")}
    if form["level"] and form["level"] not in LEVELS:
        raise WebError(400, f"level {form['level']!r} is not one of {', '.join(LEVELS)}")
    zone = _zone(settings)
    lo, hi = _day("since", form["since"]), _day("until", form["until"])
    week = _day("week", form["week"])
    if week:
        week = week - timedelta(days=week.weekday())
        form["week"] = week.isoformat()
        lo, hi = max(filter(None, (lo, week))), min(filter(None, (hi, week + timedelta(days=6))))
    f = MailFilter(text=form["q"], rule=form["rule"] or None, level=form["level"] or None,
                   sender=form["sender"] or None, folder=form["folder"] or None,
                   since=_utc(lo, zone) if lo else None,
                   until=_utc(hi + timedelta(days=1), zone) if hi else None)
    return f, form


def _cached(request: Request, key: str, make, seconds: float = 60):
    """`make()`, kept `seconds`: counts over the whole store change only with a scan."""
    cache = request.app.state.cache
    hit = cache.get(key)
    if hit and time.monotonic() - hit[0] < seconds:
        return hit[1]
    value = make()
    cache[key] = (time.monotonic(), value)
    return value


def mail_list(request: Request) -> Response:
    config: WebConfig = request.app.state.config
    db = request.app.state.stores.get().db
    f, form = mail_filter(request, config.settings)
    if f.sender:
        f.sender_emails = sender_emails(_cached(request, "senders", lambda: senders(db)), f.sender)
    page = _page(request)
    total = count_mail(db, f)
    rows = page_mail(db, f, (page - 1) * PAGE_SIZE, PAGE_SIZE, total)
    choices = _cached(request, "choices", lambda: mail_choices(db))
    pages = max(1, -(-total // PAGE_SIZE))
    data = {"query": form, "page": page, "pages": pages, "total": total, "results": [r.to_dict() for r in rows]}
    context = {"form": form, "rows": rows, "total": total, "page": page, "pages": pages,
               "choices": choices, "levels": LEVELS}
    return render(request, "mail_list.html", context, data)


_LINTERS: dict[int, Any] = {}


def _linter(settings: Settings):
    """One Linter per Settings (loading the rule files once), for their docs."""
    from ..engine.linter import Linter

    if id(settings) not in _LINTERS:
        _LINTERS[id(settings)] = Linter(settings)
    return _LINTERS[id(settings)]


def explain(settings: Settings, rule_id: str, lang: str) -> dict[str, Any] | None:
    """The rule's own doc (what, why, example, fix) in `lang`, as `rules explain` prints it."""
    from ..output.rules_text import explain_dict

    rule = _linter(settings).rule(rule_id)
    return explain_dict(rule, lang) if rule else None


def _attachment_lines(attachments: list[dict[str, Any]]) -> str:
    return "\n".join(f"{a.get('filename') or '(no name)'}  ({a.get('content_type', '?')}, {a.get('size', 0)} B)"
                     for a in attachments)


def marked_parts(msg: dict[str, Any]) -> dict[str, list]:
    """Subject, body, signature and attachments as runs, each finding marked
    where it is (its span when it holds the excerpt, else where the excerpt is)."""
    texts = {"subject": msg["subject"], "body": msg["body"], "signature": msg["signature"],
             "attachments": _attachment_lines(msg["attachments"])}
    marks: dict[str, list] = {k: [] for k in texts}
    for n, finding in enumerate(msg["findings"], 1):
        part = finding["part"] if finding["part"] in texts else None
        span = (finding["span_start"], finding["span_end"]) if finding["span_start"] is not None else None
        if part is None:
            finding["where"] = None
            continue
        found = locate(texts[part], span, finding["excerpt"] or "")
        finding["where"] = part if found else None
        if found:
            marks[part].append((*found, f"lv-{finding['level']}", f"[{n}] {finding['rule']}"))
    return {k: runs(texts[k], marks[k]) for k in texts}


def mail_message(request: Request) -> Response:
    config: WebConfig = request.app.state.config
    sha = request.path_params["sha256"]
    if not SHA256.fullmatch(sha):
        raise WebError(404, f"{sha[:80]!r}: not a message hash")
    msg = mail_detail(request.app.state.stores.get().db, sha)
    if msg is None:
        raise WebError(404, f"no stored message {sha[:12]}…")
    parts = marked_parts(msg)
    lang = request.state.lang
    rules = sorted({f["rule"] for f in msg["findings"]} | {f["rule"] for f in msg["history_findings"]})
    explained = {r: explain(config.settings, r, lang) for r in rules}
    data = {**{k: v for k, v in msg.items()}, "explanations": explained}
    context = {"m": msg, "parts": parts, "explained": explained}
    return render(request, "mail_message.html", context, data)


def _report(request: Request, since: date | None, until: date | None):
    """The report, kept a minute: history rules are evaluated afresh, which
    costs seconds on a big store and changes only with time."""
    from ..output.report import build_report

    config: WebConfig = request.app.state.config
    return _cached(request, f"report {since} {until}", lambda: build_report(
        request.app.state.stores.get(), config.settings, since=since, until=until, top_senders=10**9))


def _slice(items: list, page: int) -> tuple[list, int]:
    pages = max(1, -(-len(items) // REPORT_PAGE))
    return items[(page - 1) * REPORT_PAGE: page * REPORT_PAGE], pages


def report_page(request: Request) -> Response:
    since = _day("since", (request.query_params.get("since") or "").strip())
    until = _day("until", (request.query_params.get("until") or "").strip())
    if since and until and since > until:
        raise WebError(400, f"since {since} is after until {until}")
    report = _report(request, since, until)
    pr, ps, ph = _page(request, "rp"), _page(request, "sp"), _page(request, "hp")
    rules, rule_pages = _slice(report.by_rule, pr)
    senders, sender_pages = _slice(report.by_sender, ps)
    history, history_pages = _slice(report.history, ph)
    data = report.to_dict()
    context = {
        "r": report, "rules": rules, "senders": senders, "history": history,
        "pages": {"rp": (pr, rule_pages), "sp": (ps, sender_pages), "hp": (ph, history_pages)},
        "chart": weekly_bars(report), "bars": sender_bars(senders),
        "sparks": [sparkline(x.weekly) for x in rules],
        "since": since.isoformat() if since else "", "until": until.isoformat() if until else "",
    }
    return render(request, "report.html", context, data)


__all__ = ["explain", "mail_filter", "mail_list", "mail_message", "marked_parts", "report_page"]
