"""The operation table is the one source of wiring: every operation in it is reachable everywhere.

``_generated.model.OPERATIONS`` (generated from ``codegen.config.OPERATIONS``) drives the client's
plumbing, the paginator, the stubber and the local service. What cannot be data (a typed client
method, a documented name, an exception class) is checked here, so forgetting one fails a test.
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
from sagemaker_tuning._generated.model import OPERATIONS, MethodName, OperationName
from sagemaker_tuning._operations import OperationModel
from sagemaker_tuning.client import TuningClient
from sagemaker_tuning.testing import LocalSageMaker, TuningStubber, strategies
from sagemaker_tuning.testing.stubber import Operation

DOCS = Path(__file__).resolve().parents[2] / "docs"
MODELS = sorted(OPERATIONS.values(), key=lambda m: m.name)
IDS = [m.name for m in MODELS]


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
