"""The gate with real programs: msmtp, neomutt (driven in tmux), git send-email.

An aiosmtpd sink on 127.0.0.1 stands in for the mail server. Each program is the
Debian package (scripts/apt-packages.txt); a test whose program is missing is
skipped with the reason. Waits poll the screen or the sink with a generous
deadline; nothing asserts on time.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd is not installed")

DEADLINE = 30.0  # seconds a step may take before the test gives up (not a measurement)
SELECT = '["subject-missing", "attachment-forgotten"]'  # stable whatever else the catalog adds


def need(program: str) -> None:
    if shutil.which(program) is None:
        pytest.skip(f"{program} is not installed (apt-get install {program}; see scripts/apt-packages.txt)")


def wait_until(check, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


class Sink:
    """Keeps every message it is sent, as the bytes that came over the wire."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.original_content))
        return "250 OK: kept"

    def bodies(self) -> list[bytes]:
        """Message bytes with the wire's CRLF turned back into the client's LF."""
        return [data.replace(b"\r\n", b"\n") for _, _, data in self.messages]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def smtp_sink():
    sink = Sink()
    controller = aiosmtpd_controller.Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture
def world(tmp_path: Path, smtp_sink):
    """msmtp aimed at the sink, and a mailaudit config whose real sender is that msmtp."""
    sink, port = smtp_sink
    sink.messages.clear()
    msmtprc = tmp_path / "msmtprc"
    msmtprc.write_text(
        "defaults\nauth off\ntls off\n"
        f"account sink\nhost 127.0.0.1\nport {port}\nfrom lilei@example.com\n"
        "account default : sink\n"
    )
    msmtprc.chmod(0o600)  # msmtp refuses a config others can read
    config = tmp_path / "mailaudit.toml"
    config.write_text(
        f"[lint]\nselect = {SELECT}\n"
        f'[sendmail]\ncommand = ["{shutil.which("msmtp") or "msmtp"}", "-C", "{msmtprc}"]\n'
        'mode = "block"\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "xdg"), LANG="C.UTF-8",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    return {"tmp": tmp_path, "sink": sink, "port": port, "config": config, "env": env,
            "msmtprc": msmtprc}


# Date and Message-ID as every client writes them (msmtp adds them when missing).
MAIL = (
    "Date: Tue, 03 Mar 2026 10:00:00 +0800\n"
    "Message-ID: <q3-numbers@example.com>\n"
    "From: Li Lei <lilei@example.com>\n"
    "To: Han Meimei <han@example.com>\n"
    "Subject: {subject}\n"
    "\n"
    "Hi Meimei,\n\n{body}\n\nThanks,\nLi Lei\n"
)
CLEAN_BODY = "Could you check the Q3 placement numbers by Friday?"
FORGOT_BODY = "Please see attached the Q3 placement numbers."


# -- mailaudit sendmail -> msmtp -> sink ------------------------------------------------


def test_wrapper_with_msmtp_delivers_clean_mail_unchanged_and_blocks_bad_mail(world):
    clean = MAIL.format(subject="Q3 placement numbers", body=CLEAN_BODY).encode()
    need("msmtp")
    command = [sys.executable, "-m", "mailaudit", "--config", str(world["config"]),
               "sendmail", "-t", "-oi"]
    proc = subprocess.run(command, input=clean, env=world["env"], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert world["sink"].bodies() == [clean]
    assert world["sink"].messages[0][1] == ["han@example.com"]

    bad = MAIL.format(subject="Q3 placement numbers", body=FORGOT_BODY).encode()
    proc = subprocess.run(command, input=bad, env=world["env"], capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert b"attachment-forgotten" in proc.stderr
    assert len(world["sink"].messages) == 1  # nothing more arrived


# -- a terminal prompt (prompt mode) in tmux ---------------------------------------------


class Tmux:
    """One private tmux server (its own socket) running one program."""

    def __init__(self, tmp: Path, env: dict[str, str]):
        need("tmux")
        self.socket = str(tmp / "tmux.sock")
        self.env = env

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], env=self.env, check=True,
                              capture_output=True, text=True, timeout=30).stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-x", "150", "-y", "45", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-J")

    def wait_for(self, text: str) -> str:
        def shows() -> str | None:
            screen = self.screen()
            return screen if text in screen else None

        try:
            return wait_until(shows, f"{text!r} on the screen")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen was:\n{self.screen()}") from None

    def keys(self, *keys: str) -> None:
        self.run("send-keys", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], env=self.env,
                       capture_output=True, check=False, timeout=30)


@pytest.fixture
def tmux(world):
    session = Tmux(world["tmp"], world["env"])
    yield session
    session.close()


def test_prompt_mode_asks_on_the_terminal_and_sends_on_yes(world, tmux):
    need("msmtp")
    bad = world["tmp"] / "bad.eml"
    bad.write_text(MAIL.format(subject="Q3 placement numbers", body=FORGOT_BODY))
    tmux.start(
        f"MAILAUDIT_MODE=prompt {sys.executable} -m mailaudit --config {world['config']} "
        f"sendmail -t < {bad}; echo GATE-EXIT=$?; sleep 60"
    )
    screen = tmux.wait_for("Send anyway? [y/N]")
    assert "attachment-forgotten" in screen
    tmux.keys("y", "Enter")
    tmux.wait_for("GATE-EXIT=0")
    assert world["sink"].bodies() == [bad.read_bytes()]


# -- neomutt --------------------------------------------------------------------------


def neomutt_setup(world, draft_text: str) -> tuple[str, Path, Path]:
    """A muttrc sending through `mailaudit sendmail`, and a draft to open with -H."""
    need("neomutt")
    need("msmtp")
    tmp = world["tmp"]
    produced = tmp / "produced.eml"
    # The sendmail neomutt runs: keeps a copy of exactly what neomutt produced,
    # then is `mailaudit sendmail` with neomutt's own arguments.
    wrapper = tmp / "sendmail-tee.sh"
    wrapper.write_text(
        "#!/bin/bash\n"
        f"printf '%s\\n' \"$@\" > {tmp}/sendmail-args\n"
        f"tee {produced} | {sys.executable} -m mailaudit --config {world['config']} sendmail \"$@\"\n"
        'exit "${PIPESTATUS[1]}"\n'
    )
    wrapper.chmod(0o755)
    (tmp / "inbox").touch()
    muttrc = tmp / "muttrc"
    muttrc.write_text(
        f'set sendmail="{wrapper}"\n'
        "set sendmail_wait=0\n"
        'set from="Li Lei <lilei@example.com>"\nset use_from=yes\n'
        "set resume_draft_files=yes\n"  # -H opens the draft in the compose menu
        # No editor session: the draft is final (`true` leaves it as it is).
        'set editor="true"\nset abort_unmodified=no\nset abort_nosubject=no\n'
        'set record=""\nset copy=no\n'
        f'set folder="{tmp}"\nset spoolfile="{tmp}/inbox"\nset postponed="{tmp}/postponed"\n'
        f'set tmpdir="{tmp}"\nset header_cache=""\nset mbox_type=mbox\n'
        'set charset="utf-8"\nset send_charset="utf-8"\nset sleep_time=0\n'
    )
    draft = tmp / "draft.eml"
    draft.write_text(draft_text)
    command = f"neomutt -n -F {muttrc} -H {draft}; echo NEOMUTT-EXIT=$?; sleep 60"
    return command, produced, tmp / "sendmail-args"


def test_neomutt_blocked_send_keeps_the_draft_and_sends_nothing(world, tmux):
    command, produced, _ = neomutt_setup(
        world, MAIL.format(subject="Q3 placement numbers", body=FORGOT_BODY))
    tmux.start(command)
    tmux.wait_for(":Send  q:Abort")  # the compose menu, draft loaded
    tmux.keys("y")
    screen = tmux.wait_for("Output of the delivery process")
    assert "attachment-forgotten" in screen
    assert "not sent" in screen
    tmux.keys("q")  # leave the pager: back in the compose menu with the draft intact
    screen = tmux.wait_for(":Send  q:Abort")
    assert "Subject: Q3 placement numbers" in screen
    assert "NEOMUTT-EXIT" not in screen
    assert produced.exists() and world["sink"].messages == []


def test_neomutt_passed_send_reaches_the_sink_byte_for_byte(world, tmux):
    command, produced, args = neomutt_setup(
        world, MAIL.format(subject="Q3 placement numbers", body=CLEAN_BODY))
    tmux.start(command)
    tmux.wait_for(":Send  q:Abort")
    tmux.keys("y")
    tmux.wait_for("NEOMUTT-EXIT=0")
    wait_until(lambda: world["sink"].messages, "the sink to receive the mail")
    assert world["sink"].bodies() == [produced.read_bytes()]
    assert b"Subject: Q3 placement numbers" in produced.read_bytes()
    assert args.read_text().splitlines()[-1] == "han@example.com"  # neomutt's recipients, passed on


# -- git send-email -------------------------------------------------------------------


def git_send_email_available() -> bool:
    if shutil.which("git") is None:
        return False
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True).stdout.strip()
    return (Path(exec_path) / "git-send-email").exists()


def make_series(world, subjects: list[str], name: str) -> tuple[list[Path], Path, dict]:
    """A repository with one commit per subject, its format-patch series, the hook installed."""
    repo = world["tmp"] / f"repo-{name}"
    repo.mkdir()
    env = {**world["env"], "GIT_AUTHOR_NAME": "A U Thor", "GIT_AUTHOR_EMAIL": "author@example.com",
           "GIT_COMMITTER_NAME": "A U Thor", "GIT_COMMITTER_EMAIL": "author@example.com"}

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), *args], env=env, check=True,
                              capture_output=True, text=True, timeout=60).stdout

    git("init", "-q")
    for index, subject in enumerate(subjects):
        (repo / f"file{index}.txt").write_text(f"change {index}\n")
        git("add", ".")
        git("commit", "-q", "--allow-empty-message", "-m",
            f"{subject}\n\nExplain why change {index} is needed." if subject else "")
    out = world["tmp"] / f"patches-{name}"
    git("format-patch", "-q", "--root", "-o", str(out))
    proc = subprocess.run([sys.executable, "-m", "mailaudit", "--config", str(world["config"]),
                           "hook", "install", "git-send-email", "--repo", str(repo)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return sorted(out.iterdir()), repo, env


def send_series(world, subjects: list[str], name: str) -> subprocess.CompletedProcess:
    if not git_send_email_available():
        pytest.skip("git send-email is not installed (apt-get install git-email)")
    patches, repo, env = make_series(world, subjects, name)
    return subprocess.run(
        ["git", "-C", str(repo), "send-email", "--to=list@example.org",
         "--from=A U Thor <author@example.com>", "--smtp-server=127.0.0.1",
         f"--smtp-server-port={world['port']}", "--confirm=never", "--suppress-cc=all",
         "--no-thread", *map(str, patches)],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )


def test_git_send_email_sends_a_clean_series(world):
    proc = send_series(world, ["parser: decode GB18030 headers", "lint: report the part"], "good")
    assert proc.returncode == 0, proc.stderr
    subjects = sorted(line for body in world["sink"].bodies() for line in body.split(b"\n")
                      if line.startswith(b"Subject:"))
    assert subjects == [b"Subject: [PATCH 1/2] parser: decode GB18030 headers",
                        b"Subject: [PATCH 2/2] lint: report the part"]


def test_git_send_email_aborts_a_series_with_a_bad_patch(world):
    proc = send_series(world, ["parser: decode GB18030 headers", ""], "bad")
    assert proc.returncode != 0
    assert "subject-missing" in proc.stderr
    assert "sendemail-validate" in proc.stderr  # git says its hook rejected the patch
    assert world["sink"].messages == []  # none of the series went out
