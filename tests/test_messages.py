"""The screens' message catalog (mailaudit/output/messages.yaml), issue 12 item 7.

Every key speaks Chinese and English with the same {fields}; code names only
keys the catalog has and the catalog holds no key that nothing uses; the
English notes lower stages store (parse defects, DKIM notes and reasons, thread
labels, ingest refusals) each fit a template, so they show in Chinese; and the
screens, rendered in Chinese from a small store, carry no English sentence.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailaudit.cli import main
from mailaudit.output import i18n
from mailaudit.output.i18n import LANGS, catalog, choose_lang, fields, template_key, translate

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mailaudit"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The families of English notes that translate() renders, and where the notes come from.
FAMILIES = ("defect-", "dkim-", "label-", "mismatch-", "not-sent-", "rec-source-", "rules-test-why-", "skip-why-", "watch-why-")


def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def _calls() -> list[tuple[Path, ast.Call]]:
    """Every call of t() or translate() in the package."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name == "web":  # the web page's own words: test_web_words_in_both_languages
            continue
        source = path.read_text(encoding="utf-8")
        if "i18n import" not in source and path.name != "i18n.py":
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and _name(node) in ("t", "translate") and node.args:
                found.append((path, node))
    return found


# ------------------------------------------------------------------ the catalog
def test_every_key_in_both_languages_with_the_same_fields() -> None:
    assert len(catalog()) > 100
    for key, texts in catalog().items():
        assert set(texts) == set(LANGS), key
        assert texts["en"].strip() and texts["zh"].strip(), key
        assert fields(texts["en"]) == fields(texts["zh"]), key
        words = re.sub(r"\{[^}]*\}|`[^`]*`", "", texts["zh"])
        assert CJK.search(words) or not re.search(r"[a-z]{3,}", words), f"{key}: the Chinese text is not Chinese"


def test_every_key_the_code_names_is_in_the_catalog_and_every_key_is_used() -> None:
    keys = set(catalog())
    named: set[str] = set()
    prefixes: set[str] = set()
    for path, call in _calls():
        if _name(call) == "translate":
            if path.name == "i18n.py":  # translate()'s own recursion
                continue
            prefix = call.args[2] if len(call.args) == 3 else None
            assert isinstance(prefix, ast.Constant), f"{path.name}:{call.lineno}: translate() with a computed family"
            prefixes.add(prefix.value)
            continue
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            named.add(first.value)
        elif isinstance(first, ast.JoinedStr):  # t(f"report-level-{lv}"): the keys it may name
            head = first.values[0]
            assert isinstance(head, ast.Constant) and head.value, f"{path.name}:{call.lineno}: key without a prefix"
            prefixes.add(head.value)
        elif isinstance(first, ast.IfExp):
            named.update(b.value for b in (first.body, first.orelse) if isinstance(b, ast.Constant))
        elif isinstance(first, ast.Name):  # for col in ("scan-col-folder", ...): t(col, lang)
            named.update(n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                         if isinstance(n, ast.Constant) and n.value in keys)
        else:
            pytest.fail(f"{path.name}:{call.lineno}: t() with a key the test cannot read")
    assert named <= keys, sorted(named - keys)
    unused = {k for k in keys - named if not any(k.startswith(p) for p in prefixes)}
    assert not unused, f"keys no code uses: {sorted(unused)}"
    assert set(FAMILIES) <= prefixes


def test_language_choice(monkeypatch, tmp_path) -> None:
    from mailaudit.config import load_settings

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert choose_lang() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert choose_lang() == "zh" and choose_lang("en") == "en"
    config = tmp_path / "mailaudit.toml"
    config.write_text('[output]\nlang = "en"\n', encoding="utf-8")
    assert choose_lang(None, load_settings(config)) == "en"
    assert choose_lang("zh", load_settings(config)) == "zh"
    config.write_text('[output]\nlang = "fr"\n', encoding="utf-8")
    with pytest.raises(Exception, match="output.lang"):
        load_settings(config)


# ------------------------------------------------ English notes of lower stages
def _literal(node: ast.AST) -> str | None:
    """A string literal as a sample: an f-string's fields become 'X'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    return None


def _samples(path: Path, wanted) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        for value in wanted(node):
            for part in (value.body, value.orelse) if isinstance(value, ast.IfExp) else (value,):
                text = _literal(part)
                if text and re.search(r"[A-Za-z]{3,}", text.replace("X", "")):
                    out.append(text)
    return out


def _appended(*lists: str):
    def wanted(node):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "append" and \
                getattr(node.func.value, "id", getattr(node.func.value, "attr", None)) in lists:
            return node.args[:1]
        return []
    return wanted


def _charset_problems(monkeypatch) -> list[str]:
    from mailaudit.mail import charsets

    found = [
        charsets.decode("é中".encode(), "x-nope")[1],
        charsets.decode("你好世界".encode("gbk"), "utf-8")[1],
        charsets.decode(b"\xff\xff\xfe\x80\x81", "utf-8")[1],
        charsets.decode(b"\xff\xff\xfe\x80\x81", None)[1],
        charsets.header_text("a\x00b")[1],
        charsets.header_text("caf\udce9 x")[1],
    ]
    monkeypatch.setattr(charsets, "_detect", lambda data: None)
    found += [charsets.decode(b"\xff\xff\xfe\x80\x81", "utf-8")[1], charsets.decode(b"\xff\xff\xfe\x80\x81", None)[1]]
    assert all(found)
    return found


def test_every_parse_defect_shows_in_chinese(monkeypatch) -> None:
    samples = _samples(PACKAGE / "mail" / "parse.py", _appended("defects", "problems"))
    assert len(samples) > 15
    problems = _charset_problems(monkeypatch)
    samples += problems + [f"part 1.2: {p}" for p in problems] + [f"header Subject: {p}" for p in problems]
    used = set()
    for sample in samples:
        found = template_key(sample, "defect-")
        assert found, f"no defect- template in messages.yaml fits {sample!r}"
        used.add(found[0])
        zh = translate(sample, "zh", "defect-")
        assert CJK.search(zh), sample
        for value in found[1].values():
            if value != "X" and template_key(value, "defect-"):
                used.add(template_key(value, "defect-")[0])
    unused = {k for k in catalog() if k.startswith("defect-")} - used
    assert not unused, f"defect templates that fit no defect parse.py writes: {sorted(unused)}"


def test_every_english_note_of_a_lower_stage_shows_in_chinese() -> None:
    """What verify found, DKIM notes and reasons, thread labels, ingest refusals,
    why watch scanned: each fits a template, and each template fits one."""
    from mailaudit.evidence.dkim_check import dkim_notes
    from mailaudit.evidence.threads import LABELS

    notes = [n for dkim, signed in (
        ({"result": "pass", "aligned": "strict", "from_domain": "a.cn"}, None),
        ({"result": "pass", "aligned": "relaxed", "from_domain": "a.cn", "body_length": 40}, True),
        ({"result": "pass", "aligned": "no", "from_domain": "a.cn"}, False),
    ) for n in dkim_notes(dkim, signed)]

    def reasons(node):
        if isinstance(node, ast.Assign) and any(getattr(tg, "id", getattr(tg, "attr", None)) == "reason"
                                                for tg in node.targets):
            return [node.value]
        if isinstance(node, ast.keyword) and node.arg == "reason":
            return [node.value]
        return []

    def refusals(node):
        if isinstance(node, ast.FunctionDef) and node.name == "not_sent_reason":
            return [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
        return []

    def mismatches(node):
        if isinstance(node, ast.Call) and _name(node) in ("Mismatch", "IntegrityError") and node.args:
            return node.args[-1:]
        if isinstance(node, ast.FunctionDef) and node.name in ("raw_problem", "_row_difference", "check_entry"):
            return [r.value for r in ast.walk(node) if isinstance(r, (ast.Return, ast.Assign)) and r.value is not None]
        return []

    def watch_reasons(node):
        if isinstance(node, ast.Call) and _name(node) == "poke":
            return node.args[:1]
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "reasons":
            return [e for e in ast.walk(node.value) if isinstance(e, ast.Constant)]
        return []

    def skip_reasons(node):
        if isinstance(node, ast.Call) and _name(node) == "Skipped" and len(node.args) > 1:
            return node.args[1:2]
        if isinstance(node, ast.FunctionDef) and node.name == "not_mail_reason":
            return [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
        return []

    families = {
        "mismatch-": [text for path in ("evidence/proof.py", "evidence/ledger.py", "store/store.py")
                      for text in _samples(PACKAGE / path, mismatches)],
        "dkim-": notes + _samples(PACKAGE / "evidence" / "dkim_check.py", reasons),
        "label-": list(LABELS.values()),
        "not-sent-": _samples(PACKAGE / "evidence" / "ingest.py", refusals),
        "rec-source-": ["evidence #3"],
        "watch-why-": _samples(PACKAGE / "scan" / "watch.py", watch_reasons),
        "rules-test-why-": [f"no examples that must {kind}" for kind in ("fire", "pass")],
        "skip-why-": _samples(PACKAGE / "sources" / "paths.py", skip_reasons) + [
            f"not a mail message ({what})" for what in __import__("mailaudit.sources.paths").sources.paths._MAGIC.values()],
    }
    for prefix, samples in families.items():
        assert samples, prefix
        used = set()
        for sample in samples:
            found = template_key(sample, prefix)
            assert found, f"no {prefix} template in messages.yaml fits {sample!r}"
            used.add(found[0])
            used.update(template_key(v, prefix)[0] for v in found[1].values() if template_key(v, prefix))
            assert CJK.search(translate(sample, "zh", prefix)), sample
        unused = {k for k in catalog() if k.startswith(prefix)} - used
        assert not unused, f"{prefix} templates that fit nothing the code writes: {sorted(unused)}"


# ------------------------------------------------ the screens, shown in Chinese
EVIDENCE = ROOT / "tests" / "data" / "evidence_log"
MAILS = ["qinglan-1-place.eml", "qinglan-2-ops-ack.eml", "qinglan-3-add-splash.eml", "qinglan-4-extend.eml",
         "shanchuan-feed.eml"]


def _english_fragments() -> set[str]:
    """The fixed English words of the catalog: pieces between fields, of two words or more."""
    out = set()
    for texts in catalog().values():
        for literal, _, _, _ in __import__("string").Formatter().parse(texts["en"]):
            for piece in re.split(r"[():;,.…]", literal):
                piece = piece.strip()
                if re.fullmatch(r"[A-Za-z'-]+(?: [A-Za-z'/-]+)+", piece):
                    out.add(piece)
    return out


@pytest.fixture(scope="module")
def screens(tmp_path_factory) -> dict[str, str]:
    """Each screen of a small store, in Chinese."""
    tmp = tmp_path_factory.mktemp("zh")
    mails = tmp / "mail"
    for sub in ("cur", "new", "tmp"):
        (mails / sub).mkdir(parents=True)
    for i, name in enumerate(MAILS):
        shutil.copy(EVIDENCE / name, mails / "cur" / f"{1700000000 + i}.{i}.host:2,S")
    db, ev = str(tmp / "a.db"), str(tmp / "ev.db")
    env = {"MAILAUDIT_NO_DNS": "1", "LANG": "C.UTF-8", "LC_ALL": ""}
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, list(args), env=env, catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        return result.output

    paths = [str(EVIDENCE / n) for n in MAILS]
    oplog = tmp / "oplog.csv"  # the operations of the Chinese advertisers (the English ones' slots are data)
    lines = (EVIDENCE / "oplog.csv").read_text(encoding="utf-8").splitlines()
    oplog.write_text("\n".join(ln for i, ln in enumerate(lines) if i == 0 or CJK.search(ln.split(",")[3])) + "\n",
                     encoding="utf-8")
    out = {
        "scan": run("scan", "--maildir", str(mails), "--db", db, "--no-quiet", "--lang", "zh"),
        "scan-again": run("scan", "--maildir", str(mails), "--db", db, "--no-quiet", "--lang", "zh"),
        "report": run("report", "--db", db, "--lang", "zh"),
        "search-mail": run("search", "青岚", "--db", db, "--lang", "zh"),
        "report-html": run("report", "--db", db, "--lang", "zh", "--format", "html"),
        "extract": run("evidence", "extract", "--all", "--lang", "zh", *paths),
        "ingest": run("evidence", "ingest", "--db", ev, "--lang", "zh", *paths,
                      str(ROOT / "examples" / "zh-placement-draft.draft")),
        "search": run("evidence", "search", "--db", ev, "--lang", "zh", "--limit", "2"),
        "show": run("evidence", "show", "1", "--db", ev, "--lang", "zh"),
        "verify": run("evidence", "verify", "--db", ev, "--lang", "zh"),
        "reconcile": run("evidence", "reconcile", str(oplog), "--db", ev, "--lang", "zh"),
        "reconcile-mail": run("evidence", "reconcile", str(oplog), *paths, "--lang", "zh"),
        "export": run("evidence", "export", "1", "-o", str(tmp / "b.zip"), "--db", ev, "--lang", "zh"),
        "reindex": run("evidence", "reindex", "--db", ev, "--lang", "zh"),
    }
    tampered = tmp / "tampered.db"  # a changed row and a removed entry: verify names both, exit 6
    shutil.copy(ev, tampered)
    import sqlite3

    with sqlite3.connect(tampered) as con:
        con.execute("UPDATE evidence_instructions SET advertiser = '山川' WHERE id = 2")
        con.execute("DELETE FROM evidence_ledger WHERE seq = 3")
    bad = runner.invoke(main, ["evidence", "verify", "--db", str(tampered), "--lang", "zh"], env=env)
    assert bad.exit_code == 6, bad.output
    out["verify-mismatch"] = bad.output
    (tmp / "empty.db").touch()  # a store no scan has filled
    out["report-before-scan"] = runner.invoke(main, ["report", "--db", str(tmp / "empty.db"), "--lang", "zh"],
                                              env=env).output
    (tmp / "mailaudit.toml").write_text('[output]\nlang = "zh"\n', encoding="utf-8")
    out["config"] = run("--config", str(tmp / "mailaudit.toml"), "evidence", "verify", "--db", ev)
    import zipfile

    with zipfile.ZipFile(tmp / "b.zip") as bundle:  # the bundle's readable page
        out["export-html"] = bundle.read("summary.html").decode("utf-8")
    return out


@pytest.mark.parametrize("name", ["report-before-scan", "scan", "scan-again", "report", "search-mail", "report-html", "extract",
                                  "ingest", "search", "show", "verify", "verify-mismatch", "reconcile", "reconcile-mail", "export",
                                  "reindex", "config", "export-html"])
def test_each_screen_in_chinese_has_no_english_sentence(screens, name) -> None:
    text = screens[name]
    assert CJK.search(text), text
    if name.endswith("-html"):
        text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", text, flags=re.S)
    leftovers = sorted(f for f in _english_fragments() if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text))
    assert not leftovers, f"{name}: English left in the Chinese screen: {leftovers}\n{text}"
    # any three English words in a row, ids, addresses, paths and hashes aside
    words = re.sub(r"\S*[@/#._=\d]\S*|`[^`]*`|\b[a-z]+(?:-[a-z]+)+\b", " ", text)
    assert not re.search(r"\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b", words), f"{name}:\n{text}"


def test_the_same_screens_in_english_are_unchanged(tmp_path) -> None:
    """--lang en (and the default locale) prints the English of before."""
    result = CliRunner().invoke(main, ["evidence", "ingest", "--db", str(tmp_path / "e.db"), "--lang", "en",
                                       str(EVIDENCE / MAILS[0])], env={"MAILAUDIT_NO_DNS": "1"})
    assert result.output.startswith("Took in 1 instruction(s) from 1 message(s); 0 already in the log.")
    shown = CliRunner().invoke(main, ["evidence", "show", "1", "--db", str(tmp_path / "e.db")],
                               env={"LANG": "C.UTF-8", "LC_ALL": ""}).output
    assert "Evidence record #1: placed" in shown and "  window      2024-06-10 – 2024-06-23" in shown


# ------------------------------------------------ no literal left in the screens' code
SCREENS = ["scan_summary.py", "report.py", "report_html.py", "evidence_text.py", "instructions_text.py",
           "search_text.py", "lint_text.py", "export_html.py"]
# Literals that are not words for people: CSS, markup, a terminal style, a command name.
NOT_WORDS = re.compile(r"^\s*$|[{};]|^mailaudit report$|^\S+$|^bold \w+$")
MARKUP = re.compile(r"<[^<>]*>|<[^<>]*$|^[^<>]*>|\w+=(\"[^\"]*\"?|'[^']*'?)")


# The gate's and the CLI's own words (sendmail, the git hook, serve, the Error: line, skipped inputs):
# the messages of errors are checked apart (err- templates), click's --help text is not a screen.
MORE_SCREENS = ["../gate/verdict.py", "../gate/sendmail.py", "../gate/githook.py", "../gate/serve.py",
                "../cli/gate.py", "../cli/__init__.py", "../cli/lint.py"]
NOT_SCREEN_CALLS = re.compile(r"Error$|^(option|argument|command|group|Choice|UsageError|ApiError|write_text)$")


@pytest.mark.parametrize("module", SCREENS + MORE_SCREENS)
def test_no_user_facing_english_literal_in_the_screens(module) -> None:
    """A literal of two English words or more in a screen module is a phrase
    that should be in the catalog (docstrings, CSS and markup aside)."""
    tree = ast.parse((PACKAGE / "output" / module).read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    for call in ast.walk(tree):  # an error's English (err- templates), --help text, markers in files
        if isinstance(call, ast.Call) and NOT_SCREEN_CALLS.search(_name(call) or ""):
            docstrings |= {id(n) for n in ast.walk(call)}
        if isinstance(call, ast.keyword) and call.arg in ("help", "metavar"):
            docstrings |= {id(n) for n in ast.walk(call)}
    offences = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            text = MARKUP.sub(" ", node.value) if not NOT_WORDS.search(node.value) else ""
            if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", text) and not NOT_WORDS.search(text.strip()):
                offences.append(f"{module}:{node.lineno}: {text!r}")
    assert not offences, "\n".join(offences)


def test_catalog_is_read_once() -> None:
    assert i18n.catalog() is i18n.catalog()


# ------------------------------------------------ late reports and parse defects, in Chinese
def test_a_late_or_missing_daily_report_reads_in_the_report_language() -> None:
    from datetime import datetime

    from mailaudit.checks.examples import scenario_store
    from mailaudit.config import Settings
    from mailaudit.output.report import build_report, render_text

    store, _ = scenario_store([
        {"id": "mon", "from": "li@example.cn", "to": ["lead@example.cn"], "date": "2024-06-03T17:00:00+08:00",
         "subject": "日报 6/3"},
        {"id": "wed", "from": "li@example.cn", "to": ["lead@example.cn"], "date": "2024-06-05T18:00:00+08:00",
         "subject": "日报 6/5"},
    ], source="test")
    settings = Settings(raw={"workflow": {"report": {"senders": ["li@example.cn"]}}})
    now = datetime.fromisoformat("2024-06-06T09:00:00+08:00")
    zh = build_report(store, settings, now=now, lang="zh")
    messages = {row["day"]: row["message"] for row in zh.history}
    assert messages == {"2024-06-04": "li@example.cn 2024-06-04 的日报：未发送",
                        "2024-06-05": "li@example.cn 2024-06-05 的日报：18:00 才到，晚于 17:30 30 分钟"}
    assert "日报：未发送" in render_text(zh, lang="zh")
    en = build_report(store, settings, now=now)
    assert {row["message"] for row in en.history} == {
        "Daily report from li@example.cn for 2024-06-04: missing",
        "Daily report from li@example.cn for 2024-06-05: arrived 18:00, 30 min after 17:30"}


def test_lint_shows_a_parse_defect_in_the_users_language(tmp_path) -> None:
    mail = tmp_path / "bad.eml"
    mail.write_bytes("To: a@example.cn\nSubject: 排期\nDate: 32 Foo 2024\n\n王经理，请确认。\n张三\n".encode())
    zh = CliRunner().invoke(main, ["lint", str(mail)], env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""}).output
    assert "bad.eml: 提示：Date 信头无法解析（或不在 1900-2999 年之间）" in zh, zh
    en = CliRunner().invoke(main, ["lint", str(mail)], env={"LANG": "C.UTF-8", "LC_ALL": ""}).output
    assert "bad.eml: note: Date header not parseable (or outside the years 1900-2999)" in en, en


def test_web_words_in_both_languages() -> None:
    """The web page's words (mailaudit/web/i18n.py): both languages, the same fields,
    and every key its code and templates name is there."""
    import string

    from mailaudit.web.i18n import STRINGS

    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (zh, en)]
        assert fields[0] == fields[1], key
    web = PACKAGE / "web"
    named: set[str] = set()
    for path in [*web.glob("*.py"), *web.glob("templates/*.html")]:
        named |= set(re.findall(r"\bt\(\s*['\"]([a-z_]+)['\"]", path.read_text(encoding="utf-8")))
    assert named, "no t('key') found in mailaudit/web"
    assert named <= set(STRINGS), sorted(named - set(STRINGS))


# ------------------------------------------------ inputs not read, in Chinese
def test_skipped_and_missing_inputs_are_named_in_the_users_language(tmp_path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / ".hidden").write_text("x", encoding="utf-8")
    (folder / "ok.eml").write_bytes("To: a@example.cn\nSubject: 排期\n\n王经理，请确认。\n".encode())
    zh_env = {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}
    zh = CliRunner().invoke(main, ["lint", str(folder), str(tmp_path / "nosuch.eml")], env=zh_env)
    assert zh.exit_code == 2, zh.output
    assert f"已跳过 {folder / 'shot.png'}：不是邮件（PNG 图片）" in zh.stderr, zh.stderr
    assert f"已跳过 {folder / '.hidden'}：隐藏文件" in zh.stderr
    assert f"错误：{tmp_path / 'nosuch.eml'}：找不到文件或目录" in zh.stderr
    ev = CliRunner().invoke(main, ["evidence", "extract", "--lang", "zh", str(folder)], env={"LC_ALL": ""})
    assert f"已跳过 {folder / 'shot.png'}：不是邮件（PNG 图片）" in ev.stderr, ev.stderr
    en = CliRunner().invoke(main, ["lint", str(folder), str(tmp_path / "nosuch.eml")],
                            env={"LANG": "C.UTF-8", "LC_ALL": ""})
    assert en.exit_code == 2
    assert f"skipped {folder / 'shot.png'}: not a mail message (a PNG image)" in en.stderr
    assert f"Error: {tmp_path / 'nosuch.eml'}: no such file or directory" in en.stderr


# ------------------------------------------------ the Error: line, in Chinese
ERROR_CLASSES = {"HookError", "SenderError", "ConfigError", "InputError", "AuthError", "ConnectionFailed", "LockedError", "MailauditError"}
# Raise sites whose message or hint is put together from other errors' text (each part has its template).
COMPOSED = {"X: accounts.X: X", "X: X", "X: no such X", "check X; the next scan resumes where this one stopped"}
ERROR_MODULES = ["config.py", "store/store.py", "sources/imap.py", "engine/select.py", "scan/targets.py", "scan/lock.py",
                 "web/serve.py", *(f"gate/{p.name}" for p in (PACKAGE / "gate").glob("*.py")), *(f"cli/{p.name}" for p in (PACKAGE / "cli").glob("*.py"))]


def _documented_errors() -> list[str]:
    """The `Error: ...` lines of the transcripts in docs/ (a wrapped line joined)."""
    out = []
    for path in (ROOT / "docs").glob("*.md"):
        lines, block, i = path.read_text(encoding="utf-8").splitlines(), False, 0
        while i < len(lines):
            if lines[i].startswith("```"):
                block = not block
            elif block and (m := re.match(r"(?:\S+  )?Error: (.*)", lines[i])):
                text = m.group(1)
                while text.count("(") > text.count(")") and i + 1 < len(lines) and lines[i + 1].strip():
                    i += 1
                    text += " " + lines[i]
                out.append(text)
            i += 1
    return out


def test_every_documented_error_line_shows_in_chinese() -> None:
    from mailaudit.output.errors_text import error_line, error_text

    documented = _documented_errors()
    assert len(documented) > 10
    for line in documented:
        zh = error_line(line, "zh")
        if template_key(line.split(" (")[0], "report-no-store-scan"):  # written in the command's language
            continue
        if not CJK.search(zh):  # an input not read
            zh = error_text(line, None, "zh")
        assert CJK.search(zh), line
        assert error_line(line, "en") == line
        words = re.sub(r"\S*[@/#._=:\d\[\]]\S*|`[^`]*`|'[^']*'", " ", zh)
        assert not re.search(r"\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b", words), f"{line}\n{zh}"


def test_every_error_the_common_modules_raise_fits_a_template() -> None:
    """The message and hint of each MailauditError raised in config, store, IMAP,
    rule selection, scan targets and lock, the servers and the CLI: an `err-` template."""
    def raised(node):
        if isinstance(node, ast.Call) and _name(node) in ERROR_CLASSES:
            return node.args[:1] + [k.value for k in node.keywords if k.arg == "hint"]
        return []

    samples = [s for module in ERROR_MODULES for s in _samples(PACKAGE / module, raised) if s not in COMPOSED]
    assert len(samples) > 50
    for sample in samples:
        found = template_key(sample, "err-")
        if found is None and template_key(sample, "report-"):  # raised in the command's language already
            continue
        assert found, f"no err- template in messages.yaml fits {sample!r}"
        assert CJK.search(translate(sample, "zh", "err-")), sample


def test_error_lines_speak_the_users_language_with_the_same_status(tmp_path) -> None:
    nowhere = str(tmp_path / "nowhere.db")
    zh_env, en_env = {"LANG": "zh_CN.UTF-8", "LC_ALL": ""}, {"LANG": "C.UTF-8", "LC_ALL": ""}
    runner = CliRunner()
    for args, env in ((["report", "--db", nowhere], zh_env), (["report", "--db", nowhere, "--lang", "zh"], en_env)):
        result = runner.invoke(main, args, env=env)
        assert result.exit_code == 2
        assert result.stderr == f"错误：{nowhere}：这里没有审计库（请先运行 `mailaudit scan`，或用 --db 指定）\n"
    config = tmp_path / "mailaudit.toml"
    config.write_text('[output]\nlang = "zh"\n', encoding="utf-8")
    result = runner.invoke(main, ["--config", str(config), "rules", "explain", "zzzz"], env=en_env)
    assert (result.exit_code, result.stderr) == (2, "错误：未知规则 'zzzz'（规则 id 见 `mailaudit rules`）\n")
    result = runner.invoke(main, ["--config", str(tmp_path / "nope.toml"), "lint", "x.eml"], env=zh_env)
    assert (result.exit_code, result.stderr) == (2, f"错误：{tmp_path / 'nope.toml'}：找不到配置文件\n")
    result = runner.invoke(main, ["scan", "--maildir", "Nope", "--db", nowhere], env=zh_env)
    assert (result.exit_code, result.stderr) == (2, "错误：Nope：找不到该 Maildir\n")
    result = runner.invoke(main, ["lint", "--select", "atachment-forgoten", "-"], env=en_env, input="")
    assert result.exit_code == 2
    assert result.stderr == ("Error: command line: --select names unknown rule 'atachment-forgoten' "
                             "(did you mean 'attachment-forgotten'? see `mailaudit rules` for the ids)\n")
    result = runner.invoke(main, ["report", "--db", nowhere], env=en_env)
    assert result.stderr == f"Error: {nowhere}: no audit store here (run `mailaudit scan` first, or pass --db)\n"


# ------------------------------------------------ the gate, in Chinese
def _chinese_only(name: str, text: str) -> None:
    assert CJK.search(text), text
    leftovers = sorted(f for f in _english_fragments() if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text))
    assert not leftovers, f"{name}: English left: {leftovers}\n{text}"
    words = re.sub(r"\S*[@/#._=:\d\[\]]\S*|`[^`]*`|'[^']*'", " ", text)
    assert not re.search(r"\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b", words), f"{name}:\n{text}"


def test_the_gate_speaks_the_users_language(tmp_path) -> None:
    import io
    import sys

    from mailaudit.config import load_settings
    from mailaudit.gate.githook import validate_patch
    from mailaudit.gate.sendmail import run_sendmail
    from mailaudit.gate.verdict import Verdict, findings_text

    draft = "To: 王经理 <wang@example.cn>\nSubject: \n\n王经理，附件是排期表，请查收。\n张三\n".encode()
    config = tmp_path / "mailaudit.toml"
    config.write_text('[output]\nlang = "zh"\n[lint]\nselect = ["subject-missing", "attachment-forgotten"]\n'
                      f'[sendmail]\ncommand = ["{sys.executable}", "-c", "pass"]\nmode = "prompt"\n',
                      encoding="utf-8")
    settings = load_settings(config)

    class Tty(io.StringIO):
        def readline(self) -> str:
            return "n\n"

        def close(self) -> None:  # kept readable after the question
            pass

    tty, stderr = Tty(), io.StringIO()
    assert run_sendmail(draft, ["-t"], settings, environ={}, stderr=stderr, open_tty=lambda: tty) == 1
    assert tty.getvalue().endswith("仍要发送吗？[y/N] ")
    refusal = stderr.getvalue()
    assert "mailaudit：未发送：" in refusal and "MAILAUDIT_IGNORE=" in refusal, refusal
    _chinese_only("sendmail", tty.getvalue() + refusal)
    stderr = io.StringIO()
    assert run_sendmail(draft, ["-t"], settings, environ={}, stderr=stderr, open_tty=lambda: (_ for _ in ()).throw(
        OSError())) == 1
    _chinese_only("sendmail-no-tty", stderr.getvalue())
    assert "mailaudit：没有终端可以询问。" in stderr.getvalue()
    assert findings_text(Verdict(skipped=True), "zh") == "mailaudit：未检查（ignore=all）\n"
    patch = tmp_path / "0001.patch"
    patch.write_bytes(b"From: a@example.org\nTo: list@example.org\nSubject: [PATCH] \n\nfix\n---\n")
    ok, text = validate_patch(patch, None, settings, {}, "zh")
    assert not ok and "git send-email 不会发送这组补丁中的任何一封" in text, text
    _chinese_only("hook", "\n".join(ln for ln in text.splitlines() if ln.startswith("mailaudit")))  # the patch's
    # findings speak the patch's language (English here), as rule messages do
    en = io.StringIO()
    assert run_sendmail(draft, ["-t"], settings, environ={}, stderr=en, open_tty=lambda: Tty(), lang="en") == 1
    assert "mailaudit: not sent: " in en.getvalue() and "; the draft is unchanged.\n" in en.getvalue()


def test_serve_and_hook_lines_in_chinese(tmp_path) -> None:
    import io
    from types import SimpleNamespace

    from mailaudit.gate.serve import run_server

    class Server(SimpleNamespace):
        def serve_forever(self) -> None:
            pass

        def server_close(self) -> None:
            pass

    out = io.StringIO()
    run_server(Server(url="http://127.0.0.1:7425", config=SimpleNamespace(token_file="/t/token"), idle_exit=0),
               out, lang="zh")
    assert out.getvalue() == "mailaudit serve：正在监听 http://127.0.0.1:7425（令牌在 /t/token）\n"
    result = CliRunner().invoke(main, ["hook", "uninstall", "--repo", str(tmp_path)],
                                env={"LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert result.exit_code == 2 and result.stderr.startswith("错误："), result.output


def test_rules_test_output_in_chinese(tmp_path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "etiquette", rules / "etiquette")
    zh = CliRunner().invoke(main, ["rules", "test", str(rules), "--lang", "zh"], env={"LC_ALL": ""})
    assert zh.exit_code in (0, 1), zh.output
    last = zh.output.splitlines()[-1]
    assert re.fullmatch(r"\d+ 条规则的 \d+ 个示例，\d+ 个失败", last), last
    _chinese_only("rules-test", zh.output)
    en = CliRunner().invoke(main, ["rules", "test", str(rules)], env={"LANG": "C.UTF-8", "LC_ALL": ""})
    assert re.fullmatch(r"\d+ example\(s\) of \d+ rule\(s\), \d+ failed", en.output.splitlines()[-1])
    assert en.output.splitlines()[0].startswith(("ok    ", "FAIL  "))
