"""Lint of the vendored waiter definitions, as botocore lints its own, and botocore compatibility."""

from __future__ import annotations

import copy
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import WaiterError
from botocore.stub import Stubber
from botocore.waiter import WaiterModel, create_waiter_with_client
from client_samples import tuning_job

from sagemaker_tuning import _spec as s
from sagemaker_tuning._generated.model import OPERATIONS
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.validation import field_specs
from sagemaker_tuning.waiters import definitions, jmespath, load_document, parse_definitions

#: Error codes any AWS JSON service may answer without modeling them.
COMMON_ERRORS = {"ValidationException", "AccessDeniedException", "ThrottlingException"}


def resolve(node: dict[str, Any], spec: s.Spec, text: str) -> s.Spec:
    """The spec a JMESPath AST node reaches from ``spec``; AssertionError if it reaches nothing."""
    kind = node["type"]
    if kind == "field":
        assert isinstance(spec, s.Structure), (
            f"{text}: {node['value']} is read from a non-structure"
        )
        for _attr, wire, member, _required in field_specs(spec.cls):
            if wire == node["value"]:
                return member
        raise AssertionError(f"{text}: {spec.cls.__name__} has no member {node['value']}")
    if kind == "subexpression":
        for child in node["children"]:
            spec = resolve(child, spec, text)
        return spec
    if kind in ("identity", "current"):
        return spec
    if kind == "flatten":
        inner = resolve(node["children"][0], spec, text)
        assert isinstance(inner, s.List), f"{text}: flattening a non-list"
        return inner
    if kind == "index_expression":
        inner = resolve(node["children"][0], spec, text)
        assert isinstance(inner, s.List), f"{text}: indexing a non-list"
        return inner.member
    if kind == "index":
        assert isinstance(spec, s.List), f"{text}: indexing a non-list"
        return spec.member
    if kind == "projection":
        inner = resolve(node["children"][0], spec, text)
        assert isinstance(inner, s.List), f"{text}: projecting a non-list"
        return s.List(resolve(node["children"][1], inner.member, text))
    raise AssertionError(f"{text}: the lint does not know JMESPath node {kind!r}")


def test_every_waiter_polls_a_real_operation_with_an_output() -> None:
    for definition in definitions().values():
        model = OPERATIONS.get(definition.operation)
        assert model is not None, f"{definition.name}: unknown operation {definition.operation}"
        assert model.output is not None


def test_every_path_argument_resolves_in_the_output_shape() -> None:
    checked = 0
    for definition in definitions().values():
        output = OPERATIONS[definition.operation].output
        assert output is not None
        for acceptor in definition.acceptors:
            if acceptor.argument is None:
                continue
            where = f"{definition.name}: {acceptor.argument}"
            target = resolve(jmespath.compile(acceptor.argument).parsed, s.Structure(output), where)
            if acceptor.matcher in ("pathAll", "pathAny"):
                assert isinstance(target, s.List), f"{where}: {acceptor.matcher} needs a list"
                target = target.member
            if isinstance(target, s.String) and target.enum is not None:
                allowed = {m.value for m in target.enum}
                assert acceptor.expected in allowed, f"{where}: {acceptor.expected!r} not in enum"
            checked += 1
    assert checked >= 10


def test_the_lint_catches_a_wrong_member() -> None:
    output = OPERATIONS["DescribeTrainingJob"].output
    assert output is not None
    with pytest.raises(AssertionError, match="no member TrainingJobState"):
        resolve(jmespath.compile("TrainingJobState").parsed, s.Structure(output), "x")


def test_error_acceptors_name_modeled_or_common_errors() -> None:
    for definition in definitions().values():
        modeled = set(OPERATIONS[definition.operation].errors)
        for acceptor in definition.acceptors:
            if acceptor.matcher == "error" and isinstance(acceptor.expected, str):
                assert acceptor.expected in modeled | COMMON_ERRORS, definition.name


def test_every_waiter_can_succeed_and_fail_and_has_a_client_method() -> None:
    methods = {
        "HyperParameterTuningJobCompletedOrStopped": "wait_for_hyper_parameter_tuning_job",
        "HyperParameterTuningJobStopped": "wait_for_hyper_parameter_tuning_job_stopped",
        "TrainingJobCompletedOrStopped": "wait_for_training_job",
    }
    assert set(definitions()) == set(methods)
    for name, definition in definitions().items():
        states = {a.state for a in definition.acceptors}
        assert {"success", "failure"} <= states
        # The client methods return the response of the successful poll: no waiter may
        # succeed on an error.
        assert not any(a.state == "success" and a.matcher == "error" for a in definition.acceptors)
        assert callable(getattr(TuningClient, methods[name]))


def test_training_job_acceptors_are_botocores() -> None:
    loader = botocore.session.get_session().get_component("data_loader")
    shipped = loader.load_service_model("sagemaker", "waiters-2")["waiters"]
    ours = load_document()["waiters"]["TrainingJobCompletedOrStopped"]
    assert ours["acceptors"] == shipped["TrainingJobCompletedOrStopped"]["acceptors"]
    assert ours["operation"] == shipped["TrainingJobCompletedOrStopped"]["operation"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: w.update(acceptors=[]), "no acceptors"),
        (lambda w: w["acceptors"][0].update(matcher="regex"), "bad acceptor"),
        (lambda w: w["acceptors"][0].pop("argument"), "needs an argument"),
        (lambda w: w.update(minDelay=0), "minDelay must be a positive number"),
        (lambda w: w.update(maxDelay=1), "maxDelay is below minDelay"),
    ],
)
def test_malformed_definitions_are_refused(change: Any, message: str) -> None:
    document = copy.deepcopy(load_document())
    change(document["waiters"]["HyperParameterTuningJobCompletedOrStopped"])
    with pytest.raises(ValueError, match=message):
        parse_definitions(document)
    with pytest.raises(ValueError, match="not a waiters-2 document"):
        parse_definitions({"version": 1, "waiters": {}})


# -- botocore runs the same file -----------------------------------------------------------------


def test_botocore_loads_and_runs_the_vendored_definitions(client: TuningClient) -> None:
    model = WaiterModel(load_document())
    assert set(model.waiter_names) == set(definitions())
    waiter = create_waiter_with_client(
        "HyperParameterTuningJobCompletedOrStopped", model, client.boto_client
    )
    with Stubber(client.boto_client) as stub:
        stub.add_response("describe_hyper_parameter_tuning_job", tuning_job("InProgress"))
        stub.add_response("describe_hyper_parameter_tuning_job", tuning_job("Completed"))
        waiter.wait(HyperParameterTuningJobName="tj", WaiterConfig={"Delay": 0})
        stub.assert_no_pending_responses()
    with Stubber(client.boto_client) as stub:
        stub.add_response("describe_hyper_parameter_tuning_job", tuning_job("DeleteFailed"))
        with pytest.raises(WaiterError, match="terminal failure state"):
            waiter.wait(HyperParameterTuningJobName="tj", WaiterConfig={"Delay": 0})
