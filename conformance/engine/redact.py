"""Keep secrets (tokens, passwords, api keys) out of every report, log and console line."""

from __future__ import annotations

import re
import threading
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
# Query parameters and headers whose values are always secret, whatever their value.
SECRET_NAMES = frozenset({"access_token", "token", "api_key", "apikey", "refresh_token", "password", "authorization",
                          "x-api-key", "cookie", "set-cookie"})
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\"]+")


class Redactor:
    """Replaces every known secret value, and values of secret-named fields, with ``***``."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        self._secrets: set[str] = set()
        self._lock = threading.Lock()
        for secret in secrets or []:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Remember a secret (ignores empty and very short values that would mask ordinary text)."""
        if secret and len(secret) >= 4:
            with self._lock:
                self._secrets.add(secret)

    def text(self, value: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            value = value.replace(secret, MASK)
        return _BEARER.sub(r"\1" + MASK, value)

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = [(k, MASK if k.lower() in SECRET_NAMES else v) for k, v in pairs]
        return self.text(urlunsplit(parts._replace(query=urlencode(query, safe="*/:"))))

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        return {k: (MASK if k.lower() in SECRET_NAMES else self.text(v)) for k, v in headers.items()}

    def value(self, value: Any) -> Any:
        """A JSON-like value with secret-named fields and secret strings masked."""
        if isinstance(value, dict):
            return {k: (MASK if str(k).lower() in SECRET_NAMES else self.value(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value
