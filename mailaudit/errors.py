"""Errors with one-line messages, and the exit statuses they map to."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0  # ran; nothing reached the fail level
    FINDINGS = 1  # a finding reached the fail level (lint), or a scan had failures
    USAGE = 2  # bad arguments, bad config, unreadable input
    AUTH = 3  # the server refused the credentials
    UNAVAILABLE = 4  # a server could not be reached / TLS failed
    LOCKED = 5  # another scan holds the lock
    INTEGRITY = 6  # evidence verification found a mismatch


class MailauditError(Exception):
    """Base of every error the CLI turns into `Error: ...` and an exit status."""

    status: ExitStatus = ExitStatus.USAGE

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    def line(self) -> str:
        msg = str(self)
        return f"{msg} ({self.hint})" if self.hint else msg


class ConfigError(MailauditError):
    """mailaudit.toml or a rule file is wrong."""


class InputError(MailauditError):
    """An input path cannot be read or is not mail."""


class AuthError(MailauditError):
    status = ExitStatus.AUTH


class ConnectionFailed(MailauditError):
    status = ExitStatus.UNAVAILABLE


class LockedError(MailauditError):
    status = ExitStatus.LOCKED


class IntegrityError(MailauditError):
    status = ExitStatus.INTEGRITY
