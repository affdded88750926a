"""The parser's shortcuts give what the long way gives: the single-part fast
path of mail/feed against the stdlib parser, the head's end against its regex,
and body_parts' word lists against the patterns they stand in front of."""

from __future__ import annotations

import email
import itertools
import random

import pytest

from mailaudit.engine.vocab import needles
from mailaudit.mail import body_parts, feed, parse


def _same(a: email.message.Message, b: email.message.Message) -> bool:
    va, vb = vars(a), vars(b)
    defects = [(type(d), d.args) for d in va["defects"]] == [(type(d), d.args) for d in vb["defects"]]
    return defects and {k: v for k, v in va.items() if k != "defects"} == {
        k: v for k, v in vb.items() if k != "defects"}


_PIECES = [b"A: b\n", b" cont\n", b"\tcont\n", b"From x\n", b"From: a@b\n", b":x\n", b"X y: z\n", b"\n",
           b"\r\n", b"a\rb: c\n", b"Content-Type: multipart/mixed; boundary=x\n", b"Content-Type: message/rfc822\n",
           b"Content-Type: text/plain\n", b"\x0bV: w\n", b"K: \x0c v\x1c\n", b"Subject: \xe4\xbd\xa0\n", b"body\n",
           b"--x\n", b"N:\n"]


def test_single_part_fast_path_builds_what_the_feed_parser_builds():
    rng = random.Random(5)
    taken = 0
    for _ in range(20_000):
        raw = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 8)))
        fast = feed._single_part(raw.decode("ascii", "surrogateescape"))
        if fast is not None:
            taken += 1
            assert _same(fast, email.message_from_bytes(raw)), raw
    assert taken > 200  # the edges around it were tried, not only refused


def test_head_start_is_where_the_head_end_regex_matches():
    for n in range(8):
        for combo in itertools.product([b"\r", b"\n", b"a"], repeat=n):
            raw = b"".join(combo)
            found = parse._HEAD_END.search(raw)
            assert parse._head_start(raw) == (found.start() if found else len(raw)), raw


@pytest.mark.parametrize(("words", "patterns", "ascii_only"), [
    (body_parts.DIFF_WORDS, [body_parts._DIFF_START], False),
    (body_parts.OPENING_WORDS, [body_parts._QUOTE_SEPARATORS, body_parts._FORWARD_INTRO], True),
    (body_parts.LEGAL_WORDS, [body_parts._LEGAL], True),
])
def test_word_lists_hold_a_word_of_every_match(words, patterns, ascii_only):
    # Every match holds one of the pattern's needles; on the text a list is tested
    # on, each needle that can occur there holds a word of the list.
    for pat in patterns:
        found = needles(pat)
        assert found is not None
        for needle in found:
            if ascii_only and not needle.isascii():
                continue
            assert any(w in needle for w in words), (pat.pattern, needle)
