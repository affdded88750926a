"""Extraction on the project's realistic sample mailbox (examples/sample.mbox,
written for the lint work): most of its ad-related mail asks for reviews,
uploads, approvals or reports - no placement instruction - and a few are
placement instructions. Labelled by Message-ID from shared/spec/evidence.md;
mails whose reading is open (a schedule only in an attachment, a creative
swapped "today before 18:00") are left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailaudit.engine.linter import iter_messages
from mailaudit.extract.extract import extract

MBOX = Path(__file__).resolve().parents[1] / "examples" / "sample.mbox"

# Message-ID -> [(action, slot keys, start, end, advertiser)]
PLACEMENTS = {
    "<lint068.16c53cd0@mail.example.cn>": [("place", ["splash"], "2024-07-01T00:00", "2024-07-07T23:59", "Café Aroma")],
    "<lint052.84792246@mail.example.cn>": [("place", ["splash"], "2024-07-01", "2024-07-07", "Northwind")],
    "<lint048.f4bd2d13@mail.example.cn>": [("change", ["homepage-banner"], "2024-06-17", "2024-06-30", "蓝鲸科技")],
    "<lint015.a016339a@mail.example.cn>": [("place", ["splash"], "2024-06-17T00:00", "2024-06-23T24:00", "蓝鲸科技")],
    "<lint010.66d243b6@mail.example.cn>": [("change", ["splash"], "2024-06-17", "2024-06-23", "蓝鲸科技")],
    "<lint047.abba8ce9@mail.example.cn>": [("place", ["splash"], "2024-06-17T00:00", None, "蓝鲸科技")],  # the brand writes about its own ad
    "<lint027.49a60356@mail.example.cn>": [("cancel", ["splash"], "2024-06-05T00:00", None, "蓝鲸科技")],
    "<lint036.1b5190b2@mail.example.cn>": [("cancel", ["splash"], "2024-06-16", None, "晨光文创")],
    "<lint024.01a82568@mail.example.cn>": [("place", ["splash"], "2024-06-17", "2024-06-23", "蓝鲸科技"),
                                           ("place", ["feed"], "2024-06-17", "2024-06-30", "蓝鲸科技")],
}
# Ad-related mail that asks for something else (a review, an upload, creative sizes,
# an approval, a confirmation of figures, a report) or reports what happened.
_NOT_PLACEMENT_IDS = """
lint086.212d7ed5 lint084.65a7cb99 lint085.c595e9f6 lint079.249dc89a lint094.9c034173 lint056.7dba3c7b
lint065.5d0fa7fd lint054.b2f5358b lint077.8b283d29 lint096.b4c4eb7e lint081.e82c2560 lint076.9c0878a1
lint095.842d9f8a lint074.6a15ce81 lint073.3ec999e5 lint070.042b222c lint050.f78fd8dc lint053.ab963869
lint040.4efea918 lint037.5d13d006 lint042.1dab3edd lint038.89f688b2 lint033.68fea9de lint034.867302c2
lint031.0193a62f lint016.c71178f2 lint004.04a66b9e lint001.f2039044 lint009.74aa2672 lint003.0c1760bc
lint017.1f1a8c43 lint018.7cb3f819 lint008.42587d6e lint019.f408dcb4 lint002.76035783 lint012.42196ee7
lint005.8e6d523b lint013.e7727993 lint030.11796021 lint028.b1819738 lint035.e25d3f41 lint043.68d1a5dd
lint029.d06b19e5 lint021.99539055 lint023.619486b7 lint022.1fba95e8 lint025.1a26296c
"""
NOT_PLACEMENTS = _NOT_PLACEMENT_IDS.split()


@pytest.fixture(scope="module")
def by_id() -> dict[str, list]:
    if not MBOX.exists():
        pytest.skip("examples/sample.mbox is not there")
    return {m.message_id: extract(m) for m in iter_messages([str(MBOX)])}


@pytest.mark.parametrize("message_id", sorted(PLACEMENTS))
def test_placements(by_id, message_id):
    if message_id not in by_id:
        pytest.skip(f"{message_id} no longer in the sample")
    got = [(i.action, i.slot_keys, i.start, i.end, i.advertiser) for i in by_id[message_id]]
    assert got == PLACEMENTS[message_id]


def test_mail_that_asks_for_something_else(by_id):
    present = [f"<{n}@mail.example.cn>" for n in NOT_PLACEMENTS if f"<{n}@mail.example.cn>" in by_id]
    assert len(present) >= 30
    wrong = {mid: [i.record() for i in by_id[mid]] for mid in present if by_id[mid]}
    assert wrong == {}


def test_the_other_samples():
    for name, expected in (("en-clean-request.eml", []), ("zh-placement-draft.draft", [("place", ["homepage-banner"])])):
        path = MBOX.parent / name
        if not path.exists():
            continue
        (message,) = iter_messages([str(path)])
        assert [(i.action, i.slot_keys) for i in extract(message)] == expected, name


def test_sample_mails_are_reproducible(tmp_path):
    """The committed .eml files are exactly what make_mails.py writes."""
    import importlib.util

    here = Path(__file__).parent / "data" / "evidence"
    spec = importlib.util.spec_from_file_location("make_mails", here / "make_mails.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert written
    for path in written:
        assert (here / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs: rerun make_mails.py"
    generated = {p.name for p in written}
    stale = {p.name for p in here.glob("*.eml")} - generated
    assert not stale, f"committed but no longer generated: {sorted(stale)}"
