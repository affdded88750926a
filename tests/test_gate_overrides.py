"""The X-Mailaudit override header and MAILAUDIT_IGNORE, and removing the header."""

from __future__ import annotations

import pytest

from mailaudit.errors import InputError
from mailaudit.gate.overrides import (
    header_values,
    override_for,
    parse_header_value,
    split_header_block,
    strip_override_header,
)

MAIL = (
    b"From: Li Lei <lilei@example.com>\n"
    b"To: han@example.com\n"
    b"X-Mailaudit: ignore=subject-missing,\n"
    b"  attachment-forgotten\n"
    b"Subject: report\n"
    b"\n"
    b"Body line\n"
    b"X-Mailaudit: ignore=all\n"  # in the body: not a header, must stay
)


def test_header_values_unfold_and_stop_at_body():
    assert header_values(MAIL) == ["ignore=subject-missing, attachment-forgotten"]


def test_strip_removes_only_the_header_field_with_its_continuation():
    stripped = strip_override_header(MAIL)
    assert stripped == (
        b"From: Li Lei <lilei@example.com>\n"
        b"To: han@example.com\n"
        b"Subject: report\n"
        b"\n"
        b"Body line\n"
        b"X-Mailaudit: ignore=all\n"
    )


def test_strip_keeps_crlf_and_is_identity_without_header():
    crlf = MAIL.replace(b"\n", b"\r\n")
    stripped = strip_override_header(crlf)
    assert b"x-mailaudit" not in stripped.split(b"\r\n\r\n")[0].lower()
    assert stripped.endswith(b"\r\n\r\nBody line\r\nX-Mailaudit: ignore=all\r\n")
    plain = b"To: a@example.com\r\nSubject: x\r\n\r\nhi\r\n"
    assert strip_override_header(plain) is plain


def test_header_name_is_case_insensitive():
    raw = b"To: a@example.com\nx-mailaudit: ignore=all\n\nhi\n"
    assert strip_override_header(raw) == b"To: a@example.com\n\nhi\n"
    assert override_for(raw).everything


def test_header_and_environment_merge():
    override = override_for(MAIL, {"MAILAUDIT_IGNORE": "Subject-Vague , "})
    assert override.ignore == {"subject-missing", "attachment-forgotten", "subject-vague"}
    assert override.covers("attachment-forgotten")
    assert not override.covers("address-invalid")
    assert override.origin == ("X-Mailaudit header", "MAILAUDIT_IGNORE")


def test_unreadable_header_is_an_error_not_a_silent_send():
    with pytest.raises(InputError, match="cannot read 'ignroe=all'"):
        parse_header_value("ignroe=all")


def test_split_header_block_without_body():
    assert split_header_block(b"To: a@example.com\n") == (b"To: a@example.com\n", b"")
