"""`mailaudit hook install/uninstall git-send-email` and the patch profile.

The real `git send-email` run against an SMTP sink is in test_clients_real.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mailaudit.config import Settings
from mailaudit.gate.githook import (
    HOOK_NAME,
    PATCH_SELECT,
    HookError,
    install_hook,
    patch_for_linting,
    patch_settings,
    uninstall_hook,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q")
    return path


def mailaudit(*args: str, cwd: Path, **extra_env: str) -> subprocess.CompletedProcess:
    # XDG_CONFIG_HOME: keep the user's own mailaudit.toml out of the test.
    env = {**os.environ, "XDG_CONFIG_HOME": str(cwd / ".no-user-config")}
    env.pop("MAILAUDIT_IGNORE", None)
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False, timeout=60)


def test_install_writes_an_executable_hook_and_uninstall_removes_it(repo):
    path = install_hook(repo)
    assert path == repo / ".git" / "hooks" / HOOK_NAME
    assert os.access(path, os.X_OK)
    text = path.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert f"{sys.executable} -m mailaudit hook run sendemail-validate" in text
    assert install_hook(repo) == path  # reinstalling our own hook is fine
    assert uninstall_hook(repo) == path
    assert not path.exists()
    assert uninstall_hook(repo) is None


def test_install_respects_core_hooks_path_and_embeds_the_config(repo, tmp_path):
    git(repo, "config", "core.hooksPath", ".githooks")
    config = tmp_path / "team.toml"
    config.write_text("")
    path = install_hook(repo / ".", config)
    assert path == (repo / ".githooks" / HOOK_NAME).resolve()
    assert f"--config {config.resolve()}" in path.read_text()


def test_someone_elses_hook_is_kept_unless_forced(repo):
    theirs = repo / ".git" / "hooks" / HOOK_NAME
    theirs.write_text("#!/bin/sh\nexit 0\n")
    with pytest.raises(HookError, match="not installed by mailaudit"):
        install_hook(repo)
    with pytest.raises(HookError, match="leaving it alone"):
        uninstall_hook(repo)
    install_hook(repo, force=True)
    assert (repo / ".git" / "hooks" / (HOOK_NAME + ".orig")).read_text() == "#!/bin/sh\nexit 0\n"


def test_not_a_repository_is_an_error_on_the_command_line(tmp_path):
    proc = mailaudit("hook", "install", "git-send-email", "--repo", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ") and "not a git repository" in proc.stderr


def test_cli_install_and_uninstall(repo):
    proc = mailaudit("hook", "install", "git-send-email", "--repo", str(repo), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert "installed" in proc.stdout
    proc = mailaudit("hook", "uninstall", "--repo", str(repo), cwd=repo)
    assert proc.returncode == 0 and "removed" in proc.stdout


def test_patch_profile_selects_patch_rules_and_config_can_replace_it():
    settings = patch_settings(Settings())
    assert settings.lint.select == list(PATCH_SELECT)
    custom = Settings(raw={"patch": {"select": ["subject-"], "fail_level": "warning"}})
    assert patch_settings(custom).lint.select == ["subject-"]
    assert patch_settings(custom).lint.fail_level == "warning"


def test_patch_tag_is_taken_off_the_subject_and_git_headers_are_used():
    patch = b"From abc Mon Sep 17 00:00:00 2001\nSubject: [PATCH v2 3/7] parser: fix it\n\nbody\n"
    assert b"Subject: parser: fix it\n" in patch_for_linting(patch)
    headers = b"To: list@example.org\nSubject: [PATCH] x\n"
    linted = patch_for_linting(patch, headers)
    assert linted == b"To: list@example.org\nSubject: x\n\nbody\n"


def format_patch(repo: Path, message: str, out: Path) -> Path:
    (repo / "file.txt").write_text(message)
    git(repo, "add", "file.txt")
    git(repo, "-c", "user.name=A U Thor", "-c", "user.email=author@example.com",
        "commit", "-q", "--allow-empty-message", "-m", message)
    name = git(repo, "format-patch", "-1", "-o", str(out)).strip()
    return Path(name)


def test_hook_run_passes_a_real_format_patch_and_rejects_an_empty_subject(repo, tmp_path):
    good = format_patch(repo, "parser: decode GB18030 headers\n\nLegacy mail uses it.", tmp_path / "a")
    proc = mailaudit("hook", "run", "sendemail-validate", str(good), cwd=repo)
    assert proc.returncode == 0, proc.stderr
    bad = format_patch(repo, "", tmp_path / "b")
    proc = mailaudit("hook", "run", "sendemail-validate", str(bad), cwd=repo)
    assert proc.returncode == 1
    assert "subject-missing" in proc.stderr
    assert "git send-email sends none of the series" in proc.stderr
    proc = mailaudit("hook", "run", "sendemail-validate", str(bad), cwd=repo,
                     MAILAUDIT_IGNORE="subject-missing")
    assert proc.returncode == 0, proc.stderr
    assert "overridden by the sender: subject-missing" in proc.stderr
