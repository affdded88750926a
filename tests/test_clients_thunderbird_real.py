"""The Thunderbird add-on inside a real Thunderbird (the Debian package, under Xvfb).

One Thunderbird per module: a fresh profile written here with an SMTP account aimed at
an aiosmtpd sink on 127.0.0.1, `mailaudit serve` on loopback, and the .xpi from
build.sh installed as *Install Add-on From File…* does. Marionette (marionette-driver
from PyPI) drives it from the chrome side: it opens compose windows, presses Send
(`cmd_sendNow`), and reads and clicks the add-on's pages (the dialog, the options) in
the extension process they run in, and takes the dialog's screenshot.

Nothing leaves 127.0.0.1: the Python processes load tests/netguard; the profile turns
off everything Thunderbird would reach out for (updates, telemetry, safe browsing,
captive portal, connectivity checks, account autoconfig, remote settings) and sends
any other request to a proxy on a dead loopback port; and Thunderbird's socket and
DNS log (MOZ_LOG) must name no other host.

Every wait has a deadline; Thunderbird, Xvfb and the service are killed in a finally.
The test skips (with the reason) only when Thunderbird, Xvfb or the driver is
missing, or when Thunderbird cannot start at all on this machine.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd is not installed")
marionette = pytest.importorskip(
    "marionette_driver.marionette",
    reason="marionette-driver is not installed (pip install -e '.[test]')")

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ADDON = ROOT / "clients" / "thunderbird"
ADDON_ID = json.loads((ADDON / "manifest.json").read_text())["browser_specific_settings"]["gecko"]["id"]
DEADLINE = 60.0  # seconds a step may take before the test gives up (not a measurement)
SELECT = '["subject-missing", "attachment-forgotten"]'  # stable whatever else the catalog adds
SCREENSHOT = os.environ.get("MAILAUDIT_TB_SCREENSHOT")  # also save the dialog there (docs/)

CLEAN = {"to": "韩梅梅 <han@example.com>", "subject": "第三季度投放数据",
         "body": "韩梅梅你好，\n\n第三季度的投放数据已经整理好，请周五前确认。\n\n谢谢\n李雷\n"}
FORGOT = {"to": "韩梅梅 <han@example.com>", "subject": "第三季度投放数据（表格）",
          "body": "韩梅梅你好，\n\n第三季度的投放数据见附件，请周五前确认。\n\n谢谢\n李雷\n"}


def need(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed (apt-get install {package}; "
                    "see scripts/apt-packages.txt)")
    return path


def wait_until(check, what: str, deadline: float = DEADLINE):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Keeps every message it is sent, as the bytes that came over the wire."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                              envelope.original_content))
        return "250 OK: kept"


# -- the profile -----------------------------------------------------------------------

def profile_prefs(smtp_port: int, marionette_port: int, dead_port: int) -> dict[str, object]:
    prefs: dict[str, object] = {
        # Marionette on a loopback port of our choosing.
        "marionette.port": marionette_port,
        # Extensions: the add-on is installed from its .xpi file as a person does, with
        # Thunderbird's own signature settings (it requires none).
        "extensions.update.enabled": False,
        "extensions.update.autoUpdateDefault": False,
        "extensions.getAddons.cache.enabled": False,
        "extensions.systemAddon.update.enabled": False,
        # No first-run pages, no default-client question, no start page, no wizards.
        "mail.shell.checkDefaultClient": False,
        "mailnews.start_page.enabled": False,
        "mailnews.start_page_override.mstone": "ignore",
        "mail.rights.override": True,
        "messenger.startup.action": 0,
        "mail.provider.enabled": False,
        "mail.instrumentation.askUser": False,
        "mail.instrumentation.userOptedIn": False,
        "mail.spotlight.firstRunDone": True,
        "mail.winsearch.firstRunDone": True,
        "mail.tabs.drawInTitlebar": False,
        "browser.aboutConfig.showWarning": False,
        "mail.compose.big_attachments.notify": False,
        "mail.warn_on_send_accel_key": False,
        "mail.inline_attachments": False,
        "mail.collect_email_address_outgoing": False,
        "mailnews.send_default_charset": "UTF-8",
        "mail.e2ee.auto_enable": False,
        "mail.biff.show_alert": False,
        "mail.biff.play_sound": False,
        "calendar.timezone.useSystemTimezone": True,
        "calendar.timezone.local": "Asia/Shanghai",
        # Nothing beyond loopback: updates, telemetry, safe browsing, checks.
        "app.update.enabled": False,
        "app.update.auto": False,
        "app.update.checkInstallTime": False,
        "app.update.disabledForTesting": True,
        "app.normandy.enabled": False,
        "app.shield.optoutstudies.enabled": False,
        "browser.safebrowsing.malware.enabled": False,
        "browser.safebrowsing.phishing.enabled": False,
        "browser.safebrowsing.blockedURIs.enabled": False,
        "browser.safebrowsing.downloads.enabled": False,
        "browser.safebrowsing.downloads.remote.enabled": False,
        "browser.safebrowsing.provider.google.updateURL": "",
        "browser.safebrowsing.provider.google4.updateURL": "",
        "browser.safebrowsing.provider.mozilla.updateURL": "",
        "datareporting.healthreport.uploadEnabled": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "datareporting.policy.firstRunURL": "",
        "toolkit.telemetry.enabled": False,
        "toolkit.telemetry.unified": False,
        "toolkit.telemetry.archive.enabled": False,
        "toolkit.telemetry.server": "",
        "toolkit.crashreporter.enabled": False,
        "network.captive-portal-service.enabled": False,
        "network.connectivity-service.enabled": False,
        "network.trr.mode": 5,
        "network.dns.disableIPv6": True,
        "network.dns.disablePrefetch": True,
        "network.prefetch-next": False,
        "network.predictor.enabled": False,
        "network.http.speculative-parallel-limit": 0,
        "network.manage-offline-status": False,
        "offline.autoDetect": False,
        "services.settings.server": f"http://127.0.0.1:{dead_port}/remote-settings",
        "security.remote_settings.crlite_filters.enabled": False,
        "security.OCSP.enabled": 0,
        "security.certerrors.mitm.priming.enabled": False,
        "geo.enabled": False,
        "mailnews.auto_config_url": "",
        "mailnews.mx_service_url": "",
        "mail.cloud_files.enabled": False,
        "mail.phishing.detection.enabled": False,
        "browser.region.network.url": "",
        "browser.region.update.enabled": False,
        "media.gmp-manager.url": "",
        "media.gmp-gmpopenh264.enabled": False,
        "identity.fxaccounts.enabled": False,
        # Anything still trying goes to a proxy nobody listens on; loopback is direct.
        "network.proxy.type": 1,
        "network.proxy.http": "127.0.0.1",
        "network.proxy.http_port": dead_port,
        "network.proxy.ssl": "127.0.0.1",
        "network.proxy.ssl_port": dead_port,
        "network.proxy.socks": "127.0.0.1",
        "network.proxy.socks_port": dead_port,
        "network.proxy.socks_remote_dns": True,
        "network.proxy.no_proxies_on": "127.0.0.1,localhost",
        "network.proxy.allow_hijacking_localhost": False,
        # One account: a POP3 server nobody checks (its only use: carrying the
        # identity), Local Folders, and the SMTP sink. No auth, no TLS.
        "mail.accountmanager.accounts": "account1,account2",
        "mail.accountmanager.defaultaccount": "account1",
        "mail.accountmanager.localfoldersserver": "server2",
        "mail.account.account1.identities": "id1",
        "mail.account.account1.server": "server1",
        "mail.account.account2.server": "server2",
        "mail.identity.id1.fullName": "李雷",
        "mail.identity.id1.useremail": "lilei@example.com",
        "mail.identity.id1.smtpServer": "smtp1",
        "mail.identity.id1.valid": True,
        "mail.identity.id1.compose_html": False,
        "mail.identity.id1.fcc": False,
        "mail.identity.id1.attach_vcard": False,
        "mail.identity.id1.attach_signature": False,
        "mail.identity.id1.reply_on_top": 0,
        "mail.server.server1.type": "pop3",
        "mail.server.server1.hostname": "127.0.0.1",
        "mail.server.server1.port": dead_port,
        "mail.server.server1.userName": "lilei",
        "mail.server.server1.name": "lilei@example.com",
        "mail.server.server1.login_at_startup": False,
        "mail.server.server1.check_new_mail": False,
        "mail.server.server1.download_on_biff": False,
        "mail.server.server1.check_time": 0,
        "mail.server.server1.socketType": 0,
        "mail.server.server2.type": "none",
        "mail.server.server2.hostname": "Local Folders",
        "mail.server.server2.userName": "nobody",
        "mail.server.server2.name": "Local Folders",
        "mail.smtpservers": "smtp1",
        "mail.smtp.defaultserver": "smtp1",
        "mail.smtpserver.smtp1.type": "smtp",
        "mail.smtpserver.smtp1.hostname": "127.0.0.1",
        "mail.smtpserver.smtp1.port": smtp_port,
        "mail.smtpserver.smtp1.try_ssl": 0,
        "mail.smtpserver.smtp1.authMethod": 1,
        "mail.smtpserver.smtp1.username": "",
        "mail.smtpserver.smtp1.description": "mailaudit test sink",
    }
    return prefs


def write_profile(profile: Path, prefs: dict[str, object]) -> None:
    profile.mkdir()
    lines = [f"user_pref({json.dumps(k)}, {json.dumps(v, ensure_ascii=False)});" for k, v in prefs.items()]
    (profile / "user.js").write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- chrome-side scripts (run by Marionette in Thunderbird's main process) ----------------

# What *Install Add-on From File…* does once the person has said "Add": a permanent
# install of the unsigned .xpi (Thunderbird does not require signatures).
INSTALL_FROM_FILE = """
const [path, resolve] = arguments;
const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
(async () => {
  const file = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
  file.initWithPath(path);
  const install = await AddonManager.getInstallForFile(file, "application/x-xpinstall");
  if (install.error) return {error: `cannot install: error ${install.error}`};
  const addon = await install.install();
  return {id: addon.id, signedState: addon.signedState, temporary: addon.temporarilyInstalled};
})().then(resolve, error => resolve({error: String(error)}));
"""

ADDON_STATE = """
const [id, resolve] = arguments;
const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
AddonManager.getAddonByID(id).then(addon => resolve(addon && {
  active: addon.isActive, appDisabled: addon.appDisabled, userDisabled: addon.userDisabled,
  version: addon.version, name: addon.name,
}), error => resolve({error: String(error)}));
"""

BACKGROUND_READY = """
const [id] = arguments;
const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
const extension = ExtensionParent.GlobalManager.getExtension(id);
if (!extension) return null;
for (const view of extension.views) {
  if (view.viewType === "background") return true;
}
return false;
"""

# What a person types into the add-on's options page ends up in storage.local.
SET_OPTIONS = """
const [id, options, resolve] = arguments;
(async () => {
  const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
  const { ExtensionStorageIDB } = ChromeUtils.importESModule("resource://gre/modules/ExtensionStorageIDB.sys.mjs");
  const extension = ExtensionParent.GlobalManager.getExtension(id);
  const db = await ExtensionStorageIDB.open(ExtensionStorageIDB.getStoragePrincipal(extension));
  await db.clear();
  await db.set(JSON.parse(JSON.stringify(options)));  // plain values, not the sandbox's
  return await db.get(null);
})().then(stored => resolve({ok: stored}), error => resolve({error: String(error)}));
"""

COMPOSE = """
const [fields, resolve] = arguments;
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
Services.io.offline = false;
const params = Cc["@mozilla.org/messengercompose/composeparams;1"].createInstance(Ci.nsIMsgComposeParams);
const composeFields = Cc["@mozilla.org/messengercompose/composefields;1"].createInstance(Ci.nsIMsgCompFields);
composeFields.to = fields.to;
composeFields.subject = fields.subject;
composeFields.body = fields.body;
for (const path of fields.attachments ?? []) {
  const file = Cc["@mozilla.org/file/local;1"].createInstance(Ci.nsIFile);
  file.initWithPath(path);
  const attachment = Cc["@mozilla.org/messengercompose/attachment;1"].createInstance(Ci.nsIMsgAttachment);
  attachment.url = Services.io.newFileURI(file).spec;
  attachment.name = file.leafName;
  attachment.size = file.fileSize;
  composeFields.addAttachment(attachment);
}
params.type = Ci.nsIMsgCompType.New;
params.format = fields.html ? Ci.nsIMsgCompFormat.HTML : Ci.nsIMsgCompFormat.PlainText;
params.identity = MailServices.accounts.defaultAccount.defaultIdentity;
params.composeFields = composeFields;
const before = new Set([...Services.wm.getEnumerator("msgcompose")]);
MailServices.compose.OpenComposeWindowWithParams(null, params);
const started = Date.now();
(function poll() {
  for (const win of Services.wm.getEnumerator("msgcompose")) {
    if (before.has(win)) continue;
    if (win.document.readyState === "complete" && win.gMsgCompose && win.composeEditorReady) {
      win.__mailauditTest = fields.subject;
      return resolve({ok: true});
    }
  }
  if (Date.now() - started > 30000) return resolve({error: "no compose window within 30 s"});
  setTimeout(poll, 100);
})();
"""

SEND = """
const [subject] = arguments;
for (const win of Services.wm.getEnumerator("msgcompose")) {
  if (win.__mailauditTest === subject) {
    win.goDoCommand("cmd_sendNow");
    return true;
  }
}
return false;
"""

COMPOSE_STATE = """
const [subject] = arguments;
for (const win of Services.wm.getEnumerator("msgcompose")) {
  if (win.__mailauditTest === subject && !win.closed) {
    return {open: true, sending: Boolean(win.gSendOperationInProgress || win.gWindowLocked),
            subject: win.document.getElementById("msgSubject")?.value};
  }
}
return {open: false};
"""

# The add-on's pages (the dialog, a popup window; the options, inside about:addons) run
# in the extension process, Thunderbird's default: a script that reads or clicks them
# is sent there through Marionette's own window actor. "exists", "mark" and "close"
# act on the chrome window that holds the page instead.
IN_PAGE = """
const [path, script, resolve] = arguments;
function* browsers(doc) {
  for (const browser of doc.querySelectorAll("browser")) {
    yield browser;
    if (!browser.isRemoteBrowser && browser.contentDocument) yield* browsers(browser.contentDocument);
  }
}
function find() {
  for (const win of Services.wm.getEnumerator(null)) {
    for (const browser of browsers(win.document)) {
      const url = browser.currentURI?.spec ?? "";
      if (url.startsWith("moz-extension://") && url.includes(path)) return {win, browser};
    }
  }
  return null;
}
const found = find();
if (!found) return resolve(null);
if (script === "exists") return resolve(true);
if (script === "mark") {
  found.win.__mailauditDialog = true;
  return resolve(true);
}
if (script === "close") {
  found.win.close();
  return resolve(true);
}
const global = found.browser.browsingContext?.currentWindowGlobal;
if (!global) return resolve({loading: true});
global.getActor("MarionetteCommands").executeScript(script, [], {})
  .then(value => resolve({value, title: found.win.document.title,
                          remote: found.browser.isRemoteBrowser}),
        error => resolve({error: String(error)}));
"""

OPEN_OPTIONS = """
const [id, resolve] = arguments;
const win = Services.wm.getMostRecentWindow("mail:3pane");
win.openAddonsMgr(`addons://detail/${encodeURIComponent(id)}/preferences`)
  .then(() => resolve(true), error => resolve(String(error)));
"""

STORED_OPTIONS = """
const [id, resolve] = arguments;
(async () => {
  const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
  const { ExtensionStorageIDB } = ChromeUtils.importESModule("resource://gre/modules/ExtensionStorageIDB.sys.mjs");
  const extension = ExtensionParent.GlobalManager.getExtension(id);
  const db = await ExtensionStorageIDB.open(ExtensionStorageIDB.getStoragePrincipal(extension));
  return await db.get(null);
})().then(resolve, error => resolve({error: String(error)}));
"""

READ_DIALOG = """
if (document.readyState !== "complete") return null;
const headline = document.getElementById("headline").textContent;
if (headline.startsWith("Checking")) return null;
const error = document.getElementById("error");
return {
  headline,
  error: error.hidden ? "" : error.textContent,
  rules: [...document.querySelectorAll(".finding .rule")].map(e => e.textContent),
  text: document.body.innerText,
  buttons: [...document.querySelectorAll("button")].map(b => b.textContent),
};
"""


# -- the world -------------------------------------------------------------------------

class Thunderbird:
    def __init__(self, client, sink: Sink, service_url: str, token: str, dead_port: int,
                 tmp: Path, log: Path):
        self.client = client
        self.sink = sink
        self.service_url = service_url
        self.token = token
        self.dead_port = dead_port
        self.tmp = tmp
        self.log = log

    def chrome(self, script: str, *args, asynchronous: bool = False):
        with self.client.using_context(self.client.CONTEXT_CHROME):
            if asynchronous:
                return self.client.execute_async_script(script, script_args=args,
                                                        script_timeout=int(DEADLINE * 1000))
            return self.client.execute_script(script, script_args=args)

    def set_options(self, **options) -> dict:
        answer = self.chrome(SET_OPTIONS, ADDON_ID, options, asynchronous=True)
        assert "ok" in answer, answer
        return answer["ok"]

    def compose(self, fields: dict) -> None:
        answer = self.chrome(COMPOSE, fields, asynchronous=True)
        assert answer.get("ok"), answer

    def send(self, fields: dict) -> None:
        assert self.chrome(SEND, fields["subject"]), "the compose window is gone"

    def compose_state(self, fields: dict) -> dict:
        return self.chrome(COMPOSE_STATE, fields["subject"])

    def in_page(self, path: str, script: str):
        """None when no such page is open, else {value} (or {error}) of script run in it."""
        return self.chrome(IN_PAGE, path, script, asynchronous=True)

    def in_dialog(self, script: str):
        return self.in_page("/dialog/dialog.html", script)

    def dialog(self) -> dict:
        def shown():
            state = self.in_dialog(READ_DIALOG)
            assert state is None or "error" not in state, state
            if not state or not state.get("value"):
                return None
            return {**state["value"], "title": state["title"], "remote": state["remote"]}
        try:
            return wait_until(shown, "the add-on's dialog")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; Thunderbird's log ends:\n{self.log_tail()}") from None

    def no_dialog(self) -> bool:
        return self.in_dialog("exists") is None

    def click(self, button: str) -> None:
        state = self.in_dialog(f"document.getElementById({json.dumps(button)}).click(); return true")
        assert state and state.get("value") is True, f"no dialog to click {button!r} in: {state}"

    def screenshot(self, path: Path) -> None:
        assert self.in_dialog("mark")
        client = self.client
        with client.using_context(client.CONTEXT_CHROME):
            original = client.current_chrome_window_handle
            try:
                for handle in client.chrome_window_handles:
                    client.switch_to_window(handle, focus=False)
                    if client.execute_script("return window.__mailauditDialog === true"):
                        path.write_bytes(client.screenshot(format="binary"))
                        return
            finally:
                client.switch_to_window(original, focus=False)
        raise AssertionError("no chrome window holds the dialog")

    def received(self, count: int) -> list[email.message.EmailMessage]:
        try:
            wait_until(lambda: len(self.sink.messages) >= count, f"{count} mail(s) at the sink")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; Thunderbird's log ends:\n{self.log_tail()}") from None
        return [email.message_from_bytes(data, policy=email.policy.default)
                for _, _, data in self.sink.messages]

    def lint_requests(self) -> int:
        return (self.tmp / "serve.log").read_text().count('"POST /v1/lint')

    def log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return "(no log)"


# Thunderbird logs every socket it opens and every name it resolves (MOZ_LOG, debug
# level); a request sent to the dead proxy still names its real origin.
MOZ_LOG = "nsSocketTransport:4,nsHostResolver:4"
SOCKET_LINE = re.compile(r"nsSocketTransport::Init \[this=\S+ host=(\S+):\d+ origin=(\S+):\d+")
RESOLVE_LINE = re.compile(r"Resolving host \[([^\]]*)\]")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def outside_hosts(log_dir: Path) -> set[str]:
    """Every host other than loopback that Thunderbird connected to or looked up."""
    hosts: set[str] = set()
    for path in log_dir.glob("moz*"):
        for line in path.read_text(errors="replace").splitlines():
            for match in (SOCKET_LINE.search(line), RESOLVE_LINE.search(line)):
                if match:
                    hosts.update(h for h in match.groups() if h and h not in LOOPBACK)
    return hosts


def start_xvfb(tmp: Path) -> tuple[subprocess.Popen, str]:
    xvfb = need("Xvfb", "xvfb")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x900x24", "-nolisten", "tcp",
         "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=(tmp / "xvfb.log").open("wb"),
        start_new_session=True)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        ready, _, _ = select.select([pipe], [], [], 30)
        number = pipe.readline().strip() if ready else ""
    if not number:
        stop(proc)
        pytest.skip(f"Xvfb did not start: {(tmp / 'xvfb.log').read_text()[-500:]}")
    return proc, f":{number}"


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def thunderbird(tmp_path_factory):
    binary = need("thunderbird", "thunderbird")
    need("Xvfb", "xvfb")
    tmp = tmp_path_factory.mktemp("thunderbird")
    home = tmp / "home"
    home.mkdir()

    xpi = tmp / "mailaudit.xpi"
    built = subprocess.run([str(ADDON / "build.sh"), str(xpi)], capture_output=True, text=True,
                           timeout=60)
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(xpi) as packed:
        assert "manifest.json" in packed.namelist()

    sink = Sink()
    smtp = aiosmtpd_controller.Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()

    config = tmp / "mailaudit.toml"
    config.write_text(f"[lint]\nselect = {SELECT}\n[serve]\ntoken_file = \"{tmp / 'serve-token'}\"\n")
    serve_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), LANG="C.UTF-8",
               MAILAUDIT_NETGUARD_LOG=os.environ.get("MAILAUDIT_NETGUARD_LOG", ""))
    serve = subprocess.Popen(
        [sys.executable, "-m", "mailaudit", "--config", str(config), "serve", "--port",
         str(serve_port), "--verbose"],
        env=env, stdout=subprocess.DEVNULL, stderr=(tmp / "serve.log").open("wb"),
        start_new_session=True)

    xvfb = tb = client = None
    log = tmp / "thunderbird.log"
    try:
        service_url = f"http://127.0.0.1:{serve_port}"

        def healthy():
            try:
                with socket.create_connection(("127.0.0.1", serve_port), timeout=1):
                    return (tmp / "serve-token").exists()
            except OSError:
                assert serve.poll() is None, (tmp / "serve.log").read_text()
                return False
        wait_until(healthy, "mailaudit serve to listen")
        token = (tmp / "serve-token").read_text().strip()

        xvfb, display = start_xvfb(tmp)
        marionette_port = free_port()
        dead_port = free_port()  # nothing listens here: the proxy and the missing service
        profile = tmp / "profile"
        write_profile(profile, profile_prefs(smtp.port, marionette_port, dead_port))
        tb_env = {k: v for k, v in os.environ.items() if not k.startswith("MAILAUDIT_")}
        tb_env.update(HOME=str(home), DISPLAY=display, LANG="C.UTF-8", TZ="Asia/Shanghai",
                      MOZ_CRASHREPORTER_DISABLE="1", MOZ_DISABLE_AUTO_SAFE_MODE="1",
                      XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
                      NO_AT_BRIDGE="1", MOZ_LOG=MOZ_LOG,
                      MOZ_LOG_FILE=str(tmp / "mozlog" / "moz"))
        (tmp / "mozlog").mkdir()
        tb_env.pop("WAYLAND_DISPLAY", None)
        tb = subprocess.Popen(
            [binary, "--no-remote", "--profile", str(profile), "--marionette",
             "--remote-allow-system-access"],
            env=tb_env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)

        def listening():
            if tb.poll() is not None:
                return "exited"
            try:
                with socket.create_connection(("127.0.0.1", marionette_port), timeout=1):
                    return "up"
            except OSError:
                return None
        try:
            state = wait_until(listening, "Thunderbird's Marionette port", deadline=90)
        except AssertionError:
            state = None
        if state != "up":
            pytest.skip(f"Thunderbird cannot start here ({'exited' if state else 'no Marionette'}); "
                        f"its output ends:\n{log.read_text(errors='replace')[-1500:]}")

        client = marionette.Marionette(host="127.0.0.1", port=marionette_port)
        client.start_session()
        world = Thunderbird(client, sink, service_url, token, dead_port, tmp, log)
        installed = world.chrome(INSTALL_FROM_FILE, str(xpi), asynchronous=True)
        assert installed.get("id") == ADDON_ID and not installed["temporary"], installed
        addon = wait_until(lambda: world.chrome(ADDON_STATE, ADDON_ID, asynchronous=True),
                           "the add-on to be known to Thunderbird")
        assert addon.get("active"), f"the add-on is installed but not active: {addon}\n{world.log_tail()}"
        wait_until(lambda: world.chrome(BACKGROUND_READY, ADDON_ID),
                   "the add-on's background page")
        yield world
    finally:
        if client is not None:
            with contextlib.suppress(Exception):  # Thunderbird is killed below anyway
                client.delete_session()
        stop(tb)
        stop(xvfb)
        stop(serve)
        smtp.stop()
    # Only once Thunderbird has stopped is its log complete.
    outside = outside_hosts(tmp / "mozlog")
    assert not outside, f"Thunderbird reached beyond loopback: {sorted(outside)}"


CLOSE_LEFTOVERS = """
for (const win of [...Services.wm.getEnumerator(null)]) {
  const type = win.document.documentElement.getAttribute("windowtype");
  const dialog = [...win.document.querySelectorAll("browser")]
    .some(b => (b.currentURI?.spec ?? "").includes("/dialog/dialog.html"));
  if (type === "msgcompose" || dialog) win.close();
}
"""


@pytest.fixture
def tb(thunderbird):
    # A failed test may leave a dialog or a draft open; the next one starts clean.
    thunderbird.chrome(CLOSE_LEFTOVERS)
    wait_until(thunderbird.no_dialog, "leftover dialogs to close")
    thunderbird.sink.messages.clear()
    thunderbird.set_options(serviceUrl=thunderbird.service_url, token=thunderbird.token)
    return thunderbird


# -- the scenarios ---------------------------------------------------------------------

def test_a_clean_chinese_mail_goes_out_as_thunderbird_wrote_it(tb):
    linted = tb.lint_requests()
    tb.compose(CLEAN)
    tb.send(CLEAN)
    [mail] = tb.received(1)
    assert tb.lint_requests() == linted + 1  # the add-on asked the service first
    assert tb.no_dialog()
    mail_from, rcpt_tos, data = tb.sink.messages[0]
    assert mail_from == "lilei@example.com" and rcpt_tos == ["han@example.com"]
    assert mail["Subject"] == CLEAN["subject"]
    assert mail["To"] == CLEAN["to"]
    assert mail.get_content().replace("\r\n", "\n").strip() == CLEAN["body"].strip()
    assert "X-Mailaudit" not in mail  # the add-on adds nothing to the mail
    # Thunderbird's own 8-bit UTF-8 body, line for line, as it put it on the wire.
    assert b"Content-Transfer-Encoding: 8bit" in data
    for line in CLEAN["body"].splitlines():
        assert line.encode() in data.replace(b"\r\n", b"\n")
    assert b"User-Agent: Mozilla Thunderbird" in data
    wait_until(lambda: not tb.compose_state(CLEAN)["open"], "the compose window to close")


def test_a_forgotten_attachment_stops_the_send_and_shows_the_rule(tb):
    tb.compose(FORGOT)
    tb.send(FORGOT)
    dialog = tb.dialog()
    assert dialog["remote"]  # the add-on runs as it does for everyone: in its own process
    assert dialog["title"].startswith("mailaudit: check before sending")
    assert dialog["rules"] == ["attachment-forgotten"], dialog
    assert "problem" in dialog["headline"]
    assert "见附件" in dialog["text"]          # the excerpt
    assert "Why:" in dialog["text"] and "What to do:" in dialog["text"]  # the explanation
    assert dialog["buttons"] == ["Back to the draft", "Send anyway"]
    # An X-Mailaudit header cannot reach the service from Thunderbird: not offered.
    assert "X-Mailaudit" not in dialog["text"] and "mailaudit.toml" in dialog["text"]
    shot = tb.tmp / "dialog.png"
    tb.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if SCREENSHOT:
        shutil.copy(shot, SCREENSHOT)
    time.sleep(2)  # a send that went on anyway would have reached the sink by now
    assert tb.sink.messages == []

    # Closing the dialog window counts as "Back to the draft": the send is cancelled,
    # the draft stays open and can be edited, nothing is sent.
    assert tb.in_dialog("close")
    wait_until(tb.no_dialog, "the dialog to close")
    wait_until(lambda: not tb.compose_state(FORGOT)["sending"], "the compose window to unlock")
    state = tb.compose_state(FORGOT)
    assert state["open"] and state["subject"] == FORGOT["subject"]
    time.sleep(1)
    assert tb.sink.messages == []

    # Send again, and this time "Send anyway": it goes out unchanged.
    tb.send(FORGOT)
    tb.dialog()
    tb.click("send")
    [mail] = tb.received(1)
    assert mail["Subject"] == FORGOT["subject"]
    assert "见附件" in mail.get_content()
    wait_until(lambda: not tb.compose_state(FORGOT)["open"], "the compose window to close")


def test_an_html_mail_with_the_file_attached_goes_out(tb):
    # The add-on reads the attachment list and the HTML body from Thunderbird.
    sheet = tb.tmp / "第三季度.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + b"\0" * 2048)
    fields = {**FORGOT, "subject": "第三季度投放数据（附表格）", "html": True,
              "body": "<p>韩梅梅你好，</p><p>第三季度的投放数据<b>见附件</b>，请周五前确认。</p>",
              "attachments": [str(sheet)]}
    linted = tb.lint_requests()
    tb.compose(fields)
    tb.send(fields)
    [mail] = tb.received(1)
    assert tb.lint_requests() == linted + 1
    assert tb.no_dialog()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == sheet.name
    assert attachment.get_content() == sheet.read_bytes()


def test_the_options_page_tests_the_connection_and_saves_the_token(tb):
    assert tb.chrome(OPEN_OPTIONS, ADDON_ID, asynchronous=True) is True
    page = "/options/options.html"

    def run(script: str):
        state = wait_until(lambda: tb.in_page(page, script), "the add-on's options page")
        assert "error" not in state, state
        return state["value"]

    def status_after(script: str) -> str:
        run('document.getElementById("status").textContent = ""; ' + script + "; return true")
        return wait_until(lambda: run('return document.getElementById("status").textContent'),
                          "the options page's answer")

    wait_until(lambda: run('return document.getElementById("serviceUrl").value'),
               "the options to load")
    set_token = f'document.getElementById("token").value = {json.dumps(" " + tb.token + " ")}'
    url = f'document.getElementById("serviceUrl").value = {json.dumps(tb.service_url)}'
    test = 'document.getElementById("test").click()'
    save = 'document.querySelector("button[type=submit]").click()'
    assert status_after(f'{url}; document.getElementById("token").value = "wrong"; {test}') == (
        "The service runs, but refused the token.")
    assert status_after(f"{url}; {set_token}; {test}").startswith("Connected: ")
    assert status_after(
        f'document.getElementById("serviceUrl").value = "http://mail.example.com:7425"; {save}'
    ) == "Not saved: the service URL must be 127.0.0.1, localhost or [::1]"
    assert status_after(f"{url}; {set_token}; {save}") == "Saved."
    stored = tb.chrome(STORED_OPTIONS, ADDON_ID, asynchronous=True)
    assert stored["token"] == tb.token and stored["serviceUrl"] == tb.service_url, stored


def test_a_wrong_token_is_reported_and_the_person_can_still_send(tb):
    tb.set_options(serviceUrl=tb.service_url, token="not-the-token")
    tb.compose(CLEAN)
    tb.send(CLEAN)
    dialog = tb.dialog()
    assert dialog["headline"] == "mailaudit could not check this mail."
    assert "refused the token" in dialog["error"] and "serve-token" in dialog["error"]
    assert "not-the-token" not in dialog["text"] and tb.token not in dialog["text"]
    tb.click("send")
    assert tb.received(1)[0]["Subject"] == CLEAN["subject"]


def test_without_the_service_the_add_on_says_so_and_lets_the_person_send(tb):
    # Nothing listens at the configured URL (the default choice, onError "ask").
    tb.set_options(serviceUrl=f"http://127.0.0.1:{tb.dead_port}", token=tb.token)
    tb.compose(CLEAN)
    tb.send(CLEAN)
    dialog = tb.dialog()
    assert dialog["headline"] == "mailaudit could not check this mail."
    assert "cannot reach it. Is `mailaudit serve` running?" in dialog["error"]
    assert tb.token not in dialog["text"]
    assert "mailaudit.toml" not in dialog["text"]  # the hint about rules is for findings only
    assert tb.sink.messages == []
    tb.click("send")
    [mail] = tb.received(1)
    assert mail["Subject"] == CLEAN["subject"]
    wait_until(lambda: not tb.compose_state(CLEAN)["open"], "the compose window to close")


class StalledService:
    """Accepts connections and reads the request; then says nothing, or only the
    status line and headers of an answer whose body never comes."""

    def __init__(self, headers: bool):
        self.headers = headers
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            with contextlib.suppress(OSError):
                conn.recv(65536)
                if self.headers:
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                 b"Content-Length: 100\r\n\r\n{\"findings\": [")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes accept(); close() alone does not
        for conn in [*self.held, self.sock]:
            conn.close()


@pytest.mark.parametrize("headers", [False, True], ids=["silent", "headers-then-nothing"])
def test_a_service_that_never_answers_does_not_hang_the_compose_window(tb, headers):
    # The add-on's timeout (here 2 s) ends the wait, whether nothing at all comes back
    # or the answer stops after its headers.
    stalled = StalledService(headers)
    try:
        tb.set_options(serviceUrl=f"http://127.0.0.1:{stalled.port}", token=tb.token,
                       timeoutMs=2000)
        tb.compose(CLEAN)
        started = time.monotonic()
        tb.send(CLEAN)
        dialog = tb.dialog()
        waited = time.monotonic() - started
    finally:
        stalled.close()
    assert "no answer within 2000 ms" in dialog["error"], dialog
    assert 1.5 < waited < 30, waited
    tb.click("back")
    wait_until(lambda: not tb.compose_state(CLEAN)["sending"], "the compose window to unlock")
    assert tb.compose_state(CLEAN)["open"] and tb.sink.messages == []
    tb.send(CLEAN)  # the service is gone now: refused at once, asked again
    assert "cannot reach it" in tb.dialog()["error"]
    tb.click("send")
    assert tb.received(1)[0]["Subject"] == CLEAN["subject"]
