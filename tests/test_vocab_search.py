"""engine/vocab.quick_search finds what the vocabulary's regex finds (its literal
prefilter and the search of only the alternatives whose literals are present are
for speed only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailaudit.engine import vocab as vocab_module
from mailaudit.engine.linter import Linter
from mailaudit.engine.vocab import compile_entries, pattern, quick_search
from mailaudit.mail.parse import parse_bytes

DATA = Path(__file__).parent / "data"


def _same(pat, text: str, pos: int = 0, endpos: int | None = None) -> None:
    end = len(text) if endpos is None else min(endpos, len(text))
    want = pat.search(text, pos, end)
    got = quick_search(pat, text, pos, endpos)
    assert (got and got.span()) == (want and want.span()), (pat.pattern[:80], text[:80])


def test_the_earlier_alternative_wins_at_the_same_position():
    pat = compile_entries(("/foo bar/", "/foo/", "/o b/", "baz qux", "baz"))
    pad = "lorem ipsum " * 150  # long texts are searched with the alternatives present only
    for short in ["foo bar", "foo baz", "xx foo", "o bar", "a baz qux", "qux baz", "foo bar baz", "nothing", "FOO Bar"]:
        for text in (short, pad + short, short + pad, pad + short + pad):
            _same(pat, text)
            _same(pat, text, 2)
            _same(pat, text, 0, 5)
            _same(pat, text, len(pad) - 3)
    assert vocab_module._REDUCED, "the long texts took the reduced path"


@pytest.fixture(scope="module")
def vocabularies():
    linter = Linter()
    found = []
    for rule in linter.all_rules:
        for entries in rule.vocab.values():
            for langs in (("zh", "en"), ("en",), ("zh",)):
                pat = pattern(entries, langs)
                if pat is not None:
                    found.append(pat)
    return found


def test_every_vocabulary_on_the_test_mails(vocabularies):
    texts = []
    for path in sorted(DATA.rglob("*.eml")):
        msg = parse_bytes(path.read_bytes(), str(path))
        texts.extend([msg.body, msg.subject, msg.body * 4])
    assert len(vocabularies) > 50 and len(texts) > 200
    for pat in vocabularies:
        for text in texts:
            _same(pat, text)


def test_traditional_spellings_kept_on_disk_are_opencc_s(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(vocab_module, "_variants", None)
    monkeypatch.setattr(vocab_module, "_variants_added", False)
    words = ["谢谢", "软件", "发票", "附件", "请查收", "abc", "发给我"]
    converters = vocab_module._converters()
    first = {w: vocab_module.traditional_variants(w) for w in words}
    assert first == {w: ({c.convert(w) for c in converters} - {w}) if w != "abc" else set() for w in words}
    vocab_module._keep_variants()
    kept = list(tmp_path.rglob("opencc-variants-*.json"))
    assert len(kept) == 1
    monkeypatch.setattr(vocab_module, "_variants", None)  # as a new process: read from the file
    assert {w: vocab_module.traditional_variants(w) for w in words} == first
    kept[0].write_text("{", encoding="utf-8")  # damaged: worked out again
    monkeypatch.setattr(vocab_module, "_variants", None)
    assert {w: vocab_module.traditional_variants(w) for w in words} == first
