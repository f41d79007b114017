"""Sphinx directives that render tables straight from the package, so the docs cannot drift.

``rules-table [MODULE.TABLE]``: every service rule of :mod:`sagemaker_tuning.rules` (or of another
table of rules, such as ``sagemaker_tuning.requests.WARM_START_RULES``) with severity and source.
``cli-help [COMMAND]``: the ``--help`` text of ``sagemaker-tuning`` (or of one command).
``shapes-overview``: the shapes of :mod:`sagemaker_tuning.shapes` grouped by operation (from the
operation table), one line each.

It gives attrs classes clean signatures: ``autodoc_preserve_defaults`` shows the source text of
defaults, and attrs' generated ``__init__`` reads them as ``attr_dict['name'].default``; the
signature is rebuilt from the fields instead (``*, name, other=None``).

It also resolves the top-level aliases (``sagemaker_tuning.TuningClient``,
``sagemaker_tuning.ValidationError``, ...) to where autodoc documents them
(``sagemaker_tuning.client.TuningClient``, ...), so docstrings may use either spelling.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _source_label(url: str) -> str:
    """``owner/repo#123`` for a GitHub issue, else the page name (``API_ResourceLimits``)."""
    parts = url.split("#")[0].rstrip("/").split("/")
    if len(parts) >= 7 and parts[2] == "github.com":
        return f"{parts[3]}/{parts[4]}#{parts[6]}"
    return parts[-1].removesuffix(".html")


def _sources(rule: Any) -> tuple[str, ...]:
    sources = getattr(rule, "sources", None)
    return tuple(sources) if sources is not None else (rule.source,)


def parse_rst(directive: SphinxDirective, lines: list[str], source: str) -> list[nodes.Node]:
    """Parse reST ``lines`` into nodes, also from a MyST page.

    In a Markdown page the directive's state parses Markdown, where ``.. list-table::`` is a
    paragraph of text; there the lines go through MyST's ``eval-rst`` fence.
    """
    if str(directive.env.doc2path(directive.env.docname)).endswith(".md"):
        lines = ["```{eval-rst}", *lines, "```"]
    container = nodes.container()
    directive.state.nested_parse(StringList(lines, source=source), 0, container)
    return list(container.children)


def _cell(text: str) -> str:
    # One list-table cell per line: no line breaks, and `|`/backquotes shown literally.
    return " ".join(text.split()).replace("`", "'")


class RulesTable(SphinxDirective):
    """A list-table of :data:`sagemaker_tuning.rules.RULES`, or of the table named as argument."""

    has_content = False
    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        import importlib

        from sagemaker_tuning import rules

        table = rules.RULES
        if self.arguments:
            module, _, name = self.arguments[0].rpartition(".")
            table = getattr(importlib.import_module(module), name)
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 22 10 50 18",
            "",
            "   * - Rule",
            "     - Severity",
            "     - Checks",
            "     - Source",
        ]
        for rule in sorted(table.values(), key=lambda r: r.id):
            lines += [
                f"   * - ``{rule.id}``",
                f"     - {rule.severity}",
                f"     - {_cell(rule.summary)}",
                "     - "
                + ", ".join(f"`{_source_label(url)} <{url}>`__" for url in _sources(rule)),
            ]
        return parse_rst(self, lines, "rules-table")


class CliHelp(SphinxDirective):
    """The argparse help of the command line, as a literal block."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        import contextlib
        import io
        import os

        from sagemaker_tuning import cli

        argv = [*self.arguments, "--help"]
        out = io.StringIO()
        # argparse wraps to the terminal width; fix it so the page does not depend on the builder.
        previous = os.environ.get("COLUMNS")
        os.environ["COLUMNS"] = "96"
        try:
            with contextlib.redirect_stdout(out):
                code = cli.main(argv, stdout=out)
        finally:
            if previous is None:
                del os.environ["COLUMNS"]
            else:
                os.environ["COLUMNS"] = previous
        if code != 0:
            raise self.error(f"sagemaker-tuning {' '.join(argv)} exited {code}")
        block = nodes.literal_block(out.getvalue(), out.getvalue())
        block["language"] = "text"
        return [block]


def _lazy_exports(module_name: str) -> dict[str, str]:
    """A package's lazily exported names and their defining modules (its ``_LAZY`` table)."""
    import importlib

    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return {}
    return dict(getattr(module, "_LAZY", {}))


def _candidates(target: str, context: str | None) -> list[str]:
    """Where a short spelling of ``target`` may be documented."""
    from sagemaker_tuning.core import errors

    parts = target.split(".")
    found: list[str] = []
    if parts[0] == "sh" and len(parts) > 1:
        # ``from sagemaker_tuning import shapes as sh`` in a module's annotations.
        found.append(".".join(["sagemaker_tuning.shapes", *parts[1:]]))
    # ``sagemaker_tuning.TuningClient``, ``sagemaker_tuning.testing.LocalSageMaker``: a package's
    # lazy export, documented in the module that defines it.
    for i in range(len(parts) - 1, 0, -1):
        package = ".".join(parts[:i])
        if not package.startswith("sagemaker_tuning"):
            break
        lazy = _lazy_exports(package)
        if parts[i] in lazy:
            found.append(".".join([lazy[parts[i]], *parts[i:]]))
    if len(parts) == 1:
        # A bare name in a docstring: the current package's export, a top-level export, or an
        # exception of ``sagemaker_tuning.errors``.
        for package in (context, "sagemaker_tuning"):
            lazy = _lazy_exports(package) if package else {}
            if target in lazy:
                found.append(f"{lazy[target]}.{target}")
        if target in errors.__all__:
            found.append(f"sagemaker_tuning.errors.{target}")
        if target == "AsyncTuningClient":  # a type-checking-only name in the workflow layer
            found.append("sagemaker_tuning.aio.AsyncTuningClient")
    # A new path (``sagemaker_tuning.core.errors.X``, as autodoc spells bases and annotations
    # from ``__module__``) is documented at its public, old path (docs/layout.md).
    from sagemaker_tuning._aliases import MOVED

    for spelled in [target, *found]:
        for old, new in MOVED.items():
            if spelled.startswith(new + "."):
                found.append(old + spelled[len(new) :])
    return found


def _resolve_alias(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve the package's short spellings to where autodoc documents the object.

    ``sagemaker_tuning.<Name>`` (a lazy export of a package) and bare exported or exception
    names (``ValidationError`` in a docstring of a module that imports it) go to the module
    that defines them, so docstrings may use the spelling users import.
    """
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    target = str(node.get("reftarget", ""))
    for candidate in _candidates(target, node.get("py:module")):
        resolved = domain.resolve_xref(
            env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
        )
        if resolved is not None:
            return resolved
    return None


def _default_text(default: Any) -> str:
    factory = getattr(default, "factory", None)
    if type(default).__name__ == "Factory" and callable(factory):  # attrs.Factory
        return f"{getattr(factory, '__name__', 'factory')}()"
    return repr(default)


def attrs_signature(cls: type) -> str:
    """``(*, name, other=None)``: an attrs class's ``__init__`` parameters as users write them."""
    import attrs

    positional: list[str] = []
    keyword: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        name = field.alias or field.name
        text = name if field.default is attrs.NOTHING else f"{name}={_default_text(field.default)}"
        (keyword if field.kw_only else positional).append(text)
    return "(" + ", ".join([*positional, *(["*", *keyword] if keyword else [])]) + ")"


def _clean_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    import attrs

    if what == "class" and isinstance(obj, type) and attrs.has(obj):
        return attrs_signature(obj), return_annotation
    return None


_GENERATED_MODULES = {
    "sagemaker_tuning.shapes": "sagemaker_tuning._generated.shapes",
    "sagemaker_tuning.enums": "sagemaker_tuning._generated.enums",
}
_attr_docs: dict[str, dict[tuple[str, str], list[str]]] = {}


def _generated_attr_docs(public: str) -> dict[tuple[str, str], list[str]]:
    """The attribute docstrings of the generated module behind a public one, by (class, name)."""
    if public not in _attr_docs:
        from sphinx.pycode import ModuleAnalyzer

        analyzer = ModuleAnalyzer.for_module(_GENERATED_MODULES[public])
        _attr_docs[public] = {key: list(lines) for key, lines in analyzer.find_attr_docs().items()}
    return _attr_docs[public]


def _field_docs(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Give the shapes' attributes their documentation.

    The classes live in ``sagemaker_tuning._generated`` but say they are from the public module
    (their ``__module__``), so autodoc reads attribute docstrings from the public module's
    source, which has none; they are taken from the generated source instead.
    """
    if what != "attribute" or lines:
        return
    for public in _GENERATED_MODULES:
        prefix = public + "."
        if name.startswith(prefix) and name.count(".") == public.count(".") + 2:
            cls, attr = name[len(prefix) :].split(".")
            lines.extend(_generated_attr_docs(public).get((cls, attr), []))
            return


def _summary(cls: type, roles: dict[type, str]) -> str:
    """The first sentence of a class docstring, as reST for a table cell."""
    import re

    if cls in roles:  # operation inputs and outputs: the model documents the operation instead
        return roles[cls]
    text = " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split())
    text = re.sub(r"`([^`<]+?)\s*<[^>]+>`__", r"\1", text)  # external links: their text
    text = re.sub(r":\w+:`~?(?:[\w.]+\.)?([\w]+)`", r"``\1``", text)  # roles: the name
    end = re.search(r"(?<=[a-z0-9)`])\.(\s|$)", text)
    sentence = text[: end.start() + 1] if end else text
    if len(sentence) > 160:
        sentence = sentence[:157].rsplit(" ", 1)[0] + " ..."
    return sentence.replace("|", "\\|") if sentence.strip() else "\\-"


def _structures_under(cls: type, found: list[type]) -> None:
    from sagemaker_tuning import _spec as s
    from sagemaker_tuning.core.validation import field_specs

    if cls in found:
        return
    found.append(cls)

    def visit(spec: Any) -> None:
        if isinstance(spec, s.Structure):
            _structures_under(spec.cls, found)
        elif isinstance(spec, s.List):
            visit(spec.member)
        elif isinstance(spec, s.Map):
            visit(spec.value)

    for _attr, _wire, spec, _required in field_specs(cls):
        visit(spec)


@dataclasses.dataclass
class OperationShapes:
    """One group of the overview: an operation, the shapes first listed under it, the rest."""

    operation: str
    method_name: str
    new: list[type]
    again: list[type]


def overview() -> tuple[list[OperationShapes], dict[type, str], dict[type, str]]:
    """The overview's groups (operations in name order), where each shape appears
    (``request``, ``response`` or ``both``), and the summaries of operation inputs and outputs."""
    from sagemaker_tuning._generated.model import COMPOSITES, OPERATIONS

    # The composites (the preview describe_tuning_job) have shapes of their own too.
    models = {**OPERATIONS, **COMPOSITES}
    inputs: list[type] = []
    outputs: list[type] = []
    roles: dict[type, str] = {}
    for model in models.values():
        if model.input is not None:
            roles[model.input] = f"The request of ``{model.name}``."
            _structures_under(model.input, inputs)
        if model.output is not None:
            roles[model.output] = f"The response of ``{model.name}``."
            _structures_under(model.output, outputs)
    sides = {
        cls: {(True, False): "request", (False, True): "response"}.get(
            (cls in inputs, cls in outputs), "both"
        )
        for cls in [*inputs, *outputs]
    }
    groups: list[OperationShapes] = []
    listed: set[type] = set()
    for name in sorted(models):
        model = models[name]
        reached: list[type] = []
        for root in (model.input, model.output):
            if root is not None:
                _structures_under(root, reached)
        new = [c for c in reached if c not in listed]
        listed.update(new)
        again = [c for c in reached if c not in new]
        groups.append(OperationShapes(name, model.method_name, new, again))
    return groups, sides, roles


class ShapesOverview(SphinxDirective):
    """Every shape, grouped by the first operation (of the operation table) that uses it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        groups, sides, roles = overview()
        lines: list[str] = []
        for group in groups:
            lines += [
                "",
                f".. rubric:: {group.operation}",
                "",
                f"Client method :meth:`~sagemaker_tuning.client.TuningClient.{group.method_name}`.",
                "",
            ]
            if group.new:
                lines += [
                    ".. list-table::",
                    "   :header-rows: 1",
                    "   :widths: auto",
                    "",
                    "   * - Shape",
                    "     - In",
                    "     - What it is",
                ]
                for cls in group.new:
                    lines += [
                        f"   * - :class:`~sagemaker_tuning.shapes.{cls.__name__}`",
                        f"     - {sides[cls]}",
                        f"     - {_summary(cls, roles)}",
                    ]
            if group.again:
                names = ", ".join(
                    f":class:`~sagemaker_tuning.shapes.{c.__name__}`" for c in group.again
                )
                lines += ["", f"Also uses, from above: {names}."]
        return parse_rst(self, lines, "shapes-overview")


def _public_documenters() -> list[type]:
    """autodoc's class and exception documenters, giving a moved class its public path as
    canonical name.

    A class says it is from ``sagemaker_tuning.core.errors`` (its ``__module__``), and autodoc
    registers that canonical name on every page that documents the class: ``ValidationError``,
    documented under ``sagemaker_tuning.errors`` and re-exported by ``sagemaker_tuning.validation``,
    would be described twice. Its canonical name is its public path (docs/layout.md) instead.
    """
    from sphinx.ext.autodoc import ClassDocumenter, ExceptionDocumenter

    from sagemaker_tuning._aliases import MOVED

    def public(name: str | None) -> str | None:
        for old, new in MOVED.items():
            if name is not None and name.startswith(new + "."):
                return old + name[len(new) :]
        return name

    class PublicClassDocumenter(ClassDocumenter):
        def get_canonical_fullname(self) -> str | None:
            return public(super().get_canonical_fullname())

    class PublicExceptionDocumenter(ExceptionDocumenter):
        def get_canonical_fullname(self) -> str | None:
            return public(super().get_canonical_fullname())

    return [PublicClassDocumenter, PublicExceptionDocumenter]


def setup(app: Sphinx) -> dict[str, Any]:
    for documenter in _public_documenters():
        app.add_autodocumenter(documenter, override=True)
    app.add_directive("rules-table", RulesTable)
    app.add_directive("cli-help", CliHelp)
    app.add_directive("shapes-overview", ShapesOverview)
    app.connect("missing-reference", _resolve_alias)
    app.connect("autodoc-process-signature", _clean_signature)
    app.connect("autodoc-process-docstring", _field_docs)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
