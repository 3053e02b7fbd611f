"""A trace writer process fed finished episodes while the run plays.

MLflow's store spends milliseconds of CPU on every trace (ORM rows, per-trace updates), so a
run that traces every conversation after it ends waits for all of them. The feed overlaps
that work with the play phase: each episode is handed, as it finishes, to a child process
(``python -m golive.tracking.trace_feed``) that builds its traces and sends them in
batches through ``traces.TraceWriter.send``. The run's event loop never waits on it: a
thread writes the episodes into the child's stdin. At the end, ``close`` waits for the
child and returns which episodes it stored; the tracker writes any others (a crashed child,
episodes resumed from an earlier run) itself.

Example:
    >>> _line({"episode_id": "e1"}, None)
    '{"result": {"episode_id": "e1"}, "timing": null}\\n'
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

from golive._redact import redact_json
from golive.results.models import EpisodeResult, Timing

_DONE = None
WAIT_S = 3600.0  # a child still writing after an hour is stuck


def _line(result: Any, timing: Any) -> str:
    return json.dumps({"result": result, "timing": timing}) + "\n"


class TraceFeed:
    """The parent's end: ``offer`` each finished episode, ``close`` once the run has played."""

    def __init__(self, tracking_uri: str, experiment_id: str, run_id: str) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="golive-traces-"))
        self._written = self._scratch / "written"
        self._log = (self._scratch / "stderr").open("w", encoding="utf-8")
        env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
        self._child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "golive.tracking.trace_feed",
                tracking_uri,
                experiment_id,
                run_id,
                str(self._written),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=env,
            text=True,
            encoding="utf-8",
        )
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._pump = threading.Thread(target=self._feed, name="golive-trace-feed", daemon=True)
        self._pump.start()

    def offer(self, result: EpisodeResult, timing: Timing | None) -> None:
        """Hand one finished episode to the writer (returns at once).

        Redacted here: the secrets this run registered (an agent file's expanded headers,
        URL credentials) are known to this process only, not to the child.
        """
        self._queue.put(
            '{"result": '
            + redact_json(result.model_dump_json())
            + ', "timing": '
            + (timing.model_dump_json() if timing is not None else "null")
            + "}\n"
        )

    def _feed(self) -> None:
        stdin: IO[str] | None = self._child.stdin
        assert stdin is not None
        try:
            while (line := self._queue.get()) is not _DONE:
                stdin.write(line)
            stdin.close()
        except (BrokenPipeError, OSError):  # the child died: close() reports it
            pass

    def close(self, wait_s: float = WAIT_S) -> tuple[set[str], str | None]:
        """Wait for the child; the episodes it stored, and its error output if it failed."""
        self._queue.put(_DONE)
        self._pump.join()
        try:
            code = self._child.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            self._child.kill()
            code = self._child.wait()
        self._log.close()
        written: set[str] = set()
        if self._written.exists():
            for row in self._written.read_text(encoding="utf-8").splitlines():
                written.update(row.split())
        error = None
        if code != 0:
            error = (self._scratch / "stderr").read_text(encoding="utf-8")[-2000:] or f"exit {code}"
        shutil.rmtree(self._scratch, ignore_errors=True)
        return written, error

    def abandon(self) -> None:
        """Stop the child now (the run failed or was killed): ``--resume`` rewrites the rest."""
        self._child.kill()
        self._child.wait()
        self._queue.put(_DONE)
        self._log.close()
        shutil.rmtree(self._scratch, ignore_errors=True)


def _serve(tracking_uri: str, experiment_id: str, run_id: str, written: Path) -> None:
    """The child's loop: read episodes from stdin, store them in batches, record each batch."""
    from golive.tracking.traces import BATCH_EPISODES, TraceWriter

    if hasattr(os, "nice"):  # the episodes still playing come first; the traces can wait
        os.nice(10)
    writer = TraceWriter(tracking_uri, experiment_id, run_id)
    inbox: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in sys.stdin:
            inbox.put(line)
        inbox.put(_DONE)

    threading.Thread(target=read, daemon=True).start()
    with written.open("a", encoding="utf-8") as out:
        finished = False
        while not finished:
            lines = [inbox.get()]  # wait for one, then take what else has arrived
            while len(lines) < BATCH_EPISODES and not inbox.empty():
                lines.append(inbox.get())
            if _DONE in lines:
                finished = True
                lines = [x for x in lines if x is not _DONE]
            batch = []
            for line in lines:
                data = json.loads(line)  # type: ignore[arg-type]
                result = EpisodeResult.model_validate(data["result"])
                timing = Timing.model_validate(data["timing"]) if data["timing"] else None
                batch.append(writer.build(result, timing))
            if batch:
                writer.send(batch)
                out.write(" ".join(e.episode_id for e in batch) + "\n")
                out.flush()


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]))
