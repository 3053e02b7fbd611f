"""The results format: episode models, reading and writing, the metric catalogue."""

from golive.results.io import MANIFEST_FILE, RESULTS_FILE, TIMINGS_FILE, read_results
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

__all__ = [
    "MANIFEST_FILE",
    "RESULTS_FILE",
    "TIMINGS_FILE",
    "Emotion",
    "EmotionLabel",
    "EpisodeResult",
    "Finding",
    "Severity",
    "Termination",
    "Transcript",
    "Turn",
    "read_results",
]
