"""`mailaudit web` page latency (issue 13): server time per page, p50 and p95,
on a 100,000-record evidence store and a 20,000-message scan store.

Server time is what the app reports in its Server-Timing header: from the
request reaching the app to the response built (store reads, rendering), the
same number a browser's devtools show. Requests go through Starlette's
in-process test client, so the figures do not include a network.

The evidence store is synthesised as bench/bench_evidence.py does (threads of
instructions, Chinese and English, raw messages kept); the scan store is
../shared/tools/gen_corpus.py's Maildir scanned by `mailaudit scan`. Both are
kept in --work and reused by later runs.

Run: .venv/bin/python bench/bench_web.py [--records 100000] [--messages 20000] [--rounds 20]
(prints a Markdown section for bench/RESULTS.md)
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_evidence import EN_HEADS, SLOTS, ZH_HEADS, signing_key, synthesise  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from mailaudit.config import Settings  # noqa: E402
from mailaudit.store.store import Store  # noqa: E402
from mailaudit.web.app import WebConfig, create_app  # noqa: E402

SHARED = ROOT.parent / "shared"


def evidence_store(work: Path, records: int) -> Path:
    path = work / f"evidence-{records}.db"
    if not path.exists():
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as keys, Store.open(part) as store:
            synthesise(store, records, key=signing_key(Path(keys)))
        part.rename(path)
        print(f"(built {path.name} in {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return path


def scan_store(work: Path, messages: int) -> Path:
    path = work / f"scan-{messages}.db"
    if not path.exists():
        corpus = work / f"gen-{messages}"
        if not (corpus / "maildir").exists():
            subprocess.run([sys.executable, str(SHARED / "tools" / "gen_corpus.py"), "--out", str(corpus),
                            "--count", str(messages), "--extra", "0", "--seed", "42"],
                           check=True, stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        env = {**os.environ, "MAILAUDIT_NO_DNS": "1"}
        done = subprocess.run([str(ROOT / ".venv" / "bin" / "mailaudit"), "scan", "--maildir",
                               str(corpus / "maildir"), "--db", str(part)], env=env, stdout=subprocess.DEVNULL)
        if done.returncode not in (0, 1):
            sys.exit(f"scan failed ({done.returncode})")
        part.rename(path)
        print(f"(scanned {messages} messages in {time.perf_counter() - t0:.0f} s)", file=sys.stderr)
    return path


def server_ms(client: TestClient, url: str) -> float:
    response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url}: {response.status_code} {response.text[:200]}")
    return float(response.headers["server-timing"].split("dur=")[1])


def measure(client: TestClient, urls: list[str], rounds: int) -> tuple[float, float, float]:
    for url in urls[:3]:  # first touches: templates compiled, pages cached
        server_ms(client, url)
    times = [server_ms(client, url) for _ in range(rounds) for url in urls]
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1]


def evidence_urls(client: TestClient, rng: random.Random, n_records: int) -> dict[str, list[str]]:
    zh = [h for h in ZH_HEADS[:8]]
    en = [h for h in EN_HEADS[:8]]
    return {
        "search, Chinese words (首页banner, 开屏, advertiser)": [
            "/evidence?q=首页banner", "/evidence?q=开屏", *(f"/evidence?q={h}" for h in zh)],
        "search, English words (homepage banner, splash, advertiser)": [
            "/evidence?q=homepage+banner", "/evidence?q=splash", *(f"/evidence?q={h}" for h in en)],
        "search, filters (advertiser + slot + action + dates)": [
            f"/evidence?advertiser={h}&slot={s[1]}&action=place&since=2024-01-01&until=2025-12-31"
            for h, s in zip(zh + en, SLOTS, strict=False)],
        "search, page 5 of everything": ["/evidence?page=5"],
        "record page (thread, proof, marked text)": [
            f"/evidence/{rng.randint(1, n_records)}" for _ in range(30)],
        "record JSON twin": [f"/api/evidence/{rng.randint(1, n_records)}" for _ in range(30)],
        "original .eml download": [f"/evidence/{rng.randint(1, n_records)}/original.eml" for _ in range(30)],
    }


def mail_urls(client: TestClient, rng: random.Random) -> dict[str, list[str]]:
    first = client.get("/api/mail").json()
    rules = [r["rule"] for r in first["results"][0]["findings"]] or ["greeting-missing"]
    shas = [m["sha256"] for page in (1, 5, 20) for m in client.get(f"/api/mail?page={page}").json()["results"]]
    senders = sorted({m["sender"].split("<")[-1].rstrip(">") for m in first["results"]})[:5]
    return {
        "findings list, newest first (page 1 and 50)": ["/mail", "/mail?page=50"],
        "findings list by rule": [f"/mail?rule={r}" for r in rules] + ["/mail?rule=attachment"],
        "findings list by level (error, warning: most mail)": ["/mail?level=error", "/mail?level=warning"],
        "findings list by sender (contained in name or address)": [f"/mail?sender={s}" for s in senders],
        "findings list by week, by folder": ["/mail?week=2024-03-04", "/mail?week=2024-06-10",
                                             "/mail?folder=INBOX"],
        "findings list, words": ["/mail?q=合同", "/mail?q=invoice", "/mail?q=附件"],
        "message page (findings marked, rules explained)": [f"/mail/{sha}" for sha in rng.sample(shas, 30)],
        "report page (cached a minute; page 3 of senders)": ["/report", "/report?sp=3"],
    }


def section(title: str, client: TestClient, groups: dict[str, list[str]], rounds: int) -> list[str]:
    out = [f"### {title}", "", "| page | URLs | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for label, urls in groups.items():
        p50, p95, worst = measure(client, urls, rounds)
        out.append(f"| {label} | {len(urls)} | {p50:.1f} | {p95:.1f} | {worst:.1f} |")
    return [*out, ""]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--messages", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--work", default="bench/out/web", help="where the stores are kept between runs")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(13)
    out = [f"Machine: {platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()},"
           f" SQLite {__import__('sqlite3').sqlite_version}; {date.today().isoformat()}", ""]
    ev = evidence_store(work, args.records)
    with TestClient(create_app(WebConfig(db=ev, settings=Settings()))) as client:
        t0 = time.perf_counter()
        client.get("/evidence/1/bundle.zip")
        bundle_ms = (time.perf_counter() - t0) * 1000
        out += section(f"Evidence store: {args.records:,} records", client, evidence_urls(client, rng, args.records),
                       args.rounds)
        out.append(f"Export bundle of one thread (`/evidence/1/bundle.zip`, chain to the head included):"
                   f" {bundle_ms:.0f} ms.\n")
    scan = scan_store(work, args.messages)
    with TestClient(create_app(WebConfig(db=scan, settings=Settings()))) as client:
        t0 = time.perf_counter()
        client.get("/report")
        report_ms = (time.perf_counter() - t0) * 1000
        out += section(f"Scan store: {args.messages:,} messages", client, mail_urls(client, rng), args.rounds)
        out.append(f"First `/report` (built, history rules evaluated): {report_ms:.0f} ms; later ones are cached a minute.\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
