"""Shared fixtures. Each part lives in its own module; import its fixtures here."""

from dovecot import dovecot, dovecot_server, imap_user  # noqa: F401  (real Dovecot on loopback)
