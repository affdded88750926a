#!/usr/bin/env python3
"""Check an evidence bundle exported by mailaudit, with nothing but Python.

Run it in the unpacked bundle (or pass the folder): it recomputes the SHA-256
of every .eml, every ledger entry hash and link up to the head, and compares
each record with the ledger entry that vouches for it. Exit status 0 when
everything matches, 1 otherwise.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def main(folder: Path) -> int:
    records = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    chain = json.loads((folder / "chain.json").read_text(encoding="utf-8"))
    problems: list[str] = []

    prev = None
    by_seq = {}
    for row in chain["entries"]:
        if prev is not None and row["prev_hash"] != prev["entry_hash"]:
            problems.append(f"entry {row['seq']}: prev_hash does not match entry {prev['seq']}")
        if prev is not None and row["seq"] != prev["seq"] + 1:
            problems.append(f"entry {row['seq']}: not consecutive with entry {prev['seq']}")
        if "body" in row:
            digest = hashlib.sha256((row["prev_hash"] + row["body"]).encode("utf-8")).hexdigest()
            if digest != row["entry_hash"]:
                problems.append(f"entry {row['seq']}: its hash does not match its body")
        by_seq[row["seq"]] = row
        prev = row
    if prev is not None and prev["entry_hash"] != chain["head"]["hash"]:
        problems.append("the last entry is not the head recorded at export")

    for rec in records["records"]:
        rid = rec["id"]
        eml = folder / rec["eml"] if rec.get("eml") else None
        if eml is None or not eml.is_file():
            problems.append(f"record #{rid}: its .eml file is missing")
        elif hashlib.sha256(eml.read_bytes()).hexdigest() != rec["sha256"]:
            problems.append(f"record #{rid}: {rec['eml']} does not hash to {rec['sha256']}")
        entry = by_seq.get(rid)
        if entry is None or "body" not in entry:
            problems.append(f"record #{rid}: its ledger entry is not in chain.json")
            continue
        body = json.loads(entry["body"])
        if body.get("sha256") != rec["sha256"]:
            problems.append(f"record #{rid}: the ledger entry names another message")
        if body.get("instruction") != rec["record"]:
            problems.append(f"record #{rid}: the record differs from its ledger entry")

    for p in problems:
        print("MISMATCH:", p)
    n = len(records["records"])
    if problems:
        print(f"{len(problems)} problem(s) in {n} record(s).")
        return 1
    print(f"OK: {n} record(s), {len(chain['entries'])} chain entries up to head "
          f"{chain['head']['seq']} {chain['head']['hash']}; every hash recomputed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)))
