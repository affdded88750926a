"""Write the ad-placement test mails of tests/data/evidence as .eml files.

Deterministic (fixed Date headers with zones, fixed MIME boundaries, fixed
attachment bytes), stdlib only, so the .eml files are reproducible:

    python tests/data/evidence/make_mails.py

The expected instruction records are written by hand in expected.yaml, from
the contract (shared/spec/evidence.md), not from what the extractor says.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPS = "AdOps <adops@example.com>"

# name -> (subject, date) of originals that replies quote, filled as mails are built.
_SENT: dict[str, dict] = {}


def quote_gmail(orig: dict) -> str:
    lines = "\n".join("> " + ln if ln else ">" for ln in orig["body"].splitlines())
    return f"On {orig['date_en']} {orig['from']} wrote:\n{lines}\n"


def quote_cn(orig: dict) -> str:
    return (
        "------------------ 原始邮件 ------------------\n"
        f"发件人: {orig['from']}\n"
        f"发送时间: {orig['date_cn']}\n"
        f"收件人: {orig['to']}\n"
        f"主题: {orig['subject']}\n\n"
        f"{orig['body']}\n"
    )


def quote_outlook(orig: dict) -> str:
    return (
        "-----Original Message-----\n"
        f"From: {orig['from']}\n"
        f"Sent: {orig['date_en']}\n"
        f"To: {orig['to']}\n"
        f"Subject: {orig['subject']}\n\n"
        f"{orig['body']}\n"
    )


QUOTERS = {"gmail": quote_gmail, "cn": quote_cn, "outlook": quote_outlook}

CTYPES = {
    ".jpg": ("image", "jpeg"),
    ".png": ("image", "png"),
    ".gif": ("image", "gif"),
    ".mp4": ("video", "mp4"),
    ".zip": ("application", "zip"),
    ".pdf": ("application", "pdf"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

MAILS: list[dict] = [
    # ----------------------------------------------------------------- placements, Chinese
    dict(
        name="zh-place-homepage-banner-time.eml",
        frm="张伟 <zhangwei@sales.example.com>",
        to=OPS,
        cc="李娜 <lina@sales.example.com>",
        subject="蒙牛首页banner投放需求",
        date="Tue, 28 May 2024 10:15:00 +0800",
        date_en="Tue, May 28, 2024 at 10:15 AM",
        date_cn="2024年5月28日(星期二) 上午10:15",
        body="王经理好，\n\n请帮忙为蒙牛安排首页banner投放，时间6月1日10:00至6月7日24:00，素材见附件。\n\n谢谢！\n张伟\n商务部",
        attach=["mengniu_banner_1200x300.jpg"],
    ),
    dict(
        name="zh-place-two-slots-list.eml",
        frm="陈晓 <chenxiao@sales.example.com>",
        to=OPS,
        subject="伊利618大促资源位排期",
        date="Wed, 29 May 2024 14:02:00 +0800",
        body="李经理，您好：\n\n客户伊利的《618大促》活动需要投放以下资源位：\n1. 开屏：6月10日-6月16日\n2. 信息流第3位：6月10日-6月23日\n\n请安排上线，素材稍后发送。\n\n谢谢\n陈晓",
    ),
    dict(
        name="zh-place-next-monday-two-weeks.eml",
        frm="刘洋 <liuyang@sales.example.com>",
        to=OPS,
        cc="王强 <wangqiang@example.com>",
        subject="可口可乐开屏投放",
        date="Mon, 03 Jun 2024 07:30:00 +0800",
        body="王经理，早上好！\n\n可口可乐的开屏下周一起投两周，麻烦安排一下，素材见附件。\n\n谢谢\n刘洋",
        attach=["cocacola_splash_1080x1920.jpg"],
    ),
    dict(
        name="zh-place-tomorrow-one-week.eml",
        frm="赵敏 <zhaomin@sales.example.com>",
        to="张工 <zhang.ops@example.com>",
        subject="星巴克弹窗明天上线",
        date="Fri, 31 May 2024 17:30:00 +0800",
        body="张工，\n\n星巴克的弹窗明天上线，投一周，素材链接：https://cdn.example.com/sbux/popup_v2.png\n\n辛苦了\n赵敏",
    ),
    dict(
        name="zh-place-key-value.eml",
        frm="孙丽 <sunli@sales.example.com>",
        to=OPS,
        subject="【投放申请】京东618 搜索结果页",
        date="Mon, 03 Jun 2024 10:00:00 +0800",
        body="各位好，\n\n投放申请如下：\n客户：京东\n位置：搜索结果页第1位\n时间：6月10日-6月18日\n素材：https://cdn.example.com/jd618/search_v1.png\n\n请安排，谢谢！\n孙丽",
    ),
    dict(
        name="zh-place-dotted-range.eml",
        frm="周杰 <zhoujie@sales.example.com>",
        to=OPS,
        subject="肯德基详情页广告排期",
        date="Fri, 24 May 2024 11:40:00 +0800",
        body="王经理：\n\n麻烦把肯德基的详情页广告排期到6.1-6.15，素材已发群里。\n\n谢谢\n周杰",
    ),
    dict(
        name="zh-place-next-month-one-month.eml",
        frm="吴芳 <wufang@sales.example.com>",
        to=OPS,
        subject="百事可乐首页横幅",
        date="Wed, 15 May 2024 16:20:00 +0800",
        body="王经理好：\n\n请为百事可乐在首页横幅安排投放，下个月1号开始，投放一个月。素材见附件。\n\n吴芳",
        attach=["pepsi_home_banner.png"],
    ),
    dict(
        name="zh-place-this-friday-until.eml",
        frm="郑凯 <zhengkai@sales.example.com>",
        to=OPS,
        cc="王经理 <wang.ops@example.com>",
        subject="安踏视频前贴片",
        date="Mon, 17 Jun 2024 09:05:00 +0800",
        body="王经理，\n\n请在本周五为安踏上线视频前贴片广告，到6月30日结束，视频素材打包在附件里。\n\n谢谢\n郑凯",
        attach=["anta_preroll_15s.zip"],
    ),
    dict(
        name="zh-add-sidebar-day-after-tomorrow.eml",
        frm="黄磊 <huanglei@sales.example.com>",
        to="小王 <xiaowang@example.com>",
        subject="拼多多侧边栏",
        date="Wed, 19 Jun 2024 15:45:00 +0800",
        body="小王，\n\n后天开始给拼多多加一个侧边栏广告位，先投5天。\n\n黄磊",
    ),
    dict(
        name="zh-place-preroll-campaign.eml",
        frm="林静 <linjing@sales.example.com>",
        to=OPS,
        cc="市场部 <mkt@example.com>",
        subject="腾讯视频《庆余年》前贴片投放",
        date="Thu, 13 Jun 2024 10:30:00 +0800",
        body="各位好，\n\n请为腾讯视频在视频前贴片投放《庆余年》第二季宣传，6月20日-6月30日，素材包见附件。\n\n谢谢\n林静",
        attach=["qingyunian2_preroll.zip"],
    ),
    dict(
        name="zh-add-feed-chinese-ordinal.eml",
        frm="马超 <machao@sales.example.com>",
        to=OPS,
        subject="三只松鼠信息流追加",
        date="Thu, 20 Jun 2024 11:00:00 +0800",
        body="王经理，\n\n三只松鼠想在信息流第三位追加投放，6月24日起投10天，素材不变。\n\n马超",
    ),
    dict(
        name="zh-pause-search-range.eml",
        frm="孙丽 <sunli@sales.example.com>",
        to=OPS,
        subject="京东搜索广告暂停",
        date="Tue, 18 Jun 2024 13:10:00 +0800",
        body="各位，\n\n受活动调整影响，请暂停京东的搜索结果页第1位广告，6月20日至6月22日，23日恢复。\n\n孙丽",
    ),
    dict(
        name="zh-change-slot-move.eml",
        frm="何平 <heping@sales.example.com>",
        to=OPS,
        subject="耐克广告位调整",
        date="Fri, 14 Jun 2024 16:00:00 +0800",
        body="李经理：\n\n耐克的广告从首页banner换到开屏，6月18日起生效，时间窗口不变。\n\n谢谢\n何平",
    ),
    dict(
        name="zh-change-start-time.eml",
        frm="高远 <gaoyuan@sales.example.com>",
        to=OPS,
        subject="华为视频贴片上线时间调整",
        date="Mon, 10 Jun 2024 09:30:00 +0800",
        body="李经理：\n\n华为的视频贴片上线时间改为6月15日，结束时间不变。\n\n高远",
    ),
    dict(
        name="zh-change-creative.eml",
        frm="罗娟 <luojuan@sales.example.com>",
        to=OPS,
        subject="小米首页横幅素材替换",
        date="Tue, 11 Jun 2024 16:10:00 +0800",
        body="王经理，\n\n小米首页横幅的素材请从明天起换成附件中的新版，其他不变。\n\n谢谢\n罗娟",
        attach=["xiaomi_home_banner_v2.jpg"],
    ),
    dict(
        name="zh-extend-month-end.eml",
        frm="赵敏 <zhaomin@sales.example.com>",
        to=OPS,
        subject="星巴克首页banner续投",
        date="Mon, 17 Jun 2024 10:20:00 +0800",
        body="王经理：\n\n请把星巴克首页banner续投到月底，素材不变。\n\n赵敏",
    ),
    dict(
        name="zh-cancel-and-add-two-actions.eml",
        frm="许晴 <xuqing@sales.example.com>",
        to=OPS,
        subject="美团广告调整",
        date="Wed, 05 Jun 2024 10:30:00 +0800",
        body="王经理，\n\n美团的首页banner请于6月9日下线；另外加投信息流第5位，6月10日至6月20日。\n\n许晴",
    ),
    dict(
        name="zh-place-no-date-header.eml",
        frm="钱程 <qiancheng@sales.example.com>",
        to=OPS,
        subject="vivo开屏",
        date=None,
        body="王经理，\n\n请为vivo在开屏明天上线，投3天。\n\n钱程",
    ),
    dict(
        name="zh-place-year-and-time.eml",
        frm="冯磊 <fenglei@sales.example.com>",
        to=OPS,
        subject="理想汽车开屏投放",
        date="Fri, 20 Dec 2024 18:00:00 +0800",
        body="王经理：\n\n理想汽车新年开屏广告请于1月1日0点上线，1月3日24点下线，素材见附件。\n\n冯磊",
        attach=["lixiang_newyear_splash.mp4"],
    ),
    # ----------------------------------------------------------------- placements, English
    dict(
        name="en-place-homepage-banner.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>",
        to=OPS,
        cc="Tom Baker <tom.baker@sales.example.com>",
        subject="Acme homepage banner, June 10-23",
        date="Mon, 27 May 2024 09:30:00 -0700",
        date_en="Mon, May 27, 2024 at 9:30 AM",
        body="Hi Ops team,\n\nPlease book the homepage banner for Acme from June 10 to June 23. The creative is attached.\n\nThanks,\nJenny",
        attach=["acme_summer_banner.png"],
    ),
    dict(
        name="en-place-next-monday-two-weeks.eml",
        frm="Oliver Grant <oliver.grant@sales.example.co.uk>",
        to=OPS,
        subject="Globex splash screen",
        date="Wed, 29 May 2024 16:45:00 +0100",
        body="Hello AdOps,\n\nPlease run the splash screen for Globex from next Monday for two weeks. Creative: https://assets.example.com/globex/splash.jpg\n\nBest regards,\nOliver",
    ),
    dict(
        name="en-place-this-friday-question-form.eml",
        frm="Dana White <dana.white@sales.example.com>",
        to="Mark Chen <mark.chen@example.com>",
        subject="Initech pop-up",
        date="Tue, 04 Jun 2024 10:00:00 -0400",
        body="Hi Mark,\n\nCan you launch the Initech pop-up this Friday through June 16?\n\nThanks,\nDana",
    ),
    dict(
        name="en-place-day-month-range.eml",
        frm="Bruce Lee <bruce.lee@sales.example.com>",
        to=OPS,
        subject="Wayne Enterprises pop-up booking",
        date="Fri, 31 May 2024 08:00:00 +0000",
        body="Hi all,\n\nCould you please place the Wayne Enterprises pop-up on 10-23 June? Artwork attached.\n\nCheers,\nBruce",
        attach=["wayne_popup_600x600.gif"],
    ),
    dict(
        name="en-place-numeric-range.eml",
        frm="Pepper Potts <pepper@sales.example.com>",
        to=OPS,
        subject="Stark Industries push",
        date="Mon, 20 May 2024 14:00:00 -0500",
        body="Team,\n\nPlease schedule Stark Industries on the push notification slot 6/1-6/7.\n\nPepper",
    ),
    dict(
        name="en-place-tomorrow-seven-days.eml",
        frm="Sam Ortiz <sam.ortiz@sales.example.com>",
        to=OPS,
        subject="Soylent sidebar",
        date="Thu, 13 Jun 2024 18:00:00 -0700",
        body="Hi Sam from AdOps,\n\nPlease start the Soylent sidebar ad tomorrow and run it for 7 days.\n\nThanks!\nSam O.",
    ),
    dict(
        name="en-place-time-of-day.eml",
        frm="Wei Ling Tan <weiling@sales.example.sg>",
        to=OPS,
        subject="Grab splash screen launch",
        date="Fri, 07 Jun 2024 11:00:00 +0800",
        body="Hi team,\n\nPlease launch the Grab splash screen on June 12 at 10am, ending June 18.\n\nRegards,\nWei Ling",
    ),
    dict(
        name="en-place-two-slots-one-sentence.eml",
        frm="Alice Moreau <alice.moreau@sales.example.com>",
        to=OPS,
        subject="Umbrella Corp July flight",
        date="Tue, 25 Jun 2024 10:00:00 +0000",
        body="Hi AdOps,\n\nPlease place the Umbrella Corp creative on the homepage banner and the splash screen from July 1 to July 14.\n\nKind regards,\nAlice",
    ),
    dict(
        name="en-place-key-value-campaign.eml",
        frm="Raj Patel <raj.patel@sales.example.com>",
        to=OPS,
        subject="Hooli feed position 5 booking",
        date="Thu, 01 Aug 2024 12:00:00 -0700",
        date_en="Thu, Aug 1, 2024 at 12:00 PM",
        body='Hi AdOps,\n\nNew booking request:\nAdvertiser: Hooli\nCampaign: "Back to School"\nSlot: Feed position 5\nFlight: Aug 19 - Sep 1\nCreative: https://drive.example.com/hooli/bts-feed.mp4\n\nPlease confirm once it\'s set up.\n\nRaj',
    ),
    dict(
        name="en-add-third-feed-slot.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>",
        to=OPS,
        subject="Acme feed add-on",
        date="Wed, 12 Jun 2024 09:15:00 -0700",
        body="Hi Ops,\n\nPlease add Acme to the 3rd slot in the feed from June 17 through June 23.\n\nThanks,\nJenny",
    ),
    dict(
        name="en-cancel-all-ads-no-slot.eml",
        frm="Oliver Grant <oliver.grant@sales.example.co.uk>",
        to=OPS,
        subject="Globex: stop all ads",
        date="Fri, 14 Jun 2024 15:00:00 +0100",
        body="Hi AdOps,\n\nPlease cancel all Globex ads starting Monday. The client has frozen the budget.\n\nOliver",
    ),
    dict(
        name="en-cancel-two-slots.eml",
        frm="Oliver Grant <oliver.grant@sales.example.co.uk>",
        to=OPS,
        cc="Finance <finance@example.com>",
        subject="Globex pause",
        date="Wed, 12 Jun 2024 13:00:00 +0100",
        body="Hi team,\n\nGlobex has paused all spend. Please cancel their splash screen and feed position 3 placements from June 14.\n\nThanks,\nOliver",
    ),
    dict(
        name="en-change-slot-move.eml",
        frm="Priya Nair <priya.nair@sales.example.com>",
        to="Leo Park <leo.park@example.com>",
        cc=OPS,
        subject="Umbrella Corp banner move",
        date="Tue, 11 Jun 2024 10:00:00 +0000",
        body="Hi Leo,\n\nFor Umbrella Corp, please move the banner from the search results page to the product detail page starting June 13.\n\nThanks,\nPriya",
    ),
    dict(
        name="en-extend-keep-running-through-friday.eml",
        frm="Dana White <dana.white@sales.example.com>",
        to=OPS,
        subject="Initech pop-up extension",
        date="Mon, 17 Jun 2024 09:00:00 +0000",
        body="Hi Ops,\n\nPlease keep running the Initech pop-up through Friday.\n\nDana",
    ),
    dict(
        name="en-forward-with-instruction.eml",
        frm="Mike Ross <mike.ross@sales.example.com>",
        to=OPS,
        subject="Fwd: Contoso sidebar July",
        date="Mon, 01 Jul 2024 08:30:00 -0400",
        body="Ops, see below from the client. Please book the Contoso sidebar July 8-21.\n\nMike",
        quoted=(
            "outlook",
            dict(
                frm="Anna Smith <anna@contoso.example>",
                to="Mike Ross <mike.ross@sales.example.com>",
                subject="Contoso sidebar July",
                date_en="Friday, June 28, 2024 5:12 PM",
                body="Hi Mike,\n\nWe would like the sidebar for two weeks in July, starting the 8th.\n\nAnna",
            ),
        ),
    ),
    # ----------------------------------------------------------------- mixed language
    dict(
        name="mx-place-splash-dotted.eml",
        frm="Kevin Xu <kevin.xu@sales.example.com>",
        to=OPS,
        subject="Nike splash screen 6.8-6.14",
        date="Tue, 04 Jun 2024 14:00:00 +0800",
        body="Hi Kevin，\n\nNike的splash screen需要在6.8-6.14投放，素材见附件，thanks!\n\nKevin Xu",
        attach=["nike_618_splash.mp4"],
    ),
    dict(
        name="mx-place-english-dates-chinese-text.eml",
        frm="Lily Zhang <lily.zhang@sales.example.com>",
        to=OPS,
        subject="Adidas feed placement",
        date="Mon, 08 Jul 2024 10:00:00 +0800",
        body="Hi team，\n\n请帮忙为Adidas在信息流第2位投放，from July 15 to July 28，素材见附件。\n\nThanks\nLily",
        attach=["adidas_feed_creative.jpg"],
    ),
    # ----------------------------------------------------------------- threads (amendments)
    dict(
        name="zh-thread-add-splash.eml",
        frm="张伟 <zhangwei@sales.example.com>",
        to=OPS,
        cc="李娜 <lina@sales.example.com>",
        subject="回复：蒙牛首页banner投放需求",
        date="Mon, 03 Jun 2024 09:10:00 +0800",
        reply_to_mail="zh-place-homepage-banner-time.eml",
        quote_style="cn",
        body="王经理，\n\n客户追加开屏广告，6月5日至6月7日，同样是蒙牛的素材。\n\n谢谢\n张伟",
    ),
    dict(
        name="zh-thread-extend.eml",
        frm="张伟 <zhangwei@sales.example.com>",
        to=OPS,
        subject="回复：蒙牛首页banner投放需求",
        date="Wed, 05 Jun 2024 15:00:00 +0800",
        reply_to_mail="zh-place-homepage-banner-time.eml",
        quote_style="cn",
        body="王经理，\n\n蒙牛首页banner延长到6月14日，其他不变。\n\n张伟",
    ),
    dict(
        name="zh-thread-cancel-splash.eml",
        frm="张伟 <zhangwei@sales.example.com>",
        to=OPS,
        subject="回复：蒙牛首页banner投放需求",
        date="Thu, 06 Jun 2024 18:20:00 +0800",
        reply_to_mail="zh-place-homepage-banner-time.eml",
        quote_style="cn",
        body="王经理，\n\n客户临时通知，开屏从明天起停投，首页banner照常。\n\n张伟",
    ),
    dict(
        name="en-thread-add-sidebar.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>",
        to=OPS,
        subject="Re: Acme homepage banner, June 10-23",
        date="Fri, 07 Jun 2024 11:00:00 -0700",
        reply_to_mail="en-place-homepage-banner.eml",
        quote_style="gmail",
        body="Hi team,\n\nAcme would like to add the sidebar as well, June 12 to June 23. Same creative.\n\nThanks,\nJenny",
    ),
    dict(
        name="en-thread-extend.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>",
        to=OPS,
        subject="Re: Acme homepage banner, June 10-23",
        date="Thu, 20 Jun 2024 14:30:00 -0700",
        reply_to_mail="en-place-homepage-banner.eml",
        quote_style="gmail",
        body="Hi Ops,\n\nPlease extend Acme's homepage banner through June 30.\n\nThanks,\nJenny",
    ),
    dict(
        name="en-thread-cancel-sidebar-immediately.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>",
        to=OPS,
        subject="Re: Acme homepage banner, June 10-23",
        date="Mon, 24 Jun 2024 08:05:00 -0700",
        reply_to_mail="en-place-homepage-banner.eml",
        quote_style="gmail",
        body="Hi all,\n\nPlease pull the sidebar for Acme effective immediately. The homepage banner stays.\n\nJenny",
    ),
    dict(
        name="en-thread-extend-slot-from-subject.eml",
        frm="Raj Patel <raj.patel@sales.example.com>",
        to=OPS,
        subject="Re: Hooli feed position 5 booking",
        date="Wed, 28 Aug 2024 09:00:00 -0700",
        reply_to_mail="en-place-key-value-campaign.eml",
        quote_style="gmail",
        body="Hi AdOps,\n\nPlease extend this through September 8.\n\nRaj",
    ),
    # ----------------------------------------------------------------- negatives
    dict(
        name="neg-zh-ops-confirmation-quoting-instruction.eml",
        frm="王磊 <wanglei@example.com>",
        to="张伟 <zhangwei@sales.example.com>",
        cc=OPS,
        subject="回复：蒙牛首页banner投放需求",
        date="Tue, 28 May 2024 11:02:00 +0800",
        reply_to_mail="zh-place-homepage-banner-time.eml",
        quote_style="cn",
        body="张伟你好，\n\n收到，我们会按时配置。\n\n王磊\n广告运营部",
    ),
    dict(
        name="neg-zh-ops-configured.eml",
        frm="王磊 <wanglei@example.com>",
        to="张伟 <zhangwei@sales.example.com>",
        subject="蒙牛首页banner已配置",
        date="Fri, 31 May 2024 18:00:00 +0800",
        body="张伟你好，\n\n蒙牛首页banner已配置完成，6月1日10:00准时上线，请知悉。\n\n王磊",
    ),
    dict(
        name="neg-en-ops-done-live.eml",
        frm="Leo Park <leo.park@example.com>",
        to="Jenny Liu <jenny.liu@sales.example.com>",
        subject="Re: Acme homepage banner, June 10-23",
        date="Mon, 10 Jun 2024 08:01:00 -0700",
        reply_to_mail="en-place-homepage-banner.eml",
        quote_style="gmail",
        body="Hi Jenny,\n\nDone, it's live. The Acme homepage banner is running June 10-23 as requested.\n\nLeo",
    ),
    dict(
        name="neg-zh-weekly-report.eml",
        frm="数据组 <data@example.com>",
        to="销售部 <sales@example.com>",
        subject="广告投放周报（6月第2周）",
        date="Mon, 17 Jun 2024 09:00:00 +0800",
        body="各位好，\n\n附件是上周广告投放周报：首页banner点击率2.3%，开屏曝光量120万，信息流第3位CTR 1.8%，环比均有提升。\n\n数据组",
        attach=["weekly_ad_report_w24.xlsx"],
    ),
    dict(
        name="neg-en-performance-report.eml",
        frm="Analytics <analytics@example.com>",
        to="Sales Team <sales@example.com>",
        subject="Weekly ad performance",
        date="Mon, 17 Jun 2024 07:00:00 -0700",
        body="Hi all,\n\nWeekly ad performance: homepage banner CTR 1.9%, splash screen 2.4M impressions, pop-up conversion 0.8%. Acme's campaign ran June 10-16 and beat its target. Full report attached.\n\nAnalytics",
        attach=["ad_performance_2024w24.pdf"],
    ),
    dict(
        name="neg-en-question-which-slot.eml",
        frm="Dana White <dana.white@sales.example.com>",
        to=OPS,
        subject="Slot advice for Nike",
        date="Tue, 18 Jun 2024 10:00:00 -0400",
        body="Hi ops,\n\nWhich slot would you suggest for a Nike launch in July? Is the homepage banner still available June 24-30?\n\nThanks,\nDana",
    ),
    dict(
        name="neg-zh-question-availability.eml",
        frm="陈晓 <chenxiao@sales.example.com>",
        to=OPS,
        subject="首页banner档期咨询",
        date="Wed, 19 Jun 2024 10:00:00 +0800",
        body="王经理，\n\n下周首页banner还有空位吗？哪个位置比较适合新品推广？请问6月24日-6月30日开屏还有档期吗？\n\n陈晓",
    ),
    dict(
        name="neg-en-complaint-late.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>",
        to=OPS,
        subject="Acme banner went live late",
        date="Tue, 11 Jun 2024 09:00:00 -0700",
        body="Hi Ops,\n\nOur Acme banner was supposed to go live on June 10 but I only saw it on June 11. Why was it late?\n\nJenny",
    ),
    dict(
        name="neg-zh-complaint.eml",
        frm="刘洋 <liuyang@sales.example.com>",
        to=OPS,
        subject="开屏广告没有展示",
        date="Tue, 11 Jun 2024 09:30:00 +0800",
        body="王经理，\n\n客户反馈可口可乐开屏广告6月10日并没有展示，这是怎么回事？\n\n刘洋",
    ),
    dict(
        name="neg-en-newsletter.eml",
        frm="AdWeekly <newsletter@adweekly.example.com>",
        to="jenny.liu@sales.example.com",
        subject="AdWeekly: splash screens are back",
        date="Thu, 06 Jun 2024 06:00:00 +0000",
        body="This week in ad tech: why splash screens are back, how to design a homepage banner that converts, and 5 tips for feed ads.\n\nBook a demo today!",
    ),
    dict(
        name="neg-zh-newsletter.eml",
        frm="营销周刊 <weekly@mkt-news.example.cn>",
        to="chenxiao@sales.example.com",
        subject="【营销周刊】开屏广告回暖",
        date="Fri, 07 Jun 2024 08:00:00 +0800",
        body="本期看点：开屏广告回暖，信息流第3位点击率最高，首页banner设计趋势，618投放复盘。",
    ),
    dict(
        name="neg-en-thanks-quoting-instruction.eml",
        frm="Leo Park <leo.park@example.com>",
        to="Jenny Liu <jenny.liu@sales.example.com>",
        subject="Re: Acme homepage banner, June 10-23",
        date="Mon, 27 May 2024 10:02:00 -0700",
        reply_to_mail="en-place-homepage-banner.eml",
        quote_style="gmail",
        body="Thanks Jenny, noted.\n\nLeo",
    ),
    dict(
        name="neg-en-tentative.eml",
        frm="Mike Ross <mike.ross@sales.example.com>",
        to=OPS,
        subject="Heads-up: Contoso splash screen",
        date="Wed, 19 Jun 2024 12:00:00 -0400",
        body="FYI, the client is considering a splash screen in July, nothing to book yet. I'll send a formal request once they sign.\n\nMike",
    ),
    dict(
        name="neg-zh-meeting.eml",
        frm="李娜 <lina@sales.example.com>",
        to=OPS,
        subject="明天投放复盘会",
        date="Thu, 20 Jun 2024 17:00:00 +0800",
        body="各位好，\n\n明天下午3点在3楼会议室开618投放复盘会，请准时参加。\n\n李娜",
    ),
]

# A second batch, written and labelled after the extractor passed the first, to
# measure how it does on phrasings it was not tuned on (kept in the same set).
MAILS += [
    dict(
        name="zh-place-two-slots-same-window.eml",
        frm="唐宁 <tangning@sales.example.com>", to=OPS,
        subject="OPPO新品开屏+首页焦点图", date="Mon, 24 Jun 2024 10:00:00 +0800",
        body="李经理，您好！\n\n根据客户需求，OPPO新品发布需要在开屏和首页焦点图同时投放，投放时间：7月1日至7月7日。素材请见附件，如有问题随时联系。\n\n唐宁",
        attach=["oppo_launch_assets.zip"],
    ),
    dict(
        name="zh-place-next-wednesday-ten-days.eml",
        frm="陈晓 <chenxiao@sales.example.com>", to=OPS,
        subject="麦当劳信息流第4位", date="Thu, 27 Jun 2024 15:00:00 +0800",
        body="各位，\n\n麦当劳的信息流第4位从下周三开始投放，持续10天。\n\n谢谢\n陈晓",
    ),
    dict(
        name="zh-cancel-today-budget.eml",
        frm="刘洋 <liuyang@sales.example.com>", to=OPS,
        subject="蔚来开屏停投", date="Tue, 02 Jul 2024 11:30:00 +0800",
        body="王经理，\n\n因预算调整，蔚来的开屏广告今天起全部停止投放，请尽快下线。\n\n刘洋",
    ),
    dict(
        name="zh-extend-postpone-week.eml",
        frm="赵敏 <zhaomin@sales.example.com>", to=OPS,
        subject="喜茶首页banner顺延", date="Mon, 08 Jul 2024 09:40:00 +0800",
        body="王经理：\n\n喜茶首页banner顺延一周，到7月14日结束。\n\n赵敏",
    ),
    dict(
        name="zh-change-start-and-end.eml",
        frm="周杰 <zhoujie@sales.example.com>", to=OPS,
        subject="元气森林弹窗时间调整", date="Fri, 05 Jul 2024 14:20:00 +0800",
        body="王经理，\n\n麻烦把元气森林的弹窗推迟到7月10日上线，结束时间改为7月20日。\n\n周杰",
    ),
    dict(
        name="zh-add-search-same-time-as-banner.eml",
        frm="孙丽 <sunli@sales.example.com>", to=OPS,
        subject="瑞幸咖啡加投搜索位", date="Thu, 27 Jun 2024 16:00:00 +0800",
        body="王经理，\n\n另外，瑞幸咖啡希望增加一个搜索结果页第2位，时间同首页banner，7月1日-7月15日。\n\n孙丽",
    ),
    dict(
        name="neg-zh-ops-asks-for-creative.eml",
        frm="王磊 <wanglei@example.com>", to="张伟 <zhangwei@sales.example.com>",
        subject="蒙牛首页banner素材尺寸", date="Wed, 29 May 2024 10:00:00 +0800",
        body="张伟你好，\n\n蒙牛首页banner的素材尺寸不对，麻烦重新提供1200x300的版本。\n\n王磊",
    ),
    dict(
        name="neg-zh-ops-schedule-digest.eml",
        frm="王磊 <wanglei@example.com>", to="销售部 <sales@example.com>",
        subject="下周广告排期通知", date="Fri, 28 Jun 2024 17:00:00 +0800",
        body="各位好，\n\n以下是下周广告排期：首页banner—蒙牛（7月1日-7月7日），开屏—伊利（7月3日-7月9日）。如有疑问请联系。\n\n王磊",
    ),
    dict(
        name="en-place-could-we-get.eml",
        frm="Monica Hall <monica.hall@sales.example.com>", to="Leo Park <leo.park@example.com>",
        subject="Pied Piper homepage banner", date="Tue, 02 Jul 2024 09:00:00 -0700",
        body="Hi Leo,\n\nCould we get the homepage banner for Pied Piper on July 8-14? The creative will follow tomorrow.\n\nThanks,\nMonica",
    ),
    dict(
        name="en-place-imperative-no-please.eml",
        frm="George Costanza <george@sales.example.com>", to=OPS,
        subject="Vandelay splash", date="Wed, 03 Jul 2024 10:00:00 -0400",
        body="Team - book Vandelay Industries on the splash screen for July 15-21. Thanks!\n\nGeorge",
    ),
    dict(
        name="en-cancel-take-down-today.eml",
        frm="Nina Sharp <nina.sharp@sales.example.com>", to=OPS,
        subject="URGENT: Massive Dynamic pop-up", date="Thu, 04 Jul 2024 08:00:00 +0000",
        body="Hi Ops,\n\nDue to a product recall, Massive Dynamic has asked us to take down their pop-up today. Please confirm when it's down.\n\nNina",
    ),
    dict(
        name="en-extend-by-two-weeks-to-date.eml",
        frm="Miles Dyson <miles.dyson@sales.example.com>", to=OPS,
        subject="Cyberdyne sidebar", date="Mon, 08 Jul 2024 11:00:00 -0700",
        body="Hi team,\n\nThe Cyberdyne sidebar is doing well; please extend it by two weeks, to July 28.\n\nMiles",
    ),
    dict(
        name="en-change-creative-from-wednesday.eml",
        frm="Rachael Rosen <rachael@sales.example.com>", to=OPS,
        subject="Tyrell feed creative swap", date="Mon, 08 Jul 2024 09:00:00 +0000",
        body="Hi Ops, please swap the creative on the Tyrell feed position 2 slot to the attached version starting Wednesday.\n\nRachael",
        attach=["tyrell_feed_v3.png"],
    ),
    dict(
        name="neg-en-ops-asks-for-creative.eml",
        frm="Leo Park <leo.park@example.com>", to="Jenny Liu <jenny.liu@sales.example.com>",
        subject="Acme banner creative size", date="Wed, 05 Jun 2024 10:00:00 -0700",
        body="Hi Jenny,\n\nFor the Acme homepage banner starting June 10, can you send the creative in 1200x300? The current one is 1000x250.\n\nLeo",
    ),
    dict(
        name="neg-en-invoice.eml",
        frm="Billing <billing@example.com>", to="Jenny Liu <jenny.liu@sales.example.com>",
        subject="Invoice: Acme homepage banner", date="Mon, 24 Jun 2024 09:00:00 -0700",
        body="Hi,\n\nAttached is the invoice for the Acme homepage banner flight (June 10-23). Payment due July 15.\n\nBilling",
        attach=["invoice_acme_2024_06.pdf"],
    ),
    dict(
        name="neg-en-out-of-office.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>", to="Leo Park <leo.park@example.com>",
        subject="Out of office: Re: Acme homepage banner", date="Tue, 02 Jul 2024 06:00:00 -0700",
        body="I'm out of office until July 8 with limited access to email. For urgent ad bookings, contact adops@example.com.",
    ),
    dict(
        name="mx-place-push-with-time.eml",
        frm="Kevin Xu <kevin.xu@sales.example.com>", to="小王 <xiaowang@example.com>",
        subject="Lenovo push", date="Mon, 08 Jul 2024 16:00:00 +0800",
        body="Hi 小王，Please help set up Lenovo的push notification，7月9日 10:00推送，thanks\n\nKevin",
    ),
    dict(
        name="zh-thread-add-detail-three-days.eml",
        frm="陈晓 <chenxiao@sales.example.com>", to=OPS,
        subject="回复：麦当劳信息流第4位", date="Fri, 05 Jul 2024 10:00:00 +0800",
        reply_to_mail="zh-place-next-wednesday-ten-days.eml", quote_style="cn",
        body="王经理，\n\n麦当劳那边还想在详情页加投三天，从7月8日开始。\n\n陈晓",
    ),
    dict(
        name="zh-pause-two-days.eml",
        frm="林静 <linjing@sales.example.com>", to=OPS,
        subject="小红书开屏暂停", date="Thu, 04 Jul 2024 10:00:00 +0800",
        body="王经理，\n\n小红书的开屏7月6日至7月7日暂停两天，7月8日恢复投放。\n\n林静",
    ),
    dict(
        name="en-place-ordinal-days.eml",
        frm="Charlie Bucket <charlie@sales.example.com>", to=OPS,
        subject="Wonka splash screen", date="Wed, 10 Jul 2024 10:00:00 +0000",
        body="Hi AdOps,\n\nPlease launch the Wonka splash screen from the 15th through the 21st.\n\nCharlie",
    ),
    dict(
        name="zh-place-week-after-next.eml",
        frm="黄磊 <huanglei@sales.example.com>", to=OPS,
        subject="网易严选前贴片", date="Wed, 10 Jul 2024 11:00:00 +0800",
        body="王经理，\n\n安排一下网易严选的视频前贴片，下下周一开始，投一周。\n\n黄磊",
    ),
    dict(
        name="neg-en-meeting.eml",
        frm="Tom Baker <tom.baker@sales.example.com>", to=OPS,
        subject="Q3 planning", date="Wed, 10 Jul 2024 12:00:00 -0700",
        body="Hi all,\n\nLet's discuss the Q3 homepage banner plan in tomorrow's meeting.\n\nTom",
    ),
    dict(
        name="zh-place-day-numbers.eml",
        frm="许晴 <xuqing@sales.example.com>", to=OPS,
        subject="美团外卖弹窗", date="Wed, 10 Jul 2024 15:00:00 +0800",
        body="王经理，\n\n美团外卖的弹窗15号上线，20号下线。\n\n许晴",
    ),
    dict(
        name="en-key-value-two-slots.eml",
        frm="Sam Ortiz <sam.ortiz@sales.example.com>", to=OPS,
        subject="Soylent July booking", date="Thu, 11 Jul 2024 10:00:00 -0500",
        body="Hi AdOps,\nAdvertiser: Soylent\nPlacement: Sidebar + Pop-up\nDates: 7/15 - 7/28\nPlease book. Thanks\n\nSam",
    ),
]

# A third batch, again written and labelled before running the extractor on it.
MAILS += [
    dict(
        name="zh-place-numbered-plan-three-slots.eml",
        frm="吴芳 <wufang@sales.example.com>", to=OPS, cc="市场部 <mkt@example.com>",
        subject="农夫山泉7月投放计划", date="Wed, 10 Jul 2024 14:00:00 +0800",
        body="王经理您好，\n\n上周和客户农夫山泉沟通后，确定了以下投放计划，麻烦协助配置：\n1）开屏：7月15日（周一）-7月21日（周日）\n2）首页banner：7月15日-7月31日\n3）信息流第6位：7月22日起，投两周\n素材已上传至共享盘，链接：https://share.example.com/nongfu/july\n\n谢谢！\n吴芳",
    ),
    dict(
        name="en-place-casual-abbreviations.eml",
        frm="Monica Hall <monica.hall@sales.example.com>", to="Leo Park <leo.park@example.com>",
        subject="hooli banner", date="Wed, 17 Jul 2024 16:20:00 -0700",
        body="hey leo - can u put the Hooli banner on the homepage from mon for a week? creative same as last time. thx\n\nmonica",
    ),
    dict(
        name="zh-place-weekday-annotations.eml",
        frm="许晴 <xuqing@sales.example.com>", to=OPS,
        subject="海底捞弹窗", date="Wed, 17 Jul 2024 10:00:00 +0800",
        body="王经理，\n\n请安排海底捞的弹窗，7月20日（周六）上线，7月22日（周一）下线。\n\n许晴",
    ),
    dict(
        name="en-place-numbered-list.eml",
        frm="Dana White <dana.white@sales.example.com>", to=OPS,
        subject="Initech August", date="Thu, 01 Aug 2024 10:00:00 -0400",
        body="Hi team,\n\nPlease set up the following for Initech:\n1. Homepage banner: Aug 5 - Aug 11\n2. Pop-up: Aug 5 - Aug 18\n\nCreative attached.\n\nDana",
        attach=["initech_aug_creatives.zip"],
    ),
    dict(
        name="zh-place-daily-hours.eml",
        frm="周杰 <zhoujie@sales.example.com>", to=OPS,
        subject="携程开屏", date="Mon, 22 Jul 2024 09:00:00 +0800",
        body="王经理，\n\n请为携程在开屏投放，7月25日-7月31日，每天10:00-22:00展示。\n\n周杰",
    ),
    dict(
        name="en-extend-keep-until-month-end.eml",
        frm="Bruce Lee <bruce.lee@sales.example.com>", to=OPS,
        subject="Wayne pop-up", date="Mon, 15 Jul 2024 09:00:00 +0000",
        body="Hi Ops,\n\nPlease keep the Wayne Enterprises pop-up running until the end of the month.\n\nBruce",
    ),
    dict(
        name="zh-cancel-all-ads-of-advertiser.eml",
        frm="何平 <heping@sales.example.com>", to=OPS,
        subject="得物广告全部下线", date="Thu, 18 Jul 2024 15:00:00 +0800",
        body="王经理，\n\n得物的所有广告即日起全部下线，合同终止。\n\n何平",
    ),
    dict(
        name="en-thread-move-popup-to-splash.eml",
        frm="Dana White <dana.white@sales.example.com>", to=OPS,
        subject="Re: Initech August", date="Thu, 08 Aug 2024 09:30:00 -0400",
        reply_to_mail="en-place-numbered-list.eml", quote_style="gmail",
        body="Hi team,\n\nChange of plan: move the Initech pop-up to the splash screen from Aug 12.\n\nDana",
    ),
    dict(
        name="zh-thread-shorten-end.eml",
        frm="吴芳 <wufang@sales.example.com>", to=OPS,
        subject="回复：农夫山泉7月投放计划", date="Tue, 23 Jul 2024 11:00:00 +0800",
        reply_to_mail="zh-place-numbered-plan-three-slots.eml", quote_style="cn",
        body="王经理，\n\n农夫山泉的首页banner提前到7月25日结束。\n\n吴芳",
    ),
    dict(
        name="neg-en-reminder-which-slots.eml",
        frm="Leo Park <leo.park@example.com>", to="Jenny Liu <jenny.liu@sales.example.com>",
        subject="August bookings", date="Mon, 22 Jul 2024 09:00:00 -0700",
        body="Hi Jenny,\n\nQuick reminder that bookings for August close this Friday. Let me know which slots Acme wants.\n\nLeo",
    ),
    dict(
        name="neg-zh-ops-status.eml",
        frm="王磊 <wanglei@example.com>", to="销售部 <sales@example.com>",
        subject="投放状态", date="Fri, 19 Jul 2024 18:00:00 +0800",
        body="各位，\n\n截至今天，首页banner、开屏、信息流第3位均已按排期正常投放，无异常。\n\n王磊",
    ),
    dict(
        name="en-place-preroll-pls.eml",
        frm="Pepper Potts <pepper@sales.example.com>", to=OPS,
        subject="Stark pre-roll", date="Mon, 29 Jul 2024 08:00:00 -0700",
        body="Pls run the Stark Industries pre-roll Aug 1-15 on the video channel.\n\nPepper",
    ),
    dict(
        name="zh-change-creative-link-today.eml",
        frm="罗娟 <luojuan@sales.example.com>", to=OPS,
        subject="滴滴信息流素材更换", date="Thu, 18 Jul 2024 11:00:00 +0800",
        body="王经理：\n\n滴滴的信息流第2位素材今天下午换成新版，链接 https://cdn.example.com/didi/feed2_v4.jpg ，谢谢。\n\n罗娟",
    ),
    dict(
        name="en-place-search-position-in-parens.eml",
        frm="Oliver Grant <oliver.grant@sales.example.co.uk>", to=OPS,
        subject="Globex search booking", date="Mon, 22 Jul 2024 10:00:00 +0100",
        body="Hi AdOps,\n\nWe'd like to book the search results page (position 1) for Globex from July 29 to August 4.\n\nOliver",
    ),
    dict(
        name="neg-zh-price-question.eml",
        frm="陈晓 <chenxiao@sales.example.com>", to=OPS,
        subject="开屏报价", date="Thu, 18 Jul 2024 10:00:00 +0800",
        body="王经理，\n\n开屏7月的报价是多少？客户想了解一下。\n\n陈晓",
    ),
    dict(
        name="zh-thread-extend-three-days-subject-slot.eml",
        frm="许晴 <xuqing@sales.example.com>", to=OPS,
        subject="回复：海底捞弹窗", date="Sat, 20 Jul 2024 10:00:00 +0800",
        reply_to_mail="zh-place-weekday-annotations.eml", quote_style="cn",
        body="王经理，\n\n再延长三天。\n\n许晴",
    ),
    dict(
        name="en-pause-range-resume.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>", to=OPS,
        subject="Acme feed pause", date="Wed, 17 Jul 2024 09:00:00 -0700",
        body="Hi Ops,\n\nPlease pause the Acme feed position 3 from July 20 to July 22 and resume on July 23.\n\nJenny",
    ),
    dict(
        name="mx-key-value-inline.eml",
        frm="Kevin Xu <kevin.xu@sales.example.com>", to=OPS,
        subject="小米8月资源", date="Mon, 29 Jul 2024 10:00:00 +0800",
        body="@小李 麻烦帮忙安排：Advertiser: 小米, Slot: 开屏 + 首页banner, 时间: 8/1-8/7. Thx!\n\nKevin",
    ),
    dict(
        name="neg-en-ops-we-have-set-up.eml",
        frm="Leo Park <leo.park@example.com>", to="Oliver Grant <oliver.grant@sales.example.co.uk>",
        subject="Re: Globex splash", date="Fri, 26 Jul 2024 17:00:00 -0700",
        body="Hi Oliver,\n\nWe've set up the Globex splash screen for July 29 - Aug 4 as you asked. Let us know if anything needs to change.\n\nLeo",
    ),
    dict(
        name="en-add-same-dates-as-reference.eml",
        frm="Mike Ross <mike.ross@sales.example.com>", to=OPS,
        subject="Contoso sidebar add", date="Fri, 19 Jul 2024 10:00:00 -0400",
        body="Hi AdOps,\n\nAlso, please add the sidebar for Contoso, same dates as the homepage banner (July 22-28).\n\nMike",
    ),
    dict(
        name="zh-place-next-week-five-days.eml",
        frm="刘洋 <liuyang@sales.example.com>", to=OPS,
        subject="三星开屏", date="Wed, 17 Jul 2024 10:00:00 +0800",
        body="王经理，\n\n三星的开屏下周上线，投5天。\n\n刘洋",
    ),
    dict(
        name="zh-place-weekend-campaign-name.eml",
        frm="周杰 <zhoujie@sales.example.com>", to=OPS,
        subject="肯德基周末首页banner", date="Mon, 15 Jul 2024 10:00:00 +0800",
        body="王经理，\n\n请在本周末（7月20日-7月21日）为肯德基投放首页banner，活动名称：疯狂星期四。\n\n周杰",
    ),
    dict(
        name="en-place-weekday-with-ordinal.eml",
        frm="Rachael Rosen <rachael@sales.example.com>", to=OPS,
        subject="Tyrell homepage banner", date="Wed, 17 Jul 2024 09:00:00 +0000",
        body="Hi AdOps,\n\nPlease launch the Tyrell homepage banner starting Monday the 22nd, running through the 28th.\n\nRachael",
    ),
]

# A fourth batch, written and labelled before running the extractor on it.
MAILS += [
    dict(
        name="en-place-html-only.eml",
        frm="Peter Gibbons <peter@sales.example.com>", to=OPS,
        subject="Initrode homepage banner", date="Mon, 12 Aug 2024 10:00:00 -0500",
        date_en="Mon, Aug 12, 2024 at 10:00 AM",
        body="Hi team,\n\nPlease book the homepage banner for Initrode from August 19 to August 25.\n\nThanks,\nPeter",
        html="<html><body><p>Hi team,</p><p>Please book the <b>homepage banner</b> for Initrode from August 19 to August 25.</p><p>Thanks,<br>Peter</p></body></html>",
    ),
    dict(
        name="zh-change-start-from-to.eml",
        frm="张伟 <zhangwei@sales.example.com>", to=OPS,
        subject="蒙牛开屏开始时间调整", date="Mon, 12 Aug 2024 10:00:00 +0800",
        body="王经理，\n\n蒙牛开屏的开始时间从8月20日改到8月22日，结束时间不变。\n\n张伟",
    ),
    dict(
        name="zh-two-advertisers-one-mail.eml",
        frm="陈晓 <chenxiao@sales.example.com>", to=OPS,
        subject="下周排期", date="Wed, 14 Aug 2024 10:00:00 +0800",
        body="王经理，\n\n下周排期如下，请安排：蒙牛的开屏8月19日-8月25日；伊利的首页banner 8月21日-8月27日。\n\n陈晓",
    ),
    dict(
        name="en-book-numeric-dates.eml",
        frm="Sam Ortiz <sam.ortiz@sales.example.com>", to="Leo Park <leo.park@example.com>",
        subject="Soylent homepage banner", date="Tue, 20 Aug 2024 10:00:00 -0500",
        body="Hi Leo,\n\nBook Soylent for the homepage banner, 8/26 to 9/1. Creative to follow.\n\nSam",
    ),
    dict(
        name="en-thread-start-instead.eml",
        frm="Peter Gibbons <peter@sales.example.com>", to=OPS,
        subject="Re: Initrode homepage banner", date="Thu, 15 Aug 2024 11:00:00 -0500",
        reply_to_mail="en-place-html-only.eml", quote_style="gmail",
        body="Hi team,\n\nSounds good, but please make it start on the 20th instead.\n\nPeter",
    ),
    dict(
        name="en-extend-campaign-by-a-week.eml",
        frm="Jenny Liu <jenny.liu@sales.example.com>", to=OPS,
        subject="Acme back-to-school", date="Mon, 19 Aug 2024 09:00:00 -0700",
        body="Hi Ops,\n\nPlease extend the Acme back-to-school campaign by one week.\n\nJenny",
    ),
    dict(
        name="zh-extend-two-slots-subject-advertiser.eml",
        frm="许晴 <xuqing@sales.example.com>", to=OPS,
        subject="美团首页banner+开屏延期", date="Tue, 20 Aug 2024 10:00:00 +0800",
        body="王经理，\n\n请把首页banner和开屏的投放都延长到8月31日。\n\n许晴",
    ),
    dict(
        name="neg-zh-ops-asks-launch-time.eml",
        frm="王磊 <wanglei@example.com>", to="张伟 <zhangwei@sales.example.com>",
        subject="回复：蒙牛开屏", date="Fri, 16 Aug 2024 10:00:00 +0800",
        body="张伟你好，\n\n开屏素材收到，请问是8月19日0点上线还是10点上线？\n\n王磊",
    ),
    dict(
        name="neg-en-fyi-forward.eml",
        frm="Mike Ross <mike.ross@sales.example.com>", to="Harvey Specter <harvey@sales.example.com>",
        subject="Fwd: Contoso sidebar August", date="Mon, 19 Aug 2024 08:00:00 -0400",
        body="FYI, see below.\n\nMike",
        quoted=("outlook", dict(
            frm="Anna Smith <anna@contoso.example>", to="Mike Ross <mike.ross@sales.example.com>",
            subject="Contoso sidebar August", date_en="Friday, August 16, 2024 5:12 PM",
            body="Hi Mike,\n\nPlease book the sidebar for Contoso from August 26 to September 8.\n\nAnna")),
    ),
    dict(
        name="neg-en-reserved-for-client.eml",
        frm="Mike Ross <mike.ross@sales.example.com>", to="Anna Smith <anna@contoso.example>",
        subject="Your homepage banner booking", date="Tue, 20 Aug 2024 09:00:00 -0400",
        body="Hi Anna,\n\nWe have reserved the homepage banner for Contoso from August 26 to September 8. Our ops team will confirm by Friday.\n\nBest,\nMike",
    ),
    dict(
        name="neg-zh-praise.eml",
        frm="刘洋 <liuyang@sales.example.com>", to=OPS,
        subject="感谢", date="Mon, 19 Aug 2024 18:00:00 +0800",
        body="各位，\n\n上周可口可乐的开屏投放效果很好，客户很满意，辛苦大家！\n\n刘洋",
    ),
    dict(
        name="zh-place-tomorrow-afternoon.eml",
        frm="孙丽 <sunli@sales.example.com>", to=OPS,
        subject="京东首页banner", date="Wed, 21 Aug 2024 10:00:00 +0800",
        body="王经理，\n\n明天下午2点上线京东的首页banner，投三天。\n\n孙丽",
    ),
    dict(
        name="en-place-time-keep-up-until.eml",
        frm="Monica Hall <monica.hall@sales.example.com>", to=OPS,
        subject="Hooli pop-up", date="Mon, 26 Aug 2024 09:00:00 -0700",
        body="Hi team,\n\nPlease launch the Hooli pop-up on 8/28 at 9:00 and keep it up until 9/3.\n\nMonica",
    ),
    dict(
        name="en-pause-until-further-notice.eml",
        frm="Oliver Grant <oliver.grant@sales.example.co.uk>", to=OPS,
        subject="Globex sidebar pause", date="Tue, 27 Aug 2024 10:00:00 +0100",
        body="Hi AdOps,\n\nPlease pause the Globex sidebar from tomorrow until further notice.\n\nOliver",
    ),
    dict(
        name="mx-pause-feed-from-tomorrow.eml",
        frm="Kevin Xu <kevin.xu@sales.example.com>", to="Leo Park <leo.park@example.com>",
        subject="Acme feed", date="Wed, 28 Aug 2024 10:00:00 +0800",
        body="Hi Leo, 请帮忙把Acme的feed position 3 pause一下, from tomorrow. Thx\n\nKevin",
    ),
    dict(
        name="zh-place-fullwidth-digits.eml",
        frm="黄磊 <huanglei@sales.example.com>", to=OPS,
        subject="拼多多开屏", date="Thu, 29 Aug 2024 10:00:00 +0800",
        body="王经理，\n\n请为拼多多安排开屏，９月２日－９月８日。\n\n黄磊",
    ),
    dict(
        name="en-go-ahead-and-book.eml",
        frm="Charlie Bucket <charlie@sales.example.com>", to=OPS,
        subject="Wonka September", date="Fri, 30 Aug 2024 10:00:00 +0000",
        body="Go ahead and book the splash screen for Wonka, Sept 9-15.\n\nCharlie",
    ),
    dict(
        name="zh-pause-from-date-no-de.eml",
        frm="罗娟 <luojuan@sales.example.com>", to=OPS,
        subject="小米信息流暂停", date="Fri, 30 Aug 2024 10:00:00 +0800",
        body="各位，\n\n自9月1日起，暂停小米在信息流第2位的投放。\n\n罗娟",
    ),
    dict(
        name="en-place-whole-next-month.eml",
        frm="Rachael Rosen <rachael@sales.example.com>", to=OPS,
        subject="Tyrell detail page", date="Wed, 21 Aug 2024 10:00:00 +0000",
        body="Hi AdOps,\n\nPlease run the Tyrell ad on the product detail page for the whole of next month.\n\nRachael",
    ),
    dict(
        name="zh-place-form-two-slots-campaign.eml",
        frm="郑凯 <zhengkai@sales.example.com>", to=OPS,
        subject="安踏开学季投放", date="Mon, 26 Aug 2024 10:00:00 +0800",
        body="王经理：\n\n【投放需求】\n广告主：安踏\n活动：开学季\n位置：首页banner、开屏\n时间：9月1日-9月7日\n请安排，谢谢。\n\n郑凯",
    ),
    dict(
        name="neg-en-availability-question.eml",
        frm="Dana White <dana.white@sales.example.com>", to="Leo Park <leo.park@example.com>",
        subject="September availability", date="Tue, 27 Aug 2024 10:00:00 -0400",
        body="Hi Leo,\n\nWhat does availability look like for the splash screen in September? No rush.\n\nDana",
    ),
    dict(
        name="en-replace-creative-today.eml",
        frm="Pepper Potts <pepper@sales.example.com>", to=OPS,
        subject="Stark banner creative", date="Thu, 29 Aug 2024 08:00:00 -0700",
        body="Hi Ops, please replace the creative on the Stark homepage banner today; new file attached.\n\nPepper",
        attach=["stark_banner_v5.png"],
    ),
]

# A fifth batch, written and labelled before running the extractor on it.
MAILS += [
    dict(name="zh-place-next-wed-to-fri-client-is.eml", frm="唐宁 <tangning@sales.example.com>", to=OPS,
         subject="喜马拉雅开屏", date="Mon, 02 Sep 2024 10:00:00 +0800",
         body="王经理，\n\n下周三到下周五请在开屏投放，客户是喜马拉雅。\n\n唐宁"),
    dict(name="en-place-for-our-client.eml", frm="Alice Moreau <alice.moreau@sales.example.com>", to=OPS,
         subject="Sidebar booking", date="Mon, 23 Sep 2024 10:00:00 +0000",
         body="Hi AdOps,\n\nPlease book the sidebar for our client Zeta Corp, 1-7 October.\n\nAlice"),
    dict(name="en-place-on-behalf-of.eml", frm="Raj Patel <raj.patel@sales.example.com>", to=OPS,
         subject="Blue Sun pop-up", date="Tue, 08 Oct 2024 10:00:00 -0500",
         body="Hi team,\n\nOn behalf of Blue Sun, please run a pop-up from 10/14 through 10/20.\n\nRaj"),
    dict(name="zh-place-this-month-20th.eml", frm="孙丽 <sunli@sales.example.com>", to=OPS,
         subject="百度网盘信息流第1位", date="Tue, 10 Sep 2024 10:00:00 +0800",
         body="王经理，\n\n请为百度网盘安排信息流第1位，本月20日起投放两周。\n\n孙丽"),
    dict(name="zh-thread-extend-one-more-week.eml", frm="孙丽 <sunli@sales.example.com>", to=OPS,
         subject="回复：百度网盘信息流第1位", date="Wed, 02 Oct 2024 10:00:00 +0800",
         reply_to_mail="zh-place-this-month-20th.eml", quote_style="cn",
         body="王经理，\n\n效果不错，信息流第1位再投一周。\n\n孙丽"),
    dict(name="en-change-push-back-by-a-week.eml", frm="Dana White <dana.white@sales.example.com>", to=OPS,
         subject="Initech banner", date="Mon, 07 Oct 2024 10:00:00 -0400",
         body="Hi Ops,\n\nPlease push back the Initech homepage banner launch by a week.\n\nDana"),
    dict(name="en-change-move-up-start.eml", frm="Charlie Bucket <charlie@sales.example.com>", to=OPS,
         subject="Wonka splash screen", date="Wed, 09 Oct 2024 10:00:00 +0000",
         body="Hi AdOps,\n\nCould you move up the start of the Wonka splash screen to Oct 14?\n\nCharlie"),
    dict(name="zh-cancel-today-pull-down.eml", frm="黄磊 <huanglei@sales.example.com>", to=OPS,
         subject="网易云音乐弹窗", date="Thu, 10 Oct 2024 10:00:00 +0800",
         body="王经理，\n\n麻烦今天把网易云音乐的弹窗撤下。\n\n黄磊"),
    dict(name="zh-change-creative-tomorrow.eml", frm="许晴 <xuqing@sales.example.com>", to=OPS,
         subject="美团信息流素材", date="Thu, 10 Oct 2024 11:00:00 +0800",
         body="王经理，\n\n美团的信息流第2位明天换一下素材，新素材见附件。\n\n许晴",
         attach=["meituan_feed_v2.jpg"]),
    dict(name="en-cancel-take-down-tonight.eml", frm="Oliver Grant <oliver.grant@sales.example.co.uk>", to=OPS,
         subject="Globex banner", date="Fri, 11 Oct 2024 10:00:00 +0100",
         body="Hi AdOps,\n\nPlease take down the Globex homepage banner tonight.\n\nOliver"),
    dict(name="mx-place-slash-dates.eml", frm="Kevin Xu <kevin.xu@sales.example.com>", to="Leo Park <leo.park@example.com>",
         subject="Tyrell homepage banner", date="Mon, 14 Oct 2024 10:00:00 +0800",
         body="Hi Leo，麻烦把Tyrell的 homepage banner 从 10/21 排到 10/27，thanks\n\nKevin"),
    dict(name="zh-two-slots-two-windows.eml", frm="林静 <linjing@sales.example.com>", to=OPS,
         subject="小红书本周投放", date="Mon, 14 Oct 2024 10:00:00 +0800",
         body="各位，\n\n小红书本周投放安排：开屏10月16日-10月18日，首页banner 10月16日-10月20日，请配置。\n\n林静"),
    dict(name="neg-en-check-whether-live.eml", frm="Jenny Liu <jenny.liu@sales.example.com>", to="Leo Park <leo.park@example.com>",
         subject="Acme pop-up", date="Tue, 15 Oct 2024 10:00:00 -0700",
         body="Hi Leo,\n\nCan you check whether the Acme pop-up is live yet?\n\nJenny"),
    dict(name="neg-zh-confirm-whether-live.eml", frm="刘洋 <liuyang@sales.example.com>", to=OPS,
         subject="开屏上线了吗", date="Tue, 15 Oct 2024 10:00:00 +0800",
         body="王经理，\n\n请确认一下开屏是否已经上线，客户在问。\n\n刘洋"),
    dict(name="neg-en-ops-paused-as-asked.eml", frm="Leo Park <leo.park@example.com>", to="Oliver Grant <oliver.grant@sales.example.co.uk>",
         subject="Re: Globex sidebar pause", date="Wed, 28 Aug 2024 09:00:00 +0100",
         body="Hi Oliver,\n\nI've paused the Globex sidebar as you asked. It will stay off until you tell me otherwise.\n\nLeo"),
    dict(name="neg-zh-data-attached.eml", frm="数据组 <data@example.com>", to=OPS,
         subject="上周首页banner数据", date="Mon, 21 Oct 2024 10:00:00 +0800",
         body="各位，\n\n上周的首页banner投放数据见附件，请查收。\n\n数据组", attach=["homepage_banner_w42.xlsx"]),
    dict(name="neg-en-intranet-announcement-banner.eml", frm="HR <hr@example.com>", to="IT Helpdesk <it@example.com>",
         subject="Town hall banner", date="Mon, 21 Oct 2024 10:00:00 +0000",
         body="Hi IT,\n\nPlease update the announcement banner on the intranet homepage for the town hall on Friday.\n\nHR"),
    dict(name="en-add-search-same-flight.eml", frm="Raj Patel <raj.patel@sales.example.com>", to=OPS,
         subject="Hooli add-on", date="Tue, 15 Oct 2024 10:00:00 -0700",
         body="Hi AdOps,\n\nPlease also add the search results page for Hooli, same flight.\n\nRaj"),
    dict(name="zh-place-preroll-seconds.eml", frm="周杰 <zhoujie@sales.example.com>", to=OPS,
         subject="肯德基前贴片", date="Mon, 21 Oct 2024 10:00:00 +0800",
         body="王经理，\n\n请在10月25日-10月31日为肯德基投放视频前贴片15秒版本。\n\n周杰"),
    dict(name="en-place-weekday-date-year.eml", frm="Jenny Liu <jenny.liu@sales.example.com>", to=OPS,
         subject="Acme November", date="Tue, 29 Oct 2024 10:00:00 -0700",
         body="Hi Ops,\n\nPlease schedule the Acme homepage banner for Monday, November 4, 2024 through Sunday, November 10, 2024.\n\nJenny"),
    dict(name="zh-pause-day-numbers.eml", frm="孙丽 <sunli@sales.example.com>", to=OPS,
         subject="京东搜索位暂停", date="Fri, 08 Nov 2024 10:00:00 +0800",
         body="王经理，\n\n京东的搜索结果页第1位11号到13号暂停，14号恢复。\n\n孙丽"),
    dict(name="en-thread-cancel-it.eml", frm="Charlie Bucket <charlie@sales.example.com>", to=OPS,
         subject="Re: Wonka splash screen", date="Thu, 17 Oct 2024 10:00:00 +0000",
         reply_to_mail="en-change-move-up-start.eml", quote_style="gmail",
         body="Client pulled out - please cancel it.\n\nCharlie"),
]


def _build(spec: dict, index: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = spec["frm"]
    msg["To"] = spec["to"]
    if spec.get("cc"):
        msg["Cc"] = spec["cc"]
    msg["Subject"] = spec["subject"]
    if spec.get("date"):
        msg["Date"] = spec["date"]
    msg["Message-ID"] = f"<{Path(spec['name']).stem}@mail.example.com>"
    body = spec["body"] + "\n"
    parent = spec.get("reply_to_mail")
    if parent:
        orig = _SENT[parent]
        msg["In-Reply-To"] = orig["message_id"]
        msg["References"] = orig["message_id"]
        body += "\n" + QUOTERS[spec["quote_style"]](orig)
    if spec.get("quoted"):
        style, orig = spec["quoted"]
        orig = {**orig, "from": orig["frm"], "date_cn": orig.get("date_en", "")}
        body += "\n" + QUOTERS[style](orig)
    msg["MIME-Version"] = "1.0"
    if spec.get("html"):  # an HTML-only mail, as some clients send
        msg.set_content(spec["html"], subtype="html", cte="8bit")
    else:
        msg.set_content(body, cte="8bit")
    for name in spec.get("attach", []):
        maintype, subtype = CTYPES[Path(name).suffix]
        msg.add_attachment(
            f"fake content of {name}\n".encode(), maintype=maintype, subtype=subtype, filename=name
        )
    if msg.is_multipart():
        msg.set_boundary(f"=_mailaudit_test_{index:03d}")
    _SENT[spec["name"]] = {
        "message_id": msg["Message-ID"],
        "from": spec["frm"],
        "to": spec["to"],
        "subject": spec["subject"],
        "body": spec["body"],
        "date_en": spec.get("date_en", spec.get("date") or ""),
        "date_cn": spec.get("date_cn", spec.get("date") or ""),
    }
    return msg.as_bytes(policy=SMTP)


def build(out: Path = HERE) -> list[Path]:
    """Write every mail under `out`; the paths written (a test rebuilds them elsewhere)."""
    names = set()
    written = []
    _SENT.clear()
    for index, spec in enumerate(MAILS):
        assert spec["name"] not in names, spec["name"]
        names.add(spec["name"])
        path = out / spec["name"]
        path.write_bytes(_build(spec, index))
        written.append(path)
    return written


def main() -> None:
    build(HERE)
    print(f"wrote {len(MAILS)} mails to {HERE}")


if __name__ == "__main__":
    main()
