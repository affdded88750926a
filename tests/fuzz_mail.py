"""Mutated mail made from ../shared/corpora, for the fuzz test and the bench.

Deterministic: the same seed and count give the same bytes. Each variant takes
a real message and applies one mutation: byte flips, truncation, a giant
header or thousands of headers, deep multipart nesting, bad base64, charsets
that are no text codec, raw 8-bit bytes in the identifier headers, NUL bytes,
dates at the ends of the calendar, a text part larger than the analysis cap.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
ODD_CHARSETS = (b"hex", b"zlib", b"base64", b"rot13", b"bz2", b"idna", b"punycode", b"undefined",
                b"utf\x00-8", b"utf-7", b"unicode_escape", b"x-\xff", b"", b"utf-16")


def seed_mails(max_size: int = 300_000) -> list[bytes]:
    """Every message of the corpora (mbox files split), smallest files first
    excluded above `max_size` so a few hundred variants stay quick."""
    from mailaudit.sources.paths import is_mbox, iter_mbox

    out: list[bytes] = []
    for path in sorted(p for p in CORPORA.rglob("*") if p.is_file()):
        if path.name in ("SOURCE.md", "README.md") or path.name.startswith("UPSTREAM"):
            continue
        if is_mbox(path):
            out.extend(m.data for m in iter_mbox(path) if len(m.data) <= max_size)
        elif path.stat().st_size <= max_size:
            out.append(path.read_bytes())
    return out


def _split(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(headers, separator, body) at the first blank line (CRLF or LF)."""
    m = re.search(rb"\r?\n\r?\n", data)
    if m is None:
        return data, b"\n\n", b""
    return data[: m.start()], data[m.start() : m.end()], data[m.end() :]


def _nl(headers: bytes) -> bytes:
    return b"\r\n" if b"\r\n" in headers else b"\n"


def flip(rng: random.Random, data: bytes, big: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng: random.Random, data: bytes, big: int) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def giant_headers(rng: random.Random, data: bytes, big: int) -> bytes:
    head, sep, body = _split(data)
    nl = _nl(head)
    if rng.random() < 0.5:
        extra = b"X-Giant: " + b"a" * rng.choice([50_000, 400_000])
    else:
        extra = nl.join(b"X-Many-%d: value %d" % (i, i) for i in range(rng.choice([2_000, 20_000])))
    return head + nl + extra + sep + body


def deep_nesting(rng: random.Random, data: bytes, big: int) -> bytes:
    head, sep, body = _split(data)
    depth = rng.choice([30, 300, 3_000])
    head = re.sub(rb"(?im)^content-(type|transfer-encoding):.*(\r?\n[ \t].*)*(\r?\n)?", b"", head)
    nl = _nl(head)
    opening = b"".join(
        b"--b%d%sContent-Type: multipart/mixed; boundary=b%d%s%s" % (i, nl, i + 1, nl, nl)
        for i in range(depth)
    )
    closing = b"".join(b"%s--b%d--%s" % (nl, i, nl) for i in reversed(range(depth + 1)))
    inner = b"--b%d%sContent-Type: text/plain%s%s%s" % (depth, nl, nl, nl, body[:20_000])
    return head + nl + b"MIME-Version: 1.0" + nl + b"Content-Type: multipart/mixed; boundary=b0" + sep + opening + inner + closing


def bad_base64(rng: random.Random, data: bytes, big: int) -> bytes:
    head, sep, body = _split(data)
    head = re.sub(rb"(?im)^content-transfer-encoding:.*$", b"X-Was-CTE: x", head)
    nl = _nl(head)
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000)))
    return head + nl + b"Content-Transfer-Encoding: base64" + sep + b"====!!" + junk + body[:2000]


def odd_charset(rng: random.Random, data: bytes, big: int) -> bytes:
    head, sep, body = _split(data)
    name = rng.choice(ODD_CHARSETS)
    head = re.sub(rb"(?i)charset=\"?[\w.:-]+\"?", b'charset="' + name + b'"', head)
    word = b"=?" + rng.choice(ODD_CHARSETS) + rb"?B?AAB4nAMAAAAAAQ==?="
    head = re.sub(rb"(?im)^subject:", b"Subject: " + word, head, count=1)
    head = re.sub(rb"(?im)^from:\s*", b"From: " + word + b" ", head, count=1)
    if b"charset" not in head:
        nl = _nl(head)
        head += nl + b"Content-Type: text/plain; charset=" + name
    return head + sep + body


def poison_ids(rng: random.Random, data: bytes, big: int) -> bytes:
    head, sep, body = _split(data)
    nl = _nl(head)
    raw = bytes([rng.randrange(0x80, 0x100)])
    head = re.sub(rb"(?im)^(message-id|references|in-reply-to):.*(\r?\n[ \t].*)*", b"X-Dropped: 1", head)
    ids = (b"Message-ID: <p" + raw + b"@x>" + nl + b"In-Reply-To: <q" + raw + b"\x00@x>" + nl
           + b"References: <r" + raw + b"@x> <s@y>")
    return head + nl + ids + sep + body


def nul_bytes(rng: random.Random, data: bytes, big: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


ODD_DATES = (b"Mon, 18 Nov 600 02:50:48 +0000", b"Fri, 31 Dec 9999 23:59:59 -1200", b"Sat, 1 Jan 0001 00:00 +1400",
             b"99 Feb 2024 25:61:61 +9999", b"\xff\xfe", b"Tue, 30 Feb 2024 10:00:00 GMT", b"today")


def odd_date(rng: random.Random, data: bytes, big: int) -> bytes:
    head, sep, body = _split(data)
    nl = _nl(head)
    head = re.sub(rb"(?im)^date:.*$", b"X-Old-Date: x", head)
    return head + nl + b"Date: " + rng.choice(ODD_DATES) + sep + body


def big_text(rng: random.Random, data: bytes, big: int) -> bytes:
    line = b"Please confirm the banner slot for Friday and the budget for June.\r\n"
    body = line * (big // len(line) + 1)
    return (b"From: Al <al@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: big text\r\n"
            b"Message-ID: <big-%d@fuzz.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            % rng.randrange(10**9)) + body


MUTATIONS: dict[str, Callable[[random.Random, bytes, int], bytes]] = {
    "flip": flip,
    "truncate": truncate,
    "giant_headers": giant_headers,
    "deep_nesting": deep_nesting,
    "bad_base64": bad_base64,
    "odd_charset": odd_charset,
    "poison_ids": poison_ids,
    "nul_bytes": nul_bytes,
    "flip2": flip,
    "odd_charset2": odd_charset,
    "odd_date": odd_date,
}


def variants(count: int, seed: int = 9, big: int = 200_000, every_big: int = 50) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of `count` variants; every `every_big`-th is a text part
    of `big` bytes. Names are unique and say the mutation."""
    rng = random.Random(seed)
    seeds = seed_mails()
    kinds = list(MUTATIONS)
    for i in range(count):
        kind = "big_text" if every_big and i % every_big == every_big - 1 else kinds[i % len(kinds)]
        fn = big_text if kind == "big_text" else MUTATIONS[kind]
        yield f"{i:05d}-{kind}", fn(rng, rng.choice(seeds), big)


def write_maildir(root: Path, count: int, **kwargs) -> dict[str, bytes]:
    """The variants as a Maildir (cur/); returns Maildir key -> bytes."""
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    out = {}
    for name, data in variants(count, **kwargs):
        key = f"1700000000.{name}.fuzz"
        (root / "cur" / f"{key}:2,S").write_bytes(data)
        out[key] = data
    return out
