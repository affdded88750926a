"""mailaudit: email workflow auditor (pre-send lint, mailbox scan, evidence log)."""

__version__ = "0.1.0"
