"""git send-email: the `sendemail-validate` hook and the patch profile.

git send-email runs `sendemail-validate` once per mail of a series before
sending any of them; a non-zero exit aborts the whole series. We install a tiny
shell hook that calls `python -m mailaudit hook run sendemail-validate FILE`.

Patch mails are not letters: the body is a commit message and a diff written
for a mailing list's conventions, so the salutation/greeting/closing/signature
and body-shape rules would fire on every `git format-patch` output. The patch
profile keeps only the rules that make sense for a patch (PATCH_SELECT) and
reads the subject without its `[PATCH v2 3/7]` tag. `[patch] select / ignore /
fail_level` in mailaudit.toml replaces the selection.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError, InputError, MailauditError
from .overrides import override_for, split_header_block
from .verdict import findings_text, lint_for_sending, refusal_text

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

HOOK_NAME = "sendemail-validate"
MARKER = "# mailaudit-hook: sendemail-validate"
# Rules that mean the same for a patch as for a letter. Everything about the
# shape of a letter (salutation, greeting, closing, signature, summary first,
# paragraph length, politeness, "who acts") and about attachments (patches are
# inline; "attached" in a commit message is about hardware, not files) is off.
PATCH_SELECT = ("subject-missing", "subject-vague", "address-invalid")
_PATCH_TAG = re.compile(rb"^(Subject:[ \t]*)\[[^\]\r\n]*\][ \t]*", re.IGNORECASE | re.MULTILINE)


class HookError(MailauditError):
    """The hook cannot be installed or removed here."""


def patch_settings(settings: Settings) -> Settings:
    """`settings` with the patch profile's selection (or [patch] from the config)."""
    section = settings.section("patch")
    fail_level = section.get("fail_level", settings.lint.fail_level)
    if fail_level not in ("info", "warning", "error"):
        raise ConfigError(f"{settings.path}: patch.fail_level must be info, warning or error")
    lint = dataclasses.replace(
        settings.lint,
        select=list(section.get("select", PATCH_SELECT)),
        ignore=list(section.get("ignore", [])),
        fail_level=fail_level,
    )
    return dataclasses.replace(settings, lint=lint)


def patch_for_linting(patch: bytes, smtp_headers: bytes | None = None) -> bytes:
    """The mail as the lint should see it: `[PATCH ...]` tag off the subject, and the
    headers git will really send (the second hook argument of newer git) when given."""
    if smtp_headers:
        _, rest = split_header_block(patch)
        headers, _ = split_header_block(smtp_headers)
        patch = headers.rstrip(b"\r\n") + b"\n" + rest
    return _PATCH_TAG.sub(rb"\1", patch, count=1)


def read_patch(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read patch: {exc.strerror}") from None


def validate_patch(patch_path: Path, headers_path: Path | None, settings: Settings,
                   environ: Mapping[str, str], lang: str = "en") -> tuple[bool, str]:
    """(whether the mail may go, the text for stderr, in `lang`) for one mail of a series."""
    base, settings = settings, patch_settings(settings)
    headers = read_patch(headers_path) if headers_path else None
    raw = patch_for_linting(read_patch(patch_path), headers)
    # Only the environment overrides a patch: git sends the file as it is, so an
    # X-Mailaudit header in it would go out to the list.
    verdict = lint_for_sending(raw, settings, override_for(b"", environ), source=patch_path.name,
                               service=(base, "patch"))
    text = findings_text(verdict, lang)
    if verdict.failing:
        text += refusal_text(verdict, settings.lint.fail_level, header_override=False, series=True, lang=lang)
    return not verdict.failing, text


# -- installing ------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True,
                              text=True, check=False)
    except FileNotFoundError:
        raise HookError("git is not installed") from None
    if proc.returncode != 0:
        raise HookError(f"{repo}: not a git repository ({proc.stderr.strip() or 'git failed'})")
    return proc.stdout.strip()


def hooks_dir(repo: Path) -> Path:
    """The hooks directory git uses for `repo`, core.hooksPath included."""
    top = Path(_git(repo, "rev-parse", "--show-toplevel") or repo)
    found = Path(_git(top, "rev-parse", "--git-path", "hooks"))
    return found if found.is_absolute() else (top / found).resolve()


def hook_script(config_path: Path | None) -> str:
    # The interpreter that runs us now: the hook keeps working whatever PATH a
    # git invocation has (IDEs, cron), and uses the same installed mailaudit.
    command = [sys.executable, "-m", "mailaudit"]
    if config_path is not None:
        command += ["--config", str(Path(config_path).resolve())]
    command += ["hook", "run", HOOK_NAME]
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Installed by `mailaudit hook install git-send-email`; "
        "`mailaudit hook uninstall` removes it.\n"
        "# Lints each mail of a series; a finding at the fail level aborts the send.\n"
        f'exec {shlex.join(command)} "$@"\n'
    )


def is_ours(path: Path) -> bool:
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def install_hook(repo: Path, config_path: Path | None = None, *, force: bool = False) -> Path:
    """Write the sendemail-validate hook; refuse to replace someone else's unless forced."""
    directory = hooks_dir(repo)
    path = directory / HOOK_NAME
    if path.exists() and not is_ours(path):
        if not force:
            raise HookError(f"{path} exists and was not installed by mailaudit",
                            hint="use --force to replace it (a copy is kept as .orig)")
        path.replace(path.with_name(HOOK_NAME + ".orig"))
    directory.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{HOOK_NAME}.tmp{os.getpid()}")
    tmp.write_text(hook_script(config_path), encoding="utf-8")
    tmp.chmod(0o755)
    tmp.replace(path)
    return path


def uninstall_hook(repo: Path) -> Path | None:
    """Remove our hook (only ours); the path removed, or None when there was none."""
    path = hooks_dir(repo) / HOOK_NAME
    if not path.exists():
        return None
    if not is_ours(path):
        raise HookError(f"{path} was not installed by mailaudit; leaving it alone")
    path.unlink()
    return path
