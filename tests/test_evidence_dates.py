"""The date grammar of placement windows (mailaudit/extract/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from mailaudit.engine.vocab import simplified
from mailaudit.extract.dates import (
    add_months,
    find_windows,
    parse_number,
    reading_day_first,
    reading_hong_kong,
    writes_hong_kong,
)

TUE_28_MAY = date(2024, 5, 28)  # a Tuesday
MON_3_JUN = date(2024, 6, 3)
WED_29_MAY = date(2024, 5, 29)


def window(text: str, ref: date | None = TUE_28_MAY) -> tuple[str | None, str | None]:
    ws = find_windows(text, ref)
    assert ws, f"no window in {text!r}"
    return ws[0].start_iso, ws[0].end_iso


@pytest.mark.parametrize(
    "text, start, end",
    [
        # absolute, Chinese
        ("时间6月1日10:00至6月7日24:00", "2024-06-01T10:00", "2024-06-07T24:00"),
        ("2024年6月1日", "2024-06-01", None),
        ("6月1日-6月7日", "2024-06-01", "2024-06-07"),
        ("6月1日-7日", "2024-06-01", "2024-06-07"),
        ("6月1-7日", "2024-06-01", "2024-06-07"),
        ("6.1-6.15", "2024-06-01", "2024-06-15"),
        ("6/1-6/7", "2024-06-01", "2024-06-07"),
        ("6/1", "2024-06-01", None),
        ("六月十日", "2024-06-10", None),
        ("6月底", "2024-06-30", None),
        ("1月1日0点上线，1月3日24点下线", "2025-01-01T00:00", "2025-01-03T24:00"),
        ("6月1日上午10点", "2024-06-01T10:00", None),
        ("6月1日下午3点半", "2024-06-01T15:30", None),
        # written this session from habits seen in held-out mail (issue 11)
        ("6/9（一）～6/22（日）", "2024-06-09", "2024-06-22"),
        ("六月一号到十五号", "2024-06-01", "2024-06-15"),
        ("W23（第23周）整周", "2024-06-03", "2024-06-09"),
        ("12月10日 晚8点 - 12月11日 零点", "2024-12-10T20:00", "2024-12-11T00:00"),
        ("今晚零点下线", None, "2024-05-28T24:00"),
        ("今晚的push请取消", "2024-05-28", None),
        ("周五（5/31）晚8点开屏上线", "2024-05-31T20:00", None),
        ("本月25日起两周", "2024-05-25", "2024-06-07"),
        ("明天早10点上线", "2024-05-29T10:00", None),
        ("28.12.–03.01.", "2024-12-28", "2025-01-03"),
        ("01-Apr-2026 07-Apr-2026", "2026-04-01", None),
        ("the whole of next week", "2024-06-03", "2024-06-09"),
        ("through EOW", None, "2024-05-31"),
        ("sidebar tile tmrw thru Sunday", "2024-05-29", "2024-06-02"),
        # absolute, English
        ("June 10–23", "2024-06-10", "2024-06-23"),
        ("June 10-23, 2025", "2025-06-10", "2025-06-23"),
        ("10-23 June", "2024-06-10", "2024-06-23"),
        ("from June 10 to June 23", "2024-06-10", "2024-06-23"),
        ("between June 10 and June 23", "2024-06-10", "2024-06-23"),
        ("Aug 19 - Sep 1", "2024-08-19", "2024-09-01"),
        ("June 12 at 10am, ending June 18", "2024-06-12T10:00", "2024-06-18"),
        ("July 1st through July 14th", "2024-07-01", "2024-07-14"),
        ("2024-06-10", "2024-06-10", None),
        ("6/10/2024", "2024-06-10", None),
        ("end of June", "2024-06-30", None),
        # relative, Chinese (Tuesday 28 May 2024)
        ("下周一起投两周", "2024-06-03", "2024-06-16"),
        ("本周五", "2024-05-31", None),
        ("周一", "2024-06-03", None),
        ("下下周一", "2024-06-10", None),
        ("明天上线", "2024-05-29", None),
        ("后天", "2024-05-30", None),
        ("大后天", "2024-05-31", None),
        ("下个月1号", "2024-06-01", None),
        ("下月初", "2024-06-01", None),
        ("下月底", "2024-06-30", None),
        ("月底上线", "2024-05-31", None),
        ("明天上午10点上线", "2024-05-29T10:00", None),
        ("今晚8点", "2024-05-28T20:00", None),
        ("明天上线，投一周", "2024-05-29", "2024-06-04"),
        ("6月3日起投10天", "2024-06-03", "2024-06-12"),
        ("下个月1号开始，投放一个月", "2024-06-01", "2024-06-30"),
        ("投半个月", None, None),
        # relative, English
        ("from next Monday for two weeks", "2024-06-03", "2024-06-16"),
        ("starting tomorrow", "2024-05-29", None),
        ("through Friday", None, "2024-05-31"),
        ("this Friday", "2024-05-31", None),
        ("next Friday", "2024-06-07", None),
        ("tomorrow and run it for 7 days", "2024-05-29", "2024-06-04"),
        ("for a fortnight from June 3", "2024-06-03", "2024-06-16"),
        ("effective immediately", "2024-05-28", None),
        ("please take it down with immediate effect", "2024-05-28", None),  # Indian and British English
        ("the day after tomorrow", "2024-05-30", None),
        ("the 1st of next month", "2024-06-01", None),
        ("from the 15th through the 21st", "2024-06-15", "2024-06-21"),
        ("end of next month", "2024-06-30", None),
        ("for the whole of next month", "2024-06-01", "2024-06-30"),
        ("for the rest of the month", "2024-05-28", "2024-05-31"),
        ("下个月全月", "2024-06-01", "2024-06-30"),
        ("９月２日－９月８日", "2024-09-02", "2024-09-08"),
        ("7月15日（周一）-7月21日（周日）", "2024-07-15", "2024-07-21"),
        ("starting Monday the 3rd, running through the 9th", "2024-06-03", "2024-06-09"),
        ("from mon for a week", "2024-06-03", "2024-06-09"),
        # days first, then the month (fresh55, fresh62)
        ("on 14-20/6, Markets section only", "2024-06-14", "2024-06-20"),
        ("21–24/6 四期", "2024-06-21", "2024-06-24"),
        ("the weekend of the 8th", "2024-06-08", "2024-06-09"),
        ("weekend of 9 June", "2024-06-08", "2024-06-09"),
        ("until end of Q3", None, "2024-09-30"),
        ("till the end of the first quarter", None, "2025-03-31"),
        ("from Monday 3rd until end month", "2024-06-03", "2024-06-30"),
        # day first with the year, dotted (German, Polish, Dutch writers: fresh57)
        ("from 14.6. to 20.6.2024.", "2024-06-14", "2024-06-20"),
        ("from 14.06.2024 to 20.06.2024", "2024-06-14", "2024-06-20"),
        # Malaysian and Cantonese 月尾, an Irish saint's day, the week of New Year's Day
        ("一直放到这个月尾", None, "2024-05-31"),
        ("on St Stephen's Day", "2024-12-26", None),
        ("for New Year's week", "2024-12-30", "2025-01-05"),
        # a length right after the day, or alone between commas after it, or after 跑满
        ("下下周三一天就好", "2024-06-12", "2024-06-12"),
        ("下下个礼拜三开始上热搜榜第1位，一个礼拜，做开户推广。", "2024-06-12", "2024-06-18"),
        ("下下周三晚8点上线，跑满5天。", "2024-06-12T20:00", "2024-06-16"),
        ("这个周末两天上一下同城页置顶 周一就不用了", "2024-06-01", "2024-06-02"),
        # "push" the noun before a range; "15日预报" a count of days before the window
        ("as a push and as an inbox message from 28 June to 3 July", "2024-06-28", "2024-07-03"),
        ("天气页15日预报下方卡片上一档，6月7日到6月20日", "2024-06-07", "2024-06-20"),
        # British and Irish: a week after the coming Monday (ref is Tuesday 28 May)
        ("from Monday week for a fortnight", "2024-06-10", "2024-06-23"),
        ("a week on Friday", "2024-06-07", None),
        ("the week after next", "2024-06-10", "2024-06-16"),
        # the same Monday in Singapore and Malaysia ("next next"), and "the Monday after next"
        ("starting next next Monday, for 2 weeks", "2024-06-10", "2024-06-23"),
        ("from the Monday after next for three weeks", "2024-06-10", "2024-06-30"),
        # how long, then from when ("2 weeks from next Fri")
        ("Pls book the below for our client, 2 weeks from next Fri:", "2024-06-07", "2024-06-20"),
        ("3 weeks starting Monday", "2024-06-03", "2024-06-23"),
        # to the year's end; that one day; a Taiwanese (ROC) year
        ("6月18日开始跑到年底", "2024-06-18", "2024-12-31"),
        ("extend it through year-end", None, "2024-12-31"),
        ("平安夜（12/24）当天想请你帮", "2024-12-24", "2024-12-24"),
        ("元旦当天零点上线", "2025-01-01T00:00", None),
        ("113/6/15起两周", "2024-06-15", "2024-06-28"),
        # the week a bare ordinal begins (an IO's "Flight: w/c 10th")
        ("Flight: w/c 10th", "2024-06-10", "2024-06-16"),
        # an hour in Chinese numerals after a part of the day, past a weekday in brackets
        ("6/18（二）晚上八点上线，跑到6/30", "2024-06-18T20:00", "2024-06-30"),
        ("6月18日下午两点半上线", "2024-06-18T14:30", None),
        # a British clock time with a dot is a time, not a day ("7.30pm" is no 30 July)
        ("on 14 June at 7.30pm", "2024-06-14T19:30", None),
        ("at 9.15am on 8 June", "2024-06-08T09:15", None),
        # out-of-home: 上刊 goes up, 下刊 comes down, a 刊期 is the week it runs
        ("6月10日上刊、6月23日下刊", "2024-06-10", "2024-06-23"),
        ("下周一上刊，两个刊期，价格照旧", "2024-06-03", "2024-06-16"),
        # taken down by a day: the end, not a task's deadline ("6月14日前改好" is one)
        ("6月3日上，月底前撤", "2024-06-03", "2024-06-30"),
        ("下周一开始，月尾前撤下", "2024-06-03", "2024-06-30"),
        # the month's last ten days that start a run start on their first day, the 21st
        ("6月下旬起，投到7月底", "2024-06-21", "2024-07-31"),
    ],
)
def test_windows(text, start, end):
    assert window(text) == (start, end)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("延长到6月30日", None, "2024-06-30"),
        # a day named, then its date in brackets
        ("run it until schools open (13 June)", None, "2024-06-13"),
        ("请续投到店庆日（6月10日）", None, "2024-06-10"),
        ("自即日起至2025年2月底", "2024-05-28", "2025-02-28"),  # a year before the day's atom
        ("6月14日上车，一直贴到明年2月28日", "2024-06-14", "2025-02-28"),  # a year named in words
        ("刊期：12月18日-次年1月17日", "2024-12-18", "2025-01-17"),  # ... or between two dates
        ("6月10日起，刊期4周", "2024-06-10", "2024-07-07"),  # out-of-home's run: its 刊期
        ("from the 3rd to the 17th of July", "2024-07-03", "2024-07-17"),  # the month after both days
        ("6月1日起上两周", "2024-06-01", "2024-06-14"),
        ("6月第三个周末", "2024-06-15", "2024-06-16"),
        ("平安夜当晚8点上线", "2024-12-24T20:00", None),  # that night of a named day
        ("续投到月底", None, "2024-05-31"),
        ("extend it through June 30", None, "2024-06-30"),
        ("上线时间改为6月15日", "2024-06-15", None),
        ("结束时间改为6月20日", None, "2024-06-20"),
        ("推迟到7月10日上线", "2024-07-10", None),
        ("排期到6.1-6.15", "2024-06-01", "2024-06-15"),
        ("from 6月18日起生效", "2024-06-18", None),
        ("加投三天，从6月8日开始", "2024-06-08", "2024-06-10"),
        ("开始时间从6月20日改到6月22日", "2024-06-22", None),
        ("move the start from June 3 to June 5", "2024-06-05", None),
    ],
)
def test_roles_from_cue_words(text, start, end):
    assert window(text) == (start, end)


def test_relative_dates_use_the_day_of_the_message_zone():
    # Monday 07:30 +08:00 is still Sunday in UTC; 下周一 is read on the Monday.
    assert window("下周一起投两周", MON_3_JUN) == ("2024-06-10", "2024-06-23")
    assert window("from next Monday for two weeks", WED_29_MAY) == ("2024-06-03", "2024-06-16")


def test_year_is_the_nearest_one():
    assert window("1月5日", date(2024, 12, 20)) == ("2025-01-05", None)
    assert window("12月28日-1月3日", date(2025, 1, 2)) == ("2024-12-28", "2025-01-03")


def test_without_a_reference_relative_and_yearless_dates_stay_open():
    for text in ("明天上线", "下周一起投两周", "6月1日-6月7日", "next Monday"):
        ws = find_windows(text, None)
        assert ws and ws[0].start is None and ws[0].end is None and not ws[0].resolved, text
    assert window("2024年6月1日", None) == ("2024-06-01", None)


@pytest.mark.parametrize(
    "text",
    [
        "首页banner点击率2.3%，开屏曝光量120万",
        "CTR 1.9%, 2.4M impressions, conversion 0.8%",
        "尺寸1200x300，版本v1.2",
        "OTA 2.6 推送后第二天",
        "see https://cdn.example.com/2024/06/01/banner.png",
        "信息流第3位", "信息流3号位", "the 3rd slot in the feed",
        "618大促", "每两周汇报一次",
        "price is 10-20/30 units", "the weekend of the 5th",  # (a Wednesday)
        "our weekend-offer push",  # (a word joined to "weekend" by a hyphen: what the push is about)
        "SDK 6.1.2026 released", "3日游套餐", "7日内回复", "年末想做一波促销", "year-end cashback message", "跨年档开屏", "跨年活动",
    ],
)
def test_no_false_dates(text):
    assert find_windows(text, TUE_28_MAY) == []


def test_extension_by_a_length_is_not_a_window():
    # the old end is not in this mail, so "延长一周" gives no date
    assert find_windows("延长一周", TUE_28_MAY) == []


@pytest.mark.parametrize("text, n", [("3", 3), ("三", 3), ("十二", 12), ("两", 2), ("3rd", 3), ("third", 3), ("第三位", 3), ("二十", 20), ("x", None)])
def test_parse_number(text, n):
    assert parse_number(text) == n


def test_add_months_clamps_the_day():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)


def test_a_placing_cue_is_a_duration_cue():
    """The window grammar reads the extractor's `place` cues: 挂 is one, so 挂两周 ends."""
    assert window("首页banner 6月1日起挂两周") == ("2024-06-01", "2024-06-14")


def test_one_yaml_edit_teaches_extractor_and_date_grammar(tmp_path, monkeypatch):
    import shutil

    import yaml

    from mailaudit.engine.rules import builtin_rules_dir
    from mailaudit.extract import dates

    rules = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    patterns = rules / "vocab" / "adplacement-patterns.yaml"
    data = yaml.safe_load(patterns.read_text(encoding="utf-8"))
    # (after 起 a few words and a length run anyway: "12/10起开屏一周"; without 起 the cue decides)
    assert window("6月1日亮两周") == ("2024-06-01", None)  # 亮 is no cue yet
    data["cues"]["place"]["zh"].append("亮")
    patterns.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(dates, "builtin_rules_dir", lambda: rules)
    dates._cues.cache_clear()
    try:
        assert window("6月1日亮两周") == ("2024-06-01", "2024-06-14")
    finally:
        dates._cues.cache_clear()


def test_a_relative_end_is_read_from_the_start_it_follows():
    # written on Tuesday 28 May 2024: "月底" after a June start is the end of June,
    # "Sunday" after next Tuesday is the Sunday after it
    assert window("6月3日至月底") == ("2024-06-03", "2024-06-30")
    assert window("next Tuesday through Sunday") == ("2024-06-04", "2024-06-09")
    assert window("12月28日至1月3日") == ("2024-12-28", "2025-01-03")  # still crosses the year
    assert window("June 3 through EOM") == ("2024-06-03", "2024-06-30")


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("for the last two weeks of December", "2024-12-18", "2024-12-31"),
        ("the last week of June", "2024-06-24", "2024-06-30"),
        ("the first week of July", "2024-07-01", "2024-07-07"),
        ("first two weeks of Jul", "2024-07-01", "2024-07-14"),
        ("the second week of June", "2024-06-08", "2024-06-14"),
    ],
)
def test_weeks_of_a_month(text, start, end):
    assert window(text) == (start, end)


def test_longer_by_a_week_from_the_old_end():
    ws = find_windows("前贴片原定6月6日结束，请延期一周。", TUE_28_MAY)
    assert [(w.start_iso, w.end_iso) for w in ws] == [(None, "2024-06-06"), (None, "2024-06-13")]
    assert find_windows("请延长一周。", TUE_28_MAY) == []  # the old end is not in the text


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Flight: 12/14/26 - 1/3/27", "2026-12-14", "2027-01-03"),  # US month first, two-digit years
        ("from 15/12/26 to 31/12/26", "2026-12-15", "2026-12-31"),  # day first where the day shows it
        ("GO-LIVE ASAP, RUN THROUGH 1/15/27", "2026-12-02", "2027-01-15"),  # go-live ASAP: the day of the mail
    ],
)
def test_us_dates_and_go_live_asap(text, start, end):
    assert window(text, date(2026, 12, 2)) == (start, end)


def test_asap_alone_is_no_date():
    assert find_windows("please reply ASAP", date(2026, 12, 2)) == []


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("跨年夜8点到12点有一场专场直播", "2024-12-31T20:00", "2024-12-31T24:00"),  # 夜: the evening; 12 is midnight
        # (夜 ends the festival's name, 晚 starts the hour)
        ("平安夜晚8点上线，12月26日零点下线", "2024-12-24T20:00", "2024-12-26T00:00"),
        ("12月24日平安夜晚8点上线", "2024-12-24T20:00", None),
        ("今晚夜晚11点59落", None, "2024-05-28T23:59"),  # (落: it comes down then)
        ("6月19日晚8点到11点", "2024-06-19T20:00", "2024-06-19T23:00"),
        ("6月19日上午10点到12点", "2024-06-19T10:00", "2024-06-19T12:00"),
        ("6月19日晚10点到凌晨2点", "2024-06-19T22:00", "2024-06-20T02:00"),
        ("6月5日20:00-24:00", "2024-06-05T20:00", "2024-06-05T24:00"),
    ],
)
def test_hours_of_one_day(text, start, end):
    assert window(text) == (start, end)


THU_3_DEC = date(2026, 12, 3)


@pytest.mark.parametrize(
    "text, start, end",
    [
        # "end Dec" and "end-Dec" are the month's end, as "end of December" is; "end Dec 20" is a day
        ("from tomorrow till end Dec", "2026-12-04", "2026-12-31"),
        ("from Dec 7 till end-Dec", "2026-12-07", "2026-12-31"),
        ("till end December 2026", None, "2026-12-31"),
        ("we end Dec 20", "2026-12-20", None),
        # a date before a comma is still a date ("12,000" is an amount)
        ("from 7/12 to 20/12, and confirm by tomorrow EOD", "2026-12-07", "2026-12-20"),
        # English text, both readings a date: the one nearer the mail and not past
        ("from Mon 7/12 till end Dec", "2026-12-07", "2026-12-31"),
        ("starting 1/12", "2027-01-12", None),
        # Chinese text writes the month first
        ("12/7-12/13投放", "2026-12-07", "2026-12-13"),
        ("7/12开始", "2027-07-12", None),
        # Cantonese: 落 after a date comes down; 月尾 after the month said again; 圣诞 is a day
        ("1月18号上，年廿八（2月4号）落。", "2027-01-18", "2027-02-04"),
        ("车顶显示屏想延长到下个月月尾", None, "2027-01-31"),
        ("下个礼拜一开始，一路播到圣诞", "2026-12-07", "2026-12-25"),
        # ... but with a year after it, day first (Hong Kong, Singapore, Malaysia; the mainland
        # and Taiwan put the year first)
        ("农历新年那个礼拜（1/2 到 7/2/2027）", "2027-02-01", "2027-02-07"),
        # a start, then the rest of a range it falls in: to the range's end
        ("starting tomorrow and running for the rest of the school holidays (Nov 21 - Jan 3)",
         "2026-12-04", "2027-01-03"),
    ],
)
def test_day_first_month_end_and_the_rest_of(text, start, end):
    assert window(text, THU_3_DEC) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("from tomorrow till 31st?", "2026-12-04", "2026-12-31"),
    ("from 7th to 20th", "2026-12-07", "2026-12-20"),
])
def test_a_bare_ordinal_after_a_range_word_is_a_day(text, start, end):
    assert window(text, THU_3_DEC) == (start, end)


def test_an_ordinal_position_is_no_day():
    assert find_windows("move it to 2nd slot", THU_3_DEC) == []


@pytest.mark.parametrize("text, start", [
    ("双12当天开屏帮我上", "2026-12-12"),  # the shopping festivals are days where a date goes
    ("冬至那天的早报推送也发一条", "2026-12-22"),  # the solar term, Beijing time
])
def test_shopping_festivals_and_the_winter_solstice_are_days(text, start):
    assert window(text, date(2026, 12, 1))[0] == start


def test_a_shopping_festival_before_a_campaign_word_names_the_campaign():
    assert find_windows("双12大促开屏素材", date(2026, 12, 1)) == []


@pytest.mark.parametrize("text, start, end", [
    # both readings dates with the year written: the one not past and nearer the mail
    ("from 06/12/2026 to 11/12/2026", "2026-12-06", "2026-12-11"),
    ("from 12/10/2026 to 12/20/2026", "2026-12-10", "2026-12-20"),
])
def test_an_ambiguous_dated_day_reads_nearer_the_mail(text, start, end):
    assert window(text, date(2026, 12, 1)) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("for ISO week 51.", "2026-12-14", "2026-12-20"),  # a sentence's full stop ends the week number
    ("in ISO weeks 51 and 52", "2026-12-14", "2026-12-27"),
    ("W51-W52", "2026-12-14", "2026-12-27"),
    ("KW 51", "2026-12-14", "2026-12-20"),
])
def test_iso_weeks_and_week_ranges(text, start, end):
    assert window(text, date(2026, 12, 1)) == (start, end)


def test_one_day_after_a_timed_start_still_ends_that_day():
    # only 当天 ("that day") adds nothing to a start written with its hour; "投一天" is a length
    assert window("6月5日晚8点上线，投一天") == ("2024-06-05T20:00", "2024-06-05")


@pytest.mark.parametrize("text, start, end", [
    ("from Thu 10/12 to Sat 12/12", "2026-12-10", "2026-12-12"),  # a weekday before a day/month date
    ("Fri 4/12 - Mon 7/12", "2026-12-04", "2026-12-07"),
    ("starting Monday for 3 wks", "2026-12-07", "2026-12-27"),  # "wk", "wks"
])
def test_weekday_abbreviations_and_short_weeks(text, start, end):
    assert window(text, date(2026, 12, 1)) == (start, end)


@pytest.mark.parametrize("text, end", [
    ("as a two-week flight starting Monday", "2026-12-20"),
    ("下礼拜五起 订单完成页弹窗 上 喜洲民宿 两周", "2026-12-24"),
    ("一直到赛季末 12/27 总决赛当天结束", None),  # one day alone is no run's length
    ("两周 or three weeks", None),  # two lengths: which is meant is not said
])
def test_the_length_of_a_run_written_apart_from_its_start(text, end):
    from mailaudit.extract.dates import run_for

    last = run_for(text, date(2026, 12, 7) if "Monday" in text else date(2026, 12, 11))
    assert (last.isoformat() if last else None) == end


@pytest.mark.parametrize("text, windows", [
    ("on Saturday 19 and Sunday 20 December", [("2026-12-19", "2026-12-20")]),
    ("on 10 and 17 December", [("2026-12-17", None)]),  # two days apart: two dates, as before
    ("12月19日和20日", [("2026-12-19", "2026-12-20")]),
    ("12月5日、12月6日", [("2026-12-05", "2026-12-06")]),
    ("12月10日和17日", [("2026-12-10", None), ("2026-12-17", None)]),
])
def test_two_days_running_joined_by_and_are_one_window(text, windows):
    from mailaudit.extract.dates import find_windows

    got = find_windows(text, date(2026, 12, 1))
    assert [(w.start_iso, w.end_iso) for w in got] == windows


@pytest.mark.parametrize("text, ref, start, end", [
    # a weekday before a bare ordinal names that day ("Mon" alone would be today, a Monday)
    ("from Mon 7th", date(2026, 11, 30), "2026-12-07", None),
    ("Tuesday 8th to Sunday 13th", date(2026, 11, 30), "2026-12-08", "2026-12-13"),
    # "the rest of the month" after a start in the next month: that month's rest
    ("from Mon 7th for the rest of the month", date(2026, 11, 30), "2026-12-07", "2026-12-31"),
    ("from Monday 7th through end month", date(2026, 12, 1), "2026-12-07", "2026-12-31"),
    ("from Sunday 10 Jan through to Australia Day", date(2026, 12, 3), "2027-01-10", "2027-01-26"),
])
def test_a_weekday_before_an_ordinal_and_the_rest_of_the_month(text, ref, start, end):
    assert window(text, ref) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("on 31 Dec, 10:30pm to 12:30am", "2026-12-31T22:30", "2027-01-01T00:30"),  # not 10:30
    ("on 31 Dec from 10:30pm to 12:30am", "2026-12-31T22:30", "2027-01-01T00:30"),
    ("at 10:30 am on 7 Dec", "2026-12-07T10:30", None),  # a time before its day
    ("shift it to 8pm-10pm on Sat 12 Dec", "2026-12-12T20:00", "2026-12-12T22:00"),
    ("NYE from 8pm to midnight", "2026-12-31T20:00", "2026-12-31T24:00"),  # a festival with an hour
    ("Christmas Eve at 9pm", "2026-12-24T21:00", None),
    # a time right before its day, with no "on" (British habit); hours written as a range before
    # a range of days are daily hours, not the first day's
    ("go live 9am Monday 11 January, and keep it running", "2027-01-11T09:00", None),
    ("live 8pm Monday 28 December through Sunday 3 January", "2026-12-28T20:00", "2027-01-03"),
    ("at 9am, Monday 11 January", "2027-01-11T09:00", None),
    ("runs 9am-5pm Mon 14 Dec to Fri 18 Dec", "2026-12-14", "2026-12-18"),
    # a weekday before each day of a range whose month is written last: that month's days
    ("for Sankranti week, i.e. Monday 11th to Sunday 17th January.", "2027-01-11", "2027-01-17"),
    ("Mon 11 - Sun 17 Jan please", "2027-01-11", "2027-01-17"),
    # a go-live hour after a range, with no day of its own after it, is the range's first day's
    ("from Dec 7 to Dec 20, go live 8am. Client signed.", "2026-12-07T08:00", "2026-12-20"),
    ("Dec 26 to Jan 4, going live at 9:00 on the 26th", "2026-12-26T09:00", "2027-01-04"),
    # days of the week beside a window with its dates say which days of it, not this week's
    ("our ATC credit, Monday through Friday, for six weeks from 14 Dec", "2026-12-14", "2027-01-24"),
    ("12月14日起，一档跑四周，周一至周五播出", "2026-12-14", "2027-01-10"),
])
def test_hours_in_english_before_and_after_their_day(text, start, end):
    assert window(text, date(2026, 12, 3)) == (start, end)


def test_a_festival_named_without_an_hour_or_a_range_word_is_no_day():
    from mailaudit.extract.dates import find_windows

    assert find_windows("the Christmas creative is ready, review at 9pm", date(2026, 12, 3)) == []
    assert find_windows("a push for Christmas, copy attached", date(2026, 12, 3)) == []


@pytest.mark.parametrize("text, start, end", [
    ("Slot: push notification\nDate: Christmas Eve, one send at 6pm", "2026-12-24", None),  # a date label
    ("合作品牌 焙岚咖啡，Christmas Eve 上线，跑到 12/27（周日）结束", "2026-12-24", "2026-12-27"),  # a Chinese act after it
    ("App 推播：跨年當晚發送一則", "2026-12-31", None),  # the night of 跨年, before a send
    ("我哋想喺平安夜做個彈窗", "2026-12-24", None),  # Cantonese 喺: "at"
    ("跨年当晚8点上线", "2026-12-31T20:00", None),  # that night's 8 is 20:00
    ("元旦0点开始，跨年到1/3结束", "2027-01-01T00:00", "2027-01-03"),  # 跨年 alone runs across the year's end
    ("12月28日晚8点上线，元旦零点下线", "2026-12-28T20:00", "2027-01-01T00:00"),  # 零点 is an hour too
    ("12月24號晚8點上線，零點落線", "2026-12-24T20:00", "2026-12-24T24:00"),  # Cantonese 落線: 下线
    ("12月12日晚8点上线，当晚零点下线", "2026-12-12T20:00", "2026-12-12T24:00"),  # 当晚: that night, not tonight
    # the festival's date in brackets is the same day, its hour the start; "当天…就下" ends it that day
    ("冬至当天（12月22日）晚上8点上，三个服务区，当天播完就下。", "2026-12-22T20:00", "2026-12-22"),
    ("元旦零点上线，当天播完下架", "2027-01-01T00:00", "2027-01-01"),
    ("元旦零点上线，当天全天", "2027-01-01T00:00", None),  # (no end word after 当天: nothing more)
    ("洗衣機上方螢幕，12/31 晚上7點上架，元旦當天播完就下架", "2026-12-31T19:00", "2027-01-01"),  # ends on the day named
    ("- 聖誕前夕 push 一次（文案見附件）", "2026-12-24", None),  # a festival before a push is its day
    # a festival "only" is that one day; said again with its hours, those hours
    # (a go-live hour after it is the day's start: before the hour or after it)
    ("the stop screens network-wide, NYE only, 7pm go-live", "2026-12-31T19:00", "2026-12-31"),
    ("the home banner on New Year's Day only, going live at 7 a.m. Eastern.", "2027-01-01T07:00", "2027-01-01"),
    ("New Year's Day only (1/1)", "2027-01-01", "2027-01-01"),
    ("Top-light LED screen: Christmas Eve only, December 24, 18:00 to 23:00.", "2026-12-24T18:00", "2026-12-24T23:00"),
    ("元旦連假 粉專置頂幫我們上一下", "2027-01-01", None),  # the long weekend starts on it
    ("想延長到農曆年廿八落畫", None, "2027-02-04"),  # the last days of the lunar year, by their number
    ("开屏从年初二到年初三", "2027-02-07", "2027-02-08"),
])
def test_festivals_where_a_date_goes(text, start, end):
    from mailaudit.engine.vocab import simplified

    assert window(simplified(text), date(2026, 12, 3)) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("下下個禮拜一開始，做兩個禮拜", "2026-12-14", "2026-12-27"),  # the verb that runs it, then how long
    ("12月7日起贴一个月", "2026-12-07", "2027-01-06"),
    ("由1月22號開始，年三十前落（即係2月4號係最後一日）", "2027-01-22", "2027-02-04"),  # the last day named
    ("1月22号开始，2月4号是最后一天", "2027-01-22", "2027-02-04"),
    ("屏东线座椅背卡 20台车，1/4（一）上、1/31下，稿件见附件", "2027-01-04", "2027-01-31"),  # up, down
    ("12/5下午三点开会", "2026-12-05T15:00", None),  # 下午 is no take-down
    ("重庆片区60台，12月7号到元月3号", "2026-12-07", "2027-01-03"),  # 元月: January
])
def test_how_long_and_the_last_day_in_chinese_words(text, start, end):
    from mailaudit.engine.vocab import simplified

    assert window(simplified(text), date(2026, 12, 2)) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("12月第二周投放", "2026-12-07", "2026-12-13"),  # Monday-to-Sunday weeks, the first holding the 1st
    ("12月第一周", "2026-12-01", "2026-12-06"),
    ("元旦前三天上线", "2026-12-29", "2026-12-31"),  # the days just before a named day
    ("农历新年前一星期", "2027-01-30", "2027-02-05"),  # (read on simplified text)
    ("春节后两周", "2027-02-07", "2027-02-20"),
    ("圣诞节前一周开始上档，放到圣诞节当天", "2026-12-18", "2026-12-25"),  # a day a week before: a start
    ("延长到春节前一周", None, "2027-01-30"),
])
def test_month_weeks_and_days_around_a_festival(text, start, end):
    assert window(text, date(2026, 12, 2)) == (start, end)


def test_a_festival_season_is_no_day():
    from mailaudit.extract.dates import find_windows

    assert find_windows("农历新年期间嘅开屏", date(2026, 12, 2)) == []
    # a booking season (档期) is no day: the dates written after it are the window
    assert window("于圣诞档期投放，时间由12月18日至12月26日", THU_3_DEC) == ("2026-12-18", "2026-12-26")


@pytest.mark.parametrize("text, start", [
    # a time before a day named relatively needs no "on"; midnight tonight ends today
    ("Pls pull the trip reminder push scheduled for 8pm SGT tonight.", "2026-12-03T20:00"),
    ("pls take the splash down at midnight tonight", "2026-12-03T24:00"),
    ("take it down tonight at midnight", "2026-12-03T24:00"),
    ("pull it tonight at 8pm", "2026-12-03T20:00"),
    # (a time before a dated day still needs "on": "at 10am, 14 Dec" is two things)
    ("go live at 10am on Monday", "2026-12-07T10:00"),
])
def test_a_time_written_before_tonight(text, start):
    assert [w.start_iso for w in find_windows(text, THU_3_DEC)] == [start]


@pytest.mark.parametrize("text, window", [
    # a month's ten days: 上旬 1-10, 中旬 11-20, 下旬 21 to its end
    ("12月中旬投信息流", ("2026-12-11", "2026-12-20")),
    ("2027年2月下旬", ("2027-02-21", "2027-02-28")),
    # … but what starts then starts in their middle, as 月中 does
    ("12月中旬上线，一直挂到月底", ("2026-12-15", "2026-12-31")),
])
def test_a_months_ten_days(text, window):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == [window]


@pytest.mark.parametrize("text, moment", [
    # 0, 12 or 零点 of an evening is its midnight, the end of that day; other hours are p.m.
    ("今晚0点上线", "2026-12-03T24:00"),
    ("明晚12点", "2026-12-04T24:00"),
    ("今晚8点上线", "2026-12-03T20:00"),
])
def test_midnight_of_an_evening(text, moment):
    assert [w.start_iso or w.end_iso for w in find_windows(text, THU_3_DEC)] == [moment]


@pytest.mark.parametrize("text, windows", [
    # 每周一次 is once a week, not Monday; 每周一 is still a Monday
    ("下月1号起做push推送，每周一次，推到1月31号。", [("2027-01-01", "2027-01-31")]),
    ("每周一到两次", []),
    ("每周一推送", [("2026-12-07", None)]),
])
def test_once_a_week_is_no_monday(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, window", [
    # from a start, a few words (the slot) and how long it runs
    ("12/10起开屏一周", ("2026-12-10", "2026-12-16")),
    # (an ordinal or a "last" names which week or day: no length)
    ("请于春节后开工第一周（2027年2月22日至2月28日）上线", ("2027-02-22", "2027-02-28")),
])
def test_a_length_after_the_slot_a_start_names(text, window):
    assert (window[0], window[1]) in [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)]


@pytest.mark.parametrize("text, windows", [
    # both sides of a named day, the day between
    ("元旦前后各三天，我们想投", [("2026-12-29", "2027-01-04")]),
    # "到那周日" points back at the week named before it: no date of its own
    ("麻烦下下周一起，粉专置顶放一周（到那周日）", [("2026-12-14", "2026-12-20")]),
])
def test_around_a_named_day_and_that_weeks_sunday(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, window", [
    # a comma and "from" together, or a zone, between a day and its hour
    ("please add the opening ad on Saturday 19 Dec, from 10am to 11:59pm", ("2026-12-19T10:00", "2026-12-19T23:59")),
    ("the splash from December 21, JST 10:00, until December 27", ("2026-12-21T10:00", "2026-12-27")),
    ("12月12日北京时间 0点上线，12月13日 23:59 下线", ("2026-12-12T00:00", "2026-12-13T23:59")),
    # Cantonese parts of the day: 朝早 (morning), 夜晚 (evening)
    ("開機廣告改為 12/12（六）朝早10點至 13/12（日）夜晚11點59落", ("2026-12-12T10:00", "2026-12-13T23:59")),
    # a time before "tomorrow" needs no "on"; midnight of tomorrow is its start, not its end
    ("take down the banner from 00:00 WAT tomorrow", ("2026-12-04T00:00", None)),
])
def test_hours_after_a_comma_a_zone_or_a_cantonese_part_of_day(text, window):
    assert window in [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)]


@pytest.mark.parametrize("text, window", [
    # the window's first day named again with its hour and a word that it starts then
    ("開屏：12/19-12/20 兩天，12/19 晚上八點上", ("2026-12-19T20:00", "2026-12-20")),
    ("the splash screen on Dec 10-11 (going live 0:00 on the 10th)", ("2026-12-10T00:00", "2026-12-11")),
    ("from Dec 26 to Jan 4, going live at 9:00 Bangkok time on the 26th", ("2026-12-26T09:00", "2027-01-04")),
    ("the homepage banner: Jan 4 go-live at 6:00 AM PT, running through Sunday 1/17", ("2027-01-04T06:00", "2027-01-17")),
])
def test_a_starting_hour_written_after_the_window(text, window):
    assert [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)] == [window]


def test_a_day_of_the_window_named_again_for_another_thing_keeps_its_own_hour():
    got = find_windows(simplified("App 首頁 banner 由 7/12 至 13/12，另外 7/12 夜晚8點出一個推送"), THU_3_DEC)
    assert [(w.start_iso, w.end_iso) for w in got] == [("2026-12-07", "2026-12-13"), ("2026-12-07T20:00", None)]


@pytest.mark.parametrize("text, windows", [
    # a month or a quarter named whole is that month or quarter: the next one, this one while it runs
    ("please book the homepage takeover for the month of January 2027", [("2027-01-01", "2027-01-31")]),
    ("Please place Sunmere Vitamins in the weekly circular hero for our full Q1 flight.", [("2027-01-01", "2027-03-31")]),
    ("all of February", [("2027-02-01", "2027-02-28")]),
    ("throughout the fourth quarter", [("2026-10-01", "2026-12-31")]),
    # a day of it beside it says more; a weekday "in January" is a day of it; "sometime in Q1" a guess
    ("in Q1, from Monday 4 January", [("2027-01-04", None)]),
    ("which we expect sometime in Q1", []),
    ("in January 4", [("2027-01-04", None)]),
])
def test_a_month_or_a_quarter_named_whole(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


def test_a_weekday_in_a_month_is_no_whole_month():
    got = find_windows("starting the first Monday in January", THU_3_DEC)
    assert ("2027-01-01", "2027-01-31") not in [(w.start_iso, w.end_iso) for w in got]


@pytest.mark.parametrize("text, window", [
    # a weekday after a date that reads both ways says which is meant, and the text's other
    # slashed dates are read the same way
    ("由 10/12（星期四）起停", ("2026-12-10", None)),
    # (2 January, the nearer reading, is a Saturday)
    ("the banner from 2/1 (Mon)", ("2027-02-01", None)),
])
def test_a_weekday_says_which_way_a_date_reads(text, window):
    assert window in [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)]


@pytest.mark.parametrize("text, window", [
    # an end word before an hour alone ends what a dated hour started
    ("the takeover to go live at 8pm on Dec 31 and come down at midnight", ("2026-12-31T20:00", "2026-12-31T24:00")),
    ("live on Dec 12 at 9am, ending at 11pm", ("2026-12-12T09:00", "2026-12-12T23:00")),
    # a day named alone, then its hours
    ("想在跨年夜上首頁橫幅，12/31 晚上8點上線，元旦零點下線", ("2026-12-31T20:00", "2027-01-01T00:00")),
])
def test_the_hours_of_a_day_and_the_hour_it_ends(text, window):
    assert [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)] == [window]


def test_a_traffickers_live_date_and_off():
    got = find_windows("Pls book homepage banner, live date 28/12, off 10/01, as per the IO attached.", THU_3_DEC)
    assert [(w.start_iso, w.end_iso) for w in got] == [("2026-12-28", "2027-01-10")]


def test_by_the_end_of_the_working_day_is_a_deadline_not_a_window():
    assert find_windows("请按这个排赶集日弹窗，今天下班前回我能不能排上", THU_3_DEC) == []


@pytest.mark.parametrize("text, window", [
    # day, dash, month where a range word or a weekday stands before it, or a second one follows
    ("please book the hourly forecast card, from 7-12 until 20-12", ("2026-12-07", "2026-12-20")),
    ("the pre-roll from 14-12 until 3-1, so over Christmas", ("2026-12-14", "2027-01-03")),
    ("move it to week 52 (21-12 until 27-12)", ("2026-12-21", "2026-12-27")),
    ("extend the overlay until Sunday 10-1.", (None, "2027-01-10")),
    # the last day is in: "until and including"
    ("so from 7-12 until and including 20-12", ("2026-12-07", "2026-12-20")),
    ("from Dec 7 up to and including Dec 20", ("2026-12-07", "2026-12-20")),
])
def test_a_day_dash_month_and_until_and_including(text, window):
    assert window in [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)]


@pytest.mark.parametrize("text", ["open from 9-17 daily", "allow 2-3 weeks for review", "a call from 2-3 pm",
                                  "12-7 上线"])
def test_a_dash_between_numbers_alone_is_no_day(text):
    assert [w for w in find_windows(text, THU_3_DEC) if w.start_iso and w.start_iso.endswith(("-09", "-02", "-12"))] == []


@pytest.mark.parametrize("text, window", [
    # a week named, then its days from one to another (Cantonese 禮拜 too)
    ("时间係下个禮拜一至日，唔该幫手安排", ("2026-12-07", "2026-12-13")),
    ("下周一至五每天早上推送", ("2026-12-07", "2026-12-11")),
    ("下周五至一", ("2026-12-11", "2026-12-14")),
    # calendar weeks written with a space after KW or CW
    ("the sidebar in KW 50 and KW 51", ("2026-12-07", "2026-12-20")),
])
def test_a_weeks_days_from_one_to_another_and_calendar_weeks(text, window):
    assert window in [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)]


def test_weekdays_from_one_to_another_without_a_week_named_are_no_window_of_their_own():
    # "周一至五每天" is a schedule inside a window named elsewhere
    assert ("2026-12-07", "2026-12-11") not in [(w.start_iso, w.end_iso) for w in find_windows("周一至五每天推送", THU_3_DEC)]


@pytest.mark.parametrize("text, window", [
    # two runs of days joined by "to": a move, where it runs now is the second
    ("Please move the live reads from Dec 14-18 to Dec 21-23 (Mon-Wed).", [("2026-12-21", "2026-12-23")]),
    ("12月1日-3日改到12月8日-10日", [("2026-12-08", "2026-12-10")]),
    # weeks so joined are one run, from the first to the last
    ("wk 50-51 to wk 52", [("2026-12-07", "2026-12-27")]),
    ("Dec 14-18 and Dec 21-23", [("2026-12-14", "2026-12-18"), ("2026-12-21", "2026-12-23")]),
])
def test_two_runs_of_days_joined_by_to_are_a_move(text, window):
    assert [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)] == window


@pytest.mark.parametrize("text, window", [
    # "到月底前" after a start ends the window at the month's end ("before" a day, after "until")
    ("麻烦安排在充电桩待机画面，从12/7(一)到月底前，全台都上", ("2026-12-07", "2026-12-31")),
    # Dutch "tot en met": until and with
    ("the homepage banner from Friday 4-12 until and with Sunday 6-12.", ("2026-12-04", "2026-12-06")),
])
def test_until_before_the_month_end_and_until_and_with(text, window):
    assert window in [(w.start_iso, w.end_iso) for w in find_windows(simplified(text), THU_3_DEC)]


def test_the_same_day_written_again_goes_on_to_the_end():
    got = find_windows("Kindly swap the audio from tomorrow, Wednesday 2nd, to the end of the flight on the 20th.",
                       date(2026, 12, 1))
    assert [(w.start_iso, w.end_iso) for w in got] == [("2026-12-02", "2026-12-20")]
    # two days in a row are two
    assert len(find_windows("Dec 5, Dec 6", THU_3_DEC)) == 2


@pytest.mark.parametrize("text, window", [
    ("明后两晚8点push发一下", ("2026-12-04", "2026-12-05T20:00")),
    ("今明两天首页banner加一下", ("2026-12-03", "2026-12-04")),
    ("开屏明后天上", ("2026-12-04", "2026-12-05")),
])
def test_two_days_running_from_today_or_tomorrow(text, window):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == [window]



@pytest.mark.parametrize("text", [
    # a day named right before a programme or an edition is its name, not this week's day
    "Let's do the weekend jazz show credit again",
    "the Sunday supplement back cover",
    "sponsor strip in the Friday members' newsletter",
    "想排周末点播单元主持人口播",
])
def test_a_day_that_names_an_edition_is_no_window(text):
    from mailaudit.extract.dates import find_windows

    assert find_windows(text, date(2026, 12, 3)) == []


@pytest.mark.parametrize(("text", "windows"), [
    # a weekend a word before it names is a weekend of its own, no date of this week
    ("for the concert weekend, Sat 19 and Sun 20 Dec", [("2026-12-19", "2026-12-20")]),
    ("the regatta weekend", []),
    ("walk-ins spike that weekend", []),
    # a holiday's weekend: Saturday to a Monday holiday, a Thursday or Friday one to its Sunday
    ("reserve the exit arch for Presidents' Day weekend", [("2027-02-13", "2027-02-15")]),
    ("over MLK weekend, Boston only", [("2027-01-16", "2027-01-18")]),
    ("Thanksgiving weekend push", [("2026-11-26", "2026-11-29")]),  # (the one just past: two weeks back count)
    ("the store on MLK Blvd", []),  # (MLK alone names the day only before "weekend")
    ("keep it running thru MLK weekend (Mon 1/18)", [(None, "2027-01-18")]),  # (after "thru": the day it gives)
    # the coming weekend, as before
    ("run the splash this weekend", [("2026-12-05", "2026-12-06")]),
    ("run the splash over the weekend", [("2026-12-05", "2026-12-06")]),
    ("tidewell wknd", [("2026-12-05", "2026-12-06")]),
    ("the search brand zone sat+sun", [("2026-12-05", "2026-12-06")]),
])
def test_a_named_weekend_is_not_the_coming_one(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, date(2026, 12, 3))] == windows


def test_a_day_before_other_words_is_still_a_day():
    from mailaudit.extract.dates import find_windows

    assert [w.text for w in find_windows("run it Friday, newsletter copy attached", date(2026, 12, 3))] == ["Friday"]



@pytest.mark.parametrize("text, start, end", [
    # every such weekday of a month: from its first to its last
    ("every Saturday in January, same as last winter", "2027-01-02", "2027-01-30"),
    ("each Monday of February 2027", "2027-02-01", "2027-02-22"),
])
def test_every_weekday_of_a_month(text, start, end):
    assert window(text, date(2026, 12, 3)) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    ("check-in email sponsor slot from May 14 through Canada Day", "2027-05-14", "2027-07-01"),
    ("run the posters from May 1 until Victoria Day", "2027-05-01", "2027-05-24"),  # the Monday before 25 May
    ("the pool deck banner from June 1 through July 4th", "2027-06-01", "2027-07-04"),
])
def test_north_american_holidays_end_a_window(text, start, end):
    assert window(text, date(2026, 12, 1)) == (start, end)


@pytest.mark.parametrize("text, start, end", [
    # the month in Chinese numerals before its part: the end of January, not "one month"
    ("由2026年12月7日起至一月底之前，於全線分店免費播放", "2026-12-07", "2027-01-31"),
    # "续到…前": run up to it
    ("车厢内贴续到1月底前，画面不换", None, "2027-01-31"),
    # a weekday named before a date that reads both ways: the coming Monday, 7 December
    ("會員App橫額由下個禮拜一（7/12）起落咗佢先", "2026-12-07", None),
    # a month-first date past the twelfth in the text: the others are month first too
    ("bookmark print, 25k, handed out 2/1 through 2/28 for the month", "2027-02-01", "2027-02-28"),
])
def test_dates_written_beside_their_own_evidence(text, start, end):
    assert window(text, date(2026, 12, 3)) == (start, end)


def test_the_nearer_reading_still_wins_without_evidence():
    assert window("from Mon 7/12 till end Dec", date(2026, 12, 3)) == ("2026-12-07", "2026-12-31")


def test_a_deadline_after_a_bracketed_date_under_its_weekday_is_no_window():
    assert find_windows(simplified("以下兩個客嘅落單，唔該下個禮拜二（8/12）前 confirm："), date(2026, 12, 4)) == []
    assert window("下周一（12/7）起投两周", date(2026, 12, 4)) == ("2026-12-07", "2026-12-20")


@pytest.mark.parametrize("text, start", [
    ("想喺梅窩線船票背面落廣告，印10萬張，3/1起用，唔該報個實價", "2027-01-03"),  # Hong Kong: day first
    ("想在梅窩線船票背面刊登廣告，3/1起用", "2027-03-01"),  # Taiwan: month first
    ("单车租赁想喺船票背面落广告，3/1起用", "2027-03-01"),  # a mainland Cantonese writer: month first
])
def test_hong_kong_cantonese_writes_the_day_first(text, start):
    with reading_hong_kong(writes_hong_kong(text)):  # (as extract() reads a mail)
        assert window(simplified(text), date(2026, 12, 2))[0] == start


@pytest.mark.parametrize("text, start, end", [
    ("Boxing Day only, live from 10am", "2026-12-26T10:00", "2026-12-26"),  # the hour the day goes live
    ("on 26/12, live from 10am", "2026-12-26T10:00", None),
    # an hour that another day's words follow is not the end's: "… through Sunday, live at 10am ET on Tuesday"
    ("next Tuesday through Sunday, live at 10am ET on Tuesday", "2026-12-08T10:00", "2026-12-13"),
])
def test_live_from_an_hour_starts_the_day_before_it(text, start, end):
    assert window(text, date(2026, 12, 2)) == (start, end)


@pytest.mark.parametrize("text, windows", [
    # a day with "that week" after it (dates.yaml `week_of_after`): from it to its week's Sunday
    ("麻煩協助在官網訂房頁橫幅上廣告，14 日那週，早上 9 點上", [("2026-12-14", "2026-12-20")]),
    ("小程序预约页 banner 14号那个星期 please 帮我们上一下", [("2026-12-14", "2026-12-20")]),
    ("12月16日那周上两块屏", [("2026-12-16", "2026-12-20")]),
    # a weekday of that week is that day; a range written before the words is that range
    ("16号那周五上线", [("2026-12-16", None)]),
    ("前台電視 14/12-20/12 嗰個禮拜原本排咗", [("2026-12-14", "2026-12-20")]),
])
def test_a_day_then_its_week_in_chinese(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, windows", [
    # a length right after "the week after next" runs from its Monday, as after "w/c 7 Dec"
    ("Bangkok tuk-tuks only, the week after next for two weeks.", [("2026-12-14", "2026-12-27")]),
    ("the week after next, two weeks", [("2026-12-14", "2026-12-27")]),
    ("the week after next please", [("2026-12-14", "2026-12-20")]),
])
def test_the_week_after_next_for_a_length(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, windows", [
    # an hour a few words after the window, with a word that it starts then (dates.yaml
    # `hour_starts`), is when the window starts
    ("New Year's Eve only, switch on at 18:00.", [("2026-12-31T18:00", "2026-12-31")]),
    ("12月24日，早上7点上线", [("2026-12-24T07:00", None)]),
    # an hour for something else is not
    ("from 14/12 to 20/12, call me at 10am", [("2026-12-14", "2026-12-20")]),
])
def test_an_hour_a_few_words_after_its_window_starts_it(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, windows", [
    # "week" before a day written with its month is the week of that day, not ISO week 21
    ("whole week 21/12: go live 8pm Mon 21/12, off at midnight Sun 27/12.",
     [("2026-12-21T20:00", "2026-12-27T24:00")]),
    # an end word before an hour that has its own day after it ends on that day
    ("go live on 24 Dec at 8pm, and take it down at 23:59 on 26 Dec.", [("2026-12-24T20:00", "2026-12-26T23:59")]),
    # ISO week numbers still read as weeks
    ("week 51 please", [("2026-12-14", "2026-12-20")]),
])
def test_an_end_hour_before_its_own_day(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, start", [
    # "Sunday after next" (without "the") and Indian English "next to next Monday": the one a week after the coming one
    ("live from Sunday after next, 6am", "2026-12-13T06:00"),
    ("kindly start it next to next Monday", "2026-12-14"),
    ("from next-to-next Monday", "2026-12-14"),
])
def test_a_weekday_after_next(text, start):
    assert find_windows(text, THU_3_DEC)[0].start_iso == start


@pytest.mark.parametrize("text, windows", [
    # a take-down word alone after midnight ends the dated start's run (dates.yaml `hour_ends`, `after_end`)
    ("12.24 晚上八点上，零点撤，15 秒每小时 20 次", [("2026-12-24T20:00", "2026-12-24T24:00")]),
    ("12月24日晚8点上，零点下。", [("2026-12-24T20:00", "2026-12-24T24:00")]),
    # not an order placed at an hour
    ("12.24 晚上八点上，10点下单", [("2026-12-24T20:00", None)]),
])
def test_a_bare_take_down_word_after_midnight(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


def test_the_small_new_years_of_the_lunar_calendar():
    # 腊月廿三 (the northern 小年) and 廿四 (the southern one), as dates.yaml's by_year gives them
    assert [(w.start_iso, w.end_iso) for w in find_windows("烦请续到腊月廿三（小年）", THU_3_DEC)] == [(None, "2027-01-30")]
    assert find_windows("做到年廿四", THU_3_DEC)[0].end_iso == "2027-01-31"


@pytest.mark.parametrize("text, windows", [
    # an event named by its day is held on it (dates.yaml `en_event_after`)
    ("the members' bar coasters, Boxing Day meeting only", [("2026-12-26", "2026-12-26")]),
    ("race-book full page (Boxing Day edition)", [("2026-12-26", "2026-12-26")]),
    # not the event's film or ad, nor a festival's campaign
    ("our New Year's Eve concert film in the loop from 21.12. to 31.12.", [("2026-12-21", "2026-12-31")]),
    ("the Christmas campaign", []),
])
def test_an_event_named_by_its_day(text, windows):
    with reading_day_first(True):
        assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, windows", [
    # a two-digit year after a dash or a dot, day first (Pakistani, Indian, British, Turkish habit)
    ("please run it till 20-01-27", [(None, "2027-01-20")]),
    ("from 16-12-26 for 10 days", [("2026-12-16", "2026-12-25")]),
    ("from 16.12.26 to 03.01.27", [("2026-12-16", "2027-01-03")]),
])
def test_day_month_and_a_short_year_with_dashes_or_dots(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows
    # (a dash before a date with slashes is a range's, not a year's: "6/1-7/31/2027" ends 31 July)
    assert find_windows("firewood wrap 6/1-7/31/2027", THU_3_DEC)[0].end_iso == "2027-07-31"


@pytest.mark.parametrize("text, windows", [
    # a month's Spanish name or abbreviation (dates.yaml `month_names`), after a slash or "de"
    ("from 14/dic until 7/ene", [("2026-12-14", "2027-01-07")]),
    ("from 18 de diciembre to 6 de enero", [("2026-12-18", "2027-01-06")]),
    ("until 9/Dec/2026", [(None, "2026-12-09")]),
    # not "ago" written small: "two weeks ago"
    ("we spoke two weeks ago 14 times", []),
])
def test_a_months_spanish_name(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


def test_a_count_of_days_before_a_range_of_that_many_is_no_date():
    # "3日" before a range of three days counts them (Hong Kong and Taiwan write 日 for days)
    assert [(w.start_iso, w.end_iso) for w in find_windows("開機畫面 3日，12月28至30号", THU_3_DEC)] == [
        ("2026-12-28", "2026-12-30")]
    # a day of its own, not that count, stays one
    assert [w.start_iso for w in find_windows("请于3日上线，12月28至30号再投一轮", THU_3_DEC)] == ["2026-12-03", "2026-12-28"]


@pytest.mark.parametrize("text, windows", [
    # a whole month named at a sentence's end, with or without its year, with or without "the"
    ("Lobby screen loop for the whole of January 2027.", [("2027-01-01", "2027-01-31")]),
    ("newsletter sponsor line, whole of Feb.", [("2027-02-01", "2027-02-28")]),
    # a Chinese month and 整月 / 全月 / 整个…月份
    ("门票背面 明年1月整月印刷", [("2027-01-01", "2027-01-31")]),
    ("整个2月份都挂", [("2027-02-01", "2027-02-28")]),
    # northern speech's 仨 (three)
    ("元旦仨天", [("2027-01-01", "2027-01-03")]),
])
def test_whole_months_and_northern_numbers(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, windows", [
    # a Spanish writer's range of days: between them "al" or "hasta (el)", "de" before the month
    ("el patrocinio del 16 al 24 de diciembre", [("2026-12-16", "2026-12-24")]),
    ("del 10 de diciembre al 5 de enero", [("2026-12-10", "2027-01-05")]),
    ("desde el 14/12 hasta el 3/1", [("2026-12-14", "2027-01-03")]),
    ("hasta el 3 de enero", [(None, "2027-01-03")]),
    # named days of Spanish writers, where a date goes
    ("desde el lunes 14 de diciembre hasta el Día de Reyes", [("2026-12-14", "2027-01-06")]),
    # (not a thing named after one: the Rosca de Reyes)
    ("the Rosca de Reyes promo from Dec 14", [("2026-12-14", None)]),
])
def test_a_spanish_writers_range_of_days(text, windows):
    with reading_day_first(True):
        assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text", ["from 20/12 until Christmas Eve (24 Dec)", "from 20/12 until Christmas Eve (24/12)"])
def test_a_named_day_dated_again_in_brackets_is_one_end(text):
    with reading_day_first(True):
        assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == [("2026-12-20", "2026-12-24")]


@pytest.mark.parametrize("text, windows", [
    # days running, listed, across a year's end: one window
    ("12月31号、1月1号、1月2号这三天", [("2026-12-31", "2027-01-02")]),
    ("12月19日、20日和21日", [("2026-12-19", "2026-12-21")]),
    # (days apart stay apart)
    ("12月19日、12月21日", [("2026-12-19", None), ("2026-12-21", None)]),
    # New Year's Eve by its Bangladeshi and Caribbean names
    ("run the promo scroll on Thirty-first night only", [("2026-12-31", "2026-12-31")]),
    ("from Monday 7/12, up to Old Year's Night", [("2026-12-07", "2026-12-31")]),
])
def test_days_running_listed_and_new_years_eve_by_other_names(text, windows):
    with reading_day_first(True):
        assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


@pytest.mark.parametrize("text, windows", [
    # midnight said as twelve at night is the day's end, not its noon
    ("12月12日早8点上线，31号晚上12点撤", [("2026-12-12T08:00", "2026-12-31T24:00")]),
    # a festival with a morning hour is that day ("早" alone, as the hours take it)
    ("双十二早8点上线", [("2026-12-12T08:00", None)]),
    # a bare ordinal after "commencing" / "starting" / "on" is a day of the month to come
    ("week commencing 14th for two weeks", [("2026-12-14", "2026-12-27")]),
    ("go live on 14th, run to 20th", [("2026-12-14", "2026-12-20")]),
])
def test_midnight_at_night_morning_hours_and_bare_ordinals(text, windows):
    assert [(w.start_iso, w.end_iso) for w in find_windows(text, THU_3_DEC)] == windows


MON_30_NOV = date(2026, 11, 30)


@pytest.mark.parametrize("text, ref, windows", [
    # a bare day the month of writing lacks is the next month's that has it
    ("由21/12朝早9点上，31号夜晚落", MON_30_NOV, [("2026-12-21T09:00", "2026-12-31")]),
    # the part of the day a take-down comes in, no hour, between the day and its word
    ("21号上，31号晚上撤", THU_3_DEC, [("2026-12-21", "2026-12-31")]),
    # "next week Friday", "Friday next week": that weekday of next week, not its Monday
    ("next week Friday till 20th", THU_3_DEC, [("2026-12-11", "2026-12-20")]),
    ("Friday next week", THU_3_DEC, [("2026-12-11", None)]),
    # a festival's weekend in Chinese, as in English ("Christmas weekend")
    ("圣诞周末投放", THU_3_DEC, [("2026-12-25", "2026-12-27")]),
])
def test_bare_days_across_a_short_month_take_downs_at_night_and_weeks_of_weekdays(text, ref, windows):
    with reading_day_first(True):
        assert [(w.start_iso, w.end_iso) for w in find_windows(text, ref)] == windows

