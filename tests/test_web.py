"""`mailaudit web`: pages and their JSON twins (Starlette's TestClient), and the
security of a real server over real HTTP on loopback (login, sessions,
downloads, headers). The browser side is tests/test_web_browser.py."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from web_fixtures import (
    HOSTILE_SUBJECT,
    OPLOG,
    PASSWORD,
    SIGNED_SUBJECT,
    running_server,
    write_config,
)

from mailaudit.cli import main
from mailaudit.config import load_settings
from mailaudit.web.app import CSP, create_app
from mailaudit.web.auth import SESSION_COOKIE
from mailaudit.web.serve import web_config

QINGLAN = "青岚茶饮 首页banner投放需求"


def app_for(web_store, tmp_path: Path, *, users: bool = False, oplog: bool = True):
    config_path = write_config(tmp_path, users=users)
    config, _host = web_config(load_settings(config_path), db=str(web_store["db"]),
                               oplog=str(OPLOG) if oplog else None)
    return create_app(config)


@pytest.fixture
def client(web_store, tmp_path):
    with TestClient(app_for(web_store, tmp_path), base_url="http://127.0.0.1") as c:
        yield c


# ------------------------------------------------------------------ evidence
def cli_search(web_store, *args: str) -> list[int]:
    result = CliRunner().invoke(main, ["evidence", "search", "--db", str(web_store["db"]), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return [h["id"] for h in json.loads(result.output)]


@pytest.mark.parametrize("words", ["首页banner", "homepage banner"])
def test_search_finds_what_the_cli_finds(client, web_store, words):
    data = client.get("/api/evidence", params={"q": words}).json()
    ids = [h["id"] for h in data["results"]]
    assert ids and ids == cli_search(web_store, words)
    page = client.get("/evidence", params={"q": words})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert all(f'href="/evidence/{i}"' in page.text for i in ids)


def test_filters_are_the_cli_filters(client, web_store):
    params = {"advertiser": "青岚茶饮", "action": ["extend", "cancel"], "since": "2024-06-01", "until": "2024-06-30"}
    data = client.get("/evidence", params={**params, "format": "json"}).json()
    expected = cli_search(web_store, "--advertiser", "青岚茶饮", "--action", "extend,cancel",
                          "--since", "2024-06-01", "--until", "2024-06-30")
    assert [h["id"] for h in data["results"]] == expected and len(expected) == 2
    assert client.get("/api/evidence", params={"slot": "开屏"}).json()["results"]
    assert client.get("/api/evidence", params={"sender": "wangfang"}).json()["results"]


def test_bad_input_is_one_line_not_a_traceback(client):
    for params in ({"since": "June"}, {"action": "delete"}, {"page": "-1"}):
        r = client.get("/api/evidence", params=params)
        assert r.status_code == 400 and "Traceback" not in r.text, r.text
        assert "\n" not in r.json()["error"]
    r = client.get("/evidence/999999")
    assert r.status_code == 404 and "no evidence record 999999" in r.text


def test_record_page_has_headers_text_timeline_proof_reconciliation(client, web_store):
    rid = web_store["ids"][QINGLAN]
    data = client.get(f"/api/evidence/{rid}").json()
    assert data["headers"]["cc"] and data["ops_copied"] == {"configured": True, "copied": True, "addresses": ["ops@example.cn"]}
    labels = [e["label"] for e in data["timeline"]]
    assert labels == ["placed", "added slot", "extended", "cancelled"]
    assert data["confirmations"], "the operations team's reply is in the thread"
    assert data["proof"]["hash_ok"] and data["proof"]["chain"]["links_ok"]
    assert data["reconciliation"]["status"] in ("as-instructed", "differs", "not-found")
    html = client.get(f"/evidence/{rid}").text
    assert '<mark class="word">首页banner</mark>' in html and data["proof"]["sha256"] in html
    assert html.count('class="ev ') == 5 and 'class="ev confirm"' in html


def test_record_shows_dkim_and_the_key_as_at_arrival(client, web_store):
    rid = web_store["ids"][SIGNED_SUBJECT]
    dkim = client.get(f"/api/evidence/{rid}").json()["proof"]["dkim"]
    assert dkim["result"] == "pass" and dkim["domain"] == "contoso.example"
    key = dkim["signatures"][0]["key"]
    html = client.get(f"/evidence/{rid}").text
    assert "<b>pass</b> d=contoso.example s=web" in html and key in html


def test_downloads_are_the_original_and_a_verifiable_bundle(client, web_store, tmp_path):
    import hashlib

    from mailaudit.evidence import verify_bundle

    rid = web_store["ids"][QINGLAN]
    eml = client.get(f"/evidence/{rid}/original.eml")
    assert eml.headers["content-type"] == "application/octet-stream"
    assert eml.headers["content-disposition"].startswith("attachment;")
    sha = client.get(f"/api/evidence/{rid}").json()["proof"]["sha256"]
    assert hashlib.sha256(eml.content).hexdigest() == sha
    bundle = client.get(f"/evidence/{rid}/bundle.zip")
    assert bundle.status_code == 200 and bundle.headers["content-type"] == "application/zip"
    folder = tmp_path / "bundle"
    zipfile.ZipFile(io.BytesIO(bundle.content)).extractall(folder)
    assert verify_bundle.main(folder) == 0
    assert len(json.loads((folder / "records.json").read_text(encoding="utf-8"))["records"]) == 4
    assert (folder / "reconciliation.json").exists()


def test_hostile_mail_is_escaped_text(client, web_store):
    rid = web_store["ids"][HOSTILE_SUBJECT]
    html = client.get(f"/evidence/{rid}").text
    assert "<script>document.title" not in html and "&lt;script&gt;document.title" in html
    assert 'href="javascript' not in html and "<img" not in html
    sha = client.get(f"/api/evidence/{rid}").json()["proof"]["sha256"]
    page = client.get(f"/mail/{sha}").text
    assert "<script>document" not in page and "<img" not in page and 'href="javascript' not in page


def test_the_store_is_opened_read_only(web_store):
    import sqlite3

    from mailaudit.store.browse import open_read_only

    with open_read_only(web_store["db"]) as store, pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.db.execute("DELETE FROM messages")


def test_every_page_sends_the_csp(client):
    for path in ("/", "/evidence", "/mail", "/report", "/evidence/1", "/nope"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP
        assert "script-src 'self'" in CSP and "'unsafe-inline'" not in CSP
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------ findings
def test_findings_browse_by_rule_level_sender_folder_week(client):
    everything = client.get("/api/mail").json()
    assert everything["total"] > 50 and len(everything["results"]) == 50 and everything["pages"] >= 2
    second = client.get("/api/mail", params={"page": 2}).json()["results"]
    assert {m["sha256"] for m in second}.isdisjoint(m["sha256"] for m in everything["results"])
    rule = client.get("/api/mail", params={"rule": "greeting-missing"}).json()
    assert rule["total"] and all(any(f["rule"] == "greeting-missing" for f in m["findings"]) for m in rule["results"])
    errors = client.get("/api/mail", params={"level": "error"}).json()
    assert errors["total"] and all(any(f["level"] == "error" for f in m["findings"]) for m in errors["results"])
    sender = everything["results"][0]["sender"].split("<")[-1].rstrip(">")
    assert all(sender in m["sender"] for m in client.get("/api/mail", params={"sender": sender}).json()["results"])
    folder = client.get("/api/mail", params={"folder": "nosuch/INBOX"}).json()
    assert folder["total"] == 0
    week = client.get("/api/mail", params={"week": "2024-06-12"}).json()  # a Wednesday: its Monday's week
    assert week["query"]["week"] == "2024-06-10" and week["total"]
    assert all("2024-06-09" <= m["date"][:10] <= "2024-06-17" for m in week["results"])


def test_message_page_marks_findings_and_explains_rules_in_the_readers_language(client):
    hit = next(m for m in client.get("/api/mail", params={"rule": "greeting-missing"}).json()["results"])
    en = client.get(f"/mail/{hit['sha256']}", headers={"accept-language": "en-GB,en"}).text
    zh = client.get(f"/mail/{hit['sha256']}", params={"lang": "zh"}).text
    assert "greeting-missing" in en and "<details" in en
    data = client.get(f"/api/mail/{hit['sha256']}", params={"lang": "zh"}).json()
    assert data["explanations"]["greeting-missing"]["lang"] == "zh"
    assert data["explanations"]["greeting-missing"]["summary"] in zh
    marked = client.get("/api/mail", params={"rule": "subject-missing"}).json()["results"]
    for m in marked[:1]:
        assert "lv-" in client.get(f"/mail/{m['sha256']}").text
    assert client.get("/mail/../../etc/passwd").status_code == 404
    assert client.get("/mail/" + "0" * 64).status_code == 404


def test_report_pages_every_row(client):
    data = client.get("/api/report").json()
    assert data["messages"] and data["by_rule"]
    html = client.get("/report").text
    assert "<svg" in html and "more in the JSON report" not in html
    if len(data["history"]) > 25:
        assert 'id="next-hp"' in html
        last = -(-len(data["history"]) // 25)
        page = client.get("/report", params={"hp": last}).text
        assert data["history"][-1]["message"].split("<")[0][:20] in page


def test_language_from_query_cookie_or_accept_language(client):
    assert "投放证据" in client.get("/evidence", headers={"accept-language": "zh-CN,zh;q=0.9"}).text
    r = client.get("/evidence", params={"lang": "en"}, headers={"accept-language": "zh-CN"})
    assert ">Evidence<" in r.text and r.cookies.get("mailaudit_lang") == "en"


# ---------------------------------------------------------------- the command
def test_non_loopback_host_without_auth_is_refused(web_store, tmp_path):
    config = write_config(tmp_path, users=False)
    result = CliRunner().invoke(main, ["--config", str(config), "web", "--host", "0.0.0.0", "--db", str(web_store["db"])])
    assert result.exit_code == 2
    assert result.output.startswith("Error: --host 0.0.0.0: serving beyond this machine needs authentication")
    assert len(result.output.strip().splitlines()) == 1


def test_bad_config_and_missing_store_are_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[web.users]\nalice = "hunter2"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--config", str(bad), "web"])
    assert result.exit_code == 2 and "web.users.alice is not an argon2 hash" in result.output
    result = CliRunner().invoke(main, ["web", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no audit store here" in result.output


def test_a_port_in_use_is_exit_2(web_store):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["web", "--db", str(web_store["db"]), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"Error: 127.0.0.1:{port}: cannot listen: Address already in use"
                                     " (is another program on that port? pick another --port)")


def test_hash_password_reads_stdin_and_never_echoes(tmp_path):
    from argon2 import PasswordHasher

    result = CliRunner().invoke(main, ["web", "hash-password"], input="s3cret pass\n")
    assert result.exit_code == 0
    digest = result.output.strip()
    assert digest.startswith("$argon2id$") and "s3cret" not in result.output
    assert PasswordHasher().verify(digest, "s3cret pass")
    assert CliRunner().invoke(main, ["web", "hash-password"], input="\n").exit_code == 2


def test_session_secret_file_is_private(web_store, tmp_path):
    config = write_config(tmp_path, extra=f'[web]\nsession_secret_file = "{tmp_path / "secret"}"\n')
    web_config(load_settings(config), db=str(web_store["db"]))
    assert (tmp_path / "secret").stat().st_mode & 0o777 == 0o600


def test_trusted_header_only_from_a_trusted_proxy(web_store, tmp_path):
    config = write_config(tmp_path, users=False, extra='[web]\ntrusted_header = "X-Forwarded-User"\n')
    settings = load_settings(config)
    app_config, _ = web_config(settings, db=str(web_store["db"]))
    with TestClient(create_app(app_config)) as c:  # the test client's address is "testclient"
        r = c.get("/api/evidence", headers={"X-Forwarded-User": "mallory"})
        assert r.status_code == 401
    app_config.auth.trusted_proxies = ("testclient",)
    with TestClient(create_app(app_config)) as c:
        r = c.get("/evidence", headers={"X-Forwarded-User": "bob"})
        assert r.status_code == 200 and ">bob<" in r.text


# ------------------------------------------------------- real HTTP, logged in
@pytest.fixture(scope="module")
def server(web_store, tmp_path_factory):
    config = write_config(tmp_path_factory.mktemp("webcfg"))
    with running_server(web_store["db"], config, "--oplog", str(OPLOG)) as url:
        yield url


def login(http: httpx.Client, password: str = PASSWORD) -> httpx.Response:
    return http.post("/login", data={"user": "alice", "password": password, "next": "/evidence"})


def test_no_page_without_login(server, web_store):
    rid = web_store["ids"][QINGLAN]
    with httpx.Client(base_url=server) as http:
        sha = "0" * 64
        for path in ("/", "/evidence?q=首页banner", f"/evidence/{rid}", f"/evidence/{rid}/original.eml",
                     f"/evidence/{rid}/bundle.zip", "/mail", f"/mail/{sha}", "/report"):
            r = http.get(path)
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
            assert "青岚" not in r.text
        for path in ("/api/evidence", f"/api/evidence/{rid}", "/api/mail", "/api/report", "/evidence?format=json"):
            r = http.get(path)
            assert r.status_code == 401 and r.json() == {"error": "log in first"}, path
        assert http.get("/login").status_code == 200
        assert http.get("/static/style.css").status_code == 200


def test_wrong_password_and_right_password(server):
    with httpx.Client(base_url=server) as http:
        r = login(http, "wrong")
        assert r.status_code == 401 and SESSION_COOKIE not in r.cookies
        assert "Wrong user name or password" in r.text
        r = http.post("/login", data={"user": "nobody", "password": PASSWORD})
        assert r.status_code == 401
        r = login(http)
        assert r.status_code == 303 and r.headers["location"] == "/evidence"
        cookie = r.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
        assert http.get("/evidence").status_code == 200


def test_session_fixation_and_logout(server):
    with httpx.Client(base_url=server) as http:
        planted = "eyJ1IjoiYWxpY2UifQ.planted.by-attacker"
        http.cookies.set(SESSION_COOKIE, planted)
        assert http.get("/evidence").status_code == 303  # a forged cookie is nobody
        r = login(http)
        issued = r.cookies[SESSION_COOKIE]
        assert issued != planted
        # a second login issues another session id
        http.cookies.clear()
        assert login(http).cookies[SESSION_COOKIE] != issued
    with httpx.Client(base_url=server, cookies={SESSION_COOKIE: issued}) as http:
        assert http.get("/api/evidence").status_code == 200
        r = http.post("/logout")
        assert r.status_code == 303
    with httpx.Client(base_url=server, cookies={SESSION_COOKIE: issued}) as replay:
        assert replay.get("/api/evidence").status_code == 401  # revoked, even if kept


def test_cross_site_posts_and_open_redirects_are_refused(server):
    with httpx.Client(base_url=server) as http:
        r = http.post("/login", data={"user": "alice", "password": PASSWORD}, headers={"Origin": "http://evil.example"})
        assert r.status_code == 403
        r = http.post("/login", data={"user": "alice", "password": PASSWORD, "next": "//evil.example/x"})
        assert r.status_code == 303 and r.headers["location"] == "/"


def test_path_traversal_in_download_urls(server):
    with httpx.Client(base_url=server) as http:
        login(http)
        for path in ("/evidence/..%2F..%2F..%2Fetc%2Fpasswd/original.eml", "/evidence/1%2F..%2F..%2Fetc/bundle.zip",
                     "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/static/%2e%2e/%2e%2e/app.py",
                     "/mail/..%2F..%2Fetc%2Fpasswd", "/evidence/-1/original.eml", "/static/../auth.py"):
            r = http.get(path)
            assert r.status_code == 404, path
            assert "root:" not in r.text and "import" not in r.text


def test_throttles_repeated_failures(web_store, tmp_path):
    app = app_for(web_store, tmp_path, users=True)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        codes = [c.post("/login", data={"user": "alice", "password": "x"}).status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        assert c.post("/login", data={"user": "alice", "password": PASSWORD}).status_code == 429


def test_a_team_host_serves_nothing_before_login(web_store, tmp_path):
    """`--host 0.0.0.0` for real (reached here through loopback): accounts are configured,
    so it starts, and every page asks for a login."""
    config = write_config(tmp_path)
    with running_server(web_store["db"], config, "--host", "0.0.0.0") as url, httpx.Client(base_url=url) as http:
        for path in ("/", "/evidence", "/mail", "/report", f"/evidence/{web_store['ids'][QINGLAN]}/bundle.zip"):
            assert http.get(path).status_code == 303, path
        assert http.get("/api/evidence").status_code == 401
        assert login(http).status_code == 303 and http.get("/api/evidence").status_code == 200


def test_session_cookie_is_secure_behind_a_tls_proxy(web_store, tmp_path):
    app = app_for(web_store, tmp_path, users=True)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        plain = c.post("/login", data={"user": "alice", "password": PASSWORD}, follow_redirects=False)
        assert "secure" not in plain.headers["set-cookie"].lower()
    app.state.config.auth.trusted_proxies = ("testclient",)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        proxied = c.post("/login", data={"user": "alice", "password": PASSWORD},
                         headers={"X-Forwarded-Proto": "https"}, follow_redirects=False)
        assert "secure" in proxied.headers["set-cookie"].lower()
    # The header from anyone else is not believed.
    app.state.config.auth.trusted_proxies = ("127.0.0.1",)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        spoofed = c.post("/login", data={"user": "alice", "password": PASSWORD},
                         headers={"X-Forwarded-Proto": "https"}, follow_redirects=False)
        assert "secure" not in spoofed.headers["set-cookie"].lower()
