"""spaCy pipelines, built lazily once per process.

Most rules are plain vocabulary checks and never load spaCy; the ones that
tokenize (topics, placement extraction) call `get_nlp`. A blank pipeline plus
patterns is the default: Chinese is segmented with jieba, English with
spaCy's rule-based tokenizer. A trained pipeline is used when one is installed
and named in `[lint] nlp_model`; it is never required.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_model_override: dict[str, str] = {}


def configure(models: dict[str, str]) -> None:
    """Use installed trained pipelines (language -> package name) when present."""
    _model_override.update(models)
    get_nlp.cache_clear()


def _quiet_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # jieba caches its dictionary in the temp dir; keep it per-user and stable.
    cache = os.path.join(os.path.expanduser("~"), ".cache", "mailaudit", "jieba.cache")
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    jieba.dt.cache_file = cache


@lru_cache(maxsize=4)
def get_nlp(lang: str) -> Any:
    """The pipeline for 'zh' or 'en' (anything else gets English)."""
    import spacy

    with _lock:
        name = _model_override.get(lang)
        if name:
            try:
                return spacy.load(name)
            except OSError:
                logging.getLogger(__name__).warning("spaCy pipeline %s not installed; using blank %s", name, lang)
        if lang == "zh":
            _quiet_jieba()
            cfg = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
            return spacy.blank("zh", config=cfg)
        return spacy.blank("en")


def add_words(words: list[str]) -> None:
    """Teach jieba terms that must stay whole (slot names, product words)."""
    import jieba

    _quiet_jieba()
    for w in words:
        jieba.add_word(w)
