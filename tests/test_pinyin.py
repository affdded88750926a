"""Chinese names read in pinyin (mail/pinyin.py), for the sender's domain."""

from __future__ import annotations

import pytest

from mailaudit.mail.pinyin import first_characters, readings, spelled


@pytest.mark.parametrize("name, word, length", [
    ("毛孩澡堂", "maohai", 2),
    ("黔酱坊酒业", "qianjiangfang", 3),
    ("长虹电视", "changhong", 2),  # 长 read chang, not zhang
    ("穩倉迷你倉", "wencang", 2),  # Traditional characters
    ("绿源", "lvyuan", 2),  # ü written v ...
    ("绿源", "luyuan", 2),  # ... or u
    ("甘泉堂", "kamchuentong", 0),  # Cantonese romanisation is no pinyin
    ("张三", "zhang", 1),  # one character spells it: the caller asks for two
    ("毛孩", "maohaix", 0),  # the word must be spelled whole
])
def test_how_many_first_characters_spell_a_word(name, word, length):
    assert spelled(name, word) == length


def test_readings_and_where_to_look():
    assert set(readings("长")) == {"chang", "zhang"} and readings("a") == ()
    pattern = first_characters("maohai")
    assert pattern.search("我们毛孩") and pattern.search("猫") and not pattern.search("澡堂")
