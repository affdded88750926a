#!/usr/bin/env python3
"""Robustness benchmark (issue 9): peak memory and time of hostile mail.

* a scan over a fuzz set (tests/fuzz_mail.py: mutations of ../shared/corpora,
  seed 9; every 100th variant a text part of --big bytes): seconds, peak RSS
  (os.wait4: the process and the largest reaped worker), exit status, stored
  messages and problems;
* `mailaudit lint` and `mailaudit scan` of one mail with a 50 MB inline text part;
* a normal scan (gen_corpus.py, --normal messages) for throughput.

Each runs against this tree and, with --base REV, against that revision too
(extracted with `git archive` under bench/out/fuzz/, run with PYTHONPATH), so
before/after come from the same machine and hour.

    .venv/bin/python bench/bench_fuzz.py --count 2000 --base 8c85cc8
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out" / "fuzz"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(HERE))

from bench_scan import machine, run  # noqa: E402
from fuzz_mail import write_maildir  # noqa: E402


def tree(rev: str | None) -> Path:
    """PYTHONPATH root for `rev` (None: this working tree)."""
    if rev is None:
        return REPO
    dest = OUT / f"tree-{rev}"
    if not dest.exists():
        data = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=BytesIO(data)) as tar:
            tar.extractall(dest, filter="data")
    return dest


def scan(root: Path, md: Path, name: str, workers: int) -> dict:
    db = OUT / f"{name}.db"
    for p in OUT.glob(f"{name}.db*"):
        p.unlink()
    r = run([sys.executable, "-m", "mailaudit", "scan", "--maildir", str(md), "--db", str(db),
             "--workers", str(workers), "-q"], env={"PYTHONPATH": str(root)}, cwd=OUT)
    stored = problems = 0
    if db.exists():
        con = sqlite3.connect(db)
        stored = con.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
        problems = con.execute("SELECT COUNT(*) FROM problems").fetchone()[0]
    return {"seconds": round(r.seconds, 1), "peak_mb": round(r.maxrss_mb), "rc": r.rc,
            "stored": stored, "problems": problems}


def lint(root: Path, path: Path) -> dict:
    r = run([sys.executable, "-m", "mailaudit", "lint", str(path)],
            env={"PYTHONPATH": str(root)}, cwd=OUT)
    return {"seconds": round(r.seconds, 1), "peak_mb": round(r.maxrss_mb), "rc": r.rc}


def big_mail(size: int) -> bytes:
    line = b"Please confirm the banner slot for Friday and the budget for June.\r\n"
    return (b"From: Al <al@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: big\r\n"
            b"Message-ID: <big@bench.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + line * (size // len(line)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=2000, help="fuzz variants")
    ap.add_argument("--big", type=int, default=6 * 2**20, help="size of the big-text variants")
    ap.add_argument("--normal", type=int, default=2000, help="gen_corpus messages for throughput")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--base", help="also run this git revision (before)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    fuzz = OUT / f"fuzz-{args.count}"
    if not fuzz.exists():
        write_maildir(fuzz, args.count, seed=9, big=args.big, every_big=100)
    one = OUT / "big50"
    if not one.exists():
        for sub in ("cur", "new", "tmp"):
            (one / sub).mkdir(parents=True)
        (one / "cur" / "1.big:2,S").write_bytes(big_mail(50 * 2**20))
    normal = OUT / f"normal-{args.normal}"
    if not normal.exists():
        subprocess.run([sys.executable, str(REPO.parent / "shared" / "tools" / "gen_corpus.py"),
                        "--out", str(normal), "--count", str(args.normal), "--extra", "0"], check=True,
                       capture_output=True)
    results: dict[str, dict] = {}
    for label, rev in (("after", None), *((("before", args.base),) if args.base else ())):
        root = tree(rev)
        results[label] = {
            "fuzz_scan": scan(root, fuzz, f"fuzz-{label}", args.workers),
            "big_lint": lint(root, one / "cur" / "1.big:2,S"),
            "big_scan": scan(root, one, f"big-{label}", 1),
            "normal_scan": scan(root, normal / "maildir", f"normal-{label}", args.workers),
        }
        n = results[label]["normal_scan"]
        n["msg_per_s"] = round(n["stored"] / n["seconds"]) if n["seconds"] else 0
        print(label, json.dumps(results[label]), flush=True)
    print(machine())
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(OUT / "tmp", ignore_errors=True)


if __name__ == "__main__":
    main()
