"""Message templates people can edit: which fields each kind of message may
use, and the Jinja2 sandbox that checks and fills them.

Here rather than in the core because a template is a setting (`template.KIND`)
and `reads.settings` checks a setting's value when it is set; the wording of
the defaults is the core's (`core.templates`). Jinja2 is imported only when a
template is checked or filled: `pln due` and the everyday writes never load it.

A template is refused when it is saved, not when forty messages go out: an
unknown field, a syntax error, and anything that could reach a Python object
or cost without bound (attribute access beyond the documented sub-fields,
calls, imports and includes, `{% set %}`, arithmetic, nested loops, filters
outside a small set). What is left can only print the fields, test them and
loop once over a list field; the sandbox is a second guard."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from plncrm.util.bounds import MAX_TEMPLATE_CHARS
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2 import Environment, Template, nodes

KINDS = (
    "ask",
    "introduce",
    "intro-follow-up",
    "invitation",
    "reminder",
    "thanks",
    "no-show",
    "met-follow-up",
    "keep-in-touch",
    "follow-up",
    "gift",
)

# What each field holds, for `pln template list` and docs/mail.md.
FIELD_HELP = {
    "greeting": '"Hi Rachel,"; "Hi," for someone known only by an address ("Hi all," in BCC)',
    "given_name": 'the name to greet them by ("Rachel"); empty for one known only by an address',
    "name": "their whole name, as kept",
    "org": "their organisation; may be empty",
    "role": "their role; may be empty",
    "me": "your name, as drafts are signed (pln config my-name); may be empty",
    "other": 'the other person, described: "Maya Okafor, Instructional Coach at Riverside USD"',
    "other_name": "the other person's whole name",
    "other_called": "what to call the other person: the name to greet them by, else their name",
    "other_offers": 'what the other person can help with ("coaching and grants"); may be empty',
    "a": "the first person, described (name, role at org)",
    "a_name": "the first person's whole name",
    "a_called": "what to call the first person",
    "a_offers": "what the first person can help with; may be empty",
    "b": "the second person, described (name, role at org)",
    "b_name": "the second person's whole name",
    "b_called": "what to call the second person",
    "b_offers": "what the second person can help with; may be empty",
    "why": "the reason for the introduction, as a sentence (a full stop added)",
    "event.name": "the event's name",
    "event.when": 'its day and time: "2026-12-10, 16:00–17:00 America/Chicago"',
    "event.where": "its place; may be empty",
    "met_before": "true when they were met before, elsewhere (seen again at this event)",
    "resources": "links to share, a list ({% for link in resources %}); may be empty",
    "task": "the follow-up's title",
    "resource.name": "the resource's name",
    "resource.link": "its link (http or https)",
    "note": "what you added with -m; may be empty",
    "recording": "the link to the event's recording (http or https)",
}
_PERSON = ("greeting", "given_name", "name", "org", "role")
_EVENT = ("event.name", "event.when", "event.where")
_OTHER = ("other", "other_name", "other_called")
FIELDS: dict[str, tuple[str, ...]] = {
    "ask": (*_PERSON, *_OTHER, "other_offers", "why", "me"),
    "introduce": (
        *("a", "a_name", "a_called", "a_offers", "b", "b_name", "b_called", "b_offers"),
        *("why", "me"),
    ),
    "intro-follow-up": (*_PERSON, *_OTHER, "me"),
    "invitation": (*_PERSON, *_EVENT, "me"),
    "reminder": (*_PERSON, *_EVENT, "me"),
    "thanks": (*_PERSON, *_EVENT, "resources", "me"),
    "no-show": (*_PERSON, *_EVENT, "recording", "me"),
    "met-follow-up": (*_PERSON, "event.name", "met_before", "resources", "me"),
    "keep-in-touch": (*_PERSON, "me"),
    "follow-up": (*_PERSON, "task", "me"),
    "gift": (*_PERSON, "resource.name", "resource.link", "note", "me"),
}
LISTS = frozenset({"resources"})  # a list of text: looped over, joined or tested
FLAGS = frozenset({"met_before"})  # true or false
# Filters that cannot make text grow much; `join` only on a list field.
FILTERS = ("capitalize", "default", "join", "length", "lower", "title", "trim", "truncate", "upper")
TESTS = ("defined", "undefined", "none", "eq", "ne")
LOOP_FIELDS = ("index", "first", "last", "length")  # loop.index inside a {% for %}


def check_kind(kind: str) -> str:
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise Invalid(f"no message kind {kind!r}; kinds: {', '.join(KINDS)}")
    return kind


def check_template(kind: str, text: str) -> str:
    """`text` as it is stored ("Subject: …", a blank line, the body), or
    `Invalid` saying in one line what is wrong and where. It is filled twice
    on trial, every field set and every field empty, so that what would fail
    only when filled (`{{ name > 3 }}`) fails here."""
    kind = check_kind(kind)
    for values in _trials(kind):
        render_template(kind, text, values)
    subject, body, _ = _split(kind, text)
    return f"Subject: {subject}\n\n{body}\n"


def _trials(kind: str) -> list[dict[str, Any]]:
    """Values to fill `kind`'s template with on trial: every field set, then every one empty."""
    trials = []
    for text, flag, links in (("Ana", True, ["https://example.org/"]), ("", False, [])):
        values: dict[str, Any] = {}
        for field in FIELDS[kind]:
            head, _, tail = field.partition(".")
            value = links if field in LISTS else flag if field in FLAGS else text
            if tail:
                values.setdefault(head, {})[tail] = value
            else:
                values[head] = value
        trials.append(values)
    return trials


def render_template(kind: str, text: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """The subject and body of `text` filled with `values` (every field of
    `kind`; event.* as `values["event"]`); `Invalid`, never a traceback."""
    from jinja2 import TemplateError

    subject, body = _compiled(check_kind(kind), text)
    try:
        return subject.render(values).strip(), body.render(values).rstrip().lstrip("\n")
    except (
        TemplateError,
        TypeError,
        ValueError,
        LookupError,
        ArithmeticError,
        AssertionError,
    ) as exc:
        raise Invalid(f"template {kind} cannot be filled: {_first_line(exc)}") from None


@lru_cache(maxsize=32)
def _compiled(kind: str, text: str) -> tuple[Template, Template]:
    """The subject's and the body's templates, checked: compiled once for a
    wave of messages."""
    from jinja2 import TemplateError, TemplateSyntaxError

    subject, body, offset = _split(kind, text)
    env = _environment()
    parts = []
    for source, before in ((subject, 0), (body, offset)):
        try:
            tree = env.parse(source)
            _Checker(kind).check(tree)
            parts.append(env.from_string(tree))
        except TemplateSyntaxError as exc:
            line = (exc.lineno or 1) + before
            raise Invalid(f"template {kind}, line {line}: {_first_line(exc)}") from None
        except (TemplateError, ValueError, OverflowError) as exc:  # 5,000 digits
            raise Invalid(f"template {kind}: {_first_line(exc)}") from None
        except RecursionError:
            raise Invalid(f"template {kind} is nested too deeply") from None
    return parts[0], parts[1]


def _split(kind: str, text: str) -> tuple[str, str, int]:
    """The subject, the body and how many lines come before the body."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise Invalid(f"template {kind} is too long: at most {MAX_TEMPLATE_CHARS:,} characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = text.partition("\n")
    label, colon, subject = first.partition(":")
    if not colon or label.strip().lower() != "subject" or not subject.strip():
        raise Invalid(f"template {kind} starts with its subject line: Subject: …")
    body = rest.lstrip("\n")
    offset = 1 + len(rest) - len(body)
    body = body.rstrip()
    if not body:
        raise Invalid(f"template {kind} has no message after its Subject line")
    return subject.strip(), body, offset


def _first_line(exc: Exception) -> str:
    lines = str(getattr(exc, "message", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


@cache
def _environment() -> Environment:
    """The sandbox: immutable values, an undefined value is an error, no
    escaping (plain-text mail), no globals, a few filters and tests."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in FILTERS}
    env.tests = {name: env.tests[name] for name in TESTS}
    return env


class _Checker:
    """Walks a parsed template and refuses, in one line, whatever is not a
    documented field, a test of one, or one loop over a list field."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        fields = FIELDS[kind]
        self.plain = frozenset(f for f in fields if "." not in f)
        self.nested: dict[str, tuple[str, ...]] = {}
        for field in fields:
            if "." in field:
                head, _, tail = field.partition(".")
                self.nested[head] = (*self.nested.get(head, ()), tail)

    def refuse(self, what: str) -> Invalid:
        return Invalid(f"template {self.kind}: {what}")

    def unknown(self, name: str) -> Invalid:
        known = ", ".join(FIELDS[self.kind])
        return self.refuse(f"unknown field {name!r}; {self.kind} may use: {known}")

    def check(self, tree: nodes.Template) -> None:
        """The walk first: Jinja's own search for undeclared names compiles,
        which a template naming no known filter would fail."""
        from jinja2 import TemplateError
        from jinja2.meta import find_undeclared_variables

        self.walk(tree, loop="")
        try:
            unknown = sorted(find_undeclared_variables(tree) - self.plain - set(self.nested))
        except TemplateError as exc:
            raise self.refuse(_first_line(exc)) from None
        if unknown:
            raise self.unknown(unknown[0])

    def walk(self, node: nodes.Node, loop: str) -> None:
        """`loop`: the name of the enclosing loop's variable ("" outside one)."""
        from jinja2 import nodes as n

        if isinstance(node, n.Name):
            self.name(node, loop)
            return
        if isinstance(node, n.Getattr | n.Getitem):
            self.field(node, loop)
            return
        if isinstance(node, n.For):
            self.loop(node, loop)
            return
        if isinstance(node, n.Filter | n.Test):
            self.filter(node, loop)
        elif isinstance(node, n.CondExpr) and node.expr2 is None:
            raise self.refuse("write {{ x if test else '' }}: an if without an else")
        elif isinstance(node, n.Const):
            if not isinstance(node.value, str | int | float | bool | type(None)):
                raise self.refuse("only text, numbers and true/false may be written out")
        elif not isinstance(node, _allowed()):
            raise self.refuse(_refusal(node))
        for child in node.iter_child_nodes():
            self.walk(child, loop)

    def name(self, node: nodes.Name, loop: str) -> None:
        if node.name in self.nested:
            sub = ", ".join(f"{node.name}.{s}" for s in self.nested[node.name])
            raise self.refuse(f"{node.name} is used by its parts: {sub}")
        if node.name not in self.plain and node.name != loop:
            raise self.unknown(node.name)

    def field(self, node: nodes.Getattr | nodes.Getitem, loop: str) -> None:
        from jinja2 import nodes as n

        if isinstance(node, n.Getattr):
            key: object = node.attr
        else:
            key = node.arg.value if isinstance(node.arg, n.Const) else None
        owner = node.node.name if isinstance(node.node, n.Name) else ""
        allowed = self.nested.get(owner, ()) + (LOOP_FIELDS if owner == "loop" and loop else ())
        if key not in allowed:
            known = ", ".join(FIELDS[self.kind])
            raise self.refuse(f"{_dotted(node)} is not a field; {self.kind} may use: {known}")

    def loop(self, node: nodes.For, loop: str) -> None:
        from jinja2 import nodes as n

        if loop:
            raise self.refuse("a loop inside a loop")
        if node.recursive:
            raise self.refuse("a recursive loop")
        if not (isinstance(node.iter, n.Name) and node.iter.name in LISTS & self.plain):
            lists = ", ".join(sorted(LISTS & self.plain)) or "none here"
            raise self.refuse(f"a loop goes over a list field ({lists})")
        target = node.target
        taken = self.plain | set(self.nested) | {"loop", "self"}
        if not isinstance(target, n.Name) or target.name in taken:
            raise self.refuse("a loop names one new variable: {% for link in resources %}")
        for child in (*node.body, *node.else_, *([node.test] if node.test else [])):
            self.walk(child, target.name)

    def filter(self, node: nodes.Filter | nodes.Test, loop: str) -> None:
        from jinja2 import nodes as n

        kinds = FILTERS if isinstance(node, n.Filter) else TESTS
        what = "filter" if isinstance(node, n.Filter) else "test"
        if node.name not in kinds:
            raise self.refuse(f"no {what} {node.name!r}; {what}s: {', '.join(kinds)}")
        values = [*node.args, *(k.value for k in node.kwargs)]
        if node.dyn_args or node.dyn_kwargs or not all(isinstance(v, n.Const) for v in values):
            raise self.refuse(f"the {what} {node.name} takes plain values only")
        joined = node.node
        if node.name == "join" and not (isinstance(joined, n.Name) and joined.name in LISTS):
            raise self.refuse("join joins a list field: resources|join(', ')")


def _dotted(node: nodes.Node) -> str:
    """An attribute or item as written: "name.__class__.__mro__", "event['x']"."""
    from jinja2 import nodes as n

    if isinstance(node, n.Name):
        return node.name
    if isinstance(node, n.Const):
        return repr(node.value)
    if isinstance(node, n.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, n.Getitem):
        return f"{_dotted(node.node)}[{_dotted(node.arg)}]"
    return "(…)"


@cache
def _allowed() -> tuple[type[nodes.Node], ...]:
    from jinja2 import nodes as n

    return (
        *(n.Template, n.Output, n.TemplateData, n.If, n.CondExpr, n.Concat, n.Keyword),
        *(n.And, n.Or, n.Not, n.Compare, n.Operand),
    )


def _refusal(node: nodes.Node) -> str:
    from jinja2 import nodes as n

    said: tuple[tuple[type[n.Node] | tuple[type[n.Node], ...], str], ...] = (
        (n.Call, "calls such as range() are not allowed"),
        ((n.Include, n.Import, n.FromImport, n.Extends), "include, import and extends are refused"),
        ((n.Assign, n.AssignBlock, n.With), "{% set %} and {% with %} are not allowed"),
        ((n.Macro, n.CallBlock), "macros are not allowed"),
        ((n.BinExpr, n.UnaryExpr), "arithmetic is not allowed"),
    )
    for kinds, text in said:
        if isinstance(node, kinds):
            return text
    return f"{type(node).__name__.lower()} is not allowed in a template"
