"""Move shared shapes into ``components`` and point at them with ``$ref``.

A shape is hoisted from one place (``source``) or given literally (``schema``); then every
structurally equal copy in the document is replaced by a reference. Copies are compared after the
vendor prose is stripped, so two copies that differ only in wording are the same shape.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from conformance.errors import ConfigError
from conformance.normalise import pointers
from conformance.normalise.fixes import flatten_allof


def ref(section: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{section}/{name}"}


@dataclass
class Hoist:
    """One shape to move into ``components/<section>/<name>``."""

    section: str
    name: str
    source: str | None = None
    schema: Any = None
    properties: tuple[str, ...] = ()  # only replace copies that are these properties ...
    under: tuple[str, ...] = ()  # ... below these pointers (expanded)
    unused_ok: bool = False
    replaced: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, section: str, name: str, raw: dict[str, Any]) -> Hoist:
        if ("source" in raw) == ("schema" in raw):
            raise ConfigError(f"component {name}: give exactly one of source and schema")
        match = raw.get("match") or {}
        return cls(
            section=section,
            name=name,
            source=raw.get("source"),
            schema=raw.get("schema"),
            properties=tuple(match.get("properties", ())),
            under=tuple(match.get("under", ())),
            unused_ok=bool(raw.get("unused_ok", False)),
        )


def _wanted(item: Hoist, pointer: str, prop_name: str | None) -> bool:
    if not item.properties:
        return True
    if prop_name not in item.properties:
        return False
    return not item.under or any(pointer.startswith(prefix + "/") for prefix in item.under)


def _children(node: dict[str, Any], pointer: str) -> list[tuple[str, Any, str | None, dict[str, Any]]]:
    """(pointer, value, property name or None, container) of every child of a mapping."""
    out: list[tuple[str, Any, str | None, dict[str, Any]]] = []
    for key, value in node.items():
        here = pointers.join(pointer, key)
        if key in ("properties", "patternProperties") and isinstance(value, dict):
            out.extend((pointers.join(here, name), sub, name, value) for name, sub in value.items())
        else:
            out.append((here, value, None, node))
    return out


def _replace(node: Any, pointer: str, item: Hoist, shape: Any, home: str, prop_name: str | None) -> Any:
    if pointer == home or pointer.startswith(home + "/"):
        return node
    if isinstance(node, dict):
        if node == shape and _wanted(item, pointer, prop_name):
            item.replaced.append(pointer)
            return ref(item.section, item.name)
        for here, value, name, container in _children(node, pointer):
            container[pointers.split(here)[-1]] = _replace(value, here, item, shape, home, name)
        return node
    if isinstance(node, list):
        return [_replace(value, pointers.join(pointer, i), item, shape, home, None) for i, value in enumerate(node)]
    return node


def hoist(tree: dict[str, Any], item: Hoist) -> None:
    """Define ``item`` in ``tree['components']`` and replace every copy of it by a ``$ref``."""
    if item.source is not None:
        shape = copy.deepcopy(pointers.get(tree, pointers.expand(tree, item.source)))
    else:
        shape = copy.deepcopy(item.schema)
    section = tree.setdefault("components", {}).setdefault(item.section, {})
    if item.name in section:
        raise ConfigError(f"component {item.section}/{item.name} is defined twice")
    home = pointers.join("/components", item.section, item.name)
    item.under = tuple(pointers.expand(tree, u) for u in item.under)
    for key in list(tree):
        tree[key] = _replace(tree[key], pointers.join("", key), item, shape, home, None)
    if item.properties:
        _check_scoped(tree, item, "", None)
    if not item.replaced and not item.unused_ok:
        raise ConfigError(f"component {item.section}/{item.name} matches nothing in the document")
    tree["components"].setdefault(item.section, {})[item.name] = shape


def _check_scoped(node: Any, item: Hoist, pointer: str, prop_name: str | None) -> None:
    """A property named in ``item.properties`` within its scope that is not the shape is a data error."""
    if prop_name is not None and _wanted(item, pointer, prop_name) and node != ref(item.section, item.name):
        raise ConfigError(f"component {item.name}: {pointer} differs from the shape")
    if isinstance(node, dict):
        for here, value, name, _container in _children(node, pointer):
            _check_scoped(value, item, here, name)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _check_scoped(value, item, pointers.join(pointer, index), None)


@dataclass(frozen=True)
class Case:
    when: str
    alternative: str | int
    component: str


def discriminate(tree: dict[str, Any], raw: dict[str, Any]) -> None:
    """Replace a ``oneOf`` whose alternatives overlap by branches keyed on a sibling value.

    ``raw``: ``{name, source, property, key, select: title|index, cases: [{when, alternative,
    component}], sites: [...], unassigned: [{alternative, component}], any_sites: [...]}``. Each
    selected alternative (an ``allOf`` of objects is flattened) becomes a component; ``name``
    becomes ``anyOf`` one branch per case (``key`` const ``when`` and ``property`` that
    component) plus one for objects without ``key``; every site's object schema includes it
    through ``allOf``. ``any_sites`` (objects that never carry the key) accept any component.

    The branches exclude each other through the ``const``, so ``anyOf`` is exact. An ``allOf`` of
    ``if``/``then`` rules says the same, but schemathesis cannot generate from a dozen of them
    whose components disagree on a property's type (its canonical form gives up).
    """
    alternatives = pointers.get(tree, pointers.expand(tree, raw["source"]))
    original = copy.deepcopy(pointers.get(tree, pointers.expand(tree, raw["source"]).rsplit("/", 1)[0]))
    by = raw.get("select", "title")
    schemas = tree.setdefault("components", {}).setdefault("schemas", {})

    def build(selector: str | int, component: str) -> None:
        if by == "title":
            found = [a for a in alternatives if a.get("title") == selector]
        else:
            found = [alternatives[int(selector)]] if 0 <= int(selector) < len(alternatives) else []
        if len(found) != 1:
            raise ConfigError(f"{raw['name']}: no single alternative {selector!r}")
        shape = flatten_allof(found[0])
        shape.pop("title", None)
        if component in schemas and schemas[component] != shape:
            raise ConfigError(f"{raw['name']}: alternatives mapped to {component} differ")
        schemas[component] = shape

    cases = [Case(c["when"], c["alternative"], c["component"]) for c in raw["cases"]]
    for case in cases:
        build(case.alternative, case.component)
    for extra in raw.get("unassigned", []):
        build(extra["alternative"], extra["component"])
    key, prop = raw["key"], raw["property"]
    branches: list[dict[str, Any]] = [
        {"required": [key], "properties": {key: {"const": case.when}, prop: ref("schemas", case.component)}}
        for case in cases
    ]
    branches.append({"properties": {key: False}})
    schemas[raw["name"]] = {"anyOf": branches}
    every = list(dict.fromkeys([c.component for c in cases] + [e["component"] for e in raw.get("unassigned", [])]))
    for site_list, conditional in ((raw.get("sites", []), True), (raw.get("any_sites", []), False)):
        for site in site_list:
            target = pointers.get(tree, pointers.expand(tree, site))
            if target.get("properties", {}).get(prop) != original:
                raise ConfigError(f"{raw['name']}: {site} does not hold the same {prop!r} alternatives")
            if conditional:
                target["properties"][prop] = {"type": "object"}
                target.setdefault("allOf", []).append(ref("schemas", raw["name"]))
            else:
                target["properties"][prop] = {"anyOf": [ref("schemas", name) for name in every]}

