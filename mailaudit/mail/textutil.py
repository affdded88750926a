"""Small text facts shared by every stage: the one CJK range, the one list of
reply/forward subject prefixes, CJK counting, language of a text, Chinese
surnames for telling a name from a word."""

from __future__ import annotations

import re

# Han characters: CJK Unified Ideographs with extension A, the compatibility
# ideographs and the supplementary planes (extensions B-F). The union of the six
# ranges the modules used to define for themselves. A regex character-class body.
HAN = "\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
CJK = re.compile(f"[{HAN}]")
CJK_NAME = re.compile(f"^[{HAN}·]{{2,4}}$")  # a Chinese name's shape: 2-4 Han characters
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

# The most common Chinese surnames (single and compound): a 2-4 character line
# that starts with one of these is very likely a person's name.
CHINESE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
) | {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙", "长孙", "宇文", "司徒", "端木"}


def is_chinese_name(text: str) -> bool:
    """'王小明' or '欧阳娜娜': the shape of a name and a known surname."""
    return bool(CJK_NAME.match(text)) and (text[0] in CHINESE_SURNAMES or text[:2] in CHINESE_SURNAMES)


# Reply and forward prefixes, Western mail clients' (with Outlook's "RE[2]:")
# and Chinese ones, simplified and traditional. The subject checks, the
# mailbox checks, extraction and evidence threading all read this one list.
REPLY_PREFIXES = ("re", "fw", "fwd", "aw", "wg", "sv", "vs", "tr", "antw", "r", "i")
REPLY_PREFIXES_ZH = ("回复", "答复", "转发", "回覆", "轉寄", "转", "回")
REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:" + "|".join(REPLY_PREFIXES) + r")\s*(?:\[\d+\])?\s*[:：]"
    + "".join(f"|{p}\\s*[:：]" for p in REPLY_PREFIXES_ZH) + r")\s*",
    re.IGNORECASE,
)


def strip_prefixes(subject: str) -> str:
    """'Re: Fwd: 回复: x' -> 'x'."""
    prev = None
    s = subject.strip()
    while prev != s:
        prev = s
        s = REPLY_PREFIX.sub("", s, count=1).strip()
    return s


def cjk_count(text: str) -> int:
    return len(CJK.findall(text))


def latin_word_count(text: str) -> int:
    return len(LATIN_WORD.findall(text))


def detect_language(text: str) -> str:
    """'zh', 'en', 'mixed' or 'unknown' by CJK characters vs Latin words.

    A Chinese sentence with a few English product words ("请把banner换成new
    creative") is zh; balanced use of both is mixed.
    """
    cjk = cjk_count(text)
    words = latin_word_count(text)
    if cjk == 0 and words == 0:
        return "unknown"
    if cjk == 0:
        return "en"
    if words == 0:
        return "zh"
    # One English word carries about as much as two Chinese characters.
    if cjk >= 4 * words:
        return "zh"
    if words * 2 >= 4 * cjk:
        return "en"
    return "mixed"


def mainly_chinese(text: str) -> bool:
    return cjk_count(text) >= latin_word_count(text) and cjk_count(text) > 0
