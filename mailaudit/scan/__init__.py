"""The scan: source -> parse -> check/extract -> store, resumable (run.py); which
mailboxes (targets.py); one scan at a time (lock.py); IMAP IDLE (watch.py);
opt-in writes back to the mailbox (mailbox_writes.py)."""
