"""Running a Python bot's code so that it can neither block nor end golive.

A bot is the code under test, so it may do anything:

- a sync bot stuck in ``time.sleep(3600)``: it runs on a daemon thread, not in a
  ``ThreadPoolExecutor`` (whose threads the interpreter joins at exit, so a stuck bot kept
  the CI job alive after golive had written its results);
- an async bot that blocks its event loop: it runs on a loop of its own in a daemon thread,
  so golive's loop still times the call out; a loop that stops ticking is abandoned and
  the next call gets a fresh one;
- ``sys.exit()``, ``KeyboardInterrupt`` or any other ``BaseException`` raised by the bot:
  it comes back as an ``AgentError("crash", ...)`` and the run goes on.

What this cannot stop is a bot that calls ``os._exit`` or kills the process: run such bots
behind HTTP.

Example:
    >>> import asyncio, sys
    >>> runner = BotRunner()
    >>> try:
    ...     asyncio.run(runner.call_sync(sys.exit, 3))
    ... except AgentError as exc:
    ...     print(exc)
    the bot raised SystemExit: 3 (golive carries on; a bot must not exit the process)
    >>> runner.close()
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from typing import Any

from golive.errors import AgentError

_TICK_S = 0.05  # the bot loop's heartbeat
_STUCK_S = 1.0  # no heartbeat for this long: the loop is blocked by the bot


def bot_exit_error(exc: BaseException) -> AgentError:
    """The agent error for a ``BaseException`` (not an ``Exception``) raised by a bot."""
    detail = f": {exc}" if str(exc) else ""
    return AgentError(
        "crash",
        f"the bot raised {type(exc).__name__}{detail} "
        "(golive carries on; a bot must not exit the process)",
    )


class _DaemonThreads:
    """A pool of daemon threads: a stuck call never keeps the interpreter from exiting."""

    def __init__(self, name: str, max_threads: int) -> None:
        self._name = name
        self._max = max(1, max_threads)
        self._alive = 0
        self._work: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None] = (
            queue.SimpleQueue()
        )
        self._lock = threading.Lock()
        self._idle = 0
        self._closed = False

    def submit(self, fn: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._idle:
                self._idle -= 1  # reserve an idle worker for this item
                spawn = False
            else:  # at the bound, the item waits for a worker (the caller's timeout runs)
                spawn = self._alive < self._max
                self._alive += spawn
        self._work.put((future, fn))
        if spawn:
            threading.Thread(target=self._worker, name=self._name, daemon=True).start()
        return future

    def _worker(self) -> None:
        while True:
            item = self._work.get()
            if item is None:
                with self._lock:
                    self._alive -= 1
                return
            future, fn = item
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn())
                except Exception as exc:
                    future.set_exception(exc)
                except BaseException as exc:  # SystemExit, KeyboardInterrupt from the bot
                    future.set_exception(bot_exit_error(exc))
            with self._lock:
                if self._closed:
                    self._alive -= 1
                    return
                self._idle += 1

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, 0
        for _ in range(idle):
            self._work.put(None)


class _BotLoop:
    """An event loop on a daemon thread, with a heartbeat that shows whether it is blocked."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.last_tick = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._tick)
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()

    def _tick(self) -> None:
        self.last_tick = time.monotonic()
        self.loop.call_later(_TICK_S, self._tick)

    @property
    def stuck(self) -> bool:
        return time.monotonic() - self.last_tick > _STUCK_S

    def stop(self) -> None:
        if not self.loop.is_closed():
            try:
                self.loop.call_soon_threadsafe(self.loop.stop)
            except RuntimeError:  # closed between the check and the call
                pass


async def _guarded(awaitable: Awaitable[Any]) -> Any:
    try:
        return await awaitable
    except asyncio.CancelledError as exc:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # golive cancelled it (a timeout): not the bot's doing
        raise bot_exit_error(exc) from None
    except Exception:
        raise
    except BaseException as exc:
        raise bot_exit_error(exc) from None


class BotRunner:
    """Runs one Python agent's calls: sync ones on daemon threads, async ones on a bot loop."""

    def __init__(self, name: str = "golive-agent", max_threads: int = 32) -> None:
        self._name = name
        self._threads = _DaemonThreads(name, max_threads)
        self._loop: _BotLoop | None = None
        self._lock = threading.Lock()

    async def call_sync(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``fn(*args, **kwargs)`` on a daemon thread; an awaitable result runs on the bot loop."""
        raw = await asyncio.wrap_future(self._threads.submit(lambda: fn(*args, **kwargs)))
        if isinstance(raw, Awaitable):
            return await self.call_async(raw)
        return raw

    async def call_async(self, awaitable: Awaitable[Any]) -> Any:
        """Await ``awaitable`` on the bot's own loop, so blocking it cannot block golive."""
        loop = self._bot_loop()
        future = asyncio.run_coroutine_threadsafe(_guarded(awaitable), loop)
        return await asyncio.wrap_future(future)

    def _bot_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.stuck:
                # A blocked loop is left to its daemon thread: nothing can unblock it.
                self._loop = _BotLoop(f"{self._name}-loop")
            return self._loop.loop

    def close(self) -> None:
        """Let idle threads and the bot loop end; stuck ones are daemons and never waited on."""
        self._threads.close()
        with self._lock:
            if self._loop is not None:
                self._loop.stop()
                self._loop = None
