"""The raw-text gate before extraction's sentence analysis (extract/gate.py,
`extract._may_instruct`) must be conservative: where it says a mail cannot yield
an instruction, the full reading finds none; and its tests on one sentence say
yes wherever spaCy's matchers find a slot, an action, an ad word or a request.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailaudit.extract import extract as ex
from mailaudit.extract.gate import MARK, marked
from mailaudit.extract.patterns import ACTIONS, has_cjk, matchers_for, simplified
from mailaudit.extract.slots import load_slot_vocabulary
from mailaudit.mail.parse import parse_bytes, parse_file

DATA = Path(__file__).parent / "data" / "evidence"

# Names an ad word (past the prefilter) and acts in another sentence: nothing is asked of a slot.
SKIPPED = ("From: a@example.com\nTo: b@example.com\nSubject: Q3 review\n\n"
           "Hi Sam,\n\nThe campaign numbers are in the shared folder.\n"
           "Let's schedule a short review next week to go over the budget.\n\nThanks,\nAmy\n")
LET_THROUGH = [
    # a slot and a request
    "Subject: Acme\nDate: Mon, 03 Jun 2024 10:00:00 +0000\n\n"
    "Please book the homepage banner for Acme from June 10 to June 16.\n",
    # Chinese: an action with a time (an advertiser may anchor it), no slot word
    "Subject: 蒙牛\nDate: Mon, 03 Jun 2024 10:00:00 +0800\n\n王经理：\n请为蒙牛安排上线，下周一起投两周。\n",
    # the action beside an ad word, in a sentence the tokenizer splits between letters ("cannot")
    "Subject: ads\n\nWe cannot wait: please pull the ads tonight.\n",
    # an action in a reply whose subject names the slot
    "Subject: Re: splash for Acme\nIn-Reply-To: <x@example.com>\n\nPlease extend it through Sunday.\n",
]


@pytest.fixture(scope="module")
def vocab():
    return load_slot_vocabulary()


def _passes_prefilter(message, vocab) -> bool:
    return ex.looks_like_placement(message, vocab) or ex._head_beside_action(message)


def test_a_mail_that_asks_nothing_is_skipped_before_any_doc(vocab):
    message = parse_bytes(SKIPPED.encode())
    assert _passes_prefilter(message, vocab)  # so the gate is what saves the analysis
    assert not ex._may_instruct(message, vocab)
    assert ex._extract(message, vocab, only=ex._trigger_words(vocab)) == []


@pytest.mark.parametrize("text", LET_THROUGH)
def test_what_could_ask_is_let_through(vocab, text):
    assert ex._may_instruct(parse_bytes(text.encode()), vocab)


def test_the_gate_never_drops_an_instruction(vocab):
    """On the labelled mails and the crafted ones: where the gate says no, the reading
    extract() would have made finds nothing (and the gate does say no to some)."""
    mails = [parse_bytes(t.encode()) for t in [SKIPPED, *LET_THROUGH]]
    mails += [parse_file(p) for p in sorted(DATA.glob("*.eml"))]
    skipped = let_through = 0
    for message in mails:
        if not message.body.strip() or not _passes_prefilter(message, vocab):
            continue
        if ex._may_instruct(message, vocab):
            let_through += 1
            continue
        skipped += 1
        only = ex._trigger_words(vocab) if ex.looks_like_placement(message, vocab) else ex._HEAD_GATE[0][1]
        assert ex._extract(message, vocab, only=only) == [], message.subject
        assert ex._extract(message, vocab) == [], message.subject
    assert skipped and let_through


def test_each_sentence_test_covers_what_the_matchers_find(vocab):
    """The lemma the gate stands on, sentence by sentence: whatever spaCy's matchers find,
    the raw-text test says possible (the other way round it may be wrong)."""
    ex._may_instruct(parse_bytes(SKIPPED.encode()), vocab)
    can = ex._POSSIBLE[id(vocab)][1]
    found = dict.fromkeys(("slot", "action", "anchor", "request"), 0)
    texts = [SKIPPED, *LET_THROUGH] + [p.read_text(encoding="utf-8", errors="replace") for p in sorted(DATA.glob("*.eml"))]
    for raw in texts:
        message = parse_bytes(raw.encode())
        body = ex.unwrap(message.body)
        for lo, hi in ex._spans(body, ex._SENTENCE_END)[: ex.MAX_SENTENCES]:
            piece = body[lo:hi]
            cjk = has_cjk(piece)
            mentions = matchers_for("zh" if cjk else "en", vocab).analyse(simplified(piece) if cjk else piece)
            lang, reading = can.read(piece)
            labels = {c.label for c in mentions.cues}
            for kind, real, test in (
                ("slot", bool(mentions.slots), can.slots),
                ("action", bool(labels & set(ACTIONS)), can.acts),
                ("anchor", "anchor" in labels, can.anchors),
                ("request", "request" in labels, can.requests),
            ):
                if real:
                    found[kind] += 1
                    assert test(lang, reading), (kind, piece)
    assert all(n >= 20 for n in found.values()), found


def test_the_special_cases_are_the_tokenizers():
    """The gate reads the English tokenizer's special cases without building a pipeline
    (mail/en_tokens' snapshot): they must be those of the pipeline extraction tokenises with."""
    from spacy.attrs import ORTH

    from mailaudit.extract.nlp import placement_nlp
    from mailaudit.mail.language import english_special_cases

    rules = placement_nlp("en").tokenizer.rules
    assert english_special_cases() == {text: [t.get(ORTH, "") for t in toks] for text, toks in rules.items()}


@pytest.mark.parametrize(("text", "units"), [
    ("Set up the ad.", ["set", "up", "the", "ad", "."]),
    ("feedback", ["feedback"]),  # "feed" and "ad" are not words of it
    ("10am  add - on", ["1", "0", "am", "add", "-", "on"]),
    ("add-on", ["add", "-", "on"]),
])
def test_token_edges(text, units):
    assert marked(text.lower()) == MARK + MARK.join(units) + MARK
