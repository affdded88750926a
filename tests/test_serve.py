"""`mailaudit serve` over real HTTP on loopback: good, bad, oversized, unauthenticated."""

from __future__ import annotations

import http.client
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mailaudit.config import Settings, load_settings
from mailaudit.errors import ConfigError
from mailaudit.gate.openapi import openapi_document
from mailaudit.gate.serve import make_server, serve_config
from mailaudit.gate.token import load_or_create_token

ROOT = Path(__file__).resolve().parents[1]
CLEAN = (b"From: Li Lei <lilei@example.com>\nTo: Han Meimei <han@example.com>\n"
         b"Subject: Q3 placement report numbers\n\n"
         b"Hi Meimei,\n\nCould you check the Q3 numbers by Friday?\n\nThanks,\nLi Lei\n")
NO_SUBJECT = CLEAN.replace(b"Subject: Q3 placement report numbers\n", b"Subject:\n")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """A running service (rules loaded once for the module) and its token."""
    tmp = tmp_path_factory.mktemp("serve")
    config = tmp / "mailaudit.toml"
    config.write_text(
        '[lint]\nselect = ["subject-missing", "attachment-forgotten", "subject-vague"]\n'
        f'[serve]\ntoken_file = "{tmp / "token"}"\nmax_bytes = 4096\n'
    )
    server = make_server(load_settings(config), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    token = (tmp / "token").read_text().strip()
    yield server, token
    server.shutdown()
    server.server_close()


def request(server, method, path, body=None, headers=None, token=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    headers = dict(headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = json.loads(response.read() or b"null")
    conn.close()
    return response.status, data, response


def lint(server, token, body, content_type="message/rfc822", query=""):
    if isinstance(body, dict):
        body = json.dumps(body).encode()
    return request(server, "POST", "/v1/lint" + query, body, {"Content-Type": content_type}, token)


def test_health_and_openapi_need_no_token(service):
    server, _ = service
    status, data, _ = request(server, "GET", "/v1/health")
    assert status == 200 and data["status"] == "ok" and data["rules"] == 3
    status, data, _ = request(server, "GET", "/v1/openapi.json")
    assert status == 200 and data == openapi_document()


def test_docs_openapi_json_is_the_served_document():
    kept = json.loads((ROOT / "docs" / "openapi.json").read_text())
    assert kept == openapi_document(), "regenerate: mailaudit serve --openapi > docs/openapi.json"
    assert kept["openapi"].startswith("3.")


def test_rules_list_with_docs(service):
    server, token = service
    status, data, _ = request(server, "GET", "/v1/rules", token=token)
    assert status == 200
    by_id = {rule["id"]: rule for rule in data["rules"]}
    assert set(by_id) == {"subject-missing", "attachment-forgotten", "subject-vague"}
    assert by_id["subject-missing"]["level"] == "error"
    assert by_id["subject-missing"]["doc"]["fix"]


def test_lint_raw_message(service):
    server, token = service
    status, data, _ = lint(server, token, CLEAN)
    assert status == 200 and data["fails"] is False and data["fail_level"] == "error"
    status, data, _ = lint(server, token, NO_SUBJECT)
    assert status == 200 and data["fails"] is True
    assert data["failing_rules"] == ["subject-missing"]
    finding = data["findings"][0]
    assert finding["rule"] == "subject-missing" and finding["level"] == "error"
    assert finding["doc"]["why"]  # the explanation a client shows next to the finding


def test_lint_fields_and_fail_level(service):
    server, token = service
    fields = {"to": ["han@example.com"], "subject": "Q3 placement report",
              "body": "Hi Meimei,\n\nPlease see attached.\n\nLi Lei"}
    status, data, _ = lint(server, token, fields, "application/json; charset=utf-8")
    assert status == 200 and data["failing_rules"] == ["attachment-forgotten"]
    fields["attachments"] = [{"name": "q3-report.xlsx", "size": 12000,
                              "content_type": "application/vnd.ms-excel"}]
    status, data, _ = lint(server, token, fields, "application/json")
    assert status == 200 and data["fails"] is False
    fields["subject"] = "hi"  # subject-vague: a warning, fails only at fail_level=warning
    status, data, _ = lint(server, token, fields, "application/json", "?fail_level=warning")
    assert status == 200 and data["fails"] is True and data["fail_level"] == "warning"


@pytest.mark.parametrize(
    ("body", "content_type", "query", "status", "code"),
    [
        (b"{not json", "application/json", "", 400, "bad_json"),
        (b'{"attachements": []}', "application/json", "", 400, "bad_fields"),
        (b'{"subject": "a\\nBcc: x@example.com"}', "application/json", "", 400, "bad_fields"),
        (b"   ", "message/rfc822", "", 400, "empty_message"),
        (CLEAN, "message/rfc822", "?fail_level=loud", 400, "bad_fail_level"),
        (CLEAN, "text/plain", "", 415, "unsupported_media_type"),
        (b"x" * 5000, "message/rfc822", "", 413, "too_large"),
    ],
)
def test_bad_requests_get_a_clear_json_error(service, body, content_type, query, status, code):
    server, token = service
    got, data, _ = lint(server, token, body, content_type, query)
    assert (got, data["error"]["code"]) == (status, code)
    assert data["error"]["status"] == status and data["error"]["message"]


def test_no_token_or_a_wrong_one_is_401(service):
    server, token = service
    for auth in (None, "Bearer wrong-token-of-some-length", f"Basic {token}"):
        headers = {"Content-Type": "message/rfc822", **({"Authorization": auth} if auth else {})}
        status, data, response = request(server, "POST", "/v1/lint", CLEAN, headers)
        assert status == 401 and data["error"]["code"] == "unauthorized"
        assert response.getheader("WWW-Authenticate", "").startswith("Bearer")
        assert token not in json.dumps(data)
    status, _, _ = request(server, "GET", "/v1/rules")
    assert status == 401


def test_unknown_path_wrong_method_foreign_host_and_no_length(service):
    server, token = service
    assert request(server, "GET", "/v2/lint", token=token)[0] == 404
    status, data, response = request(server, "GET", "/v1/lint", token=token)
    assert status == 405 and response.getheader("Allow") == "POST"
    status, data, _ = request(server, "GET", "/v1/health", headers={"Host": "evil.example:80"})
    assert status == 403 and data["error"]["code"] == "bad_host"
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    conn.putrequest("POST", "/v1/lint")
    conn.putheader("Authorization", f"Bearer {token}")
    conn.putheader("Content-Type", "message/rfc822")
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 411
    conn.close()


def test_one_connection_serves_many_requests(service):
    server, token = service
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    for _ in range(5):
        conn.request("POST", "/v1/lint", CLEAN, {"Content-Type": "message/rfc822",
                                                "Authorization": f"Bearer {token}"})
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["fails"] is False
    conn.close()


def test_token_file_is_private_and_checked(tmp_path):
    path = tmp_path / "cfg" / "mailaudit" / "serve-token"
    token = load_or_create_token(path)
    assert len(token) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_token(path) == token
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by other users"):
        load_or_create_token(path)


def test_only_loopback_hosts():
    with pytest.raises(ConfigError, match="refusing to listen on '0.0.0.0'"):
        serve_config(Settings(), host="0.0.0.0")
    assert serve_config(Settings(), host="::1").host == "::1"


def test_the_command_serves_and_refuses_other_hosts(tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    proc = subprocess.run([sys.executable, "-m", "mailaudit", "serve", "--host", "0.0.0.0"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "refusing to listen" in proc.stderr
    server = subprocess.Popen([sys.executable, "-m", "mailaudit", "serve", "--port", "0"],
                              cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        assert "listening on http://127.0.0.1:" in line
        port = int(line.split("http://127.0.0.1:")[1].split()[0])
        token_path = tmp_path / "xdg" / "mailaudit" / "serve-token"
        assert stat.S_IMODE(token_path.stat().st_mode) == 0o600
        assert token_path.read_text().strip() not in line  # the token is never printed
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/v1/health")
        assert conn.getresponse().status == 200
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_hostile_json_and_odd_mail_get_an_answer_never_a_500(tmp_path):
    """JSON nested 100,000 deep or a 5,000-digit number is a 400; a mail with a
    raw 8-bit Message-ID or an RFC 2047 word in a non-text codec is linted."""
    config = tmp_path / "mailaudit.toml"
    config.write_text(f'[lint]\nselect = ["subject-missing"]\n[serve]\ntoken_file = "{tmp_path / "t"}"\n')
    server = make_server(load_settings(config), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    token = (tmp_path / "t").read_text().strip()
    try:
        for body in (b"[" * 100_000 + b"]" * 100_000, b'{"subject": ' + b"9" * 5000 + b"}"):
            status, data, _ = lint(server, token, body, "application/json")
            assert (status, data["error"]["code"]) == (400, "bad_json"), data
        odd = CLEAN.replace(b"Subject: Q3 placement report numbers",
                            b"Subject: =?zlib?B?eJwDAAAAAAE=?= =?hex?B?AAAA?= =?undefined?Q?x?=\n"
                            b"Message-ID: <a\xffb@example.com>")
        status, data, response = lint(server, token, odd)
        assert status == 200 and data["message_id"] == "<a\ufffdb@example.com>"
    finally:
        server.shutdown()
        server.server_close()


def test_lint_answers_subject_and_message_id_as_documented(service):
    """Issue 12, item 11: docs/openapi.json documents both; they are filled, not null."""
    server, token = service
    raw = CLEAN.replace(b"Subject:", b"Message-ID: <q3@example.com>\nSubject:")
    status, data, _ = lint(server, token, raw)
    assert status == 200
    assert data["subject"] == "Q3 placement report numbers" and data["message_id"] == "<q3@example.com>"
    status, data, _ = lint(server, token, {"subject": "Q3 placement report", "body": "Hi"}, "application/json")
    assert status == 200 and data["subject"] == "Q3 placement report"
    required = openapi_document()["components"]["schemas"]
    assert any("subject" in s.get("properties", {}) and "message_id" in s.get("properties", {})
               for s in required.values())
