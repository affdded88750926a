"""Does a mail ask for an ad placement? A small trained text classifier.

The cue patterns find a request by its words ("please book", "麻烦安排", "唔该");
measured on batches of mail from trades no batch had shown them, they missed a
quarter to a third of the requests (fresh26/fresh27 detection 0.84/0.73). This
classifier reads the same text as one bag of character 1-3-grams (spaCy's
`textcat`, TextCatBOW: a linear model, no vectors, no download), trained from the
labelled batches in bench/labels by bench/train_detector.py and shipped in
rules/models/placement-detector (its README says on what, and how it measured).

It is asked only in mail that passed the extractor's prefilter (a slot name or an
ad word): where the patterns found no instruction, it adds requests they could not
read; where they read only weak ones (every record `low`), low odds drop them
(extract.DOUBTED_BELOW), and so do odds lower still where none is held `high`
(extract.DOUBTED_MEDIUM_BELOW) and, lowest, where one is (extract.DOUBTED_HIGH_BELOW,
0.001: out of fold, below it were six maintenance notices, make-good proposals and price
mails read as requests and one request; bench/RESULTS.md).
"""

from __future__ import annotations

import json
import re
import sys
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..engine.rules import builtin_rules_dir
from ..engine.vocab import simplified
from ..mail.language import import_spacy

LABEL = "ASK"  # the mail asks for a placement (the other label: OTHER)
MAX_CHARS = 3000  # the head of a long mail says what it is for
_SPACE = re.compile(r"\s+")

_lock = threading.Lock()
_model: Any = None
_loaded = False


def model_dir() -> Path:
    return builtin_rules_dir() / "models" / "placement-detector"


def detector_text(subject: str, body: str) -> str:
    """What the classifier reads (training and use alike): subject and own text,
    Traditional read as Simplified, lower case, each run of white space one `_` (a
    token of its own, so that n-grams see word edges)."""
    text = simplified(f"{subject}\n{body}").lower()
    return _SPACE.sub("_", text.strip())[:MAX_CHARS]


def _load() -> Any:
    global _model, _loaded, _layers
    with _lock:
        if not _loaded:
            _loaded = True
            path = model_dir()
            if (path / "config.cfg").exists():
                spacy = import_spacy()
                try:
                    _model = spacy.load(path)
                    _layers = _fast_layers(_model)
                except Exception as exc:  # noqa: BLE001 - any spaCy that cannot read it: say so, go on
                    print(f"mailaudit: the placement detector in {path} was not loaded ({type(exc).__name__}: "
                          f"{str(exc).splitlines()[0] if str(exc) else ''}); placement requests are read by the "
                          "cue patterns alone", file=sys.stderr)
    return _model


@lru_cache(maxsize=1)
def available() -> bool:
    """The model ships with the rules; a rules tree without it leaves the patterns alone.
    (Asked for every mail past the prefilter: the file system is looked at once.)"""
    return (model_dir() / "config.cfg").exists()


def script_of(text: str) -> str | None:
    """The script most of the letters of `text` are written in, as Unicode names it
    ("LATIN", "CJK", "CYRILLIC", "ARABIC"…); None without letters."""
    if text.isascii():
        return "LATIN" if any(c.isalpha() for c in text) else None
    counts: dict[str, int] = {}
    for c in text:
        if c.isalpha():
            script = _script_of_letter(c)
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


@lru_cache(maxsize=4096)
def _script_of_letter(c: str) -> str:
    return unicodedata.name(c, "UNKNOWN").split(" ")[0]


@lru_cache(maxsize=1)
def known_scripts() -> frozenset[str] | None:
    """The scripts the shipped model was trained on (its card's `scripts`; None: not listed,
    every script is read)."""
    try:
        card = json.loads((model_dir() / "training.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    scripts = card.get("scripts") if isinstance(card, dict) else None
    return frozenset(scripts) if isinstance(scripts, list) else None


def placement_probability(subject: str, body: str) -> float | None:
    """How likely the author asks for a placement (0-1), or None without a model - or for
    mail written in a script the model was not trained on: its character n-grams fall on rows of
    the hashed table that other n-grams trained, so its odds are noise (a model trained without
    Russian mail gave Russian rate queries and complaints odds above 0.99)."""
    nlp = _load()
    if nlp is None:
        return None
    text = detector_text(subject, body)
    scripts = known_scripts()
    if scripts is not None and (script := script_of(text)) is not None and script not in scripts:
        return None
    if _layers is not None and text:
        return _scores_of_characters(text)
    from spacy.tokens import Doc

    # The text holds no white space (`_` stands for it), so a Doc of its characters is what
    # the character tokenizer would make, without its costly search for spaces.
    doc = nlp.get_pipe("textcat")(Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))) if text else nlp(text)
    return float(doc.cats.get(LABEL, 0.0))


# TextCatBOW reads a Doc only for its tokens' ORTH ids (extract_ngrams); for a text of
# single characters those are the characters' string hashes. Computing them directly and
# calling the model's own n-gram, linear and softmax layers gives the same odds (a test
# compares both ways) at about half the cost of building a Doc. Used only when the loaded
# model has exactly that shape; any other spaCy or model goes through the Doc.
_layers: Any = None
_ids: dict[str, int] = {}


def _fast_layers(nlp: Any) -> Any:
    try:
        textcat = nlp.get_pipe("textcat")
        chain = textcat.model.layers[0].layers[0]
        ngrams, linear = chain.layers
        softmax = textcat.model.layers[1].layers[0]
        if (ngrams.name, linear.name, softmax.name) != ("extract_ngrams", "resizable(sparse_linear)", "softmax_activation"):
            return None
        from spacy.attrs import ORTH

        if ngrams.attrs.get("attr") != ORTH:
            return None
        return ngrams, linear, softmax, textcat.labels.index(LABEL), nlp.vocab.strings
    except (AttributeError, IndexError, KeyError, ValueError):
        return None


def _scores_of_characters(text: str) -> float:
    import numpy

    ngrams, linear, softmax, column, strings = _layers
    ops = ngrams.ops
    for c in set(text).difference(_ids):
        _ids[c] = strings.add(c)
    # (a C-level lookup per character: a generator cost ~40 % of this function)
    ids = numpy.fromiter(map(_ids.__getitem__, text), dtype="uint64", count=len(text))
    grams = [ids] + [ops.ngrams(n, ids) for n in range(2, ngrams.attrs["ngram_size"] + 1)]
    keys, counts = ops.xp.unique(ops.xp.concatenate(grams), return_counts=True)
    scores = softmax.predict(linear.predict((keys, ops.asarray(counts, dtype="f"),
                                             ops.asarray([keys.shape[0]], dtype="int32"))))
    return float(scores[0][column])


__all__ = ["LABEL", "available", "detector_text", "known_scripts", "model_dir", "placement_probability", "script_of"]
