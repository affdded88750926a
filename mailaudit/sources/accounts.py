"""`[accounts.NAME]` tables -> typed account settings.

The tables are checked key by key when the config is read (config.check_account:
an unknown key is an error naming the file and the key, so a misspelt
`skip_folders` never silently scans the Trash). The config holds no secrets,
only where to get them (a command or an environment variable).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import SECRET_KEYS

DEFAULT_BATCH_SIZE = 200


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
