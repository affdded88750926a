"""The suite's guard against network use beyond loopback (tests/netguard) works,
and the demo's steps pass under it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBES = {
    "dns": "import socket; socket.getaddrinfo('example.com', 80)",
    "tcp": "import socket; socket.create_connection(('192.0.2.1', 53), timeout=1)",
    "udp": "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b'x', ('192.0.2.1', 53))",
    "dnspython": "import dns.resolver; r = dns.resolver.Resolver(configure=False); r.nameservers = ['192.0.2.1'];"
                 " r.lifetime = 1; r.resolve('example.com', 'TXT')",
}


def test_a_python_process_started_by_the_suite_cannot_leave_loopback(tmp_path):
    for name, code in PROBES.items():
        log = tmp_path / f"{name}.log"
        env = {**os.environ, "MAILAUDIT_NETGUARD_LOG": str(log)}
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode != 0, name
        assert "network use beyond loopback is refused in tests" in proc.stderr, (name, proc.stderr[-500:])
        assert log.read_text().strip(), name


def test_loopback_stays_allowed(tmp_path):
    code = ("import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen();"
            " c = socket.create_connection(s.getsockname(), timeout=5); c.close();"
            " socket.getaddrinfo('localhost', 80)")
    env = {**os.environ, "MAILAUDIT_NETGUARD_LOG": str(tmp_path / "log")}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "log").exists()


def test_the_demo_steps_make_no_network_query(tmp_path):
    """scripts/demo's steps (after its set-up) under the guard: lint, scan, report."""
    log = tmp_path / "refused.log"
    env = {**os.environ, "MAILAUDIT_NETGUARD_LOG": str(log), "DEMO_DIR": str(tmp_path / "demo"),
           "MAILAUDIT": f"{sys.executable} -m mailaudit"}
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "demo-steps")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "== mailaudit report" in proc.stdout
    assert (tmp_path / "demo" / "audit.db").exists()
    assert not log.exists(), log.read_text()
