"""One request through an ASGI app, in process (no server, no port)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


def asgi_request(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """``kwargs`` as ``httpx.AsyncClient.request`` takes them (params, json, headers, content, ...)."""

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://simulator") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())
