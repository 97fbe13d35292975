"""blog/pagefind_client.py: Pagefind's answers read from its output stream, the bundle's
answer handed over file by file, whatever the pieces the stream delivers it in."""

from __future__ import annotations

import asyncio
import base64
import json
import threading

import pytest

from blog.pagefind_client import response_text, service_class

FILES = [
    {"path": f"fragment/en_{number:03d}.pf_fragment", "content": base64.b64encode(data).decode()}
    for number, data in enumerate(bytes([n]) * (n * 37 % 500 + 1) for n in range(60))
] + [  # text beyond ASCII, which Pagefind writes as UTF-8: split across pieces somewhere
    {"path": f"fragment/calme-{number}-é‘x’.pf_fragment", "content": "AAAA"} for number in range(40)
]


def encoded(answer: dict) -> bytes:
    """An answer as Pagefind writes it: base64 of the JSON text, then a comma."""
    text = json.dumps(answer, separators=(",", ":"), ensure_ascii=False)
    return base64.b64encode(text.encode()) + b","


def answers(stream: bytes, on_file=None, limit: int = 64, chunk: int = 7) -> list:
    """Every answer read from `stream`, delivered `chunk` bytes at a time to a reader of
    buffer `limit` (Pagefind's is 2 MiB; small here, so each answer comes in many pieces)."""

    async def main() -> list:
        service = service_class()()
        service.on_file = on_file
        reader = asyncio.StreamReader(limit=limit)

        async def feed() -> None:  # as a pipe does: a little at a time, while it is read
            for start in range(0, len(stream), chunk):
                reader.feed_data(stream[start : start + chunk])
                await asyncio.sleep(0)
            reader.feed_eof()

        feeding = asyncio.ensure_future(feed())
        got = []
        while not reader.at_eof():
            try:
                got.append(await service.read_answer(response_text(reader)))
            except asyncio.IncompleteReadError:
                break
        await feeding
        return got

    # In a thread of its own: a browser test earlier in the session may leave this thread a
    # running event loop.
    got: list = []
    thread = threading.Thread(target=lambda: got.extend(asyncio.run(main())))
    thread.start()
    thread.join()
    return got


BUNDLE = {"message_id": 7, "payload": {"type": "GetFiles", "files": FILES}}
AFTER = {"message_id": 8, "payload": {"type": "IndexedFile", "page_url": "/a/"}}


@pytest.mark.parametrize(("limit", "chunk"), [(64, 7), (1000, 333), (2**21, 4096)])
def test_the_bundle_is_handed_over_file_by_file_in_order(limit, chunk) -> None:
    seen: list[tuple[str, str]] = []
    got = answers(encoded(BUNDLE) + encoded(AFTER), lambda *file: seen.append(file), limit, chunk)
    assert seen == [(file["path"], file["content"]) for file in FILES]
    assert got == [{"message_id": 7, "payload": {"type": "GetFiles", "files": []}}, AFTER]


def test_without_a_receiver_the_answer_is_read_whole() -> None:
    assert answers(encoded(BUNDLE) + encoded(AFTER)) == [BUNDLE, AFTER]


def test_a_failing_receiver_fails_that_answer_and_the_next_is_still_read() -> None:
    def full(path: str, _content: str) -> None:
        if path.endswith("010.pf_fragment"):
            raise OSError("No space left on device")

    got = answers(encoded(BUNDLE) + encoded(AFTER), full)
    assert isinstance(got[0]["payload"], OSError) and got[1] == AFTER


def test_a_bundle_cut_short_is_an_error_not_a_partial_bundle() -> None:
    text = json.dumps(BUNDLE, separators=(",", ":")).encode()
    cut = base64.b64encode(text[: len(text) // 2]) + b","
    seen: list = []
    (got,) = answers(cut, lambda *file: seen.append(file))
    assert isinstance(got["payload"], RuntimeError) and 0 < len(seen) < len(FILES)
