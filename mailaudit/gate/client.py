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

ENV_SERVICE = "MAILAUDIT_SERVICE"  # "off": always lint in-process
SERVICE_MODES = ("auto", "off")
CONNECT_TIMEOUT = 0.5  # loopback: a listening service accepts at once
ANSWER_TIMEOUT = 30.0  # a large mail takes a while to lint; after this, lint here


def service_mode(settings: Settings, environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    mode = (env.get(ENV_SERVICE) or "").strip().lower()
    if mode in SERVICE_MODES:
        return mode
    return settings.section("sendmail").get("service", "auto")


def lint_via_service(raw: bytes, settings: Settings, *, source: str = "draft",
                     environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The service's answer for `raw` (with "text": the findings as `mailaudit
    lint` prints them), or None when it cannot give one for these settings."""
    if service_mode(settings, environ) == "off":
        return None
    import http.client
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
    token = read_token(config.token_file)
    if token is None or not _listener_is_ours(config.host, config.port):
        return None
    try:
        family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(CONNECT_TIMEOUT)
        try:
            sock.connect((config.host, config.port))
        except OSError:
            sock.close()
            return None
        sock.settimeout(ANSWER_TIMEOUT)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn = http.client.HTTPConnection(config.host, config.port)
        conn.sock = sock
        host = f"[{config.host}]" if ":" in config.host else config.host
        query = urlencode({"fail_level": settings.lint.fail_level, "text": "1", "source": source})
        try:
            conn.request("POST", f"/v1/lint?{query}", body=raw, headers={
                "Host": f"{host}:{config.port}",
                "Content-Type": "message/rfc822",
                "Authorization": f"Bearer {token}",
                SETTINGS_HEADER: settings_fingerprint(settings),
            })
            response = conn.getresponse()
            body = response.read()
        finally:
            conn.close()
        if response.status != 200:
            return None
        answer = json.loads(body)
    except (OSError, http.client.HTTPException, ValueError):
        return None
    if not isinstance(answer, dict) or not isinstance(answer.get("findings"), list) \
            or not isinstance(answer.get("text"), str):
        return None
    return answer


def _listener_is_ours(host: str, port: int) -> bool:
    """On Linux: the socket listening on host:port belongs to this user. Another
    local user could listen there while no service runs; the draft and the token
    must not go to them. Elsewhere (no /proc): True, the token check remains."""
    import socket

    table = "/proc/net/tcp6" if ":" in host else "/proc/net/tcp"
    try:
        with open(table, encoding="ascii") as f:
            lines = f.read().splitlines()[1:]
    except OSError:
        return not os.path.exists("/proc/net")
    if ":" in host:
        want = socket.inet_pton(socket.AF_INET6, "::1" if host != "::1" else host)
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
            return int(fields[7]) == os.getuid()
    return False


__all__ = ["ENV_SERVICE", "lint_via_service", "service_mode"]
