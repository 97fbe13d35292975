"""Pagefind's Python client (``pagefind.service``), as blog/plugins/search_index.py drives it:
answers read as soon as they arrive, and the one that carries the whole bundle handed over
file by file as it arrives, never whole in memory."""

from __future__ import annotations

import asyncio
import base64
import codecs
import json
import os
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

#: How Pagefind's answer to ``GetFiles`` starts (its Rust types' field order): after this,
#: the files follow one by one, ``{"path": ..., "content": base64}``, separated by commas.
FILES_START = re.compile(r'\{"message_id":(\d+),"payload":\{"type":"GetFiles","files":\[')
#: How much of Pagefind's output is read at a time. The package asks for 2 MiB, because its
#: reader cannot take a longer answer than that; this one reads any answer in pieces
#: (:func:`response_text`), and smaller pieces mean fewer megabytes held while the bundle
#: arrives (at 5,000 posts, 2 MiB pieces cost the build about 12 MiB more at its peak).
READ_LIMIT = 2**16


def service_class():
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        """Pagefind's service client, reading each response as soon as it arrives.

        The package's own reader sleeps 0.1 s before reading each response, so a site fed
        page by page would take 0.1 s a page. The Pagefind service answers requests in the
        order they arrive (it handles one at a time), so the pages can be sent without
        waiting for each answer, and the index lists them in the order they were sent.

        With `on_file` set, the answer to ``GetFiles`` (the whole bundle, megabytes of
        base64 in one JSON text) is not kept: each file goes to ``on_file(path, base64
        text)`` as soon as its text has arrived, and the answer's list of files is empty. An
        answer of another shape is read whole, as before.
        """

        on_file: Callable[[str, str], None] | None = None

        async def launch(self) -> PagefindService:
            """The package's own launch, with Pagefind's output read READ_LIMIT at a time."""
            self._backend = await asyncio.create_subprocess_exec(
                self._bin,
                "--service",
                cwd=os.getcwd(),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                limit=READ_LIMIT,
            )
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            while True:
                response = await self.read_answer(response_text(stdout))
                payload = response.pop("payload", None) or {}
                future = self._responses.pop(response.get("message_id"), None)
                if future is not None:  # None: Pagefind could not read a request
                    if isinstance(payload, BaseException):
                        future.set_exception(payload)
                    elif payload.get("type") == "Error":
                        message = payload.get("message")
                        future.set_exception(RuntimeError(f"Pagefind: {message}"))
                    else:
                        future.set_result(payload)
                response = payload = future = None  # not held while the next is awaited

        async def read_answer(self, pieces: AsyncIterator[str]) -> dict[str, Any]:
            """One answer, from its text in pieces (:func:`response_text`)."""
            parts: list[str] = []
            async for piece in pieces:
                parts.append(piece)
                if sum(map(len, parts)) >= 200:  # enough to tell a GetFiles answer
                    break
            text = "".join(parts)
            start = FILES_START.match(text)
            if start is None or self.on_file is None:
                async for piece in pieces:
                    parts.append(piece)
                return json.loads("".join(parts)) or {}
            payload: Any = {"type": "GetFiles", "files": []}
            try:
                await each_file(text, start.end(), pieces, self.on_file)
            except Exception as error:  # the sender hears it; the next answer is read
                payload = error
            async for _rest in pieces:  # the answer's end (or what an error left of it)
                pass
            return {"message_id": int(start.group(1)), "payload": payload}

    return PromptService


async def each_file(
    text: str, position: int, pieces: AsyncIterator[str], on_file: Callable[[str, str], None]
) -> None:
    """Hand each file of a ``GetFiles`` answer to `on_file` as soon as its text is whole;
    `text` holds the answer up to some point, `position` is where the files start in it."""
    decoder = json.JSONDecoder()
    while True:
        while True:  # every file whole in `text`
            while position < len(text) and text[position] in ", \n":
                position += 1
            if text.startswith("]", position):
                return
            try:
                file, position = decoder.raw_decode(text, position)
            except json.JSONDecodeError:
                break  # cut by the end of what has arrived: wait for more
            on_file(file["path"], file["content"])
        piece = await anext(pieces, None)
        if piece is None:
            raise RuntimeError("Pagefind: its list of the bundle's files ended mid-file")
        text, position = text[position:] + piece, 0


async def response_text(stdout: asyncio.StreamReader) -> AsyncIterator[str]:
    """One response (base64 up to a "," terminator), decoded to its JSON text, piece by
    piece as it arrives: the whole bundle is megabytes, more than the stream's buffer limit,
    which ``readuntil`` alone would refuse. Every piece must be read, or the stream is left
    in the middle of this response."""
    text = codecs.getincrementaldecoder("utf-8")()
    pending = b""
    while True:
        try:
            piece, last = await stdout.readuntil(b","), True
        except asyncio.LimitOverrunError as error:  # no terminator in the buffer yet
            piece, last = await stdout.readexactly(error.consumed), False
        data = pending + (piece[:-1] if last else piece)
        whole = len(data) if last else len(data) - len(data) % 4  # base64 in 4-character units
        yield text.decode(base64.b64decode(data[:whole]), final=last)
        if last:
            return
        pending = data[whole:]
