"""Reference bots (plain Python, no LLM) used by the demo and the tests.

``acme_v1`` is the naive bot: it never hands off, promises refunds it may not give and
shows no empathy. ``acme_v2`` follows policy, acknowledges feelings and hands off when a
customer asks for a person or discloses a vulnerability.
"""
