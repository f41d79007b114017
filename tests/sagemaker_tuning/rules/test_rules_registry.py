"""The rule table: every rule is sourced, severities mean what they say, ids are stable."""

from __future__ import annotations

import pytest

from sagemaker_tuning import rules


def registered() -> list[tuple[str, object]]:
    """(rule id, check function) of every registration, a rule checking several shapes once each."""
    return [(rule_id, fn) for checks in rules._CHECKS.values() for rule_id, fn in checks]


def citation(url: str) -> str:
    """How a docstring cites ``url``: ``owner/repo#N`` for GitHub, else the page name."""
    if url.startswith("https://github.com/"):
        owner, repo, _kind, number = url.removeprefix("https://github.com/").split("/")
        return f"{owner}/{repo}#{number}"
    return url.rsplit("/", 1)[-1].removesuffix(".html")


@pytest.mark.parametrize(
    ("rule_id", "fn"), registered(), ids=lambda x: str(getattr(x, "__name__", x))
)
def test_every_check_names_its_source_in_its_docstring(rule_id: str, fn: object) -> None:
    doc = getattr(fn, "__doc__", None) or ""
    assert "Source:" in doc
    rule = rules.RULES[rule_id]
    assert rule.severity in ("error", "warning")
    assert all(source.startswith("https://") for source in rule.sources)
    # The docstring names one of the rule's sources: a documentation page or a GitHub thread.
    assert any(citation(source) in doc for source in rule.sources)


def test_unconfirmed_rules_are_warnings() -> None:
    for rule_id, fn in registered():
        doc = getattr(fn, "__doc__", None) or ""
        if "hence a warning" in doc:
            assert rules.RULES[rule_id].severity == "warning", rule_id


def test_rule_ids_are_stable() -> None:
    # Other modules and users filter on these ids; renaming one is a breaking change.
    assert set(rules.RULES) >= {
        "strategy-config-hyperband",
        "hyperband-early-stopping",
        "parallel-jobs-max",
        "training-job-definition-choice",
        "range-names-unique",
        "static-range-overlap",
        "range-count",
        "hyperparameter-limit",
        "range-bounds-number",
        "range-min-max",
        "scaling-logarithmic",
        "scaling-reverse-logarithmic",
        "categorical-values-unique",
        "objective-metric-defined",
        "spot-max-wait-required",
        "spot-max-wait-runtime",
        "credentials-access-key-id",
        "credentials-secret-key",
        "credentials-session-token",
    }


def test_a_rule_cannot_change_severity() -> None:
    with pytest.raises(ValueError, match="two severities"):
        rules._rule("range-count", "warning", object, "https://example.com")(lambda _obj: iter(()))


def test_credential_rules_are_errors() -> None:
    for kind in ("access-key-id", "secret-key", "session-token"):
        assert rules.RULES[f"credentials-{kind}"].severity == "error"
