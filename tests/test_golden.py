"""Speed work changes no result: a scan of a fixed corpus gives exactly the
findings, evidence records and stored rows kept in tests/data/golden/scan.jsonl
(tests/golden.py says what the corpus is and what is kept), in one process and
on worker processes alike."""

from __future__ import annotations

import difflib

import golden
import pytest

pytestmark = pytest.mark.slow

REASON = golden.available()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if REASON:
        pytest.skip(REASON)
    base = tmp_path_factory.mktemp("golden")
    golden.build_corpus(base / "corpus")
    return base


@pytest.mark.parametrize("workers", [1, 2])
def test_scan_matches_golden(corpus, workers):
    expected = golden.GOLDEN.read_text(encoding="utf-8")
    got = golden.current(workers, work=corpus)
    if got == expected:
        return
    diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "golden", "now",
                                     lineterm="", n=0))
    changed = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    pytest.fail(
        f"the scan's results differ from {golden.GOLDEN.name} on {changed} message(s)"
        f" (workers={workers}). A speed change must not change results; if judgement changed"
        f" on purpose (rules, vocabularies, extraction), regenerate it with\n\n"
        f"    {golden.WRITE_COMMAND}\n\nand review the diff. First differences:\n"
        + "\n".join(diff[:40])
    )
