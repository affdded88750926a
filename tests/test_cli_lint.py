"""`mailaudit lint` and `mailaudit rules` as a user runs them (real process)."""

from __future__ import annotations

import json
import mailbox
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ROOT / "examples" / "en-clean-request.eml"
BAD = ROOT / "examples" / "en-bug-report.eml"


def run(*args, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], input=stdin, capture_output=True,
                          cwd=cwd or ROOT, timeout=120)


def test_clean_mail_exits_0_and_bad_mail_exits_1():
    ok = run("lint", str(CLEAN))
    assert ok.returncode == 0, ok.stdout.decode() + ok.stderr.decode()
    assert b"no findings" in ok.stdout
    bad = run("lint", str(BAD))
    assert bad.returncode == 1
    assert b"attachment-forgotten" in bad.stdout and b"subject-missing" in bad.stdout


def test_fail_level_warning_is_stricter():
    draft = b"To: tom@example.com\nSubject: June plan review\n\nplease review the June plan.\nThanks\nAnn\n"
    assert run("lint", "-", stdin=draft).returncode == 0  # only salutation-missing (warning)
    strict = run("lint", "--fail-level", "warning", "-", stdin=draft)
    assert strict.returncode == 1 and b"salutation-missing" in strict.stdout


def test_preview_rules_run_only_when_asked():
    draft = (b"To: a@example.com, b@example.com\nSubject: June plan\n\nHi,\n\nThe June plan changed a lot.\n\n"
             b"Please review it by Friday.\n\nThanks\nAnn\n")
    default = run("lint", "--format", "json", "-", stdin=draft)
    assert "recipients-no-owner" not in {f["rule"] for f in json.loads(default.stdout)[0]["findings"]}
    asked = run("lint", "--preview", "--format", "json", "-", stdin=draft)
    assert "recipients-no-owner" in {f["rule"] for f in json.loads(asked.stdout)[0]["findings"]}
    listing = run("rules")
    line = next(ln for ln in listing.stdout.decode().splitlines() if ln.startswith("recipients-no-owner"))
    assert " off " in line and "preview" in line


def test_json_shape():
    res = run("lint", "--format", "json", str(BAD), str(CLEAN))
    data = json.loads(res.stdout)
    assert [d["source"] for d in data] == [str(BAD), str(CLEAN)]
    first = data[0]
    assert set(first) == {"source", "message_id", "subject", "findings"}
    assert first["message_id"] == "<en-bug@example.com>"
    f = next(f for f in first["findings"] if f["rule"] == "attachment-forgotten")
    assert set(f) == {"rule", "level", "message", "part", "span", "excerpt"}
    assert f["level"] == "error" and f["part"] == "body" and "attached" in f["excerpt"]
    body_start, body_end = f["span"]
    assert body_end > body_start


def test_mbox_and_maildir_lint_in_one_run(tmp_path):
    box = mailbox.mbox(tmp_path / "box.mbox")
    for p in (CLEAN, BAD):
        box.add(p.read_bytes())
    box.close()
    md = mailbox.Maildir(tmp_path / "md")
    md.add(BAD.read_bytes())
    res = run("lint", "--format", "json", str(tmp_path / "box.mbox"), str(tmp_path / "md"))
    assert res.returncode == 1
    assert len(json.loads(res.stdout)) == 3


def test_unreadable_input_and_bad_usage_are_one_line_exit_2(tmp_path):
    missing = run("lint", str(tmp_path / "nope.eml"))
    assert missing.returncode == 2
    assert missing.stderr.decode().strip().count("\n") == 0 and b"Traceback" not in missing.stderr
    assert b"no such file" in missing.stderr
    bad_opt = run("lint", "--format", "xml", str(CLEAN))
    assert bad_opt.returncode == 2


def test_config_error_names_file(tmp_path):
    (tmp_path / "mailaudit.toml").write_text("[lint]\nignore = ['subject-vauge']\n")
    res = run("lint", str(CLEAN), cwd=tmp_path)
    assert res.returncode == 2
    err = res.stderr.decode()
    assert "mailaudit.toml" in err and "subject-vauge" in err and "Traceback" not in err


def test_global_config_option_and_levels(tmp_path):
    cfg = tmp_path / "team.toml"
    cfg.write_text('[lint.levels]\nsignature-missing = "error"\n')
    draft = b"To: tom@example.com\nSubject: June plan review\n\nHi Tom,\nplease review the June plan.\nThanks\n"
    res = run("--config", str(cfg), "lint", "-", stdin=draft)
    assert res.returncode == 1 and b"error   signature-missing" in res.stdout


def test_rules_list_and_explain():
    listing = run("rules")
    assert listing.returncode == 0
    assert b"attachment-forgotten" in listing.stdout and b"bugreport-incomplete" in listing.stdout
    explain = run("rules", "explain", "attachment-forgotten")
    out = explain.stdout.decode()
    for title in ("What it checks", "Why it matters", "Example", "What to do"):
        assert title in out
    unknown = run("rules", "explain", "nope")
    assert unknown.returncode == 2 and b"unknown rule" in unknown.stderr


@pytest.mark.parametrize("name", ["zh-placement-draft.draft"])
def test_plain_draft_with_attach_line(name):
    res = run("lint", "--format", "json", str(ROOT / "examples" / name))
    rules = {f["rule"] for f in json.loads(res.stdout)[0]["findings"]}
    assert "attachment-bad-name" in rules  # Attach: files/image001.png
    assert "attachment-forgotten" not in rules
