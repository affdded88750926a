"""Train the advertiser ranker (mailaudit/extract/ranker.py) from the labelled batches.

    .venv/bin/python bench/train_advertiser.py --out-of-fold  # each batch's mails chosen by a model that never saw that batch
    .venv/bin/python bench/train_advertiser.py --write        # train on every development batch, write rules/models/advertiser-ranker.json

Trained only on the written development batches (accuracy.DEVELOPMENT); the held-out sets
(accuracy.HELD_OUT) are never read here. A mail teaches the ranker when every instruction of
its label has one advertiser and the extractor, with the ranker off, read two names or more
and gave all its instructions one advertiser: each name is right or not by the scorer's own
comparison (accuracy.same_field). The model is a softmax over a mail's names of one linear score
each, fitted by full-batch gradient descent from zero with an L2 penalty: deterministic, the
same weights on every machine.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import accuracy  # noqa: E402

from mailaudit.config import load_settings  # noqa: E402
from mailaudit.extract import ranker  # noqa: E402
from mailaudit.extract.extract import extract  # noqa: E402
from mailaudit.mail.parse import parse_bytes  # noqa: E402

SEED = 20261205
EPOCHS = 400
RATE = 0.5
L2 = 3.0
FOLDS = 10


def mails(names: tuple[str, ...]) -> list[dict]:
    """Each teaching mail: its batch, its names with their features, which are right, and
    how many labelled instructions it holds."""
    out = []
    ranker.enabled = False
    try:
        for label_set in accuracy.load_sets():
            if label_set.name not in names or not label_set.name.startswith(("fresh", "dev-ads")):
                continue
            settings = load_settings(label_set.config, search=False) if label_set.config else None
            for item in label_set.items:
                golds = {i.get("advertiser") for i in item.instructions or ()}
                if len(golds) != 1:
                    continue
                gold = golds.pop()
                ranker.record = []
                extract(parse_bytes(item.raw, item.source, base_dir=item.base_dir), settings=settings)
                if len(ranker.record) != 1:
                    continue
                seen = ranker.record[0]
                out.append({"set": label_set.name, "key": item.key, "features": seen["features"],
                            "names": seen["candidates"], "chosen": seen["chosen"], "n": len(item.instructions or ()),
                            "right": [accuracy.same_field("advertiser", name, gold) for name in seen["candidates"]]})
    finally:
        ranker.record = None
        ranker.enabled = True
    return out


def fit(data: list[dict], columns: list[str]) -> np.ndarray:
    index = {c: i for i, c in enumerate(columns)}
    taught = []
    for mail in data:
        right = np.array(mail["right"], dtype=float)
        if right.sum() == 0:
            continue  # no name it gives is right: nothing to choose between
        x = np.zeros((len(mail["features"]), len(columns)))
        for row, feats in enumerate(mail["features"]):
            for k, v in feats.items():
                if k in index:
                    x[row, index[k]] = v
        taught.append((x, right / right.sum()))
    w = np.zeros(len(columns))
    for _ in range(EPOCHS):
        grad = L2 * w / max(1, len(taught))
        for x, target in taught:
            s = x @ w
            p = np.exp(s - s.max())
            grad += x.T @ (p / p.sum() - target) / len(taught)
        w -= RATE * grad
    return w


def pick(mail: dict, weights: dict[str, float]) -> int:
    return ranker.best(mail["features"], mail["names"].index(mail["chosen"]) if mail["chosen"] in mail["names"] else None,
                       weights)


def columns_of(data: list[dict]) -> list[str]:
    return sorted({k for mail in data for feats in mail["features"] for k in feats})


def out_of_fold(data: list[dict]) -> None:
    sets = sorted({m["set"] for m in data})
    random.Random(SEED).shuffle(sets)
    fold = {name: i % FOLDS for i, name in enumerate(sets)}
    before = after = ins_before = ins_after = gained = lost = 0
    for k in range(FOLDS):
        train = [m for m in data if fold[m["set"]] != k]
        cols = columns_of(train)
        weights = dict(zip(cols, fit(train, cols).tolist(), strict=True))
        for mail in (m for m in data if fold[m["set"]] == k):
            was = any(r for n, r in zip(mail["names"], mail["right"], strict=True) if n == mail["chosen"])
            now = mail["right"][pick(mail, weights)]
            before += was
            after += now
            ins_before += was * mail["n"]
            ins_after += now * mail["n"]
            gained += (now and not was) * mail["n"]
            lost += (was and not now) * mail["n"]
    print(f"{len(data)} mails with two names or more, in {len(sets)} batches, {FOLDS} folds by batch")
    print(f"right: cascade {before} mails ({ins_before} instructions), ranker out of fold {after} mails "
          f"({ins_after} instructions); instructions gained {gained}, lost {lost}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out-of-fold", action="store_true")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    data = mails(accuracy.DEVELOPMENT)
    if args.out_of_fold:
        out_of_fold(data)
    if args.write:
        cols = columns_of(data)
        w = fit(data, cols)
        model = {"model": "advertiser-ranker", "features": len(cols), "mails": len(data),
                 "batches": sorted({m["set"] for m in data}, key=lambda n: (len(n), n)),
                 "weights": {c: round(float(v), 4) for c, v in zip(cols, w, strict=True)}}
        ranker.model_path().write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {ranker.model_path()} ({len(cols)} weights, {len(data)} mails)")


if __name__ == "__main__":
    main()
