"""The Thunderbird add-on: its Node unit tests (also against a live `mailaudit serve`)
and its .xpi packaging."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest

from mailaudit.config import load_settings
from mailaudit.gate.serve import make_server

ADDON = Path(__file__).resolve().parents[1] / "clients" / "thunderbird"


@pytest.fixture
def live_service(tmp_path):
    config = tmp_path / "mailaudit.toml"
    config.write_text(
        '[lint]\nselect = ["subject-missing", "attachment-forgotten"]\n'
        f'[serve]\ntoken_file = "{tmp_path / "token"}"\n'
    )
    server = make_server(load_settings(config), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url, (tmp_path / "token").read_text().strip()
    server.shutdown()
    server.server_close()


def test_node_unit_tests_pass_including_against_the_real_service(live_service):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs): the add-on's tests run with node --test")
    url, token = live_service
    env = {**os.environ, "MAILAUDIT_SERVE_URL": url, "MAILAUDIT_SERVE_TOKEN": token}
    proc = subprocess.run([node, "--test", str(ADDON / "test")], cwd=ADDON, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout
    assert "# skipped 0" in proc.stdout  # the live tests ran


def test_build_makes_an_xpi_with_the_manifest_at_its_root(tmp_path):
    if shutil.which("sh") is None:
        pytest.skip("no POSIX shell")
    out = tmp_path / "addon.xpi"
    proc = subprocess.run([str(ADDON / "build.sh"), str(out)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(out) as xpi:
        names = set(xpi.namelist())
        manifest = json.loads(xpi.read("manifest.json"))
    assert {"background.html", "background.mjs", "lib/gate.mjs", "dialog/dialog.html",
            "options/options.html"} <= names
    assert not any(name.startswith("test/") for name in names)
    assert manifest["browser_specific_settings"]["gecko"]["strict_min_version"] == "115.0"
