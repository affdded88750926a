"""The page's words in Chinese and English, and which language a reader gets:
?lang= (remembered in a cookie), else the browser's Accept-Language, else English."""

from __future__ import annotations

LANGS = ("zh", "en")
LANG_COOKIE = "mailaudit_lang"

STRINGS: dict[str, tuple[str, str]] = {  # key: (zh, en)
    "app": ("邮件审计", "mailaudit"),
    "home": ("首页", "Home"),
    "evidence": ("投放证据", "Evidence"),
    "findings": ("检查结果", "Findings"),
    "report": ("报表", "Report"),
    "login": ("登录", "Log in"),
    "logout": ("退出", "Log out"),
    "user": ("用户名", "User"),
    "password": ("密码", "Password"),
    "login_failed": ("用户名或密码错误。", "Wrong user name or password."),
    "login_throttled": ("失败次数过多，请稍后再试。", "Too many failed attempts; try again in a few minutes."),
    "signed_in_as": ("当前用户", "Signed in as"),
    "search": ("搜索", "Search"),
    "search_evidence_ph": ("例如：首页banner、开屏、homepage banner", "e.g. 首页banner, 开屏, homepage banner"),
    "search_mail_ph": ("主题、正文或附件中的词", "words in subject, text or attachments"),
    "advertiser": ("广告主", "Advertiser"),
    "slot": ("广告位", "Slot"),
    "action": ("操作", "Action"),
    "sender": ("发件人", "Sender"),
    "since": ("起始日期", "From day"),
    "until": ("截止日期", "To day"),
    "any": ("全部", "any"),
    "date": ("日期", "Date"),
    "thread": ("线程", "Thread"),
    "window": ("投放时间", "Window"),
    "results": ("条结果", "results"),
    "no_results": ("没有匹配的记录。", "Nothing matches."),
    "no_evidence_log": ("此存储中还没有证据记录（mailaudit evidence ingest）。",
                        "This store has no evidence log yet (mailaudit evidence ingest)."),
    "prev": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "page": ("第 {n} 页", "page {n}"),
    "record": ("证据记录", "Evidence record"),
    "instruction": ("指令", "Instruction"),
    "headers": ("邮件头", "Headers"),
    "ops_copied": ("运营组在收件人中", "Operations group copied"),
    "ops_not_configured": ("未配置运营组（[workflow] ops_group）", "no operations group configured ([workflow] ops_group)"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "own_text": ("作者原文（指令部分已标出）", "The author's own text (the instruction marked)"),
    "timeline": ("线程时间线", "Thread timeline"),
    "confirmation": ("运营确认", "confirmation"),
    "confirmation_other": ("回复确认", "reply confirming"),
    "proof": ("证明", "Proof"),
    "sha256": ("SHA-256", "SHA-256"),
    "hash_ok": ("原始邮件哈希", "Original's hash"),
    "verified": ("一致", "matches"),
    "mismatch": ("不一致", "DOES NOT MATCH"),
    "chain_pos": ("哈希链位置", "Chain position"),
    "chain_of": ("第 {seq} 条，共 {head} 条", "entry {seq} of {head}"),
    "entry_ok": ("条目哈希", "Entry hash"),
    "links_ok": ("前后链接", "Links to neighbours"),
    "record_ok": ("记录与链条目一致", "Record matches its entry"),
    "head": ("链头", "Head"),
    "dkim": ("DKIM", "DKIM"),
    "dkim_key": ("接收时的公钥记录", "Key record as at arrival"),
    "dkim_checked": ("检查时间", "checked"),
    "dkim_outside": ("此指令在 DKIM 签名范围之外（l=）", "this instruction lies outside the DKIM-signed text (l=)"),
    "reconciliation": ("与操作日志核对", "Reconciliation with the operation log"),
    "no_oplog": ("未配置操作日志（[web] oplog 或 --oplog）。", "No operation log configured ([web] oplog or --oplog)."),
    "differences": ("差异", "differences"),
    "operation": ("操作记录", "operation"),
    "download": ("下载", "Download"),
    "download_eml": ("原始邮件 .eml", "original .eml"),
    "download_bundle": ("证据包 .zip", "export bundle .zip"),
    "json": ("JSON", "JSON"),
    "rule": ("规则", "Rule"),
    "level": ("级别", "Level"),
    "folder": ("文件夹", "Folder"),
    "week": ("周（周一）", "Week (Monday)"),
    "subject": ("主题", "Subject"),
    "body": ("正文", "Body"),
    "signature": ("签名", "Signature"),
    "attachments": ("附件", "Attachments"),
    "message": ("邮件", "Message"),
    "message_level": ("整封邮件", "whole message"),
    "why": ("为什么", "Why"),
    "what": ("检查什么", "What"),
    "fix": ("怎么改", "What to do"),
    "example": ("例子", "Example"),
    "history": ("邮箱历史", "Mailbox history"),
    "seen_in": ("所在位置", "Seen in"),
    "messages": ("封邮件", "messages"),
    "with_findings": ("有问题", "with findings"),
    "findings_per_week": ("每周检查结果", "Findings per week"),
    "per_week": ("每周", "per week"),
    "by_rule": ("按规则", "By rule"),
    "by_sender": ("按发件人", "By sender"),
    "unanswered": ("未回复的请求与迟交的报告", "Unanswered requests and late reports"),
    "count": ("数量", "count"),
    "not_found": ("没有找到。", "Not found."),
    "bad_input": ("输入有误", "Bad input"),
    "mail_is_text": ("邮件内容以纯文本显示：链接和图片不会打开或加载。",
                     "Mail is shown as text: links and images are never opened or fetched."),
    "overview": ("概览", "Overview"),
    "evidence_records": ("条证据记录", "evidence records"),
    "lang_switch": ("English", "中文"),
}


# The timeline's labels (evidence/threads.py LABELS) in Chinese; others are shown as they are.
LABELS_ZH = {"placed": "投放", "added slot": "加位", "changed": "变更", "extended": "延期", "cancelled": "取消",
             "place": "投放", "add": "加位", "change": "变更", "extend": "延期", "cancel": "取消"}


def label(text: str, lang: str) -> str:
    return LABELS_ZH.get(text, text) if lang == "zh" else text


def t(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`; missing keys show themselves (a visible bug, not a crash)."""
    pair = STRINGS.get(key)
    text = key if pair is None else pair[0 if lang == "zh" else 1]
    return text.format(**values) if values else text


def pick_lang(query_lang: str | None, cookie_lang: str | None, accept_language: str | None) -> str:
    for value in (query_lang, cookie_lang):
        if value in LANGS:
            return value
    # Accept-Language: the first language we have, by the order the browser gives.
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "en"


__all__ = ["LANGS", "LANG_COOKIE", "STRINGS", "label", "pick_lang", "t"]
