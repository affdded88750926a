"""The scan's results on a fixed corpus, kept as a golden file: speed work must
not change a single finding or evidence record.

The corpus: ../shared/tools/gen_corpus.py at a fixed seed (Chinese and English,
GB* charsets, HTML alternatives, attachments), every .eml under tests/data, and
a fixed sample of ../shared/corpora (Enron, the parser-test corpora, the first
messages of the EROFS list). It is scanned with the default rules into a fresh
store; for every message the golden keeps its findings (rule, level, part,
span, excerpt, a digest of the text), its evidence records (canonical JSON, as
in the ledger) and a digest of its stored row (text, body, signature,
language, addresses, ...), plus the problems.

When judgement changes on purpose (rules, vocabularies, extraction), write the
golden again and review the diff:

    .venv/bin/python -m tests.golden --write

`tests/test_golden.py` compares a scan (one process, and two workers) with it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mailbox
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
GEN = SHARED / "tools" / "gen_corpus.py"
GOLDEN = HERE / "data" / "golden" / "scan.jsonl"
WRITE_COMMAND = ".venv/bin/python -m tests.golden --write"

GEN_COUNT, GEN_SEED = 400, 7
ENRON_EVERY = 15  # every 15th Enron file (~200)
PARSER_CORPORA = ("cpython-test-email", "enmime", "mime4j", "mu", "notmuch", "ruby-mail",
                  "zbateson-mail-mime-parser", "flanker", "mail-parser")
PARSER_MAX_BYTES = 300_000
EROFS_FIRST = 150


def available() -> str | None:
    """Why the golden corpus cannot be built here (None: it can)."""
    if not GEN.exists():
        return f"{GEN} not found"
    if not (SHARED / "corpora").is_dir():
        return f"{SHARED / 'corpora'} not found"
    return None


def build_corpus(dest: Path) -> Path:
    """The fixed corpus as one Maildir under `dest`; returns the Maildir."""
    md = dest / "maildir"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True, exist_ok=True)

    def put(name: str, data: bytes) -> None:
        (md / "cur" / f"{name}:2,S").write_bytes(data)

    gen = dest / "gen"
    subprocess.run([sys.executable, str(GEN), "--out", str(gen), "--count", str(GEN_COUNT),
                    "--extra", "0", "--seed", str(GEN_SEED)], check=True,
                   stdout=subprocess.DEVNULL)
    for sub in ("cur", "new"):
        for f in sorted((gen / "maildir" / sub).iterdir()):
            put("gen-" + f.name.split(":")[0], f.read_bytes())
    for f in sorted((HERE / "data").rglob("*.eml")):
        put("data-" + str(f.relative_to(HERE / "data")).replace("/", "-"), f.read_bytes())
    corpora = SHARED / "corpora"
    enron = sorted(p for p in (corpora / "enron").rglob("*") if p.is_file()
                   and not p.name.startswith(("README", "SOURCE", "UPSTREAM", "LICENSE")))
    for n, f in enumerate(enron[::ENRON_EVERY]):
        put(f"enron-{n:04d}", f.read_bytes())
    for name in PARSER_CORPORA:
        files = sorted(p for p in (corpora / name).rglob("*") if p.is_file()
                       and p.stat().st_size <= PARSER_MAX_BYTES
                       and not p.name.startswith(("README", "SOURCE", "UPSTREAM", "LICENSE")))
        for n, f in enumerate(files):
            put(f"{name}-{n:04d}", f.read_bytes())
    erofs = sorted(p for p in (corpora / "erofs-mailing-list").rglob("*") if p.is_file()
                   and not p.name.startswith(("README", "SOURCE", "UPSTREAM", "LICENSE")))
    n = 0
    for f in erofs:
        for msg in mailbox.mbox(str(f)):
            if n >= EROFS_FIRST:
                break
            put(f"erofs-{n:04d}", msg.as_bytes())
            n += 1
    return md


def scan(maildir: Path, work: Path, workers: int) -> Path:
    """`mailaudit scan` of `maildir` into a fresh store with the default rules."""
    db = work / f"golden-{workers}.db"
    for p in work.glob(db.name + "*"):
        p.unlink()
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local"), "MAILAUDIT_NO_DNS": "1"}
    env.pop("MAILAUDIT_CONFIG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mailaudit", "scan", "--maildir", str(maildir), "--db", str(db),
         "--workers", str(workers), "--format", "json"],
        cwd=work, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"scan failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return db


def _digest(value) -> str:
    if isinstance(value, bytes):
        data = value
    else:
        data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def snapshot(db: Path) -> list[dict]:
    """One dict per stored message (and per problem), sorted: what the golden holds."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        keys: dict[str, list[str]] = {}
        for key, sha in conn.execute("SELECT key, sha256 FROM locations"):
            keys.setdefault(sha, []).append(key.split(":")[0])
        cols = [r[1] for r in conn.execute("PRAGMA table_info(messages)") if r[1] not in ("raw", "id")]
        rows = {r[0]: r for r in conn.execute(f"SELECT {', '.join(cols)} FROM messages")}
        findings: dict[str, list] = {}
        for sha, rule, level, message, part, start, end, excerpt in conn.execute(
            "SELECT sha256, rule, level, message, part, span_start, span_end, excerpt"
            " FROM findings ORDER BY sha256, seq"
        ):
            findings.setdefault(sha, []).append([rule, level, part, start, end, excerpt, _digest(message)])
        evidence: dict[str, list] = {}
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "evidence_instructions" in tables:
            for sha, _idx, record in conn.execute(
                "SELECT sha256, idx, record FROM evidence_instructions ORDER BY sha256, idx"
            ):
                record = json.loads(record)
                if isinstance(record.get("source"), str):  # names the scratch Maildir
                    record["source"] = record["source"].rsplit(";", 1)[-1]
                evidence.setdefault(sha, []).append(record)
        out = []
        for sha, row in rows.items():
            fields = dict(zip(cols, row, strict=True))
            out.append({
                "keys": sorted(keys.get(sha, [])),
                "sha256": sha[:16],
                "language": fields["language"],
                "row": _digest(fields),
                "findings": findings.get(sha, []),
                "evidence": evidence.get(sha, []),
            })
        for key, stage, reason in conn.execute("SELECT key, stage, reason FROM problems"):
            out.append({"problem": key.split(":")[0], "stage": stage, "reason": reason})
    finally:
        conn.close()
    return sorted(out, key=lambda d: (d.get("keys") or [d.get("problem", "")], d.get("sha256", "")))


def dumps(snap: list[dict]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False, sort_keys=True) + "\n" for d in snap)


def current(workers: int, work: Path | None = None) -> str:
    """The golden text of a scan of the fixed corpus by this tree."""
    with tempfile.TemporaryDirectory(prefix="mailaudit-golden-") as tmp:
        base = Path(work or tmp)
        md = build_corpus(base / "corpus") if not (base / "corpus" / "maildir").is_dir() \
            else base / "corpus" / "maildir"
        return dumps(snapshot(scan(md, base, workers)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help=f"write {GOLDEN.relative_to(REPO)}")
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    reason = available()
    if reason:
        sys.exit(reason)
    text = current(args.workers)
    if args.write:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN} ({text.count(chr(10))} lines)")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
