"""mail/language imports spaCy without its CLI and jieba without pkg_resources
(start-up time); both still work whole afterwards. Run in a fresh interpreter:
the test process has imported them already."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from mailaudit.mail.language import import_spacy, quiet_jieba

quiet_jieba()
import jieba
assert "pkg_resources" not in sys.modules
assert jieba.lcut("请确认首页横幅排期") == ["请", "确认", "首页", "横幅", "排期"], jieba.lcut("请确认首页横幅排期")

spacy = import_spacy()
assert "spacy.cli" not in sys.modules and not hasattr(spacy, "cli")
assert [t.text for t in spacy.blank("en")("e.g. the U.S. office")] == ["e.g.", "the", "U.S.", "office"]
from spacy.matcher import PhraseMatcher
assert PhraseMatcher(spacy.blank("zh").vocab) is not None
assert spacy.info(silent=True)["spacy_version"] == spacy.__version__  # the real one, imported now
import spacy.cli
assert hasattr(spacy.cli, "download")
print("ok")
"""


def test_spacy_and_jieba_import_lean_and_whole():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr
