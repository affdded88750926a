"""The web application: routes, the checks every request goes through (who is
asking, may they, which language), and the headers every answer carries.

Pages are Jinja2 templates with autoescaping on; mail is hostile input and is
only ever shown as escaped text. Every page has a JSON twin (`?format=json`, or
the same path under `/api/`). The store is opened read-only, one connection per
worker thread (SQLite connections stay in the thread that made them).
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..config import Settings
from ..errors import MailauditError
from ..store.browse import open_read_only
from ..store.store import Store
from .auth import SESSION_COOKIE, Auth
from .i18n import LANG_COOKIE, LANGS, label, pick_lang, t

CSP = ("default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer a browser posts `Origin: null`,
    # and the origin is what tells our own forms from another site's.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
PUBLIC_PATHS = ("/login", "/static/")
LOG = logging.getLogger("mailaudit.web")


@dataclass
class WebConfig:
    db: Path
    settings: Settings = field(default_factory=Settings)
    auth: Auth = field(default_factory=Auth)
    oplog: Path | None = None  # the ad server's operation log, for reconciliation
    secure_cookies: bool = False  # Secure flag even on plain http (behind a TLS proxy)


class StoreHandles:
    """One read-only Store per thread, opened on first use."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_read_only(self.path)
            self._local.store = store
        return store


class WebError(Exception):
    """A page that cannot be shown: its status and one line for the reader."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- helpers
def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.query_params.get("format") == "json"


def with_params(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k != "format"]
    for key, value in changes.items():
        if value is None or value == "":
            continue
        params.extend((key, str(v)) for v in (value if isinstance(value, list) else [value]))
    query = urllib.parse.urlencode(params)
    path = request.url.path.removeprefix("/api")
    return path + ("?" + query if query else "")


def json_url(request: Request) -> str:
    path = request.url.path
    api = path if path.startswith("/api/") else "/api" + (path if path != "/" else "/home")
    return api + ("?" + request.url.query if request.url.query else "")


def render(request: Request, template: str, context: dict[str, Any], data: Any, status: int = 200) -> Response:
    """The page, or its JSON twin."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    lang = request.state.lang
    base = {
        "request": request,
        "lang": lang,
        "t": lambda key, **kw: t(key, lang, **kw),
        "label": lambda text: label(text, lang),
        "user": request.state.user,
        "auth_required": request.app.state.config.auth.required,
        "url": lambda **kw: with_params(request, **kw),
        "json_url": json_url(request),
        "other_lang": "en" if lang == "zh" else "zh",
    }
    return request.app.state.templates.TemplateResponse(request, template, {**base, **context}, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, None, status)


# ------------------------------------------------------------- middleware
class Gate(BaseHTTPMiddleware):
    """Language, user, access and the security headers, for every request."""

    async def dispatch(self, request: Request, call_next) -> Response:
        started = time.perf_counter()
        config: WebConfig = request.app.state.config
        auth = config.auth
        asked_lang = request.query_params.get("lang")
        request.state.lang = pick_lang(asked_lang, request.cookies.get(LANG_COOKIE),
                                       request.headers.get("accept-language"))
        client = request.client.host if request.client else None
        request.state.user = auth.header_user(client, request.headers) or auth.session_user(
            request.cookies.get(SESSION_COOKIE))
        path = request.url.path
        if request.method not in ("GET", "HEAD") and not _same_origin(request):
            response: Response = JSONResponse({"error": "cross-site request refused"}, status_code=403)
        elif auth.required and request.state.user is None and not path.startswith(PUBLIC_PATHS):
            if wants_json(request):
                response = JSONResponse({"error": "log in first"}, status_code=401)
            else:
                target = path + ("?" + request.url.query if request.url.query else "")
                response = RedirectResponse("/login?" + urllib.parse.urlencode({"next": target}), status_code=303)
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        if not path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        # How long the server took, for the browser's devtools and bench/bench_web.py.
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        if asked_lang in LANGS:
            response.set_cookie(LANG_COOKIE, asked_lang, max_age=365 * 86400, samesite="lax",
                                httponly=True, secure=_secure(request))
        return response


def _same_origin(request: Request) -> bool:
    """A form posted from another site (login CSRF, forced logout) is refused;
    browsers always send Origin on a cross-site POST."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urllib.parse.urlsplit(origin).netloc == request.headers.get("host")


def _secure(request: Request) -> bool:
    """Cookies only over TLS when the page is reached over TLS (also through a
    trusted proxy that says so), or when the config says it always is."""
    config: WebConfig = request.app.state.config
    client = request.client.host if request.client else None
    proxied_tls = (client in config.auth.trusted_proxies
                   and request.headers.get("x-forwarded-proto", "").lower() == "https")
    return request.url.scheme == "https" or proxied_tls or config.secure_cookies


# ----------------------------------------------------------------- routes
def home(request: Request) -> Response:
    from ..store.browse import store_counts

    counts = store_counts(request.app.state.stores.get().db)
    return render(request, "home.html", {"counts": counts}, {"counts": counts})


async def login_page(request: Request) -> Response:
    return render(request, "login.html", {"next": _safe_next(request.query_params.get("next")), "failed": None},
                  {"login": "POST user, password as a form"})


async def login_post(request: Request) -> Response:
    config: WebConfig = request.app.state.config
    auth = config.auth
    form = await request.form()
    user, password = str(form.get("user") or ""), str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or "/"))
    client = request.client.host if request.client else "?"
    if auth.throttled(client):
        return render(request, "login.html", {"next": target, "failed": "login_throttled"},
                      {"error": "too many failed logins"}, 429)
    if not config.auth.users or not auth.check_password(user, password):
        auth.failed(client)
        return render(request, "login.html", {"next": target, "failed": "login_failed"},
                      {"error": "wrong user name or password"}, 401)
    # A fresh session id at every login: a cookie planted before is never upgraded.
    auth.revoke(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, auth.new_session(user), max_age=auth.session_seconds,
                        httponly=True, samesite="lax", secure=_secure(request), path="/")
    return response


async def logout(request: Request) -> Response:
    request.app.state.config.auth.revoke(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never `//evil.example` or `https://...`."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


async def handle_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, WebError):
        return error_page(request, exc.status, str(exc))
    if isinstance(exc, MailauditError):
        return error_page(request, 400, exc.line())
    LOG.error("%s %s: %s", request.method, request.url.path, exc, exc_info=exc)
    return error_page(request, 500, "internal error (see the server's log)")


async def not_found(request: Request, exc: Exception) -> Response:
    if not hasattr(request.state, "lang"):
        request.state.lang, request.state.user = "en", None
    return error_page(request, getattr(exc, "status_code", 404), t("not_found", request.state.lang))


def create_app(config: WebConfig) -> Starlette:
    from .evidence_pages import evidence_bundle, evidence_eml, evidence_record, evidence_search
    from .mail_pages import mail_list, mail_message, report_page

    pages = [
        ("/", home, "/api/home"),
        ("/evidence", evidence_search, "/api/evidence"),
        ("/evidence/{record_id:int}", evidence_record, "/api/evidence/{record_id:int}"),
        ("/mail", mail_list, "/api/mail"),
        ("/mail/{sha256:str}", mail_message, "/api/mail/{sha256:str}"),
        ("/report", report_page, "/api/report"),
    ]
    routes = []
    for path, endpoint, api in pages:
        routes += [Route(path, endpoint), Route(api, endpoint)]
    routes += [
        Route("/evidence/{record_id:int}/original.eml", evidence_eml),
        Route("/evidence/{record_id:int}/bundle.zip", evidence_bundle),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login_post, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("mailaudit.web", "static")]), name="static"),
    ]
    env = Environment(loader=PackageLoader("mailaudit.web", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Gate)],
        exception_handlers={404: not_found, 405: not_found, Exception: handle_error,
                            MailauditError: handle_error, WebError: handle_error},
    )
    app.state.config = config
    app.state.templates = Jinja2Templates(env=env)
    app.state.stores = StoreHandles(config.db)
    app.state.cache = {}
    return app


__all__ = ["CSP", "StoreHandles", "WebConfig", "WebError", "create_app", "render", "wants_json", "with_params"]
