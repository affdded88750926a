#!/usr/bin/env python3
"""Scan benchmark: `mailaudit scan` side by side with `notmuch new` and `mu index`.

On the same Maildir, in one run:

* initial index/scan: seconds, msg/s, peak RSS (os.wait4 rusage: the process
  and its reaped children, i.e. the largest of mailaudit's worker processes);
* no-change rescan;
* +N new messages (the generator's extra-maildir copied in);
* full-text queries, English and Chinese: latency and hit counts, with
  mailaudit's hits checked against a plain substring search (recall and
  precision), and the alternative design (FTS5 trigram + LIKE) measured too;
* optionally a full scan over IMAP from a loopback Dovecot (tests/dovecot.py).

Corpora: the synthetic one from ../shared/tools/gen_corpus.py (--count), and
../shared/corpora (all of its messages written into one Maildir).

    .venv/bin/python bench/bench_scan.py                       # 20,000 + 1,000
    .venv/bin/python bench/bench_scan.py --count 2000 --extra 200 --no-corpora
    .venv/bin/python bench/bench_scan.py --imap 5000 --write   # + IMAP, update RESULTS.md

notmuch and mu come from Debian (apt-get install notmuch maildir-utils); a tool
that is missing is skipped. Everything is written under bench/out/scan/.
"""

from __future__ import annotations

import argparse
import json
import mailbox
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
OUT = HERE / "out" / "scan"
sys.path.insert(0, str(REPO))

EN_QUERIES = ["budget", "invoice", "deadline", "migration", "quarterly", "Patel"]
ZH_QUERIES = ["票", "合同", "服务器", "截止日期", "人工智能", "信息安全", "季度报告", "客户要求提供"]
# Xapian (notmuch, mu) splits CJK into n-grams only when this is set.
TOOL_ENV = {"XAPIAN_CJK_NGRAM": "1", "LC_ALL": "C.UTF-8"}


@dataclass
class Run:
    seconds: float
    maxrss_mb: float
    rc: int
    out: str


def run(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run `cmd`; wall time and peak RSS of it and its children (wait4)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, text)


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()[:10]
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. `nproc`: {os.cpu_count()}, "
        f"{mem:.0f} GiB RAM, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"load average at start: {load}.",
        "",
        "```",
        *lscpu,
        "```",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------- corpora
def synthetic(count: int, extra: int, seed: int = 42) -> tuple[Path, Path]:
    base = OUT / f"gen-{count}-{extra}-{seed}"
    if not (base / "manifest.jsonl").exists():
        tool = SHARED / "tools" / "gen_corpus.py"
        if not tool.exists():
            sys.exit(f"{tool} not found: the synthetic corpus needs ../shared/tools/gen_corpus.py")
        shutil.rmtree(base, ignore_errors=True)
        subprocess.run([sys.executable, str(tool), "--out", str(base), "--count", str(count),
                        "--extra", str(extra), "--seed", str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
    return base / "maildir", base / "extra-maildir"


def shared_corpora_maildir() -> Path | None:
    """Every message of ../shared/corpora as one Maildir (mbox files split)."""
    root = SHARED / "corpora"
    if not root.is_dir():
        return None
    target = OUT / "shared-corpora-maildir"
    if (target / "cur").is_dir():
        return target
    for sub in ("cur", "new", "tmp"):
        (target / sub).mkdir(parents=True, exist_ok=True)
    n = 0

    def put(data: bytes) -> None:
        nonlocal n
        n += 1
        (target / "cur" / f"{1700000000 + n}.M{n}P1.bench:2,S").write_bytes(data)

    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(("SOURCE", "UPSTREAM", "README", "LICENSE")):
            continue
        head = path.read_bytes()[:5]
        if head == b"From " or path.suffix == ".mbox" or path.name.startswith("mbox."):
            for msg in mailbox.mbox(str(path)):
                put(msg.as_bytes())
        else:
            put(path.read_bytes())
    return target


def fresh_copy(src: Path, dst: Path) -> Path:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    return dst


def warm_cache(maildir: Path) -> None:
    for path in maildir.rglob("*"):
        if path.is_file():
            path.read_bytes()


def count_messages(maildir: Path) -> int:
    return sum(len(os.listdir(maildir / sub)) for sub in ("cur", "new"))


# ----------------------------------------------------------------- tools
class Mailaudit:
    name = "mailaudit scan"

    def __init__(self, work: Path, maildir: Path, workers: int | None):
        self.db = work / "mailaudit.db"
        self.maildir = maildir
        self.workers = workers
        self.inner: list[float] = []

    def available(self) -> bool:
        return True

    def setup(self) -> None:
        for p in self.db.parent.glob(self.db.name + "*"):
            p.unlink()

    def index(self) -> Run:
        cmd = [sys.executable, "-m", "mailaudit", "scan", "--maildir", str(self.maildir),
               "--db", str(self.db), "--format", "json"]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        result = run(cmd)
        if result.rc == 0:
            self.inner.append(json.loads(result.out[result.out.index("{"):])["seconds"])
        return result


MACHINERY = """
import sys
import mailaudit.evidence.ingest as ingest
import mailaudit.scan.run as scan

class NoRules:
    rules = []
    def check(self, message):
        return []

scan.build_linter = lambda settings: NoRules()
ingest.prepare_for_scan = lambda *args, **kwargs: None
from mailaudit.cli import main
sys.argv = ["mailaudit", *sys.argv[1:]]
main()
"""


class MailauditMachinery(Mailaudit):
    """The same scan with no rules and no evidence extraction: what the scan
    itself (read, hash, parse, store, index) costs."""

    name = "mailaudit scan, rules off"

    def __init__(self, work: Path, maildir: Path, workers: int | None):
        super().__init__(work, maildir, workers)
        self.db = work / "mailaudit-norules.db"

    def index(self) -> Run:
        cmd = [sys.executable, "-c", MACHINERY, "scan", "--maildir", str(self.maildir),
               "--db", str(self.db), "--format", "json"]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        result = run(cmd)
        if result.rc == 0:
            self.inner.append(json.loads(result.out[result.out.index("{"):])["seconds"])
        return result


class Notmuch:
    name = "notmuch new"

    def __init__(self, work: Path, maildir: Path):
        self.work, self.maildir = work / "notmuch", maildir
        self.config = work / "notmuch-config"
        self.env = {**TOOL_ENV, "NOTMUCH_CONFIG": str(self.config)}

    def available(self) -> bool:
        return shutil.which("notmuch") is not None

    def setup(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        self.config.write_text(
            f"[database]\npath={self.work}\nmail_root={self.maildir}\n"
            "[user]\nname=Bench\nprimary_email=bench@example.com\n"
            "[new]\ntags=inbox;\nignore=\n[search]\nexclude_tags=\n"
            "[maildir]\nsynchronize_flags=false\n"
        )

    def index(self) -> Run:
        return run(["notmuch", "new", "--quiet"], self.env)

    def count(self, query: str) -> tuple[int, float]:
        r = run(["notmuch", "count", "--output=messages", query], self.env)
        return int(r.out.strip() or 0), r.seconds


class Mu:
    name = "mu index"

    def __init__(self, work: Path, maildir: Path):
        self.home, self.maildir = work / "mu", maildir
        self.env = dict(TOOL_ENV)

    def available(self) -> bool:
        return shutil.which("mu") is not None

    def setup(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)
        subprocess.run(["mu", "init", f"--muhome={self.home}", f"--maildir={self.maildir}",
                        "--quiet"], check=True, env={**os.environ, **self.env},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def index(self) -> Run:
        return run(["mu", "index", f"--muhome={self.home}", "--quiet"], self.env)

    def count(self, query: str) -> tuple[int, float]:
        r = run(["mu", "find", f"--muhome={self.home}", "--fields=l", query], self.env)
        hits = 0 if r.rc != 0 else sum(1 for line in r.out.splitlines() if line.strip())
        return hits, r.seconds


# ---------------------------------------------------------------- phases
def index_phases(maildir: Path, extra: Path | None, work: Path, workers: int | None):
    """Initial / no-change / +extra for each tool. Returns (tools, rows)."""
    tools = [Mailaudit(work, maildir, workers), Notmuch(work, maildir), Mu(work, maildir),
             MailauditMachinery(work, maildir, workers)]
    tools = [t for t in tools if t.available()]
    n = count_messages(maildir)
    warm_cache(maildir)
    rows: dict[str, dict[str, str]] = {t.name: {} for t in tools}
    for t in tools:
        t.setup()
        r = t.index()
        rows[t.name]["initial"] = f"{r.seconds:.1f} s, {n / r.seconds:,.0f} msg/s" + (
            "" if r.rc == 0 else f" (exit {r.rc})")
        rows[t.name]["rss"] = f"{r.maxrss_mb:,.0f} MB"
        print(f"  {t.name}: initial {r.seconds:.1f} s rc={r.rc} rss={r.maxrss_mb:.0f} MB", flush=True)
    for t in tools:
        times = [t.index().seconds for _ in range(3)]
        best = min(times)
        rows[t.name]["nochange"] = f"{best:.3f} s"
        if isinstance(t, Mailaudit):
            rows[t.name]["nochange"] += f" (scan itself {min(t.inner[-3:]):.3f} s)"
        print(f"  {t.name}: no-change {times}", flush=True)
    if extra is not None:
        added = 0
        for sub in ("cur", "new"):
            for f in (extra / sub).iterdir():
                shutil.copy2(f, maildir / sub / f.name)
                added += 1
        warm_cache(maildir)
        for t in tools:
            r = t.index()
            rows[t.name]["extra"] = f"{r.seconds:.2f} s"
            if isinstance(t, Mailaudit):
                rows[t.name]["extra"] += f" (scan itself {t.inner[-1]:.2f} s)"
            print(f"  {t.name}: +{added} {r.seconds:.2f} s", flush=True)
        rows["_added"] = {"n": str(added)}
    return tools, rows


def _median_time(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def query_phase(tools, queries: list[str]) -> tuple[list[str], dict]:
    from mailaudit.store.store import Store

    ma = tools[0]
    store = Store.open(ma.db, create=False)
    lines = ["| query | substring hits (time) | mailaudit hits | recall / precision vs substring "
             "| mailaudit count / all hits / first 50 | notmuch hits (time) | mu hits (time) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    totals = {"zh_recall_ok": True}
    for q in queries:
        substring = store.substring_search(q)
        t_sub = _median_time(lambda q=q: store.substring_search(q), 3)
        hits = store.search_hashes(q)
        t_count = _median_time(lambda q=q: store.search_count(q))
        t_all = _median_time(lambda q=q: store.search(q, limit=None))
        t_50 = _median_time(lambda q=q: store.search(q, limit=50))
        both = len(hits & substring)
        recall = both / len(substring) if substring else 1.0
        precision = both / len(hits) if hits else 1.0
        if re.search(r"[\u4e00-\u9fff]", q) and recall < 1.0:
            totals["zh_recall_ok"] = False
        cells = [f"`{q}`", f"{len(substring):,} ({t_sub * 1000:.0f} ms)", f"{len(hits):,}",
                 f"{recall:.3f} / {precision:.3f}",
                 f"{t_count * 1000:.1f} / {t_all * 1000:.1f} / {t_50 * 1000:.1f} ms"]
        for tool in [t for t in tools if hasattr(t, "count")]:
            n, secs = tool.count(q)
            cells.append(f"{n:,} ({secs * 1000:.0f} ms)")
        while len(cells) < 7:
            cells.append("–")
        lines.append("| " + " | ".join(cells) + " |")
        print("  " + lines[-1], flush=True)
    store.close()
    return lines, totals


def trigram_alternative(db: Path, queries: list[str]) -> list[str]:
    """The design not taken: FTS5 trigram over the raw text (+ LIKE for 1-2 chars)."""
    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        copy = Path(tmp) / "t.db"
        src = sqlite3.connect(db)
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        src.close()
        shutil.copy(db, copy)
        conn = sqlite3.connect(copy)
        before = copy.stat().st_size
        start = time.perf_counter()
        conn.execute("CREATE VIRTUAL TABLE tri USING fts5(doc, content='', tokenize='trigram')")
        conn.execute("INSERT INTO tri(rowid, doc) SELECT id, subject || char(10) || from_name || "
                     "char(10) || from_email || char(10) || to_addrs || char(10) || cc_addrs || "
                     "char(10) || attachments || char(10) || text FROM messages")
        conn.commit()
        build = time.perf_counter() - start
        conn.execute("VACUUM")
        grown = copy.stat().st_size - before
        ours = conn.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'messages_fts%'").fetchone()[0] \
            if _has_dbstat(conn) else None
        lines = [
            f"Trigram index: built in {build:.1f} s, {grown / 2**20:.0f} MB"
            + (f" (the chosen index: {ours / 2**20:.0f} MB)." if ours else "."),
            "",
            "| query | trigram hits | trigram time |",
            "|---|---:|---:|",
        ]
        for q in queries:
            if len(q) >= 3:
                sql, arg = "SELECT count(*) FROM tri WHERE tri MATCH ?", '"' + q.replace('"', '""') + '"'
            else:  # too short for trigrams: a scan of the text
                sql = ("SELECT count(*) FROM messages WHERE instr(lower(subject || char(10) || "
                       "from_name || char(10) || from_email || char(10) || to_addrs || char(10) || "
                       "cc_addrs || char(10) || attachments || char(10) || text), lower(?)) > 0")
                arg = q
            n = conn.execute(sql, [arg]).fetchone()[0]
            t = _median_time(lambda sql=sql, arg=arg: conn.execute(sql, [arg]).fetchone())
            lines.append(f"| `{q}` | {n:,} | {t * 1000:.1f} ms{'' if len(q) >= 3 else ' (scan)'} |")
        conn.close()
    return lines


def _has_dbstat(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM dbstat LIMIT 1")
        return True
    except sqlite3.OperationalError:
        return False


def imap_phase(n: int, maildir: Path, workers: int | None) -> list[str]:
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from dovecot import Dovecot, unavailable_reason
    except ImportError as exc:
        return [f"IMAP: skipped ({exc})."]
    reason = unavailable_reason()
    if reason:
        return [f"IMAP: skipped ({reason})."]
    server = Dovecot()
    try:
        server.start()
        user, password = server.add_user()
        files = sorted((maildir / "cur").iterdir())[:n]
        server.deliver(user, [f.read_bytes() for f in files])
        work = OUT / "imap"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        (work / "mailaudit.toml").write_text(
            f'[accounts.bench]\nkind = "imap"\nhost = "127.0.0.1"\nport = {server.imaps_port}\n'
            f'username = "{user}"\npassword_env = "BENCH_IMAP_PW"\nca_file = "{server.cert}"\n'
            f'batch_size = 500\n\n[store]\npath = "audit.db"\n'
            + (f"\n[scan]\nworkers = {workers}\n" if workers else ""))
        env = {"BENCH_IMAP_PW": password}
        first = run([sys.executable, "-m", "mailaudit", "scan", "--format", "json"], env, cwd=work)
        again = min((run([sys.executable, "-m", "mailaudit", "scan", "--format", "json"], env,
                         cwd=work) for _ in range(3)), key=lambda r: r.seconds)
        inner = json.loads(again.out[again.out.index("{"):])["seconds"]
        return [
            f"IMAP (loopback Dovecot, implicit TLS, {len(files):,} messages of the synthetic corpus): "
            f"full scan {first.seconds:.1f} s = **{len(files) / first.seconds:,.0f} msg/s** "
            f"(exit {first.rc}, peak RSS {first.maxrss_mb:.0f} MB); no-change rescan "
            f"{again.seconds:.2f} s for the command, {inner:.3f} s for the scan itself "
            "(one STATUS)."
        ]
    finally:
        server.cleanup()


# ------------------------------------------------------------------ main
def section(title: str, maildir: Path, extra: Path | None, workers: int | None,
            queries: bool) -> list[str]:
    n = count_messages(maildir)
    print(f"{title}: {n:,} messages", flush=True)
    work = OUT / re.sub(r"\W+", "-", title.lower())
    work.mkdir(parents=True, exist_ok=True)
    copy = fresh_copy(maildir, work / "maildir")
    tools, rows = index_phases(copy, extra, work, workers)
    added = rows.pop("_added", {}).get("n")
    head = ["", "| | initial scan | peak RSS | no-change rescan |"
            + (f" +{added} new |" if added else ""),
            "|---|---:|---:|---:|" + ("---:|" if added else "")]
    for name, r in rows.items():
        head.append(f"| {name} | {r['initial']} | {r['rss']} | {r['nochange']} |"
                    + (f" {r.get('extra', '–')} |" if added else ""))
    out = [f"### {title} ({n:,} messages)", *head, ""]
    if queries:
        lines, totals = query_phase(tools, EN_QUERIES + ZH_QUERIES)
        out += ["Full-text queries (mailaudit: in-process `Store.search`, median of 5; notmuch/mu: "
                "one `notmuch count` / `mu find` process each, start-up included; "
                "XAPIAN_CJK_NGRAM=1 for both):", "", *lines, "",
                f"Every Chinese query finds what substring search finds: "
                f"**{'yes' if totals['zh_recall_ok'] else 'NO'}**.", ""]
        out += ["The alternative considered: FTS5 `trigram` over the raw text, with a LIKE scan "
                "for 1-2 character queries:", "", *trigram_alternative(tools[0].db, EN_QUERIES + ZH_QUERIES), ""]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--extra", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=None, help="mailaudit --workers (default: cores)")
    ap.add_argument("--imap", type=int, default=0, metavar="N", help="also scan N messages over IMAP")
    ap.add_argument("--no-corpora", action="store_true", help="skip ../shared/corpora")
    ap.add_argument("--write", action="store_true", help="replace the scan section of bench/RESULTS.md")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)

    md, extra = synthetic(args.count, args.extra)
    out = ["<!-- scan:start -->", "## Mailbox scan (issue 3) — `bench/bench_scan.py`", "", machine(), ""]
    out += section("Synthetic corpus (gen_corpus.py)", md, extra, args.workers, queries=True)
    if not args.no_corpora:
        real = shared_corpora_maildir()
        if real is not None:
            out += section("../shared/corpora", real, None, args.workers, queries=False)
    if args.imap:
        out += imap_phase(args.imap, md, args.workers) + [""]
    out.append("<!-- scan:end -->")
    text = "\n".join(out)
    (OUT / "results.md").write_text(text + "\n")
    print("\n" + text)
    if args.write:
        results = HERE / "RESULTS.md"
        old = results.read_text() if results.exists() else "# Benchmark results\n"
        if "<!-- scan:start -->" in old:
            new = re.sub(r"<!-- scan:start -->.*?<!-- scan:end -->", lambda _: text, old, flags=re.S)
        else:
            new = old.rstrip("\n") + "\n\n" + text + "\n"
        results.write_text(new)


if __name__ == "__main__":
    main()
