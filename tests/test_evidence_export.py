"""The dispute bundle, and reconciliation fed from the evidence log."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.evidence.export import export_bundle
from mailaudit.evidence.ingest import ingest_paths
from mailaudit.evidence.reconcile import read_oplog
from mailaudit.evidence.reconcile_store import reconcile_stored
from mailaudit.output.export_html import summary_html
from mailaudit.store.store import Store

DATA = Path(__file__).parent / "data" / "evidence_log"
OPLOG = DATA / "oplog.csv"
QINGLAN = ["qinglan-1-place.eml", "qinglan-3-add-splash.eml", "qinglan-4-extend.eml", "qinglan-5-cancel-no-headers.eml"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "audit.db"
    with Store.open(path) as s:
        ingest_paths(s, [str(DATA)], now=lambda: "2024-07-01T00:00:00Z")
        yield s


def id_of(store: Store, message_id: str) -> int:
    return store.db.execute("SELECT id FROM evidence_instructions WHERE message_id = ?", [message_id]).fetchone()[0]


def unpack(bundle: Path, where: Path) -> Path:
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(where)
    return where


def test_bundle_contents(store, tmp_path):
    rid = id_of(store, "<qinglan-4@biz.example.cn>")
    result = export_bundle(store, [rid], tmp_path / "b.zip", now=lambda: "2024-07-02T00:00:00Z",
                           summary=summary_html)
    assert result.proof_ok and result.threads == 1 and result.messages == 4 and len(result.records) == 4
    folder = unpack(tmp_path / "b.zip", tmp_path / "b")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    emls = [n for n in names if n.startswith("messages/")]
    assert {"README.txt", "summary.html", "records.json", "chain.json", "verify_bundle.py"} <= set(names)
    assert len(emls) == 4 and "reconciliation.json" not in names
    # The originals, byte for byte.
    originals = {hashlib.sha256((DATA / n).read_bytes()).hexdigest(): (DATA / n).read_bytes() for n in QINGLAN}
    for name in emls:
        data = (folder / name).read_bytes()
        assert originals[hashlib.sha256(data).hexdigest()] == data
    records = json.loads((folder / "records.json").read_text(encoding="utf-8"))
    assert [r["label"] for r in records["threads"][0]["timeline"]] == ["placed", "added slot", "extended", "cancelled"]
    by_id = {r["id"]: r for r in records["records"]}
    assert by_id[rid]["record"]["action"] == "extend" and by_id[rid]["eml"] in emls
    assert by_id[rid]["headers"]["to"] == ["投放运营 <ops@example.cn>"]
    chain = json.loads((folder / "chain.json").read_text(encoding="utf-8"))
    assert chain["head"]["seq"] == store.count("evidence_ledger")
    html = (folder / "summary.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "青岚茶饮" in html and "李强" in html
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")  # self-contained
    # Anyone can recompute it, with plain Python.
    check = subprocess.run([sys.executable, str(folder / "verify_bundle.py"), str(folder)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and check.stdout.startswith("OK: 4 record(s)"), check.stdout


def test_a_changed_bundle_does_not_verify(store, tmp_path):
    export_bundle(store, [id_of(store, "<northwind-1@sales.example.com>")], tmp_path / "n.zip")
    folder = unpack(tmp_path / "n.zip", tmp_path / "n")
    eml = next((folder / "messages").iterdir())
    eml.write_bytes(eml.read_bytes().replace(b"July 14", b"July 15"))
    check = subprocess.run([sys.executable, str(folder / "verify_bundle.py"), str(folder)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 1 and "does not hash to" in check.stdout


def test_reconcile_from_the_store(store):
    stored = reconcile_stored(store, read_oplog(OPLOG))
    data = stored.to_dict()
    status = {item["id"]: item["status"] for item in data["instructions"]}
    assert status[id_of(store, "<qinglan-1@biz.example.cn>")] == "as-instructed"
    assert status[id_of(store, "<qinglan-3@biz.example.cn>")] == "differs"
    assert status[id_of(store, "<northwind-2@sales.example.com>")] == "not-found"
    differs = next(i for i in data["instructions"] if i["id"] == id_of(store, "<qinglan-3@biz.example.cn>"))
    assert differs["differences"] == [{"field": "end", "instructed": "2024-06-30", "configured": "2024-06-28T23:59"}]
    assert [op["advertiser"] for op in data["operations_without_instruction"]] == ["Globex"]


def test_export_with_reconciliation_cli(store, tmp_path):
    out = CliRunner().invoke(main, ["evidence", "export", "--advertiser", "青岚茶饮", "-o", str(tmp_path / "q.zip"),
                                    "--oplog", str(OPLOG), "--db", str(store.path)])
    assert out.exit_code == 0, out.output
    assert "4 record(s) in 1 thread(s), 4 original message(s); all proof verifies" in out.output
    folder = unpack(tmp_path / "q.zip", tmp_path / "q")
    recon = json.loads((folder / "reconciliation.json").read_text(encoding="utf-8"))
    assert recon["summary"]["differs"] == 1 and recon["oplog"] == "oplog.csv"
    assert recon["operations_without_instruction"] == []  # Globex is not this dispute's business
    html = (folder / "summary.html").read_text(encoding="utf-8")
    assert "Compared with the ad server" in html and "differs" in html


def test_export_and_reconcile_cli_errors_and_text(store, tmp_path):
    runner = CliRunner()
    db = ["--db", str(store.path)]
    none = runner.invoke(main, ["evidence", "export", "zebra", "-o", str(tmp_path / "z.zip"), *db])
    assert none.exit_code == 2 and "nothing to export" in none.output and not (tmp_path / "z.zip").exists()
    usage = runner.invoke(main, ["evidence", "export", "-o", str(tmp_path / "z.zip"), *db])
    assert usage.exit_code == 2
    ids = f"{id_of(store, '<northwind-1@sales.example.com>')},{id_of(store, '<shanchuan-1@biz.example.cn>')}"
    two = runner.invoke(main, ["evidence", "export", ids, "-o", str(tmp_path / "two.zip"), "--format", "json", *db])
    assert json.loads(two.output)["threads"] == 2
    text = runner.invoke(main, ["evidence", "reconcile", str(OPLOG), *db])
    assert text.exit_code == 0, text.output
    assert "evidence #" in text.output and "differs" in text.output and "Globex" in text.output
    # With paths it is the mail files that are compared, as before.
    files = runner.invoke(main, ["evidence", "reconcile", str(OPLOG), str(DATA / "shanchuan-feed.eml"), "--format", "json"])
    assert files.exit_code == 0, files.output
    assert len(json.loads(files.output)["instructions"]) == 1


def test_reconcile_with_an_advertiser_leaves_out_other_advertisers_operations(store):
    out = CliRunner().invoke(main, ["evidence", "reconcile", str(OPLOG), "--advertiser", "青岚茶饮",
                                    "--format", "json", "--db", str(store.path)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["instructions"] and data["operations_without_instruction"] == []  # Globex's stays out
    everyone = reconcile_stored(store, read_oplog(OPLOG)).to_dict()
    assert [op["advertiser"] for op in everyone["operations_without_instruction"]] == ["Globex"]
