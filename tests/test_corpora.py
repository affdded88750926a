"""Every message of ../shared/corpora parses and goes through the whole
catalog without an exception; undecodable ones say why."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailaudit.engine.linter import Linter, lint_message
from mailaudit.mail.parse import parse_bytes
from mailaudit.sources.paths import RawInput, is_mbox, iter_inputs, iter_mbox

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
pytestmark = pytest.mark.skipif(
    not CORPORA.is_dir(), reason=f"shared corpora not present at {CORPORA}"
)


def every_message():
    """Every file under corpora/ (not only mail-looking names): mbox files split."""
    for path in sorted(p for p in CORPORA.rglob("*") if p.is_file()):
        if path.name in ("SOURCE.md", "README.md") or path.name.startswith("UPSTREAM"):
            continue
        if is_mbox(path):
            yield from iter_mbox(path)
        else:
            yield RawInput(str(path), path.read_bytes(), path.parent)


def test_every_corpus_message_parses_and_lints():
    linter = Linter()
    count = 0
    defective = 0
    for item in every_message():
        message = parse_bytes(item.data, item.source, base_dir=item.base_dir)
        lint_message(message, linter)  # must not raise
        count += 1
        defective += bool(message.defects)
        for reason in message.defects:
            assert reason and "\n" not in reason
    assert count >= 4300, count  # README: 4,372 messages (mbox files hold several)


def test_legacy_chinese_list_mail_decodes():
    mbox = CORPORA / "erofs-mailing-list" / "erofs-sample.mbox"
    texts = [parse_bytes(i.data).text for i in iter_inputs([str(mbox)])]
    cjk = sum(1 for t in texts if any("\u4e00" <= ch <= "\u9fff" for ch in t))
    assert cjk >= 50
    assert not any("\ufffd" * 3 in t for t in texts[:200])


def test_no_corpus_message_is_read_as_a_placement_instruction():
    # None of this real mail (Enron, mailing lists, parser test suites) asks an ad team for a
    # placement: a reading here is a false instruction in someone's evidence log. It also
    # guards the trained detector (a retrained model once read an Enron newsletter as one).
    from mailaudit.extract.extract import extract

    read = [item.source for item in every_message()
            if extract(parse_bytes(item.data, item.source, base_dir=item.base_dir))]
    assert read == []
