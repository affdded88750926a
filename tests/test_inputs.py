"""Paths on the command line: every regular file of a folder is read, Maildirs with
or without new/, and whatever is not read is named on stderr with its reason
(sources/paths.py; `lint` and `evidence extract` as a user runs them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mailaudit.errors import InputError
from mailaudit.sources.paths import Skipped, iter_inputs, not_mail_reason

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ROOT / "examples" / "en-clean-request.eml"
NOTMUCH = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "notmuch"
needs_notmuch = pytest.mark.skipif(not NOTMUCH.is_dir(), reason=f"shared corpora not present at {NOTMUCH}")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], capture_output=True, cwd=cwd, timeout=300)


def sources(results: bytes) -> list[str]:
    return [r["source"] for r in json.loads(results)]


@needs_notmuch
def test_notmuch_folder_yields_all_321_messages_and_names_the_rest():
    done = run("lint", "--format", "json", str(NOTMUCH))
    assert done.returncode in (0, 1), done.stderr.decode()
    assert len(sources(done.stdout)) == 321
    skipped = done.stderr.decode().splitlines()
    assert sorted(Path(ln.split(": ")[0].removeprefix("skipped ")).name for ln in skipped) == [
        "SOURCE.md", "UPSTREAM-COPYING", "UPSTREAM-COPYING-GPL-3", "UPSTREAM-README-corpora"]
    assert all(ln.endswith("not a mail message (no header lines)") for ln in skipped)


@needs_notmuch
def test_maildir_with_cur_only_and_maildir_named_files():
    lkml = NOTMUCH / "lkml"
    assert not (lkml / "new").exists()
    done = run("lint", "--format", "json", str(lkml))
    assert done.returncode in (0, 1) and done.stderr == b""
    found = sources(done.stdout)
    assert len(found) == 210 and any(s.endswith("1382298770.002195:2,") for s in found)
    extract = run("evidence", "extract", "--format", "json", "--all", str(lkml))
    assert extract.returncode == 0 and len(sources(extract.stdout)) == 210


def test_maildir_bookkeeping_tmp_and_hidden_files_are_named(tmp_path):
    md = tmp_path / "Mail"
    for sub in ("cur", "new", "tmp", ".Sent/cur", ".cache"):
        (md / sub).mkdir(parents=True)
    mail = CLEAN.read_bytes()
    (md / "cur" / "1.host:2,S").write_bytes(mail)
    (md / "new" / "2.host").write_bytes(mail)
    (md / ".Sent" / "cur" / "3.host:2,S").write_bytes(mail)
    (md / "tmp" / "4.host").write_bytes(mail)
    (md / "dovecot-uidlist").write_bytes(b"3 V1 N4\n")
    (md / ".notes").write_bytes(b"x")
    skips: list[Skipped] = []
    got = [i.source for i in iter_inputs([str(md)], skips.append)]
    assert sorted(Path(s).name for s in got) == ["1.host:2,S", "2.host", "3.host:2,S"]
    reasons = {Path(s.source.rstrip("/")).name: s.reason for s in skips}
    assert set(reasons) == {".cache", ".notes", "dovecot-uidlist", "tmp"}
    assert not any(s.error for s in skips)  # things a folder holds are named, not errors


def test_missing_path_is_reported_and_the_rest_is_linted(tmp_path):
    done = run("lint", "--format", "json", "nosuch.eml", str(CLEAN))
    assert done.returncode == 2
    assert sources(done.stdout) == [str(CLEAN)]
    assert done.stderr.decode() == "Error: nosuch.eml: no such file or directory\n"


def test_empty_and_binary_inputs_are_not_mail(tmp_path):
    (tmp_path / "empty.eml").write_bytes(b"")
    (tmp_path / "blank.eml").write_bytes(b"\n  \n")
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 4)
    names = ["empty.eml", "blank.eml", "logo.png", "noise.bin"]
    done = run("lint", "--format", "json", *names, str(CLEAN), cwd=tmp_path)
    assert done.returncode == 2
    assert sources(done.stdout) == [str(CLEAN)]
    assert done.stderr.decode().splitlines() == [
        "Error: empty.eml: not a mail message (empty)",
        "Error: blank.eml: not a mail message (empty)",
        "Error: logo.png: not a mail message (a PNG image)",
        "Error: noise.bin: not a mail message (binary data)",
    ]
    empty_stdin = subprocess.run([sys.executable, "-m", "mailaudit", "lint", "-"], input=b"",
                                 capture_output=True, cwd=ROOT, timeout=120)
    assert empty_stdin.returncode == 2
    assert empty_stdin.stderr == b"Error: -: standard input is not a mail message (empty)\n"


def test_a_png_in_a_folder_is_named_and_skipped(tmp_path):
    (tmp_path / "draft.eml").write_bytes(CLEAN.read_bytes())
    (tmp_path / "screenshot.png").write_bytes(PNG)
    done = run("evidence", "extract", "--format", "json", "--all", str(tmp_path))
    assert done.returncode == 0
    assert len(sources(done.stdout)) == 1
    assert done.stderr.decode() == f"skipped {tmp_path / 'screenshot.png'}: not a mail message (a PNG image)\n"


def test_library_without_a_handler_raises_for_a_named_input():
    with pytest.raises(InputError, match="nosuch.eml: no such file or directory"):
        list(iter_inputs(["nosuch.eml"]))


def test_plain_drafts_and_mail_with_stray_lines_are_mail():
    assert not_mail_reason(b"To: a@example.com\nSubject: x\n\nhi\n") is None
    assert not_mail_reason(b"\xef\xbb\xbfnote to self\nTo: a@example.com\n\nhi\n") is None
    assert not_mail_reason(b"note to self\n\nhi\n", need_headers=True) == "not a mail message (no header lines)"


def test_attach_line_naming_no_file_is_an_error_finding(tmp_path):
    (tmp_path / "plan.xlsx").write_bytes(b"PK\x03\x04")
    draft = "To: wang@example.cn\nSubject: 6月排期\nAttach: {}\n\n王经理，您好！\n附件是6月排期，请查收。\n谢谢！\n张三\n"
    (tmp_path / "ok.draft").write_text(draft.format("plan.xlsx"), encoding="utf-8")
    (tmp_path / "typo.draft").write_text(draft.format("plan.xslx"), encoding="utf-8")
    done = run("lint", "--format", "json", "ok.draft", "typo.draft", cwd=tmp_path)
    assert done.returncode == 1
    ok, typo = json.loads(done.stdout)
    assert not any(f["rule"] == "attachment-missing-file" for f in ok["findings"])
    found = [f for f in typo["findings"] if f["rule"] == "attachment-missing-file"]
    assert [(f["level"], f["part"]) for f in found] == [("error", "attachments")]
    assert "plan.xslx" in found[0]["message"]
    # the body's "附件是" has its file on the Attach: line: not also attachment-forgotten
    assert not any(f["rule"] == "attachment-forgotten" for f in typo["findings"])


@needs_notmuch
def test_scan_reads_a_maildir_with_cur_only(tmp_path):
    db = tmp_path / "audit.db"
    done = run("scan", "--maildir", str(NOTMUCH / "lkml"), "--db", str(db), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["totals"]["mails"] == 210
    again = run("scan", "--maildir", str(NOTMUCH / "lkml"), "--db", str(db), "--format", "json", cwd=tmp_path)
    assert again.returncode == 0 and json.loads(again.stdout)["totals"]["new"] == 0
