"""The results format: episode models, run folders, reading and writing, the metric catalogue.

Example:
    >>> from golive.results import RunFolder
    >>> RunFolder.open  # doctest: +ELLIPSIS
    <bound method RunFolder.open of <class 'golive.results.run_folder.RunFolder'>>
"""

from golive.results.io import read_results
from golive.results.manifest import Manifest
from golive.results.models import (
    Emotion,
    EmotionLabel,
    EpisodeResult,
    Finding,
    Severity,
    Termination,
    Transcript,
    Turn,
)
from golive.results.run_folder import (
    MANIFEST_FILE,
    RESULTS_FILE,
    TIMINGS_FILE,
    RecordedGate,
    RunFolder,
)

__all__ = [
    "MANIFEST_FILE",
    "RESULTS_FILE",
    "TIMINGS_FILE",
    "Emotion",
    "EmotionLabel",
    "EpisodeResult",
    "Finding",
    "Manifest",
    "RecordedGate",
    "RunFolder",
    "Severity",
    "Termination",
    "Transcript",
    "Turn",
    "read_results",
]
