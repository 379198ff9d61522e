"""The committed PortSIP specs are exactly what the normaliser makes of the vendor documents."""

import re

import pytest

from conformance.normalise.emit import dump_yaml
from conformance.normalise.markdown import merge_raw, parse_fragments
from conformance.normalise.portsip import normalise_text
from conformance.specs import spec_path

SPECS = ("portsip-dataflow", "portsip-cdr")
PROSE_KEYS = ("description", "summary")


def vendor_sentences(node, out):
    """Every sentence-like run (four words or more) of vendor prose in a merged document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in PROSE_KEYS and isinstance(value, str):
                for part in re.split(r"[.\n]|  ", value):
                    words = " ".join(part.replace("*", "").replace("`", "").split())
                    if len(words.split()) >= 4:
                        out.add(words)
            else:
                vendor_sentences(value, out)
    elif isinstance(node, list):
        for value in node:
            vendor_sentences(value, out)
    return out


@pytest.mark.seeds
@pytest.mark.parametrize("spec", SPECS)
def test_committed_spec_is_the_normalised_seed(seed_path, spec):
    produced = dump_yaml(normalise_text(seed_path(spec).read_text(encoding="utf-8"), spec))
    assert produced == spec_path(spec).read_text(encoding="utf-8")


@pytest.mark.seeds
@pytest.mark.parametrize("spec", SPECS)
def test_normalising_twice_gives_identical_bytes(seed_path, spec):
    text = seed_path(spec).read_text(encoding="utf-8")
    assert dump_yaml(normalise_text(text, spec)) == dump_yaml(normalise_text(text, spec))


@pytest.mark.seeds
@pytest.mark.parametrize("spec", SPECS)
def test_no_vendor_sentence_reaches_the_spec(seed_path, spec):
    raw = merge_raw(parse_fragments(seed_path(spec).read_text(encoding="utf-8")))
    sentences = vendor_sentences(raw, set())
    assert len(sentences) > 20
    output = " ".join(spec_path(spec).read_text(encoding="utf-8").split())
    assert sorted(s for s in sentences if s in output) == []


def test_the_sentence_finder_finds_vendor_prose():
    found = vendor_sentences({"paths": {"description": "Retrieve call timeseries data for a queue.  \nShort."}}, set())
    assert found == {"Retrieve call timeseries data for a queue"}
