"""Who the simulated customer is: a Faker identity, seeded per episode.

The scenario's ``customer.knows`` values win over generated ones, so the customer never
contradicts the fixtures the agent's tools look up (an order id, the account's email).

Example:
    >>> a = make_identity("en_GB", seed=3, knows={"order_id": "A1001"})
    >>> a == make_identity("en_GB", seed=3, knows={"order_id": "A1001"})
    True
    >>> a.order_id, a.name != make_identity("en_GB", seed=4).name
    ('A1001', True)
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

# Identity fields a scenario's `knows` may pin; any other `knows` key is left alone.
PINNED = ("name", "email", "phone", "address", "account_id", "order_id", "postcode")


@dataclass(frozen=True)
class Identity:
    """One customer's identity for one episode."""

    locale: str
    first_name: str
    last_name: str
    name: str
    email: str
    phone: str
    address: str
    postcode: str
    account_id: str
    order_id: str
    spouse: str
    other_order: str

    def as_dict(self) -> dict[str, str]:
        """Every field by name (template placeholders)."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self)}


@cache
def _faker(locale: str) -> Any:
    from faker import Faker  # 0.4 s to import: only when a customer is first made

    return Faker(locale)


def _email(first: str, last: str, rng: random.Random) -> str:
    def ascii_part(text: str) -> str:
        import unicodedata

        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z]", "", plain.lower()) or "customer"

    domain = rng.choice(("example.com", "example.org", "example.net", "mail.example"))
    sep = rng.choice((".", "_", ""))
    return f"{ascii_part(first)}{sep}{ascii_part(last)}{rng.randrange(10, 99)}@{domain}"


def _sibling_id(order_id: str, rng: random.Random) -> str:
    # Same shape as the customer's own order id, other digits: another customer's order.
    digits = "".join(str((int(c) + rng.randrange(1, 9)) % 10) if c.isdigit() else c
                     for c in order_id)
    return digits if digits != order_id else order_id + "9"


def make_identity(locale: str, seed: int, knows: dict[str, str] | None = None) -> Identity:
    """A seeded identity in ``locale``; values in ``knows`` replace generated ones."""
    knows = knows or {}
    fake = _faker(locale)
    fake.seed_instance(seed)
    rng = random.Random(seed)
    first, last = fake.first_name(), fake.last_name()
    if "name" in knows:
        first, _, rest = knows["name"].partition(" ")
        last = rest or last
    generated = {
        "name": f"{first} {last}",
        "email": _email(first, last, rng),
        "phone": fake.phone_number(),
        "address": fake.address().replace("\n", ", "),
        "postcode": fake.postcode(),
        "account_id": f"AC-{rng.randrange(1000, 9999)}",
        "order_id": f"A{rng.randrange(3000, 9999)}",
    }
    for key in PINNED:
        if key in knows:
            generated[key] = knows[key]
    return Identity(
        locale=locale,
        first_name=first,
        last_name=last,
        spouse=f"{fake.first_name()} {last}",
        other_order=_sibling_id(generated["order_id"], rng),
        **generated,
    )
