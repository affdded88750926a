"""The IMAP source against a real Dovecot on 127.0.0.1 (fixture in tests/dovecot.py).

What the server saw is read from Dovecot's rawlog (every line a client sent
after login), not from the client: a SELECT, FETCH or STORE the code did not
mean to send still shows up there.
"""

from __future__ import annotations

import logging
import threading

import pytest
from dovecot import Dovecot, make_message

import mailaudit.scan.run as scan_mod
import mailaudit.sources.imap as imap_mod
from mailaudit.config import Settings
from mailaudit.errors import AuthError, ConfigError, ConnectionFailed, ExitStatus, InputError
from mailaudit.sources import open_source
from mailaudit.sources.accounts import imap_account
from mailaudit.sources.base import Batch
from mailaudit.sources.imap import ImapSource, append_digest, set_keywords
from mailaudit.store.store import Store

pytestmark = pytest.mark.imap


def account_table(dovecot: Dovecot, user: str, **overrides) -> dict:
    table = {
        "kind": "imap",
        "host": "127.0.0.1",
        "port": dovecot.imaps_port,
        "username": user,
        "password_env": "MAILAUDIT_TEST_IMAP_PASSWORD",
        "ca_file": str(dovecot.cert),
        "folders": ["*"],
        "timeout": 10,
        "retries": 4,
        "retry_delay": 0.05,
    }
    table.update(overrides)
    return {k: v for k, v in table.items() if v is not None}


@pytest.fixture
def source_for(dovecot, imap_user, monkeypatch):
    """Build ImapSources for the test's user; closes them at the end."""
    user, password = imap_user
    monkeypatch.setenv("MAILAUDIT_TEST_IMAP_PASSWORD", password)
    made: list[ImapSource] = []

    def make(**overrides) -> ImapSource:
        src = open_source("work", account_table(dovecot, user, **overrides))
        made.append(src)
        return src

    yield make
    for src in made:
        src.close()


def run(src: ImapSource, folder: str = "INBOX", state=None) -> list[Batch]:
    batches = list(src.fetch_new(folder, state))
    src.close()  # LOGOUT, so the rawlog of the session is complete
    return batches


def flags_of(dovecot: Dovecot, user: str, password: str, folder: str = "INBOX") -> dict:
    with dovecot.client(user, password) as c:
        c.select_folder(folder, readonly=True)
        return c.get_flags(c.search("ALL"))


def keys(batches: list[Batch]) -> list[str]:
    return [m.key for b in batches for m in b.mails]


# ------------------------------------------------------------- read-only
def test_first_scan_reads_everything_in_batches_and_sets_no_flag(dovecot, imap_user, source_for):
    user, password = imap_user
    messages = [make_message(i) for i in range(25)]
    dovecot.deliver(user, messages[:10], seen=True)
    dovecot.deliver(user, messages[10:])
    before = flags_of(dovecot, user, password)
    assert sum(b"\\Seen" in f for f in before.values()) == 10
    dovecot.clear_rawlog(user)

    batches = run(source_for(batch_size=7))
    lines = dovecot.rawlog_lines(user)
    commands = dovecot.commands(user)

    assert [len(b.mails) for b in batches] == [7, 7, 7, 4]
    assert keys(batches) == [str(uid) for uid in range(1, 26)]
    assert sorted(m.data for b in batches for m in b.mails) == sorted(messages)
    assert all(m.source == "work" and m.folder == "INBOX" for b in batches for m in b.mails)
    assert [b.state.last_uid for b in batches] == [7, 14, 21, 25]
    assert {b.total for b in batches} == {25}  # known from UID SEARCH: progress shows % and ETA
    assert batches[-1].state.uidvalidity and batches[-1].state.highestmodseq
    assert not any(b.reset for b in batches)
    assert flags_of(dovecot, user, password) == before  # nothing marked \Seen
    assert "EXAMINE" in commands and "SELECT" not in commands
    assert "UID STORE" not in commands and "STORE" not in commands
    fetches = [line for line in lines if " UID FETCH " in line]
    assert len(fetches) == 4 and all("BODY.PEEK[]" in line for line in fetches)


def test_no_change_run_costs_one_status_and_nothing_else(dovecot, imap_user, source_for):
    user, password = imap_user
    dovecot.deliver(user, [make_message(i) for i in range(5)])
    state = run(source_for())[-1].state
    dovecot.clear_rawlog(user)

    assert run(source_for(), state=state) == []

    commands = dovecot.commands(user)
    assert commands.count("STATUS") == 1
    assert set(commands) <= {"STATUS", "CAPABILITY", "LOGOUT"}, commands

    # A flag change elsewhere moves HIGHESTMODSEQ: recorded, still without EXAMINE or FETCH.
    with dovecot.client(user, password) as c:
        c.select_folder("INBOX")
        c.add_flags([2], [b"\\Flagged"])
    dovecot.clear_rawlog(user)
    batches = run(source_for(), state=state)
    assert len(batches) == 1 and batches[0].mails == []
    assert batches[0].state.highestmodseq > state.highestmodseq
    assert batches[0].state.last_uid == state.last_uid
    assert set(dovecot.commands(user)) <= {"STATUS", "CAPABILITY", "LOGOUT"}


def test_new_mail_is_read_from_the_last_uid_on(dovecot, imap_user, source_for):
    user, _ = imap_user
    dovecot.deliver(user, [make_message(i) for i in range(6)])
    state = run(source_for())[-1].state
    dovecot.deliver(user, [make_message(i) for i in range(100, 103)])
    dovecot.clear_rawlog(user)

    batches = run(source_for(), state=state)

    assert keys(batches) == ["7", "8", "9"]
    assert batches[-1].state.last_uid == 9
    fetches = [line for line in dovecot.rawlog_lines(user) if " UID FETCH " in line]
    assert len(fetches) == 1 and " 7,8,9 " in fetches[0]


def test_a_run_resumes_from_a_batch_state(dovecot, imap_user, source_for):
    user, _ = imap_user
    dovecot.deliver(user, [make_message(i) for i in range(10)])
    first = run(source_for(batch_size=4))
    # As if the scan had committed only the first batch before it was stopped.
    resumed = run(source_for(batch_size=4), state=first[0].state)
    assert keys(resumed) == [str(u) for u in range(5, 11)]
    assert keys(first[:1]) + keys(resumed) == keys(first)


def test_empty_folder_state_is_recorded_so_the_next_run_is_cheap(dovecot, imap_user, source_for):
    user, _ = imap_user
    batches = run(source_for())
    assert len(batches) == 1 and batches[0].mails == [] and batches[0].state.uidvalidity
    dovecot.clear_rawlog(user)
    assert run(source_for(), state=batches[0].state) == []
    assert "EXAMINE" not in dovecot.commands(user)


def test_uidvalidity_change_rereads_the_folder_with_reset(dovecot, imap_user, source_for):
    user, password = imap_user
    with dovecot.client(user, password) as c:
        c.create_folder("Projects/Ads")
    messages = [make_message(i) for i in range(6)]
    dovecot.deliver(user, messages, folder="Projects/Ads")
    first = run(source_for(batch_size=4), "Projects/Ads")
    old = first[-1].state

    dovecot.change_uidvalidity(user, password, "Projects/Ads")
    again = run(source_for(batch_size=4), "Projects/Ads", state=old)

    assert again and all(b.reset for b in again)
    assert again[-1].state.uidvalidity != old.uidvalidity
    assert sorted(m.data for b in again for m in b.mails) == sorted(messages)
    assert keys(again) == [str(u) for u in range(1, 7)]  # from UID 1 under the new UIDVALIDITY
    assert run(source_for(), "Projects/Ads", state=again[-1].state) == []


def test_inbox_rebuilt_by_the_server_resets(dovecot, imap_user, source_for):
    user, _ = imap_user
    messages = [make_message(i) for i in range(4)]
    dovecot.deliver(user, messages)
    old = run(source_for())[-1].state
    dovecot.rebuild_folder(user, "INBOX")
    again = run(source_for(), state=old)
    assert all(b.reset for b in again) and again[-1].state.uidvalidity > old.uidvalidity
    assert sorted(m.data for b in again for m in b.mails) == sorted(messages)


def test_chinese_folder_names_and_a_missing_folder(dovecot, imap_user, source_for):
    user, password = imap_user
    with dovecot.client(user, password) as c:
        c.create_folder("项目/广告")
        c.append("项目/广告", make_message(7))
    src = source_for(folders=["项目/*"])
    assert src.folders() == ["项目/广告"]
    (batch,) = run(src, "项目/广告")
    assert batch.mails[0].folder == "项目/广告" and batch.mails[0].data == make_message(7)
    with pytest.raises(InputError, match="STATUS Nope failed"):
        run(source_for(), "Nope")


def test_folder_patterns_and_skips(dovecot, imap_user, source_for):
    user, password = imap_user
    with dovecot.client(user, password) as c:
        for name in ("Projects/Ads", "Projects/Web", "Trash", "Archive/2023"):
            c.create_folder(name)
    src = source_for(folders=["inbox", "Projects/*"], skip_folders=["Projects/Web"])
    assert src.folders() == ["INBOX", "Projects/Ads"]
    # "Archive" and "Projects" exist only as parents (\\NonExistent): not listed.
    assert source_for(folders=["*"], skip_folders=["Trash"]).folders() == [
        "INBOX",
        "Archive/2023",
        "Projects/Ads",
        "Projects/Web",
    ]


# -------------------------------------------------------- server trouble
class KillingClient(imap_mod.IMAPClient):
    """Kills the server right after sending the N-th UID FETCH, before the reply:
    the server dies mid-command. A thread brings it back a little later, while
    the source is retrying."""

    dovecot: Dovecot
    kill_at = 3
    fetches = 0
    restarter: threading.Thread | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        send = self._imap.send

        def send_and_maybe_kill(data: bytes) -> None:
            send(data)
            if b" UID FETCH " in data:
                cls = KillingClient
                cls.fetches += 1
                if cls.fetches == cls.kill_at:
                    cls.dovecot.kill()
                    cls.restarter = threading.Timer(0.3, cls.dovecot.start)
                    cls.restarter.start()

        self._imap.send = send_and_maybe_kill


def test_server_killed_mid_fetch_is_retried_and_the_result_equals_a_clean_run(
    dovecot, imap_user, source_for, monkeypatch, caplog
):
    user, _ = imap_user
    dovecot.deliver(user, [make_message(i) for i in range(40)])
    clean = run(source_for(batch_size=5))

    KillingClient.dovecot, KillingClient.fetches = dovecot, 0
    monkeypatch.setattr(imap_mod, "IMAPClient", KillingClient)
    with caplog.at_level(logging.WARNING, logger="mailaudit.sources.imap"):
        interrupted = run(source_for(batch_size=5, retries=8))
    KillingClient.restarter.join()

    assert KillingClient.fetches > KillingClient.kill_at  # it really went on after the kill
    assert "retry 1 of 8" in caplog.text
    assert keys(interrupted) == keys(clean)  # nothing lost, nothing doubled
    assert [m.data for b in interrupted for m in b.mails] == [
        m.data for b in clean for m in b.mails
    ]
    assert interrupted[-1].state == clean[-1].state


class NoFindings:
    def check(self, message):
        return []


def test_scan_into_the_store_survives_a_server_kill_and_a_uidvalidity_change(
    dovecot, imap_user, source_for, monkeypatch, tmp_path
):
    """The whole path (source -> scan -> store): the store after a scan that lost
    its server mid-fetch equals the one from a clean scan, and re-reading a folder
    under a new UIDVALIDITY stores no second copy of anything."""
    user, password = imap_user
    monkeypatch.setattr(scan_mod, "build_linter", lambda settings: NoFindings())
    with dovecot.client(user, password) as c:
        c.create_folder("Projects")
    dovecot.deliver(user, [make_message(i) for i in range(30)])
    dovecot.deliver(user, [make_message(i) for i in range(100, 112)], folder="Projects")

    def scan(store):
        target = scan_mod.ScanTarget(source_for(batch_size=4, retries=8))
        return scan_mod.run_scan(store, [target], Settings(), workers=1, history=False)

    with Store.open(tmp_path / "clean.db") as clean:
        assert scan(clean).status == ExitStatus.OK
        KillingClient.dovecot, KillingClient.fetches = dovecot, 0
        monkeypatch.setattr(imap_mod, "IMAPClient", KillingClient)
        with Store.open(tmp_path / "killed.db") as killed:
            summary = scan(killed)
            KillingClient.restarter.join()
            assert summary.status == ExitStatus.OK and summary.total("new") == 42
            assert killed.content_snapshot() == clean.content_snapshot()

            monkeypatch.setattr(imap_mod, "IMAPClient", KillingClient.__mro__[1])
            dovecot.change_uidvalidity(user, password, "Projects")
            again = scan(killed)
            assert again.total("mails") == 12 and again.total("new") == 0
            assert killed.count("messages") == 42


def test_unreachable_server_gives_up_after_the_configured_retries(source_for, caplog):
    src = source_for(port=1, retries=2, retry_delay=0.01)  # nothing listens on port 1
    with pytest.raises(ConnectionFailed) as err:
        src.folders()
    assert err.value.status == ExitStatus.UNAVAILABLE
    assert "gave up after 3 tries" in str(err.value)
    assert "connection refused by 127.0.0.1:1" in str(err.value)


def test_a_refusal_is_retried_briefly_whatever_the_configured_retries(source_for):
    # A timeout would wait 5+10+20+... s over 9 tries; a refusal is tried 3 times, briefly.
    src = source_for(port=1, retries=8, retry_delay=5)
    with pytest.raises(ConnectionFailed, match="gave up after 3 tries"):
        src.folders()


# ----------------------------------------------------------- login, TLS
def test_wrong_password_is_one_clear_line_without_the_password(
    dovecot, imap_user, monkeypatch, caplog
):
    user, _ = imap_user
    wrong = "Tr0ub4dor&3-not-it"
    monkeypatch.setenv("WRONG_PW", wrong)
    src = open_source("work", account_table(dovecot, user, password_env="WRONG_PW"))
    with caplog.at_level(logging.DEBUG), pytest.raises(AuthError) as err:
        src.folders()
    exc = err.value
    assert exc.status == ExitStatus.AUTH
    assert exc.line() == (
        f"login to 127.0.0.1 as {user} failed: [AUTHENTICATIONFAILED] Authentication failed. "
        "(check password_env in [accounts.work])"
    )
    assert "\n" not in exc.line()
    assert exc.__cause__ is None and exc.__suppress_context__
    for text in (exc.line(), repr(exc), repr(src), caplog.text):
        assert wrong not in text
    failures = [line for line in dovecot.logins(user, "auth failed") if "auth failed" in line]
    assert len(failures) == 1  # no retry on a refused password


def test_untrusted_certificate_is_connection_failed(source_for):
    src = source_for(ca_file=None)  # the system CAs do not know the test certificate
    with pytest.raises(ConnectionFailed) as err:
        src.folders()
    assert "TLS certificate of 127.0.0.1:" in str(err.value)
    assert "not trusted" in str(err.value) and "ca_file" in err.value.hint


def test_starttls_works_and_is_used(dovecot, imap_user, source_for, caplog):
    user, password = imap_user
    dovecot.deliver(user, [make_message(1)])
    with caplog.at_level(logging.DEBUG):
        batches = run(source_for(tls="starttls", port=dovecot.imap_port))
    assert "LOGIN" in caplog.text and password not in caplog.text
    assert keys(batches) == ["1"]
    logins = dovecot.logins(user, "method=PLAIN")
    assert any("method=PLAIN" in line and " TLS" in line for line in logins)


def test_plain_needs_insecure_and_then_works(dovecot, imap_user, source_for):
    user, _ = imap_user
    with pytest.raises(ConfigError, match="unencrypted"):
        source_for(tls="plain", port=dovecot.imap_port)
    dovecot.deliver(user, [make_message(1)])
    src = source_for(tls="plain", insecure=True, port=dovecot.imap_port, ca_file=None)
    assert keys(run(src)) == ["1"]


@pytest.mark.parametrize("mechanism", ["XOAUTH2", "OAUTHBEARER"])
def test_oauth2_token_command_logs_in(dovecot, imap_user, source_for, tmp_path, mechanism, caplog):
    # This Dovecot checks an OAuth2 token like a password (no oauth2 passdb), so
    # the user's password serves as the access token.
    user, password = imap_user
    token_file = tmp_path / "token"
    token_file.write_text(password + "\n")
    src = source_for(
        password_env=None,
        oauth2_token_command=["cat", str(token_file)],
        oauth2_mechanism=mechanism,
    )
    with caplog.at_level(logging.DEBUG):  # imaplib logs every line it sends at DEBUG
        assert src.folders() == ["INBOX"]
    assert any(f"method={mechanism}" in line for line in dovecot.logins(user, mechanism))
    assert "AUTHENTICATE" in caplog.text and password not in caplog.text


# ------------------------------------------------------ opt-in writes
def test_set_keywords_marks_only_the_given_messages(dovecot, imap_user, source_for):
    user, password = imap_user
    dovecot.deliver(user, [make_message(i) for i in range(4)], seen=True)
    dovecot.deliver(user, [make_message(i) for i in range(4, 6)])
    state = run(source_for())[-1].state
    account = source_for().account

    marked = set_keywords(
        account, "INBOX", ["2", 5], "$MailauditWarning", uidvalidity=state.uidvalidity
    )

    assert marked == 2
    after = flags_of(dovecot, user, password)
    assert [uid for uid, f in sorted(after.items()) if b"$MailauditWarning" in f] == [2, 5]
    assert [uid for uid, f in sorted(after.items()) if b"\\Seen" in f] == [1, 2, 3, 4]
    with pytest.raises(Exception, match="UIDVALIDITY"):
        set_keywords(account, "INBOX", [1], "$MailauditWarning", uidvalidity=state.uidvalidity + 1)
    with pytest.raises(ConfigError):
        set_keywords(account, "INBOX", [1], "\\Seen")


def test_append_digest_creates_the_folder_and_stores_one_message(dovecot, imap_user, source_for):
    user, password = imap_user
    account = source_for().account
    digest = make_message(999, subject="mailaudit digest 2024-05-06")

    uid = append_digest(account, "Mailaudit", digest)

    assert uid == 1
    with dovecot.client(user, password) as c:
        c.select_folder("Mailaudit", readonly=True)
        assert c.fetch([1], ["BODY.PEEK[]"])[1][b"BODY[]"] == digest


def test_a_scan_never_writes(dovecot, imap_user, source_for):
    user, password = imap_user
    with dovecot.client(user, password) as c:
        c.create_folder("Projects")
    dovecot.deliver(user, [make_message(i) for i in range(3)])
    dovecot.deliver(user, [make_message(i) for i in range(3, 5)], folder="Projects")
    dovecot.clear_rawlog(user)
    src = source_for()
    for folder in src.folders():
        list(src.fetch_new(folder, None))
    src.close()
    writes = {"SELECT", "STORE", "UID STORE", "APPEND", "COPY", "UID COPY", "MOVE", "UID MOVE",
              "EXPUNGE", "UID EXPUNGE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "CLOSE"}  # fmt: skip
    assert not writes & set(dovecot.commands(user))


def test_account_from_config_has_no_secret_in_it(dovecot, imap_user, source_for):
    src = source_for()
    assert "MAILAUDIT_TEST_IMAP_PASSWORD" in repr(src.account)
    assert imap_user[1] not in repr(src.account) + repr(src)
    assert imap_account("w", {"host": "h", "username": "u", "password_env": "X"}).port == 993
