"""The one way the HTML reports build their jinja2 environment.

Every page (report, compare, audit) reads ``golive.reports/templates`` with autoescaping
on and undefined names as errors; each adds only its own helpers. jinja2 is imported when
a page is first rendered, not when golive starts.

Example:
    >>> env = template_environment(filters={"shout": str.upper})
    >>> env.from_string("{{ x | shout }}").render(x="<hi>")
    '&lt;HI&gt;'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


def template_environment(
    filters: Mapping[str, Callable[..., Any]] | None = None,
    globals_: Mapping[str, Callable[..., Any]] | None = None,
) -> jinja2.Environment:
    """A new environment over the bundled templates with these filters and globals."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("golive.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(filters or {})
    env.globals.update(globals_ or {})
    return env
