"""A team's own tool, offered by a scenario as ``tests.harness.custom_tools:WARRANTY``."""

from __future__ import annotations

from typing import Any

from golive.errors import ToolRefused
from golive.harness.toolkits import Tool


def _check(state: dict[str, Any], args: dict[str, Any]) -> dict[str, Any]:
    order = (state.get("orders") or {}).get(args["order_id"])
    if order is None:
        raise ToolRefused(f"no order {args['order_id']!r}")
    covered = order.get("days_since_purchase", 0) <= 365 * order.get("warranty_years", 1)
    state.setdefault("warranty_checks", []).append(args["order_id"])
    return {"order_id": args["order_id"], "covered": covered}


WARRANTY = Tool(
    "check_warranty", "Is the order still under warranty?",
    {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]},
    _check,
)
NOT_A_TOOL = {"name": "check_warranty"}
