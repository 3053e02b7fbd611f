"""The mutation section of report.html: ``mutation.json`` from the run folder, if present.

``golive mutate`` writes ``mutation.json`` into the clean run's folder (the model is
``golive.mutate.files.MutationSummary``). Reports read results, never the engine, so this
reads the file as data: each operator's verdict, reason, example and suggestion. A file
that cannot be read is shown as such, never skipped silently.

Example:
    >>> from golive.results.run_folder import RunFolder
    >>> import tempfile, pathlib
    >>> read_mutation(RunFolder(pathlib.Path(tempfile.mkdtemp()))) is None
    True
"""

from __future__ import annotations

import json
from typing import Any

from golive.results.run_folder import RunFolder

MUTATION_FILE = "mutation.json"


def read_mutation(folder: RunFolder) -> dict[str, Any] | None:
    """The run's mutation summary as data, ``None`` without one, ``{"error": ...}`` if unreadable."""
    path = folder.file(MUTATION_FILE)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["operators"]
        if not isinstance(rows, list):
            raise TypeError("operators is not a list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return {"error": f"{MUTATION_FILE} could not be read: {type(exc).__name__}: {exc}"}
    return dict(data)
