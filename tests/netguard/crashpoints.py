"""Kill a `mailaudit scan` at a chosen point, for tests/test_scan_crash.py.

MAILAUDIT_TEST_CRASH=commit:N kills the scan just after its N-th batch has
committed; midbatch:N inside the N-th batch's transaction, with the messages
and problems written and the folder state not yet (nothing committed). Loaded
by this folder's sitecustomize.py in every process the suite starts, so the
production code holds no hook for it.
"""

from __future__ import annotations

import os
import signal


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install(spec: str) -> None:
    where, _, n = spec.partition(":")
    target = int(n or 1)
    import mailaudit.scan.run as run
    from mailaudit.store.store import Store

    batches = [0]  # _commit_batch calls so far, across folders and sources
    armed = [False]
    real_commit = run._commit_batch
    real_save_state = Store._save_state

    def commit_batch(*args, **kwargs):
        batches[0] += 1
        armed[0] = where == "midbatch" and batches[0] == target
        try:
            real_commit(*args, **kwargs)
        finally:
            armed[0] = False
        if where == "commit" and batches[0] == target:
            _kill()

    def save_state(self, state):
        if armed[0]:
            _kill()  # the batch's rows are written; its transaction is still open
        return real_save_state(self, state)

    run._commit_batch = commit_batch
    Store._save_state = save_state
