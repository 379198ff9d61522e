from tests.lint.conftest import api, obj, operation

RULE = "LINT-ONEOF-OVERLAP"
S = {"type": "string"}
BASE = obj(["from", "to"], **{"from": S, "to": S})


def doc(*alternatives: dict) -> dict:
    return api({"/jobs": {"post": operation(obj(params={"oneOf": list(alternatives)}))}},
               {"schemas": {"Base": BASE}})


def test_fires_on_identical_alternatives(lint):
    findings = lint(doc({"title": "A", **BASE}, {"title": "B", **BASE}), RULE)
    assert len(findings) == 1
    assert findings[0].pointer.endswith("/properties/params/oneOf")
    assert "#0 A is identical to #1 B" in findings[0].message


def test_fires_when_one_alternative_refines_another_after_resolving_refs(lint):
    narrow = {"title": "USER", "allOf": [{"$ref": "#/components/schemas/Base"}, obj(["ext"], ext=S)]}
    broad = {"title": "DAILY", "allOf": [{"$ref": "#/components/schemas/Base"}]}
    findings = lint(doc(narrow, broad), RULE)
    assert len(findings) == 1
    assert "a minimal #0 USER (requires from, to, ext) also matches #1 DAILY" in findings[0].message


def test_fires_when_no_alternative_requires_anything(lint):
    findings = lint(doc(obj(a=S), obj(b=S), obj(c=S)), RULE)
    assert len(findings) == 1
    assert "{} matches #0, #1, #2" in findings[0].message


def test_quiet_with_a_const_discriminator(lint):
    a = {"allOf": [BASE, obj(["kind"], kind={"const": "A"})]}
    b = {"allOf": [BASE, obj(["kind", "ext"], kind={"const": "B"}, ext=S)]}
    assert lint(doc(a, b), RULE) == []


def test_quiet_when_a_required_property_differs_in_type(lint):
    a = {"allOf": [BASE, obj(["queue"], queue=S)]}
    b = {"allOf": [BASE, obj(["queue"], queue={"type": "array", "items": S})]}
    assert lint(doc(a, b), RULE) == []
