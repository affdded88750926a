"""Every `mailaudit ...` command line in README.md and docs/ names a command,
subcommand and options that `--help` has (sqlite-utils checks its docs the same
way): docs that name a command the tool does not have fail here."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from mailaudit.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
SPAN = re.compile(r"`([^`\n]+)`")
CALL = re.compile(r"(?:^|[\s$(])(?:\S*/)?mailaudit ([a-z][^\n]*)")
STOP = {"|", ">", ">>", "&&", "||", ";", "#", "2>&1", "2>/dev/null", "<"}


def invocations() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        code = [m.group(1) for m in FENCE.finditer(text)]
        prose = FENCE.sub("", text)
        code += [m.group(1) for m in SPAN.finditer(prose)]
        for chunk in code:
            for line in chunk.splitlines():
                for m in CALL.finditer(line):
                    found.append((f"{page.relative_to(ROOT)}", m.group(1).strip()))
    return sorted(set(found))


def check(line: str) -> str | None:
    """None when `mailaudit LINE` parses as far as its words go, else why not."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        words = line.split()
    ctx = click.Context(main)
    main.list_commands(ctx)  # loads every family
    cmd: click.Command = main
    path = ["mailaudit"]
    pending_value = False
    for word in words:
        if word in STOP or word.startswith(("#", "<", "[", "…", "...")) or word.isupper() or re.match(r"\d*[<>]", word):
            break
        if pending_value:
            pending_value = False
            continue
        if word.startswith("-") and word != "-":
            name = word.split("=", 1)[0]
            params = {o: p for p in cmd.params for o in (*p.opts, *p.secondary_opts)}
            if name in ("--help", "-h"):
                continue
            if name not in params:
                if cmd.ignore_unknown_options or not cmd.params:  # sendmail passes sendmail's flags on
                    break
                return f"{' '.join(path)} has no option {name}"
            opt = params[name]
            pending_value = "=" not in word and not getattr(opt, "is_flag", False) and not opt.count
            continue
        if isinstance(cmd, click.Group):
            if word not in cmd.commands:
                return f"{' '.join(path)} has no command '{word}'"
            cmd = cmd.commands[word]
            path.append(word)
            continue
        # an argument of a leaf command: the rest are its paths and values
    return None


CASES = invocations()


def test_the_docs_show_commands():
    assert len(CASES) > 30
    assert any(line.startswith("evidence ") for _, line in CASES)


@pytest.mark.parametrize(("page", "line"), CASES, ids=[f"{p}: {ln[:40]}" for p, ln in CASES])
def test_each_documented_command_exists(page, line):
    problem = check(line)
    assert problem is None, f"{page}: `mailaudit {line}`: {problem}"


def test_an_unknown_command_is_caught():
    assert check("evidence nosuch --db x.db") == "mailaudit evidence has no command 'nosuch'"
    assert check("lint --nosuch draft.eml") == "mailaudit lint has no option --nosuch"
    assert check("evidence reindex --db x.db") is None
