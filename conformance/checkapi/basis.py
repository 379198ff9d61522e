"""What an assertion rests on (../shared/JUDGING.md): the vendor's words, HTTP itself, or the suite's reading.

Only ``vendor`` and ``http`` failures decide a verdict; a ``suite`` finding is an advisory. A ``vendor`` basis
carries its citations: the vendor document (seed file or VENDOR-NOTES), the place in it, and a few of its
words. Generic checks whose rule comes from the spec (``x-pbx-*``) declare ``rule(KEY)``: the spec's
``x-pbx-basis`` says, per operation, what that rule rests on (see ``specs/README.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

BasisKind = Literal["vendor", "http", "suite", "rule"]
KINDS: tuple[BasisKind, ...] = ("vendor", "http", "suite", "rule")
DECIDING = frozenset({"vendor", "http"})


@dataclass(frozen=True)
class Citation:
    """Where a vendor says it: a document, the place in it (``line 31``, ``§ Errors``) and a few of its words."""

    source: str
    place: str
    words: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "place": self.place, "words": self.words}

    def text(self) -> str:
        return f"{self.source} {self.place}: “{self.words}”"

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Citation:
        place = raw.get("place") or (f"line {raw['line']}" if "line" in raw else "")
        return cls(str(raw["source"]), str(place), str(raw.get("words", "")))


@dataclass(frozen=True)
class Basis:
    """The basis of a check or of one finding. ``rule`` is resolved against the spec before it is reported."""

    kind: BasisKind
    citations: tuple[Citation, ...] = ()
    note: str = ""
    rule: str | None = None  # kind "rule": the x-pbx-basis key the spec resolves

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown basis kind {self.kind!r}")
        if self.kind == "vendor" and not self.citations:
            raise ValueError("a vendor basis needs at least one citation")
        if self.kind == "rule" and not self.rule:
            raise ValueError("a rule basis names its x-pbx-basis key")
        if self.kind == "suite" and not self.note:
            raise ValueError("a suite basis says what the documents leave open")

    @property
    def decides(self) -> bool:
        """Whether a failure on this basis fails the verdict (vendor and http do; suite is an advisory)."""
        return self.kind in DECIDING

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "citations": [c.as_dict() for c in self.citations],
                                "note": self.note}
        if self.rule:
            data["rule"] = self.rule
        return data

    def text(self) -> str:
        """One line: the kind, then the vendor's words with their places, or the note."""
        parts = [c.text() for c in self.citations]
        if self.note:
            parts.append(self.note)
        if self.rule and self.kind == "rule":
            parts.append(f"the spec's x-pbx-basis `{self.rule}` (vendor where the spec cites the vendor, else suite)")
        return f"{self.kind}: " + "; ".join(parts) if parts else self.kind

    @classmethod
    def parse(cls, raw: Any, *, default_note: str = "") -> Basis:
        """A basis from data: ``suite`` / ``http`` (with an optional note), or a citation mapping or list."""
        if isinstance(raw, str):
            kind, _, note = raw.partition(":")
            kind = kind.strip()
            if kind == "vendor":
                raise ValueError("a vendor basis in data is given as its citations, not as the word 'vendor'")
            return cls(kind, note=note.strip() or default_note)  # type: ignore[arg-type]
        if isinstance(raw, dict) and "kind" in raw:
            citations = tuple(Citation.parse(c) for c in raw.get("citations") or ())
            return cls(raw["kind"], citations, str(raw.get("note", "") or default_note))
        items = raw if isinstance(raw, list) else [raw]
        return cls("vendor", tuple(Citation.parse(c) for c in items))


# -- constructors used by check declarations ------------------------------------------------------------
PORTSIP_DATAFLOW = "000_df9fe1ff85dde75a.txt"
PORTSIP_CDR = "001_0fbd13d622be2b55.txt"
YEASTAR = "002_18060581a31442f6.txt"
FUSIONPBX = "003_496d5ad08cbdae2e.txt"
TELECOMX = "004_1ac1d55fc75d03e1.txt"
VENDOR_NOTES = "VENDOR-NOTES.md"
SOURCES = (PORTSIP_DATAFLOW, PORTSIP_CDR, YEASTAR, FUSIONPBX, TELECOMX, VENDOR_NOTES)


def cite(source: str, place: int | str, words: str) -> Citation:
    """A citation: ``place`` is a line number of the document or a section (``§ Errors``)."""
    return Citation(source, f"line {place}" if isinstance(place, int) else place, words)


def vendor(*citations: Citation, note: str = "") -> Basis:
    """The vendor document says it; each citation names the document, the place and a few words."""
    return Basis("vendor", tuple(citations), note)


def http(note: str) -> Basis:
    """HTTP or JSON semantics every server must meet, whatever its vendor document says."""
    return Basis("http", note=note)


def suite(note: str) -> Basis:
    """The suite's own reading where the documents are silent: an advisory, never a failure (unless --strict)."""
    return Basis("suite", note=note)


def rule(key: str) -> Basis:
    """The spec's rule ``key`` decides: the spec's ``x-pbx-basis`` gives its basis per operation."""
    return Basis("rule", rule=key)


# Rules no document states by naming a notation or a limit: their basis is the suite's unless a spec says more.
RULE_DEFAULTS: dict[str, Basis] = {
    "time_window.near_notation": suite("a document that names a notation does not say near misses are refused "
                                       "(RFC 3339 §5.6 even lets applications write a space for the T)"),
}


def resolve_basis(basis: Basis, document: dict[str, Any], operation: dict[str, Any] | None = None) -> Basis:
    """A ``rule`` basis made concrete for one operation: its ``x-pbx-basis`` entry, else the document's.

    A document that does not say (a user's own spec or overlay) states the rule itself: the document under
    test is the vendor's word, cited by its title and the rule's key (except the rules of ``RULE_DEFAULTS``).
    """
    if basis.kind != "rule" or basis.rule is None:
        return basis
    for table in ((operation or {}).get("x-pbx-basis"), document.get("x-pbx-basis")):
        if isinstance(table, dict) and basis.rule in table:
            found = Basis.parse(table[basis.rule], default_note=f"the spec's rule {basis.rule}")
            return Basis(found.kind, found.citations, found.note, basis.rule)
    if basis.rule in RULE_DEFAULTS:
        default = RULE_DEFAULTS[basis.rule]
        return Basis(default.kind, default.citations, default.note, basis.rule)
    title = ((document.get("info") or {}).get("title")) or "the spec under test"
    return Basis("vendor", (Citation(str(title), f"rule {basis.rule}", "stated by the document under test"),),
                 rule=basis.rule)
