"""`mailaudit rules` and `rules explain` -> text and JSON, in Chinese or English.

Headings and notes come from the catalog (rules/notes.yaml), rule words from
the rule file's `summary`/`message` and `doc`/`doc_zh`.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from ..engine.notes import note
from ..engine.rules import DOC_KEYS, Rule


def explain_dict(rule: Rule, lang: str, level: str | None = None) -> dict[str, Any]:
    """What `rules explain --format json` prints."""
    return {
        "id": rule.id,
        "lang": lang,
        "level": level or rule.level,
        "scope": rule.scope,
        "summary": rule.summary_in(lang),
        "message": rule.text(lang),
        "doc": dict(rule.doc_in(lang)),
        "options": dict(rule.options),
        "path": str(rule.path) if rule.path else None,
    }


def format_explain(rule: Rule, lang: str, level: str | None = None) -> str:
    """The rule's doc for people: headings, then each part as one paragraph."""
    data = explain_dict(rule, lang, level)
    wrap = lambda s: textwrap.fill(" ".join(str(s).split()), 88, initial_indent="  ",  # noqa: E731
                                   subsequent_indent="  ", break_long_words=False)
    out = [f"{rule.id}  [{data['level']}]  {data['summary']}"]
    for key in DOC_KEYS:
        out += ["", note(f"explain-{key}", lang), wrap(data["doc"][key])]
    if rule.options:
        out += ["", note("explain-options", lang, rule=rule.id)]
        out += [f"  {k} = {json.dumps(v, ensure_ascii=False)}" for k, v in rule.options.items()]
    if rule.path:
        out += ["", note("explain-defined", lang, path=rule.path)]
    return "\n".join(out) + "\n"


def format_rule_list(rows: list[dict[str, Any]], lang: str, source: str | None) -> str:
    """One rule per line: id, level in force, measured precision, summary."""
    width = max(len(r["id"]) for r in rows)
    out = [note("list-header", lang, rule=f"{'rule':<{width}}", level=f"{'level':<7}", precision=f"{'prec.':>5}")]
    for r in rows:
        scope = note("list-mailbox", lang) if r["scope"] == "mailbox" else ""
        preview = note("list-preview", lang) if r["preview"] and r["level"] == "off" else ""
        precision = f"{r['precision']:.2f}" if r["precision"] is not None else "  -"
        summary = r["summary_zh"] if lang == "zh" else r["summary"]
        out.append(f"{r['id']:<{width}}  {r['level']:<7}  {precision:>5}  {summary}{scope}{preview}")
    if source:
        out += ["", note("list-measured", lang, source=source)]
    return "\n".join(out) + "\n"
