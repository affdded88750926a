"""Lint through a running `mailaudit serve` instead of loading the rules here.

`mailaudit sendmail` and the git hook run once per mail: loading Python, the
rules, spaCy and jieba costs them 0.5-1 s each time. When the person runs
`mailaudit serve` (or a service manager keeps it up), they send the message to
it over loopback with the token from the token file and get the findings in a
few milliseconds. They fall back to linting in-process whenever the service
cannot answer for exactly their settings: nothing listening, no token file,
another user's service, a service started with other settings, rules or code
(it answers 409), a timeout, any error. The verdict is the same either way.

Only the standard library is imported here, and only when asked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

ENV_SERVICE = "MAILAUDIT_SERVICE"  # "off": always lint in-process; "start": start one
SERVICE_MODES = ("auto", "start", "off")
CONNECT_TIMEOUT = 0.5  # loopback: a listening service accepts at once
ANSWER_TIMEOUT = 30.0  # a large mail takes a while to lint; after this, lint here


def service_mode(settings: Settings, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    mode = (env.get(ENV_SERVICE) or "").strip().lower()
    if mode in SERVICE_MODES:
        return mode
    return settings.section("sendmail").get("service", "auto")


def lint_via_service(raw: bytes, settings: Settings, *, source: str = "draft",
                     profile: str | None = None, fail_level: str | None = None,
                     environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The service's answer for `raw` (with "text": the findings as `mailaudit
    lint` prints them), or None when it cannot give one for these settings.
    `profile`: "patch" lints with the git hook's selection of these settings."""
    if service_mode(settings, environ) == "off":
        return None
    import json
    import socket
    from urllib.parse import urlencode

    from ..errors import MailauditError
    from .endpoint import SETTINGS_HEADER, serve_config, settings_fingerprint
    from .token import read_token

    try:
        config = serve_config(settings)
    except MailauditError:
        return None
    state = _listener_state(config.host, config.port)
    if state == "none":
        if service_mode(settings, environ) == "start":
            _start_service(settings)  # for the next send; this one is linted here
        return None
    token = read_token(config.token_file)
    if token is None or state != "ours":
        return None
    host = f"[{config.host}]" if ":" in config.host else config.host
    params = {"fail_level": fail_level or settings.lint.fail_level, "text": "1", "source": source}
    if profile:
        params["profile"] = profile
    query = urlencode(params)
    head = (
        f"POST /v1/lint?{query} HTTP/1.1\r\n"
        f"Host: {host}:{config.port}\r\n"
        "Content-Type: message/rfc822\r\n"
        f"Content-Length: {len(raw)}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"{SETTINGS_HEADER}: {settings_fingerprint(settings)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode("ascii")
    try:
        family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect((config.host, config.port))
            sock.settimeout(ANSWER_TIMEOUT)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.sendall(head + raw)
            status, body = _read_response(sock)
        if status != 200:
            return None
        answer = json.loads(body)
    except (OSError, ValueError):
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("findings"), list) \
            or not isinstance(answer.get("text"), str):
        return None
    return answer


MAX_ANSWER = 64 * 1024 * 1024


def _read_response(sock) -> tuple[int, bytes]:
    """Status and body of the service's HTTP/1.1 answer (always with a
    Content-Length; http.client would cost this short-lived process ~20 ms of
    imports). ValueError when it is not such an answer."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk or len(data) > 65536:
            raise ValueError("no complete HTTP header")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
        raise ValueError("not an HTTP answer")
    status = int(parts[1])
    length = None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None or not 0 <= length <= MAX_ANSWER:
        raise ValueError("no usable Content-Length")
    while len(body) < length:
        chunk = sock.recv(min(1 << 20, length - len(body)))
        if not chunk:
            raise ValueError("the answer ended early")
        body += chunk
    return status, body[:length]


AUTOSTART_IDLE_EXIT = 900  # seconds: a service the first send started goes away after this


def _start_service(settings: Settings) -> None:
    """Start `mailaudit serve` in the background with the settings of this send
    (`[sendmail] service = "start"`), exiting after [serve] idle_exit or 15
    minutes without a request. A second start while one is starting fails to
    bind and exits; nothing waits for it."""
    import contextlib
    import subprocess
    import sys

    command = [sys.executable, "-m", "mailaudit"]
    if settings.path is not None:
        command += ["--config", str(settings.path)]
    command.append("serve")
    if "idle_exit" not in settings.section("serve"):
        command += ["--idle-exit", str(AUTOSTART_IDLE_EXIT)]
    with contextlib.suppress(OSError):
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)


def _listener_is_ours(host: str, port: int) -> bool:
    return _listener_state(host, port) == "ours"


def _listener_state(host: str, port: int) -> str:
    """On Linux, who listens on host:port: "ours" (this user), "other" (another
    local user, who could listen there while no service runs: the draft and the
    token must not go to them) or "none". Elsewhere (no /proc): "ours", and the
    token check remains."""
    import socket

    table = "/proc/net/tcp6" if ":" in host else "/proc/net/tcp"
    try:
        with open(table, encoding="ascii") as f:
            lines = f.read().splitlines()[1:]
    except OSError:
        return "none" if os.path.exists("/proc/net") else "ours"
    if ":" in host:
        want = socket.inet_pton(socket.AF_INET6, "::1")
        addr = "".join(want[i:i + 4][::-1].hex().upper() for i in range(0, 16, 4))
    else:
        addr = socket.inet_aton("127.0.0.1").hex().upper()
        addr = "".join(addr[i:i + 2] for i in (6, 4, 2, 0))
    any_addr = "0" * len(addr)
    for line in lines:
        fields = line.split()
        if len(fields) < 8 or fields[3] != "0A":  # 0A: LISTEN
            continue
        local_addr, _, local_port = fields[1].partition(":")
        if int(local_port, 16) == port and local_addr in (addr, any_addr):
            return "ours" if int(fields[7]) == os.getuid() else "other"
    return "none"


__all__ = ["ENV_SERVICE", "lint_via_service", "service_mode"]
