#!/usr/bin/env python3
"""Check an evidence bundle exported by mailaudit, with nothing but Python.

Run it in the unpacked bundle (or pass the folder): it recomputes the SHA-256
of every .eml, every ledger entry hash and link up to the head, and compares
each record with the ledger entry that vouches for it. Then it verifies each
RSA DKIM signature again against the DNS key record kept, at intake, inside
those hashed entries (DNS may have rotated the key away since): a recorded
pass must still verify. Exit status 0 when everything matches, 1 otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path


# ---------------------------------------------- DKIM (RFC 6376), stdlib only
def _tags(value: bytes) -> dict[str, bytes]:
    out = {}
    for part in value.split(b";"):
        if b"=" in part:
            k, v = part.split(b"=", 1)
            out[k.strip().decode("ascii", "replace")] = v.strip()
    return out


def _headers_and_body(raw: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    raw = re.sub(rb"(?<!\r)\n", b"\r\n", raw)
    head, _, body = raw.partition(b"\r\n\r\n")
    headers: list[list[bytes]] = []
    for line in (head + b"\r\n").split(b"\r\n")[:-1]:
        if line[:1] in (b" ", b"\t") and headers:
            headers[-1][1] += b"\r\n" + line
        elif b":" in line:
            name, value = line.split(b":", 1)
            headers.append([name, value])
    return [(n, v + b"\r\n") for n, v in headers], body


def _body(body: bytes, how: bytes) -> bytes:
    if how == b"relaxed":
        lines = [re.sub(rb"[ \t]+", b" ", line).rstrip(b" \t") for line in body.split(b"\r\n")]
        body = b"\r\n".join(lines)
    body = body.rstrip(b"\r\n")
    return body + b"\r\n" if body or how == b"simple" else b""


def _header(name: bytes, value: bytes, how: bytes) -> bytes:
    if how == b"relaxed":
        value = re.sub(rb"\r\n(?=[ \t])", b"", value)
        value = re.sub(rb"[ \t]+", b" ", value).strip(b" \t\r\n")
        return name.strip().lower() + b":" + value + b"\r\n"
    return name + b":" + value


def _der(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER element at `at`."""
    tag, size = data[at], data[at + 1]
    at += 2
    if size & 0x80:
        count = size & 0x7F
        size = int.from_bytes(data[at : at + count], "big")
        at += count
    return tag, at, at + size


def _rsa_key(record: str) -> tuple[int, int] | None:
    tags = _tags(record.encode())
    if tags.get("k", b"rsa") != b"rsa" or not tags.get("p"):
        return None
    der = base64.b64decode(re.sub(rb"\s+", b"", tags["p"]))
    _, at, _ = _der(der, 0)  # SubjectPublicKeyInfo
    _, alg_start, alg_end = _der(der, at)
    _, bits, _ = _der(der, alg_end)  # BIT STRING: one byte of unused bits, then RSAPublicKey
    _, seq, _ = _der(der, bits + 1)
    _, n0, n1 = _der(der, seq)
    _, e0, e1 = _der(der, n1)
    return int.from_bytes(der[n0:n1], "big"), int.from_bytes(der[e0:e1], "big")


_DIGEST_INFO = {
    b"rsa-sha256": (hashlib.sha256, bytes.fromhex("3031300d060960864801650304020105000420")),
    b"rsa-sha1": (hashlib.sha1, bytes.fromhex("3021300906052b0e03021a05000414")),
}


def dkim_verify(raw: bytes, index: int, key_record: str) -> str:
    """"pass", or why the `index`-th DKIM-Signature does not verify with this key."""
    headers, body = _headers_and_body(raw)
    sigs = [(n, v) for n, v in headers if n.strip().lower() == b"dkim-signature"]
    if index >= len(sigs):
        return "signature not found"
    sig_name, sig_value = sigs[index]
    tags = _tags(re.sub(rb"\r\n[ \t]", b" ", sig_value))
    algorithm = tags.get("a", b"")
    if algorithm not in _DIGEST_INFO:
        return f"algorithm {algorithm.decode()} is not checked here (use mailaudit)"
    hasher, prefix = _DIGEST_INFO[algorithm]
    c = tags.get("c", b"simple/simple").split(b"/")
    head_c, body_c = c[0], c[1] if len(c) > 1 else b"simple"
    canon = _body(body, body_c)
    if "l" in tags:
        canon = canon[: int(tags["l"])]
    if base64.b64encode(hasher(canon).digest()) != re.sub(rb"\s+", b"", tags.get("bh", b"")):
        return "body hash mismatch"
    data = b""
    pool = list(headers)
    for name in [h.strip() for h in tags.get("h", b"").split(b":")]:
        for k in range(len(pool) - 1, -1, -1):  # bottom-up, each instance once
            if pool[k][0].strip().lower() == name.lower():
                data += _header(*pool.pop(k), head_c)
                break
    emptied = re.sub(rb"(\bb=)[^;]*", rb"\1", sig_value, count=1)
    data += _header(sig_name, emptied, head_c).rstrip(b"\r\n")
    key = _rsa_key(key_record)
    if key is None:
        return "the kept key is not an RSA key"
    n, e = key
    signature = int.from_bytes(base64.b64decode(re.sub(rb"\s+", b"", tags.get("b", b""))), "big")
    size = (n.bit_length() + 7) // 8
    digest = prefix + hasher(data).digest()
    expected = b"\x00\x01" + b"\xff" * (size - len(digest) - 3) + b"\x00" + digest
    return "pass" if pow(signature, e, n).to_bytes(size, "big") == expected else "signature does not verify"


def check_dkim(folder: Path, records: list[dict], by_seq: dict[int, dict]) -> tuple[list[str], int]:
    """A recorded DKIM pass must verify again with the key kept in the hashed entry."""
    problems, checked = [], 0
    done = set()
    latest = {}  # sha256 -> a later `dkim` entry's result (a re-check after a temperror)
    for seq in sorted(by_seq):
        row = by_seq[seq]
        if row.get("kind") == "dkim" and "body" in row:
            latest[row["sha256"]] = json.loads(row["body"]).get("dkim") or {}
    for rec in records:
        entry = by_seq.get(rec["id"])
        if not rec.get("eml") or rec["sha256"] in done or entry is None or "body" not in entry:
            continue
        done.add(rec["sha256"])
        dkim = latest.get(rec["sha256"]) or json.loads(entry["body"]).get("dkim") or {}
        raw = (folder / rec["eml"]).read_bytes() if (folder / rec["eml"]).is_file() else None
        if raw is None or dkim.get("result") != "pass":
            continue
        sigs = dkim.get("signatures") or []
        verdicts = [dkim_verify(raw, k, s["key"]) for k, s in enumerate(sigs) if s.get("result") == "pass" and s.get("key")]
        checked += 1
        if "pass" not in verdicts:
            problems.append(f"record #{rec['id']}: DKIM recorded as pass does not verify with the key kept"
                            f" at intake ({'; '.join(verdicts) or 'no key kept'})")
    return problems, checked


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

    dkim_problems, dkim_checked = check_dkim(folder, records["records"], by_seq)
    problems.extend(dkim_problems)
    for p in problems:
        print("MISMATCH:", p)
    n = len(records["records"])
    if problems:
        print(f"{len(problems)} problem(s) in {n} record(s).")
        return 1
    print(f"OK: {n} record(s), {len(chain['entries'])} chain entries up to head "
          f"{chain['head']['seq']} {chain['head']['hash']}; every hash recomputed;"
          f" {dkim_checked} DKIM pass(es) verified again with the keys kept in the log.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)))
