"""jieba's dictionaries are read a first character at a time (mail/language
ShardedDictionary): the cuts must be those of jieba's own Tokenizer on the whole
dictionary, for extraction's segmenter (full dictionary, HMM off) and for the
shared tokenizer (60,000 words: jieba.cut with and without the HMM, posseg and its
tags)."""

from __future__ import annotations

import jieba

from mailaudit.extract import nlp
from mailaudit.mail.language import add_words, import_posseg

TEXTS = [
    "王经理，您好：请在周五前确认首页横幅三月的排期，广告主为示例科技，投放时间3月10日至3月20日。",
    "为安踏上线开屏广告，加投信息流第3位，618期间撤下搜索品牌专区。",
    "Hi 张三, 请把 banner 换成 v2 版本（见附件 xinghai_splash.zip），谢谢！",
    "中华人民共和国国务院办公厅关于进一步加强新闻出版广播影视工作的通知",
    "",
]
WORDS = ["开屏", "加投", "信息流广告", "搜索品牌专区", "示例科技"]


def test_extraction_dictionary_cuts_as_jieba(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    whole = jieba.Tokenizer()
    whole.cache_file = str(tmp_path / "whole.cache")
    for _ in range(2):  # built from jieba's dictionary, then read from the cache
        seg = nlp._Segmenter()
        assert seg.tokenizer.total == whole.gen_pfdict(whole.get_dict_file())[1]
        for text in TEXTS[:2]:  # some characters merged before the words are added
            assert list(seg.cut(text)) == list(whole.cut(text, HMM=False))
        seg.add_words(WORDS)
        ref = jieba.Tokenizer()
        ref.cache_file = whole.cache_file
        for word in WORDS:
            ref.add_word(word, freq=nlp.CUE_FREQ)
        for text in TEXTS:
            assert list(seg.cut(text)) == list(ref.cut(text, HMM=False))
    assert list(tmp_path.glob("mailaudit/jieba-full-*.shards*"))


def test_shared_dictionary_cuts_as_jieba(tmp_path):
    pseg = import_posseg()  # as extract/: its tags read a first character at a time (WordTags)

    ref = jieba.Tokenizer(jieba.dt.dictionary)
    ref.cache_file = str(tmp_path / "ref.cache")
    ref_pos = pseg.POSTokenizer(ref)

    def same() -> None:
        for text in TEXTS:
            assert list(jieba.cut(text)) == list(ref.cut(text))
            assert list(jieba.cut(text, HMM=False)) == list(ref.cut(text, HMM=False))
            assert [tuple(p) for p in pseg.cut(text)] == [tuple(p) for p in ref_pos.cut(text)]

    same()
    add_words(WORDS)
    for word in WORDS:
        ref.add_word(word)
    same()
    assert jieba.dt.total == ref.total
