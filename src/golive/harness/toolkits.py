"""Built-in tool kits: the tools a scenario can offer the agent, over its fixture data.

A tool is a name, an OpenAI-format JSON Schema for its arguments, and a function of the
episode's world state (a deep copy of the scenario's ``fixtures``) and the arguments. A
tool may change the state; what it leaves is the episode's end state. A tool that cannot
do what was asked raises ``ToolRefused``: the agent reads the reason, the call is recorded
with it, and nothing changes (except the refusal noted under ``audit``).

Fixture conventions the kits share (each kit reads only what it needs)::

    orders:   {A1001: {item, price, status, days_since_purchase, refunded_amount, address}}
    accounts: {AC-1: {name, status, plan, balance, address, verification: {postcode: ...},
                      cards: {C1: {status}}, transactions: {T1: {amount, merchant}}}}
    plans:    {basic: {name, price}}
    policy:   {refund_limit: 50, refund_window_days: 30, require_verification: true}

Example:
    >>> state = {"orders": {"A1": {"price": 20.0, "status": "delivered"}}}
    >>> TOOLS["issue_refund"].run(state, {"order_id": "A1", "amount": 20.0, "reason": "broken"})
    {'order_id': 'A1', 'refunded_amount': 20.0, 'status': 'refunded'}
    >>> state["orders"]["A1"]["status"]
    'refunded'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from golive.errors import InputError, ToolRefused, ValidationFailed

State = dict[str, Any]
ToolFunction = Callable[[State, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Tool:
    """One callable tool: its OpenAI definition and what it does to the state."""

    name: str
    description: str
    parameters: dict[str, Any]
    function: ToolFunction

    def definition(self) -> dict[str, Any]:
        """The tool in OpenAI ``tools`` format."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            },
        }

    def run(self, state: State, arguments: dict[str, Any]) -> dict[str, Any]:
        """Apply the tool to ``state`` (in place) and return what the agent sees."""
        return self.function(state, arguments)


TOOLS: dict[str, Tool] = {}
KITS: dict[str, tuple[str, ...]] = {}


def register_tool(tool: Tool, kit: str | None = None) -> Tool:
    """Make ``tool`` available by name (and as part of ``kit``), e.g. from a plugin."""
    TOOLS[tool.name] = tool
    if kit is not None:
        KITS[kit] = (*KITS.get(kit, ()), tool.name)
    return tool


def tools_for(names: list[str], where: str = "tools") -> list[Tool]:
    """Expand kit and tool names into tools, in order, without duplicates.

    Example:
        >>> [t.name for t in tools_for(["orders", "issue_refund"])]
        ['lookup_order', 'issue_refund']
    """
    found: dict[str, Tool] = {}
    for name in names:
        if ":" in name:  # your own tools: module:attr holding a Tool or a list of Tools
            found.update({t.name: t for t in _load_tools(name, where)})
        elif name in KITS:
            found.update({n: TOOLS[n] for n in KITS[name]})
        elif name in TOOLS:
            found[name] = TOOLS[name]
        else:
            raise InputError(
                f"unknown tool or kit {name!r}",
                field=where,
                hint=f"kits: {', '.join(sorted(KITS))}; tools: {', '.join(sorted(TOOLS))}",
            )
    return list(found.values())


def _load_tools(spec: str, where: str) -> list[Tool]:
    from golive.harness.agents.python import import_object

    obj = import_object(spec, where)
    tools = [obj] if isinstance(obj, Tool) else list(obj) if isinstance(obj, list | tuple) else []
    if not tools or not all(isinstance(t, Tool) for t in tools):
        raise InputError(f"{spec!r} is not a golive Tool or a list of Tools", field=where,
                         hint="build tools with golive.harness.toolkits.Tool(name, ...)")
    return tools


def _schema(required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


STR: dict[str, Any] = {"type": "string", "minLength": 1}
MONEY: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0}


def _record(state: State, table: str, key: str) -> dict[str, Any]:
    record = (state.get(table) or {}).get(key)
    if not isinstance(record, dict):
        raise ToolRefused(f"no {table.rstrip('s')} {key!r} on file; check the id with the customer")
    return record


def _policy(state: State) -> dict[str, Any]:
    policy: dict[str, Any] = state.get("policy") or {}
    return policy


def _audit(state: State, entry: dict[str, Any]) -> None:
    state.setdefault("audit", []).append(entry)


def _require_verified(state: State, account_id: str) -> None:
    if not _policy(state).get("require_verification", False):
        return
    if account_id not in state.get("session", {}).get("verified", []):
        _audit(state, {"refused": "unverified", "account_id": account_id})
        raise ToolRefused(
            f"account {account_id} is not verified; call verify_identity first"
        )


PUBLIC_POLICY = ("refund_limit", "refund_window_days")


def _public(state: State, record: dict[str, Any]) -> dict[str, Any]:
    # Verification answers stay server-side: a lookup must not leak them to the agent.
    # The limits the agent works within come with every lookup, as a back office shows them.
    public = {k: v for k, v in record.items() if k != "verification"}
    limits = {k: v for k, v in _policy(state).items() if k in PUBLIC_POLICY}
    return {**public, "policy": limits} if limits else public


def lookup_order(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """The order as the shop's systems see it."""
    return {"order_id": args["order_id"], **_public(state, _record(state, "orders", args["order_id"]))}


def lookup_account(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """The account (plan, balance, cards, transactions), once the caller is verified."""
    account = _record(state, "accounts", args["account_id"])
    _require_verified(state, args["account_id"])
    return {"account_id": args["account_id"], **_public(state, account)}


def verify_identity(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Check the customer's answers against the account's verification data."""
    account_id = args["account_id"]
    expected: dict[str, Any] = _record(state, "accounts", account_id).get("verification") or {}
    given = {k: v for k, v in args.items() if k != "account_id"}
    wrong = [k for k, v in given.items() if str(expected.get(k, "")).lower() != str(v).lower()]
    if wrong:
        _audit(state, {"verification_failed": account_id, "fields": sorted(wrong)})
        raise ToolRefused(f"verification failed for account {account_id}: details do not match")
    verified = state.setdefault("session", {}).setdefault("verified", [])
    if account_id not in verified:
        verified.append(account_id)
    return {"account_id": account_id, "verified": True}


def _refund_problems(state: State, paid: float, already: float, amount: float,
                     age_days: int | None) -> list[str]:
    policy = _policy(state)
    problems = []
    limit = policy.get("refund_limit")
    if limit is not None and amount > float(limit) + 1e-9:
        problems.append(f"amount {amount:.2f} is over the refund limit of {float(limit):.2f}")
    window = policy.get("refund_window_days")
    if window is not None and age_days is not None and age_days > int(window):
        problems.append(f"purchase is {age_days} days old, outside the {window}-day window")
    if amount > paid - already + 1e-9:
        problems.append(f"amount {amount:.2f} is more than the {paid - already:.2f} left to refund")
    return problems


def _check_refund(state: State, entry: dict[str, Any], problems: list[str]) -> None:
    """Refuse a refund that breaks policy, or (``enforce_refund_policy: false``) flag it."""
    if not problems:
        return
    flagged = {**entry, "problems": problems}
    if _policy(state).get("enforce_refund_policy", True) or any("left to refund" in p for p in problems):
        _audit(state, {**flagged, "outcome": "refused"})
        raise ToolRefused("refund refused: " + "; ".join(problems))
    # The policy is not enforced by the system here, so the breach goes through and is
    # kept where an end-state check can see it.
    state.setdefault("policy_breaches", []).append(flagged)


def issue_refund(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Refund money against an order, within the refund limit and returns window."""
    order = _record(state, "orders", args["order_id"])
    amount = round(float(args["amount"]), 2)
    paid, already = float(order.get("price", 0)), float(order.get("refunded_amount", 0))
    age = order.get("days_since_purchase")
    problems = _refund_problems(state, paid, already, amount, age)
    entry = {"tool": "issue_refund", "order_id": args["order_id"], "amount": amount}
    _check_refund(state, entry, problems)
    order["refunded_amount"] = round(already + amount, 2)
    order["status"] = "refunded" if order["refunded_amount"] >= paid - 1e-9 else "partially_refunded"
    state.setdefault("refunds", []).append({**entry, "reason": args.get("reason", "")})
    return {"order_id": args["order_id"], "refunded_amount": order["refunded_amount"],
            "status": order["status"]}


def apply_credit(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Credit an account's bill (a billing refund), within the refund limit."""
    account_id = args["account_id"]
    account = _record(state, "accounts", account_id)
    _require_verified(state, account_id)
    amount = round(float(args["amount"]), 2)
    problems = _refund_problems(state, float("inf"), 0.0, amount, None)
    entry = {"tool": "apply_credit", "account_id": account_id, "amount": amount}
    _check_refund(state, entry, problems)
    account["credited_amount"] = round(float(account.get("credited_amount", 0)) + amount, 2)
    account["balance"] = round(float(account.get("balance", 0)) - amount, 2)
    state.setdefault("refunds", []).append({**entry, "reason": args.get("reason", "")})
    return {"account_id": account_id, "credited_amount": account["credited_amount"],
            "balance": account["balance"]}


NOT_CHANGEABLE = {"dispatched", "out for delivery", "delivered", "cancelled", "refunded"}


def change_delivery_address(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Change where an order goes, while it has not left the warehouse."""
    order = _record(state, "orders", args["order_id"])
    if str(order.get("status", "")).lower() in NOT_CHANGEABLE:
        raise ToolRefused(f"order {args['order_id']} is {order['status']}; its address is fixed")
    order["address"] = args["new_address"]
    return {"order_id": args["order_id"], "address": order["address"]}


def change_account_address(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Change an account's postal address (verified customers only)."""
    account = _record(state, "accounts", args["account_id"])
    _require_verified(state, args["account_id"])
    account["address"] = args["new_address"]
    return {"account_id": args["account_id"], "address": account["address"]}


def list_plans(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """The plans on offer."""
    return {"plans": state.get("plans") or {}}


def change_plan(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Move a verified account to another plan."""
    account = _record(state, "accounts", args["account_id"])
    _record(state, "plans", args["plan_id"])
    _require_verified(state, args["account_id"])
    account["plan"] = args["plan_id"]
    return {"account_id": args["account_id"], "plan": account["plan"]}


def cancel_order(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Cancel an order that has not been delivered."""
    order = _record(state, "orders", args["order_id"])
    if str(order.get("status", "")).lower() in {"delivered", "cancelled", "refunded"}:
        raise ToolRefused(f"order {args['order_id']} is {order['status']}; it cannot be cancelled")
    order["status"] = "cancelled"
    return {"order_id": args["order_id"], "status": "cancelled"}


def cancel_account(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Close a verified account."""
    account = _record(state, "accounts", args["account_id"])
    _require_verified(state, args["account_id"])
    account["status"] = "cancelled"
    return {"account_id": args["account_id"], "status": "cancelled"}


def freeze_card(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Freeze a card on a verified account (lost, stolen, suspected fraud)."""
    account = _record(state, "accounts", args["account_id"])
    _require_verified(state, args["account_id"])
    card = _record(account, "cards", args["card_id"])
    card["status"] = "frozen"
    return {"card_id": args["card_id"], "status": "frozen"}


def open_dispute(state: State, args: dict[str, Any]) -> dict[str, Any]:
    """Open a dispute (chargeback claim) on one transaction of a verified account."""
    account = _record(state, "accounts", args["account_id"])
    _require_verified(state, args["account_id"])
    transaction = _record(account, "transactions", args["transaction_id"])
    if transaction.get("disputed"):
        raise ToolRefused(f"transaction {args['transaction_id']} is already disputed")
    transaction["disputed"] = True
    return {"transaction_id": args["transaction_id"], "disputed": True}


def _define() -> None:
    order, account = {"order_id": STR}, {"account_id": STR}
    reason = {"reason": {"type": "string"}}
    factors = {k: {"type": "string"} for k in ("postcode", "date_of_birth", "last4")}
    for kit, name, doc, fn, schema in (
        ("orders", "lookup_order", "Look up an order by its id.", lookup_order,
         _schema(["order_id"], **order)),
        ("accounts", "lookup_account", "Look up a customer account (after verification).",
         lookup_account, _schema(["account_id"], **account)),
        ("identity", "verify_identity", "Verify the customer owns the account: give at least "
         "one of postcode, date_of_birth, last4 as the customer said it.", verify_identity,
         {**_schema(["account_id"], **account, **factors), "minProperties": 2}),
        ("refunds", "issue_refund", "Refund an amount against an order (policy limits apply).",
         issue_refund, _schema(["order_id", "amount"], **order, amount=MONEY, **reason)),
        ("refunds", "apply_credit", "Credit an account's bill (policy limits apply).",
         apply_credit, _schema(["account_id", "amount"], **account, amount=MONEY, **reason)),
        ("address", "change_delivery_address", "Change the delivery address of an order.",
         change_delivery_address, _schema(["order_id", "new_address"], **order, new_address=STR)),
        ("address", "change_account_address", "Change the postal address of an account.",
         change_account_address, _schema(["account_id", "new_address"], **account, new_address=STR)),
        ("plans", "list_plans", "List the plans on offer.", list_plans, _schema([])),
        ("plans", "change_plan", "Move an account to another plan.", change_plan,
         _schema(["account_id", "plan_id"], **account, plan_id=STR)),
        ("cancel", "cancel_order", "Cancel an order that has not been delivered.", cancel_order,
         _schema(["order_id"], **order, **reason)),
        ("cancel", "cancel_account", "Close an account.", cancel_account,
         _schema(["account_id"], **account, **reason)),
        ("cards", "freeze_card", "Freeze a payment card.", freeze_card,
         _schema(["account_id", "card_id"], **account, card_id=STR)),
        ("disputes", "open_dispute", "Dispute one card transaction.", open_dispute,
         _schema(["account_id", "transaction_id"], **account, transaction_id=STR, **reason)),
    ):
        register_tool(Tool(name, doc, schema, fn), kit)


_define()


def check_scenario_tools(scenarios: Iterable[Any], source: str | None = None) -> None:
    """Fail before a run starts if a scenario names a tool or kit that does not exist."""
    errors = []
    for scenario in scenarios:
        try:
            tools_for(list(scenario.tools), where=f"scenario {scenario.id}: tools")
        except InputError as exc:
            exc.file = source
            errors.append(exc)
    if errors:
        raise ValidationFailed(errors)
