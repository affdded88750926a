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
    from .cli import main

    main(prog_name="mailaudit")


if __name__ == "__main__":
    run()
