"""The public API: everything in ``golive.__all__`` resolves, and nothing heavy loads early."""

from __future__ import annotations

import subprocess
import sys

import pytest

import golive
from tests.conftest import cli_env


def test_all_is_sorted_and_lists_every_export() -> None:
    assert golive.__all__ == sorted(golive.__all__)
    assert set(golive.__all__) == {*golive._EXPORTS, "__version__"}


@pytest.mark.parametrize("name", sorted(golive._EXPORTS))
def test_each_public_name_is_the_object_its_module_defines(name: str) -> None:
    import importlib

    module = importlib.import_module(golive._EXPORTS[name])
    assert getattr(golive, name) is getattr(module, name)


def test_every_error_in_the_tree_is_exported_and_derives_from_golive_error() -> None:
    import golive.errors as errors

    classes = {n for n, v in vars(errors).items() if isinstance(v, type) and issubclass(v, Exception)}
    assert classes <= set(golive.__all__)
    assert all(issubclass(getattr(errors, n), errors.GoliveError) for n in classes)


def test_no_exception_class_is_defined_outside_errors_py() -> None:
    import pkgutil

    stray = []
    for info in pkgutil.walk_packages(golive.__path__, "golive."):
        if info.name.endswith(("__main__", "pytest_plugin")) or ".cli" in info.name:
            continue
        module = __import__(info.name, fromlist=["_"])
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, BaseException)
                    and value.__module__ == info.name and info.name != "golive.errors"):
                stray.append(f"{info.name}.{value.__name__}")
    assert stray == []


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        golive.nope  # noqa: B018


def test_import_golive_loads_no_heavy_dependency() -> None:
    code = "import sys, golive; print(sorted(m for m in ('mlflow','litellm','openai','pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), check=True)
    assert out.stdout.strip() == "[]"
