"""Sphinx directives that render tables straight from the package, so the docs cannot drift.

``rules-table [MODULE.TABLE]``: every service rule of :mod:`sagemaker_tuning.rules` (or of another
table of rules, such as ``sagemaker_tuning.requests.WARM_START_RULES``) with severity and source.
``cli-help [COMMAND]``: the ``--help`` text of ``sagemaker-tuning`` (or of one command).

It also resolves the top-level aliases (``sagemaker_tuning.TuningClient``,
``sagemaker_tuning.ValidationError``, ...) to where autodoc documents them
(``sagemaker_tuning.client.TuningClient``, ...), so docstrings may use either spelling.
"""

from __future__ import annotations

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
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source="rules-table"), 0, container)
        return list(container.children)


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
    from sagemaker_tuning import errors

    parts = target.split(".")
    found: list[str] = []
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("rules-table", RulesTable)
    app.add_directive("cli-help", CliHelp)
    app.connect("missing-reference", _resolve_alias)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
