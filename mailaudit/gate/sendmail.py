"""`mailaudit sendmail`: lint at the moment of sending, then hand over unchanged.

Mail clients (mutt, neomutt, aerc, alpine, mailx, Emacs, git send-email) send by
piping the finished message into a `sendmail`-compatible program. We sit in
that pipe: read the whole message, lint it, and either refuse (non-zero status,
so the client keeps the draft) or pass the very same bytes, with the very same
arguments, to the real sender and return its exit status.

Modes follow Outlook's Smart Alerts:
  advise  always send; print the findings on stderr
  prompt  ask on the terminal (/dev/tty) when something reaches the fail level;
          with no terminal, behave like block
  block   refuse when something reaches the fail level
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..errors import ConfigError, ExitStatus, MailauditError
from .overrides import override_for, strip_override_header
from .verdict import findings_text, lint_for_sending, refusal_text

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

MODES = ("advise", "prompt", "block")
DEFAULT_MODE = "block"
FALLBACK_SENDMAIL = "/usr/sbin/sendmail"
ENV_MODE = "MAILAUDIT_MODE"
# Set in the real sender's environment: if it is mailaudit again (a sendmail
# symlink pointing back at us), we stop instead of calling ourselves forever.
ENV_LOOP_GUARD = "MAILAUDIT_SENDMAIL_ACTIVE"


class SenderError(MailauditError):
    """The real sender cannot be found or started; nothing was sent."""

    status = ExitStatus.UNAVAILABLE


@dataclass(frozen=True)
class SendmailConfig:
    command: list[str] | None  # the configured real sender, or None: look for one
    mode: str = DEFAULT_MODE


def sendmail_config(settings: Settings, environ: Mapping[str, str]) -> SendmailConfig:
    """[sendmail] of the config, with MAILAUDIT_MODE taking precedence for one run."""
    section = settings.section("sendmail")
    where = f"{settings.path}: sendmail" if settings.path else "sendmail"
    command = section.get("command")
    if command is not None and (not command or not all(isinstance(w, str) and w for w in command)):
        raise ConfigError(f"{where}.command must be a non-empty list of strings",
                          hint='e.g. command = ["msmtp", "-a", "work"]')
    mode = section.get("mode", DEFAULT_MODE)
    if mode not in MODES:
        raise ConfigError(f"{where}.mode = '{mode}' is not a mode", hint="use advise, prompt or block")
    if section.get("service", "auto") not in ("auto", "start", "off"):
        raise ConfigError(f"{where}.service = '{section['service']}' is not a choice",
                          hint="auto (use a running `mailaudit serve`), start (and start one"
                               " when none runs) or off")
    env_mode = environ.get(ENV_MODE, "").strip().lower()
    if env_mode:
        if env_mode not in MODES:
            raise ConfigError(f"{ENV_MODE}={env_mode} is not a mode", hint="use advise, prompt or block")
        mode = env_mode
    return SendmailConfig(command=list(command) if command else None, mode=mode)


def resolve_sender(command: list[str] | None) -> list[str]:
    """The real sender: the configured command, else msmtp on PATH, else /usr/sbin/sendmail."""
    if command:
        if shutil.which(command[0]) is None:
            raise SenderError(f"sendmail command not found: {command[0]}",
                              hint="check [sendmail] command in mailaudit.toml")
        return list(command)
    msmtp = shutil.which("msmtp")
    if msmtp:
        return [msmtp]
    if os.access(FALLBACK_SENDMAIL, os.X_OK):
        return [FALLBACK_SENDMAIL]
    raise SenderError("no real sender found (no msmtp on PATH, no /usr/sbin/sendmail)",
                      hint='install msmtp or set [sendmail] command = ["..."]')


def ask_on_tty(text: str, open_tty: Callable[[], IO[str]], lang: str = "en") -> bool | None:
    """Show `text` on the terminal and read y/N; None when there is no terminal.

    The terminal, not stderr: mutt and others capture the sender's stderr and
    only show it after the sender has exited, too late for a question.
    """
    try:
        tty = open_tty()
    except OSError:
        return None
    with tty:
        from ..output.i18n import t

        tty.write(text + t("gate-ask", lang))
        tty.flush()
        answer = tty.readline()
    return answer.strip().lower() in ("y", "yes")


class _Terminal:
    """The controlling terminal, for one question. Two handles: a terminal is not
    seekable, so Python cannot open it "r+" in text mode."""

    def __init__(self) -> None:
        self._in = open("/dev/tty", encoding="utf-8", errors="replace")  # noqa: SIM115
        try:
            self._out = open("/dev/tty", "w", encoding="utf-8")  # noqa: SIM115
        except OSError:
            self._in.close()
            raise

    def write(self, text: str) -> int:
        return self._out.write(text)

    def flush(self) -> None:
        self._out.flush()

    def readline(self) -> str:
        return self._in.readline()

    def __enter__(self) -> _Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self._out.close()
        self._in.close()


def _open_dev_tty() -> IO[str]:
    return _Terminal()  # type: ignore[return-value] - the part of IO[str] we use


def deliver(sender: list[str], args: list[str], data: bytes, environ: Mapping[str, str]) -> int:
    """Run the real sender with the client's own arguments; its exit status is ours."""
    env = dict(environ)
    env[ENV_LOOP_GUARD] = "1"
    try:
        proc = subprocess.run([*sender, *args], input=data, env=env, check=False)
    except OSError as exc:
        raise SenderError(f"cannot start {sender[0]}: {exc.strerror}") from None
    if proc.returncode < 0:  # killed by a signal: report it the way a shell does
        return 128 + -proc.returncode
    return proc.returncode


def run_sendmail(
    raw: bytes,
    args: list[str],
    settings: Settings,
    *,
    environ: Mapping[str, str],
    stderr: IO[str],
    open_tty: Callable[[], IO[str]] = _open_dev_tty,
    lang: str | None = None,
) -> int:
    """Lint `raw`, then send it (minus the X-Mailaudit header) or refuse. Returns the exit status.
    What it says is in `lang`, by default [output] lang, else the locale."""
    if environ.get(ENV_LOOP_GUARD):
        raise SenderError("mailaudit sendmail would call itself",
                          hint="set [sendmail] command to the real sender, not to mailaudit")
    config = sendmail_config(settings, environ)
    sender = resolve_sender(config.command)  # before linting: a missing sender is an error anyway
    override = override_for(raw, environ)
    outgoing = strip_override_header(raw)
    verdict = lint_for_sending(outgoing, settings, override)

    fail_level = settings.lint.fail_level
    if (verdict.failing and config.mode in ("prompt", "block")) or verdict.findings or verdict.skipped \
            or verdict.ignored:  # something to say: in the user's language
        from ..output.i18n import choose_lang, t

        lang = lang or choose_lang(None, settings)
    if verdict.failing and config.mode == "prompt":
        answer = ask_on_tty(findings_text(verdict, lang), open_tty, lang)
        if answer is None:
            stderr.write(findings_text(verdict, lang) + t("gate-no-terminal", lang) + "\n")
        if not answer:
            stderr.write(refusal_text(verdict, fail_level, lang=lang))
            return int(ExitStatus.FINDINGS)
    elif verdict.failing and config.mode == "block":
        stderr.write(findings_text(verdict, lang) + refusal_text(verdict, fail_level, lang=lang))
        return int(ExitStatus.FINDINGS)
    elif verdict.findings or verdict.skipped or verdict.ignored:
        stderr.write(findings_text(verdict, lang))
    stderr.flush()
    return deliver(sender, args, outgoing, environ)


# ------------------------------------------------------------ the command itself
USER_CONFIG = Path("mailaudit") / "mailaudit.toml"


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / USER_CONFIG


def gate_settings(config_path: str | None) -> Settings:
    """--config, else ./mailaudit.toml, else the user's $XDG_CONFIG_HOME/mailaudit/mailaudit.toml.

    Mail clients and git start us from wherever the person happens to be, so
    the gate also looks in the user's config directory.
    """
    from ..config import find_config, load_settings

    if not config_path and find_config() is None and user_config_path().is_file():
        return load_settings(user_config_path())
    return load_settings(config_path)


def fast_main(argv: list[str]) -> int | None:
    """`mailaudit [--config PATH] sendmail ARGS...` without the CLI framework:
    what a mail client runs for every send, so its start-up is what the person
    waits for (~40 ms less than through click). None when `argv` is anything
    else (the CLI then handles it, with its own help and errors)."""
    config_path = None
    rest = argv
    if rest[:1] == ["--config"] and len(rest) >= 2:
        config_path, rest = rest[1], rest[2:]
    elif rest[:1] and rest[0].startswith("--config="):
        config_path, rest = rest[0].split("=", 1)[1], rest[1:]
    if rest[:1] != ["sendmail"] or rest[1:] == ["--help"]:
        return None
    if config_path is not None and (not config_path or os.path.isdir(config_path)):
        return None  # the CLI's own usage error
    import sys

    from ..mail.charsets import OUTPUT_ERRORS

    for stream in (sys.stdout, sys.stderr):  # as the CLI: output is always valid UTF-8
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding == "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=OUTPUT_ERRORS)
    settings = None
    try:
        settings = gate_settings(config_path)
        raw = sys.stdin.buffer.read()
        return run_sendmail(raw, rest[1:], settings, environ=os.environ, stderr=sys.stderr)
    except MailauditError as exc:
        from ..output.errors_text import error_text
        from ..output.i18n import choose_lang, t

        lang = choose_lang(None, settings)
        sys.stderr.write(t("error-line", lang, line=error_text(str(exc), exc.hint, lang)) + "\n")
        return int(exc.status)
    except KeyboardInterrupt:
        from ..output.i18n import choose_lang, t

        sys.stderr.write(t("interrupted", choose_lang(None, settings)) + "\n")
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: one line, as the CLI says it
        if os.environ.get("MAILAUDIT_DEBUG"):
            raise
        from ..output.i18n import choose_lang, t

        lang = choose_lang(None, settings)
        sys.stderr.write(t("internal-error", lang, error=f"{type(exc).__name__}: {exc}") + "\n")
        return 70
