"""The lint service's logic, without HTTP: requests in, JSON-able answers out.

Kept apart from serve.py so the HTTP layer stays a thin translation of status
codes and so the answers can be tested and benchmarked without sockets.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..config import LEVELS
from ..engine.rules import LEVEL_ORDER
from .fields import FieldsError, message_from_fields

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings


@dataclass
class ApiError(Exception):
    """An answer with a 4xx status and a JSON body saying what to fix."""

    status: int
    code: str
    message: str
    headers: tuple[tuple[str, str], ...] = ()

    def body(self) -> dict[str, Any]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


def _rule_summary(rule: Any) -> dict[str, Any]:
    doc = dict(getattr(rule, "doc", {}) or {})
    return {
        "id": rule.id,
        "level": getattr(rule, "level", None),
        "summary": getattr(rule, "summary", ""),
        "doc": {key: doc.get(key, "") for key in ("what", "why", "example", "fix")},
    }


class LintService:
    """Rules loaded once; each request only parses and checks one message."""

    def __init__(self, settings: Settings):
        from ..engine.linter import Linter

        self.settings = settings
        self.linter = Linter(settings)
        self.started = time.time()
        self.linted = 0
        # One lint at a time: the linter's caches (spaCy pipelines, vocab) are
        # shared, and a person's mail client sends one draft at a time anyway.
        self._lock = threading.Lock()
        self._patch_linter: Any = None
        self._rules = {r["id"]: r for r in (_rule_summary(rule) for rule in self._loaded_rules())}

    def _loaded_rules(self) -> list[Any]:
        rules = getattr(self.linter, "rules", None)
        return list(rules() if callable(rules) else rules or [])

    def fail_level(self, requested: str | None) -> str:
        if requested is None or requested == "":
            return self.settings.lint.fail_level
        if requested not in LEVELS:
            raise ApiError(400, "bad_fail_level",
                           f"fail_level must be one of {', '.join(LEVELS)}, not '{requested}'")
        return requested

    def health(self) -> dict[str, Any]:
        from .. import __version__

        return {"status": "ok", "version": __version__, "rules": len(self._rules),
                "uptime_s": round(time.time() - self.started, 1), "linted": self.linted}

    def rules(self) -> dict[str, Any]:
        return {"rules": list(self._rules.values())}

    def lint_raw(self, raw: bytes, fail_level: str | None = None, source: str = "request",
                 *, text: bool = False, profile: str | None = None) -> dict:
        """`text`: add the findings as `mailaudit lint` prints them (key "text").
        `profile` "patch": the git hook's rule selection of these settings."""
        from ..engine.linter import lint_bytes

        level = self.fail_level(fail_level)
        started = time.perf_counter()
        with self._lock:
            linter = self._profile_linter(profile)
            result = lint_bytes(raw, settings=linter.settings, source=source, linter=linter)
            self.linted += 1
        answer = self._answer(result, level, started)
        if text:
            from ..output.lint_text import format_text

            answer["text"] = format_text([result], color=False)
        return answer

    def _profile_linter(self, profile: str | None):
        if profile is None:
            return self.linter
        if profile != "patch":
            raise ApiError(400, "bad_profile", f"profile must be 'patch', not '{profile}'")
        if self._patch_linter is None:  # built on first use, kept
            from ..engine.linter import Linter
            from .githook import patch_settings

            self._patch_linter = Linter(patch_settings(self.settings))
        return self._patch_linter

    def lint_json(self, body: bytes, fail_level: str | None = None) -> dict:
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ApiError(400, "bad_json", f"the body is not valid JSON: {exc}") from None
        except RecursionError:
            raise ApiError(400, "bad_json", "the JSON is nested too deeply") from None
        except ValueError as exc:  # an integer beyond Python's digit limit (4300)
            raise ApiError(400, "bad_json", f"the JSON has a value out of range: {exc}") from None
        try:
            raw = message_from_fields(data)
        except FieldsError as exc:
            raise ApiError(400, "bad_fields", str(exc)) from None
        return self.lint_raw(raw, fail_level, source="fields")

    def _answer(self, result: Any, level: str, started: float) -> dict[str, Any]:
        threshold = LEVEL_ORDER[level]
        findings = []
        failing: list[str] = []
        for finding in result.findings:
            item = finding.to_dict()
            rule = self._rules.get(finding.rule)
            if rule:
                item["summary"] = rule["summary"]
                item["doc"] = rule["doc"]
            findings.append(item)
            if LEVEL_ORDER.get(finding.level, 0) >= threshold and finding.rule not in failing:
                failing.append(finding.rule)
        return {
            # LintResult keeps them on its message (they were always null before)
            "message_id": result.message.message_id,
            "subject": result.message.subject,
            "findings": findings,
            "fails": bool(failing),
            "fail_level": level,
            "failing_rules": failing,
            "elapsed_ms": round((time.perf_counter() - started) * 1000, 2),
        }
