"""`mailaudit serve`: the lint service on loopback, over the stdlib's HTTP server.

HTTP here is only a translation layer for api.LintService: routing, the token,
size and content-type checks, and JSON errors with the right 4xx status.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from ..errors import ConfigError, MailauditError
from ..mail.charsets import safe_json
from .api import ApiError, LintService
from .endpoint import (  # noqa: F401  (re-exported: serve's config lives there)
    DEFAULT_MAX_BYTES,
    DEFAULT_PORT,
    LOOPBACK_HOSTS,
    SETTINGS_HEADER,
    ServeConfig,
    serve_config,
    settings_fingerprint,
)
from .openapi import openapi_document
from .token import load_or_create_token, token_matches

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

RAW_TYPES = ("message/rfc822",)
JSON_TYPES = ("application/json",)


class GateServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServeConfig, service: LintService, token: str, log: IO[str] | None):
        self.config = config
        self.service = service
        self.token = token
        self.fingerprint = settings_fingerprint(service.settings)
        self.idle_exit = 0.0  # seconds without a request before run_server returns; 0: never
        self.last_active = time.monotonic()
        self.log = log
        if ":" in config.host:
            self.address_family = __import__("socket").AF_INET6
        super().__init__((config.host, config.port), Handler)

    @property
    def url(self) -> str:
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"http://{host}:{self.server_address[1]}"


Route = Callable[["Handler"], tuple[int, Any]]


class Handler(BaseHTTPRequestHandler):
    server: GateServer
    protocol_version = "HTTP/1.1"  # keep-alive: a client lints many drafts over one connection
    server_version = "mailaudit-serve"
    sys_version = ""
    timeout = 30  # a client that stops mid-request does not hold a thread forever
    # Headers and body go out in two writes; with Nagle on, the body waits for the
    # client's delayed ACK (~40 ms on Linux) and every answer takes 40 ms.
    disable_nagle_algorithm = True

    # -- routing -------------------------------------------------------------------------

    def _routes(self) -> dict[str, dict[str, tuple[Route, bool]]]:
        # path -> method -> (handler, needs the token)
        return {
            "/v1/health": {"GET": (Handler._health, False)},
            "/v1/openapi.json": {"GET": (Handler._openapi, False)},
            "/v1/rules": {"GET": (Handler._rules, True)},
            "/v1/lint": {"POST": (Handler._lint, True)},
        }

    def _dispatch(self) -> None:
        self._body_read = False
        self.server.last_active = time.monotonic()
        try:
            url = urlsplit(self.path)
            self._query = parse_qs(url.query)
            self._check_host()
            methods = self._routes().get(url.path)
            if methods is None:
                raise ApiError(404, "not_found", f"no such endpoint: {url.path}")
            if self.command not in methods:
                allow = ", ".join(methods)
                raise ApiError(405, "method_not_allowed",
                               f"{url.path} accepts {allow}", (("Allow", allow),))
            route, needs_token = methods[self.command]
            if needs_token and not token_matches(self.server.token, self.headers.get("Authorization")):
                raise ApiError(401, "unauthorized",
                               "missing or wrong token: send 'Authorization: Bearer <token>' "
                               "with the token from the serve-token file",
                               (("WWW-Authenticate", 'Bearer realm="mailaudit"'),))
            status, body = route(self)
            self._send_json(status, body)
        except ApiError as exc:
            self._send_json(exc.status, exc.body(), exc.headers)
        except MailauditError as exc:  # the message could not be read as mail
            self._send_json(400, ApiError(400, "bad_message", exc.line()).body())
        except Exception as exc:  # a bug: answer, keep serving, say where to look
            self.close_connection = True
            self._send_json(500, ApiError(500, "internal_error",
                                          f"{type(exc).__name__}: {exc}").body())

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _dispatch

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self._send_json(405, ApiError(405, "method_not_allowed", "HEAD is not supported").body())

    # -- checks --------------------------------------------------------------------------

    def _check_host(self) -> None:
        # A web page that rebinds its DNS name to 127.0.0.1 still sends its own
        # Host: refusing foreign Host headers keeps browsers out even before the token.
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name.strip("[]") not in LOOPBACK_HOSTS:
            raise ApiError(403, "bad_host", "this service answers only requests to 127.0.0.1")

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "length_required", "send the body with a Content-Length, not chunked")
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise ApiError(411, "length_required", "a Content-Length header is required")
        try:
            length = int(length_text)
        except ValueError:
            raise ApiError(400, "bad_length", "Content-Length is not a number") from None
        if length < 0:
            raise ApiError(400, "bad_length", "Content-Length is negative")
        if length > self.server.config.max_bytes:
            raise ApiError(413, "too_large",
                           f"the message is {length} bytes; the limit is "
                           f"{self.server.config.max_bytes} ([serve] max_bytes)")
        body = self.rfile.read(length)
        if len(body) != length:
            raise ApiError(400, "short_body", "the body ended before Content-Length bytes")
        self._body_read = True
        return body

    # -- endpoints -----------------------------------------------------------------------

    def _health(self) -> tuple[int, Any]:
        return 200, self.server.service.health()

    def _openapi(self) -> tuple[int, Any]:
        return 200, openapi_document()

    def _rules(self) -> tuple[int, Any]:
        return 200, self.server.service.rules()

    def _lint(self) -> tuple[int, Any]:
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in RAW_TYPES + JSON_TYPES:
            raise ApiError(415, "unsupported_media_type",
                           "send message/rfc822 (the raw message) or application/json (fields)")
        fail_level = (self._query.get("fail_level") or [None])[0]
        expected = self.headers.get(SETTINGS_HEADER)
        if expected is not None and expected.strip() != self.server.fingerprint:
            # mailaudit's own clients (sendmail, the git hook) then lint in-process:
            # a service started with other rules or settings would judge differently.
            raise ApiError(409, "settings_differ",
                           "this service runs with other settings, rules or code than the client")
        # text=1: the findings also as `mailaudit lint` prints them (for the source
        # named by `source`), so a client need not load the output code to show them.
        text = (self._query.get("text") or [""])[0] in ("1", "true")
        source = (self._query.get("source") or ["request"])[0]
        profile = (self._query.get("profile") or [None])[0]
        body = self._read_body()
        service = self.server.service
        if content_type in JSON_TYPES:
            return 200, service.lint_json(body, fail_level)
        if not body.strip():
            raise ApiError(400, "empty_message", "the message is empty")
        return 200, service.lint_raw(body, fail_level, source=source, text=text, profile=profile)

    # -- output --------------------------------------------------------------------------

    def _send_json(self, status: int, body: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
        data = safe_json(body).encode("utf-8")
        if status >= 400 and not getattr(self, "_body_read", False):
            # The request body (if any) was not read; the connection cannot be reused.
            self.close_connection = True
        self._body_read = False
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if self.close_connection:
            self.send_header("Connection", "close")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        # Request lines only (never headers: they carry the token), and only when asked.
        if self.server.log is not None:
            self.server.log.write(f"{self.address_string()} {format % args}\n")


def make_server(settings: Settings, *, host: str | None = None, port: int | None = None,
                log: IO[str] | None = None, idle_exit: float | None = None) -> GateServer:
    """A bound server (not yet serving): config checked, token ready, rules loaded.
    `idle_exit` (default [serve] idle_exit, 0 = never): run_server returns after
    that many seconds without a request."""
    config = serve_config(settings, host, port)
    if idle_exit is None:
        idle_exit = settings.section("serve").get("idle_exit", 0)
    if idle_exit < 0:
        raise ConfigError("serve.idle_exit must be 0 (never) or a number of seconds")
    token = load_or_create_token(config.token_file)
    service = LintService(settings)
    try:
        server = GateServer(config, service, token, log)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {config.host}:{config.port}: {exc.strerror}",
                          hint="is another mailaudit serve running? use --port") from None
    server.idle_exit = float(idle_exit)
    return server


def _exit_when_idle(server: GateServer) -> None:
    while True:
        time.sleep(min(1.0, server.idle_exit))
        if time.monotonic() - server.last_active >= server.idle_exit:
            server.shutdown()
            return


def run_server(server: GateServer, out: IO[str] = sys.stderr, lang: str = "en") -> None:
    from ..output.i18n import t

    out.write(t("serve-listening", lang, url=server.url, file=server.config.token_file) + "\n")
    out.flush()
    if server.idle_exit > 0:
        import threading

        threading.Thread(target=_exit_when_idle, args=(server,), daemon=True).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()
