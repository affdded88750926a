"""Lint benchmarks (issue 2): cold `mailaudit lint one.eml`, warm per-message
lint in-process, and parse+lint throughput over ../shared/corpora on one core.

Run: .venv/bin/python bench/bench_lint.py   (prints a Markdown table)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT))

from mailaudit.engine.linter import Linter, lint_message  # noqa: E402
from mailaudit.mail.parse import parse_bytes  # noqa: E402
from mailaudit.sources.paths import RawInput, is_mbox, iter_mbox  # noqa: E402

PLAIN = b"To: tom@example.com\nSubject: June schedule\n\nHi Tom,\nplease confirm the June schedule.\nThanks,\nAnn\n"
# A second request announced as a new matter makes body-multiple-topics tokenise (spaCy + jieba).
NLP = ("To: wang@example.cn\nSubject: 6月排期\n\n王经理，您好！\n\n请确认6月首页banner排期。\n\n"
       "另外，5月的发票还没有开，麻烦财务同事跟进一下报销流程。\n\n谢谢！\n张三\n").encode()


def cold(raw: bytes, runs: int = 7) -> float:
    with tempfile.NamedTemporaryFile(suffix=".eml") as fh:
        fh.write(raw)
        fh.flush()
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            # this tree's package, whichever environment runs the bench (a worktree has no .venv
            # of its own, and an editable install's console script imports the tree it was made from)
            subprocess.run([sys.executable, "-m", "mailaudit", "lint", fh.name], capture_output=True, check=False,
                           cwd=ROOT)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def corpus() -> list[RawInput]:
    out = []
    for path in sorted(p for p in CORPORA.rglob("*") if p.is_file()):
        if path.name.endswith(".md") or path.name.startswith("UPSTREAM"):
            continue
        out.extend(iter_mbox(path) if is_mbox(path) else [RawInput(str(path), path.read_bytes())])
    return out


def main() -> None:
    rows = [("cold `mailaudit lint` (no spaCy needed), median of 7", f"{cold(PLAIN):.3f} s"),
            ("cold `mailaudit lint` (spaCy + jieba needed), median of 7", f"{cold(NLP):.3f} s")]
    linter = Linter()
    msg = parse_bytes(PLAIN)
    lint_message(msg, linter)
    n = 2000
    t = time.perf_counter()
    for _ in range(n):
        lint_message(parse_bytes(PLAIN), linter)
    rows.append(("warm parse+lint per message, in-process", f"{(time.perf_counter() - t) / n * 1000:.2f} ms"))
    if CORPORA.is_dir():
        items = corpus()
        t = time.perf_counter()
        for it in items:
            lint_message(parse_bytes(it.data, it.source), linter)
        dt = time.perf_counter() - t
        rows.append((f"throughput over ../shared/corpora ({len(items)} msgs, one core)", f"{len(items) / dt:.0f} msg/s"))
    print("| measurement | result |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()
