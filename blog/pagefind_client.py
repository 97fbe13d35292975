"""Pagefind's Python client (``pagefind.service``), as blog/plugins/search_index.py drives it:
answers read as soon as they arrive, and the large one (the whole bundle) with as few copies
in memory as Python allows."""

from __future__ import annotations

import asyncio
import base64
import json


def service_class():
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        """Pagefind's service client, reading each response as soon as it arrives.

        The package's own reader sleeps 0.1 s before reading each response, so a site fed
        page by page would take 0.1 s a page. The Pagefind service answers requests in the
        order they arrive (it handles one at a time), so the pages can be sent without
        waiting for each answer, and the index lists them in the order they were sent.
        """

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            while True:
                response = json.loads(await read_response(stdout)) or {}
                payload = response.pop("payload", None) or {}
                future = self._responses.pop(response.get("message_id"), None)
                # Not held while the next answer is awaited: the bundle's answer is megabytes.
                response = None
                if future is not None:  # None: Pagefind could not read a request
                    if payload.get("type") == "Error":
                        message = payload.get("message")
                        future.set_exception(RuntimeError(f"Pagefind: {message}"))
                    else:
                        future.set_result(payload)
                future = payload = None

    return PromptService


async def read_response(stdout: asyncio.StreamReader) -> bytearray:
    """One response (base64 up to a "," terminator), decoded: the JSON text. The whole bundle
    (``get_files``) is megabytes, more than the stream's buffer limit, which ``readuntil``
    alone would refuse; it is decoded piece by piece as it arrives, so its base64 text is never
    whole in memory beside the decoded bytes."""
    decoded, pending = bytearray(), b""
    while True:
        try:
            piece, last = await stdout.readuntil(b","), True
        except asyncio.LimitOverrunError as error:  # no terminator in the buffer yet
            piece, last = await stdout.readexactly(error.consumed), False
        data = pending + (piece[:-1] if last else piece)
        whole = len(data) if last else len(data) - len(data) % 4  # base64 in 4-character units
        decoded += base64.b64decode(data[:whole])
        if last:
            return decoded
        pending = data[whole:]
