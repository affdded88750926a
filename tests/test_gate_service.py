"""`mailaudit sendmail` and the git hook ask a running `mailaudit serve` first
(gate/client.py) and lint in-process when it cannot answer: the same verdict,
the same bytes sent and the same words on stderr either way."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mailaudit.config import load_settings
from mailaudit.gate.client import lint_via_service
from mailaudit.gate.endpoint import settings_fingerprint
from mailaudit.gate.serve import make_server

CAPTURE = """\
import os, sys
with open(os.path.join(sys.argv[1], "sent.eml"), "wb") as f:
    f.write(sys.stdin.buffer.read())
"""
CLEAN = (b"From: Li Lei <lilei@example.com>\nTo: Han Meimei <han@example.com>\n"
         b"Subject: Q3 placement report numbers\n\n"
         b"Hi Meimei,\n\nCould you check the Q3 numbers by Friday?\n\nThanks,\nLi Lei\n")
FORGOT = CLEAN.replace(b"Could you check", b"Please see attached and check")
BOTH = FORGOT.replace(b"Subject: Q3 placement report numbers\n", b"Subject:\n")
ZH = ("From: 李雷 <lilei@example.com>\nTo: 韩梅梅 <han@example.com>\nSubject: \n\n"
      "梅梅你好，\n\n附件是第三季度的报告，请查收。\n\n谢谢\n李雷\n").encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def setup(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "capture.py").write_text(CAPTURE)
    port = free_port()
    config = tmp_path / "mailaudit.toml"
    config.write_text(
        '[lint]\nselect = ["subject-missing", "attachment-forgotten", "salutation-missing"]\n'
        f'[sendmail]\ncommand = {json.dumps([sys.executable, str(tmp_path / "capture.py"), str(out)])}\n'
        'mode = "advise"\n'
        f'[serve]\nport = {port}\ntoken_file = "{tmp_path / "token"}"\n'
    )
    return tmp_path, config, out


class Running:
    def __init__(self, config: Path):
        self.server = make_server(load_settings(config))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def linted(self) -> int:
        return self.server.service.linted

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def sendmail(tmp_path: Path, config: Path, out: Path, raw: bytes, env: dict | None = None):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}
    environ.update(env or {})
    sent = out / "sent.eml"
    if sent.exists():
        sent.unlink()
    proc = subprocess.run(
        [sys.executable, "-m", "mailaudit", "--config", str(config), "sendmail", "-t"],
        input=raw, capture_output=True, env=environ, cwd=tmp_path, timeout=60, check=False)
    return proc.returncode, sent.read_bytes() if sent.exists() else None, proc.stderr.decode()


@pytest.mark.parametrize("mode", ["advise", "block"])
def test_uses_a_running_service_and_says_the_same(setup, mode):
    tmp_path, config, out = setup
    config.write_text(config.read_text().replace('mode = "advise"', f'mode = "{mode}"'))
    in_process = [sendmail(tmp_path, config, out, raw) for raw in (CLEAN, FORGOT, BOTH, ZH)]
    service = Running(config)
    try:
        served = [sendmail(tmp_path, config, out, raw) for raw in (CLEAN, FORGOT, BOTH, ZH)]
        assert service.linted == 4  # every one went to the service
    finally:
        service.stop()
    assert served == in_process
    assert in_process[0][0] == 0 and in_process[0][1] == CLEAN
    if mode == "block":
        assert in_process[2][0] == 1 and in_process[2][1] is None
        assert "not sent" in in_process[2][2]


def test_falls_back_when_the_service_is_down_or_differs(setup, tmp_path):
    tmp_path, config, out = setup
    # no service listening, no token file yet: in-process
    status, sent, err = sendmail(tmp_path, config, out, BOTH)
    assert status == 0 and sent == BOTH and "subject-missing" in err
    service = Running(config)
    try:
        # MAILAUDIT_SERVICE=off: in-process although it runs
        assert sendmail(tmp_path, config, out, BOTH, {"MAILAUDIT_SERVICE": "off"}) == (status, sent, err)
        assert service.linted == 0
        # other settings than the service's (another rule selection): it answers 409
        other = tmp_path / "other.toml"
        other.write_text(config.read_text().replace('"salutation-missing"', '"subject-vague"'))
        assert sendmail(tmp_path, other, out, BOTH)[0] == 0
        assert service.linted == 0
        assert sendmail(tmp_path, config, out, BOTH) == (status, sent, err)
        assert service.linted == 1
    finally:
        service.stop()
    # stopped: in-process again, same answer
    assert sendmail(tmp_path, config, out, BOTH) == (status, sent, err)


def test_the_client_checks_token_and_settings(setup):
    tmp_path, config, _ = setup
    settings = load_settings(config)
    service = Running(config)
    try:
        answer = lint_via_service(BOTH, settings, environ={})
        assert answer is not None and {f["rule"] for f in answer["findings"]} >= {"subject-missing"}
        assert "subject-missing" in answer["text"]
        # a token file others can read is not used
        token = tmp_path / "token"
        token.chmod(0o644)
        assert lint_via_service(BOTH, settings, environ={}) is None
        token.chmod(0o600)
        # a rule file changed after the service started: another fingerprint
        before = settings_fingerprint(settings)
        assert settings_fingerprint(load_settings(config)) == before
    finally:
        service.stop()
    assert lint_via_service(BOTH, settings, environ={}) is None  # nothing listening


PATCH = (b"From 1234567890abcdef Mon Sep 17 00:00:00 2001\n"
         b"From: Li Lei <lilei@example.com>\nDate: Tue, 3 Mar 2026 10:00:00 +0800\n"
         b"Subject: [PATCH 1/2]\n\nFix the frobnicator.\n\nSigned-off-by: Li Lei <lilei@example.com>\n"
         b"---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
         b"diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n x\n+y\n")


def test_the_git_hook_uses_the_service_with_its_patch_profile(setup):
    tmp_path, config, _ = setup
    patch = tmp_path / "0001.patch"
    patch.write_bytes(PATCH)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}

    def hook():
        proc = subprocess.run(
            [sys.executable, "-m", "mailaudit", "--config", str(config), "hook", "run",
             "sendemail-validate", str(patch)],
            capture_output=True, env=environ, cwd=tmp_path, timeout=60, check=False)
        return proc.returncode, proc.stderr.decode()

    in_process = hook()
    assert in_process[0] == 1 and "subject-missing" in in_process[1]
    service = Running(config)
    try:
        assert hook() == in_process
        assert service.linted == 1
    finally:
        service.stop()


@pytest.mark.parametrize("config_text", [None, '[sendmail]\nmode = "bogus"\n', "not toml ["])
def test_the_fast_sendmail_entry_says_what_the_cli_says(tmp_path, config_text):
    """`mailaudit sendmail` skips click (gate.sendmail.fast_main); errors read the same."""
    config = tmp_path / "c.toml"
    if config_text is not None:
        config.write_text(config_text)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}
    via_click = ("import sys; sys.argv[0] = 'mailaudit'; from mailaudit.cli import main; "
                 "main(prog_name='mailaudit')")
    runs = [subprocess.run([sys.executable, *entry, "--config", str(config), "sendmail", "-t"],
                           input=CLEAN, capture_output=True, env=environ, cwd=tmp_path, timeout=60)
            for entry in (["-m", "mailaudit"], ["-c", via_click])]
    assert runs[0].returncode == runs[1].returncode == 2
    assert runs[0].stderr == runs[1].stderr and runs[0].stderr.startswith(b"Error: ")


SYSTEM_PYTHON = "/usr/bin/python3"  # one user nobody may run (the venv may sit under /root)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0 or not os.path.exists("/proc/net/tcp")
                    or not os.access(SYSTEM_PYTHON, os.X_OK),
                    reason="needs root (to listen as another user), /proc/net/tcp and /usr/bin/python3")
def test_a_port_held_by_another_user_gets_neither_draft_nor_token():
    from mailaudit.gate.client import _listener_is_ours

    port = free_port()
    listener = subprocess.Popen(
        [SYSTEM_PYTHON, "-c", "import socket, sys, time; s = socket.socket(); "
         f"s.bind(('127.0.0.1', {port})); s.listen(); print('up', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, cwd="/", preexec_fn=lambda: os.setuid(65534))
    try:
        assert listener.stdout.readline().strip() == b"up"
        assert not _listener_is_ours("127.0.0.1", port)
    finally:
        listener.kill()
        listener.wait()
    with socket.socket() as mine:
        mine.bind(("127.0.0.1", port))
        mine.listen()
        assert _listener_is_ours("127.0.0.1", port)


def test_service_start_starts_one_for_the_next_send_and_it_exits_when_idle(setup):
    """[sendmail] service = "start": the first send lints in-process and starts
    `mailaudit serve` in the background; the next ones use it; it exits after
    [serve] idle_exit seconds without a request."""
    import http.client
    import time

    tmp_path, config, out = setup
    config.write_text(config.read_text().replace('mode = "advise"', 'mode = "advise"\nservice = "start"')
                      + "idle_exit = 4\n")
    port = load_settings(config).section("serve")["port"]

    def health():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/v1/health")
            data = json.loads(conn.getresponse().read())
            conn.close()
            return data
        except OSError:
            return None

    first = sendmail(tmp_path, config, out, BOTH)
    assert first[0] == 0 and first[1] == BOTH
    deadline = time.monotonic() + 60
    while health() is None:
        assert time.monotonic() < deadline, "the service did not come up"
        time.sleep(0.2)
    assert sendmail(tmp_path, config, out, BOTH) == first
    assert health()["linted"] == 1
    from mailaudit.gate.client import _listener_state

    deadline = time.monotonic() + 30
    while _listener_state("127.0.0.1", port) != "none":  # looks without a request
        assert time.monotonic() < deadline, "the service did not exit when idle"
        time.sleep(0.5)
