"""Getting an account's secret at connect time, without it ever leaking.

The config names a command (like mbsync's PassCmd: `pass show mail/work`) or
an environment variable; the secret lives only in a `Secret`, whose repr and
str are masked, so it cannot end up in a log line, a traceback's locals shown
by pytest, or an error message by accident. Tokens from `oauth2_token_command`
expire, so they are fetched anew on every connect.
"""

from __future__ import annotations

import os
import subprocess

from ..errors import AuthError
from .accounts import ImapAccount

COMMAND_TIMEOUT = 120  # a gpg pinentry may wait for the user


class Secret:
    """A password or token. Only `reveal()` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def scrub(self, text: str) -> str:
        """`text` with the secret masked, for server replies that might echo it."""
        return text.replace(self._value, "***") if self._value else text

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self):  # never pickled into a worker or a cache
        raise TypeError("a Secret cannot be pickled")


def run_secret_command(command: str | list[str], key: str, account: str) -> Secret:
    """Run `command` (a string goes through the shell, a list does not) and take
    the first line of its output, stripped."""
    where = f"[accounts.{account}]"
    try:
        done = subprocess.run(
            command,
            shell=isinstance(command, str),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=COMMAND_TIMEOUT,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        # The exception names the command, never its output.
        raise AuthError(
            f"{key} of {where} could not run: {type(exc).__name__}",
            hint=f"check {key} in {where}",
        ) from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = f": {err[0][:200]}" if err else ""
        raise AuthError(
            f"{key} of {where} failed with exit status {done.returncode}{why}",
            hint=f"run the command by hand, then check {key} in {where}",
        )
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    value = lines[0].strip() if lines else ""
    if not value:
        raise AuthError(f"{key} of {where} printed nothing", hint=f"check {key} in {where}")
    return Secret(value)


def account_secret(account: ImapAccount) -> Secret:
    """The password or OAuth2 access token for `account`, fetched now."""
    if account.oauth2_token_command:
        return run_secret_command(
            account.oauth2_token_command, "oauth2_token_command", account.name
        )
    if account.password_command:
        return run_secret_command(account.password_command, "password_command", account.name)
    var = account.password_env or ""
    value = os.environ.get(var, "")
    if not value:
        raise AuthError(
            f"environment variable {var} (password_env of [accounts.{account.name}]) is not set",
            hint="export it before the scan, or use password_command",
        )
    return Secret(value)
