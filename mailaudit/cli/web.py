"""`mailaudit web`: the team's web page over the audit store (read-only), and
`mailaudit web hash-password` for the [web.users] of mailaudit.toml."""

from __future__ import annotations

import sys

import click

from ..errors import ConfigError
from . import settings_from


@click.group("web", invoke_without_command=True)
@click.option("--host", default=None,
              help="Address to listen on (default: [web] host, else 127.0.0.1). Anything but loopback"
                   " needs [web.users] or [web] trusted_header.")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: [web] port, else 8765).")
@click.option("--db", type=click.Path(dir_okay=False), help="Audit store (default: [store] path).")
@click.option("--oplog", type=click.Path(dir_okay=False), help="Ad server operation log the record pages reconcile with.")
@click.pass_context
def web_group(ctx: click.Context, host: str | None, port: int | None, db: str | None, oplog: str | None) -> None:
    """Serve the evidence lookup, the findings and the report as a web page.

    \b
      mailaudit web --db audit.db                  # http://127.0.0.1:8765/
      mailaudit web --host 0.0.0.0 --port 8080     # a team: needs [web.users] or trusted_header

    Exit status: 2 when the store is missing, the port is taken, or a non-loopback --host
    has no authentication.
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..web.serve import DEFAULT_PORT, listen, serve, web_config

    settings = settings_from(ctx)
    config, host = web_config(settings, db=db, host=host, oplog=oplog)
    port = port or settings.section("web").get("port") or DEFAULT_PORT
    sock = listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {config.db} at http://{shown}:{port}/ (read-only; Ctrl-C stops)", err=True)
    serve(config, sock)


@web_group.command("hash-password")
def hash_password_cmd() -> None:
    """Print an argon2 hash of a password for [web.users] (asked twice on a
    terminal, never echoed; else read from the first line of standard input)."""
    from ..web.auth import hash_password

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise ConfigError("no password given", hint="type one, or pipe it on standard input")
    click.echo(hash_password(password))


def register(group: click.Group) -> None:
    group.add_command(web_group)
