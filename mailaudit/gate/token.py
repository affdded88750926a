"""The per-user secret of the local lint service.

Anything on 127.0.0.1 is reachable by every local user (and, through DNS
rebinding, by web pages), so the service answers only requests that carry the
token from a file only this user can read. The token is never printed: clients
read it from the file (`cat` it into Thunderbird's options page once).
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from ..errors import ConfigError

TOKEN_NAME = "serve-token"


def default_token_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "mailaudit" / TOKEN_NAME


def _check_private(path: Path) -> None:
    info = path.stat()
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path}: token file is readable by other users",
                          hint=f"run 'chmod 600 {path}' or delete it to make a new one")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ConfigError(f"{path}: token file belongs to another user")


def load_or_create_token(path: Path) -> str:
    """The token in `path`; a new random one (file mode 0600) when there is none."""
    path = Path(path).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create token file: {exc.strerror}") from None
    else:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
    _check_private(path)
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read token file: {exc}") from None
    if len(token) < 16:
        raise ConfigError(f"{path}: token is too short (at least 16 characters)",
                          hint="delete the file to make a new one")
    return token


def token_matches(expected: str, authorization: str | None) -> bool:
    """Whether an `Authorization: Bearer ...` header carries the token (constant time)."""
    if not authorization:
        return False
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def read_token(path: Path) -> str | None:
    """The token in `path` for a client, or None: no file, not this user's
    alone (0600), unreadable or too short. Never creates one."""
    try:
        path = Path(path).expanduser()
        _check_private(path)
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError, ConfigError):
        return None
    return token if len(token) >= 16 else None
