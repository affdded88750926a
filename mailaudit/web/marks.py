"""Text cut into runs, some marked, for templates to show escaped: the marks
are data (a class name per run), never markup spliced into mail text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    text: str
    mark: str = ""  # CSS class of the <mark>, "" for plain text
    title: str = ""  # the tooltip: which rule or word


def locate(text: str, span: tuple[int, int] | list[int] | None, excerpt: str = "") -> tuple[int, int] | None:
    """Where `excerpt` is in `text`: at `span` when that holds it (or when there
    is no excerpt to check), else the first place the excerpt occurs."""
    if span and 0 <= span[0] < span[1] <= len(text):
        found = text[span[0]:span[1]]
        if not excerpt or excerpt.strip() in found or found.strip() in excerpt:
            return span[0], span[1]
    needle = excerpt.strip().strip("…").strip()
    if needle:
        at = text.find(needle)
        if at >= 0:
            return at, at + len(needle)
        # Excerpts are often whitespace-folded ("a\n\nb" shown as "a b").
        words = needle.split()
        if len(words) > 1:
            found = re.search(r"\s*".join(re.escape(w) for w in words), text)
            if found:
                return found.start(), found.end()
    return None


def words_in(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Every place each word occurs (case folded for Latin script)."""
    low = text.lower()
    out = []
    for word in {w.strip().lower() for w in words if w and w.strip()}:
        at = low.find(word)
        while at >= 0:
            out.append((at, at + len(word)))
            at = low.find(word, at + len(word))
    return out


def runs(text: str, marks: list[tuple[int, int, str, str]]) -> list[Run]:
    """`text` cut at every mark's edges; where marks overlap the later one in
    `marks` wins (callers list broad marks before narrow ones)."""
    if not marks:
        return [Run(text)] if text else []
    edges = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[Run] = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        if lo >= hi:
            continue
        cls = title = ""
        for start, end, mark, tip in marks:
            if start <= lo and hi <= end:
                cls, title = mark, tip
        if out and out[-1].mark == cls and out[-1].title == title:
            out[-1] = Run(out[-1].text + text[lo:hi], cls, title)
        else:
            out.append(Run(text[lo:hi], cls, title))
    return out


__all__ = ["Run", "locate", "runs", "words_in"]
