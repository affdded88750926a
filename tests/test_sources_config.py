"""[accounts.NAME] checking, opening sources by kind, and keeping secrets secret."""

from __future__ import annotations

import pytest

from mailaudit.config import load_settings
from mailaudit.errors import AuthError, ConfigError
from mailaudit.sources import configured_sources, open_source, open_sources
from mailaudit.sources.accounts import imap_account, select_folders
from mailaudit.sources.secrets import Secret, account_secret, run_secret_command

IMAP = """
[accounts.work]
kind = "imap"
host = "imap.example.com"
username = "bob"
password_command = "pass show mail/work"
folders = ["INBOX", "Projects/*"]
"""


def settings_from(tmp_path, text: str):
    path = tmp_path / "mailaudit.toml"
    path.write_text(text)
    return load_settings(path)


def test_a_valid_imap_account_loads_and_opens_without_connecting(tmp_path):
    settings = settings_from(tmp_path, IMAP + 'ca_file = "certs/ca.pem"\n')
    (source,) = open_sources(settings)
    assert source.name == "work"
    assert source.account.port == 993 and source.account.tls == "implicit"
    assert source.account.ca_file == tmp_path / "certs" / "ca.pem"  # relative to the config
    assert source.account.folders == ("INBOX", "Projects/*")


@pytest.mark.parametrize(
    ("extra", "message", "hint"),
    [
        ('skip_folder = ["Trash"]', "unknown key 'accounts.work.skip_folder'", "skip_folders"),
        ('password = "hunter2"', "unknown key 'accounts.work.password'", "never go in the config"),
        ('tls = "ssl"', "tls = 'ssl' is not a TLS mode", "implicit"),
        ('tls = "plain"', "sends the password unencrypted", "insecure = true"),
        ('password_env = "PW"', "needs exactly one of", "pass show"),
        ("port = 99999", "port 99999 is out of range", None),
        ("batch_size = 'ten'", "'accounts.work.batch_size' must be a int", None),
    ],
)
def test_bad_accounts_name_the_file_and_the_key(tmp_path, extra, message, hint):
    with pytest.raises(ConfigError) as err:
        settings_from(tmp_path, IMAP + extra + "\n")
    text = str(err.value)
    assert text.startswith(str(tmp_path / "mailaudit.toml"))
    assert message in text
    if hint:
        assert hint in err.value.hint
    assert "hunter2" not in err.value.line()


def test_kind_is_required_and_checked(tmp_path):
    with pytest.raises(ConfigError, match="has no 'kind'"):
        settings_from(tmp_path, '[accounts.a]\npath = "x"\n')
    with pytest.raises(ConfigError, match="kind = 'pop3' is not a source kind"):
        settings_from(tmp_path, '[accounts.a]\nkind = "pop3"\n')
    with pytest.raises(ConfigError, match="has no 'path'"):
        settings_from(tmp_path, '[accounts.a]\nkind = "maildir"\n')
    with pytest.raises(ConfigError, match="unknown key 'accounts.a.host'"):
        settings_from(tmp_path, '[accounts.a]\nkind = "mbox"\npath = "x"\nhost = "h"\n')


def test_local_sources_from_accounts_and_the_sources_section(tmp_path):
    settings = settings_from(
        tmp_path,
        '[accounts.archive]\nkind = "maildir"\npath = "~/Maildir"\nbatch_size = 50\n'
        '[sources]\nmbox = ["old.mbox"]\n',
    )
    assert set(configured_sources(settings)) == {"archive", "old.mbox"}
    archive, old = open_sources(settings)
    assert type(archive).__name__ == "MaildirSource" and archive.account.batch_size == 50
    assert str(archive.root).endswith("/Maildir") and "~" not in str(archive.root)
    assert type(old).__name__ == "MboxSource" and old.root == tmp_path / "old.mbox"
    with pytest.raises(ConfigError, match="no account named nope"):
        open_sources(settings, ["nope"])


def test_scan_batch_size_is_the_default_for_accounts(tmp_path):
    settings = settings_from(tmp_path, IMAP + "[scan]\nbatch_size = 25\n")
    assert (
        open_source("work", settings.section("accounts")["work"], settings).account.batch_size == 25
    )


def test_folder_selection():
    names = ["INBOX", "Projects/Ads", "Projects/Web", "Trash", "Archive/2023"]
    assert select_folders(names, ("inbox", "Projects/*"), ("Projects/Web",)) == [
        "INBOX",
        "Projects/Ads",
    ]
    assert select_folders(names, ("*",), ("Trash", "Archive/*")) == [
        "INBOX",
        "Projects/Ads",
        "Projects/Web",
    ]


# ------------------------------------------------------------------ secrets
def test_secret_is_masked_everywhere_but_reveal():
    s = Secret("hunter2")
    assert s.reveal() == "hunter2"
    assert "hunter2" not in repr(s) + str(s) + f"{s}" + repr([s])
    assert s.scrub("server said hunter2 is wrong") == "server said *** is wrong"
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(s)


def test_password_command_takes_the_first_line_like_passcmd():
    # `pass show` prints the password, then other lines of the entry.
    secret = run_secret_command("printf 'hunter2  \\nurl: example.com\\n'", "password_command", "w")
    assert secret.reveal() == "hunter2"
    assert run_secret_command(["echo", "tok"], "oauth2_token_command", "w").reveal() == "tok"


def test_password_command_failures_never_show_its_output():
    with pytest.raises(AuthError) as err:
        run_secret_command(
            "echo hunter2; echo 'no such entry' >&2; exit 1", "password_command", "w"
        )
    assert err.value.line() == (
        "password_command of [accounts.w] failed with exit status 1: no such entry "
        "(run the command by hand, then check password_command in [accounts.w])"
    )
    with pytest.raises(AuthError, match="printed nothing"):
        run_secret_command("true", "password_command", "w")
    with pytest.raises(AuthError, match="could not run"):
        run_secret_command(["/nonexistent/pass"], "password_command", "w")


def test_password_env(monkeypatch):
    account = imap_account("w", {"host": "h", "username": "u", "password_env": "MA_PW"})
    monkeypatch.delenv("MA_PW", raising=False)
    with pytest.raises(AuthError, match="MA_PW .* is not set"):
        account_secret(account)
    monkeypatch.setenv("MA_PW", "hunter2")
    assert account_secret(account).reveal() == "hunter2"
