"""golive: rehearse AI customer-support agents against simulated customers before go-live.

Example:
    >>> import golive
    >>> golive.__version__ >= "0.1"
    True
"""

from __future__ import annotations

import os

# litellm fetches its price table on import unless told not to; offline that hangs
# (mlflow server deadlocked on it here). Set before anything can import litellm.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

__version__ = "0.1.0"

__all__ = ["__version__"]
