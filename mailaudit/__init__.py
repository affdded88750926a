"""mailaudit: email workflow auditor (pre-send lint, mailbox scan, evidence log).

One folder per stage; data flows down this list and a stage imports only those
above it (tests/test_layout.py keeps it so; docs/architecture.md says more):

    errors.py   MailauditError and its subclasses; ExitStatus
    config.py   mailaudit.toml -> Settings; unknown keys are errors with a hint
    mail/       bytes -> Message: charsets, RFC 2047/2231, HTML to text, body parts
                (own text / quote / signature / footer), addresses, language; the one
                reply-prefix list and CJK range (textutil)
    sources/    where mail comes from: IMAP, Maildir, mbox, accounts, secrets, paths
    engine/     rule files, vocabularies, selection, the kinds registry, the Linter
    extract/    ad-placement instructions out of a Message: cues, slots, dates
    store/      SQLite: every table (schema), the Store and its named queries, full text
    checks/     check kinds, one module per family; mailbox.py for mailbox-scope rules
    evidence/   the evidence log: ingest, ledger (hash chain), proof, DKIM, threads,
                lookup, export, reconcile
    scan/       source -> parse -> check/extract -> store, resumable; lock; watch;
                opt-in writes back to the mailbox
    output/     text, JSON and HTML renderings: lint, scan summary, report, evidence
    gate/       pre-send: sendmail wrapper, git hook, local lint service
    cli/        the `mailaudit` command, one module per command family
"""

__version__ = "0.1.0"
