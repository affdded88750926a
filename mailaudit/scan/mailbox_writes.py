"""Results inside the mailbox (opt-in): IMAP keywords and a daily digest.

Off by default, and the only writes mailaudit ever makes to a mailbox:

    [scan.mark]                      # keywords on messages with findings
    levels = ["error", "warning"]    # which findings earn a keyword (default)
    accounts = ["work"]              # default: every IMAP account scanned

    [scan.digest]                    # a daily digest message in a folder
    folder = "Mailaudit"             # created when missing
    at = "18:00"                     # the first scan after this local time appends it
    level = "warning"                # lowest level listed
    accounts = ["work"]
    timezone = "Asia/Shanghai"       # default: [workflow] timezone, else UTC

A message gets the keyword of its highest level ($MailauditError,
$MailauditWarning, $MailauditInfo), which clients such as Thunderbird show as
tags. Which copies carry one is kept in the store (`marks`), so every copy is
marked once, copies that were stored while marking was off are marked too, and
a folder whose UIDVALIDITY changed is marked again under its new UIDs. Each
account gets one digest per day (`digests`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from ..config import Settings
from ..errors import ConfigError
from ..store.store import Store

KEYWORDS = {"error": "$MailauditError", "warning": "$MailauditWarning", "info": "$MailauditInfo"}
LEVELS = ("error", "warning", "info")
MARK_KEYS = {"levels", "accounts", "enabled"}
DIGEST_KEYS = {"folder", "at", "level", "accounts", "timezone", "enabled", "skip_empty"}


def _table(settings: Settings, name: str, known: set[str]) -> dict[str, Any] | None:
    table = settings.section("scan").get(name)
    if table is None or table.get("enabled", True) is False:
        return None
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(
            f"{settings.path or 'config'}: unknown key 'scan.{name}.{unknown[0]}'",
            hint=f"known: {', '.join(sorted(known))}",
        )
    return table


def _levels(values: list[str], where: str) -> tuple[str, ...]:
    bad = [v for v in values if v not in LEVELS]
    if bad:
        raise ConfigError(f"{where}: '{bad[0]}' is not a level", hint="use error, warning, info")
    return tuple(values)


@dataclass
class MarkSettings:
    levels: tuple[str, ...]
    accounts: list[str] | None


@dataclass
class DigestSettings:
    folder: str
    at: time
    floor: int  # lowest level rank included
    accounts: list[str] | None
    zone: ZoneInfo
    skip_empty: bool


def mark_settings(settings: Settings) -> MarkSettings | None:
    table = _table(settings, "mark", MARK_KEYS)
    if table is None:
        return None
    levels = _levels(list(table.get("levels", ["error", "warning"])), "scan.mark.levels")
    return MarkSettings(levels, table.get("accounts"))


def digest_settings(settings: Settings) -> DigestSettings | None:
    table = _table(settings, "digest", DIGEST_KEYS)
    if table is None:
        return None
    try:
        at = time.fromisoformat(str(table.get("at", "18:00")).zfill(5))
    except ValueError:
        raise ConfigError("scan.digest.at must be a time like \"18:00\"") from None
    level = _levels([table.get("level", "warning")], "scan.digest.level")[0]
    tz = table.get("timezone") or settings.section("workflow").get("timezone") or "UTC"
    try:
        zone = ZoneInfo(tz)
    except Exception:
        raise ConfigError(f"scan.digest.timezone: unknown timezone '{tz}'") from None
    return DigestSettings(
        folder=str(table.get("folder", "Mailaudit")),
        at=at,
        floor=LEVELS[::-1].index(level),
        accounts=table.get("accounts"),
        zone=zone,
        skip_empty=bool(table.get("skip_empty", True)),
    )


def _wanted(account_name: str, names: list[str] | None) -> bool:
    return names is None or account_name in names


def own_folders(settings: Settings, source) -> set[str]:
    """Folders mailaudit writes its digest to: a scan does not read them back."""
    if type(source).__name__ != "ImapSource":
        return set()
    digest = digest_settings(settings)
    if digest is None or not _wanted(source.name, digest.accounts):
        return set()
    return {digest.folder}


# ------------------------------------------------------------------- marks
def apply_marks(store: Store, accounts: list, marks: MarkSettings) -> int:
    """Set keywords on every unmarked copy with findings; returns how many."""
    from ..sources.imap import set_keywords

    done = 0
    for account in accounts:
        if not _wanted(account.name, marks.accounts):
            continue
        by_target: dict[tuple[str, str], list[str]] = {}
        for folder, key, level in store.unmarked(account.name, marks.levels):
            by_target.setdefault((folder, KEYWORDS[level]), []).append(key)
        for (folder, keyword), keys in by_target.items():
            state = store.folder_state(account.name, folder)
            validity = state.uidvalidity if state else None
            set_keywords(account, folder, keys, keyword, uidvalidity=validity)
            store.record_marks(account.name, folder, keys, keyword)
            done += len(keys)
    return done


# ------------------------------------------------------------------ digest
def _day_bounds(day, zone: ZoneInfo) -> tuple[str, str]:
    start = datetime.combine(day, time(), tzinfo=zone)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return (start.astimezone(ZoneInfo("UTC")).strftime(fmt),
            (start + timedelta(days=1)).astimezone(ZoneInfo("UTC")).strftime(fmt))


def digest_rows(store: Store, account: str, day, digest: DigestSettings) -> list[dict[str, Any]]:
    """Findings (at or above the level) of the account's messages dated `day`."""
    start, end = _day_bounds(day, digest.zone)
    return store.digest_findings(account, start, end, list(LEVELS[: len(LEVELS) - digest.floor]))


def digest_message(account, day, rows: list[dict[str, Any]], now: datetime) -> EmailMessage:
    messages = len({r["sha256"] for r in rows})
    msg = EmailMessage()
    msg["From"] = formataddr(("mailaudit", "mailaudit@localhost"))
    msg["To"] = account.username if "@" in account.username else "mailaudit@localhost"
    msg["Subject"] = f"mailaudit {day}: {len(rows)} findings in {messages} messages"
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = f"<digest-{day}-{account.name}@mailaudit.invalid>"
    msg["Auto-Submitted"] = "auto-generated"
    lines = [f"Mail audit digest for {day} ({account.name}): {len(rows)} findings in "
             f"{messages} messages.", ""]
    html = [f"<p>Mail audit digest for <b>{day}</b> ({escape(account.name)}): {len(rows)} "
            f"findings in {messages} messages.</p>",
            '<table cellpadding="4" style="border-collapse:collapse;font-size:14px">']
    last = None
    for r in rows:
        sender = r["from_name"] or r["from_email"]
        if r["sha256"] != last:
            last = r["sha256"]
            lines.append(f"{r['date_utc'][11:16]} UTC  {sender}: {r['subject']}")
            html.append(f'<tr><td colspan="2" style="border-top:1px solid #ccc"><b>'
                        f"{escape(r['subject'] or '(no subject)')}</b> — {escape(sender)}</td></tr>")
        lines.append(f"    [{r['level']}] {r['rule']}: {r['message']}")
        html.append(f'<tr><td style="color:#666">{escape(r["level"])}</td>'
                    f"<td>{escape(r['rule'])}: {escape(r['message'])}</td></tr>")
    html.append("</table>")
    msg.set_content("\n".join(lines) + "\n")
    msg.add_alternative("<html><body>" + "".join(html) + "</body></html>", subtype="html")
    return msg


def append_digests(store: Store, accounts: list, digest: DigestSettings, now: datetime) -> list[str]:
    """Append today's digest where it is due and not yet appended."""
    from ..sources.imap import append_digest

    local = now.astimezone(digest.zone)
    if local.time() < digest.at:
        return []
    day = local.date()
    appended = []
    for account in accounts:
        if not _wanted(account.name, digest.accounts):
            continue
        if store.digest_sent(account.name, digest.folder, day.isoformat()):
            continue
        rows = digest_rows(store, account.name, day, digest)
        if not rows and digest.skip_empty:
            continue
        msg = digest_message(account, day.isoformat(), rows, now)
        append_digest(account, digest.folder, msg.as_bytes())
        store.record_digest(account.name, digest.folder, day.isoformat(), msg["Message-ID"])
        appended.append(f"{account.name}/{digest.folder}")
    return appended
