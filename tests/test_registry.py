import pytest

from conformance.registry import DuplicateName, Registry


def test_duplicate_names_are_rejected():
    reg: Registry[int] = Registry("thing")
    reg.add("a", 1)
    with pytest.raises(DuplicateName):
        reg.add("a", 2)


def test_lookup_and_order():
    reg: Registry[int] = Registry("thing")
    reg.register("b")(2)
    reg.add("a", 1)
    assert list(reg) == ["b", "a"] and reg["a"] == 1 and "c" not in reg
    with pytest.raises(KeyError, match="unknown thing"):
        reg["c"]
