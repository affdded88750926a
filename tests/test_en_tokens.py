"""mail/en_tokens: spaCy's English tokenizer without spaCy gives spaCy's tokens."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy

from mailaudit.mail import en_tokens, en_tokens_data
from mailaudit.mail.language import get_tokenizer
from mailaudit.mail.parse import parse_bytes

DATA = Path(__file__).parent / "data"
CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.fixture(scope="module")
def both():
    return spacy.blank("en"), en_tokens.english_tokenizer()


def _same(nlp, fast, text: str) -> None:
    want = [(t.text, t.is_punct, t.is_space, t.like_num, t.is_stop) for t in nlp(text)]
    got = [(t.text, t.is_punct, t.is_space, t.like_num, t.is_stop) for t in fast(text)]
    assert got == want, text


def test_the_snapshot_is_of_the_installed_spacy():
    assert en_tokens.snapshot() == en_tokens_data.DATA, "regenerate: python -m mailaudit.mail.en_tokens --write"


def test_another_spacy_version_falls_back_to_spacy(monkeypatch):
    en_tokens.english_tokenizer.cache_clear()
    monkeypatch.setattr(en_tokens, "installed_spacy_version", lambda: "0.0.1")
    try:
        assert en_tokens.english_tokenizer() is None
        assert get_tokenizer("en") is spacy_blank_en()
    finally:
        en_tokens.english_tokenizer.cache_clear()


def spacy_blank_en():
    from mailaudit.mail.language import get_nlp

    return get_nlp("en")


def test_tricky_strings(both):
    nlp, fast = both
    for text in [
        "Hi Tom, I don't think Jan. is ok -- see https://x.com/a?b=1 (e.g. the U.S.)\n\n  it's 5:30pm, $10.50... :) ok",
        "dont cant wont Im youre gonna cannot lets Mr. Mrs. a.m. p.m. St. Inc. Jan . e.g .",
        "  leading spaces\tand\ttabs\xa0nbsp  double  spaces \n",
        "C++ 3/4 1st +1 ±5 ~10 1,000.50 °C 20km 5pm (a) [b] {c} \"q\" 'q' ’s n’t -- — –",
        "mail@example.com www.example.org/path?x=1&y=2 http://a.b :-) <3 :P xD o.O",
        "", " ", "\n", "a", "'s", "(:", "...",
    ]:
        _same(nlp, fast, text)


def _bodies() -> list[str]:
    paths = sorted(p for p in DATA.rglob("*.eml"))
    if CORPORA.is_dir():
        paths += sorted(p for p in CORPORA.rglob("*") if p.is_file() and p.stat().st_size < 300_000)[::4]
    out = []
    for p in paths:
        try:
            out.append(parse_bytes(p.read_bytes(), str(p)).body)
        except Exception:  # not mail: its text will do
            out.append(p.read_bytes().decode("utf-8", "replace"))
    return out


def test_same_tokens_as_spacy_on_mail(both):
    nlp, fast = both
    for body in _bodies():
        for start in range(0, min(len(body), 3000), 600):
            _same(nlp, fast, body[start:start + 600])


def test_same_tokens_as_spacy_on_generated_strings(both):
    nlp, fast = both
    rng = random.Random(14)
    atoms = list(en_tokens_data.DATA["specials"]) + [
        "word", "Tom", "U.S", "a", "5", "10.5", "pm", "km", "$", "€", "(", ")", "[", "\"", "'", "’", "-", "--",
        "—", ".", ",", "!", "?", "...", ":", ";", "/", "http://a.b/c", "www.x.org", "a@b.com", "#", "%", "&",
        "+", "'s", "n't", "don", "t", "é", "中文", "😀", ":)", "<3", "=", "*", "_", "~", "°C", "1st", "3/4", "+1",
    ]
    seps = ["", "", "", " ", " ", " ", "  ", "\n", "\t", " \n ", "\xa0"]
    for _ in range(3000):
        _same(nlp, fast, "".join(rng.choice(atoms) + rng.choice(seps) for _ in range(rng.randint(1, 12))))


# --- Chinese: mail/zh_tokens gives what get_nlp("zh") gives, without spaCy's Doc


def test_the_chinese_snapshot_is_of_the_installed_spacy():
    from mailaudit.mail import zh_tokens, zh_tokens_data

    assert zh_tokens.snapshot() == zh_tokens_data.DATA, "regenerate: python -m mailaudit.mail.zh_tokens --write"


def test_same_chinese_tokens_as_spacy():
    from mailaudit.mail.language import get_nlp
    from mailaudit.mail.zh_tokens import chinese_tokenizer

    nlp, fast = get_nlp("zh"), chinese_tokenizer()
    assert get_tokenizer("zh") is fast
    texts = ["王经理，您好！\n\n请确认6月首页banner排期。  另外，5月的发票还没有开 ，麻烦跟进。 \t三十五 一百二十 第一 3/4 ±5 ",
             "", " ", "  开屏 ", "Hi 王总,\n\n  please confirm 首页 banner 排期 ... 谢谢!!"]
    texts += [b[i:i + 600] for b in _bodies() for i in range(0, min(len(b), 1800), 600)]
    for text in texts:
        want = [(t.text, t.is_punct, t.is_space, t.like_num, t.is_stop) for t in nlp(text)]
        got = [(t.text, t.is_punct, t.is_space, t.like_num, t.is_stop) for t in fast(text)]
        assert got == want, text
