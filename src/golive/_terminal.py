"""A quiet terminal: third-party libraries log only warnings unless ``--verbose``.

MLflow announces its database migrations and trace queue at INFO, litellm its calls, tqdm
draws bars of its own: useful when something is wrong, noise beside golive's own progress.
golive sets their levels through the environment before they are imported (each reads its
variable at import) and through ``logging`` for those already loaded.

Example:
    >>> import os
    >>> quiet_third_party(verbose=False)
    >>> os.environ["TQDM_DISABLE"], logging.getLogger("LiteLLM").level == logging.WARNING
    ('1', True)
    >>> quiet_third_party(verbose=True)
    >>> "TQDM_DISABLE" in os.environ, logging.getLogger("LiteLLM").level == logging.NOTSET
    (False, True)
"""

from __future__ import annotations

import logging
import os

#: Environment variables each library reads at import, and their quiet values.
QUIET_ENV = {"TQDM_DISABLE": "1", "LITELLM_LOG": "ERROR", "MLFLOW_LOGGING_LEVEL": "WARNING"}
#: Loggers that talk at INFO during a run.
LOGGERS = (
    "mlflow",
    "alembic",
    "LiteLLM",
    "LiteLLM Router",
    "LiteLLM Proxy",
    "litellm",
    "httpx",
    "httpcore",
    "urllib3",
    "ray",
)
_SET_BY_US: set[str] = set()


def quiet_third_party(verbose: bool = False) -> None:
    """Warnings only from other libraries (``verbose``: undo it, their defaults back)."""
    if verbose:
        for name in _SET_BY_US:
            os.environ.pop(name, None)
        _SET_BY_US.clear()
        for logger in LOGGERS:
            logging.getLogger(logger).setLevel(logging.NOTSET)
        return
    for name, value in QUIET_ENV.items():
        if name not in os.environ:  # a user's own setting wins
            os.environ[name] = value
            _SET_BY_US.add(name)
    for logger in LOGGERS:
        logging.getLogger(logger).setLevel(logging.WARNING)
