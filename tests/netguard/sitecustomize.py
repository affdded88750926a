"""Refuse and record any network use beyond loopback, DNS included.

The suite puts this folder on PYTHONPATH, so every Python process it starts (the
test process, `python -m mailaudit ...`, `mailaudit serve`, scan workers) loads it.
A connection, datagram or name lookup for anything but loopback raises OSError in
the process and appends a line to $MAILAUDIT_NETGUARD_LOG; the suite fails the test
that caused it (tests/conftest.py). Tests must not depend on the network: DKIM keys
come through the resolver hook, servers listen on 127.0.0.1.

With MAILAUDIT_TEST_CRASH set it also installs crashpoints.py (a scan killed at a
chosen point), the one other hook the suite puts into the processes it starts.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import traceback

_LOG = os.environ.get("MAILAUDIT_NETGUARD_LOG")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_loopback(host: object) -> bool:
    if host is None:  # getaddrinfo(None, port): the local wildcard/loopback
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%")[0].lower()
    if name in _LOOPBACK_NAMES or name == "":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _refuse(what: str, target: object) -> None:
    line = f"{os.getpid()} {what} {target!r}"
    if _LOG:
        stack = "".join(traceback.format_stack(limit=12)[:-2]).replace("\n", "\n    ")
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{line}\n    {stack}\n")
    raise OSError(101, f"network use beyond loopback is refused in tests: {what} {target!r}")


def _address_host(address: object) -> object:
    if isinstance(address, tuple) and address:
        return address[0]
    return "unix" if isinstance(address, (str, bytes)) else address


def _inet(sock: socket.socket) -> bool:
    return sock.family in (socket.AF_INET, socket.AF_INET6)


def install() -> None:
    if getattr(socket, "_mailaudit_netguard", False):
        return
    socket._mailaudit_netguard = True  # type: ignore[attr-defined]
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex

    def getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN202
        if not _is_loopback(host):
            _refuse("getaddrinfo", host)
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host):  # noqa: ANN001, ANN202
        if not _is_loopback(host):
            _refuse("gethostbyname", host)
        return real_gethostbyname(host)

    def gethostbyname_ex(host):  # noqa: ANN001, ANN202
        if not _is_loopback(host):
            _refuse("gethostbyname_ex", host)
        return real_gethostbyname_ex(host)

    def connect(self, address):  # noqa: ANN001, ANN202
        if _inet(self) and not _is_loopback(_address_host(address)):
            _refuse("connect", address)
        return real_connect(self, address)

    def connect_ex(self, address):  # noqa: ANN001, ANN202
        if _inet(self) and not _is_loopback(_address_host(address)):
            _refuse("connect", address)
        return real_connect_ex(self, address)

    def sendto(self, data, *args):  # noqa: ANN001, ANN202
        address = args[-1] if args else None
        if _inet(self) and not _is_loopback(_address_host(address)):
            _refuse("sendto", address)
        return real_sendto(self, data, *args)

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto


if os.environ.get("MAILAUDIT_NETGUARD_LOG"):
    install()

if os.environ.get("MAILAUDIT_TEST_CRASH"):
    import crashpoints  # this folder's: a scan killed at a chosen point (tests/test_scan_crash.py)

    crashpoints.install(os.environ["MAILAUDIT_TEST_CRASH"])
