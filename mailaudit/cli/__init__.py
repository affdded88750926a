"""The `mailaudit` command: a thin mirror of the library.

Each subcommand lives in its own module and calls one library function; this
module only builds the group and turns library errors into one line on stderr
and the documented exit status (see errors.ExitStatus).
"""

from __future__ import annotations

import os
import sys

import click

from .. import __version__
from ..config import Settings, load_settings
from ..errors import ExitStatus, MailauditError


class MailauditGroup(click.Group):
    def invoke(self, ctx: click.Context):  # noqa: D102
        try:
            return super().invoke(ctx)
        except MailauditError as exc:
            click.echo(f"Error: {exc.line()}", err=True)
            ctx.exit(int(exc.status))
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `mailaudit lint ... | head`: the reader left; not an error of ours.
            sys.stderr.close()
            ctx.exit(0)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a bug: say so in one line unless debugging
            if os.environ.get("MAILAUDIT_DEBUG"):
                raise
            click.echo(
                f"Internal error: {type(exc).__name__}: {exc} "
                "(set MAILAUDIT_DEBUG=1 for a traceback, and please report it)",
                err=True,
            )
            ctx.exit(70)


def settings_from(ctx: click.Context) -> Settings:
    """The Settings of this invocation, loaded once (global --config or ./mailaudit.toml)."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    root.obj = obj
    if "settings" not in obj:
        obj["settings"] = load_settings(obj.get("config_path"))
    return obj["settings"]


@click.group(cls=MailauditGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mailaudit")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: ./mailaudit.toml when present).",
)
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Audit email: lint drafts, scan mailboxes, keep evidence of ad-placement instructions."""
    ctx.obj = {"config_path": config_path}


def _register() -> None:
    from . import lint as lint_cmds

    lint_cmds.register(main)
    # Other command families register themselves when their module is present.
    for name in ("scan", "evidence", "gate"):
        try:
            module = __import__(f"{__name__}.{name}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        module.register(main)


_register()


def run() -> None:  # pragma: no cover - console entry for `python -m mailaudit`
    main(prog_name="mailaudit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(ExitStatus.OK)
