"""A rule's `examples` as tests: each `fire` example must give the rule, each
`pass` example must not (proselint-style). The suite runs the built-in rules'
examples; `mailaudit rules test DIR` runs those of a team's own rule directory.

A message rule's example is a draft (or {draft, config}); a mailbox rule's is a
scenario: {mails: [...], now, settings}, the mails put into a store in memory
and the rule evaluated over it as of `now` (settings: its [workflow] table)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from ..config import LintSettings, Settings, validate
from ..engine.kinds import load_kinds
from ..engine.linter import Linter, lint_bytes
from ..engine.rules import Rule
from ..errors import ConfigError
from ..mail.parse import parse_bytes
from ..sources.base import FolderState
from ..store.store import Location, Store, record_from_message


@dataclass
class ExampleResult:
    rule: str
    kind: str  # fire | pass | none (the rule has no examples of a kind)
    index: int
    ok: bool
    fired: list[str] = field(default_factory=list)
    text: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "kind": self.kind, "index": self.index, "ok": self.ok,
                "fired": self.fired, "note": self.note}


def _in(path: Path | None, directory: Path) -> bool:
    return path is not None and directory in path.resolve().parents


def run_examples(directory: Path, settings: Settings | None = None) -> list[ExampleResult]:
    """The examples of every rule defined under `directory` (with the built-in
    rules and vocabularies beside them, as `[lint] rule_dirs` loads them)."""
    settings = settings or Settings()
    directory = directory.resolve()
    base = replace(settings, lint=LintSettings(preview=True, rule_dirs=settings.lint.rule_dirs))
    linter = Linter(base, extra_rule_dirs=[directory])
    results: list[ExampleResult] = []
    for rule in linter.all_rules:
        if not _in(rule.path, directory):
            continue
        for kind in ("fire", "pass"):
            examples = rule.examples.get(kind) or []
            if not examples:
                results.append(ExampleResult(rule.id, kind, 0, False, note=f"no examples that must {kind}"))
            for i, example in enumerate(examples):
                if rule.scope == "mailbox":
                    results.append(_run_mailbox(rule, kind, i, example, directory, settings))
                else:
                    results.append(_run(rule.id, kind, i, example, linter, directory, settings))
    return results


def _run(rule_id: str, kind: str, index: int, example: Any, linter: Linter, directory: Path,
         settings: Settings) -> ExampleResult:
    if isinstance(example, dict):  # {draft: "...", config: {...}}: the config the example needs
        config = example.get("config") or {}
        validate(config, directory / f"{rule_id} example")
        lint = LintSettings(preview=True, rule_dirs=settings.lint.rule_dirs)
        linter = Linter(Settings(raw=config, lint=lint), extra_rule_dirs=[directory])
        example = example.get("draft", "")
    result = lint_bytes(str(example).encode("utf-8"), linter=linter)
    fired = sorted({f.rule for f in result.findings})
    ok = (rule_id in fired) == (kind == "fire")
    return ExampleResult(rule_id, kind, index, ok, fired, str(example))


def _raw(mail: dict[str, Any], ids: dict[str, str]) -> bytes:
    msg = EmailMessage()
    msg["From"] = mail["from"]
    msg["To"] = ", ".join(mail["to"])
    msg["Subject"] = mail["subject"]
    msg["Date"] = format_datetime(datetime.fromisoformat(str(mail["date"])))
    msg["Message-ID"] = ids[mail["id"]]
    if mail.get("in_reply_to"):
        msg["In-Reply-To"] = ids[mail["in_reply_to"]]
    for name, value in (mail.get("headers") or {}).items():
        msg[name] = value
    msg.set_content(mail.get("body", "Hello.\n\nThanks,\nSomeone"))
    return msg.as_bytes()


def scenario_store(mails: list[dict[str, Any]], source: str = "example") -> tuple[Store, dict[str, str]]:
    """An in-memory store holding a mailbox example's `mails` ({id, from, to,
    subject, date, in_reply_to?, headers?, body?}), and each mail's id -> sha256."""
    store = Store.memory()
    ids = {m["id"]: f"<{m['id']}@{source}>" for m in mails}
    shas: dict[str, str] = {}
    records, locations = [], []
    for n, mail in enumerate(mails):
        raw = _raw(mail, ids)
        sha = shas[mail["id"]] = hashlib.sha256(raw).hexdigest()
        records.append(record_from_message(parse_bytes(raw), raw, sha, []))
        locations.append(Location(source, "INBOX", str(n + 1), sha))
    store.commit_batch(FolderState(source, "INBOX", last_uid=len(mails)), records, locations)
    return store, shas


def _run_mailbox(rule: Rule, kind: str, index: int, example: Any, directory: Path,
                 settings: Settings) -> ExampleResult:
    from .mailbox import evaluate

    if not isinstance(example, dict) or not {"mails", "now"} <= set(example):
        raise ConfigError(f"{rule.path}: rule {rule.id}: a mailbox example is {{mails, now, settings}}")
    section = load_kinds()[rule.kind].section
    lint = LintSettings(rule_dirs=[*settings.lint.rule_dirs, directory], select=[rule.id])
    scenario = Settings(raw={"workflow": {section: dict(example.get("settings") or {})}}, lint=lint)
    store, _ = scenario_store(example["mails"])
    rows = evaluate(store, scenario, datetime.fromisoformat(str(example["now"])))
    fired = sorted({r["rule"] for r in rows})
    ok = (rule.id in fired) == (kind == "fire")
    return ExampleResult(rule.id, kind, index, ok, fired, "" if ok else str(example.get("mails")))

