"""`[accounts.NAME]` tables -> typed account settings, checked key by key.

Each account names its `kind` (imap, maildir, mbox). An unknown key is an
error naming the file and the key, like the rest of mailaudit.toml, so a
misspelt `skip_folders` never silently scans the Trash. The config holds no
secrets, only where to get them (a command or an environment variable).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError

KINDS = ("imap", "maildir", "mbox")
TLS_MODES = ("implicit", "starttls", "plain")
OAUTH2_MECHANISMS = ("XOAUTH2", "OAUTHBEARER")
DEFAULT_BATCH_SIZE = 200

Expected = type | tuple[type, ...]

COMMON_KEYS: dict[str, Expected] = {
    "kind": str,
    "folders": list,
    "skip_folders": list,
    "batch_size": int,
}
KIND_KEYS: dict[str, dict[str, Expected]] = {
    "imap": {
        "host": str,
        "port": int,
        "tls": str,
        "insecure": bool,
        "ca_file": str,
        "username": str,
        "password_command": (str, list),
        "password_env": str,
        "oauth2_token_command": (str, list),
        "oauth2_mechanism": str,
        "timeout": (int, float),
        "retries": int,
        "retry_delay": (int, float),
    },
    "maildir": {"path": str},
    "mbox": {"path": str},
}
SECRET_KEYS = ("password_command", "password_env", "oauth2_token_command")
# Keys people try first; each gets a hint that keeps the secret out of the file.
SECRET_LOOKALIKES = ("password", "pass", "secret", "token", "oauth2_token", "access_token")


@dataclass(frozen=True)
class ImapAccount:
    """Where and how to log in; never the secret itself (see sources/secrets.py)."""

    name: str
    host: str
    username: str
    port: int = 993
    tls: str = "implicit"
    ca_file: Path | None = None
    password_command: str | list[str] | None = None
    password_env: str | None = None
    oauth2_token_command: str | list[str] | None = None
    oauth2_mechanism: str = "XOAUTH2"
    folders: tuple[str, ...] = ("INBOX",)
    skip_folders: tuple[str, ...] = ()
    batch_size: int = DEFAULT_BATCH_SIZE
    timeout: float = 60.0
    retries: int = 5  # consecutive failed attempts before giving up
    retry_delay: float = 1.0  # first backoff; doubles each retry, capped at 60 s

    @property
    def secret_key(self) -> str:
        """The config key the secret comes from, for hints."""
        for key in SECRET_KEYS:
            if getattr(self, key):
                return key
        return "password_command"


@dataclass(frozen=True)
class LocalAccount:
    """A Maildir (or a tree of them) or an mbox file (or a directory of them)."""

    name: str
    kind: str
    path: Path
    folders: tuple[str, ...] = ("*",)
    skip_folders: tuple[str, ...] = ()
    batch_size: int = DEFAULT_BATCH_SIZE


@dataclass
class _Checker:
    path: Path
    name: str
    table: dict[str, Any] = field(default_factory=dict)

    def error(self, what: str, hint: str | None = None) -> ConfigError:
        return ConfigError(f"{self.path}: accounts.{self.name}: {what}", hint=hint)


def check_account(name: str, table: Any, path: Path | None) -> str:
    """Validate one `[accounts.NAME]` table; returns its kind."""
    from ..config import _check_type, _unknown

    where = path or Path("mailaudit.toml")
    c = _Checker(where, name)
    if not isinstance(table, dict):
        raise c.error("must be a table", hint=f"write it as [accounts.{name}]")
    kind = table.get("kind")
    if kind not in KINDS:
        raise c.error(
            f"kind = {kind!r} is not a source kind" if kind else "has no 'kind'",
            hint=f"set kind to one of {', '.join(KINDS)}",
        )
    known = {**COMMON_KEYS, **KIND_KEYS[kind]}
    for key, value in table.items():
        if key not in known:
            if key in SECRET_LOOKALIKES:
                raise ConfigError(
                    f"{where}: unknown key 'accounts.{name}.{key}'",
                    hint="secrets never go in the config: use password_command, password_env "
                    "or oauth2_token_command",
                )
            raise _unknown(where, f"accounts.{name}.", key, list(known))
        _check_type(where, f"accounts.{name}.{key}", value, known[key])
    for key in ("folders", "skip_folders"):
        if not all(isinstance(p, str) for p in table.get(key, [])):
            raise c.error(f"{key} must be a list of strings")
    if table.get("batch_size", 1) < 1:
        raise c.error("batch_size must be at least 1")
    if kind == "imap":
        _check_imap(c, table)
    elif "path" not in table:
        raise c.error("has no 'path'", hint=f"set path to the {kind} to scan")
    return kind


def _check_imap(c: _Checker, table: dict[str, Any]) -> None:
    for key in ("host", "username"):
        if not table.get(key):
            raise c.error(f"has no '{key}'", hint=f"set {key} for this IMAP account")
    tls = table.get("tls", "implicit")
    if tls not in TLS_MODES:
        raise c.error(f"tls = {tls!r} is not a TLS mode", hint=f"use one of {', '.join(TLS_MODES)}")
    if tls == "plain" and table.get("insecure") is not True:
        raise c.error(
            "tls = 'plain' sends the password unencrypted",
            hint="use tls = 'starttls' or 'implicit', or add insecure = true if you mean it",
        )
    given = [k for k in SECRET_KEYS if k in table]
    if len(given) != 1:
        raise c.error(
            "needs exactly one of " + ", ".join(SECRET_KEYS)
            + (f" (found {', '.join(given)})" if given else ""),
            hint="e.g. password_command = \"pass show mail/work\"",
        )  # fmt: skip
    for key in ("password_command", "oauth2_token_command"):
        cmd = table.get(key)
        if isinstance(cmd, list) and (not cmd or not all(isinstance(a, str) for a in cmd)):
            raise c.error(f"{key} must be a command string or a non-empty list of strings")
    mech = table.get("oauth2_mechanism", "XOAUTH2").upper()
    if mech not in OAUTH2_MECHANISMS:
        raise c.error(f"oauth2_mechanism = {mech!r} is unknown", hint="use XOAUTH2 or OAUTHBEARER")
    port = table.get("port", 1)
    if not 0 < port < 65536:
        raise c.error(f"port {port} is out of range")
    if table.get("retries", 0) < 0:
        raise c.error("retries must be 0 or more")


def check_accounts(accounts: dict[str, Any], path: Path | None) -> None:
    for name, table in accounts.items():
        check_account(name, table, path)


def _resolve(value: str, base: Path | None) -> Path:
    p = Path(value).expanduser()
    return p if p.is_absolute() or base is None else (base / p)


def imap_account(
    name: str, table: dict[str, Any], base: Path | None = None, batch_size: int | None = None
) -> ImapAccount:
    """A checked table -> ImapAccount; relative paths are relative to `base` (the config's dir)."""
    tls = table.get("tls", "implicit")
    default_port = 993 if tls == "implicit" else 143
    return ImapAccount(
        name=name,
        host=table["host"],
        username=table["username"],
        port=table.get("port", default_port),
        tls=tls,
        ca_file=_resolve(table["ca_file"], base) if "ca_file" in table else None,
        password_command=table.get("password_command"),
        password_env=table.get("password_env"),
        oauth2_token_command=table.get("oauth2_token_command"),
        oauth2_mechanism=table.get("oauth2_mechanism", "XOAUTH2").upper(),
        folders=tuple(table.get("folders", ["INBOX"])),
        skip_folders=tuple(table.get("skip_folders", [])),
        batch_size=table.get("batch_size", batch_size or DEFAULT_BATCH_SIZE),
        timeout=float(table.get("timeout", 60.0)),
        retries=table.get("retries", 5),
        retry_delay=float(table.get("retry_delay", 1.0)),
    )


def local_account(
    name: str, table: dict[str, Any], base: Path | None = None, batch_size: int | None = None
) -> LocalAccount:
    return LocalAccount(
        name=name,
        kind=table["kind"],
        path=_resolve(table["path"], base),
        folders=tuple(table.get("folders", ["*"])),
        skip_folders=tuple(table.get("skip_folders", [])),
        batch_size=table.get("batch_size", batch_size or DEFAULT_BATCH_SIZE),
    )


def select_folders(
    available: list[str], include: tuple[str, ...], exclude: tuple[str, ...]
) -> list[str]:
    """Folders matching an include pattern and no exclude pattern (fnmatch, `*`
    crosses `/`), INBOX first, the rest sorted. INBOX matches case-insensitively,
    as IMAP has it."""

    def matches(name: str, pattern: str) -> bool:
        if name.upper() == "INBOX" and pattern.upper() == "INBOX":
            return True
        return fnmatch.fnmatchcase(name, pattern)

    chosen = {
        name
        for name in available
        if any(matches(name, p) for p in include) and not any(matches(name, p) for p in exclude)
    }
    return sorted(chosen, key=lambda n: (n.upper() != "INBOX", n))
