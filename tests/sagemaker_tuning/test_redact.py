"""No secret ever leaves in an error: the one redaction rule, and every place that shows values.

Each example test names the promise it keeps; the property test embeds random credentials in
random broken requests and reads every output of validation, the rules, the command line (text
and ``--json``) and the local service: none holds the credential, nor any 12 characters of it.
"""

from __future__ import annotations

import base64
import copy
import io
import json
import re
import string
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sagemaker_tuning import ValidationError, rules, serde, shapes, to_api
from sagemaker_tuning.cli import demo_request, main
from sagemaker_tuning.redact import credential_kinds, has_credential, path_key, redact
from sagemaker_tuning.testing import LocalSageMaker
from sagemaker_tuning.testing import strategies as sts
from sagemaker_tuning.validation import Violation, show

ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6" + "a1B2c3D4" * 8
REQUEST = shapes.CreateHyperParameterTuningJobRequest
CREATE = "SageMaker.CreateHyperParameterTuningJob"


def request_doc() -> dict[str, Any]:
    return to_api(demo_request("nightly-xgb", max_jobs=20, parallel=4))


def statics(doc: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = doc["TrainingJobDefinition"]["StaticHyperParameters"]
    return result


def strict_error(doc: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        serde.from_api(REQUEST, doc, strict=True)
    return info.value


def error_texts(error: ValidationError) -> str:
    return "\n".join([str(error), repr(error), *(repr(v) for v in error.violations)])


# -- the rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SECRET_KEY, "<redacted>"),
        (f"{SECRET_KEY}\n", "<redacted>\n"),
        (f"--aws-secret-access-key={SECRET_KEY}", "--aws-secret-access-key=<redacted>"),
        (f"export AWS_SECRET_ACCESS_KEY={SECRET_KEY}", "export AWS_SECRET_ACCESS_KEY=<redacted>"),
        (f"{SECRET_KEY}=", "<redacted>="),
        ("AWS_SESSION_TOKEN=opaque-value", "AWS_SESSION_TOKEN=<redacted>"),
        ('{"aws_secret_access_key": "hunter2"}', '{"aws_secret_access_key": <redacted>}'),
        ("--aws-session-token tok", "--aws-session-token <redacted>"),
        (f"ids {ACCESS_KEY_ID},{ACCESS_KEY_ID}", "ids <redacted>,<redacted>"),
        (f"t={SESSION_TOKEN} end", "t=<redacted> end"),
        # repr() escapes count as boundaries, so quoted text reads like the raw text.
        (repr(f"\n{SECRET_KEY}"), "'\\n<redacted>'"),
        (repr(f"\x01{ACCESS_KEY_ID}"), "'\\x01<redacted>'"),
        (repr("x\nAWS_SESSION_TOKEN=abc"), "'x\\nAWS_SESSION_TOKEN=<redacted>'"),
    ],
)
def test_redact_hides_every_credential_shape_and_named_value(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "s3://bucket/prefix/train",
        "/opt/ml/input/data/training/abcdefghijk",  # a path: lowercase letters and slashes
        "0123456789abcdef0123456789abcdef01234567",  # a SHA-1 digest
        "learning_rate=0.1",
        "AWS_SECRET_ACCESS_KEY=",
        "expected a full match of pattern '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}'",
    ],
)
def test_redact_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text
    assert not has_credential(text)


def test_the_rules_refuse_what_redaction_hides_and_no_more_for_ordinary_values() -> None:
    # The strict reading (what a rule refuses) never calls ordinary text a credential ...
    assert credential_kinds("path", "models/ResNet50/checkpoints/epochNumber1") == set()
    # ... while redaction hides it: in a message, doubt hides.
    assert redact("models/ResNet50/checkpoints/epochNumber1") == "<redacted>"


def test_a_map_key_holding_a_credential_is_redacted_in_paths() -> None:
    assert path_key(f"{SECRET_KEY}\n") == "<redacted>"
    assert path_key("learning_rate") == "learning_rate"
    assert path_key(3) == "3"


# -- validation messages, paths and reprs (item 1)


def test_no_secret_in_a_violation_when_a_secret_key_breaks_a_pattern() -> None:
    doc = request_doc()
    statics(doc)["x"] = f"{SECRET_KEY}\n"
    error = strict_error(doc)
    assert [v.path for v in error.violations] == ["TrainingJobDefinition.StaticHyperParameters[x]"]
    assert "Got '<redacted>\\n'" in error.violations[0].message
    assert SECRET_KEY[:12] not in error_texts(error)


def test_no_secret_in_a_violation_path_when_a_credential_is_a_map_key() -> None:
    doc = request_doc()
    statics(doc)[f"{SECRET_KEY}\n"] = "v"
    error = strict_error(doc)
    assert error.violations[0].path == "TrainingJobDefinition.StaticHyperParameters[<redacted>]"
    assert SECRET_KEY[:12] not in error_texts(error)


def test_no_secret_in_a_violation_when_a_credential_value_is_too_long() -> None:
    doc = request_doc()
    doc["TrainingJobDefinition"]["Environment"] = {"MODE": f"{ACCESS_KEY_ID} " + "y" * 600}
    error = strict_error(doc)
    assert error.violations[0].rule == "length"
    assert ACCESS_KEY_ID not in error_texts(error)


def test_no_secret_in_a_violation_under_a_credential_name_whatever_its_shape() -> None:
    doc = request_doc()
    doc["TrainingJobDefinition"]["Environment"] = {"AWS_SECRET_ACCESS_KEY": "hunter2-" + "x" * 600}
    error = strict_error(doc)
    assert error.violations[0].rule == "length"
    assert "hunter2" not in error_texts(error)
    assert "<redacted>" in error.violations[0].message


def test_no_secret_in_an_unknown_member_name() -> None:
    doc = request_doc()
    doc[SECRET_KEY] = 1
    error = strict_error(doc)
    assert [v.path for v in error.violations] == ["<redacted>"]
    assert SECRET_KEY[:12] not in error_texts(error)


def test_no_secret_in_a_value_of_the_wrong_type() -> None:
    doc = request_doc()
    doc["TrainingJobDefinition"]["StaticHyperParameters"] = [ACCESS_KEY_ID]
    assert ACCESS_KEY_ID not in error_texts(strict_error(doc))


def test_show_redacts_before_it_truncates() -> None:
    shown = show("a" * 20 + " " + SECRET_KEY)
    assert SECRET_KEY[:12] not in shown and "<redacted>" in shown


def test_repr_and_str_of_a_hand_built_violation_never_show_a_credential() -> None:
    violation = Violation(f"Environment[{ACCESS_KEY_ID}]", f"got {SECRET_KEY!r}")
    for text in (str(violation), repr(violation), str(ValidationError([violation]))):
        assert ACCESS_KEY_ID not in text and SECRET_KEY[:12] not in text


def test_rule_findings_never_quote_a_credential() -> None:
    doc = request_doc()
    ranges = doc["HyperParameterTuningJobConfig"]["ParameterRanges"]
    ranges["CategoricalParameterRanges"][0]["Name"] = SECRET_KEY  # quoted by several rules
    statics(doc)[SECRET_KEY] = "gbtree"
    found = rules.check(serde.from_api(REQUEST, doc))
    assert found
    assert SECRET_KEY[:12] not in "\n".join(str(v) + repr(v) for v in found)


def test_the_local_service_never_echoes_a_credential() -> None:
    doc = request_doc()
    statics(doc)["x"] = f"{SECRET_KEY}\n"
    statics(doc)[f"{ACCESS_KEY_ID}\n"] = "v"
    status, _, payload = LocalSageMaker().handle(CREATE, json.dumps(doc))
    assert status == 400
    body = payload.decode()
    assert "ValidationException" in body
    assert SECRET_KEY[:12] not in body and ACCESS_KEY_ID not in body


# -- the property


_BASE32 = string.ascii_uppercase + "234567"


def _diverse(text: str, distinct: int) -> bool:
    return len(set(text)) >= distinct


access_key_ids = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["AKIA", "ASIA"]),
    st.text(_BASE32, min_size=16, max_size=16).filter(lambda t: _diverse(t, 10)),
)
# Secret keys are base64 of 30 random bytes. A run of lowercase letters and slashes reads as a
# path (docs/errors.md), so the strategy leaves those out, as randomness practically does.
secret_keys = (
    st.binary(min_size=30, max_size=30)
    .map(lambda b: base64.b64encode(b).decode())
    .filter(lambda t: _diverse(t, 20) and not re.fullmatch(r"[a-z/]+", t))
)
session_tokens = st.builds(
    lambda prefix, body: prefix + base64.b64encode(body).decode(),
    st.sampled_from(["FwoGZXIvYXdz", "IQoJb3JpZ2lu"]),
    st.binary(min_size=45, max_size=150).filter(lambda b: len(set(b)) >= 30),
)
named_values = st.text(string.ascii_letters + string.digits, min_size=12, max_size=30).filter(
    lambda t: _diverse(t, 8)
)
credential_names = st.sampled_from(
    ["AWS_SECRET_ACCESS_KEY", "aws_session_token", "AWS_ACCESS_KEY_ID", "aws-secret-key"]
)


@st.composite
def credentials(draw: st.DrawFn) -> tuple[str, str]:
    """``(secret, text carrying it)``: a bare credential, or a value after a credential name."""
    kind = draw(st.sampled_from(["access", "secret", "session", "named", "flag"]))
    if kind == "access":
        secret = draw(access_key_ids)
    elif kind == "secret":
        secret = draw(secret_keys)
    elif kind == "session":
        secret = draw(session_tokens)
    else:
        secret = draw(named_values)
    if kind == "named":
        form = draw(st.sampled_from(["{n}={v}", "export {n}={v}", "{n}: {v}", '"{n}": "{v}"']))
        return secret, form.format(n=draw(credential_names), v=secret)
    if kind == "flag":
        flag = draw(st.sampled_from(["--aws-secret-access-key", "--aws-session-token"]))
        return secret, f"{flag}{draw(st.sampled_from(['=', ' ']))}{secret}"
    form = draw(st.sampled_from(["{v}", "{v}=", "key={v}", "a {v} b", "x\n{v}"]))
    return secret, form.format(v=secret)


def _object(parent: dict[str, Any], key: str) -> dict[str, Any]:
    """``parent[key]`` as a dict, replacing whatever broken value was there."""
    value = parent.get(key)
    if not isinstance(value, dict):
        value = parent[key] = {}
    return value


def _definition(doc: dict[str, Any]) -> dict[str, Any]:
    return _object(doc, "TrainingJobDefinition")


def _first_range(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    ranges = _object(_object(doc, "HyperParameterTuningJobConfig"), "ParameterRanges")
    items = ranges.get(kind)
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        items = ranges[kind] = [{"Name": "p", "Values": ["a"], "MinValue": "1", "MaxValue": "2"}]
    first: dict[str, Any] = items[0]
    return first


PLACES = {
    "static value": lambda doc, t, c: _object(_definition(doc), "StaticHyperParameters").update(
        {"k": t}
    ),
    "static key": lambda doc, t, c: _object(_definition(doc), "StaticHyperParameters").update(
        {t: "v"}
    ),
    "environment value": lambda doc, t, c: _object(_definition(doc), "Environment").update(
        {"MODE": t}
    ),
    "environment under a credential name": lambda doc, t, c: _object(
        _definition(doc), "Environment"
    ).update({"AWS_SECRET_ACCESS_KEY": c + " " + "y" * 600}),
    "job name": lambda doc, t, c: doc.update({"HyperParameterTuningJobName": t}),
    "unknown member": lambda doc, t, c: doc.update({t: 1}),
    "unknown nested member": lambda doc, t, c: _object(doc, "HyperParameterTuningJobConfig").update(
        {t: "x"}
    ),
    "categorical value": lambda doc, t, c: _first_range(doc, "CategoricalParameterRanges").update(
        {"Values": [t, t]}
    ),
    "range name": lambda doc, t, c: _first_range(doc, "ContinuousParameterRanges").update(
        {"Name": t}
    ),
    "range bound": lambda doc, t, c: _first_range(doc, "IntegerParameterRanges").update(
        {"MinValue": t}
    ),
    "tag": lambda doc, t, c: doc.update({"Tags": [{"Key": t, "Value": t}]}),
    "wrong type": lambda doc, t, c: _definition(doc).update({"StaticHyperParameters": [t]}),
    "role": lambda doc, t, c: _definition(doc).update({"RoleArn": t}),
}
SUFFIXES = ["", "\n", " " + "y" * 3000, "\t", "\x1b[0m"]


@st.composite
def leaky_requests(draw: st.DrawFn) -> tuple[dict[str, Any], str, str]:
    """A broken request document with a credential somewhere, the credential, and the
    document's text before the credential went in."""
    doc = draw(
        st.one_of(
            st.just(request_doc()), sts.violations(REQUEST).map(lambda case: copy.deepcopy(case[0]))
        )
    )
    before = json.dumps(doc, default=str)
    secret, text = draw(credentials())
    for place in draw(st.lists(st.sampled_from(sorted(PLACES)), min_size=1, max_size=3)):
        PLACES[place](doc, text + draw(st.sampled_from(SUFFIXES)), secret)
    return doc, secret, before


def leaks(secret: str, output: str, before: str = "") -> list[str]:
    """The 12-character slices of ``secret`` that ``output`` holds; slices the document held
    before the credential went in (hypothesis may draw a name that repeats it) may be echoed."""
    slices = (secret[i : i + 12] for i in range(len(secret) - 11))
    return [part for part in slices if part in output and part not in before]


def cli(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    assert code in (0, 1, 2)
    return out.getvalue() + err.getvalue()


@given(case=leaky_requests())
def test_no_output_of_validation_cli_or_local_service_holds_a_credential(
    case: tuple[dict[str, Any], str, str],
) -> None:
    doc, secret, before = case
    outputs: list[str] = []
    try:
        serde.from_api(REQUEST, doc, strict=True)
    except ValidationError as error:
        outputs.append(error_texts(error))
    found = rules.check(serde.from_api(REQUEST, doc))
    outputs.append("\n".join(str(v) + repr(v) for v in found))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "request.json")
        path.write_text(json.dumps(doc), encoding="utf-8")
        outputs.append(cli("validate", str(path)))
        outputs.append(cli("--json", "validate", str(path)))
        outputs.append(cli("--local", "create", str(path)))
        outputs.append(cli("--local", "--json", "create", str(path)))
    _status, _, payload = LocalSageMaker().handle(CREATE, json.dumps(doc))
    outputs.append(payload.decode())
    output = "\n".join(outputs)
    assert leaks(secret, output, before) == []


def test_a_credential_name_as_the_last_segment_of_a_dotted_path_hides_its_value() -> None:
    # Found by the property above: the local service's SerializationException names the path
    # of an unknown member, and a member named "AWS_SECRET_ACCESS_KEY=<value>" put the value
    # after a dotted name ("hyperParameterTuningJobConfig.AWS_SECRET_ACCESS_KEY=...").
    text = "at 'hyperParameterTuningJobConfig.AWS_SECRET_ACCESS_KEY=000001234567'"
    assert redact(text) == "at 'hyperParameterTuningJobConfig.AWS_SECRET_ACCESS_KEY=<redacted>'"
    doc = request_doc()
    doc["HyperParameterTuningJobConfig"]["AWS_SECRET_ACCESS_KEY=000001234567"] = "x"
    _status, _, payload = LocalSageMaker().handle(CREATE, json.dumps(doc))
    assert "000001234567" not in payload.decode()


@pytest.mark.parametrize(
    "key",
    [
        "AWS_SECRET_ACCESS_KEY=000001234567",
        "--aws-secret-access-key 000001234567",
        "--aws-secret-access-key=000001234567",
    ],
)
def test_an_unknown_member_named_with_a_credential_is_redacted_in_the_service_path(
    key: str,
) -> None:
    # Found by the property above (twice, with two of these keys): the local service's
    # SerializationException names the path of an unknown member.
    doc = request_doc()
    doc["HyperParameterTuningJobConfig"][key] = "x"
    _status, _, payload = LocalSageMaker().handle(CREATE, json.dumps(doc))
    message = json.loads(payload)["message"]
    assert "000001234567" not in message
    assert "at 'hyperParameterTuningJobConfig.<redacted>'" in message
