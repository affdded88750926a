#!/usr/bin/env python3
"""Where a scan's time goes, per message: one process, the scan's own functions.

Times each stage of `scan.run.process_mail` and of the store write for N
messages of the synthetic corpus (bench_scan.py's, cached under bench/out/scan/),
each rule of the default set separately, and prints a cProfile of the same work
(top functions by own time). Warm: the linter is built and warmed first (as the
scan does before forking its workers), and that start-up is reported apart.

    .venv/bin/python bench/profile_scan.py --count 3000 --n 1000
    .venv/bin/python bench/profile_scan.py --n 1000 --cprofile 30
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))
os.environ.setdefault("MAILAUDIT_NO_DNS", "1")


def mails(count: int, n: int) -> list[bytes]:
    from bench_scan import synthetic

    md, _ = synthetic(count, 1000)
    files = sorted((md / "cur").iterdir()) + sorted((md / "new").iterdir())
    return [f.read_bytes() for f in files[:n]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=3000, help="synthetic corpus size (cached)")
    ap.add_argument("--n", type=int, default=1000, help="messages to profile")
    ap.add_argument("--cprofile", type=int, default=25, help="top N functions by own time (0: none)")
    ap.add_argument("--dump", type=Path, help="also write the cProfile stats to this file (pstats)")
    args = ap.parse_args()

    raw = mails(args.count, args.n)
    t0 = time.process_time()
    from mailaudit.config import Settings
    from mailaudit.engine.kinds import CheckContext
    from mailaudit.evidence.ingest import ingest_items, prepare_for_scan
    from mailaudit.mail.parse import parse_bytes
    from mailaudit.scan.run import build_linter, warm_linter
    from mailaudit.sources.base import FolderState
    from mailaudit.store.store import Location, Store, record_from_message

    settings = Settings()
    t_import = time.process_time() - t0
    t0 = time.process_time()
    linter = build_linter(settings)
    t_build = time.process_time() - t0
    t0 = time.process_time()
    warm_linter(linter)
    t_warm = time.process_time() - t0

    stages: dict[str, float] = defaultdict(float)
    per_rule: dict[str, float] = defaultdict(float)
    records, evidence = [], []

    def one(data: bytes) -> None:
        t = time.process_time()
        sha = hashlib.sha256(data).hexdigest()
        t1 = time.process_time()
        stages["sha256"] += t1 - t
        msg = parse_bytes(data, "x", max_text=settings.lint.max_text_bytes)
        t2 = time.process_time()
        stages["parse (mail/)"] += t2 - t1
        # Linter.check, rule by rule (the same loop, timed)
        findings = []
        for rule, fn, options in linter._plan:
            ta = time.process_time()
            ctx = CheckContext(message=msg, settings=settings, options=options)
            hits = list(fn(rule, ctx))
            per_rule[rule.id] += time.process_time() - ta
            findings.extend(hits)
        t3 = time.process_time()
        stages["rules (Linter.check)"] += t3 - t2
        real = linter.check(msg)  # for the record rows (cheap second run not timed above)
        t3b = time.process_time()
        rec = record_from_message(msg, data, sha, real)
        t4 = time.process_time()
        stages["record row (store/records)"] += t4 - t3b
        ev = prepare_for_scan(msg, data, sha, settings)
        t5 = time.process_time()
        stages["evidence prepare (extract, DKIM)"] += t5 - t4
        records.append(rec)
        if ev is not None:
            evidence.append(ev)

    t0 = time.process_time()
    prof = cProfile.Profile() if args.cprofile else None
    if prof:
        prof.enable()
    for data in raw:
        one(data)
    if prof:
        prof.disable()
        if args.dump:
            prof.dump_stats(str(args.dump))

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "p.db")
        t0 = time.process_time()
        for start in range(0, len(records), 200):
            chunk = records[start:start + 200]
            with store.transaction():
                store.commit_batch(
                    FolderState("bench", "INBOX", last_uid=start),
                    chunk,
                    [Location("bench", "INBOX", str(i + start), r.sha256) for i, r in enumerate(chunk)],
                )
                evs = [e for e in evidence if e.sha256 in {r.sha256 for r in chunk}]
                if evs:
                    ingest_items(store, evs)
        stages["store (commit_batch + evidence intake)"] += time.process_time() - t0
        store.close()

    n = len(raw)
    total = sum(stages.values())
    print(f"{n} messages; imports {t_import:.2f} s, build linter {t_build:.2f} s, warm {t_warm:.2f} s")
    print("(CPU time of this process; rule time measured once per rule; the Linter.check rerun for rows is not counted)\n")
    print("| stage | CPU ms/msg | share |")
    print("|---|---:|---:|")
    for name, secs in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {secs / n * 1000:.2f} | {secs / total:.0%} |")
    print(f"| **total** | **{total / n * 1000:.2f}** | |\n")
    print("| rule | CPU ms/msg |")
    print("|---|---:|")
    for rid, secs in sorted(per_rule.items(), key=lambda kv: -kv[1])[:15]:
        print(f"| {rid} | {secs / n * 1000:.3f} |")
    if prof:
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(args.cprofile)
        print("\n```\n" + "\n".join(s.getvalue().splitlines()[:args.cprofile + 12]) + "\n```")


if __name__ == "__main__":
    main()
