"""Who may read the page: user accounts with argon2 password hashes from
mailaudit.toml, or a user name a trusted reverse proxy puts in a header (single
sign-on), remembered in a signed session cookie.

The cookie holds the user name, a random session id and the time of login,
signed with a secret kept in a 0600 file (never printed or logged). A login
always issues a new session id, so a cookie planted before login is worth
nothing after it (no session fixation); logging out revokes the id.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..errors import ConfigError

SESSION_COOKIE = "mailaudit_session"
_HASHER = PasswordHasher()
# Verified when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


def hash_password(password: str) -> str:
    """An argon2id hash (salted, with the library's current parameters) for [web.users]."""
    if not password:
        raise ConfigError("an empty password cannot be hashed", hint="type a password")
    return _HASHER.hash(password)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_secret(path: Path) -> bytes:
    """The session-signing secret in `path`, made (0600) when missing. A file
    others can read is tightened: the secret signs every session."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        secret = path.read_bytes().strip()
        if len(secret) < 32:
            raise ConfigError(f"{path}: the session secret is too short", hint="delete the file; a new one is made") from None
        return secret
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write the session secret: {exc.strerror}",
                          hint="set [web] session_secret_file to a writable place") from None
    secret = secrets.token_urlsafe(48).encode()
    with os.fdopen(fd, "wb") as out:
        out.write(secret + b"\n")
    return secret


@dataclass
class Auth:
    users: dict[str, str] = field(default_factory=dict)  # name -> argon2 hash
    trusted_header: str | None = None  # e.g. X-Forwarded-User, set by the SSO proxy
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")  # only they may set that header
    secret: bytes = b""
    session_seconds: int = 12 * 3600
    _revoked: set[str] = field(default_factory=set)
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def required(self) -> bool:
        return bool(self.users or self.trusted_header)

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="mailaudit-web-session")

    # ------------------------------------------------------------ passwords
    def check_password(self, user: str, password: str) -> bool:
        stored = self.users.get(user)
        try:
            return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def throttled(self, client: str) -> bool:
        """Five failed logins from one address in five minutes wait out the rest."""
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t < 300]
            self._failures[client] = recent
            return len(recent) >= 5

    def failed(self, client: str) -> None:
        with self._lock:
            self._failures.setdefault(client, []).append(time.monotonic())

    # ------------------------------------------------------------- sessions
    def new_session(self, user: str) -> str:
        return self._serializer().dumps({"u": user, "s": secrets.token_urlsafe(24)})

    def session_user(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            data = self._serializer().loads(cookie, max_age=self.session_seconds)
        except BadSignature:  # also expired (SignatureExpired is a BadSignature)
            return None
        if not isinstance(data, dict) or data.get("s") in self._revoked:
            return None
        user = data.get("u")
        # A user removed from the config loses access at once.
        return user if isinstance(user, str) and user in self.users else None

    def revoke(self, cookie: str | None) -> None:
        if not cookie:
            return
        try:
            data = self._serializer().loads(cookie)
        except BadSignature:
            return
        if isinstance(data, dict) and isinstance(data.get("s"), str):
            with self._lock:
                self._revoked.add(data["s"])

    def header_user(self, client_host: str | None, headers) -> str | None:
        """The proxy's user name, believed only from a trusted proxy address."""
        if not self.trusted_header or client_host not in self.trusted_proxies:
            return None
        value = (headers.get(self.trusted_header) or "").strip()
        return value or None


__all__ = ["SESSION_COOKIE", "Auth", "hash_password", "is_loopback", "load_secret"]
