"""Client side of authentication: send the token the way the spec's security scheme says, log in and
refresh through the vendor's flow (``x-pbx-auth``) when credentials are given."""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import jsonpointer

from conformance.engine.redact import Redactor
from conformance.errors import ConfigError, TargetConnectionError

CredentialMode = Literal["valid", "none", "wrong"]
WRONG_TOKEN = "pbx-conformance-wrong-token"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Credentials:
    """What the user gave: a token, and/or a username and password (for the login flow or HTTP basic), and
    headers to send on every request (``--header``; their values are secrets like tokens)."""

    token: str | None = None
    username: str | None = None
    password: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def can_login(self) -> bool:
        return bool(self.username and self.password)


@dataclass(frozen=True)
class Placement:
    """Where a token travels: a header (with a prefix), a query parameter or a cookie. ``basic``: the token
    is the base64 of ``username:password`` (HTTP basic)."""

    location: Literal["header", "query", "cookie"]
    name: str
    prefix: str = ""
    basic: bool = False


def _requirements(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Security requirements: the document's, else those of its operations (in document order)."""
    found = list(document.get("security") or [])
    for item in (document.get("paths") or {}).values():
        for op in (item.values() if isinstance(item, dict) else ()):
            if isinstance(op, dict):
                found += list(op.get("security") or [])
    return found


def token_placement(document: dict[str, Any]) -> Placement | None:
    """The placement of the first security scheme the spec requires (None: no authentication)."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for requirement in _requirements(document):
        for name in requirement:
            scheme = schemes.get(name) or {}
            kind, http_scheme = scheme.get("type"), str(scheme.get("scheme", "")).lower()
            if kind == "http" and http_scheme == "basic":
                return Placement("header", "Authorization", "Basic ", basic=True)
            if (kind == "http" and http_scheme == "bearer") or kind in ("oauth2", "openIdConnect"):
                return Placement("header", "Authorization", "Bearer ")
            if kind == "apiKey":
                where = scheme.get("in")
                return Placement(where if where in ("query", "cookie") else "header", str(scheme.get("name")))
    return None


def _basic(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def _fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, str):
        whole = _PLACEHOLDER.fullmatch(template)
        if whole:
            return values.get(whole.group(1))
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), template)
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    return template


def _lifetime_seconds(values: dict[str, Any], now: Callable[[], float] = time.time) -> float | None:
    """Token lifetime from whichever of ``expires_in`` / ``expires_in_minutes`` / ``expires_at`` was saved."""
    try:
        if values.get("expires_in") is not None:
            return float(values["expires_in"])
        if values.get("expires_in_minutes") is not None:
            return 60.0 * float(values["expires_in_minutes"])
        if values.get("expires_at") is not None:
            return max(0.0, float(values["expires_at"]) - now())
    except (TypeError, ValueError):
        return None
    return None


class Authenticator:
    """Supplies credentials for requests; logs in and refreshes when it has a username and password."""

    def __init__(
        self,
        document: dict[str, Any],
        base_url: str,
        credentials: Credentials,
        redactor: Redactor,
        send: Callable[[httpx.Request], httpx.Response],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.placement = token_placement(document)
        self._flows = document.get("x-pbx-auth") or {}
        self._envelope = (document.get("x-pbx-errors") or {}).get("envelope")
        self._base = base_url.rstrip("/")
        self._credentials = credentials
        self._redactor = redactor
        self._send = send
        self._clock = clock
        self._lock = threading.Lock()
        self._token: str | None = credentials.token
        self._saved: dict[str, Any] = {}
        self._expires_at: float | None = None
        for secret in (credentials.token, credentials.password, *(value for _, value in credentials.headers)):
            redactor.add(secret)
        if credentials.username and credentials.password:
            redactor.add(_basic(credentials.username, credentials.password))

    @property
    def required(self) -> bool:
        return self.placement is not None

    @property
    def credentials(self) -> Credentials:
        return self._credentials

    @contextmanager
    def placed(self, placement: Placement) -> Iterator[None]:
        """Send the token at ``placement`` for the duration (placement probes)."""
        saved, self.placement = self.placement, placement
        try:
            yield
        finally:
            self.placement = saved

    def token(self) -> str | None:
        with self._lock:
            if self._credentials.can_login and (self._token is None or self._expired()):
                self._obtain()
            return self._token

    def _expired(self) -> bool:
        return self._expires_at is not None and self._clock() >= self._expires_at

    def invalidate(self) -> bool:
        """Forget the current token (after the target refused it); True when a new one can be obtained."""
        with self._lock:
            if not self._credentials.can_login:
                return False
            self._token = None
            return True

    def _obtain(self) -> None:
        refresh = self._flows.get("refresh")
        if refresh and self._saved.get("refresh_token"):
            try:
                self._run_steps(refresh, "refresh")
                return
            except ConfigError:
                self._saved.pop("refresh_token", None)
        if not self._flows.get("login"):
            raise ConfigError("this spec documents no login flow; give a token instead")
        self._run_steps(self._flows["login"], "login")

    def _run_steps(self, steps: list[dict[str, Any]], flow: str) -> None:
        values: dict[str, Any] = {
            "username": self._credentials.username,
            "password": self._credentials.password,
            **self._saved,
        }
        for step in steps:
            url = self._base + step["path"]
            body = _fill(step.get("json"), values) if step.get("json") is not None else None
            request = httpx.Request(
                step["method"], url, params=_fill(step.get("query") or {}, values), headers=step.get("headers") or {},
                content=json.dumps(body).encode() if body is not None else None,
            )
            if body is not None:
                request.headers["Content-Type"] = "application/json"
            try:
                response = self._send(request)
            except httpx.HTTPError as exc:
                where = self._redactor.url(url)
                raise TargetConnectionError(f"{flow} at {where} failed: {type(exc).__name__}") from None
            answer = self._parse(response, flow, url)
            for name, pointer in (step.get("save") or {}).items():
                try:
                    value = jsonpointer.resolve_pointer(answer, pointer)
                except jsonpointer.JsonPointerException:
                    raise ConfigError(f"{flow} answer has nothing at {pointer}") from None
                values[name] = value
                if isinstance(value, str):
                    self._redactor.add(value)
        self._saved = {k: v for k, v in values.items() if k not in ("username", "password")}
        self._token = str(values["token"]) if values.get("token") is not None else None
        lifetime = _lifetime_seconds(values) or self._flows.get("token_lifetime_seconds")
        self._expires_at = self._clock() + 0.8 * float(lifetime) if lifetime else None

    def _parse(self, response: httpx.Response, flow: str, url: str) -> Any:
        if response.status_code >= 400:
            raise ConfigError(f"{flow} at {self._redactor.url(url)} refused: HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            raise ConfigError(f"{flow} at {self._redactor.url(url)} did not answer JSON") from None
        if self._envelope and isinstance(answer, dict):
            code = jsonpointer.resolve_pointer(answer, self._envelope["field"], None)
            if code is not None and code not in self._envelope["success"]:
                raise ConfigError(f"{flow} at {self._redactor.url(url)} refused: {self._envelope['field']}={code}")
        return answer

    def apply(self, headers: dict[str, str], params: dict[str, Any], mode: CredentialMode = "valid") -> None:
        """Add the ``--header`` headers and credentials of ``mode`` to a request's headers or query parameters."""
        placement = self.placement
        for name, value in self._credentials.headers:
            if placement is not None and placement.location == "header" and name.lower() == placement.name.lower() \
                    and mode != "valid":  # the token given as a header: left out, or wrong
                if mode == "wrong":
                    headers[name] = placement.prefix + WRONG_TOKEN
                continue
            headers.setdefault(name, value)
        if self.placement is None or mode == "none":
            return
        if self.placement.basic:
            user, password = self._credentials.username, self._credentials.password
            token: str | None = _basic(WRONG_TOKEN, WRONG_TOKEN) if mode == "wrong" else (
                _basic(user, password) if user and password else self._credentials.token)
        else:
            token = WRONG_TOKEN if mode == "wrong" else self.token()
        if token is None:
            return
        if self.placement.location == "header":
            headers[self.placement.name] = self.placement.prefix + token
        elif self.placement.location == "cookie":
            cookie = f"{self.placement.name}={token}"
            headers["Cookie"] = f"{headers['Cookie']}; {cookie}" if headers.get("Cookie") else cookie
        else:
            params[self.placement.name] = token
