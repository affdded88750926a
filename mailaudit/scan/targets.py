"""What a scan reads: the mailboxes given on the command line, else the
config's accounts (all, or those named)."""

from __future__ import annotations

from pathlib import Path

from ..config import Settings
from ..errors import ConfigError, InputError, MailauditError
from ..sources import configured_sources, open_source, open_sources
from .run import ScanTarget


class OptionsConflict(MailauditError):
    """Options that do not go together (the CLI shows it as a usage error)."""


def build_targets(
    settings: Settings,
    accounts: tuple[str, ...],
    folders: tuple[str, ...],
    maildirs: tuple[str, ...],
    mboxes: tuple[str, ...],
) -> list[ScanTarget]:
    """Sources to scan: the paths given on the command line, else the config's
    accounts (all, or those named with --account)."""
    targets = []
    for kind, paths in (("maildir", maildirs), ("mbox", mboxes)):
        for given in paths:
            path = Path(given).expanduser()
            if not path.exists():
                raise InputError(f"{path}: no such {kind}")
            # The source name is the absolute path: stable across runs, so the
            # folder state is found again next time.
            name = f"{kind}:{path.resolve()}"
            table = {"kind": kind, "path": str(path.resolve())}
            targets.append(ScanTarget(open_source(name, table, settings), list(folders) or None))
    if maildirs or mboxes:
        if accounts:
            raise OptionsConflict("--account and --maildir/--mbox do not mix")
        return targets
    if not configured_sources(settings):
        where = settings.path or "./mailaudit.toml"
        raise ConfigError(
            f"{where}: no [accounts] or [sources] to scan",
            hint="add an [accounts.NAME] table (see docs/scan.md), or pass --maildir/--mbox",
        )
    return [ScanTarget(source, list(folders) or None) for source in open_sources(settings, list(accounts))]
