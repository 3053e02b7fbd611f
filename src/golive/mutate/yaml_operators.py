"""Mutation operators written in YAML: add, prepend or substitute text in the bot's replies.

A team that wants to know whether its suite notices a phrase it fears needs no Python::

    # team-mutations.yaml
    kind: mutations
    operators:
      - name: casual_signoff
        description: signs off casually
        append: "Cheers, mate!"           # or prepend:, or replace: {pattern:, with:}
        when: first_reply                 # first_reply (default) or every_reply
        customer_matches: "refund"        # optional: only after a customer message matching this
        rules: [brand.slang]              # rule-id globs that should catch it
        rule: "a pattern rule for 'mate|pal|buddy' (severity major)"

``golive mutate SUITE --agent X --operator-file team-mutations.yaml`` registers them (kind
``mutation``) and runs them beside the built-ins.

Example:
    >>> spec = YamlOperatorSpec(name="cheers", append="Cheers!")
    >>> from golive.harness.agents.base import AgentReply, AgentRequest
    >>> from golive.harness.agents.mutant import MutationContext
    >>> ask = AgentRequest([{"role": "user", "content": "Hi"}], "e", [])
    >>> YamlOperator(spec).mutate(AgentReply("Hello."), ask, MutationContext("e")).content
    'Hello. Cheers!'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from golive._yamlfile import field_name, line_of, parse_yaml, read_text_file
from golive.errors import InputError, ValidationFailed
from golive.harness.agents.base import AgentReply, AgentRequest
from golive.harness.agents.mutant import MutationContext
from golive.mutate.operators.base import (
    MutationOperator,
    answering_customer,
    first_words,
    is_final,
    last_customer,
    with_text,
)
from golive.registry import MUTATION

__all__ = ["YamlOperator", "YamlOperatorSpec", "load_operator_file"]


class Substitution(BaseModel):
    """Replace what a regular expression matches."""

    model_config = ConfigDict(extra="forbid")
    pattern: str = Field(min_length=1, description="A regular expression (case-insensitive).")
    with_: str = Field(alias="with", description="What to put instead (\\1 groups work).")


class YamlOperatorSpec(BaseModel):
    """One operator in a mutations file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="Registry name.")
    description: str = ""
    append: str | None = Field(default=None, description="Said after the bot's text.")
    prepend: str | None = Field(default=None, description="Said before the bot's text.")
    replace: Substitution | None = Field(default=None, description="A substitution in the text.")
    when: Literal["first_reply", "every_reply"] = "first_reply"
    customer_matches: str | None = Field(
        default=None, description="Only after a customer message matching this expression."
    )
    rules: list[str] = Field(default_factory=list, description="Rule-id globs that catch it.")
    probe: str = Field(default="", description="What makes it fire, if nothing did.")
    rule: str = Field(default="", description="A rule that would catch it.")

    @model_validator(mode="after")
    def _one_change(self) -> YamlOperatorSpec:
        if sum(x is not None for x in (self.append, self.prepend, self.replace)) != 1:
            raise ValueError("give exactly one of append, prepend or replace")
        for expression in (self.customer_matches, self.replace.pattern if self.replace else None):
            if expression is not None:
                try:
                    re.compile(expression)
                except re.error as exc:
                    raise ValueError(f"{expression!r} is not a regular expression: {exc}") from exc
        return self


class MutationsFile(BaseModel):
    """A YAML file of mutation operators."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["mutations"]
    operators: list[YamlOperatorSpec] = Field(min_length=1)


class YamlOperator(MutationOperator):
    """An operator from a mutations file (an instance per spec, not a class per operator)."""

    def __init__(self, spec: YamlOperatorSpec) -> None:
        self.spec = spec
        self.name = spec.name  # type: ignore[misc]
        self.description = spec.description or f"text change {spec.name}"  # type: ignore[misc]
        self.rules = tuple(spec.rules)  # type: ignore[misc]
        self.probe = spec.probe  # type: ignore[misc]
        self.rule = spec.rule or _pattern_rule(spec)  # type: ignore[misc]
        self._customer = re.compile(spec.customer_matches, re.I) if spec.customer_matches else None

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        spec = self.spec
        due = (
            first_words(request, reply)
            if spec.when == "first_reply"
            else (is_final(reply) and answering_customer(request))
        )
        if (
            not due
            or self._customer is not None
            and not self._customer.search(last_customer(request))
        ):
            return reply
        text = reply.content
        if spec.append is not None:
            return with_text(reply, f"{text.rstrip()} {spec.append}".strip())
        if spec.prepend is not None:
            return with_text(reply, f"{spec.prepend} {text.lstrip()}".strip())
        assert spec.replace is not None
        return with_text(reply, re.sub(spec.replace.pattern, spec.replace.with_, text, flags=re.I))


def _pattern_rule(spec: YamlOperatorSpec) -> str:
    """The pattern rule that would catch an operator which adds fixed words."""
    phrase = spec.append or spec.prepend or (spec.replace.with_ if spec.replace else "")
    if not phrase.strip():
        return ""
    return (
        f"a pattern rule in the suite's `rules:` file: {{id: team.{spec.name}, severity: "
        f"major, patterns: [{re.escape(phrase.strip())!r}]}}"
    )


def load_operator_file(path: Path) -> list[str]:
    """Register every operator of a mutations file; returns their names.

    Raises:
        InputError: the file is missing or malformed; the message names its line and field.
    """
    source = str(path)
    data, lines = parse_yaml(read_text_file(path, "mutations file"), source)
    try:
        parsed = MutationsFile.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            [
                InputError(
                    err["msg"],
                    file=source,
                    line=line_of(lines, list(err["loc"])),
                    field=field_name(list(err["loc"])) or None,
                    hint="see `golive mutate --help` for the file's fields (kind: mutations)",
                )
                for err in exc.errors()
            ]
        ) from exc
    for spec in parsed.operators:
        MUTATION.add(spec.name, YamlOperator(spec))
    return [spec.name for spec in parsed.operators]
