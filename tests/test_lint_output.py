"""Piped lint output: one finding per line, never wrapped; --color honoured (issue 12, item 8)."""

from __future__ import annotations

import os
import subprocess
import sys

from mailaudit.engine.linter import Linter, lint_bytes
from mailaudit.output.lint_text import format_text

LONG = ("To: a@example.com\nSubject: 合同\n\n王经理，\n\n附件是本季度的合同，" + "内容很多，" * 80
        + "\n\n请在周五前确认并回复。\n").encode()


def run(*args: str, stdin: bytes = LONG) -> subprocess.CompletedProcess:
    # A narrow COLUMNS: nothing may wrap to it.
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], input=stdin, capture_output=True,
                          timeout=120, check=False, env={**os.environ, "COLUMNS": "40"})


def test_piped_text_is_one_finding_per_line() -> None:
    res = run("lint", "-")
    assert res.returncode == 1, res.stderr
    lines = res.stdout.decode().splitlines()
    findings, summary = lines[:-1], lines[-1]
    assert findings and "checked:" in summary
    for line in findings:  # every line whole: source, level, rule, message and excerpt
        assert line.startswith("-: "), line
        assert line.split()[1] in ("error", "warning", "info"), line
    long_one = next(ln for ln in findings if "body-long-paragraph" in ln)
    assert len(long_one) > 80 and "│" in long_one and "（410 字，超过 300 字）" in long_one
    assert "\x1b[" not in res.stdout.decode()


def test_color_always_colours_piped_output_and_never_does_not() -> None:
    always = run("lint", "--color", "always", "-").stdout.decode()
    assert "\x1b[" in always and len(always.splitlines()) == len(run("lint", "-").stdout.decode().splitlines())
    for args in (("--color", "never"), ("--color", "auto"), ("--no-color",)):
        assert "\x1b[" not in run("lint", *args, "-").stdout.decode()


def test_terminal_layout_groups_by_file_and_never_wraps() -> None:
    res = lint_bytes(LONG, linter=Linter(), source="draft.eml")
    grouped = format_text([res], grouped=True).splitlines()
    assert grouped[0].startswith("draft.eml  合同")
    assert all(ln.startswith("  ") for ln in grouped[1:-1])
    assert any("body-long-paragraph" in ln and ln.endswith("(body:6-416)") for ln in grouped)


def test_the_closing_count_follows_the_locale() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    for lang, want in (("zh_CN.UTF-8", "已检查 1 封邮件："), ("C.UTF-8", "1 message checked: ")):
        res = subprocess.run([sys.executable, "-m", "mailaudit", "lint", "-"], input=LONG, capture_output=True,
                             timeout=120, check=False, env={**env, "LANG": lang})
        assert res.stdout.decode().splitlines()[-1].startswith(want)
