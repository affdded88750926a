"""Kinds of placement mail the extractor reads since the held-out batches of
2026-12-03 (bench/labels/fresh2, fresh3): bookings as tables and key: value
blocks, the advertiser from the subject or the author's own company, mail that
asks for nothing, "as per subject", and how sure each reading is."""

from __future__ import annotations

import pytest

from mailaudit.extract.extract import extract
from mailaudit.mail.parse import parse_bytes


def mail(subject: str, body: str, sender: str = "Ann Lee <ann@brightline.example>",
         date: str = "Tue, 01 Dec 2026 10:00:00 +0800", extra: str = "", to: str = "ops@media.example") -> list[dict]:
    raw = (f"From: {sender}\nTo: {to}\nDate: {date}\nSubject: {subject}\n{extra}"
           "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body).encode("utf-8")
    return [i.record() | {"confidence": i.confidence} for i in extract(parse_bytes(raw, "t.eml"))]


def test_a_booking_table_under_a_request_gives_one_instruction_a_row():
    got = mail("7月新增投放两单", "运营组各位好，\n\n请按下表配置，6月27日前配好：\n\n"
               "广告主 | 位置 | 开始 | 结束\n橙子金融 | 搜索品牌专区 | 7月1日 | 7月31日\n"
               "森屿家居 | 分类页顶部 | 7月5日 | 7月18日\n\n谢谢\n孟凡\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"], r["advertiser"]) for r in got] == [
        ("search-brand-zone", "2027-07-01", "2027-07-31", "橙子金融"),
        ("channel-banner", "2027-07-05", "2027-07-18", "森屿家居"),
    ]


def test_a_rate_card_table_is_no_booking():
    assert mail("报价", "各位好，\n\n请查收刊例：\n\n位置 | 日期 | 价格\n开屏 | 7月1日 | 30万\n\n谢谢\n") == []


def test_a_key_value_block_names_slots_by_its_key_even_unknown_ones():
    got = mail("新檔期", "運營組：\n\n請協助排以下檔期。\n\n客戶：聯昇電信\n版位：搜尋品牌專區 + 小程序开屏浮层\n"
               "期間：2月16日至3月1日\n\n多謝\n")
    assert {r["slots"][0]["text"] for r in got} == {"搜尋品牌專區", "小程序开屏浮层"}
    assert {r["advertiser"] for r in got} == {"聯昇電信"} and {r["end"] for r in got} == {"2027-03-01"}


@pytest.mark.parametrize("subject, body, advertiser", [
    ("青禾乳业W23开屏", "两位好，\n\n整周的开屏请帮忙排上，青禾乳业的素材下周一给到。\n", "青禾乳业"),
    ("Our Spring Sale banner", "Hi team,\n\nPlease run our Spring Sale banner on the category page from "
     "December 7 until December 20.\n\nThanks,\nGrace Liu\nBrand Marketing Manager\nLarkspur Outdoor Co.\n",
     "Larkspur Outdoor Co."),
])
def test_the_advertiser_from_the_subject_or_the_authors_own_company(subject, body, advertiser):
    got = mail(subject, body, sender="Grace Liu <grace.liu@larkspur-outdoor.example>")
    assert got and {r["advertiser"] for r in got} == {advertiser}


@pytest.mark.parametrize("body", [
    "Hi Dan,\n\nIf our Q1 budget is approved next week, we'd like to run the homepage banner from "
    "January 12 to January 25.\n\nThanks,\nLeah\n",
    "Hi Sofia,\n\nPlease find attached the November delivery statement for Acme (mid-roll, Nov 24-30).\n\nThanks\n",
    "一鸣，\n\n开屏素材被拉伸，麻烦12月18日前修复，周末有青云手游的开屏要上。\n\n谢谢\n",
])
def test_mail_that_asks_for_something_else_is_no_instruction(body):
    assert mail("FYI", body) == []


def test_as_per_subject_reads_the_subject():
    got = mail("请安排蓝鲸出行开屏 12月7日-12月13日", "运营同学，\n\n如题，谢谢！\n张三\n")
    assert [(r["action"], r["slots"][0]["slot"], r["start"], r["end"], r["advertiser"], r["confidence"])
            for r in got] == [("place", "splash", "2026-12-07", "2026-12-13", "蓝鲸出行", "medium")]


def test_confidence_says_where_the_parts_came_from():
    sure = mail("开屏", "王经理：\n\n请为蒙牛安排开屏，12月7日至12月13日。\n\n谢谢\n")
    assert [r["confidence"] for r in sure] == ["high"]
    open_ended = mail("开屏", "王经理：\n\n请为蒙牛安排开屏，时间另行通知。\n\n谢谢\n")
    assert [r["confidence"] for r in open_ended] == ["low"]


@pytest.mark.parametrize(("subject", "body", "advertiser"), [
    # "广告主为X" names the advertiser as "广告主：X" does; a festival in the subject does not
    ("聖誕檔期品牌專區", "孫小姐您好：\n\n本酒店擬於聖誕檔期在途樂「搜尋結果頁品牌專區」投放，時間由12月18日至12月26日，"
     "煩請安排。廣告主為濠景灣酒店，素材連結稍後提供。\n\n謝謝。\n", "濠景灣酒店"),
    # a word right before "App" is the app the slot runs in, not the advertiser (and "寒假班",
    # its winter class, is an occasion after the name, as bench/labels/fresh9 reads it)
    ("寒假班投放", "您好：\n\n知行美語寒假班想在新聞App的搜尋聯想詞投放，請自下週一起投放10天。\n\n謝謝\n", "知行美語"),
    # "品牌方：" is one word, as 客户： is
    ("蓋版停投", "維哲您好：\n\n品牌方：好日子生活館\n首頁蓋版廣告即日起停止投放，感謝。\n", "好日子生活館"),
])
def test_the_advertiser_is_a_name_not_the_app_or_a_festival(subject, body, advertiser):
    assert {r["advertiser"] for r in mail(subject, body)} == {advertiser}


@pytest.mark.parametrize(("body", "slots"), [
    ("Hi team,\n\nPlease book a :30 spot in the Breakfast Show for Corrib Telecom, 14-20 Dec.\n\nThanks\n", {":30 spot"}),
    ("Hi,\n\nPlease run 15 second PM drive spots for Lakeshore Motors from 21 Dec.\n\nThanks\n", {"15 second PM drive spots"}),
    ("Hi,\n\nPlease add CTV pause ads for Nordvik Outdoor, 14-20 Dec.\n\nThanks\n", {"CTV pause ads"}),
    ("Hi,\n\nPlease book a drive-time live read for Silverfir Peak on 7 Dec.\n\nThanks\n", {"drive-time live read"}),
    # a host read in brackets says how the mid-roll runs: one slot, not two
    ("Hi,\n\nKindly book the podcast mid-roll (host read) for Paysetu Finserv, 7-20 Dec.\n\nThanks\n",
     {"podcast mid-roll"}),
    # public radio's underwriting credits and breaks, named by the program (and a time)
    ("Hi Marcus,\n\nPlease book our All Things Considered 5:44p credit for Harlan Voss from 1 Feb.\n\nThanks\n",
     {"All Things Considered 5:44p credit"}),
    ("Dana,\n\nPlease extend Prairie Lantern's Morning Edition credits through June 30.\n\nBest\n",
     {"Morning Edition credits"}),
    ("Hi,\n\nPlease move Harlan Voss to the 7:50a Morning Edition break from 1 Feb.\n\nThanks\n",
     {"7:50a Morning Edition break"}),
])
def test_radio_audio_and_podcast_slots(body, slots):
    got = mail("Booking", body)
    assert {s["text"] for r in got for s in r["slots"]} == slots


def test_a_credit_line_is_no_program_credit():
    assert mail("Credit lines", "Hi,\n\nPlease extend the Enron credit lines through the end of June.\n\nThanks\n") == []


def test_thirty_spots_is_a_count_not_a_slot():
    assert mail("Rate card", "Hi,\n\nHow much would 30 spots cost us in December?\n\nThanks\n") == []


@pytest.mark.parametrize(("body", "end"), [
    ("周晴：\n\n《海境》在短剧频道的前贴片原定12月6日结束，请延期一周，其余不变。\n\n辛苦！\n", "2026-12-13"),
    ("Hi,\n\nThe Tidal Bank pre-roll currently ends 20 Dec, could you extend it by two weeks?\n\nThanks\n", "2027-01-03"),
])
def test_longer_by_a_duration_from_the_old_end(body, end):
    got = mail("延期 / extension", body)
    assert [(r["action"], r["end"]) for r in got] == [("extend", end)]


def test_chinese_mail_slots_of_a_live_streaming_platform():
    got = mail("挂件排期", "晓棠好：\n\n鋒刃電競想在直播间右下角挂件投放，12/7-12/20，请帮忙排期。\n\n谢谢\n")
    assert [s["slot"] for r in got for s in r["slots"]] == ["live-room-pendant"]
    got = mail("【Urgent】splash 素材 replace today",
               "Hi 晓棠,\n\n请把 VoltaRush 的 splash 素材换成附件这版，今天中午12点前，谢谢。\n\nSerena\n")
    assert [(r["action"], [s["slot"] for s in r["slots"]]) for r in got] == [("change", ["splash"])]
    # "please reply whether it can be scheduled" is that booking, not a second one
    got = mail("加一档", "晓棠、周屹好：\n\n老客户那边追加了预算，首页 banner 12/15-12/21 帮忙加一档，素材下午我再转过来。"
               "请今天内回复能不能排。\n\n谢谢\n")
    assert [(r["action"], [s["slot"] for s in r["slots"]], r["advertiser"]) for r in got] == [
        ("add", ["homepage-banner"], None)]


@pytest.mark.parametrize("body", [
    "梁总好，\n\n资质审核还缺两项材料，请在 12/8 前上传到投放后台。资质未通过前 W51 的 splash 无法提交上线。\n\n谢谢\n",
    "Hi 吴静,\n\n元旦的6张素材 please 先帮忙预审，投放位置和时间等过审后再确认。附件分别是 splash、feed 大卡、push 配图。\n\nThx\n",
])
def test_what_cannot_go_live_yet_or_awaits_review_is_no_instruction(body):
    assert mail("资质 / 素材", body) == []


def test_a_list_under_a_line_pointing_below_with_an_advertiser_line_over_each_group():
    got = mail("Ardmore bookings", "Hi Niamh, hi traffic,\n\nTwo new bookings below, please confirm both by Monday 7 Dec.\n\n"
               "Tidal Bank\n- CTV pre-roll, 10-23 Dec\n- podcast mid-roll (host read), 14-20 Dec\n\n"
               "Fernhill Organics\n- newsletter sponsor slot, Tue 8 Dec and Tue 15 Dec\n- station website skin, 21-27 Dec\n\n"
               "Thanks,\nBronagh Keane\nSenior Planner | Ardmore Media Partners\n")
    assert [(r["slots"][0]["slot"], r["start"], r["advertiser"]) for r in got] == [
        ("video-preroll", "2026-12-10", "Tidal Bank"),
        ("podcast-midroll", "2026-12-14", "Tidal Bank"),
        ("newsletter-sponsor", "2026-12-08", "Fernhill Organics"),
        ("newsletter-sponsor", "2026-12-15", "Fernhill Organics"),
        ("station-website-skin", "2026-12-21", "Fernhill Organics"),
    ]


def test_a_push_on_a_day_in_a_lowercase_one_liner():
    got = mail("push xmas eve", "push on christmas eve for voltmart too pls, same copy as boxing day\n\nSent from my iPhone\n")
    assert [(s["slot"], r["start"]) for r in got for s in r["slots"]] == [("push", "2026-12-24")]


def test_pause_then_resume_is_a_cancel_and_a_new_start():
    got = mail("pause over Christmas", "Morning Marcus,\n\nCould you pause our Breakfast Show spots on the 24th and "
               "resume them on the 28th? The bakery is closed.\n\nCheers,\nHannah\n")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", "2026-12-24"), ("place", "2026-12-28")]


def test_dates_answered_between_quoted_questions():
    got = mail("Re: CTV pause ad in January?", "Niamh, answers inline below.\n\n"
               "On Wed, 2 Dec 2026 at 15:05, Niamh <niamh@media.example> wrote:\n"
               "> 1. Do you want the CTV pause ad added to the Winter Deals buy?\n\nAdd it to the Winter Deals buy.\n\n"
               "> 2. Which weeks?\n\nJan 4 - Jan 17.\n\nThanks,\nAoife\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("add", "2027-01-04", "2027-01-17")]


def test_retail_media_slots():
    got = mail("Glenmoor flight", "Hi team,\n\nPlease book sponsored products (top of search) for Glenmoor Oats, "
               "flight 12/14/26 - 1/3/27, and the checkout upsell tile 12/7 - 12/20.\n\nThanks\n")
    assert sorted((s["slot"], r["start"], r["end"]) for r in got for s in r["slots"]) == [
        ("checkout", "2026-12-07", "2026-12-20"), ("search", "2026-12-14", "2027-01-03")]


def test_an_action_word_before_a_page_is_not_part_of_the_slot():
    got = mail("话题页", "您好，\n\n鲜果时光这周加上话题页 banner，12月7日到13日，谢谢。\n")
    assert all(not s["text"].startswith(("加上", "安排")) for r in got for s in r["slots"])


@pytest.mark.parametrize(("body", "expected"), [
    # voice input: spaces instead of punctuation; what comes after a pause is its own clause
    ("王经理 开屏下周一开始投一周 就是蜀辣坊火锅那个新品 素材晚点发你 你看看还要啥资料跟我说",
     [("place", "splash", "2026-12-07", "2026-12-13")]),
    ("周经理 首页banner效果不错 延到月底吧 钱不够了提前告诉我", [("extend", "homepage-banner", None, "2026-12-31")]),
    # a booked slot called off needs no new date
    ("刘经理：\n\n因门店活动调整，茶语时光原定的弹窗广告取消，开屏排期不变。\n\n谢谢\n", [("cancel", "popup", None, None)]),
])
def test_voice_input_and_plain_cancels(body, expected):
    got = mail("开屏", body)
    assert [(r["action"], r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == expected


def test_an_io_line_to_activate_is_a_booking():
    got = mail("IO", "Hi Campaign Ops,\n\nPlease activate the line below by EOD Thursday. Signed IO attached.\n\n"
               "Client: Glenmoor Oats\nPlacement: sponsored products (top of search)\nFlight: 12/14/26 - 1/3/27\n\nThanks\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"], r["advertiser"]) for r in got] == [
        ("search", "2026-12-14", "2027-01-03", "Glenmoor Oats")]


def test_the_next_sentence_says_when():
    got = mail("SP", "TEAM -\n\nPLS LAUNCH SPONSORED PRODUCTS TOP OF SEARCH FOR NORTHPEAK. GO-LIVE ASAP, RUN THROUGH 1/15.\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-01", "2027-01-15")]


@pytest.mark.parametrize("body", [
    "Hi Campaign Ops,\n\nPlease add the attached negative keywords to Glenmoor's sponsored products campaigns by Friday 12/4.\n\nThanks\n",
    "Hi Ravi，\n\n关于 Cartwheel Ads SDK 4.2 的升级计划：请在12月9日前把 staging 环境的 API key 发给我们，否则 production 要顺延到1月。\n\nThanks\n",
])
def test_keywords_and_sdk_versions_are_no_placement(body):
    assert mail("keywords / SDK", body) == []


@pytest.mark.parametrize("body", [
    "Hi Ad Traffic,\n\nPlease implement the attached Campaign Manager impression and click trackers on the Northgate Bank "
    "line items before launch, and send a test-page link so we can verify.\n\nBest regards,\nAnn\n",
    "Karen 你好：\n\n我們計劃在農曆新年前兩週投放廣告，想先了解生活網站 skin 及商業網站 roadblock 的價目、最低購買量，"
    "以及 2 月 1 日至 2 月 14 日期間是否仍有檔期。\n\n謝謝\n",
])
def test_trackers_and_price_questions_are_no_placement(body):
    assert mail("tags / 價目", body) == []


@pytest.mark.parametrize(("subject", "body", "advertiser"), [
    # a page of the app at the head of the subject is no brand, nor is its name without 页
    ("赛事页 banner 加一档", "晓棠好：\n\n赛事页 banner 12/15-12/21 帮忙加一档，素材下午转过来。\n\n谢谢\n", None),
    ("TV开机屏排期", "您好：\n\n云栖酒店想投TV开机屏，12月21日至27日，请安排。\n\n谢谢\n", "云栖酒店"),
])
def test_pages_and_media_words_are_no_advertiser(subject, body, advertiser):
    assert {r["advertiser"] for r in mail(subject, body)} == {advertiser}


@pytest.mark.parametrize(("subject", "body", "advertiser"), [
    # the subject's first word, written in small letters in the text, had its capital only from
    # where it stands: no name (and nothing else names one)
    ("Recycling message on your checkout page", "Hi Maya,\n\nPlease can you run our recycling message as a checkout "
     "page banner from Monday 28 December until Sunday 3 January?\n\nKind regards,\nKieran Doyle\n", None),
    ("Flu banners, wave 2", "Hi Dana,\n\nPlease run the flu-shot app refill reminder banner from 28 Dec to 28 Feb."
     "\n\nThanks,\nJo Park\n", None),
    # (capitalised inside a sentence of the text too, it is a name)
    ("Lumen app splash", "Hi,\n\nPlease book the app splash screen from 14 Dec to 20 Dec; Lumen wants it live early."
     "\n\nThanks\n", "Lumen"),
])
def test_the_subjects_first_word_written_small_in_the_text_is_no_name(subject, body, advertiser):
    assert {r["advertiser"] for r in mail(subject, body)} == {advertiser}


@pytest.mark.parametrize(("body", "action"), [
    ("Booking request for Harbourlight Insurance: pause-screen, 14-20 Dec, all Lumen TV apps. Creative v3 is attached "
     "(harbourlight_pause_v3.jpg).\n\nThanks,\nAnita Koh\nBrand Executive, Harbourlight Insurance Berhad\n", "place"),
    ("晴姐：\n\n客户：禾木教育\n请帮上一下搜索联想词，词包在平台上已经审核通过了，尽快上就行。\n\n陈凯\n", "place"),
])
def test_booking_requests_and_shang_yixia(body, action):
    assert [r["action"] for r in mail("booking", body)] == [action]


def test_a_slot_sent_once_in_a_booking_table_ends_that_day():
    got = mail("排期", "晓棠好：\n\n请按下表配置：\n\n广告主 | 位置 | 开始\n麦田烘焙 | 开播提醒 push | 12/24\n"
               "麦田烘焙 | App homepage takeover | 12/26\n\n谢谢\n")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-24", "2026-12-24"), ("2026-12-26", "2026-12-26")]


@pytest.mark.parametrize(("body", "expected"), [
    # Cantonese: 唔該 asks, 嗰晚 is a night, 搜尋 is search
    ("Ivy，\n\n個餐廳搜尋置頂幫我延到跨年嗰晚呀，效果幾好。\n\n唔該晒！\n", [("extend", None, "2026-12-31")]),
    # formal Traditional: 敬請安排, 刊登
    ("Kenny 先生您好：\n\n本酒店擬於元旦當日（2027年1月1日）刊登 App 開屏廣告，敬請安排並回覆確認。\n\n順頌 商祺\n",
     [("place", "2027-01-01", None)]),
])
def test_cantonese_and_formal_traditional_requests(body, expected):
    assert [(r["action"], r["start"], r["end"]) for r in mail("排期", body)][:1] == expected


def test_a_bug_to_fix_on_a_slot_is_no_placement():
    assert mail("banner 404", "Ivy 你好，\n\n我哋翠園首頁 banner 撳落去會去咗 404 頁，麻煩你哋聽日中午前修好。\n\n唔該\n") == []


@pytest.mark.parametrize(("body", "slots"), [
    ("Hi Ads Ops,\n\nPls help to book the QR scan page banner for Urban Threads, 4-20 Dec.\n\nThanks\n", ["qr-scan-page-banner"]),
    ("Hi Ads Ops,\n\nSorry ah, pls help to cancel the Lumi Bakes push this Sat and Sun. Can?\n\nThanks\n", ["push"]),
])
def test_wallet_app_slots(body, slots):
    assert [s["slot"] for r in mail("booking", body) for s in r["slots"]] == slots


def test_a_hard_wrapped_line_is_one_sentence():
    # plain-text mail wrapped at 78 columns: the dates are on the next line, in the same sentence
    got = mail("Merlion Skyways sponsored row",
               "Hi Adops team,\n\nPlease place Merlion Skyways in the flight search results sponsored row for the\n"
               "SIN-BKK and SIN-DPS routes from 7/12 to 20/12, and confirm by tomorrow EOD can?\n\n"
               "Thanks!\nFarah\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert [(r["start"], r["end"], r["advertiser"]) for r in got] == [("2026-12-07", "2026-12-20", "Merlion Skyways")]
    # a colon early in a wrapped line of prose does not make it a "key: value" line
    got = mail("RE: Booking request: tuk-tuk pickup banner",
               "Dear Khun Nok,\n\nGood news: our client wants more time for the launch. Kindly extend the Bangkok "
               "pickup banner\nfor Chao Phraya Bank until the end of the month. The map pin ends as booked.\n\n"
               "Please confirm na ka.\n")
    assert [(r["action"], r["end"]) for r in got] == [("extend", "2026-12-31")]


def test_list_items_and_table_rows_are_not_joined_as_wrapped_lines():
    from mailaudit.extract.extract import unwrap

    rows = "Slot  | Flight  | Creative\n:30 spot in Breakfast Show  | 28 Dec – 8 Jan  | lumen_30s.mp3\ndrive-time read | 4 Jan\n"
    items = "Please book the following for Acme from 15 Dec to 31 Dec, as agreed:\n- leaderboard\n- sidebar\n"
    assert unwrap(rows) == rows and unwrap(items) == items


def test_a_word_right_before_a_slot_is_a_brand_only_with_evidence():
    # "早晚报推送" names the kind of push; nothing else in the mail calls 早晚报 a brand
    got = mail("暂停推送", "晴历运营同事：\n\n自12月5日起停止在“早晚报推送”中投放我司广告，12月5日至12月20日已排的一并取消。\n\n"
               "安衡人寿保险股份有限公司\n品牌市场部\n", sender="品牌市场部 <brand@anheng.example>")
    assert got and all(r["advertiser"] != "早晚报" for r in got)
    # a brand right before its slot, written again on its own, stays the brand
    got = mail("新年开屏", "你好，\n\n蒙牛开屏12月28日至1月3日，麻烦安排。蒙牛这次是新年款素材。\n\n谢谢\n")
    assert {r["advertiser"] for r in got} == {"蒙牛"}


def test_a_capitalised_first_word_is_a_name_only_when_written_again():
    got = mail("Novacrest hiring sprint", "Hi team,\n\nCompany spotlight on the search results page for Novacrest Robotics, "
               "please, Dec 7 - Dec 21.\n\nThanks,\nRae\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert {r["advertiser"] for r in got} == {"Novacrest Robotics"}
    # a booking line names its client, first word or not
    got = mail("Two bookings", "Please book:\n- Kestrel: homepage masthead, Dec 9-15\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert {r["advertiser"] for r in got} == {"Kestrel"}


@pytest.mark.parametrize("text, slot", [
    ("Please book the featured job slot for Vyomtech from Dec 8 to Dec 21.", "featured job slot"),
    ("Featured job slot for Vyomtech, please, Dec 8 - Dec 21.", "Featured job slot"),
    ("Please run our ad in the destination guide hero for Yunshan from Dec 14 to Dec 27.", "destination guide hero"),
])
def test_a_slot_shape_of_content_words_and_an_inventory_word(text, slot):
    got = mail("Booking", f"Hi team,\n\n{text}\n\nThanks,\nRae\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert [s["text"] for r in got for s in r["slots"]] == [slot]


@pytest.mark.parametrize("text", [
    "The new Christmas banner is attached for your review.",
    "Could we find a time slot for a call next week?",
])
def test_creatives_and_time_slots_are_no_slot_shapes(text):
    from mailaudit.extract.patterns import matchers_for
    from mailaudit.extract.slots import load_slot_vocabulary

    assert matchers_for("en", load_slot_vocabulary(None)).analyse(text).slots == []


def test_i_e_does_not_end_a_sentence():
    got = mail("Ramadan tile", "Dear Rashid,\n\nPlease book our ad in the listing page featured tile for Qasr Al Mandi for the whole of "
               "Ramadan, i.e. from 8 February 2027 to 9 March 2027.\n\nWarm regards,\nHind\n",
               date="Thu, 03 Dec 2026 10:00:00 +0400")
    assert [(r["start"], r["end"]) for r in got] == [("2027-02-08", "2027-03-09")]


def test_an_ad_put_in_a_newsletter_sponsors_it_and_the_medium_is_no_advertiser():
    raw = ("From: Lauren Hart <lauren@stagnes.example>\nTo: Jennifer <jen@kvlt7.example>\n"
           "Date: Thu, 03 Dec 2026 10:00:00 -0600\nSubject: Clinic ad\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=utf-8\n\nDear Jennifer,\n\nPlease schedule the attached clinic creative in "
           "the KVLT 7 e-newsletter from 12/15-12/31.\n\nThank you,\nLauren Hart\nSt. Agnes Regional Medical Center\n")
    from mailaudit.mail.parse import parse_bytes as parse

    got = extract(parse(raw.encode(), "t.eml"))
    assert [(s.slot, i.start, i.end) for i in got for s in i.slots] == [("newsletter-sponsor", "2026-12-15", "2026-12-31")]
    assert all(i.advertiser != "KVLT" for i in got)
    # a newsletter's own text names no slot
    from mailaudit.extract.patterns import matchers_for
    from mailaudit.extract.slots import load_slot_vocabulary

    assert matchers_for("en", load_slot_vocabulary(None)).analyse("This week in our newsletter: five stories").slots == []


@pytest.mark.parametrize("body, asked", [
    ("Can you send the makegood options for the pre-roll by Thursday? Please don't schedule anything until we confirm.", False),
    ("Don't forget to book the splash from Dec 9 to Dec 13, please.", True),
    ("先不要投开屏，等通知。", False),
    ("别忘了安排开屏12月9日上线。", True),
])
def test_an_act_asked_not_to_be_done_is_no_instruction(body, asked):
    got = mail("Pre-roll", f"Hi,\n\n{body}\n\nThanks\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert bool(got) is asked


@pytest.mark.parametrize("subject, body, sender, advertiser", [
    # a word read as a name only because it stands before a slot gives way to the signer's company
    ("新春礼盒 小程序首页banner", "您好：\n\n新春礼盒小程序首页banner请从1月1日排到2月20日。\n\n谢谢\n樱庭食品 市场部\n",
     "Sato <sato@sakuraba.example>", "樱庭食品"),
    # ... written as the text names it: 港鮮達, not the signature's whole line
    ("延長推送", "你好，\n\n港鮮達嘅早晚報推送想延長到月底，唔該安排。\n\nKelvin\n港鮮達海產有限公司 Harbour Fresh Seafood Ltd.\n",
     "Kelvin Ho <kelvin@harbourfresh.example>", "港鮮達"),
    # one "Advertiser:" line in the mail names the client of every request in it
    ("RV creative swap", "Hi team,\n\nPls swap the creative on the rewarded video for Tidal Era from tomorrow.\n\n"
     "Advertiser: Xinghu Games\n\nThanks\nMia\n", "Mia <mia@agency.example>", "Xinghu Games"),
])
def test_the_advertiser_a_name_by_its_place_only_yields_to_stronger_evidence(subject, body, sender, advertiser):
    got = mail(subject, body, sender=sender)
    assert got and {r["advertiser"] for r in got} == {advertiser}


@pytest.mark.parametrize("subject, body, advertiser", [
    # a name the text writes twice, or a company word, is a name: it stays
    ("幻域征途 splash", "Hi，\n\n幻域征途开屏请排12/14-12/20，幻域征途的素材见附件。\n\nThanks\n梁俊\n炽焰互娱 Blazeforge Games\n", "幻域征途"),
    ("Sunny Bakes homepage banner", "Hi team,\n\nPlease book the Sunny Bakes homepage banner from December 7 to December 20.\n\n"
     "Thanks,\nJo\nPepper Studio Ltd.\n", "Sunny Bakes"),
])
def test_a_name_with_evidence_beside_a_slot_stays_the_advertiser(subject, body, advertiser):
    got = mail(subject, body, sender="Jo <jo@blazeforge.example>")
    assert got and {r["advertiser"] for r in got} == {advertiser}


@pytest.mark.parametrize("subject, body, slot", [
    ("Dosa Den in the carousel", "hi priya pls add us in the south indian cuisine carousel from tmrw till sunday\nthx\n",
     "south indian cuisine carousel"),
    ("Offer strip", "Dear Omar,\n\nPlease put the Harbour Card offer on the checkout offer strip from 7 December to "
     "16 December.\n\nRegards\nLina\n", "checkout offer strip"),
])
def test_a_mail_naming_only_a_slot_shape_passes_the_prefilter(subject, body, slot):
    # no slot of the vocabulary and no ad word: the shape's head (carousel, strip) lets it in
    got = mail(subject, body)
    assert [s["text"] for r in got for s in r["slots"]] == [slot]


@pytest.mark.parametrize("body, end", [
    ("各位好，\n\n平安夜那天的开屏请帮忙安排，素材见附件。\n\n谢谢\n", "2026-12-24"),  # a festival named alone: that day
    ("Hi team,\n\nPlease book the homepage banner on Christmas Eve.\n\nThanks\n", "2026-12-24"),
    ("各位好，\n\n请从12月24日起安排开屏。\n\n谢谢\n", None),  # from a day on: the end is not written
])
def test_a_placement_for_a_festival_named_alone_runs_that_day(body, end):
    got = mail("投放", body)
    assert got and [r["end"] for r in got] == [end]


@pytest.mark.parametrize("body, start, end", [
    ("吴经理，下周开屏帮我们排上，素材晚点发。\n", "2026-12-07", "2026-12-13"),  # a coming week named alone: that week
    ("Hi team,\n\nPlease run the homepage banner next week.\n\nThanks\n", "2026-12-07", "2026-12-13"),
    ("吴经理，下周一开始开屏帮我们排上。\n", "2026-12-07", None),  # a day it starts on: no end written
])
def test_a_placement_for_the_coming_week_named_alone_runs_that_week(body, start, end):
    got = mail("投放", body)
    assert got and [(r["start"], r["end"]) for r in got] == [(start, end)]


def test_an_english_slot_shape_with_a_ticker_or_skin_head():
    got = mail("RO: live-score ticker", "Dear Arjun,\n\nKindly book the live-score ticker for our client PaisaPulse "
               "from 06/12/2026 to 11/12/2026.\n\nThanks & Regards,\nKavya\n")
    assert [(s["text"], r["start"], r["end"]) for r in got for s in r["slots"]] == [
        ("live-score ticker", "2026-12-06", "2026-12-11")]


def test_a_sponsor_of_a_newsletter_is_its_sponsorship():
    got = mail("Fizzup Cola - newsletter", "Hi Team,\n\nPlease lock Fizzup Cola as presenting sponsor of the Morning "
               "Googly newsletter from 07/12/2026 to 11/12/2026.\n\nThanks,\nGaurav\n")
    assert [(s["slot"], r["action"], r["start"], r["end"]) for r in got for s in r["slots"]] == [
        ("newsletter-sponsor", "place", "2026-12-07", "2026-12-11")]


def test_an_if_inside_a_polite_request_is_no_condition():
    got = mail("Bookings", "Dear Mr Okafor,\n\nWe would be grateful if your team could set up the 300x250 MPU on the "
               "news section from 8 December to 20 December.\n\nYours sincerely,\nIngrid\n")
    assert [(s["text"], r["start"], r["end"]) for r in got for s in r["slots"]] == [("MPU", "2026-12-08", "2026-12-20")]
    assert mail("Bookings", "Hi Sam,\n\nIf the budget is approved, we would like to run the homepage banner from "
                "8 December to 20 December.\n\nThanks\n") == []


@pytest.mark.parametrize("body", [
    "adtech的同学好：\n\n签到页激励视频播完点关闭按钮，App直接闪退，今天早上开始有用户反馈。崩溃日志见附件，麻烦看一下。\n\n马骁\n",
    "林可你好，\n\n提交的开屏素材审核未通过。请在12月7日前提交修改版，否则12月8日的上线时间无法保证。\n\n周敏\n",
])
def test_a_fault_report_or_a_creative_sent_back_is_no_instruction(body):
    assert mail("激励视频", body) == []


@pytest.mark.parametrize("body, slot", [
    ("请安排排行榜冠名，12月7日至12月13日。", "排行榜冠名"),  # any noun before a slot's head, not only listed surfaces
    ("麻烦加投章节末尾插页，12月8日至12月14日。", "章节末尾插页"),  # the act (加投) is no part of its name
])
def test_a_chinese_slot_shape_of_any_nouns_and_a_head(body, slot):
    got = mail("投放", "各位好，\n\n" + body + "\n\n谢谢\n")
    assert [s["text"] for r in got for s in r["slots"]] == [slot]


@pytest.mark.parametrize("body, slot", [
    ("请安排停车点立牌，12月7日至12月13日。", "停车点立牌"),  # signs by what they stand as, 立/牌
    ("请在车筐牌投放，12月14日至12月31日。", "车筐牌"),
    ("请安排餐厅桌贴，12月7日至12月13日。", "餐厅桌贴"),  # a sticker: 贴 before what ends its name
    ("聊天记录贴在下面：请安排首页横幅，12月7日至12月13日。", "首页横幅"),  # the verb "paste" is no sticker
    # road flags, roll-up standees and hoardings by where they stand
    ("麻烦嘉兴服务区停车场道旗明天全部撤掉。", "嘉兴服务区停车场道旗"),
    ("请安排报名大厅易拉宝，12月7日至12月13日。", "报名大厅易拉宝"),
    ("請安排考場東側圍擋，12月7日至12月13日。", "考場東側圍擋"),
])
def test_chinese_signs_and_stickers_are_slots_but_pasting_is_not(body, slot):
    got = mail("投放", "各位好，\n\n" + body + "\n\n谢谢\n")
    assert [s["text"] for r in got for s in r["slots"]] == [slot]


def test_a_brand_named_with_pai_is_no_sign():
    got = mail("投放", "各位好，\n\n请为鹰牌安排首页横幅，12月7日至12月13日。\n\n谢谢\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["首页横幅"]


FORWARDED = ("\n\n---------- Forwarded message ---------\nFrom: Bec Tran <bec@hollowlog.example>\n"
             "Date: Tue, 1 Dec 2026 at 14:02\nSubject: Summer menu\nTo: Marcus <marcus@media.example>\n\n"
             "Hi Marcus,\n\nWe'd love the events feed native card from 7/12 to 20/12 for our summer menu.\n\nBec\n")


def test_a_bare_note_over_a_forwarded_request_asks_for_it():
    # the note's instruction, without the slot or dates the forwarded mail proposes (fresh4's reading)
    got = mail("Fwd: Summer menu", "Hi team, Hollow Log Coffee's request below - pls set this up.\n\nMarcus" + FORWARDED)
    assert [(r["action"], r["slots"], r["start"], r["end"], r["confidence"]) for r in got] == [
        ("place", [], None, None, "low")]
    assert mail("Fwd: Summer menu", "FYI, see the client's note.\n\nMarcus" + FORWARDED) == []  # no ask
    # (a task of its own: "can you handle the invoice?" asks for something else)
    assert mail("Fwd: Summer menu", "can you handle the invoice?\n" + FORWARDED) == []


@pytest.mark.parametrize("note", ["can you traffic this?", "can you pick this up?", "Can you action this, please?",
                                  "FYI - can you action?", "pls treat", "按这个排一下", "唔該跟進，今個禮拜五前搞掂佢。",
                                  "再麻煩處理，謝謝", "麻煩幫忙上，謝謝", "Raj - can you get this trafficked?", "帮忙排下",
                                  "Amy，請協助處理，謝謝。", "再麻煩協助，謝謝！", "同意，按这个上。", "Please schedule.",
                                  "Dana - can you get this up?", "Jess - approved, please go ahead.", "请执行。",
                                  "小周，跟一下。", "Kelly 跟進下，唔該", "can you handle?", "Please find below, kindly action.",
                                  "pls follow，客户想尽快上"])
def test_more_bare_notes_over_a_forwarded_request(note):
    got = mail("Fwd: Summer menu", note + "\n" + FORWARDED)
    assert [(r["action"], r["slots"], r["confidence"]) for r in got] == [("place", [], "low")]


def test_as_per_subject_asks_for_what_the_subject_says_in_english_too():
    got = mail("Evermore Veils sidebar 12/7 thru 12/20", "As per subject, creative attached.\n\n— Tom\n")
    assert [(s["slot"], r["start"], r["end"]) for r in got for s in r["slots"]] == [("sidebar", "2026-12-07", "2026-12-20")]


def test_a_subject_naming_an_act_on_a_slot_beside_an_invoice_is_about_both():
    got = mail("推送改期和发票的事", "美玲，两件事：\n1. 12/12 那个推送改到 12/13 星期日晚上。\n2. 上个月的发票还没收到，麻烦寄来。\n\n郑老板\n")
    assert [(r["action"], r["start"]) for r in got] == [("change", "2026-12-13")]


def test_a_cancel_takes_its_moment_from_the_clause_beside_the_slot():
    got = mail("润达机油撤档", "保养套餐页横幅 明天零点下线 润达机油的 不投了\n\n发自我的iPhone\n")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", "2026-12-02T00:00")]


def test_a_subject_brand_is_written_whole_where_signature_and_text_agree():
    body = "林经理您好：\n\n驰轮轮胎“冬季换胎季”请于12月7日至12月13日在首页横幅上线。\n\n王思远\n驰轮轮胎 数字营销经理\n"
    assert {r["advertiser"] for r in mail("驰轮冬季换胎横幅投放", body)} == {"驰轮轮胎"}


@pytest.mark.parametrize(("subject", "body", "advertiser"), [
    # a word the text writes apart from the name is no part of it
    ("Eko Stout AFCON hub takeover - updated skin",
     "Hi team,\n\nOn behalf of Eko Stout, please replace the AFCON hub takeover skin with the attached file "
     "from Monday 14/12.\n\nRegards,\nAmaka\n", "Eko Stout"),
    # four words, an ampersand, accents
    ("Pop-up", "Dear Kevin,\n\nPlease extend the Carrow & Finch Diamonds pop-up until month-end.\n\nKind regards,\nJo\n",
     "Carrow & Finch Diamonds"),
    ("Meubles Boréal - bannière guide de quartier", "Bonjour,\n\nWe wish to place the neighbourhood guide banner of Meubles Boréal from 14/12 au 20/12.\n\nMerci\n",
     "Meubles Boréal"),
    # an occasion after a Chinese brand, in either script, and the writer's 敝公司 before it
    ("模玩宅急送双十二返场投放", "小满你好，\n模玩宅急送双十二返场，想在12月10日-12月16日上悬浮球banner，麻烦明天前确认。\n", "模玩宅急送"),
    ("資訊流大卡檔期", "陳默 您好，\n敝公司玩具森林想在次元島上資訊流大卡，檔期12/14至12/27，麻煩回覆。\n感謝！\n", "玩具森林"),
    # a Chinese 【】 tag names the advertiser unless it says what kind of mail it is
    ("【暖窩寢具】元旦檔期上刊", "怡君 您好，\n會員中心橫幅12/31至1/3上刊，麻煩安排。\n謝謝\n", "暖窩寢具"),
    ("【紧急】开屏排期", "陈默你好，\n灵犀游戏的开屏12月19日-12月20日，请安排。\n", "灵犀游戏"),
    # "us" between 帮 and the name, in Cantonese too
    ("熱搜榜第1位排期", "阿周，\n下下個禮拜三開始幫我哋富澤證券上熱搜榜第1位，一個禮拜。\n", "富澤證券"),
    # a small word between capitalised ones is inside the name (`name_particles`); one at its end is not
    ("Mesa de Pino Bakery - waiting-lane banner, Taft terminal",
     "Hi Sir Jun,\n\nMesa de Pino Bakery would like the waiting-lane banner at the Taft terminal from Monday 14/12 "
     "for two weeks.\n\nSalamat po,\nLorna\n", "Mesa de Pino Bakery"),
    ("A1 ear for Lakeside Kia of Arden 12/9", "Hi Dana,\n\nPlease run the A1 ear on Wednesday 12/9.\n\nThanks,\nRick\n",
     "Lakeside Kia of Arden"),
])
def test_the_advertiser_written_whole_and_nothing_more(subject, body, advertiser):
    got = mail(subject, body)
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_slots_named_by_size_sponsorship_and_a_newsletters_top():
    got = mail("Jan newsletter", "Hi Kelvin,\n\nPlease book the morning briefing newsletter top for Peak Meridian "
               "Private Bank on 4-8 Jan 2027, five issues.\n\nRegards,\nMay\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"], r["advertiser"]) for r in got] == [
        ("newsletter-sponsor", "2027-01-04", "2027-01-08", "Peak Meridian Private Bank")]
    got = mail("Peak Meridian - article page", "Ada, please book the article page 300x600 for Peak Meridian on "
               "14-20/12, Markets section only. Creative attached.\n\nRegards,\nMay\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [("detail-page", "2026-12-14", "2026-12-20")]
    got = mail("麥氏地產地圖圖釘贊助", "Tyler 你好，\n麻煩幫麥氏地產團隊安排地圖頁圖釘贊助，由12月14日開始，為期三星期。\n謝謝！\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [("地圖頁圖釘贊助", "2026-12-14", "2027-01-03")]


def test_out_of_home_boards_named_by_road_and_number_or_by_their_corner():
    got = mail("Gunnison Auto - January boards", "Hi Dana,\n\nPlease book US-290 EB #118 and FM 1431 #331 for "
               "Gunnison Auto from Jan 4 to Jan 31, 2027. Art attached.\n\nThanks,\nKayla\n")
    assert sorted(s["text"] for r in got for s in r["slots"]) == ["FM 1431 #331", "US-290 EB #118"]
    got = mail("Red River Lottery: pull jackpot spots", "Hi traffic team,\n\nPlease pull the Red River Lottery "
               "spots from I-35 NB #214 and the Main & 5th spectacular effective Thursday 12/10.\n\nThanks,\nMegan\n")
    assert sorted(s["text"] for r in got for s in r["slots"]) == ["I-35 NB #214", "Main & 5th spectacular"]
    assert {r["action"] for r in got} == {"cancel"}
    # the subject's head is the board's corner, not whose ad it is
    got = mail("Main & 5th load for 12/7", "Dana,\n\nPlease load the attached on the Main & 5th spectacular for "
               "12/7 - 12/20, 8-second spot.\n\nP.\n")
    assert [(r["slots"][0]["text"], r["advertiser"]) for r in got] == [("Main & 5th spectacular", None)]


def test_a_chinese_subject_that_opens_with_the_slot_names_no_client():
    # "候车亭灯箱下周加一轮" over a text that books 候车亭灯箱: the subject's head is the slot
    got = mail("候车亭灯箱下周加一轮", "小周：\n\n下周一起候车亭灯箱加一轮，两周，素材周五给你。\n\n阿敏\n")
    assert [(r["slots"][0]["text"], r["advertiser"]) for r in got] == [("候车亭灯箱", None)]
    # "灯箱续期" over "灯箱屏续到1月底": all of the slot's name but its last character
    got = mail("灯箱续期", "孙经理，青禾的灯箱屏续到1月底，还是那300块，别的不变。\n\n阿敏\n")
    assert [r["advertiser"] for r in got] == ["青禾"]
    # a brand the text writes before its slot stays the client
    got = mail("青禾开屏加一天", "小周：\n\n青禾开屏12月20日加一天，素材不变。\n\n阿敏\n")
    assert [r["advertiser"] for r in got] == ["青禾"]


def test_a_name_opening_the_request_and_written_again_is_its_client():
    # nothing else names the client: the coined name the first sentence opens with, signed again
    got = mail("收银台屏延期", "陈默：\n\n青梧目前在收银台屏的15秒广告，原定12月20日下刊，请延到元旦，素材不换。"
               "\n\n谢谢\n林晓\n青梧\n")
    assert [(r["action"], r["advertiser"]) for r in got] == [("extend", "青梧")]
    got = mail("Pay-station screens", "Marcus,\n\nPine Hollow Tacos' pay-station screen takeover should run "
               "Jan 4 through Jan 31, please. Art attached.\n\nThanks,\nDana\nPine Hollow Tacos\n")
    assert [r["advertiser"] for r in got] == ["Pine Hollow Tacos"]
    # read once only, it is not taken: "头先" (just now) or a person's name opens a sentence as often
    got = mail("收银台屏延期", "陈默：\n\n青梧目前在收银台屏的15秒广告，原定12月20日下刊，请延到元旦。\n\n谢谢\n林晓\n")
    assert [r["advertiser"] for r in got] == [None]


def test_a_product_whose_name_holds_a_slots_head_is_no_slot():
    # "气泡" is a slot's head (a bubble ad); "清溪气泡水" is a drink
    got = mail("十二月陈列", "零售媒体部好：\n\n品牌方：清溪气泡水\n请按下表安排，周三前回个确认。\n\n"
               "门店范围 | 版位 | 周期\n20个大卖场 | 主通道堆头 | 12月10日—12月31日\n\n阿敏\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["主通道堆头"]
    assert {r["advertiser"] for r in got} == {"清溪气泡水"}


def test_a_numbered_list_of_bookings_one_client_a_line_after_a_dash():
    got = mail("华南区12月第2批排期", "运营的同学好：\n\n华南区12月第2批排期共两项，请今天内配置好：\n\n"
               "1. 麦川啤酒 — 开屏，12.18-12.20\n2. 柚见茶 — 首页banner，12.21-12.27\n\n林佳怡\n")
    assert [(r["slots"][0]["slot"], r["advertiser"]) for r in got] == [("splash", "麦川啤酒"), ("homepage-banner", "柚见茶")]
    got = mail("12月新签两单排期", "运营同学好：\n\n下面两个客户请排期：\n\n"
               "1. Grand Saffron Hotel Bangkok（曼谷金番红花酒店）— 行程单页推荐卡，12月10日–12月23日\n"
               "2. 济州蓝湾免税店 — push，12月12日晚8点推一次\n\n邵蔓\n")
    assert [r["advertiser"] for r in got] == ["Grand Saffron Hotel Bangkok", "济州蓝湾免税店"]


def test_an_out_of_home_io_table_by_board_posting_and_takedown():
    body = ("Hi Luis,\n\nPlease book the two I-35 boards below for our holiday flight.\n\n"
            "Advertiser: Hartley & Moss LLP\n\nBoard           | Spot  | Loop | Posting | Takedown\n"
            "----------------+-------+------+---------+---------\nI-35 NB #214    | 8 sec | 1/8  | 12/14   | 1/10\n"
            "I-35 SB #209    | 8 sec | 1/8  | 12/14   | 1/10\n\nThanks,\nRenee\n")
    got = mail("Holiday IO", body)
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("I-35 NB #214", "2026-12-14", "2027-01-10"), ("I-35 SB #209", "2026-12-14", "2027-01-10")]


def test_print_slots_named_by_their_page():
    body = ("Kia ora Aroha,\n\nCan you please book the following for Hoofcare NZ:\n\n1. Page 3 strip - the 16/12 issue\n"
            "2. Homepage banner - 14/12 to 24/1\n\nCheers,\nGrant\n")
    got = mail("Hoofcare bookings", body)
    assert [(r["slots"][0]["text"], r["start"]) for r in got] == [("Page 3 strip", "2026-12-16"), ("Homepage banner", "2026-12-14")]


def test_the_old_schedule_in_brackets_is_not_the_window_asked_for():
    # "原排期…": the old booking's act and dates; the cancel is today's
    got = mail("睿思财会列表页撤单", "王澜：\n\n睿思财会的CPA会计精讲（课程列表页第3位，原排期12月14日-27日）客户撤单了，"
               "请今天从排期里撤下，不要上线。\n周可\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("cancel", "2026-12-01", None)]
    got = mail("候车厅LED延期", "王总监：\n\n我厅候车厅LED投放（昆明南站，原定12月13日下刊）请延长至本月底，画面不变。\n段晓雯\n")
    assert [r["end"] for r in got] == ["2026-12-31"]
    # the old start with the new one read into it stays the window: "原定…开始，…改为…开始"
    got = mail("天气预报冠名开始时间调整", "王主任：\n\n我们金穗米业的天气预报冠名，原定12月15日开始，因为新包装要到月中才能出货，"
               "改为12月21日开始，结束时间不变。\n\n麻烦调整一下排期，谢谢。\n何文斌\n")
    assert [r["start"] for r in got] == ["2026-12-21"]


@pytest.mark.parametrize(("body", "slot"), [
    ("王经理：\n\n湖畔犬粮的萌宠周刊头条请延长到12月31日。\n张三\n", "萌宠周刊头条"),
    ("王经理：\n\n瑞丰汽车想上入口立柱，12月19日至1月3日，麻烦安排。\n张三\n", "入口立柱"),
    ("陳經理：\n\n明視眼藥水的藥袋背面12月14日至12月31日，麻煩安排。\n張三\n", "藥袋背面"),
    ("王经理：\n\n江澄大学想上题库答案页底栏，12月14日至12月20日，麻烦安排。\n张三\n", "题库答案页底栏"),
])
def test_chinese_slots_headed_by_a_pillar_a_back_side_a_bar_or_a_lead_story(body, slot):
    assert [s["text"] for r in mail("排期", body) for s in r["slots"]] == [slot]


@pytest.mark.parametrize(("body", "slot"), [
    ("王经理：\n\n晨光文具的领券中心第3位12月14日至12月20日，麻烦安排。\n张三\n", "领券中心第3位"),
    ("陳經理：\n\n晨曦婚紗的新人專區第2格12月10日至12月31日，麻煩安排。\n張三\n", "新人專區第2格"),
])
def test_a_numbered_cell_of_a_page_or_a_zone_no_vocabulary_names(body, slot):
    assert [s["text"] for r in mail("排期", body) for s in r["slots"]] == [slot]


def test_a_lead_story_is_no_slot_where_another_slot_sits_by_it():
    got = mail("排期", "王经理：\n\n南风置业的首页头条下横幅12月18日至12月31日，麻烦安排。\n张三\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["首页头条下横幅"]


def test_the_words_of_a_quoted_ad_copy_are_no_act_of_the_mail():
    # "换" in the push's copy is no change of the booking
    got = mail("FarLink 年終檔期委刊確認", "怡君您好，\n\n代客戶 FarLink 委刊年終檔期，請協助排程：\n\n"
               "1. 開屏：12/19-12/20 兩天\n2. 推播：12/20 中午 12:00 發一則，文案「換電騎到哪，5G 跟到哪」\n\n麻煩確認。\n蔡宜蓁\n")
    assert [r["action"] for r in got] == ["place", "place"]


def test_a_newsletters_sponsorship_named_by_the_newsletter():
    got = mail("Ochoa & Treviño - newsletter sponsorship", "Hi Lupita,\n\nPlease book our firm as sponsor of the Noticias "
               "de la Frontera daily newsletter 12/14-12/20.\n\nMarisol\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("sponsor of the Noticias de la Frontera daily newsletter", "2026-12-14", "2026-12-20")]
    got = mail("January sponsorship", "Dear Ms. Mendez,\n\nFirst Keystone Savings Bank will take the morning newsletter "
               "presented-by position for the full month of January, January 1 through January 31, 2027. Kindly confirm "
               "receipt by December 11.\n\nEleanor Vance\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("newsletter presented-by position", "2027-01-01", "2027-01-31")]


def test_a_chinese_request_for_its_own_errand_does_not_ask_for_the_slot_beside_it():
    # an on-call roster: the slot and its dates are why there is a roster, the request is for shifts
    assert mail("漫展期间广告值班表", "周柚、孟川：\n漫展期间（12.19-12.20）开屏和专题页流量高，广告运营安排值班，"
                "请两位在下周一前确认各自班次，值班表见附件。\n") == []
    # a bare request beside a slot and its dates asks for them
    got = mail("开屏", "陈默你好，\n灵犀游戏的开屏12月19日-12月20日，麻烦明天前确认。\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [("splash", "2026-12-19", "2026-12-20")]


@pytest.mark.parametrize(("body", "action"), [
    ("排播組：\n因項目開售日期押後，翠嶺發展巴士車身廣告由12月14日起停播，餘下費用請按合約處理。\n", "cancel"),
    ("Winnie：\n想將我哋蘭舍美妝12月14日至20日嗰個站內燈箱轉去車廂內屏，日子唔變。\n唔該晒！\n", "change"),
])
def test_stopping_the_broadcast_and_moving_it_in_cantonese(body, action):
    got = mail("投放", body)
    assert got and {r["action"] for r in got} == {action}


@pytest.mark.parametrize(("subject", "body"), [
    ("12月2日排期周会纪要", "各位好，\n周会纪要如下，请各自按分工完成：\n1. 资讯流第3位收益类文案一律先过合规——杜敏负责，即日起执行。\n"),
    ("JG-OS 固件升级", "各位：\n请广告运营组在12月7日前导出当前开机画面与屏保的在投素材清单备份。\n"),
])
def test_minutes_and_the_running_creatives_are_no_instruction(subject, body):
    assert mail(subject, body) == []



def test_a_bare_forward_takes_its_advertiser_from_the_subject_the_forwarded_mail_bears_out():
    body = ("雅婷，如下，麻煩協助安排，謝謝。\n\n寄件者: 米樂咖啡 行銷部 陳怡安 <ian.chen@mile-coffee.example>\n"
            "寄件日期: 2026年12月2日 星期三 上午 9:58\n主旨: 米樂咖啡跨年需求\n\n詩涵好，\n\n"
            "跨年想在愛追劇上片頭廣告，12/31至1/1，素材下週給。\n\n米樂咖啡 行銷部 陳怡安\n")
    got = mail("FW: 米樂咖啡跨年需求", body)
    assert [(r["action"], r["slots"], r["advertiser"]) for r in got] == [("place", [], "米樂咖啡")]


def test_a_possessive_that_goes_on_with_a_capitalised_word_is_part_of_the_name():
    got = mail("Obits MPU", "Hi Ciara,\n\nPlease book Doyle's Pharmacy on the obituaries page MPU from 7 to 13 December.\n\n"
               "Thanks,\nSean\n")
    assert {r["advertiser"] for r in got} == {"Doyle's Pharmacy"}


@pytest.mark.parametrize("subject, body, text, key", [
    # one content word and an inventory word after an article (the article is no part of it)
    ("Kodiq", "Dear Tom,\n\nPlease place Kodiq in the vendor spotlight of the Code Review Tools category "
     "from 7.12 to 20.12.\n\nBest regards,\nAnna\n", "vendor spotlight", "vendor-spotlight"),
    # a compound ending in a known slot is that slot: a push, a channel banner
    ("Kampung Stay push", "Hi Mei,\n\nPls move the Kampung Stay trip reminder push to Monday 7 Dec.\n\nThanks\n",
     "trip reminder push", "push"),
    ("追加", "您好：\n\n請喺12月25日至1月1日追加濠璟度假酒店嘅酒店頻道通欄。\n\n多謝\n", "頻道通欄", "channel-banner"),
    # a Chinese slot outside the vocabulary ending in a slot's head: 置顶, 卡片
    ("【恒驰石化】加油站列表置顶上线", "adops各位好：\n\n请从明早6点到周日24点，把加油站列表置顶给到客户。\n\n辛苦！\n",
     "加油站列表置顶", "加油站列表置顶"),
])
def test_slots_no_vocabulary_names_by_their_shape(subject, body, text, key):
    got = mail(subject, body)
    assert [(s["text"], s["slot"]) for r in got for s in r["slots"]] == [(text, key)]


@pytest.mark.parametrize("subject, body, text, key", [
    # a head that says only "a slot" takes its key from where it sits
    ("Payment page", "Hi team,\n\nPls book the payment page banner for Seri Mutiara from 7 to 20 Dec.\n\nThanks\n",
     "payment page banner", "checkout"),
    ("Billboard", "Hi Sean,\n\nPlease run Stephens Motors on the homepage billboard from 26 to 31 Dec.\n\nThanks,\nAoife\n",
     "homepage billboard", "homepage-banner"),
    # a banner on another page of the site's own keeps its own key
    ("等车页横幅", "各位好：\n\n请从12月7日起把等车页横幅给到车邦机油，到12月20日。\n\n谢谢\n", "等车页横幅", "等车页横幅"),
    ("Talent community banner", "Hi team,\n\nPlease book the talent community banner for Nimbusforge from "
     "7 Dec to 20 Dec.\n\nThanks,\nRaj\n", "talent community banner", "channel-banner"),
    ("Deals newsletter", "Hi,\n\nPlease book the deals newsletter slot for Kinabalu Rail on 10 Dec.\n\nThanks,\nMei\n",
     "deals newsletter slot", "newsletter-sponsor"),
    # a slot's head kept whole when the mail is cut into words: 推荐位, 内屏
    ("询盘页推荐位素材更换", "周经理：\n\n明天（12月3日）起询盘页推荐位换成附件这张新图。\n\n王海涛\n",
     "询盘页推荐位", "询盘页推荐位"),
])
def test_a_slot_named_by_where_it_sits_takes_that_places_key(subject, body, text, key):
    got = mail(subject, body)
    assert [(s["text"], s["slot"]) for r in got for s in r["slots"]] == [(text, key)]


def test_a_slot_said_not_to_be_covered_is_no_instruction():
    assert mail("职位同步API对接排期", "各位好：\n\n对接排期如下，请在12月3日前确认联调人员：\n\n"
                "1. 12月7日-12月9日：开通测试环境\n2. 12月17日：切换生产环境\n\n"
                "另：接口只同步职位，不涉及职位列表置顶等付费推广，推广仍需走广告排期。\n") == []


def test_a_word_read_once_as_a_name_gives_way_to_the_subjects_head_the_text_names_too():
    got = mail("珀蒂珠宝追加开屏", "周经理好，\n\n珀蒂珠宝目前在跑的信息流效果不错，想追加开屏，从12月10日开始到12月20日。"
               "素材沿用那一套，尺寸需要的话我们再出。\n\n谢谢！\n")
    assert got and {r["advertiser"] for r in got} == {"珀蒂珠宝"}


def test_a_place_read_before_the_slot_gives_way_to_the_brand_the_subject_and_text_name():
    # "Old Airport Road", "Airport Road" and "Road" read before one slot are one naming, not three
    # clients; and "Crispo" in the subject is written whole as the text writes it after "通知，"
    got = mail("Crispo tray 今晚下线", "Hi Wen,\n\n刚收到通知，Crispo Chips 在 Old Airport Road 的 tray-return "
               "screens 今晚零点下线，pls help cancel。\n\nThanks\nEric\n")
    assert got and {r["advertiser"] for r in got} == {"Crispo Chips"}


@pytest.mark.parametrize("subject, body, advertiser", [
    # ("for the Tulsa stores": where, so "our line" is the writer's own company's)
    ("SMS receipt line 1/4 thru 1/17", "Hi Rosa,\n\nPlease run our line on the SMS receipt for the Tulsa stores "
     "1/4 thru 1/17.\n\nJoe Park\nPark Auto Glass\n", "Park Auto Glass"),
    ("【云朵游戏】桌面壁纸", "刘总：\n\n云朵游戏想上全部门店的桌面壁纸，1月11日到1月17日，麻烦确认。\n\n陶然\n", "云朵游戏"),
    ("翠湖花园柜门贴", "运营部：\n\n小蜂家政要在翠湖花园小区的8组柜上贴柜门贴，12月14日到12月27日。\n\n王建国\n", "小蜂家政"),
])
def test_where_the_ad_runs_is_not_whose_it_is(subject, body, advertiser):
    got = mail(subject, body, sender="Joe Park <joe@parkautoglass.example>")
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_two_clients_each_named_once_keep_their_own_names():
    got = mail("Two bookings", "Hi Ops,\n\nTwo bookings please:\n\n1. Drift Bikes would like the homepage hero "
               "from 7 Dec to 13 Dec.\n2. Nori Noodle Bar wants a push on 10 Dec.\n\nThanks,\nAnn\n")
    assert [r["advertiser"] for r in got] == ["Drift Bikes", "Nori Noodle Bar"]


@pytest.mark.parametrize("subject, advertiser", [
    ("Pls pause Kinabalu Rail destination guide hero from tmr", "Kinabalu Rail"),
    ("PAUSE Norland Pallets MPU from tomorrow AM", "Norland Pallets"),
    ("Cancel venue search top result", None),  # a lower-case word after the act is no brand
])
def test_the_subject_names_the_advertiser_between_the_act_and_the_slot(subject, advertiser):
    got = mail(subject, "As per subject, thanks.\n")
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_a_declared_client_outweighs_a_word_the_subject_and_the_request_share():
    got = mail("Add India footer banner to Saffron Grid campaign",
               "Hi ops,\n\nPlease add the footer banner on the India site to the running campaign below, "
               "from Christmas Eve through Jan 3.\n\nClient: Saffron Grid Technologies\n\nThanks,\nDev\n")
    assert got and {r["advertiser"] for r in got} == {"Saffron Grid Technologies"}


@pytest.mark.parametrize("body, start, end", [
    ("Please run our banner in the homepage banner on 24 December, the whole day.", "2026-12-24", "2026-12-24"),
    ("Please run our banner in the homepage banner next week.", "2026-12-07", "2026-12-13"),
    ("Please run our banner in the homepage banner from 24 December.", "2026-12-24", None),
])
def test_a_placement_on_one_day_named_alone_runs_that_day(body, start, end):
    got = mail("Pinecone Kids banner", "Dear ops,\n\n" + body + "\n\nKind regards,\nAnn\n")
    assert [(r["start"], r["end"]) for r in got] == [(start, end)]


@pytest.mark.parametrize("body, start, end", [
    ("Please move the homepage banner to start on 9 Dec rather than 7 Dec; the end date (21 Dec) stays as it is.",
     "2026-12-09", "2026-12-21"),
    ("首页banner从12月5日起换成新图，结束日期12月20日不变。", "2026-12-05", "2026-12-20"),
    ("Please move our push to Mon 7 Dec.", "2026-12-07", "2026-12-07"),  # a push is sent that day
])
def test_a_change_keeps_the_end_it_says_stays(body, start, end):
    got = mail("Change", "Hello,\n\n" + body + "\n\nThanks\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("change", start, end)]


@pytest.mark.parametrize("subject, body, start", [
    ("Pls pull Bondi Bagels top banner tmrw", "As per subject pls\n", "2026-12-04"),  # tmrw, tmr, wknd, eom
    ("Zestora", "Kindly cancel the top banner for Zestora Fitness w.e.f. 04/12/2026 (Friday).\n", "2026-12-04"),
])
def test_short_date_words_and_wef(subject, body, start):
    got = mail(subject, body, date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", start)]


@pytest.mark.parametrize("subject, advertiser", [
    ("Lumora Jewellery - app splash 24 Dec", "Lumora Jewellery"),  # set off by a dash: the subject names it
    ("Lumora Jewellery app splash 24 Dec", None),  # no mark and no other naming: no evidence
])
def test_a_name_set_off_at_the_head_of_the_subject(subject, advertiser):
    got = mail(subject, "Hi Karen,\n\nPlease book the news app splash screen for Christmas Eve, full day.\n\nThanks,\n")
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_a_chinese_name_set_off_by_a_space_at_the_head_of_the_subject():
    got = mail("宏达五金 置顶续到元旦", "陈经理，置顶续，延到元旦。\n")
    assert got and {r["advertiser"] for r in got} == {"宏达五金"}


def test_a_bare_forward_names_its_client_from_the_forwarded_mail():
    raw = ("From: Rob <rob@paper.example>\nTo: traffic@paper.example\nDate: Tue, 01 Dec 2026 10:00:00 +0000\n"
           "Subject: Fwd: Brennock webinar\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
           "Ad traffic - please set this up, thanks.\n\nRob\n\n---------- Forwarded message ---------\n"
           "From: Ines <ines@brennock.example>\nSubject: Brennock webinar\n\n"
           "Hi Rob, Brennock would like the homepage leaderboard from 7 Dec to 13 Dec for our webinar.\n")
    from mailaudit.extract.extract import extract
    from mailaudit.mail.parse import parse_bytes

    got = [i.record() for i in extract(parse_bytes(raw.encode(), "t.eml"))]
    assert got and {r["advertiser"] for r in got} == {"Brennock"}


def test_a_subject_over_an_empty_body_is_all_the_author_wrote():
    got = mail("老周坚果 直播间挂件12.5-12.6", "")
    assert [(r["slots"][0]["slot"], r["start"], r["end"], r["advertiser"]) for r in got] == [
        ("live-room-pendant", "2026-12-05", "2026-12-06", "老周坚果")]


def test_a_common_slot_head_beside_an_action_word_gets_the_mail_read():
    # "screens" alone lets no mail past the cheap prefilter; beside "add" on its line it does
    got = mail("Add endcap screens to the Brightwell flight",
               "Team,\n\nPlease add the in-store endcap screens to the Brightwell flight for the same week, "
               "12/14-12/20, using the same still as the pickup screen.\n\nThanks,\nJo\n")
    assert [(r["action"], [s["text"] for s in r["slots"]], r["start"], r["end"]) for r in got] == [
        ("add", ["in-store endcap screens"], "2026-12-14", "2026-12-20")]  # (its hyphened half too)


def test_a_common_slot_head_beside_an_action_word_in_other_mail_is_no_instruction():
    assert mail("Interview", "Hi Sam,\n\nCan you move my interview slot to Friday afternoon? "
                "The screen in room 4 is broken anyway.\n\nThanks,\nJo\n") == []


@pytest.mark.parametrize("subject, body, text, key", [
    ("App launch", "Hi Sam,\n\nPlease book the app launch screen for Ridgeway from 7 to 13 Dec.\n\nThanks,\nJo\n",
     "app launch screen", "splash"),
    # (a cue word inside the name, "results", is the slot's: no delivery report here)
    ("Results page", "Hi Mick,\n\nPlease run the results page leaderboard for Gidgee Motors from 7 Dec to 20 Dec.\n\n"
     "Cheers,\nJo\n", "results page leaderboard", "top-banner"),
])
def test_a_compound_ending_in_a_known_slot_is_that_slot_named_whole(subject, body, text, key):
    got = mail(subject, body)
    assert [(s["text"], s["slot"]) for r in got for s in r["slots"]] == [(text, key)]


@pytest.mark.parametrize("body, text, key", [
    # a compound whose last word begins a known slot: the shape reads "penguin-pool sponsor"
    ("Hi Tom,\n\nPlease book the penguin-pool sponsor board at the Chester park from 3 to 17 January.\n\nLaura\n",
     "penguin-pool sponsor board", "sponsor-board"),
    # a hyphenated noun and two words before the inventory word
    ("Hi Tom,\n\nPlease add our back-page business card from 13 December to 31 January.\n\nColleen\n",
     "back-page business card", "back-page-business-card"),
])
def test_a_hyphenated_compound_before_a_slot_is_part_of_its_name(body, text, key):
    assert [(s["text"], s["slot"]) for r in mail("Booking", body) for s in r["slots"]] == [(text, key)]


@pytest.mark.parametrize("text, slot", [
    # what holds or carries the print is the slot (an e-ticket is no support ticket)
    ("Please book the e-ticket partner panel for Pennant from 24 to 31 December.", "e-ticket partner panel"),
    ("Please book the foyer poster frames for Halliwell Bank from 4 to 31 January.", "foyer poster frames"),
    ("Please add the ice cream lids for Prosecco Bay from 4 to 31 January.", "ice cream lids"),
    # (a frame only in the plural: the end frame is the creative's last)
    ("The end frame reads \"£3 a shot every Sunday in January\".", None),
])
def test_print_carriers_are_slots(text, slot):
    from datetime import date

    from mailaudit.extract.extract import read_sentences
    from mailaudit.extract.slots import load_slot_vocabulary

    read = read_sentences(text, date(2026, 12, 1), load_slot_vocabulary())
    assert [m.text for s in read for m in s.mentions.slots] == ([slot] if slot else [])


def test_a_list_items_client_comes_first_in_brackets_or_before_a_dash():
    body = ("排播組各位好：\n\n請協助上以下兩家客戶的檔期，麻煩 12/4 前排好。\n"
            "1.【沁山茶飲】門口地貼　雙北 300店　12/7–12/20\n2.【霜島冰品】冷藏櫃門貼　中南部 500店　12/10–1/10\n\n謝謝！\n")
    assert [r["advertiser"] for r in mail("12月第二週新增檔期（兩家客戶）", body)] == ["沁山茶飲", "霜島冰品"]
    body = ("Hi team,\n\nPlease load these bookings before Monday.\n\n"
            "1. Cloudpuff Fabric Softener (via Brightline) - wash-and-fold bag tags, 30k, 12/7 through 12/31.\n\n"
            "Thanks,\nDana\n")
    assert [r["advertiser"] for r in mail("New bookings to load", body)] == ["Cloudpuff Fabric Softener"]
    # (an answer before a dash is no client: "Yes - please move it to the billboard")
    got = mail("Re: Bellcove Wines - traffic questions", "Hi Sam,\n\nYes - please move it to the billboard on the "
               "business section, same flight.\n\nThanks,\nAnn\n")
    assert [r["advertiser"] for r in got] != ["Yes"]


def test_loading_bookings_is_placing_them():
    body = ("Hi all,\n\nPlease could you load these two bookings before the Christmas freeze (by Friday 18 December):\n\n"
            "1. Harrow Teas – keeper-talk PA mention at Leeds, every keeper talk from 4 to 31 January.\n"
            "2. Kettlewick Crisps – car-park barrier screens at York and Hull, from 11 January until the end of "
            "February.\n\nBoth were signed off by Priya this morning.\n\nThanks,\nTom\n")
    got = mail("Two bookings for the January loads", body)
    assert [(r["action"], r["advertiser"], r["start"]) for r in got] == [
        ("place", "Harrow Teas", "2027-01-04"), ("place", "Kettlewick Crisps", "2027-01-11")]


def test_whose_it_is_said_as_an_aside():
    got = mail("屏蔽门贴续刊", "人民广场站屏蔽门贴续刊到1月31日，澜庭的，麻烦安排\n")
    assert [(r["action"], r["advertiser"]) for r in got] == [("extend", "澜庭")]


def test_a_mail_about_print_carriers_alone_is_read():
    # (no slot word the vocabulary knows: "frames" beside an action word lets the mail be read)
    body = ("Hi Tom,\n\nPlease move the gin posters from the Halliwell foyer frames to the Queen Adelaide foyer "
            "frames from Christmas Eve until the panto get-out on Sun 10/01. The Halliwell frames are needed for "
            "the Nightjar get-in.\n\nClient: Juniper & Thistle\n\nThanks,\nHarriet\n")
    got = mail("Poster frames move – Halliwell to Queen Adelaide", body)
    assert [(r["action"], r["advertiser"], r["start"]) for r in got] == [("change", "Juniper & Thistle", "2026-12-24")]


def test_asking_for_a_reply_after_a_request_keeps_the_request():
    body = ("陳先生您好：\n\n本局預定於12月7日至12月31日，借用貴公司門市之收銀台螢幕，公益免費播放「防詐騙宣導」影片（15秒），"
            "敬請協助排播，並請於12月4日前回覆是否可以配合。\n\n高雄市政府警察局 預防科\n")
    got = mail("防詐騙宣導影片刊播", body)
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-07", "2026-12-31")]
    # (a question that is all the sentence asks still only asks)
    assert mail("收銀台螢幕", "陳先生您好：\n\n請您確認收銀台螢幕12月的資源是否可以調整。\n\n謝謝\n") == []


def test_pushed_back_is_a_change_not_an_extension():
    body = ("排播組好：\n\n嘉禾眼鏡年底的檔次要往後延一週：原本12/16開始的早安路況贊助，改成12/23開始，一樣排到12/31。\n\n麻煩了！\n")
    assert [r["action"] for r in mail("嘉禾眼鏡檔次", body)] == ["change"]


def test_a_pre_show_announcement_is_a_slot_no_other_announcement():
    body = ("Hi Tom,\n\nPlease pull our pre-show announcement at the Carraway from Monday 7/12 onwards – the "
            "Christmas edition has sold out.\n\nThanks,\nFenella\nBrand Manager, Juniper & Thistle Gin\n")
    got = mail("Cancel – Carraway pre-show audio", body)
    assert [(r["action"], [s["text"] for s in r["slots"]]) for r in got] == [("cancel", ["pre-show announcement"])]


def test_an_abbreviation_ends_no_sentence():
    # "St." and "Dec." keep the item's dates with its slot
    body = ("Hi team,\n\nPlease enter these bookings today.\n\n"
            "1. Kaminski Insurance - parish app home banner, St. Stanislaus Kostka, Dec. 7 through Jan. 3.\n\n"
            "Thanks,\nMarybeth\n")
    got = mail("Bookings to enter: Kaminski Insurance", body)
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-07", "2027-01-03")]


def test_an_outage_for_upkeep_is_a_notice_not_a_cancel():
    body = ("各位同事：\n\n65K及803線車頂顯示屏由12月7日至11日暫停播放，進行線路維修，期間該兩線所有車頂屏廣告不會播出。"
            "涉及客戶請各業務代表於12月4日前自行通知，補播安排另行公佈。\n\n周志偉\n技術部\n")
    assert mail("65K及803車頂屏維修", body) == []
    # ... but a stop asked for in its own clause is one
    got = mail("开屏暂停", "运营同事：\n\n系统维护期间，请把开屏12月8日暂停一天。\n\n谢谢\n")
    assert [r["action"] for r in got] == ["cancel"]


def test_items_listed_under_a_proposal_are_no_requests():
    body = ("郁婷您好：\n\n12/1 上午門市收銀台螢幕中斷約 6 小時。我們提出兩個補償方案，想請您在 12/8 前選定：\n"
            "A. 1/4–1/10 收銀台螢幕補播 5,000 次\nB. 12 月帳款折抵 NT$21,500\n\n您確定後我再請排播組安排。\n")
    assert mail("收銀台螢幕中斷 補播方案", body) == []


def test_items_listed_under_a_line_that_names_the_act_are_requests():
    body = ("周蔓你好，\n\n老板开会讨论后决定做以下调整：\n\n1. 结算页banner延长到12月15日；\n"
            "2. 12月12日晚8点那条Push取消；\n\n麻烦明天中午前确认，谢谢！\n")
    got = mail("双12后续排期调整", body)
    assert [r["action"] for r in got] == ["extend", "cancel"]


def test_a_screen_and_a_wall_are_slots_in_traditional_chinese_too():
    got = mail("晨曦鮮乳 店內電視牆", "雅婷您好：\n\n麻煩 12/9 起在店內電視牆加播晨曦鮮乳，到 12/27 為止。\n\n謝謝\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["店內電視牆"]


def test_a_booking_table_with_from_and_to_columns():
    body = ("Hi Arjun,\nKindly release the below as per RO 4490.\n"
            "Client  | Slot  | From  | To  | Creative\n"
            "Orbit Paints  | Top banner (web)  | 14/12/2026  | 20/12/2026  | top_970x90.jpg\n"
            "Fizzup Cola  | Rewarded video (app)  | 14/12/2026  | 31/12/2026  | rv_30s.mp4\nThanks,\nMeera\n")
    got = mail("RO 4490 - bookings", body)
    assert [(r["advertiser"], r["start"], r["end"]) for r in got] == [
        ("Orbit Paints", "2026-12-14", "2026-12-20"), ("Fizzup Cola", "2026-12-14", "2026-12-31")]


def test_a_slot_sent_once_from_a_time_on_is_sent_that_day():
    got = mail("新光三越簡訊 12/11", "林經理您好，\n新光三越簡訊請於12月11日（週五）上午10:00發送，文案如下。\n謝謝您\n")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-11T10:00", "2026-12-11")]


@pytest.mark.parametrize("subject, body, end", [
    ("上海城市站首屏延期", "顾经理好：\n东岚汽车在上海城市站首屏的试驾广告，原定12月20日结束，请延期至试驾活动结束为止（1月20日），素材不变。\n谢谢！\n",
     "2027-01-20"),
    ("Kindly extend Hoshimura category banner", "Dear team,\nWe would be grateful if you could kindly extend the "
     "Hoshimura category page banner, currently scheduled to end on 20 December, until 15 January 2027.\nRegards,\nAki\n",
     "2027-01-15"),
])
def test_an_extension_ends_at_the_latest_date_it_writes(subject, body, end):
    got = mail(subject, body)
    assert [(r["action"], r["end"]) for r in got] == [("extend", end)]


def test_a_push_at_an_hour_is_a_push():
    got = mail("NYE push", "Push at 7pm on NYE for The Copper Still please. Geo: Manchester, Leeds.\n")
    assert [(s["slot"], r["start"]) for r in got for s in r["slots"]] == [("push", "2026-12-31T19:00")]


def test_a_running_flights_past_start_does_not_hide_the_extension_asked_for():
    got = mail("麦田厨房信息流延期", "各位好，\n\n麦田厨房目前在跑的信息流广告（12月1日开始那一期）请延长到年货节结束，也就是1月20日。素材不变。\n\n谢谢！\n",
               date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert [(r["action"], r["slots"][0]["slot"], r["end"]) for r in got] == [("extend", "feed", "2027-01-20")]


def test_the_signers_company_joined_to_a_department_is_the_advertiser():
    got = mail("广告位调整：信息流改菜谱卡片", "运营同学好，\n\n12.9-12.22这一期，原定的信息流改到菜谱详情页底部卡片，日期不变。\n\n辛苦！\n罗倩 冰湾速冻品牌部\n",
               sender="罗倩 <luoqian@binwan-foods.example>")
    assert got and {r["advertiser"] for r in got} == {"冰湾速冻"}


def test_an_accts_line_in_the_subject_names_the_client():
    got = mail("Acct: Summit Credit Union - December schedule",
               "Please run the homepage takeover on Monday 12/14.\n\nJen\n")
    assert [r["advertiser"] for r in got] == ["Summit Credit Union"]


def test_the_readers_name_before_a_command_still_commands():
    raw = (b"From: Dan <dan@riverbend.example>\nTo: Marcus Lee <marcus@courier.example>\n"
           b"Date: Tue, 01 Dec 2026 10:00:00 -0500\nSubject: Re: Riverbend pre-roll delivery\n"
           b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n"
           b"Marcus keep the pre-roll going thru New Year's. same spot\n")
    got = [i.record() for i in extract(parse_bytes(raw, "t.eml"))]
    assert [(r["action"], r["slots"][0]["slot"], r["end"]) for r in got] == [("extend", "video-preroll", "2027-01-01")]
    # (a name nobody is addressed by is no reader: "Acme keep …" states; only the trained
    # classifier may still read the mail as a request)
    assert all("classifier" in i.basis for i in extract(parse_bytes(raw.replace(b"Marcus keep", b"Dorian keep"), "t.eml")))


def test_a_subject_that_is_the_whole_request_over_a_body_that_asks_nothing():
    got = mail("Pls add Kusina Krunch popup Dec 18-20", "Hi Rhea,\n\nAs discussed on the phone, thanks po!\n")
    assert [(r["action"], r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [
        ("add", "popup", "2026-12-18", "2026-12-20")]
    # (a reply's subject repeats an old request; a subject naming no date asks for no run)
    assert mail("Re: Pls add Kusina Krunch popup Dec 18-20", "Hi Rhea,\n\nAs discussed on the phone, thanks po!\n") == []
    assert mail("Kusina Krunch popup", "Hi Rhea,\n\nAs discussed on the phone, thanks po!\n") == []


@pytest.mark.parametrize("subject, body, want", [
    ("搜索品牌专区追加", "周晴你好：\n\n驰原汽车在跑的开屏之外，请追加搜索品牌专区，12月8日起至月底。\n\n谢谢！\n", [("add", "search-brand-zone")]),
    ("Add search brand zone", "Hi Amy,\n\nOn top of the running feed, please add the search brand zone from Dec 2 through Dec 13 "
     "for BrightArc Dental.\n\nThanks,\nJo\n", [("add", "search-brand-zone")]),
    # (alone, the running slot is the one acted on)
    ("开屏延期", "周晴你好：\n\n驰原汽车在跑的开屏请延长到12月31日。\n\n谢谢！\n", [("extend", "splash")]),
])
def test_a_running_slot_beside_an_added_one_is_its_context(subject, body, want):
    assert [(r["action"], r["slots"][0]["slot"]) for r in mail(subject, body)] == want


@pytest.mark.parametrize("subject, body", [
    ("开屏改首页banner", "你好：\n\n抚仙湖澄光度假酒店原定12月10日至12日的开屏，因预算调整改成首页banner，时间不变。\n\n谢谢\n"),
    ("横幅改投", "你好：\n\n鸿途汽车的赛程页横幅从12月12日起改投首页顶部通栏，结束日期12月18日不变。\n\n谢谢\n"),
])
def test_a_move_written_across_a_clause_or_with_any_change_word_is_one_change(subject, body):
    got = mail(subject, body)
    # where it goes is the slot; the one it leaves is kept apart
    assert [(r["action"], [s["slot"] for s in r["slots"]], len(r.get("moved_from", []))) for r in got] \
        == [("change", ["homepage-banner"], 1)]


def _forward(note: str, quoted: str, subject: str = "Fw: Christmas on Kindred?") -> list[dict]:
    raw = (f"From: Hannah <hannah@kindred.example>\nTo: ops@kindred.example\nDate: Tue, 01 Dec 2026 10:00:00 +0000\n"
           f"Subject: {subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{note}\n\n"
           f"________________________________\nFrom: Niamh Kelly <niamh@brambleandbloom.example>\n"
           f"Sent: 01 December 2026 11:41\nTo: Hannah Wu <hannah@kindred.example>\nSubject: Christmas on Kindred?\n\n"
           f"{quoted}\n").encode()
    return [i.record() | {"confidence": i.confidence, "basis": i.basis} for i in extract(parse_bytes(raw, "t.eml"))]


def test_a_bare_note_over_a_forwarded_request_is_one_request_with_what_the_author_wrote():
    quoted = "Hi Hannah,\n\nWe'd love the swipe cards from the 14th to Christmas Eve and the 7pm push on the 24th.\n\nNiamh"
    got = _forward("Bramble want this live, can you sort pls", quoted)
    assert [(r["action"], r["slots"], r["start"], r["end"], r["confidence"]) for r in got] == [
        ("place", [], None, None, "low")]
    assert "forward-pointer" in got[0]["basis"]
    # (a note that reports it done asks for nothing)
    assert _forward("All set up already, live since Monday - FYI.", quoted) == []


def test_a_forwards_subject_names_the_client_at_its_head():
    quoted = "Hi Carmela,\n\nCan we add an SMS blast to prepaid on Dec 11? Same copy as last time.\n\nBea"
    got = _forward("Hi Rhea, pls set up po. Thanks!", quoted, subject="Fwd: Metro Sale Marathon request")
    assert [r["advertiser"] for r in got] == ["Metro Sale Marathon"]


@pytest.mark.parametrize("subject, body, slot", [
    # the act, then the slot ("安排 X")
    ("禾苗乳业 冰柜贴屏待机画面排期", "各位好：\n\n请为禾苗乳业安排冰柜贴屏待机画面，12月14日-12月20日，素材见附件。\n\n谢谢\n",
     "冰柜贴屏待机画面"),
    # 在 X, then the act
    ("旗山文旅 跑团页奖牌背景投放", "周经理：\n\n麻烦在跑团页奖牌背景投放旗山文旅的海报，12月21日至12月27日。\n\n谢谢\n", "跑团页奖牌背景"),
    # X, then the act (the clause's topic)
    ("旗山文旅 奖牌背景 改期", "周经理：\n\n奖牌背景改到12月28日至1月3日投放，素材不变。\n\n谢谢\n", "奖牌背景"),
    # English: the words after the act, a brand before them left out
    ("Extend Lumo toss-time push", "Hi team,\n\nKindly extend the Lumo toss-time push to 22 Dec.\n\nThanks\nAnn\n", "toss-time push"),
])
def test_a_slot_no_vocabulary_names_is_read_where_the_act_puts_it(subject, body, slot):
    got = mail(subject, body)
    assert [[s["text"] for s in r["slots"]] for r in got] == [[slot]]


@pytest.mark.parametrize("subject, body", [
    # the subject does not name it: no evidence that "check-in kiosk back" is the slot (a luggage
    # tag, a thing that carries print, is one by its shape)
    ("Harbor Oaks ad", "Hi Grace,\n\nPlease cancel Harbor Oaks' check-in kiosk back from 1 Jan, the promo has ended.\n\nThanks\nAnn\n"),
    # what the act takes is a creative (海报), not a slot
    ("冬季海报换新", "周经理：\n\n旗山文旅请把冬季海报换成附件里的新素材，12月8日起。\n\n谢谢\n"),
])
def test_the_object_of_an_act_is_no_slot_without_the_subject_or_when_it_is_a_creative(subject, body):
    got = mail(subject, body)
    assert got and all(r["slots"] == [] for r in got)


@pytest.mark.parametrize("subject, body, slot", [
    ("Spotlight for Lanternfish", "Hi Dana,\n\nCan you get Lanternfish Candles into the vendor spotlight? Creative is here: "
     "https://lanternfish.example/spot.jpg\n\nThanks,\nMo\n", "vendor spotlight"),
    ("Kestrel pre-roll", "Hi AdOps,\n\nPlease get the Kestrel Audio pre-roll going as soon as their creative clears review."
     "\n\nThanks,\nMo\n", "pre-roll"),
])
def test_a_request_whose_object_is_a_slot_asks_for_it_without_an_act_word(subject, body, slot):
    got = mail(subject, body)
    assert [(r["action"], [s["text"] for s in r["slots"]], r["start"]) for r in got] == [("place", [slot], None)]


def test_a_request_for_another_errand_about_a_slot_asks_for_that_errand():
    assert mail("Kestrel pre-roll specs", "Hi AdOps,\n\nCould you send the Kestrel Audio pre-roll specs to the agency?"
                "\n\nThanks,\nMo\n") == []


def test_a_capitalised_word_read_once_from_its_place_gives_way_to_the_writers_company():
    # "Pausing" heads the subject: capitals alone do not make it a name, nothing else writes it
    got = mail("Pausing our sidebar ads", "Hi Sam,\n\nThe budget was cut, so please cancel our article-page sidebar "
               "from Monday.\n\nThanks\nMo Reyes\nMarketing Lead, Larkspur Outdoor\n",
               sender="Mo Reyes <mo.reyes@larkspur.example>")
    assert [(r["action"], r["advertiser"]) for r in got] == [("cancel", "Larkspur Outdoor")]


@pytest.mark.parametrize("subject, body", [
    ("茶山双旦投放", "刘经理：\n\n茶山食品双旦拟投放以下两项，请安排排期：\n\n一、开屏：2026年12月24日至2027年1月3日；\n"
     "二、首页顶部通栏：同上时段。\n\n谢谢\n"),
    ("Kelp Co booking", "Hi Sam,\n\nPlease book the homepage takeover for Kelp Co from 14 to 20 Dec.\n\n"
     "The newsletter sponsor slot as well please, same dates.\n\nThanks\nMo\n"),
])
def test_a_slot_that_runs_when_the_one_above_does_takes_its_window(subject, body):
    got = mail(subject, body)
    assert len(got) == 2 and got[1]["start"] == got[0]["start"] and got[1]["end"] == got[0]["end"] and got[0]["end"]


def test_a_chinese_act_whose_sentence_puts_it_in_time_asks_for_it():
    # the act (投放) in one clause, the window in the next; the slot where the act puts it
    got = mail("脆多多3D眼镜袋投放申请", "各位好，\n\n我司是「脆多多」薯片的华东总经销，代品牌方申请在华东区星光影城的3D眼镜袋投放，"
               "时间12月12日至12月27日。设计稿请转给印厂。\n\n谢谢\n")
    assert [(r["action"], [s["text"] for s in r["slots"]], r["start"], r["end"]) for r in got] == [
        ("place", ["3D眼镜袋"], "2026-12-12", "2026-12-27")]


@pytest.mark.parametrize("signature, advertiser", [
    ("市场专员 | 榕城大药房", "榕城大药房"),
    ("供应商：永泰阀门（温州）有限公司", "永泰阀门（温州）有限公司"),
])
def test_a_chinese_company_on_a_signature_line_is_the_writers_own(signature, advertiser):
    # the domain (rcdyf, ytfm) matches no Latin spelling: the name ends in a company word
    got = mail("下月推送", f"周经理：\n\n请安排1月4日的推送，素材见附件。\n\n谢谢\n王敏\n{signature}\n",
               sender="王敏 <wangmin@rcdyf.example>")
    assert [(r["action"], r["advertiser"]) for r in got] == [("place", advertiser)]


@pytest.mark.parametrize("sender, signature, advertiser", [
    # the domain spells the signature's name in pinyin; the name ends in no company word
    ("蔡明凱 <owner@maohai-grooming.example>", "阿凱\n毛孩澡堂 寵物美容｜台中市西屯區", "毛孩澡堂"),
    ("王敏 <wangmin@qianjiangfang.example>", "王敏 | 黔酱坊 | 138 0000 1234", "黔酱坊"),
])
def test_a_chinese_name_whose_pinyin_is_the_sender_domain_is_the_writers_own(sender, signature, advertiser):
    got = mail("烘衣機門貼 台中8間", f"佩君您好：\n\n烘衣機門貼 台中8間，檔期 12/25-1/5，麻煩安排。\n\n{signature}\n",
               sender=sender)
    assert [r["advertiser"] for r in got] == [advertiser]


def test_a_name_the_domain_spells_in_pinyin_in_the_text():
    # lanyue-ev.example: "澜岳汽车" in the text is the writer's own company (汽车 goes with it)
    got = mail("充电桩屏", "小周：\n\n我们澜岳汽车冬至那天的充电桩屏，12月22日上，一天，麻烦安排。\n\n谢谢\n",
               sender="李想 <lixiang@lanyue-ev.example>")
    assert [r["advertiser"] for r in got] == ["澜岳汽车"]


def test_a_brand_the_text_writes_from_the_signing_companys_first_characters():
    # qingkong-home.example signs "晴空家品"; the subject writes its brand "晴空柔軟精"
    got = mail("晴空柔軟精 台中新店螢幕", "佩君您好：\n\n洗衣機上方螢幕 大里、太平3間，12/14起跑四週，麻煩您了。\n\n"
               "鄭宇安\n晴空家品 品牌經理\n", sender="鄭宇安 <yuan.cheng@qingkong-home.example>")
    assert [r["advertiser"] for r in got] == ["晴空柔軟精"]


def test_an_agency_the_domain_spells_books_for_its_clients_not_for_itself():
    # hemu-media.example writes "禾木" and signs "禾木传播" (an agency word): no own booking
    got = mail("12月排期", "王澜你好，\n\n请安排12月9日的服务号头条推送一次，禾木这边素材周四给到。\n\n谢谢！\n付晓\n"
               "禾木传播 媒介经理\n", sender="付晓 <fu.xiao@hemu-media.example>")
    assert [r["advertiser"] for r in got] == [None]


def test_the_signers_company_whose_first_word_opens_the_sender_domain():
    # larchmonthomes.example signs as "Larchmont Homebuilders": the name's first word opens the domain
    got = mail("Carousel creative", "Hi team,\n\nPlease book the homepage banner from 14 to 20 Dec.\n\nThanks\n"
               "Nadia Brooks\nMarketing Coordinator, Larchmont Homebuilders\n",
               sender="Nadia Brooks <nbrooks@larchmonthomes.example>")
    assert [(r["action"], r["advertiser"]) for r in got] == [("place", "Larchmont Homebuilders")]


def test_a_first_word_after_a_sentence_end_or_a_quotes_opening_is_no_name_by_its_capital():
    # one sentence to the reader ("… Descent”. Each row …"), and a quotation opening after a colon
    got = mail("Norvik pre-roll until Friday", "Hi team,\n\nPlease keep the event “Winter Run”. Each homepage banner "
               "runs Dec 14-20.\n\nThanks\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert got and {r["advertiser"] for r in got} != {"Each"}
    got = mail("Norvik pre-roll until Friday", "Hi team,\n\nThe client wrote: \"Happy with the pre-roll so far, "
               "please keep it running until Dec 18.\"\n\nThanks\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert got and {r["advertiser"] for r in got} == {"Norvik"}


def test_the_signers_company_after_a_department_or_spelling_the_domain_in_another_order():
    # "Extra:" heads the subject and is written nowhere else: the writer's organisation, whose
    # signature spells zilvervallei-toerisme in its own order
    got = mail("Extra: homepage banner winter walking weekend", "Hello,\n\nPlease add the homepage banner for "
               "Saturday 5 and Sunday 6 December.\n\nKind regards,\nLotte Claes\nToerisme Zilvervallei vzw\n",
               sender="Lotte Claes <lotte@zilvervallei-toerisme.example>")
    assert [(r["action"], r["advertiser"]) for r in got] == [("add", "Toerisme Zilvervallei vzw")]
    # "Marketing Trapkracht e-bikes": the department, then the company (no agency for its word)
    got = mail("Winter campaign homepage banner", "Hello,\n\nPlease book the homepage banner from 14 to 20 "
               "December.\n\nGreetings,\nNoor El Amrani\nMarketing Trapkracht e-bikes\n",
               sender="Noor El Amrani <noor@trapkracht.example>")
    assert [(r["action"], r["advertiser"]) for r in got] == [("place", "Trapkracht e-bikes")]


def test_the_subjects_tag_names_the_client_over_what_is_read_after_it():
    got = mail("【稻乡米业】腊八全量推送", "运营同学好，\n\n腊八当天早上6点的全量推送麻烦安排上，文案见下。\n\n谢谢\n")
    assert got and {r["advertiser"] for r in got} == {"稻乡米业"}


def test_a_long_holiday_is_no_advertiser():
    # 連假 is an occasion (as 元旦 is); the company wanting the slot says so first
    got = mail("元旦連假開屏", "您好：\n\n聯晟汽車想訂元旦連假的開屏，1/1(五)~1/3(日)三天，素材下週提供。\n\n謝謝\n")
    assert got and {r["advertiser"] for r in got} == {"聯晟汽車"}


def test_a_moved_window_is_the_new_one_not_the_one_it_replaces():
    got = mail("耶誕推播走期異動", "冠宇 您好：\n\n原本 12/15～12/20 的 LINE 推播（圖文訊息）煩請改到 12/18（五）至 "
               "12/23（三），一樣每天晚上八點準時發。\n\n感恩！\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("change", "2026-12-18", "2026-12-23")]


def test_a_bare_ask_under_a_subject_that_names_slot_and_day_is_the_subjects_request():
    got = mail("【金福氣銀樓】12/10起開屏一週", "委刊單和素材都在附件，麻煩協助，感恩。\n")
    assert [(r["action"], r["slots"][0]["slot"], r["start"], r["advertiser"]) for r in got] == \
        [("place", "splash", "2026-12-10", "金福氣銀樓")]
    assert mail("【金福氣銀樓】12/10起開屏一週", "委刊單和素材都在附件，感恩。\n") == []  # nothing asked
    assert mail("开屏素材审核 12/10", "麻烦审核一下附件素材\n") == []  # asked for something else


def test_the_act_of_the_old_booking_is_not_the_one_asked_for():
    got = mail("湖畔犬粮开屏延期", "运营组各位好：\n\n湖畔犬粮的开屏原定投到12月9日，请延长到12月底。\n\n谢谢！\n")
    assert [(r["action"], r["end"]) for r in got] == [("extend", "2026-12-31")]
    got = mail("开屏", "刘经理：\n\n因门店活动调整，茶语时光原定的弹窗广告取消，开屏排期不变。\n\n谢谢\n")
    assert [(r["action"], r["advertiser"]) for r in got] == [("cancel", "茶语时光")]  # 原定 is no part of the name


def test_an_act_on_what_the_subject_names_is_read_without_an_ad_word():
    got = mail("A1 ear for Keystone Hyundai of Dunmore 12/9",
               "Hi Dana,\n\nPlease run the A1 ear for Keystone Hyundai on Wednesday 12/9. Art is attached.\n\nBest,\nJo\n")
    assert [(r["action"], [s["text"] for s in r["slots"]], r["start"], r["advertiser"]) for r in got] == \
        [("place", ["A1 ear"], "2026-12-09", "Keystone Hyundai of Dunmore")]  # (as the subject writes it whole)
    # (the subject names something else: nothing read)
    assert mail("Board minutes", "Hi Dana,\n\nPlease run the A1 ear for Keystone Hyundai on Wednesday 12/9.\n\nJo\n") == []


def test_a_bilingual_signature_names_the_writer_in_the_mails_language():
    got = mail("餐廳搜尋置頂延期", "Ivy，\n\n我哋餐廳搜尋置頂想延長到12月31號，唔該。\n\nKelly\n細路咖啡 Siulo Coffee\n",
               sender="Kelly Wong <kelly@siulo.example>")
    assert [r["advertiser"] for r in got] == ["細路咖啡"]


def test_a_thing_named_in_brackets_after_the_ask_is_no_other_object_of_it():
    got = mail("Newsletter top position", "Dear Kelvin,\n\nWe would like to book the morning briefing newsletter "
               "top position for 15 Dec and 16 Dec (the Fed meeting days).\n\nBest regards,\nGloria\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-15", "2026-12-16")]
    # (not so outside brackets: "the banner on the intranet homepage for the town hall")
    assert mail("Town hall banner", "Hi IT,\n\nPlease update the announcement banner on the intranet homepage "
                "for the town hall on Friday.\n\nHR\n") == []


@pytest.mark.parametrize("subject, body, slot, key", [
    # out-of-home words of the Chinese trade, and the scrolling line over a TV picture
    ("青岚茶饮 写字楼电梯屏", "陈经理：\n\n请为青岚茶饮安排电梯智能屏，12月14日-12月27日，素材见附件。\n\n谢谢\n",
     "电梯智能屏", "elevator-screen"),
    ("桂枝烘焙 框架海报", "陈经理：\n\n桂枝烘焙的框架海报12月21日起上刊两周，麻烦排一下。\n\n谢谢\n", "框架海报", "elevator-poster"),
    ("里長辦公處 跑馬燈", "您好：\n\n請協助排播跑馬燈，12/10-12/16每天播出，文字如附件。\n\n謝謝\n", "跑馬燈", "crawl"),
])
def test_the_trades_own_slot_words_are_slots(subject, body, slot, key):
    got = mail(subject, body)
    assert [[(s["text"], s["slot"]) for s in r["slots"]] for r in got] == [[(slot, key)]]


def test_a_price_asked_for_more_is_no_add():
    # 加多少 asks how much more, 加多兩 (Cantonese) adds two more
    assert mail("跨年开屏", "您好：\n\n跨年夜的开屏能播到凌晨两点吗？可以的话要加多少钱？\n\n谢谢\n") == []


def test_a_notice_of_a_scheduled_stop_asks_for_no_placement():
    assert mail("系统升级通知", "各位客户：\n\n兹定于12月12日（周六）凌晨0:00-6:00进行系统升级，届时首页banner和开屏暂停展示，"
                "请贵司知悉并提前做好相应安排。\n\n平台运营部\n") == []


def test_a_city_is_where_a_campaign_runs_not_who_pays():
    got = mail("杭州新品电梯屏投放", "周经理早，\n\n新品酸奶月底上市，请在杭州城市包投电梯智能屏，12月21日到1月3日。\n\n周岚\n")
    assert [r["advertiser"] for r in got] == [None]  # (nothing else names one: adplacement-incomplete says so)


def test_a_table_of_two_columns_a_key_and_its_value_a_row():
    # pasted from a sheet (or an HTML table): "广告主  | 柚见茶" is "广告主：柚见茶"
    body = ("Hi 广告运营的同学们，\n\n会员日活动的冠名已谈定，请排进配置计划。\n\n"
            "冠名位  | 满减券包冠名（会员中心首页券包）\n广告主  | 柚见茶\n上线  | 12月8日 10:00\n下线  | 12月14日\n\n宋雨桐\n")
    got = mail("会员日满减券包冠名配置", body)
    assert [(r["advertiser"], r["start"], r["end"]) for r in got] == [("柚见茶", "2026-12-08T10:00", "2026-12-14")]
    body = "Hi team,\n\nPlease set this up:\n\nPlacement\thomepage banner\nClient\tPinefold Studios\nDates\t14-20 Dec\n\nAnn\n"
    got = mail("Booking", body)
    assert [(r["slots"][0]["slot"], r["advertiser"], r["start"]) for r in got] == [
        ("homepage-banner", "Pinefold Studios", "2026-12-14")]


def test_a_table_whose_client_column_is_headed_by_the_institution():
    body = ("运营组各位：\n\n以下三家合作机构的课程推广已签单，请按表配置：\n\n机构 | 课程 | 位置 | 排期\n"
            "启航公考 | 国考面试冲刺班 | 直播候场页 | 12.7-12.20\n睿思财会 | CPA会计精讲 | 开屏 | 12.14-12.20\n\n林悦\n")
    got = mail("三家机构课程推广排期", body)
    assert [(r["slots"][0]["text"], r["advertiser"]) for r in got] == [("直播候场页", "启航公考"), ("开屏", "睿思财会")]


def test_a_numbered_heading_over_a_block_names_its_client():
    got = mail("两家客户排期", "陈经理：\n\n两家客户排期如下，请按各自刊期安排。\n\n一、青柚乳业\n    点位：电梯智能屏\n    刊期：12.7-12.13\n"
               "二、桂枝烘焙\n    点位：框架海报\n    刊期：12.14-12.20\n\n谢谢\n")
    assert [(r["slots"][0]["text"], r["start"], r["advertiser"]) for r in got] == [
        ("电梯智能屏", "2026-12-07", "青柚乳业"), ("框架海报", "2026-12-14", "桂枝烘焙")]


def test_a_table_under_print_run_heads_is_a_booking():
    got = mail("写字楼点位排期", "运营同学好，\n\n请按下表排期。\n\n品牌  | 点位  | 城市  | 刊期\n"
               "青柚乳业  | 闸机屏  | 杭州  | 12.14-12.27\n\n谢谢\n")
    assert [(r["slots"][0]["text"], r["end"], r["advertiser"]) for r in got] == [("闸机屏", "2026-12-27", "青柚乳业")]


def test_an_occasion_at_the_head_of_a_name_is_no_part_of_it_nor_a_name_itself():
    got = mail("遠訊電信跨年開屏", "您好：\n\n代客戶遠訊電信委刊跨年檔，請安排開屏：跨年夜12/31全天，素材附件。\n\n謝謝\n")
    assert [r["advertiser"] for r in got] == ["遠訊電信"]
    got = mail("年货开屏", "王经理：\n\n年货开屏先帮我们占个位，日期老板还在定。\n\n谢谢\n")
    assert all(r["advertiser"] != "年货" for r in got)


def test_a_change_to_a_way_of_working_is_an_engineers_not_a_placement():
    assert mail("SDK 5.3 升级计划", "各位，\n\nads SDK 5.3 计划 12月16日随 App 6.2 发版，开屏改为预加载，素材上限不变。\n\n"
                "有问题找我。\n梁浩\n") == []


def test_a_request_pointing_at_the_bookings_below_asks_for_them():
    got = mail("IOs 4410 and 4411", "Hi Maya,\n\nPlease action the two IOs below for January.\n\nIO 4410\nClient: Fellside Creamery\n"
               "Placement: van-side wrap\nFlight: 04/01/27 - 31/01/27\n\nIO 4411\nClient: Ashby Pet Foods\n"
               "Placement: push notification\nFlight: 08/01/27\n\nCheers\nJas\n",
               sender="Jas Sandhu <jas@northgate.example>", date="Wed, 02 Dec 2026 10:00:00 +0000")
    assert [(r["slots"][0]["text"], r["advertiser"]) for r in got] == [
        ("van-side wrap", "Fellside Creamery"), ("push notification", "Ashby Pet Foods")]


def test_a_count_or_a_place_after_a_slot_in_its_cell_is_no_slot():
    got = mail("IO 4410", "Hi Maya,\n\nPlease book the following:\n\nClient: Fellside Creamery\n"
               "Placement: van-side wrap, 40 vans, Yorkshire depots\nFlight: 04/01/27 - 31/01/27\n\nCheers\nJas\n",
               sender="Jas Sandhu <jas@northgate.example>", date="Wed, 02 Dec 2026 10:00:00 +0000")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["van-side wrap"]]


def test_a_slot_said_to_be_running_is_the_context_of_the_add_not_what_is_added():
    got = mail("九記奶茶 加座位頭套", "Hello 各位，\n\n九記奶茶而家喺觀塘3間星河影城嘅大堂LED屏有投緊，想加埋座位頭套，"
               "由12月14號去到12月31號，麻煩幫手安排，唔該晒！\n\nKaren\n", sender="Karen Lau <karen@gaukee.example>")
    assert [(r["action"], [s["text"] for s in r["slots"]], r["advertiser"]) for r in got] == [
        ("add", ["座位頭套"], "九記奶茶")]


def test_a_name_before_wants_to_buy_is_the_client():
    got = mail("遠航電信 角標", "雅婷好，\n\n遠航電信想買播放畫面右上角的角標，12/7-12/31，麻煩幫忙排上，謝謝。\n")
    assert [r["advertiser"] for r in got] == ["遠航電信"]


def test_a_coupon_or_a_wrap_named_by_its_place_is_a_slot():
    got = mail("Stollen coupon", "Morning Priya,\n\nPlease can you set up the receipt coupon we agreed at the range review? "
               "It should print from Monday 7.12.2026 till 3rd Jan.\n\nTa,\nRob\n", sender="Rob Tennant <rob@hollins.example>")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["receipt coupon"]]
    got = mail("January", "Hi Tom,\n\nPls add the checkout receipt coupon for Fellside from 4 Jan to 31 Jan.\n\nCheers\nJas\n")
    assert [(r["action"], [s["text"] for s in r["slots"]]) for r in got] == [("add", ["checkout receipt coupon"])]


def test_a_topper_or_a_grid_named_by_its_place_is_a_slot():
    got = mail("Hillcrest Deli", "Hi Dana,\n\nPlease run our pump toppers at the Route 9 stations from Dec 7 through "
               "Christmas Eve.\n\nThanks,\nGary\n", sender="Gary Holt <gary@hillcrestdeli.example>")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["pump toppers"]]
    got = mail("Northpeak", "Hi team,\n\nPlease book the homepage service grid for Northpeak Tyres from 21 Dec to 3 Jan.\n\n"
               "Thanks\nLi\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["homepage service grid"]]
    # (a mail naming no other ad word: the head beside an act lets it in)
    got = mail("corner badge again", "pls run the Voltage logo on the live corner badge again, same as last time\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["live corner badge"]]


@pytest.mark.parametrize("signature, advertiser", [
    ("許文彥\n鼎盛建設\u3000行銷部經理\n0912-345-678", "鼎盛建設"),  # the department, then the signer's title
    ("李一方\n市场部 | 枫华置业\n电话：905-555-0188", "枫华置业"),  # an institution's or a developer's word
    ("許文彥\n青嵐 行銷部 品牌推廣\n分機 318", "青嵐"),  # the company, the department, the signer's role
])
def test_the_writers_own_organisation_from_more_signature_shapes(signature, advertiser):
    got = mail("開機畫面換圖", f"您好：\n\n請協助把開機畫面12/15換成附件新圖，謝謝。\n\n{signature}\n",
               sender="許文彥 <wenyan@dingsheng-build.example>")
    assert [r["advertiser"] for r in got] == [advertiser]


def test_a_plan_a_member_day_or_a_booking_word_after_a_name_is_no_part_of_it():
    got = mail("金鼎泵业退展 通栏取消", "运营组：\n\n金鼎泵业退展了，展会期间（12月16日-18日）给他们排的顶部通栏即日起取消。\n\n谢谢\n")
    assert [r["advertiser"] for r in got] == ["金鼎泵业"]


def test_a_piece_of_a_hyphenated_word_is_no_name():
    got = mail("Wi-Fi splash", "Hi Wanjiku,\n\nPlease put Baridi Chai on the Wi-Fi splash page from 14 Dec to 20 Dec.\n\nThanks\nOtieno\n")
    assert [r["advertiser"] for r in got] == ["Baridi Chai"]


def test_a_number_word_or_a_greeting_first_in_a_sentence_is_no_name():
    got = mail("Two bookings", "Hi Jess,\n\nTwo bookings for you. Riverton Credit Union wants the bracket page sponsor "
               "from 14 Dec through 10 Jan.\n\nThanks\nMo\n")
    assert [r["advertiser"] for r in got] == ["Riverton Credit Union"]


def test_a_name_before_a_whole_window_and_its_slot_is_the_client():
    got = mail("", "王经理，青柚茶饮12月12日-14日的首页banner不投了，麻烦撤掉。\n")
    assert [(r["action"], r["advertiser"]) for r in got] == [("cancel", "青柚茶饮")]


def test_a_name_that_spells_the_senders_domain_is_the_writers_company():
    got = mail("Hello", "Hi Tom,\n\nPlease add the review-page sidebar to our Quillmark campaign as well.\n\nThanks!\n",
               sender="Marcus Feld <marcus@quillmark.example>")
    assert [r["advertiser"] for r in got] == ["Quillmark"]


def test_a_subject_that_opens_with_its_date_still_ends_with_its_client():
    got = mail("平安夜推送 - Power Lab", "Lily你好，\n\n想喺平安夜（12月24日）當日出一條推送，推我哋聖誕限定跑鞋。麻煩12月18日前確認時段。\n\n"
               "唔該晒！\nKen Lau\nPower Lab 動力坊 市場部\n")
    assert [(r["start"], r["advertiser"]) for r in got] == [("2026-12-24", "Power Lab")]


def test_tv_and_device_screens_are_slots_but_pausing_the_ads_is_an_act():
    got = mail("澄川厨电关机画面", "王经理好：\n\n澄川厨电想在12月10日-12月31日投放关机画面和屏保广告，素材见附件，请确认。\n\n谢谢\n李娜\n")
    assert [[s["slot"] for s in r["slots"]] for r in got] == [["shutdown-screen"], ["screensaver"]]
    got = mail("暂停投放", "王经理好：\n\n请从12月10日起暂停广告投放，恢复时间另行通知。\n\n谢谢\n李娜\n")
    assert all("pause-screen" not in [s["slot"] for s in r["slots"]] for r in got)


def test_a_lock_screen_a_done_page_or_the_back_of_a_receipt_is_a_slot():
    got = mail("锁屏资讯投放", "你好，\n\n麦田日记想在12月14日-12月27日投放锁屏资讯，素材见附件，请安排。\n\n谢谢\n周敏\n")
    assert [[s["slot"] for s in r["slots"]] for r in got] == [["lock-screen"]]
    got = mail("清理完成页", "你好，\n\n邻里帮的清理完成页广告改到12月7日晚8点上线，12月14日零点下线。\n\n谢谢\n周敏\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["清理完成页"]]
    got = mail("發票背面", "您好：\n\n玉荷米粉的發票背面廣告請改到12/21起跑到1/10，謝謝。\n\n陳小姐\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["發票背面廣告"]]
    # (锁屏 alone is what a phone does: a bug, no slot)
    assert mail("推送问题", "你好，\n\n手机锁屏后推送收不到，请尽快修复，谢谢。\n\n周敏\n") == []


def test_a_coined_name_before_the_subjects_slot_is_the_client_the_subject_alone_names():
    got = mail("GlowRa 12.12 splash", "Hi team,\n\n12.12 当天 ID站 splash 开屏，Jakarta 时间全天，素材见附件，pls 今晚前配好预览发我。\n\nWendy\n")
    assert [r["advertiser"] for r in got] == ["GlowRa"]
    got = mail("雪岭羽绒开屏投放", "吴磊你好，\n\n开屏这次投12月14日-12月27日两周，素材见附件，今天内回复能不能排上。\n\n周婷\n")
    assert [r["advertiser"] for r in got] == ["雪岭羽绒"]
    # (as the text writes it whole: the subject's 翠屏山, the text's 翠屏山景区)
    got = mail("翠屏山机身贴加投", "翠屏山景区冬游季再加一个机身贴，杭州2万台，12月20日上，春运开始前撤，麻烦下周一前报个价。\n\n"
                                   "陆晓棠\n翠屏山景区营销中心\n")
    assert [r["advertiser"] for r in got] == ["翠屏山景区"]
    # (a verb, a day or a common word before the slot names no one)
    got = mail("加个语音冠名", "你好，\n\n下周一到周日加一个语音口播冠名，素材见附件，请安排。\n\n李娜\n")
    assert [r["advertiser"] for r in got] in ([], [None])
    got = mail("Holiday splash", "Hi team,\n\nPlease book the splash for Dec 24-26, creative attached.\n\nWendy\n")
    assert [r["advertiser"] for r in got] == [None]


def test_a_noun_spacy_counts_as_a_stop_word_is_part_of_a_slots_name():
    got = mail("top pick badge", "hey tom\n\ncan we get the top pick badge on the invoicing software comparison page, "
               "starting monday for 2 weeks? same logo as our listing.\n\nsam\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["top pick badge"]]
    got = mail("Pinecrest", "Hi team,\n\nPlease book the Pinecrest Orthopedics postgame show bumper from 12/5 through 12/19.\n\nThanks\nDana\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["postgame show bumper"]]


def test_a_time_read_where_a_name_goes_is_no_client():
    got = mail("邻里帮清理完成页加投", "何佳你好，\n\n邻里帮即日起在清理完成页加投一档到家维修的素材，每天早7点到9点展示，"
               "投到12月20日，素材见附件。\n\n孙悦\n邻里帮 市场部 品牌专员\n")
    assert [r["advertiser"] for r in got] == ["邻里帮"]


def test_a_line_that_asks_for_the_items_below_then_for_a_task_asks_for_the_items():
    got = mail("年货节资源位", "王磊你好，\n\n麻烦在12月14日至20日上线下面两个资源位，另外请周三前回传排期截图：\n"
               "1. 首页焦点图\n2. 搜索结果页第2位\n\n品牌：松果零食\n\n谢谢\n林悦\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("首页焦点图", "2026-12-14", "2026-12-20"), ("搜索结果页第2位", "2026-12-14", "2026-12-20")]
    # (a line that asks only for the task stays a task list)
    assert mail("改稿", "各位好，\n\n请各自改好素材后重新提审：\n1. 首页焦点图\n2. 搜索结果页第2位\n\n谢谢\n") == []


def test_a_bracketed_name_over_a_group_of_items_is_their_client():
    got = mail("代理客户12月排期", "运营同事好，\n\n我们代理的两个客户12月投放如下，请按此排期：\n\n【松果零食】\n"
               "- 推送：12月12日一条\n\n【青梧家纺】\n- 首页焦点图：12月14日—12月20日\n\n谢谢\n林悦\n")
    assert [(r["slots"][0]["slot"], r["advertiser"]) for r in got] == [("push", "松果零食"), ("focus-carousel", "青梧家纺")]


def test_a_waterfall_feed_is_a_feed_and_a_rendering_is_no_report():
    got = mail("瀑布流排期", "你好，\n\n效果图瀑布流第3位请在12月14日至20日给青梧家纺排上，谢谢。\n\n林悦\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [("feed-3", "2026-12-14", "2026-12-20")]


def test_a_slot_word_in_a_file_or_a_link_name_is_no_mention():
    got = mail("首页瀑布流投放", "从下周一起到月底，首页瀑布流第5位给青梧家纺投，麻烦本周内排上。\n\n"
               "附件：qw_feed_1080x1440.jpg是素材，落地页 https://qingwu.example/feed-sale\n\n林悦\n")
    assert [[s["slot"] for s in r["slots"]] for r in got] == [["feed-5"]]


def test_a_hero_on_the_home_screen_is_the_homepage_banner():
    got = mail("home hero", "Hi Ana,\n\nplease book the wallet home hero for Lindgren Foods from 14 Dec to 20 Dec.\n\nEmma\n")
    assert [[s["slot"] for s in r["slots"]] for r in got] == [["homepage-banner"]]


def test_a_slot_named_by_the_newsletter_it_sits_in_sponsors_the_newsletter():
    got = mail("Newsletter", "Hi Ana,\n\nplease book the sponsor slot in your Monday newsletter for Lindgren Foods "
               "on 14 Dec.\n\nEmma\n")
    assert [[(s["text"], s["slot"]) for s in r["slots"]] for r in got] == [
        [("sponsor slot in your Monday newsletter", "newsletter-sponsor")]]


def test_a_newsletters_feature_is_its_sponsor_slot_and_as_per_only_points():
    from datetime import date

    from mailaudit.extract.extract import read_sentences
    from mailaudit.extract.slots import load_slot_vocabulary

    read = read_sentences("please book the weekly digest feature for Lindgren Foods on 15 Dec.", date(2026, 12, 1),
                          load_slot_vocabulary())
    assert [(m.text, m.key) for s in read for m in s.mentions.slots] == [("weekly digest feature", "newsletter-sponsor")]
    got = mail("Banner", "Hi Ana,\n\nplease book the homepage banner for Lindgren Foods from 14 Dec to 20 Dec.\n\n"
               "Creative as per the digest feature.\n\nEmma\n")
    assert [[s["slot"] for s in r["slots"]] for r in got] == [["homepage-banner"]]


def test_booked_slots_named_again_in_a_note_on_the_files_are_no_new_instruction():
    got = mail("年終檔期委刊", "Ops 您好，\n\n代客戶遠程電信委刊年終檔期，請協助排程：\n\n"
               "1. 開屏：12/19-12/20 兩天，12/19 晚上八點上\n2. 推播：12/20 中午 12:00 發一則\n\n"
               "素材共五個檔案都在附件（開屏 iOS／Android 各一、推播 icon），麻煩確認。\n\n蔡宜蓁\n")
    assert sorted((r["slots"][0]["slot"], r["start"]) for r in got) == [
        ("push", "2026-12-20T12:00"), ("splash", "2026-12-19T20:00")]


def test_a_list_of_bookings_one_client_a_line_with_remarks_and_words_before_the_slot():
    got = mail("Two client bookings, w/c 14 Dec", "Hi team,\n\nTwo bookings from our side, please confirm by Friday:\n\n"
               "- Lumo Audio: check-in page rewarded video, 14-20 Dec.\n"
               "- Kopi Pals (coffee capsules): bookshelf top banner 14-18 Dec.\n\nCheers,\nKelvin\nSuisheng Communications\n",
               sender="Kelvin <kelvin@suisheng.example>")
    assert sorted((r["slots"][0]["text"], r["advertiser"]) for r in got) == [
        ("bookshelf top banner", "Kopi Pals"), ("rewarded video", "Lumo Audio")]


def test_the_advertiser_after_a_dash_at_the_end_of_a_chinese_subject():
    got = mail("W51歌单封面推荐位-星潮唱片", "韩冰、adops：\n\n星潮唱片的冬季歌单推广，歌单封面推荐位请排2026-W51整周（周一到周日）。\n\n谢谢\n陈默\n内容运营部\n")
    assert [r["advertiser"] for r in got] == ["星潮唱片"]


def test_the_writers_company_on_a_signature_line_with_a_department_and_a_phone():
    got = mail("品类置顶延期", "陈经理好，\n\n建材商城地板品类置顶这周日（12月6日）到期，请帮我们延到月底，也就是12月31日。\n\n谢谢\n"
               "郑浩\n林语地板 市场部 | 0512-6688 3120\n", sender="郑浩 <zhenghao@linyu-floor.example>")
    assert [r["advertiser"] for r in got] == ["林语地板"]


def test_a_length_from_an_event_that_another_sentence_dates():
    got = mail("Orbitly sponsored search listing at go-live", "Hi Tom,\n\nOur new scheduling app goes live on Tuesday, "
               "December 8. Please run Orbitly's sponsored listing at the top of the search results for 2 weeks from go-live."
               "\n\nThanks,\nMarcus Feld\nGrowth Lead, Orbitly Inc.\n", sender="Marcus Feld <marcus@orbitly.example>")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-08", "2026-12-21")]
    # the launch with its hour, after the request
    got = mail("Japan country guide sponsor", "Dear Mr. Han,\n\nWe would like to add the country guide sponsor for "
               "Hoshizora Department Store, for two weeks from the launch of our New Year campaign. The launch is "
               "January 2, JST 10:00.\n\nBest regards,\nTakeshi Morinaga\n")
    assert [(r["start"], r["end"]) for r in got] == [("2027-01-02T10:00", "2027-01-15")]


def test_a_writer_who_says_we_signs_for_the_company_on_the_line_under_their_name():
    body = "你好，\n\n下下周三开始我们要上搜索品牌专区，投到下下周日，麻烦安排。\n\n吴凡\n暖居地暖\n"
    assert [r["advertiser"] for r in mail("搜索品牌专区", body, sender="吴凡 <wufan@nuanju.example>")] == ["暖居地暖"]
    # a line alone under the name may be a role: not without "we"
    body = "何瑶你好，\n\n关机画面改到12月12日至12月18日投放，素材不变。\n\n唐棠\n宣发统筹\n"
    assert [r["advertiser"] for r in mail("RE: 关机画面档期", body, sender="唐棠 <tangtang@film.example>")] == [None]


def test_the_brand_declared_with_shi_over_the_apps_city_station():
    body = ("李娜你好，\n\n下周六家博会当天，想在杭州站首页焦点图上一天，给我们门店引流。品牌是欧森橱柜，我们是杭州总经销。"
            "麻烦今天给个回复能不能排上。\n\n王建国\n")
    assert [r["advertiser"] for r in mail("家博会当天杭州站焦点图", body)] == ["欧森橱柜"]


def test_the_apps_city_station_is_where_an_ad_runs_not_whose_it_is():
    from mailaudit.extract.advertiser import a_place_or_occasion
    assert a_place_or_occasion("杭州站") and a_place_or_occasion("南京分站") and not a_place_or_occasion("成都站前烤肉")
    # a region or a city by its administrative name ("华南区12月第2批排期": the sales region's bookings)
    assert a_place_or_occasion("华南区") and a_place_or_occasion("佛山市") and not a_place_or_occasion("南京银行")


def test_a_possessive_names_the_client_only_before_a_slot_an_ad_word_or_a_request():
    body = ("Hello Ad Ops,\n\nKindly run our homepage banner from Monday 7 December through Sunday 13 December.\n\n"
            "By God's grace it will be a big one. Thank you.\n\nDayo Ajibola\nHead of Marketing\n")
    assert [r["advertiser"] for r in mail("Eko Soundclash 2026 - homepage banner", body)] == ["Eko Soundclash"]
    body = "Hi team,\n\nPlease run Orbitly's sponsored listing in the search results from 8 to 21 December.\n\nMarcus\n"
    assert [r["advertiser"] for r in mail("Listing", body)] == ["Orbitly"]


def test_the_advertiser_on_the_io_and_an_app_opening_ad():
    body = ("Hi Kelvin,\n\nFor Glow Bay's launch day, please add the App opening ad on Saturday 19 Dec, from 10am to "
            "11:59pm. Advertiser on the IO: Everglow Development Ltd.\n\nThanks,\nCarmen Lau\n")
    got = mail("Glow Bay launch day - App opening ad", body)
    assert [(r["slots"][0]["slot"], r["advertiser"], r["start"], r["end"]) for r in got] == [
        ("splash", "Everglow Development Ltd.", "2026-12-19T10:00", "2026-12-19T23:59")]


@pytest.mark.parametrize("sentence, slot", [
    # a slot no list names, headed by a page's end or result, a card, a background or a standby screen
    ("请从12月18日起到12月31日，在行程结束页卡片投放途安租车的广告。", "行程结束页卡片"),
    ("装修计算器结果页请从12月9日投到12月22日，广告主静墨硅藻泥。", "装修计算器结果页"),
    ("智能屏待机画面从12月7日起换成附件新素材，投到12月20日，客户暖灶厨电。", "智能屏待机画面"),
    # a magazine's back cover, a placement in a short video, a hot word under the search box
    ("麻烦安排週刊封底，12月24日起连续四期，客户海滨线控股。", "週刊封底"),
    ("澜冠电器的短视频植入请安排在12月14日到12月18日。", "短视频植入"),
])
def test_slot_heads_of_pages_cards_and_screens(sentence, slot):
    got = mail("排期", f"运营组好，\n\n{sentence}\n\n谢谢\n王敏\n")
    assert [r["slots"][0]["text"] for r in got] == [slot]


def test_a_slot_name_wrapped_by_the_mail_client_is_read_whole():
    body = ("Dana,\n\nWith that approval now in hand, we would like to add a postgame\nshow bumper, Dec 19-Jan 2, "
            "with the :05 read below.\n\nKind regards,\nElaine Marchetti\nCumberland Ridge Bank\n")
    got = mail("Cumberland Ridge Bank: bowl-season bumper", body)
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("postgame show bumper", "2026-12-19", "2027-01-02")]


def test_words_of_the_sentence_are_no_part_of_a_slots_name():
    # "另外这次横幅": 另外 ("besides") and 这次 ("this time") stand before a slot only in a sentence
    got = mail("春节横幅", "运营组好，\n\n签证进度页横幅请从1月18日投到2月10日，另外这次横幅的素材见附件。\n\n途禾旅行社 王敏\n")
    assert [r["slots"][0]["text"] for r in got] == ["签证进度页横幅"]


def test_a_count_of_venues_is_no_part_of_a_slots_name():
    # "兩場" ("the two garages") stands before the slot in the sentence, not in its name
    got = mail("柵欄機換圖", "您好：\n\n內湖、士林兩場柵欄機螢幕12/8起換成附件新圖，麻煩協助。\n\n謝謝\n")
    assert [r["slots"][0]["text"] for r in got] == ["柵欄機螢幕"]


def test_a_spots_length_alone_is_the_creatives_not_a_slot():
    body = ("Hi team,\n\nFollowing our call, please book the two holiday placements below for Ridgeback Outerwear:\n\n"
            "- Lift-line screen loop, all base areas: Dec 12-27 (15-second spot, attached)\n"
            "- Gondola interior cards: Dec 19 through Jan 3\n\nThanks,\nDana\n")
    got = mail("Ridgeback Outerwear holiday booking", body)
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("Lift-line screen loop", "2026-12-12", "2026-12-27"), ("Gondola interior cards", "2026-12-19", "2027-01-03")]
    # with a daypart it is the radio slot
    got = mail("Drive time", "Hi,\n\nPlease book 15 second PM drive spots from Dec 14 to Dec 20.\n\nThanks\n")
    assert [r["slots"][0]["text"] for r in got] == ["15 second PM drive spots"]


@pytest.mark.parametrize("subject, body, action", [
    # the reason's change ("价格要调整", "a budget change") is why; the request is the stop
    ("视频前贴今晚零点下线", "Jason 你好，\n\n因为 LangitTel 的 5G 配套价格明天要调整，现在跑着的视频前贴请今晚零点下线，"
     "新价格的版本我们下星期再给。\n\n辛苦了！\n", "cancel"),
    ("Homepage banner", "Hi team,\n\nDue to a budget change, please stop the homepage banner from Friday.\n\nThanks\n", "cancel"),
])
def test_a_clause_that_gives_a_reason_asks_for_nothing(subject, body, action):
    assert [r["action"] for r in mail(subject, body)] == [action]


def test_a_cantonese_no_need_to_change_is_no_change():
    body = "你好，\n\n麻煩你哋幫快潔家居清潔喺 home rail #2 排下星期一到星期三，三日就得，素材同上次一樣，唔使換。\n\n唔該\n"
    assert [r["action"] for r in mail("快潔 home rail #2 下星期一至三", body)] == ["place"]


def test_a_change_that_only_ends_later_than_before_is_an_extend():
    body = "各位好，\n\n暖阳奶茶望京店取票机屏幕原定12月20日结束，现在续到元旦，元旦后撤，素材不换，请明天前确认。\n\n谢谢\n"
    got = mail("暖阳取票机屏幕续投", body)
    assert [(r["action"], r["end"]) for r in got] == [("extend", "2027-01-01")]


def test_a_word_that_would_veto_is_part_of_the_slots_name_right_before_it():
    body = "Hi team,\n\nPlease book the snow report email presenting sponsor slot from December 10 through the 31st.\n\nThanks\n"
    got = mail("[Alpenglow Cider] snow report sponsor Dec 10-31", body)
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-10", "2026-12-31")]
    # a report asked for about a slot is still no booking
    assert mail("Report", "Hi team,\n\nPlease send the report on the homepage banner by Friday.\n\nThanks\n") == []


@pytest.mark.parametrize("body, slot", [
    # another matter's word in an aside, away from the act and the slot, does not veto the booking
    ("Dear sir, madam,\n\nOur company Paraplufabriek Holland B.V. (internationally we call ourselves Holland Umbrella "
     "Company) would like to book the widget skin in week 53, so from 28-12 until 3-1.\n\nKind regards\n", "widget skin"),
    ("刘经理你好，上次说的那个评论区置顶我们想做，下周一开始投一周，有问题打我电话，谢谢\n", "评论区置顶"),
])
def test_another_matters_word_in_an_aside_does_not_veto_a_booking(body, slot):
    assert [r["slots"][0]["text"] for r in mail("Booking", body)] == [slot]


def test_another_matters_word_acted_on_or_where_the_slot_sits_still_vetoes():
    assert mail("Town hall banner", "Hi IT,\n\nPlease update the announcement banner on the intranet homepage for the "
                "town hall on Friday.\n\nHR\n") == []


def test_a_creative_promised_after_a_dated_act_does_not_veto_the_act():
    # (the material word covers the sentence only where nothing before it acts at a time)
    got = mail("禾岭米酒 站台灯箱", "1月8日早6点上线，1月20日零点下线，禾岭米酒站台灯箱，画面下午补发\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2027-01-08T06:00", "2027-01-20T00:00")]
    assert mail("禾岭米酒 站台灯箱", "画面下午补发，1月8日早6点上线\n") == []


def test_a_task_word_written_into_a_pages_name_names_the_page():
    got = mail("青岚果汁 登录页", "你好，\n\n青岚果汁想在下周一上一天机场WiFi登录页，画面见附件。\n\n谢谢\n")
    assert [(r["action"], r["slots"][0]["slot"], r["start"]) for r in got] == [("place", "wifi-portal", "2026-12-07")]


def test_a_wifi_portal_is_a_slot_in_english_too():
    got = mail("Fernway Air - Wi-Fi landing page", "Hi team,\n\nPlease book the Wi-Fi landing page for Fernway Air "
               "from Jan 11 to Jan 24.\n\nThanks,\nAnn\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [("wifi-portal", "2027-01-11", "2027-01-24")]


def test_a_dated_act_put_as_ok_asks_for_it_a_bare_one_does_not():
    got = mail("暮山茶 push", "暮山茶那条 push，18号晚上 8:00 上线 ok?\n\n阿宁\n")
    assert [(r["action"], r["slots"][0]["slot"], r["start"]) for r in got] == [("place", "push", "2026-12-18T20:00")]
    # (a bare "上线 ok?" under a request asks whether it is understood: the request stands)
    got = mail("暮山茶加投", "暮山茶在跑的开屏之外，想加一个搜索结果页推荐位，下周二开始到1月3号。\n\n上线 ok? 麻烦回复\n")
    assert [r["action"] for r in got] == ["add"]


def test_a_message_slot_sent_is_placed():
    got = mail("栖木家居 push", "push帮忙发一下 文案群里发过了 同上周\n")
    assert [(r["action"], r["slots"][0]["slot"], r["advertiser"]) for r in got] == [("place", "push", "栖木家居")]
    assert mail("栖木家居", "短信的文案发一下给我\n") == []


def test_a_venues_sponsor_board_is_a_slot_a_board_alone_is_not():
    got = mail("Alder Homes IO - 9th green", "Hi Sam,\n\nPlease see the signed IO for the Alder Homes 9th-green "
               "sponsor board at Pine Hollow, January 4 through January 31.\n\nThanks,\nAnn\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [("sponsor-board", "2027-01-04", "2027-01-31")]
    assert mail("Training", "Hi all,\n\nPlease book the training board room for January 4 through January 8.\n\n"
                "Thanks,\nAnn\n") == []


def test_an_agency_named_in_the_subject_gives_way_to_the_client_its_text_names():
    body = ("Hi 晓桐，\n\n我们客户12月下旬的 booking 如下：\n\n1. 茶咕噜：开屏，12/21-12/27，KV 周五前给到。\n\n"
            "请按这个排上，谢谢！\n\nLeo Zhong 钟立\nMedia Planner | 栖岸传播 Qi'an Communications\n")
    got = mail("栖岸 12月下旬客户排期", body, sender="Leo Zhong <leo@qian-comms.example>")
    assert [r["advertiser"] for r in got] == ["茶咕噜"]


def test_running_days_on_end_is_a_placement_not_an_extension():
    # "连续投7天": 连续 (on end) and 投, not 连 and 续投 (run on)
    got = mail("开屏排期", "各位：\n\n12月16日起开屏连续投7天，请配置。\n\n唐毅\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-16", "2026-12-22")]
    got = mail("开屏续投", "各位：\n\n开屏续投两周，到12月31日。\n\n唐毅\n")
    assert [(r["action"], r["end"]) for r in got] == [("extend", "2026-12-31")]


@pytest.mark.parametrize("body, window", [
    ("请元旦三天投放开屏。", ("2027-01-01", "2027-01-03")),  # a festival and a count of days: from it on
    ("国庆7天请投放开屏。", ("2027-10-01", "2027-10-07")),
    ("元旦前三天投放开屏，请安排。", ("2026-12-29", "2026-12-31")),  # (before it, as before)
    ("元旦2天后上线开屏。", (None, None)),  # (two days after it: no run from it)
])
def test_a_festival_and_a_count_of_days_is_a_run_from_it(body, window):
    got = mail("开屏投放", "各位：\n\n" + body + "\n\n唐毅\n")
    assert [(r["start"], r["end"]) for r in got] == [window]


def test_what_an_ad_is_for_is_no_question():
    # "用于…咨询宣传": the purpose of the ad; 咨询 asks the reader nothing there
    body = "刘老师：\n\n我校拟于12月28日至12月31日投放开屏广告，用于招生咨询宣传。画面见附件，请安排排期。\n\n孟欣\n"
    got = mail("开屏投放申请", body)
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-28", "2026-12-31")]


def test_a_notice_in_the_subject_tells_and_asks_for_nothing():
    # a recall notice that pauses what the media carries: no cancel of a booking
    body = ("思远：\n\n南宁一批电单车需召回更换电池，12月2日起分批下架。下架期间这些车上的电池盖贴看不到，"
            "请跟在投的客户先打个招呼。\n\n宁桂芳\n")
    assert mail("南宁电单车电池召回下架通知", body) == []
    # (a notice that names its act on a slot in the subject still asks for it)
    got = mail("入口灯箱撤档通知", "您好：\n\n入口灯箱12月15日起撤档，请安排。\n\n王\n")
    assert [r["action"] for r in got] == ["cancel"]


@pytest.mark.parametrize("body, window", [
    # US holidays on a weekday of a week of the month, and a weekday after or before a named day
    ("Please run the homepage banner from Dec 7 through MLK Day.", ("2026-12-07", "2027-01-18")),
    ("Please run the homepage banner from Jan 4 until the Friday before Super Bowl Sunday.", ("2027-01-04", "2027-02-12")),
    ("We'd like the homepage banner starting the Monday after Christmas and running through Presidents' Day.",
     ("2026-12-28", "2027-02-15")),
])
def test_us_holidays_and_a_weekday_beside_a_named_day(body, window):
    got = mail("banner", "Hi Dana,\n\n" + body + "\n\nThanks\nMarcus\n")
    assert [(r["start"], r["end"]) for r in got] == [window]


@pytest.mark.parametrize(("text", "key"), [
    # an e-news's or an email's sponsor is a newsletter's (a banner or a slot in an email is the
    # email's own)
    ("member e-news sponsor block", "newsletter-sponsor"),
    ("weekly chart email sponsor", "newsletter-sponsor"),
    ("snow report email presenting sponsor slot", "newsletter-sponsor"),
    ("sponsor of the noticias de la frontera daily newsletter", "newsletter-sponsor"),
    ("newsletter presented-by position", "newsletter-sponsor"),
    ("email banner", "edm"),
    # a display unit's size says it is a banner of the page it names
    ("homepage 300x250", "homepage-banner"),
    ("文章页300x600", "detail-page"),
    ("review-page sidebar 300x250", "sidebar"),
])
def test_a_slot_shape_is_keyed_by_where_it_sits(text, key):
    from mailaudit.extract.slots import load_slot_vocabulary
    assert load_slot_vocabulary().key_of_shape(text) == key


def test_a_sponsor_slot_in_a_kind_of_email_is_read_whole():
    got = mail("Student email", "Hi Ffion,\n\nPlease book Keyhaven the sponsor slot in the weekly student email on "
                                "Thursday 14 January.\n\nThanks\n")
    assert [(s["text"], s["slot"]) for r in got for s in r["slots"]] == [
        ("sponsor slot in the weekly student email", "newsletter-sponsor")]


@pytest.mark.parametrize(("signature", "advertiser"), [
    # the company joined to the signer's department on a line of its own (a region's office
    # between them), for a writer who books for their own company
    ("唐韵\n祥云航空市场部\n", "祥云航空"),
    ("刘博\n北辰汽车华东区市场部\n", "北辰汽车"),
    # (a department alone, or two characters of the language before it, name no company)
    ("刘博\n华东区市场部\n", None),
])
def test_the_company_joined_to_the_signers_department(signature, advertiser):
    got = mail("摆渡车车身广告", "排期组各位：\n\n我司想在远机位摆渡车车身上投放会员招募广告，12月14日起两周，请安排。\n\n"
               + signature, sender="唐韵 <tang@example.com>")
    assert {r["advertiser"] for r in got} == {advertiser}


def test_a_firm_named_by_its_partners_is_one_advertiser():
    got = mail("Harlan, Voss & Pruitt – February underwriting",
               "Dear Marcus,\n\nThe partners approved the February schedule. Please book our homepage banner from "
               "1 Feb to 14 Feb.\n\nKind regards,\nDenise Albrecht\nOffice Manager\nHarlan, Voss & Pruitt LLP\n",
               sender="Denise Albrecht <dalbrecht@hvplaw.example>")
    assert {r["advertiser"] for r in got} == {"Harlan, Voss & Pruitt"}


def test_a_push_named_by_what_it_is_about_on_each_day_written_out():
    got = mail("Friday push", "Hi Maja,\n\nplease send our weekend-offer push every Friday in December, so 4.12., "
                              "11.12. and 18.12., at 15.00.\n\nThanks,\nEmma\n")
    assert [(s["text"], r["start"], r["end"]) for r in got for s in r["slots"]] == [
        ("push", "2026-12-04", "2026-12-04"), ("push", "2026-12-11", "2026-12-11"), ("push", "2026-12-18", "2026-12-18")]
    # (a push of effort has no day: no slot)
    assert mail("Q1", "Hi,\n\nWe need a big push on sales, please schedule a call for Monday.\n\nThanks\n") == []


@pytest.mark.parametrize(("subject", "advertiser"), [
    # a coined name right before a Chinese act in the subject, which the text does not name again
    ("青穗燕麦奶撤单", "青穗燕麦奶"),
    # (not a slot's, a page's or an occasion's words before it)
    ("双旦大促撤单", None),
])
def test_the_subject_names_the_client_before_its_act(subject, advertiser):
    got = mail(subject, "排期组：\n\n安检口通道屏那单客户预算砍了，12月14日开始的那期取消，麻烦释放库存。\n\n沈嘉怡\n睿途传播 媒介购买部\n")
    assert {r["advertiser"] for r in got} == {advertiser}


@pytest.mark.parametrize(("body", "action", "slot"), [
    # a want whose object is the ad itself, and a colloquial "stick us on", are placements
    ("Hi Dana,\n\nLeasing would like our own house ad on I-35 SB #209 for the unsold weeks, Dec 14 through Dec 31."
     "\n\nThanks\n", "place", "I-35 SB #209"),
    ("Hannah - can you stick us on the profile-swipe card (every 12th) Fri 11 - Sun 13? Same creative as November."
     "\n\nCheers\n", "place", "profile-swipe card"),
    # ("would like the banner extended": the want of an extension)
    ("Hi Tash,\n\nSouthern Solar would like the footer banner on the cricket pages extended past the Boxing Day "
     "Test, through to "
     "Thursday 7 January.\n\nCheers\n",
     "extend", "footer banner"),
])
def test_wants_and_colloquial_placements(body, action, slot):
    got = mail("Copper Still weekend swipe cards" if "swipe" in body else "Booking", body)
    assert [(r["action"], s["text"]) for r in got for s in r["slots"]] == [(action, slot)]


def test_a_want_of_something_else_is_no_placement():
    assert mail("Question", "Hi,\n\nWe would like the rate card for the homepage banner for January.\n\nThanks\n") == []


@pytest.mark.parametrize(("body", "slot"), [
    # a read on air or on a stream, named by the programme, the host or the moment (jieba would
    # split 主持人口播 as 主持 | 人口 | 播), its length between
    ("排播組您好：\n\n想排週末點播單元主持人口播，12月19日起每週六一次。\n\n麻煩了\n", "點播單元主持人口播"),
    ("您好，\n\n12月19日请安排一条课前15秒口播。\n\n谢谢\n", "课前15秒口播"),
    # an account's lead story (jieba would split 公众号 as 公众 | 号)
    ("周经理，\n\n这周先帮我们把公众号头条订了：12月17日那期。\n\n沈蔓\n", "公众号头条"),
])
def test_zh_slot_words_jieba_would_split(body, slot):
    assert [s["text"] for r in mail("排期", body) for s in r["slots"]] == [slot]


def test_a_reads_script_is_no_slot():
    assert [s["text"] for r in mail("排期", "您好，\n\n12月19日请安排解说口播，口播稿明天给您。\n\n谢谢\n")
            for s in r["slots"]] == ["解说口播"]


def test_a_forwarded_booking_named_by_a_slot_shape_alone_is_pointed_at():
    # the forwarded mail books "桌贴", a shape's head read with the word after it ("桌贴各150桌"):
    # it lets the note's "请执行" point at a placement
    forwarded = ("\n\n-----原始邮件-----\n发件人: 沈蔓 <shenman@chayeji.example>\n发送时间: 2026年12月2日 9:40\n"
                 "收件人: 周屿 <zhouyu@qingcheng.example>\n主题: 【茶野集】金陵师范需求\n\n周经理，\n\n"
                 "金陵师范学院一食堂、二食堂桌贴各150桌，12月21日上，1月10日撤。\n\n谢谢！\n沈蔓\n")
    got = mail("转发: 【茶野集】金陵师范需求", "请执行。" + forwarded)
    assert [(r["action"], r["slots"], r["start"]) for r in got] == [("place", [], None)]


def test_lettered_items_under_a_request_that_says_reply_when_done():
    # "a)" items under "1." groups, below "please set them up and reply when done" (a wh-word in
    # no question), one of them with "ep." inside
    got = mail("Deliverables for two partners, December",
               "Hi delivery team,\n\nTwo partners' December deliverables below - please set them up and reply when "
               "done, by Friday if possible.\n\n1. Coastlink Buses\n   a) podcast ep. opener on the next two episodes\n"
               "   b) match-centre banner in the app, Sat 5/12 to Sun 20/12\n2. Tidewater Hospice\n"
               "   c) solo feature in the members' email, send Thu 10/12\n\nThanks\nFiona\n",
               date="Tue, 01 Dec 2026 10:00:00 +0000")
    assert [(s["text"], r["start"]) for r in got for s in r["slots"]] == [
        ("match-centre banner", "2026-12-05"), ("solo feature in the members' email", "2026-12-10")]


def test_days_of_the_week_in_a_sentence_of_their_own_beside_a_dated_request():
    # "週一至週五播出" says which days of the run, not this week's Monday to Friday; "排入" schedules
    got = mail("瑞豐醬園冬季檔次排播", "排播組各位好：\n\n請協助排入瑞豐冬季檔，115年12月14日起，一檔跑四週，時段如下：\n\n"
               "晚間新聞前插播  18:55  30秒\n\n週一至週五播出。麻煩了。\n\n林佩蓉\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-14", "2027-01-10")]
    # (alone, they are no window: not this week's Monday to Friday)
    got = mail("瑞豐醬園冬季檔次排播", "排播組各位好：\n\n瑞豐冬季檔115年12月14日起，一檔跑四週。\n\n"
               "請協助排晚間新聞前插播，週一至週五播出。麻煩了。\n\n林佩蓉\n")
    assert [(r["start"], r["end"]) for r in got] != [("2026-12-07", "2026-12-11")]


def test_a_branch_named_beside_a_slot_gives_way_to_the_company_that_signs():
    # (新竹巨城店 is the mall branch where the flags hang; 北辰電器, who signs, books them)
    got = mail("中庭吊旗 新竹巨城店", "曜禾 您好：\n\n北辰電器暖氣機檔期要做 新竹巨城店 中庭吊旗 4面，12/7(一)起掛，聖誕節前撤，"
               "麻煩協助排入。\n\n謝謝\n蔡孟儒\n北辰電器股份有限公司 行銷部\n03-658-2201\n",
               sender="=?utf-8?b?6JSh5a2f5YSS?= <mr.tsai@beichen.example>")
    assert [r["advertiser"] for r in got] == ["北辰電器股份有限公司"]


def test_a_latin_company_then_its_department_in_chinese_signs_for_the_company():
    got = mail("首頁橫幅", "宗翰您好：\n\n請協助排入官網首頁橫幅 970x250，12月21日至1月3日。\n\n謝謝\n許書瑋\n"
               "Lakeview Tea 品牌行銷\n02-8792-6630\n", sender="Hsu <shuwei@lakeviewtea.example>")
    assert [r["advertiser"] for r in got] == ["Lakeview Tea"]


def test_a_contract_changed_is_no_placement_change():
    # (Cantonese: "唔該幫手改埋合約" asks to amend the contract to match; the extension is the act)
    got = mail("【染韻】天花屏延期", "Kit：\n\n我哋而家做緊嘅洗頭位天花屏全線，想延長到農曆年廿八落畫。"
                                 "唔該幫手改埋合約，下星期三（12月9日）前回覆得唔得。\n\nJacky\n")
    assert [r["action"] for r in got] == ["extend"]


@pytest.mark.parametrize(("subject", "body", "advertiser"), [
    # the subject's short name, the text's name with what the brand sells after it
    ("暖岛大堂LCD撤刊", "执行组的同事好，\n\n按客户钉钉消息，暖岛羽绒服的写字楼大堂LCD从12月7日起撤下，请安排下刊。\n\n陈舟\n",
     "暖岛羽绒服"),
    ("雪岭春节前一周开屏", "周经理：\n\n雪岭矿泉水春节返乡主题新开一波：开屏，1月30日起一周，请安排。\n\n沈嘉怡\n",
     "雪岭矿泉水"),
])
def test_the_subjects_brand_as_the_text_writes_it_with_its_product(subject, body, advertiser):
    assert {r["advertiser"] for r in mail(subject, body)} == {advertiser}


@pytest.mark.parametrize(("body", "slots"), [
    # a screen named by where it stands or what it shows
    ("您好，\n\n请安排驿站取件屏15秒，12月7日起两周。\n\n谢谢\n", ["驿站取件屏"]),
    ("您好，\n\n快递柜主屏投放两周，12月7日起。\n\n谢谢\n", ["快递柜主屏"]),
    # (a time it runs after it: "立柱屏元旦档")
    ("您好，\n\n青禾乳业要上立柱屏元旦档，12月26日到2027年1月3日，每轮15秒。\n\n谢谢\n", ["立柱屏"]),
    # (or how far it runs: "天花屏全線")
    ("Kayan：\n\n我哋凝光美容想喺你哋洗手間天花屏全線賣廣告，12月14日開始做三個禮拜，唔該幫我安排。\n\n唔該晒\n", ["洗手間天花屏"]),
    # (not a device's name the next word goes on with: the app's splash is booked)
    ("孙经理好：\n\n春节前一周（1月30日-2月5日）想投极光屏遥控器App的开屏，请按这个排期锁位。\n\n陈立\n", ["开屏"]),
    # (nor a screen a notice says is off: "通道屏全部关闭")
    ("周总好，\n\n听说安检区12月10日到25日改造、通道屏全部关闭，请贵司12月8日前给一个补偿方案。\n\n陈立\n", []),
])
def test_a_screen_named_by_where_it_stands(body, slots):
    assert [s["text"] for r in mail("排期", body) for s in r["slots"]] == slots


@pytest.mark.parametrize(("body", "slots"), [
    # a poster named by where it hangs
    ("您好，\n\n宿舍楼道海报12月16日起贴一周，请安排。\n\n谢谢\n", ["宿舍楼道海报"]),
    # (not a version of the artwork)
    ("您好，\n\n驿站取件屏12月14日起换双旦那版海报，请安排。\n\n谢谢\n", ["驿站取件屏"]),
])
def test_a_poster_named_by_where_it_hangs(body, slots):
    assert [s["text"] for r in mail("排期", body) for s in r["slots"]] == slots


@pytest.mark.parametrize(("body", "slots"), [
    # a rack or a gantry named by where it stands
    ("您好，\n\n驿站海报架12月14日起贴两周，请安排。\n\n谢谢\n", ["驿站海报架"]),
    ("您好，\n\n麻煩喺等候區雜誌架放我哋嘅單張，12月7日至1月31日。\n\n唔該\n", ["等候區雜誌架"]),
    # (not a verb before it: "配合龙门架" is no rack's name)
    ("您好，\n\n请安排收费站龙门架，12月14日起两周，充值页配合龙门架一起上。\n\n谢谢\n", ["收费站龙门架"]),
    # (nor a count of vehicles)
    ("您好，\n\n車尾廣告，新界線20架，12月14日起兩週。\n\n謝謝\n", []),
])
def test_a_rack_named_by_where_it_stands(body, slots):
    assert [s["text"] for r in mail("排期", body) for s in r["slots"]] == slots



def test_an_open_first_day_said_again_with_its_end_takes_the_end():
    got = mail("Friday sailings", "Hi Niamh,\n\nPlease add the lounge TV loop on every Friday night sailing to our "
               "winter campaign, starting this Friday and running until the end of January.\n\nThanks\nRhodri\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [("lounge TV loop", "2026-12-04", "2027-01-31")]
    # (not a slot sent once: the push's day is its window, whatever else runs from that day)
    got = mail("Boxing Day", "Hi Maya,\n\nPlease can you book us for Boxing Day: a push notification at 8am on Sat "
               "26/12, and the app Offers-for-You tile from 26/12 until 3/1?\n\nThanks\nJo\n")
    assert [(r["slots"][0]["text"], r["end"]) for r in got][:1] == [("push notification", "2026-12-26")]


def test_a_slot_sent_once_every_weekday_of_a_month_is_booked_on_each():
    got = mail("Lunch push", "Hi team,\n\nPlease book our lunch push every Friday in December.\n\nThanks\nMandi\n")
    assert [(r["start"], r["end"]) for r in got] == [
        ("2026-12-04", "2026-12-04"), ("2026-12-11", "2026-12-11"), ("2026-12-18", "2026-12-18"), ("2026-12-25", "2026-12-25")]


@pytest.mark.parametrize(("body", "slot"), [
    # a screen's kind in capitals inside a slot's name, and a stadium's LED minutes
    ("Hi team,\n\nPlease add the concourse TVs loop for Tuesday 15/12, same artwork.\n\nThanks\nFiona\n",
     "concourse TVs loop"),
    ("Morning Fiona,\n\nCan you book us 2 mins LED per half for the home game on Sat 12/12?\n\nCheers\nAlasdair\n",
     "2 mins LED"),
    # (and what the screen shows between: a hotel's or a ship's welcome channel)
    ("Hi Wei Ling,\n\nKindly put our spa promo on the cabin TV welcome loop from 7 Dec till 3 Jan.\n\nThanks,\nMarco\n",
     "cabin TV welcome loop"),
])
def test_stadium_screens_and_boards(body, slot):
    assert [s["text"] for r in mail("Booking", body) for s in r["slots"]] == [slot]


@pytest.mark.parametrize(("what", "slot"), [
    # a printed piece's back page and covers, named with the piece or alone
    ("the daily programme back page", "daily programme back page"),
    ("the planner inside back cover", "planner inside back cover"),
    ("the inside back cover of the members' magazine", "inside back cover"),
    ("the trail map front cover", "trail map front cover"),
])
def test_a_printed_pieces_back_page_and_covers(what, slot):
    body = f"Hi,\n\nPlease book {what} from Dec 11 to Dec 24.\n\nThanks\nRay\n"
    assert [s["text"] for r in mail("Booking", body) for s in r["slots"]] == [slot]


def test_a_known_slot_hyphened_to_the_next_word_is_a_modifier_of_a_compound():
    # ("splash-zone banners" hang at a water park's splash zone: no app's splash screen)
    got = mail("Booking", "Hi,\n\nPlease book the splash-zone banners from Dec 11 to Dec 24.\n\nThanks\nRay\n")
    assert [(s["text"], s["slot"]) for r in got for s in r["slots"]] == [("splash-zone banners", "splash-zone-banners")]


def test_a_whatsapp_broadcast_is_a_slot_sent_once():
    got = mail("Harbourline x TableTap", "Hi Wei Ling,\n\nPls help book a WhatsApp broadcast on 15/12 for Harbourline Bank."
               "\n\nThanks\nJasmine\n")
    assert [(s["slot"], r["start"], r["end"]) for r in got for s in r["slots"]] == [
        ("whatsapp-broadcast", "2026-12-15", "2026-12-15")]


def test_a_numbered_group_line_names_the_client_of_the_items_under_it():
    got = mail("12月新增兩客戶檔次", "排播組各位好：\n\n以下兩個客戶的12月檔次，請協助排入：\n\n1. 瑞豐醬園\n"
               "   - 午間帶狀節目主持人口播，12/14至12/31。\n2. 綠湖茶飲\n   - 晚間新聞前插播，12/14至12/27。\n\n麻煩了。\n")
    assert [r["advertiser"] for r in got] == ["瑞豐醬園", "綠湖茶飲"]


@pytest.mark.parametrize(("body", "slots"), [
    # a page's share of a printed programme, by where it is printed
    ("Hi team,\n\nPlease book a quarter page in the matchday programme v Rovers, Sat 12/12.\n\nThanks\nFiona\n",
     ["quarter page in the matchday programme"]),
    # (an episode number stands before no slot's name)
    ("排播組您好：\n\n請排Podcast第12-15集片中贊助，12/10至12/31。\n\n麻煩了\n", ["片中贊助"]),
])
def test_printed_pages_and_podcast_sponsorships(body, slots):
    assert [s["text"] for r in mail("Booking", body) for s in r["slots"]] == slots


def test_an_accounts_second_article_by_its_day():
    got = mail("公众号排期", "您好，\n\n请帮我们订公众号周三次条，12月9日那期。\n\n谢谢\n")
    assert [(s["text"], r["start"]) for r in got for s in r["slots"]] == [("公众号周三次条", "2026-12-09")]


def test_a_two_column_key_cell_line_declares_the_client():
    # "Advertiser | Corra Mobile" (an HTML table turned to text) names the client as
    # "Advertiser: Corra Mobile" does; the subject's "– Parkside" is the centre
    for sep in (" | ", "  | ", "\t"):
        got = mail("NYE kiosk takeover – Parkside",
                   "Hi team,\n\nPlease book the directory kiosk takeover at Westgrove Parkside for our sale: "
                   f"live from 6pm on Thu 31/12, off at 11:59pm on Fri 1/1.\n\nAdvertiser{sep}Corra Mobile\n"
                   f"Creative{sep}https://assets.corra.example/nye.mp4\n\nCheers,\n")
        assert got and {r["advertiser"] for r in got} == {"Corra Mobile"}, sep
    # a table's head row names no client
    got = mail("两单投放", "运营组各位好，\n\n请按下表配置：\n\n广告主 | 位置 | 开始 | 结束\n"
               "橙子金融 | 搜索品牌专区 | 7月1日 | 7月31日\n\n谢谢\n孟凡\n")
    assert [r["advertiser"] for r in got] == ["橙子金融"]


def _with_basis(subject: str, body: str) -> list[dict]:
    raw = (f"From: Claire <claire@orchidea.example>\nTo: lan@t3media.example\nDate: Tue, 01 Dec 2026 10:00:00 +0800\n"
           f"Subject: {subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}").encode()
    return [i.record() | {"confidence": i.confidence, "basis": i.basis} for i in extract(parse_bytes(raw, "t.eml"))]


def test_the_items_under_an_asking_line_are_its_slots_when_no_vocabulary_names_them():
    got = _with_basis("Lunar New Year booking",
               "Hi Lan,\n\nPlease book the two placements below for Orchidea, running 1 January to "
               "28 February 2027:\n\n- International Arrivals jet bridges (all four bridges)\n"
               "- VIP lounge table stickers\n\nMany thanks,\nClaire\n")
    assert [([s["text"] for s in r["slots"]], r["start"], r["end"], r["advertiser"], r["confidence"]) for r in got] == [
        (["International Arrivals jet bridges"], "2027-01-01", "2027-02-28", "Orchidea", "medium"),
        (["VIP lounge table stickers"], "2027-01-01", "2027-02-28", "Orchidea", "medium"),
    ]
    assert all("slot-from-list-below" in r["basis"] for r in got)
    # a list of what to send, not where to place: the items are creatives and dates
    got = _with_basis("Lunar New Year booking",
               "Hi Lan,\n\nPlease book the jet bridges for Orchidea, running 1 January to 28 February 2027. "
               "Please send the following:\n\n- artwork files\n- the signed IO\n\nMany thanks,\nClaire\n")
    assert all("slot-from-list-below" not in r["basis"] for r in got)


def test_an_item_with_its_own_dates_under_an_asking_line_names_its_slot_by_its_first_words():
    got = mail("Dec-Jan mortgage campaign bookings",
               "Dear Farhana,\n\nPlease book the following for our home loan promotion:\n\n"
               "1. App push - one send on 15/12 (all estates)\n"
               "2. Notice board A3 poster - Tampines and Punggol clusters, 14/12 to 27/12\n\n"
               "Best regards,\nRajesh\n")
    assert [([s["text"] for s in r["slots"]], r["start"], r["end"]) for r in got] == [
        (["App push"], "2026-12-15", "2026-12-15"),
        (["Notice board A3 poster"], "2026-12-14", "2026-12-27"),
    ]
    # "冰湾速冻：油烟机屏开机页，…" puts the client first: its first words are no slot
    got = mail("两个品牌的投放", "运营同学好，\n\n麻烦安排以下两单：\n1. 禾谷酱园：菜谱详情页底部卡片，12.28-1.3\n"
               "2. 冰湾速冻：油烟机屏开机页，12月15日起两周\n\n谢谢\n小周\n")
    assert all(s["text"] not in ("禾谷酱园", "冰湾速冻") for r in got for s in r["slots"])


def test_out_of_home_heads_name_a_slot_no_list_names():
    got = mail("Parkside food court table talkers for Corra",
               "G'day team,\n\nWe'd like to run Corra's summer plan offer on the food court table talkers "
               "(120 tables) at Westgrove Parkside, from Mon 7/12 until Christmas Eve.\n\nCheers,\nMia\n")
    assert [([s["text"] for s in r["slots"]], r["start"], r["end"], r["advertiser"]) for r in got] == [
        (["food court table talkers"], "2026-12-07", "2026-12-24", "Corra")]
    got = mail("Interview backdrop", "Hi Yifan,\n\nPlease put Korvex on the post-match interview backdrop "
               "from 11 January for two weeks.\n\nBest,\nLena\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["post-match interview backdrop"]


def test_a_public_body_signing_for_itself_is_the_advertiser():
    got = mail("森林防火公益宣传投放",
               "付经理：\n\n今年冬春季森林防火的宣传片，请安排在游客中心大屏上投放（公益宣传，不收费），"
               "12月14日至12月27日。\n\n苍岭县文化和旅游局 宣传股\n刘海涛\n0871-6530 1128\n",
               sender="刘海涛 <liuht@cangling-wlj.example>")
    assert [r["advertiser"] for r in got] == ["苍岭县文化和旅游局"]


def test_a_broadcast_named_by_where_it_plays_is_a_slot_its_script_is_not():
    got = mail("菜场广播", "孟经理好：\n\n北麓牧场想在12月14日至12月27日上菜场广播，每小时2次。\n\n谢谢\n王磊\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["菜场广播"]]
    got = mail("广播稿", "孟经理好：\n\n菜场广播稿已经发你了，请在12月14日起安排。\n\n谢谢\n王磊\n")
    assert all(s["text"] != "菜场广播" for r in got for s in r["slots"])


def test_a_subject_tail_the_text_writes_as_a_place_is_the_venue_not_the_client():
    got = mail("Homepage banner – Lakeside",
               "Hi Mia,\n\nPlease book the homepage banner at Westgrove Lakeside for our Summer Swell campaign, "
               "from Mon 14 Dec for four weeks.\n\nCheers,\nBen\n\nBen Okafor\nBrand Marketing Manager | Saltline Surf Co.\n",
               sender="Ben Okafor <ben.okafor@saltlinesurf.example>")
    assert [r["advertiser"] for r in got] == ["Saltline Surf Co."]


def test_a_complaint_asks_for_no_booking():
    body = "Hi,\n\nThe lobby video wall on floor 3 is far too loud. Please pull the lobby video wall audio.\n\nRavi\n"
    assert mail("Complaint: lobby video wall too loud", body) == []
    assert mail("投诉：观景台灯箱挡住看日出", "您好：\n\n东边那块灯箱挡在最好的位置，希望你们把灯箱撤掉。\n\n游客 王女士\n") == []


def test_an_occasion_word_is_no_part_of_a_subject_brand():
    got = mail("Orchidea Lunar New Year booking",
               "Hi Lan,\n\nPlease book the two placements below for Orchidea, running 1 January to 28 February 2027:\n\n"
               "- International Arrivals jet bridges (all four bridges)\n- VIP lounge table stickers\n\nMany thanks,\nClaire\n",
               sender="Claire Moreau <claire@orchidea.example>")
    assert [r["advertiser"] for r in got] == ["Orchidea", "Orchidea"]


def test_a_question_put_to_the_readers_team_asks_for_it():
    # "Could your team put it on …?" is a request as "could you" is, not a question to answer
    got = mail("Road safety message – Kestrel Arms pubs",
               "Dear Rosie,\n\nCould your team put our road safety message on the washroom mirrors and the "
               "chalkboard A-frames at your nine Kestrel pubs from the 14th for a fortnight?\n\nKind regards,\n"
               "Owen Hale\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-14", "2026-12-27")]


def test_each_item_of_a_booking_list_opening_with_a_name_is_that_clients():
    got = mail("January bookings for two clients",
               "Hi Priya,\n\nTwo bookings for January please, one per client:\n\n"
               "1. Harrow & Finch Teas – washroom mirror decals, all Leeds sites, 4/1 to 31/1.\n"
               "2. Kettlewick Crisps – till-point wobblers, Leeds and York, 11/1 to 24/1.\n\n"
               "Cheers,\nDan\n", sender="Dan Oyelaran <dan@greystone-media.example>")
    assert [(r["slots"][0]["text"], r["start"], r["end"], r["advertiser"]) for r in got] == [
        ("washroom mirror decals", "2027-01-04", "2027-01-31", "Harrow & Finch Teas"),
        ("till-point wobblers", "2027-01-11", "2027-01-24", "Kettlewick Crisps"),
    ]
    got = mail("两个客户的排期", "邵经理好，\n\n下面两个客户请排上：\n\n1. 雷擎能量饮料：赛后MVP环节冠名，12月19日起至1月17日；\n"
               "2. 栗栗坚果：首页banner，1月10日至1月31日。\n\n谢谢\n韦嘉\n")
    assert [r["advertiser"] for r in got] == ["雷擎能量饮料", "栗栗坚果"]


def test_a_list_of_keys_or_of_people_asked_names_no_client():
    # "刊登版位：…" / "刊登期間：…" are a letter's keys; "Tang Bo - please book …" asks a person
    got = mail("刊登申請", "敬啟者：\n\n茲申請刊登如下：\n\n一、刊登版位：首頁橫幅\n二、刊登期間：1月4日至2月5日\n\n"
               "此致\n港都商業銀行 行銷部\n", sender="王 <wang@gangdu-bank.example>")
    assert all(r["advertiser"] not in ("刊登版位", "刊登期間") for r in got)
    got = mail("Two things", "Hi,\n\nTwo things:\n\n1) Tang Bo - please book the splash screen for Tidal Era, "
               "9-15 Dec.\n2) Mia Chen - please send the November invoice.\n\nThanks\n")
    assert all(r["advertiser"] != "Tang Bo" for r in got)


def test_an_items_slot_no_vocabulary_knows_is_read_after_the_name_it_opens_with():
    # ("2. 栗栗坚果：" is a clause of its own: the slot is in the next one)
    got = mail("两个客户的排期", "邵经理好，\n\n下面两个客户请排上：\n\n1. 雷擎能量饮料：赛后MVP环节冠名，12月19日起至1月17日；\n"
               "2. 栗栗坚果：赤霄战队选手队服左胸标，1月10日起，到1月31日。\n\n谢谢\n韦嘉\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"], r["advertiser"]) for r in got][1:] == [
        ("赤霄战队选手队服左胸标", "2027-01-10", "2027-01-31", "栗栗坚果")]


@pytest.mark.parametrize("subject, body, slot, advertiser", [
    # the wait's own words (同意后, 审批, 批) set nothing aside; its go-live verb places the slot
    ("松果书院电梯海报", "周经理好：\n\n客户：松果书院。望江苑小区的电梯海报20面，业委会同意后再上，撤的时间另行通知。\n\n谢谢\n林可\n",
     "电梯海报", "松果书院"),
    ("门头灯箱", "罗经理好：\n\n青岚茶饮想在南区做门头灯箱，40个点，做一个月。\n等街道审批完再上，具体哪天我们再通知。\n\n韩梅\n",
     "门头灯箱", "青岚茶饮"),
])
def test_a_slot_that_goes_up_once_a_thing_is_done_is_booked_with_no_date(subject, body, slot, advertiser):
    got = mail(subject, body)
    assert [(r["action"], r["start"], r["end"], r["advertiser"]) for r in got] == [("place", None, None, advertiser)]
    assert slot in got[0]["slots"][0]["text"]


def test_an_if_before_the_wait_is_still_a_condition():
    body = "周经理好：\n\n如果业委会同意后再上电梯海报，我们再找你们。\n\n林可\n"
    assert mail("电梯海报的事", body) == []


def test_a_take_down_put_as_a_suggestion_is_asked_for():
    got = mail("", "鲜谷的自助机待机画面先撤了吧，等通知再上\n")
    assert [(r["action"], [s["text"] for s in r["slots"]]) for r in got] == [("cancel", ["自助机待机画面"])]


@pytest.mark.parametrize("body, sender, advertiser", [
    # the body's 本局 and the signed name: up to the word of its kind, not the unit after it
    ("楚禾传媒：\n\n本局为做好冬季防火宣传，请贵公司于12月14日至12月27日在电梯屏播放“平安过冬”公益短片（15秒），不收取费用。\n\n"
     "江岸区消防救援局宣传科\n2026年12月1日\n", "宣传科 <xck@jaxf.example>", "江岸区消防救援局"),
    # a unit the text writes after the self-reference is the name's too
    ("銀灣媒體營運部：\n\n本署健康推廣組現請 貴公司協助，於2027年1月4日至2027年1月17日在收銀屏免費播放健康飲食短片。\n\n"
     "-- \n衞生署健康推廣組\n高級督察 何志明\n", "何志明 <ho@dh.example>", "衞生署健康推廣組"),
    # a sentence near the end that refers to the body ("由我支队宣传科") names no one; the signed name does
    ("江北公交传媒有限公司：\n\n请贵公司于2026年12月7日至12月31日在全线车载电视免费插播公益短片。片源由我支队宣传科于12月4日前提供。\n\n"
     "感谢贵公司的支持！\n\n江北市公安局交通警察支队\n", "宣传科 <xck@jbjj.example>", "江北市公安局交通警察支队"),
])
def test_a_public_body_writing_of_itself_by_its_kind_is_the_advertiser(body, sender, advertiser):
    assert [r["advertiser"] for r in mail("公益宣传短片播放", body, sender=sender)] == [advertiser]


def test_a_weeks_column_is_a_booking_tables_dates():
    got = mail("Brightwater Cola - January lines",
               "Hi Sam,\n\nPlease book the lines below for Brightwater Cola and send the IO back by Friday:\n\n"
               "Market | Placement | Weeks\nLeeds | bar screens | 4/1 - 17/1\nYork | table talkers | 11/1 - 24/1\n\n"
               "Thanks,\nJo\n", sender="Jo Pike <jo@brightwatercola.example>", date="Tue, 01 Dec 2026 10:00:00 +0000")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("bar screens", "2027-01-04", "2027-01-17"), ("table talkers", "2027-01-11", "2027-01-24")]


def test_a_table_of_places_and_dates_books_the_slot_the_line_above_it_names():
    got = mail("候车亭灯箱排期 松岭乳业",
               "执行组各位好：\n\n松岭乳业的候车亭灯箱按下表安排，麻烦排一下：\n\n站点 | 面数 | 周期\n人民路站 | 4 | 12月7日—12月20日\n"
               "解放路站 | 6 | 12月7日—12月20日\n滨江站 | 2 | 12月14日—12月27日\n\n谢谢！\n林可\n")
    # (rows of one window are one booking, as a reader counts them)
    assert [([s["text"] for s in r["slots"]], r["start"], r["end"]) for r in got] == [
        (["候车亭灯箱"], "2026-12-07", "2026-12-20"), (["候车亭灯箱"], "2026-12-14", "2026-12-27")]


def test_items_under_a_line_whose_first_sentence_points_at_them_are_its_requests():
    # the pointing sentence is not the line's last; "1." is cut off its item at "1. Kestrel"
    got = mail("New bookings (2 clients)",
               "Hi team,\n\nPls set up the 3 bookings below, all signed. IOs are in the shared folder.\n\n"
               "1. Tallwood Tea - lobby video wall, 7/12 to 20/12\n2. Kestrel Air - pantry screens, 14/12 to 27/12\n"
               "3. Kestrel Air - lift-door wraps, 1/1/2027 to 31/1/2027\n\nThanks,\nKav\n",
               sender="Kav Raman <kav@media.example>", date="Thu, 03 Dec 2026 16:20:00 +0800")
    assert [(r["advertiser"], r["start"], r["end"]) for r in got] == [
        ("Tallwood Tea", "2026-12-07", "2026-12-20"), ("Kestrel Air", "2026-12-14", "2026-12-27"),
        ("Kestrel Air", "2027-01-01", "2027-01-31")]


def test_a_table_reads_its_dates_as_its_rows_write_them():
    # "15/2" in one row writes the day first: "w/c 1/2" in another is 1 February, a Monday;
    # weeks that follow on from each other in one cell are one run
    got = mail("Six Nations lines - Brightwater Cola",
               "Morning all,\n\nPlease book the lines below and send the IO back by Wednesday:\n\n"
               "Region | Slot | Weeks\nLeeds | bar screens | w/c 15/2, 1 wk\nYork | table talkers | w/c 1/2, 1 wk\n"
               "Hull | toilet-door panels | w/c 8/2 and w/c 15/2\n\nCheers,\nSean\n",
               sender="Sean Doherty <sean@brightwatercola.example>", date="Tue, 01 Dec 2026 10:00:00 +0000")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("bar screens", "2027-02-15", "2027-02-21"), ("table talkers", "2027-02-01", "2027-02-07"),
        ("toilet-door panels", "2027-02-08", "2027-02-21")]


@pytest.mark.parametrize("subject, body, slot", [
    ("德記杯墊", "Kayan：\n\n德記想喺九龍區12間分店做杯墊，下個禮拜一開始，做兩個禮拜，唔該安排。\n\n德記 陳生\n", "coaster"),
    ("Placemats - Brisa Soda", "Hi Jo,\n\nPlease put Brisa Soda on the party-room placemats in all Ohio venues "
     "from 1/4 through 1/31.\n\nThanks,\nRae\n", "placemat"),
    ("云朵桌面壁纸", "王经理：\n\n云朵游戏想投桌面壁纸，12月14日到12月27日，全国门店，谢谢。\n\n李然\n", "desktop-wallpaper"),
    ("遠航電信 Wi-Fi登入頁", "業務部您好：\n\n遠航電信要訂車內Wi-Fi登入頁，從12/21起兩週，全路線。\n\n蔡明\n", "wifi-portal"),
    ("禾苗积分页", "各位好，\n\n禾苗会员积分页banner的上线时间从12月10日改到12月14日，下线不变。\n\n林可\n", "会员积分页banner"),
    ("柠檬家加投挂牌", "赵经理，\n\n我们想再加个车内后视镜挂牌，重庆片区60台，12月7号到12月27号。\n\n谭雨\n柠檬家茶饮\n", "车内后视镜挂牌"),
    # boards, canopies and arches named by where they stand (Taiwan's 看板 is a billboard)
    ("遠碩電信 看板", "冠宇 早安：\n\n遠碩電信要上寧夏夜市 停車場看板 2面，12/21起兩週，麻煩建檔。\n\n佩君\n", "停车场看板"),
    ("青澄 拱門", "冠宇：\n\n青澄想上六合拱門，12/12-12/20，麻煩排入，謝謝。\n\n佩君\n", "六合拱门"),
    # printed things a venue hands out or wraps: sleeves, film wraps, table cards, capes, wristbands
    ("燃擎杯套", "王经理：\n\n燃擎想加投咖啡杯套 10万个，12月14日起，麻烦安排。\n\n李然\n", "咖啡杯套"),
    ("星禾 房卡套", "佩君您好：\n\n星禾咖啡想訂知本館房卡套 5,000個，12/21-1/3，麻煩排入。\n\n孟蓉\n", "知本馆房卡套"),
    ("入園手環", "營運主任您好：\n\n晴川飲料要上入園手環印刷 20萬條，12/19-1/10，麻煩安排。\n\n志明\n", "入园手环"),
])
def test_printed_things_and_screens_of_shops_and_vehicles_are_slots(subject, body, slot):
    got = mail(subject, body)
    assert got and {r["slots"][0]["slot"] for r in got} == {slot}


@pytest.mark.parametrize("subject, body", [
    ("十二月打稿", "Kayan小姐：\n\n附上十二月幾單嘅電梯海報打稿，唔該12月9號前逐份確認，我哋先可以排機。\n\n梁生\n"),
    ("本周上刊照片", "雅婷：\n\n本週上刊照片回報如下：禾豐電梯屏台北站一張，大堂屏兩張。\n\n佩珊\n"),
])
def test_a_printers_proofs_and_a_posting_report_ask_for_no_placement(subject, body):
    assert mail(subject, body) == []


def test_a_till_screen_table_under_the_line_that_names_it():
    # jieba cuts 收銀屏 as 收 | 銀屏: the till screen is a slot of the vocabulary
    got = mail("金滿樓收銀屏排期", "Ada：\n\n金滿樓想喺收銀屏播廣告（每輪15秒），請按下表安排：\n\n"
               "分區 | 分店數 | 週期\n港島 | 8 | 1月4號 – 1月17號\n九龍 | 12 | 1月11號 – 1月24號\n\n唔該！\nKen\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [
        ("cashier-screen", "2027-01-04", "2027-01-17"), ("cashier-screen", "2027-01-11", "2027-01-24")]


def test_a_screen_that_will_pause_for_an_upgrade_is_a_notice():
    assert mail("电梯屏暂停通知", "各位同事：\n\n因为系统升级，华东区20栋楼的电梯屏会在12月9日凌晨2点至12月10日早上7点"
                "暂停播放，受影响的播放次数升级后顺延补回。\n\n黄志明\n") == []


def test_a_list_under_a_line_of_loads_for_you_to_set_up():
    got = mail("Two loads: Tidewell + Brisa", "Hi Jess,\n\nTwo loads for you to set up by Wednesday 12/9:\n\n"
               "1) Tidewell Bank - homepage banner, 12/19 through 1/4.\n2) Brisa Soda - push, 1/4 through 1/10.\n\nThanks!\nDana\n",
               date="Fri, 04 Dec 2026 10:00:00 -0500")
    assert [(r["advertiser"], r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [
        ("Tidewell Bank", "homepage-banner", "2026-12-19", "2027-01-04"), ("Brisa Soda", "push", "2027-01-04", "2027-01-10")]


def test_a_bare_date_under_a_weeks_head_is_the_week_it_begins():
    got = mail("Harbor Bank - till screens", "Hi team,\n\nPlease schedule Harbor Bank on the till screens "
               "in the stores below.\n\nStore | Screens | Weeks\n#12 Midtown | 6 | 1/4, 1/11\n#15 Eastside | 4 | 1/4, 1/11\n\n"
               "Thanks,\nDana\n", sender="Dana Lee <dana@harborbank.example>", date="Tue, 01 Dec 2026 10:00:00 -0500")
    assert got and {(r["start"], r["end"]) for r in got} == {("2027-01-04", "2027-01-17")}


@pytest.mark.parametrize(("body", "slot", "window"), [
    # a section or a screen named in quotes, then its inventory word; a day word in the name is no day
    ("Hi Jen,\n\nPlease run the \"Game Day\" banner in the league app for Kodiak Tires from 12/19 to 1/3.\n\nThanks,\nMark\n",
     '"Game Day" banner', ("2026-12-19", "2027-01-03")),
    ("Hi,\n\nPlease book the “Today on board” banner in the cruise app for Orchid Lane, 7-31 Dec.\n\nThanks,\nMark\n",
     "“Today on board” banner", ("2026-12-07", "2026-12-31")),
])
def test_a_slot_named_in_quotes(body, slot, window):
    got = mail("Booking", body)
    assert [(s["text"], (r["start"], r["end"])) for r in got for s in r["slots"]] == [(slot, window)]


def test_a_quoted_campaign_after_the_brand_or_a_quoted_offer_is_no_slot_name():
    got = mail("MPU", "Dear team,\n\nKindly place the Mavuno Bank \"Sikukuu Savings\" MPU on the live scores pages from "
               "14/12/2026 to 10/01/2027.\n\nRegards,\nAmina\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["MPU"]
    got = mail("Banner", "Hi,\n\nPlease book the \"Winter Sale\" banner in the cruise app for Orchid Lane, 7-31 Dec.\n\nThanks,\nMark\n")
    assert [s["text"] for r in got for s in r["slots"]] == []


def test_a_slot_in_brackets_right_after_a_slot_says_again_which_one():
    got = mail("Bookings", "Hi,\n\nPlease book these:\n\n- Corvid Games: app store card (the \"Featured\" card in the "
               "app store tab), Dec 8-21.\n- Quokka Pay: sidebar tile on desktop web, Dec 10 through Dec 30.\n\nThanks,\nMark\n")
    assert [[s["text"] for s in r["slots"]] for r in got][:1] == [["app store card"]]
    assert len(got) == 2


@pytest.mark.parametrize(("body", "slot"), [
    # one content word and a thing that carries an ad where people pass
    ("Hi Megan,\n\nPlease book foyer banners at Bristol and Cardiff, 2 each, w/c 7 Dec for three weeks.\n\nCheers,\nTom\n",
     "foyer banners"),
    ("Hi,\n\nPlease put table tents in the three dining rooms from 12/14 through 1/10.\n\nThanks,\nJoan\n", "table tents"),
    ("Hi,\n\nCould you extend the cloakroom tags until the end of next week?\n\nMany thanks,\nRhian\n", "cloakroom tags"),
    # (and its print)
    ("Hi,\n\nPlease book the stall canopy print at Tainan Garden Night Market from 12 Dec to 31 Dec.\n\nThanks,\nKenta\n",
     "stall canopy print"),
    # (the back of what is handed out; a screen's kind written in capitals)
    ("Hi,\n\nPlease book the kiosk receipt backs at all six centres from 14/12 to 10/1.\n\nThanks,\nLiam\n", "receipt backs"),
    ("Hi,\n\nPlease run the spot on the entrance LED at both parks from 14/12 to 10/1.\n\nThanks,\nLiam\n", "entrance LED"),
])
def test_one_word_and_a_carrier_of_print_is_a_slot(body, slot):
    assert [s["text"] for r in mail("Booking", body) for s in r["slots"]] == [slot]


def test_a_tag_line_and_the_trades_general_words_need_more_than_one_word():
    got = mail("Kiyomi Soda", "Hi Connie,\n\nPlease book the arena LED ring for Kiyomi Soda on Sat 19 and Sun 20 Dec.\n\n"
               "Copy on the ring reads \"Kiyomi Soda x Lantern Tide\" (that is the sponsor tag line, not our dates).\n\nCheers,\nMarcus\n")
    assert "sponsor tag" not in [s["text"] for r in got for s in r["slots"]]
    got = mail("Zobo Fizz", "Hi Funmi,\n\nPlease add the homepage banner for Zobo Fizz on Friday 11th Dec, evening slot."
               "\n\nThanks\nTunde\n")
    assert [s["text"] for r in got for s in r["slots"]] == ["homepage banner"]


def test_a_weekday_hyphened_to_a_word_names_a_thing_not_a_day():
    got = mail("Friday lates", "Hi Imogen,\n\nPlease could you put Bracken Hill on the Friday-late loop, 20s in every "
               "late from 8/1 to 29/1?\n\nThanks,\nMared\n", date="Fri, 04 Dec 2026 11:30:00 +0000")
    assert [(r["start"], r["end"]) for r in got] == [("2027-01-08", "2027-01-29")]
    # (a day's range and a day's time stay days)
    got = mail("Weekend", "Hi Megan,\n\nPlease run the foyer screen loop Friday-Sunday.\n\nThanks,\nTom\n")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-04", "2026-12-06")]


@pytest.mark.parametrize(("subject", "body", "slot"), [
    # a TV named by where it stands, and how far it runs after it
    ("長洲線船艙電視", "市場部同事：\n\n長洲線船艙電視 全部8艘，12月14號開始做兩個禮拜，唔該安排。\n\n阿明\n", "船舱电视"),
    ("会所电视", "你好：\n\n想订会所健身室电视，12月14号起两周，麻烦安排。\n\n王明\n", "会所健身室电视"),
])
def test_a_tv_named_by_where_it_stands_is_a_slot(subject, body, slot):
    got = mail(subject, body)
    assert got and all(slot in r["slots"][0]["slot"] for r in got)


@pytest.mark.parametrize(("subject", "body"), [
    # news heard or told of a screen going dark, and a make-good asked for: no cancel
    ("安检屏停播补偿方案", "周总好，\n\n听说T2安检区12月10日到25日改造、通道屏全部关闭，这正好压在我们的主投放期里。"
     "请贵司12月8日前给一个补偿方案。\n\n孙磊\n"),
    ("5号线停播补偿方案", "李经理：您好！\n\n贵司通知5号线列车电视12月8日-10日停播，我行投放会受影响。请在12月11日前提出补偿方案。"
     "\n\n谢谢！\n吴晓峰\n"),
])
def test_a_stop_heard_or_told_of_is_no_cancel(subject, body):
    assert mail(subject, body) == []


def test_a_name_before_the_kind_of_place_an_ad_runs_in_is_where_not_whose():
    got = mail("Lakeland Federal Credit Union – Toledo shuttle wrap signed",
               "Hi team,\n\nPlease schedule the shuttle wrap on the Toledo bus from 1/4 through 2/14.\n\nThanks,\nDenise\n",
               sender="Denise Kowalski <denise@maplegrove-living.example>")
    assert [r["advertiser"] for r in got] == ["Lakeland Federal Credit Union"]


def test_a_printers_proof_with_if_changes_needed_asks_for_no_change():
    assert mail("星海銀行圍布打稿確認", "黎小姐：\n\n附件為星海銀行圍布之打稿PDF，請於12月7日前確認，本公司方可開機印製。\n\n"
                "如需修改，請直接於PDF上註明。\n\n何志強\n") == []


@pytest.mark.parametrize(("subject", "body", "slot"), [
    # a mail that names only a carrier of print (no trade word besides) is read all the same
    ("Slice Theory table tents, wk 51-52", "Hi sponsors team,\n\nPlease book Slice Theory table tents in all Oregon taprooms "
     "for ISO weeks 51 and 52.\n\nThanks!\nTasha\n", "table tents"),
    ("杯套", "王经理：\n\n燃擎想订咖啡杯套 10万个，12月14日起，麻烦安排。\n\n李然\n", "咖啡杯套"),
])
def test_a_mail_naming_only_a_carrier_of_print_passes_the_prefilter(subject, body, slot):
    got = mail(subject, body)
    assert [s["text"] for r in got for s in r["slots"]] == [slot]


def test_a_company_writing_for_itself_with_a_colleague_copied():
    body = ("Dear team,\n\nI am in charge of brand promotion at the Shanghai office of Kumoya Beverage. For the launch of our new Hojicha Latte, we would like to book the following, from Monday "
            "14 December through Christmas Eve:\n\n1) Coffee cup sleeves at your kiosks, 100,000 pcs\n"
            "2) Payment success page banner, nationwide\n\nBest regards,\nYuki Tanabe\n"
            "Brand Promotion, Kumoya Beverage (Shanghai) Co., Ltd.\n")
    got = mail("Kumoya Hojicha Latte launch: kiosk booking request", body,
               sender="Yuki Tanabe <tanabe.y@kumoya-bev.example>", extra="Cc: Mei Zhou <mei.zhou@kumoya-bev.example>\n")
    assert got and {r["advertiser"] for r in got} == {"Kumoya Beverage"}


@pytest.mark.parametrize(("subject", "body"), [
    # a mail that asks how what went dark is made good reports the stop and the booking it hit
    ("达州停机补播怎么算", "罗敏：\n\n听说达州片区的加油机顶屏12月8日到10日要做防爆检测，停三天，我们快驰的顶屏刚好在那几天。"
     "这三天你们打算怎么补？请下周一前给个方案。\n\n郑凯\n"),
    ("Re: 30个场站立柱屏停播的补偿", "黄小姐你好，\n\n关于12月8日到18日佛山30个场站立柱屏停播，您这边受影响大约11天。我们的补偿方案是："
     "停播期间的立柱屏按天退还，或者元月免费补投休息室电视一周，两个方案您选一个，麻烦下周一前回复我。\n\n陈磊\n"),
])
def test_a_make_good_asked_for_is_no_cancel(subject, body):
    assert mail(subject, body) == []


def test_a_make_good_mentioned_by_the_way_leaves_the_cancel_asked_for():
    got = mail("观景台东侧灯箱撤下", "执行部各位：\n\n山城精酿在山顶观景台的2块灯箱，东侧那1块明天零点下线撤掉，西侧那块照常到12月13日。"
               "客户已经同意，少掉的天数我后面跟客户谈补偿。\n\n付春燕\n")
    assert [r["action"] for r in got] == ["cancel"] and got[0]["slots"]


def test_a_name_set_off_by_a_dash_first_in_the_subject_is_the_client_not_a_place_after_it():
    got = mail("Re: Brisko - Pune pantry screens clash",
               "Hi Meera, answers inline.\n\nYes. Please move us to the meeting-room panel idle loop at Baner from Monday 7th.\n\n"
               "Yes, end stays 20th Dec.\n\nRohan\n", sender="Rohan Kulkarni <rohan.k@brisko.example>")
    assert [r["advertiser"] for r in got] == ["Brisko"]


def test_the_advertiser_is_x_declares_the_client():
    got = mail("Booking request: growler tags, January 2027",
               "Dear Ms. Whitcomb,\n\nWe hereby request the booking of the growler-tag print in all 22 taprooms "
               "from 11.01.2027 to 07.02.2027.\n\nThe advertiser is Alpenmalz Brauerei, US office.\n\nWith kind regards\n"
               "Karl Huber\n", sender="Karl Huber <k.huber@maltworks.example>")
    assert [r["advertiser"] for r in got] == ["Alpenmalz Brauerei"]


@pytest.mark.parametrize(("sender", "signature", "advertiser"), [
    # a council under a country's second level: the label before gov is its name, and of the
    # bilingual line the part that name opens
    ("Gwen Price <gwen.price@penrhos.gov.example>", "Gwen Price\nCommunications Officer\nCyngor Sir Penrhos / Penrhos County Council",
     "Penrhos County Council"),
    # a domain made of the first letters of the body's words
    ("Nadia Whitlock <n.whitlock@watersafe-qld.example>", "Nadia Whitlock\nCommunity Programs Officer\nWater Safety Queensland",
     "Water Safety Queensland"),
])
def test_a_public_body_signing_under_its_domain_writes_for_itself(sender, signature, advertiser):
    body = ("Hello Kirra and team,\n\nCould you run our free \"Eyes on the Pool\" PSA on the entry-gate screen loop at all "
            "eight centres from 19/12 to 31/1? The 15-second version is attached.\n\nWarm regards,\n" + signature + "\n")
    got = mail("Eyes on the Pool – summer PSA on your gate screens", body, sender=sender)
    assert got and {r["advertiser"] for r in got} == {advertiser}


@pytest.mark.parametrize(("subject", "body", "sender", "advertiser"), [
    # a Hong Kong district before the slot is where, and "電話講嘅" is no name
    ("電話講嘅荃灣大堂電視", "頭先電話傾咗，荃灣3個屋苑大堂電視照落單，14/12出街做到年尾。\n\nRaymond\n美嘉傢俬\n",
     "Raymond <raymond@meijia.example>", "美嘉傢俬"),
    ("屯門信箱區海報報價", "Kelvin你好，\n\n多謝你嘅報價。諗過之後信箱區海報就唔做住，想改為落單住戶App橫額，屯門區屋苑，1月4號至1月17號，麻煩下星期二前send份確認書俾我。\n\n"
     "譚嘉慧\n思睿補習社\n", "譚嘉慧 <kawai.tam@sirui-tutor.example>", "思睿補習社"),
])
def test_a_district_or_a_phrase_before_the_slot_in_the_subject_is_no_client(subject, body, sender, advertiser):
    got = mail(subject, body, sender=sender)
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_a_cantonese_ask_to_look_at_a_fault_is_no_placement():
    assert mail("大堂電視閃爍", "Tony你好，\n\n今晚大堂電視一直閃，播廣告時好明顯，請盡快派人睇睇。\n\nRicky\n") == []


def test_the_weekday_in_a_festivals_name_is_no_weekday():
    got = mail("Repeat of the Black Friday spot", "Hi Thandi,\n\nThe Black Friday spot on the parking-boom screens did well "
               "for us, please run it again on Christmas Eve only.\n\nKagiso\n", date="Thu, 03 Dec 2026 11:30:00 +0200")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-24", "2026-12-24")]


def test_same_weeks_takes_the_window_of_the_item_above_not_a_date_below():
    got = mail("Gate screens booking", "Dear Ada,\n\nPlease book the following for Harbour Bank:\n\n"
               "- Octopus gate screens at Central Piers, all lanes, ISO weeks 51 and 52\n"
               "- The timetable page banner in your app, same weeks\n\nArtwork will be on our share from Friday.\n\n"
               "Kind regards,\nOliver\n", date="Thu, 03 Dec 2026 11:20:00 +0800")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-14", "2026-12-27"), ("2026-12-14", "2026-12-27")]


def test_a_monthlys_issue_runs_its_month_unless_its_day_is_written():
    got = mail("Two bookings", "Hi team,\n\nPlease book for Evergreen Pharmacy:\n\n"
               "1. Evergreen Pharmacy – lobby screens, all communities, 12/7/2026 through 12/31/2026\n"
               "2. Evergreen Pharmacy – residents' newsletter sponsor, January 2027 issue (all communities)\n"
               "3. Evergreen Pharmacy – member email sponsor block, February issue (goes out 2/3)\n\nThanks,\nMarcy\n",
               date="Tue, 01 Dec 2026 13:30:00 -0500")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-07", "2026-12-31"), ("2027-01-01", "2027-01-31"),
                                                     ("2027-02-03", "2027-02-03")]


def test_a_hostile_signature_against_the_domain_is_read_in_time():
    # (a domain label of one letter repeated, over a signature of words that open with that letter
    # again and again: each way of cutting the label is tried once, not once per path to it)
    words = " ".join(["Aaaaaz"] * 16)
    got = mail("Booking", "Hi,\n\nPlease book our homepage banner from 14/12 to 20/12.\n\nThanks,\n-- \nAnn Lee\n" + words + "\n",
               sender=f"Ann Lee <ann@{'a' * 30}b.example>")
    assert [r["slots"][0]["slot"] for r in got] == ["homepage-banner"]


def test_a_possessive_name_goes_on_with_all_its_capitalised_words():
    got = mail("Holiday app push",
               "Hi Dana,\n\nPlease book one library app push notification for Marge's Wood Fired Bakery on Christmas Eve "
               "only (Thursday 12/24), sent around 3 PM.\n\nThanks!\nBrent\n")
    assert [r["advertiser"] for r in got] == ["Marge's Wood Fired Bakery"]


def test_a_holidays_short_name_before_weekend_is_no_advertiser():
    got = mail("Events-calendar sponsor panel for MLK weekend",
               "Good morning Dana,\n\nHoly Cross Regional Medical Center would like to take the events-calendar sponsor "
               "panel for MLK weekend, Saturday Jan. 16 through Monday Jan. 18. We'd like to promote our free flu clinics "
               "at the Main branch that Monday. Please confirm by Dec. 11 so our design team can start.\n\nWarm regards,\n"
               "Maureen Galloway\nCommunity Relations Manager\nHoly Cross Regional Medical Center\n",
               sender="Maureen Galloway <mgalloway@holycross-health.example>")
    assert [r["advertiser"] for r in got] == ["Holy Cross Regional Medical Center"]


def test_a_branch_known_by_its_district_alone_is_where_the_ad_runs():
    got = mail("旺角 前台電視",
               "Jason，\n\n旺角店嘅前台電視下個禮拜一開始加播15秒片，播四個禮拜，唔該。\n\n浩霖\n")
    assert [r["advertiser"] for r in got] != ["旺角店"]


def test_an_english_subject_tag_of_capitalised_words_names_the_client():
    got = mail("[Harvest Oats] add pump-tops, 14-27 Dec",
               "Hi Megan,\n\nPlease add the pump-top screens at all Midlands sites from 14 to 27 December, alongside the "
               "receipt backs already booked.\n\nCheers,\nJosh\n")
    assert [r["advertiser"] for r in got] == ["Harvest Oats"]
    urgent = mail("[Urgent] add pump-tops, 14-27 Dec",
                  "Hi Megan,\n\nPlease add the pump-top screens at all Midlands sites from 14 to 27 December.\n\nCheers,\nJosh\n")
    assert [r["advertiser"] for r in urgent] != ["Urgent"]


@pytest.mark.parametrize(("subject", "body"), [
    # a stop heard of, and a proposal asked for how it is made good
    ("15路停播三天怎么补", "李经理，\n\n听说15路车载电视12月9号到11号要停播，我们的片子12月12号才下线，等于三天白投了。"
     "这三天怎么补，是退钱还是延后补播，你们出个方案，下周一前给我答复。\n\n王磊\n霁川家电\n"),
    # Cantonese: how will you make it good? send us a proposal
    ("大澳線入塢 補播安排", "Ken，\n\n聽講大澳線兩艘船入塢到20號，咁我哋16號開始嗰單船艙電視少咗五日，你哋打算點補？"
     "想你哋下個禮拜一前提個方案，例如延期或者送碼頭LED時段。\n\n陳大文\n海景燒鵝\n"),
    # the make-good named, and two proposals to weigh
    ("Re: 板橋店螢幕維修停播", "雅婷您好，\n\n關於板橋店電梯螢幕 12/9~12/11 停播：我們的檔期是 12/1~12/22，順延補播會跑到 "
     "12/23 之後，對年底促銷沒有幫助。想請貴課評估以下兩個方案，12/8 前回覆：\n1. 停播期間改補在 土城店 電梯內螢幕（同檔期內）\n"
     "2. 或直接折抵停播天數（約 3 天）的費用\n\n謝謝\n林志豪\n晴川眼鏡 行銷部\n"),
])
def test_a_make_good_asked_for_books_nothing(subject, body):
    assert mail(subject, body) == []


def test_a_make_good_agreed_and_asked_for_is_booked():
    got = mail("Re: Moss Lane make-good proposal",
               "Hi Priya,\n\nYes please, go ahead with the make-good: extend Larkspur's wash-tunnel LED at Moss Lane by the "
               "extra week, to 7/2.\n\nThanks,\nHattie\n")
    assert [r["action"] for r in got] == ["extend"]


def test_a_numbered_item_names_its_client_before_a_hyphened_slot():
    got = mail("Bookings to load before the break",
               "Hi Marco,\n\nThree signed bookings to load before you go on leave:\n\n"
               "1. Seaspray Health Fund – booking app home tile, 1/1 to 31/1.\n"
               "2. Tidemark Swim Co. – change-room mirror decals at Wollongong and Newcastle, 2/1 to 22/1.\n\n"
               "Cheers,\nTom\n", date="Fri, 04 Dec 2026 15:22:04 +1100")
    assert [(r["action"], r["advertiser"]) for r in got] == [("place", "Seaspray Health Fund"), ("place", "Tidemark Swim Co.")]
    assert got[1]["slots"][0]["text"] == "change-room mirror decals"


def test_the_creative_promised_for_a_slot_books_nothing_but_a_listed_slots_aside_stands():
    got = mail("January bookings",
               "Hi team,\n\nPlease set up the two bookings below and confirm back by Monday 12/7.\n\n"
               "1. Harbor Mutual Bank - table tents, the three Boise taprooms, 1/4-1/17\n"
               "2. Harbor Mutual Bank - gondola interior cards: Jan 18 through Jan 31 (artwork to follow next week)\n\n"
               "Harbor's table tent art is coming from their in-house team next week.\n\nJordan\n",
               date="Wed, 02 Dec 2026 11:26:00 -0800")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("table tents", "2027-01-04", "2027-01-17"), ("gondola interior cards", "2027-01-18", "2027-01-31")]


def test_the_name_before_a_psa_is_whose_it_is():
    got = mail("Free slot in the Pune loop",
               "Hi Arjun,\n\nPlease add the Pune Fire Brigade monsoon-safety PSA (15 sec) to the reception-screen loop at "
               "all Pune centres from 11/1 to 17/1. It is free of cost.\n\nThanks,\nKavya\n",
               date="Fri, 04 Dec 2026 12:30:00 +0530")
    assert [r["advertiser"] for r in got] == ["Pune Fire Brigade"]


def test_a_listed_client_with_its_english_name_before_a_qualified_slot():
    got = mail("兩個客戶12月落單",
               "Kelvin，\n\n兩個客戶嘅落單如下，麻煩星期四前覆實：\n\n"
               "1. 安居坊 HomeNest — 住戶App橫額，12月14號至12月27號，畫面用返上次嗰張。\n"
               "2. 鮮味軒 TastyPot — 會員App開屏，12月21號至1月3號。\n\nAda\n")
    assert [r["advertiser"] for r in got] == ["安居坊 HomeNest", "鮮味軒 TastyPot"]


def test_a_city_written_in_english_is_where_the_ad_runs_not_whose_it_is():
    got = mail("Lumo Bikes - rider push on Dec 8",
               "Hi Kuaichi ad ops team,\n\nPlease schedule one rider push next Tuesday, 8 December, at 11:30, "
               "for Chengdu and Wuhan riders only.\n\nThanks,\nAmy Lo\nRegional Marketing, West China\n",
               sender="Amy Lo <amy.lo@lumo-bikes.example>", date="Wed, 02 Dec 2026 16:45:00 +0800")
    assert [r["advertiser"] for r in got] == ["Lumo Bikes"]


def test_a_standee_is_a_slot_whatever_stands_before_it():
    # a centre head asks for a brand's standee to come down: "the ZestUp standee", no place word
    got = mail("Vijay Nagar centre", "Ritika ma'am,\n\nKindly take down the ZestUp standee at the Indore "
               "Vijay Nagar centre reception from tomorrow morning.\n\nThanks and regards,\nManish\n")
    assert [(r["action"], [s["slot"] for s in r["slots"]], r["advertiser"]) for r in got] == [("cancel", ["standee"], "ZestUp")]


@pytest.mark.parametrize("body, slot", [
    ("Please extend the Crescent mirror clings to January 31.", "mirror clings"),  # a film stuck on glass
    ("Please book the office counter brochure racks at all parks from 14/12 to 31/1.", "brochure racks"),
])
def test_clings_and_racks_carry_an_ad(body, slot):
    got = mail("quick one", f"Hi Tanya,\n\n{body}\n\nCheers\nMia\n")
    assert [[s["text"] for s in r["slots"]] for r in got] == [[slot]]


def test_a_slots_new_size_told_to_sales_is_no_change_asked():
    got = mail("App 5.0升级 横幅尺寸调整", "市场部各位：\n\nApp 5.0 计划12月15日发版，首页横幅尺寸从750×300改为750×280，"
               "请12月11日前通知已排期的客户按新尺寸出图。\n\n唐波\n产品技术部\n")
    assert got == []


@pytest.mark.parametrize("body, action", [
    ("报名大厅易拉宝明天撤了哈，老灶坊的", "cancel"),  # a day to come before 撤了 asks for it
    ("报名大厅易拉宝昨天撤了，老灶坊的", None),  # done already: nothing asked
])
def test_an_act_with_le_after_a_day_to_come_is_asked(body, action):
    got = mail("", body + "\n\n发自我的华为手机\n")
    assert [r["action"] for r in got] == ([action] if action else [])


@pytest.mark.parametrize("line, advertiser", [
    ("品牌：榴莲小镇 Durian Town Café。下面的 placements 请帮忙 book", "榴莲小镇 Durian Town Café"),  # é kept in its word
    ("品牌：金龙肉干 Golden Dragon Bak Kwa", "金龙肉干 Golden Dragon Bak Kwa"),  # a long two-script name, whole
])
def test_a_declared_brand_is_read_to_the_end_of_its_name(line, advertiser):
    got = mail("CNY 档期", f"Farid 你好，\n\n{line}\n我们要 book CNY period 的 lobby screens，KL 跟 PJ 全部 outlets，"
               "15s，日期 6/2 到 20/2。\n\n陈志明\n", sender="陈志明 <zhiming@goldendragonbk.example>")
    assert [r["advertiser"] for r in got] == [advertiser]


@pytest.mark.parametrize("body, advertiser", [
    ("客户预算砍了，速食达外卖西安的餐桌立牌原来排到1/10，改成投到12/31。", "速食达外卖"),  # the city it books in
    ("客户预算砍了，沃土复合肥的餐桌立牌原来排到1/10，改成投到12/31。", "沃土复合肥"),  # 复合肥 holds 合肥: no city
])
def test_a_city_after_a_brand_is_no_part_of_its_name(body, advertiser):
    got = mail("改期", f"罗总，\n\n{body}\n\n黄子轩\n", sender="黄子轩 <hzx@qingcheng-ad.example>")
    assert [r["advertiser"] for r in got] == [advertiser]


def test_the_writers_company_is_not_cut_to_the_city_it_begins_with():
    # the text writes only "潍坊" of "潍坊鼎盛领航汽车销售服务有限公司": a place, not the company's name
    got = mail("年终促销海报投放潍坊", "李经理您好：\n\n我店年终促销想在潍坊站点投海报，12月14日起连投三周，请按此执行。\n\n"
               "张凯\n潍坊鼎盛领航汽车销售服务有限公司 市场部\n0536-8890312\n", sender="张凯 <zhangkai@dingsheng-auto.example>")
    assert [r["advertiser"] for r in got] == ["潍坊鼎盛领航汽车销售服务有限公司"]


@pytest.mark.parametrize("body, slots", [
    ("Please extend the Sejuk locker-door stickers at the 6 KL outlets until 10/1.", ["locker-door stickers"]),
    ("Please pull the Kasut Laju briefing-room posters from 28/12 onwards.", ["briefing-room posters"]),
    ("Please book stairwell posters from 14/12 to 27/12.", ["stairwell posters"]),
    ("Please take the Stoep dump-station signs down from Monday.", ["dump-station signs"]),
    # the creative's file, and the verb, are no slots
    ("Please book the lobby screen on 25/12. Same look as the locker stickers artwork Keong sent you.", ["lobby screen"]),
    ("Please book the kiosk takeover from 14/12 to 27/12 once the landlord signs off.", ["kiosk takeover"]),
])
def test_posters_stickers_and_signs_named_by_where_they_hang(body, slots):
    got = mail("quick one", f"Hi Farid,\n\n{body}\n\nCheers\nDaniel\n")
    assert [s["text"] for r in got for s in r["slots"]] == slots


def test_a_list_of_attached_files_names_no_slots():
    # an item names a slot ("cutdown for the short loop"), but the list is of files: their names are no slots
    got = mail("lift-line loop", "Hi Marc,\n\nPlease book the lift-line screen loop for Maplecrest Bank, Dec 19 to "
               "Jan 3. Three files attached:\n\n1. liftline_15s.mp4 - the main spot\n2. liftline_6s.mp4 - cutdown "
               "for the short loop\n3. io_2026-118.pdf - signed IO\n\nBest regards,\nAisha\n")
    texts = [s["text"] for r in got for s in r["slots"]]
    assert "lift-line screen loop" in texts and not [t for t in texts if t.startswith(("liftline", "io_"))]


@pytest.mark.parametrize("body", [
    "個站牌燈箱而家貼緊嗰張藥房廣告，唔該 8/12 (禮拜二) 落咗佢，我哋 9/12 就拆燈箱。",  # take it down
    "卓思嘅掃碼點餐頁橫額想由下個禮拜一（12月7號）起落咗佢，唔該幫手安排。",
    "話預算要縮，App橫額唔做喇，由聽日（5/12）起撤咗佢，唔該。",
])
def test_cantonese_take_it_down_is_asked_not_done(body):
    got = mail("燈箱廣告要落", f"陳主任：\n\n{body}\n\n葉志明\n", date="Thu, 03 Dec 2026 10:00:00 +0800")
    assert [r["action"] for r in got][:1] == ["cancel"]


@pytest.mark.parametrize("subject, body", [
    ("寒假LINE推播", "佩君小姐午安：\n\n寒假期間想買LINE推播，每週1則，總共4則，12/21起。再麻煩協助排，感恩！"),
    ("寒假班招生 App开屏上线", "投放组各位好：\n\n寒假班招生的驾校App开屏，麻烦12月16日起上，挂两周。"),
])
def test_an_occasion_and_what_is_done_then_names_no_advertiser(subject, body):
    got = mail(subject, body + "\n\n阿凱\n", sender="阿凱 <owner@somewhere.example>")
    assert got and all(r["advertiser"] not in ("寒假LINE", "寒假班招生", "寒假班") for r in got)


def test_each_booking_line_of_a_list_names_its_own_client():
    # "QuoteHound" is written once, first in its line: the booking line's "Name - slot" says it is a name
    got = mail("January bookings (2 clients)", "Hi Hollie,\n\nTwo January bookings from us, please confirm by Monday:\n\n"
               "1. QuoteHound - receipt coupon, 50k, from 11/1 to 7/2.\n"
               "2. Brakesafe Autocentres - vacuum-bay banners at the Leeds and York sites, 18/1-14/2.\n\nCheers,\nAisling\n",
               sender="Aisling Rourke <aisling@brightwater-media.example>")
    assert [r["advertiser"] for r in got] == ["QuoteHound", "Brakesafe Autocentres"]


@pytest.mark.parametrize("subject", ["平安夜至元旦值班表", "聖誕新年 on-call 更表", "聖誕新年當值安排"])
def test_a_duty_roster_books_nothing_whatever_its_lines_say(subject):
    got = mail(subject, "各位：\n\n平安夜到元旦的值班表如下，请各自确认，有冲突12/9前找我换班。\n"
               "12/24（平安夜）：苟文博 —— 重点盯夜航船灯箱、速食达扫码页横幅\n"
               "12/30夜-12/31：胡杨 + 苟文博 —— 12/31零点椰岛小程序开屏上线要有人盯\n\n袁可\n")
    assert got == []


def test_an_insurers_name_keeps_what_it_sells_as_the_text_writes_it():
    # "恒盾" in the subject, "恒盾车险" in the text: the insurer as it writes itself
    got = mail("恒盾加投准考证袋", "刘经理好：\n\n在现有车身贴基础上，恒盾车险再加准考证袋 5万个，2027年1月4日起随准考证发放。\n\n马丽\n",
               sender="马丽 <mali@hengdun-insurance.example>")
    assert [r["advertiser"] for r in got] == ["恒盾车险"]


def test_a_list_under_these_four_is_a_list_of_bookings():
    got = mail("Four December bookings to load (two clients)", "Hi Marcus,\n\nPlease load these four by Thursday EOD; "
               "both clients are signed.\n\n1. RigFuel Energy - ParkRight app home banner, 12/7 through 12/20.\n"
               "2. RigFuel Energy - push notification to ParkRight users on 12/18.\n"
               "3. Roadguard Truck Insurance - solo Road Rewards e-mail, 12/10.\n"
               "4. Roadguard Truck Insurance - restroom poster frames at the I-10 plazas, 12/14 through 1/31.\n\nThanks,\nDana\n")
    assert [r["advertiser"] for r in got] == ["RigFuel Energy"] * 2 + ["Roadguard Truck Insurance"] * 2


def test_same_dates_in_a_list_item_are_the_item_aboves_not_the_asking_lines():
    got = mail("Bookings to enter", "Hi team,\n\nPlease enter these three bookings today; both businesses signed.\n\n"
               "1. Kaminski Insurance Agency - parish app home banner, Dec. 7 through Jan. 3.\n"
               "2. Kaminski Insurance Agency - e-bulletin sponsor line, same dates.\n\nThanks,\nMarybeth\n")
    assert [(r["start"], r["end"]) for r in got] == [("2026-12-07", "2027-01-03")] * 2


def test_an_items_opening_name_is_read_past_an_aside_its_kind_of_ad_and_a_slot_word_that_looks_like_an_act():
    # an aside with commas, "… road-safety PSA" (the kind of ad, not part of the name), and
    # "booking app …" (a slot's own word that is also a cue) still open the items with names
    got = mail("January loads (PSA and Quillby)", "Dear desk,\n\nPlease schedule both for January:\n\n"
               "1) Harbour Fire Brigade smoke-alarm PSA (free, no invoice): lobby screens, 15s, 11/1 to 24/1.\n"
               "2) Quillby Pet Insurance (paid, $2,400 + GST): booking app home banner, 11/1 to 24/1.\n\n"
               "Regards,\nNoor\n", sender="Noor Haddad <noor@tallyard-media.example>")
    assert [r["advertiser"] for r in got] == ["Harbour Fire Brigade", "Quillby Pet Insurance"]
    # 站, 服务 and 归还 are verbs to jieba, but here they begin slots' names
    got = mail("两个客户下周上", "各位：\n\n下面两单已确认，请配置：\n\n1. 青杉酒业：站主群推送 1次，12月18日；\n"
               "2. 鹭岛乳业：归还成功页，12.20-12.27。\n\n谢谢\n", sender="蒋丽 <jiangli@xinghe-media.example>")
    assert [r["advertiser"] for r in got] == ["青杉酒业", "鹭岛乳业"]


def test_a_month_heading_the_subject_is_no_advertiser():
    got = mail("一月驗眼室電視排片", "Jason，\n\n一月驗眼室電視全線有兩條片，唔該照以下排：\n1. 防火宣傳片：2027年1月4日至31日，每輪一次；\n"
               "2. 澄光（付費）：1月4日至17日，每輪15秒。\n\n阿芝\n", sender="陈咏芝 <ad@mingsee-optical.example>")
    assert got and all(r["advertiser"] != "一月" for r in got)


def test_a_subject_tag_is_evidence_for_the_name_it_holds():
    # a word read once before a slot gives way to the subject's tagged name
    # ("云途考研直播课" is the medium's programme the spot runs in)
    got = mail("【北辰考研】课前口播排期", "周经理您好，\n\n考研初试前一周，想在云途考研直播课的课前15秒口播里放我们的冲刺直播预告，"
               "请帮忙排期，本周三前回复能否执行。\n\n谢谢！\n", sender="罗敏 <luomin@beichen-edu.example>")
    assert got and {r["advertiser"] for r in got} == {"北辰考研"}


def test_car_park_barrier_gates_and_lamp_pole_flags_are_slots():
    got = mail("", "林姐 电话里说的：汇丰源停车场道闸三个出口，下周一开始到月底，价钱照旧。\n",
               sender="许敏 <xumin@huifengyuan.example>")
    assert [r["slots"][0]["slot"] for r in got] == ["barrier-gate"]
    got = mail("鸿雁 加灯杆旗", "何经理：\n\n北门灯杆旗想做15号那个礼拜，做30支，唔该帮手排下。\n",
               sender="阿辉 <hui@hongyan-tiles.example>")
    assert [r["slots"][0]["slot"] for r in got] == ["pole-flag"]


def test_formal_english_with_a_relative_which_still_asks():
    body = ("Dear Ms Ortega,\n\nHaving received your figures, for which we thank you, we should like to place our "
            "advertisement on the key-tag inserts at all three of your Tenerife desks, 2,000 pieces in total, from Monday "
            "4 January 2027 up to and including Sunday 24 January 2027, on behalf of Fjordsko Reiser.\n\nThe artwork is "
            "enclosed with this message (fjordsko_keytag.jpg). We would be obliged if you would confirm the booking and "
            "the price in writing.\n\nYours faithfully,\nIngrid Solberg\n")
    got = mail("Request for the placement of our skiing holidays advertisement on key-tag inserts at Tenerife", body,
               sender="Ingrid Solberg <ingrid@fjordsko.example>")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2027-01-04", "2027-01-24")]


def test_a_medium_carries_an_ad_and_a_frames_are_slots():
    got = mail("Slow Down PSA - January", "Dear Ms Tan,\n\nThe Council requests that its free \"Slow Down\" message be "
               "carried on the rooftop screens of all your cabs from 1 to 31 January 2027.\n\nYours sincerely,\nR. Lim\n",
               sender="R. Lim <r.lim@council.example>")
    assert [(r["action"], r["slots"][0]["text"]) for r in got] == [("place", "rooftop screens")]
    got = mail("A-frame this weekend", "Wei, my A-frame put at the Lebuh Pantai outlet this sat & sun can? tq\n",
               sender="Kak Ros <ros@nasilemak.example>")
    assert [r["slots"][0]["slot"] for r in got] == ["a-frame"]


def test_a_name_the_subject_writes_as_a_place_is_where_the_ad_runs():
    # "at Bedok lockers" in the subject: Bedok is where the door wraps are, Fizzwell whose they are
    got = mail("Re: Door wraps for Fizzwell at Bedok lockers",
               "Hi Siti,\n\nSmall change: please use the attached v2 artwork for the Bedok door wraps from Monday "
               "14/12.\n\nThanks,\nBen\n", sender="Ben Chua <ben@fizzwell.example>")
    assert [r["advertiser"] for r in got] == ["Fizzwell"]


def test_a_meeting_an_act_is_for_is_no_other_object_of_it():
    # a race meeting named after "for the" is the occasion of the booking, not a meeting booked
    got = mail("Cup meeting booking - barrier stalls", "Hi Brooke,\n\nClient: Wombat Wheels Car Rentals\nCould you "
               "please book barrier stalls 1-8 for the Cup meeting on Sat 9 Jan? Artwork attached.\n\nThanks heaps,\nLeah\n",
               sender="Leah M <leah@saltbush.example>")
    assert [(r["action"], r["slots"][0]["text"], r["start"]) for r in got] == [("place", "barrier stalls", "2027-01-09")]
    # a meeting that is the act's own object still asks for no placement
    assert mail("Banner review", "Hi Brooke,\n\nCould you please book a meeting for the banner review on Friday?\n\n"
                "Thanks,\nLeah\n") == []


def test_a_dash_standing_apart_ends_a_clause():
    # what follows the dash ("the client has pulled that week's spend") is a reason, no report
    got = mail("Cancel - SwiftPunt barrier stalls 12/12", "Hi Brooke,\n\nPlease cancel the SwiftPunt barrier stalls 1-8 "
               "for the Sat 12/12 meeting - the client has pulled that week's spend.\n\nThanks,\nPriya\n",
               sender="Priya R <priya@longshot.example>")
    assert [(r["action"], r["slots"][0]["text"]) for r in got] == [("cancel", "barrier stalls")]


def test_a_push_by_how_many_go_out_and_the_mails_one_advertiser():
    got = mail("Xmas ride promo, week of 21/12", "Hi ads team,\n\nPls set up our Xmas ride promo on the app home banner, "
               "21/12 to 27/12. Also promo push 2 times, on 24/12 and 26/12.\n\nThanks team,\nLe Hoang Anh\nXeNhanh\n",
               sender="Le Hoang Anh <anh.le@xenhanh.example>")
    assert [(r["slots"][0]["slot"], r["advertiser"]) for r in got] == [
        ("homepage-banner", "XeNhanh"), ("push", "XeNhanh"), ("push", "XeNhanh")]


def test_a_department_heading_the_subject_and_a_northern_our_company_are_the_writers_own():
    # (a mall's own marketing department writing to the mall's own media centre)
    got = mail("营销部 双旦金饰节 线上资源", "周伟、媒体中心各位：\n\n商场自己的“双旦金饰节”要用两块线上资源，麻烦排一下：\n"
               "1. 公众号头条：12月24日当天推送；\n2. 小程序开屏：12.24-1.3 全天，图见附件。\n\n这两个都是商场自用，不收费。\n\n"
               "张敏\n金贝汇珠宝城 营销部\n分机 8021\n", sender="张敏 <zhangmin@jinbeihui.example>",
               to="金贝汇媒体中心运营组 <adops@jinbeihui.example>")
    assert {r["advertiser"] for r in got} == {"金贝汇珠宝城"}
    got = mail("年货节开屏排期", "晓燕：\n\n咱公司「驿路年货节」定了，请在小程序开屏投放，12月14日上线，素材见附件。\n\n谢谢！\n周倩\n"
               "齐鲁驿路传媒 市场部\n", sender="周倩 <zhouqian@qiluyilu.example>")
    assert {r["advertiser"] for r in got} == {"齐鲁驿路传媒"}


def test_a_read_over_the_public_address_is_a_slot():
    got = mail("PA read Sat 19th", "Brooke - as per the phone just now, put the Galloping Goose on the PA read between "
               "races 3 and 4 on Sat 19th. Script to follow.\n", sender="Sharon Kelly <sharon@gallopinggoose.example>")
    assert [(r["action"], r["slots"][0]["text"], r["start"]) for r in got] == [("place", "PA read", "2026-12-19")]


def test_the_object_a_separable_act_holds_is_its_slot():
    # "keep the VoltBay kiosk spots running": the slot stands between the verb and its particle
    got = mail("VoltBay kiosk spots", "Hollie - can we keep the VoltBay kiosk spots running until the end of January? Ta\n",
               sender="Priya Lakhani <priya.lakhani@voltbay.example>")
    assert [(r["action"], r["slots"][0]["text"], r["end"]) for r in got] == [("extend", "kiosk spots", "2027-01-31")]


def test_a_numbered_list_of_brands_each_with_its_slot():
    # the brand, then what it sells, opens an item; a sentence that acts, with no colon, heads the list
    got = mail("Bookings for Lumina Contacts and ClearDrop", "Hi Ads team,\n\nPlease book the below two campaigns for "
               "December:\n\n1. Lumina Contacts - app home banner, 7/12 to 13/12.\n2. ClearDrop eye drops - eye-test-room "
               "poster in all Hyderabad stores, 14/12 to 31/12.\n\nBest,\nKavya\n", sender="Kavya Iyer <kavya@kestrel.example>")
    assert [r["advertiser"] for r in got] == ["Lumina Contacts", "ClearDrop"]
    got = mail("Summer bookings - Kestrel Gin and Saltbush Kombucha", "Hey Dana,\n\nAs discussed, two clients to book "
               "for summer - can you send both IOs through by Tuesday?\n\n1. Kestrel Gin - rider e-newsletter, solus sponsor "
               "slot in every issue from Boxing Day till the end of February.\n2. Saltbush Kombucha - stop-screen spots on "
               "routes 1, 6 and 16, ISO weeks 2-4.\n\nCheers,\nLeah\n", sender="Leah W <leah@paddockpine.example>")
    assert [r["advertiser"] for r in got] == ["Kestrel Gin", "Saltbush Kombucha"]


def test_an_english_public_body_writing_of_itself_is_the_advertiser():
    body = ("Dear Long Haul Plaza Media team,\n\nThe Department asks that its free \"Move Over, Slow Down\" work-zone "
            "safety message run on the pump-screen spots at your 22 Nebraska plazas from Christmas Eve through January "
            "31. The Department is grateful for the donated airtime.\n\nSincerely,\nLorraine Meeks\nPublic Information "
            "Officer\nNebraska Department of Transportation\n")
    got = mail("Move Over PSA: holiday run at Nebraska plazas", body, sender="Lorraine Meeks <lm@dot.nebraska.example>")
    assert {r["advertiser"] for r in got} == {"Nebraska Department of Transportation"}
    # a company's own "department" is no public body writing of itself
    got = mail("Homepage banner", "Hi team,\n\nPlease book the homepage banner for Kestrel Gin from 14 to 20 December. "
               "Our marketing department will send the artwork.\n\nThanks,\nLeah\nKestrel Gin Marketing Department\n",
               sender="Leah W <leah@kestrelgin.example>")
    assert {r["advertiser"] for r in got} == {"Kestrel Gin"}


def test_a_confirmation_of_something_else_does_not_cover_the_act_after_it():
    # the car show is over (a fact, no act, slot or ad word of its own); the take-down is asked
    got = mail("门头灯箱月底前撤", "李经理：\n\n奎文区那10个站的站点门头灯箱，我店车展已经结束，月底前撤，撤完拍张照片发我。谢谢！\n",
               sender="张凯 <zhangkai@dingsheng-auto.example>")
    assert [(r["action"], r["slots"][0]["text"]) for r in got] == [("cancel", "站点门头灯箱")]
    # a confirmation of the booking still goes on over the clause after it
    assert mail("开屏", "小王：\n\n开屏已配置完成，6月1日准时上线。\n") == []


def test_stickers_torn_off_are_taken_down():
    got = mail("大良店更衣柜门贴撕咗佢", "嘉欣\n我哋大良店更衣柜门贴 个啤酒广告 好多熟客投诉 呢个礼拜五之前帮我撕咗佢 唔该\n",
               sender="黎志强 <lizhiqiang@tangquanhui.example>")
    assert [r["action"] for r in got] == ["cancel"]


def test_a_cantonese_price_question_books_nothing():
    # "几钱一日" (how much a day) asks a price with no question mark
    assert mail("开屏", "陈小姐 呢个礼拜六开屏得唔得闲 几钱一日 几时要定 唔该\n",
                sender="冯国栋 <fengguodong@shubu-health.example>") == []


def test_an_english_name_only_ever_before_a_slot_gives_way_to_the_subjects_client():
    # "Reef & Ride" is the app the tile sits in; the subject names whose ad it is
    got = mail("Wattle & Pine Cider - Christmas tile", "Hi Jo,\n\nPlease put the attached artwork up on the Reef & Ride "
               "app home tile from 21 to 27 December.\n\nThanks,\nMick\n", sender="Mick Doyle <mick@agency.example>")
    assert {r["advertiser"] for r in got} == {"Wattle & Pine Cider"}
    # alone, the name before the slot is the client ("pull the Redback leaderboard" from a phone)
    got = mail("", "Jo pls pull the Saltmarsh Gin leaderboard from tonight\n", sender="Mick <m@agency.example>")
    assert {r["advertiser"] for r in got} == {"Saltmarsh Gin"}
    # nor does a place heading the subject name anyone
    got = mail("Northgate lift wrap - please remove", "Hi Jo,\n\nCould you have the Saltmarsh Gin lift wrap taken off at "
               "Northgate by Friday, 11 December?\n\nThanks,\nMick\n", sender="Mick <m@northgate-mall.example>")
    assert {r["advertiser"] for r in got} == {"Saltmarsh Gin"}


def test_a_queue_number_screen_is_a_slot():
    # jieba cuts 叫号屏 into three characters; the screen is a medium of banks, clinics and restaurants
    got = mail("湘味居叫号屏延期", "湘味居叫号屏延到1月8号，客户刚在电话里确认的。\n", sender="刘洋 <liuyang@media.example>")
    assert [(r["action"], r["slots"][0]["text"], r["end"], r["advertiser"]) for r in got] == [
        ("extend", "叫号屏", "2027-01-08", "湘味居")]


def test_a_name_before_shops_or_branches_in_the_plural_is_a_place():
    # "Seremban" heads the subject and is written where the screens stand: no client
    got = mail("Seremban queue screens, from 14/12", "Hi ops,\n\nPlease load the attached clip onto the queue screens at "
               "all Seremban branches for the week of 14/12.\n\nThanks,\nAisyah\n", sender="Aisyah <aisyah@media.example>")
    assert [r["advertiser"] for r in got] == [None]


def test_a_dash_standing_apart_begins_a_slots_name():
    # "winter deal - posters": the words before a dash with a space either side are the topic
    got = mail("Re: Kiln & Co winter deal - posters, tent cards and wraps", "Hi Sam,\n\nYes please, extend them till "
               "31 Dec.\n\nThanks,\nRia\n", sender="Ria <ria@kilnco.example>")
    assert [r["slots"][0]["text"] for r in got] == ["posters", "tent cards"]


def test_the_writers_own_must_and_a_passive_take_off_ask_for_a_cancel():
    got = mail("Cancellation - ATM screens Bexley", "Dear Ms. Hart,\n\nUnfortunately we have to cancel the Oakmoor "
               "ATM screens at the Bexley branch from 14.12.2026 on, as the branch closes for refit.\n\nKind regards,\n"
               "Tom\n", sender="Tom <tom@oakmoor.example>")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", "2026-12-14")]
    got = mail("Cresthill - lift wraps off", "Hello team,\n\nWe kindly request that all lift wraps at Cresthill are "
               "taken off on Sunday 13.12 after closing.\n\nBest,\nSelin\n", sender="Selin <selin@mall.example>")
    assert [(r["action"], r["slots"][0]["text"]) for r in got] == [("cancel", "lift wraps")]


def test_table_tops_are_a_slot_and_a_verb_is_no_slots_modifier():
    got = mail("Orchard Yoghurt - table tops", "Dear Mr. Can,\n\nPlease run our new artwork on the food-court table tops "
               "in all 3 malls from 14.12 to 31.12.\n\nKind regards,\nEce\n", sender="Ece <ece@orchardyoghurt.example>")
    assert [(r["slots"][0]["slot"], r["slots"][0]["text"]) for r in got] == [("table-top", "table tops")]
    got = mail("Cresthill - lift wraps off", "Hello team,\n\nPlease take all lift wraps at Cresthill off on Sunday 13.12. "
               "The contractor wants bare panels on Monday morning.\n\nBest,\nSelin\n", sender="Selin <selin@mall.example>")
    assert not any("wants" in s["text"] for r in got for s in r["slots"])


def test_our_own_name_spelled_by_the_first_part_of_the_senders_domain():
    # "our" and a name written as the first word or letters of the sender's domain, nothing else naming them
    got = mail("tray liners Kaspia", "Leyla pls put our tray liner in all Baku stores from Monday for 2 weeks, same "
               "design as last time\n", sender="Emin <emin@kaspia-kebab.example>")
    assert {r["advertiser"] for r in got} == {"Kaspia"}
    got = mail("", "Dana - put our Red Mesa :30 in the lobby TVs loop from the 14th thru New Year's Eve. thx\n",
               sender="Wade <wade@redmesamotors.example>")
    assert {r["advertiser"] for r in got} == {"Red Mesa"}


def test_arranging_a_payment_books_nothing():
    # a vendor's settlement: 安排 acts on a payment, not on the naming plates it bills for
    assert mail("请查收", "李会计好：\n\n上月给景区做的灯箱冠名 3 块，结算单见附件，麻烦月底前安排付款。\n\n周师傅\n",
                sender="周师傅 <zhou@print-shop.example>") == []


def test_menu_boards_are_a_slot_and_request_is_no_slots_modifier():
    got = mail("Simit Sarayı menu boards", "Dear Ms. Ayşe,\n\nWe kindly request the digital menu boards at the Bakırköy "
               "food court from 21.12 to 31.12.\n\nKind regards,\nEmre\n", sender="Emre <emre@simit.example>")
    assert got[0]["slots"][0]["text"] == "digital menu boards"
    got = mail("Simit Sarayı tray mats", "Dear Ms. Ayşe,\n\nWe kindly request tray mats for Simit Sarayı at the Bakırköy "
               "food court from 21.12 to 31.12.\n\nKind regards,\nEmre\n", sender="Emre <emre@simit.example>")
    assert [s["text"] for r in got for s in r["slots"]] == ["tray mats"]


def test_a_numbered_item_names_its_client_before_a_colon_and_the_slots_own_words():
    got = mail("本周两单", "排期组各位：\n\n以下两单请录入排期：\n\n1. 松涛茶业：导购地图广告位 2万份，12月10日起派到12月31日。\n"
               "2. 金石家居：官方小程序开屏，12月7日至12月20日。\n\n何敏\n", sender="何敏 <hemin@expo.example>")
    assert [r["advertiser"] for r in got] == ["松涛茶业", "金石家居"]


def test_a_public_body_signing_with_its_department_after_a_dash():
    body = ("Dear Ms. Ece,\n\nThe Municipality kindly requests the free placement of its flood-safety message on the "
            "digital menu boards of your malls from 04.01.2027 to 17.01.2027.\n\nThank you,\nSelin Kaya\nHead of Public "
            "Relations\nSahilkent Municipality – Civil Protection Directorate\n")
    got = mail("Free PSA request - flood safety", body, sender="Selin Kaya <selin@bld-pr.example>")
    assert {r["advertiser"] for r in got} == {"Sahilkent Municipality"}


def test_a_dotless_i_spells_the_domains_i():
    # "Kıyıboyu Kahve" is written kiyiboyukahve in the sender's domain (Turkish ı has no decomposition)
    got = mail("", "Ayşe pls put our Kıyıboyu Kahve banner on the app home page from Monday for 2 weeks\n",
               sender="Deniz <deniz@kiyiboyukahve.example>")
    assert {r["advertiser"] for r in got} == {"Kıyıboyu Kahve"}


def test_a_brand_line_names_the_client_whole_not_a_product_written_after_it():
    body = ("Mira 你好，\n\nVela X2 下月初上市，麻烦帮我们排 checkout banner，12月14日至12月27日。\n\n品牌：Vela\n谢谢！\n")
    got = mail("Vela X2 上市排期", body, sender="周宁 <zhou.ning@velaphone.example>")
    assert {r["advertiser"] for r in got} == {"Vela"}
    # a name the line goes on from is still the line's whole name
    body = ("Hi Tom,\n\nClient: Golden Reef Casino & Resort\n\nPlease book the lobby screens from Dec 14 to Dec 27.\n\n"
            "Thanks,\nJo\n")
    got = mail("Lobby screens", body, sender="Jo <jo@agency.example>")
    assert {r["advertiser"] for r in got} == {"Golden Reef Casino & Resort"}


@pytest.mark.parametrize("subject, body, sender, advertiser", [
    # a phone's model after the brand is the product
    ("Lumo X9 上市投放需求", "Lina 你好，\n\n我们 Lumo X9 新机 12月10日在孟加拉上市，麻烦安排以下投放：\n\n"
     "1. YouTube pre-roll 15 sec：12月10日至12月20日；\n2. App push：12月10日晚8点推送一次。\n\n谢谢！",
     "王磊 <wang.lei@lumo-mobile.example>", "Lumo"),
    # an order's reference number in the subject is no name
    ("Re: IO #LR-2612 - push notifications, PTBank", "Hi Lan,\n\nPTBank's legal team needs one more week for the "
     "copy, so please move the push start from 7/12 to Monday 14/12 and run it until 3/1/2027.\n\nThanks,\nTrang",
     "Trang <trang@lotusreach.example>", "PTBank"),
    # a lower-case English word of mixed text does not go on with a Chinese name
    ("澜峰加投", "Hi 李经理,\n\n青石新能源 running 的 campaign 想 add 一个开屏，12月14日至12月20日。Please confirm, thx!",
     "Kevin <kevin@tutuo-media.example>", "青石新能源"),
    # a word saying what kind of mail it is heads the subject, no name
    ("URGENT: pull homepage banner tonight", "Rafi,\n\nPlease pull the homepage banner from 6 pm today until further "
     "notice.\n\nNadia", "Nadia <nadia@tv.example>", None),
])
def test_a_model_a_reference_an_english_word_or_a_mail_tag_is_no_part_of_a_name(subject, body, sender, advertiser):
    got = mail(subject, body, sender=sender)
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_a_move_from_a_date_in_figures_to_another_starts_on_the_second():
    got = mail("Re: splash", "Hi Lan,\n\nThe bank's legal team needs one more week, so please move the splash start from "
               "7/12 to Monday 14/12 and run it until 3/1/2027.\n\nThanks,\nTrang", sender="Trang <trang@bank.example>")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("change", "2026-12-14", "2027-01-03")]


@pytest.mark.parametrize("body, action, slots, start, end", [
    # a Spanish writer's act, request and slot (es lists of adplacement-patterns.yaml)
    ("Buenas tardes, Ana:\n\nqueremos agregar el banner de la página principal del 14 al 20 de diciembre.\n\n"
     "Saludos cordiales,\nJorge", "add", ["banner de la página principal"], "2026-12-14", "2026-12-20"),
    ("Hola Ana,\n\nPor favor retiren la notificación push del 10/12.\n\nGracias,\nLuis", "cancel",
     ["notificación push"], "2026-12-10", None),
    ("Hola Ana,\n\nLe pido que programe nuestro homepage banner desde el lunes 14 de diciembre hasta el Día de "
     "Reyes.\n\nGracias,\nLuis", "place", ["homepage banner"], "2026-12-14", "2027-01-06"),
])
def test_a_spanish_writers_instruction(body, action, slots, start, end):
    got = mail("Pauta diciembre", body, sender="Luis <luis@farmacia.example>")
    assert [(r["action"], [s["text"] for s in r["slots"]], r["start"], r["end"]) for r in got] == [
        (action, slots, start, end)]


def test_a_known_slot_with_one_more_head_word_is_named_whole_and_a_length_is_no_slot():
    got = mail("December bookings", "Dear Sami,\n\nPlease book the lobby LED wall at the Aswan hotel from 10/12 to 24/12, "
               "20-sec loop (cafe_led.mp4 attached).\n\nBest regards,\nNour", sender="Nour <nour@agency.example>")
    assert [[s["text"] for s in r["slots"]] for r in got] == [["lobby LED wall"]]


@pytest.mark.parametrize("body, slot", [
    ("Hi Rumana,\n\nPlease run the Sonali Rice news scroll 12 times daily from 5/12 to 12/12.\n\nThanks,\nImran",
     "news scroll"),
    ("Hi Rumana,\n\nKindly book the Sonali Rice L-band in the 10 pm bulletin from 5/12 to 12/12.\n\nThanks,\nImran",
     "L-band"),
])
def test_a_tv_news_scroll_and_l_band_are_slots(body, slot):
    got = mail("Sonali Rice December", body, sender="Imran <imran@sonalirice.example>")
    assert [[s["text"] for s in r["slots"]] for r in got] == [[slot]]


def test_whose_word_the_writer_passes_on_before_a_colon_is_the_client():
    got = mail("Re: January bookings", "Dear Omar,\n\nSmall change from Halden Bank: please move their "
               "lobby screens to 11/01 - 24/01.\n\nRegards,\nSara", sender="Sara <sara@bluepointmedia.example>")
    assert {r["advertiser"] for r in got} == {"Halden Bank"}


@pytest.mark.parametrize("body, end", [
    ("Karim,\n\nPlease put our house spot on the lobby screens from 26/12 and remove after the 31st.\n\nThanks\nRania",
     "2026-12-31"),
    ("Karim,\n\nPlease run the lobby screens from 26/12 and take them down on 3/1.\n\nThanks\nRania", "2027-01-03"),
])
def test_a_run_that_is_removed_on_a_day_ends_that_day(body, end):
    got = mail("House spot", body, sender="Rania <rania@cruise.example>")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-26", end)]
    # (a removal alone is still a cancel)
    got = mail("House spot", "Karim,\n\nPlease remove the lobby screens on 3/1.\n\nThanks\nRania",
               sender="Rania <rania@cruise.example>")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", "2027-01-03")]


def test_asking_to_look_into_a_fault_is_no_instruction():
    body = ("Hi Rumana,\n\nPlease get the app team to check why last night's Sonali Rice app push opened the home page "
            "instead of the offer page in the deep link.\n\nThanks,\nImran")
    assert mail("Push opened the wrong page", body, sender="Imran <imran@agency.example>") == []


@pytest.mark.parametrize("subject, body, slot", [
    ("喀什线头巾换画面", "媒介部各位：\n\n青果坊喀什线头巾的画面换一下，用附件这版，档期不变，还是12月14号到12月31号。\n\n辛苦。", "头巾"),
    ("Headrests", "Hi Sami,\n\nPlease book the headrest covers on the Luxor excursion buses from 14/12 to 31/12.\n\nThanks,\nNour",
     "headrest covers"),
])
def test_a_seat_headrest_cover_is_a_slot(subject, body, slot):
    got = mail(subject, body, sender="Nour <nour@qingguo.example>")
    assert [[s["text"] for s in r["slots"]] for r in got] == [[slot]]


def test_a_push_moved_to_another_day_is_sent_that_day():
    got = mail("Move push", "Hi Adops,\nPls move the Harbour Inn trip reminder push from Fri 4/12 to Mon 7/12, same "
               "time (10am SGT).\nThank you!\nAina", sender="Aina <aina@jalan.example>")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("change", "2026-12-07", "2026-12-07")]
    # (a run's copy changed from a day on is no move: it keeps running)
    got = mail("Push copy", "Hi Adops,\nFrom tomorrow please change the Harbour Inn app push copy to the attached "
               "version.\nThank you!\nAina", sender="Aina <aina@jalan.example>")
    assert [r["end"] for r in got] == [None]


def test_a_seasons_booking_period_after_a_name_is_no_part_of_it():
    got = mail("松露坊春运ATM屏待机画面", "周经理：\n\n松露坊春运档请安排邮政储蓄ATM屏待机画面：长沙、株洲两市共200台，"
               "2027年1月22日至3月2日全程投放。\n\n何敏", sender="何敏 <hemin@agency.example>")
    assert {r["advertiser"] for r in got} == {"松露坊"}


def test_a_public_body_whose_name_begins_with_a_capital_outside_ascii():
    body = ("Dear partners,\n\nThe Department kindly asks you to carry its free road-safety message on the app home "
            "banner from 15/12 until 31/12.\n\nRespectfully,\nLê Thu Hà\nCommunication Office\nĐồng Nai Road Safety "
            "Department\n")
    got = mail("Free PSA request", body, sender="Lê Thu Hà <ha@atgt-dongnai.example>")
    assert {r["advertiser"] for r in got} == {"Đồng Nai Road Safety Department"}


def test_coptic_christmas_is_a_day_not_a_client():
    body = ("Hi Mona,\n\nPlease put our Coptic Christmas greeting on the key-card sleeves at both hotels from 1/1 to "
            "7/1.\n\nThanks,\nRania")
    got = mail("Coptic Christmas greeting on key-card sleeves", body, sender="Rania <rania@lotusbay-hotels.example>")
    assert got and "Coptic" not in {r["advertiser"] for r in got}


@pytest.mark.parametrize(("subject", "body", "sender", "to", "advertiser"), [
    # a house ad is the writer's own organisation's, not the event it promotes
    ("House ads for the Lantern Walk, Dec 18-24",
     "Hi Priya,\n\nPlease load the house ads below for our Christmas Eve event, \"Lantern Walk\": the lift-line screen "
     "loop from Dec 18 to Dec 24.\n\nThanks,\nJen Okafor\nEvents Manager\nRidgeline Resorts\n",
     "Jen Okafor <jen.okafor@ridgeline.example>", "Priya <priya@ridgeline.example>", "Ridgeline Resorts"),
    # a house ad an agency asks the medium to replace is not the agency's own
    ("Kestrel Air on the homepage banner",
     "Hi Priya,\n\nPlease replace the house ad on the homepage banner with the Kestrel Air creative from Dec 18 to "
     "Dec 24.\n\nThanks,\nJen Okafor\nAccount Director\nBrightline Media\n",
     "Jen Okafor <jen.okafor@brightline.example>", "Priya <priya@snowcast.example>", "Kestrel Air"),
    # a house promo for the organisation's own product keeps the product
    ("House promo Regenradar Plus at Christmas",
     "Hi adops,\n\nPlease place our house promo for Regenradar Plus in the hourly forecast card from 24-12 until "
     "26-12.\n\nThanks!\nLieke\nEindredacteur | Regenradar\n",
     "Redactie <redactie@regenradar.example>", "adops@regenradar.example", "Regenradar Plus"),
])
def test_house_ads_and_whose_they_are(subject, body, sender, to, advertiser):
    got = mail(subject, body, sender=sender, to=to)
    assert got and {r["advertiser"] for r in got} == {advertiser}


def test_a_festival_after_a_brand_is_no_part_of_its_name():
    body = ("Good day,\n\nKindly add 8 shelter panels on the Lekki axis to the Zenkai Mobile Yuletide flight from "
            "14th December.\n\nRegards,\nTunde")
    got = mail("Zenkai Mobile - extra panels", body, sender="Tunde <tunde@zenkai-mobile.example>")
    assert got and {r["advertiser"] for r in got} == {"Zenkai Mobile"}


def test_a_spanish_festival_after_a_brand_in_the_subject_is_no_part_of_its_name():
    body = ("Ray,\n\nOne change: please start the app home hero on Saturday Dec 19 at 6:00 AM instead of Monday; it "
            "still ends on the 24th.\n\nGracias,\nCarlos\n\nCarlos Benítez\nGrowth Marketing, Mandalo Money Transfer\n")
    got = mail("Re: Mandalo Nochebuena: app home hero", body, sender="Carlos <cbenitez@mandalo.example>")
    assert got and {r["advertiser"] for r in got} == {"Mandalo"}


def test_own_in_cantonese_is_no_name():
    got = mail("自家推廣 大堂屏", "營運部各位：\n\n自家推廣「新年大抽獎」請幫手排：電梯大堂屏15秒，由21/12朝早9點上。\n\nIvan",
               sender="Ivan <ivan@estatelink.example>", to="media@estatelink.example")
    assert got and "自家" not in {r["advertiser"] for r in got}


def test_a_place_named_before_led_is_the_slot_and_not_the_client():
    got = mail("Bole LED booking", "Dear Ato Dawit,\n\nKindly book the Bole LED 20 sec for Zebra Paints from 14 Dec to "
               "20 Dec.\n\nRegards,\nSelam")
    assert [(r["slots"][0]["text"], r["advertiser"]) for r in got] == [("Bole LED", "Zebra Paints")]


def test_a_shows_mentions_are_a_slot_and_an_artwork_that_mentions_is_not():
    got = mail("Radio for Tiya", "Dear Ato Dawit,\n\nKindly run the morning-show mentions for Tiya Lager from 14 Dec "
               "to 20 Dec.\n\nRegards,\nSelam")
    assert [s["text"] for r in got for s in r["slots"]] == ["morning-show mentions"]
    got = mail("Lightboxes for Tiya", "Dear Ato Dawit,\n\nKindly put the shop-front light boxes up for Tiya Lager from "
               "14 Dec; the artwork mentions the new bottle.\n\nRegards,\nSelam")
    assert "artwork mentions" not in {s["text"] for r in got for s in r["slots"]}


def test_shelf_talkers_and_medicine_bags_are_slots():
    got = mail("货架插卡排期", "徐经理好，\n\n客户：维朗康\n请在华南区门店上货架插卡，12月14日至12月27日。另外药袋印刷20万个，同期。\n\n林悦")
    assert {s["slot"] for r in got for s in r["slots"]} >= {"shelf-talker", "pharmacy-bag-print"}


def test_the_hall_the_lift_or_the_big_screen_a_slot_hangs_in_is_no_client():
    got = mail("眠立方床垫 12月排期", "王经理：\n\n客户眠立方床垫，12月12日至12月31日在3号馆展厅吊旗和电梯框架海报各上一期。\n\n谢谢\n李娜")
    assert got and {r["advertiser"] for r in got} <= {"眠立方床垫", "眠立方"}
    got = mail("元旦大屏广告", "王主任：\n\n元旦前后各三天，我们想在广场LED大屏投跨年促销的片子，麻烦先排上。\n\n郑浩\n云溪移动通讯城 店长")
    assert got and "大屏" not in {r["advertiser"] for r in got}


def test_a_festival_the_subject_shares_with_the_object_leaves_the_slot_word_to_match():
    got = mail("Christmas offer scroll", "Dear Shafiq bhai,\n\nPlease put the Christmas data-offer scroll on air "
               "from 18/12 to 24/12.\nClient: Dhrubo Telecom\n\nRegards,\nFarzana")
    assert [(s["text"], r["advertiser"]) for r in got for s in r["slots"]] == [("scroll", "Dhrubo Telecom")]


def test_an_announcement_asked_to_be_placed_on_a_slot_is_the_ad():
    body = ("Dear Sir,\n\nThe Agency kindly requests that its road-safety announcement be placed free of charge on the "
            "shelter panels along the Ikorodu Road axis from Monday 7th December 2026.\n\nYours faithfully,\nRasheed")
    got = mail("Road-safety PSA", body, sender="Rasheed <rasheed@larsma.example>")
    assert [s["text"] for r in got for s in r["slots"]] == ["shelter panels"]
    got = mail("Town hall", "Hi all,\n\nPlease schedule the announcement in the town hall on 7 December.\n\nAnn")
    assert got == []


def test_the_printed_back_of_a_ticket_is_a_slot_and_sending_a_print_back_is_not():
    got = mail("Cancel Trujillo", "Hi Renzo,\n\nPlease cancel the ticket-back print at Trujillo from today.\n\nThanks,\nCarla")
    assert [(r["action"], s["text"]) for r in got for s in r["slots"]] == [("cancel", "ticket-back print")]
    assert mail("Proof", "Hi Renzo,\n\nPlease send the print back by Friday.\n\nThanks,\nCarla") == []


def test_taking_a_brands_named_slot_off_is_a_cancel():
    got = mail("Take jacket backs off", "Hi team,\n\nPlease take the Vireo Motors jacket backs off all Da Nang riders "
               "from Monday 7/12.\n\nThanks,\nDuc")
    assert [(r["action"], r["advertiser"]) for r in got] == [("cancel", "Vireo Motors")]


def test_a_cantonese_no_need_to_send_and_an_english_cancel_in_chinese_cancel():
    got = mail("取消12/12推送", "Karen，\n\n12號（禮拜六）嗰個學霸坊推送唔使推喇，麻煩cancel 咗佢。\n\n多謝！\n周老師")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", "2026-12-12")]


def test_an_english_sentence_with_a_chinese_word_still_reads_its_client():
    body = ("Hi both,\n\nPlease book the following for Ridgecrest Properties on the 屋苑通 app and confirm by Thursday:\n"
            "- a push to all Tung Chung residents on Christmas Eve\n- the homepage banner from Christmas Eve until "
            "month-end\n\nBest regards,\nSharon")
    got = mail("Christmas Eve app booking", body, sender="Sharon <sharon@ridgecrest-prop.example>")
    assert got and {r["advertiser"] for r in got} == {"Ridgecrest Properties"}


@pytest.mark.parametrize("body, window", [
    # French: "du … au …", "jusqu'au", a French month
    ("Bonjour,\n\nMerci de programmer le homepage banner pour Laiterie Tassaout du 12/01/2027 au 14/01/2027.\n",
     ("2027-01-12", "2027-01-14")),
    ("Bonjour,\n\nMerci de réserver le homepage banner pour Laiterie Tassaout à partir du 7/12 jusqu'au 31 décembre.\n",
     ("2026-12-07", "2026-12-31")),
    # Indonesian: "mulai … sampai …", an Indonesian month
    ("Pak Budi,\n\nTolong pasang homepage banner untuk Kopi Senja mulai 14 Desember sampai 3 Januari ya.\n",
     ("2026-12-14", "2027-01-03")),
])
def test_french_and_indonesian_range_words_give_the_window(body, window):
    got = mail("Banner", body)
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", *window)]


@pytest.mark.parametrize("body, window", [
    # Spanish, French, Russian weekdays and "tomorrow" (dates.yaml `weekday_names`, `relative_days`);
    # the mail is of Thursday 3 December
    ("Hola,\n\nPor favor programen el banner de la home desde el lunes que viene.\n", ("2026-12-07", None)),
    ("Hola,\n\nPor favor programen el banner de la home a partir de mañana.\n", ("2026-12-04", None)),
    # (a weekday and its day: the day is the date)
    ("Hola,\n\nPor favor programen el banner de la home desde el lunes hasta el domingo 20.\n", ("2026-12-07", "2026-12-20")),
    ("Bonjour,\n\nMerci de programmer le homepage banner à partir de lundi prochain jusqu'au 31 décembre.\n",
     ("2026-12-07", "2026-12-31")),
    ("Добрый день!\n\nПрошу разместить баннер на главной с понедельника по воскресенье 20.\n", ("2026-12-07", "2026-12-20")),
])
def test_weekdays_and_tomorrow_of_other_languages_are_dates(body, window):
    got = mail("Banner", body, date="Thu, 03 Dec 2026 10:00:00 -0300")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", *window)]


@pytest.mark.parametrize("subject, kept", [
    ("Harbor Bank splash ad booking, Dec 14-20", True),   # the subject says the same slot and day
    ("Harbor Bank splash ad booking", False),             # no day in it
    ("Harbor Bank homepage banner, Dec 14-20", False),    # another slot
])
def test_a_subject_that_says_the_same_slot_and_day_outweighs_the_classifiers_doubt(monkeypatch, subject, kept):
    import mailaudit.extract.extract as extract_module

    # (the classifier all but sure the mail asks for nothing: below even the doubt of a `high` reading)
    monkeypatch.setattr(extract_module, "placement_probability", lambda subject, body: 1e-7)
    monkeypatch.setattr(extract_module.detector, "available", lambda: True)
    got = mail(subject, "Hi team,\n\nPlease book the Harbor Bank splash ad from Dec 14 to Dec 20.\n\nThanks,\nMark\n")
    assert bool(got) is kept


@pytest.mark.parametrize("body", ["先不要投开屏，等通知。", "Please don't schedule the splash until we confirm."])
def test_an_act_asked_not_to_be_done_stays_undone_when_the_classifier_is_sure(monkeypatch, body):
    import mailaudit.extract.extract as extract_module

    monkeypatch.setattr(extract_module, "placement_probability", lambda subject, body: 0.999)
    monkeypatch.setattr(extract_module.detector, "available", lambda: True)
    assert mail("Splash", f"Hi,\n\n{body}\n\nThanks\n") == []


def test_a_participle_after_a_slot_is_the_act_asked_for(monkeypatch):
    import mailaudit.extract.extract as extract_module

    # (read by the patterns alone: "taken off" after the slot is no noun, as "the banner schedule" is)
    monkeypatch.setattr(extract_module.detector, "available", lambda: False)
    got = mail("Lift wrap", "Hi Jo,\n\nCould you have the Saltmarsh Gin lift wrap taken off on Friday, 4 December?\n\nThanks,\nMick\n")
    assert [(r["action"], r["start"]) for r in got] == [("cancel", "2026-12-04")]


@pytest.mark.parametrize("text, days", [
    ("Please run the PSA on 20 abribus panels from 17/12 to 31/12.", [("2026-12-17", "2026-12-31")]),
    ("Please put 10 decals up on the lift doors from 3 Jan.", [("2027-01-03", None)]),
    ("Merci de réserver la bannière du 15 mars au 20 mars.", [("2027-03-15", "2027-03-20")]),
])
def test_a_month_name_is_a_whole_word(text, days):
    from datetime import date

    from mailaudit.extract.dates import find_windows

    got = find_windows(text, date(2026, 12, 3))
    assert [(w.start.day.isoformat(), w.end.day.isoformat() if w.end else None) for w in got] == days


@pytest.mark.parametrize("text, days", [
    # a month's end and a length in other languages (dates.yaml `month_end_before`, `month_end`,
    # `number_words`, `duration_units`); the mail is of Thursday 3 December
    ("Merci de lancer la campagne à partir de lundi prochain (7/12) et jusqu'à fin décembre.", [("2026-12-07", "2026-12-31")]),
    ("Prosíguelo hasta fin de mes.", [(None, "2026-12-31")]),
    ("Por favor programen desde el lunes que viene por dos semanas.", [("2026-12-07", "2026-12-20")]),
    ("Прошу разместить с понедельника на две недели.", [("2026-12-07", "2026-12-20")]),
    ("Merci de réserver du 14/12 pendant deux semaines.", [("2026-12-14", "2026-12-27")]),
])
def test_month_ends_and_lengths_of_other_languages(text, days):
    from datetime import date

    from mailaudit.extract.dates import find_windows

    got = find_windows(text, date(2026, 12, 3))
    assert [(w.start.day.isoformat() if w.start else None, w.end.day.isoformat() if w.end else None) for w in got] == days


@pytest.mark.parametrize("body, expected", [
    # French slots named head first (slots.yaml), let past the prefilter by an act word on their line
    ("Bonjour,\n\nMerci de réserver les faces abribus Part-Dieu du 14/12 au 27/12.\n",
     ("place", "faces abribus Part", "2026-12-14", "2026-12-27")),
    ("Bonjour,\n\nMerci de programmer les écrans quais métro Bellecour à partir de lundi pour deux semaines.\n",
     ("place", "écrans quais métro", "2026-12-07", "2026-12-20")),
    ("Bonjour,\n\nMerci de lancer la bannière d'accueil de l'appli dès demain jusqu'à fin décembre.\n",
     ("place", "bannière d'accueil", "2026-12-04", "2026-12-31")),
])
def test_french_slots_written_head_first(monkeypatch, body, expected):
    import mailaudit.extract.extract as extract_module

    monkeypatch.setattr(extract_module.detector, "available", lambda: False)
    got = mail("Campagne", body, date="Thu, 03 Dec 2026 10:00:00 +0100")
    action, slot, start, end = expected
    assert [(r["action"], r["start"], r["end"]) for r in got] == [(action, start, end)]
    assert slot in [s["text"] for r in got for s in r["slots"]]


def test_a_spanish_head_names_its_place_straight_after(monkeypatch):
    import mailaudit.extract.extract as extract_module

    monkeypatch.setattr(extract_module.detector, "available", lambda: False)
    got = mail("Tótems", "Hola,\n\nPor favor programen los tótems Rambla desde el 14/12 hasta el 27/12.\n\nSaludos\n",
               date="Thu, 03 Dec 2026 10:00:00 -0300")
    assert [([s["text"] for s in r["slots"]], r["start"], r["end"]) for r in got] == [(["tótems Rambla"], "2026-12-14", "2026-12-27")]


def test_an_english_faces_is_no_french_slot_head():
    got = mail("Sahara Cola", "Hi,\n\nPlease book the 4x3 Corniche 2 faces for Sahara Cola from 21/12 to 03/01/2027.\n",
               date="Thu, 03 Dec 2026 10:00:00 +0100")
    assert not any(s["text"].startswith("faces") for r in got for s in r["slots"])


def test_the_morning_is_not_tomorrow():
    from datetime import date

    from mailaudit.extract.dates import find_windows

    assert find_windows("Te llamo por la mañana para ver el banner.", date(2026, 12, 3)) == []
    assert [w.start.day.isoformat() for w in find_windows("Arranca mañana.", date(2026, 12, 3))] == ["2026-12-04"]


def test_a_city_after_the_advertiser_is_where_its_slot_is_not_part_of_its_name():
    # the text writes the city (and the station) right after the name; the subject writes them together too
    got = mail("安穩人壽高雄建國LED改期", "冠宇您好，\n\n安穩人壽高雄建國站候車大廳LED那檔要改期：原本12/14開始，改成12/21起上。\n\n"
               "王美玲\n榕樹廣告 媒體企劃\n")
    assert {r["advertiser"] for r in got} == {"安穩人壽"}
    # a coined head before a slot, its city cut off
    got = mail("安禾人寿南京结算页小条排期", "各位好：\n\n安禾人寿南京站结算页小条，12月21日-12月31日，请安排上线。\n\n谢谢\n顾晓峰\n")
    assert {r["advertiser"] for r in got} == {"安禾人寿"}
    # (but 合肥 inside 复合肥 is no city: 复合 is a word)
    got = mail("沃土复合肥搜索位", "周倩：\n\n沃土复合肥的搜索位请从12月8日起上线，到12月20日。\n\n谢谢\n")
    assert {r["advertiser"] for r in got} == {"沃土复合肥"}


def test_a_name_from_the_subject_is_written_whole_as_signed_with_its_branch_in_brackets():
    got = mail("躍登學測衝刺班App廣告", "冠宇您好，\n\n躍登文理補習班「學測衝刺班」要在你們App上廣告，麻煩幫我們排：\n"
               "開屏：12/8晚上8點上，到12/20\n\n謝謝您\n\n郭志明 主任\n躍登文理補習班（嘉義校）\n05-227-0000\n")
    assert {r["advertiser"] for r in got} == {"躍登文理補習班"}


def test_a_russian_request_names_its_surface_and_window():
    got = mail("Размещение: лайтбоксы метро", "Добрый день, коллеги!\n\nПросьба разместить рекламу банка «Восток» "
               "на лайтбоксах станции «Площадь Ленина» (10 шт) с 14.12 по 27.12.\n\nС уважением,\nИрина\n")
    assert [(r["action"], r["start"], r["end"]) for r in got] == [("place", "2026-12-14", "2026-12-27")]
    assert got[0]["slots"][0]["text"].startswith("лайтбоксах станции")
    got = mail("Баннер", "Добрый день!\n\nПрошу разместить баннер на главной приложения с 14 по 27 декабря.\n\nИрина\n")
    assert [(r["slots"][0]["slot"], r["start"], r["end"]) for r in got] == [("homepage-banner", "2026-12-14", "2026-12-27")]


def test_a_russian_question_about_a_free_surface_books_nothing():
    assert mail("Вопрос", "Дмитрий, добрый день!\n\nСвободны ли экраны в атриуме ТЦ «Галактика» с 21 декабря на две "
                "недели? Если да, пришлите, пожалуйста, стоимость до пятницы.\n\nИгорь\n") == []


def test_a_spanish_surface_written_head_first_is_a_slot():
    got = mail("Pauta", "Hola Juan,\n\nporfa programar los paneles de estación TransMilenio Calle 72 del 14 al 27 de "
               "diciembre para Refrescos Cóndor.\n\nGracias\n")
    assert [(r["slots"][0]["text"], r["start"], r["end"]) for r in got] == [
        ("paneles de estación TransMilenio", "2026-12-14", "2026-12-27")]
