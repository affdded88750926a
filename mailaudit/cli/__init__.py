"""The `mailaudit` command: a thin mirror of the library.

Each subcommand lives in its own module and calls one library function; this
module only builds the group and turns library errors into one line on stderr
and the documented exit status (see errors.ExitStatus).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from .. import __version__
from ..config import Settings, load_settings
from ..errors import ExitStatus, MailauditError

if TYPE_CHECKING:  # pragma: no cover  (not imported at start: `mailaudit sendmail` goes without)
    from ..sources.paths import Skipped

# Command families, imported only when one of their commands runs: a lint
# from a mail client should not pay for loading the store, IMAP or HTTP code.
FAMILIES: dict[str, tuple[str, ...]] = {
    "lint": ("lint", "rules"),
    "scan": ("scan", "watch", "report"),
    "evidence": ("evidence",),
    "search": ("search",),
    "gate": ("sendmail", "hook", "serve"),
    "web": ("web",),
}


_quick_exit = False


def allow_quick_exit() -> None:
    """This command's work is done when it returns: `python -m mailaudit` may end the
    process without the interpreter's teardown (mailaudit.__main__)."""
    global _quick_exit
    _quick_exit = True


def quick_exit_allowed() -> bool:
    return _quick_exit


class MailauditGroup(click.Group):
    _loaded: set[str]

    def _load_family(self, family: str) -> None:
        loaded = self.__dict__.setdefault("_loaded", set())
        if family in loaded:
            return
        loaded.add(family)
        try:
            module = __import__(f"{__name__}.{family}", fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{family}":
                raise
            return
        module.register(self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for family in FAMILIES:
            self._load_family(family)
        return sorted(self.commands)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        for family, names in FAMILIES.items():
            if name in names:
                self._load_family(family)
        if name not in self.commands:
            for family in FAMILIES:
                self._load_family(family)
        return self.commands.get(name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:  # noqa: D102
        ctx.meta["mailaudit.args"] = list(args)  # for the language of an error line
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):  # noqa: D102
        try:
            return super().invoke(ctx)
        except MailauditError as exc:
            from ..output.errors_text import error_text
            from ..output.i18n import t

            lang = error_lang(ctx)
            click.echo(t("error-line", lang, line=error_text(str(exc), exc.hint, lang)), err=True)
            ctx.exit(int(exc.status))
        except KeyboardInterrupt:
            from ..output.i18n import t

            click.echo(t("interrupted", error_lang(ctx)), err=True)
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
            from ..output.i18n import t

            click.echo(t("internal-error", error_lang(ctx), error=f"{type(exc).__name__}: {exc}"), err=True)
            ctx.exit(70)


def settings_from(ctx: click.Context) -> Settings:
    """The Settings of this invocation, loaded once (global --config or ./mailaudit.toml)."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    root.obj = obj
    if "settings" not in obj:
        obj["settings"] = load_settings(obj.get("config_path"))
    return obj["settings"]


LANG_OPTION = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None,
    help="Language of the text (default: [output] lang in the config, else the locale, LANG/LC_ALL).")


def lang_from(ctx: click.Context, option: str | None = None) -> str:
    """The language of this command's text: --lang, else [output] lang, else the locale."""
    from ..output.i18n import choose_lang

    lang = choose_lang(option, settings_from(ctx))
    root = ctx.find_root()
    if isinstance(root.obj, dict):
        root.obj["lang"] = lang  # an error line later speaks it too
    return lang


def error_lang(ctx: click.Context) -> str:
    """The language of an `Error:` line: the command's, when it had chosen one;
    else its --lang, else [output] lang of a config that loaded, else the locale."""
    from ..output.i18n import choose_lang

    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    if obj.get("lang"):
        return obj["lang"]
    args = root.meta.get("mailaudit.args", [])
    option = next((a.split("=", 1)[1] for a in args if a.startswith("--lang=")), None)
    if option is None and "--lang" in args[:-1]:
        option = args[args.index("--lang") + 1]
    return choose_lang(option, obj.get("settings"))


class SkipReport:
    """The `on_skip` of the commands that read paths: each input not read is named
    on stderr as it happens, and the rest goes on; an input named on the command
    line that could not be read makes the command exit 2 once it is done."""

    def __init__(self, lang: str = "en") -> None:
        self.errors = 0
        self.lang = lang

    def __call__(self, skip: Skipped) -> None:
        from ..output.i18n import t, translate

        reason = translate(skip.reason, self.lang, "skip-why-")
        if skip.error:
            self.errors += 1
            line = t("path-note", self.lang, path=skip.source, text=reason)
            click.echo(t("error-line", self.lang, line=line), err=True)
        else:
            click.echo(t("skip-line", self.lang, path=skip.source, reason=reason), err=True)

    def status(self, status: int) -> int:
        """`status`, or 2 when an input given was missing, unreadable or not mail."""
        return int(ExitStatus.USAGE) if self.errors else int(status)


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
    _safe_output()


def _safe_output() -> None:
    """Output is always valid UTF-8: a character that cannot be encoded (a lone
    surrogate from a file name's 8-bit byte) is printed as U+FFFD, never an
    exception halfway through a report."""
    from ..mail.charsets import OUTPUT_ERRORS

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding == "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=OUTPUT_ERRORS)

