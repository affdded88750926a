"""mailaudit.toml -> Settings.

The file is found in the working directory (or given with the global --config).
Every key is checked against SCHEMA: an unknown key is an error naming the file
and the key, with a hint when a known key is close, so a typo never silently
turns a rule back on.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "mailaudit.toml"
# Decoded text analysed per message (all text and HTML parts together). A 50 MB
# inline text part took 37 s and 930 MB to lint whole; rules and the search
# index gain nothing from megabytes of one mail. The raw bytes are kept whole.
DEFAULT_MAX_TEXT_BYTES = 4 * 1024 * 1024
LEVELS = ("info", "warning", "error")

# Section -> key -> expected type(s). `dict` sections whose keys are free (rule
# ids, account names) are validated by the code that owns them.
SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "lint": {
        "select": list,
        "ignore": list,
        "fail_level": str,
        "rule_dirs": list,
        "nlp_model": str,  # a trained spaCy pipeline to use when installed
        "max_text_bytes": int,  # text read per message for analysis
        "levels": dict,  # rule id -> level
        "options": dict,  # rule id -> {option: value}
        "preview": bool,  # also run the rules in the preview group
    },
    "workflow": {
        "ops_group": list,
        "slot_vocabulary": list,  # extra slot vocabulary YAML files
        "placement_detector": bool,  # the trained classifier after the patterns (extract/detector.py)
        "report": dict,
        "unanswered": dict,
        "timezone": str,
    },
    "store": {"path": str},
    "scan": {"workers": int, "batch_size": int, "lock_path": str, "mark": dict, "digest": dict},
    "accounts": {},  # free keys: account names, checked by check_account below
    "sources": {"maildir": list, "mbox": list},
    "evidence": {
        "oplog_columns": dict,
        "dkim": str,  # "verify" (asks DNS) | "off"
        "dkim_timeout": (int, float),
        "dns_servers": list,  # resolvers DKIM asks instead of the system's
        "ingest_on_scan": bool,
    },
    "sendmail": {"command": list, "mode": str, "service": str},  # service: auto | start | off
    "serve": {"host": str, "port": int, "token_file": str, "max_bytes": int,
              "idle_exit": (int, float)},
    # `mailaudit web` (web/serve.py): users are name = argon2 hash (`mailaudit web hash-password`)
    "web": {"host": str, "port": int, "users": dict, "trusted_header": str, "trusted_proxies": list,
            "session_secret_file": str, "session_hours": (int, float), "secure_cookies": bool, "oplog": str},
    # git send-email hook: the rule selection for patch mails (see gate/githook.py)
    "patch": {"select": list, "ignore": list, "fail_level": str},
    # the language of the screens (scan summary, report, evidence): zh or en; default: the locale
    "output": {"lang": str},
}
FREE_SECTIONS = {"accounts"}


# `[accounts.NAME]`: each names its kind; the keys each kind takes (sources/ builds
# the accounts from checked tables).
KINDS = ("imap", "maildir", "mbox")
TLS_MODES = ("implicit", "starttls", "plain")
OAUTH2_MECHANISMS = ("XOAUTH2", "OAUTHBEARER")

Expected = type | tuple[type, ...]

COMMON_KEYS: dict[str, Expected] = {
    "kind": str,
    "folders": list,
    "skip_folders": list,
    "batch_size": int,
}
KIND_KEYS: dict[str, dict[str, Expected]] = {
    "imap": {
        "host": str,
        "port": int,
        "tls": str,
        "insecure": bool,
        "ca_file": str,
        "username": str,
        "password_command": (str, list),
        "password_env": str,
        "oauth2_token_command": (str, list),
        "oauth2_mechanism": str,
        "timeout": (int, float),
        "retries": int,
        "retry_delay": (int, float),
    },
    "maildir": {"path": str},
    "mbox": {"path": str},
}
SECRET_KEYS = ("password_command", "password_env", "oauth2_token_command")
# Keys people try first; each gets a hint that keeps the secret out of the file.
SECRET_LOOKALIKES = ("password", "pass", "secret", "token", "oauth2_token", "access_token")


@dataclass
class LintSettings:
    select: list[str] = field(default_factory=list)  # empty = every rule
    ignore: list[str] = field(default_factory=list)
    fail_level: str = "error"
    rule_dirs: list[Path] = field(default_factory=list)
    nlp_model: str | None = None
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES
    levels: dict[str, str] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    preview: bool = False  # run the preview group too (rules not yet precise on real mail)


@dataclass
class Settings:
    path: Path | None = None  # the file these came from, for messages
    lint: LintSettings = field(default_factory=LintSettings)
    raw: dict[str, Any] = field(default_factory=dict)  # all sections, validated

    def section(self, name: str) -> dict[str, Any]:
        return self.raw.get(name, {})

    @property
    def ops_group(self) -> list[str]:
        return [a.lower() for a in self.section("workflow").get("ops_group", [])]


def _unknown(path: Path, where: str, key: str, known: list[str]) -> ConfigError:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(sorted(known))}"
    return ConfigError(f"{path}: unknown key '{where}{key}'", hint=hint)


def _check_type(path: Path, where: str, value: Any, expected: type | tuple[type, ...]) -> None:
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        names = (
            " or ".join(t.__name__ for t in expected)
            if isinstance(expected, tuple)
            else expected.__name__
        )
        raise ConfigError(f"{path}: '{where}' must be a {names}, not {type(value).__name__}")


def validate(data: dict[str, Any], path: Path) -> None:
    for section, body in data.items():
        if section not in SCHEMA:
            raise _unknown(path, "", section, list(SCHEMA))
        if not isinstance(body, dict):
            raise ConfigError(f"{path}: '{section}' must be a table ([{section}])")
        if section in FREE_SECTIONS:
            continue
        for key, value in body.items():
            if key not in SCHEMA[section]:
                raise _unknown(path, f"{section}.", key, list(SCHEMA[section]))
            _check_type(path, f"{section}.{key}", value, SCHEMA[section][key])
    if "accounts" in data:
        check_accounts(data["accounts"], path)
    lint = data.get("lint", {})
    if lint.get("max_text_bytes", 1) < 1:
        raise ConfigError(f"{path}: lint.max_text_bytes must be positive")
    level = lint.get("fail_level")
    if level is not None and level not in LEVELS:
        raise ConfigError(f"{path}: lint.fail_level must be one of {', '.join(LEVELS)}")
    for rule_id, lvl in lint.get("levels", {}).items():
        if lvl not in (*LEVELS, "off"):
            raise ConfigError(
                f"{path}: lint.levels.{rule_id} = '{lvl}' is not a level",
                hint="use info, warning, error or off",
            )
    lang = data.get("output", {}).get("lang")
    if lang is not None and lang not in ("zh", "en"):
        raise ConfigError(f"{path}: output.lang = '{lang}' is not a language", hint='use "zh" or "en"')
    _check_web(data.get("web", {}), path)
    evidence = data.get("evidence", {})
    if evidence.get("dkim", "verify") not in ("verify", "off"):
        raise ConfigError(
            f"{path}: evidence.dkim = '{evidence['dkim']}' is not a mode", hint='use "verify" or "off"'
        )
    if not all(isinstance(s, str) and s for s in evidence.get("dns_servers", [])):
        raise ConfigError(f"{path}: evidence.dns_servers must be a list of addresses", hint='e.g. ["192.0.2.53"]')
    if evidence.get("dkim_timeout", 1) <= 0:
        raise ConfigError(f"{path}: evidence.dkim_timeout must be more than 0 seconds")


def _check_web(web: dict[str, Any], path: Path) -> None:
    for name, value in web.get("users", {}).items():
        if not isinstance(value, str) or not value.startswith("$argon2"):
            raise ConfigError(f"{path}: web.users.{name} is not an argon2 hash",
                              hint="never a password: make the hash with `mailaudit web hash-password`")
    if not 0 < web.get("port", 1) < 65536:
        raise ConfigError(f"{path}: web.port {web['port']} is out of range")
    if web.get("session_hours", 1) <= 0:
        raise ConfigError(f"{path}: web.session_hours must be more than 0")


def find_config(start: Path | None = None) -> Path | None:
    candidate = (start or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_settings(path: Path | str | None = None, *, search: bool = True) -> Settings:
    """Read settings from `path`, or from ./mailaudit.toml when there is one."""
    if path is None:
        found = find_config() if search else None
        if found is None:
            return Settings()
        path = found
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    validate(data, path)
    lint = data.get("lint", {})
    base = path.parent
    settings = Settings(
        path=path,
        lint=LintSettings(
            select=list(lint.get("select", [])),
            ignore=list(lint.get("ignore", [])),
            fail_level=lint.get("fail_level", "error"),
            rule_dirs=[(base / p).resolve() for p in lint.get("rule_dirs", [])],
            nlp_model=lint.get("nlp_model"),
            max_text_bytes=lint.get("max_text_bytes", DEFAULT_MAX_TEXT_BYTES),
            levels=dict(lint.get("levels", {})),
            options={k: dict(v) for k, v in lint.get("options", {}).items()},
            preview=bool(lint.get("preview", False)),
        ),
        raw=data,
    )
    return settings


@dataclass
class _Checker:
    path: Path
    name: str
    table: dict[str, Any] = field(default_factory=dict)

    def error(self, what: str, hint: str | None = None) -> ConfigError:
        return ConfigError(f"{self.path}: accounts.{self.name}: {what}", hint=hint)


def check_account(name: str, table: Any, path: Path | None) -> str:
    """Validate one `[accounts.NAME]` table; returns its kind."""
    where = path or Path("mailaudit.toml")
    c = _Checker(where, name)
    if not isinstance(table, dict):
        raise c.error("must be a table", hint=f"write it as [accounts.{name}]")
    kind = table.get("kind")
    if kind not in KINDS:
        raise c.error(
            f"kind = {kind!r} is not a source kind" if kind else "has no 'kind'",
            hint=f"set kind to one of {', '.join(KINDS)}",
        )
    known = {**COMMON_KEYS, **KIND_KEYS[kind]}
    for key, value in table.items():
        if key not in known:
            if key in SECRET_LOOKALIKES:
                raise ConfigError(
                    f"{where}: unknown key 'accounts.{name}.{key}'",
                    hint="secrets never go in the config: use password_command, password_env "
                    "or oauth2_token_command",
                )
            raise _unknown(where, f"accounts.{name}.", key, list(known))
        _check_type(where, f"accounts.{name}.{key}", value, known[key])
    for key in ("folders", "skip_folders"):
        if not all(isinstance(p, str) for p in table.get(key, [])):
            raise c.error(f"{key} must be a list of strings")
    if table.get("batch_size", 1) < 1:
        raise c.error("batch_size must be at least 1")
    if kind == "imap":
        _check_imap(c, table)
    elif "path" not in table:
        raise c.error("has no 'path'", hint=f"set path to the {kind} to scan")
    return kind


def _check_imap(c: _Checker, table: dict[str, Any]) -> None:
    for key in ("host", "username"):
        if not table.get(key):
            raise c.error(f"has no '{key}'", hint=f"set {key} for this IMAP account")
    tls = table.get("tls", "implicit")
    if tls not in TLS_MODES:
        raise c.error(f"tls = {tls!r} is not a TLS mode", hint=f"use one of {', '.join(TLS_MODES)}")
    if tls == "plain" and table.get("insecure") is not True:
        raise c.error(
            "tls = 'plain' sends the password unencrypted",
            hint="use tls = 'starttls' or 'implicit', or add insecure = true if you mean it",
        )
    given = [k for k in SECRET_KEYS if k in table]
    if len(given) != 1:
        raise c.error(
            "needs exactly one of " + ", ".join(SECRET_KEYS)
            + (f" (found {', '.join(given)})" if given else ""),
            hint="e.g. password_command = \"pass show mail/work\"",
        )  # fmt: skip
    for key in ("password_command", "oauth2_token_command"):
        cmd = table.get(key)
        if isinstance(cmd, list) and (not cmd or not all(isinstance(a, str) for a in cmd)):
            raise c.error(f"{key} must be a command string or a non-empty list of strings")
    mech = table.get("oauth2_mechanism", "XOAUTH2").upper()
    if mech not in OAUTH2_MECHANISMS:
        raise c.error(f"oauth2_mechanism = {mech!r} is unknown", hint="use XOAUTH2 or OAUTHBEARER")
    port = table.get("port", 1)
    if not 0 < port < 65536:
        raise c.error(f"port {port} is out of range")
    if table.get("retries", 0) < 0:
        raise c.error("retries must be 0 or more")


def check_accounts(accounts: dict[str, Any], path: Path | None) -> None:
    for name, table in accounts.items():
        check_account(name, table, path)
