"""The operation table is the one source of wiring: every operation in it is reachable everywhere.

``_generated.model.OPERATIONS`` (generated from ``codegen.config.OPERATIONS``) drives the client's
plumbing, the paginator, the stubber and the local service. What cannot be data (a typed client
method, a documented name, an exception class) is checked here, so forgetting one fails a test.

``COMPOSITES`` (from the supplementary models, such as the preview ``DescribeTuningJob``) are
client methods with no wire operation: they need a typed client method, docs and exception
classes like any operation, but no local-service handler and no stub -- the stubber refuses them
and the local service never sees them. Instead they must call exactly the wire operations they
list, which are in the table (so those are stubbed and served).
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen import config
from sagemaker_tuning import errors
from sagemaker_tuning._generated.model import COMPOSITES, OPERATIONS, MethodName, OperationName
from sagemaker_tuning._operations import CompositeModel, OperationModel
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, TuningStubber, strategies
from sagemaker_tuning.testing.stubber import Operation

DOCS = Path(__file__).resolve().parents[2] / "docs"
MODELS = sorted(OPERATIONS.values(), key=lambda m: m.name)
IDS = [m.name for m in MODELS]
COMPOSED = sorted(COMPOSITES.values(), key=lambda m: m.name)
COMPOSED_IDS = [m.name for m in COMPOSED]


def test_the_table_holds_exactly_the_configured_operations() -> None:
    assert sorted(OPERATIONS) == sorted(config.OPERATIONS)
    assert set(OperationName.__args__) == set(OPERATIONS)
    assert set(MethodName.__args__) == {m.method_name for m in MODELS}
    assert Operation is MethodName


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_operation_has_a_typed_client_method(model: OperationModel) -> None:
    method = getattr(TuningClient, model.method_name, None)
    assert method is not None, f"TuningClient lacks {model.method_name}"
    hints = inspect.signature(method)
    request = next(iter(list(hints.parameters.values())[1:]))
    assert model.input is not None and model.input.__name__ in str(request.annotation)
    returned = str(hints.return_annotation)
    assert (model.output.__name__ if model.output else "None") in returned


@pytest.mark.parametrize("model", [m for m in MODELS if m.paginator], ids=lambda m: m.name)
def test_every_paginated_operation_has_a_paginate_method(model: OperationModel) -> None:
    assert model.paginator is not None
    method = getattr(TuningClient, model.paginator.method_name, None)
    assert method is not None, f"TuningClient lacks {model.paginator.method_name}"
    assert model.paginator.item.__name__ in str(inspect.signature(method).return_annotation) or (
        "TrainingJobPaginator" in str(inspect.signature(method).return_annotation)
    )


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_operation_has_a_local_service_handler(model: OperationModel) -> None:
    assert callable(getattr(LocalSageMaker, f"_{model.method_name}", None)), (
        f"LocalSageMaker lacks the handler _{model.method_name}"
    )


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_modeled_error_has_an_exception_class(model: OperationModel) -> None:
    for code in model.errors:
        assert errors.MODELED_ERRORS.get(code) is not None, f"errors.py lacks {code}"
        assert errors.MODELED_ERRORS[code].CODE == code


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_operation_is_documented(model: OperationModel) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    assert re.search(rf"\b{model.method_name}\b", text), f"docs/ never mention {model.method_name}"
    if model.paginator is not None:
        assert model.paginator.method_name in text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_operation_can_be_stubbed_through_its_client_method(
    model: OperationModel, data: st.DataObject
) -> None:
    client = LocalSageMaker().client()
    response = data.draw(strategies.shapes(model.output)) if model.output else None
    request = data.draw(strategies.shapes(model.input)) if model.input else None
    method = getattr(client, model.method_name)
    # Drawn requests satisfy the model, not the service rules; the wiring is what is checked.
    options = (
        {"check_rules": False} if "check_rules" in inspect.signature(method).parameters else {}
    )
    with TuningStubber(client) as stubber:
        stubber.add_response(method, response, expected_request=request)
        assert method(request, **options) == response
        stubber.assert_no_pending_responses()


# -- composites: client methods made of wire operations ----------------------------------------


def test_composites_are_no_wire_operations_and_call_only_wire_operations() -> None:
    assert COMPOSED, "the supplementary models define at least the preview DescribeTuningJob"
    assert not set(COMPOSITES) & set(OPERATIONS)
    assert not {m.method_name for m in COMPOSED} & set(MethodName.__args__)
    for model in COMPOSED:
        assert model.calls and set(model.calls) <= set(OPERATIONS), model.calls


@pytest.mark.parametrize("model", COMPOSED, ids=COMPOSED_IDS)
def test_every_composite_has_a_typed_client_method(model: CompositeModel) -> None:
    method = getattr(TuningClient, model.method_name, None)
    assert method is not None, f"TuningClient lacks {model.method_name}"
    hints = inspect.signature(method)
    request = next(iter(list(hints.parameters.values())[1:]))
    assert model.input.__name__ in str(request.annotation)
    if model.name_member is not None:
        assert "str" in str(request.annotation)
    assert model.output.__name__ in str(hints.return_annotation)


@pytest.mark.parametrize("model", COMPOSED, ids=COMPOSED_IDS)
def test_every_composite_is_documented_and_its_errors_have_classes(model: CompositeModel) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    assert re.search(rf"\b{model.method_name}\b", text), f"docs/ never mention {model.method_name}"
    for code in model.errors:
        assert errors.MODELED_ERRORS[code].CODE == code


@pytest.mark.parametrize("model", COMPOSED, ids=COMPOSED_IDS)
def test_the_stubber_and_the_local_service_are_never_asked_for_a_composite(
    model: CompositeModel,
) -> None:
    client = LocalSageMaker().client()
    with pytest.raises(ValueError, match="unknown operation"):
        TuningStubber(client).add_response(getattr(client, model.method_name), None)
    assert not hasattr(LocalSageMaker, f"_{model.method_name}")


def test_describe_tuning_job_calls_exactly_the_operations_it_lists() -> None:
    from view_samples import running_job

    service, client, name = running_job(seed=5, advance=900.0)
    sent: list[str] = []
    client.boto_client.meta.events.register(
        "before-call.sagemaker", lambda model, **_: sent.append(model.name)
    )
    model = COMPOSITES["DescribeTuningJob"]
    response = getattr(client, model.method_name)(name)
    assert type(response) is model.output
    assert set(sent) == set(model.calls), sent
