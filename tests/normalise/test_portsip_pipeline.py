"""The PortSIP normaliser on a two-fragment fixture (no seeds needed)."""

import copy
import json

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

from conformance.errors import ConfigError
from conformance.extensions import validate_extensions
from conformance.normalise.emit import dump_yaml
from conformance.normalise.markdown import merge_raw, parse_fragments
from conformance.normalise.portsip import OVERLAYS, _merge, normalise
from conformance.specs import read_yaml

STATUS = {"type": "string", "description": "Vendor words about status.", "enum": ["NONE", "DONE"]}


def fragment(path, method, op):
    return {"openapi": "3.1.0", "info": {"title": "Vendor", "version": "1"}, "paths": {path: {method: op}}}


FIRST = fragment("/things", "get", {
    "operationId": "listThings", "description": "Vendor sentence that must vanish.",
    "parameters": [{"name": "top", "in": "query", "required": False, "description": "Vendor top text.",
                    "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 100}}],
    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"items": {"type": "array", "items": {"type": "object", "properties": {
            "status": STATUS,
            "at": {"allOf": [{"type": "string", "format": "date_time"}], "description": "Vendor at."},
            "wait_sec": {"type": "integer"}}}}}}}}}, "4XX": {"description": "Error"}}})
SECOND = fragment("/things/{id}", "get", {
    "operationId": "getThing",
    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
        "type": "object", "properties": {"status": STATUS, "at": {"type": "string", "nullable": True}}}}}},
        "4XX": {"description": "Error"}}})
MARKDOWN = "# Things\n\n## List\n\n```json\n" + json.dumps(FIRST) + "\n```\n\n## Get\n\n```json\n" \
    + json.dumps(SECOND) + "\n```\n"

OVERLAY = {
    "api": {"name": "portsip-cdr", "vendor": "V", "product": "P", "version": "1", "source": "fixture.md"},
    "info": {"title": "Things", "version": "1"},
    "tags": [{"name": "Things", "description": "Our things."}],
    "edits": [
        {"erratum": "PSC-001", "at": "@getThing/param/id/schema", "set": {"type": "string"}},
        {"erratum": "PSC-002", "at": "@getThing/response/properties/at",
         "copy": "@listThings/response/properties/items/items/properties/at"},
        {"erratum": "PSC-002", "at": "@getThing/response/properties/wait_sec", "set": {"type": "integer"}},
    ],
    "components": {"schemas": {
        "Status": {"source": "@listThings/response/properties/items/items/properties/status",
                   "description": "Our status."},
        "Thing": {"source": "@listThings/response/properties/items/items", "description": "Our thing.",
                  "nullable": ["at"]},
    }},
    "fields": {"items": "Our items.", "status": "Our status field.", "at": "Our time.", "wait_sec": "Our wait."},
    "operations": {
        "listThings": {"summary": "List", "description": "Our list.", "x-pbx-access": "read"},
        "getThing": {"summary": "Get", "description": "Our get.", "params": {"id": "Our id."},
                     "x-pbx-access": "read", "x-pbx-errata": ["PSC-001"]},
    },
}


def overlay(**changes):
    merged = _merge(read_yaml(OVERLAYS / "portsip-common.yaml"), copy.deepcopy(OVERLAY))
    # The fixture has only `top`; the other common query parameters would match nothing.
    merged["components"]["parameters"] = {"Top": merged["components"]["parameters"]["Top"]}
    merged.update(changes)
    return merged


@pytest.fixture
def raw():
    return merge_raw(parse_fragments(MARKDOWN))


def test_output_is_valid_openapi_31_with_valid_extensions(raw):
    doc = normalise(raw, overlay())
    validate(doc, cls=OpenAPIV31SpecValidator)
    assert validate_extensions(doc) == []


def test_shapes_are_hoisted_fixed_and_described(raw):
    doc = normalise(raw, overlay())
    thing = doc["components"]["schemas"]["Thing"]
    assert thing["properties"]["status"] == {"$ref": "#/components/schemas/Status", "description": "Our status field."}
    assert thing["properties"]["at"]["type"] == ["string", "null"]
    assert thing["properties"]["at"]["format"] == "date-time"
    assert thing["properties"]["wait_sec"]["x-pbx-unit"] == "seconds"
    get = doc["paths"]["/things/{id}"]["get"]
    assert get["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Thing"}
    assert get["parameters"][0]["schema"] == {"type": "string"}
    assert get["responses"]["4XX"] == {"$ref": "#/components/responses/Error"}
    assert doc["paths"]["/things"]["get"]["parameters"] == [{"$ref": "#/components/parameters/Top"}]


def test_no_vendor_words_survive(raw):
    text = dump_yaml(normalise(raw, overlay()))
    for words in ("Vendor sentence", "Vendor words", "Vendor top text", "Vendor at"):
        assert words not in text


def test_normalising_twice_gives_the_same_bytes(raw):
    assert dump_yaml(normalise(raw, overlay())) == dump_yaml(normalise(copy.deepcopy(raw), overlay()))


def test_a_field_without_our_words_is_an_error(raw):
    fields = dict(OVERLAY["fields"])
    del fields["wait_sec"]
    with pytest.raises(ConfigError, match="lack our own description"):
        normalise(raw, overlay(fields=fields))


def test_an_operation_missing_from_the_overlay_is_an_error(raw):
    operations = {"listThings": OVERLAY["operations"]["listThings"]}
    with pytest.raises(ConfigError, match="getThing"):
        normalise(raw, overlay(operations=operations))
