#!/usr/bin/env python3
"""Generate the labelled lint corpus in this directory (pure stdlib).

    python tests/data/lint/make_corpus.py            # rewrite the corpus here
    python tests/data/lint/make_corpus.py --out DIR  # write it elsewhere (used by a test)

Every mail is defined once below, next to its label: the exact set of etiquette rule ids
(plus `bugreport-incomplete`) that rules.md says must fire on it. The script writes

  *.eml                 the mails, byte for byte deterministic (fixed Date, Message-ID,
                        boundaries; explicit charsets: UTF-8, GBK, GB2312, GB18030, Big5)
  *.draft               plain drafts as a user types them (To/Cc/Subject/Attach, blank, body)
  files/                the small files the drafts attach (paths are relative to the draft)
  expected.yaml         file -> findings (+ a note on the tricky ones)
  parse_expected.yaml   file -> what parsing must recover (charset, subject, attachment
                        names, inline parts, a phrase of the body)

The MIME is written by hand rather than through email.generator so that encoded-word
case (=?GBK?B?...?=), folding, RFC 2231 continuations and Outlook-style RFC 2047 file
names come out exactly as real clients write them. Each mail is parsed back with the
stdlib `email` package as a self-check, and the labels are cross-checked against the
text (lengths, attachment counts, polite words, ...) so that a slip in a label fails here.

Edit labels here, never in expected.yaml.
"""

from __future__ import annotations

import argparse
import base64
import email
import email.policy
import io
import json
import quopri
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as pct

HERE = Path(__file__).resolve().parent

ETIQUETTE = {
    "subject-missing": "error",
    "subject-too-long": "warning",
    "subject-vague": "warning",
    "subject-multiple-topics": "warning",
    "salutation-missing": "warning",
    "recipients-no-owner": "warning",
    "greeting-missing": "info",
    "closing-missing": "info",
    "body-no-summary": "warning",
    "body-long-paragraph": "info",
    "body-multiple-topics": "warning",
    "politeness-missing": "info",
    "signature-missing": "warning",
    "attachment-forgotten": "error",
    "attachment-not-mentioned": "warning",
    "attachment-too-many": "warning",
    "attachment-bad-name": "warning",
    "attachment-undescribed": "info",
    "attachment-special-format": "warning",
    "recipients-missing-to": "error",
    "address-invalid": "error",
    "bugreport-incomplete": "warning",
}

# ---------------------------------------------------------------------------
# small real files
# ---------------------------------------------------------------------------


def _zlib_stored(data: bytes) -> bytes:
    """A zlib stream of stored (uncompressed) blocks: the same bytes with any zlib version."""
    out = bytearray(b"\x78\x01")
    chunks = [data[i : i + 65535] for i in range(0, len(data), 65535)] or [b""]
    for i, chunk in enumerate(chunks):
        final = 1 if i == len(chunks) - 1 else 0
        out += bytes([final]) + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk
    return bytes(out + struct.pack(">I", zlib.adler32(data)))


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (30, 90, 200)) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", _zlib_stored(raw))
        + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    """An 8x8 mid-grey baseline JPEG: one block, DC 0, EOB (one-code Huffman tables)."""

    def seg(marker: int, data: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data

    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\x00" + bytes([1] * 64)
    sof = struct.pack(">BHHB", 8, 8, 8, 1) + b"\x01\x11\x00"
    one_code = bytes([1] + [0] * 15)
    dht = b"\x00" + one_code + b"\x00" + b"\x10" + one_code + b"\x00"
    sos = b"\x01\x01\x00\x00\x3f\x00"
    return (
        b"\xff\xd8"
        + seg(0xE0, app0)
        + seg(0xDB, dqt)
        + seg(0xC0, sof)
        + seg(0xC4, dht)
        + seg(0xDA, sos)
        + b"\x3f"
        + b"\xff\xd9"
    )


def pdf(title: str) -> bytes:
    text = title.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 6, 1, 9, 0, 0))
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data)
    return buf.getvalue()


_X = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/package/2006"


def xlsx(rows: list[list[str]]) -> bytes:
    def cell(v: str) -> str:
        v = v.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c t="inlineStr"><is><t>{v}</t></is></c>'

    sheet = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in rows)
    return _zip(
        {
            "[Content_Types].xml": _X
            + (
                f'<Types xmlns="{_P}/content-types"><Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
            ).encode(),
            "_rels/.rels": _X
            + (
                f'<Relationships xmlns="{_P}/relationships"><Relationship Id="rId1" '
                f'Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ).encode(),
            "xl/workbook.xml": _X
            + (
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'xmlns:r="{_R}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
                "</sheets></workbook>"
            ).encode(),
            "xl/_rels/workbook.xml.rels": _X
            + (
                f'<Relationships xmlns="{_P}/relationships"><Relationship Id="rId1" '
                f'Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
            ).encode(),
            "xl/worksheets/sheet1.xml": _X
            + (
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"<sheetData>{sheet}</sheetData></worksheet>"
            ).encode(),
        }
    )


def docx(paragraphs: list[str]) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _zip(
        {
            "[Content_Types].xml": _X
            + (
                f'<Types xmlns="{_P}/content-types"><Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
            ).encode(),
            "_rels/.rels": _X
            + (
                f'<Relationships xmlns="{_P}/relationships"><Relationship Id="rId1" '
                f'Type="{_R}/officeDocument" Target="word/document.xml"/></Relationships>'
            ).encode(),
            "word/document.xml": _X
            + f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'.encode(),
        }
    )


def zipfile_of(files: dict[str, bytes]) -> bytes:
    return _zip(files)


def rar() -> bytes:
    """An empty RAR 4 archive: marker, archive header, end-of-archive block."""

    def block(body: bytes) -> bytes:
        return struct.pack("<H", zlib.crc32(body) & 0xFFFF) + body

    main = block(b"\x73" + struct.pack("<HH", 0, 13) + b"\x00" * 6)
    end = block(b"\x7b" + struct.pack("<HH", 0x4000, 7))
    return b"Rar!\x1a\x07\x00" + main + end


def psd() -> bytes:
    """A 1x1 RGB Photoshop file (no layers, raw image data)."""
    header = b"8BPS" + struct.pack(">H", 1) + b"\x00" * 6 + struct.pack(">HIIHH", 3, 1, 1, 8, 3)
    return header + struct.pack(">I", 0) * 3 + struct.pack(">H", 0) + b"\x1e\x5a\xc8"


CTYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".zip": "application/x-zip-compressed",
    ".rar": "application/octet-stream",
    ".psd": "image/vnd.adobe.photoshop",
}


def content_for(name: str) -> bytes:
    ext = Path(name).suffix.lower()
    if ext == ".pdf":
        return pdf(Path(name).stem)
    if ext == ".png":
        seed = zlib.crc32(name.encode()) & 0xFFFFFF
        return png(4, 4, (seed >> 16, (seed >> 8) & 0xFF, seed & 0xFF))
    if ext == ".jpg":
        return jpeg()
    if ext == ".xlsx":
        return xlsx([["item", "value"], [Path(name).stem, "1"]])
    if ext == ".docx":
        return docx([Path(name).stem])
    if ext == ".zip":
        return zipfile_of({"readme.txt": Path(name).stem.encode("utf-8")})
    if ext == ".rar":
        return rar()
    if ext == ".psd":
        return psd()
    raise ValueError(name)


# ---------------------------------------------------------------------------
# MIME writing
# ---------------------------------------------------------------------------

CODECS = {
    "utf-8": "utf-8",
    "gbk": "gbk",
    "gb2312": "gb2312",
    "gb18030": "gb18030",
    "big5": "big5",
    "us-ascii": "ascii",
}


def codec(charset: str) -> str:
    return CODECS[charset.lower()]


_QSAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def _q(data: bytes) -> str:
    return "".join("_" if b == 0x20 else chr(b) if b in _QSAFE else f"={b:02X}" for b in data)


def ew(text: str, charset: str, enc: str = "B", fold: bool = True) -> str:
    """RFC 2047 encoded words for `text` (whole text encoded), split on character
    boundaries so that each word stays within 75 characters."""
    if text.isascii():
        return text
    prefix = f"=?{charset}?{enc}?"
    words, cur = [], ""

    def encode(s: str) -> str:
        data = s.encode(codec(charset))
        body = base64.b64encode(data).decode() if enc == "B" else _q(data)
        return f"{prefix}{body}?="

    for ch in text:
        if cur and len(encode(cur + ch)) > 75 and fold:
            words.append(encode(cur))
            cur = ch
        else:
            cur += ch
    words.append(encode(cur))
    return "\n ".join(words)


def fmt_addr(name: str, addr: str, charset: str) -> str:
    if not name:
        return addr
    if name.isascii():
        if re.search(r'[,;:@()<>\[\]".]', name):
            return '"{}" <{}>'.format(name.replace('"', '\\"'), addr)
        return f"{name} <{addr}>"
    return f"{ew(name, charset)} <{addr}>"


def fmt_addrs(addrs: list[tuple[str, str]], charset: str) -> str:
    return ",\n ".join(fmt_addr(n, a, charset) for n, a in addrs)


@dataclass
class Part:
    headers: list[tuple[str, str]]
    body: str  # already transfer-encoded, ASCII (or 8bit text)

    def render(self) -> str:
        head = "".join(f"{k}: {v}\n" for k, v in self.headers)
        return head + "\n" + self.body


def encode_text(text: str, charset: str, cte: str) -> str:
    if cte == "base64":
        data = text.replace("\n", "\r\n").encode(codec(charset))
        b64 = base64.b64encode(data).decode()
        return "\n".join(b64[i : i + 76] for i in range(0, len(b64), 76)) + "\n"
    if cte == "quoted-printable":
        return quopri.encodestring(text.encode(codec(charset))).decode("ascii")
    if cte == "7bit":
        text.encode("ascii")
        return text
    raise ValueError(cte)


def text_part(text: str, subtype: str, charset: str, cte: str) -> Part:
    return Part(
        [
            ("Content-Type", f'text/{subtype}; charset="{charset}"'),
            ("Content-Transfer-Encoding", cte),
        ],
        encode_text(text, charset, cte),
    )


def b64_lines(data: bytes) -> str:
    b64 = base64.b64encode(data).decode()
    return "\n".join(b64[i : i + 76] for i in range(0, len(b64), 76)) + "\n"


def rfc2231_params(key: str, value: str) -> str:
    """`key*=UTF-8''...`, or numbered continuations when the value is long."""
    enc = pct(value.encode("utf-8"), safe="")
    if len(enc) <= 60:
        return f"{key}*=UTF-8''{enc}"
    segs, cur = [], ""
    for tok in re.findall(r"%[0-9A-F]{2}|.", enc):
        if len(cur) + len(tok) > 60:
            segs.append(cur)
            cur = ""
        cur += tok
    segs.append(cur)
    out = []
    for i, seg in enumerate(segs):
        out.append(f"{key}*{i}*=UTF-8''{seg}" if i == 0 else f"{key}*{i}*={seg}")
    return ";\n ".join(out)


@dataclass
class Att:
    """An attachment. style: how the file name is written.
    ascii: filename="x"; rfc2231: filename*=UTF-8''...; rfc2047: filename="=?cs?B?...?="
    (Outlook/Foxmail legacy, charset `cs`)."""

    name: str
    style: str = "rfc2231"
    cs: str = "GBK"

    def part(self) -> Part:
        data = content_for(self.name)
        ctype = CTYPES[Path(self.name).suffix.lower()]
        if self.name.isascii() or self.style == "ascii":
            ct = f'{ctype}; name="{self.name}"'
            cd = f'attachment; filename="{self.name}"'
        elif self.style == "rfc2231":
            ct = f"{ctype};\n {rfc2231_params('name', self.name)}"
            cd = f"attachment;\n {rfc2231_params('filename', self.name)}"
        elif self.style == "rfc2047":
            word = ew(self.name, self.cs, fold=False)
            ct = f'{ctype};\n name="{word}"'
            cd = f'attachment;\n filename="{word}"'
        else:
            raise ValueError(self.style)
        return Part(
            [
                ("Content-Type", ct),
                ("Content-Disposition", cd),
                ("Content-Transfer-Encoding", "base64"),
            ],
            b64_lines(data),
        )


LOGO_CID = "image001.png@01DAB5C3.1E6F2A30"


def logo_part() -> Part:
    data = png(8, 3, (0, 70, 160))
    return Part(
        [
            ("Content-Type", 'image/png; name="image001.png"'),
            ("Content-Description", "image001.png"),
            ("Content-Disposition", f'inline; filename="image001.png"; size={len(data)}'),
            ("Content-ID", f"<{LOGO_CID}>"),
            ("Content-Transfer-Encoding", "base64"),
        ],
        b64_lines(data),
    )


def multipart(subtype: str, parts: list[Part], boundary: str, preamble: bool = True) -> Part:
    body = "This is a multi-part message in MIME format.\n\n" if preamble else ""
    for p in parts:
        body += f"--{boundary}\n" + p.render().rstrip("\n") + "\n\n"
    body += f"--{boundary}--\n"
    return Part([("Content-Type", f'multipart/{subtype};\n boundary="{boundary}"')], body)


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def text_to_html(own: str, sig: str, footer: str, quote: str, charset: str, logo: bool) -> str:
    """HTML as a mail client writes it: one <p> per paragraph, <br> per line, a
    blockquote for `>` lines, the signature logo as <img src="cid:...">."""

    def block(text: str) -> str:
        out = []
        for para in re.split(r"\n\s*\n", text.strip("\n")):
            lines = para.split("\n")
            if all(line.startswith(">") for line in lines):
                inner = "\n".join(re.sub(r"^> ?", "", line) for line in lines)
                out.append(
                    f'<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;'
                    f'padding-left:1ex">{block(inner)}</blockquote>'
                )
            else:
                out.append("<p>" + "<br>\n".join(esc(line) for line in lines) + "</p>")
        return "\n".join(out)

    html = [
        "<html>",
        f'<head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>',
        '<body style="font-family:Arial,sans-serif;font-size:14px">',
        block(own),
    ]
    if sig:
        html.append('<div class="signature">' + block(sig))
        if logo:
            html.append(f'<p><img width="80" height="30" src="cid:{LOGO_CID}" alt="logo"></p>')
        html.append("</div>")
    if footer:
        html.append(f'<p style="color:#999;font-size:11px">{esc(footer)}</p>')
    if quote:
        qlines = quote.strip("\n").split("\n")
        # a forwarded/quoted original: the attribution line(s), then the quoted text
        html.append('<div class="quote"><hr>' + block("\n".join(qlines)) + "</div>")
    html += ["</body>", "</html>", ""]
    return "\n".join(html)


# ---------------------------------------------------------------------------
# the corpus model
# ---------------------------------------------------------------------------

MAILERS = {
    "foxmail": "Foxmail 7.2.25.228[cn]",
    "outlook": "Microsoft Outlook 16.0",
    "outlook-cn": "Microsoft Outlook 16.0",
    "iphone": "iPhone Mail (21F90)",
    "thunderbird": None,
    "gmail": None,
    "apple": "Apple Mail (2.3774.600.62)",
}


@dataclass
class Mail:
    name: str
    lang: str  # zh | en | mixed
    findings: list[str]
    own: str  # the author's own text: salutation .. closing
    subject: str | None = ""  # None: no Subject header at all
    frm: tuple[str, str] = ("", "")
    to: list[tuple[str, str]] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    to_raw: str | None = None  # a To header written verbatim (undisclosed-recipients:;)
    sig: str = ""
    footer: str = ""
    quote: str = ""
    note: str = ""
    date: str = "Mon, 03 Jun 2024 10:00:00 +0800"
    charset: str = "UTF-8"  # body charset, as written in the header
    hcharset: str | None = None  # header encoded-word charset (default: charset)
    henc: str = "B"
    cte: str = "base64"
    form: str = "plain"  # plain | html | alt
    logo: bool = False  # signature logo as a cid: inline image
    atts: list[Att] = field(default_factory=list)
    mailer: str = "outlook"
    phrase: str = ""  # a phrase of the own text the parser must recover
    sig_sep: str = "\n\n"
    attach: list[str] = field(default_factory=list)  # drafts: Attach: paths

    @property
    def is_draft(self) -> bool:
        return self.name.endswith(".draft")

    @property
    def text(self) -> str:
        t = self.own.strip("\n")
        if self.sig:
            t += self.sig_sep + self.sig.strip("\n")
        if self.footer:
            t += "\n\n" + self.footer.strip("\n")
        if self.quote:
            t += "\n\n" + self.quote.strip("\n")
        return t + "\n"

    @property
    def attachment_names(self) -> list[str]:
        if self.is_draft:
            return [Path(p).name for p in self.attach]
        return [a.name for a in self.atts]


def render_eml(m: Mail, idx: int) -> bytes:
    hcs = m.hcharset or m.charset
    heads: list[tuple[str, str]] = [("From", fmt_addr(*m.frm, hcs))]
    if m.to_raw is not None:
        heads.append(("To", m.to_raw))
    elif m.to:
        heads.append(("To", fmt_addrs(m.to, hcs)))
    if m.cc:
        heads.append(("Cc", fmt_addrs(m.cc, hcs)))
    if m.subject is not None:
        heads.append(("Subject", ew(m.subject, hcs, m.henc)))
    heads.append(("Date", m.date))
    heads.append(
        ("Message-ID", f"<lint{idx:03d}.{zlib.crc32(m.name.encode()):08x}@mail.example.cn>")
    )
    heads.append(("MIME-Version", "1.0"))
    if MAILERS.get(m.mailer):
        heads.append(("X-Mailer", MAILERS[m.mailer]))

    b = f"----=_NextPart_{idx:03d}_"
    text = m.text
    if m.form == "plain":
        body = text_part(text, "plain", m.charset, m.cte)
    else:
        html = text_to_html(m.own, m.sig, m.footer, m.quote, m.charset, m.logo)
        hpart = text_part(html, "html", m.charset, m.cte)
        if m.form == "alt":
            body = multipart(
                "alternative",
                [text_part(text, "plain", m.charset, m.cte), hpart],
                b + "ALT",
                preamble=False,
            )
        elif m.form == "html":
            body = hpart
        else:
            raise ValueError(m.form)
        if m.logo:
            body = multipart("related", [body, logo_part()], b + "REL", preamble=False)
            body.headers[0] = (
                "Content-Type",
                body.headers[0][1].replace(
                    "multipart/related;",
                    'multipart/related;\n type="'
                    + ("multipart/alternative" if m.form == "alt" else "text/html")
                    + '";',
                ),
            )
    if m.atts:
        body = multipart("mixed", [body, *[a.part() for a in m.atts]], b + "MIX")
    out = "".join(f"{k}: {v}\n" for k, v in heads) + body.render()
    return out.encode("ascii")


def render_draft(m: Mail) -> bytes:
    lines = []
    if m.to:
        lines.append("To: " + ", ".join(f"{n} <{a}>" if n else a for n, a in m.to))
    if m.cc:
        lines.append("Cc: " + ", ".join(f"{n} <{a}>" if n else a for n, a in m.cc))
    lines.append(f"Subject: {m.subject or ''}")
    lines += [f"Attach: {p}" for p in m.attach]
    return ("\n".join(lines) + "\n\n" + m.text).encode("utf-8")


# ---------------------------------------------------------------------------
# label cross-checks: a slip in a label or in a mail's text fails here
# ---------------------------------------------------------------------------

PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|回复|答复|转发|回覆|轉寄)\s*[:：]\s*)+", re.I)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
VAGUE = {
    "hi",
    "hello",
    "question",
    "fyi",
    "update",
    "test",
    "你好",
    "请查收",
    "無主題",
    "无主题",
    "(no subject)",
}
GREETING = re.compile(r"你好|您好|^(?:hi|hello|dear)\b", re.I)
CLOSING = re.compile(r"祝好|祝您|谢谢|謝謝|thanks|thank you|best regards", re.I)
POLITE = re.compile(r"请|請|麻烦|麻煩|谢谢|謝謝|please|thank|could you", re.I)
ATTACH_CLAIM = re.compile(r"见附件|見附件|附件是|附件中|附件里|attached|enclosed", re.I)
ATTACH_WORD = re.compile(r"附件|attach|enclos", re.I)
SPECIAL = {
    ".rar",
    ".7z",
    ".psd",
    ".ai",
    ".sketch",
    ".dwg",
    ".mpp",
    ".pages",
    ".numbers",
    ".key",
    ".xmind",
}
HOW_TO_OPEN = re.compile(r"WinRAR|7-Zip|Photoshop|Photopea", re.I)
BAD_NAME = re.compile(
    r"^(?:image\d+|IMG_\d+|新建 Microsoft \w+ 文档|Document\d+|未命名|\d+|scan\d+|附件|untitled)\.\w+$",
    re.I,
)
ADDR_OK = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def check(m: Mail) -> None:
    f = set(m.findings)
    unknown = f - set(ETIQUETTE)
    assert not unknown, (m.name, unknown)
    assert m.lang in {"zh", "en", "mixed"}, m.name
    assert m.name.startswith(m.lang + "-"), m.name

    def must(cond: bool, why: str) -> None:
        assert cond, f"{m.name}: {why}"

    subj = PREFIX.sub("", m.subject or "").strip()
    must(("subject-missing" in f) == (subj == ""), "subject-missing label vs subject")
    if subj:
        if CJK.search(subj):
            n_cjk = len(CJK.findall(subj))
            if "subject-too-long" in f:
                must(n_cjk > 20, f"too-long label but only {n_cjk} CJK")
            else:
                must(len(subj) <= 20, f"subject {len(subj)} chars, not labelled too-long")
        elif "subject-too-long" in f:
            must(len(subj) > 60, f"too-long label but {len(subj)} chars")
        else:
            must(len(subj) <= 60, f"subject {len(subj)} chars, not labelled too-long")
        must(("subject-vague" in f) == (subj.lower() in VAGUE), "subject-vague label vs subject")

    own = m.own.strip()
    paras = paragraphs(own)
    first_line = own.split("\n", 1)[0]
    must(
        ("greeting-missing" in f) == (not GREETING.search(first_line)),
        "greeting label vs first line",
    )
    must(
        ("closing-missing" in f) == (not CLOSING.search(paras[-1])),
        "closing label vs last paragraph",
    )
    must(
        ("politeness-missing" in f) == (not POLITE.search(own)), "politeness label vs polite words"
    )
    must(("signature-missing" in f) == (not m.sig.strip()), "signature label vs signature")

    long_para = False
    for p in paras:
        if CJK.search(p) and m.lang != "en":
            n = len(re.sub(r"\s", "", p))
            must(n > 300 or n < 250, f"paragraph of {n} chars is too close to the limit")
            long_para |= n > 300
        else:
            n = len(p.split())
            must(n > 120 or n < 100, f"paragraph of {n} words is too close to the limit")
            long_para |= n > 120
    must(("body-long-paragraph" in f) == long_para, "long-paragraph label vs paragraph lengths")

    names = m.attachment_names
    if "attachment-forgotten" in f:
        must(not names and ATTACH_CLAIM.search(own), "forgotten: needs a claim and no attachment")
    if not names:
        must("attachment-forgotten" in f or not ATTACH_WORD.search(own), "attachment word, no file")
    else:
        must(
            ("attachment-not-mentioned" in f) == (not ATTACH_WORD.search(own)),
            "not-mentioned label vs attachment words",
        )
    must(("attachment-too-many" in f) == (len(names) > 4), "too-many label vs count")
    must(("attachment-bad-name" in f) == any(BAD_NAME.match(n) for n in names), "bad-name label")
    if len(names) < 2:
        must("attachment-undescribed" not in f, "undescribed needs 2+ attachments")
    special = [n for n in names if Path(n).suffix.lower() in SPECIAL]
    must(
        ("attachment-special-format" in f) == bool(special and not HOW_TO_OPEN.search(own)),
        "special-format label vs files and instructions",
    )

    no_to = not m.to or m.to_raw == "undisclosed-recipients:;"
    must(("recipients-missing-to" in f) == no_to, "missing-to label vs To")
    addrs = [a for _, a in [m.frm, *m.to, *m.cc] if a]
    bad = [a for a in addrs if not ADDR_OK.match(a) or ".." in a]
    must(("address-invalid" in f) == bool(bad), f"address-invalid label vs {bad}")
    if len(m.to) >= 2:
        named = any(n and (n in own or n.split(", ")[-1].split()[0] in own) for n, _ in m.to)
        must(("recipients-no-owner" in f) != named, "no-owner label vs names in the body")
    else:
        must("recipients-no-owner" not in f, "no-owner needs 2+ To")
    must(m.phrase == "" or m.phrase in m.own, "phrase must be from the own text")


def self_check(m: Mail, raw: bytes) -> None:
    """Parse back with the stdlib and compare with what was meant."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert (msg["Subject"] or "") == (m.subject or ""), (m.name, msg["Subject"], m.subject)
    got = [
        p.get_filename()
        for p in msg.iter_attachments()
        if p.get_content_disposition() == "attachment"
    ]
    assert got == [a.name for a in m.atts], (m.name, got)
    texts = [p.get_content() for p in msg.walk() if p.get_content_type() == "text/plain"]
    if texts:
        assert texts[0].replace("\r\n", "\n") == m.text, m.name
    else:
        html = next(p.get_content() for p in msg.walk() if p.get_content_type() == "text/html")
        assert esc(paragraphs(m.own)[1].split("\n")[0]) in html, m.name


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    seen = set()
    expected_lines = [
        "# Generated by make_corpus.py: edit the labels there, not here.",
        "# file -> the exact set of etiquette rule ids (+ bugreport-incomplete) that must fire,",
        "# judged by shared/spec/rules.md (including 'Scope and precedence').",
    ]
    parse_lines = [
        "# Generated by make_corpus.py. What parse_bytes() must recover from each .eml:",
        "# subject (decoded, prefixes kept), attachment and inline file names, and a phrase",
        "# of the author's own text that must appear in Message.text.",
    ]
    for idx, m in enumerate(MAILS, 1):
        assert m.name not in seen, m.name
        seen.add(m.name)
        check(m)
        if m.is_draft:
            raw = render_draft(m)
            for p in m.attach:
                src = out / p
                src.parent.mkdir(parents=True, exist_ok=True)
                src.write_bytes(content_for(src.name))
                written.append(src)
        else:
            raw = render_eml(m, idx)
            self_check(m, raw)
        (out / m.name).write_bytes(raw)
        written.append(out / m.name)

        expected_lines.append(f"{m.name}:")
        expected_lines.append(
            f"  findings: [{', '.join(sorted(m.findings, key=list(ETIQUETTE).index))}]"
        )
        if m.note:
            expected_lines.append(f"  note: {json.dumps(m.note, ensure_ascii=False)}")
        if not m.is_draft:
            phrase = m.phrase or paragraphs(m.own)[1].split("\n")[0][:14].strip()
            parse_lines += [
                f"{m.name}:",
                f"  charset: {m.charset}",
                f"  subject: {json.dumps(m.subject or '', ensure_ascii=False)}",
                f"  attachments: {json.dumps([a.name for a in m.atts], ensure_ascii=False)}",
                f"  inline: {json.dumps(['image001.png'] if m.logo else [])}",
                f"  phrase: {json.dumps(phrase, ensure_ascii=False)}",
            ]
    (out / "expected.yaml").write_text("\n".join(expected_lines) + "\n", encoding="utf-8")
    (out / "parse_expected.yaml").write_text("\n".join(parse_lines) + "\n", encoding="utf-8")
    return written + [out / "expected.yaml", out / "parse_expected.yaml"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE)
    args = ap.parse_args(argv)
    files = build(args.out)
    print(f"wrote {len(files)} files to {args.out}")
    return 0


# ---------------------------------------------------------------------------
# people (fictional; reserved domains)
# ---------------------------------------------------------------------------

ZW = ("张伟", "zhangwei@xinghe.example.cn")
SH = ("孙浩", "sunhao@xinghe.example.cn")
WL = ("王磊", "wanglei@xinghe.example.cn")
LN = ("李娜", "lina@xinghe.example.cn")
CJ = ("陈静", "chenjing@xinghe.example.cn")
LY = ("刘洋", "liuyang@xinghe.example.cn")
ZT = ("周婷", "zhouting@xinghe.example.cn")
WG = ("吴刚", "wugang@xinghe.example.cn")
OPS = ("运营组", "ops@xinghe.example.cn")
ZM = ("赵敏", "zhaomin@lanjing.example.cn")
LZM = ("林志明", "lin.zhiming@chenguang.example.org")
HL = ("黃蕾", "huang.lei@chenguang.example.org")

TB = ("Tom Baker", "tom.baker@brightline.example.com")
AC = ("Amy Chen", "amy.chen@brightline.example.com")
DP = ("Daniel Price", "daniel.price@brightline.example.com")
PN = ("Priya Nair", "priya.nair@brightline.example.com")
JM = ("Jake Miller", "jake.miller@brightline.example.com")
SK = ("Sarah Kim", "sarah.kim@brightline.example.com")
ML = ("Mark Lewis", "mark.lewis@brightline.example.com")
OG = ("Olivia Grant", "olivia.grant@brightline.example.com")
ADOPS = ("Ad Ops", "adops@brightline.example.com")
LS = ("Laura Smith", "laura.smith@northwind.example.org")
BC = ("Ben Carter", "ben.carter@acme.example.com")

S_ZW = "张伟\n运营专员 | 星河传媒\n电话：010-5555-0101"
S_SH = "孙浩\n运营主管 | 星河传媒\n电话：010-5555-0102"
S_WL = "王磊\n销售经理 | 星河传媒\n手机：138-0000-1234"
S_LN = "李娜\n视觉设计师 | 星河传媒"
S_CJ = "陈静\n产品经理 | 星河传媒\n电话：010-5555-0110"
S_LY = "刘洋\n开发工程师 | 星河传媒"
S_ZT = "周婷\n财务部 | 星河传媒\n电话：010-5555-0120"
S_WG = "吴刚\n测试工程师 | 星河传媒\n电话：010-5555-0131"
S_ZM = "赵敏\n蓝鲸科技 市场部经理\n电话：021-5555-0166"

S_TB = "Tom Baker\nAccount Manager | Brightline Media\n+1 555 0100 207"
S_AC = "Amy Chen\nSenior Designer | Brightline Media"
S_DP = "Daniel Price\nAd Operations Lead | Brightline Media\n+1 555 0100 201"
S_PN = "Priya Nair\nProduct Manager | Brightline Media"
S_JM = "Jake Miller\nSoftware Engineer | Brightline Media"
S_SK = "Sarah Kim\nQA Engineer | Brightline Media"
S_ML = "Mark Lewis\nSales Director | Brightline Media\n+1 555 0100 214"
S_OG = "Olivia Grant\nFinance Manager | Brightline Media\n+1 555 0100 230"
S_LS = "Laura Smith\nMarketing Director | Northwind Foods\n+1 555 0142 880"
S_BC = "Ben Carter\nBrand Manager | Acme Outdoor"

FOOTER_ZH = (
    "本邮件及其附件含有星河传媒的保密信息，仅限于发送给上面地址中列出的个人或群组。"
    "禁止任何其他人以任何形式使用（包括但不限于全部或部分地泄露、复制或散发）本邮件中的信息。"
    "如果您错收了本邮件，请您立即电话或邮件通知发件人并删除本邮件！"
)
FOOTER_EN = (
    "CONFIDENTIALITY NOTICE: This email and any attachments are confidential and intended "
    "solely for the use of the individual or entity to whom they are addressed. If you have "
    "received this email in error, please notify the sender and delete it."
)

MAILS: list[Mail] = []


def M(name: str, findings: list[str], own: str, **kw) -> None:
    lang = name.split("-", 1)[0]
    if lang == "en" and "sig_sep" not in kw:
        kw["sig_sep"] = "\n"  # "Thanks,\nTom Baker": the name right under the closing
    MAILS.append(Mail(name=name, lang=lang, findings=findings, own=own.strip("\n"), **kw))


# ===========================================================================
# Chinese: clean mails (no finding at all)
# ===========================================================================

M(
    "zh-clean-daily-report-gbk.eml",
    [],
    """
各位同事，您好！

现发送6月3日投放日报，请查阅；如对数据有疑问，请在6月4日12:00前回复我。

1. 总消耗 128,460 元，完成日预算的 96%。
2. 蓝鲸科技开屏广告点击率 3.2%，高于上周均值 0.4 个百分点。
3. 晨光文创信息流广告 14:00-15:30 因素材审核暂停，已恢复。

谢谢！
""",
    subject="6月3日投放日报",
    frm=ZW,
    to=[OPS],
    cc=[SH],
    sig=S_ZW,
    date="Mon, 03 Jun 2024 17:05:00 +0800",
    charset="GBK",
    mailer="foxmail",
    phrase="完成日预算的 96%",
    note="group salutation 各位同事 + 您好; To is one group address, so recipients-no-owner cannot fire",
)

M(
    "zh-clean-quote-attachment-rfc2231.eml",
    [],
    """
赵经理，您好！

附件是蓝鲸科技2024年第三季度信息流广告报价单，请您在6月7日（周五）前确认，以便我们锁定7月的排期资源。

报价单按点位列出了刊例价和折扣，三个月打包投放可在总价基础上再享受5%的返点。如需调整投放组合，请直接在表格里标注，我会在一个工作日内更新。

谢谢！
""",
    subject="蓝鲸科技2024年第三季度广告报价",
    frm=WL,
    to=[ZM],
    sig="-- \n" + S_WL,
    date="Mon, 03 Jun 2024 11:20:00 +0800",
    atts=[Att("报价单-蓝鲸科技-2024Q3.xlsx")],
    mailer="thunderbird",
    note="RFC 2231 file name; '-- ' signature delimiter",
)

M(
    "zh-clean-html-signature-logo.eml",
    [],
    """
李娜，你好！

请在6月12日（周三）前为会员中心改版出一版首页 banner 设计稿，用于6月20日上线。

1. 尺寸：1920×480（PC）和 750×300（H5）。
2. 主题：会员日全场九折，主色沿用品牌蓝。
3. 文案：“会员日 全场九折”，副标题等市场部确认后我再补给你。

谢谢！
""",
    subject="会员中心改版首页banner设计需求",
    frm=CJ,
    to=[LN],
    sig=S_CJ,
    date="Tue, 04 Jun 2024 09:40:00 +0800",
    form="html",
    logo=True,
    note="HTML only; the signature logo image001.png is an inline cid: part, not an attachment "
    "(no attachment-not-mentioned, no attachment-bad-name)",
)

M(
    "zh-clean-confidential-footer-gb2312.eml",
    [],
    """
王经理，您好！

请在6月6日（周四）下班前把蓝鲸科技5月投放的开票信息发给我，财务需要在6月7日前开具发票。

需要的信息包括：开票抬头、税号、开户行及账号、收票邮箱。

谢谢！
""",
    subject="请补充蓝鲸科技5月开票信息",
    frm=ZT,
    to=[WL],
    sig=S_ZT,
    footer=FOOTER_ZH,
    date="Tue, 04 Jun 2024 14:10:00 +0800",
    charset="gb2312",
    phrase="开票抬头、税号",
    note="the footer 本邮件及其附件 does not claim an attachment: no attachment-forgotten",
)

M(
    "zh-clean-reply-foxmail-quoted-attachment-gb18030.eml",
    [],
    """
王经理，您好！

排期我已经核对过，没有问题，请按这个版本通知客户，我们明天上午10点开始配置。

谢谢！
""",
    subject="回复：蓝鲸科技6月排期确认",
    frm=SH,
    to=[WL],
    sig=S_SH,
    quote="""
------------------ 原始邮件 ------------------
发件人: "王磊"<wanglei@xinghe.example.cn>;
发送时间: 2024年6月3日(星期一) 上午10:12
收件人: "孙浩"<sunhao@xinghe.example.cn>;
主题: 蓝鲸科技6月排期确认

孙主管：

蓝鲸科技6月的排期详见附件，麻烦帮忙核对一下点位和时间。

王磊
""",
    date="Mon, 03 Jun 2024 15:32:00 +0800",
    charset="gb18030",
    mailer="foxmail",
    phrase="排期我已经核对过",
    note="详见附件 only in the Foxmail quoted original; the reply has no attachment and that is fine",
)

M(
    "zh-clean-bugreport-complete.eml",
    [],
    """
刘洋，你好！

安卓 App 5.2.1 的下单页出现白屏，影响所有安卓 12 及以上版本的用户（约占安卓订单的 60%），请在6月7日（周五）18:00 前修复并发测试包。

复现步骤：
1. 登录任意测试账号，进入“会员中心”。
2. 点击“立即开通”，跳转到下单页。
3. 页面白屏约 3 秒后停住，无法选择支付方式。

环境：小米 13，Android 13，App 5.2.1（build 5210），Wi-Fi 和 4G 均可复现。
截图见附件“下单页白屏-小米13-Android13.png”，白屏时的页面状态和右上角版本号都截在里面。

谢谢！
""",
    subject="安卓App下单页白屏",
    frm=WG,
    to=[LY],
    cc=[CJ],
    sig=S_WG,
    date="Tue, 04 Jun 2024 16:45:00 +0800",
    atts=[Att("下单页白屏-小米13-Android13.png")],
    note="complete bug report: steps, environment, screenshot, scope (安卓12+ users, ~60%), fix-by date",
)

M(
    "zh-clean-client-confirm-plan-big5.eml",
    [],
    """
王經理，您好！

我們確認貴司6月5日提交的7月品牌推廣方案（第二版），請依此方案執行，並於6月14日前提供最終排期表。

預算維持新台幣80萬元不變，素材由我方於6月20日前提供。

謝謝！
""",
    subject="確認7月品牌推廣方案",
    frm=LZM,
    to=[WL],
    sig="林志明\n晨光文創 行銷部經理\n電話：+886-2-5555-0188",
    date="Thu, 06 Jun 2024 10:05:00 +0800",
    charset="big5",
    mailer="outlook",
    phrase="7月品牌推廣方案",
    note="Big5 traditional Chinese; 謝謝/請 are the traditional forms of 谢谢/请",
)

M(
    "zh-clean-multi-to-assignment.eml",
    [],
    """
各位，您好！

618大促页面定于6月10日上线，请大家在6月7日（周五）18:00 前完成下面各自负责的部分，并回复本邮件确认。

1. 李娜：交付主会场和3个分会场的 banner 终稿。
2. 刘洋：完成优惠券接口联调，并部署到测试环境。
3. 周婷：确认各品牌的预付款已到账，把未到账名单发给我。

如有风险请尽早提出。谢谢！
""",
    subject="618大促上线前分工确认",
    frm=SH,
    to=[LN, LY, ZT],
    cc=[CJ],
    sig=S_SH,
    date="Mon, 03 Jun 2024 09:30:00 +0800",
    cte="quoted-printable",
    note="three To recipients, each named with a task: recipients-no-owner does not fire",
)

M(
    "zh-clean-forward-outlook-cn-block.eml",
    [],
    """
孙主管，您好！

蓝鲸科技希望把开屏广告从6月10日推迟到6月17日开始，投放天数不变，请您在今天17:00前确认资源是否可以调整，我好回复客户。

客户原邮件在下面。谢谢！
""",
    subject="转发: 蓝鲸科技开屏广告排期调整",
    frm=ZW,
    to=[SH],
    sig=S_ZW,
    quote="""
________________________________
发件人: 赵敏 <zhaomin@lanjing.example.cn>
发送时间: 2024年6月4日 9:46
收件人: 张伟 <zhangwei@xinghe.example.cn>
抄送: 王磊 <wanglei@xinghe.example.cn>
主题: 蓝鲸科技开屏广告排期调整

张伟：

我们的新品发布会延期了，开屏广告能否从6月10日改到6月17日开始？投放7天不变。

赵敏
蓝鲸科技 市场部
""",
    date="Tue, 04 Jun 2024 10:02:00 +0800",
    note="Chinese Outlook 发件人:/发送时间:/收件人:/主题: block; the forwarded original is not body",
)

M(
    "zh-clean-reply-gmail-alternative.eml",
    [],
    """
张伟，你好！

收到，同意开屏广告改为6月17日至6月23日投放，请按新时间配置，并在6月14日前发我预览链接。

谢谢！
""",
    subject="Re: 蓝鲸科技开屏广告排期调整",
    frm=ZM,
    to=[ZW],
    sig=S_ZM,
    quote="""
在 2024年6月4日周二 10:12，张伟 <zhangwei@xinghe.example.cn> 写道：
> 赵经理，您好！
>
> 开屏资源已确认可以调整到6月17日开始，投放7天，见附件中的新排期。
>
> 张伟
""",
    date="Tue, 04 Jun 2024 10:30:00 +0800",
    form="alt",
    cte="quoted-printable",
    mailer="gmail",
    note="Gmail Chinese 在…写道： attribution; 见附件 only in the quote; multipart/alternative",
)

M(
    "zh-clean-four-attachments-described.eml",
    [],
    """
孙主管，您好！

蓝鲸科技7月投放已签约，请您在6月20日前安排配置，执行材料共4个附件：

1. 投放合同-蓝鲸科技-2024年7月.pdf：双方盖章的合同，含点位和金额。
2. 排期表-蓝鲸科技-2024年7月.xlsx：每天的点位、时段和预算。
3. 主视觉-蓝鲸科技-夏季新品.png：开屏和信息流共用的主视觉。
4. 投放需求说明-蓝鲸科技.docx：定向人群和落地页要求。

谢谢！
""",
    subject="蓝鲸科技7月投放执行材料",
    frm=WL,
    to=[SH],
    sig=S_WL,
    atts=[
        Att("投放合同-蓝鲸科技-2024年7月.pdf"),
        Att("排期表-蓝鲸科技-2024年7月.xlsx"),
        Att("主视觉-蓝鲸科技-夏季新品.png"),
        Att("投放需求说明-蓝鲸科技.docx"),
    ],
    date="Wed, 12 Jun 2024 11:15:00 +0800",
    note="exactly 4 attachments (the limit is more than 4), each described",
)

M(
    "zh-clean-rar-with-unpack-hint.eml",
    [],
    """
张伟，你好！

晨光文创7月开屏素材终稿在附件压缩包里，请在6月18日前上传到投放后台。

压缩包是 RAR 格式，可以用 WinRAR 或 7-Zip 解压；里面有 1080×1920 和 1242×2688 两个尺寸的 JPG。

谢谢！
""",
    subject="晨光文创开屏素材终稿",
    frm=LN,
    to=[ZW],
    sig=S_LN,
    atts=[Att("晨光文创-7月开屏素材-终稿.rar")],
    date="Thu, 13 Jun 2024 15:20:00 +0800",
    note=".rar but the body says how to open it: no attachment-special-format",
)

M(
    "zh-clean-reply-subject-at-limit.eml",
    [],
    """
赵经理，您好！

和平路新门店开业期间的户外广告排期已按您的意见调整为6月22日至7月5日，请您在6月19日前确认，我们好预订点位。

调整后共4块户外屏，每天投放时段为10:00-22:00，总价不变。

谢谢！
""",
    subject="回复: 关于和平路新门店开业期间户外广告投放排期",
    frm=WL,
    to=[ZM],
    sig=S_WL,
    quote="""
-----原始邮件-----
发件人: 赵敏 [mailto:zhaomin@lanjing.example.cn]
发送时间: 2024年6月12日 15:20
收件人: 王磊
主题: 关于和平路新门店开业期间户外广告投放排期

王经理：

开业时间改到6月22日了，排期请相应顺延两周。

赵敏
""",
    date="Wed, 12 Jun 2024 17:40:00 +0800",
    cte="quoted-printable",
    note="subject is exactly 20 characters once 回复: is stripped (not over 20); 和 in 和平路 joins nothing",
)

M(
    "zh-clean-draft-quote.draft",
    [],
    """
赵经理，您好！

附件是蓝鲸科技8月信息流广告报价单，请您在7月15日前确认投放组合，我们再出正式排期。

谢谢！
""",
    subject="蓝鲸科技8月信息流广告报价",
    to=[ZM],
    cc=[SH],
    sig=S_WL,
    attach=["files/报价单-蓝鲸科技-2024年8月.xlsx"],
    note="plain draft; Attach: path is relative to the draft file",
)

M(
    "zh-clean-adplacement-instruction-gbk.eml",
    [],
    """
各位同事，您好！

请在6月17日0:00至6月23日24:00，为蓝鲸科技在App首页开屏位投放“夏季新品”广告，每天展示上限50万次，素材已上传到投放后台（素材ID：LJ-0617）。

合同编号 XH-2024-0612，如有疑问请直接联系我。

谢谢！
""",
    subject="蓝鲸科技开屏广告投放通知",
    frm=WL,
    to=[OPS],
    cc=[SH],
    sig=S_WL,
    date="Wed, 12 Jun 2024 16:00:00 +0800",
    charset="GBK",
    phrase="每天展示上限50万次",
    note="complete ad-placement instruction (slot, window, advertiser); etiquette-clean",
)

M(
    "zh-clean-bugfix-confirmation.eml",
    [],
    """
刘洋，你好！

上周反馈的投放报表导出乱码问题，我今天在测试环境和正式环境都验证过了，已经修复，请把工单 BUG-2381 关闭。

辛苦了，谢谢！
""",
    subject="投放报表导出问题已验证通过",
    frm=CJ,
    to=[LY],
    sig=S_CJ,
    date="Mon, 10 Jun 2024 11:00:00 +0800",
    note="confirms a fix, reports no defect: bugreport-incomplete does not apply",
)

M(
    "zh-clean-iphone-footer-signed.eml",
    [],
    """
张伟：你好！

晨光文创的开屏素材我看过了，可以上线，请今天按原计划提交审核。

谢谢！
""",
    subject="晨光文创素材审核结果",
    frm=SH,
    to=[ZW],
    sig="孙浩",
    footer="发自我的iPhone",
    date="Sat, 15 Jun 2024 08:12:00 +0800",
    cte="quoted-printable",
    mailer="iphone",
    note="the name 孙浩 above 发自我的iPhone is the signature (a name is enough)",
)

M(
    "zh-clean-mafan-zhuhao-long-list-paragraph.eml",
    [],
    """
李娜，你好！

麻烦在6月21日前按下面的规格把晨光文创7月的开屏素材再检查一遍，不符合的直接改好后回我。

媒体方本月更新了开屏规格：静态图尺寸为 1080×1920 和 1242×2688 两种，文件大小不超过 500KB，格式只接受 JPG 和 PNG；画面上方 300 像素内不能放文字或按钮，避免被状态栏遮挡；品牌 logo 必须放在画面左上角，高度不低于 120 像素；跳转按钮统一由媒体方叠加，素材里不需要再画；如果有动图，时长不超过 3 秒，首帧必须能单独作为静态图使用；另外每套素材都要附一张不带文字的底图，方便媒体方在审核不通过时直接替换文案。

祝好！
""",
    subject="晨光文创7月开屏素材规格",
    frm=ZW,
    to=[LN],
    sig=S_ZW,
    date="Mon, 17 Jun 2024 15:05:00 +0800",
    cte="quoted-printable",
    note="polite only through 麻烦, closing 祝好 (a wish, no thanks); the spec paragraph is long "
    "(about 210 characters) but under 300",
)

M(
    "zh-clean-outlook-rfc2047-filename-gbk.eml",
    [],
    """
赵经理，您好！

附件是蓝鲸科技2024年5月的广告投放对账单，请您在6月14日前核对金额并回复确认，我们收到后开具发票。

本月投放金额合计 356,800.00 元，明细见对账单第2页。

谢谢！
""",
    subject="请查收：蓝鲸科技5月对账单",
    frm=ZT,
    to=[ZM],
    sig=S_ZT,
    atts=[Att("对账单-蓝鲸科技-2024年5月.pdf", style="rfc2047", cs="GBK")],
    date="Wed, 05 Jun 2024 10:20:00 +0800",
    charset="GBK",
    phrase="广告投放对账单",
    note="Outlook-style RFC 2047 file name (=?GBK?B?...?=); 请查收： followed by a topic is not vague",
)


# ===========================================================================
# Chinese: mails with findings
# ===========================================================================

M(
    "zh-draft-attachment-forgotten.draft",
    ["attachment-forgotten"],
    """
孙主管，您好！

晨光文创7月的排期表见附件，请您在6月21日前审核，没问题我就发给客户。

谢谢！
""",
    subject="晨光文创7月排期表",
    to=[SH],
    sig=S_ZW,
    note="见附件 in a draft with no Attach: line",
)

M(
    "zh-reply-foxmail-attachment-forgotten-gb18030.eml",
    ["attachment-forgotten", "closing-missing"],
    """
王经理，您好！

更新后的7月排期表见附件，按您说的把信息流点位从5个减到3个，请在6月19日前确认。
""",
    subject="回复：蓝鲸科技7月排期表",
    frm=ZW,
    to=[WL],
    sig=S_ZW,
    quote="""
------------------ 原始邮件 ------------------
发件人: "王磊"<wanglei@xinghe.example.cn>;
发送时间: 2024年6月17日(星期一) 下午2:05
收件人: "张伟"<zhangwei@xinghe.example.cn>;
主题: 蓝鲸科技7月排期表

张伟：

麻烦把7月排期表里的信息流点位减到3个，周三前给我，谢谢！

王磊
""",
    date="Mon, 17 Jun 2024 16:48:00 +0800",
    charset="gb18030",
    mailer="foxmail",
    phrase="信息流点位从5个减到3个",
    note="own text says 见附件, no attachment; the 谢谢 in the quoted original does not count as a closing",
)

M(
    "zh-subject-missing.eml",
    ["subject-missing"],
    """
李娜，你好！

请在6月14日前把晨光文创开屏素材的1242×2688尺寸补做一版，客户的新机型需要。

谢谢！
""",
    subject=None,
    frm=ZW,
    to=[LN],
    sig=S_ZW,
    date="Tue, 11 Jun 2024 10:10:00 +0800",
    note="no Subject header at all",
)

M(
    "zh-subject-missing-reply-prefix-gbk.eml",
    ["subject-missing"],
    """
王经理，您好！

报价已收到，我们内部讨论后，请在6月20日前再给一版去掉开屏位的方案。

谢谢！
""",
    subject="回复：",
    frm=ZM,
    to=[WL],
    sig=S_ZM,
    quote="""
发件人: 王磊 <wanglei@xinghe.example.cn>
发送时间: 2024年6月11日 16:02
收件人: 赵敏 <zhaomin@lanjing.example.cn>
主题:

赵经理，您好！

附件是8月的报价，请查收。

王磊
""",
    date="Wed, 12 Jun 2024 09:25:00 +0800",
    charset="GBK",
    phrase="去掉开屏位的方案",
    note="subject is only the prefix 回复： (full-width colon, as Foxmail writes it): "
    "subject-missing, and so not subject-vague",
)

M(
    "zh-subject-too-long.eml",
    ["subject-too-long"],
    """
孙主管，您好！

蓝鲸科技夏季新品的投放排期客户已确认，请您在6月14日前安排配置：开屏位6月17日至23日，信息流6月17日至30日。

谢谢！
""",
    subject="关于蓝鲸科技夏季新品上市期间App开屏及信息流广告投放排期的最终确认",
    frm=WL,
    to=[SH],
    sig=S_WL,
    date="Tue, 11 Jun 2024 15:00:00 +0800",
    note="30 CJK characters (plus 'App'); 开屏及信息流 are two slots of one schedule, not two matters",
)

M(
    "zh-subject-vague-qingchashou-gb2312.eml",
    ["subject-vague"],
    """
赵经理，您好！

附件是蓝鲸科技5月投放的结案报告，请您在6月14日前查阅，如有问题请随时联系我。

谢谢！
""",
    subject="请查收",
    frm=WL,
    to=[ZM],
    sig=S_WL,
    atts=[Att("结案报告-蓝鲸科技-2024年5月.pdf", style="rfc2047", cs="gb2312")],
    date="Fri, 07 Jun 2024 11:30:00 +0800",
    charset="gb2312",
    phrase="结案报告",
    note="subject 请查收 alone names no topic",
)

M(
    "zh-subject-multiple-topics.eml",
    ["subject-multiple-topics", "body-multiple-topics"],
    """
张伟，你好！

请在今天18:00前把晨光文创的开屏素材替换成客户昨晚发来的新版，旧版立即下线。

另外，下周五的部门团建需要报名，请在群里接龙，说明是否带家属。

谢谢！
""",
    subject="晨光文创素材替换；下周部门团建报名",
    frm=SH,
    to=[ZW],
    sig=S_SH,
    date="Wed, 12 Jun 2024 09:05:00 +0800",
    note="a creative swap and a team-building sign-up: two unrelated matters in subject and body "
    "(the second request has no deadline, so body-no-summary does not fire)",
)

M(
    "zh-salutation-missing-html-gbk.eml",
    ["salutation-missing", "greeting-missing"],
    """
蓝鲸科技的开屏广告请在6月5日0:00下线，客户预算已用完，请今天18:00前在后台设置好结束时间。

下线后请截图发到运营群留档。

谢谢！
""",
    subject="蓝鲸科技开屏广告6月5日下线",
    frm=SH,
    to=[ZW],
    sig=S_SH,
    date="Tue, 04 Jun 2024 13:20:00 +0800",
    charset="GBK",
    form="html",
    phrase="客户预算已用完",
    note="HTML-only GBK; the body opens straight with the matter",
)

M(
    "zh-greeting-missing-title-only.eml",
    ["greeting-missing"],
    """
王经理：

晨光文创7月的投放预算还没有确认，请您在6月20日前跟客户确认最终金额，我们需要据此锁定点位。

谢谢！
""",
    subject="晨光文创7月预算确认",
    frm=ZW,
    to=[WL],
    sig=S_ZW,
    date="Thu, 13 Jun 2024 10:00:00 +0800",
    note="王经理： is a salutation without a greeting",
)

M(
    "zh-recipients-no-owner.eml",
    ["recipients-no-owner"],
    """
各位，您好！

618大促页面6月10日上线，请在6月7日（周五）18:00 前把最终版物料上传到共享盘“618大促”目录，并回复本邮件确认。

上线前一天会做一次整体走查，届时有问题会再单独沟通。

谢谢！
""",
    subject="618大促上线物料最终版",
    frm=CJ,
    to=[LN, LY],
    sig=S_CJ,
    date="Mon, 03 Jun 2024 14:00:00 +0800",
    note="two To recipients, only the group form 各位: nobody is named to act",
)

M(
    "zh-closing-missing-gb18030.eml",
    ["closing-missing"],
    """
李娜，你好！

晨光文创的信息流素材请在6月13日前补一版 1280×720 的尺寸，媒体方刚更新了规格要求。

新规格文件大小不超过 300KB，文字不超过画面面积的 20%。
""",
    subject="晨光文创信息流素材尺寸",
    frm=ZW,
    to=[LN],
    sig=S_ZW,
    date="Tue, 11 Jun 2024 16:30:00 +0800",
    charset="gb18030",
    mailer="foxmail",
    phrase="媒体方刚更新了规格要求",
)

M(
    "zh-body-no-summary-background-first.eml",
    ["body-no-summary"],
    """
张伟，你好！

上周蓝鲸科技的开屏广告点击率从3.1%降到了2.2%，客户在周会上提了这个问题，市场部的赵经理也单独打电话问过我。

我初步看了一下，可能和素材疲劳以及投放时段有关，晚上 20:00 以后的点击率下降最明显。

请你整理一份复盘报告，包含分时段点击率和素材对比，6月14日（周五）中午前发给我。

谢谢！
""",
    subject="蓝鲸科技开屏点击率下降复盘",
    frm=SH,
    to=[ZW],
    sig=S_SH,
    date="Mon, 10 Jun 2024 09:50:00 +0800",
    note="first paragraph is background only; the request and its deadline come in the third",
)

M(
    "zh-body-no-summary-deadline-later.eml",
    ["body-no-summary"],
    """
周婷，你好！

请帮忙走一下蓝鲸科技2024年度框架合同的盖章流程。

合同已经通过法务审核，电子版已提交到 OA 流程（流程号 OA-20240611-032），纸质版两份放在你桌上了。

客户要求6月14日前拿到盖章版，所以最晚6月13日需要寄出。

谢谢！
""",
    subject="蓝鲸科技框架合同盖章",
    frm=WL,
    to=[ZT],
    sig=S_WL,
    date="Tue, 11 Jun 2024 11:40:00 +0800",
    cte="quoted-printable",
    note="the request is in the first paragraph but its time limit only in the third",
)

M(
    "zh-body-long-paragraph.eml",
    ["body-long-paragraph"],
    """
孙主管，您好！

晨光文创6月投放出现了几处异常，请您在6月14日前看一下我的处理意见，并回复是否同意。

6月3日起信息流广告的消耗突然加快，到6月5日已经用掉了月预算的45%，原因是媒体方调整了竞价规则，我们的出价在新规则下排名靠前，曝光集中在白天；同时开屏广告在6月4日因为素材审核没有通过暂停了大约六个小时，客户对此比较不满，市场部专门来电询问原因；另外，6月6日晚上投放后台的数据同步延迟了两个小时，导致日报里的点击数据偏低，客户据此以为效果下降，又要求我们补充说明；再加上客户在6月7日临时要求把一部分预算从信息流转到开屏，但合同里约定的开屏天数已经排满，只能在月底加投，这会影响整体节奏。我的处理意见是先把信息流出价下调百分之十五，把日预算上限设为原来的八成，开屏暂停的时长按合同约定补足，数据延迟的事情由我出一份书面说明发给客户，预算调整部分建议放到七月执行，并在下周的周会上和客户当面沟通，避免再出现误解。

谢谢！
""",
    subject="晨光文创6月投放异常说明",
    frm=ZW,
    to=[SH],
    sig=S_ZW,
    date="Wed, 12 Jun 2024 18:20:00 +0800",
    note="one paragraph of well over 300 characters; several issues of one campaign (one matter)",
)

M(
    "zh-body-multiple-topics.eml",
    ["body-multiple-topics"],
    """
刘洋，你好！

投放后台的素材上传大小限制请在6月14日前从 2MB 调整到 5MB，以便运营同事上传高清视频素材。

另外，上个月的加班调休单还在你那儿，麻烦签一下字交给人事。

谢谢！
""",
    subject="投放后台素材上传限制调整",
    frm=CJ,
    to=[LY],
    sig=S_CJ,
    date="Mon, 10 Jun 2024 15:10:00 +0800",
    note="an upload limit change and an overtime form: unrelated; subject names only the first",
)

M(
    "zh-politeness-missing.eml",
    ["closing-missing", "politeness-missing"],
    """
李娜，你好！

618主会场的 banner 明天中午12点前要出3个尺寸：750×300、1080×1920、640×100，文案用上周定的版本。

做完直接传到共享盘“618大促”目录，然后在群里说一声。
""",
    subject="618主会场banner尺寸",
    frm=CJ,
    to=[LN],
    sig=S_CJ,
    date="Wed, 05 Jun 2024 17:50:00 +0800",
    note="orders without 请/麻烦/谢谢 and no closing",
)

M(
    "zh-signature-missing-iphone.eml",
    ["signature-missing"],
    """
张伟，你好！

客户刚来电话，晨光文创的开屏广告请立即暂停，等他们新的素材到了再恢复。

谢谢！
""",
    subject="晨光文创开屏暂停",
    frm=SH,
    to=[ZW],
    footer="发自我的iPhone",
    date="Sun, 16 Jun 2024 21:35:00 +0800",
    cte="quoted-printable",
    mailer="iphone",
    note="发自我的iPhone is a footer, not a signature; no name before it",
)

M(
    "zh-attachment-not-mentioned.eml",
    ["attachment-not-mentioned"],
    """
赵经理，您好！

蓝鲸科技5月的广告投放费用已结算完毕，合计 356,800.00 元，请您在6月14日前核对金额并回复确认。

谢谢！
""",
    subject="蓝鲸科技5月广告费确认",
    frm=ZT,
    to=[ZM],
    sig=S_ZT,
    atts=[Att("对账单-蓝鲸科技-2024年5月.pdf")],
    date="Wed, 05 Jun 2024 10:20:00 +0800",
)

M(
    "zh-attachment-too-many.eml",
    ["attachment-too-many"],
    """
陈静，你好！

附件是618大促6个分会场的 banner 终稿，分别对应家电、数码、美妆、食品、服饰、母婴分会场，请在6月7日前审核，有修改意见直接回复我。

谢谢！
""",
    subject="618大促分会场banner终稿",
    frm=LN,
    to=[CJ],
    sig=S_LN,
    atts=[
        Att(f"618-分会场-{k}-750x300.png") for k in ("家电", "数码", "美妆", "食品", "服饰", "母婴")
    ],
    date="Wed, 05 Jun 2024 18:30:00 +0800",
    note="6 attachments; each is said to be one venue's banner, so attachment-undescribed does not fire",
)

M(
    "zh-attachment-bad-name-new-word-doc.eml",
    ["attachment-bad-name"],
    """
王经理，您好！

附件是我们法务对2024年度框架合同的修改意见，主要涉及付款周期和违约条款，请在6月18日前回复是否接受。

谢谢！
""",
    subject="框架合同修改意见",
    frm=ZM,
    to=[WL],
    sig=S_ZM,
    atts=[Att("新建 Microsoft Word 文档.docx")],
    date="Fri, 14 Jun 2024 16:05:00 +0800",
)

M(
    "zh-attachment-bad-name-scan-gbk.eml",
    ["attachment-bad-name"],
    """
周婷，您好！

5月广告费已于6月12日付款，请查收附件并在6月17日前确认到账：附件一是银行回单扫描件，附件二是付款明细表。

谢谢！
""",
    subject="蓝鲸科技5月付款凭证",
    frm=ZM,
    to=[ZT],
    sig="赵敏\n蓝鲸科技 市场部",
    atts=[Att("scan0001.pdf"), Att("1.xlsx")],
    date="Thu, 13 Jun 2024 09:15:00 +0800",
    charset="GBK",
    phrase="银行回单扫描件",
    note="scan0001.pdf and 1.xlsx say nothing; the body does describe each, so no attachment-undescribed",
)

M(
    "zh-attachment-undescribed.eml",
    ["attachment-undescribed"],
    """
孙主管，您好！

晨光文创6月的结案材料见附件，请您在7月3日前审核，通过后我发给客户。

谢谢！
""",
    subject="晨光文创6月结案材料",
    frm=ZW,
    to=[SH],
    sig=S_ZW,
    atts=[
        Att("结案报告-晨光文创-2024年6月.pdf"),
        Att("投放数据明细-晨光文创-2024年6月.xlsx"),
        Att("投放截图-晨光文创-开屏.png"),
    ],
    date="Mon, 01 Jul 2024 14:00:00 +0800",
    note="three files, described only as 结案材料 together",
)

M(
    "zh-attachment-special-format-rar-gbk.eml",
    ["attachment-special-format"],
    """
张伟，你好！

附件是蓝鲸科技夏季新品的全部投放素材，请在6月14日前上传到投放后台。

谢谢！
""",
    subject="蓝鲸科技夏季新品素材包",
    frm=LN,
    to=[ZW],
    sig=S_LN,
    atts=[Att("蓝鲸科技-夏季新品-投放素材.rar", style="rfc2047", cs="GBK")],
    date="Tue, 11 Jun 2024 17:25:00 +0800",
    charset="GBK",
    mailer="foxmail",
    phrase="夏季新品的全部投放素材",
    note=".rar with no word on how to open it",
)

M(
    "zh-recipients-missing-to-cc-only.eml",
    ["recipients-missing-to"],
    """
孙主管，您好！

晨光文创7月的排期初稿已放在共享盘“晨光文创/2024-07”目录，请您在6月21日前审核。

谢谢！
""",
    subject="晨光文创7月排期初稿",
    frm=ZW,
    cc=[SH, WL],
    sig=S_ZW,
    date="Mon, 17 Jun 2024 10:45:00 +0800",
    note="only Cc, no To header",
)

M(
    "zh-address-invalid-cc.eml",
    ["address-invalid"],
    """
孙主管，您好！

蓝鲸科技的开屏广告已按客户要求延期到6月17日开始，请您在6月14日前确认资源占用情况。

谢谢！
""",
    subject="蓝鲸科技开屏广告延期确认",
    frm=ZW,
    to=[SH],
    cc=[("王磊", "wanglei.xinghe.example.cn")],
    sig=S_ZW,
    date="Wed, 05 Jun 2024 11:05:00 +0800",
    note="Cc address has no @",
)

M(
    "zh-bugreport-incomplete.eml",
    ["bugreport-incomplete"],
    """
刘洋，你好！

安卓 App 登录页的“获取验证码”按钮点了没有反应，运营同事今天上午反馈的，麻烦尽快修复。

谢谢！
""",
    subject="安卓登录页验证码按钮无响应",
    frm=CJ,
    to=[LY],
    sig=S_CJ,
    date="Thu, 06 Jun 2024 11:30:00 +0800",
    note="no steps, no device/OS/app version, no screenshot, no scope, no date (尽快 is not a date)",
)

M(
    "zh-bugreport-incomplete-big5.eml",
    ["bugreport-incomplete"],
    """
王經理，您好！

我們官網首頁第二屏的廣告位在 iPhone 上顯示空白，請協助盡快處理。

重現步驟：用 iPhone 開啟官網首頁，往下滑到第二屏，廣告位只顯示灰色方塊。
環境：iPhone 14、iOS 17.5、Safari。
影響範圍：目前所有 iPhone 使用者都看不到廣告，Android 和電腦版正常。
截圖請見附件。

謝謝！
""",
    subject="官網首頁廣告位空白",
    frm=HL,
    to=[WL],
    sig="黃蕾\n晨光文創 數位行銷專員\n電話：+886-2-5555-0190",
    atts=[Att("官網首頁第二屏-iPhone空白截圖.png", style="rfc2047", cs="big5")],
    date="Fri, 14 Jun 2024 15:40:00 +0800",
    charset="big5",
    phrase="廣告位在 iPhone 上顯示空白",
    note="steps, environment, screenshot and scope are there, but no fix-by date (盡快 is not a date)",
)

M(
    "zh-reply-salutation-only-in-quote.eml",
    ["salutation-missing", "greeting-missing"],
    """
预览链接已看过，画面和跳转都没问题，请按计划在6月17日0:00上线。

谢谢！
""",
    subject="Re: 开屏广告预览链接",
    frm=ZM,
    to=[ZW],
    sig="赵敏\n蓝鲸科技 市场部",
    quote="""
在 2024年6月14日周五 11:03，张伟 <zhangwei@xinghe.example.cn> 写道：
> 赵经理，您好！
>
> 开屏广告的预览链接如下，请在今天下班前确认：
> https://preview.xinghe.example.cn/ad/LJ-0617
>
> 谢谢！
> 张伟
""",
    date="Fri, 14 Jun 2024 14:20:00 +0800",
    cte="quoted-printable",
    mailer="gmail",
    note="salutation and greeting appear only in the quoted part, which never satisfies a body rule",
)

M(
    "zh-adplacement-curt-gb2312.eml",
    ["salutation-missing", "greeting-missing", "closing-missing", "politeness-missing"],
    """
首页顶部通栏明天起换成蓝鲸科技的夏季新品素材，投到6月30日，素材ID LJ-0618。

有问题找我。
""",
    subject="首页通栏换蓝鲸素材",
    frm=WL,
    to=[OPS],
    sig="王磊",
    date="Sun, 16 Jun 2024 22:10:00 +0800",
    charset="gb2312",
    phrase="首页顶部通栏明天起",
    note="a curt placement order: no salutation, greeting, polite word or closing; the name 王磊 is the signature",
)

M(
    "zh-draft-recipients-missing-to.draft",
    ["recipients-missing-to"],
    """
王经理，您好！

晨光文创7月的开屏排期已经排好，请您在6月24日前跟客户确认。

谢谢！
""",
    subject="晨光文创7月开屏排期",
    cc=[SH],
    sig=S_ZW,
    note="draft with Cc only",
)


# ===========================================================================
# Mixed Chinese/English
# ===========================================================================

M(
    "mixed-clean-tech-request.eml",
    [],
    """
Hi 刘洋，

请在6月21日前把 App 里的广告 SDK 从 v3.1 升级到 v3.2，媒体方7月1日起不再支持旧版本的 API。

升级说明在 release notes 第4节，主要改动是 init 接口新增了 consent 参数，默认传 false。

Thanks!
""",
    subject="投放SDK升级到v3.2",
    frm=CJ,
    to=[LY],
    sig="陈静 Chen Jing\nProduct Manager | 星河传媒",
    date="Thu, 13 Jun 2024 10:30:00 +0800",
    note="code-switching: Hi 刘洋 is salutation + greeting, Thanks! is the closing",
)

M(
    "mixed-attachment-forgotten.eml",
    ["attachment-forgotten"],
    """
Hi 刘洋，

会员中心改版的 PRD v2.1 已更新，详见附件，请在6月20日前 review 并评估开发工期。

Thanks!
""",
    subject="PRD v2.1 会员中心改版",
    frm=CJ,
    to=[LY],
    sig="陈静 Chen Jing\nProduct Manager | 星河传媒",
    date="Fri, 14 Jun 2024 09:20:00 +0800",
)

M(
    "mixed-clean-reply-zh-above-en-outlook.eml",
    [],
    """
孙主管，您好！

Northwind 的 Laura 确认了三季度的投放排期（见下方原邮件），请您在6月21日前安排7月第一周的开屏资源。

谢谢！
""",
    subject="转发: Northwind Q3 campaign schedule",
    frm=WL,
    to=[SH],
    sig=S_WL,
    quote="""
________________________________
From: Laura Smith <laura.smith@northwind.example.org>
Sent: Tuesday, June 18, 2024 9:12 AM
To: Wang Lei <wanglei@xinghe.example.cn>
Subject: Northwind Q3 campaign schedule

Hi Wang Lei,

We confirm the Q3 schedule as proposed: splash ads July 1-7, in-feed ads July 1 to September 30. Please go ahead.

Best regards,
Laura
""",
    date="Tue, 18 Jun 2024 10:05:00 +0800",
    note="Chinese forward above an English Outlook From:/Sent:/To:/Subject: block",
)

M(
    "mixed-subject-vague-hi.eml",
    ["subject-vague"],
    """
陈静，你好！

广告 SDK v3.2 的升级已经完成，请在6月24日前安排测试同学回归一下开屏和信息流两个场景。

谢谢！
""",
    subject="hi",
    frm=LY,
    to=[CJ],
    sig=S_LY,
    date="Wed, 19 Jun 2024 18:00:00 +0800",
    note="English subject 'hi' names no topic",
)


# ===========================================================================
# English: clean mails (no finding at all)
# ===========================================================================

M(
    "en-clean-weekly-report.eml",
    [],
    """
Hi all,

Here is the ad ops weekly report for June 3-7. Please review it before Monday's 10:00 stand-up and flag anything you want to discuss.

1. Delivery: 14.2M impressions, 98% of plan.
2. Northwind Foods in-feed CTR rose to 0.92% after the new creatives went live.
3. Acme Outdoor homepage takeover paused for 2 hours on June 5 (creative review); make-good scheduled for June 12.

Thanks,
""",
    subject="Ad ops weekly report, June 3-7",
    frm=DP,
    to=[ADOPS],
    cc=[ML],
    sig=S_DP,
    date="Fri, 07 Jun 2024 17:10:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-clean-rate-card-attached.eml",
    [],
    """
Dear Laura,

Attached is the Q3 rate card for Northwind Foods. Could you confirm the package you prefer by Friday, June 14, so we can hold the July inventory for you?

The three-month package includes a 5% rebate on the total. If you would like a different mix of placements, just mark it up in the PDF and I will revise it within one working day.

Best regards,
""",
    subject="Northwind Q3 rate card",
    frm=ML,
    to=[LS],
    sig=S_ML,
    atts=[Att("Northwind-Q3-2024-rate-card.pdf")],
    date="Mon, 10 Jun 2024 09:00:00 +0800",
    cte="quoted-printable",
)

M(
    "en-clean-reply-on-wrote-quoted-attached.eml",
    [],
    """
Hi Laura,

Thanks for the creatives. Could you send the 1080x1920 version of the splash image by Wednesday, June 19? The files you sent are 1080x1350 and will not fit the splash slot.

Everything else looks good and is ready for review.

Best regards,
""",
    subject="Re: Northwind July creatives",
    frm=TB,
    to=[LS],
    sig="-- \n" + S_TB,
    sig_sep="\n\n",
    quote="""
On Mon, Jun 17, 2024 at 4:48 PM Laura Smith <laura.smith@northwind.example.org> wrote:
> Hi Tom,
>
> Please see attached the July creatives for the in-feed and splash slots.
>
> Laura
""",
    date="Mon, 17 Jun 2024 17:30:00 +0800",
    cte="quoted-printable",
    mailer="thunderbird",
    note="'see attached' is only in the quoted part; the reply has no attachment and that is fine",
)

M(
    "en-clean-reply-original-message.eml",
    [],
    """
Hi Tom,

Confirmed: the Acme Outdoor homepage takeover is booked for July 8-14. Please let Ben know by Friday, June 21 so his team can deliver the creatives on time.

Thanks,
""",
    subject="RE: Acme Outdoor homepage takeover dates for the week of July 8",
    frm=DP,
    to=[TB],
    sig=S_DP,
    quote="""
-----Original Message-----
From: Tom Baker <tom.baker@brightline.example.com>
Sent: Monday, June 17, 2024 11:02 AM
To: Daniel Price <daniel.price@brightline.example.com>
Subject: Acme Outdoor homepage takeover dates for the week of July 8

Daniel,

Can we still get the homepage takeover for Acme in the week of July 8? Ben needs an answer this week.

Tom
""",
    date="Mon, 17 Jun 2024 14:15:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="subject is 59 characters once RE: is stripped (limit: over 60)",
)

M(
    "en-clean-forward-outlook-block.eml",
    [],
    """
Hi Jake,

Please add the Northwind conversion pixel to the July landing page before it goes live on June 28. Laura's request and the pixel ID are in her email below.

Thanks,
""",
    subject="FW: Northwind landing page tracking",
    frm=PN,
    to=[JM],
    sig=S_PN,
    quote="""
________________________________
From: Laura Smith <laura.smith@northwind.example.org>
Sent: Wednesday, June 19, 2024 3:15 PM
To: Priya Nair <priya.nair@brightline.example.com>
Subject: Northwind landing page tracking

Hi Priya,

Could you add our conversion pixel (ID NW-55821) to the July landing page? We need it from day one.

Best regards,
Laura Smith
Marketing Director, Northwind Foods
""",
    date="Wed, 19 Jun 2024 16:40:00 +0800",
    form="alt",
    cte="quoted-printable",
)

M(
    "en-clean-html-alternative-logo.eml",
    [],
    """
Hi Mark,

Please send me the billing contact and PO number for Acme Outdoor by Thursday, June 27, so I can issue the June invoice on time.

The invoice covers the June in-feed campaign, $48,200 in total.

Thanks,
""",
    subject="Acme Outdoor June invoice details",
    frm=OG,
    to=[ML],
    sig=S_OG,
    date="Mon, 24 Jun 2024 11:00:00 +0800",
    form="alt",
    logo=True,
    cte="quoted-printable",
    note="multipart/related + alternative; the signature logo image001.png is an inline cid: image, "
    "not an attachment",
)

M(
    "en-clean-confidentiality-footer.eml",
    [],
    """
Dear Ben,

Your homepage takeover is booked for July 8-14. Please send the final creatives (1920x600 desktop, 750x1000 mobile) by Monday, July 1, so we have time for QA.

Best regards,
""",
    subject="Acme Outdoor July takeover booking",
    frm=ML,
    to=[BC],
    sig=S_ML,
    footer=FOOTER_EN,
    date="Thu, 20 Jun 2024 09:30:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="the footer 'this email and any attachments are confidential' claims no attachment",
)

M(
    "en-clean-bugreport-complete.eml",
    [],
    """
Hi Jake,

The checkout button on the Northwind campaign landing page does nothing on iOS Safari, so every iPhone visitor (about 40% of campaign traffic) is blocked from buying. Please fix it by Thursday, June 27, 12:00, before the campaign goes live on June 28.

Steps to reproduce:
1. Open https://northwind.example.org/july on an iPhone.
2. Add any product to the cart.
3. Tap "Checkout": nothing happens and no request is sent.

Environment: iPhone 13, iOS 17.5, Safari; landing page build 2024.06.24-2. Chrome on Android and desktop browsers work.

Screenshot attached (checkout-button-ios-safari.png), taken right after step 3.

Thanks,
""",
    subject="Checkout button unresponsive on iOS Safari",
    frm=SK,
    to=[JM],
    cc=[PN],
    sig=S_SK,
    atts=[Att("checkout-button-ios-safari.png")],
    date="Tue, 25 Jun 2024 10:15:00 +0800",
    note="complete bug report: scope, fix-by date, steps, environment, screenshot",
)

M(
    "en-clean-psd-with-instructions.eml",
    [],
    """
Hi Tom,

Attached is the Acme homepage takeover artwork for your review; please send me any changes by Wednesday, June 26.

1. Acme-takeover-desktop-1920x600.psd is the layered source file. It opens in Adobe Photoshop, or for free in the browser at photopea.com.
2. Acme-takeover-desktop-1920x600-preview.png is a flat preview you can open on any device.

Thanks,
""",
    subject="Acme takeover artwork for review",
    frm=AC,
    to=[TB],
    sig=S_AC,
    atts=[
        Att("Acme-takeover-desktop-1920x600.psd"),
        Att("Acme-takeover-desktop-1920x600-preview.png"),
    ],
    date="Fri, 21 Jun 2024 15:00:00 +0800",
    mailer="apple",
    note=".psd with instructions to open it, plus a PNG preview; both described",
)

M(
    "en-clean-multi-to-assignment.eml",
    [],
    """
Hi Jake, Sarah and Amy,

The Northwind landing page launches on June 28. Please finish your part by Wednesday, June 26, 18:00 and reply to confirm:

1. Jake: deploy the conversion pixel and the checkout fix to staging.
2. Sarah: run the regression checklist on iOS, Android and desktop.
3. Amy: deliver the final hero image in 1920x600 and 750x1000.

Thanks,
""",
    subject="Northwind landing page launch checklist",
    frm=PN,
    to=[("Miller, Jake", JM[1]), SK, AC],
    sig=S_PN,
    date="Mon, 24 Jun 2024 09:10:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="three To recipients each given a task by name; a quoted display name with a comma is still valid",
)

M(
    "en-clean-client-confirm-plan.eml",
    [],
    """
Dear Mark,

We approve the Q3 media plan (version 3, sent June 14). Please go ahead with the bookings and send me the final schedule by Friday, June 21.

The budget stays at $120,000, and our team will deliver all creatives by June 24.

Best regards,
""",
    subject="Northwind Q3 media plan approved",
    frm=LS,
    to=[ML],
    sig=S_LS,
    date="Mon, 17 Jun 2024 21:05:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-clean-subject-fyi-rnd.eml",
    [],
    """
Hi Priya,

Please read the R&D notes below before Thursday's planning meeting; the Acme SDK upgrade needs one decision from you.

The new SDK drops support for Android 8. About 2% of Acme's campaign traffic is still on Android 8, so we either keep the old SDK for those devices or accept the loss. Keeping both versions means two builds, two test runs and a slower release for every campaign change until the end of the year. Dropping Android 8 costs about 40,000 impressions a month at current volumes, which Ben's team has said they could live with if we tell them two weeks ahead.

Thanks,
""",
    subject="FYI: R&D notes on the Acme SDK upgrade",
    frm=JM,
    to=[PN],
    sig=S_JM,
    date="Mon, 24 Jun 2024 16:20:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="FYI followed by a topic is not vague; R&D is one word, not two matters; "
    "the second paragraph is long (about 85 words) but under 120",
)

M(
    "en-clean-draft-brief.draft",
    [],
    """
Hi Ben,

Attached is the brief for the Acme summer campaign. Please review it and send your comments by Friday, June 28, so we can start production on July 1.

Thanks,
""",
    subject="Acme summer campaign brief",
    to=[BC],
    sig=S_TB,
    attach=["files/Acme-summer-campaign-brief.pdf"],
    note="plain draft with one Attach: line",
)

M(
    "en-clean-iphone-signed.eml",
    [],
    """
Hi Tom,

The Acme takeover preview looks good. Please tell Ben it goes live on July 8 as planned.

Thanks,
""",
    subject="Acme takeover go-live approved",
    frm=DP,
    to=[TB],
    sig="Daniel",
    footer="Sent from my iPhone",
    date="Sat, 06 Jul 2024 08:40:00 +0800",
    cte="7bit",
    charset="us-ascii",
    mailer="iphone",
    note="'Daniel' above 'Sent from my iPhone' is the signature",
)

M(
    "en-clean-adplacement-instruction.eml",
    [],
    """
Hi all,

Please book the Café Aroma splash ad on the app home screen from July 1, 00:00 to July 7, 23:59 (UTC+8), capped at 500,000 impressions per day. The creatives are in the ad server under ID CA-0701.

The signed insertion order is IO-2024-0618; contact me with any questions.

Thanks,
""",
    subject="Café Aroma splash ad booking, July 1–7",
    frm=ML,
    to=[ADOPS],
    cc=[DP],
    sig=S_ML,
    date="Tue, 18 Jun 2024 14:30:00 +0800",
    henc="Q",
    cte="quoted-printable",
    note="=?UTF-8?Q?...?= subject; complete placement instruction",
)


# ===========================================================================
# English: mails with findings
# ===========================================================================

M(
    "en-subject-missing-re-only.eml",
    ["subject-missing"],
    """
Hi Mark,

Thanks for the booking confirmation. Please send the invoice for the July takeover to ap@acme.example.com by June 28.

Best regards,
""",
    subject="Re: ",
    frm=BC,
    to=[ML],
    sig=S_BC,
    quote="""
On Thu, Jun 20, 2024 at 9:30 AM Mark Lewis <mark.lewis@brightline.example.com> wrote:
> Dear Ben,
>
> Your takeover is booked for July 8-14.
>
> Mark
""",
    date="Thu, 20 Jun 2024 11:45:00 +0800",
    cte="7bit",
    charset="us-ascii",
    mailer="gmail",
    note="subject is only the Re: prefix",
)

M(
    "en-subject-too-long.eml",
    ["subject-too-long"],
    """
Hi Laura,

Please approve the revised Q3 schedule by Wednesday, June 26: the splash ads move from July 1-7 to July 8-14, and the in-feed ads are unchanged.

Thanks,
""",
    subject="Request for approval of the revised Northwind Foods Q3 advertising placement schedule for July",
    frm=TB,
    to=[LS],
    sig=S_TB,
    date="Fri, 21 Jun 2024 10:00:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-subject-vague-question.eml",
    ["subject-vague"],
    """
Hi Tom,

Could you tell me by Friday, June 21 whether we can swap the Acme takeover creative halfway through the week? We would like to show the kayak range from July 11.

Thanks,
""",
    subject="Question",
    frm=BC,
    to=[TB],
    sig=S_BC,
    date="Tue, 18 Jun 2024 20:15:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-subject-vague-update.eml",
    ["subject-vague"],
    """
Hi Priya,

The Northwind conversion pixel is now live on staging. Please check the test conversions in the dashboard by Tuesday, June 25, and tell me if anything is missing.

Thanks,
""",
    subject="Update",
    frm=JM,
    to=[PN],
    sig=S_JM,
    date="Fri, 21 Jun 2024 18:05:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-subject-multiple-topics.eml",
    ["subject-multiple-topics", "body-multiple-topics"],
    """
Hi Amy,

Please resize the Acme homepage banner to 970x250 by Thursday, June 27; the publisher changed the slot size.

Also, the Q3 team offsite RSVP form is open, so please add your name to the sheet.

Thanks,
""",
    subject="Acme banner resize / Q3 offsite RSVP",
    frm=DP,
    to=[AC],
    sig=S_DP,
    date="Mon, 24 Jun 2024 10:40:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="a banner resize and an offsite RSVP: unrelated (the RSVP has no deadline)",
)

M(
    "en-salutation-missing.eml",
    ["salutation-missing", "greeting-missing"],
    """
The Acme homepage takeover creatives have to be in the ad server by Monday, July 1, 12:00, or we lose the July 8 start. Please chase Ben today.

If he needs more time, tell me and I will ask the publisher for a later slot.

Thanks,
""",
    subject="Acme takeover creative deadline",
    frm=DP,
    to=[TB],
    sig=S_DP,
    date="Thu, 27 Jun 2024 09:00:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-greeting-missing-name-only.eml",
    ["greeting-missing"],
    """
Mark,

Please confirm the PO number for the Northwind June invoice by Wednesday, July 3. Without it their accounts team will reject the invoice.

Thanks,
""",
    subject="PO number for the Northwind June invoice",
    frm=OG,
    to=[ML],
    sig=S_OG,
    date="Mon, 01 Jul 2024 09:45:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="'Mark,' is a salutation without a greeting",
)

M(
    "en-recipients-no-owner.eml",
    ["recipients-no-owner"],
    """
Hi all,

Please send me your Q3 campaign forecasts by Friday, July 5, so I can plan ad ops staffing for the quarter.

A rough number of campaigns per month is enough at this stage.

Thanks,
""",
    subject="Q3 campaign forecasts",
    frm=DP,
    to=[TB, ML, AC],
    sig=S_DP,
    date="Mon, 01 Jul 2024 10:30:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="three To recipients, 'Hi all' only: nobody is named to act",
)

M(
    "en-closing-missing.eml",
    ["closing-missing"],
    """
Hi Laura,

Please send the splash ad creatives for July by Monday, June 24. The slot takes a 1080x1920 JPG or PNG under 500 KB, with the logo in the top third.

We will run a preview on June 26 and send you the link the same day.
""",
    subject="Northwind splash ad creative specs",
    frm=TB,
    to=[LS],
    sig=S_TB,
    sig_sep="\n\n",
    date="Tue, 18 Jun 2024 15:00:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-body-no-summary.eml",
    ["body-no-summary"],
    """
Hi Tom,

The Acme takeover ran July 8-14 and delivered all 2.1M impressions, but the click-through rate was 0.31%, well below the 0.5% we projected in the proposal.

Most clicks came from desktop; mobile users hardly clicked, probably because the mobile creative hid the call to action below the fold.

Please put together a short review for Ben with these numbers and two or three fixes for the next flight, and send it to me by Wednesday, July 17.

Thanks,
""",
    subject="Acme takeover click-through review",
    frm=DP,
    to=[TB],
    sig=S_DP,
    date="Mon, 15 Jul 2024 09:20:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="background first; the request and its deadline only in the third paragraph",
)

M(
    "en-body-long-paragraph.eml",
    ["body-long-paragraph"],
    """
Hi Daniel,

Please review my notes on the Northwind June delivery issues below and tell me by Friday, July 5 whether you agree with the proposed fixes.

In the first week of June the in-feed campaign spent much faster than planned because the publisher changed its auction rules, and our bids suddenly ranked near the top, so most of the impressions landed in the morning hours and the daily budget was gone by early afternoon. On June 4 the splash ad was paused for about six hours because the creative failed the publisher's review, and Laura called to ask why nobody had told her. On June 6 the reporting sync was delayed by two hours, which made the daily report show fewer clicks than we actually had, and the client read this as a drop in performance. Finally, Laura asked on June 7 to move part of the budget from in-feed to splash, but the splash slot is already full for June, so we could only add days at the end of the month. My proposal is to lower the in-feed bids by fifteen percent, cap the daily budget at eighty percent of the current level, make good the six paused hours on the splash slot, send Laura a written note about the reporting delay, and move the budget shift to July after we discuss it with her on next week's call.

Thanks,
""",
    subject="Northwind June delivery issues",
    frm=TB,
    to=[DP],
    sig=S_TB,
    date="Tue, 02 Jul 2024 17:30:00 +0800",
    cte="quoted-printable",
    note="one paragraph of over 200 words about one campaign",
)

M(
    "en-body-multiple-topics.eml",
    ["body-multiple-topics"],
    """
Hi Jake,

Please raise the creative upload limit in the ad server from 2 MB to 5 MB by Friday, June 28, so that the ad ops team can upload the Acme HD video.

Also, could you sign the expense report for the May conference trip? It is in your approval queue.

Thanks,
""",
    subject="Creative upload limit in the ad server",
    frm=PN,
    to=[JM],
    sig=S_PN,
    date="Mon, 24 Jun 2024 14:50:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="an upload limit and an expense report: unrelated; the subject names only the first. "
    "A change request, not a defect report",
)

M(
    "en-politeness-missing.eml",
    ["closing-missing", "politeness-missing"],
    """
Hi Amy,

I need the Acme takeover banner in three sizes by tomorrow 12:00: 1920x600, 970x250 and 750x1000. Use the copy we agreed last week.

Upload them to the shared drive folder "Acme July" when done and ping me in chat.
""",
    subject="Acme takeover banner sizes",
    frm=DP,
    to=[AC],
    sig=S_DP,
    sig_sep="\n\n",
    date="Wed, 26 Jun 2024 18:10:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="orders without please/thanks/could you, and no closing",
)

M(
    "en-signature-missing.eml",
    ["signature-missing"],
    """
Hi Priya,

The Northwind conversion pixel fires correctly on staging in all 12 test cases. Please approve the release to production by Wednesday, June 26.

Thanks!
""",
    subject="Northwind pixel test results",
    frm=SK,
    to=[PN],
    date="Mon, 24 Jun 2024 16:00:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="ends with Thanks! and no name",
)

M(
    "en-attachment-forgotten.eml",
    ["attachment-forgotten"],
    """
Hi Mark,

Please find attached the signed insertion order for the Acme homepage takeover (July 8-14). Could you countersign it and send it back by Friday, June 21?

Best regards,
""",
    subject="Signed insertion order for the Acme takeover",
    frm=BC,
    to=[ML],
    sig=S_BC,
    date="Tue, 18 Jun 2024 11:25:00 +0800",
    cte="7bit",
    charset="us-ascii",
)

M(
    "en-attachment-not-mentioned.eml",
    ["attachment-not-mentioned"],
    """
Dear Laura,

The May in-feed campaign delivered 1.2M impressions at a 0.84% click-through rate, for a total of $38,400. Please confirm by Wednesday, June 12 that these numbers match your records.

Best regards,
""",
    subject="Northwind May campaign numbers",
    frm=OG,
    to=[LS],
    sig=S_OG,
    atts=[Att("Northwind-May-2024-invoice.pdf")],
    date="Wed, 05 Jun 2024 10:00:00 +0800",
    cte="quoted-printable",
)

M(
    "en-attachment-too-many.eml",
    ["attachment-too-many"],
    """
Hi Daniel,

Attached are the five final creatives for the Acme homepage takeover; please upload them to the ad server by Friday, July 5:

1. Acme-takeover-desktop-1920x600.png: desktop hero.
2. Acme-takeover-leaderboard-970x250.png: desktop leaderboard.
3. Acme-takeover-mobile-750x1000.png: mobile hero.
4. Acme-takeover-mpu-300x250.png: sidebar MPU.
5. Acme-takeover-splash-1080x1920.png: app splash screen.

Thanks,
""",
    subject="Acme takeover creatives, all sizes",
    frm=AC,
    to=[DP],
    sig=S_AC,
    atts=[
        Att(n)
        for n in (
            "Acme-takeover-desktop-1920x600.png",
            "Acme-takeover-leaderboard-970x250.png",
            "Acme-takeover-mobile-750x1000.png",
            "Acme-takeover-mpu-300x250.png",
            "Acme-takeover-splash-1080x1920.png",
        )
    ],
    date="Tue, 02 Jul 2024 11:30:00 +0800",
    mailer="apple",
    note="5 attachments, each described: only attachment-too-many",
)

M(
    "en-attachment-bad-name.eml",
    ["attachment-bad-name"],
    """
Hi Tom,

Attached are two photos of the Acme pop-up stand at the Harbor Road mall, taken this morning: the first shows the whole stand, the second the kayak display. Could you add them to the campaign wrap-up report by Friday, June 21?

Thanks,
""",
    subject="Photos of the Acme pop-up stand",
    frm=BC,
    to=[TB],
    sig=S_BC,
    atts=[Att("IMG_1234.jpg"), Att("image001.png")],
    date="Sun, 16 Jun 2024 12:05:00 +0800",
    mailer="iphone",
    note="IMG_1234.jpg and image001.png are real attachments (Content-Disposition: attachment, no cid)",
)

M(
    "en-attachment-undescribed.eml",
    ["attachment-undescribed"],
    """
Hi Laura,

The June wrap-up materials are attached. Please review them before our call on Tuesday, July 2.

Best regards,
""",
    subject="Northwind June wrap-up materials",
    frm=TB,
    to=[LS],
    sig=S_TB,
    atts=[
        Att("Northwind-June-2024-wrap-up-report.pdf"),
        Att("Northwind-June-2024-delivery-data.xlsx"),
        Att("Northwind-June-2024-creative-screenshots.zip"),
    ],
    date="Thu, 27 Jun 2024 15:15:00 +0800",
    note="three files, described only together",
)

M(
    "en-attachment-special-format-psd.eml",
    ["attachment-special-format"],
    """
Hi Priya,

Attached is the layered source file of the Northwind landing page hero image. Please check the layer names and send me your comments by Monday, June 24.

Thanks,
""",
    subject="Northwind hero image source file",
    frm=AC,
    to=[PN],
    sig=S_AC,
    atts=[Att("Northwind-hero-1920x600.psd")],
    date="Thu, 20 Jun 2024 17:00:00 +0800",
    mailer="apple",
)

M(
    "en-recipients-missing-to-undisclosed.eml",
    ["recipients-missing-to"],
    """
Hi all,

Please submit your June expense reports in the finance portal by Friday, July 5, so they are paid with the July payroll.

Late reports move to the August run.

Thanks,
""",
    subject="June expense reports due July 5",
    frm=OG,
    to_raw="undisclosed-recipients:;",
    sig=S_OG,
    date="Mon, 01 Jul 2024 09:00:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="To: undisclosed-recipients:; (sent Bcc)",
)

M(
    "en-address-invalid-to.eml",
    ["address-invalid"],
    """
Hi Tom,

Could you confirm by Friday, June 28 that the Acme takeover starts at 00:00 local time on July 8?

Our store teams need the exact time for their launch posts.

Thanks,
""",
    subject="Acme July takeover start time",
    frm=BC,
    to=[("Tom Baker", "tom.baker.brightline.example.com")],
    sig=S_BC,
    date="Tue, 25 Jun 2024 13:10:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="the only To entry is invalid (no @): address-invalid, not recipients-missing-to",
)

M(
    "en-draft-address-invalid.draft",
    ["address-invalid"],
    """
Hi Laura,

The preview of the July splash ad is ready at https://preview.brightline.example.com/nw-0701. Please approve it by Thursday, June 27.

Thanks,
""",
    subject="Northwind July splash ad preview",
    to=[LS],
    cc=[("Mark Lewis", "mark.lewis@@brightline.example.com")],
    sig=S_TB,
    note="draft; the Cc address has a double @",
)

M(
    "en-draft-attachment-bad-name.draft",
    ["attachment-bad-name"],
    """
Hi Ben,

Attached is the insertion order for the Acme homepage takeover (July 8-14). Please sign it and send it back by Friday, June 21.

Thanks,
""",
    subject="Acme July takeover insertion order",
    to=[BC],
    sig=S_ML,
    attach=["files/Document1.docx"],
)

M(
    "en-bugreport-incomplete.eml",
    ["bugreport-incomplete"],
    """
Hi Jake,

The CSV export in the ad dashboard is broken again; the file comes out empty. Please fix it as soon as you can.

Thanks,
""",
    subject="Ad dashboard CSV export broken",
    frm=DP,
    to=[JM],
    sig=S_DP,
    date="Wed, 19 Jun 2024 09:35:00 +0800",
    cte="7bit",
    charset="us-ascii",
    note="no steps, environment, screenshot, scope or fix-by date",
)

M(
    "en-bugreport-incomplete-no-scope-date.eml",
    ["bugreport-incomplete"],
    """
Hi Jake,

The splash ad preview in the ad server shows a blank screen instead of the creative. Please take a look when you have time.

Steps to reproduce:
1. Log in to the ad server and open campaign CA-0701.
2. Click "Preview" on the splash creative.
3. The preview window opens but stays white.

Environment: Windows 11, Chrome 126, ad server 4.8.2.
Screenshot attached (splash-preview-blank-chrome.png).

Thanks,
""",
    subject="Splash ad preview shows a blank screen",
    frm=SK,
    to=[JM],
    sig=S_SK,
    atts=[Att("splash-preview-blank-chrome.png")],
    date="Thu, 20 Jun 2024 14:25:00 +0800",
    note="steps, environment and screenshot are there; no scope and no fix-by date",
)

M(
    "en-reply-signature-missing-quote-signed.eml",
    ["signature-missing"],
    """
Hi Daniel,

Yes, please book the QA slot on July 5 at 14:00 for the Acme takeover; Ben's team will join the call.

Thanks!
""",
    subject="Re: Acme takeover QA slot",
    frm=TB,
    to=[DP],
    quote="""
On Wed, Jul 3, 2024 at 10:05 AM Daniel Price <daniel.price@brightline.example.com> wrote:
> Hi Tom,
>
> Shall I book the QA slot for the Acme takeover on July 5 at 14:00?
>
> Thanks,
> Daniel Price
> Ad Operations Lead | Brightline Media
""",
    date="Wed, 03 Jul 2024 10:20:00 +0800",
    cte="7bit",
    charset="us-ascii",
    mailer="gmail",
    note="the only signature is inside the quoted part",
)

M(
    "en-forward-attachment-mentioned-only-in-quote.eml",
    ["attachment-not-mentioned"],
    """
Hi Amy,

Please read Laura's note below and start the July splash concepts; I need the first drafts by Friday, June 21.

Thanks,
""",
    subject="Fwd: Northwind July brief",
    frm=TB,
    to=[AC],
    sig=S_TB,
    quote="""
---------- Forwarded message ---------
From: Laura Smith <laura.smith@northwind.example.org>
Date: Mon, Jun 17, 2024 at 9:40 AM
Subject: Northwind July brief
To: Tom Baker <tom.baker@brightline.example.com>


Hi Tom,

Attached is our brief for the July splash campaign.

Best regards,
Laura
""",
    atts=[Att("Northwind-July-splash-brief.pdf")],
    date="Mon, 17 Jun 2024 10:05:00 +0800",
    mailer="gmail",
    note="the forwarded file is mentioned only in the forwarded original, which never satisfies a body rule",
)


if __name__ == "__main__":
    sys.exit(main())
