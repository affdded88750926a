"""Draw the real-mail label samples by a fixed seed (not by what mailaudit says).

    python bench/labels/sample.py ../shared/corpora

writes enron-sample.txt (300 Enron files drawn with random.Random(20261203)) and
zh-erofs-sample.txt (every erofs list message whose text or subject is Chinese or
whose parts use a GB charset: the "GB-charset and CJK mails"), one line each:
corpus-relative path, or `erofs-sample.mbox#<index> <Message-ID>` for the mbox.
The selection uses the standard library only, so the tool under test cannot bias it.
"""

from __future__ import annotations

import contextlib
import email.header
import mailbox
import random
import re
import sys
from pathlib import Path

SEED = 20261203
ENRON_N = 300
_HAN = re.compile(r"[\u4e00-\u9fff]")


def enron_sample(corpora: Path) -> list[str]:
    root = corpora / "enron" / "maildir"
    files = sorted(str(p.relative_to(corpora)) for p in root.rglob("*") if p.is_file())
    return sorted(random.Random(SEED).sample(files, ENRON_N))


def _text(msg: mailbox.mboxMessage) -> str:
    out = []
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            out.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
        except LookupError:
            out.append(payload.decode("utf-8", "replace"))
    # a subject the stdlib cannot decode still counts by its charsets
    with contextlib.suppress(Exception):
        out.append(str(email.header.make_header(email.header.decode_header(msg.get("Subject", "")))))
    return "".join(out)


def zh_erofs(corpora: Path) -> list[str]:
    path = corpora / "erofs-mailing-list" / "erofs-sample.mbox"
    lines = []
    for i, msg in enumerate(mailbox.mbox(path)):
        gb = any(c and c.lower().startswith("gb") for c in msg.get_charsets())
        if gb or len(_HAN.findall(_text(msg))) >= 5:
            lines.append(f"erofs-mailing-list/erofs-sample.mbox#{i} {msg.get('Message-ID', '').strip()}")
    return lines


def main() -> None:
    corpora = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
    here = Path(__file__).parent
    (here / "enron-sample.txt").write_text("\n".join(enron_sample(corpora)) + "\n")
    (here / "zh-erofs-sample.txt").write_text("\n".join(zh_erofs(corpora)) + "\n")


if __name__ == "__main__":
    main()
