"""One WebSocket: a page's messages in, frames out; the work runs on the session's own thread.

Messages from the page are JSON objects with a ``type`` (``configure``, ``play``, ``pause``,
``step``, ``reset``, ``upload-start``, ``upload-end``, ``export-model``, ``export-report``), and
binary messages carrying the chunks of an upload. Everything the server says is a JSON object too:
``hello``, ``data``, ``frame``, ``state``, ``columns``, ``download`` or ``error``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from logitnet.playground._session import Session

__all__ = ["FRAME_INTERVAL", "Connection"]

FRAME_INTERVAL = 0.05  # seconds: at most 20 frames a second
_EXPECTED = (ValueError, TypeError, LookupError, OSError)  # DataError and NotFittedError included
logger = logging.getLogger("logitnet.playground")


def _describe(exc: BaseException) -> str:
    """One line for the page's error box."""
    if isinstance(exc, KeyError):
        return f"missing {exc}"
    return " ".join(str(exc).split()) or type(exc).__name__


class Connection:
    """The server's side of one open page."""

    def __init__(self, websocket: Any, max_upload: int) -> None:
        self.ws = websocket
        self.session = Session(max_upload)
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="playground-session")
        self.send_lock = asyncio.Lock()
        self.player: asyncio.Task | None = None
        self.stop_playing = asyncio.Event()

    # --- plumbing -----------------------------------------------------------------------

    async def call(self, function: Callable, *args: Any) -> Any:
        """Run ``function(*args)`` on the session's thread, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    async def send(self, message: dict) -> None:
        """Send one JSON message; sends from the player and the handlers never interleave."""
        text = json.dumps(message, allow_nan=False)
        async with self.send_lock:
            await self.ws.send_text(text)

    async def send_error(self, exc: BaseException) -> None:
        """Show ``exc`` in the page's error box; unexpected ones are logged too."""
        if not isinstance(exc, _EXPECTED):
            logger.exception("playground: unexpected error", exc_info=exc)
            await self.send(
                {"type": "error", "message": f"unexpected {type(exc).__name__}: {_describe(exc)}"}
            )
            return
        await self.send({"type": "error", "message": _describe(exc)})

    async def close(self) -> None:
        """Stop playing and let the session's thread go."""
        if self.player is not None:
            self.player.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)

    # --- incoming -----------------------------------------------------------------------

    async def on_text(self, text: str) -> None:
        """Handle one JSON message; a bad one is answered with an error, never a crash."""
        try:
            message = json.loads(text)
            if not isinstance(message, dict):
                raise TypeError(f"a message must be a JSON object; got {type(message).__name__}")
            kind = message.get("type")
            handler = _HANDLERS.get(str(kind))
            if handler is None:
                raise ValueError(f"unknown message type {kind!r}")
            await handler(self, message)
        except Exception as exc:
            await self.send_error(exc)

    async def on_bytes(self, data: bytes) -> None:
        """A chunk of the current upload."""
        try:
            await self.call(self.session.upload_chunk, data)
        except Exception as exc:
            await self.send_error(exc)

    # --- handlers -----------------------------------------------------------------------

    async def configure(self, message: dict) -> None:
        """New settings: stop playing, rebuild, send the data and epoch 0."""
        await self.pause()
        for reply in await self.call(self.session.configure, message.get("settings", {})):
            await self.send(reply)

    async def play(self, message: dict | None = None) -> None:
        """Start the player unless it runs already."""
        if self.player is None:
            self.stop_playing.clear()
            self.player = asyncio.create_task(self._play())

    async def pause(self, message: dict | None = None) -> None:
        """Stop the player after its current epoch (whose frame is still sent)."""
        if self.player is not None:
            self.stop_playing.set()
            await self.player

    async def step(self, message: dict) -> None:
        """One epoch."""
        await self.pause()
        await self.send(await self.call(self.session.step))

    async def reset(self, message: dict) -> None:
        """Epoch 0 again, same settings."""
        await self.pause()
        for reply in await self.call(self.session.reset):
            await self.send(reply)

    async def upload_start(self, message: dict) -> None:
        """A file is coming: its name (for messages only) and declared size."""
        await self.call(self.session.upload_start, message.get("name"), message.get("size"))

    async def upload_end(self, message: dict) -> None:
        """The file is complete: read it and send its columns."""
        await self.send(await self.call(self.session.upload_end))

    async def export_model(self, message: dict) -> None:
        """Send the model file."""
        await self.send(await self.call(self.session.export_model))

    async def export_report(self, message: dict) -> None:
        """Send the HTML report."""
        await self.send(await self.call(self.session.export_report))

    async def _play(self) -> None:
        """Epoch after epoch, one frame each, at most one frame per FRAME_INTERVAL."""
        loop = asyncio.get_running_loop()
        await self.send({"type": "state", "playing": True})
        try:
            while not self.stop_playing.is_set():
                started = loop.time()
                await self.send(await self.call(self.session.step))
                wait = FRAME_INTERVAL - (loop.time() - started)
                if wait > 0:
                    await _wait_or_timeout(self.stop_playing.wait(), wait)
        except Exception as exc:
            await self.send_error(exc)
        finally:
            self.player = None
            with contextlib.suppress(Exception):  # the page may be gone
                await self.send({"type": "state", "playing": False})


async def _wait_or_timeout(awaitable: Awaitable, seconds: float) -> None:
    """Wait for ``awaitable`` at most ``seconds``."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(awaitable, seconds)


_HANDLERS: dict[str, Callable[[Connection, dict], Awaitable[None]]] = {
    "configure": Connection.configure,
    "play": Connection.play,
    "pause": Connection.pause,
    "step": Connection.step,
    "reset": Connection.reset,
    "upload-start": Connection.upload_start,
    "upload-end": Connection.upload_end,
    "export-model": Connection.export_model,
    "export-report": Connection.export_report,
}
