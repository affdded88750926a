"""Which of the names a mail gives is its advertiser? A small trained ranker.

The patterns read names from where they stand ("客户：X", "the X banner", the subject's
head, the writer's signature) and a cascade of rules picks one (extract._Advertisers).
Measured on batches from trades the rules had not seen, that pick was right for only half
to two thirds of the instructions, though the right name was often among those read. This
ranker weighs every name the mail gives (the cascade's pick among them) by what else the
mail says of it - where it was read, whether the subject, the signature or the sender's
address writes it too, whether it ends in a company word or is only words of the language,
a place, an agency, the recipient's own company - and takes the best. A linear model
(one weight per feature, a softmax over a mail's names), trained from the labelled batches
in bench/labels by bench/train_advertiser.py and shipped in
rules/models/advertiser-ranker.json (rules/models/README.md says on what, and how it
measured). It is asked only where the mail gives two names or more and one advertiser for
all its instructions.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.rules import builtin_rules_dir
from ..mail.message import Message
from ..mail.textutil import CJK
from .advertiser import a_place_or_occasion, only_common_words, spells_domain, written_in
from .patterns import load_patterns, simplified


@dataclass(frozen=True)
class Candidate:
    """A name the mail gives, and where it was read (`sources`: "declared", "by_position",
    "captured", "qualifier", "rank7", "subject", "subject_head", "signature", "domain",
    "signed", "writer", "coined")."""

    text: str
    sources: frozenset[str]


@dataclass(frozen=True)
class Context:
    message: Message
    subject: str
    slot_words: frozenset[str]  # in Simplified characters
    theirs: tuple[str, ...]  # the recipients' own names (the media company's)


_lock = threading.Lock()
_weights: dict[str, float] | None = None
_loaded = False
# Training (bench/train_advertiser.py) reads every mail's candidates and features here,
# with the ranker off, so that the cascade's pick is the one it learns from.
record: list[dict[str, Any]] | None = None
enabled = True
# The ranker overrides the cascade's pick only when it weighs another name higher by this
# much. Out of fold on the development batches (2026-12-05, bench/train_advertiser.py
# --out-of-fold, ten folds by batch): with no margin it gained 68 instructions' advertisers
# and lost 28; with this one it gains 44 and loses 5.
MARGIN = 0.5


def model_path() -> Path:
    return builtin_rules_dir() / "models" / "advertiser-ranker.json"


def _load() -> dict[str, float] | None:
    global _weights, _loaded
    with _lock:
        if not _loaded:
            _loaded = True
            path = model_path()
            if path.exists():
                data = json.loads(path.read_text(encoding="utf-8"))
                _weights = {str(k): float(v) for k, v in data["weights"].items()}
    return _weights


def available() -> bool:
    return _load() is not None


def features(candidate: Candidate, others: Iterable[str], context: Context, chosen: str | None) -> dict[str, float]:
    """What the mail says of one name: the ranker's input (training and use alike)."""
    name, message = candidate.text, context.message
    patterns = load_patterns()
    plain = simplified(name)
    cjk = bool(CJK.search(name))
    f: dict[str, float] = {"bias": 1.0, "cascade": float(name == chosen)}
    for source in candidate.sources:
        f["src_" + source] = 1.0
    f["n_sources"] = min(4, len(candidate.sources)) / 4
    sender = " ".join(a.name or "" for a in message.sender)
    seen = [written_in(name, t) for t in (context.subject, message.body, message.signature or "", sender)]
    f["in_subject"], f["in_body"], f["in_signature"], f["in_sender"] = (float(s) for s in seen)
    f["places"] = sum(seen) / 4
    f["body_count"] = min(3, message.body.count(name)) / 3
    squashed = re.sub(r"[^a-z0-9]", "", name.lower())
    # (a Chinese name by its pinyin: "毛孩澡堂" from maohai-grooming.example)
    f["sender_domain"] = float((len(squashed) >= 4 and any(squashed[:6] in a.email.lower() for a in message.sender))
                               or (cjk and spells_domain(name, message) >= 2))
    f["company_word"] = float(cjk and any(plain.endswith(w) and len(plain) > len(w) for w in patterns.company_words))
    words = name.split()
    f["legal_form"] = float(not cjk and bool(words) and words[-1].lower().strip(".,") in patterns.legal_forms)
    f["common_words"] = float(cjk and only_common_words(name))
    f["place_or_occasion"] = float(a_place_or_occasion(name))
    f["agency_word"] = float(any(w in plain.lower() for w in patterns.agency_words))
    f["theirs"] = float(len(plain) >= 2 and any(t.startswith(plain) for t in context.theirs))
    f["cjk"] = float(cjk)
    f["latin_words"] = 0.0 if cjk else min(4, len(words)) / 4
    f["length"] = min(8, len(plain)) / 8
    f["one_capitalised_word"] = float(not cjk and len(words) == 1 and name[:1].isupper())
    f["slot_word"] = float(plain in context.slot_words)
    others = [o for o in others if o != name]
    f["inside_another"] = float(any(name in o for o in others))
    f["holds_another"] = float(any(o in name for o in others))
    return f


def choose(candidates: list[Candidate], context: Context, chosen: str | None) -> str | None:
    """The best-weighed name, or `chosen` (the cascade's pick) where there is no choice
    or no model."""
    texts = [c.text for c in candidates]
    if len(candidates) < 2:
        return chosen
    rows = [features(c, texts, context, chosen) for c in candidates]
    if record is not None:
        record.append({"candidates": texts, "features": rows, "chosen": chosen})
    weights = _load() if enabled else None
    if not weights:
        return chosen
    return texts[best(rows, texts.index(chosen) if chosen in texts else None, weights)]


def best(rows: list[dict[str, float]], chosen: int | None, weights: dict[str, float]) -> int:
    """The index of the best-weighed name; the cascade's (`chosen`) unless another is
    weighed higher by MARGIN."""
    scores = [sum(weights.get(k, 0.0) * v for k, v in row.items()) for row in rows]
    top = max(range(len(scores)), key=scores.__getitem__)
    return top if chosen is None or scores[top] - scores[chosen] > MARGIN else chosen
