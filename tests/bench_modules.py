"""bench/accuracy.py for the tests that score labels or read its lists (it is a script, not
part of the package): loaded once, under the name its dataclasses look their module up by."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def bench_accuracy() -> ModuleType:
    module = sys.modules.get("bench_accuracy")
    if module is None:
        spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_accuracy"] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return module
