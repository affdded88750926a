"""Where the local lint service listens and which settings it was started with.

Kept free of heavy imports: `mailaudit sendmail` and the git hook read this
before deciding whether to ask a running `mailaudit serve` (gate/client.py) or
to load the rules themselves.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .token import default_token_path

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

DEFAULT_PORT = 7425
DEFAULT_MAX_BYTES = 25 * 1024 * 1024  # what most providers accept for one mail
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# Sent with each lint request by mailaudit's own clients; the service answers 409
# when its settings differ, and the client then lints in-process.
SETTINGS_HEADER = "X-Mailaudit-Settings"


@dataclass(frozen=True)
class ServeConfig:
    host: str
    port: int
    token_file: Path
    max_bytes: int


def serve_config(settings: Settings, host: str | None = None, port: int | None = None) -> ServeConfig:
    """[serve] of the config, with command-line values taking precedence."""
    section = settings.section("serve")
    where = f"{settings.path}: serve" if settings.path else "serve"
    host = host or section.get("host", "127.0.0.1")
    if host not in LOOPBACK_HOSTS:
        raise ConfigError(f"refusing to listen on '{host}': the lint service is for this machine only",
                          hint="use 127.0.0.1 (or ::1)")
    port = section.get("port", DEFAULT_PORT) if port is None else port
    if not 0 <= port <= 65535:
        raise ConfigError(f"{where}.port = {port} is not a TCP port")
    max_bytes = section.get("max_bytes", DEFAULT_MAX_BYTES)
    if max_bytes <= 0:
        raise ConfigError(f"{where}.max_bytes must be positive")
    token_file = section.get("token_file")
    if token_file:
        token_path = Path(token_file).expanduser()
        if not token_path.is_absolute() and settings.path:
            token_path = settings.path.parent / token_path
    else:
        token_path = default_token_path()
    return ServeConfig(host=host, port=port, token_file=token_path, max_bytes=max_bytes)


def _rule_files_state(dirs: list[Path]) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every rule and vocabulary file: a service started
    before a rule was edited lints with the old rule, so it must not answer."""
    state = []
    for base in dirs:
        for root, _dirs, files in os.walk(base):
            for name in files:
                if name.endswith((".yaml", ".yml")):
                    path = os.path.join(root, name)
                    try:
                        info = os.stat(path)
                    except OSError:
                        continue
                    state.append((path, info.st_size, info.st_mtime_ns))
    return sorted(state)


def settings_fingerprint(settings: Settings) -> str:
    """What decides a lint's result besides the message: this code (its place on
    disk and version), the settings, and the rule files. Equal fingerprints,
    equal verdicts."""
    from .. import __version__

    spec = importlib.util.find_spec("mailaudit_rules")
    builtin = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    state = {
        "code": [__version__, str(Path(__file__).resolve().parents[1])],
        "lint": dataclasses.asdict(settings.lint),
        "raw": settings.raw,
        "rules": _rule_files_state(builtin + [Path(p) for p in settings.lint.rule_dirs]),
    }
    data = json.dumps(state, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


__all__ = [
    "DEFAULT_MAX_BYTES", "DEFAULT_PORT", "LOOPBACK_HOSTS", "SETTINGS_HEADER", "ServeConfig",
    "serve_config", "settings_fingerprint",
]
