"""The parser on the mail people really send."""

from __future__ import annotations

import base64

from mailaudit.mail.parse import parse_bytes


def test_gbk_body_and_rfc2047_gbk_subject():
    subject = "=?GBK?B?" + base64.b64encode("6月排期确认".encode("gbk")).decode() + "?="
    body = "王经理：\n请确认6月排期。\n谢谢\n张三".encode("gbk")
    raw = (
        f"From: =?gb2312?B?{base64.b64encode('张三'.encode('gb2312')).decode()}?= <zs@example.cn>\n"
        f"To: wang@example.cn\nSubject: {subject}\nContent-Type: text/plain; charset=gb2312\n"
        "Content-Transfer-Encoding: 8bit\n\n"
    ).encode() + body
    m = parse_bytes(raw)
    assert m.subject == "6月排期确认"
    assert m.sender[0].name == "张三"
    assert "请确认6月排期" in m.body and m.signature == "张三"
    assert m.language == "zh" and not m.defects


def test_big5_and_unknown_charset_fall_back_with_reason():
    raw = (
        b"To: a@example.com\nSubject: x\nContent-Type: text/plain; charset=x-weird\n\n"
        + "請確認排期".encode("big5")
    )
    m = parse_bytes(raw)
    assert "請確認排期" in m.text
    assert any("x-weird" in d for d in m.defects)


def test_raw_8bit_utf8_headers_and_mislabelled_latin1():
    raw = "To: 王经理 <wang@example.cn>\nSubject: 首页banner\nContent-Type: text/plain; charset=iso-8859-1\n\n你好".encode()
    m = parse_bytes(raw)
    assert m.subject == "首页banner" and m.to[0].name == "王经理" and m.text == "你好"


def test_rfc2231_filename_and_inline_logo_is_not_an_attachment():
    raw = b"""To: a@example.com
Subject: files
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: multipart/related; boundary="R"

--R
Content-Type: text/html; charset=utf-8

<p>Hi Tom,</p><p>see the plan.</p><p>Ann<br><img src="cid:logo1"></p>
--R
Content-Type: image/png
Content-ID: <logo1>
Content-Disposition: inline; filename="image001.png"

iVBORw0KGgo=
--R--
--B
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%E6%8E%92%E6%9C%9F%E8%A1%A8.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--B--
"""
    m = parse_bytes(raw)
    assert [a.filename for a in m.attachments] == ["排期表.pdf"]
    assert [a.filename for a in m.inline_parts] == ["image001.png"]
    assert m.attachments[0].size == 9
    assert m.body.startswith("Hi Tom,")


def test_html_only_body_with_gmail_quote():
    raw = b"""To: a@example.com
Subject: Re: plan
Content-Type: text/html; charset=utf-8

<div>Hi Tom,</div><div>Thanks, looks good.</div><div>Ann</div>
<div class="gmail_quote">On Mon, Jun 3, 2024 Tom wrote:<blockquote>Please find attached the plan.</blockquote></div>
"""
    m = parse_bytes(raw)
    assert "attached" not in m.body and "attached" in m.quoted
    assert m.signature == "Ann"


def test_a_whole_html_document_sent_as_text_plain_is_read_as_html():
    # (Enron's newsletters: the markup and its comments, "<!--begin sidebar/body row-->", are no words)
    raw = b"""To: a@example.com
Subject: Year-end moves
Content-Type: text/plain; charset=us-ascii

<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<HTML><BODY><TABLE><!--begin sidebar/body row--><TR><TD>Tax-smart moves in the nick of time.</TD></TR></TABLE></BODY></HTML>
"""
    m = parse_bytes(raw)
    assert "Tax-smart moves" in m.body and "<" not in m.body and "sidebar" not in m.body
    # plain text that only mentions a tag stays as written
    m = parse_bytes(b"To: a@example.com\nSubject: s\nContent-Type: text/plain\n\nUse <html> tags sparingly.\n")
    assert "<html>" in m.body


def split(text, **kw):
    return parse_bytes(
        (
            "To: a@example.com\nSubject: s\nContent-Type: text/plain; charset=utf-8\n\n" + text
        ).encode(),
        **kw,
    )


def test_outlook_chinese_reply_header():
    m = split(
        "收到，谢谢！\n李四\n\n发件人: 张三 <zs@example.cn>\n发送时间: 2024年6月3日 10:12\n收件人: 李四\n主题: 排期\n\n附件是排期，请查收。"
    )
    assert m.body == "收到，谢谢！" and m.signature == "李四"
    assert "附件是排期" in m.quoted


def test_foxmail_original_and_outlook_english():
    m = split(
        '好的\n\n------------------ 原始邮件 ------------------\n发件人: "张三"<zs@example.cn>\n见附件'
    )
    assert m.body == "好的" and "见附件" in m.quoted
    m = split(
        "Done.\n\n-----Original Message-----\nFrom: Tom\nSent: Monday\nTo: Ann\nSubject: x\n\nsee attached"
    )
    assert m.body == "Done." and "see attached" in m.quoted
    m = split(
        "OK\n\nFrom: Tom Chen <tom@example.com>\nSent: Monday, June 3, 2024 10:12 AM\nTo: Ann\nSubject: plan\n\nattached"
    )
    assert m.body == "OK"


def test_outlook_reply_headers_in_the_users_language():
    # Outlook writes its From:/Sent: block in the user's language
    for block in ("Von: Marieke de Vries <m@expo.example>\nGesendet: Montag, 30. November 2026 15:02\n"
                  "An: Tobias <t@kh.example>\nBetreff: upgrade offer",
                  "Van: Sanne <s@wx.example>\nVerzonden: maandag 30 november 2026 15:02\nAan: ops\nOnderwerp: week 51",
                  "De : Luc <l@ski.example>\nEnvoyé : lundi 30 novembre 2026 15:02\nÀ : ops\nObjet : bannière"):
        m = split(f"Please move our banner to the homepage.\n\nBest regards\nTobias Reuter\n\n{block}\n\nDear all, an offer.")
        assert m.body == "Please move our banner to the homepage.\n\nBest regards", block
        assert m.signature == "Tobias Reuter" and "an offer" in m.quoted


def test_chinese_gmail_wrote_and_interleaved_quotes():
    m = split(
        "好的，明天上线。\n\n在 2024年6月3日周一 10:12，张三 <zs@example.cn> 写道：\n> 附件是素材"
    )
    assert m.body == "好的，明天上线。"
    m = split("> Can you do Friday?\nYes, Friday works.\n> And the budget?\nApproved.\n\nAnn")
    # what follows each quote is a paragraph of its own
    assert m.body == "Yes, Friday works.\n\nApproved." and m.signature == "Ann"


def test_signature_delimiter_footer_and_phone_line():
    m = split(
        "Hi Tom,\nplease review.\n\n-- \nAnn Lee\n+1 555 0100\n\nThis email and any attachments are confidential and intended solely for the addressee."
    )
    assert m.body == "Hi Tom,\nplease review." and m.signature.startswith("Ann Lee")
    assert "confidential" in m.footer
    m = split("好的，收到。\n\n发自我的iPhone")
    assert m.body == "好的，收到。" and m.signature == "" and "iPhone" in m.footer


def test_closing_then_contact_block_is_signature():
    m = split("王经理，您好！\n请确认排期。\n\n谢谢！\n张三\n市场部 | 电话 010-12345678")
    assert m.body.endswith("谢谢！") and m.signature.startswith("张三")


def test_a_one_line_sign_off_between_bars_and_a_cantonese_closing_are_signatures():
    m = split("Sinead,\nrates attached, unchanged for Q1.\n\nDarragh Quinn | Sales Executive | Midlands Courier Group")
    assert m.body.endswith("unchanged for Q1.") and m.signature.startswith("Darragh Quinn |")
    m = split("Hi Kevin,\n想 book e-paper 廣告。\n\n唔該晒！\nKaren Lee 李嘉欣\nAsia Fresh 亞洲超市 | Belfast")
    assert m.body.endswith("唔該晒！") and m.signature.startswith("Karen Lee")
    m = split("Please review | approve by Friday.")  # bars in the text, no name first: no signature
    assert m.signature == ""


def test_addresses_validated_and_groups():
    raw = b"From: ann@example.com\nTo: undisclosed-recipients:;\nCc: bob@example, Tom <tom@example.com>\nSubject: s\n\nx"
    m = parse_bytes(raw)
    assert m.to == []
    assert [a.valid for a in m.cc] == [False, True]


def test_garbage_never_raises():
    for raw in (
        b"",
        b"\x00\xff\xfe",
        b"Content-Type: multipart/mixed; boundary=\n\n--\n",
        b"Subject: =?utf-8?B?####?=\n\nx",
    ):
        m = parse_bytes(raw)
        assert m.sha256


def test_inline_patch_is_not_body():
    m = split("Fix the attached-file check for empty names.\n\nSigned-off-by: Ann Lee <ann@example.com>\n---\n"
              " mailaudit/parse.py | 2 +-\n 1 file changed\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-see attached\n+see attachment\n")
    assert "diff --git" not in m.body and "diff --git" in m.patch
    assert m.body.startswith("Fix the attached-file check")


def test_sign_offs_seen_in_real_mail():
    # the sign-off closes the last line of text
    m = split("Would you look at the docs?  The accountants disagree.  Thanks, Sarah")
    assert m.signature == "Sarah" and m.body.endswith("disagree.  Thanks,")
    m = split("Are you familiar with this bid?\n\n--anthony")
    assert m.signature == "--anthony" and m.body == "Are you familiar with this bid?"
    # what a mail system leaves where an attachment was is neither text nor signature
    m = split("Here is the correct one.\n\nMarshall Brown\nVice President\nPhone: 212-704-0596\n\n - LITT_THO.DOC")
    assert m.signature.startswith("Marshall Brown") and m.footer == "- LITT_THO.DOC"
    m = split("Please comment by Friday.\n\nPeter Lemme\nNYISO\n\n(See attached file: TB73.pdf)\n - TB73.pdf")
    assert m.signature.startswith("Peter Lemme")
    # the name stays the author's when a confidentiality notice follows in the same block
    m = split("How is it going down there?\n\nCharles\n*****************\nThe information in this email is"
              " confidential and may be legally privileged.")
    assert m.signature == "Charles" and m.footer.startswith("*****")
    m = split("Please do not include them.\n\nCordially,\nMary Cook\nEnron North America Corp.\n(713) 345-7732")
    assert m.signature.startswith("Mary Cook")


def test_a_meeting_invitation_is_no_attachment():
    raw = (b"From: a@example.com\r\nTo: b@example.com\r\nSubject: Q1 review\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\n"
           b"Hi Bo,\r\nreview on Thursday 3pm.\r\nAnn\r\n--x\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\n"
           b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--x--\r\n")
    m = parse_bytes(raw)
    assert m.attachments == [] and [a.content_type for a in m.inline_parts] == ["text/calendar"]
    # sent as a file, it is one
    attached = raw.replace(b"Content-Type: text/calendar; method=REQUEST\r\n",
                           b"Content-Type: text/calendar\r\nContent-Disposition: attachment; filename=q1.ics\r\n")
    assert [a.filename for a in parse_bytes(attached).attachments] == ["q1.ics"]

def test_hostile_headers_become_safe_text_with_a_defect():
    raw = (b"From: =?utf-7?Q?+2AA-?= <a@example.com>\r\nTo: b@example.com\r\n"
           b"Subject: =?zlib?B?eJwDAAAAAAE=?= =?hex?B?AAAA?= =?undefined?Q?x?= =?utf\x00-8?Q?y?= ok\r\n"
           b"Message-ID: <a\xffb@x>\r\nReferences: <c\x80@x> <d@x>\r\nX-Nul: a\x00b\r\n"
           b"Content-Type: text/plain; charset=\"rot13\"\r\n\r\nHello +2AA- \x00 Bob\r\n")
    msg = parse_bytes(raw)
    assert msg.message_id == "<a\ufffdb@x>" and msg.references == ["<c\ufffd@x>", "<d@x>"]
    assert msg.subject.endswith("ok") and msg.header("X-Nul") == "ab"  # NUL dropped before parsing
    everything = repr(msg.__dict__)
    assert "\\x00" not in everything and "\\ud8" not in everything and "\\udc" not in everything
    for expected in ("header Message-ID: raw 8-bit bytes", "header References: raw 8-bit bytes",
                     "NUL byte(s) removed from the header section", "zlib", "declared charset 'hex'"):
        assert any(expected in d for d in msg.defects), (expected, msg.defects)
    assert all("\n" not in d for d in msg.defects)


def test_big_parts_are_read_in_part_and_the_rest_of_the_message_still_seen():
    from email.message import EmailMessage

    mime = EmailMessage()
    mime["From"], mime["To"], mime["Subject"] = "a@example.com", "b@example.com", "big"
    mime.set_content("Hi Bob,\n\n" + "Please confirm the banner slot.\n" * 10_000 + "\nThanks,\nAl\n")
    mime.add_attachment(bytes(range(256)) * 4096, maintype="application", subtype="pdf",
                        filename="report.pdf")
    mime.add_attachment(b"x", maintype="image", subtype="png", filename="after.png")
    raw = mime.as_bytes()
    whole = parse_bytes(raw, max_text=10**9)
    part = parse_bytes(raw, max_text=65_536)
    assert [a.filename for a in part.attachments] == ["report.pdf", "after.png"]
    assert abs(part.attachments[0].size - 256 * 4096) < 256 * 4096 * 0.02  # estimated from the cut
    assert len(part.text) <= 65_536 < len(whole.text) and part.text.startswith("Hi Bob,")
    assert any("truncated for analysis" in d for d in part.defects)
    assert any("cut for analysis" in d for d in part.defects)
    assert not whole.defects


def test_traditional_chinese_and_given_name_sign_offs():
    m = split("請於8月27日前重新上傳文件。\n\n謝謝您的配合。\n吳佳蓉\n匯播傳媒 內容審核組")
    assert "吳佳蓉" in m.signature
    m = split("資訊流第二則：11月10日至11月23日。\n\n多謝！\n黃家豪 Kelvin Wong\n港灣創意 Harbour Creative")
    assert m.signature.startswith("黃家豪")
    m = split("焦点图第二帧延长到本月底，素材不变。辛苦！\n\n雨桐")
    assert m.signature == "雨桐"
    raw = "From: 张雅婷 <yt@example.cn>\nTo: a@example.cn\nSubject: 周报\n\n两个版位都在预期范围内。\n\n雅婷\n"
    assert parse_bytes(raw.encode()).signature == "雅婷"
