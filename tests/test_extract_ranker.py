"""The trained advertiser ranker (mailaudit/extract/ranker.py): it ships with the rules,
weighs every name a mail gives against the cascade's pick, overrides that pick only by a
margin, and leaves a mail with one name alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench_modules import bench_accuracy

from mailaudit.extract import ranker
from mailaudit.extract.extract import extract
from mailaudit.mail.parse import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "labels"




@pytest.fixture
def ranker_off():
    ranker.enabled = False
    yield
    ranker.enabled = True


def advertisers(path: Path) -> list[str | None]:
    return [i.advertiser for i in extract(parse_bytes(path.read_bytes(), str(path), base_dir=path.parent))]


def test_the_model_ships_with_the_rules_and_says_what_it_was_trained_on():
    assert ranker.available()
    card = json.loads(ranker.model_path().read_text(encoding="utf-8"))
    # trained on development batches only: a held-out batch in it would void every unseen figure
    # (the scorer's own list, so the check follows each session's rotation)
    assert not set(card["batches"]) & set(bench_accuracy().HELD_OUT)
    assert card["mails"] > 1000 and card["features"] == len(card["weights"])


@pytest.mark.parametrize("mail, cascade, ranked", [
    # the cascade takes the slot's own word, or the country a sales note names, for the client
    ("fresh55/hk-place-big5-podcast-preroll-new-year-ops-missing.eml", "podcast", "寶泰保險"),
    ("fresh203/en-bubbletea-keycard-sleeves-kl-school-holidays-ad-copy.eml", "KL", "Mellow Pearl"),
])
def test_a_name_the_mail_says_more_of_over_a_word_read_from_where_it_stands(mail, cascade, ranked, request):
    path = LABELS / mail
    assert set(advertisers(path)) == {ranked}
    request.getfixturevalue("ranker_off")
    assert set(advertisers(path)) == {cascade}


def test_the_cascades_pick_stands_unless_another_is_weighed_higher_by_the_margin():
    rows = [{"bias": 1.0, "cascade": 1.0}, {"bias": 1.0, "company_word": 1.0}]
    assert ranker.best(rows, 0, {"cascade": 1.0, "company_word": 1.0 + ranker.MARGIN / 2}) == 0
    assert ranker.best(rows, 0, {"cascade": 1.0, "company_word": 1.0 + ranker.MARGIN * 2}) == 1
    assert ranker.best(rows, None, {"cascade": 1.0, "company_word": 1.5}) == 1  # no pick: the best


def test_a_mail_with_one_name_is_left_alone():
    only = [ranker.Candidate("Acme", frozenset({"subject"}))]
    assert ranker.choose(only, None, "Acme") == "Acme"  # type: ignore[arg-type]


def test_a_chinese_name_is_the_sender_domain_by_its_pinyin():
    raw = ("From: 王敏 <wangmin@maohai-grooming.example>\nTo: ops@media.example\nSubject: x\n"
           "Content-Type: text/plain; charset=utf-8\n\n毛孩澡堂的烘衣機門貼，麻煩安排。\n").encode()
    message = parse_bytes(raw, "t.eml")
    context = ranker.Context(message, "x", frozenset(), ())
    spelled, other = (ranker.features(ranker.Candidate(name, frozenset({"captured"})), [], context, None)
                      for name in ("毛孩澡堂", "烘衣機"))
    assert spelled["sender_domain"] == 1.0 and other["sender_domain"] == 0.0
