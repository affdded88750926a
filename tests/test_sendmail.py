"""`mailaudit sendmail` against a stand-in sender that records what it was given.

The real-client tests (msmtp, neomutt, git send-email) are in test_clients_real.py;
here each case runs the real `mailaudit` command in a subprocess, the way a mail
client runs it, with a sender that writes the bytes and arguments it received.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mailaudit.config import load_settings
from mailaudit.gate.sendmail import run_sendmail

CAPTURE = """\
import json, os, sys
out = sys.argv[1]
with open(os.path.join(out, "sent.eml"), "wb") as f:
    f.write(sys.stdin.buffer.read())
with open(os.path.join(out, "args.json"), "w") as f:
    json.dump(sys.argv[2:], f)
sys.exit(int(os.environ.get("CAPTURE_EXIT", "0")))
"""

CLEAN = (
    b"From: Li Lei <lilei@example.com>\n"
    b"To: Han Meimei <han@example.com>\n"
    b"Subject: Q3 placement report numbers\n"
    b"Message-ID: <clean-1@example.com>\n"
    b"\n"
    b"Hi Meimei,\n\nCould you check the Q3 report numbers by Friday?\n\nThanks,\nLi Lei\n"
)
NO_SUBJECT = CLEAN.replace(b"Subject: Q3 placement report numbers\n", b"Subject: \n")
FORGOT = CLEAN.replace(b"Could you check", b"Please see attached and check")
BOTH = NO_SUBJECT.replace(b"Could you check", b"Please see attached and check")


@pytest.fixture
def gate(tmp_path: Path):
    """Runs `mailaudit sendmail` with a config whose real sender is the recorder."""
    out = tmp_path / "out"
    out.mkdir()
    script = tmp_path / "capture.py"
    script.write_text(CAPTURE)

    def write_config(mode: str = "block", command: list[str] | None = None) -> Path:
        command = command or [sys.executable, str(script), str(out)]
        config = tmp_path / "mailaudit.toml"
        config.write_text(
            '[lint]\nselect = ["subject-missing", "attachment-forgotten"]\n'
            f"[sendmail]\ncommand = {json.dumps(command)}\nmode = \"{mode}\"\n"
        )
        return config

    def run(raw: bytes, *args: str, mode: str = "block", env: dict | None = None,
            command: list[str] | None = None, new_session: bool = False):
        config = write_config(mode, command)
        environ = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}
        environ.update(env or {})
        proc = subprocess.run(
            [sys.executable, "-m", "mailaudit", "--config", str(config), "sendmail", *args],
            input=raw, capture_output=True, env=environ, cwd=tmp_path, check=False,
            start_new_session=new_session, timeout=60,
        )
        sent = (out / "sent.eml").read_bytes() if (out / "sent.eml").exists() else None
        sent_args = json.loads((out / "args.json").read_text()) if sent is not None else None
        return proc.returncode, sent, sent_args, proc.stderr.decode()

    run.write_config = write_config
    return run


def test_clean_mail_goes_through_byte_for_byte_with_the_clients_arguments(gate):
    status, sent, args, stderr = gate(CLEAN, "-oi", "-f", "lilei@example.com", "--", "han@example.com")
    assert status == 0
    assert sent == CLEAN
    assert args == ["-oi", "-f", "lilei@example.com", "--", "han@example.com"]
    assert stderr == ""


def test_crlf_and_8bit_bytes_are_passed_unchanged(gate):
    raw = (CLEAN.replace(b"Thanks,", "谢谢，".encode("gbk"))
           .replace(b"\n", b"\r\n"))
    status, sent, args, _ = gate(raw, "-t", "-i")
    assert status == 0
    assert sent == raw
    assert args == ["-t", "-i"]


def test_block_mode_refuses_and_says_how_to_override(gate):
    status, sent, _, stderr = gate(NO_SUBJECT, "-t", "-oi")
    assert status == 1
    assert sent is None
    assert "subject-missing" in stderr
    assert "not sent" in stderr
    assert "X-Mailaudit: ignore=subject-missing" in stderr
    assert "MAILAUDIT_IGNORE=subject-missing" in stderr


def test_header_override_sends_without_the_header(gate):
    raw = NO_SUBJECT.replace(b"Subject: \n", b"Subject: \nX-Mailaudit: ignore=subject-missing\n")
    status, sent, _, stderr = gate(raw, "-t")
    assert status == 0
    assert sent == NO_SUBJECT  # the header, and only the header, is gone
    assert "overridden by the sender: subject-missing" in stderr


def test_environment_override_and_partial_override(gate):
    status, sent, _, _ = gate(NO_SUBJECT, "-t", env={"MAILAUDIT_IGNORE": "subject-missing"})
    assert (status, sent) == (0, NO_SUBJECT)


def test_an_override_covers_only_the_rules_it_names(gate):
    status, sent, _, stderr = gate(BOTH, "-t", env={"MAILAUDIT_IGNORE": "subject-missing"})
    assert status == 1 and sent is None
    assert "MAILAUDIT_IGNORE=attachment-forgotten" in stderr


def test_ignore_all_skips_the_check(gate):
    raw = BOTH.replace(b"Subject: \n", b"Subject: \nX-Mailaudit: ignore=all\n")
    status, sent, _, stderr = gate(raw, "-t")
    assert (status, sent) == (0, BOTH)
    assert "not checked" in stderr


def test_advise_mode_sends_and_prints(gate):
    status, sent, _, stderr = gate(FORGOT, "-t", mode="advise")
    assert (status, sent) == (0, FORGOT)
    assert "attachment-forgotten" in stderr


def test_prompt_mode_without_a_terminal_blocks(gate):
    status, sent, _, stderr = gate(FORGOT, "-t", mode="prompt", new_session=True)
    assert status == 1 and sent is None
    assert "no terminal to ask on" in stderr


def test_the_real_senders_exit_status_is_ours(gate):
    status, sent, _, _ = gate(CLEAN, "-t", env={"CAPTURE_EXIT": "75"})
    assert status == 75 and sent == CLEAN


def test_unreadable_override_header_is_a_usage_error(gate):
    raw = CLEAN.replace(b"Subject:", b"X-Mailaudit: ignroe=all\nSubject:")
    status, sent, _, stderr = gate(raw, "-t")
    assert status == 2 and sent is None
    assert stderr.startswith("Error: X-Mailaudit header: cannot read 'ignroe=all'")


def test_missing_sender_and_loops_are_errors(gate):
    status, sent, _, stderr = gate(CLEAN, "-t", command=["/nonexistent/msmtp"])
    assert status == 4 and "sendmail command not found: /nonexistent/msmtp" in stderr
    status, sent, _, stderr = gate(CLEAN, "-t", env={"MAILAUDIT_SENDMAIL_ACTIVE": "1"})
    assert status == 4 and sent is None and "would call itself" in stderr


def test_bad_mode_is_a_config_error(gate):
    status, sent, _, stderr = gate(CLEAN, "-t", env={"MAILAUDIT_MODE": "loud"})
    assert status == 2 and sent is None and "MAILAUDIT_MODE=loud is not a mode" in stderr


class FakeTty(io.StringIO):
    def __init__(self, answer: str):
        super().__init__(answer)
        self.shown = ""

    def write(self, text: str) -> int:
        self.shown += text
        return len(text)


@pytest.mark.parametrize(("answer", "status"), [("y\n", 0), ("yes\n", 0), ("\n", 1), ("n\n", 1)])
def test_prompt_mode_asks_on_the_terminal(gate, tmp_path, answer, status):
    config = gate.write_config(mode="prompt")
    tty = FakeTty(answer)
    stderr = io.StringIO()
    result = run_sendmail(FORGOT, ["-t"], load_settings(config), environ={}, stderr=stderr,
                          open_tty=lambda: tty)
    assert result == status
    assert "attachment-forgotten" in tty.shown and tty.shown.endswith("Send anyway? [y/N] ")
    assert (tmp_path / "out" / "sent.eml").exists() == (status == 0)
