"""`mailaudit evidence ...`: the evidence log of ad-placement instructions.

`extract` reads instructions out of mail; `ingest`, `verify`, `search`, `show`
and `export` work on the evidence log in the audit store; `reconcile` compares
either with the ad server's operation log. Thin wrappers over
mailaudit.extract and mailaudit.evidence; exit statuses as everywhere
(docs/evidence.md), plus 6 when `verify` finds a mismatch.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from ..errors import ExitStatus
from ..extract.model import ACTIONS
from ..store.store import Store, resolve_db_path
from . import LANG_OPTION, SkipReport, lang_from, settings_from

FORMATS = click.Choice(["text", "json"])
DB_HELP = "Audit store (default: [store] path, else ~/.local/share/mailaudit/audit.db)."


def _db_path(ctx: click.Context, db: str | None) -> Path:
    return resolve_db_path(settings_from(ctx).section("store").get("path"), db)


def _store(ctx: click.Context, db: str | None, *, create: bool = False) -> Store:
    return Store.open(_db_path(ctx, db), create=create)


def _writer_lock(ctx: click.Context, db: str | None):
    """Commands that append to the log queue behind a running scan (its lock):
    two writers would race for the same next entry."""
    from ..scan.lock import ScanLock

    lock_path = settings_from(ctx).section("scan").get("lock_path")
    return ScanLock.for_db(_db_path(ctx, db), lock_path, wait=True)


def _dump(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _actions(values: tuple[str, ...]) -> list[str]:
    out = []
    for value in values:
        for part in value.split(","):
            part = part.strip().lower()
            if part and part not in ACTIONS:
                raise click.BadParameter(f"{part!r} is not one of {', '.join(ACTIONS)}", param_hint="--action")
            if part:
                out.append(part)
    return out


def _query_options(fn):
    """The filters shared by search and export."""
    for decorator in reversed((
        click.option("--advertiser", help="Advertiser (also an amendment's, inherited from its thread)."),
        click.option("--slot", help="Slot as written or its key: 开屏, splash, feed-3; 'feed' = every feed position."),
        click.option("--from", "sender", help="Sender name or address."),
        click.option("--since", help="Sent on or after this day (YYYY-MM-DD, UTC)."),
        click.option("--until", help="Sent on or before this day (YYYY-MM-DD, UTC)."),
        click.option("--action", "actions", multiple=True, help=f"One of {', '.join(ACTIONS)} (repeat, or comma-separate)."),
    )):
        fn = decorator(fn)
    return fn



@click.group("evidence")
def evidence_group() -> None:
    """Placement instructions found in mail: extract them, compare them with the ad server's log."""


def _paths(paths: tuple[str, ...]) -> tuple[str, ...]:
    if paths:
        return paths
    if sys.stdin.isatty():
        raise click.UsageError("give one or more paths, or - to read a message from stdin")
    return ("-",)


@evidence_group.command("extract")
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.option("--all", "all_messages", is_flag=True, help="Text output: list messages without instructions too.")
@LANG_OPTION
@click.pass_context
def extract_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, all_messages: bool,
                    lang: str | None) -> None:
    """Print the placement instructions in mail (.eml, drafts, mbox, Maildir, directories, - for stdin).

    JSON: one array, one object per message: {"source", "message_id",
    "instructions": [{"action", "slots": [{"text", "slot"}], "start", "end",
    "advertiser", "campaign", "creative"}]}.
    """
    from ..extract.extract import extract_paths
    from ..output.instructions_text import extract_json, extract_text

    skips = SkipReport(lang_from(ctx, lang))
    results = extract_paths(_paths(paths), settings_from(ctx), skips)
    if fmt == "json":
        click.echo(extract_json(results), nl=False)
    else:
        click.echo(extract_text(results, all_messages=all_messages, lang=lang_from(ctx, lang)), nl=False)
    ctx.exit(skips.status(ExitStatus.OK))


def _reconcile_mail(ctx: click.Context, oplog: str, paths: tuple[str, ...], fmt: str, lang: str) -> None:
    """`evidence reconcile OPLOG PATHS`: the instructions in that mail, not the log's."""
    from ..evidence.reconcile import read_oplog, reconcile
    from ..extract.extract import extract_paths
    from ..output.instructions_text import reconcile_json, reconcile_text

    settings = settings_from(ctx)
    operations = read_oplog(oplog, settings)
    if not paths:
        raise click.UsageError("give the mail to compare: one or more paths (files, mbox, Maildir, directories)")
    instructions = [i for _, found in extract_paths(paths, settings) for i in found]
    result = reconcile(instructions, operations)
    click.echo(reconcile_json(result) if fmt == "json" else reconcile_text(result, lang), nl=False)


@evidence_group.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=str)
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def ingest_cmd(ctx, paths, db, fmt, lang):
    """Take placement mail into the evidence log (.eml, mbox, Maildir, directories).

    Keeps the raw bytes and their SHA-256, verifies DKIM, records each
    instruction and chains it into the log. Mail already taken in adds nothing.
    """
    from ..evidence.ingest import ingest_paths
    from ..output.evidence_text import ingest_text

    settings = settings_from(ctx)
    _db_path(ctx, db).parent.mkdir(parents=True, exist_ok=True)
    from ..output.progress import TerminalProgress
    from ..sources.counting import count_messages

    show = sys.stderr.isatty()
    skips = SkipReport(lang_from(ctx, lang))
    with _writer_lock(ctx, db), _store(ctx, db, create=True) as store, \
            TerminalProgress("ingest", count_messages(list(paths)) if show else None, enabled=show) as progress:
        result = ingest_paths(store, list(paths), settings, on_mail=progress.advance, on_skip=skips)
    if fmt == "json":
        _dump(result.to_dict())
    else:
        click.echo(ingest_text(result, lang_from(ctx, lang)), nl=False)
    ctx.exit(skips.status(ExitStatus.OK))

@evidence_group.command("verify")
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--dkim", "recheck", is_flag=True,
              help="Verify every DKIM signature again, offline, against the key record kept at intake;"
                   " retry through DNS the messages whose key could not be fetched then (temperror).")
@click.option("--dkim-dns-now", "dns_now", is_flag=True,
              help="Also report what the keys DNS publishes today say (asks the configured resolver;"
                   " a rotated key is reported, never a mismatch).")
@click.option("--head", "expect_head", metavar="HASH", help="A head hash written down earlier: it must still be in the chain.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def verify_cmd(ctx, db, recheck, dns_now, expect_head, fmt, lang):
    """Recompute the hash chain, the hash of every message the log vouches
    for and every row it vouches for; name the first entry that does not match.

    Messages a scan stored without an instruction are not evidence and are
    not checked (their count is printed). Exit status 0 when intact, 6 on a mismatch.
    """
    from ..evidence.proof import verify_evidence
    from ..output.evidence_text import verify_text

    settings = settings_from(ctx)
    with contextlib.ExitStack() as stack:
        if recheck:
            stack.enter_context(_writer_lock(ctx, db))
        store = stack.enter_context(_store(ctx, db))
        report = verify_evidence(store, expect_head=expect_head, recheck_dkim=recheck,
                                 dkim_dns_now=dns_now, settings=settings)
    if fmt == "json":
        _dump(report.to_dict())
    else:
        click.echo(verify_text(report, lang_from(ctx, lang)), nl=False)
    if not report.ok:
        ctx.exit(int(ExitStatus.INTEGRITY))

@evidence_group.command("search")
@click.argument("text", required=False)
@_query_options
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="0 = no limit.")
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def search_cmd(ctx, text, advertiser, slot, sender, since, until, actions, limit, db, fmt, lang):
    """Find instructions: TEXT (Chinese or English) and/or filters. Newest first."""
    from ..evidence.lookup import Query, search
    from ..output.evidence_text import hits_text

    query = Query(text, advertiser, slot, sender, since, until, _actions(actions), limit or None)
    with _store(ctx, db) as store:
        hits = search(store, query, settings_from(ctx))
    if fmt == "json":
        _dump([h.to_dict() for h in hits])
    else:
        click.echo(hits_text(hits, query.limit, lang_from(ctx, lang)), nl=False)

@evidence_group.command("show")
@click.argument("record_id")
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def show_cmd(ctx, record_id, db, fmt, lang):
    """One record: what was asked, headers with To/Cc, the author's text, the thread, the proof."""
    from ..evidence.lookup import parse_id, show
    from ..output.evidence_text import show_text

    ops_group = settings_from(ctx).ops_group
    with _store(ctx, db) as store:
        data = show(store, parse_id(record_id), ops_group)
    if fmt == "json":
        _dump(data)
    else:
        click.echo(show_text(data, lang_from(ctx, lang)), nl=False)

@evidence_group.command("export")
@click.argument("selection", required=False, metavar="ID|QUERY")
@_query_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The zip to write.")
@click.option("--oplog", type=click.Path(exists=True, dir_okay=False), help="Ad server operation log to reconcile with.")
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def export_cmd(ctx, selection, advertiser, slot, sender, since, until, actions, output, oplog, db, fmt, lang):
    """Write a bundle for a dispute: original .eml files, records as JSON, the
    chain proof and a readable HTML summary (with the reconciliation when
    --oplog is given). ID is a record id (or several, comma-separated); a
    QUERY is searched like `evidence search`. Whole threads are included."""
    from ..evidence.export import export_bundle
    from ..evidence.lookup import Query, parse_id, search

    settings = settings_from(ctx)
    ids_given = selection and all(p.strip().lstrip("#").isdigit() for p in selection.split(","))
    filters = (advertiser, slot, sender, since, until, actions)
    if not selection and not any(filters):
        raise click.UsageError("give a record id, a query, or filters (--advertiser, --slot, ...)")
    operations = None
    if oplog:
        from ..evidence.reconcile import read_oplog

        operations = read_oplog(oplog, settings)
    with _store(ctx, db) as store:
        if ids_given:
            ids = [parse_id(p) for p in selection.split(",")]
        else:
            query = Query(selection, advertiser, slot, sender, since, until, _actions(actions), None)
            ids = [h.id for h in search(store, query, settings)]
        described = selection or Query(None, advertiser, slot, sender, since, until, _actions(actions)).describe()
        from functools import partial

        from ..output.export_html import summary_html

        lang = lang_from(ctx, lang)
        result = export_bundle(
            store, ids, output, operations=operations,
            oplog_name=Path(oplog).name if oplog else None, query=described,
            ops_group=settings.ops_group, summary=partial(summary_html, lang=lang),
        )
    if fmt == "json":
        _dump(result.to_dict())
    else:
        from ..output.i18n import t

        proof = t("ev-export-proof-ok" if result.proof_ok else "ev-export-proof-bad", lang)
        click.echo(t("ev-export", lang, path=result.path, records=len(result.records), threads=result.threads,
                     messages=result.messages, proof=proof))

@evidence_group.command("reconcile")
@click.argument("oplog", type=str)
@click.argument("paths", nargs=-1, type=str)
@click.option("--advertiser", help="Only instructions for this advertiser (from the evidence log).")
@click.option("--since", help="Only instructions sent on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Only instructions sent on or before this day (YYYY-MM-DD).")
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@LANG_OPTION
@click.pass_context
def reconcile_cmd(ctx, oplog, paths, advertiser, since, until, db, fmt, lang):
    """Compare instructions with the ad server's operation log OPLOG.

    With PATHS: the instructions in that mail. Without: the instructions in
    the evidence log (all, or --advertiser/--since/--until). Each is
    as-instructed, differs (field, both values) or not-found; operations no
    instruction asked for are listed after them (with --advertiser, only
    that advertiser's operations and those that name none).
    """
    if paths:
        _reconcile_mail(ctx, oplog, paths, fmt, lang_from(ctx, lang))
        return
    from ..evidence.lookup import Query, search
    from ..evidence.reconcile import read_oplog
    from ..evidence.reconcile_store import reconcile_stored
    from ..output.instructions_text import reconcile_text

    settings = settings_from(ctx)
    operations = read_oplog(oplog, settings)
    with _store(ctx, db) as store:
        ids = None
        if advertiser or since or until:
            ids = [h.id for h in search(store, Query(None, advertiser, None, None, since, until, [], None), settings)]
        stored = reconcile_stored(store, operations, ids, advertiser=advertiser)
    if fmt == "json":
        _dump(stored.to_dict())
    else:
        click.echo(reconcile_text(stored.result, lang_from(ctx, lang)), nl=False)


@evidence_group.command("reindex")
@click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@LANG_OPTION
@click.pass_context
def reindex_cmd(ctx, db, fmt, lang):
    """Rebuild the lookup indexes (threads, Message-ID links, full text) from the
    instruction rows, e.g. after `evidence verify` names a bad index row. The
    log itself is not touched: the indexes are not evidence."""
    from ..evidence.ingest import reindex

    with _writer_lock(ctx, db), _store(ctx, db) as store:
        count = reindex(store)
    if fmt == "json":
        _dump({"instructions": count})
    else:
        from ..output.i18n import t

        click.echo(t("ev-reindex", lang_from(ctx, lang), n=count))


def register(group: click.Group) -> None:
    group.add_command(evidence_group)
