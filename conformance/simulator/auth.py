"""Credentials, tokens and the vendors' login flows (driven by the spec's ``x-pbx-auth``)."""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from conformance import pointers
from conformance.simulator.replies import Rejection

_PLACEHOLDER = re.compile(r"^\{([a-z_]+)\}$")


@dataclass(frozen=True)
class Principal:
    """Who a token belongs to: an administrator (all tenants) or a tenant user."""

    user: str
    tenant: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.tenant is None


@dataclass(frozen=True)
class Account:
    username: str
    password: str
    tenant: str | None = None


@dataclass
class _Grant:
    principal: Principal
    expires_at: float | None


class TokenRegistry:
    """Issued tokens, refresh tokens and api keys, with expiry; thread-safe."""

    def __init__(self, accounts: list[Account], lifetime_seconds: int, clock: Any = time.monotonic) -> None:
        self._accounts = {a.username: a for a in accounts}
        self._lifetime = lifetime_seconds
        self._clock = clock
        self._tokens: dict[str, _Grant] = {}
        self._refresh: dict[str, Principal] = {}
        self._api_keys: dict[str, Principal] = {}
        self._lock = threading.Lock()

    def add_static(self, token: str, principal: Principal) -> None:
        """A token that never expires (the one given on the command line)."""
        with self._lock:
            self._tokens[token] = _Grant(principal, None)

    def login(self, username: Any, password: Any) -> Principal:
        account = self._accounts.get(username) if isinstance(username, str) else None
        if account is None or not isinstance(password, str) or not secrets.compare_digest(account.password, password):
            raise Rejection("unauthenticated", "wrong username or password")
        return Principal(account.username, account.tenant)

    def issue(self, principal: Principal) -> dict[str, Any]:
        """New access token, refresh token and api key for ``principal``."""
        token, refresh, api_key = (secrets.token_urlsafe(24) for _ in range(3))
        with self._lock:
            self._tokens[token] = _Grant(principal, self._clock() + self._lifetime)
            self._refresh[refresh] = principal
            self._api_keys[api_key] = principal
        return {"token": token, "refresh_token": refresh, "api_key": api_key, "expires_in": self._lifetime,
                "expires_in_minutes": max(1, self._lifetime // 60), "expires_at": int(time.time()) + self._lifetime,
                "user_id": principal.user}

    def redeem_refresh(self, refresh: Any) -> Principal:
        with self._lock:
            principal = self._refresh.pop(refresh, None) if isinstance(refresh, str) else None
        if principal is None:
            raise Rejection("unauthenticated", "unknown or used refresh token")
        return principal

    def redeem_api_key(self, api_key: Any) -> Principal:
        with self._lock:
            principal = self._api_keys.get(api_key) if isinstance(api_key, str) else None
        if principal is None:
            raise Rejection("unauthenticated", "unknown api key")
        return principal

    def revoke(self, token: Any) -> None:
        with self._lock:
            if isinstance(token, str):
                self._tokens.pop(token, None)

    def principal(self, token: str | None) -> Principal:
        if not token:
            raise Rejection("unauthenticated", "no credentials")
        with self._lock:
            grant = self._tokens.get(token)
        if grant is None:
            raise Rejection("unauthenticated", "invalid token")
        if grant.expires_at is not None and self._clock() >= grant.expires_at:
            raise Rejection("unauthenticated", "token expired")
        return grant.principal


def presented_token(request: Request, document: dict[str, Any]) -> str | None:
    """The token a request carries, wherever the spec's security scheme says it travels."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for requirement in document.get("security") or []:
        for name in requirement:
            scheme = schemes.get(name) or {}
            if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                header = request.headers.get("authorization", "")
                if header[:7].lower() == "bearer ":
                    return header[7:].strip()
            elif scheme.get("type") == "apiKey":
                source = request.query_params if scheme.get("in") == "query" else request.headers
                value = source.get(scheme.get("name", ""))
                if value:
                    return value
    return None


def step_inputs(step: dict[str, Any], body: Any, query: dict[str, str]) -> dict[str, Any]:
    """Values a client sent for the ``{placeholder}`` fields of a login/refresh step."""
    values: dict[str, Any] = {}
    for section, source in (("json", body if isinstance(body, dict) else {}), ("query", query)):
        for key, template in (step.get(section) or {}).items():
            match = _PLACEHOLDER.match(str(template))
            if match:
                values[match.group(1)] = source.get(key)
    return values


def put_pointer(target: dict[str, Any], pointer: str, value: Any) -> None:
    """Set ``value`` at a JSON pointer of ``target``, creating objects on the way."""
    tokens = pointers.split(pointer)
    node = target
    for token in tokens[:-1]:
        node = node.setdefault(token, {})
    node[tokens[-1]] = value
