"""A small date grammar for placement windows, Chinese and English.

`find_windows(text, ref)` returns the time windows written in `text`
(`6月1日10:00至6月7日24:00`, `June 10–23`, `10-23 June`, `6.1-6.15`,
`下周一起投两周`, `from next Monday for two weeks`, `through Friday`, ...),
resolved against `ref`, the message's own date in the message's own
timezone. End dates are inclusive: "two weeks from Monday 10 June" ends on
Sunday 23 June.

Without a reference date (a message with no Date header) relative words and
dates written without a year stay unresolved (None) but the window is still
reported, so a rule can tell "a window was given" from "no window at all".

The grammar is a handful of named regular expressions for date atoms, plus a
combiner that reads what stands between and around them (range connectors,
start/end cue words, durations).
"""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import yaml

from ..engine.rules import builtin_rules_dir
from ..engine.vocab import simplified, trie_regex
from ..errors import ConfigError
from ..mail.textutil import CJK, load_yaml

# ----------------------------------------------------------------- numbers

# (俩 and 仨, northern speech's "two" and "three": "元旦仨天")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "仨": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_EN_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
CN_NUM = "[零〇一二两俩三仨四五六七八九十]"


def parse_number(text: str) -> int | None:
    """'3', '三', '十二', '两', '3rd', 'third', '第三位' -> int; None if not a number."""
    s = text.strip().lower()
    s = re.sub(r"^(?:第|no\.?|#)\s*", "", s)
    s = re.sub(r"(?:位|条|个|帧|号位|号|坑)$|(?<=\d)(?:st|nd|rd|th)$", "", s)
    if s.isdigit():
        return int(s)
    if s in _EN_NUMBERS:
        return _EN_NUMBERS[s]
    if s and all(ch in _CN_DIGITS or ch == "十" for ch in s):
        if "十" not in s:
            return int("".join(str(_CN_DIGITS[ch]) for ch in s))
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return None


# ----------------------------------------------------------------- results


@dataclass(frozen=True)
class Moment:
    day: date
    time: str | None = None  # "HH:MM"; "24:00" is kept as written (end of day)

    def iso(self) -> str:
        return f"{self.day.isoformat()}T{self.time}" if self.time else self.day.isoformat()


@dataclass(frozen=True)
class Window:
    """A time window as written: either end may be missing (None)."""

    start: Moment | None
    end: Moment | None
    span: tuple[int, int]
    text: str
    kind: str = "range"  # range | start | end | point | duration
    resolved: bool = True  # False: relative/yearless words and no reference date

    @property
    def start_iso(self) -> str | None:
        return self.start.iso() if self.start else None

    @property
    def end_iso(self) -> str | None:
        return self.end.iso() if self.end else None


# ----------------------------------------------------------------- atoms

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# (`{month_names}`: the other languages' names of dates.yaml, filled in when the atoms are compiled)
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?{month_names})\.?"
          # (a whole word: "20 abribus panels", "10 decals" hold no April or December)
          r"(?![^\W\d_])")
_ORD = r"(?:st|nd|rd|th)?"
_DAYNUM = rf"(?:\d{{1,2}}|{CN_NUM}{{1,3}})"
_WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "thursday": 3, "thurs": 3,
                "friday": 4, "saturday": 5, "sunday": 6}
_WEEKDAYS_EN_SHORT = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY_EN = r"(?:monday|tuesday|tues|wednesday|thursday|thurs|friday|saturday|sunday)"
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
                "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_DASH = r"[-–—~～－]"
_NOT_AMOUNT = r"(?!\d|,\d|\.\d|\s*(?:%|％|倍|折|万|亿|元|块|[kKmMbB]\b|x\b))"
# ("7.30pm", "9.15 a.m.": a British clock time, not 30 July or 15 September)
_NOT_A_TIME = r"(?!\s*(?:[ap]\.?m\b|[ap]\.m\.))"



@lru_cache(maxsize=1)
def _version_before() -> re.Pattern[str]:
    """"SDK 4.2", "OTA 2.6", "版本 3.5": what names a version before its number (dates.yaml)."""
    return re.compile("(?i)" + "(?:" + "|".join(_alternatives(_read_yaml("dates.yaml").get("version_before"))) + r")\s*$")

# Order matters: at one position the first alternative that matches wins, so
# composite ranges come before the single dates they start with.
_ATOMS: list[tuple[str, str]] = [
    ("zh_md_range", rf"(?:(\d{{4}})\s*年\s*)?(\d{{1,2}}|{CN_NUM}{{1,3}})\s*月\s*({_DAYNUM})\s*[日号]?\s*(?:{_DASH}|至|到)\s*({_DAYNUM})\s*[日号](?!\s*\d)"),
    ("en_m_dd", rf"\b({_MONTH})\s+(\d{{1,2}}){_ORD}\s*(?:{_DASH}|to|through|thru|until|till)\s*(\d{{1,2}}){_ORD}\b(?!\s*(?:{_MONTH}|[:/.]\d))(?:,?\s*(\d{{4}}))?"),
    # ("the 3rd to the 17th of January"; "Monday 11th to Sunday 17th January": a weekday before each)
    # ("del 14 al 20 de diciembre de 2026": `{day_range_words}` and `{month_of_words}` of dates.yaml)
    ("en_dd_m", rf"\b(?:{_WEEKDAY_EN},?\s+|(?:mon|tue|wed|thu|fri|sat|sun)\.?\s+)?(\d{{1,2}}){_ORD}\s*(?:{_DASH}|to|through|thru|until|till{{day_range_words}})\s*"
                rf"(?:the\s+)?(?:{_WEEKDAY_EN},?\s+|(?:mon|tue|wed|thu|fri|sat|sun)\.?\s+)?(\d{{1,2}}){_ORD}\s+(?:(?:of{{month_of_words}})\s+)?({_MONTH})(?:,?\s*(?:(?:of{{month_of_words}})\s+)?(\d{{4}}))?"),
    # "Saturday 19 and Sunday 20 December", "19 & 20 Dec": two days running, one window
    # (two days apart, "10 and 17 Dec", are two dates: only the second is read here)
    ("en_d_and_d_m", rf"\b(?:{_WEEKDAY_EN}\s+|(?:mon|tue|wed|thu|fri|sat|sun)\.?\s+)?(\d{{1,2}}){_ORD}\s+(?:and|&)\s+(?:{_WEEKDAY_EN}\s+|(?:mon|tue|wed|thu|fri|sat|sun)\.?\s+)?(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH})(?:,?\s*(\d{{4}}))?"),
    # "28.12.–03.01." (day first, a dot after the month), "28.12-3.1" when the first number is no month
    ("eu_dm_range", r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.\s*[-–—~]\s*(\d{1,2})\.(\d{1,2})\.?(?![\d])"),
    ("num_md_d", rf"(?<![\d.,/$¥v])(\d{{1,2}})[./](\d{{1,2}})\s*{_DASH}\s*(\d{{1,2}})(?![\d./])" + _NOT_AMOUNT),
    # "14-20/12", "21–24/12" (days first, then the month: Hong Kong, Europe, Africa)
    ("num_dd_m", rf"(?<![\d.,/$¥v:])(\d{{1,2}})\s*{_DASH}\s*(\d{{1,2}})/(\d{{1,2}})(?![\d/])" + _NOT_AMOUNT),
    # "the weekend of the 12th", "weekend of 12 Dec": that Saturday and Sunday
    ("en_weekend_of", rf"\b(?:the\s+)?weekend\s+of\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s+(?:of\s+)?({_MONTH})\b)?"),
    # "every Saturday in January", "each Friday of December": from the first such day of that
    # month to its last
    ("en_every_weekday_in", rf"\b(?:every|each|all)\s+({_WEEKDAY_EN})s?\s+(?:in|of|during|throughout|through)\s+"
                            rf"({_MONTH})(?:,?\s+(\d{{4}}))?\b(?!\s*(?:[\d/-]|\.\d))"),
    # "for the month of January 2027", "throughout January", "all of February": that whole month
    # (not "creatives for July", "the report in January": a month after "for" or "in" alone is
    # often what a thing is for; not "in January 4": a day follows)
    # ("the January 2027 issue", "in the March issue": a monthly's issue runs its month, unless the
    # line goes on with its day: "January issue (goes out 1/6)")
    ("en_month_named", rf"\b(?:(?:(?:for|during|throughout|in)\s+)?the\s+(?:whole\s+|entire\s+|full\s+)?month\s+of\s+"
                       rf"|throughout\s+|(?:all|(?:the\s+)?(?:whole|entire))\s+of\s+"
                       # (a sentence may end after the month or its year: "for the whole of January 2027.")
                       rf"|(?=(?:{_MONTH})(?:,?\s+\d{{4}})?\s+(?:issue|edition)\b(?![^.\n]{{0,30}}\d)))({_MONTH})(?:,?\s+(\d{{4}}))?\b(?!\s*(?:[\d/-]|\.\d))"),
    # "our full Q1 flight", "for Q1 2027", "throughout the first quarter": that quarter
    ("en_quarter", r"\b(?<!sometime\s)(?:(?:for|during|throughout|in)\s+(?:the\s+|our\s+)?(?:full\s+|whole\s+|entire\s+)?|(?:our|the)\s+(?:full\s+|whole\s+|entire\s+)|(?:full|whole|entire)\s+)"
                   r"(?:q([1-4])|(first|second|third|fourth)\s+quarter)(?:\s+(\d{4}))?\b(?!\s*[-–/]\s*q?\d)"),
    # "until end of Q1", "by the end of Q2": the quarter's last day
    ("en_quarter_end", r"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?:q([1-4])|(?:the\s+)?(first|second|third|fourth)\s+quarter)\b"),
    ("iso", r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)"),
    # "115/12/15": a Taiwanese (ROC) year, 1911 less than the Gregorian one
    ("roc_ymd", r"(?<![\d/.])(1[01]\d)/(\d{1,2})/(\d{1,2})(?![\d/])"),
    # "20.12.2026" (day first, as in German, Polish, Dutch mail; "12.20.2026" only when the day must be second)
    # ("14.12.26": a two-digit year too, as in Turkish, German and Pakistani mail)
    ("eu_dmy", r"(?<![\d.v])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)"),
    # "明年1月整月", "1月全月", "整个1月份": that whole month
    ("zh_month_whole", r"(?:(\d{4})\s*年\s*|(明年|今年)\s*)?(\d{1,2}|(?<![\d零〇一二两三四五六七八九十百千万])[一二三四五六七八九十]{1,2})\s*月份?\s*(?:全月|整月|一整个月|一整月)"
                       r"|(?:整个|全)\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月份?(?![\d日号初底末中上下])"),
    # (元月: January, "12月7号到元月3号"; not the 元 of a price, "500元月卡")
    ("zh_md", rf"(?:(\d{{4}})\s*年\s*)?(\d{{1,2}}|{CN_NUM}{{1,3}}|(?<![\d零〇一二两三四五六七八九十百千万])元)\s*月\s*({_DAYNUM})\s*[日号]"),
    # ("至一月底之前": the month in Chinese numerals too, not "one month")
    ("zh_month_part", r"(?:(\d{4})\s*年\s*)?(\d{1,2}|(?<![\d零〇一二两三四五六七八九十百千万])[一二三四五六七八九十]{1,3})\s*月\s*(初|底|末|尾|上旬|中旬|下旬|中)"),
    ("en_d_mon_y", rf"\b(\d{{1,2}})-({_MONTH})-(\d{{4}}|\d{{2}})\b"),  # 01-Apr-2026, 1-Apr-26
    ("en_md", rf"\b({_MONTH})\s+(\d{{1,2}}){_ORD}\b(?!\s*[:.]\d)(?:,?\s*(\d{{4}}))?"),
    # ("15 de diciembre": a Spanish writer's "of")
    ("en_dm", rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+|de\s+)?({_MONTH})(?:,?\s*(?:de\s+)?(\d{{4}}))?"),
    # "from 12/dic until Reyes (6/ene)", "15/Dec/2026": a day, a slash, a month's name
    ("en_d_slash_mon", rf"(?<![\d/])(\d{{1,2}})\s*/\s*({_MONTH})(?![a-z])(?:\s*/\s*(\d{{4}}|\d{{2}})(?!\d))?"),
    # 12/14/2026, 12/14/26; "till 15-01-27", "31-12-2026" (a dash each side: South Asian and British habit)
    ("us_mdy", r"(?<![\d.])(\d{1,2})(?:/(\d{1,2})/|-(\d{1,2})-)(\d{4}|\d{2})(?![\d/]|-\d)"),
    ("num_md", r"(?<![\d.,/$¥v:])(\d{1,2})[./](\d{1,2})(?![\d/])" + _NOT_AMOUNT + _NOT_A_TIME),
    # "from 7-12 until 20-12", "Friday 4-12", "(21-12 until 27-12)": day, dash, month (Dutch,
    # German, Danish writers in English), read only where a range word or a weekday stands before
    # it or a second such date follows it (a bare "7-12" is as often days 7 to 12)
    ("en_dm_dash", r"(?=\d)(?:(?<=\bfrom )|(?<=\buntil )|(?<=\btill )|(?<=\bthrough )|(?<=\bthru )|(?<=\bto )|(?<=\bon )"
                   r"|(?<=\bbefore )|(?<=\bincluding )|(?<=\bby )|(?<=day ))(\d{1,2})-(\d{1,2})(?![\d-]|\s*(?:am|pm|%|x\b|:|"
                   r"(?:days?|weeks?|months?|hours?|hrs?|times|slots?|spots?|positions?)\b))"
                   r"|(?=\d)(?<![\d./-])(\d{1,2})-(\d{1,2})(?=\s+(?:until|till|to|through|thru)\s+\d{1,2}-\d{1,2}(?![\d-]))"),
    # "12月第三个周末": the month's third Saturday and the Sunday after it
    ("zh_month_weekend", r"(\d{1,2})\s*月\s*(?:的)?\s*第\s*([一二三四五1-5])\s*个?\s*周末"),
    ("zh_month_week", r"(\d{1,2})\s*月\s*(?:的)?\s*第\s*([一二三四1-4])\s*(?:周|个星期|星期)"),
    # ISO week numbers: "W23", "wk 23", "week 23", "CW23", "第23周" - Monday to Sunday
    # "ISO weeks 51 and 52", "wk 51-52", "W51-W52": the first week's Monday to the last's Sunday
    # (not "whole week 21/12": a number written with its month is a day, the week of it)
    ("week_range", r"(?<![A-Za-z0-9])(?:W|wks?\.?\s*|weeks\s+|CW\s*|KW\s*)(\d{1,2})\s*(?:-|–|to|and|&)\s*(?:W|wk\.?\s*|week\s+|CW\s*|KW\s*)?(\d{1,2})(?![\d:]|[./]\d)"),
    ("week_number", r"(?<![A-Za-z0-9])(?:W|wk\.?\s*|week\s+|CW\s*|KW\s*)(\d{1,2})(?![\d:]|[./]\d)|(?<![月\d])第\s*(\d{1,2})\s*周"),
    ("zh_whole_month", r"(?:整个|全)\s*(下个?月|本月|这个?月)|(下个?月|本月|这个?月)\s*(?:全月|整月|一整个月)"),
    ("en_whole_month", r"\b(?:the\s+)?(?:whole|entire|full|rest)\s+(?:of\s+)?(next|this|the)\s+month\b|\ball\s+(?:of\s+)?(next|this)\s+month\b"),
    # ("下个月月尾", "下个月的月底": the month said again before its part)
    ("zh_rel_month", rf"(下下个?月|下个?月|次月|本月|这个?月|当月)\s*(?:(?:的\s*)?(?:月\s*)?(初|底|末|尾|中旬|中)|({_DAYNUM})\s*[日号])?"),
    # (月尾: Malaysian and Cantonese Chinese for 月底)
    ("zh_month_end", r"(?<![下本这当个次])月(底|末|尾)"),
    # "跑到年底", "till year-end": the year's last day, as an end only ("年末想做一波" names no day)
    # (each begins with a literal, so that the one regex of all atoms stays fast; the end word
    # before it is tested in _atom)
    ("zh_year_end", r"(?:今年|本年度?)?年(?:底|末|尾)"),
    ("en_year_end", r"\b(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+)?year|year[- ]end|eoy)\b"),
    # "平安夜（12/24）当天": that one day (a length of one day after it)
    ("zh_that_day", r"当天(?!\s*(?:零点|凌晨|上午|下午|晚上|晚|早上|早|中午|[0-9（(]))"),
    ("en_month_end", r"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(this|next)?\s*month\b|\bmonth[- ]end\b|\beom\b|(?<=\buntil\s)end\s+month\b|(?<=\btill\s)end\s+month\b|(?<=\bthrough\s)end\s+month\b|(?<=\bthru\s)end\s+month\b"),
    # "end of December", "till end Dec", "end-Dec" (not "end Dec 20": that is a day)
    ("en_end_of_month_name", rf"\b(?:the\s+)?end(?:\s+of\s+|\s*-\s*|\s+)({_MONTH})\b\.?(?!\s*\d{{1,2}}(?!\d))"),
    # "the last two weeks of December", "first week of January", "the second week of Jan"
    ("en_month_weeks", rf"\b(?:the\s+)?(first|last|final|second|third|fourth|1st|2nd|3rd|4th)\s+(?:(two|three|2|3)\s+)?weeks?\s+of\s+({_MONTH})\b"),
    ("en_next_month", r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+of\s+(next|this)\s+month\b|\b(next)\s+month\b"),
    # ("每周一次" is once a week, "每周一到两次" once or twice: no Monday)
    # ("到那周日" points back at a week named before it: no date of its own)
    # "下周一至五", "下个礼拜一至日": a week named, then its days from one to another
    ("zh_weekday_range", r"(?<![那该])(?=[下本这])(下下|下|本|这)\s*个?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])\s*(?:至|到|[-–~～])\s*([一二三四五六日天])(?![一二三四五六七八九十\d])"),
    ("zh_weekday", r"(?<![那该])(下下|下|本|这|上)?\s*个?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])(?![次遍回趟]|到[两二三]次)"),
    ("zh_weekend", r"(下|本|这)?\s*个?\s*周末"),
    ("zh_week", r"(下下|下|本|这)\s*个?\s*(?:周|星期|礼拜)(?![一二三四五六日天1-7末])"),
    # "Monday week", "Mon week", "a week on Monday" (British and Irish): a week after the coming one;
    # "the week after next": Monday to Sunday of it
    # ("next next Monday", Singlish; "next to next Monday", Indian English; "(the) Monday after
    # next": the same day; not "Sunday after next week")
    # "next week Friday" (Nigerian, Indian English), "Friday next week": that weekday of that week
    ("en_week_weekday", rf"\b(this|next)\s+week\s+({_WEEKDAY_EN})\b|\b({_WEEKDAY_EN})\s+(this|next)\s+week\b"),
    ("en_weekday_week", r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\s+week\b"
                        r"|\ba\s+week\s+on\s+(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b"
                        r"|\bnext[\s-]+(?:to[\s-]+)?next\s+(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b"
                        r"|\b(?:the\s+)?(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\s+after\s+next\b"
                        r"(?!\s+(?:week|month|year)\b)"),
    ("en_week_after_next", r"\b(?:the\s+)?week\s+after\s+next\b"),
    # (a weekday hyphened to a word other than a day or its time names a thing: "the Friday-late loop")
    ("en_weekday", rf"\b(?:(this|next|coming|following)\s+)?({_WEEKDAY_EN})\b"
                   r"(?!-(?!(?:mon|tue|wed|thu|fri|sat|sun|night|morning|evening|afternoon|noon|lunch|midday|eve))[a-z])"),
    # Other languages' weekdays, "tomorrow" and "next week" (dates.yaml's `weekday_names`,
    # `relative_days`, `next_week`), read as the English ones are
    ("xx_next_week", "{next_week}"),
    ("xx_weekday", "{weekday_names}"),
    ("xx_rel_day", "{relative_days}"),
    # ("fin décembre", "до конца месяца", "por dos semanas": `month_end_before`, `month_end`,
    # `number_words` and `duration_units`)
    ("xx_month_end_name", rf"\b(?:{{month_end_before}})\s+({_MONTH})"),
    ("xx_month_end", "{month_end}"),
    ("xx_duration", "{duration_units}"),
    ("en_weekday_abbr", r"(?:(?<=from )|(?<=on )|(?<=until )|(?<=till )|(?<=through )|(?<=thru )|(?<=starting )|(?<=this )|(?<=next ))(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?"
                        # "Mon 7 Dec to Sun 13 Dec", "Thu 10/12 to Sat 12/12": an abbreviation right
                        # before a date names its day
                        rf"|\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?(?=\s+\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|\s+{_MONTH}\s+\d|\s+\d{{1,2}}[/.]\d{{1,2}}\b"
                        # "from Mon 7th": an abbreviation before an ordinal
                        r"|\s+\d{1,2}(?:st|nd|rd|th)\b)"),
    ("en_whole_week", r"\b(?:the\s+)?(?:whole|entire|full)\s+(?:of\s+)?(next|this)\s+week\b|\ball\s+(?:of\s+)?(next|this)\s+week\b"),
    ("en_week_end", r"\beow\b|\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(next)\s+)?week\b"),
    # (not a word joined to another by a hyphen: "our weekend-offer push" is about offers)
    ("en_weekend", r"\bsat(?:urday)?\s*[+&/]\s*sun(?:day)?\b|\b(?:(this|next|the)\s+)?(?:weekend|wknd)\b(?!\s+of\b)(?!-\w)"),
    ("en_week", r"\b(this|next)\s+week\b"),
    # "今晚零点" is the end of today (24:00); "12月11日 零点" the start of that day (00:00)
    ("zh_midnight", r"(今晚|当晚|今夜|今天)?\s*(?:零点|午夜)"),
    # "明后两晚", "今明两天": two days running from today or tomorrow
    ("zh_two_days", r"(今明|明后)(?:两|二)?(?:个)?(?:天|日|晚上?)|明后天"),
    # 听日/听晚/今晚夜: Cantonese (Hong Kong) for tomorrow, tomorrow night, tonight
    ("zh_rel_day", r"大后天|后天|今天|今日|今晚|明天|明日|明早|明晚|听日|听晚|即日起|即日|立即|立刻|马上"),
    ("en_rel_day", r"\b(?:the\s+)?day\s+after\s+tomorrow\b|\btomorrow\b|\btmrw\b|\btmr\b|\btoday\b|\btonight\b|\bimmediately\b|\bright\s+away\b"
                   r"|\bwith\s+immediate\s+effect\b"  # (Indian and British English: from today)
                   # "go-live ASAP": today (a reply asked "ASAP" is a deadline, not a start)
                   r"|(?:(?<=go-live\s)|(?<=go\slive\s)|(?<=go-live:\s)|(?<=launch\s))asap\b"),
    # (not "15日预报", "3日游", "7日内": a count of days, not a day)
    ("zh_day", r"(?<![\d月第])(\d{1,2})\s*[日号](?![\d位线楼店游内]|预报|以内|之内)"),
    # "the 31st"; "till 31st", "from 7th" (a bare ordinal after a range word); "w/c 14th" (the week
    # it begins)
    ("en_the_day", r"(?:\bthe\s+|(?<=\btill )|(?<=\buntil )|(?<=\bthrough )|(?<=\bthru )|(?<=\bto )|(?<=\bfrom )|(?<=\bw/c )"
                   # ("week commencing 14th", "starting 14th for two weeks", "go live on 14th")
                   r"|(?<=\bcommencing )|(?<=\bbeginning )|(?<=\bstarting )|(?<=\bon )|(?<=\bby )"
                   # after a weekday: "from Mon 7th", "Tuesday 8th" (one lookbehind per width: each
                   # is tried at every position of every text)
                   r"|(?<=\b(?:mon|tue|wed|thu|fri|sat|sun) )|(?<=\b(?:tues|thur) )|(?<=\bthurs )"
                   r"|(?<=\b(?:monday|friday|sunday) )|(?<=\btuesday )|(?<=\b(?:thursday|saturday) )|(?<=\bwednesday ))"
                   r"(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:slot|position|spot|place|row|frame|pos|item|ad|banner|tile|card)s?\b)"
                   # (not the first of a range whose month follows: "the 3rd to the 17th of January")
                   rf"(?!\s*(?:{_DASH}|to|through|thru|until|till)\s*(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b)"),
    # (刊期: the week an out-of-home booking runs, "下周一上刊，两个刊期")
    ("zh_duration", rf"(\d+|{CN_NUM}+|半)\s*(?:个)?\s*(天|周|星期|礼拜|个月|月|刊期)"),
    ("en_duration", r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|\d+)[\s-]+(day|week|wk|month|fortnight)s?\b|\ba\s+fortnight\b"),
    # (not "10:30pm": an English time, en_time, reads its am/pm)
    # ("平安夜晚8点": 夜 ends the festival's name, 晚 starts the hour - no 夜晚 right after one;
    # `{festival_nights}` is filled from dates.yaml's named days when the atoms are compiled)
    ("zh_time", r"(上午|下午|晚上|早上|中午|凌晨|今晚|{festival_nights}夜晚|傍晚|朝早|晚|早)?\s*(\d{1,2})\s*(?:[:：](\d{2})(?!\s*[aApP]\.?[mM]\b)|点\s*(?:(\d{1,2})\s*分?|(半))?)"),
    ("en_time", r"\b(?:at\s+)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2}):(\d{2})\b|\b(noon|midnight)\b"),
    # "晚上八点", "下午两点半", "明晚十点": an hour in Chinese numerals, only after a part of the day
    # or a day (and not 一: "晚一点", "早一点" are "a little later/earlier")
    ("zh_time_cn", r"(?:(上午|下午|晚上|早上|中午|凌晨|{festival_nights}夜晚|傍晚|朝早)|(?<=[晚日号天]))\s*(十[一二]?|[两二三四五六七八九])\s*点\s*(半)?"),
]


# The atom regexes are compiled on first use (~25 ms at import, where a Chinese mail needs
# one of the three and a few of the groups, and most commands none).
@lru_cache(maxsize=6)
def _atom_regex(kind: str, other: bool = True) -> re.Pattern[str]:
    """All atoms ("all"), or those a text without Chinese ("no_cjk") or without Latin
    letters ("no_latin") can hold; without `other`, not the other languages' day words (a
    text that holds none of them)."""
    atoms = [(name, _filled(pat)) for name, pat in _ATOMS if other or not name.startswith("xx_")]
    if kind == "no_cjk":
        # re tries every alternative at every position: a text without Chinese characters is searched
        # without the atoms that need them, one without Latin letters without the English ones (the
        # clock times, "10:30", need neither and stay in both). Same matches, fewer tries.
        return re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in atoms
                                   if not name.startswith("zh_") or name == "zh_time"), re.IGNORECASE)
    if kind == "no_latin":
        return re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in atoms
                                   if not name.startswith("en_") or name == "en_time"), re.IGNORECASE)
    return re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in atoms), re.IGNORECASE)


def _filled(pattern: str) -> str:
    """An atom's pattern with `{month_names}` filled (the other languages' month names, longest
    first), `{day_range_words}` and `{month_of_words}` (their words between two days and before a
    month) and `{festival_nights}`: one look-behind per named day whose name ends in 夜 (平安夜,
    跨年夜), so that its 夜 is not read as the start of 夜晚."""
    if "{month_names}" in pattern:
        names = sorted(_other_months(), key=len, reverse=True)
        pattern = pattern.replace("{month_names}", "".join("|" + re.escape(n) for n in names))
    for key in ("day_range_words", "month_of_words"):
        if "{" + key + "}" in pattern:
            words = sorted((str(w) for w in _read_yaml("dates.yaml").get(key) or ()), key=len, reverse=True)
            pattern = pattern.replace("{" + key + "}", "".join("|" + re.escape(w).replace(r"\ ", r"\s+") for w in words))
    if pattern in ("{next_week}", "{weekday_names}", "{relative_days}", "{month_end}", "{duration_units}"):
        return _other_day_words().atoms[pattern[1:-1]]
    if "{month_end_before}" in pattern:
        pattern = pattern.replace("{month_end_before}", _other_day_words().atoms["month_end_before"])
    if "{festival_nights}" not in pattern:
        return pattern
    nights = "".join(f"(?<!{re.escape(n[:-1])})" for n in sorted(_named_days().days) if n.endswith("夜") and len(n) > 1)
    return pattern.replace("{festival_nights}", nights)


_LATIN_LETTER = re.compile(r"[A-Za-z]")


class _Groups(dict):
    """Atom name -> its own regex, compiled when first asked for."""

    def __missing__(self, name: str) -> re.Pattern[str]:
        compiled = self[name] = re.compile(_filled(_ATOM_SOURCES[name]), re.IGNORECASE)
        return compiled


_ATOM_SOURCES = dict(_ATOMS)


@lru_cache(maxsize=1)
def _period() -> re.Pattern[str]:
    return re.compile(f"(?:{_filled(_ATOM_SOURCES['en_month_named'])})|(?:{_ATOM_SOURCES['en_quarter']})", re.IGNORECASE)


_GROUPS = _Groups()

# What stands between two dates of one range, and cue words around a date.
# Cue words around a date are data (rules/vocab/dates.yaml); the grammar that
# places them (before or after the date, what may stand between) is here.
_LABEL = r"\s*[为是改]?[为成到]?\s*[：:]?"  # "结束时间：", "上线时间改为"
# "until the 5th", "from on"; "until Epiphany (6.1.)", "until schools open (13 Jan)": a day
# named, then its date in brackets
_ON = r"\s*(?:on\s+|the\s+)?(?:(?:[^\W\d_][\w'’.-]*\s+){0,3}[^\W\d_][\w'’.-]*\s*[(（]\s*)?$"


@dataclass(frozen=True)
class _Cues:
    connector: re.Pattern[str]
    duration: re.Pattern[str]
    duration_then_start: re.Pattern[str]
    offset_before: re.Pattern[str]
    extend_by: re.Pattern[str]
    pre_end: re.Pattern[str]
    pre_start: re.Pattern[str]
    pre_target: re.Pattern[str]
    post_start: re.Pattern[str]
    post_end: re.Pattern[str]
    post_deadline: re.Pattern[str]
    pre_deadline: re.Pattern[str]
    hour_end: re.Pattern[str]
    hour_end_before: re.Pattern[str]
    that_day_end: re.Pattern[str]
    hour_start_before: re.Pattern[str]
    hour_start_after: re.Pattern[str]
    from_event: re.Pattern[str]
    year_before: re.Pattern[str]
    rest_of: re.Pattern[str] | None = None
    week_of_after: re.Pattern[str] | None = None


def _read_yaml(name: str) -> dict[str, Any]:
    path = builtin_rules_dir() / "vocab" / name
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of cue groups")
    return data


def _alternatives(group: dict[str, list[str]] | None, *, boundary: bool = True) -> list[str]:
    """A group's entries as regex alternatives, `zh` first; `en` ones from a word
    boundary unless the pattern is anchored anyway."""
    group = group or {}
    return [*map(str, group.get("zh") or ()), *((r"\b" if boundary else "") + str(e) for e in group.get("en") or ())]


@lru_cache(maxsize=1)
def _two_dates() -> re.Pattern[str]:
    connectors = _alternatives(_read_yaml("dates.yaml").get("connector"))
    return re.compile(r"\d[^\n]*?(?:" + "|".join(connectors) + r")[^\n]*?\d", re.IGNORECASE)


def writes_two_days(text: str) -> bool:
    """A window's text that writes a day, a `connector` and another ("Fri 4/12 to Mon 7/12",
    "12月4日改到12月7日"): a range, or a day moved to another."""
    return bool(_two_dates().search(text))


def _words(words: list[str], *, boundary: bool) -> list[str]:
    return [(r"\b" + re.escape(w)) if boundary and not CJK.search(w) else re.escape(w) for w in map(str, words)]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    data = _read_yaml("dates.yaml")
    # Every `place` cue of the extractor is a duration cue too: "挂两周" runs two weeks.
    place = (_read_yaml("adplacement-patterns.yaml").get("cues") or {}).get("place") or {}
    placing = _words([*(place.get("zh") or ()), *(place.get("en") or ())], boundary=True)

    def alt(*parts: list[str]) -> str:
        return "(?:" + "|".join(p for part in parts for p in part) + ")"

    def labels(key: str) -> list[str]:
        return [w + _LABEL for w in _alternatives(data.get(key))]

    flags = re.IGNORECASE
    return _Cues(
        # ("12月18日-次年1月17日": a year named between the two dates)
        connector=re.compile(r"^\s*(?:起\s*)?" + alt(_alternatives(data.get("connector"), boundary=False)) + r"\s*"
                             + alt(_alternatives(data.get("year_before"), boundary=False)) + r"?\s*$", flags),
        duration=re.compile(alt(_alternatives(data.get("duration")), placing) + r"\s*$", flags),
        duration_then_start=re.compile(r"^\s*" + alt(_alternatives(data.get("duration_then_start"), boundary=False)) + r"\b", flags),
        offset_before=re.compile(alt(_alternatives(data.get("offset_before"))) + r"\s*$", flags),
        extend_by=re.compile(alt(_alternatives(data.get("extend_by"))) + r"\s*$", flags),
        pre_end=re.compile(
            alt([str(w) for w in (data.get("extend_to") or {}).get("zh") or ()]) + r"(?:到|至)\s*$"
            + "|" + alt([r"\b" + str(w) for w in (data.get("extend_to") or {}).get("en") or ()]) + r"\s*$"
            + "|" + alt(_alternatives({"zh": (data.get("end") or {}).get("zh")}), labels("end_label"),
                        _alternatives({"en": (data.get("end") or {}).get("en")})) + _ON,
            flags,
        ),
        rest_of=re.compile(alt(_alternatives(data.get("rest_of"))), flags) if data.get("rest_of") else None,
        # (not a weekday of that week, "那周五", "嗰個禮拜日")
        week_of_after=re.compile(r"\s*" + alt(_alternatives(data.get("week_of_after"), boundary=False))
                                 + r"(?![一二三四五六日天末0-9])") if data.get("week_of_after") else None,
        pre_start=re.compile(
            alt(_alternatives({"zh": (data.get("start") or {}).get("zh")}), labels("start_label"),
                _alternatives({"en": (data.get("start") or {}).get("en")})) + _ON,
            flags,
        ),
        pre_target=re.compile(alt(_alternatives(data.get("target"))) + _ON, flags),
        post_start=re.compile(r"^\s*" + alt(_alternatives(data.get("after_start"), boundary=False)), flags),
        # ("31號夜晚落", "31号晚上撤": the part of the day it comes down in, no hour, between)
        post_end=re.compile(r"^\s*(?:晚上|夜晚|夜里|当晚|朝早|早上|上午|下午|中午)?\s*"
                            + alt(_alternatives(data.get("after_end"), boundary=False)), flags),
        post_deadline=re.compile(r"^\s*" + alt(_alternatives(data.get("after_deadline"), boundary=False))
                                 + "(?!" + alt(_alternatives(data.get("deadline_not_before"), boundary=False)) + ")"),
        pre_deadline=re.compile(alt(_alternatives(data.get("deadline"))) + _ON, flags),
        hour_end=re.compile(r"\s*" + alt(_alternatives(data.get("hour_ends"), boundary=False))),
        hour_end_before=re.compile(alt(_alternatives(data.get("hour_ends_before"))) + r"\s*$", flags),
        that_day_end=re.compile(r"[^，,。；;\n]{0,4}?" + alt(_alternatives(data.get("that_day_ends"), boundary=False))),
        hour_start_before=re.compile(alt(_alternatives({"en": (data.get("hour_starts") or {}).get("en")})), flags),
        hour_start_after=re.compile(r"\s*" + alt(_alternatives({"zh": (data.get("hour_starts") or {}).get("zh"),
                                                                "en": (data.get("hour_starts") or {}).get("en_after")},
                                                               boundary=False)), flags),
        from_event=re.compile(r"\s*" + alt(_alternatives(data.get("from_event"), boundary=False))
                              + r"(?P<event>go[-\s]live|[a-z][a-z-]{2,})\b", flags),
        year_before=re.compile(alt([r"\d{2,4}\s*年", *_alternatives(data.get("year_before"), boundary=False)]) + r"\s*$"),
    )


_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[。！？!?；;\n]")
_TO_ONLY = re.compile(r"\s*(?:to|至|到|改到|改为)\s*", re.IGNORECASE)
# (a day named, then its date in brackets: "冬至当天（12月22日）", "NYE (31/12)")
_SAME_DAY_IN_BRACKETS = re.compile(r"\s*(?:当天|当日|那天|当晚)?\s*[(（]\s*")
# (what may stand between a day and the word that ends a run on it: "元旦當天播完就下架")
_THAT_DAY = re.compile(r"\s*(?:当天|当日|那天)?")


@dataclass
class _Atom:
    kind: str  # point | range | duration | time
    span: tuple[int, int]
    start: Moment | None = None
    end: Moment | None = None
    days: int = 0  # duration
    months: int = 0
    extend_by: bool = False
    time: str | None = None
    relative: bool = False
    yearless: bool = False
    unresolved: bool = False
    weekday: bool = False  # "周一" / "Monday": may only annotate a date next to it
    evening: bool = False  # 今晚 / 明晚: an hour after it is p.m.
    week_of: bool = False  # "w/c 7 Dec": a week read from its first day; a length after it says more


# ----------------------------------------------------------------- resolving


def _month_num(name: str) -> int:
    low = name.lower().rstrip(".")
    return _other_months().get(low) or _MONTHS[low[:3]]


@lru_cache(maxsize=1)
def _other_months() -> dict[str, int]:
    """dates.yaml's `month_names`: a name or abbreviation of another language -> its month."""
    names = _read_yaml("dates.yaml").get("month_names") or {}
    return {str(k).lower(): int(v) for k, v in names.items() if 1 <= int(v) <= 12}


@dataclass
class _OtherDayWords:
    """dates.yaml's day words of other languages (weekdays, relative days, "next week", a
    month's end, lengths): the atoms' patterns, each weekday's or offset's own pattern to tell
    which one a match is, and the number words and units of a length."""

    atoms: dict[str, str]
    weekdays: list[tuple[int, re.Pattern[str]]]
    offsets: list[tuple[int, re.Pattern[str]]]
    any: re.Pattern[str]  # any of their words, in lower-cased text (`may_hold_date`, `_atoms`)
    numbers: dict[str, int]
    units: dict[str, int]  # days (0: a month)


@lru_cache(maxsize=1)
def _other_day_words() -> _OtherDayWords:
    data = _read_yaml("dates.yaml")

    def words(entries: Any) -> str:
        return "|".join(sorted((str(e) for e in entries or ()), key=len, reverse=True)) or "(?!)"

    weekdays = {int(k): words(v) for k, v in (data.get("weekday_names") or {}).items()}
    offsets = {int(k): words(v) for k, v in (data.get("relative_days") or {}).items()}
    after = words(data.get("weekday_after"))
    atoms = {
        "next_week": rf"\b(?:{words(data.get('next_week'))})\b",
        # ("el domingo 20", "vendredi 18": the day written after its weekday is the date)
        "weekday_names": rf"\b(?:{'|'.join(weekdays.values()) or '(?!)'})(?:\s+(?:{after}))?\b"
                         r"(?:\s+(\d{1,2})\b(?![:/.]\d|\s*(?:h|hs|ч)\b))?",
        # (longest offset first: "pasado mañana" before "mañana")
        "relative_days": rf"\b(?:{'|'.join(offsets[k] for k in sorted(offsets, reverse=True)) or '(?!)'})\b",
        "month_end_before": words(data.get("month_end_before")),
        "month_end": rf"\b(?:{words(data.get('month_end'))})\b",
    }
    numbers = {str(k).lower(): int(v) for k, v in (data.get("number_words") or {}).items()}
    units = {str(k).lower(): int(v) for k, v in (data.get("duration_units") or {}).items()}
    atoms["duration_units"] = (rf"\b({words(re.escape(n) for n in numbers)}|\d{{1,2}})\s+"
                               rf"({words(re.escape(u) for u in units)})\b")
    # (every word an atom above needs, one of which a text must hold for them to be tried)
    triggers = [w for k in ("weekday_names", "relative_days") for v in (data.get(k) or {}).values() for w in v or ()]
    triggers += [*(data.get("next_week") or ()), *(data.get("month_end") or ()), *(data.get("month_end_before") or ()),
                 *(re.escape(u) for u in units)]
    return _OtherDayWords(
        atoms,
        [(k, re.compile(rf"(?:{v})\b", re.IGNORECASE)) for k, v in weekdays.items()],
        [(k, re.compile(rf"(?:{v})\b", re.IGNORECASE)) for k, v in sorted(offsets.items(), reverse=True)],
        # (case-sensitive, on lower-cased text: in a case-blind regex the Cyrillic words cost re
        # its fast scan for first letters)
        re.compile(rf"\b(?:{words(triggers)})\b"),
        numbers,
        units,
    )


def _day_of(text: str) -> int | None:
    return parse_number(text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _coming_day(day: int, ref: date) -> date | None:
    """A day of the month written alone ("31号", "the 14th"): this month's, or the next month's
    once it is past - or, written on 30 November, the next month that has it (31 December)."""
    d = _safe_date(ref.year, ref.month, day)
    if d and d >= ref:
        return d
    first = ref.replace(day=1)
    for ahead in (1, 2):
        d = _safe_date(*add_months(first, ahead).timetuple()[:2], day)
        if d:
            return d
    return None


def _roll_year(d: date, ref: date) -> date:
    """The year of a date written without one. Instructions look ahead, so a
    date more than three months past is next year's (a mail of 20 December
    that says 1月5日 means next January); one more than nine months ahead is
    last year's (a mail of 2 January that says 12月28日 means last December)."""
    if d < ref - timedelta(days=90):
        return _safe_date(d.year + 1, d.month, d.day) or d
    if d > ref + timedelta(days=270):
        return _safe_date(d.year - 1, d.month, d.day) or d
    return d


def _yearless(ref: date | None, month: int, day: int, year: str | None) -> tuple[date | None, bool]:
    if year:
        return _safe_date(int(year), month, day), False
    if ref is None:
        return None, True
    d = _safe_date(ref.year, month, day)
    return (_roll_year(d, ref) if d else None), False


def _part_day(part: str) -> int | None:
    """The day a part of a month names as one day (None: its last): 初 the 1st, 中 and 中旬 the
    15th (mid-month, as 月中); 上旬 and 下旬 only where they start something, from their first
    day ("12月下旬起" from the 21st)."""
    return {"初": 1, "上旬": 1, "下旬": 21}.get(part) or (15 if part.startswith("中") else None)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    month0 = d.month - 1 + n
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _hhmm(hour: int, minute: int = 0, part: str | None = None) -> str | None:
    part = (part or "").lower()
    if part in ("下午", "晚上", "今晚", "夜晚", "傍晚", "晚", "pm", "p.m.") and hour < 12:
        hour += 12
    elif part in ("晚上", "今晚", "夜晚", "晚") and hour == 12 and not minute:
        hour = 24  # "31号晚上12点撤": midnight at the day's end ("12pm" is noon)
    elif part in ("am", "a.m.", "凌晨", "上午", "早上", "朝早") and hour == 12:
        hour = 0
    elif part == "中午" and hour < 6:
        hour += 12
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"


def _point(d: date | None, span: tuple[int, int], *, relative=False, yearless=False, time=None) -> _Atom:
    unresolved = d is None
    return _Atom("point", span, start=Moment(d, time) if d else None, relative=relative,
                 yearless=yearless, unresolved=unresolved)


def _atom(name: str, m: re.Match[str], ref: date | None) -> _Atom | None:  # noqa: C901 - one case per atom
    # Match in the whole text, so that look-behinds see what precedes the atom.
    g = _GROUPS[name].match(m.string, m.start(name))
    if g is None or g.end() != m.end(name):  # pragma: no cover - the group matched this very text
        return None
    span = m.span(name)
    text = m.group(name)
    if name == "zh_md_range":
        month = parse_number(g.group(2)) or 0
        d1, d2 = _day_of(g.group(3)), _day_of(g.group(4))
        if not (1 <= month <= 12 and d1 and d2):
            return None
        a, un = _yearless(ref, month, d1, g.group(1))
        b, _ = _yearless(ref, month, d2, g.group(1))
        if a and b and b < a:
            b = _safe_date(a.year, month, d2)
        return _Atom("range", span, start=Moment(a) if a else None, end=Moment(b) if b else None,
                     unresolved=un)
    if name == "en_m_dd":
        if g.group(1).lower() == "may" and not g.group(1)[0].isupper():
            return None
        month = _month_num(g.group(1))
        a, un = _yearless(ref, month, int(g.group(2)), g.group(4))
        b, _ = _yearless(ref, month, int(g.group(3)), g.group(4))
        if a is None and not un:
            return None
        return _Atom("range", span, start=Moment(a) if a else None, end=Moment(b) if b else None, unresolved=un)
    if name == "en_d_and_d_m" and int(g.group(2)) != int(g.group(1)) + 1:
        # two dates: the second, as the date alone would have been read
        b, un = _yearless(ref, _month_num(g.group(3)), int(g.group(2)), g.group(4))
        return _Atom("point", (g.start(2), span[1]), start=Moment(b), unresolved=un) if b or un else None
    if name in ("en_dd_m", "en_d_and_d_m"):
        month = _month_num(g.group(3))
        a, un = _yearless(ref, month, int(g.group(1)), g.group(4))
        b, _ = _yearless(ref, month, int(g.group(2)), g.group(4))
        if a is None and not un:
            return None
        return _Atom("range", span, start=Moment(a) if a else None, end=Moment(b) if b else None, unresolved=un)
    if name == "eu_dm_range":
        d1, m1, d2, m2 = (int(g.group(i)) for i in (1, 2, 3, 4))
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
            return None
        a, un = _yearless(ref, m1, d1, None)
        b, _ = _yearless(ref, m2, d2, None)
        if a and b and b < a:
            b = _safe_date(a.year + 1, m2, d2)
        return _Atom("range", span, start=Moment(a) if a else None, end=Moment(b) if b else None, unresolved=un)
    if name in ("num_md_d", "num_dd_m"):  # "12/14-20" (the month first), "14-20/12" (the month last)
        n = [int(g.group(i)) for i in (1, 2, 3)]
        month, d1, d2 = (n[0], n[1], n[2]) if name == "num_md_d" else (n[2], n[0], n[1])
        if not (1 <= month <= 12 and 1 <= d1 < d2 <= 31):
            return None
        a, un = _yearless(ref, month, d1, None)
        b, _ = _yearless(ref, month, d2, None)
        return _Atom("range", span, start=Moment(a) if a else None, end=Moment(b) if b else None, unresolved=un)
    if name == "en_weekend_of":
        day = int(g.group(1))
        month = _month_num(g.group(2)) if g.group(2) else (ref.month if ref else None)
        if ref is None or month is None:
            return _Atom("range", span, unresolved=True)
        d, _ = _yearless(ref, month, day, None)
        if d is None or (not g.group(2) and d < ref):  # "the 3rd" after the 3rd: next month's
            after = add_months(ref.replace(day=1), 1)
            d = _safe_date(after.year, after.month, day)
        if d is None or d.weekday() < 4:
            return None  # the weekend of a weekday names no weekend
        saturday = d - timedelta(days=d.weekday() - 5) if d.weekday() >= 5 else d + timedelta(days=1)
        return _Atom("range", span, start=Moment(saturday), end=Moment(saturday + timedelta(days=1)))
    if name == "en_every_weekday_in":
        weekday, month = _WEEKDAYS_EN[g.group(1).lower()], _month_num(g.group(2))
        if g.group(3):
            begin = date(int(g.group(3)), month, 1)
        elif ref is None:
            return _Atom("range", span, unresolved=True)
        else:  # the next such month, this one while it runs
            begin = date(ref.year, month, 1)
            if _month_end(ref.year, month) < ref:
                begin = date(ref.year + 1, month, 1)
        first = begin + timedelta(days=(weekday - begin.weekday()) % 7)
        end = _month_end(begin.year, month)
        last = end - timedelta(days=(end.weekday() - weekday) % 7)
        return _Atom("range", span, start=Moment(first), end=Moment(last), relative=not g.group(3))
    if name in ("en_month_named", "en_quarter"):
        if name == "en_month_named":
            first = last = _month_num(g.group(1))
            year = g.group(2)
        else:
            n = int(g.group(1)) if g.group(1) else ("first", "second", "third", "fourth").index(g.group(2).lower()) + 1
            first, last, year = 3 * n - 2, 3 * n, g.group(3)
        if year:
            begin = date(int(year), first, 1)
        elif ref is None:
            return _Atom("range", span, unresolved=True)
        else:  # the next such month or quarter, this one while it runs
            begin = date(ref.year, first, 1)
            if _month_end(ref.year, last) < ref:
                begin = date(ref.year + 1, first, 1)
        return _Atom("range", span, start=Moment(begin), end=Moment(_month_end(begin.year, last)), relative=not year)
    if name == "en_quarter_end":
        n = int(g.group(1)) if g.group(1) else ("first", "second", "third", "fourth").index(g.group(2).lower()) + 1
        if ref is None:
            return _Atom("point", span, unresolved=True)
        last = _month_end(ref.year, 3 * n)
        return _point(last if last >= ref else _month_end(ref.year + 1, 3 * n), span)
    if name == "eu_dmy":
        if _version_before().search(m.string, max(0, m.start(name) - 16), m.start(name)):
            return None  # "SDK 6.1.2026": a version
        a, b, year = int(g.group(1)), int(g.group(2)), int(g.group(3))
        year += 2000 if year < 100 else 0
        day, month = (b, a) if b > 12 >= a else (a, b)
        d = _safe_date(year, month, day)
        return _point(d, span) if d else None
    if name == "roc_ymd":
        d = _safe_date(int(g.group(1)) + 1911, int(g.group(2)), int(g.group(3)))
        return _point(d, span) if d else None
    if name in ("zh_year_end", "en_year_end"):
        before = m.string[max(0, span[0] - 8):span[0]]
        ended = re.search(r"[到至止]\s*$", before) if name == "zh_year_end" else re.search(
            r"(?i)\b(?:until|till|through|thru|to)\s+$", before)
        if not ended:
            return None  # "年末想做一波", "year-end cashback message": no day named
        return _point(date(ref.year, 12, 31), span, relative=True) if ref else _point(None, span, yearless=True)
    if name == "zh_that_day":
        return _Atom("duration", span, days=1)
    if name == "iso":
        d = _safe_date(int(g.group(1)), int(g.group(2)), int(g.group(3)))
        return _point(d, span) if d else None
    if name == "zh_md":
        month, day = 1 if g.group(2) == "元" else parse_number(g.group(2)), _day_of(g.group(3))
        if not (month and day and 1 <= month <= 12):
            return None
        d, un = _yearless(ref, month, day, g.group(1))
        if d is None and not un:
            return None
        return _point(d, span, yearless=un)
    if name == "zh_month_part":
        year, month, part = g.group(1), parse_number(g.group(2)) or 0, g.group(3)
        if not 1 <= month <= 12:
            return None
        if part.endswith("旬") and not _cues().post_start.match(m.string[m.end():m.end() + 8]):
            # "12月中旬投": a month's ten days (上旬 1-10, 中旬 11-20, 下旬 21 to its end); not
            # so when it starts something ("12月中旬上线，一直挂到月底": its middle, as 月中)
            y = int(year) if year else ref.year if ref else None
            if y is None:
                return _Atom("range", span, unresolved=True)
            first = _roll_year(date(y, month, 1), ref) if not year and ref else date(y, month, 1)
            lo = {"上旬": 1, "中旬": 11, "下旬": 21}[part]
            hi = 10 if part == "上旬" else 20 if part == "中旬" else _month_end(first.year, month).day
            return _Atom("range", span, start=Moment(first.replace(day=lo)), end=Moment(first.replace(day=hi)))
        if year:  # "2027年2月底"
            y = int(year)
            return _point(date(y, month, _part_day(part) or _month_end(y, month).day), span)
        if ref is None:
            return _point(None, span, yearless=True)
        day = _part_day(part) or calendar.monthrange(ref.year, month)[1]
        return _point(_roll_year(date(ref.year, month, day), ref), span)
    if name in ("en_md", "en_dm"):
        mname, dnum, year = (g.group(1), g.group(2), g.group(3)) if name == "en_md" else (g.group(2), g.group(1), g.group(3))
        if mname.lower() in ("may", "ago") and not mname[0].isupper():
            return None  # ("two weeks ago", "you may": the Spanish August only with its capital here)
        d, un = _yearless(ref, _month_num(mname), int(dnum), year)
        if d is None and not un:
            return None
        return _point(d, span, yearless=un)
    if name == "en_d_slash_mon":
        d, un = _yearless(ref, _month_num(g.group(2)), int(g.group(1)), g.group(3) and str(
            int(g.group(3)) + (2000 if len(g.group(3)) == 2 else 0)))
        if d is None and not un:
            return None
        return _point(d, span, yearless=un)
    if name == "en_d_mon_y":
        year = int(g.group(3)) + (2000 if len(g.group(3)) == 2 else 0)
        d = _safe_date(year, _month_num(g.group(2)), int(g.group(1)))
        return _point(d, span) if d else None
    if name == "us_mdy":
        month, day = int(g.group(1)), int(g.group(2) or g.group(3))
        year = int(g.group(4))
        year += 2000 if year < 100 else 0
        if _reads_day_first(m.string) or month > 12 or _nearer_day_first(m.string, ref, month, day, year):
            month, day = day, month  # "07/12/2026 - 13/12/2026": day first, as the other date shows
        d = _safe_date(year, month, day)
        return _point(d, span) if d else None
    if name == "en_dm_dash":
        day, month = (int(g.group(1)), int(g.group(2))) if g.group(1) else (int(g.group(3)), int(g.group(4)))
        if CJK.search(m.string) or not (1 <= month <= 12 and 1 <= day <= 31):
            return None  # (Chinese text writes the month first: "12-7")
        d, un = _yearless(ref, month, day, None)
        if d is None and not un:
            return None
        return _point(d, span, yearless=un)
    if name == "num_md":
        if _version_before().search(m.string, max(0, m.start() - 16), m.start()):
            return None  # "SDK 4.2", "iOS 17.1", "版本 3.5": a version, not a day
        month, day = int(g.group(1)), int(g.group(2))
        named = _weekday_named_after(m.string, m.end(name), ref, month, day, m.start(name))
        if named is not None:
            month, day = named  # "10/12（星期四）" in Hong Kong: 10 December, a Thursday
        elif _reads_day_first(m.string) or (month > 12 and day <= 12) \
                or _weekdays_say_day_first(m.string, ref) \
                or _nearer_day_first(m.string, ref, month, day):
            month, day = day, month  # "21/12 to 03/01": the day first, as most of the world writes it
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        d, un = _yearless(ref, month, day, None)
        if d is None and not un:
            return None
        return _point(d, span, yearless=un)
    if ref is None:  # everything below is relative to the message date
        if name.endswith("duration") or name.endswith("time"):
            pass
        else:
            return _point(None, span, relative=True)
    if name == "zh_rel_month":
        which, part, day = g.group(1), g.group(2), g.group(3)
        step = 2 if which.startswith("下下") else 1 if which.startswith(("下", "次")) else 0
        first = add_months(ref.replace(day=1), step)
        if part:
            d = first if part == "初" else first.replace(day=15) if part.startswith("中") else _month_end(first.year, first.month)
        elif day:
            n = parse_number(day)
            d = _safe_date(first.year, first.month, n) if n else None
        elif step:
            d = first  # 下个月 alone: from the 1st
        else:
            return None  # 本月 alone names no day ("媒体方本月更新了规格")
        return _point(d, span, relative=True) if d else None
    if name in ("zh_month_weekend", "zh_month_week"):
        month, n = int(g.group(1)), parse_number(g.group(2)) or 1
        if not 1 <= month <= 12:
            return None
        if ref is None:
            return _Atom("range", span, unresolved=True)
        first = _roll_year(date(ref.year, month, 1), ref)
        if name == "zh_month_weekend":  # the month's n-th Saturday and the Sunday after it
            saturday = first + timedelta(days=(5 - first.weekday()) % 7 + 7 * (n - 1))
            if saturday.month != first.month:
                return None
            return _Atom("range", span, start=Moment(saturday), end=Moment(saturday + timedelta(days=1)))
        # 12月第二周: the month's weeks run Monday to Sunday, the first being the one that holds
        # the 1st (from the 1st): in December 2026 (the 1st a Tuesday) 1-6, 7-13, 14-20 ...
        monday = first - timedelta(days=first.weekday()) + timedelta(days=7 * (n - 1))
        return _Atom("range", span, start=Moment(max(first, monday)), end=Moment(monday + timedelta(days=6)))
    if name == "zh_month_whole":
        month = parse_number(g.group(3) or g.group(4) or "")
        if not month or not 1 <= month <= 12:
            return None
        if g.group(1) or g.group(2):
            year = int(g.group(1)) if g.group(1) else ref.year + (1 if g.group(2) == "明年" else 0)
            first = date(year, month, 1)
        else:
            first = _roll_year(date(ref.year, month, 1), ref)
        return _Atom("range", span, start=Moment(first), end=Moment(_month_end(first.year, first.month)))
    if name in ("zh_whole_month", "en_whole_month"):
        which = next((x for x in g.groups() if x), "this").lower()
        step = 1 if which.startswith(("下", "next")) else 0
        first = add_months(ref.replace(day=1), step)
        start = ref if "rest" in text.lower() else first
        return _Atom("range", span, start=Moment(start), end=Moment(_month_end(first.year, first.month)))
    if name == "zh_month_end":
        return _point(_month_end(ref.year, ref.month), span, relative=True)
    if name == "en_month_end":
        which = (g.group(1) or "this").lower()
        base = add_months(ref.replace(day=1), 1 if which == "next" else 0)
        return _point(_month_end(base.year, base.month), span, relative=True)
    if name == "en_month_weeks":
        which, count = g.group(1).lower(), {"two": 2, "three": 3, "2": 2, "3": 3}.get((g.group(2) or "").lower(), 1)
        if ref is None:
            return _Atom("range", span, unresolved=True)
        first = _roll_year(date(ref.year, _month_num(g.group(3)), 1), ref)
        last = _month_end(first.year, first.month)
        if which in ("last", "final"):
            return _Atom("range", span, start=Moment(last - timedelta(days=7 * count - 1)), end=Moment(last))
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[which]
        start = first + timedelta(days=7 * (n - 1))
        return _Atom("range", span, start=Moment(start), end=Moment(min(last, start + timedelta(days=7 * count - 1))))
    if name == "en_end_of_month_name":
        month = _month_num(g.group(1))
        d = _roll_year(_month_end(ref.year, month), ref)
        return _point(d, span)
    if name == "en_next_month":
        if g.group(3):
            return _point(add_months(ref.replace(day=1), 1), span, relative=True)
        base = add_months(ref.replace(day=1), 1 if g.group(2).lower() == "next" else 0)
        d = _safe_date(base.year, base.month, int(g.group(1)))
        return _point(d, span, relative=True) if d else None
    if name == "zh_weekday_range":
        week = {"下下": 2, "下": 1}.get(g.group(1), 0)
        first, last = _WEEKDAYS_ZH[g.group(2)], _WEEKDAYS_ZH[g.group(3)]
        if last <= first:
            last += 7  # "下周五至一": to the Monday after
        monday = _monday(ref) + timedelta(days=7 * week)
        return _Atom("range", span, start=Moment(monday + timedelta(days=first)), end=Moment(monday + timedelta(days=last)),
                     relative=True)
    if name == "zh_weekday":
        which, wd = g.group(1) or "", _WEEKDAYS_ZH[g.group(2)]
        week = {"下下": 2, "下": 1, "上": -1}.get(which, 0)
        d = _monday(ref) + timedelta(days=7 * week + wd)
        if not which and d < ref:  # bare 周五: the coming one
            d += timedelta(days=7)
        return _point(d, span, relative=True)
    if name in ("week_number", "week_range"):
        first = int(g.group(1) or g.group(2)) if name == "week_number" else int(g.group(1))
        last = first if name == "week_number" else int(g.group(2))
        monday, sunday = _iso_week(ref, first), _iso_week(ref, last)
        if monday is None or sunday is None or sunday < monday:
            return None
        return _Atom("range", span, start=Moment(monday), end=Moment(sunday + timedelta(days=6)), relative=True)
    if name == "zh_weekend":  # Saturday and Sunday, as "the weekend" is in English
        saturday = _monday(ref) + timedelta(days=7 * (1 if g.group(1) == "下" else 0) + 5)
        return _Atom("range", span, start=Moment(saturday), end=Moment(saturday + timedelta(days=1)), relative=True)
    if name == "zh_week":
        week = {"下下": 2, "下": 1}.get(g.group(1), 0)
        d = _monday(ref) + timedelta(days=7 * week) if week else ref
        return _point(d, span, relative=True)
    if name == "en_weekday_week":
        wd = _WEEKDAYS_EN_SHORT[next(x for x in g.groups() if x).lower()[:3]]
        return _point(ref + timedelta(days=(wd - ref.weekday()) % 7 + 7), span, relative=True)
    if name == "en_week_after_next":
        monday = _monday(ref) + timedelta(days=14)
        atom = _Atom("range", span, start=Moment(monday), end=Moment(monday + timedelta(days=6)), relative=True)
        atom.week_of = True  # ("the week after next for two weeks": from its Monday, for the length written)
        return atom
    if name == "en_weekday":
        which, wd = (g.group(1) or "").lower(), _WEEKDAYS_EN[g.group(2).lower()]
        if which in ("next", "following"):
            d = _monday(ref) + timedelta(days=7 + wd)
        else:  # "Friday", "this Friday", "coming Friday": the next one, today included
            d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        return _point(d, span, relative=True)
    if name == "xx_weekday":  # "el lunes que viene", "lundi prochain": the coming one, today included
        wd = next((k for k, rx in _other_day_words().weekdays if rx.match(text)), None)
        if wd is None:
            return None
        d = _coming_day(int(g.group(1)), ref) if g.group(1) else ref + timedelta(days=(wd - ref.weekday()) % 7)
        return _point(d, span, relative=True) if d else None
    if name == "xx_rel_day":  # "mañana", "demain", "завтра"
        offset = next((k for k, rx in _other_day_words().offsets if rx.match(text)), 0)
        return _point(ref + timedelta(days=offset), span, relative=True)
    if name == "xx_month_end_name":  # "fin décembre": its last day
        return _point(_roll_year(_month_end(ref.year, _month_num(g.group(1))), ref), span)
    if name == "xx_month_end":  # "fin de mes": this month's last day
        return _point(_month_end(ref.year, ref.month), span, relative=True)
    if name == "xx_duration":  # "por dos semanas"
        known = _other_day_words()
        n = int(g.group(1)) if g.group(1).isdigit() else known.numbers.get(g.group(1).lower())
        days = known.units.get(g.group(2).lower())
        if not n or days is None:
            return None
        return _Atom("duration", span, months=n) if days == 0 else _Atom("duration", span, days=n * days)
    if name == "xx_next_week":  # "la semana que viene": from its Monday
        return _point(_monday(ref) + timedelta(days=7), span, relative=True)
    if name == "en_week_weekday":
        which = (g.group(1) or g.group(4)).lower()
        wd = _WEEKDAYS_EN[(g.group(2) or g.group(3)).lower()]
        return _point(_monday(ref) + timedelta(days=wd + (7 if which == "next" else 0)), span, relative=True)
    if name == "en_weekday_abbr":
        wd = _WEEKDAYS_EN_SHORT[next(x for x in g.groups() if x).lower()[:3]]
        before = m.string[max(0, span[0] - 5):span[0]].lower()
        if before.endswith("next "):
            d = _monday(ref) + timedelta(days=7 + wd)
        else:
            d = ref + timedelta(days=(wd - ref.weekday()) % 7)
        atom = _point(d, span, relative=True)
        atom.weekday = True
        return atom
    if name == "en_whole_week":
        which = (g.group(1) or g.group(2)).lower()
        monday = _monday(ref) + timedelta(days=7 if which == "next" else 0)
        return _Atom("range", span, start=Moment(monday), end=Moment(monday + timedelta(days=6)), relative=True)
    if name == "en_week_end":  # the Friday of this week; "through the end of next week": its Sunday
        if g.group(1):
            return _point(_monday(ref) + timedelta(days=13), span, relative=True)
        return _point(_monday(ref) + timedelta(days=4), span, relative=True)
    if name == "en_weekend":  # Saturday and Sunday: the coming ones, or next week's
        if not g.group(1) and g.group(0).lower().endswith("weekend") and _names_its_weekend(m.string[:m.start()]):
            return None  # "for the concert weekend", "Presidents' Day weekend": a weekend of its own
        nxt = (g.group(1) or "").lower() == "next"
        saturday = ref + timedelta(days=(5 - ref.weekday()) % 7) + timedelta(days=7 if nxt else 0)
        return _Atom("range", span, start=Moment(saturday), end=Moment(saturday + timedelta(days=1)), relative=True)
    if name == "en_week":
        d = _monday(ref) + timedelta(days=7) if g.group(1).lower() == "next" else ref
        return _point(d, span, relative=True)
    if name == "zh_midnight":
        # ("12月12日晚8点上线，当晚零点下线": 当晚 is the night of the day just written, not today)
        if g.group(1) and g.group(1) != "当晚":
            atom = _point(ref, span, relative=True)
            atom.time = "24:00"
            return atom
        return _Atom("time", span, time="00:00")
    if name == "zh_two_days":
        first = ref + timedelta(days=0 if text.startswith("今") else 1)
        atom = _Atom("range", span, start=Moment(first), end=Moment(first + timedelta(days=1)), relative=True)
        atom.evening = "晚" in text  # ("明后两晚8点": 20:00 both nights)
        return atom
    if name == "zh_rel_day":
        offset = {"大后天": 3, "后天": 2, "明天": 1, "明日": 1, "明早": 1, "明晚": 1, "听日": 1, "听晚": 1}.get(text, 0)
        atom = _point(ref + timedelta(days=offset), span, relative=True)
        atom.evening = text in ("今晚", "明晚", "听晚")  # an evening, not a time: "今晚8点" is 20:00
        return atom
    if name == "en_rel_day":
        low = text.lower()
        offset = 2 if "after" in low else 1 if low.startswith(("tomorrow", "tmr")) or "tomorrow" in low else 0
        return _point(ref + timedelta(days=offset), span, relative=True)
    if name in ("zh_day", "en_the_day"):
        d = _coming_day(int(g.group(1)), ref)
        return _point(d, span, relative=True) if d else None
    if name == "zh_duration":
        qty, unit = g.group(1), g.group(2)
        n = 0.5 if qty == "半" else parse_number(qty)
        if not n or (unit == "月" and qty.isdigit()):  # "6月" is June, not six months
            return None
        if unit in ("个月", "月"):
            return _Atom("duration", span, days=15 if n == 0.5 else 0, months=0 if n == 0.5 else int(n))
        per = 1 if unit == "天" else 7
        return _Atom("duration", span, days=int(n * per))
    if name == "en_duration":
        low = text.lower()
        if "fortnight" in low:
            return _Atom("duration", span, days=14)
        n = parse_number(g.group(1)) if g.group(1) else None
        if not n:
            return None
        unit = g.group(2).lower()
        if unit == "month":
            return _Atom("duration", span, months=n)
        return _Atom("duration", span, days=n * (7 if unit in ("week", "wk") else 1))
    if name == "zh_time":
        if g.group(3) is None and "点" not in text:
            return None
        minute = int(g.group(3) or g.group(4) or (30 if g.group(5) else 0))
        t = _hhmm(int(g.group(2)), minute, g.group(1))
        return _Atom("time", span, time=t) if t else None
    if name == "zh_time_cn":
        n = parse_number(g.group(2))
        t = _hhmm(n, 30 if g.group(3) else 0, g.group(1)) if n else None
        return _Atom("time", span, time=t) if t else None
    if name == "en_time":
        if g.group(6):
            return _Atom("time", span, time="12:00" if g.group(6).lower() == "noon" else "00:00")
        if g.group(1):
            t = _hhmm(int(g.group(1)), int(g.group(2) or 0), g.group(3))
        else:
            t = _hhmm(int(g.group(4)), int(g.group(5)))
        return _Atom("time", span, time=t) if t else None
    return None  # pragma: no cover


_ANNOTATION_OPEN = re.compile(r"\s*[（(]?\s*$")
_ANNOTATION_CLOSE = re.compile(r"^\s*[）)]")
_WEEKDAY_BEFORE = re.compile(r"^\s*,?\s*[（(]?\s*$")


_NUM_DMY = re.compile(r"(?<![\d.])(\d{1,2})/(\d{1,2})/\d{4}(?!\d)")
_NUM_DM = re.compile(r"(?<![\d.,/$¥v:])(\d{1,2})/(\d{1,2})(?![\d/])")


def _iso_week(ref: date, n: int) -> date | None:
    """The Monday of ISO week `n` nearest ahead of `ref` ("W2" written in December: next year's)."""
    if not 1 <= n <= 53:
        return None
    try:
        monday = date.fromisocalendar(ref.year, n, 1)
        if monday < ref - timedelta(days=90):
            monday = date.fromisocalendar(ref.year + 1, n, 1)
    except ValueError:
        return None
    return monday


def _nearer_day_first(text: str, ref: date | None, month: int, day: int, year: int | None = None) -> bool:
    """English text, both readings a date ("Mon 7/12 till end Dec" in a mail of 3 December,
    "from 06/12/2026" in one of 1 December): the one nearer the mail, not already past, is
    meant - 7 December, not 12 July. Chinese text writes the month first (12/7 is 7 December),
    but for Hong Kong's Cantonese (`reading_hong_kong`: the text is read simplified, 喺 and 嘅 are
    在 and 的 by then, so the mail's own writing decides)."""
    if ref is None or month == day or month > 12 or day > 12 or (CJK.search(text) and not _HONG_KONG.get()) \
            or _month_first(text):
        return False
    if year is not None:
        as_written, swapped = _safe_date(year, month, day), _safe_date(year, day, month)
    else:
        as_written, _ = _yearless(ref, month, day, None)
        swapped, _ = _yearless(ref, day, month, None)
    if as_written is None or swapped is None:
        return False

    def far(d: date) -> tuple[bool, int]:
        return d < ref, abs((d - ref).days)
    return far(swapped) < far(as_written)


# Cantonese words ("想喺…落廣告", "搞掂咗") that, in traditional characters, Hong Kong and Macau
# write: there a slashed date is day first, as in English ("3/1起用" on 2 December is 3 January);
# the mainland's Cantonese writers (simplified characters) and Taiwan write the month first.
# The text is read simplified, so whether the mail was written so is set around its reading.
# (`_CANTONESE_WORDS`: those and more that simplified() turns into Mandarin, no sign of the script)
_CANTONESE = re.compile(r"[嘅咗喺哋冇啲嗰]")
_CANTONESE_WORDS = re.compile(r"[嘅咗喺哋冇啲嗰係佢乜嘢咁嚟睇啱攞畀俾噉]")
_HONG_KONG: ContextVar[bool] = ContextVar("hong_kong", default=False)


def writes_hong_kong(text: str) -> bool:
    """Cantonese in traditional characters: Hong Kong's or Macau's writing."""
    if not _CANTONESE.search(text):
        return False
    rest = _CANTONESE_WORDS.sub("", text)
    return simplified(rest) != rest


@contextlib.contextmanager
def _setting(var: ContextVar[bool], on: bool) -> Iterator[None]:
    token = var.set(on)
    try:
        yield
    finally:
        var.reset(token)


def reading_hong_kong(on: bool) -> contextlib.AbstractContextManager[None]:
    """Within the block, Chinese text reads a slashed date that reads both ways as English text
    does (`_nearer_day_first`), when `on` (`writes_hong_kong` of the mail)."""
    return _setting(_HONG_KONG, on)


@lru_cache(maxsize=256)
def _month_first(text: str) -> bool:
    """English text that writes a month before a day past the twelfth ("2/1 through 2/28")
    and never a day before a month past it: its dates that read both ways are month first."""
    pairs = [(int(a), int(b)) for a, b in _NUM_DM.findall(text)]
    return any(a <= 12 < b <= 31 for a, b in pairs) and not any(b <= 12 < a <= 31 for a, b in pairs)


# "（星期四）", "(Mon)", ", Thursday" right after a date
_WEEKDAY_NOTE = re.compile(r"\s*[（(]\s*(?:周|星期|週|礼拜|禮拜)?([一二三四五六日天])\s*[)）]"
                           r"|\s*[（(]?\s*,?\s*(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|r|rs|rsday|urday)?\.?\b",
                           re.IGNORECASE)


# "下個禮拜一（7/12）", "Monday (7/12)": a weekday right before a date
_WEEKDAY_NAMED_BEFORE = re.compile(r"(?:周|星期|週|礼拜|禮拜)([一二三四五六日天])\s*[（(]?\s*\Z"
                                   r"|\b(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|r|rs|rsday|urday)?\.?,?\s*[（(]?\s*\Z",
                                   re.IGNORECASE)


def _weekday_named_after(text: str, end: int, ref: date | None, a: int, b: int,
                         start: int | None = None) -> tuple[int, int] | None:
    """"10/12（星期四）", "7/12 (Mon)": a weekday written right after a date that reads both
    ways (or right before it, `start`: "下個禮拜一（7/12）") says which reading is meant, when it
    fits one of them alone. (month, day), or None."""
    both = ref is not None and a != b and a <= 12 and b <= 12
    note = _WEEKDAY_NOTE.match(text, end) if both else None
    if note is None and both and start is not None:
        note = _WEEKDAY_NAMED_BEFORE.search(text[max(0, start - 16):start])
    if note is None:
        return None
    weekday = _WEEKDAYS_ZH[note.group(1)] if note.group(1) else _WEEKDAYS_EN_SHORT[note.group(2).lower()]
    readings = {(month, day): _yearless(ref, month, day, None)[0] for month, day in ((a, b), (b, a))}
    fits = [md for md, d in readings.items() if d is not None and d.weekday() == weekday]
    if len(fits) == 2 and ref is not None:
        # (both a Monday: "下個禮拜一（7/12）" written on 3 December is the coming one, not next July's)
        soon = [md for md in fits if 0 <= (readings[md] - ref).days <= 21]
        fits = soon if len(soon) == 1 else fits
    return fits[0] if len(fits) == 1 else None


_SLASHED = re.compile(r"(?<![\d./])(\d{1,2})/(\d{1,2})(?![\d/])")


@lru_cache(maxsize=256)
def _weekdays_say_day_first(text: str, ref: date | None) -> bool:
    """"由 10/12（星期四）起停，做到 9/12": a weekday after one slashed date shows the text writes
    the day first; its other slashed dates are read the same way."""
    if ref is None or "/" not in text:
        return False
    for m in _SLASHED.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if _weekday_named_after(text, m.end(), ref, a, b, m.start()) == (b, a):
            return True
    return False


# Set while the cells of one table are read: its other rows write a day first ("15/2"), so a cell
# that reads both ways ("w/c 1/2, 1 wk") is read that way too (`reading_day_first`).
_TABLE_DAY_FIRST: ContextVar[bool] = ContextVar("table_day_first", default=False)


def reading_day_first(on: bool) -> contextlib.AbstractContextManager[None]:
    """Read slashed dates day first within the block, when `on` (the text around the piece read
    writes a day first: `writes_day_first` over a whole table)."""
    return _setting(_TABLE_DAY_FIRST, on)


def _reads_day_first(text: str) -> bool:
    """The text, or the table it stands in, writes a day before its month."""
    return _TABLE_DAY_FIRST.get() or _day_first(text)


def writes_day_first(text: str) -> bool:
    """The text writes a day before its month somewhere ("21/12", "15/2/2027")."""
    return _day_first(text)


@lru_cache(maxsize=256)
def _day_first(text: str) -> bool:
    """The text writes a day before its month somewhere ("21/12"): read its other
    slashed dates the same way ("03/01" is 3 January). Chinese text that puts a year after a
    slashed date ("1/2 到 7/2/2027") writes it the Hong Kong, Singapore and Malaysia way, day
    first: the mainland and Taiwan put the year first (2027/2/7)."""
    return any(int(a) > 12 and 1 <= int(b) <= 12 for a, b in _NUM_DM.findall(text)) or any(
        int(a) > 12 and 1 <= int(b) <= 12 for a, b in _NUM_DMY.findall(text)) or bool(
        CJK.search(text) and _NUM_DMY.search(text))


def _atoms(text: str, ref: date | None) -> list[_Atom]:
    out: list[_Atom] = []
    pattern = _atom_regex("no_cjk" if not CJK.search(text) else "all" if _LATIN_LETTER.search(text) else "no_latin",
                          _other_day_words().any.search(text.lower()) is not None)
    for m in pattern.finditer(text):
        name = m.lastgroup
        atom = _atom(name, m, ref) if name else None
        if atom is not None:
            atom.weekday = atom.weekday or name in ("zh_weekday", "en_weekday", "xx_weekday")
            out.append(atom)
    named = _named_days()
    if named.names.search(text):
        taken = [a.span for a in out]
        for m in named.weeks.finditer(text):
            if not any(lo < m.end() and m.start() < hi for lo, hi in taken):
                day = named.day(m.group(0), ref)
                monday = day - timedelta(days=day.weekday()) if day else None
                out.append(_Atom("range", m.span(), start=Moment(monday) if monday else None,
                                 end=Moment(monday + timedelta(days=6)) if monday else None,
                                 relative=True, unresolved=monday is None))
                taken.append(m.span())
        for m in named.weekends.finditer(text):
            # "over MLK weekend", "Presidents' Day weekend": Saturday to the Monday holiday (a
            # Thursday or Friday one to its Sunday; a weekend day's own weekend); midweek, none
            day = named.day(m.group("day") or m.group("zh_day"), ref)
            lo = {0: -2, 3: 0, 4: 0, 5: 0, 6: -1}.get(day.weekday()) if day else None
            # (a Chinese one's own 周末 is an atom inside it: "圣诞周末")
            inside_ok = bool(m.group("zh_day"))
            if day is None or lo is None or any(a < m.end() and m.start() < b
                                                and not (inside_ok and m.start() <= a and b <= m.end())
                                                for a, b in taken) \
                    or re.search(r"(?i)\b(?:until|till|through|thru|to)\s+(?:the\s+)?$", text[:m.start()]):
                continue  # (not after "thru": "running thru MLK weekend (Mon 1/18)" ends on the day it gives)
            first = day + timedelta(days=lo)
            last = day if day.weekday() in (0, 6) else day + timedelta(days=6 - day.weekday())
            out = [a for a in out if not (m.start() <= a.span[0] and a.span[1] <= m.end())]
            out.append(_Atom("range", m.span(), start=Moment(first), end=Moment(last), relative=True))
            taken.append(m.span())
        for m in named.around.finditer(text):
            if m.group("en_day"):
                anchor = named.day(m.group("en_day"), ref)
                if anchor is None:
                    continue
                wd, step = _WEEKDAYS_EN[m.group("wd").lower()], 1 if m.group("en_side").lower() == "after" else -1
                at = anchor + timedelta(days=step)
                while at.weekday() != wd:
                    at += timedelta(days=step)
                out = [a for a in out if not (m.start() <= a.span[0] and a.span[1] <= m.end())]
                out.append(_point(at, m.span(), relative=True))
                taken.append(m.span())
                continue
            # "元旦前三天", "农历新年前一星期", "春节后两周": the days just before or after a named day
            day = named.day(m.group("day"), ref)
            n = parse_number(m.group("n")) or 0
            if day is None or not 1 <= n <= 31 or (not m.group("side") and (
                    m.group("unit") != "天" or n > 10 or re.match(r"\s*[前后内以]", text[m.end():]))):
                continue
            # (its count, "三天", is no run of its own)
            out = [a for a in out if not (m.start() <= a.span[0] and a.span[1] <= m.end())]
            taken = [t for t in taken if not (m.start() <= t[0] and t[1] <= m.end())]
            length = n * (7 if m.group("unit") not in ("天", "日") else 1)
            side = m.group("side")
            lo_day, hi_day = ((day - timedelta(days=length), day + timedelta(days=length)) if side.startswith("前后")
                              else (day, day + timedelta(days=length - 1)) if not side
                              else (day - timedelta(days=length), day - timedelta(days=1)) if side == "前"
                              else (day + timedelta(days=1), day + timedelta(days=length)))
            if len(side) == 1 and (re.match(r"\s*(?:开始|起)", text[m.end():]) or re.search(r"[到至]\s*$", text[:m.start()])):
                # "圣诞节前一周开始上档", "延长到春节前一周": the day a week before, not the week
                at = lo_day if m.group("side") == "前" else hi_day + timedelta(days=1)
                out.append(_point(at, m.span(), relative=True))
            else:
                out.append(_Atom("range", m.span(), start=Moment(lo_day), end=Moment(hi_day), relative=True))
            taken.append(m.span())
        for m in named.pattern.finditer(text):
            span = m.span(m.lastgroup or 0)
            if not any(lo < span[1] and span[0] < hi for lo, hi in taken):
                atom = _point(named.day(m.group(m.lastgroup or 0), ref), span, relative=True)
                if m.lastgroup in ("en_only", "en_event") and atom.start is not None:
                    atom.kind, atom.end = "range", atom.start  # (that one day, start and end)
                if m.lastgroup == "en_only" and atom.start is not None:
                    # ("New Year's Day only, going live at 7am": the hour after the word is the day's)
                    atom.span = (span[0], span[1] + len(re.match(r"\s+\w+", text[span[1]:]).group()))
                atom.evening = m.group(m.lastgroup or 0).endswith(("夜", "晚"))  # 跨年夜8点, 跨年当晚8点: 20:00
                out.append(atom)
        # ("The Black Friday spot worked": the weekday in a festival's name is no weekday, where no
        # date goes as where one does)
        for m in named.names.finditer(text):
            if text[m.start() - 1:m.start()].isalnum() or text[m.end():m.end() + 1].isalnum():
                continue
            out = [a for a in out if not (a.weekday and a.span != m.span() and m.start() <= a.span[0] and a.span[1] <= m.end())]
        out.sort(key=lambda a: a.span)
    return _days_running(text, _fold_weekdays(text, out))


@lru_cache(maxsize=1)
def _and_days() -> re.Pattern[str]:
    words = _alternatives(_read_yaml("dates.yaml").get("and_days"), boundary=False)
    return re.compile(r"\s*(?:" + "|".join(words) + r")\s*" if words else r"(?!)")


def _days_running(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """"12月19日和20日", "12月5日、12月6日": two days running joined by "and" (dates.yaml
    `and_days`) are one window (the second may be a bare day, read in the first's month);
    two days apart stay two. So are three and more, across a month's or a year's end:
    "12月31号、1月1号、1月2号"."""
    out: list[_Atom] = []
    joined: set[int] = set()  # (ranges made here, which a next day running goes on)
    for atom in atoms:
        prev = out[-1] if out else None
        last = None if prev is None else prev.start if prev.kind == "point" else prev.end if id(prev) in joined else None
        if (prev is not None and last is not None and atom.kind == "point" and atom.start
                and last.time is None and atom.start.time is None and not prev.weekday and not atom.weekday
                and _and_days().fullmatch(text[prev.span[1]:atom.span[0]])
                and (atom.start.day == last.day + timedelta(days=1)
                     or atom.start.day.day == last.day.day + 1)):  # (a bare day, read in the first's month)
            following = last.day + timedelta(days=1)
            out[-1] = _Atom("range", (prev.span[0], atom.span[1]), start=prev.start, end=Moment(following),
                            relative=prev.relative, yearless=prev.yearless, unresolved=prev.unresolved)
            joined.add(id(out[-1]))
            continue
        out.append(atom)
    return out


_MAYBE_DATE = re.compile(
    r"[0-9０-９]|[今明后周月号日天星礼即立马零]|午夜|年[底末尾]|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
    r"|today|tonight|tomorrow|tmrw|tmr|wknd|eow|eom|asap|next|this|week|fortnight|month|immediately|immediate effect|right away|end of|the day|year-end|year end|eoy)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8)
def _group(key: str, tail: str = "") -> re.Pattern[str]:
    """One group of dates.yaml as a regex of its alternatives, then `tail`."""
    data = _read_yaml("dates.yaml").get(key)
    return re.compile("(?:" + "|".join(_alternatives(data)) + ")" + tail if data else r"(?!)", re.IGNORECASE)


_UP_TO_WINDOW = r"[^，,。;；]{0,8}$"  # a `previous` word up to the window it dates


def says_previous(text: str, at: int) -> bool:
    """"原定投到12月9日", "原排期12月14日-27日": the word right before `at` says what was booked
    before (`previous`, or before an act only `previous_act`), so the act written there is the
    old booking's, not the one asked for."""
    before = text[max(0, at - 16):at]
    return bool(_group("previous", r"\s*$").search(before) or _group("previous_act", r"\s*$").search(before))


def is_previous(text: str, window: Window) -> bool:
    """"原定12月31日结束", "originally ending 20 Dec": the window a change replaces (not when the
    new start it names is read into it: "原定12月15日开始，…改为12月21日开始")."""
    return bool(_group("previous", _UP_TO_WINDOW).search(text[max(0, window.span[0] - 16):window.span[0]])) \
        and not _group("target").search(text[window.span[0]:window.span[1]])


def may_hold_date(text: str) -> bool:
    """Cheap test before `find_windows`: no digit, date word or named day, no window."""
    return bool(_MAYBE_DATE.search(text) or _named_days().names.search(text) or _other_day_words().any.search(text.lower()))


@dataclass(frozen=True)
class _NamedDays:
    pattern: re.Pattern[str]
    names: re.Pattern[str]
    days: dict[str, list[tuple[int | None, int, int]]]  # name -> (year or None, month, day)
    weeks: re.Pattern[str]  # "Christmas week": the Monday-to-Sunday week of a named day
    around: re.Pattern[str]  # "元旦前三天": days just before or after a named day
    weekends: re.Pattern[str]  # "Presidents' Day weekend": the weekend a holiday makes long

    def day(self, name: str, ref: date | None) -> date | None:
        """The nearest such day from two weeks before `ref` on."""
        if ref is None:
            return None
        found = []
        for year, month, day in self.days.get(name.lower().replace("’", "'"), ()):
            for y in ([year] if year else [ref.year - 1, ref.year, ref.year + 1]):
                with contextlib.suppress(ValueError):
                    found.append(date(y, month, day))
        later = [d for d in found if d >= ref - timedelta(days=14)]
        return min(later) if later else None


@lru_cache(maxsize=1)
def _named_days() -> _NamedDays:
    """Festivals as days (rules/vocab/dates.yaml `named_days`), only where a date goes."""
    data = _read_yaml("dates.yaml").get("named_days") or {}
    days: dict[str, list[tuple[int | None, int, int]]] = {}
    for md, names in (data.get("fixed") or {}).items():
        month, day = (int(x) for x in str(md).split("-"))
        for name in names or ():
            days.setdefault(str(name).lower().replace("’", "'"), []).append((None, month, day))
    for name, years in (data.get("by_year") or {}).items():
        for year, md in (years or {}).items():
            month, day = (int(x) for x in str(md).split("-"))
            days.setdefault(str(name).lower(), []).append((int(year), month, day))
    week_names: list[str] = []
    for md, names in (data.get("weeks") or {}).items():
        month, day = (int(x) for x in str(md).split("-"))
        for name in names or ():
            week_names.append(str(name).lower())
            days.setdefault(str(name).lower(), []).append((None, month, day))
    weeks = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(week_names, key=len, reverse=True))
    zh = sorted((n for n in days if CJK.search(n) and n not in week_names), key=len, reverse=True)
    en = sorted((n for n in days if not CJK.search(n) and n not in week_names), key=len, reverse=True)
    alts: list[str] = []
    en_names = "|".join(re.escape(n).replace("'", "['’]").replace(r"\ ", r"\s+") for n in en)
    if en:
        names = en_names
        # ("NYE only, 7pm go-live", "on New Year's Day only": that one day, start and end; first,
        # so that a day after "on" is read so too)
        alone = "|".join(re.escape(str(w)) for w in data.get("en_before") or ())
        if alone:
            alts.append(rf"(?<![\w'])(?P<en_only>{names})(?=\s+(?:{alone})\b)")
        # ("the Boxing Day meeting", "the Boxing Day Test", "the New Year's Eve fireworks": an event
        # named by its day is held on it)
        events = "|".join(re.escape(str(w)).replace(r"\ ", r"\s+") for w in data.get("en_event_after") or ())
        if events:
            # (not the event's film or ad: "our New Year's Eve concert film … from 21.12. to 31.12.")
            things = "|".join(re.escape(str(w)) for w in data.get("en_event_not_before") or ()) or "(?!)"
            alts.append(rf"(?<![\w'])(?P<en_event>{names})(?=\s+(?:{events})\b(?!\s+(?:{things})s?\b))")
        before = "|".join(rf"(?<=\b{re.escape(str(w))} )" for w in data.get("en_after") or ())
        alts.append(rf"(?:{before})(?:the\s+)?(?P<en>{names})\b")
        labels = "|".join(re.escape(str(w)) for w in data.get("en_labels") or ())
        if labels:
            alts.append(rf"(?im:^[ \t*•-]*(?:{labels})[ \t]*[:：][ \t]*)(?P<en_label>{names})\b")
        acts = "|".join(re.escape(str(w)) for w in data.get("en_before_zh") or ())
        if acts:
            alts.append(rf"(?<![\w'])(?P<en_zh>{names})(?=\s*(?:{acts}))")
        # "NYE 8pm to midnight", "Christmas Eve at 9pm": a festival with an hour is that day
        alts.append(rf"(?<![\w'])(?P<en_hour>{names})\b(?=,?\s+(?:from\s+|at\s+)?\d{{1,2}}(?::\d{{2}})?\s*(?:am|pm|a\.m\.|p\.m\.)|,?\s+(?:from\s+|at\s+)?\d{{1,2}}:\d{{2}}\b)")
    only = {str(k): [str(w) for w in v or ()] for k, v in (data.get("only_before") or {}).items()}
    for name, words in only.items():
        alts.append(rf"(?P<zh_only{len(alts)}>{re.escape(name)})(?=\s*(?:{'|'.join(map(re.escape, words))}))")
    zh = [n for n in zh if n not in only]
    if zh:
        names = "|".join(map(re.escape, zh))
        after = "".join(re.escape(str(w)) for w in data.get("zh_after") or ())
        # ("于圣诞档期投放": a booking season, no day; `season_after`; atomic, so that "圣诞节档期"
        # does not fall back to 圣诞 before 节)
        season = "|".join(re.escape(str(w)) for w in data.get("season_after") or ())
        alts.append(rf"(?<=[{after}])(?P<zh_after>(?>{names}))" + (rf"(?!\s*(?:{season}))" if season else ""))
        follow = "|".join(re.escape(str(w)) for w in data.get("zh_before") or ())
        alts.append(rf"(?P<zh_before>{names})(?=\s*(?:{follow}"
                    # "跨年夜8点到12点", "平安夜晚上8点": a festival with an hour is that day
                    # ("跨年夜当晚8点": that night of it)
                    # ("双十二早8点上线", Cantonese "聖誕朝早9點": the parts of a day the hours take)
                    r"|(?:当晚|当夜|当天|当日)?\s*(?:晚上?|凌晨|早上?|朝早|上午|下午|中午|傍晚|夜晚)?\s*(?:零|[0-9０-９一二三四五六七八九十两]{1,3})\s*(?:点|[:：][0-9])))")
    # ("元旦前后各三天": both sides, the day between)
    # ("元旦三天", "国庆7天": as many days from it on; the side left empty)
    around = (rf"(?P<day>{'|'.join(map(re.escape, zh))})\s*之?(?P<side>前后各?|[前后]|)\s*(?P<n>[0-9]{{1,2}}|[一二两俩三仨四五六七八九十]{{1,3}})"
              r"\s*个?(?P<unit>天|日|周|星期|礼拜)") if zh else r"(?!)"
    if en:
        # ("starting the Monday after Thanksgiving": that weekday's first one after the day)
        around += rf"|(?i:\b(?:the\s+)?(?P<wd>{_WEEKDAY_EN})\s+(?P<en_side>after|before)\s+(?:the\s+)?(?P<en_day>{en_names})\b)"
    # (a short name only before "weekend": in `days` for `day`, not in the other patterns)
    aliases = {str(k).lower(): str(v).lower() for k, v in (data.get("weekend_names") or {}).items()}
    for short, name in aliases.items():
        days[short] = days.get(name, [])
    short_names = "".join("|" + re.escape(n) for n in aliases)
    names = trie_regex(sorted({n for n in days} | {n.replace("'", "’") for n in days}))
    weekends = rf"(?<![\w'])(?P<day>{en_names}{short_names})\s+(?:long\s+)?weekend\b" if en else r"(?!)"
    if zh:
        # ("圣诞周末", Cantonese "聖誕週末" read simplified: the weekend the festival makes long)
        weekends += "|(?P<zh_day>" + "|".join(map(re.escape, zh)) + r")\s*周末"
    return _NamedDays(re.compile("|".join(alts) or r"(?!)", re.IGNORECASE),
                      re.compile(names or r"(?!)", re.IGNORECASE), days,
                      re.compile(rf"(?<![A-Za-z])(?:{weeks})(?![A-Za-z])" if weeks else r"(?!)", re.IGNORECASE),
                      re.compile(around), re.compile(weekends, re.IGNORECASE))


def completes_a_holiday(name: str, text: str, at: int) -> bool:
    """"MLK" before " weekend", "Family" before " Day": an English word that, with the word
    after it (`text` from `at` on), is a day `named_days` knows (a holiday's, not whose ad it is)."""
    if CJK.search(name):
        return False
    days = _named_days()
    after = text[at:at + 40]  # (a word or two: not the rest of the mail)
    if days.weekends.match(f"{name} {after.lstrip()}"):
        return True
    word = re.match(r"[ \t]+([A-Za-z'’]+)", after)
    return bool(word) and f"{name} {word.group(1)}".lower().replace("’", "'") in days.days


def week_of(window: Window) -> date | None:
    """The Sunday ending the coming week a window names alone ("下周", "next week", "下下周"),
    else None ("本周" / "this week" begins today: as often "by the end of it" as "all of it")."""
    if window.kind != "point" or window.start is None or window.start.time is not None:
        return None
    text = simplified(window.text.strip().rstrip(".,;")).lower()
    if not text.startswith(("下", "next")) or not _WEEK_ALONE.fullmatch(text):
        return None
    return _monday(window.start.day) + timedelta(days=6)


_WEEK_ALONE = re.compile("|".join(f"(?:{rx})" for name, rx in _ATOMS if name in ("zh_week", "en_week")))


def run_for(text: str, start: date) -> date | None:
    """The last day of a run from `start` for the one length `text` writes, wherever it
    stands ("a two-week flight starting Monday", "下礼拜五起 订单完成页弹窗 上 两周");
    None when it writes no length, or two."""
    lengths = [a for a in _atoms(_URL.sub(lambda m: " " * len(m.group(0)), text), None) if a.kind == "duration"]
    # (a day alone is no run's length: "当天", "最后一天")
    if len(lengths) != 1 or not (lengths[0].days >= 2 or lengths[0].months):
        return None
    return _end_after(start, lengths[0].days, lengths[0].months)


# (words after "from" that are no event: "from now", "from then on")
_NO_EVENT = frozenset({"now", "then", "there", "here", "that", "this", "which", "when", "what", "each", "day", "date"})


def from_an_event(after: str) -> re.Pattern[str] | None:
    """"(for two weeks) from go-live", "(10 days) from the launch of our campaign": the event a
    length runs from (dates.yaml `from_event`), as a pattern that finds where the mail dates it
    ("Go-live is Thursday 10 December", "The launch is January 2"); None when none is named."""
    m = _cues().from_event.match(after)
    if m is None or m.group("event").lower() in _NO_EVENT:
        return None
    word = m.group("event").lower()
    if re.fullmatch(r"go[-\s]live", word):
        return re.compile(r"(?i)\bgo(?:es|ing)?[-\s]live\b")
    return re.compile(rf"(?i)\b{re.escape(word)}(?:es|s|ed|d|ing)?\b")


def written_from(before: str) -> bool:
    """Whether the text before a date ends in a start word ("from", "effective", "从"):
    a run from that day, not a day moved to (dates.yaml `start`)."""
    return bool(_cues().pre_start.search(before))


_DAY_NOTE = re.compile(
    r"\s*[（(]\s*(?:(?:周|星期|週|礼拜)?[一二三四五六日天]|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?)\s*[）)]",
    re.IGNORECASE)


def _fold_weekdays(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """A weekday written next to a date only names its day: "7月15日（周一）",
    "6/9（一）", "Monday the 22nd", "Monday, July 22". It joins the date's span."""
    out: list[_Atom] = []
    for atom in atoms:
        if atom.kind in ("point", "range") and not atom.weekday:
            note = _DAY_NOTE.match(text, atom.span[1])
            if note:
                atom.span = (atom.span[0], note.end())
    atoms = [a for a in atoms if not any(b is not a and b.span[0] <= a.span[0] and a.span[1] <= b.span[1]
                                         and b.kind in ("point", "range") for b in atoms)]
    for i, atom in enumerate(atoms):
        prev = out[-1] if out else None
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if atom.weekday and prev is not None and prev.kind in ("point", "range") and not prev.weekday \
                and _ANNOTATION_OPEN.fullmatch(text[prev.span[1]:atom.span[0]]):
            close = _ANNOTATION_CLOSE.match(text[atom.span[1]:])
            prev.span = (prev.span[0], atom.span[1] + (close.end() if close else 0))
            continue
        if atom.weekday and nxt is not None and nxt.kind in ("point", "range") and not nxt.weekday \
                and _WEEKDAY_BEFORE.fullmatch(text[atom.span[1]:nxt.span[0]]):
            # ("下周二（12/8）前确认": the bracket it opened closes after the date, before the cue word)
            opened = re.search(r"[（(]", text[atom.span[1]:nxt.span[0]])
            close = _ANNOTATION_CLOSE.match(text[nxt.span[1]:]) if opened else None
            nxt.span = (atom.span[0], nxt.span[1] + (close.end() if close else 0))
            continue
        out.append(atom)
    return out


# ----------------------------------------------------------------- combining


def _two_days(text: str, start: int, gap: str) -> bool:
    """"on Thursday 10 December and Thursday 17 December": two days, not a range
    ("between June 10 and June 23" is one)."""
    return bool(re.fullmatch(r"\s*and\s*", gap, re.IGNORECASE)) and not re.search(
        r"\bbetween\s+(?:the\s+)?$", text[max(0, start - 12):start], re.IGNORECASE)


def _next_day(first: Moment | None, second: Moment | None) -> bool:
    """"Christmas Eve and Christmas Day", "Saturday and Sunday": one window of two days."""
    return first is not None and second is not None and second.day == first.day + timedelta(days=1)


def _end_after(start: date, days: int, months: int) -> date:
    if months:
        return add_months(start, months) - timedelta(days=1)
    return start + timedelta(days=max(days, 1) - 1)


def _role(text: str, atom: _Atom) -> str | None:
    """'start', 'end', 'target' (a changed start), 'deadline' or None, from the
    cue words just before or after a date."""
    lo, hi = atom.span
    # ("至2027年2月底", "至116年1月底", "一直贴到明年2月28日": a year written before a day its atom
    # does not hold)
    cues = _cues()
    before = cues.year_before.sub("", _CLAUSE_BREAK.split(text[max(0, lo - 80):lo])[-1])
    after = text[hi:hi + 8]
    due_after = cues.post_deadline.match(after)
    if due_after and re.search(r"[底尾末]\Z", text[lo:hi]) and re.search(r"(?<![改交])(?:到|至)\s*\Z", simplified(before)):
        return "end"  # "车厢内贴续到1月底前": run up to a month's end (not "延长到元旦前（12月31日）")
    if due_after or cues.pre_deadline.search(before):
        return "deadline"  # "请在6月14日前上传", "by Friday": when a task is due, not a window
    if cues.post_end.match(after):  # "提前到7月25日结束": the end, however it is reached
        return "end"
    end = cues.pre_end.search(before)
    start = cues.pre_start.search(before)
    target = cues.pre_target.search(before)
    if target and not (end and end.start() < target.start()):
        return "target"  # "推迟到6月17日开始"
    if cues.post_start.match(after):
        return "start"
    if end and start:  # both end at the date: the longer cue is the more specific
        return "end" if end.start() <= start.start() else "start"
    if end:
        return "end"
    if start:
        return "start"
    return None


# between a time and the day it is on: "10:30am on 7 Dec", "9am IST on Monday 8 Dec"
_TIME_BEFORE_DAY = re.compile(r"\s*(?:[A-Z]{2,5}\s+|[A-Z][a-z]+\s+time\s+)?on\s+(?:the\s+)?", re.IGNORECASE)
# or nothing but a space or a comma, in British and Commonwealth habit: "go live 9am Monday 11
# January" (not after hours written as a range: "9am-5pm Mon 14 Dec to Fri 18 Dec" are daily hours)
_TIME_JUST_BEFORE_DAY = re.compile(r"\s*(?:[A-Z]{2,5}\s+)?,?\s*", re.IGNORECASE)
# "at 8pm SGT tonight", "at midnight tonight", "from 00:00 WAT tomorrow": a time before a day
# named relatively needs no "on"
_TIME_BEFORE_TODAY = re.compile(r"\s*(?:[A-Z]{2,5}\s+)?(?:on\s+)?", re.IGNORECASE)
_TODAY = re.compile(r"(?i)tonight|today|this\s+evening")
_NEAR_DAY = re.compile(_TODAY.pattern + r"|tomorrow|tmrw|tmr")


def _ends_the_day(time: str | None, day: _Atom, text: str) -> bool:
    """0 or 12 o'clock of an evening (今晚0点, 明晚12点) and midnight of today or tonight are
    the end of that day (24:00), not its start."""
    return (time == "00:00" and (day.evening or bool(_TODAY.fullmatch(text[day.span[0]:day.span[1]]))))\
        or (time == "12:00" and day.evening)
# (not "开工第一周", "月底前最后一天": an ordinal or a "last" names which week or day, not how long)
_NAMED_BETWEEN = re.compile(r"\s*(?:(?![第最前后])[\u4e00-\u9fff]){1,6}\s*")
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")


# What may stand between a day and its hour: "6月1日 10:00", "June 12 at 10am", "12/18（五）晚上八点"
# (a weekday in brackets after the date), "on Saturday 19 Dec, from 10am", "December 21, JST 10:00",
# "12月12日北京时间 0点" (a zone between them), "Jan 4 go-live at 6:00 AM PT", "starting Monday,
# going live at 9am", "Boxing Day only, live from 10am" (not "… through Sunday, live at 10am ET on
# Tuesday": that hour is another day's)
_DAY_THEN_TIME = re.compile(r"[\s）)]*(?:[（(]\s*(?:周|週|星期|礼拜|禮拜)?[一二三四五六日天]\s*[)）]\s*)?,?\s*"
                            r"(?:go(?:es|ing)?[-\s]live\s*|live\s+(?=from\b))?(?:at|@|当天|当日|当|from)?\s*"
                            r"(?:(?-i:[A-Z]{2,5})\s*|北京时间\s*)?", re.IGNORECASE)


def _day_follows(text: str, time: _Atom, nxt: _Atom | None) -> bool:
    """The day an hour is on is written right after it ("going live at 9:00 on the 26th")."""
    if nxt is None or nxt.kind != "point":
        return False
    gap = text[time.span[1]:nxt.span[0]]
    return bool(_TIME_BEFORE_DAY.fullmatch(gap) or _TIME_JUST_BEFORE_DAY.fullmatch(gap))


def _attach_times(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """`6月1日10:00`, `June 12 at 10am`, `明天上午10点`: a time right after a date
    belongs to it (to the end of a range)."""
    out: list[_Atom] = []
    pending: _Atom | None = None  # "at 10:30am on 7 Dec", "from 9am IST on 8 Dec": a time before its day
    until: _Atom | None = None  # "8pm-10pm on Sat 12 Dec": the end of hours written before their day
    for index, atom in enumerate(atoms):
        if pending is not None and atom.kind == "time" and until is None \
                and re.fullmatch(r"\s*(?:[-–—~]|to|till|until)\s*", text[pending.span[1]:atom.span[0]], re.IGNORECASE):
            until = atom
            continue
        today = atom.kind == "point" and bool(_NEAR_DAY.fullmatch(text[atom.span[0]:atom.span[1]]))
        if pending is not None and atom.kind == "point" and atom.start is not None and atom.start.time is None \
                and (_TIME_BEFORE_DAY.fullmatch(text[(until or pending).span[1]:atom.span[0]])
                     or (until is None and _TIME_JUST_BEFORE_DAY.fullmatch(text[pending.span[1]:atom.span[0]]))
                     or (today and until is None and _TIME_BEFORE_TODAY.fullmatch(text[pending.span[1]:atom.span[0]]))):
            # ("off at midnight Sun 27/12": midnight that ends a run is the end of the day it names)
            ends = pending.time == "00:00" and bool(_cues().hour_end_before.search(
                _CLAUSE_BREAK.split(text[max(0, pending.span[0] - 40):pending.span[0]])[-1]))
            time = "24:00" if ends or _ends_the_day(pending.time, atom, text) else pending.time
            atom.start = replace(atom.start, time=time)
            atom.time = time
            atom.span = (pending.span[0], atom.span[1])
            if until is not None and until.time and pending.time and until.time > pending.time:
                atom.kind, atom.end = "range", Moment(atom.start.day, until.time)
        pending = until = None
        if atom.kind == "time":
            prev = out[-1] if out else None
            gap = text[prev.span[1]:atom.span[0]] if prev else ""
            if prev and prev.kind in ("point", "range") and _DAY_THEN_TIME.fullmatch(gap):
                target = "end" if prev.kind == "range" and prev.end else "start"
                ends_a_range = target == "end" or (len(out) > 1 and out[-2].kind == "point" and bool(
                    _cues().connector.match(text[out[-2].span[1]:prev.span[0]])))
                # ("NYE only, 7pm go-live": the go-live word after the hour says the same)
                if ends_a_range and (_cues().hour_start_before.search(gap) or _cues().hour_start_after.match(text, atom.span[1])):
                    first = prev if target == "end" else out[-2]
                    if _day_follows(text, atom, atoms[index + 1] if index + 1 < len(atoms) else None) \
                            or first.start is None or first.start.time is not None:
                        pending = atom  # "Dec 26 to Jan 4, going live at 9:00 … on the 26th": not the end's hour
                        continue
                    # "from 7/12 to 20/12, go live 8am": the hour the range starts at
                    first.start = replace(first.start, time=atom.time)
                    if first is not prev:
                        first.time = atom.time  # (a point keeps its hour beside its start)
                    prev.span = (prev.span[0], atom.span[1])
                    continue
                moment = getattr(prev, target)
                if _ends_the_day(atom.time, prev, text):
                    atom.time = "24:00"  # "今晚0点", "明晚12点", "tonight at midnight"
                elif prev.evening and atom.time and atom.time < "12:00":
                    atom.time = f"{int(atom.time[:2]) + 12:02d}{atom.time[2:]}"  # 今晚8点
                if moment is not None:
                    setattr(prev, target, replace(moment, time=atom.time))
                elif prev.time is None:
                    prev.time = atom.time
                prev.span = (prev.span[0], atom.span[1])
            elif (prev and prev.kind == "point" and prev.start is not None and prev.start.time and atom.time
                  and re.fullmatch(r"\s*(?:[到至~～\-–—]|to|till|until)\s*", gap, re.IGNORECASE)):
                # "跨年夜8点到12点", "12月31日20:00-24:00": hours of one day, a range; an end at
                # or before the start is midnight or the next day
                time, day = atom.time, prev.start.day
                later = f"{int(time[:2]) + 12:02d}{time[2:]}" if time < "12:59" else time
                if time <= prev.start.time and prev.start.time < later <= "24:00":
                    time = later  # "晚8点到11点", "8点到12点" of an evening: p.m., 12 is midnight
                elif time <= prev.start.time:
                    day, time = (day, "24:00") if time in ("00:00", "24:00") else (day + timedelta(days=1), time)
                prev.kind, prev.end = "range", Moment(day, time)
                prev.span = (prev.span[0], atom.span[1])
            elif prev and prev.kind == "point" and prev.start is not None and prev.start.time and atom.time \
                    and (_cues().hour_end.match(text, atom.span[1]) or _cues().hour_end_before.search(gap)) \
                    and not _CLAUSE_END.search(gap) \
                    and not _day_follows(text, atom, atoms[index + 1] if index + 1 < len(atoms) else None):
                # "周六晚8点上线，零点下线", "go live at 8pm on Dec 31 and come down at midnight": an
                # hour alone that ends what a dated hour started, that day (or the next, when it
                # comes round again; not "off at midnight Sun 27/12": the day after it is its own)
                day, time = prev.start.day, atom.time
                if time <= prev.start.time:
                    day, time = (day, "24:00") if time == "00:00" else (day + timedelta(days=1), time)
                if _cues().hour_end.match(text, atom.span[1]):
                    out.append(_Atom("point", atom.span, start=Moment(day, time), time=time))
                else:  # the end word came first: the dated hour's window ends then
                    prev.kind, prev.end = "range", Moment(day, time)
                    prev.span = (prev.span[0], atom.span[1])
            elif prev and _starts_then(text, prev, atom, gap) \
                    and not _day_follows(text, atom, atoms[index + 1] if index + 1 < len(atoms) else None):
                # ("going live 0:00 on the 10th": the day after the hour says which, as above)
                # "New Year's Eve only, switch on at 18:00", "平安夜當日一日，朝早10點上": a few words
                # after the window, an hour with a word that it starts then is when it starts
                # (the window's words keep their span: what follows them, "那周", "一日", still reads)
                prev.start = replace(prev.start, time=atom.time)
                if prev.kind == "point":
                    prev.time = atom.time
            else:
                pending = atom
            continue  # a time alone is not a window
        if atom.kind == "point" and atom.time and atom.start:
            atom.start = replace(atom.start, time=atom.time)
        out.append(atom)
    return out


def _starts_then(text: str, window: _Atom, hour: _Atom, gap: str) -> bool:
    """An hour alone a few words after a dated window whose start has no hour, in its clause,
    with a start word right before it ("switch on at", dates.yaml `hour_starts`) or right after
    it ("上", "上线")."""
    if (window.kind not in ("point", "range") or window.start is None or window.start.day is None
            or window.start.time is not None or not hour.time or len(gap) > 40 or _CLAUSE_END.search(gap)):
        return False
    cues = _cues()
    before = [m for m in cues.hour_start_before.finditer(gap) if not gap[m.end():].strip(" @").lower().removeprefix("at").strip()]
    return bool(before) or bool(cues.hour_start_after.match(text, hour.span[1]))


_WEEK_OF = re.compile(r"(?i)(?:\b(mon(?:day)?\s*[-–~]\s*fri(?:day)?)\s+)?(?:\bw/c|\bw/b|\bweek\s+(?:commencing|beginning|starting|of)"
                      r"|\bwk\s+(?:commencing|beginning|of))\s*[:：]?\s*(?:the\s+|mon(?:day)?,?\s+)?$")


def _weeks_commencing(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """"w/c 7 Dec", "week commencing 14/12", "the week of the 21st": that week, Monday
    to Sunday from the day named ("Mon-Fri w/c 7 Dec": to the Friday); "14号那个星期" (dates.yaml
    `week_of_after`): from the day named to the Sunday of its week."""
    after = _cues().week_of_after
    for atom in atoms:
        if atom.kind != "point" or atom.start is None:
            continue
        lead = max(0, atom.span[0] - 40)
        m = _WEEK_OF.search(text, lead, atom.span[0])
        if m:
            lo = m.start()
            atom.kind = "range"
            atom.week_of = True
            atom.end = Moment(atom.start.day + timedelta(days=4 if m.group(1) else 6))
            atom.span = (lo, atom.span[1])
            continue
        m = after.match(text, atom.span[1]) if after is not None and atom.start.day is not None else None
        if m and not re.search(r"[-–~～至到]\s*$", text[max(0, atom.span[0] - 3):atom.span[0]]):
            # (not the end of a range written before it: "14/12-20/12 嗰個禮拜" is that range)
            atom.kind = "range"
            atom.week_of = True
            atom.end = Moment(atom.start.day + timedelta(days=6 - atom.start.day.weekday()))
            atom.span = (atom.span[0], m.end())
    return atoms


def find_windows(text: str, ref: date | None) -> list[Window]:
    """Every time window written in `text`, in order of appearance."""
    # A URL's path often holds digits that read as dates (/2024/06/01/): blank
    # it out, keeping offsets.
    scan = _URL.sub(lambda m: " " * len(m.group(0)), text)
    atoms = _weeks_commencing(text, _attach_times(text, _atoms(scan, ref)))
    windows: list[Window] = []
    pending: dict | None = None  # the window being built
    cues = _cues()

    def close() -> None:
        nonlocal pending
        if pending is not None:
            lo, hi = pending["span"]
            start, end = pending["start"], pending["end"]
            if start and end and end.day < start.day:
                behind = (start.day - end.day).days
                if behind < 31 and end.day == _month_end(end.day.year, end.day.month):
                    # "11月3日至月底" written in October: the month-end of the start's month
                    pending["end"] = replace(end, day=_month_end(start.day.year, start.day.month))
                elif behind < 7:
                    # "next Tuesday through Sunday": the Sunday after the start
                    pending["end"] = replace(end, day=end.day + timedelta(days=7))
                elif end.day.month < start.day.month:  # 12月28日-1月3日 crosses the year
                    later = _safe_date(end.day.year + 1, end.day.month, end.day.day)
                    if later and later >= start.day:
                        pending["end"] = replace(end, day=later)
                else:
                    # "延长到6/30，前贴片照原订6/22结束": a later day, then an earlier one of the
                    # same month - two windows, not one running a year
                    ok = not pending["unresolved"]
                    windows.append(Window(start, None, (lo, hi), text[lo:hi], "start", ok))
                    windows.append(Window(None, end, (lo, hi), text[lo:hi], "end", ok))
                    pending = None
                    return
            windows.append(Window(pending["start"], pending["end"], (lo, hi), text[lo:hi],
                                  pending["kind"], not pending["unresolved"]))
        pending = None

    prev: _Atom | None = None
    for atom in atoms:
        gap = text[prev.span[1]:atom.span[0]] if prev else ""
        joined = prev is not None and pending is not None and not _CLAUSE_BREAK.search(gap)
        if (joined and pending["kind"] == "range" and atom.kind in ("point", "range") and atom.start is not None
                and pending["start"] is not None and pending["start"] == pending["end"]
                and pending["start"].time is None and atom.start.day == pending["start"].day
                and (atom.start.time is not None or atom.kind == "range")
                and re.fullmatch(r"\s*(?:[A-Za-z]+\s*)?[,，(（]\s*", gap)):
            # "Christmas Eve only, December 24, 18:00 to 23:00": the day said again, more exactly
            pending, joined = None, False
        if atom.kind == "duration":
            before = text[max(0, atom.span[0] - 12):atom.span[0]]
            if cues.extend_by.search(text[max(0, atom.span[0] - 24):atom.span[0]]):
                # "原定12月6日结束，请延期一周": longer by a week from the old end written
                # just before; with no old end in the text, "延长一周" gives no date
                close()
                old = next((w.end or w.start for w in reversed(windows)
                            if w.kind in ("end", "range", "point") and (w.end or w.start)
                            and atom.span[0] - w.span[1] <= 40), None)
                if old is not None and old.day is not None:
                    later = (add_months(old.day, atom.months) if atom.months
                             else old.day + timedelta(days=atom.days))
                    windows.append(Window(None, Moment(later), atom.span, text[atom.span[0]:atom.span[1]], "end",
                                          windows[-1].resolved))
                prev = atom
                continue
            if (pending is not None and pending.get("week_of") and pending["start"] is not None
                    and re.fullmatch(r"[\s,，(（]*(?:for\s+)?", gap)):
                # "w/c 7 Dec, two weeks": from that Monday, for the length written
                pending["end"] = Moment(_end_after(pending["start"].day, atom.days, atom.months))
                pending["span"] = (pending["span"][0], atom.span[1])
                pending["week_of"] = False
                prev = atom
                continue
            # (a length written right after the day, "下下周三一天就好", or standing alone between
            # commas after it, "…上熱搜榜第1位，一個禮拜，", is how long it runs too)
            after = text[atom.span[1]:atom.span[1] + 1]
            bare = (pending is not None and pending["kind"] in ("start", "point") and pending["end"] is None
                    and prev is not None) and (not gap.strip(" \t）)") or (
                before.rstrip().endswith(("，", ",")) and (not after or after in "，,。.；;！!")))
            # "12/10起開屏一週": from a start, a few Chinese words (the slot) and how long
            named_between = (pending is not None and pending["kind"] == "start" and pending["end"] is None
                             and bool(_NAMED_BETWEEN.fullmatch(gap)) and not cues.post_deadline.match(text[atom.span[1]:]))
            # ("2 weeks from next Fri": how long, then from when)
            then_start = bool(cues.duration_then_start.match(text[atom.span[1]:atom.span[1] + 24])) \
                and not cues.offset_before.search(before)
            that_day = text[atom.span[0]:atom.span[1]] == "当天" and pending is not None \
                and pending["start"] is not None and pending["start"].time
            if that_day and joined and pending["end"] is None and pending["kind"] in ("start", "point") \
                    and cues.that_day_end.match(text, atom.span[1]):
                # "冬至晚上8点上，当天播完就下": the run ends the day it started
                pending["end"] = Moment(pending["start"].day)
                pending["kind"] = "range"
                pending["span"] = (pending["span"][0], atom.span[1])
                prev = atom
                continue
            if not cues.duration.search(before) and not bare and not named_between and not then_start:
                prev = atom
                continue
            if that_day:
                prev = atom  # "元旦零点上线…当天": the day's hours are written; "that day" adds nothing
                continue
            if joined and pending["end"] is None and pending["kind"] in ("start", "point"):
                if pending["start"] is not None:
                    pending["end"] = Moment(_end_after(pending["start"].day, atom.days, atom.months))
                pending["kind"] = "range"
                pending["span"] = (pending["span"][0], atom.span[1])
            else:
                close()
                pending = {"start": None, "end": None, "span": atom.span, "kind": "duration",
                           "unresolved": False, "days": atom.days, "months": atom.months}
            prev = atom
            continue
        if atom.kind == "range":
            before = _CLAUSE_BREAK.split(text[max(0, atom.span[0] - 80):atom.span[0]])[-1]
            if (pending is not None and pending["kind"] == "start" and pending["end"] is None
                    and atom.end is not None and cues.pre_end.search(before)
                    and not _CLAUSE_BREAK.search(gap)):
                # "从本周六开始挂上，一直到下周末": to the end of that weekend
                pending["end"] = atom.end
                pending["kind"] = "range"
                pending["span"] = (pending["span"][0], atom.span[1])
                prev = atom
                continue
            if (joined and pending["kind"] == "range" and pending["start"] is not None and atom.end is not None
                    and atom.relative and cues.connector.match(gap) and not _two_days(text, pending["span"][0], gap)
                    and atom.end.day > pending["start"].day):
                # "W52 to W1", "第3周到第5周": from the first week's start to the last one's end (two
                # runs of days written out, "from Dec 14-18 to Dec 21-23", are two windows: a move)
                pending["end"] = atom.end
                pending["span"] = (pending["span"][0], atom.span[1])
                prev = atom
                continue
            if (joined and pending["kind"] == "range" and pending["start"] is not None and pending["end"] is not None
                    and not atom.relative and atom.start is not None and _TO_ONLY.fullmatch(gap)):
                # "move the live reads from Dec 14-18 to Dec 21-23": where it runs now is the second
                pending = None
            close()
            pending = {"start": atom.start, "end": atom.end, "span": atom.span, "kind": "range",
                       "unresolved": atom.unresolved, "week_of": atom.week_of}
            prev = atom
            continue
        # a point
        if (joined and pending["kind"] in ("start", "point") and pending["end"] is None and atom.start is not None
                and pending["start"] == atom.start and re.fullmatch(r"\s*[,，]\s*", gap)):
            # "from tomorrow, Wednesday 2nd, to …": the same day written again, then the range goes on
            pending["span"] = (pending["span"][0], atom.span[1])
            prev = atom
            continue
        if (joined and pending["kind"] in ("start", "point") and pending["end"] is None and atom.start is not None
                and pending["start"] is not None and pending["start"].time is None
                and pending["start"].day == atom.start.day and _SAME_DAY_IN_BRACKETS.fullmatch(gap)):
            # "冬至当天（12月22日）晚上8点上": the festival's date in brackets, with its hour, is one day
            pending["start"] = atom.start
            pending["span"] = (pending["span"][0], atom.span[1])
            prev = atom
            continue
        if (joined and pending["kind"] in ("start", "point") and pending["end"] is None and atom.start is not None
                and pending["start"] is not None and pending["start"].time and atom.start.time is None
                and atom.start.day > pending["start"].day
                and cues.that_day_end.match(text, atom.span[1] + len(_THAT_DAY.match(text, atom.span[1]).group(0)))):
            # "12/31 晚上7點上架，元旦當天播完就下架": a dated hour's run ends on the day named with an end after it
            pending["end"] = atom.start
            pending["kind"] = "range"
            pending["span"] = (pending["span"][0], atom.span[1])
            prev = atom
            continue
        role = _role(text, atom)
        if role is None and atom.time and joined and pending["kind"] in ("start", "point") and pending["end"] is None \
                and pending["start"] is not None and cues.hour_end_before.search(text[max(0, atom.span[0] - 40):atom.span[0]]):
            role = "end"  # "go live 8pm Mon 21/12, off at midnight Sun 27/12": the hour's word ends what the first began
        if role == "deadline" and joined and pending["kind"] == "start" and pending["end"] is None \
                and re.fullmatch(r"\s*(?:起|开始)?\s*[、到至]?\s*", gap):
            role = "end"  # "从下周二起、月底前每期…", "从12/7到月底前": after a start, "before" a day ends the window
        if role == "deadline":
            prev = atom
            continue
        if role == "target" and joined and pending["kind"] in ("start", "point") and pending["end"] is None:
            pending["start"] = atom.start  # the old start gives way to the new one
            pending["span"] = (pending["span"][0], atom.span[1])
            pending["unresolved"] = pending["unresolved"] or atom.unresolved
            prev = atom
            continue
        if role == "target":
            role = "start"
        if joined and pending["kind"] == "duration" and role != "end":
            # "加投三天，从7月8日开始": the length came first
            start = atom.start
            pending.update(start=start, kind="range", unresolved=atom.unresolved,
                           span=(pending["span"][0], atom.span[1]))
            if start is not None:
                pending["end"] = Moment(_end_after(start.day, pending["days"], pending["months"]))
        elif joined and pending["kind"] == "end" and pending["start"] is None and cues.connector.match(gap):
            # "排期到6.1-6.15": the cue before the first date named the whole range
            pending["start"], pending["end"] = pending["end"], atom.start
            pending["kind"] = "range"
            pending["span"] = (pending["span"][0], atom.span[1])
            pending["unresolved"] = pending["unresolved"] or atom.unresolved
        elif joined and pending["end"] is None and pending["kind"] in ("start", "point") and (
            (cues.connector.match(gap) and (not _two_days(text, pending["span"][0], gap)
                                             or _next_day(pending["start"], atom.start))) or role == "end"
        ):
            pending["end"] = atom.start
            pending["kind"] = "range"
            pending["span"] = (pending["span"][0], atom.span[1])
            pending["unresolved"] = pending["unresolved"] or atom.unresolved
        else:
            close()
            kind = role or "point"
            pending = {"start": atom.start if kind != "end" else None,
                       "end": atom.start if kind == "end" else None,
                       "span": atom.span, "kind": kind, "unresolved": atom.unresolved}
        prev = atom
    close()
    return _a_count_of_days(_days_naming_an_edition(text, _days_of_the_week_beside_dates(
        _within_a_period(_start_hour_named_again(text, _rest_of(text, _dated_again(text, windows), cues), cues)))))


def _dated_again(text: str, windows: list[Window]) -> list[Window]:
    """"until Christmas Eve (24 Dec)", "hasta el Día de Reyes (6/ene)": the day a window ends on,
    dated again in brackets right after it, is no window of its own."""
    out: list[Window] = []
    for w in windows:
        last = out[-1] if out else None
        day = w.start.day if w.start and not w.end else w.end.day if w.end and not w.start else None
        if (last is not None and day is not None and re.fullmatch(r"\s*[(（]\s*", text[last.span[1]:w.span[0]])
                and (last.end or last.start) is not None and (last.end or last.start).day == day):
            continue
        out.append(w)
    return out


def _names_its_weekend(before: str) -> bool:
    """"the concert weekend", "Presidents' Day weekend", "opening weekend": a word right before
    "weekend" that is none of those that leave it the coming one (dates.yaml `weekend_after`:
    "this", "over the", "on", "for") names a weekend of its own, no date of this week."""
    word = re.search(r"([\w'’]+)\s*$", before)
    return word is not None and word.group(1).lower() not in _weekend_after()


@lru_cache(maxsize=1)
def _weekend_after() -> frozenset[str]:
    return frozenset(str(w).lower() for w in _read_yaml("dates.yaml").get("weekend_after") or ())


# A day of the week or the weekend, by itself, in the name of what comes out on it
_DAY_ALONE = re.compile(r"(?i)(?:the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]|周末|週末)")


@lru_cache(maxsize=1)
def _edition_after() -> re.Pattern[str]:
    """"the weekend jazz show", "Sunday supplement", "周末点播单元": a programme's or an
    edition's word a day names (dates.yaml `edition_after`), a word or two after it."""
    words = _read_yaml("dates.yaml").get("edition_after") or {}
    zh, en = words.get("zh") or [], words.get("en") or []
    return re.compile(r"(?i)(?:[\u4e00-\u9fff]{0,3}(?:" + "|".join(map(re.escape, map(str, zh))) + r")"
                      r"|(?:\s+[a-z][\w-]*(?:'s|')?){0,2}\s+(?:" + "|".join(map(re.escape, map(str, en))) + r")\b)")


_BARE_DAY = re.compile(r"(\d{1,2})\s*[日号]")


def _a_count_of_days(windows: list[Window]) -> list[Window]:
    """"開機畫面 3日，12月28至30號": a day written without its month ("3日", the 3rd, or three
    days) before a range of just that many days is the range's count, not a date."""
    out = []
    for i, w in enumerate(windows):
        bare = _BARE_DAY.fullmatch(w.text.strip()) if w.kind == "point" and w.start and not w.end else None
        if bare and any(r.start and r.end and (r.end.day - r.start.day).days + 1 == int(bare.group(1))
                        for r in windows[i + 1:]):
            continue
        out.append(w)
    return out


def _days_naming_an_edition(text: str, windows: list[Window]) -> list[Window]:
    """"Let's do the weekend jazz show credit again", "the Sunday supplement back cover",
    "週末點播單元主持人口播": a day named right before a programme or an edition is its name (it
    comes out on that day), not this week's day."""
    return [w for w in windows if not (_DAY_ALONE.fullmatch(w.text.strip())
                                       and _edition_after().match(text, w.span[1]))]


# "Monday through Friday", "Mon-Fri", "周一至周五": days of the week named by themselves, no date beside them
_WEEKDAY_RANGE = re.compile(r"(?i)(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*(?:-|–|to|through|thru|till|until)\s*"
                            r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
                            r"|(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]\s*(?:至|到|-|–|~|～)\s*(?:周|週|星期|礼拜|禮拜)?[一二三四五六日天]")


_EVERY_WEEKDAY = re.compile(rf"(?i)(?:every|each|all)\s+{_WEEKDAY_EN}s?\s")


def each_day_of(window: Window) -> list[Window]:
    """The days of a window written as "every Saturday in January", one point each (a slot sent
    once is booked on each of them); [] for any other window."""
    if window.start is None or window.end is None or not _EVERY_WEEKDAY.match(window.text):
        return []
    days = range(0, (window.end.day - window.start.day).days + 1, 7)
    return [Window(Moment(window.start.day + timedelta(days=n)), None, window.span, window.text, "point") for n in days]


def names_days_of_the_week(window: Window) -> bool:
    """The window is days of the week named by themselves ("Mon-Fri", "周一至周五"): which
    days of some run, or this week's, but no date of its own."""
    return window.kind == "range" and bool(_WEEKDAY_RANGE.fullmatch(window.text.strip()))


_DIGIT_RUN = re.compile(r"[0-9]")


def _days_of_the_week_beside_dates(windows: list[Window]) -> list[Window]:
    """"our ATC credit, Monday through Friday, for six weeks from 2/1": days of the week named
    beside a window written with its dates say which days of it the ad runs, not this week's
    Monday to Friday."""
    dated = any(_DIGIT_RUN.search(w.text) for w in windows)
    if not dated or len(windows) < 2:
        return windows
    return [w for w in windows if not names_days_of_the_week(w)]


def _within_a_period(windows: list[Window]) -> list[Window]:
    """"in Q1, from Monday 4 January": a month or a quarter named whole gives way to a day of it
    written beside it, which says more."""
    if len(windows) < 2:
        return windows
    return [w for w in windows if not (w.start and w.end and _period().fullmatch(w.text)) or not any(
        o is not w and _holds(w, o) for o in windows)]


def _holds(period: Window, other: Window) -> bool:
    """A day of `other` falls inside `period`, and `other` is no whole month or quarter itself."""
    moment = other.start or other.end
    return moment is not None and period.start.day <= moment.day <= period.end.day and not _period().fullmatch(other.text)


def _start_hour_named_again(text: str, windows: list[Window], cues: _Cues) -> list[Window]:
    """"Nov 10-11 (going live 0:00 on the 10th)", "12/19-12/20 两天，12/19 晚上八点上": the
    first day of the window just before, named again in its sentence with an hour and a word
    that it starts then (dates.yaml `hour_starts`), gives the window its starting hour; it is
    no window of its own. A day named alone, then its hours ("跨年夜…，12/31 晚上8点上线，元旦零点
    下线"), is the window of those hours."""
    out: list[Window] = []
    for w in windows:
        last = out[-1] if out else None
        if (last is not None and last.kind == "point" and last.end is None and last.start is not None
                and last.start.time is None and w.kind == "range" and w.start is not None and w.start.time
                and w.start.day == last.start.day and w.span[0] - last.span[1] <= 60
                and not _CLAUSE_BREAK.search(text[last.span[1]:w.span[0]])):
            # "跨年夜上首頁橫幅，12/31 晚上8點上線，元旦零點下線": the day, then its hours
            out[-1] = Window(w.start, w.end, (last.span[0], w.span[1]), text[last.span[0]:w.span[1]], "range",
                             last.resolved and w.resolved)
            continue
        if (last is not None and w.kind in ("point", "start") and w.end is None and w.start is not None
                and w.start.time and last.start is not None and last.start.time is None
                and last.start.day == w.start.day and w.span[0] - last.span[1] <= 60):
            gap = text[last.span[1]:w.span[0]]
            if not _CLAUSE_BREAK.search(gap) and (cues.hour_start_before.search(text, last.span[1], w.span[1])
                                                  or cues.hour_start_after.match(text, w.span[1])):
                out[-1] = Window(w.start, last.end, (last.span[0], w.span[1]), text[last.span[0]:w.span[1]], last.kind,
                                 last.resolved and w.resolved)
                continue
        out.append(w)
    return out


_REST_OF_MONTH = re.compile(r"(?i)\brest\s+of\s+(?:the|this)\s+month\b")


def _rest_of(text: str, windows: list[Window], cues: _Cues) -> list[Window]:
    """"starting tomorrow and running for the rest of the school holidays (Nov 21 - Jan 3)":
    a start, then "the rest of" a range it falls in, is one window to the range's end."""
    if cues.rest_of is None or len(windows) < 2:
        return windows
    out: list[Window] = []
    for w in windows:
        last = out[-1] if out else None
        if (last is not None and last.kind == "start" and last.end is None and last.start and w.start and w.end
                and w.end.day < last.start.day and _REST_OF_MONTH.search(w.text)
                and not _CLAUSE_BREAK.search(text[last.span[1]:w.span[0]])):
            # "from Mon 7th for the rest of the month" written on 30 November: the start's month
            end = Moment(_month_end(last.start.day.year, last.start.day.month))
            out[-1] = Window(last.start, end, (last.span[0], w.span[1]), text[last.span[0]:w.span[1]], "range",
                             last.resolved and w.resolved)
            continue
        if (last is not None and last.kind == "start" and last.end is None and last.start and w.start and w.end
                and w.start.day <= last.start.day <= w.end.day and not _CLAUSE_BREAK.search(text[last.span[1]:w.span[0]])
                and cues.rest_of.search(text[last.span[1]:w.span[0]])):
            out[-1] = Window(last.start, w.end, (last.span[0], w.span[1]), text[last.span[0]:w.span[1]], "range",
                             last.resolved and w.resolved)
            continue
        out.append(w)
    return out


__all__ = ["Moment", "Window", "add_months", "completes_a_holiday", "each_day_of", "find_windows", "from_an_event", "names_days_of_the_week",
           "parse_number", "reading_day_first", "reading_hong_kong", "run_for", "week_of", "writes_day_first", "writes_hong_kong", "written_from"]
