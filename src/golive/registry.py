"""One registry of extensions, keyed by (kind, name), with a ``golive.plugins`` entry-point group.

Every extension point is a *kind*: ``evaluator`` (each declaring its run metrics, from
which the metric catalogue is built), ``rule``, ``simulator``, ``tool``, ``toolkit``,
``agent``, ``report`` and ``mutation`` (``golive mutate``'s operators). Each extension is
one object registered in one place, next to its definition::

    from golive.evaluators.base import EVALUATOR

    @EVALUATOR.register
    class Politeness: ...

A kind's built-ins are imported the first time the kind is read (so ``import golive`` stays
cheap and no package imports another just to fill a table), and then, once per process, every
entry point in the ``golive.plugins`` group: a module (importing it registers things) or a
callable (called with no arguments). A third party ships one in its ``pyproject.toml``::

    [project.entry-points."golive.plugins"]
    politeness = "golive_politeness"

Unknown names raise ``InputError`` listing the valid ones.

Example:
    >>> kind = Kind[str]("example", noun="greeting")
    >>> kind.add("hello", "Hello!")
    'Hello!'
    >>> kind.get("hello")
    'Hello!'
    >>> kind.get("bye")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    golive.errors.InputError: unknown greeting 'bye'
      hint: registered greetings: hello
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from golive.errors import InputError

__all__ = ["DECLARED_IN", "ENTRY_POINT_GROUP", "MUTATION", "Kind", "get", "kind", "load_plugins",
           "register", "registered", "scoped"]

T = TypeVar("T")
C = TypeVar("C")
ENTRY_POINT_GROUP = "golive.plugins"

# (kind, name) -> object. One table for every kind; a Kind is a typed view of its rows.
_TABLE: dict[str, dict[str, Any]] = {}
_KINDS: dict[str, Kind[Any]] = {}
_loaded: set[str] = set()  # kinds whose built-ins were imported (or are being imported)
_plugins_state = {"loaded": False}


@dataclass(eq=False)
class Kind(Generic[T]):
    """One extension point: a typed view of the registry rows of one kind.

    ``builtins`` names the modules that register the built-in extensions (imported on first
    read, by name, so the registry imports no extension package); ``noun`` and ``field``
    shape the error for an unknown name.
    """

    name: str
    builtins: tuple[str, ...] = ()
    noun: str = ""
    field: str | None = None
    hint: str = ""
    _rows: dict[str, Any] = dataclasses.field(init=False, repr=False)
    #: Bumped by every add and remove, so views built from a kind know when to rebuild.
    version: int = dataclasses.field(init=False, default=0)

    def __post_init__(self) -> None:
        self.noun = self.noun or self.name
        if self.name in _KINDS:
            raise ValueError(f"registry kind {self.name!r} is declared twice")
        _KINDS[self.name] = self
        self._rows = _TABLE.setdefault(self.name, {})

    def add(self, name: str, obj: C) -> C:
        """Register ``obj`` under ``name`` (an existing entry is replaced: the newest wins).

        The kind's built-ins are imported first, so a later registration (a plugin, a team's
        rule) replaces a built-in of the same name rather than being replaced by it.
        """
        _ensure_builtins(self)
        self._rows[name] = obj
        self.version += 1
        return obj

    def register(self, obj: C) -> C:
        """Decorator: register a class or function under its ``name`` attribute."""
        return self.add(str(getattr(obj, "name")), obj)  # noqa: B009  (any object with .name)

    def get(self, name: str) -> T:
        """The extension registered as ``name``, or ``InputError`` listing the valid names."""
        rows = self.rows()
        if name not in rows:
            raise InputError(
                f"unknown {self.noun} {name!r}",
                field=self.field,
                hint=self.hint or f"registered {self.noun}s: {', '.join(sorted(rows)) or '(none)'}",
            )
        return rows[name]

    def rows(self) -> dict[str, T]:
        """Every registered ``name -> extension`` of this kind, built-ins and plugins loaded."""
        _ensure(self)
        return self._rows

    def names(self) -> list[str]:
        """The registered names, sorted."""
        return sorted(self.rows())

    def __contains__(self, name: object) -> bool:
        return name in self.rows()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def remove(self, name: str) -> None:
        """Drop one registration (tests that register temporarily clean up with this)."""
        self._rows.pop(name, None)
        self.version += 1


def _ensure_builtins(kind: Kind[Any]) -> None:
    if kind.name not in _loaded:
        _loaded.add(kind.name)  # first: a built-in module registers into its own kind
        for module in kind.builtins:
            importlib.import_module(module)


def _ensure(kind: Kind[Any]) -> None:
    _ensure_builtins(kind)
    load_plugins()


def load_plugins() -> None:
    """Load every ``golive.plugins`` entry point, once per process.

    An entry point names a module (importing it registers things) or a callable (called with
    no arguments). A plugin that fails to load is an error naming it, never a silent skip.
    """
    if _plugins_state["loaded"]:
        return
    _plugins_state["loaded"] = True
    from importlib.metadata import entry_points

    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        where = f"{point.name} = {point.value}"
        try:
            obj = point.load()
            if callable(obj) and not _is_module(obj):
                obj()
        except Exception as exc:
            dist = point.dist.name if point.dist is not None else "its package"
            raise InputError(
                f"golive plugin {where!r} failed to load: {type(exc).__name__}: {exc}",
                field=f"entry point group {ENTRY_POINT_GROUP}",
                hint=f"fix or reinstall {dist} (or `pip uninstall {dist}` to run without it)",
            ) from exc


def _is_module(obj: object) -> bool:
    import types

    return isinstance(obj, types.ModuleType)


#: Where each kind is declared (imported by name on first use, so this module imports no
#: extension package and no package imports another just to fill a table).
DECLARED_IN = {
    "agent": "golive.harness.agents.base",
    "evaluator": "golive.evaluators.base",
    "log_reader": "golive.logs.base",
    "mutation": "golive.registry",
    "report": "golive.reports.base",
    "rule": "golive.evaluators.rules",
    "simulator": "golive.personas.simulator",
    "tool": "golive.harness.toolkits",
    "toolkit": "golive.harness.toolkits",
}


def kind(name: str) -> Kind[Any]:
    """The declared kind called ``name``, or ``InputError`` listing the kinds."""
    if name not in _KINDS and name in DECLARED_IN:
        importlib.import_module(DECLARED_IN[name])
    if name not in _KINDS:
        raise InputError(f"unknown registry kind {name!r}",
                         hint=f"kinds: {', '.join(sorted(DECLARED_IN))}")
    return _KINDS[name]


def register(kind_name: str, name: str, obj: C) -> C:
    """Register ``obj`` as ``name`` of kind ``kind_name`` (what a plugin calls).

    Example:
        >>> with scoped():
        ...     register("mutation", "doc.noop", lambda text: text)("same")
        'same'
    """
    return kind(kind_name).add(name, obj)


def get(kind_name: str, name: str) -> Any:
    """The extension registered as (``kind_name``, ``name``)."""
    return kind(kind_name).get(name)


def registered() -> dict[str, list[str]]:
    """Every kind and its registered names (built-ins and plugins loaded).

    Example:
        >>> registered()["agent"]
        ['http', 'openai', 'prompted', 'python']
        >>> registered()["evaluator"]
        ['accuracy', 'contact_centre', 'experience', 'guardrails', 'handoff']
    """
    return {name: kind(name).names() for name in sorted(DECLARED_IN)}


@contextmanager
def scoped() -> Iterator[None]:
    """Registrations made inside the block are undone when it ends (for tests).

    Example:
        >>> with scoped():
        ...     _ = register("mutation", "doc.scoped", print)
        ...     "doc.scoped" in kind("mutation")
        True
        >>> "doc.scoped" in kind("mutation")
        False
    """
    registered()  # every kind loaded first, so no built-in is first loaded (and lost) inside
    saved = {name: dict(rows) for name, rows in _TABLE.items()}
    try:
        yield
    finally:
        for name, rows in _TABLE.items():
            rows.clear()
            rows.update(saved.get(name, {}))
        for each in _KINDS.values():
            each.version += 1


#: Mutation operators for ``golive mutate``: name -> operator (a class or an instance with
#: ``name`` and ``mutate``; protocol in ``golive.harness.agents.mutant``). Built-ins:
#: ``golive.mutate.operators``.
MUTATION: Kind[Any] = Kind("mutation", builtins=("golive.mutate.operators",),
                           noun="mutation operator")
