"""Benchmark the pre-send gate: what `mailaudit sendmail` adds to a send, and how
fast the local lint service answers.

    .venv/bin/python bench/bench_gate.py [--sends 30] [--requests 300] [--write]

1. Wrapper: the same message sent N times through `msmtp` directly and through
   `mailaudit sendmail` (which lints, then runs that msmtp), both into an aiosmtpd
   sink on 127.0.0.1. The difference of the medians is the latency the gate adds
   to pressing Send in mutt & co (a new process each time, rules loaded each time).
2. Service: `mailaudit serve` (rules loaded once) answering POST /v1/lint over one
   keep-alive connection, raw MIME and JSON fields alternately, over a few sample
   mails (zh and en); latency seen by the client, p50/p95.

--write puts the markdown section into bench/RESULTS.md between the gate markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402

from mailaudit.config import load_settings  # noqa: E402
from mailaudit.gate.serve import make_server  # noqa: E402

START, END = "<!-- gate:start -->", "<!-- gate:end -->"

MAILS = [
    (b"Date: Tue, 03 Mar 2026 10:00:00 +0800\nMessage-ID: <b1@example.com>\n"
     b"From: Li Lei <lilei@example.com>\nTo: Han Meimei <han@example.com>\n"
     b"Subject: Q3 placement numbers for the home banner\n\n"
     b"Hi Meimei,\n\nCould you check the Q3 placement numbers for the home banner by Friday "
     b"and tell me whether the CTR drop is real?\n\nThe weekly report shows 1.2% against 1.9% "
     b"in Q2; I would like to know before the Monday review.\n\nThanks,\nLi Lei\n"
     b"Product Operations, Example Co.\n"),
    ("Date: Tue, 03 Mar 2026 10:00:00 +0800\nMessage-ID: <b2@example.com>\n"
     "From: 李雷 <lilei@example.com>\nTo: 王经理 <wang@example.com>\nCc: ops@example.com\n"
     "Subject: 首页横幅三月排期确认\n\n"
     "王经理，您好：\n\n请在周五前确认首页横幅三月的排期，广告主为示例科技，投放时间3月10日至3月20日。"
     "\n\n详细数据在共享盘的三月排期表里。\n\n祝好！\n李雷\n产品运营部\n").encode(),
]
PATCH = (b"From 1234567890abcdef Mon Sep 17 00:00:00 2001\n"
         b"From: Li Lei <lilei@example.com>\nDate: Tue, 3 Mar 2026 10:00:00 +0800\n"
         b"Subject: [PATCH] frob: fix the frobnicator on empty input\n\n"
         b"An empty input made it loop.\n\nSigned-off-by: Li Lei <lilei@example.com>\n---\n"
         b" a.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
         b"diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n x\n+y\n")
FIELDS = [
    {"to": ["Han Meimei <han@example.com>"], "subject": "Q3 placement numbers",
     "body": "Hi Meimei,\n\nPlease see attached the Q3 numbers.\n\nThanks,\nLi Lei",
     "attachments": [{"name": "q3-numbers.xlsx", "size": 20480,
                      "content_type": "application/vnd.ms-excel"}]},
    {"to": ["王经理 <wang@example.com>"], "subject": "三月排期",
     "body": "王经理，您好：\n\n排期表见附件，请查收。\n\n谢谢！\n李雷", "attachments": []},
]


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(command: list[str], data: bytes, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, input=data, env=env, check=False, capture_output=True)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode not in ok:
        raise SystemExit(f"{command}: exit {proc.returncode}\n{proc.stderr.decode()[-2000:]}")
    return elapsed


def timed_runs(command: list[str], data: bytes, n: int, env: dict[str, str]) -> list[float]:
    return [timed(command, data, env) for _ in range(n)]


def bench_wrapper(n: int, tmp: Path) -> dict[str, float]:
    """Every variant once per round, rounds interleaved (the machine is shared:
    side by side, not one series after another)."""
    msmtp = shutil.which("msmtp")
    mailaudit = shutil.which("mailaudit", path=str(ROOT / ".venv" / "bin")) or shutil.which("mailaudit")
    if not msmtp or not mailaudit:
        raise SystemExit("needs msmtp and the mailaudit command (pip install -e .)")
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    server = None
    try:
        rc = tmp / "msmtprc"
        rc.write_text(f"account sink\nhost 127.0.0.1\nport {controller.port}\nauth off\ntls off\n"
                      "from lilei@example.com\naccount default : sink\n")
        rc.chmod(0o600)
        config = tmp / "mailaudit.toml"  # the whole default catalog: what a user gets
        config.write_text(f'[sendmail]\ncommand = ["{msmtp}", "-C", "{rc}"]\n'
                          f'[serve]\nport = {free_port()}\ntoken_file = "{tmp / "gate-token"}"\n')
        # As installed: byte-code cached (a development shell may forbid writing it).
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("MAILAUDIT_") and k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "mailaudit"),
                        str(ROOT / "rules")], check=False, capture_output=True, env=env)
        off = {**env, "MAILAUDIT_SERVICE": "off"}
        patch = tmp / "0001-fix.patch"
        patch.write_bytes(PATCH)
        hook = [mailaudit, "--config", str(config), "hook", "run", "sendemail-validate", str(patch)]
        zh_file = tmp / "zh.eml"
        zh_file.write_bytes(MAILS[1])
        send = [mailaudit, "--config", str(config), "sendmail", "-t"]
        timed_runs([msmtp, "-C", str(rc), "-t"], MAILS[0], 3, env)  # warm the page cache
        timed_runs(send, MAILS[0], 3, off)
        series: dict[str, list[float]] = {k: [] for k in (
            "direct", "gated", "gated_zh", "bare", "lint_zh", "served", "served_zh", "hook",
            "hook_served", "python")}
        server = make_server(load_settings(config))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        timed(send, MAILS[1], env)  # the service's first Chinese mail loads jieba/spaCy
        for _ in range(n):
            series["direct"].append(timed([msmtp, "-C", str(rc), "-t"], MAILS[0], env))
            series["gated"].append(timed(send, MAILS[0], off))
            series["served"].append(timed(send, MAILS[0], env))
            series["gated_zh"].append(timed(send, MAILS[1], off))
            series["served_zh"].append(timed(send, MAILS[1], env))
            series["hook"].append(timed(hook, b"", off, ok=(0, 1)))
            series["hook_served"].append(timed(hook, b"", env, ok=(0, 1)))
            # The fixed cost of any mailaudit command: interpreter start and the CLI's imports.
            series["bare"].append(timed([mailaudit, "--version"], b"", env))
            series["python"].append(timed([sys.executable, "-c", "pass"], b"", env))
            # A cold Chinese lint in-process (what a send without the service pays).
            series["lint_zh"].append(timed([mailaudit, "--config", str(config), "lint", str(zh_file)],
                                           b"", env, ok=(0, 1)))
        served = server.service.linted
        assert served == 3 * n + 1, f"every served send went to the service ({served})"
        assert sink.count == 5 * n + 7, "every send reached the sink"
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        controller.stop()
    med = {k: statistics.median(v) for k, v in series.items()}
    p95 = {k: percentile(v, 95) for k, v in series.items()}
    return {
        "n": n,
        "direct_p50": med["direct"], "direct_p95": p95["direct"],
        "gated_p50": med["gated"], "gated_p95": p95["gated"],
        "added_p50": med["gated"] - med["direct"],
        "bare_p50": med["bare"],
        "zh_p50": med["gated_zh"], "zh_p95": p95["gated_zh"],
        "served_p50": med["served"], "served_p95": p95["served"],
        "served_zh_p50": med["served_zh"], "served_zh_p95": p95["served_zh"],
        "served_added_p50": med["served"] - med["direct"],
        "served_zh_added_p50": med["served_zh"] - med["direct"],
        "lint_zh_p50": med["lint_zh"], "lint_zh_p95": p95["lint_zh"],
        "hook_p50": med["hook"], "hook_p95": p95["hook"],
        "hook_served_p50": med["hook_served"], "hook_served_p95": p95["hook_served"],
        "python_p50": med["python"],
    }


def bench_service(n: int, tmp: Path) -> dict[str, float]:
    config = tmp / "serve.toml"
    config.write_text(f'[serve]\ntoken_file = "{tmp / "token"}"\n')
    started = time.perf_counter()
    server = make_server(load_settings(config), port=0)
    startup_ms = (time.perf_counter() - started) * 1000
    threading.Thread(target=server.serve_forever, daemon=True).start()
    token = (tmp / "token").read_text().strip()
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    headers = {"Authorization": f"Bearer {token}"}

    def one(i: int) -> float:
        if i % 2:
            body, ctype = json.dumps(FIELDS[i // 2 % len(FIELDS)]).encode(), "application/json"
        else:
            body, ctype = MAILS[i // 2 % len(MAILS)], "message/rfc822"
        start = time.perf_counter()
        conn.request("POST", "/v1/lint", body, {**headers, "Content-Type": ctype})
        response = conn.getresponse()
        response.read()
        assert response.status == 200
        return (time.perf_counter() - start) * 1000

    first = one(0)  # lazy pieces (jieba, spaCy) load on the first mail that needs them
    for i in range(1, 20):
        one(i)
    times = [one(i) for i in range(n)]
    conn.close()
    server.shutdown()
    server.server_close()
    return {"n": n, "startup_ms": startup_ms, "first_ms": first,
            "p50": percentile(times, 50), "p95": percentile(times, 95), "max": max(times)}


def markdown(wrapper: dict, service: dict) -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"""{START}
## Pre-send gate (`bench/bench_gate.py`)

{dt.date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()},
{platform.system()} {platform.release()}; SMTP sink: aiosmtpd on 127.0.0.1; default rule catalog.

**`mailaudit sendmail` vs. `msmtp` directly** ({wrapper['n']} sends each; an English mail
unless said):

| | p50 | p95 |
|---|---:|---:|
| `msmtp -t` | {wrapper['direct_p50']:.0f} ms | {wrapper['direct_p95']:.0f} ms |
| `mailaudit sendmail -t` → msmtp, no service (lints in-process) | {wrapper['gated_p50']:.0f} ms | {wrapper['gated_p95']:.0f} ms |
| the same, a Chinese mail (jieba/spaCy loaded) | {wrapper['zh_p50']:.0f} ms | {wrapper['zh_p95']:.0f} ms |
| `mailaudit sendmail -t` → msmtp, `mailaudit serve` running | {wrapper['served_p50']:.0f} ms | {wrapper['served_p95']:.0f} ms |
| the same, a Chinese mail | {wrapper['served_zh_p50']:.0f} ms | {wrapper['served_zh_p95']:.0f} ms |
| git send-email hook (`mailaudit hook run sendemail-validate`), no service | {wrapper['hook_p50']:.0f} ms | {wrapper['hook_p95']:.0f} ms |
| the same, `mailaudit serve` running | {wrapper['hook_served_p50']:.0f} ms | {wrapper['hook_served_p95']:.0f} ms |
| `mailaudit lint` of the Chinese mail, cold, in-process | {wrapper['lint_zh_p50']:.0f} ms | {wrapper['lint_zh_p95']:.0f} ms |
| `mailaudit --version` | {wrapper['bare_p50']:.0f} ms | |
| `python -c pass` (the interpreter alone, for scale on a loaded machine) | {wrapper['python_p50']:.0f} ms | |

Added per send (p50) over msmtp alone: **{wrapper['served_added_p50']:.0f} ms** (English) /
**{wrapper['served_zh_added_p50']:.0f} ms** (Chinese) with the service up, {wrapper['added_p50']:.0f} ms
(English) without it (a fresh process that loads the rules). Aims: ≤ 100 ms with the
service — {"met" if max(wrapper['served_added_p50'], wrapper['served_zh_added_p50']) <= 100 else "NOT met"};
cold Chinese lint ≤ 1.0 s — {"met" if wrapper['lint_zh_p50'] <= 1000 else "NOT met"}.
All variants ran interleaved, round by round.

**`mailaudit serve`**, POST /v1/lint over one keep-alive connection, raw MIME and JSON
fields alternately, zh and en mails ({service['n']} requests after 20 warm-up):

| p50 | p95 | max | first request | start-up (rules loaded) |
|---:|---:|---:|---:|---:|
| {service['p50']:.1f} ms | **{service['p95']:.1f} ms** | {service['max']:.1f} ms | {service['first_ms']:.0f} ms | {service['startup_ms']:.0f} ms |

Aim: p95 ≤ 20 ms — {"met" if service['p95'] <= 20 else "NOT met"}.
{END}
"""


def write_results(section: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=30)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wrapper = bench_wrapper(args.sends, Path(tmp))
        service = bench_service(args.requests, Path(tmp))
    section = markdown(wrapper, service)
    print(section)
    if args.write:
        write_results(section)


if __name__ == "__main__":
    main()
