"""The realism section of report.html: ``realism.json`` from the run folder, if present.

``golive realism RUN_DIR LOGS`` compares a run's simulated customers with real ones and
writes ``realism.json`` into the run folder. Reports read results, never the harness, so
this reads the file as data: each persona's realism index and its largest gaps. A file that
cannot be read is shown as such, never skipped silently.

Example:
    >>> from golive.results.run_folder import RunFolder
    >>> import tempfile, pathlib
    >>> read_realism(RunFolder(pathlib.Path(tempfile.mkdtemp()))) is None
    True
"""

from __future__ import annotations

import json
from typing import Any

from golive.results.run_folder import RunFolder

REALISM_FILE = "realism.json"


def read_realism(folder: RunFolder) -> dict[str, Any] | None:
    """The run's realism comparison as data, ``None`` without one, ``{"error": ...}`` if unreadable."""
    path = folder.file(REALISM_FILE)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        personas = data["personas"]
        if not isinstance(personas, list) or not all("index" in p and "gaps" in p for p in personas):
            raise TypeError("personas is not a list of {persona, index, gaps}")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"error": f"{REALISM_FILE} could not be read: {type(exc).__name__}: {exc}"}
    return dict(data)
