"""Quads straight from expanded JSON-LD, for the plain shapes credentials use.

JSON-LD 1.1 API, "Deserialize JSON-LD to RDF" (https://www.w3.org/TR/json-ld11-api/ , 8.1) goes
through a node map: pyld builds one, then an RDF dataset of dictionaries, which Onramp turned
into quads. For expanded documents made only of node objects (@id, @type and properties), node
references and values (plain, typed or language-tagged strings, booleans, integral numbers), the
same quads follow from one walk. This module does that walk, following pyld's rules exactly:
- blank nodes (no @id, or `_:` labels) get fresh labels, one per label;
- a triple is skipped when its subject, predicate or IRI object is not absolute (pyld's test),
  or its predicate is a blank node, but nested nodes are still walked;
- a value repeated on the same subject and property is dropped exactly when pyld's node map
  drops it (same @id; same @value, @type and @language), so the quads match, repeats included;
- booleans and integral numbers are written as pyld writes them (42.0 is the integer 42).
Any other shape (lists, named graphs, @reverse, @included, @index, @direction, JSON literals,
doubles, xsd:double values, blank node datatypes) gives None, and the caller uses pyld's own
toRdf. The tests check that both paths give the same quads.
"""

from __future__ import annotations

import re
from typing import Any

from onramp.credentials.rdf.nquads import (
    IRI,
    RDF_LANG_STRING,
    XSD_STRING,
    BlankNode,
    Literal,
    Quad,
    Term,
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
# pyld's absolute-IRI test, kept identical (including what `$` accepts) so both paths agree
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")
_VALUE_KEYS = {"@value", "@type", "@language"}


class _Unsupported(Exception):
    """The expanded document has a shape this module leaves to pyld."""


class _Walk:
    def __init__(self) -> None:
        self.quads: list[Quad] = []
        self.seen: set[tuple[Any, ...]] = set()  # (subject, property, value) as pyld compares
        self.labels: dict[str, str] = {}
        self.iris: dict[str, IRI] = {}
        self.absolute: dict[str, bool] = {}

    def fresh(self) -> BlankNode:
        label = f"b{len(self.labels)}"
        self.labels[f"\x00{label}"] = label  # reserve the number
        return BlankNode(label)

    def blank(self, label: str) -> BlankNode:
        found = self.labels.get(label)
        if found is None:
            found = self.labels[label] = f"b{len(self.labels)}"
        return BlankNode(found)

    def is_absolute(self, value: str) -> bool:
        found = self.absolute.get(value)
        if found is None:
            found = self.absolute[value] = _ABSOLUTE.match(value) is not None
        return found

    def resource(self, value: str) -> IRI | BlankNode | None:
        """An @id or @type string as a term; None when pyld would skip it (relative)."""
        if value.startswith("_:"):
            return self.blank(value)
        if not self.is_absolute(value):
            return None
        found = self.iris.get(value)
        if found is None:
            found = self.iris[value] = IRI(value)
        return found

    def emit(self, subject: IRI | BlankNode, prop: str, term: Term, key: tuple[Any, ...]) -> None:
        """Add a triple unless pyld's node map would have merged the value away."""
        mark = (subject, prop, key)
        if mark not in self.seen:
            self.seen.add(mark)
            predicate = self._iri(RDF_TYPE if prop == "@type" else prop)
            self.quads.append(Quad(subject, predicate, term))

    def node(self, element: Any) -> IRI | BlankNode | None:
        """Walk a node object; its term, or None when it is a relative IRI."""
        if not isinstance(element, dict) or "@value" in element:
            raise _Unsupported("not a node object")
        identifier = element.get("@id")
        if identifier is None:
            subject: IRI | BlankNode | None = self.fresh()
        elif isinstance(identifier, str):
            subject = self.resource(identifier)
        else:
            raise _Unsupported("@id")
        for key, values in element.items():
            if key == "@id":
                continue
            if not isinstance(values, list):
                raise _Unsupported(key)
            if key == "@type":
                for value in values:
                    if not isinstance(value, str):
                        raise _Unsupported("@type")
                    kind = self.resource(value)
                    if subject is not None and kind is not None:
                        self.emit(subject, key, kind, ("id", kind))
                continue
            if key.startswith("@"):
                raise _Unsupported(key)
            # blank node predicates are dropped (no generalized RDF), relative ones skipped
            keep = subject is not None and not key.startswith("_:") and self.is_absolute(key)
            for value in values:
                term, identity = self.value(value)
                if keep and subject is not None and term is not None:
                    self.emit(subject, key, term, identity)
        return subject

    def value(self, item: Any) -> tuple[Term | None, tuple[Any, ...]]:
        """A property value as a term, and what pyld compares to drop repeated values: the @id
        of a node, or a value's @value (a boolean never equal to a number), @type and
        @language."""
        if not isinstance(item, dict):
            raise _Unsupported("not an object")
        if "@value" not in item:
            if "@list" in item or "@set" in item or "@graph" in item:
                raise _Unsupported("list, set or graph")
            node = self.node(item)
            return node, ("id", node)
        if not _VALUE_KEYS.issuperset(item):
            raise _Unsupported("value object keys")
        text = item["@value"]
        datatype = item.get("@type")
        language = item.get("@language")
        identity = ("value", isinstance(text, bool), text, datatype, language)
        if datatype is not None:
            if not isinstance(datatype, str) or datatype in ("@json", XSD_DOUBLE):
                raise _Unsupported("datatype")
            if datatype.startswith("_:") or language is not None:
                raise _Unsupported("datatype")
        if not isinstance(text, str):
            # pyld's (and JavaScript's) reading of JSON numbers: 42.0 is the integer 42
            if isinstance(text, bool):
                return Literal("true" if text else "false", datatype or XSD_BOOLEAN), identity
            integral = isinstance(text, int) or (
                isinstance(text, float) and text.is_integer() and abs(text) < 1e21
            )
            if not integral or abs(text) >= 1e21:
                raise _Unsupported("a double")
            return Literal(str(int(text)), datatype or XSD_INTEGER), identity
        if datatype is not None:
            return Literal(text, datatype), identity
        if language is not None:
            if not isinstance(language, str):
                raise _Unsupported("@language")
            return Literal(text, RDF_LANG_STRING, language), identity
        return Literal(text, XSD_STRING), identity

    def _iri(self, value: str) -> IRI:
        found = self.iris.get(value)
        if found is None:
            found = self.iris[value] = IRI(value)
        return found


def quads_from_expanded(expanded: Any) -> list[Quad] | None:
    """The default-graph quads of an expanded document, or None for shapes left to pyld."""
    if not isinstance(expanded, list):
        return None
    walk = _Walk()
    try:
        for element in expanded:
            if isinstance(element, dict) and "@graph" in element:
                return None
            walk.node(element)
    except _Unsupported:
        return None
    return walk.quads
