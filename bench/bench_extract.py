"""Benchmark placement extraction (mailaudit/extract/extract.py).

    .venv/bin/python bench/bench_extract.py [--rounds 20] [--write]

1. Cold start: the first extract() in a process (spaCy import, the jieba
   dictionary, the matchers).
2. The labelled placement mails of tests/data/evidence (almost all pass the
   prefilter, so this is the cost of the NLP): messages per second, warm.
3. ../shared/corpora (ordinary mail, no placement instructions): messages per
   second, and how many passed the cheap prefilter, i.e. how much of a
   mailbox scan pays for the NLP; instructions found there are listed (they
   would be false positives).

Messages are parsed before timing: only extraction is measured, on one core.
--write puts the markdown section into bench/RESULTS.md between the extract markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mailaudit.extract.extract import extract, looks_like_placement  # noqa: E402
from mailaudit.mail.parse import parse_bytes  # noqa: E402
from mailaudit.sources.paths import iter_inputs  # noqa: E402

START, END = "<!-- extract:start -->", "<!-- extract:end -->"
MAILS = ROOT / "tests" / "data" / "evidence"
CORPORA = ROOT.parent / "shared" / "corpora"


def parse_all(paths: list[str]) -> list:
    return [parse_bytes(item.data, item.source, base_dir=item.base_dir) for item in iter_inputs(paths)]


def rate(messages: list, rounds: int) -> float:
    t0 = time.perf_counter()
    for _ in range(rounds):
        for m in messages:
            extract(m)
    return rounds * len(messages) / (time.perf_counter() - t0)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the labelled mails")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()

    labelled = parse_all([str(p) for p in sorted(MAILS.glob("*.eml"))])
    t0 = time.perf_counter()
    extract(labelled[0])
    cold = time.perf_counter() - t0
    labelled_rate = rate(labelled, args.rounds)
    with_ins = sum(bool(extract(m)) for m in labelled)

    corpus = parse_all([str(CORPORA)]) if CORPORA.is_dir() else []
    passed = [m for m in corpus if looks_like_placement(m)]
    t0 = time.perf_counter()
    found = [(m, extract(m)) for m in corpus]
    corpus_secs = time.perf_counter() - t0
    false_pos = [(m, ins) for m, ins in found if ins]
    corpus_rate = len(corpus) / corpus_secs if corpus_secs else 0.0

    rows = [
        ("cold start: first extract() (spaCy, jieba dictionary, matchers)", f"{cold:.2f} s"),
        (f"labelled placement mails ({len(labelled)} msgs, {with_ins} with instructions), warm",
         f"{labelled_rate:.0f} msg/s ({1000 / labelled_rate:.2f} ms/msg)"),
        (f"shared/corpora ({len(corpus)} msgs of ordinary mail)", f"{corpus_rate:.0f} msg/s"),
        ("  of which passed the prefilter (paid for the NLP)", f"{len(passed)} ({100 * len(passed) / max(1, len(corpus)):.1f} %)"),
        ("  instructions found there (false positives)", f"{sum(len(i) for _, i in false_pos)} in {len(false_pos)} msgs"),
    ]
    section = [
        START,
        "## Placement extraction (issue 4) — `bench/bench_extract.py`",
        "",
        f"{dt.date.today().isoformat()}, {machine()}. Parsing is not timed; one core.",
        "",
        "| measurement | result |",
        "|---|---|",
        *(f"| {a} | {b} |" for a, b in rows),
        "",
    ]
    if false_pos:
        section.append("Instructions found in the corpora (each is a false positive to look at):")
        section.append("")
        for m, ins in false_pos[:10]:
            rel = os.path.relpath(m.source, ROOT.parent) if os.path.isabs(m.source) else m.source
            section.append(f"- `{rel}`: " + "; ".join(
                f"{i.action} {','.join(i.slot_keys) or '-'} {i.start or ''}..{i.end or ''} {i.advertiser or ''}".strip()
                for i in ins))
        section.append("")
    section.append(END)
    text = "\n".join(section) + "\n"
    print(text)
    if args.write:
        path = ROOT / "bench" / "RESULTS.md"
        old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
        if START in old and END in old:
            before, rest = old.split(START, 1)
            after = rest.split(END, 1)[1].lstrip("\n")
            old = before + text + ("\n" + after if after else "")
        else:
            old = old.rstrip("\n") + "\n\n" + text
        path.write_text(old, encoding="utf-8")


if __name__ == "__main__":
    main()
