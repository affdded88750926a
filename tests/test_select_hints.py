"""A rule id mistyped in --select/--ignore or in the config gets "did you mean",
and the error says where the id was given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIL = str(ROOT / "examples" / "en-bug-report.eml")


def lint(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mailaudit", *args, MAIL], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_typo_on_the_command_line(tmp_path):
    done = lint("lint", "--select", "atachment-forgoten", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("Error: command line: --select names unknown rule 'atachment-forgoten' "
                           "(did you mean 'attachment-forgotten'? see `mailaudit rules` for the ids)\n")
    prefix = lint("lint", "--ignore", "subjct", cwd=tmp_path)
    assert prefix.returncode == 2 and "did you mean 'subject'?" in prefix.stderr


def test_typo_in_the_config(tmp_path):
    config = tmp_path / "mailaudit.toml"
    config.write_text('[lint]\nignore = ["signiture-missing"]\n', encoding="utf-8")
    done = lint("lint", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"Error: {config.name}: [lint] ignore names unknown rule 'signiture-missing' "
                                  "(did you mean 'signature-missing'?") or \
        done.stderr.startswith(f"Error: {config}: [lint] ignore names unknown rule 'signiture-missing' "
                               "(did you mean 'signature-missing'?"), done.stderr


def test_nothing_close_gets_the_pointer_only(tmp_path):
    done = lint("lint", "--select", "zzzz", cwd=tmp_path)
    assert done.returncode == 2 and "did you mean" not in done.stderr and "see `mailaudit rules`" in done.stderr
