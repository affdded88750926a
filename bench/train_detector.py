"""Train the placement detector (mailaudit/extract/detector.py) from the labelled batches.

    .venv/bin/python bench/train_detector.py --cross   # leave one batch out: how it does on a trade it has not seen
    .venv/bin/python bench/train_detector.py --write   # train on every development set, write rules/models/placement-detector
    .venv/bin/python bench/train_detector.py --out-of-fold  # the whole extractor over development, each batch's odds from a model that never saw it

Trained only on development sets (accuracy.DEVELOPMENT: the written batches tuned on, the
development halves of the Enron and erofs labels as ordinary mail, the project's own
evidence mails) and on half of the unlabelled Enron corpus mail that names a slot or an ad
word (`ordinary_rows`); the held-out sets (accuracy.HELD_OUT) are never read here. A mail is a
positive when its label holds an instruction. Deterministic: fixed seeds, a fixed order,
one thread, so --write gives the same weights on every machine with the same spaCy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import accuracy  # noqa: E402

from mailaudit.extract.detector import LABEL, detector_text, model_dir, script_of  # noqa: E402
from mailaudit.extract.extract import extract, looks_like_placement  # noqa: E402
from mailaudit.mail.language import import_spacy  # noqa: E402
from mailaudit.mail.parse import parse_bytes  # noqa: E402

SEED = 20261203
# Models trained from different seeds on the same mail agree only loosely (their weights
# correlate about 0.75): one model's odds for a mail unlike the training mail swing by orders of
# magnitude with the seed. The shipped model is the mean of SEEDS models' weights (a linear
# model: the mean of their scores before the softmax), which keeps what they agree on.
SEEDS = 7
EPOCHS = 10
BATCH = 16
DROPOUT = 0.1
# TextCatBOW: a bag of character 1-3-grams (the Chinese tokenizer in "char" mode makes
# every character a token, `_` stands for white space), hashed into 2^18 rows.
ARCHITECTURE = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 3,
                "no_output_layer": False, "length": 262144}


def rows(names: tuple[str, ...]) -> list[dict]:
    """The labelled mails of `names`, then `ordinary_rows`; `patterns` is what the extractor
    finds without the detector."""
    import mailaudit.extract.detector as detector_module

    shipped = detector_module.available
    detector_module.available = lambda: False
    try:
        return _rows(names) + ordinary_rows()
    finally:
        detector_module.available = shipped


ORDINARY = "enron-ordinary"


def ordinary_rows(corpora: Path = accuracy.CORPORA) -> list[dict]:
    """Real mail that asks for no placement but names a slot or an ad word (newsletters,
    shopping offers, event programmes): the Enron corpus mail no label file holds that passes
    the extractor's prefilter, half of it (by a hash of its path; the other half, the labelled
    mail and the rest of ../shared/corpora stay unseen, and tests/test_corpora.py holds that
    none of it is read as a request). Without it the classifier had seen 200 ordinary mails
    beside 10,000 ad-business ones, and a model trained on the batches written since fresh128
    was sure that Enron newsletters and a Palm store offer asked for placements."""
    root = corpora / "enron"
    if not root.is_dir():
        return []
    labelled: set[str] = set()
    for name in ("enron-a.yaml", "enron-b.yaml", "enron-c.yaml"):
        path = accuracy.LABELS / name
        if path.exists():
            labelled |= set(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != "SOURCE.md"):
        key = path.relative_to(corpora).as_posix()
        if key in labelled or int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2:
            continue
        message = parse_bytes(path.read_bytes(), str(path), base_dir=path.parent)
        if looks_like_placement(message):
            out.append({"set": ORDINARY, "key": key, "text": detector_text(message.subject, message.body),
                        "y": False, "patterns": bool(extract(message)), "gate": True})
    return out


def _rows(names: tuple[str, ...]) -> list[dict]:
    out = []
    for label_set in accuracy.load_sets():
        if label_set.name not in names:
            continue
        for item in label_set.items:
            if item.instructions is None:
                continue  # not labelled for extraction
            message = parse_bytes(item.raw, item.source, base_dir=item.base_dir)
            out.append({"set": label_set.name, "key": item.key, "text": detector_text(message.subject, message.body),
                        "y": bool(item.instructions), "patterns": bool(extract(message)),
                        "gate": looks_like_placement(message)})
    return out


def train(data: list[dict], seeds: int = SEEDS):
    """`seeds` models, one per seed from SEED on, averaged into the first (see SEEDS)."""
    models = [_train_one(data, SEED + i) for i in range(seeds)]
    first = _linear(models[0])
    for name in ("W", "b"):
        first.set_param(name, sum(_linear(m).get_param(name) for m in models) / len(models))
    return models[0]


def _linear(nlp):
    """TextCatBOW's sparse linear layer (its weights; the n-gram hashing is the same in every model)."""
    return nlp.get_pipe("textcat").model.layers[0].layers[0].layers[1].layers[0]


def _train_one(data: list[dict], seed: int):
    spacy = import_spacy()
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("zh")  # character segmentation: no dictionary, no download
    textcat = nlp.add_pipe("textcat", config={"model": ARCHITECTURE})
    textcat.add_label(LABEL)
    textcat.add_label("OTHER")
    examples = [Example.from_dict(nlp.make_doc(r["text"]), {"cats": {LABEL: float(r["y"]), "OTHER": float(not r["y"])}})
                for r in data]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    for _ in range(EPOCHS):
        order.shuffle(examples)
        for batch in minibatch(examples, BATCH):
            nlp.update(batch, sgd=optimizer, drop=DROPOUT)
    return nlp


def _prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(y and p for y, p in pairs)
    fp = sum(p and not y for y, p in pairs)
    fn = sum(y and not p for y, p in pairs)
    pr, rc = (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def cross(data: list[dict], threshold: float) -> None:
    """Leave one written batch out at a time: each batch is a trade or habit of its own, so
    this is the classifier on mail like none it was trained on. (The patterns were tuned on
    these batches, so their column is not an estimate of unseen mail.)"""
    import mailaudit.extract.detector as detector_module
    import mailaudit.extract.extract as extract_module

    extract_module.RESCUE_AT = threshold
    folds = sorted({r["set"] for r in data if r["set"] in accuracy.WRITTEN})
    sets = {s.name: s for s in accuracy.load_sets() if s.name in folds}
    extraction: list[tuple[str, dict, dict]] = []
    for fold in folds:
        nlp = train([r for r in data if r["set"] != fold])
        held = [r for r in data if r["set"] == fold]
        for r, doc in zip(held, nlp.pipe(r["text"] for r in held), strict=True):
            r["p"] = doc.cats[LABEL]
        # The whole extractor on the left-out batch, with this fold's classifier and without one.
        detector_module.available = lambda: True
        extract_module.placement_probability = lambda subject, body, nlp=nlp: nlp(detector_text(subject, body)).cats[LABEL]
        on = accuracy.score_set(sets[fold])["extraction"]
        extract_module.placement_probability = lambda subject, body: None
        off = accuracy.score_set(sets[fold])["extraction"]
        extraction.append((fold, off, on))
    print("| batch left out | patterns (tuned on it) P / R / F1 | classifier alone (gated) | patterns, or gated classifier "
          f"p >= {threshold} |")
    print("|---|---|---|---|")
    pooled: dict[str, list] = {"patterns": [], "alone": [], "both": []}
    for fold in [*folds, "all"]:
        held = [r for r in data if "p" in r and (fold == "all" or r["set"] == fold)]
        got = {"patterns": [(r["y"], r["patterns"]) for r in held],
               "alone": [(r["y"], r["gate"] and r["p"] >= 0.5) for r in held],
               "both": [(r["y"], r["patterns"] or (r["gate"] and r["p"] >= threshold)) for r in held]}
        print(f"| {fold} | " + " | ".join("{:.2f} / {:.2f} / {:.2f}".format(*_prf(got[k])) for k in pooled) + " |")
    rescued = [r for r in data if "p" in r and not r["patterns"] and r["gate"] and r["p"] >= threshold]
    print(f"added by the classifier: {sum(r['y'] for r in rescued)} right, {sum(not r['y'] for r in rescued)} wrong")
    print()
    print("| batch left out | detection F1 | slot F1 (by text) | action | start | end | advertiser | false |")
    print("|---|---|---|---|---|---|---|---|")
    for fold, off, on in extraction:
        print(f"| {fold} | " + " | ".join(f"{off[k]:.2f} -> {on[k]:.2f}" for k in (
            "detection_f1", "slot_f1_text", *accuracy.FIELDS)) + f" | {off['false_instructions']} -> {on['false_instructions']} |")
    vetoable = [r for r in data if "p" in r and r["patterns"] and r["p"] < 0.1]
    print(f"pattern finds with p < 0.1 (a veto would drop): {sum(r['y'] for r in vetoable)} right, "
          f"{sum(not r['y'] for r in vetoable)} wrong")


FOLDS = 10


def out_of_fold(data: list[dict]) -> None:
    """The whole extractor over the development sets, each mail's odds given by a model
    trained in FOLDS folds grouped by batch, so by one that never saw the mail's trade: how
    the detector's thresholds (extract.RESCUE_AT, DOUBTED_*) do on mail like none it was
    trained on. (The patterns were tuned on these batches: their part is not unseen.)"""
    import mailaudit.extract.extract as extract_module

    groups = sorted({r["set"] for r in data})
    fold_of = {name: i % FOLDS for i, name in enumerate(groups)}
    odds: dict[tuple[str, str], float] = {}
    for fold in range(FOLDS):
        nlp = train([r for r in data if fold_of[r["set"]] != fold])
        held = [r for r in data if fold_of[r["set"]] == fold]
        for r, doc in zip(held, nlp.pipe(r["text"] for r in held), strict=True):
            odds[r["set"], r["key"]] = doc.cats[LABEL]
    shipped = extract_module.placement_probability
    by_text: dict[tuple[str, str], float] = {}
    extract_module.placement_probability = lambda subject, body: by_text.get((subject, body), shipped(subject, body))
    expected: dict[str, list[dict]] = {}
    got: dict[str, list[dict]] = {}
    try:
        for label_set in accuracy.load_sets():
            if label_set.name not in accuracy.WRITTEN or label_set.name not in groups:
                continue
            for item in label_set.items:
                if (label_set.name, item.key) in odds:
                    message = parse_bytes(item.raw, item.source, base_dir=item.base_dir)
                    by_text[message.subject, message.body] = odds[label_set.name, item.key]
            outcomes = accuracy.run(label_set)
            for item in label_set.items:
                if item.instructions is not None:
                    expected[f"{label_set.name}/{item.key}"] = item.instructions
                    got[f"{label_set.name}/{item.key}"] = outcomes[item.key].instructions
    finally:
        extract_module.placement_probability = shipped
    scores = accuracy.extraction_scores(expected, got)
    print(f"out of fold, {scores['instructions']} instructions in {len(expected)} written development mails: "
          + ", ".join(f"{k} {scores[k]:.4f}" for k in ("detection_f1", "slot_f1_text", *accuracy.FIELDS))
          + f"; mails with a false instruction {scores['false_instructions']}")


# A script is listed on the card (so read by the shipped detector) when at least this many
# training mails are written mainly in it; mail in any other script gets no odds
# (detector.placement_probability).
MIN_SCRIPT_MAILS = 30


def scripts(data: list[dict]) -> list[str]:
    counts: dict[str, int] = {}
    for r in data:
        script = script_of(r["text"])
        if script:
            counts[script] = counts.get(script, 0) + 1
    return sorted(s for s, n in counts.items() if n >= MIN_SCRIPT_MAILS)


def card_scripts() -> None:
    """Write the shipped model's scripts onto its card, from the sets the card says it was
    trained on (for a model written before cards listed them; no retraining)."""
    path = model_dir() / "training.json"
    card = json.loads(path.read_text(encoding="utf-8"))
    names = tuple(n for n in card["sets"] if n != ORDINARY)
    card["scripts"] = scripts(rows(names))
    path.write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: scripts {card['scripts']}")


def write(data: list[dict]) -> None:
    nlp = train(data)
    target = model_dir()
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.meta.update({"name": "placement_detector", "version": "1.0.0", "spacy_version": ">=3.7.4,<4",
                     "description": "mailaudit: does a mail ask for an ad placement (rules/models/README.md)"})
    nlp.to_disk(target, exclude=["vocab"])  # strings come back from the text; no need to ship them
    positives = sum(r["y"] for r in data)
    card = {
        "trained_by": "bench/train_detector.py --write",
        "sets": sorted({r["set"] for r in data}),
        "mails": len(data), "with_instruction": positives,
        "epochs": EPOCHS, "seeds": list(range(SEED, SEED + SEEDS)), "averaged": "weights", "architecture": ARCHITECTURE,
        "scripts": scripts(data),
    }
    (target / "training.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target} ({len(data)} mails, {positives} with an instruction)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cross", action="store_true", help="leave-one-batch-out figures")
    parser.add_argument("--write", action="store_true", help="train on all development sets and write the model")
    parser.add_argument("--out-of-fold", action="store_true",
                        help="the whole extractor over development with out-of-fold odds")
    parser.add_argument("--threshold", type=float, default=None, help="rescue threshold (default: the shipped one)")
    parser.add_argument("--card-scripts", action="store_true",
                        help="list on the shipped model's card the scripts its training mail is written in")
    args = parser.parse_args(argv)
    from mailaudit.extract.extract import RESCUE_AT

    if args.card_scripts:
        card_scripts()
        return 0
    data = rows(accuracy.DEVELOPMENT)
    assert not {r["set"] for r in data} & set(accuracy.HELD_OUT)
    if args.cross:
        cross(data, args.threshold if args.threshold is not None else RESCUE_AT)
    if args.out_of_fold:
        out_of_fold(data)
    if args.write:
        write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
