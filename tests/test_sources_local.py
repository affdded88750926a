"""Maildir and mbox sources: incremental, resumable, and cheap when nothing changed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from dovecot import make_message

import mailaudit.sources.maildir as maildir_mod
import mailaudit.sources.mbox as mbox_mod
from mailaudit.errors import InputError
from mailaudit.sources import open_source
from mailaudit.sources.base import Batch, FolderState

PAST = time.time() - 3600  # an hour ago: well outside the racy window


# ------------------------------------------------------------------ Maildir
def make_maildir(path: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def put(path: Path, n: int, where: str = "new", info: str = "") -> str:
    """Deliver message n; returns its key (the unique name)."""
    key = f"1715000000.M{n:06d}P42.testhost"
    name = f"{key}:2,{info}" if where == "cur" else key
    (path / where / name).write_bytes(make_message(n))
    return key


def settle(path: Path) -> None:
    """Date the directories back, as if the last delivery were long ago."""
    for sub in ("cur", "new"):
        os.utime(path / sub, (PAST, PAST))


def maildir_source(path: Path, **extra):
    return open_source("archive", {"kind": "maildir", "path": str(path), **extra})


def run(src, folder: str, state: FolderState | None) -> list[Batch]:
    return list(src.fetch_new(folder, state))


def keys(batches: list[Batch]) -> list[str]:
    return [m.key for b in batches for m in b.mails]


def test_maildir_first_scan_reads_new_and_cur_with_flags(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    k1 = put(md, 1)
    k2 = put(md, 2, "cur", "RS")
    k3 = put(md, 3, "cur", "")
    src = maildir_source(md)
    assert src.folders() == ["INBOX"]

    batches = run(src, "INBOX", None)

    mails = {m.key: m for b in batches for m in b.mails}
    assert set(mails) == {k1, k2, k3}
    assert mails[k2].flags == ("\\Answered", "\\Seen") and mails[k1].flags == ()
    assert mails[k1].data == make_message(1)
    assert mails[k2].locator == f"archive/INBOX;{k2}"
    assert mails[k3].internaldate is not None
    assert set(batches[-1].state.extra) == {"dirs", "known"}


def test_maildir_no_change_rescan_lists_nothing(tmp_path, monkeypatch):
    md = make_maildir(tmp_path / "Mail")
    for n in range(20):
        put(md, n, "cur" if n % 2 else "new", "S")
    settle(md)
    src = maildir_source(md)
    state = run(src, "INBOX", None)[-1].state
    assert state.extra["dirs"]["cur"] > 0  # not racy: recorded as is

    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(maildir_mod.os, "scandir", lambda p: listed.append(p) or real_scandir(p))
    assert run(src, "INBOX", state) == []
    assert listed == []  # two stats, no directory listing


def test_maildir_flag_change_and_move_to_cur_are_not_new_mail(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    k1 = put(md, 1)
    k2 = put(md, 2, "cur", "")
    settle(md)
    src = maildir_source(md)
    state = run(src, "INBOX", None)[-1].state

    # A mail client reads both: new/ -> cur/ with S, and a flag added in cur/.
    os.rename(md / "new" / k1, md / "cur" / f"{k1}:2,S")
    os.rename(md / "cur" / f"{k2}:2,", md / "cur" / f"{k2}:2,FS")
    batches = run(src, "INBOX", state)

    assert keys(batches) == []
    new_key = put(md, 3)
    assert keys(run(src, "INBOX", batches[-1].state if batches else state)) == [new_key]


def test_maildir_new_mail_only_reads_the_new_files(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    for n in range(10):
        put(md, n, "cur", "S")
    settle(md)
    src = maildir_source(md)
    state = run(src, "INBOX", None)[-1].state
    added = {put(md, n) for n in range(100, 103)}
    batches = run(src, "INBOX", state)
    assert set(keys(batches)) == added and len(keys(batches)) == 3


def test_maildir_delivery_in_the_same_mtime_tick_is_not_missed(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    put(md, 1)
    src = maildir_source(md)
    state = run(src, "INBOX", None)[-1].state
    assert state.extra["dirs"]["new"] == 0  # listed right after a delivery: racy

    # A second delivery that leaves new/'s mtime exactly as it was.
    before = os.stat(md / "new").st_mtime_ns
    k2 = put(md, 2)
    os.utime(md / "new", ns=(before, before))
    assert keys(run(src, "INBOX", state)) == [k2]


def test_maildir_resumes_mid_pass_without_loss_or_doubles(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    all_keys = {put(md, n) for n in range(10)}
    settle(md)
    src = maildir_source(md, batch_size=3)
    first = run(src, "INBOX", None)
    assert [len(b.mails) for b in first] == [3, 3, 3, 1]
    assert "pass" in first[0].state.extra and "pass" not in first[-1].state.extra

    # Stopped after batch 1; meanwhile a mail arrives whose key sorts first.
    early = "1000000000.M000001P1.early"
    (md / "new" / early).write_bytes(make_message(500))
    second = run(src, "INBOX", first[0].state)
    # Stopped again after one more batch: the first stop's work must not be redone.
    third = run(src, "INBOX", second[0].state)

    seen = keys(first[:1]) + keys(second[:1]) + keys(third)
    assert sorted(seen) == sorted(all_keys | {early})  # each exactly once
    assert keys(run(src, "INBOX", third[-1].state)) == []


def test_maildir_file_moved_or_deleted_during_a_scan(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    k = [put(md, n) for n in range(3)]
    src = maildir_source(md, batch_size=1)
    batches = src.fetch_new("INBOX", None)
    first = next(batches)
    rest = [key for key in k if key != first.mails[0].key]
    os.rename(md / "new" / rest[0], md / "cur" / f"{rest[0]}:2,S")  # read by a client
    os.unlink(md / "new" / rest[1])  # deleted
    later = list(batches)
    assert keys(later) == [rest[0]] and later[0].mails[0].flags == ("\\Seen",)


def test_maildir_tree_folders_and_patterns(tmp_path):
    root = make_maildir(tmp_path / "Mail")
    make_maildir(root / ".Projects.Ads")
    make_maildir(root / ".Trash")
    make_maildir(root / "work" / "Sent")  # nested layout (mbsync SubFolders Verbatim)
    put(root / ".Projects.Ads", 1)
    assert maildir_source(root).folders() == ["INBOX", "Projects/Ads", "Trash", "work/Sent"]
    src = maildir_source(root, folders=["INBOX", "Projects/*", "work/*"], skip_folders=["work/*"])
    assert src.folders() == ["INBOX", "Projects/Ads"]
    assert keys(run(src, "Projects/Ads", None)) == ["1715000000.M000001P42.testhost"]


def test_maildir_state_is_compact(tmp_path):
    md = make_maildir(tmp_path / "Mail")
    names = []
    for n in range(1500):
        key = f"{1715000000 + n * 7}.M{n * 13:06d}P{4000 + n % 50}.host.example.org"
        (md / "cur" / f"{key}:2,S").write_bytes(b"Subject: x\n\nx\n")
        names.append(key)
    state = run(maildir_source(md, batch_size=5000), "INBOX", None)[-1].state
    plain = len(json.dumps(names))
    packed = len(json.dumps(state.extra))
    assert packed < plain / 3, (packed, plain)
    assert sorted(maildir_mod.unpack_keys(state.extra["known"])) == sorted(names)


def test_maildir_missing_path_is_input_error(tmp_path):
    with pytest.raises(InputError, match="no such Maildir"):
        maildir_source(tmp_path / "nope").folders()
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="not a Maildir"):
        maildir_source(tmp_path / "empty").folders()


# --------------------------------------------------------------------- mbox
FROM_LINE = b"From sender@example.com Mon May  6 10:00:00 2024\n"


def mbox_bytes(messages: list[bytes]) -> bytes:
    return b"".join(FROM_LINE + m + b"\n" for m in messages)


def lf_message(n: int) -> bytes:
    return make_message(n).replace(b"\r\n", b"\n")


def mbox_source(path: Path, **extra):
    return open_source("old", {"kind": "mbox", "path": str(path), **extra})


def write_settled(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.utime(path, (PAST, PAST))


def test_mbox_reads_every_message_with_offsets_as_keys(tmp_path):
    messages = [lf_message(n) for n in range(7)]
    box = tmp_path / "old.mbox"
    write_settled(box, mbox_bytes(messages))
    src = mbox_source(box, batch_size=3)
    assert src.folders() == [""]

    batches = run(src, "", None)

    assert [len(b.mails) for b in batches] == [3, 3, 1]
    assert [m.data for b in batches for m in b.mails] == messages
    offsets = [int(k[1:]) for k in keys(batches)]
    content = box.read_bytes()
    assert offsets[0] == 0 and all(content[o : o + 5] == b"From " for o in offsets)
    assert batches[0].mails[0].locator == "old;#0"
    assert batches[0].mails[0].internaldate.year == 2024
    assert "size" not in batches[0].state.extra and batches[-1].state.extra["size"] == len(content)


def test_mbox_no_change_opens_nothing(tmp_path, monkeypatch):
    box = tmp_path / "old.mbox"
    write_settled(box, mbox_bytes([lf_message(1)]))
    src = mbox_source(box)
    state = run(src, "", None)[-1].state
    opened = []
    monkeypatch.setattr(mbox_mod, "open", lambda *a, **k: opened.append(a), raising=False)
    assert run(src, "", state) == []
    assert opened == []


def test_mbox_appended_mail_reads_only_the_tail(tmp_path, monkeypatch):
    box = tmp_path / "old.mbox"
    write_settled(box, mbox_bytes([lf_message(n) for n in range(5)]))
    src = mbox_source(box)
    state = run(src, "", None)[-1].state
    old_size = box.stat().st_size
    with open(box, "ab") as f:
        f.write(mbox_bytes([lf_message(10), lf_message(11)]))
    os.utime(box, (PAST + 60, PAST + 60))

    reads = []
    real_pread = os.pread

    def pread(fd, n, offset):
        data = real_pread(fd, n, offset)
        reads.append((offset, len(data)))
        return data

    monkeypatch.setattr(mbox_mod.os, "pread", pread)
    batches = run(src, "", state)

    assert [m.data for b in batches for m in b.mails] == [lf_message(10), lf_message(11)]
    assert not any(b.reset for b in batches)
    tail = box.stat().st_size - old_size
    assert sum(n for _, n in reads) < tail + 3 * mbox_mod.CHECK_SPAN  # the tail and a fingerprint
    assert all(off >= old_size for off, n in reads if n > mbox_mod.CHECK_SPAN)


def test_mbox_truncated_or_rewritten_resets(tmp_path):
    box = tmp_path / "old.mbox"
    messages = [lf_message(n) for n in range(6)]
    write_settled(box, mbox_bytes(messages))
    src = mbox_source(box)
    state = run(src, "", None)[-1].state

    write_settled(box, mbox_bytes(messages[:2]))  # shrunk (e.g. messages expunged)
    shrunk = run(src, "", state)
    assert all(b.reset for b in shrunk) and keys(shrunk)[0] == "#0"
    assert [m.data for b in shrunk for m in b.mails] == messages[:2]

    # Rewritten and longer than before: one message dropped, three added.
    write_settled(box, mbox_bytes(messages[:1] + messages[2:] + [lf_message(n) for n in (7, 8, 9)]))
    grown = run(src, "", shrunk[-1].state)
    assert all(b.reset for b in grown) and len(keys(grown)) == 8


def test_mbox_half_written_last_message_waits(tmp_path):
    box = tmp_path / "inbox.mbox"
    first, second = lf_message(1), lf_message(2)
    box.write_bytes(FROM_LINE + first + b"\n" + FROM_LINE + second[:40])  # writer still busy
    src = mbox_source(box)
    batches = run(src, "", None)
    assert [m.data for b in batches for m in b.mails] == [first]

    with open(box, "ab") as f:
        f.write(second[40:] + b"\n")
    later = run(src, "", batches[-1].state)
    assert [m.data for b in later for m in b.mails] == [second]
    assert not any(b.reset for b in later)


def test_mbox_directory_crlf_and_not_an_mbox(tmp_path):
    root = tmp_path / "Mail"
    (root / "Inbox.sbd").mkdir(parents=True)
    write_settled(root / "Inbox", mbox_bytes([lf_message(1)]))
    crlf = [make_message(n) for n in (2, 3)]
    crlf_box = b"".join(FROM_LINE.replace(b"\n", b"\r\n") + m + b"\r\n" for m in crlf)
    write_settled(root / "Inbox.sbd" / "Ads", crlf_box)
    (root / "Inbox.msf").write_text("// index, not mail")
    (root / "notes.txt").write_text("hello")
    src = mbox_source(root)
    assert src.folders() == ["Inbox", "Inbox.sbd/Ads"]
    assert [m.data for b in run(src, "Inbox.sbd/Ads", None) for m in b.mails] == crlf

    with pytest.raises(InputError, match="not an mbox"):
        run(mbox_source(root / "notes.txt"), "", None)


@pytest.mark.parametrize("chunk", [1, 7, 8, 61, 4096])
def test_mbox_chunk_boundaries_do_not_matter(tmp_path, monkeypatch, chunk):
    messages = [lf_message(n) for n in range(5)] + [make_message(9)]  # one CRLF message
    box = tmp_path / "old.mbox"
    write_settled(box, mbox_bytes(messages))
    expected = run(mbox_source(box, batch_size=2), "", None)
    monkeypatch.setattr(mbox_mod, "CHUNK", chunk)
    batches = run(mbox_source(box, batch_size=2), "", None)
    assert [m.data for b in batches for m in b.mails] == messages
    assert [(b.state, keys([b])) for b in batches] == [(b.state, keys([b])) for b in expected]
