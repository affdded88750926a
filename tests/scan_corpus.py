"""Small Maildir/mbox corpora for the scan tests, built in temporary directories.

Deterministic: the same `count` gives byte-identical files, so two stores
built from one corpus can be compared row by row. Chinese and English mail,
attachments, replies (so the history rules have threads to look at), and
directory mtimes set in the past (a Maildir listed within two seconds of a
change is listed again next time, which would make the state rows differ).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

CST = timezone(timedelta(hours=8))
ZH = ["请查收附件中的合同，如有问题请随时联系我。", "下周安排一次会议，讨论预算和上线计划。",
      "服务器迁移已经完成，数据库恢复正常。", "请在周五之前提交季度报告，谢谢。"]
EN = ["Please find the invoice attached for the budget review.", "Could you confirm the banner slot by Friday?",
      "The quarterly report shows revenue growth.", "Server migration finished last night."]


def message(n: int) -> bytes:
    zh = n % 3 == 0
    msg = EmailMessage()
    msg["From"] = f"王芳 <wang{n % 4}@example.cn>" if zh else f"Alice {n % 5} <alice{n % 5}@example.com>"
    msg["To"] = "Bob Lee <bob@example.com>, 李明 <li@example.cn>"
    msg["Subject"] = (f"合同 {n}" if zh else f"Invoice {n}") if n % 7 else ("Re: 合同" if zh else "Re: invoice")
    when = datetime(2024, 3, 4, 9, 0, tzinfo=CST) + timedelta(hours=7 * n)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<c{n}@corpus.test>"
    if n % 7 == 0 and n:
        msg["In-Reply-To"] = f"<c{n - 1}@corpus.test>"
    body = (ZH if zh else EN)[n % 4]
    greeting = "李经理，你好：" if zh else "Hi Bob,"
    closing = "谢谢\n王芳" if zh else "Thanks,\nAlice"
    msg.set_content(f"{greeting}\n\n{body}\n\n{closing}\n")
    if n % 5 == 0:
        name = "预算表.xlsx" if zh else "invoice.pdf"
        msg.add_attachment(b"%PDF-1.4 test", maintype="application", subtype="octet-stream", filename=name)
    return msg.as_bytes()


def make_maildir(root: Path, count: int, *, junk: int = 0, start: int = 0,
                 mtime: int = 1_600_000_000) -> Path:
    """A Maildir with `count` messages (numbered from `start`), plus `junk`
    files that are not mail. Returns the Maildir path."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        (root / "cur" / f"{1700000000 + n}.M{n}P1.test:2,S").write_bytes(message(n))
    for j in range(junk):
        (root / "cur" / f"{1800000000 + j}.J{j}P1.test:2,").write_bytes(b"\x00\x01 not mail \xff" * 3)
    for sub in ("cur", "new", "tmp"):
        os.utime(root / sub, (mtime, mtime))
    return root


def make_mbox(path: Path, count: int) -> Path:
    with path.open("wb") as fh:
        for n in range(count):
            fh.write(b"From sender@example.com Mon Mar  4 09:00:00 2024\n")
            raw = message(n).replace(b"\r\n", b"\n")
            fh.write(b"\n".join(b">" + ln if ln.startswith(b"From ") else ln for ln in raw.split(b"\n")))
            fh.write(b"\n\n")
    return path
