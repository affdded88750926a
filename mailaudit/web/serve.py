"""`mailaudit web`: the settings and options made into a WebConfig, the refusal
to serve a team without authentication, and uvicorn running the app."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from ..config import Settings
from ..errors import ConfigError
from ..store.store import resolve_db_path
from .app import WebConfig, create_app
from .auth import Auth, is_loopback, load_secret

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def web_config(settings: Settings, *, db: str | None = None, host: str | None = None,
               oplog: str | None = None) -> tuple[WebConfig, str]:
    """The app's config and the host to listen on. Raises ConfigError (exit 2)
    when a non-loopback host is asked for and no authentication is configured."""
    web = settings.section("web")
    host = host or web.get("host") or DEFAULT_HOST
    path = resolve_db_path(settings.section("store").get("path"), db)
    if not path.exists():
        raise ConfigError(f"{path}: no audit store here", hint="run `mailaudit scan` or `mailaudit evidence ingest` first, or pass --db")
    auth = Auth(users=dict(web.get("users", {})), trusted_header=web.get("trusted_header"),
                trusted_proxies=tuple(web.get("trusted_proxies", ("127.0.0.1", "::1"))),
                session_seconds=int(web.get("session_hours", 12) * 3600))
    if not is_loopback(host) and not auth.required:
        raise ConfigError(
            f"--host {host}: serving beyond this machine needs authentication",
            hint="add [web.users] (see `mailaudit web hash-password`) or [web] trusted_header; docs/web.md")
    if auth.required:
        secret_file = web.get("session_secret_file")
        base = settings.path.parent if settings.path and secret_file else path.parent
        secret_path = Path(os.path.expandvars(secret_file)).expanduser() if secret_file else path.with_name(path.name + ".web-secret")
        auth.secret = load_secret(secret_path if secret_path.is_absolute() else base / secret_path)
    oplog = oplog or web.get("oplog")
    oplog_path = Path(oplog).expanduser() if oplog else None
    if oplog_path is not None and not oplog_path.is_file():
        raise ConfigError(f"{oplog_path}: operation log not found", hint="fix [web] oplog or --oplog")
    config = WebConfig(db=path, settings=settings, auth=auth, oplog=oplog_path,
                       secure_cookies=bool(web.get("secure_cookies", False)))
    return config, host


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a port in use is our one-line error
    (exit 2), not the server's log line and exit 3 (which means "login refused")."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"{host}:{port}: cannot listen: {exc.strerror or exc}",
                          hint="is another program on that port? pick another --port") from None
    return sock


def serve(config: WebConfig, sock: socket.socket, *, log_level: str = "warning") -> None:
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(create_app(config), log_level=log_level, proxy_headers=False,
                                           server_header=False, access_log=False))
    server.run(sockets=[sock])


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "listen", "serve", "web_config"]
