"""`mailaudit evidence ...`: the evidence log of ad-placement instructions.

This module defines the `evidence` group with `extract` and `reconcile`;
the store-backed commands (verify, search, show, export) join the same group.
Each command is a thin wrapper over mailaudit.evidence.
"""

from __future__ import annotations

import sys

import click

FORMATS = click.Choice(["text", "json"])


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
@click.pass_context
def extract_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, all_messages: bool) -> None:
    """Print the placement instructions in mail (.eml, drafts, mbox, Maildir, directories, - for stdin).

    JSON: one array, one object per message: {"source", "message_id",
    "instructions": [{"action", "slots": [{"text", "slot"}], "start", "end",
    "advertiser", "campaign", "creative"}]}.
    """
    from ..output.instructions_text import extract_json, extract_paths, extract_text
    from . import settings_from

    results = extract_paths(_paths(paths), settings_from(ctx))
    if fmt == "json":
        click.echo(extract_json(results), nl=False)
    else:
        click.echo(extract_text(results, all_messages=all_messages), nl=False)


@evidence_group.command("reconcile")
@click.argument("oplog", type=str)
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help="Output format.")
@click.pass_context
def reconcile_command(ctx: click.Context, oplog: str, paths: tuple[str, ...], fmt: str) -> None:
    """Compare the instructions in mail (PATHS) with the ad server's operation log OPLOG.

    OPLOG is CSV or JSON Lines with time, operator, slot, advertiser, start, end
    and action (other column names: [evidence] oplog_columns in mailaudit.toml).
    Each instruction is as-instructed, differs (field, both values) or
    not-found; operations no instruction asked for are listed after them.
    """
    from ..evidence.reconcile import read_oplog, reconcile
    from ..output.instructions_text import extract_paths, reconcile_json, reconcile_text
    from . import settings_from

    settings = settings_from(ctx)
    operations = read_oplog(oplog, settings)
    if not paths:
        raise click.UsageError("give the mail to compare: one or more paths (files, mbox, Maildir, directories)")
    instructions = [i for _, found in extract_paths(paths, settings) for i in found]
    result = reconcile(instructions, operations)
    click.echo(reconcile_json(result) if fmt == "json" else reconcile_text(result), nl=False)


def register(group: click.Group) -> None:
    __import__(f"{__package__}.evidence_log", fromlist=["_"]).register_log_commands(evidence_group)
    group.add_command(evidence_group)
