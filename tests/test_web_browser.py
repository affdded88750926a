"""`mailaudit web` in a real headless Chromium (Debian's chromium and
chromium-driver through Selenium; no browser downloads, and the browser is kept
on loopback by its host resolver rules).

With MAILAUDIT_SCREENSHOTS=DIR the main pages are also saved there as PNGs (how
docs/web/*.png are made: `MAILAUDIT_SCREENSHOTS=docs/web pytest tests/test_web_browser.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from web_fixtures import HOSTILE_SUBJECT, OPLOG, PASSWORD, running_server, write_config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
QINGLAN = "青岚茶饮 首页banner投放需求"


def _need_browser() -> None:
    for program in (CHROMIUM, DRIVER):
        if not Path(program).exists():
            pytest.skip(f"{Path(program).name} not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium", reason="selenium not installed (pip install -e '.[test]')")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager fetch a driver
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--window-size=1366,900",
                "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(web_store, tmp_path_factory):
    config = write_config(tmp_path_factory.mktemp("browsercfg"))
    with running_server(web_store["db"], config, "--oplog", str(OPLOG)) as url:
        yield url


def shot(driver, name: str) -> None:
    folder = os.environ.get("MAILAUDIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 1600)")
        driver.set_window_size(1366, max(900, height))
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))
        driver.set_window_size(1366, 900)


def submit(driver, element) -> None:
    """Click, then wait until the next page has replaced this one and finished loading."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # The old page is marked and the wait is for a complete page without the mark. Asking the
    # old <html> element whether it is stale can itself fail mid-navigation in Chromium ("Node
    # with given id does not belong to the document"), so such errors only mean "not yet".
    mark = secrets.token_hex(8)
    driver.execute_script("document.documentElement.dataset.testPage = arguments[0]", mark)
    element.click()
    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete'"
            " && document.documentElement.dataset.testPage !== arguments[0]",
            mark,
        )
    )


def log_in(driver, site: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(site + "/evidence")
    if "/login" not in driver.current_url:
        return
    driver.find_element(By.ID, "user").send_keys("alice")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver, driver.find_element(By.ID, "login-submit"))
    assert driver.find_element(By.ID, "current-user").text == "alice"


def test_login_wrong_password_then_in_and_out(browser, site):
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(site + "/evidence/1")
    assert "/login" in browser.current_url
    shot(browser, "login")
    browser.find_element(By.ID, "user").send_keys("alice")
    browser.find_element(By.ID, "password").send_keys("not the password")
    submit(browser, browser.find_element(By.ID, "login-submit"))
    assert browser.find_element(By.ID, "login-error").text in ("用户名或密码错误。", "Wrong user name or password.")
    browser.find_element(By.ID, "user").send_keys("alice")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(browser, browser.find_element(By.ID, "login-submit"))
    assert browser.current_url.endswith("/evidence/1")  # back where the reader was going
    assert browser.find_element(By.ID, "current-user").text == "alice"
    submit(browser, browser.find_element(By.ID, "logout"))
    assert "/login" in browser.current_url
    browser.get(site + "/evidence")
    assert "/login" in browser.current_url


@pytest.mark.parametrize("words", ["首页banner", "homepage banner"])
def test_search_open_a_record_timeline_and_proof(browser, site, web_store, words):
    from selenium.webdriver.common.by import By

    log_in(browser, site)
    browser.get(site + "/evidence")
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(words)
    submit(browser, browser.find_element(By.ID, "search-button"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tr.hit")
    assert rows, f"nothing found for {words}"
    # the hits `mailaudit evidence search` prints, in its order
    from mailaudit.evidence.lookup import Query, search
    from mailaudit.store.store import Store

    with Store.open(web_store["db"], create=False) as store:
        expected = [f"#{h.id}" for h in search(store, Query(words))]
    assert [r.find_element(By.CSS_SELECTOR, "a.record-link").text for r in rows] == expected
    if words == "首页banner":
        shot(browser, "evidence-search")
    rid = web_store["ids"][QINGLAN]
    link = browser.find_elements(By.CSS_SELECTOR, f'a.record-link[href="/evidence/{rid}"]')
    if link:
        submit(browser, link[0])
    else:  # the English words: open the first hit, then the Chinese thread by URL
        submit(browser, rows[0].find_element(By.CSS_SELECTOR, "a.record-link"))
        assert browser.find_element(By.ID, "proof")
        browser.get(f"{site}/evidence/{rid}")
    events = browser.find_elements(By.CSS_SELECTOR, "#timeline li")
    texts = [e.text for e in events]
    assert len(events) == 5 and any("✓" in t for t in texts), texts
    assert browser.find_element(By.ID, "hash-ok").text.startswith("✓")
    assert browser.find_element(By.CSS_SELECTOR, "#own-text mark.word").text in ("青岚茶饮", "首页banner", "6月10日至6月23日")
    assert browser.find_element(By.ID, "ops-copied").text.startswith(("是", "yes"))
    if words == "首页banner":
        shot(browser, "evidence-record")


def _wait_for(folder: Path, suffix: str) -> Path:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.2)
    pytest.fail(f"no {suffix} downloaded into {folder}: {[p.name for p in folder.iterdir()]}")


def test_download_the_bundle_and_verify_it(browser, site, web_store, tmp_path):
    from selenium.webdriver.common.by import By

    from mailaudit.evidence import verify_bundle

    log_in(browser, site)
    rid = web_store["ids"][QINGLAN]
    browser.get(f"{site}/evidence/{rid}")
    sha = browser.find_element(By.ID, "sha256").text
    browser.find_element(By.ID, "download-bundle").click()
    bundle = _wait_for(browser.downloads, ".zip")
    zipfile.ZipFile(bundle).extractall(tmp_path / "bundle")
    assert verify_bundle.main(tmp_path / "bundle") == 0
    records = json.loads((tmp_path / "bundle" / "records.json").read_text(encoding="utf-8"))["records"]
    assert sha in {r["sha256"] for r in records}
    browser.find_element(By.ID, "download-eml").click()
    eml = _wait_for(browser.downloads, ".eml")
    assert hashlib.sha256(eml.read_bytes()).hexdigest() == sha


def test_open_a_message_with_findings(browser, site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    log_in(browser, site)
    browser.get(site + "/mail?lang=zh")
    Select(browser.find_element(By.ID, "rule")).select_by_value("greeting-missing")
    submit(browser, browser.find_element(By.ID, "search-button"))
    assert "rule=greeting-missing" in browser.current_url
    shot(browser, "findings")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "a.message-link"))
    findings = browser.find_elements(By.CSS_SELECTOR, "#findings li.finding")
    assert any("greeting-missing" in f.text for f in findings)
    summary = browser.find_element(By.CSS_SELECTOR, "#findings details.explain summary")
    summary.click()
    assert browser.find_element(By.CSS_SELECTOR, "#findings details.explain dl").is_displayed()
    shot(browser, "message")
    browser.get(site + "/report?lang=en")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    shot(browser, "report")


def test_hostile_mail_is_inert(browser, site, web_store):
    from selenium.webdriver.common.by import By

    log_in(browser, site)
    rid = web_store["ids"][HOSTILE_SUBJECT]
    browser.get(f"{site}/evidence/{rid}")
    assert browser.title.startswith(f"#{rid} <script>")  # the subject as text; the script never ran
    assert "<script>" in browser.find_element(By.ID, "record-title").text  # shown, as text
    assert not browser.find_elements(By.CSS_SELECTOR, "main img, main script, main iframe, a[href^='javascript']")
    sha = browser.find_element(By.ID, "sha256").text
    browser.get(f"{site}/mail/{sha}")
    assert browser.title != "pwned" and browser.title.startswith("<script>")
    assert not browser.find_elements(By.CSS_SELECTOR, "img, script, iframe, a[href^='javascript']")
    # Nothing was fetched from anywhere but this server.
    entries = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(e.startswith(site) for e in entries), entries
