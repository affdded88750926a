"""Fields (as Thunderbird sends them) -> MIME, and their validation."""

from __future__ import annotations

import email
import email.policy

import pytest

from mailaudit.gate.fields import FieldsError, message_from_fields


def test_fields_become_a_multipart_message():
    raw = message_from_fields({
        "from": "Li Lei <lilei@example.com>",
        "to": ["王经理 <wang@example.com>", "han@example.com"],
        "cc": ["not an address"],
        "subject": "三季度投放报表",
        "body": "王经理，您好：\n\n报表见附件。\n",
        "html": "<p>王经理，您好：</p>",
        "attachments": [{"name": "报表.xlsx", "size": 20480,
                         "content_type": "application/vnd.ms-excel"}],
    })
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == "三季度投放报表"
    assert "wang@example.com" in msg["To"]
    assert b"\nCc: not an address\n" in raw  # as written, so address-invalid sees it
    parts = list(msg.iter_attachments())
    assert [p.get_filename() for p in parts] == ["报表.xlsx"]
    assert parts[0].get_param("size", header="Content-Disposition") == "20480"
    assert "报表见附件" in msg.get_body(("plain",)).get_content()
    assert "<p>" in msg.get_body(("html",)).get_content()


def test_html_only_and_text_attachment():
    raw = message_from_fields({"subject": "x", "html": "<b>hi</b>",
                               "attachments": [{"name": "a.txt", "content_type": "text/plain"}]})
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg.get_body(("html",)) is not None
    assert [p.get_filename() for p in msg.iter_attachments()] == ["a.txt"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ([], "expected a JSON object"),
        ({"attachements": []}, "unknown field 'attachements'"),
        ({"to": "a@example.com"}, "field 'to' has the wrong type"),
        ({"to": [1]}, "list of address strings"),
        ({"attachments": [{"size": 3}]}, r"attachments\[0\].name is missing"),
        ({"attachments": [{"name": "a", "size": -1}]}, "must not be negative"),
        ({"attachments": [{"name": "a", "size": True}]}, "wrong type"),
        ({"attachments": [{"name": "a", "content_type": "pdf"}]}, "type/subtype"),
        ({"subject": "a\nBcc: x@example.com"}, "cannot be a header"),
    ],
)
def test_bad_fields_say_which_field(data, says):
    with pytest.raises(FieldsError, match=says):
        message_from_fields(data)
