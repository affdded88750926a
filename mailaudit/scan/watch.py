"""`mailaudit watch`: stay connected and scan as mail arrives.

The loop is: scan everything once, then wait for a reason to scan again:

* an IMAP account says something changed (IDLE on its watched folder: one
  connection and one thread per account);
* the fallback interval passes (catches folders that are not IDLEd, local
  Maildir/mbox sources, and anything a notification missed);
* a watcher reconnected after losing its connection (mail may have arrived).

An IDLE can go silent when the server dies (`idle_check` keeps returning
nothing), so every `renew` seconds the watcher ends the IDLE, sends NOOP (a
dead connection fails here), and starts a new IDLE. Failures reconnect with
exponential backoff; a refused login stops the watch (retrying cannot help).

Each scan is an ordinary scan: it takes the scan lock (waiting for a cron
scan that holds it) and commits batch by batch, so stopping the watch at any
moment is safe.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..config import Settings
from ..errors import AuthError, MailauditError
from .run import ScanSummary, ScanTarget, scan_with_lock

log = logging.getLogger(__name__)


@dataclass
class WatchOptions:
    fallback: float = 300.0  # seconds between scans when nothing is heard
    renew: float = 240.0  # re-issue IDLE (+ NOOP) at least this often
    idle_folder: str = "INBOX"
    max_backoff: float = 300.0
    settle: float = 1.0  # after a notification, wait for the rest of a burst


@dataclass
class WatchState:
    wake: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    fatal: list[MailauditError] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    scanning: bool = False

    def poke(self, reason: str) -> None:
        with self.lock:
            self.reasons.append(reason)
        self.wake.set()

    def take_reasons(self) -> list[str]:
        with self.lock:
            out, self.reasons = self.reasons, []
        self.wake.clear()
        return out


class IdleWatcher(threading.Thread):
    """IDLE on one folder of one IMAP account; pokes `state` on any change."""

    def __init__(self, account, state: WatchState, options: WatchOptions):
        super().__init__(name=f"idle-{account.name}", daemon=True)
        self.account = account
        self.state = state
        self.options = options
        self.failures = 0

    def run(self) -> None:
        from ..sources.imap import ImapSource

        while not self.state.stop.is_set():
            source = ImapSource(self.account)
            try:
                # The source's connection logic (TLS, secrets, OAuth2, one-line
                # errors) is reused; only IDLE itself is spoken here.
                client = source.connected()
                client.select_folder(self.options.idle_folder, readonly=True)  # EXAMINE
                if self.failures:
                    self.state.poke(f"{self.account.name}: reconnected")
                self.failures = 0
                self._idle_loop(client)
            except AuthError as exc:
                self.state.fatal.append(exc)
                self.state.stop.set()
                self.state.wake.set()
                return
            except Exception as exc:  # the watcher must never die silently: retry
                self.failures += 1
                delay = min(self.options.max_backoff, 2 ** min(self.failures, 10))
                why = exc.line() if isinstance(exc, MailauditError) else f"{type(exc).__name__}: {exc}"
                log.warning("watch %s: %s; reconnecting in %.0f s", self.account.name, why, delay)
                self.state.stop.wait(delay)
            finally:
                source.close()

    def _idle_loop(self, client) -> None:
        while not self.state.stop.is_set():
            client.idle()
            started = time.monotonic()
            ended: list = []
            try:
                while not self.state.stop.is_set():
                    left = self.options.renew - (time.monotonic() - started)
                    if left <= 0:
                        break
                    # Short waits so a stop request is seen within a second.
                    self._seen(client.idle_check(timeout=min(1.0, left)))
            finally:
                with contextlib.suppress(imaplib.IMAP4.abort, OSError):
                    ended = client.idle_done()[1]
            # A change the server reports while the IDLE ends, or with the NOOP,
            # counts as much as one during the IDLE: it will not be sent again.
            self._seen(ended)
            # Liveness: a dead server makes NOOP fail (an IDLE alone may not).
            self._seen(client.noop()[1])

    def _seen(self, responses) -> None:
        if any(_is_change(r) for r in responses or ()):
            self.state.poke(f"{self.account.name}: new mail")


def _is_change(response) -> bool:
    # (n, b"EXISTS"), (n, b"EXPUNGE"), (n, b"RECENT"), (n, b"FETCH", ...)
    return isinstance(response, tuple) and len(response) > 1 and response[1] in (
        b"EXISTS", b"RECENT", b"EXPUNGE", b"FETCH"
    )


def watch(
    db_path,
    settings: Settings,
    targets_factory: Callable[[], list[ScanTarget]],
    imap_accounts: list,
    *,
    options: WatchOptions | None = None,
    on_scan: Callable[[ScanSummary, list[str]], None] | None = None,
    state: WatchState | None = None,
    max_scans: int | None = None,
    **scan_kwargs,
) -> int:
    """Scan, then rescan on IDLE notifications or every `fallback` seconds,
    until stopped (SIGTERM/SIGINT or `state.stop`). Returns the number of scans."""
    options = options or WatchOptions()
    state = state or WatchState()
    watchers = [IdleWatcher(a, state, options) for a in imap_accounts]
    for w in watchers:
        w.start()
    scans = 0
    reasons = ["start"]
    previous = _install_stop_handlers(state)
    try:
        while not state.stop.is_set():
            state.scanning = True
            try:
                summary = scan_with_lock(
                    db_path, targets_factory, settings, wait=True, **scan_kwargs
                )
            finally:
                state.scanning = False
            scans += 1
            if on_scan:
                on_scan(summary, reasons)
            if max_scans is not None and scans >= max_scans:
                break
            state.wake.wait(options.fallback)
            if state.stop.is_set():
                break
            if state.wake.is_set():
                state.stop.wait(options.settle)  # let a burst of deliveries land
            reasons = state.take_reasons() or ["fallback interval"]
    finally:
        state.stop.set()
        _restore_stop_handlers(previous)
        for w in watchers:
            w.join(timeout=5)
    if state.fatal:
        raise state.fatal[0]
    return scans


def _install_stop_handlers(state: WatchState):
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        state.stop.set()
        state.wake.set()
        if state.scanning:
            # Abandon the scan: the batch in flight rolls back, the rest is kept.
            raise KeyboardInterrupt

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}


def _restore_stop_handlers(previous) -> None:
    for sig, handler in (previous or {}).items():
        signal.signal(sig, handler)
