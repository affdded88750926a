"""`mailaudit rules` and `rules explain` in Chinese and English (issue 12, item 6)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from mailaudit.engine.kinds import load_kinds
from mailaudit.engine.rules import builtin_rules_dir, load_rules


def run(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "mailaudit", *args], capture_output=True, timeout=120,
                          check=False, env=env)


def test_explain_follows_the_locale_and_lang_overrides_it() -> None:
    zh = run("rules", "explain", "attachment-forgotten", lang="zh_CN.UTF-8").stdout.decode()
    for title in ("检查什么：", "为什么重要：", "示例：", "怎么做："):
        assert title in zh
    assert "附上文件" in zh and "What it checks" not in zh
    en = run("rules", "explain", "attachment-forgotten", "--lang", "en", lang="zh_CN.UTF-8").stdout.decode()
    assert "What it checks" in en and "检查什么" not in en
    assert "检查什么" in run("rules", "explain", "attachment-forgotten", "--lang", "zh").stdout.decode()


def test_explain_json() -> None:
    res = run("rules", "explain", "body-no-summary", "--format", "json", "--lang", "zh")
    data = json.loads(res.stdout)
    assert data["id"] == "body-no-summary" and data["lang"] == "zh"
    assert set(data["doc"]) == {"what", "why", "example", "fix"} and "请求" in data["doc"]["what"]


def test_no_doc_cites_a_handbook_the_user_does_not_have() -> None:
    for rule in load_rules([builtin_rules_dir()], load_kinds()):
        for doc in rule.docs.values():
            assert not any("handbook" in text.lower() or "手册" in text for text in doc.values()), rule.id


def test_rule_list_shows_summaries_not_templates() -> None:
    for lang in ("en", "zh"):
        out = run("rules", "--lang", lang).stdout.decode()
        assert "{" not in out, out
    zh = run("rules", "--lang", "zh").stdout.decode()
    assert "To 收件人未按时回复" in zh and "说明" in zh.splitlines()[0]
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert all("{" not in r["summary"] + r["summary_zh"] for r in rows)


def test_explain_an_unknown_rule_says_did_you_mean() -> None:
    done = run("rules", "explain", "atachment-forgoten")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode() == ("Error: unknown rule 'atachment-forgoten' (did you mean 'attachment-forgotten'? "
                                    "see `mailaudit rules` for the ids)\n")
    # a prefix is no rule to explain: the suggestion is always a whole id
    assert "did you mean 'subject-" in run("rules", "explain", "subjct-vage").stderr.decode()
    nothing = run("rules", "explain", "zzzz")
    assert nothing.returncode == 2 and "did you mean" not in nothing.stderr.decode()
