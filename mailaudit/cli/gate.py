"""`mailaudit sendmail`, `mailaudit hook ...`, `mailaudit serve`: the pre-send gate.

Thin commands over mailaudit.gate. Exit statuses (also in docs/clients.md):
  sendmail  0 sent (the real sender's own status otherwise), 1 refused because
            of findings, 2 config/usage/input error, 4 no real sender found
  hook run  0 the mail may go, 1 findings at the fail level (git aborts the series)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..config import Settings


def gate_settings(ctx: click.Context) -> Settings:
    """--config, else ./mailaudit.toml, else the user's $XDG_CONFIG_HOME/mailaudit/mailaudit.toml
    (gate.sendmail.gate_settings); loaded once per invocation."""
    from ..gate.sendmail import gate_settings as settings_for

    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    root.obj = obj
    if "settings" not in obj:
        obj["settings"] = settings_for(obj.get("config_path"))
    return obj["settings"]


def _lang(ctx: click.Context) -> str:
    """[output] lang of the gate's config, else the locale (the gate commands have no --lang:
    a mail client or git runs them)."""
    from ..output.i18n import choose_lang

    lang = choose_lang(None, gate_settings(ctx))
    ctx.find_root().obj["lang"] = lang  # an error line later speaks it too
    return lang


def t(key: str, lang: str, /, **values: object) -> str:
    from ..output.i18n import t as lookup

    return lookup(key, lang, **values)


class RawArgsCommand(click.Command):
    """Takes its arguments exactly as given: sendmail's flags (-oi, -f ADDR, --) are
    the client's, passed to the real sender untouched, not ours to parse."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args == ["--help"]:
            click.echo(ctx.get_help())
            ctx.exit(0)
        ctx.meta["raw_args"] = list(args)
        return super().parse_args(ctx, [])


@click.command("sendmail", cls=RawArgsCommand, context_settings={"help_option_names": []})
@click.pass_context
def sendmail_cmd(ctx: click.Context) -> None:
    """Drop-in for `sendmail -t -oi`: lint the message on stdin, then send it unchanged.

    All arguments (-t, -oi, -f ADDR, recipients, ...) go to the real sender:
    [sendmail] command in mailaudit.toml, else msmtp, else /usr/sbin/sendmail.
    Mode ([sendmail] mode or MAILAUDIT_MODE): block (default), prompt, advise.
    Send anyway: header 'X-Mailaudit: ignore=rule-id,...' (removed before sending)
    or MAILAUDIT_IGNORE=rule-id,... ('all' skips the check).

    Exit status: 0 sent, 1 refused (findings), 2 config/input error,
    4 no real sender; otherwise the real sender's own status.
    """
    from ..gate.sendmail import run_sendmail

    settings = gate_settings(ctx)
    raw = sys.stdin.buffer.read()
    status = run_sendmail(raw, ctx.meta["raw_args"], settings, environ=os.environ, stderr=sys.stderr)
    ctx.exit(status)


@click.group("hook")
def hook_group() -> None:
    """Install the git send-email hook that lints each patch mail before sending."""


@hook_group.command("install")
@click.argument("client", type=click.Choice(["git-send-email"]))
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The git repository.")
@click.option("--force", is_flag=True, help="Replace a sendemail-validate hook not made by mailaudit.")
@click.pass_context
def hook_install(ctx: click.Context, client: str, repo: Path, force: bool) -> None:
    """Write the sendemail-validate hook (respecting core.hooksPath)."""
    from ..gate.githook import install_hook

    root = ctx.find_root()
    config_path = root.obj.get("config_path") if isinstance(root.obj, dict) else None
    path = install_hook(repo, Path(config_path) if config_path else None, force=force)
    click.echo(t("hook-installed", _lang(ctx), path=path))


@hook_group.command("uninstall")
@click.argument("client", type=click.Choice(["git-send-email"]), default="git-send-email")
@click.option("--repo", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The git repository.")
@click.pass_context
def hook_uninstall(ctx: click.Context, client: str, repo: Path) -> None:
    """Remove the hook mailaudit installed (a hook of someone else's is left alone)."""
    from ..gate.githook import uninstall_hook

    path = uninstall_hook(repo)
    lang = _lang(ctx)
    click.echo(t("hook-removed", lang, path=path) if path else t("hook-none", lang))


@hook_group.command("run", hidden=True)
@click.argument("hook", type=click.Choice(["sendemail-validate"]))
@click.argument("patch", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("headers", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def hook_run(ctx: click.Context, hook: str, patch: Path, headers: Path | None) -> None:
    """What the installed hook runs: lint one patch mail with the patch profile."""
    from ..gate.githook import validate_patch

    ok, text = validate_patch(patch, headers, gate_settings(ctx), os.environ, _lang(ctx))
    if text:
        click.echo(text, err=True, nl=False)
    ctx.exit(0 if ok else 1)


@click.command("serve")
@click.option("--port", type=int, default=None, help="TCP port (default: [serve] port or 7425; 0 picks one).")
@click.option("--host", default=None, help="127.0.0.1 (default), localhost or ::1; nothing else.")
@click.option("--openapi", is_flag=True, help="Print the OpenAPI document and exit.")
@click.option("--verbose", is_flag=True, help="Log request lines (never headers) on stderr.")
@click.option("--idle-exit", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Exit after this long without a request (default: [serve] idle_exit, 0 = never).")
@click.pass_context
def serve_cmd(ctx: click.Context, port: int | None, host: str | None, openapi: bool,
              verbose: bool, idle_exit: float | None) -> None:
    """Run the local lint service (JSON over HTTP on loopback, with a per-user token)."""
    if openapi:
        from ..gate.openapi import openapi_document

        click.echo(json.dumps(openapi_document(), indent=2, ensure_ascii=False))
        return
    from ..gate.serve import make_server, run_server

    server = make_server(gate_settings(ctx), host=host, port=port,
                         log=sys.stderr if verbose else None, idle_exit=idle_exit)
    lang = _lang(ctx)
    try:
        run_server(server, lang=lang)
    except KeyboardInterrupt:
        click.echo(t("serve-stopped", lang), err=True)


def register(group: click.Group) -> None:
    group.add_command(sendmail_cmd)
    group.add_command(hook_group)
    group.add_command(serve_cmd)
