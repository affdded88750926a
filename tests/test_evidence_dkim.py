"""DKIM at intake: a key made at test time, resolved through dkimpy's DNS hook
(no network). pass, fail after a one-byte change, none, temperror (and the
later `verify --dkim` retry), permerror."""

from __future__ import annotations

import base64
import shutil
import subprocess
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
