"""Shared fixtures. Each part lives in its own module; import its fixtures here."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from dovecot import dovecot, dovecot_server, imap_user  # noqa: F401  (real Dovecot on loopback)
from web_fixtures import web_store  # noqa: F401  (one store for the web tests, built once)

# No network beyond loopback, DNS included: every Python process the suite starts
# loads tests/netguard/sitecustomize.py, which refuses and logs such use; the test
# during which a line is logged fails (see the module's docstring).
_GUARD_DIR = Path(__file__).parent / "netguard"
_GUARD_LOG = Path(tempfile.mkdtemp(prefix="mailaudit-netguard-")) / "refused.log"
atexit.register(shutil.rmtree, _GUARD_LOG.parent, ignore_errors=True)  # one per test process; not left in /tmp
os.environ["MAILAUDIT_NETGUARD_LOG"] = str(_GUARD_LOG)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(_GUARD_DIR), os.environ.get("PYTHONPATH", "")) if p)
sys.path.insert(0, str(_GUARD_DIR))
import sitecustomize as _netguard  # noqa: E402  (this folder's: the guard itself)

_netguard.install()

# No test asks a real DNS resolver: DKIM keys come through the dnsfunc hook
# (tests/test_evidence_dkim.py); anything else that would reach the system
# resolver gets a temperror instead. An environment variable, so scan workers
# in other processes see it too. (The guard above fails a test that asks anyway.)
os.environ["MAILAUDIT_NO_DNS"] = "1"


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback():
    before = _GUARD_LOG.stat().st_size if _GUARD_LOG.exists() else 0
    yield
    if _GUARD_LOG.exists() and _GUARD_LOG.stat().st_size > before:
        with _GUARD_LOG.open(encoding="utf-8") as log:
            log.seek(before)
            refused = log.read()
        pytest.fail(f"network use beyond loopback (tests must stay on 127.0.0.1, DNS included):\n{refused}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skip for a missing program is a failure.

    CI runs on a machine set up by scripts/test from scripts/apt-packages.txt, so a
    program reported as "not installed" there is a missing line in that file, and a
    green run that skipped it would hide exactly what a fresh machine lacks.
    """
    report = yield
    if os.environ.get("CI") and report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if "not installed" in reason:
            report.outcome = "failed"
            report.longrepr = f"in CI every test program must be installed: {reason}"
    return report
