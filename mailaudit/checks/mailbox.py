"""Mailbox-scope check kinds, evaluated over the audit store after a scan.

`unanswered` and `report-late` (rules of `scope: mailbox`, such as
rules/workflow/thread-unanswered.yaml and report-late.yaml) need the whole
mailbox, not one message, so the per-message linter skips them and this
module runs every selected rule of these kinds. Their findings depend on the time of evaluation
(a request becomes unanswered when its deadline passes), so they are replaced
as a whole in `history_findings` each time, and `mailaudit report` evaluates
them afresh.

Settings: rule defaults (options: in the YAML) < [lint] options.<id> <
[workflow] unanswered / report; [workflow] timezone for both. [lint] levels,
select and ignore apply as to every rule.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..config import Settings
from ..engine.kinds import check_kind, load_kinds
from ..engine.notes import note, with_note
from ..engine.rules import Rule, builtin_rules_dir, load_rules
from ..engine.select import select_rules
from ..engine.vocab import compile_entries
from ..errors import ConfigError
from ..mail.textutil import REPLY_PREFIX

if TYPE_CHECKING:  # pragma: no cover
    from ..store.store import Store

UNANSWERED = "thread-unanswered"
REPORT_LATE = "report-late"
HISTORY_RULES = (UNANSWERED, REPORT_LATE)
_AUTOMATIC = re.compile(r"^(auto-submitted|list-id|precedence)$", re.IGNORECASE)


# ------------------------------------------------------------------ settings
def load_history_rules() -> dict[str, Rule]:
    """The built-in mailbox-scope rules by id."""
    rules = load_rules([builtin_rules_dir()], load_kinds())
    return {r.id: r for r in rules if r.scope == "mailbox"}


def mailbox_rules(settings: Settings) -> list[Rule]:
    """The mailbox-scope rules in force: built-in and [lint] rule_dirs, selected
    (select, ignore, levels) as the linter selects every rule."""
    rules = load_rules([builtin_rules_dir(), *settings.lint.rule_dirs], load_kinds())
    return [r for r in select_rules(rules, settings) if r.scope == "mailbox"]


def _zone(name: str, where: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{where}: unknown timezone '{name}'", hint="use an IANA name such as Asia/Shanghai"
        ) from None


def _days(values: list[Any], where: str) -> frozenset[date]:
    try:
        return frozenset(date.fromisoformat(str(v)) for v in values)
    except ValueError:
        raise ConfigError(f"{where}: holidays must be YYYY-MM-DD dates") from None


@dataclass
class RuleContext:
    rule: Rule
    level: str
    options: dict[str, Any]
    zone: ZoneInfo
    holidays: frozenset[date]
    lang: str = "en"  # for a finding whose mail has no language (a report never sent)

    def working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def text(self, lang: str, **fields: Any) -> str:
        return self.rule.text("zh" if lang == "zh" else "en").format(**fields)


def rule_context(rule: Rule, settings: Settings, section: str, lang: str = "en") -> RuleContext:
    workflow = settings.section("workflow")
    own = workflow.get(section) or {}
    options = {**rule.options, **settings.lint.options.get(rule.id, {}), **own}
    where = f"{settings.path or 'config'}: workflow.{section}"
    unknown = sorted(set(own) - set(rule.options))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key '{unknown[0]}'",
            hint=f"known: {', '.join(sorted(rule.options))}",
        )
    # The section's own timezone, else the [workflow] one, else the rule default.
    tz_name = own.get("timezone") or workflow.get("timezone") or options.get("timezone") or "UTC"
    return RuleContext(
        rule=rule,
        level=settings.lint.levels.get(rule.id, rule.level),
        options=options,
        zone=_zone(tz_name, where),
        holidays=_days(options.get("holidays") or [], where),
        lang=lang,
    )


def add_working_days(start: datetime, days: int, ctx: RuleContext) -> datetime:
    """`start` plus `days` working days, at the same local time."""
    moment = start.astimezone(ctx.zone)
    added = 0
    while added < days:
        moment = moment + timedelta(days=1)
        if ctx.working_day(moment.date()):
            added += 1
    return moment


def _utc(value: str | None) -> datetime | None:
    # fromisoformat is C code and reads the trailing Z (3.11+): 20x strptime.
    return datetime.fromisoformat(value) if value else None


def _fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------- thread-unanswered
# Whether a message asks for something depends only on its text and the `ask`
# phrases, so it is worked out once per message and phrase list and kept in a
# cache table (history_asks): a scan that adds 1,000 mails to 20,000 reads
# 1,000 bodies, not 21,000.
ASK_CHUNK = 500


def _requests(store: Store, ctx: RuleContext, asks: re.Pattern[str]):
    """(sha, message_id, date_utc, from, to_json, language, automatic) of every
    dated message with To recipients that asks for something."""
    entries = json.dumps(sorted(str(e) for e in ctx.options.get("ask") or ()), ensure_ascii=False)
    fingerprint = hashlib.sha256(entries.encode()).hexdigest()[:16]
    fresh = []
    try:
        todo = store.unflagged(fingerprint)
        # Bodies a chunk at a time: a first scan of 20,000 mails would otherwise
        # hold every body in memory at once.
        for lo in range(0, len(todo), ASK_CHUNK):
            for sha, subject, body, headers in store.texts(todo[lo:lo + ASK_CHUNK]):
                fresh.append((sha, fingerprint, int(bool(asks.search(f"{subject}\n{body}"))),
                              int(_is_automatic(headers))))
        with store.transaction():
            store.save_ask_flags(fresh)
    except sqlite3.OperationalError:
        # A read-only store (someone else's report): work it all out in memory.
        return _requests_uncached(store, asks)
    return store.flagged_requests(fingerprint)


def _requests_uncached(store: Store, asks: re.Pattern[str]):
    rows = store.requests()
    return [
        (*row[:6], _is_automatic(row[8]))
        for row in rows
        if asks.search(f"{row[6]}\n{row[7]}")
    ]


def _is_automatic(headers_json: str) -> bool:
    for name, value in json.loads(headers_json):
        if _AUTOMATIC.match(name):
            low = value.strip().lower()
            if name.lower() == "auto-submitted" and low == "no":
                continue
            if name.lower() == "precedence" and low not in ("bulk", "list", "junk"):
                continue
            return True
    return False


@check_kind(
    "unanswered",
    scope="mailbox",
    section="unanswered",
    options={"days": int, "ask": list, "timezone": str, "holidays": list},
)
def unanswered(store: Store, ctx: RuleContext, now: datetime) -> list[dict[str, Any]]:
    days = int(ctx.options.get("days", 2))
    asks = compile_entries(tuple(str(e) for e in ctx.options.get("ask") or ()))
    if asks is None:
        return []
    # Replies by the Message-ID they answer: (sender, time).
    replies: dict[str, list[tuple[str, datetime]]] = {}
    for row in store.replies():
        when = _utc(row[3])
        answered = {row[0]} if row[0] else set()
        answered.update(json.loads(row[1]))
        for mid in answered:
            replies.setdefault(mid, []).append((row[2], when))

    out = []
    for sha, mid, date_utc, sender, to_json, lang, automatic in _requests(store, ctx, asks):
        asked = _utc(date_utc)
        due = add_working_days(asked, days, ctx)
        if due > now:
            continue  # still within the time allowed
        recipients = {e.lower() for _, e in json.loads(to_json) if e} - {sender}
        if not recipients:
            continue
        answers = sorted(w for who, w in replies.get(mid, []) if who in recipients and w > asked)
        if (answers and answers[0] <= due) or automatic:
            continue
        who = ", ".join(sorted(recipients))
        fields = {
            "recipients": who,
            "days": days,
            "asked": _fmt(asked.astimezone(ctx.zone)),
            "due": _fmt(due),
        }
        text = ctx.text(lang, **fields)
        if answers and answers[0] <= now:
            late = answers[0].astimezone(ctx.zone)
            text = with_note(text, note("replied-late", lang, when=_fmt(late)), lang)
        out.append(
            {
                "rule": ctx.rule.id,
                "subject_key": sha,
                "sha256": sha,
                "day": asked.astimezone(ctx.zone).date().isoformat(),
                "sender": sender,
                "level": ctx.level,
                "message": text,
            }
        )
    return out


# --------------------------------------------------------------- report-late
def _deadline(ctx: RuleContext) -> time:
    value = str(ctx.options.get("deadline", "17:30"))
    try:
        return time.fromisoformat(value if len(value) > 4 else "0" + value)
    except ValueError:
        raise ConfigError(
            f"workflow.report: deadline '{value}' is not a time", hint='write it as "17:30"'
        ) from None


@check_kind(
    "report-late",
    scope="mailbox",
    section="report",
    needs_section=True,  # off unless the config says which reports are due: [workflow] report
    options={"subject": str, "senders": list, "deadline": str, "timezone": str, "holidays": list,
             "since": (str, type(None))},
)
def report_late(store: Store, ctx: RuleContext, now: datetime) -> list[dict[str, Any]]:
    try:
        pattern = re.compile(str(ctx.options.get("subject") or "日报|daily report"), re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"workflow.report: subject is not a valid regex: {exc}") from None
    senders = [s.lower() for s in ctx.options.get("senders") or []]
    due_at = _deadline(ctx)
    since = ctx.options.get("since")
    latest = store.latest_date()
    if latest is None:
        return []
    horizon = min(now, _utc(latest)).astimezone(ctx.zone)

    # sender key -> local day -> (time, sha) of the first report that day
    firsts: dict[str, dict[date, tuple[datetime, str]]] = {s: {} for s in senders}
    for sha, sender, date_utc, subject in store.dated_subjects(senders):
        if not pattern.search(subject) or REPLY_PREFIX.match(subject):
            continue
        local = _utc(date_utc).astimezone(ctx.zone)
        per_day = firsts.setdefault(sender if senders else "*", {})
        seen = per_day.get(local.date())
        if seen is None or (local, sha) < seen:
            per_day[local.date()] = (local, sha)

    out = []
    for sender, per_day in sorted(firsts.items()):
        if not per_day and not since:
            continue  # never sent one: nothing to measure against
        day = date.fromisoformat(str(since)) if since else min(per_day)
        while day <= horizon.date():
            due = datetime.combine(day, due_at, tzinfo=ctx.zone)
            if ctx.working_day(day) and due <= horizon:
                first = per_day.get(day)
                day_over = datetime.combine(day + timedelta(days=1), time(), tzinfo=ctx.zone)
                if first is not None and first[0] > due:
                    minutes = int((first[0] - due).total_seconds() // 60)
                    what = note("report-arrived-late", ctx.lang, at=f"{first[0]:%H:%M}", minutes=minutes,
                                due=f"{due_at:%H:%M}")
                    out.append(_report_row(ctx, day, sender, first[1], what))
                elif first is None and day_over <= horizon:
                    out.append(_report_row(ctx, day, sender, None, note("report-missing", ctx.lang)))
            day += timedelta(days=1)
    return out


def _report_row(ctx: RuleContext, day: date, sender: str, sha: str | None, what: str) -> dict:
    # The report's language is not known (a missing one has none): the reader's (ctx.lang).
    who = sender if sender != "*" else note("anyone", ctx.lang)
    return {
        "rule": ctx.rule.id,
        "subject_key": sha or f"{day.isoformat()}/{sender}",
        "sha256": sha,
        "day": day.isoformat(),
        "sender": "" if sender == "*" else sender,
        "level": ctx.level,
        "message": ctx.text(ctx.lang, sender=who, day=day.isoformat(), what=what),
    }


# ------------------------------------------------------------------- running
def evaluate(store: Store, settings: Settings, now: datetime, lang: str = "en") -> list[dict[str, Any]]:
    """Every history finding as of `now`; a late or missing daily report is
    written in `lang` (the store keeps English)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    kinds = load_kinds()
    workflow = settings.section("workflow")
    rows: list[dict[str, Any]] = []
    for rule in mailbox_rules(settings):
        kind = kinds[rule.kind]
        if kind.needs_section and workflow.get(kind.section) is None:
            continue
        rows += kind.fn(store, rule_context(rule, settings, kind.section, lang), now)
    return rows


def evaluate_and_store(store: Store, settings: Settings, now: datetime) -> dict[str, int]:
    rows = evaluate(store, settings, now)
    store.replace_history_findings(rows)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["rule"]] = counts.get(row["rule"], 0) + 1
    return counts


def rule_file(rule_id: str) -> Path:
    return builtin_rules_dir() / "workflow" / f"{rule_id}.yaml"
