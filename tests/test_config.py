from __future__ import annotations

import pytest

from mailaudit.config import load_settings
from mailaudit.engine.linter import Linter, lint_bytes
from mailaudit.errors import ConfigError

DRAFT = b"To: tom@example.com\nSubject: hi\n\nTom,\nsend me the report.\n"


def write(tmp_path, text):
    p = tmp_path / "mailaudit.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_unknown_key_names_file_and_suggests(tmp_path):
    p = write(tmp_path, "[lint]\nselet = ['subject']\n")
    with pytest.raises(ConfigError) as exc:
        load_settings(p)
    assert str(p) in exc.value.line() and "select" in exc.value.line()


def test_unknown_rule_id_is_an_error(tmp_path):
    p = write(tmp_path, "[lint]\nignore = ['no-such-rule']\n")
    with pytest.raises(ConfigError, match="no-such-rule"):
        Linter(load_settings(p))


def test_bad_toml_is_one_line_error(tmp_path):
    p = write(tmp_path, "[lint\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(p)


def test_select_prefix_ignore_and_level_override(tmp_path):
    p = write(
        tmp_path,
        """
[lint]
select = ["subject", "signature-missing"]
ignore = ["subject-too-long"]
[lint.levels]
signature-missing = "error"
subject-vague = "off"
""",
    )
    linter = Linter(load_settings(p))
    ids = {r.id for r in linter.rules}
    # subject-multiple-topics is in the preview group: a prefix does not turn it on, its id does
    assert ids == {"subject-missing", "signature-missing"}
    assert "subject-multiple-topics" in {r.id for r in Linter(load_settings(p), select=["subject-multiple-topics"]).rules}
    res = lint_bytes(DRAFT, linter=linter)
    assert [(f.rule, f.level) for f in res.findings] == [("signature-missing", "error")]


def test_options_override_and_unknown_option(tmp_path):
    p = write(tmp_path, "[lint.options.subject-too-long]\nmax_chars = 5\n")
    res = lint_bytes(
        b"To: a@example.com\nSubject: Budget review\n\nHi\n", linter=Linter(load_settings(p))
    )
    assert "subject-too-long" in {f.rule for f in res.findings}
    p = write(tmp_path, "[lint.options.subject-too-long]\nmax_len = 5\n")
    with pytest.raises(ConfigError, match="max_len"):
        Linter(load_settings(p))


def test_extra_rule_dir(tmp_path):
    rules = tmp_path / "team-rules"
    rules.mkdir()
    (rules / "no-asap.yaml").write_text(
        """
id: team-no-asap
level: warning
kind: body-pattern
message: {en: Say when, not ASAP., zh: 请写明具体时间，而不是“尽快”。}
vocab: {match: {en: [asap], zh: [尽快]}}
doc: {what: ASAP in the body., why: It names no time., example: "fix ASAP", fix: Give a date.}
examples: {fire: ["To: a@example.com\\nSubject: x\\n\\nfix it asap"], pass: ["To: a@example.com\\nSubject: x\\n\\nfix it by Friday"]}
""",
        encoding="utf-8",
    )
    p = write(tmp_path, '[lint]\nrule_dirs = ["team-rules"]\nselect = ["team-no-asap"]\n')
    res = lint_bytes(
        b"To: a@example.com\nSubject: x\n\nfix it asap\n", linter=Linter(load_settings(p))
    )
    assert [f.rule for f in res.findings] == ["team-no-asap"]


def test_rule_file_with_unknown_kind_names_file(tmp_path):
    rules = tmp_path / "r"
    rules.mkdir()
    (rules / "x.yaml").write_text(
        "id: x\nlevel: info\nkind: nope\nmessage: m\ndoc: {what: a, why: b, example: c, fix: d}\n"
    )
    p = write(tmp_path, '[lint]\nrule_dirs = ["r"]\n')
    with pytest.raises(ConfigError, match=r"x\.yaml.*unknown check kind 'nope'"):
        Linter(load_settings(p))


def test_a_team_slot_vocabulary_with_a_bad_placed_entry_is_a_config_error(tmp_path):
    from mailaudit.config import load_settings
    from mailaudit.extract.slots import load_slot_vocabulary

    (tmp_path / "team.yaml").write_text("placed:\n  - key: checkout\n    heads: banner\n", encoding="utf-8")
    (tmp_path / "mailaudit.toml").write_text('[workflow]\nslot_vocabulary = ["team.yaml"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"team\.yaml: placed\[0\] needs key, heads and where"):
        load_slot_vocabulary(load_settings(tmp_path / "mailaudit.toml"))


def test_a_team_slot_vocabulary_can_place_its_own_slots(tmp_path):
    from mailaudit.config import load_settings
    from mailaudit.extract.slots import load_slot_vocabulary

    (tmp_path / "team.yaml").write_text(
        "slots:\n  wishlist:\n    en: [wishlist page]\nplaced:\n  - key: wishlist\n    where: [wishlist]\n"
        "    heads: [ribbon, banner]\n", encoding="utf-8")
    (tmp_path / "mailaudit.toml").write_text('[workflow]\nslot_vocabulary = ["team.yaml"]\n', encoding="utf-8")
    vocab = load_slot_vocabulary(load_settings(tmp_path / "mailaudit.toml"))
    assert vocab.key_of_shape("wishlist ribbon") == "wishlist"
    assert vocab.key_of_shape("cart ribbon") == "cart-ribbon"
