"""Rule files: YAML data naming a check kind, validated when loaded.

One rule per file (`rules/<pack>/<id>.yaml`) or a small pack (`rules: [...]`).
An unknown key or kind is an error naming the file, so a typo in a team's own
rule never passes silently.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..mail.textutil import load_yaml

LEVEL_ORDER = {"info": 0, "warning": 1, "error": 2}
RULE_KEYS = {
    "id", "level", "kind", "scope", "message", "options", "vocab", "doc", "doc_zh", "examples",
    "summary", "needs", "preview",
}
DOC_KEYS = ("what", "why", "example", "fix")
SCOPES = ("message", "mailbox")
NOT_RULES = ("measured.yaml", "notes.yaml")  # top-level data files of a rules directory


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    kind: str
    summary: str
    message: dict[str, str]  # language -> text
    options: dict[str, Any] = field(default_factory=dict)  # defaults
    vocab: dict[str, Any] = field(default_factory=dict)
    doc: dict[str, str] = field(default_factory=dict)
    examples: dict[str, list[Any]] = field(default_factory=dict)
    scope: str = "message"
    needs: tuple[str, ...] = ()  # e.g. ("ops_group",): what config the rule depends on
    path: Path | None = None
    # Not precise enough on real mail to be on by default: runs only when asked for
    # ([lint] preview = true, --preview, or its id in select).
    preview: bool = False

    # language -> one line for `mailaudit rules` (never a template with {fields});
    # language -> doc (what, why, example, fix) for `rules explain`.
    summaries: dict[str, str] = field(default_factory=dict)
    docs: dict[str, dict[str, str]] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return self.message.get(lang) or self.message.get("en") or next(iter(self.message.values()))

    def summary_in(self, lang: str) -> str:
        return self.summaries.get(lang) or self.summaries.get("en") or self.summary

    def doc_in(self, lang: str) -> dict[str, str]:
        """The doc in `lang`, else in English (a team's own rule may have only one)."""
        return self.docs.get(lang) or self.doc


@lru_cache(maxsize=1)  # asked once per checked mail by the evidence extractor
def builtin_rules_dir() -> Path:
    """The rules/ shipped with the package (the repo's top-level rules/ when editable)."""
    return Path(str(importlib.resources.files("mailaudit_rules")))


def _fail(path: Path, msg: str, hint: str | None = None) -> ConfigError:
    return ConfigError(f"{path}: {msg}", hint=hint)


def _resolve_vocab(vocab: dict[str, Any], shared: dict[str, Any], path: Path, rid: str) -> dict[str, Any]:
    out = {}
    for name, value in vocab.items():
        if isinstance(value, str) and value.startswith("@"):
            if value[1:] not in shared:
                raise _fail(path, f"rule {rid}: vocabulary '{name}' refers to unknown shared '{value}'",
                            "shared vocabularies live in rules/vocab/common.yaml")
            value = shared[value[1:]]
        out[name] = value
    return out


def rule_from_data(data: Any, path: Path, kinds: dict[str, Any], shared: dict[str, Any] | None = None) -> Rule:
    if not isinstance(data, dict):
        raise _fail(path, "a rule must be a mapping")
    unknown = set(data) - RULE_KEYS
    if unknown:
        raise _fail(path, f"unknown key '{sorted(unknown)[0]}' in rule", f"known: {', '.join(sorted(RULE_KEYS))}")
    for key in ("id", "level", "kind", "message", "doc"):
        if key not in data:
            raise _fail(path, f"rule is missing '{key}'")
    rid = data["id"]
    if data["level"] not in LEVEL_ORDER:
        raise _fail(path, f"rule {rid}: level '{data['level']}' is not info, warning or error")
    scope = data.get("scope", "message")
    if scope not in SCOPES:
        raise _fail(path, f"rule {rid}: scope '{scope}' is not message or mailbox")
    kind = kinds.get(data["kind"])
    if kind is None:
        raise _fail(path, f"rule {rid}: unknown check kind '{data['kind']}'",
                    f"known kinds: {', '.join(sorted(n for n, k in kinds.items() if k.scope == scope))}")
    if kind.scope != scope:
        raise _fail(path, f"rule {rid}: kind '{kind.name}' runs on {kind.scope} scope, not {scope}",
                    f"write scope: {kind.scope}, or use a {scope} kind (see docs/rules.md)")
    check_against_kind(data, kind, path, rid)
    message = data["message"]
    if isinstance(message, str):
        message = {"en": message}
    doc = data["doc"] or {}
    docs = {"en": dict(doc)}
    for key, lang in (("doc", "en"), ("doc_zh", "zh")):
        if key not in data:
            continue
        block = data[key]
        missing = [k for k in DOC_KEYS if not (isinstance(block, dict) and block.get(k))]
        if missing:
            raise _fail(path, f"rule {rid}: {key} lacks {', '.join(missing)}")
        docs[lang] = {k: str(block[k]) for k in DOC_KEYS}
    summaries = _summaries(data.get("summary"), message, path, rid)
    return Rule(
        id=rid,
        level=data["level"],
        kind=data["kind"],
        summary=summaries.get("en", ""),
        summaries=summaries,
        docs=docs,
        message=dict(message),
        options=dict(data.get("options") or {}),
        vocab=_resolve_vocab(dict(data.get("vocab") or {}), shared or {}, path, rid),
        doc=dict(doc),
        examples=dict(data.get("examples") or {}),
        scope=scope,
        needs=tuple(data.get("needs") or ()),
        path=path,
        preview=_flag(data, "preview", path, rid),
    )


def _summaries(summary: Any, message: dict[str, str], path: Path, rid: str) -> dict[str, str]:
    """The rule's one-line summary per language: `summary` (text or {en, zh}),
    else its message where that is plain text (a message with {fields} is a
    template for findings, not something to show in a list)."""
    if isinstance(summary, str):
        summary = {"en": summary}
    if summary is not None and not isinstance(summary, dict):
        raise _fail(path, f"rule {rid}: 'summary' must be text or a mapping of languages")
    out = {lang: str(text) for lang, text in message.items() if "{" not in str(text)}
    out.update({lang: str(text) for lang, text in (summary or {}).items()})
    return out


def _type_name(expected: Any) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join("null" if t is type(None) else t.__name__ for t in types)


def check_against_kind(data: dict[str, Any], kind: Any, path: Path, rid: str) -> None:
    """The rule's vocabularies and options are the ones its kind reads (Vale's
    strict keys): a typo is an error naming the file and the key, never a rule
    that silently never fires or an internal error when it runs."""
    options = data.get("options") or {}
    vocab = data.get("vocab") or {}
    if not isinstance(options, dict) or not isinstance(vocab, dict):
        raise _fail(path, f"rule {rid}: 'options' and 'vocab' must be mappings")
    known_options = {**kind.options, **kind.required}
    for key, value in options.items():
        if key not in known_options:
            raise _fail(path, f"rule {rid}: unknown key 'options.{key}' for kind '{kind.name}'",
                        f"its options: {', '.join(sorted(known_options)) or 'none'}")
        expected = known_options[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise _fail(path, f"rule {rid}: 'options.{key}' must be a {_type_name(expected)}")
    for key in kind.required:
        if key not in options:
            raise _fail(path, f"rule {rid}: kind '{kind.name}' needs 'options.{key}'",
                        f"add {key} ({_type_name(kind.required[key])}) under options")
    named = {str(n) for key in kind.vocab_from for n in options.get(key) or ()}
    for name in vocab:
        if name not in kind.vocab and name not in named:
            readable = sorted({*kind.vocab, *named})
            raise _fail(path, f"rule {rid}: unknown key 'vocab.{name}' for kind '{kind.name}'",
                        f"it reads: {', '.join(readable) or 'no vocabulary'}")
    for name in sorted(named - set(vocab)):
        raise _fail(path, f"rule {rid}: options name the vocabulary '{name}' but 'vocab.{name}' is missing")


def _flag(data: dict[str, Any], key: str, path: Path, rid: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise _fail(path, f"rule {rid}: '{key}' must be true or false")
    return value


@lru_cache(maxsize=1)
def measured() -> dict[str, Any]:
    """Each built-in rule's precision and recall on labelled real mail
    (rules/measured.yaml, written by bench/accuracy.py --write-measured)."""
    path = builtin_rules_dir() / "measured.yaml"
    if not path.is_file():
        return {}
    return read_yaml(path) or {}


def read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))  # rule files load on every lint
    except OSError as exc:
        raise _fail(path, f"cannot read rule file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise _fail(path, f"not valid YAML{where}") from None


def load_rule_file(path: Path, kinds: dict[str, Any], shared: dict[str, Any] | None = None) -> list[Rule]:
    data = read_yaml(path)
    if isinstance(data, dict) and "rules" in data:
        return [rule_from_data(item, path, kinds, shared) for item in data["rules"]]
    return [rule_from_data(data, path, kinds, shared)]


def load_rules(dirs: list[Path], kinds: dict[str, Any]) -> list[Rule]:
    """Every rule under `dirs` (recursively, skipping vocab/), later dirs overriding ids."""
    by_id: dict[str, Rule] = {}
    shared: dict[str, Any] = {}
    for directory in dirs:
        if not directory.is_dir():
            raise ConfigError(f"rule directory not found: {directory}")
        common = directory / "vocab" / "common.yaml"
        if common.is_file():
            shared.update(read_yaml(common) or {})
    for directory in dirs:
        for path in sorted(directory.rglob("*.yaml")):
            if "vocab" in path.relative_to(directory).parts or path.parent == directory and path.name in NOT_RULES:
                continue  # vocabularies, measurements and notes are data for rules, not rules
            for rule in load_rule_file(path, kinds, shared):
                by_id[rule.id] = rule
    return sorted(by_id.values(), key=lambda r: r.id)
