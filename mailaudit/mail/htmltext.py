"""HTML body -> plain text that keeps the structure rules care about.

Paragraph and line breaks survive (rules read paragraphs), list items become
lines, and quoted material (<blockquote>, Gmail/Outlook/Foxmail quote
containers) is prefixed with "> " so the quote splitter treats it like a
plain-text reply. selectolax (lexbor) parses; the walk is ours because generic
html-to-text converters drop exactly that structure.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

BLOCK = {
    "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "dl",
    "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "center", "hr", "form", "fieldset",
    "o:p", "dt", "dd", "body", "html",
}
SKIP = {"script", "style", "head", "title", "meta", "link", "noscript", "template", "xml"}
# Containers mail clients wrap around the quoted original.
QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
QUOTE_IDS = ("divRplyFwdMsg", "appendonsend", "reply-intro", "isForwardContent", "origbody")
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def _is_quote(node) -> bool:
    if node.tag == "blockquote":
        return True
    attrs = node.attributes
    cls = attrs.get("class") or ""
    if any(c in cls for c in QUOTE_CLASSES):
        return True
    ident = attrs.get("id") or ""
    return any(ident.startswith(i) for i in QUOTE_IDS)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.quote_depth = 0

    def text(self, s: str) -> None:
        s = _WS.sub(" ", s.replace("\n", " "))
        if s.strip() or (self.current and s == " "):
            self.current.append(s)

    def newline(self, hard: bool = False) -> None:
        line = "".join(self.current).strip()
        self.current = []
        if line:
            self.lines.append(("> " * self.quote_depth) + line)
        elif hard and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def result(self) -> str:
        self.newline()
        text = "\n".join(self.lines)
        return _BLANKS.sub("\n\n", text).strip("\n")


def _walk(node, out: _Writer) -> None:
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            out.text(child.text_content or "")
        elif tag in SKIP or tag == "-comment":
            pass
        elif tag == "br":
            out.newline()
        elif tag == "img":
            alt = (child.attributes.get("alt") or "").strip()
            if alt:
                out.text(f" {alt} ")
        elif _is_quote(child):
            out.newline(hard=True)
            out.quote_depth += 1
            _walk(child, out)
            out.newline(hard=True)
            out.quote_depth -= 1
        elif tag == "li":
            out.newline()
            out.text("- ")
            _walk(child, out)
            out.newline()
        elif tag in ("td", "th"):
            # Cells keep a visible separator: a booking table pasted into an HTML
            # mail reads as "开屏 | 6月1日 | 6月7日", as people type tables in text.
            if "".join(out.current).strip():
                out.text(" | ")
            _walk(child, out)
            out.text(" ")
        elif tag in BLOCK:
            hard = tag in ("p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre")
            out.newline(hard=hard)
            _walk(child, out)
            out.newline(hard=hard)
        else:
            _walk(child, out)
        child = child.next


def html_to_text(html: str) -> str:
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    out = _Writer()
    _walk(root, out)
    return out.result()


def cid_references(html: str) -> set[str]:
    """Content-IDs the HTML shows inline (`src="cid:..."`)."""
    return {m.lower() for m in re.findall(r"cid:([^\"'\s>)]+)", html, flags=re.IGNORECASE)}
