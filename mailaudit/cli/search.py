"""`mailaudit search`: scanned mail and its findings, from the terminal."""

from __future__ import annotations

from datetime import timedelta

import click

from ..errors import ExitStatus
from . import LANG_OPTION, lang_from, settings_from


@click.command("search")
@click.argument("words", nargs=-1)
@click.option("--rule", help="Only mail with a finding of this rule (an id, or a prefix such as attachment).")
@click.option("--from", "sender", help="Only mail whose From name or address contains this.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day (YYYY-MM-DD, UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day, inclusive.")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True, help="At most this many (0: all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--db", type=click.Path(dir_okay=False), help="Audit store.")
@LANG_OPTION
@click.pass_context
def search_cmd(ctx: click.Context, words: tuple[str, ...], rule: str | None, sender: str | None, since, until,
               limit: int, fmt: str, db: str | None, lang: str | None) -> None:
    """Find scanned mail by words (every word must occur; Chinese words match
    anywhere in the text), by rule, sender and date, newest first.

    \b
      mailaudit search 合同 --rule attachment-forgotten --from zhang --since 2024-06-01

    Text: one message a line (date, id, sender, subject, [rules], snippet),
    tab-separated. Exit status: 0 (also when nothing is found), 2 no store or bad input.
    """
    from ..output.search_text import format_json, format_text
    from ..store.store import Store
    from .scan import db_path_for

    settings = settings_from(ctx)
    with Store.open(db_path_for(settings, db), create=False) as store:
        hits = store.search_mail(
            " ".join(words),
            rule=rule,
            sender=sender,
            since=since.date().isoformat() if since else None,
            until=(until.date() + timedelta(days=1)).isoformat() if until else None,
            limit=limit or None,
        )
    click.echo(format_json(hits) if fmt == "json" else format_text(hits, lang_from(ctx, lang)), nl=False)
    ctx.exit(int(ExitStatus.OK))


def register(group: click.Group) -> None:
    group.add_command(search_cmd)
