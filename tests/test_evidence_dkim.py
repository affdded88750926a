"""DKIM at intake: a key made at test time, resolved through dkimpy's DNS hook
(no network). pass, fail after a one-byte change, none, temperror (and the
later `verify --dkim` retry), permerror."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import dkim
import pytest

from mailaudit.evidence import ledger
from mailaudit.evidence.dkim_check import DnsUnavailable, check_dkim
from mailaudit.evidence.ingest import ingest_paths
from mailaudit.evidence.proof import verify_evidence
from mailaudit.store.store import Store

DATA = Path(__file__).parent / "data" / "evidence_log"
DOMAIN, SELECTOR = b"sales.example.com", b"mail2024"
NOW = "2024-07-01T00:00:00Z"


@pytest.fixture(scope="module")
def keypair(tmp_path_factory) -> tuple[bytes, bytes]:
    """(private key PEM, DNS TXT record) of an RSA key made now."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (apt-get install openssl): it makes the test key")
    where = tmp_path_factory.mktemp("dkim")
    pem = where / "key.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(pem), "2048"], check=True, capture_output=True)
    der = subprocess.run(
        ["openssl", "rsa", "-in", str(pem), "-pubout", "-outform", "DER"], check=True, capture_output=True
    ).stdout
    return pem.read_bytes(), b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)


@pytest.fixture
def dns(keypair):
    asked = []

    def lookup(name: bytes, timeout: float = 5) -> bytes | None:
        asked.append(name)
        return keypair[1] if name == SELECTOR + b"._domainkey." + DOMAIN + b"." else None

    lookup.asked = asked
    return lookup


def signed(keypair, raw: bytes) -> bytes:
    return dkim.sign(raw, SELECTOR, DOMAIN, keypair[0], include_headers=[b"from", b"to", b"subject", b"date", b"message-id"]) + raw


def northwind() -> bytes:
    return (DATA / "northwind-1-place.eml").read_bytes()


def test_pass(keypair, dns):
    result = check_dkim(signed(keypair, northwind()), dnsfunc=dns, now=lambda: NOW)
    assert (result.result, result.domain, result.selector, result.reason) == ("pass", "sales.example.com", "mail2024", "")
    assert result.signatures[0].key == keypair[1].decode()  # kept: keys get rotated away
    assert result.checked_at == NOW and dns.asked


@pytest.mark.parametrize("where", ["body", "header"])
def test_fail_after_one_byte_change(keypair, dns, where):
    raw = signed(keypair, northwind())
    target = b"July 14" if where == "body" else b"Subject: Northwind"
    at = raw.index(target) + len(target) - 1
    changed = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]
    assert len(changed) == len(raw) and changed != raw
    result = check_dkim(changed, dnsfunc=dns)
    assert result.result == "fail" and result.domain == "sales.example.com"
    if where == "body":
        assert "body hash mismatch" in result.reason


def test_none_when_unsigned(dns):
    result = check_dkim(northwind(), dnsfunc=dns)
    assert result.result == "none" and not dns.asked


def test_temperror_when_dns_unreachable(keypair):
    def down(name, timeout=5):
        raise DnsUnavailable("no nameserver answered")

    result = check_dkim(signed(keypair, northwind()), dnsfunc=down)
    assert result.result == "temperror"
    assert "DNS unavailable" in result.reason and "mail2024._domainkey.sales.example.com" in result.reason


def test_permerror_without_a_published_key(keypair):
    result = check_dkim(signed(keypair, northwind()), dnsfunc=lambda name, timeout=5: None)
    assert result.result == "permerror" and "no key published" in result.reason


def test_best_of_two_signatures(keypair, dns):
    once = signed(keypair, northwind())
    # A second signature by a domain without a key: the valid one still counts.
    other = dkim.sign(once, b"x", b"other.example", keypair[0]) + once
    result = check_dkim(other, dnsfunc=dns)
    assert result.result == "pass" and len(result.signatures) == 2
    assert {s.result for s in result.signatures} == {"pass", "permerror"}


def test_ingest_keeps_the_result_and_verify_dkim_retries_temperror(tmp_path, keypair, dns):
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "signed.eml").write_bytes(signed(keypair, northwind()))
    (mail / "unsigned.eml").write_bytes((DATA / "shanchuan-feed.eml").read_bytes())

    def down(name, timeout=5):
        raise DnsUnavailable("timeout")

    with Store.open(tmp_path / "a.db") as store:
        result = ingest_paths(store, [str(mail)], dnsfunc=down, now=lambda: NOW)
        assert result.dkim == {"none": 1, "temperror": 1}
        row = next(store.iter_rows("SELECT * FROM evidence_messages WHERE dkim_result = 'temperror'"))
        assert row["dkim_domain"] == "sales.example.com" and row["dkim_selector"] == "mail2024"
        head_before = ledger.head(store.db)

        still_down = verify_evidence(store, recheck_dkim=True, dnsfunc=down)
        assert still_down.ok and still_down.dkim_rechecked[0]["result"] == "temperror"
        assert ledger.head(store.db) == head_before  # nothing definite: nothing appended

        report = verify_evidence(store, recheck_dkim=True, dnsfunc=dns, now=lambda: "2024-07-02T00:00:00Z")
        assert report.ok and report.dkim_rechecked[0]["result"] == "pass"
        seq = report.dkim_rechecked[0]["seq"]
        entry = ledger.get(store.db, seq)
        assert entry.kind == "dkim" and entry.data()["dkim"]["result"] == "pass"
        row = next(store.iter_rows("SELECT * FROM evidence_messages WHERE sha256 = ?", [entry.sha256]))
        assert (row["dkim_result"], row["dkim_seq"]) == ("pass", seq)
        # The new entry and row verify; rewriting the row back does not.
        assert verify_evidence(store).ok
        store.db.execute("UPDATE evidence_messages SET dkim_result = 'temperror' WHERE sha256 = ?", [entry.sha256])
        store.db.conn.commit()
        bad = verify_evidence(store)
        assert bad.first.seq == seq and "dkim_result" in bad.first.what


def test_system_resolver_stops_asking_for_a_while_after_dns_failed(monkeypatch):
    from mailaudit.evidence import dkim_check

    calls = []

    def unreachable(name, timeout):
        calls.append(name)
        raise DnsUnavailable("timeout")

    monkeypatch.setattr(dkim_check, "_resolve_txt", unreachable)
    monkeypatch.setattr(dkim_check, "_dns_down_until", 0.0)
    for _ in range(3):
        with pytest.raises(DnsUnavailable):
            dkim_check.system_dnsfunc(b"s._domainkey.example.com.")
    assert len(calls) == 1  # an offline scan does not wait out a timeout per mail
    monkeypatch.setattr(dkim_check, "_dns_down_until", 0.0)
    monkeypatch.setattr(dkim_check, "_resolve_txt", lambda name, timeout: b"v=DKIM1; p=")
    assert dkim_check.system_dnsfunc(b"s._domainkey.example.com.") == b"v=DKIM1; p="


# ------------------------------------------- what a pass covers, and for how long
def plain_northwind() -> bytes:
    """The northwind mail without its sign-off, so appended text is read as the author's."""
    return northwind().replace(b"\r\n", b"\n").replace(b"\nThanks,\nSam\n", b"")


APPENDED = b"\nAlso please book the splash screen for Northwind from July 20 to July 30.\n"


def signed_with_length(keypair) -> bytes:
    raw = plain_northwind()
    sig = dkim.sign(raw, SELECTOR, DOMAIN, keypair[0], length=True,
                    include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    return sig + raw + APPENDED  # after the signed length: still a dkimpy pass


def test_body_length_and_an_instruction_appended_after_it(tmp_path, keypair, dns):
    from mailaudit.evidence.export import export_bundle
    from mailaudit.evidence.lookup import Query, search, show
    from mailaudit.output.evidence_text import hits_text, show_text
    from mailaudit.output.export_html import summary_html

    raw = signed_with_length(keypair)
    result = check_dkim(raw, dnsfunc=dns)
    assert result.result == "pass" and result.body_length is not None and result.aligned == "strict"
    (tmp_path / "l.eml").write_bytes(raw)
    with Store.open(tmp_path / "l.db") as store:
        ingest_paths(store, [str(tmp_path / "l.eml")], dnsfunc=dns, now=lambda: NOW)
        entries = {e.data()["instruction"]["slots"][0]["slot"]: e for e in ledger.entries(store.db)}
        assert set(entries) == {"homepage-banner", "splash"}
        # In the hashed entry: the signed one is inside, the appended one is not.
        assert entries["homepage-banner"].data()["dkim_signed"] is True
        assert entries["splash"].data()["dkim_signed"] is False
        outside = show_text(show(store, entries["splash"].seq))
        assert "outside the DKIM-signed text" in outside and "first" in outside
        assert "outside" not in show_text(show(store, entries["homepage-banner"].seq))
        assert "dkim:pass (outside the signed text)" in hits_text(search(store, Query()), 50)
        bundle = tmp_path / "b.zip"
        export_bundle(store, [entries["splash"].seq], bundle, now=lambda: NOW, summary=summary_html)
        assert verify_evidence(store).ok
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        html = zf.read("summary.html").decode()
        records = json.loads(zf.read("records.json"))
        zf.extractall(tmp_path / "b")
    assert "outside the DKIM-signed text" in html
    assert {r["dkim_signed"] for r in records["records"]} == {True, False}
    run = subprocess.run([sys.executable, "verify_bundle.py"], cwd=tmp_path / "b", capture_output=True, text=True)
    assert run.returncode == 0 and "1 DKIM pass(es) verified again" in run.stdout, run.stdout


def test_alignment_with_from(keypair):
    raw = northwind()  # From: sam.lee@sales.example.com
    table = {b"mail2024._domainkey.sales.example.com.": keypair[1],
             b"mail2024._domainkey.example.com.": keypair[1],
             b"mail2024._domainkey.other.example.": keypair[1]}

    def lookup(name, timeout=5):
        return table.get(name)

    for domain, aligned in ((b"sales.example.com", "strict"), (b"example.com", "relaxed"), (b"other.example", "no")):
        signed_raw = dkim.sign(raw, SELECTOR, domain, keypair[0], include_headers=[b"from", b"subject"]) + raw
        result = check_dkim(signed_raw, dnsfunc=lookup)
        assert (result.result, result.aligned, result.from_domain) == ("pass", aligned, "sales.example.com")
    from mailaudit.evidence.dkim_check import dkim_notes

    assert "NOT aligned" in dkim_notes({"result": "pass", "aligned": "no", "from_domain": "x.example"}, None)[0]


def expiring_signature(keypair, raw: bytes, x: int) -> bytes:
    """dkimpy cannot set x=; add it to the tags before the header is signed."""
    original = dkim.DKIM.gen_header

    def with_expiry(self, fields, *args, **kwargs):
        fields = [f for f in fields if f[0] != b"b"] + [(b"x", str(x).encode()), (b"b", b"0" * 60)]
        return original(self, fields, *args, **kwargs)

    dkim.DKIM.gen_header = with_expiry
    try:
        return dkim.sign(raw, SELECTOR, DOMAIN, keypair[0], include_headers=[b"from", b"subject"]) + raw
    finally:
        dkim.DKIM.gen_header = original


def test_expired_signature_is_fail_and_offline_recheck_judges_it_as_of_intake(keypair, dns):
    import time

    from mailaudit.evidence.dkim_check import dkim_clock, recheck_offline

    past = expiring_signature(keypair, northwind(), int(time.time()) - 5 * 86400)
    result = check_dkim(past, dnsfunc=dns)
    assert result.result == "fail" and "expired" in result.reason
    # Valid at intake, expired since: the offline re-check judges it as of intake.
    soon = int(time.time()) + 3600
    raw = expiring_signature(keypair, northwind(), soon)
    recorded = check_dkim(raw, dnsfunc=dns, now=lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())).to_dict()
    assert recorded["result"] == "pass"
    with dkim_clock(soon + 30 * 86400):  # a month later: dkimpy alone says expired
        assert check_dkim(raw, dnsfunc=dns).result == "fail"
        again = recheck_offline(raw, recorded)
    assert again.result == "pass" and "expired since" in again.reason


def test_key_rotation_verify_dkim_offline_and_dns_now(tmp_path, keypair, dns):
    (tmp_path / "m.eml").write_bytes(signed(keypair, northwind()))
    with Store.open(tmp_path / "r.db") as store:
        ingest_paths(store, [str(tmp_path / "m.eml")], dnsfunc=dns, now=lambda: NOW)
        rotated_calls = []

        def rotated(name, timeout=5):  # the selector was withdrawn
            rotated_calls.append(name)
            return None

        report = verify_evidence(store, recheck_dkim=True, dnsfunc=rotated)
        assert report.ok and [r["result"] for r in report.dkim_offline] == ["pass"]
        assert rotated_calls == []  # offline by default: DNS is not asked
        report = verify_evidence(store, recheck_dkim=True, dkim_dns_now=True, dnsfunc=rotated)
        assert report.ok and rotated_calls  # today's answer is reported, not a mismatch
        now = report.dkim_dns_now[0]
        assert now["recorded"] == "pass" and now["result"] == "permerror" and now["key_changed"]
        from mailaudit.output.evidence_text import verify_text

        text = verify_text(report)
        assert "against the keys kept at intake: pass 1" in text and "today's DNS" in text

        # The kept key is inside the hashed entry: changing it breaks the chain.
        entry = ledger.get(store.db, 1)
        body = entry.body.replace(keypair[1].decode()[-20:], "A" * 20)
        store.db.execute("UPDATE evidence_ledger SET body = ? WHERE seq = 1", [body])
        store.db.conn.commit()
        bad = verify_evidence(store)
        assert bad.first.seq == 1 and "entry_hash" in bad.first.what


def test_dkim_off_asks_no_dns_and_says_not_checked(tmp_path, keypair):
    from mailaudit.config import load_settings

    config = tmp_path / "mailaudit.toml"
    config.write_text('[evidence]\ndkim = "off"\n')
    asked = []

    def lookup(name, timeout=5):
        asked.append(name)
        return None

    (tmp_path / "m.eml").write_bytes(signed(keypair, northwind()))
    with Store.open(tmp_path / "o.db") as store:
        result = ingest_paths(store, [str(tmp_path / "m.eml")], load_settings(config), now=lambda: NOW)
        assert result.dkim == {"none": 1}
        row = next(store.iter_rows("SELECT * FROM evidence_messages"))
        assert "not checked" in row["dkim_reason"] and 'dkim = "off"' in row["dkim_reason"]
    assert asked == []


def test_dns_settings_are_checked_and_used(tmp_path, monkeypatch):
    from mailaudit.config import load_settings
    from mailaudit.errors import ConfigError
    from mailaudit.evidence import dkim_check
    from mailaudit.evidence.ingest import dkim_dnsfunc

    bad = tmp_path / "bad.toml"
    bad.write_text('[evidence]\ndkim = "maybe"\n')
    with pytest.raises(ConfigError, match="evidence.dkim"):
        load_settings(bad)
    good = tmp_path / "mailaudit.toml"
    good.write_text('[evidence]\ndns_servers = ["127.0.0.1"]\ndkim_timeout = 1\n')
    seen = []
    monkeypatch.setattr(dkim_check, "_dns_down_until", 0.0)
    monkeypatch.setattr(dkim_check, "_resolve_txt", lambda name, timeout, servers=None: seen.append((timeout, servers)))
    dkim_dnsfunc(load_settings(good))(b"s._domainkey.example.com.", timeout=1)
    assert seen == [(1, ["127.0.0.1"])]


def test_the_suite_keeps_off_the_network():
    import os

    from mailaudit.evidence.dkim_check import NO_DNS_ENV, system_dnsfunc

    assert os.environ.get(NO_DNS_ENV)
    with pytest.raises(DnsUnavailable):
        system_dnsfunc(b"s._domainkey.example.com.")


def test_verify_recomputes_what_the_signature_covers(tmp_path, keypair, dns):
    """Even a chain rebuilt with good hashes cannot claim an appended instruction is signed."""
    (tmp_path / "l.eml").write_bytes(signed_with_length(keypair))
    with Store.open(tmp_path / "l.db") as store:
        ingest_paths(store, [str(tmp_path / "l.eml")], dnsfunc=dns, now=lambda: NOW)
        assert verify_evidence(store).ok
        prev = ledger.GENESIS
        outside = None
        for entry in list(ledger.entries(store.db)):
            data = entry.data()
            if data["dkim_signed"] is False:
                data["dkim_signed"], outside = True, entry.seq
            body = ledger.canonical_json(data)
            new_hash = ledger.entry_hash(prev, body)
            store.db.execute("UPDATE evidence_ledger SET body = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?",
                             [body, prev, new_hash, entry.seq])
            prev = new_hash
        store.db.conn.commit()
        report = verify_evidence(store)
        assert report.first.seq == outside and "dkim_signed = True" in report.first.what
