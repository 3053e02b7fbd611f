"""Write docs/reference/ from golive's JSON Schemas and its rule and metric catalogues.

Every field of every file a user writes (suite, scenario, persona, agent, gate, team rules,
pack.yaml), and of the results golive writes, gets its type, default, an example and its
meaning. Examples come from the files golive ships (the starter suite, the packs, the
persona library, the example agents), so each one is known to validate; a field no bundled
file uses shows its default or first allowed value. Run after changing a model::

    python tools/gen_reference.py          # rewrite docs/reference/
    python tools/gen_reference.py --check  # exit 1 when docs/reference/ is stale (the tests run this)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "reference"

#: page → (title, what it is, how to get the schema, bundled files whose values are examples)
PAGES: dict[str, tuple[str, str]] = {
    "suite": (
        "Suite",
        "One YAML file: which scenarios meet which personas, against which "
        "agent, for how many turns and repeats (`kind: suite`).",
    ),
    "scenario": (
        "Scenario",
        "One customer situation: goal, what is true, tools and fixtures, "
        "what the bot may and may not do, when a person must take over "
        "(`kind: scenario`).",
    ),
    "persona": (
        "Persona",
        "One simulated customer: emotion, patience, when they ask for a "
        "person, threats, vulnerabilities, adversarial traits (`kind: persona`).",
    ),
    "agent": (
        "Agent",
        "How golive reaches the bot under test, as `--agent agent.yaml` or a "
        "suite's `agent:` (`type: prompted | openai | http | python`).",
    ),
    "gate": (
        "Gate",
        "What must hold for a run to pass: a suite's `gate:` section or a file "
        "given with `--thresholds`.",
    ),
    "rules": (
        "Team rules",
        "Your own guardrail rules, in a file a suite lists under `rules:` "
        "(a list of rules, or `rules:` holding one).",
    ),
    "pack": (
        "pack.yaml",
        "What every scenario of a folder shares: the business's own contacts "
        "and common fixtures, in `pack.yaml` beside a `scenarios/` folder (`kind: pack`).",
    ),
    "episode_result": ("Episode result", "One line of a run's `results.jsonl`, written by golive."),
    "transcript": ("Transcript", "The turns of one episode, inside each episode result."),
}


def schemas() -> dict[str, dict[str, Any]]:
    """Every page's JSON Schema, from the shipped files and the models."""
    from pydantic import TypeAdapter

    from golive.harness.agents.config import AgentConfig
    from golive.scenarios.models import Business, RuleSpec

    folder = resources.files("golive.schemas")
    found = {
        kind: json.loads(folder.joinpath(f"{kind}.schema.json").read_text(encoding="utf-8"))
        for kind in ("suite", "scenario", "persona", "gate", "episode_result", "transcript")
    }
    found["agent"] = TypeAdapter(AgentConfig).json_schema()
    rule = RuleSpec.model_json_schema()
    found["rules"] = {
        "type": "object",
        "$defs": rule.pop("$defs", {}),
        "properties": {
            "rules": {
                "type": "array",
                "items": rule,
                "description": "The rules (the file may also be this list alone).",
            }
        },
    }
    business = Business.model_json_schema()
    found["pack"] = {
        "type": "object",
        "$defs": business.pop("$defs", {}),
        "properties": {
            "kind": {"const": "pack", "description": "Says what the file is."},
            "business": {
                **business,
                "description": "The business's own published contacts: "
                "never a leak when the bot gives them.",
            },
            "fixtures": {
                "type": "object",
                "description": "Records every scenario of the pack "
                "shares (e.g. other customers); a scenario's own fixtures win key by key.",
            },
        },
    }
    return found


def _bundled(kind: str) -> Iterator[Any]:
    """Parsed bundled files of ``kind``: the source of the examples."""
    roots = [
        REPO / "src" / "golive" / "scenarios",
        REPO / "src" / "golive" / "personas" / "library",
        REPO / "examples",
    ]
    for root in roots:
        for path in sorted(root.rglob("*.y*ml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except yaml.YAMLError:
                continue
            if kind == "rules" and isinstance(data, list):
                yield {"rules": data}
            elif isinstance(data, dict) and (
                data.get("kind") == kind
                or (kind == "agent" and "type" in data and "kind" not in data)
                or (kind == "gate" and "thresholds" in data and "kind" not in data)
                or (kind == "rules" and "rules" in data and "kind" not in data)
            ):
                yield data
            elif kind == "gate" and isinstance(data, dict) and isinstance(data.get("gate"), dict):
                yield data["gate"]


def _examples(kind: str, agent_type: str | None = None) -> dict[str, Any]:
    """The first value each field path takes in the bundled files (of one agent type)."""
    seen: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if path and path not in seen:
            seen[path] = value
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]")

    for data in _bundled(kind):
        if agent_type is None or data.get("type") == agent_type:
            walk(data, "")
    return seen


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = {
            **defs[node["$ref"].rsplit("/", 1)[-1]],
            **{k: v for k, v in node.items() if k != "$ref"},
        }
    return node


def _type(node: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        if "enum" in target:
            return " \\| ".join(f"`{v}`" for v in target["enum"])
        return target.get("title", node["$ref"].rsplit("/", 1)[-1])
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return " \\| ".join(f"`{v}`" for v in node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            kinds = [_type(n, defs) for n in node[key]]
            return " or ".join(k for k in kinds if k != "null") + (
                " (or null)" if "null" in kinds else ""
            )
    kind = node.get("type")
    if kind == "array":
        return f"list of {_type(node.get('items', {}), defs)}"
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return f"mapping of {_type(node['additionalProperties'], defs)}"
    if isinstance(kind, list):
        return " or ".join(kind)
    return str(kind or "any")


def _children(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    """The object whose fields sit under this one, if any (through refs, lists, nulls)."""
    node = _resolve(node, defs)
    for key in ("anyOf", "oneOf"):
        if key in node:
            objects = [n for n in node[key] if _resolve(n, defs).get("properties")]
            if len(objects) == 1:
                return _children(objects[0], defs)
            return None
    if node.get("type") == "array":
        return _children(node.get("items", {}), defs)
    if isinstance(node.get("additionalProperties"), dict):
        return _children(node["additionalProperties"], defs)
    return node if node.get("properties") else None


def _suffix(node: dict[str, Any], defs: dict[str, Any]) -> str:
    node = _resolve(node, defs)
    for key in ("anyOf", "oneOf"):
        if key in node:
            inner = [n for n in node[key] if _resolve(n, defs).get("type") != "null"]
            return _suffix(inner[0], defs) if len(inner) == 1 else ""
    if node.get("type") == "array":
        return "[]" + _suffix(node.get("items", {}), defs)
    if isinstance(node.get("additionalProperties"), dict):
        return ".<key>" + _suffix(node["additionalProperties"], defs)
    return ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value == "":
        return '`""`'
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = text.replace("|", "\\|").replace("\n", " ")
    return f"`{text[:77]}…`" if len(text) > 80 else f"`{text}`"


def _example(
    path: str, node: dict[str, Any], examples: dict[str, Any], defs: dict[str, Any]
) -> str:
    if path in examples:
        return _cell(examples[path])
    resolved = _resolve(node, defs)
    if "examples" in resolved:
        return _cell(resolved["examples"][0])
    if "default" in resolved and resolved["default"] not in (None, [], {}):
        return _cell(resolved["default"])
    if "enum" in resolved:
        return _cell(resolved["enum"][0])
    if "const" in resolved:
        return _cell(resolved["const"])
    return ""


def rows(schema: dict[str, Any], examples: dict[str, Any]) -> list[str]:
    """One table row per field, depth first, with dotted paths (``[]``: each item)."""
    defs = schema.get("$defs", {})
    out: list[str] = []

    def visit(obj: dict[str, Any], prefix: str, depth: int, examples: dict[str, Any]) -> None:
        required = set(obj.get("required", []))
        for name, node in obj.get("properties", {}).items():
            path = f"{prefix}{name}"
            meaning = node.get("description") or _resolve(node, defs).get("description") or ""
            default = "required" if name in required else _cell(node.get("default"))
            out.append(
                f"| `{path}` | {_type(node, defs)} | {default or '—'} | "
                f"{_example(path, node, examples, defs) or '—'} | "
                f"{meaning.replace('|', '/').replace(chr(10), ' ')} |"
            )
            inner = _children(node, defs)
            if inner is not None and depth < 6:
                visit(inner, f"{path}{_suffix(node, defs)}.", depth + 1, examples)

    root = _resolve(schema, defs)
    if "oneOf" in root or "anyOf" in root:  # the agent: one table per type
        for variant in root.get("oneOf") or root.get("anyOf"):
            target = _resolve(variant, defs)
            kind = target.get("properties", {}).get("type", {}).get("const", target.get("title"))
            out.append(f"| **`type: {kind}`** | | | | {target.get('description', '')} |")
            visit(target, "", 0, _examples("agent", kind))
    else:
        visit(root, "", 0, examples)
    return out


#: Fields documented on a page of their own (their forms are too many to inline).
SEE_ALSO = {"agent": "agent.md", "gate": "gate.md", "rules": "rules.md"}
HEADER = "| field | type | default | example | meaning |\n| --- | --- | --- | --- | --- |"
NOTE = (
    "<!-- generated by tools/gen_reference.py from golive's schemas and catalogues: "
    "edit the models, then rerun it -->"
)


#: What the built-in tools read from a scenario's free-form ``fixtures`` (golive.harness.toolkits).
FIXTURE_KEYS = """
## Fixture keys the built-in tools read

`fixtures` is free-form: the tools a scenario offers act on it. The built-in kits read:

| key | kit | meaning | example |
| --- | --- | --- | --- |
| `fixtures.orders.<order_id>` | `orders`, `refunds`, `cancel`, `address` | an order: `item`, `price`, `status`, `eta`, `days_since_purchase` | `A1001: {item: kettle, price: 39.99, status: out for delivery}` |
| `fixtures.accounts.<account_id>` | `accounts`, `identity`, `plans`, `cards` | an account and what verifies it (`postcode`, `date_of_birth`, `last4`) | `AC-3001: {name: Sam Taylor, postcode: EH3 9DR}` |
| `fixtures.policy.refund_limit` | `refunds` | largest refund the refund tools allow | `100` |
| `fixtures.policy.refund_window_days` | `refunds` | days after purchase a refund is allowed | `30` |
| `fixtures.policy.enforce_refund_policy` | `refunds` | `false`: a refund beyond policy goes through and is recorded under `policy_breaches` (to catch a bot that tries) | `false` |
| `fixtures.policy.require_verification` | `accounts` | account look-ups need `verify_identity` first | `true` |

The refund limit the tools enforce is `fixtures.policy.refund_limit`; the guardrail rule
`commitment.unauthorised_refund` uses the scenario's `policy.max_refund`, else that value.
"""


def page(kind: str, schema: dict[str, Any]) -> str:
    title, what = PAGES[kind]
    lines = [
        NOTE,
        f"# {title}",
        "",
        what,
        "",
        "`[]` stands for each item of a list, `<key>` for each key of a mapping. "
        "*required*: the file is invalid without it. Check a file with "
        "`golive validate FILE`.",
        "",
        HEADER,
        *rows(schema, _examples(kind)),
        "",
    ]
    if kind == "scenario":
        lines.append(FIXTURE_KEYS.lstrip("\n"))
    return "\n".join(lines)


def rules_page() -> str:
    from golive.evaluators.rules import RULE

    lines = [
        NOTE,
        "# Guardrail rules",
        "",
        "The built-in rule library. A scenario's `policy.disable` turns rules off (globs "
        "allowed), `policy.severity` changes a severity, `policy.rules` and a suite's "
        "`rules:` files add your own ([rules file](rules.md)). `golive rules` prints each "
        "rule's precision and recall on the calibration set.",
        "",
        "| rule | severity | what it catches | flagged (example) | not flagged (example) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, rule in sorted(RULE.rows().items()):
        bad = _cell(rule.bad[0].reply if rule.bad else None) or "—"
        good = _cell(rule.good[0].reply if rule.good else None) or "—"
        lines.append(
            f"| `{name}` | {rule.severity.value} | "
            f"{rule.description.replace('|', '/')} | {bad} | {good} |"
        )
    return "\n".join([*lines, ""])


def metrics_page() -> str:
    from golive.results.metrics import CATALOGUE

    lines = [
        NOTE,
        "# Metrics",
        "",
        "Every run metric (MLflow, reports, `golive gate` thresholds such as "
        "`handoff.missed_on_request_rate == 0`). Names are an API.",
        "",
        "| metric | better | definition |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| `{m.name}` | {'higher' if m.higher_is_better else 'lower'} | {m.definition} |"
        for m in CATALOGUE.values()
    ]
    return "\n".join([*lines, ""])


def index() -> str:
    lines = [
        NOTE,
        "# Reference",
        "",
        "Every field of every file golive reads or writes, with its type, default, an "
        "example from a bundled file and its meaning; the rule and metric catalogues. "
        "`golive validate` links here from its errors.",
        "",
        "| page | what it describes |",
        "| --- | --- |",
    ]
    lines += [f"| [{title}]({kind}.md) | {what} |" for kind, (title, what) in PAGES.items()]
    lines += [
        "| [Guardrail rules](guardrail-rules.md) | The built-in rule library. |",
        "| [Metrics](metrics.md) | Every run metric a gate can name. |",
        "",
    ]
    return "\n".join(lines)


def pages() -> dict[str, str]:
    """File name → text of every reference page."""
    found = {f"{kind}.md": page(kind, schema) for kind, schema in schemas().items()}
    found.update(
        {"guardrail-rules.md": rules_page(), "metrics.md": metrics_page(), "README.md": index()}
    )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is stale")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    wanted = pages()
    if args.check:
        stale = [
            name
            for name, text in wanted.items()
            if not (args.out / name).is_file()
            or (args.out / name).read_text(encoding="utf-8") != text
        ]
        extra = (
            sorted(p.name for p in args.out.glob("*.md") if p.name not in wanted)
            if args.out.is_dir()
            else []
        )
        for name in [*stale, *extra]:
            print(f"{args.out / name} is stale: run python tools/gen_reference.py", file=sys.stderr)
        return 1 if stale or extra else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in wanted.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
