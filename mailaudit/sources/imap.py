"""IMAP source on imapclient: read-only, in UIDs, resumable. The only importer of imapclient.

Reading never changes the mailbox: folders are opened with EXAMINE and bodies
fetched with BODY.PEEK[], so no `\\Seen` flag is ever set. Per folder the state
is UIDVALIDITY + the highest UID covered (+ HIGHESTMODSEQ under CONDSTORE):

* nothing new -> one STATUS and nothing else (no EXAMINE, no FETCH);
* new mail -> EXAMINE, UID SEARCH from last UID + 1, UID FETCH in batches;
* UIDVALIDITY changed -> every batch of the re-read, from UID 1, has reset=True;
* the connection drops or the server restarts -> reconnect with exponential
  backoff and go on from the last batch handed out (the scan commits per batch).

The two opt-in writes of a scan (issue item 7) live here too, as functions the
scan calls only when the config enables them: `set_keywords` and `append_digest`.
"""

from __future__ import annotations

import imaplib
import logging
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from typing import Any, TypeVar

from imapclient import IMAPClient
from imapclient import exceptions as imap_errors

from ..errors import AuthError, ConfigError, ConnectionFailed, InputError
from .accounts import ImapAccount, select_folders
from .base import Batch, FolderState, RawMail
from .secrets import Secret, account_secret

log = logging.getLogger(__name__)

FETCH_ITEMS = [b"BODY.PEEK[]", b"FLAGS", b"INTERNALDATE"]
MAX_BACKOFF = 60.0
STORE_CHUNK = 500
NOT_SELECTABLE = {b"\\NOSELECT", b"\\NONEXISTENT"}
# A keyword is an IMAP atom; a leading backslash would make it a system flag.
KEYWORD = re.compile(r'^[^\\\s(){%*"\]\x00-\x1f\x7f][^\s(){%*"\\\]\x00-\x1f\x7f]*$')

T = TypeVar("T")


class _Dropped(Exception):
    """The connection died or could not be made: worth another try."""


class _Refused(_Dropped):
    """Nothing listens on the port: a server restarting is back within a second
    or two, anything longer is a wrong host or port, so retry briefly."""


REFUSED_RETRIES = 2
REFUSED_DELAY = 0.5


def _why(exc: BaseException) -> str:
    """A short reason from a library exception (imaplib puts bytes in args)."""
    arg = exc.args[0] if exc.args else ""
    if isinstance(arg, bytes):
        arg = arg.decode("utf-8", "replace")
    text = str(arg) or type(exc).__name__
    if text[:2] in ("b'", 'b"') and text[-1:] == text[1]:
        text = text[2:-1]  # imapclient re-raises some errors as str(bytes)
    return text.strip()[:200]


def _was_dropped(exc: BaseException) -> bool:
    """imapclient turns *any* error during login into LoginError, a dead socket
    included; only the exception it was raised from tells them apart."""
    return isinstance(exc.__context__, imaplib.IMAP4.abort | OSError)


class ImapSource:
    """One IMAP account as a `Source`. One connection, opened on first use."""

    def __init__(self, account: ImapAccount):
        self.account = account
        self.name = account.name
        self._client: IMAPClient | None = None
        self._password: Secret | None = None  # kept for reconnects; OAuth2 tokens are not

    def __repr__(self) -> str:
        a = self.account
        return f"ImapSource({a.name!r}, {a.username}@{a.host}:{a.port}, tls={a.tls})"

    # --------------------------------------------------------- connection
    def _where(self) -> str:
        return f"{self.account.host}:{self.account.port}"

    def _ssl_context(self) -> ssl.SSLContext | None:
        a = self.account
        if a.tls == "plain":
            return None
        try:
            # Verification is always on; ca_file only says whom to trust.
            return ssl.create_default_context(cafile=str(a.ca_file) if a.ca_file else None)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"ca_file {a.ca_file} of [accounts.{a.name}] cannot be loaded: {_why(exc)}",
                hint="give a PEM file with the CA certificate",
            ) from None

    def _connect(self) -> IMAPClient:
        a = self.account
        context = self._ssl_context()
        hint = f"check host, port and tls in [accounts.{a.name}]"
        try:
            client = IMAPClient(
                a.host, a.port, ssl=a.tls == "implicit", ssl_context=context, timeout=a.timeout
            )
            if a.tls == "starttls":
                client.starttls(context)
        except ssl.SSLCertVerificationError as exc:
            raise ConnectionFailed(
                f"TLS certificate of {self._where()} is not trusted: {exc.verify_message}",
                hint=f"set ca_file in [accounts.{a.name}] to the CA that signed it",
            ) from None
        except ssl.SSLError as exc:
            raise ConnectionFailed(
                f"TLS with {self._where()} failed: {exc.reason or _why(exc)}",
                hint=f"{hint} (implicit TLS is usually port 993, starttls 143)",
            ) from None
        except socket.gaierror as exc:
            raise ConnectionFailed(f"cannot resolve {a.host}: {exc.strerror}", hint=hint) from None
        except imap_errors.CapabilityError:
            raise ConnectionFailed(
                f"{self._where()} does not offer STARTTLS", hint=f"use tls = 'implicit'; {hint}"
            ) from None
        except ConnectionRefusedError:
            raise _Refused(f"connection refused by {self._where()}") from None
        except TimeoutError:
            raise _Dropped(f"no answer from {self._where()} within {a.timeout:g} s") from None
        except (imaplib.IMAP4.abort, OSError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else _why(exc)
            raise _Dropped(f"cannot connect to {self._where()}: {why}") from None
        except imaplib.IMAP4.error as exc:
            raise ConnectionFailed(f"{self._where()}: {_why(exc)}", hint=hint) from None
        client.normalise_times = False  # keep INTERNALDATE's own time zone
        if not logging.getLogger("imapclient").isEnabledFor(logging.DEBUG):
            # imapclient sets imaplib's debug level to 5, and imaplib then formats
            # every response line, message bodies included, into a log string
            # whether or not anyone logs it: a third of the fetch time.
            client._imap.debug = 0
        try:
            self._login(client)
        except BaseException:
            with suppress(Exception):
                client.shutdown()
            raise
        return client

    def _secret(self) -> Secret:
        if self.account.oauth2_token_command:
            return account_secret(self.account)  # tokens expire: a fresh one per connect
        if self._password is None:
            self._password = account_secret(self.account)
        return self._password

    def _login(self, client: IMAPClient) -> None:
        a = self.account
        secret = self._secret()
        try:
            if a.oauth2_token_command and a.oauth2_mechanism == "OAUTHBEARER":
                client.oauthbearer_login(a.username, secret.reveal())
            elif a.oauth2_token_command:
                client.oauth2_login(a.username, secret.reveal())
            else:
                client.login(a.username, secret.reveal())
        except imap_errors.LoginError as exc:
            if _was_dropped(exc):
                raise _Dropped(f"connection lost during login to {self._where()}") from None
            raise AuthError(
                f"login to {a.host} as {a.username} failed: {secret.scrub(_why(exc))}",
                hint=f"check {a.secret_key} in [accounts.{a.name}]",
            ) from None
        except (imaplib.IMAP4.abort, OSError):
            raise _Dropped(f"connection lost during login to {self._where()}") from None

    def _session(self) -> IMAPClient:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def connected(self) -> IMAPClient:
        """The logged-in client (connecting, with retries, when needed), for code
        that speaks IMAP itself, e.g. IDLE in watch.py. Errors as for fetch_new."""
        return self._retrying(self._session)

    def _disconnect(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with suppress(Exception):
                client.shutdown()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with suppress(Exception):
                client.logout()
            with suppress(Exception):
                client.shutdown()

    @contextmanager
    def _talking(self, what: str) -> Iterator[None]:
        """Library errors -> a retryable drop, or a one-line mailaudit error."""
        try:
            yield
        except imaplib.IMAP4.readonly:  # an abort subclass, but no retry will fix it
            raise InputError(
                f"imap {self.name}: {what}: the folder is read-only for {self.account.username}",
                hint="choose a folder this user may write to",
            ) from None
        except (imaplib.IMAP4.abort, OSError, EOFError) as exc:
            raise _Dropped(f"{what}: {_why(exc)}") from None
        except imaplib.IMAP4.error as exc:
            raise InputError(
                f"imap {self.name}: {what} failed: {_why(exc)}",
                hint=f"check folders in [accounts.{self.name}]",
            ) from None

    # ------------------------------------------------------------ retries
    def _backoff(self, failures: int, why: str, *, refused: bool = False) -> None:
        """Sleep before try number `failures` + 1, or give up."""
        a = self.account
        self._disconnect()
        retries = min(a.retries, REFUSED_RETRIES) if refused else a.retries
        if failures > retries:
            check = f"{a.host}:{a.port}, and that the server is up" if refused else f"that {a.host} is up"
            raise ConnectionFailed(
                f"{why} (gave up after {failures} tries)",
                hint=f"check {check}; the next scan resumes where this one stopped",
            )
        if refused:
            delay = min(REFUSED_DELAY, a.retry_delay)
        else:
            delay = min(MAX_BACKOFF, a.retry_delay * 2 ** (failures - 1))
        log.warning(
            "imap %s: %s; retry %d of %d in %.1f s", a.name, why, failures, retries, delay
        )
        time.sleep(delay)

    def _retrying(self, work: Callable[[], T]) -> T:
        failures = 0
        while True:
            try:
                return work()
            except _Dropped as exc:
                failures += 1
                self._backoff(failures, str(exc), refused=isinstance(exc, _Refused))

    # ------------------------------------------------------------- Source
    def folders(self) -> list[str]:
        def listing() -> list[str]:
            client = self._session()
            with self._talking("LIST"):
                rows = client.list_folders()
            names = [
                name
                for flags, _sep, name in rows
                if not NOT_SELECTABLE & {f.upper() for f in flags}
            ]
            return select_folders(names, self.account.folders, self.account.skip_folders)

        return self._retrying(listing)

    def fetch_new(self, folder: str, state: FolderState | None) -> Iterator[Batch]:
        position = state if state is not None else FolderState(self.name, folder)
        resetting = False  # a re-read after a UIDVALIDITY change is under way
        failures = 0
        while True:
            try:
                for batch in self._read_folder(folder, position, resetting):
                    failures = 0
                    position, resetting = batch.state, batch.reset
                    yield batch
                return
            except _Dropped as exc:
                failures += 1
                self._backoff(failures, str(exc))

    def _read_folder(self, folder: str, position: FolderState, resetting: bool) -> Iterator[Batch]:
        client = self._session()
        items = [b"UIDNEXT", b"UIDVALIDITY"]
        with self._talking("CAPABILITY"):
            if client.has_capability("CONDSTORE"):
                items.append(b"HIGHESTMODSEQ")
        with self._talking(f"STATUS {folder}"):
            status = client.folder_status(folder, items)
        validity, uidnext = status[b"UIDVALIDITY"], status[b"UIDNEXT"]
        modseq = status.get(b"HIGHESTMODSEQ")

        reset, start = resetting, position.last_uid
        if position.uidvalidity is None:
            start = 0
        elif position.uidvalidity != validity:
            if resetting:
                # Changed again while we re-read it: let the next scan start clean.
                raise ConnectionFailed(
                    f"UIDVALIDITY of {folder} changed twice during one scan",
                    hint="run the scan again",
                )
            log.info("imap %s: UIDVALIDITY of %s changed; re-reading it", self.name, folder)
            reset, start = True, 0
        elif uidnext - 1 <= start:
            # The no-change case: one STATUS, no EXAMINE, no FETCH.
            if modseq != position.highestmodseq:
                yield Batch([], replace(position, highestmodseq=modseq), reset=reset)
            return

        with self._talking(f"EXAMINE {folder}"):
            opened = client.select_folder(folder, readonly=True)
        if opened.get(b"UIDVALIDITY", validity) != validity:
            raise _Dropped(f"UIDVALIDITY of {folder} changed while opening it")
        uidnext = opened.get(b"UIDNEXT", uidnext)
        modseq = opened.get(b"HIGHESTMODSEQ", modseq)
        with self._talking(f"UID SEARCH {folder}"):
            found = client.search([b"UID", f"{start + 1}:*".encode()])
        # `n:*` with n past the end still names the last message: drop what we have.
        uids = sorted(u for u in found if u > start)
        # Everything below UIDNEXT (as of EXAMINE) is in `found`, so it is covered.
        covered = max(start, uidnext - 1)
        if not uids:
            self._unselect(client)
            yield Batch([], FolderState(self.name, folder, validity, covered, modseq), reset=reset)
            return
        size = self.account.batch_size
        for i in range(0, len(uids), size):
            chunk = uids[i : i + size]
            with self._talking(f"UID FETCH {folder}"):
                response = client.fetch(chunk, FETCH_ITEMS)
            mails = [
                self._mail(folder, uid, response[uid]) for uid in chunk if uid in response
            ]  # a UID missing from the response was expunged meanwhile
            final = i + size >= len(uids)
            state = FolderState(
                self.name,
                folder,
                validity,
                max(chunk[-1], covered) if final else chunk[-1],
                modseq if final else (None if reset else position.highestmodseq),
            )
            yield Batch(mails, state, reset=reset, total=len(uids))
        self._unselect(client)

    def _unselect(self, client: IMAPClient) -> None:
        """Leave the folder: a later STATUS of a selected folder may be stale
        (RFC 3501 6.3.10). UNSELECT, not CLOSE: nothing is ever expunged."""
        if client.has_capability("UNSELECT"):
            with suppress(imaplib.IMAP4.error, OSError):
                client.unselect_folder()

    def _mail(self, folder: str, uid: int, item: dict[bytes, Any]) -> RawMail:
        return RawMail(
            source=self.name,
            folder=folder,
            key=str(uid),
            data=bytes(item.get(b"BODY[]") or b""),
            flags=tuple(f.decode("ascii", "replace") for f in item.get(b"FLAGS", ())),
            internaldate=item.get(b"INTERNALDATE"),
        )


# ------------------------------------------------------ opt-in writes (item 7)
def set_keywords(
    account: ImapAccount,
    folder: str,
    uid_list: Iterable[int | str],
    keyword: str,
    *,
    uidvalidity: int | None = None,
) -> int:
    """Add `keyword` (e.g. "$MailauditWarning") to messages by UID; returns how
    many now carry it. Call only when the config enables marking: this and
    `append_digest` are the only writes mailaudit ever makes to a mailbox.

    Pass the `uidvalidity` the UIDs were read under: if the folder's identity
    changed since, the UIDs name other messages and nothing is marked.
    """
    if not KEYWORD.match(keyword):
        raise ConfigError(
            f"{keyword!r} is not a valid IMAP keyword",
            hint="use letters, digits and $ _ - . (e.g. $MailauditWarning)",
        )
    uids = sorted({int(u) for u in uid_list})
    if not uids:
        return 0
    source = ImapSource(account)

    def mark() -> int:
        client = source._session()
        with source._talking(f"SELECT {folder}"):
            opened = client.select_folder(folder, readonly=False)
        if uidvalidity is not None and opened.get(b"UIDVALIDITY") != uidvalidity:
            raise InputError(
                f"UIDVALIDITY of {folder} changed since the scan; no keywords set",
                hint="run mailaudit scan again, then mark",
            )
        allowed = {f.upper() for f in opened.get(b"PERMANENTFLAGS", ())}
        if b"\\*" not in allowed and keyword.upper().encode() not in allowed:
            raise InputError(
                f"{folder} on {account.host} does not accept new keywords",
                hint="choose another folder or turn marking off",
            )
        marked = 0
        for i in range(0, len(uids), STORE_CHUNK):
            with source._talking(f"UID STORE {folder}"):
                marked += len(client.add_flags(uids[i : i + STORE_CHUNK], [keyword]))
        # No CLOSE: in a read-write folder it would expunge \Deleted messages.
        return marked

    try:
        return source._retrying(mark)  # +FLAGS is idempotent: safe to retry
    finally:
        source.close()


APPENDUID = re.compile(rb"\[APPENDUID \d+ (\d+)\]")


def append_digest(
    account: ImapAccount, folder: str, raw_bytes: bytes, *, create: bool = True
) -> int | None:
    """APPEND a digest message to `folder` (created when missing); returns its
    UID when the server says (UIDPLUS). Opt-in, like `set_keywords`.

    The APPEND itself is not retried: if the connection drops after the server
    stored the message, a retry would store it twice.
    """
    source = ImapSource(account)
    try:
        client = source._retrying(source._session)
        try:
            with source._talking(f"APPEND {folder}"):
                if create and not client.folder_exists(folder):
                    client.create_folder(folder)
                reply = client.append(folder, raw_bytes)
        except _Dropped as exc:
            raise ConnectionFailed(
                f"{exc}; the digest may or may not have been stored",
                hint=f"look in {folder} before sending it again",
            ) from None
        found = APPENDUID.search(reply if isinstance(reply, bytes) else b"")
        return int(found.group(1)) if found else None
    finally:
        source.close()
