"""Mail sources: IMAP accounts, Maildirs and mbox files, each a `Source` (base.py).

    from mailaudit.sources import open_sources
    for source in open_sources(settings):
        for folder in source.folders():
            for batch in source.fetch_new(folder, store.folder_state(source.name, folder)):
                ...  # store batch.mails and batch.state in one transaction
        source.close()

Sources come from `[accounts.NAME]` tables (kind = imap | maildir | mbox, keys
in docs/sources.md) and from the `[sources]` lists of Maildir and mbox paths.
imapclient is imported only when an IMAP account is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Settings, check_account
from ..errors import ConfigError
from .accounts import imap_account, local_account
from .base import Batch, FolderState, RawMail, Source

__all__ = [
    "Batch",
    "FolderState",
    "RawMail",
    "Source",
    "configured_sources",
    "open_source",
    "open_sources",
]


def _base(settings: Settings | None) -> Path | None:
    return settings.path.parent if settings is not None and settings.path else None


def open_source(
    name: str, config_table: dict[str, Any], settings: Settings | None = None
) -> Source:
    """A Source for one account table. Nothing connects until it is used."""
    kind = check_account(name, config_table, settings.path if settings else None)
    base = _base(settings)
    batch_size = (settings.section("scan").get("batch_size") if settings else None) or None
    if kind == "imap":
        from .imap import ImapSource

        return ImapSource(imap_account(name, config_table, base, batch_size))
    account = local_account(name, config_table, base, batch_size)
    if kind == "maildir":
        from .maildir import MaildirSource

        return MaildirSource(account)
    from .mbox import MboxSource

    return MboxSource(account)


def configured_sources(settings: Settings) -> dict[str, dict[str, Any]]:
    """Every configured source as name -> account table: the `[accounts.*]`
    tables, then each path of `[sources] maildir/mbox`, named by the path."""
    tables: dict[str, dict[str, Any]] = dict(settings.section("accounts"))
    for kind in ("maildir", "mbox"):
        for path in settings.section("sources").get(kind, []):
            if not isinstance(path, str):
                raise ConfigError(f"{settings.path}: sources.{kind} must list paths as strings")
            tables.setdefault(path, {"kind": kind, "path": path})
    return tables


def open_sources(settings: Settings, names: list[str] | None = None) -> list[Source]:
    """Sources for every configured account, or only for `names` (--account)."""
    tables = configured_sources(settings)
    if names:
        missing = [n for n in names if n not in tables]
        if missing:
            raise ConfigError(
                f"no account named {', '.join(missing)}",
                hint=f"configured: {', '.join(tables) or 'none (add [accounts.NAME])'}",
            )
        tables = {n: tables[n] for n in names}
    return [open_source(name, table, settings) for name, table in tables.items()]
