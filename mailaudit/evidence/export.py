"""`mailaudit evidence export`: one zip to attach to the reply in a dispute.

    README.txt          what is inside and how to check it
    summary.html        a self-contained page for a manager: timeline, who was
                        in To/Cc, proof status, reconciliation (when an
                        operation log is given)
    messages/*.eml      the original messages, byte for byte as received
    records.json        the instruction records, with headers, threads, DKIM
    chain.json          the ledger entries of these records (bodies exactly as
                        hashed) and the hash links from the first of them to
                        the head, so every hash can be recomputed
    reconciliation.json (with an operation log)
    verify_bundle.py    a stdlib-only script that recomputes all of it

Whole threads are exported: a record means little without the amendments
around it.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, IntegrityError
from ..mail.textutil import HAN
from ..store.queries import dkim_entry_seqs
from . import ledger
from .dkim_check import utc_now
from .lookup import instruction_row, show
from .threads import thread_of

if TYPE_CHECKING:  # pragma: no cover
    from ..store.store import Store
    from .reconcile import Operation

VERIFY_SCRIPT = Path(__file__).with_name("verify_bundle.py")
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # entries' mtime: the same export gives the same zip


@dataclass
class ExportResult:
    path: Path
    records: list[int] = field(default_factory=list)
    messages: int = 0
    threads: int = 0
    proof_ok: bool = True
    reconciled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "records": self.records,
            "messages": self.messages,
            "threads": self.threads,
            "proof_ok": self.proof_ok,
            "reconciled": self.reconciled,
        }


def _with_threads(store: Store, ids: Iterable[int]) -> tuple[list[int], list[list[int]]]:
    """All records of the threads of `ids`, and the threads (date order)."""
    seen: set[int] = set()
    threads: list[list[int]] = []
    for rid in ids:
        if rid in seen:
            continue
        members = [r["id"] for r in thread_of(store.db, rid)]
        seen.update(members)
        threads.append(members)
    threads.sort(key=lambda t: min(t))
    return sorted(seen), threads


def _slug(text: str) -> str:
    s = re.sub(f"[^\\w{HAN}-]+", "-", text).strip("-")
    return s[:40] or "message"


def _chain(store: Store, ids: list[int], shas: set[str]) -> dict[str, Any]:
    """Entries of these records (and later DKIM entries of their messages) with
    bodies, plus the bare hash links from the first of them to the head."""
    db = store.db
    head_seq, head_hash = ledger.head(db)
    with_body = set(ids)
    with_body.update(dkim_entry_seqs(db, list(shas)))
    first = min(ids)
    rows = []
    for entry in ledger.entries(db, first):
        row = {"seq": entry.seq, "prev_hash": entry.prev_hash, "entry_hash": entry.entry_hash}
        if entry.seq in with_body:
            row.update(kind=entry.kind, sha256=entry.sha256, body=entry.body)
        rows.append(row)
    return {
        "algorithm": "entry_hash = sha256_hex(prev_hash + body), UTF-8; first prev_hash = 64 zeros",
        "head": {"seq": head_seq, "hash": head_hash},
        "entries": rows,
    }


def export_bundle(
    store: Store,
    ids: Iterable[int],
    out: str | Path,
    *,
    operations: list[Operation] | None = None,
    oplog_name: str | None = None,
    query: str = "",
    now: Callable[[], str] | None = None,
    ops_group: Iterable[str] = (),
    summary: Callable[[dict[str, Any], dict[str, Any] | None, bool], str] | None = None,
) -> ExportResult:
    """`summary`: the readable page (output.export_html.summary_html, in the
    reader's language) of (document, reconciliation, proof_ok); without one
    the bundle has no summary.html (evidence/ renders no screens)."""
    ids = list(ids)
    if not ids:
        raise InputError("nothing to export: no evidence record matches", hint="check the id or the query with `mailaudit evidence search`")
    for rid in ids:
        instruction_row(store, rid)  # raises for an unknown id
    all_ids, threads = _with_threads(store, ids)
    shows = {rid: show(store, rid, ops_group) for rid in all_ids}
    result = ExportResult(Path(out), records=all_ids, threads=len(threads))

    eml_names: dict[str, str] = {}
    raws: dict[str, bytes] = {}
    for rid in all_ids:
        sha = shows[rid]["proof"]["sha256"]
        if sha in eml_names:
            continue
        try:
            raw = store.raw(sha)
        except IntegrityError:  # the blob was changed: nothing true to export
            raw = None
        if raw is None:
            result.proof_ok = False
            continue
        raws[sha] = raw
        eml_names[sha] = f"messages/{len(eml_names) + 1:03d}-{sha[:12]}-{_slug(shows[rid]['headers']['subject'] or '')}.eml"
    result.messages = len(raws)

    reconciliation = None
    if operations is not None:
        from .reconcile import same_advertiser
        from .reconcile_store import reconcile_stored

        stored = reconcile_stored(store, operations, all_ids)
        data = stored.to_dict()
        advertisers = {s["advertiser"] for s in shows.values() if s["advertiser"]}
        # Only the log lines that concern these advertisers: the rest is other
        # customers' business, not part of this dispute.
        data["operations_without_instruction"] = [
            op for op in data["operations_without_instruction"]
            if any(same_advertiser(op.get("advertiser"), a) for a in advertisers)
        ]
        data["summary"]["operations_without_instruction"] = len(data["operations_without_instruction"])
        data["oplog"] = oplog_name
        reconciliation = data
        result.reconciled = True

    records = []
    for rid in all_ids:
        s = shows[rid]
        proof = s["proof"]
        result.proof_ok = result.proof_ok and proof["hash_ok"] and all(
            proof["chain"][k] for k in ("entry_ok", "links_ok", "record_matches_entry")
        )
        records.append({
            "id": rid,
            "label": s["label"],
            "advertiser": s["advertiser"],
            "amends": s["amends"],
            "thread_id": s["thread_id"],
            "record": s["record"],
            "headers": s["headers"],
            "attachments": s["attachments"],
            "body": s["body"],
            "sha256": proof["sha256"],
            "eml": eml_names.get(proof["sha256"]),
            "dkim": proof["dkim"],
            "dkim_signed": proof.get("dkim_signed"),
            "proof": {"hash_ok": proof["hash_ok"], **proof["chain"]},
        })
    thread_rows = [
        {"thread_id": min(t), "timeline": shows[t[0]]["timeline"],
         "confirmations": shows[t[0]]["confirmations"]} for t in threads
    ]
    chain = _chain(store, all_ids, set(raws) | {shows[r]["proof"]["sha256"] for r in all_ids})
    exported_at = (now or utc_now)()
    document = {
        "exported_at": exported_at,
        "query": query,
        "asked_for": ids,
        "records": records,
        "threads": thread_rows,
        "head": chain["head"],
    }
    html = summary(document, reconciliation, result.proof_ok) if summary is not None else None

    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        def put(name: str, data: bytes | str) -> None:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)

        put("README.txt", _readme(document, result, reconciliation is not None))
        if html is not None:
            put("summary.html", html)
        for sha, name in eml_names.items():
            put(name, raws[sha])
        put("records.json", json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        put("chain.json", json.dumps(chain, ensure_ascii=False, indent=1) + "\n")
        if reconciliation is not None:
            put("reconciliation.json", json.dumps(reconciliation, ensure_ascii=False, indent=2) + "\n")
        put("verify_bundle.py", VERIFY_SCRIPT.read_text(encoding="utf-8"))
    tmp.replace(out_path)  # a half-written bundle never has the final name
    return result


def _readme(document: dict[str, Any], result: ExportResult, reconciled: bool) -> str:
    head = document["head"]
    lines = [
        "Evidence bundle: ad-placement instructions received by email",
        "",
        f"Exported {document['exported_at']} by mailaudit; records {', '.join('#' + str(i) for i in result.records)}",
        f"({result.messages} message(s), {result.threads} thread(s)).",
        "",
        "summary.html         open in a browser: timeline, recipients, proof, reconciliation",
        "messages/*.eml       the original messages, byte for byte; open with any mail program",
        "records.json         the instruction records, headers, threads, DKIM results",
        "chain.json           ledger entries (bodies exactly as hashed) and the hash links to the head",
        *(["reconciliation.json  instructions compared with the ad server's operation log"] if reconciled else []),
        "verify_bundle.py     `python3 verify_bundle.py` in this folder recomputes every hash",
        "",
        "How the proof works",
        "- Each .eml file's SHA-256 is the sha256 in its records and ledger entries.",
        "- Each ledger entry's hash is SHA-256(previous entry's hash + its body), so no entry",
        "  can be changed, removed or inserted without breaking every later hash.",
        f"- The log's head at export: entry {head['seq']}, hash {head['hash']}.",
        "  Anyone holding this head hash can later ask for the log and check that it still",
        "  contains these entries unchanged.",
        "- DKIM: where the sending domain signed the mail, the signature was verified when the",
        "  mail was taken in; `pass` means that domain signed these bytes. The DNS key record",
        "  used then is inside the hashed ledger entry, and verify_bundle.py checks the",
        "  signature against it again (DNS may have rotated the key since).",
        "- A pass can cover less than the whole mail: `aligned: no` means the signer is not the",
        "  From domain; `body_length` (l=) means only the start of the body is signed, and an",
        "  instruction with `dkim_signed: false` lies outside the DKIM-signed text.",
    ]
    return "\n".join(lines) + "\n"


__all__ = ["ExportResult", "export_bundle"]
