"""`mailaudit report`: findings by rule, by sender and by week for a date range.

The data is built once (`build_report`) and rendered as text, JSON, or a
self-contained HTML page (report_html.py). Message findings come from the
store; the mailbox-history findings are evaluated afresh at `now`, since
whether a request is unanswered depends on when you ask.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from rich.cells import cell_len as _cells

from ..checks.mailbox import evaluate
from ..config import Settings
from ..errors import InputError
from ..store.store import Store
from .i18n import join, t

LEVELS = ("error", "warning", "info")


@dataclass
class RuleCount:
    rule: str
    level: str
    count: int  # findings
    messages: int  # distinct messages (or history subjects)
    weekly: list[int] = field(default_factory=list)  # aligned with Report.weeks


@dataclass
class SenderCount:
    sender: str
    name: str
    messages: int  # messages sent in the range
    flagged: int  # of which with at least one finding
    findings: int
    top_rules: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Report:
    since: date | None
    until: date | None  # inclusive
    generated: datetime
    timezone: str
    messages: int = 0
    flagged: int = 0
    findings: int = 0
    by_level: dict[str, int] = field(default_factory=dict)
    weeks: list[date] = field(default_factory=list)  # Mondays, oldest first
    weekly_messages: list[int] = field(default_factory=list)
    by_rule: list[RuleCount] = field(default_factory=list)
    by_sender: list[SenderCount] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    problems: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "generated": self.generated.isoformat(timespec="seconds"),
            "timezone": self.timezone,
            "messages": self.messages,
            "messages_with_findings": self.flagged,
            "findings": self.findings,
            "by_level": self.by_level,
            "weeks": [w.isoformat() for w in self.weeks],
            "weekly_messages": self.weekly_messages,
            "by_rule": [r.__dict__ for r in self.by_rule],
            "by_sender": [
                {**s.__dict__, "top_rules": [list(t) for t in s.top_rules]} for s in self.by_sender
            ],
            "history": self.history,
            "problems": self.problems,
        }


def _week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _local_day(date_utc: str, zone: ZoneInfo) -> date:
    return datetime.fromisoformat(date_utc).astimezone(zone).date()


def _utc_bounds(since: date | None, until: date | None, zone: ZoneInfo) -> tuple[str | None, str | None]:
    """[lo, hi) on messages.date_utc for local days since..until (inclusive)."""
    bounds: list[str | None] = []
    for day in (since, until + timedelta(days=1) if until else None):
        start = datetime.combine(day, datetime.min.time(), tzinfo=zone).astimezone(UTC) if day else None
        bounds.append(start.strftime("%Y-%m-%dT%H:%M:%SZ") if start else None)
    return bounds[0], bounds[1]


def build_report(
    store: Store,
    settings: Settings,
    *,
    since: date | None = None,
    until: date | None = None,
    now: datetime | None = None,
    top_senders: int = 15,
    lang: str = "en",
) -> Report:
    """The report's numbers; `lang` is the language of the history findings
    whose mail has none (a daily report that never came)."""
    if since and until and since > until:
        raise InputError(t("report-since-after-until", lang, since=since, until=until))
    now = now or datetime.now(UTC)
    tz_name = settings.section("workflow").get("timezone") or "UTC"
    try:
        zone = ZoneInfo(tz_name)
    except Exception:
        raise InputError(t("report-bad-timezone", lang, timezone=tz_name)) from None
    report = Report(since=since, until=until, generated=now.astimezone(zone), timezone=tz_name)
    lo, hi = _utc_bounds(since, until, zone)

    week_messages: Counter[date] = Counter()
    senders: dict[str, SenderCount] = {}
    for date_utc, email, name in store.dated_senders(lo, hi):
        report.messages += 1
        week_messages[_week_of(_local_day(date_utc, zone))] += 1
        s = senders.setdefault(email, SenderCount(email, name, 0, 0, 0))
        s.messages += 1
        if name and not s.name:
            s.name = name

    per_rule: dict[str, Counter[date]] = defaultdict(Counter)
    rule_level: dict[str, str] = {}
    rule_msgs: dict[str, set[str]] = defaultdict(set)
    sender_rules: dict[str, Counter[str]] = defaultdict(Counter)
    flagged: set[str] = set()
    for sha, date_utc, email, rule, level in store.dated_findings(lo, hi):
        report.findings += 1
        report.by_level[level] = report.by_level.get(level, 0) + 1
        per_rule[rule][_week_of(_local_day(date_utc, zone))] += 1
        rule_level[rule] = level
        rule_msgs[rule].add(sha)
        sender_rules[email][rule] += 1
        if sha not in flagged:
            flagged.add(sha)
            senders[email].flagged += 1
        senders[email].findings += 1
    report.flagged = len(flagged)

    # History rules, evaluated now, restricted to the same days.
    for row in evaluate(store, settings, now, lang=lang):
        day = date.fromisoformat(row["day"])
        if (since and day < since) or (until and day > until):
            continue
        report.history.append(row)
        rule = row["rule"]
        report.findings += 1
        report.by_level[row["level"]] = report.by_level.get(row["level"], 0) + 1
        per_rule[rule][_week_of(day)] += 1
        rule_level[rule] = row["level"]
        rule_msgs[rule].add(row["subject_key"])
        if row["sender"]:
            sender_rules[row["sender"]][rule] += 1
            s = senders.setdefault(row["sender"], SenderCount(row["sender"], "", 0, 0, 0))
            s.findings += 1
    report.history.sort(key=lambda r: (r["day"], r["rule"], r["sender"]), reverse=True)

    all_weeks = set(week_messages) | {w for c in per_rule.values() for w in c}
    if all_weeks:
        first, last = min(all_weeks), max(all_weeks)
        report.weeks = [first + timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]
    report.weekly_messages = [week_messages.get(w, 0) for w in report.weeks]
    report.by_rule = sorted(
        (
            RuleCount(
                rule,
                rule_level[rule],
                sum(counts.values()),
                len(rule_msgs[rule]),
                [counts.get(w, 0) for w in report.weeks],
            )
            for rule, counts in per_rule.items()
        ),
        key=lambda r: (-r.count, r.rule),
    )
    for email, counter in sender_rules.items():
        senders[email].top_rules = counter.most_common(3)
    report.by_sender = sorted(
        (s for s in senders.values() if s.findings),
        key=lambda s: (-s.findings, s.sender),
    )[:top_senders]
    report.problems = store.count("problems")
    return report


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (a Chinese character takes two)."""
    return text + " " * max(1, width - _cells(text))


def render_text(report: Report, lang: str = "en") -> str:
    span = t("report-span", lang, since=report.since or t("report-start", lang),
             until=report.until or t("report-now", lang))
    share = f"{report.flagged / report.messages:.0%}" if report.messages else "-"
    levels = join([t(f"report-level-{lv}", lang, n=report.by_level.get(lv, 0)) for lv in LEVELS], lang)
    lines = [
        t("report-heading", lang, span=span, timezone=report.timezone),
        t("report-totals", lang, messages=report.messages, flagged=report.flagged, share=share,
          findings=report.findings, levels=levels),
        "",
        t("report-by-rule", lang),
    ]
    width = max((len(r.rule) for r in report.by_rule), default=10)
    for r in report.by_rule:
        lines.append(f"  {r.rule:<{width}}  {r.level:<7}  {r.count:>6}  {t('report-rule-messages', lang, n=r.messages)}")
    if not report.by_rule:
        lines.append("  " + t("report-no-findings", lang))
    lines += ["", t("report-top-senders", lang)]
    for s in report.by_sender:
        rules = join([f"{rule} {n}" for rule, n in s.top_rules], lang)
        found = t("report-sender-findings", lang, findings=f"{s.findings:>5}", flagged=s.flagged, messages=s.messages)
        lines.append(f"  {s.sender:<32} {found}  {rules}")
    if not report.by_sender:
        lines.append("  " + t("none", lang))
    msgs_col, found_col = t("report-col-messages", lang), t("report-col-findings", lang)
    lines += ["", _pad(t("report-by-week", lang), 32 - _cells(msgs_col)) + msgs_col
              + " " * (10 - _cells(found_col)) + found_col]
    totals = [sum(r.weekly[i] for r in report.by_rule) for i in range(len(report.weeks))]
    for week, msgs, found in zip(report.weeks, report.weekly_messages, totals, strict=True):
        lines.append(f"  {week.isoformat():<20} {msgs:>9} {found:>9}")
    if report.history:
        lines += ["", t("report-history", lang)]
        for row in report.history[:20]:
            lines.append(f"  {row['day']}  {row['rule']:<17} {row['message']}")
        if len(report.history) > 20:
            lines.append("  " + t("report-history-more", lang, n=len(report.history) - 20))
    if report.problems:
        lines += ["", t("report-problems", lang, n=report.problems)]
    return "\n".join(lines)


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
