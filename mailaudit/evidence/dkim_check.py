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
With several signatures the best one counts: pass > temperror > fail > permerror.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
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


@dataclass
class DkimResult:
    result: str  # pass | fail | none | temperror | permerror
    domain: str | None = None
    selector: str | None = None
    reason: str = ""
    checked_at: str = ""
    signatures: list[SignatureResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DkimResult:
        sigs = [SignatureResult(**s) for s in data.get("signatures") or []]
        return cls(
            result=data["result"],
            domain=data.get("domain"),
            selector=data.get("selector"),
            reason=data.get("reason", ""),
            checked_at=data.get("checked_at", ""),
            signatures=sigs,
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


def _resolve_txt(name: bytes, timeout: float) -> bytes | None:
    import dns.exception
    import dns.rdatatype
    import dns.resolver

    try:
        qname = name.decode("ascii") if isinstance(name, bytes) else name
    except UnicodeDecodeError:
        return None
    try:
        answer = dns.resolver.resolve(
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
        # A body hash mismatch is the content having changed: a plain fail.
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
    if count == 0:
        return DkimResult("none", reason="no DKIM-Signature header", checked_at=checked_at)
    sigs = [_verify_one(raw, i, dnsfunc or system_dnsfunc, timeout) for i in range(count)]
    best = min(sigs, key=lambda s: RESULT_ORDER.index(s.result))
    return DkimResult(
        result=best.result,
        domain=best.domain,
        selector=best.selector,
        reason=best.reason,
        checked_at=checked_at,
        signatures=sigs,
    )


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = ["DkimResult", "DnsUnavailable", "SignatureResult", "check_dkim", "system_dnsfunc"]
