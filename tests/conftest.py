"""Shared fixtures. Each part lives in its own module; import its fixtures here."""

import os

from dovecot import dovecot, dovecot_server, imap_user  # noqa: F401  (real Dovecot on loopback)

# No test asks a real DNS resolver: DKIM keys come through the dnsfunc hook
# (tests/test_evidence_dkim.py); anything else that would reach the system
# resolver gets a temperror instead. An environment variable, so scan workers
# in other processes see it too.
os.environ["MAILAUDIT_NO_DNS"] = "1"
