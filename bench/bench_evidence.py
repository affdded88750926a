"""Evidence log benchmarks (issue 4): search latency with 100,000 instruction
records, English and Chinese queries; the cost of writing and indexing them;
`verify` over the whole chain.

The records are synthesised straight into a fresh store through the same
functions intake uses (ledger.append, records.instruction_row, write_links,
then ingest.reindex for threads and the full-text index): ~300 advertisers
(half Chinese, half English names), 20 slot kinds with numbered feed positions,
threads of 1-5 instructions (place, then add/extend/change/cancel; a third of
the amendments name no advertiser), two years of dates. Each instruction gets a
raw message of its own (headers + body, stored as a scan stores it), so `verify`
rehashes 100,000 messages as it would in real use.

One message in ten is DKIM-signed with a key made for the run (its record kept
in the entry, as intake keeps it), so `verify --dkim` re-verifies 10,000
signatures offline against the kept keys.

Run: .venv/bin/python bench/bench_evidence.py [--records 100000] [--db PATH]
(prints a Markdown table for bench/RESULTS.md)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mailaudit.evidence import ledger  # noqa: E402
from mailaudit.evidence.dkim_check import check_dkim  # noqa: E402
from mailaudit.evidence.ingest import reindex  # noqa: E402
from mailaudit.evidence.lookup import Query, search  # noqa: E402
from mailaudit.evidence.records import (  # noqa: E402
    INSTRUCTIONS,
    MESSAGES,
    MessageFold,
    ensure_tables,
    instruction_row,
    write_links,
)
from mailaudit.mail.message import Address, Message  # noqa: E402
from mailaudit.store.store import Store, record_from_message  # noqa: E402

ZH_HEADS = ["青岚", "山川", "星河", "金穗", "云朵", "蓝湾", "北辰", "白鹭", "松果", "海盐", "朝露", "麦田", "远航", "橙光", "竹影"]
ZH_TAILS = ["茶饮", "户外", "科技", "乳业", "美妆", "汽车", "家居", "旅行", "食品", "教育"]
EN_HEADS = ["Northwind", "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Contoso", "Fabrikam",
            "Tailspin", "Litware", "Proseware", "Adatum", "Wingtip"]
EN_TAILS = ["", " Foods", " Motors", " Travel", " Labs", " Retail", " Bank", " Games", " Beauty", " Sports"]
SLOTS = [  # key, Chinese as written, English as written
    ("homepage-banner", "首页banner", "homepage banner"), ("splash", "开屏", "splash screen"),
    ("popup", "弹窗", "pop-up"), ("search", "搜索结果页", "search results page"), ("detail-page", "详情页", "detail page"),
    ("sidebar", "侧边栏", "sidebar"), ("video-preroll", "视频前贴片", "video pre-roll"), ("push", "推送", "push notification"),
    ("channel-banner", "频道页banner", "channel page banner"), ("footer-banner", "底部banner", "footer banner"),
    ("top-banner", "顶部banner", "top banner"), ("floating", "悬浮窗", "floating button"),
    ("homepage-icon", "金刚位", "homepage icon"), ("checkout", "支付成功页", "checkout page"),
    ("live-stream", "直播间", "livestream"), ("edm", "EDM", "edm"),
    *[(f"feed-{n}", f"信息流第{n}位", f"feed position {n}") for n in range(1, 6)],
]
ZH_PEOPLE = [("王芳", "wangfang"), ("李强", "liqiang"), ("张伟", "zhangwei"), ("刘洋", "liuyang"), ("陈静", "chenjing"),
             ("杨磊", "yanglei"), ("赵敏", "zhaomin"), ("黄勇", "huangyong"), ("周婷", "zhouting"), ("吴昊", "wuhao")]
EN_PEOPLE = [("Sam Lee", "sam.lee"), ("Jenny Liu", "jenny.liu"), ("Tom Baker", "tom.baker"), ("Kim Park", "kim.park"),
             ("Ana Silva", "ana.silva"), ("Raj Patel", "raj.patel"), ("Eve Adams", "eve.adams"), ("Leo Moss", "leo.moss")]
AMENDMENTS = ["add", "extend", "change", "cancel"]


def zh_day(d: date) -> str:
    return f"{d.month}月{d.day}日"


def en_day(d: date) -> str:
    return d.strftime("%B ") + str(d.day)


def body_for(lang: str, action: str, adv: str | None, slot: tuple[str, str, str], start: date, end: date | None) -> str:
    s = slot[1] if lang == "zh" else slot[2]
    if lang == "zh":
        who = f"为{adv}" if adv else ""
        return {
            "place": f"运营同学好，\n\n请帮忙{who}安排{s}投放，时间{zh_day(start)}至{zh_day(end)}，素材见附件。\n\n谢谢",
            "add": f"运营同学好，\n\n客户追加{s}广告，{zh_day(start)}至{zh_day(end)}，同样{('是' + adv + '的') if adv else '用原来的'}素材。",
            "extend": f"运营同学好，\n\n请把{(adv + '的') if adv else ''}{s}延长到{zh_day(end)}。",
            "change": f"运营同学好，\n\n{(adv + '的') if adv else ''}{s}素材从{zh_day(start)}起换成新版，见附件。",
            "cancel": f"运营同学，\n\n客户临时通知，{s}从{zh_day(start)}起停投。",
        }[action]
    who = f" for {adv}" if adv else ""
    return {
        "place": f"Hi AdOps,\n\nPlease book the {s}{who} from {en_day(start)} to {en_day(end)}. The creative is attached.\n\nThanks",
        "add": f"Hi team,\n\n{adv or 'The client'} would like to add the {s} as well, {en_day(start)} to {en_day(end)}. Same creative.",
        "extend": f"Hi team,\n\nPlease extend {(adv + chr(39) + 's ') if adv else 'the '}{s} through {en_day(end)}.",
        "change": f"Hi team,\n\nPlease swap the creative on the {s}{who} from {en_day(start)}; new files attached.",
        "cancel": f"Hi team,\n\nPlease pull the {s}{who} effective {en_day(start)}.",
    }[action]


def mail(name, sender, domain, subject, sent, offset, msgid, k, root, thread_no, body, lang):
    """The raw message and its parsed form, built directly (parsing 100k mails
    would time the parser, not the evidence log)."""
    stamp = sent.strftime("%a, %d %b %Y %H:%M:%S ") + offset.replace(":", "")
    headers = [
        ("From", f"{name} <{sender}>"), ("To", "Ops <ops@example.com>"), ("Subject", subject),
        ("Date", stamp), ("Message-ID", msgid),
        *([("In-Reply-To", f"<t{thread_no}-{k - 1}@bench.example>"), ("References", root)] if k else []),
    ]
    raw = ("".join(f"{h}: {v}\r\n" for h, v in headers) + "MIME-Version: 1.0\r\n"
           "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + body.replace("\n", "\r\n") + "\r\n").encode()
    message = Message(
        subject=subject, sender=[Address(name, sender)], to=[Address("Ops", "ops@example.com")],
        date=datetime.fromisoformat(sent.isoformat() + offset), message_id=msgid,
        in_reply_to=f"<t{thread_no}-{k - 1}@bench.example>" if k else None, references=[root] if k else [],
        headers=headers, text=body, body=body, language=lang,
    )
    return raw, message


def signing_key(where: Path) -> tuple[bytes, bytes]:
    """(private key PEM, DNS TXT record) of an RSA key made for this run."""
    import base64
    import subprocess

    pem = where / "bench-dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(pem), "2048"], check=True, capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    return pem.read_bytes(), b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)


def synthesise(store: Store, n: int, seed: int = 4, key: tuple[bytes, bytes] | None = None,
               ) -> tuple[float, float, dict[str, str]]:
    """Write `n` instructions in threads; returns (write seconds, reindex seconds, bodies)."""
    import dkim as dkimpy

    rng = random.Random(seed)
    zh_adv = [h + t for h in ZH_HEADS for t in ZH_TAILS]
    en_adv = [(h + t).strip() for h in EN_HEADS for t in EN_TAILS]
    db = store.db
    ensure_tables(db)
    bodies: dict[str, str] = {}
    records: list = []
    written, thread_no = 0, 0
    t0 = time.perf_counter()
    with db.atomic():
        while written < n:
            thread_no += 1
            lang = rng.choice(("zh", "en"))
            adv = rng.choice(zh_adv if lang == "zh" else en_adv)
            name, user = rng.choice(ZH_PEOPLE if lang == "zh" else EN_PEOPLE)
            domain = "biz.example.cn" if lang == "zh" else "sales.example.com"
            sender = f"{user}@{domain}"
            slot = rng.choice(SLOTS)
            sent = datetime(2023, 1, 1, 9) + timedelta(days=rng.randrange(730), minutes=rng.randrange(600))
            start = sent.date() + timedelta(days=rng.randrange(2, 14))
            end = start + timedelta(days=rng.randrange(5, 30))
            subject = f"{adv} {slot[1]}投放需求" if lang == "zh" else f"{adv} {slot[2]} booking"
            root = f"<t{thread_no}-0@bench.example>"
            size = rng.choices((1, 2, 3, 4, 5), weights=(30, 25, 20, 15, 10))[0]
            for k in range(min(size, n - written)):
                action = "place" if k == 0 else rng.choice(AMENDMENTS)
                this_slot = rng.choice(SLOTS) if action == "add" else slot
                named = adv if (k == 0 or rng.random() > 0.33) else None
                if action == "extend":
                    end = end + timedelta(days=rng.randrange(3, 15))
                    w_start, w_end = None, end
                elif action == "cancel":
                    w_start, w_end = sent.date() + timedelta(days=1), None
                else:
                    w_start, w_end = (start, end) if action != "change" else (sent.date() + timedelta(days=1), None)
                body = body_for(lang, action, named, this_slot, w_start or start, w_end or end)
                offset = "+08:00" if lang == "zh" else "-07:00"
                msgid = f"<t{thread_no}-{k}@bench.example>"
                subj = subject if k == 0 else ("回复：" if lang == "zh" else "Re: ") + subject
                raw, message = mail(name, sender, domain, subj, sent, offset, msgid, k, root, thread_no, body, lang)
                signed = key is not None and written % 10 == 0
                if signed:
                    raw = dkimpy.sign(raw, b"bench", domain.encode(), key[0],
                                      include_headers=[b"from", b"to", b"subject", b"date", b"message-id"]) + raw
                sha = hashlib.sha256(raw).hexdigest()
                records.append(record_from_message(message, raw, sha, []))
                if len(records) >= 1000:
                    store.add_messages(records)
                    records = []
                instruction = {
                    "action": action,
                    "slots": [{"text": this_slot[1] if lang == "zh" else this_slot[2], "slot": this_slot[0]}],
                    "start": w_start.isoformat() if w_start else None,
                    "end": w_end.isoformat() if w_end else None,
                    "advertiser": named, "campaign": None,
                    "creative": f"{this_slot[0]}_{thread_no}.jpg" if action in ("place", "change") else None,
                    "requester": sender, "to": ["ops@example.com"], "cc": [f"lead@{domain}"] if k == 0 else [],
                    "date": sent.isoformat() + offset, "message_id": msgid,
                    "in_reply_to": None if k == 0 else f"<t{thread_no}-{k - 1}@bench.example>",
                    "references": [] if k == 0 else [root],
                    "source": f"bench:{thread_no}/{k}", "window_text": None,
                    "excerpt": body.split("\n\n")[1], "span": None,
                }
                if signed:
                    dkim = check_dkim(raw, dnsfunc=lambda name, timeout=5: key[1],
                                      now=lambda: "2025-01-01T00:00:00Z").to_dict()
                else:
                    dkim = {"result": rng.choice(("pass", "pass", "pass", "none"))}
                entry = ledger.append(db, "instruction", sha, "2025-01-01T00:00:00Z", {
                    "index": 0, "instruction": instruction,
                    "message": {"subject": subj, "from": f"{name} <{sender}>"},
                    "dkim": dkim, "dkim_signed": True if dkim["result"] == "pass" else None,
                })
                db[MESSAGES].insert(MessageFold().apply(entry.seq, entry.kind, sha, entry.data()))
                row = instruction_row(entry.data())
                db[INSTRUCTIONS].insert(row)
                write_links(db, row)
                bodies[sha] = body
                written += 1
                sent += timedelta(days=rng.randrange(1, 10), minutes=rng.randrange(300))
        store.add_messages(records)
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    reindex(store, bodies)
    return write_s, time.perf_counter() - t0, bodies


def timed(store: Store, queries: list[Query], rounds: int) -> tuple[float, float, float, int]:
    for q in queries:  # warm the page cache and statement cache once
        search(store, q)
    times, hits = [], 0
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            hits += len(search(store, q))
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return (statistics.median(times), times[int(len(times) * 0.95) - 1], times[-1], hits // rounds)


def query_sets(rng: random.Random) -> dict[str, list[Query]]:
    zh_adv = [h + t for h in ZH_HEADS for t in ZH_TAILS]
    en_adv = [(h + t).strip() for h in EN_HEADS for t in EN_TAILS]
    return {
        "en text: advertiser name (`Northwind Foods`)": [Query(text=a) for a in rng.sample(en_adv, 20)],
        "en text: common slot words (`homepage banner`, `splash`, ...)": [
            Query(text=t) for t in ("homepage banner", "splash", "sidebar", "feed position", "pre-roll", "extend", "creative")],
        "en filters: --advertiser + --action extend,cancel": [
            Query(advertiser=a, actions=["extend", "cancel"]) for a in rng.sample(en_adv, 20)],
        "en text + --since/--until (one month)": [
            Query(text="banner", since=f"2024-{m:02d}-01", until=f"2024-{m:02d}-28") for m in range(1, 13)],
        "zh text: advertiser name (`青岚茶饮`)": [Query(text=a) for a in rng.sample(zh_adv, 20)],
        "zh text: common slot words (`首页`, `开屏`, `信息流`, ...)": [
            Query(text=t) for t in ("首页", "开屏", "信息流", "弹窗", "延长", "停投", "素材")],
        "zh filters: --advertiser + --slot 开屏": [Query(advertiser=a, slot="开屏") for a in rng.sample(zh_adv, 20)],
        "zh text + --from + --action": [Query(text="投放", sender=p[0], actions=["place"]) for p in ZH_PEOPLE],
        "mixed: --slot feed (all positions) + --since": [Query(slot="feed", since=f"2024-{m:02d}-01") for m in range(1, 13)],
    }


def intake_rate() -> tuple[int, int, float]:
    """`mailaudit evidence ingest` over the labelled test mail (parse, extract,
    DKIM, lint findings, write): (mails read, instructions, seconds)."""
    from mailaudit.evidence.ingest import ingest_paths
    from mailaudit.extract.extract import extract
    from mailaudit.mail.parse import parse_bytes

    extract(parse_bytes("Subject: 首页banner\n\n请安排首页banner投放，6月1日至6月7日。\n".encode()))  # load once
    dirs = [str(ROOT / "tests" / "data" / d) for d in ("evidence", "evidence_log")]
    mails = sum(1 for d in dirs for p in Path(d).glob("*.eml"))
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "i.db") as store:
        t0 = time.perf_counter()
        result = ingest_paths(store, dirs)
        return mails, result.instructions, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", help="keep the store here (default: a temporary file)")
    args = parser.parse_args()
    tmp = None
    if args.db:
        path = Path(args.db)
        if path.exists():
            sys.exit(f"{path} exists: pass a new path")
    else:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "evidence.db"
    with tempfile.TemporaryDirectory() as keydir, Store.open(path) as store:
        write_s, index_s, _ = synthesise(store, args.records, key=signing_key(Path(keydir)))
        n = store.count(INSTRUCTIONS)
        threads = store.db.execute("SELECT COUNT(DISTINCT thread_id) FROM evidence_threads").fetchone()[0]
        rows = []
        sets = query_sets(random.Random(7))
        all_en, all_zh = [], []
        for label, queries in sets.items():
            p50, p95, worst, hits = timed(store, queries, args.rounds)
            rows.append((label, len(queries), hits, p50, p95, worst))
            (all_zh if label.startswith("zh") else all_en).extend(queries)
        en = timed(store, all_en, args.rounds)
        zh = timed(store, all_zh, args.rounds)
        t0 = time.perf_counter()
        from mailaudit.evidence.proof import verify_evidence

        report = verify_evidence(store)
        verify_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report2 = verify_evidence(store)  # warm: the store is in the page cache
        verify_warm_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        dkim_report = verify_evidence(store, recheck_dkim=True)
        verify_dkim_s = time.perf_counter() - t0
        signed = len(dkim_report.dkim_offline)
        offline_pass = sum(r["result"] == "pass" for r in dkim_report.dkim_offline)
        size = os.path.getsize(path) / 1e6
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
          f" SQLite {__import__('sqlite3').sqlite_version}; {date.today().isoformat()}")
    print(f"\n{n:,} instruction records in {threads:,} threads; store {size:.0f} MB.")
    print(f"Writing them (ledger entry + row + index rows, one transaction): {write_s:.1f} s"
          f" ({n / write_s:,.0f}/s); threads + full-text index (`reindex`): {index_s:.1f} s.")
    mails, found, secs = intake_rate()
    print(f"Intake of real mail (`evidence ingest` over tests/data/evidence*: parse, extract, DKIM, lint,"
          f" write): {mails} mails, {found} instructions in {secs:.2f} s ({mails / secs:,.0f} mails/s).")
    print(f"`verify` (chain, rows, every raw message rehashed): {verify_s:.1f} s first,"
          f" {verify_warm_s:.1f} s again ({'intact' if report.ok and report2.ok else 'MISMATCH: ' + report.first.what});"
          f" `verify --dkim` ({signed:,} signatures verified again offline against the kept keys,"
          f" {offline_pass:,} pass): {verify_dkim_s:.1f} s"
          f" ({'intact' if dkim_report.ok else 'MISMATCH: ' + dkim_report.first.what}).\n")
    print("| query (`mailaudit evidence search`, limit 50) | queries | hits/round | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, count, hits, p50, p95, worst in rows:
        print(f"| {label} | {count} | {hits} | {p50:.2f} | {p95:.2f} | {worst:.2f} |")
    print(f"| **all English** | {len(all_en)} | {en[3]} | {en[0]:.2f} | {en[1]:.2f} | {en[2]:.2f} |")
    print(f"| **all Chinese** | {len(all_zh)} | {zh[3]} | {zh[0]:.2f} | {zh[1]:.2f} | {zh[2]:.2f} |")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
