#!/usr/bin/env python3
"""Generate the labelled lint corpus in this directory (stdlib and PyYAML).

    python tests/data/lint/make_corpus.py            # rewrite the corpus here
    python tests/data/lint/make_corpus.py --out DIR  # write it elsewhere (used by a test)

Every mail is a data file in cases/ (NAME.yaml: its headers, own text, signature, quote,
attachments and how they are encoded), next to its label: the exact set of etiquette rule
ids (plus `bugreport-incomplete`) that rules.md says must fire on it. This script writes

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

Edit mails and labels in cases/, never in expected.yaml; then rerun this script.
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

import yaml

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
# the cases: one YAML file per mail in cases/ (people fictional, domains reserved)
# ---------------------------------------------------------------------------


def _mail(data: dict) -> Mail:
    name = data["name"]
    lang = name.split("-", 1)[0]
    fields = dict(data)
    fields.pop("n")
    fields["own"] = fields["own"].strip("\n")
    # "Thanks,\nTom Baker": in English the name stands right under the closing.
    fields.setdefault("sig_sep", "\n" if lang == "en" else "\n\n")
    if "frm" in fields:
        fields["frm"] = tuple(fields["frm"])
    for key in ("to", "cc"):
        if key in fields:
            fields[key] = [tuple(a) for a in fields[key]]
    fields["atts"] = [Att(a) if isinstance(a, str) else Att(**a) for a in fields.get("atts", [])]
    return Mail(lang=lang, **fields)


def load_cases(directory: Path = HERE / "cases") -> list[Mail]:
    """The mails in corpus order (`n`: Message-IDs and MIME boundaries are built from it)."""
    cases = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem == data["name"].rsplit(".", 1)[0], f"{path.name} holds {data['name']}"
        assert data["n"] not in cases, f"{path.name}: n {data['n']} twice"
        cases[data["n"]] = _mail(data)
    assert sorted(cases) == list(range(1, len(cases) + 1)), "n must run 1..N"
    return [cases[n] for n in sorted(cases)]


MAILS: list[Mail] = load_cases()


if __name__ == "__main__":
    sys.exit(main())
