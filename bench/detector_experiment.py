"""Experiment (issue 11): does a small trained classifier for "this mail asks for a
placement" beat the pattern extractor's detection on held-out mail?

Not a shipped component. A logistic regression on hashed character 1-3-grams of the
author's own text (subject + body, Traditional read as Simplified), trained on the
development batches' labels (an instruction or none), scored on the held-out batches next
to the extractor's own detection and the union of the two. Deterministic (fixed seed).

    .venv/bin/python bench/detector_experiment.py
"""

from __future__ import annotations

import math
import random
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import accuracy  # noqa: E402

from mailaudit.engine.vocab import simplified  # noqa: E402
from mailaudit.extract.extract import extract, looks_like_placement  # noqa: E402
from mailaudit.mail.parse import parse_bytes  # noqa: E402

DEV = ("fresh", "fresh4", "fresh5", "fresh7", "fresh8", "fresh9", "fresh10", "fresh13", "fresh14", "fresh17",
       "fresh18", "fresh21", "fresh22", "fresh24", "fresh25", "dev-ads")
HELD = ("fresh2", "fresh3", "fresh6", "fresh11", "fresh12", "fresh15", "fresh16", "fresh19", "fresh20", "fresh23",
        "fresh26", "fresh27")
REAL = ("enron-heldout", "zh-erofs-heldout")
REAL_DEV = ("enron-dev", "zh-erofs-dev")  # ordinary mail as negatives too
DIM = 1 << 18


def features(text: str) -> dict[int, float]:
    text = " ".join(simplified(text).lower().split())[:3000]
    out: dict[int, float] = {}
    for n in (1, 2, 3):
        for i in range(len(text) - n + 1):
            h = zlib.crc32(text[i:i + n].encode()) % DIM
            out[h] = out.get(h, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in out.values())) or 1.0
    return {k: v / norm for k, v in out.items()}


def load(names: tuple[str, ...]) -> list[tuple[str, str, dict[int, float], bool, bool]]:
    rows = []
    for label_set in accuracy.load_sets():
        if label_set.name not in names:
            continue
        for item in label_set.items:
            message = parse_bytes(item.raw, item.source, base_dir=item.base_dir)
            text = f"{message.subject}\n{message.body}"
            predicted = bool(extract(message))
            gate = looks_like_placement(message)  # the extractor's own cheap prefilter (ad words, slots)
            rows.append((label_set.name, item.key, features(text), bool(item.instructions), predicted, gate))
    return rows


def train(rows, epochs: int = 25, rate: float = 0.5, l2: float = 1e-5) -> tuple[dict[int, float], float]:
    w: dict[int, float] = {}
    b = 0.0
    order = list(range(len(rows)))
    rnd = random.Random(20261203)
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            x, y = rows[i][2], rows[i][3]
            z = b + sum(w.get(k, 0.0) * v for k, v in x.items())
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - (1.0 if y else 0.0)
            for k, v in x.items():
                w[k] = w.get(k, 0.0) * (1 - rate * l2) - rate * g * v
            b -= rate * g
    return w, b


def prob(model, x) -> float:
    w, b = model
    z = b + sum(w.get(k, 0.0) * v for k, v in x.items())
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def f1(pairs) -> tuple[float, float, float]:
    tp = sum(1 for y, p in pairs if y and p)
    fp = sum(1 for y, p in pairs if p and not y)
    fn = sum(1 for y, p in pairs if y and not p)
    pr = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def main() -> int:
    dev, held = load(DEV + REAL_DEV), load(HELD)
    model = train(dev)
    print(f"trained on {len(dev)} development mails ({sum(r[3] for r in dev)} with an instruction)")
    print("| set | patterns P / R / F1 | prefilter and classifier p > 0.5 | patterns, or prefilter and p > 0.8 |")
    print("|---|---|---|---|")
    for name in HELD:
        rows = [r for r in held if r[0] == name]
        probs = [prob(model, r[2]) for r in rows]
        pat = f1([(r[3], r[4]) for r in rows])
        clf = f1([(r[3], r[5] and p > 0.5) for r, p in zip(rows, probs, strict=True)])
        both = f1([(r[3], r[4] or (r[5] and p > 0.8)) for r, p in zip(rows, probs, strict=True)])
        print(f"| {name} | " + " | ".join("{:.2f} / {:.2f} / {:.2f}".format(*t) for t in (pat, clf, both)) + " |")
    # Real mail nobody here wrote carries no placement instruction: every positive is false.
    real = load(REAL)
    for name in REAL:
        rows = [r for r in real if r[0] == name]
        probs = [prob(model, r[2]) for r in rows]
        print(f"{name}: {len(rows)} mails; patterns flag {sum(r[4] for r in rows)}, prefilter and p > 0.5 flag "
              f"{sum(r[5] and p > 0.5 for r, p in zip(rows, probs, strict=True))}, p > 0.5 alone "
              f"{sum(p > 0.5 for p in probs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
