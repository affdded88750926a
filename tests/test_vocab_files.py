"""The word lists in rules/ are read as written: YAML 1.1 reads an unquoted on, off, yes or
no as a boolean, so a list of words that holds one of them silently holds True or False
instead (slot_objects.en.ends held True where "on" was written, and an English object of an
act ran on past "on")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

RULES = Path(__file__).resolve().parents[1] / "rules"


def _word_lists(node, where: str):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _word_lists(value, f"{where}.{key}")
    elif isinstance(node, list):
        if any(isinstance(x, str) for x in node):
            yield where, node
        for i, value in enumerate(node):
            yield from _word_lists(value, f"{where}[{i}]")


@pytest.mark.parametrize("path", sorted(RULES.rglob("*.yaml")), ids=lambda p: str(p.relative_to(RULES)))
def test_a_list_of_words_holds_only_words(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    wrong = [f"{where}[{i}] = {x!r}" for where, words in _word_lists(data, path.name)
             for i, x in enumerate(words) if isinstance(x, bool)]
    assert not wrong, "quote on/off/yes/no in a word list: " + "; ".join(wrong)
