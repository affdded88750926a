"""`python -m mailaudit` and the `mailaudit` command."""

import sys


def run() -> None:
    # `mailaudit sendmail` runs once per mail sent: it skips the CLI framework. (Its
    # module - subprocess, the verdict - is imported only where the word stands where
    # fast_main looks for it: first, or after --config.)
    if "sendmail" in sys.argv[1:4]:
        from .gate.sendmail import fast_main

        status = fast_main(sys.argv[1:])
        if status is not None:
            sys.exit(status)
    from .cli import main, quick_exit_allowed

    try:
        main(prog_name="mailaudit")
    except SystemExit as exc:
        if quick_exit_allowed():
            _exit_without_teardown(exc)
        raise


def _exit_without_teardown(exc: SystemExit) -> None:
    """End the process as the interpreter would - other threads done, output flushed,
    atexit handlers run, the same status - less its teardown of every module and object
    (0.15-0.2 s once spaCy is imported: a mail client waits for it). Returns, for the
    caller to raise `exc` as before, where that cannot be promised."""
    import atexit
    import os
    import threading

    code = exc.code
    if not (code is None or isinstance(code, int)) or any(
            t is not threading.main_thread() and not t.daemon and t.is_alive() for t in threading.enumerate()):
        return  # a message for a status, or a thread the interpreter would wait for
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        return  # (a reader gone, a stream closed: the interpreter's own exit says it, as before)
    atexit._run_exitfuncs()  # (what the interpreter runs before its teardown)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        os._exit(120)  # as the interpreter does when its final flush fails
    os._exit(code or 0)


if __name__ == "__main__":
    run()
