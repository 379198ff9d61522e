"""Operation rules and description rules: each where it fires and where it stays quiet."""

from __future__ import annotations

from tests.lint.conftest import api, obj, operation, param

S = {"type": "string"}


def _with_body(schema: dict, required: bool | None) -> dict:
    op = operation(schema, S)
    if required is not None:
        op["requestBody"]["required"] = required
    return op


def test_body_requiredness(lint):
    tree = api({"/stats": {"post": _with_body(obj(a=S, b=S), True)},
                "/jobs": {"post": _with_body(obj(["name"], name=S), None)}})
    found = sorted(f.pointer for f in lint(tree, "LINT-BODY-REQUIREDNESS"))
    assert found == ["/paths/~1jobs/post/requestBody",
                     "/paths/~1stats/post/requestBody/content/application~1json/schema"]
    clean = api({"/stats": {"post": _with_body(obj(["a"], a=S, b=S), True)},
                 "/jobs": {"post": _with_body(obj(["name"], name=S), True)},
                 "/jobs/{id}": {"post": _with_body(obj(a=S, b=S), True), "get": operation(response=S)}})
    assert lint(clean, "LINT-BODY-REQUIREDNESS") == []


def test_empty_body_schema(lint):
    assert len(lint(api({"/q": {"post": operation({"type": "object"})}}), "LINT-EMPTY-BODY-SCHEMA")) == 1
    assert lint(api({"/q": {"post": operation(obj(a=S))}}), "LINT-EMPTY-BODY-SCHEMA") == []


def test_method_semantics(lint):
    tree = api({"/q": {"post": operation(obj(a=S), operation_id="getQueueStats")}})
    assert [f.pointer for f in lint(tree, "LINT-METHOD-SEMANTICS")] == ["/paths/~1q/post"]
    tree["paths"]["/q"]["post"]["x-pbx-access"] = "read"
    assert lint(tree, "LINT-METHOD-SEMANTICS") == []
    assert lint(api({"/q": {"post": operation(obj(a=S), operation_id="createJob")}}), "LINT-METHOD-SEMANTICS") == []


def test_record_shape_drift(lint):
    item = obj(id=S, name=S, created=S)
    tree = api({"/jobs": {"get": operation(response=obj(count={"type": "integer"},
                                                        items={"type": "array", "items": item}))},
                "/jobs/{id}": {"get": operation(response=obj(id=S, name=S),
                                                parameters=[param("id", "path")])}})
    found = lint(tree, "LINT-RECORD-SHAPE-DRIFT")
    assert len(found) == 1 and "lacks created" in found[0].message
    tree["paths"]["/jobs/{id}"]["get"] = operation(response=obj(id=S, name=S, created=S, extra=S),
                                                   parameters=[param("id", "path")])
    assert lint(tree, "LINT-RECORD-SHAPE-DRIFT") == []


def test_prose_unknown_field(lint):
    op = operation(obj(caller=S, callee=S), description="Filter by caller (`from`) and callee (`callee`).")
    assert [f.pointer for f in lint(api({"/q": {"post": op}}), "LINT-PROSE-UNKNOWN-FIELD")] == [
        "/paths/~1q/post/description"]
    op["description"] = "Filter by `caller` and `callee`."
    assert lint(api({"/q": {"post": op}}), "LINT-PROSE-UNKNOWN-FIELD") == []


def test_path_id_description(lint):
    def tree(text: str) -> dict:
        return api({"/call_logs/{id}": {"get": operation(response=S, parameters=[
            {**param("id", "path"), "description": text}])}})

    assert len(lint(tree("The unique ID of the CDR."), "LINT-PATH-ID-DESCRIPTION")) == 1
    assert lint(tree("Id of the call log entry."), "LINT-PATH-ID-DESCRIPTION") == []


def test_description_duplicate(lint):
    same = "The unique ID of the resource."
    tree = api({"/q": {"get": operation(response=obj(id={**S, "description": same},
                                                     report_id={**S, "description": same}))}})
    assert [f.pointer.rsplit("/", 1)[-1] for f in lint(tree, "LINT-DESCRIPTION-DUPLICATE")] == ["report_id"]
    tree = api({"/q": {"get": operation(response=obj(id={**S, "description": same},
                                                     report_id={**S, "description": "The report it ran."}))}})
    assert lint(tree, "LINT-DESCRIPTION-DUPLICATE") == []


def test_empty_value_description(lint):
    text = "The direction:\n- `INBOUND`:\n- `OUTBOUND`:\n"
    tree = api({"/q": {"get": operation(response=obj(direction={**S, "description": text}))}})
    assert len(lint(tree, "LINT-EMPTY-VALUE-DESCRIPTION")) == 1
    text = "The direction:\n- `INBOUND`: towards the PBX\n- `OUTBOUND`: away from it\n"
    tree = api({"/q": {"get": operation(response=obj(direction={**S, "description": text}))}})
    assert lint(tree, "LINT-EMPTY-VALUE-DESCRIPTION") == []


def test_single_allof(lint):
    wrapped = {"allOf": [{**S, "description": "An id."}], "description": "The job id."}
    assert len(lint(api({"/q": {"get": operation(response=obj(id=wrapped))}}), "LINT-SINGLE-ALLOF")) == 1
    extended = {"allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {"x": S}}
    tree = api({"/q": {"get": operation(response=extended)}}, {"schemas": {"Base": obj(a=S)}})
    assert lint(tree, "LINT-SINGLE-ALLOF") == []
