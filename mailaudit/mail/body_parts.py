"""Split a text body into the author's own words, the quoted original, the
signature and the footer.

Rules judge only what the author wrote, so this decides what a rule sees. It
knows the reply and forward headers of the clients people use (Gmail, Apple
Mail, Outlook in English and Chinese, Foxmail, NetEase, QQ Mail), `>` quoting,
`-- ` signature delimiters, closing lines, contact blocks, phone footers and
legal/confidentiality notices.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .textutil import CJK_NAME, HAN, is_chinese_name

_QUOTE_SEPARATORS = re.compile(
    r"^\s*(?:[-_=*]{2,}\s*)?(?:original message|forwarded message|original email|reply message"
    r"|原始邮件|原邮件|邮件原件|转发邮件信息|转发的邮件|回复的原邮件|原始郵件|轉寄的郵件"
    r"|ursprüngliche nachricht|message d'origine)\s*(?:[-_=*]{2,})?\s*$",
    re.IGNORECASE,
)
_FORWARD_INTRO = re.compile(
    r"^\s*(?:begin forwarded message\s*:|-+\s*forwarded by .*-+|下面是被转发的邮件\s*[:：]?)\s*$",
    re.IGNORECASE,
)
_WROTE = re.compile(r"(?:wrote|writes|写道|寫道)\s*[:：]\s*$", re.IGNORECASE)
_WROTE_LOOSE = re.compile(r"(?:wrote|writes|said|写道|寫道)\s*[:：,，]?\s*$", re.IGNORECASE)
# Every word _WROTE or _WROTE_LOOSE ends on: lines without one are not searched.
_SAYS = re.compile(r"wrote|writes|said|写道|寫道", re.IGNORECASE)
_SAYS_LOWER = re.compile(r"wrote|writes|said")  # the same on lower-cased ASCII text, and quicker
_WROTE_START = re.compile(r"^\s*(?:on\s|在\s?|于\s?|\d{4}[-/.年]|\w{3},?\s+\d)", re.IGNORECASE)
# Outlook writes the block in the user's language: From/Von/Van/De/Da/Från/Fra, Sent/Gesendet/
# Verzonden/Envoyé/Enviado/Inviato/Sendt/Skickat, To/An/Aan/À/Para/A, Subject/Betreff/
# Onderwerp/Objet/Asunto/Oggetto/Assunto/Emne/Ämne
_FROM_WORDS = ("from", "von", "van", "de", "da", "från", "fra")
_HEADER_FROM = re.compile(r"^\s*\**\s*(?:" + "|".join(_FROM_WORDS) + r"|发件人|寄件者|发信人|寄件人)\s*\**\s*[:：]", re.IGNORECASE)
_HEADER_OTHER = re.compile(
    r"^\s*\**\s*(?:sent|date|to|cc|subject|gesendet|verzonden|envoyé|enviado|inviato|sendt|skickat|datum|an|aan|à|para|a"
    r"|betreff|onderwerp|objet|asunto|oggetto|assunto|emne|ämne|kopie"
    r"|发送时间|时间|日期|收件人|抄送|主题|寄件日期|傳送時間|收件者|副本|主旨)"
    r"\s*\**\s*[:：]",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{8,}\s*$")
_SIG_DELIM = re.compile(r"^--\s?$")
_PHONE_FOOTER = re.compile(
    r"^\s*(?:sent from my \w[\w ]{0,30}|sent from (?:outlook|mail) for \w+|get outlook for \w+"
    r"|发自我的\s?\w+|来自我的\s?\w+|发自\s?(?:网易|QQ|iPhone|华为|小米|企业微信)\S*|从我的\s?\S+\s?发送"
    r"|来自网易邮箱大师|发自网易邮箱大师|——\s*来自\S+)\s*$",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"confidential|intended (?:only )?(?:solely )?for the|intended recipient|privileged|disclaimer"
    r"|if you (?:have )?received this|unsubscribe|mailing list|本邮件及其附件|此邮件及其附件|本邮件(?:包含|含有|仅)"
    r"|保密|机密信息|免责声明|如果您(?:错误地|误)收到|如您误收|请勿转发|退订"
    r"|本郵件及其附件|此郵件及其附件|機密資訊|免責聲明|如您誤收|請勿轉發",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\s*(?:best regards|kind regards|warm regards|regards|best wishes|best|cheers|thanks(?: again| a lot| so much)?"
    r"|thank you(?: very much| so much)?|many thanks|sincerely|yours(?: sincerely| truly)?|br|rgds|all the best"
    r"|cordially|respectfully|with (?:best |kind )?regards|take care|talk soon|your friend(?: in [a-z]+)?"
    r"|祝好|祝顺利|祝您顺利|祝工作顺利|顺祝(?:商祺|安好)?|商祺|此致|敬礼|谢谢|多谢|感谢|万分感谢|辛苦了|辛苦|谢谢您|谢谢大家"
    r"|祝商祺|祝一切顺利|盼复|期待回复|静候佳音"
    r"|祝順利|祝您順利|祝工作順利|順祝(?:商祺|安好)?|敬禮|謝謝|謝謝您|謝謝大家|謝謝囉|多謝|感謝|萬分感謝|辛苦了|祝一切順利|盼覆|期待回覆|靜候佳音"
    r"|唔該晒|唔该晒|唔該|唔该|多謝晒|多谢晒)"
    r"(?:[\s,，.。!！~～]*)$",
    re.IGNORECASE,
)
_CLOSING_INLINE = re.compile(
    r"^\s*(?:best regards|kind regards|regards|best|cheers|thanks|thank you|many thanks|谢谢|祝好|多谢|謝謝|多謝)"
    r"\s*[,，!！.。~-]+\s*(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?|[" + HAN + r"]{2,3})\s*$",
)
# "… give me your opinion?  Thanks, Sarah" / "…until it is over.  Thanks,  Linda": the
# sign-off closes the last line of the text.
_CLOSING_TRAILING = re.compile(
    r"(?:^|[.!?。！？]\s+)(?i:best regards|kind regards|regards|best|cheers|thanks|thank you|many thanks|cordially)"
    r"\s*[,，!！.。~-]*\s+(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:\s*,\s*[A-Z][a-z]+)?\s*$",
)
# A line that ends with thanks or a wish: "…素材不变。辛苦！", "…谢谢！"
_CLOSING_END = re.compile(r"(?:谢谢|謝謝|多谢|多謝|感谢|感謝|辛苦了?|祝好|thanks|thank you|regards)[\s!！.。~～]*$",
                          re.IGNORECASE)
# "--anthony" / "- Ted": a name after a dash, alone on the last line.
_DASH_NAME = re.compile(r"^\s*[-–—~]{1,2}\s*(?P<name>[A-Za-z][a-z]+(?: [A-Z][a-z]+)?|[" + HAN + r"]{2,3})\s*$")
# What a mail system leaves where an attachment was: " - report.pdf", "<<Minutes.doc>>",
# "(See attached file: TB73.pdf)". Not the author's words, and not a signature.
_ATTACHMENT_RESIDUE = re.compile(
    r"^\s*(?:-\s+[^\s/\\][^/\\]{0,120}\.[A-Za-z0-9]{2,5}|<<\s*[^<>]{1,120}\s*>>|\(see attached file:[^)]*\))\s*$",
    re.IGNORECASE,
)
_CONTACT = re.compile(
    r"(?:\b(?:tel|phone|mobile|mob|cell|fax|wechat|skype|www\.|https?://)\b|电话|手机|座机|微信|传真|地址|邮箱"
    r"|\+?\d[\d\s-]{6,}\d|@[\w-]+\.\w|有限公司|公司|集团|\b(?:inc|ltd|llc|co\.|corp|gmbh)\b"
    r"|经理|总监|主管|专员|总裁|部$|manager|director|engineer|specialist|lead|head of|vp\b|ceo|cto|coo"
    r"|電話|手機|傳真|地址|郵箱|集團|經理|總監|傳媒|传媒|媒體|媒体|[组組]$|团队|團隊|辦公室|办公室|事业部|事業部)",
    re.IGNORECASE,
)
_BARS = re.compile(r"[|｜]")  # "Darragh Quinn | Sales Executive | Midlands Courier Group"
_LATIN_NAME = re.compile(r"^[A-Z][a-zA-Z'.-]{0,20}(?: [A-Z][a-zA-Z'.-]{0,20}){0,2}$")
NOT_NAMES = {
    "thanks", "thank you", "regards", "best", "cheers", "hello", "hi", "dear", "ok", "okay", "yes",
    "no", "done", "sure", "fyi", "all", "team", "best regards", "kind regards", "see you", "noted",
}


_DIFF_START = re.compile(r"^(?:diff --git |diff -[a-zA-Z]+ |Index: \S|--- a/|\+\+\+ b/|@@ -\d)")
_DIFFSTAT = re.compile(r"^\s\S.*\|\s+(?:\d+ [+-]*|Bin )")

# Lower-case literals one of which every match of a pattern holds, so that a text
# without any is not searched line by line (tests/test_body_parts.py checks them
# against the patterns). _DIFF_START is case-sensitive: its words hold in any text;
# the others ignore case, and their words are tested on ASCII text only.
DIFF_WORDS = ("diff -", "index: ", "--- a/", "+++ b/", "@@ -")
OPENING_WORDS = ("message", "original email", "forwarded by")  # _QUOTE_SEPARATORS, _FORWARD_INTRO
LEGAL_WORDS = ("confidential", "intended", "privileged", "disclaimer", "received this", "unsubscribe",
               "mailing list")  # _LEGAL


def _legal(text: str) -> bool:
    if text.isascii():
        low = text.lower()
        if not any(w in low for w in LEGAL_WORDS):
            return False
    return _LEGAL.search(text) is not None


@dataclass
class SplitBody:
    body: str
    quoted: str
    signature: str
    footer: str
    patch: str = ""


def _patch_start(lines: list[str], low: str) -> int:
    """Index where an inline patch starts (the `---` before a diffstat, or the
    first diff line), or len(lines). A diff is code: no rule should read it.
    `low`: the text the lines are from, lower-cased."""
    diff = any(w in low for w in DIFF_WORDS)
    if not diff and "---" not in low:
        return len(lines)
    for i, line in enumerate(lines):
        if diff and _DIFF_START.match(line):
            return i
        if line == "---" and any(_DIFFSTAT.match(ln) for ln in lines[i + 1 : i + 4]):
            return i
    return len(lines)


def _saying_lines(lines: list[str], ascii_low: str | None) -> set[int]:
    """Indices of the lines holding a word of _SAYS, found in one pass over the
    text instead of several regex searches of every line. `ascii_low`: the text
    the lines are from, lower-cased, when it is ASCII."""
    if ascii_low is not None and "wrote" not in ascii_low and "writes" not in ascii_low and "said" not in ascii_low:
        return set()
    text = "\n".join(lines)
    if text.isascii():
        found = [m.start() for m in _SAYS_LOWER.finditer(text.lower())]
    else:
        found = [m.start() for m in _SAYS.finditer(text)]
    if not found:
        return set()
    starts = []
    at = 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return {bisect_right(starts, pos) - 1 for pos in found}


def _opens_original(line: str) -> bool:
    """"-----Original Message-----", "Begin forwarded message:" and the like."""
    return bool(_QUOTE_SEPARATORS.match(line) or _FORWARD_INTRO.match(line))


def _is_reply_header(lines: list[str], i: int, saying: set[int]) -> bool:
    """Does an unmarked original start at line `i` (split_text has already
    looked for `>` quoting and _opens_original there)?"""
    line = lines[i]
    if i in saying and _WROTE.search(line) and (_WROTE_START.match(line) or len(line) > 25):
        return True
    # "On Mon, 3 Jun 2024 at 10:12, Tom <tom@x.com>\n wrote:" (wrapped by the client)
    if (i + 1 in saying and _WROTE_START.match(line) and i + 1 < len(lines) and _WROTE.search(lines[i + 1])
            and len(lines[i + 1]) < 60):
        return line.lower().startswith(("on ", "在", "于"))
    # it ends on a colon (most lines have none), and an ASCII line begins with "From" or its like
    if (("：" in line or ":" in line) and (not line.isascii() or line.lstrip().lstrip("*").lstrip().lower().startswith(_FROM_WORDS))
            and _HEADER_FROM.match(line)):
        following = [ln for ln in lines[i + 1 : i + 7] if ln.strip()]
        return sum(1 for ln in following[:5] if _HEADER_OTHER.match(ln)) >= 1
    if "________" in line and _UNDERSCORES.match(line):
        nxt = next((ln for ln in lines[i + 1 : i + 4] if ln.strip()), "")
        return bool(_HEADER_FROM.match(nxt))
    return False


def _next_nonblank(lines: list[str], i: int) -> str:
    return next((ln for ln in lines[i:] if ln.strip()), "")


def _attribution_before_gt_quote(lines: list[str], i: int, saying: set[int]) -> int:
    """How many lines an "On … wrote:" attribution at `i` takes when `>` quoting
    follows it (0 when it is no such attribution). After `>`-quoted text the
    author may write again (interleaved replies, usual on lists and in Chinese
    mail): only the `>` lines and their attribution are the quote. split_text has
    already passed `>` lines and lines that _opens_original by."""
    line = lines[i]
    if i in saying and _WROTE_LOOSE.search(line) and (_WROTE_START.match(line) or len(line) > 25):
        return 1 if _next_nonblank(lines, i + 1).lstrip().startswith(">") else 0
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if i + 1 in saying and _WROTE_START.match(line) and _WROTE_LOOSE.search(nxt) and len(nxt) < 60:
        return 2 if _next_nonblank(lines, i + 2).lstrip().startswith(">") else 0
    return 0


def _is_name_line(line: str, sender_names: set[str]) -> bool:
    s = line.strip().strip(",，.。!！~-—").strip()
    if not s or len(s) > 40:
        return False
    low = s.lower()
    if low in NOT_NAMES or _CLOSING.match(s):
        return False
    if any(n and (n in low) for n in sender_names):
        return True
    if CJK_NAME.match(s):
        return is_chinese_name(s)
    return bool(_LATIN_NAME.match(s))


def _strip_footer(lines: list[str]) -> tuple[list[str], list[str]]:
    """Remove trailing phone footers and legal/list notices (paragraph-wise)."""
    footer: list[str] = []
    while lines:
        # drop trailing blank lines
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            break
        if _PHONE_FOOTER.match(lines[-1]) or _ATTACHMENT_RESIDUE.match(lines[-1]):
            footer.insert(0, lines.pop())
            continue
        # the last paragraph
        start = len(lines) - 1
        while start > 0 and lines[start - 1].strip():
            start -= 1
        para = lines[start:]
        text = " ".join(para)
        is_rule_line = all(re.fullmatch(r"\s*[-_=*~:]{5,}\s*", ln) for ln in para)
        if is_rule_line or (_legal(text) and (len(text) > 40 or len(para) > 1)):
            # "Charles\n*****\nThe information in this email is confidential…": the
            # lines before the notice (or its rule line) stay the author's.
            first = next((k for k, ln in enumerate(para)
                          if _legal(ln) or re.fullmatch(r"\s*[-_=*~:]{5,}\s*", ln)), 0)
            footer[:0] = para[first:]
            del lines[start + first:]
            if first:
                break
            continue
        break
    return lines, footer


def _split_signature(lines: list[str], sender_names: set[str]) -> tuple[list[str], list[str]]:
    n = len(lines)
    for i in range(n - 1, max(-1, n - 40), -1):
        if lines[i].startswith("--") and _SIG_DELIM.match(lines[i]):
            return lines[:i], lines[i + 1 :]
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if not nonblank:
        return lines, []
    tail = nonblank[-10:]
    # 1. A closing line ("Best regards," / "谢谢！" / "此致 敬礼") followed by a short block.
    for idx in reversed(tail):
        line = lines[idx]
        inline = _CLOSING_INLINE.match(line)
        if inline:
            # "Thanks, Tom": the name is the signature; keep the closing in the body.
            cut = line[: inline.start("name")]
            return [*lines[:idx], cut.rstrip()], [inline.group("name")]
        if _CLOSING.match(line):
            after = [ln for ln in lines[idx + 1 :] if ln.strip()]
            if not after:
                return lines, []
            if len(after) <= 8 and all(len(ln.strip()) <= 80 for ln in after):
                return lines[: idx + 1], lines[idx + 1 :]
            break
    # 2. A trailing contact block: short lines after a blank line, naming the sender
    #    or carrying contact details.
    end = nonblank[-1]
    start = end
    while start > 0 and lines[start - 1].strip():
        start -= 1
    block = lines[start : end + 1]
    short_block = start > 0 and 0 < len(block) <= 10 and all(len(ln.strip()) <= 60 for ln in block)
    if short_block and (
        _is_name_line(block[0], sender_names)
        or (any(_CONTACT.search(ln) for ln in block) and len(block) >= 2)
    ):
        return lines[:start], lines[start:]
    # 3. The last line alone is the author's name ("Ann", "--anthony"), or the
    #    last line of text ends with a sign-off and a name ("…  Thanks, Sarah").
    last = lines[end]
    dashed = _DASH_NAME.match(last)
    if dashed and end > 0 and dashed.group("name").lower() not in NOT_NAMES:
        return lines[:end], lines[end:]
    trailing = _CLOSING_TRAILING.search(last)
    if trailing and trailing.group("name").lower() not in NOT_NAMES:
        cut = last[: trailing.start("name")]
        return [*lines[:end], cut.rstrip()], [last[trailing.start("name"):].strip()]
    if _is_name_line(last, sender_names) and end > 0:
        return lines[:end], lines[end:]
    # "Darragh Quinn | Sales Executive | Midlands Courier Group": a sign-off on one line, its
    # parts between bars, the first the author's name
    parts = [p.strip() for p in _BARS.split(last)]
    if end > 0 and len(parts) >= 2 and len(last) <= 120 and _is_name_line(parts[0], sender_names):
        return lines[:end], lines[end:]
    # "…素材不变。辛苦！\n\n雨桐": a given name alone (no surname) after a line that
    # closes with thanks.
    before = next((lines[i] for i in range(end - 1, -1, -1) if lines[i].strip()), "")
    if re.fullmatch(r"\s*[" + HAN + r"]{2,3}\s*", last) and _CLOSING_END.search(before):
        return lines[:end], lines[end:]
    # 4. Name line followed by a few contact lines without a blank line before it.
    for idx in range(max(0, end - 5), end):
        if _is_name_line(lines[idx], sender_names) and all(
            _CONTACT.search(ln) or _is_name_line(ln, sender_names) for ln in lines[idx + 1 : end + 1]
        ):
            return lines[:idx], lines[idx:]
    return lines, []


def split_text(text: str, sender_names: set[str] | None = None) -> SplitBody:
    """Split a decoded text body. `sender_names`: lower-cased From display name parts."""
    names = {n for n in (sender_names or set()) if len(n) >= 2}
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    low = text.lower()
    cut = _patch_start(lines, low)
    patch = "\n".join(lines[cut:])
    lines = lines[:cut]
    # Interleaved or bottom `>` quoting: the quoted lines and their attribution
    # are not the author's, and own text may follow them. A header that starts
    # an unmarked original (Outlook's From:/Sent: block, "Original Message")
    # makes everything after it the quote.
    own_lines: list[str] = []
    quoted_inline: list[str] = []
    quoted: list[str] = []
    ascii_low = low if text.isascii() else None
    saying = _saying_lines(lines, ascii_low)
    # ASCII text without any of their words: no line opens an original
    may_open = ascii_low is None or any(w in ascii_low for w in OPENING_WORDS)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">"):
            quoted_inline.append(line)
            if own_lines and own_lines[-1].strip():
                own_lines.append("")  # what follows a quote is a new paragraph
            i += 1
            continue
        if not line.strip():  # a blank line is neither an attribution nor a header
            own_lines.append(line)
            i += 1
            continue
        if may_open and _opens_original(line):
            quoted = lines[i:]
            break
        taken = _attribution_before_gt_quote(lines, i, saying)
        if taken:
            quoted_inline.extend(lines[i : i + taken])
            i += taken
            continue
        if _is_reply_header(lines, i, saying):
            quoted = lines[i:]
            break
        own_lines.append(line)
        i += 1
    own_lines, footer = _strip_footer(own_lines)
    body_lines, signature = _split_signature(own_lines, names)
    body = "\n".join(body_lines).strip("\n")
    return SplitBody(
        body=body.strip(),
        quoted="\n".join([*quoted_inline, *quoted]).strip(),
        signature="\n".join(signature).strip(),
        footer="\n".join(footer).strip(),
        patch=patch.strip("\n"),
    )


def paragraphs(body: str) -> list[str]:
    """Paragraphs of a body: blocks separated by blank lines."""
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
