"""DKIM verification of a message as it arrived, with a result worth keeping.

dkimpy answers True/False and logs why; for evidence we need the reason, and
we must tell "the signature is wrong" (fail) from "we could not ask DNS"
(temperror: retry later with `mailaudit evidence verify --dkim`). So the DNS
lookup goes through a wrapper that notes what happened, and the resolver is a
parameter (`dnsfunc(name: bytes, timeout=...) -> bytes | None`), which is how
tests resolve a key made at test time without any network.

The key record that was fetched is kept in the result: selectors get rotated
and their keys withdrawn, so months later DNS may no longer hold the key that
proves a signature.

Results, as in Authentication-Results (RFC 8601):
  pass       a signature verifies: the signing domain sent exactly these bytes
  fail       a signature does not verify (body or headers changed, expired)
  none       the message carries no DKIM-Signature
  temperror  DNS could not be asked (timeout, no resolver, SERVFAIL)
  permerror  the signature cannot be evaluated (malformed, no key published)
With several signatures the best one counts: pass > temperror > fail > permerror,
and among equals one aligned with From and covering the whole body.

A pass says less than it seems in two cases, so both are recorded: the signing
domain may be unrelated to From (`aligned`: strict = same domain, relaxed =
same organisational domain, no), and the signature may cover only the first
`l=` bytes of the body, so text appended after them is not signed at all
(`body_length`, and `signed_part()` for what is covered).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from email.utils import getaddresses
from typing import Any

import dkim

DnsFunc = Callable[..., bytes | None]
RESULT_ORDER = ("pass", "temperror", "fail", "permerror", "none")
DEFAULT_TIMEOUT = 5.0
_SIG_HEADER = re.compile(rb"^dkim-signature\s*:", re.IGNORECASE | re.MULTILINE)


class DnsUnavailable(Exception):
    """DNS could not answer (not: the name has no record)."""


@dataclass
class SignatureResult:
    result: str
    domain: str | None = None
    selector: str | None = None
    reason: str = ""
    key: str | None = None  # the TXT record used, as fetched
    body_length: int | None = None  # l=: only this many bytes of the canonical body are signed
    body_size: int | None = None  # bytes of the canonical body (what l= is counted against)
    canonicalization: str | None = None  # c=, needed to tell what l= covers


@dataclass
class DkimResult:
    result: str  # pass | fail | none | temperror | permerror
    domain: str | None = None
    selector: str | None = None
    reason: str = ""
    checked_at: str = ""
    signatures: list[SignatureResult] = field(default_factory=list)
    from_domain: str | None = None  # of the From header
    aligned: str | None = None  # d= vs From: strict | relaxed | no (None: no d= or no From)
    body_length: int | None = None  # l= of the counting signature, when it cuts the body short

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def partial(self) -> bool:
        """A passing signature that leaves the end of the body unsigned."""
        return self.result == "pass" and self.body_length is not None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DkimResult:
        known = set(SignatureResult.__dataclass_fields__)  # a newer writer may add fields
        sigs = [
            SignatureResult(**{k: v for k, v in s.items() if k in known})
            for s in data.get("signatures") or []
            if isinstance(s, dict) and "result" in s
        ]
        return cls(
            result=data["result"],
            domain=data.get("domain"),
            selector=data.get("selector"),
            reason=data.get("reason", ""),
            checked_at=data.get("checked_at", ""),
            signatures=sigs,
            from_domain=data.get("from_domain"),
            aligned=data.get("aligned"),
            body_length=data.get("body_length"),
        )


# After DNS failed to answer, further lookups in this process fail at once for a
# while: a scan of an archive while offline would otherwise wait `timeout` for
# every signed placement mail. They are recorded as temperror all the same.
DNS_DOWN_SECONDS = 120.0
_dns_down_until = 0.0


def system_dnsfunc(name: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes | None:
    """TXT lookup through dnspython. No record -> None; no answer at all -> DnsUnavailable."""
    global _dns_down_until
    if time.monotonic() < _dns_down_until:
        raise DnsUnavailable("DNS did not answer a moment ago; not asked again yet")
    try:
        return _resolve_txt(name, timeout)
    except DnsUnavailable:
        _dns_down_until = time.monotonic() + DNS_DOWN_SECONDS
        raise


def resolver_dnsfunc(nameservers: list[str]) -> DnsFunc:
    """A TXT lookup asking these nameservers instead of the system's
    (`[evidence] dns_servers`); same answers and back-off as system_dnsfunc."""

    def lookup(name: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes | None:
        global _dns_down_until
        if time.monotonic() < _dns_down_until:
            raise DnsUnavailable("DNS did not answer a moment ago; not asked again yet")
        try:
            return _resolve_txt(name, timeout, nameservers)
        except DnsUnavailable:
            _dns_down_until = time.monotonic() + DNS_DOWN_SECONDS
            raise

    return lookup


# Set (to anything) to keep every DKIM lookup off the network: the test suite
# does, so that no test ever asks a real resolver.
NO_DNS_ENV = "MAILAUDIT_NO_DNS"


def _resolve_txt(name: bytes, timeout: float, nameservers: list[str] | None = None) -> bytes | None:
    import dns.exception
    import dns.rdatatype
    import dns.resolver

    if os.environ.get(NO_DNS_ENV):
        raise DnsUnavailable(f"DNS lookups are off (${NO_DNS_ENV} is set)")
    try:
        qname = name.decode("ascii") if isinstance(name, bytes) else name
    except UnicodeDecodeError:
        return None
    try:
        if nameservers:
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = list(nameservers)
        else:
            resolver = dns.resolver.get_default_resolver()
        answer = resolver.resolve(
            qname, dns.rdatatype.TXT, raise_on_no_answer=False, lifetime=timeout
        )
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return None
    except (
        dns.exception.Timeout,
        dns.resolver.NoNameservers,
        dns.resolver.NoResolverConfiguration,
        dns.resolver.LifetimeTimeout,
    ) as exc:
        raise DnsUnavailable(f"{type(exc).__name__}: {exc}") from None
    except OSError as exc:  # network unreachable
        raise DnsUnavailable(str(exc)) from None
    for rrset in answer.response.answer:
        if rrset.rdtype == dns.rdatatype.TXT:
            return b"".join(next(iter(rrset)).strings)
    return None


class _ReasonLog(logging.Handler):
    """Collects what dkimpy logs at error level: its only account of a False."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _text(value: bytes | str | None) -> str | None:
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    return value or None


def _verify_one(raw: bytes, idx: int, dnsfunc: DnsFunc, timeout: float) -> SignatureResult:
    seen: dict[str, Any] = {}

    def lookup(name: bytes, timeout: float = timeout) -> bytes | None:
        seen["name"] = _text(name)
        try:
            txt = dnsfunc(name, timeout=timeout)
        except (DnsUnavailable, dkim.DnsTimeoutError) as exc:
            seen["unavailable"] = str(exc) or type(exc).__name__
            raise dkim.DnsTimeoutError(seen["unavailable"]) from None
        if isinstance(txt, str):
            txt = txt.encode()
        seen["key"] = txt
        return txt

    log = logging.getLogger(f"mailaudit.dkim.{id(seen)}")
    log.propagate = False
    handler = _ReasonLog()
    log.addHandler(handler)
    verifier = dkim.DKIM(raw, logger=log, timeout=timeout)
    out = SignatureResult("permerror")
    try:
        ok = verifier.verify(idx=idx, dnsfunc=lookup)
    except dkim.ValidationError as exc:
        reason = str(exc)
        if "x= value is past" in reason:  # dkimpy's wording for an expired signature
            reason = f"signature expired ({reason})"
        # A changed body or an expired signature is a verdict on the message: a plain fail.
        out.result = "fail" if "body hash mismatch" in reason or "expired" in reason else "permerror"
        out.reason = reason
        ok = None
    except Exception as exc:  # DKIMException, or a parser choking on a broken header
        out.reason = f"{type(exc).__name__}: {exc}"
        ok = None
    finally:
        log.removeHandler(handler)
    # The tags as parsed, before dkimpy's own defaults fill in ("default" selector).
    tags = getattr(verifier, "signature_fields", None) or {}
    out.domain = _text(tags.get(b"d"))
    out.selector = _text(tags.get(b"s"))
    out.key = _text(seen.get("key"))
    out.canonicalization = _text(tags.get(b"c")) or "simple/simple"
    if tags.get(b"l") is not None:
        with contextlib.suppress(ValueError):
            out.body_length = int(tags[b"l"])
    with contextlib.suppress(Exception):  # a malformed c= is already a permerror
        out.body_size = len(_canonical_body(verifier.body, out.canonicalization))
    if ok is True:
        out.result, out.reason = "pass", ""
    elif ok is False:
        if "unavailable" in seen:
            out.result = "temperror"
            out.reason = f"DNS unavailable for {seen.get('name')}: {seen['unavailable']}"
        elif "name" in seen and seen.get("key") is None:
            out.result = "permerror"
            out.reason = f"no key published at {seen['name']}"
        elif handler.messages and "key" not in seen:
            out.result, out.reason = "permerror", handler.messages[-1]
        else:
            out.result = "fail"
            out.reason = handler.messages[-1] if handler.messages else "signature does not verify"
            if "KeyFormatError" in out.reason or "public key" in out.reason:
                out.result = "permerror"
    return out


def _canonical_body(body: bytes, c_value: str) -> bytes:
    from dkim.canonicalization import CanonicalizationPolicy

    return CanonicalizationPolicy.from_c_value(c_value.encode("ascii")).canonicalize_body(body)


def _cuts(sig: SignatureResult) -> bool:
    """Does the signature's l= leave part of the body unsigned?"""
    return sig.body_length is not None and (sig.body_size is None or sig.body_length < sig.body_size)


_SECOND_LEVEL = {"ac", "co", "com", "edu", "gov", "net", "org", "or", "ne", "go", "mil", "gob"}


def organisational_domain(domain: str) -> str:
    """Approximates the public-suffix rule without its list: the last two
    labels, three under a country code's second level (example.co.uk)."""
    labels = domain.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def alignment(d: str | None, from_domain: str | None) -> str | None:
    """strict (d= is the From domain), relaxed (same organisational domain), or no."""
    if not d or not from_domain:
        return None
    d, f = d.lower().rstrip("."), from_domain.lower().rstrip(".")
    if d == f:
        return "strict"
    return "relaxed" if organisational_domain(d) == organisational_domain(f) else "no"


def from_domain_of(raw: bytes) -> str | None:
    """The domain of the (first) From address, read from the raw header."""
    try:
        headers, _ = dkim.rfc822_parse(raw)
    except Exception:
        return None
    for name, value in headers:
        if name.lower() == b"from":
            text = value.decode("utf-8", "replace").replace("\r\n", "")
            for _, addr in getaddresses([text]):
                if "@" in addr:
                    return addr.rsplit("@", 1)[1].strip().lower() or None
            return None
    return None


def _rank(sig: SignatureResult, from_domain: str | None) -> tuple[int, int, int]:
    aligned = alignment(sig.domain, from_domain)
    return (
        RESULT_ORDER.index(sig.result),
        {"strict": 0, "relaxed": 1}.get(aligned or "", 2),
        1 if _cuts(sig) else 0,
    )


def check_dkim(
    raw: bytes,
    *,
    dnsfunc: DnsFunc | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    now: Callable[[], str] | None = None,
) -> DkimResult:
    """Verify every DKIM-Signature of `raw`; never raises."""
    checked_at = (now or utc_now)()
    count = len(_SIG_HEADER.findall(raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]))
    sender_domain = from_domain_of(raw)
    if count == 0:
        return DkimResult("none", reason="no DKIM-Signature header", checked_at=checked_at,
                          from_domain=sender_domain)
    sigs = [_verify_one(raw, i, dnsfunc or system_dnsfunc, timeout) for i in range(count)]
    best = min(sigs, key=lambda s: _rank(s, sender_domain))
    return DkimResult(
        result=best.result,
        domain=best.domain,
        selector=best.selector,
        reason=best.reason,
        checked_at=checked_at,
        signatures=sigs,
        from_domain=sender_domain,
        aligned=alignment(best.domain, sender_domain),
        body_length=best.body_length if _cuts(best) else None,
    )


def signed_part(raw: bytes, result: DkimResult | dict[str, Any]) -> bytes | None:
    """The message as far as its passing signature covers it (headers and the
    first l= bytes of the canonical body), or None when the whole body is
    signed or nothing passed."""
    if isinstance(result, dict):
        result = DkimResult.from_dict(result)
    if not result.partial:
        return None
    sig = next((s for s in result.signatures if s.result == "pass" and _cuts(s)
                and s.domain == result.domain and s.selector == result.selector), None)
    if sig is None or sig.body_length is None:
        return None
    try:
        headers, body = dkim.rfc822_parse(raw)
        canonical = _canonical_body(body, sig.canonicalization or "simple/simple")
    except Exception:
        return None
    head = b"".join(name + b":" + value for name, value in headers)
    return head + b"\r\n" + canonical[: sig.body_length]


def key_lookup(result: DkimResult | dict[str, Any]) -> DnsFunc:
    """A resolver answering with the key records kept in `result` (the ones
    DNS published at intake): verifies the signature offline, months later."""
    if isinstance(result, dict):
        result = DkimResult.from_dict(result)
    keys = {
        f"{s.selector}._domainkey.{s.domain}".lower().rstrip("."): s.key
        for s in result.signatures
        if s.key and s.domain and s.selector
    }

    def lookup(name: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes | None:
        text = _text(name) or ""
        key = keys.get(text.lower().rstrip("."))
        if key is None:
            raise DnsUnavailable(f"no key record was kept for {text}")
        return key.encode("ascii", "replace")

    return lookup


_CLOCK_LOCK = threading.RLock()  # re-entrant: a re-check may run inside a test's clock


@contextlib.contextmanager
def dkim_clock(epoch: float) -> Iterator[None]:
    """Let dkimpy judge t= and x= as of `epoch` (its only clock is time.time()):
    a signature that was valid at intake and has expired since still proves
    what it proved then."""
    shim = type("Clock", (), {"time": staticmethod(lambda: epoch)})
    with _CLOCK_LOCK:
        real = dkim.time
        dkim.time = shim
        try:
            yield
        finally:
            dkim.time = real


def recheck_offline(raw: bytes, recorded: dict[str, Any], timeout: float = DEFAULT_TIMEOUT) -> DkimResult:
    """Verify `raw` again against the key records kept in `recorded`, with no
    DNS; an expiry is judged as of the original check."""
    lookup = key_lookup(recorded)
    result = check_dkim(raw, dnsfunc=lookup, timeout=timeout, now=lambda: recorded.get("checked_at", ""))
    if result.result == "fail" and "expired" in result.reason and recorded.get("checked_at"):
        with contextlib.suppress(ValueError):
            then = datetime.strptime(recorded["checked_at"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
            with dkim_clock(then.timestamp()):
                again = check_dkim(raw, dnsfunc=lookup, timeout=timeout, now=lambda: recorded["checked_at"])
            if again.result == "pass":
                again.reason = "valid when taken in; the signature has expired since"
                return again
    return result


OUTSIDE = "outside the DKIM-signed text: not DKIM-backed"


def dkim_notes(dkim: dict[str, Any] | None, signed: bool | None) -> list[str]:
    """What a reader must know besides the result, in plain words (show,
    export): alignment with From, a signed body length, and whether this
    instruction is inside the signed text."""
    dkim = dkim or {}
    notes = []
    aligned, sender = dkim.get("aligned"), dkim.get("from_domain")
    if dkim.get("result") == "pass" and aligned == "strict":
        notes.append(f"aligned with From ({sender}): the same domain")
    elif dkim.get("result") == "pass" and aligned == "relaxed":
        notes.append(f"aligned with From ({sender}): relaxed, the same organisational domain")
    elif dkim.get("result") == "pass" and aligned == "no":
        notes.append(f"NOT aligned with From ({sender}): signed by another domain, which says nothing of the sender")
    if dkim.get("result") == "pass" and dkim.get("body_length") is not None:
        notes.append(f"the signature covers only the first {dkim['body_length']} bytes of the body (l=)")
    if signed is False:
        notes.append(f"this instruction lies {OUTSIDE}")
    elif signed is True and dkim.get("body_length") is not None:
        notes.append("this instruction lies within the signed text")
    return notes


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = [
    "DkimResult",
    "DnsUnavailable",
    "NO_DNS_ENV",
    "OUTSIDE",
    "dkim_notes",
    "SignatureResult",
    "alignment",
    "check_dkim",
    "dkim_clock",
    "from_domain_of",
    "key_lookup",
    "organisational_domain",
    "recheck_offline",
    "resolver_dnsfunc",
    "signed_part",
    "system_dnsfunc",
]
