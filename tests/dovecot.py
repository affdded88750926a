"""A real Dovecot on 127.0.0.1 for the IMAP tests, run from a temporary directory.

One server per test session; each test gets its own user (and so its own
Maildir), which keeps tests independent without restarting anything. The
server can be killed (SIGKILL to its process group: a dropped server, clients
see their sockets die) and started again on the same ports and data.

Facts this relies on are in ../shared/notes/imap-testing.md: mail and login
processes must not run as root, the whole tree must be traversable by the
users `dovecot` and `nobody` (so the root is 0755, not pytest's 0700 tmp_path),
and failed logins are delayed unless told otherwise.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient, imap_utf7

MAIL_UID = "nobody"
MAIL_GID = "nogroup"

CONFIG = """\
# Written by tests/dovecot.py: a throwaway server, nothing here is for production.
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
{ssl_dh}
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
# Bad-password tests must not stall: no failure delay, and the auth process
# cannot reach anvil's penalty socket (mode 0), so no growing penalty either.
auth_failure_delay = 0
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
mail_location = maildir:~/Maildir
mail_uid = {mail_uid}
mail_gid = {mail_gid}
first_valid_uid = 1
default_login_user = dovenull
default_internal_user = dovecot
rawlog_dir = {root}/rawlog/%u
passdb {{
  driver = passwd-file
  # One file per user: Dovecot re-reads a changed passwd-file at most once a
  # second, but a new file is read at once, so users can be added mid-session.
  args = scheme=PLAIN username_format=%u {root}/passwd.d/%u
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
"""


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None
    )


def unavailable_reason() -> str | None:
    """Why a Dovecot cannot be started here, or None when it can."""
    if dovecot_binary() is None:
        return "dovecot is not installed (apt-get install dovecot-imapd)"
    if shutil.which("openssl") is None:
        return "openssl is not installed (apt-get install openssl): it makes the test certificate"
    if os.geteuid() != 0:
        return "the test Dovecot runs mail as user nobody, which needs root"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chown_tree(path: Path) -> None:
    for dirpath, _dirs, files in os.walk(path):
        shutil.chown(dirpath, MAIL_UID, MAIL_GID)
        for name in files:
            shutil.chown(os.path.join(dirpath, name), MAIL_UID, MAIL_GID)


def make_message(n: int, subject: str | None = None, body: str | None = None) -> bytes:
    """A small message, the same bytes for the same n (Message-ID and body differ per n)."""
    subject = subject or f"Test message {n}"
    body = body or f"This is message number {n}.\r\n"
    return (
        f"From: Sender {n} <sender{n}@example.com>\r\n"
        f"To: team@example.com\r\n"
        f"Subject: {subject}\r\n"
        f"Date: Mon, 06 May 2024 10:{n % 60:02d}:00 +0000\r\n"
        f"Message-ID: <test-{n}@example.com>\r\n"
        f"\r\n{body}"
    ).encode()


class Dovecot:
    """One Dovecot instance under its own 0755 temporary directory."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="mailaudit-dovecot-"))
        self.root.chmod(0o755)
        self.imap_port = _free_port()
        self.imaps_port = _free_port()
        self.cert = self.root / "cert.pem"
        self.proc: subprocess.Popen | None = None
        self._users = itertools.count(1)
        self._seq = itertools.count(1)
        for sub in ("run", "state", "home", "rawlog"):
            (self.root / sub).mkdir(mode=0o755)
        (self.root / "passwd.d").mkdir(mode=0o755)
        self._make_certificate()
        dh = "/usr/share/dovecot/dh.pem"
        self.config = self.root / "dovecot.conf"
        self.config.write_text(
            CONFIG.format(
                root=self.root,
                imap_port=self.imap_port,
                imaps_port=self.imaps_port,
                mail_uid=MAIL_UID,
                mail_gid=MAIL_GID,
                ssl_dh=f"ssl_dh = <{dh}" if os.path.exists(dh) else "",
            )
        )

    def _make_certificate(self) -> None:
        subprocess.run(
            [
                "openssl", "req", "-x509", "-nodes", "-days", "2",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", str(self.root / "key.pem"), "-out", str(self.cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    # ----------------------------------------------------------- lifecycle
    def start(self) -> None:
        # Never a pipe for its output: the server keeps it open (see the notes).
        with open(self.root / "stdout.log", "ab") as log:
            self.proc = subprocess.Popen(
                [dovecot_binary(), "-F", "-c", str(self.config)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group, so kill() takes every child
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.imap_port), timeout=0.5).close()
                socket.create_connection(("127.0.0.1", self.imaps_port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError(f"dovecot did not start listening:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL the whole server: what a crash or power cut looks like to a client."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None
        # Its login processes die after the master and may still hold the listening
        # sockets for a moment: a start() right after would see the old server accept,
        # then a client would be refused. Wait until nothing answers on the ports.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self._answers():
            time.sleep(0.02)

    def _answers(self) -> bool:
        for port in (self.imap_port, self.imaps_port):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return True
            except OSError:
                continue
        return False

    def restart(self) -> None:
        self.kill()
        self.start()

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
        self.kill()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        text = ""
        for name in ("dovecot.log", "stdout.log"):
            path = self.root / name
            if path.exists():
                text += path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    # --------------------------------------------------------------- users
    def add_user(self, password: str | None = None) -> tuple[str, str]:
        """A fresh user with an empty INBOX; returns (username, password)."""
        user = f"user{next(self._users)}"
        password = password or f"pw-{user}-{os.urandom(4).hex()}"
        (self.root / "passwd.d" / user).write_text(f"{user}:{{PLAIN}}{password}::::::\n")
        self.maildir(user)
        rawlog = self.root / "rawlog" / user
        rawlog.mkdir(mode=0o755)
        shutil.chown(rawlog, MAIL_UID, MAIL_GID)
        return user, password

    def home(self, user: str) -> Path:
        return self.root / "home" / user

    def maildir(self, user: str, folder: str = "INBOX") -> Path:
        """The Maildir++ directory of a folder ("Projects/Ads" -> .Projects.Ads)."""
        base = self.home(user) / "Maildir"
        # On disk, names are modified UTF-7 ("项目" is "&mHl27g-") and "/" is ".".
        on_disk = imap_utf7.encode(folder).decode("ascii").replace("/", ".")
        path = base if folder == "INBOX" else base / ("." + on_disk)
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        _chown_tree(self.home(user))
        return path

    def deliver(
        self, user: str, messages: list[bytes], folder: str = "INBOX", seen: bool = False
    ) -> None:
        """Write messages straight into the Maildir (10-20x faster than APPEND)."""
        path = self.maildir(user, folder)
        stamp = int(time.time())
        for data in messages:
            unique = f"{stamp}.M{next(self._seq):06d}P{os.getpid()}.mailaudit-test"
            name = f"cur/{unique}:2,S" if seen else f"new/{unique}"
            target = path / name
            target.write_bytes(data)
            shutil.chown(target, MAIL_UID, MAIL_GID)

    def client(self, user: str, password: str) -> IMAPClient:
        """A plain-text admin client for test setup and checks (not the code under test)."""
        c = IMAPClient("127.0.0.1", self.imap_port, ssl=False, timeout=10)
        c.login(user, password)
        return c

    def change_uidvalidity(self, user: str, password: str, folder: str) -> None:
        """Give a folder a new UIDVALIDITY with the same messages: RENAME it away,
        CREATE it anew (Dovecot hands out a fresh UIDVALIDITY), copy back, delete."""
        with self.client(user, password) as c:
            old = f"{folder}-old-{next(self._seq)}"
            c.rename_folder(folder, old)
            c.create_folder(folder)
            c.select_folder(old)
            uids = c.search("ALL")
            if uids:
                c.copy(uids, folder)
            c.close_folder()
            c.delete_folder(old)

    def rebuild_folder(self, user: str, folder: str = "INBOX") -> None:
        """What a server rebuild or restore from backup looks like: the folder's
        UID list and indexes are gone, so it comes back with a new UIDVALIDITY
        (Dovecot keeps these increasing) and the same messages. Restarts the server."""
        self.kill()
        path = self.maildir(user, folder)
        for f in [path / "dovecot-uidlist", *path.glob("dovecot.index*")]:
            f.unlink(missing_ok=True)
        self.start()

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    # ------------------------------------------------- what the server saw
    def rawlog_lines(self, user: str, settle: float = 2.0) -> list[str]:
        """Every line the server read from `user`'s clients after login (Dovecot's
        rawlog, one .in file per session), oldest session first. Waits until each
        session's log ends with LOGOUT or the connection is gone."""
        deadline = time.monotonic() + settle
        while True:
            files = sorted((self.root / "rawlog" / user).glob("*.in"))
            texts = [f.read_bytes().decode("utf-8", "replace") for f in files]
            if all(" LOGOUT" in t for t in texts) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        # Each line starts with a timestamp: "1716990000.123456 A001 STATUS ..."
        return [RAWLOG_STAMP.sub("", line) for t in texts for line in t.splitlines()]

    def commands(self, user: str) -> list[str]:
        """IMAP command names the server received, e.g. ["STATUS", "UID FETCH", "LOGOUT"]."""
        found = []
        for line in self.rawlog_lines(user):
            m = COMMAND_LINE.match(line)
            if m:
                found.append(m.group(1))
        return found

    def clear_rawlog(self, user: str) -> None:
        for f in (self.root / "rawlog" / user).glob("*"):
            f.unlink()

    def logins(self, user: str, expect: str = "", settle: float = 2.0) -> list[str]:
        """Dovecot's log lines about login attempts of `user` (methods, failures).
        The server logs a connection when it ends, so wait (up to `settle` s)
        for a line containing `expect`."""
        deadline = time.monotonic() + settle
        while True:
            log = (self.root / "dovecot.log").read_text(errors="replace")
            lines = [ln for ln in log.splitlines() if f"user=<{user}>" in ln and "imap-login" in ln]
            if any(expect in ln for ln in lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)


# A command line: tag, then an upper-case command (body lines of APPENDed mail
# do not look like this).
RAWLOG_STAMP = re.compile(r"^\d+\.\d+ ")
COMMAND_LINE = re.compile(r"^[A-Za-z0-9.]+ (UID [A-Z]+|[A-Z]+)\b")


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="session")
def dovecot_server():
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    server = Dovecot()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def dovecot(dovecot_server: Dovecot) -> Dovecot:
    """The session's Dovecot, running (an earlier test may have killed it)."""
    if dovecot_server.proc is None or dovecot_server.proc.poll() is not None:
        dovecot_server.start()
    return dovecot_server


@pytest.fixture
def imap_user(dovecot: Dovecot) -> tuple[str, str]:
    """A fresh user with an empty INBOX: (username, password)."""
    return dovecot.add_user()
