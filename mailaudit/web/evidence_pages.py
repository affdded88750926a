"""Evidence pages: search, one record (instruction, recipients, marked text,
thread timeline, proof, reconciliation) and its downloads. Everything is read
through mailaudit.evidence (lookup, export, reconcile), as the CLI does."""

from __future__ import annotations

import re
import shutil
import tempfile
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..errors import MailauditError
from ..evidence.lookup import Query, instruction_row, search, show
from ..extract.model import ACTIONS
from ..store.browse import has_evidence_log
from .app import WebConfig, WebError, render
from .i18n import t
from .marks import locate, runs, words_in

PAGE_SIZE = 50
FIELDS = ("q", "advertiser", "slot", "sender", "since", "until")


def _page_number(request: Request) -> int:
    value = request.query_params.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise WebError(400, f"page {value!r}: not a page number")
    return int(value)


def evidence_search(request: Request) -> Response:
    config: WebConfig = request.app.state.config
    store = request.app.state.stores.get()
    form = {k: (request.query_params.get(k) or "").strip() for k in FIELDS}
    actions = [a for a in request.query_params.getlist("action") if a]
    unknown = [a for a in actions if a not in ACTIONS]
    if unknown:
        raise WebError(400, f"action {unknown[0]!r} is not one of {', '.join(ACTIONS)}")
    page = _page_number(request)
    hits, more, log = [], False, has_evidence_log(store.db)
    if log:
        query = Query(form["q"] or None, form["advertiser"] or None, form["slot"] or None,
                      form["sender"] or None, form["since"] or None, form["until"] or None,
                      actions, page * PAGE_SIZE + 1)
        found = search(store, query, config.settings)
        hits = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        more = len(found) > page * PAGE_SIZE
    data = {"query": {**form, "action": actions}, "page": page, "more": more,
            "evidence_log": log, "results": [h.to_dict() for h in hits]}
    context = {"form": form, "actions": actions, "all_actions": ACTIONS, "hits": hits, "page": page,
               "more": more, "evidence_log": log}
    return render(request, "evidence_search.html", context, data)


def _emails(people: list[str]) -> list[str]:
    return [email.lower() for _name, email in getaddresses(people) if email]


def ops_copied(headers: dict[str, Any], ops_group: list[str]) -> dict[str, Any]:
    """Which operations-group addresses were in To or Cc (None: no group configured)."""
    if not ops_group:
        return {"configured": False, "copied": None, "addresses": []}
    wanted = set(ops_group)
    found = [e for e in _emails([*headers.get("to", []), *headers.get("cc", [])]) if e in wanted]
    return {"configured": True, "copied": bool(found), "addresses": found}


def marked_body(data: dict[str, Any]) -> list:
    """The author's text, the instruction's sentence marked and within it the
    words it was read from (slots, window, advertiser, campaign)."""
    body, record = data["body"], data["record"]
    marks = []
    sentence = locate(body, record.get("span"), record.get("excerpt") or "")
    if sentence:
        marks.append((*sentence, "instr", ""))
        lo, hi = sentence
        words = [s.get("text") for s in (*record.get("slots", []), *record.get("moved_from", []))]
        words += [record.get(k) for k in ("window_text", "advertiser", "campaign")]
        marks += [(lo + a, lo + b, "word", "") for a, b in words_in(body[lo:hi], [w for w in words if w])]
    return runs(body, marks)


def _timeline(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Instructions and the confirmations that answer them, in date order."""
    items = [{"kind": "instruction", **e} for e in data["timeline"]]
    items += [{"kind": "confirmation", **c} for c in data["confirmations"]]
    return sorted(items, key=lambda i: (i.get("date_utc") or "", i["kind"] == "confirmation"))


def _operations(request: Request) -> list | None:
    """The configured operation log, read again only when the file changes."""
    config: WebConfig = request.app.state.config
    if config.oplog is None:
        return None
    from ..evidence.reconcile import read_oplog

    cache = request.app.state.cache
    mtime = config.oplog.stat().st_mtime_ns
    if cache.get("oplog_mtime") != mtime:
        cache["oplog"] = read_oplog(config.oplog, config.settings)
        cache["oplog_mtime"] = mtime
    return cache["oplog"]


def reconciliation(request: Request, data: dict[str, Any]) -> dict[str, Any] | None:
    operations = _operations(request)
    if operations is None:
        return None
    from ..evidence.reconcile_store import reconcile_stored

    ids = sorted({e["id"] for e in data["timeline"]} | {data["id"]})
    status = reconcile_stored(request.app.state.stores.get(), operations, ids).status_of()
    return status.get(data["id"])


def evidence_record(request: Request) -> Response:
    config: WebConfig = request.app.state.config
    record_id = request.path_params["record_id"]
    store = request.app.state.stores.get()
    if not has_evidence_log(store.db):
        raise WebError(404, t("no_evidence_log", request.state.lang))
    try:
        data = show(store, record_id, config.settings.ops_group)
    except MailauditError as exc:
        raise WebError(404, exc.line()) from None
    copied = ops_copied(data["headers"], config.settings.ops_group)
    recon = reconciliation(request, data)
    twin = {**data, "ops_copied": copied, "reconciliation": recon, "oplog_configured": config.oplog is not None}
    context = {"d": data, "body_runs": marked_body(data), "timeline": _timeline(data), "ops": copied,
               "recon": recon, "oplog": config.oplog is not None}
    return render(request, "evidence_record.html", context, twin)


def _row_or_404(request: Request) -> dict[str, Any]:
    store = request.app.state.stores.get()
    if not has_evidence_log(store.db):
        raise WebError(404, t("no_evidence_log", request.state.lang))
    try:
        return instruction_row(store, request.path_params["record_id"])
    except MailauditError as exc:
        raise WebError(404, exc.line()) from None


def evidence_eml(request: Request) -> Response:
    """The original message, byte for byte; always a download, never shown
    inline (a browser must not render the mail's HTML)."""
    row = _row_or_404(request)
    raw = request.app.state.stores.get().raw(row["sha256"])
    if raw is None:
        raise WebError(404, f"the original of record {row['id']} is not kept in this store")
    return Response(raw, media_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="evidence-{row["id"]}-{row["sha256"][:12]}.eml"'})


def evidence_bundle(request: Request) -> Response:
    """The same zip `mailaudit evidence export ID` writes (whole thread, proof,
    verify_bundle.py; with the reconciliation when an operation log is configured)."""
    from functools import partial

    from ..evidence.export import export_bundle
    from ..output.export_html import summary_html

    config: WebConfig = request.app.state.config
    row = _row_or_404(request)
    operations = _operations(request)
    folder = Path(tempfile.mkdtemp(prefix="mailaudit-web-"))
    try:
        out = folder / "bundle.zip"
        export_bundle(request.app.state.stores.get(), [row["id"]], out, operations=operations,
                      oplog_name=config.oplog.name if config.oplog else None, query=f"#{row['id']}",
                      ops_group=config.settings.ops_group,
                      summary=partial(summary_html, lang=request.state.lang))
        content = out.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    name = re.sub(r"[^0-9A-Za-z-]", "", f"evidence-{row['id']}")
    return Response(content, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}.zip"'})


__all__ = ["evidence_bundle", "evidence_eml", "evidence_record", "evidence_search", "marked_body", "ops_copied"]
