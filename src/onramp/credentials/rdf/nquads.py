"""RDF N-Quads: parsing, and the canonical form that RDFC-1.0 hashes and signs.

RDF 1.1 N-Quads: https://www.w3.org/TR/n-quads/ . Canonical form as RDFC-1.0 requires
(https://www.w3.org/TR/rdf-canon/ , section 4 and RDF 1.2 canonical N-Triples): in literals,
backspace, tab, line feed, form feed, carriage return, quotation mark and backslash are written
as \\b \\t \\n \\f \\r \\" \\\\ ; other characters below U+0020 and U+007F as \\uXXXX (upper
case hex); everything else as itself. Getting this exactly right is what makes a signature match
other implementations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onramp.errors import InvalidInputError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class IRI:
    value: str


@dataclass(frozen=True, slots=True)
class BlankNode:
    id: str


@dataclass(frozen=True, slots=True)
class Literal:
    value: str
    datatype: str = XSD_STRING
    language: str = ""


Term = IRI | BlankNode | Literal


@dataclass(frozen=True, slots=True)
class Quad:
    subject: IRI | BlankNode
    predicate: IRI
    object: Term
    graph: IRI | BlankNode | None = None


_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def _escape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = match.group(0)
        return _ECHAR.get(char) or f"\\u{ord(char):04X}"

    return _NEEDS_ESCAPE.sub(one, text)


def term_text(term: Term) -> str:
    if isinstance(term, IRI):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.id}"
    text = f'"{_escape(term.value)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype != XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


def quad_text(quad: Quad) -> str:
    """One canonical N-Quads line, with its line feed."""
    parts = [term_text(quad.subject), term_text(quad.predicate), term_text(quad.object)]
    if quad.graph is not None:
        parts.append(term_text(quad.graph))
    return " ".join(parts) + " .\n"


# -- parsing ------------------------------------------------------------------------------------
_UNESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf"\'\\]))')
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_IRI = r"""(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*"""
_TOKEN = re.compile(
    r"""\s*(?:
      <(?P<iri>"""
    + _IRI
    + r""")>
    | _:(?P<bnode>[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)
    | "(?P<lit>(?:[^"\\\n\r]|\\.)*)"
        (?:@(?P<lang>[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)|\^\^<(?P<dt>"""
    + _IRI
    + r""")>)?
    | (?P<dot>\.)
    )""",
    re.VERBOSE,
)


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) or match.group(2):
            return chr(int(match.group(1) or match.group(2), 16))
        return _SIMPLE[match.group(3)]

    return _UNESCAPE.sub(one, text)


def parse(text: str) -> list[Quad]:
    """Parse N-Quads; errors name the line."""
    quads: list[Quad] = []
    # only CR and LF end lines: str.splitlines would also split on U+0085 and U+2028 in literals
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        terms: list[Term] = []
        position, ended = 0, False
        while position < len(line):
            if not line[position:].strip() or line[position:].lstrip().startswith("#"):
                break
            match = _TOKEN.match(line, position)
            if match is None:
                raise InvalidInputError(f"N-Quads line {number}: cannot read {line[position:]!r}")
            position = match.end()
            if match.group("dot"):
                ended = True
                break
            if match.group("iri") is not None:
                terms.append(IRI(_unescape(match.group("iri"))))
            elif match.group("bnode") is not None:
                terms.append(BlankNode(match.group("bnode")))
            else:
                value = _unescape(match.group("lit"))
                if match.group("lang"):
                    terms.append(Literal(value, RDF_LANG_STRING, match.group("lang")))
                else:
                    terms.append(Literal(value, _unescape(match.group("dt") or XSD_STRING)))
        if not ended or len(terms) not in (3, 4):
            raise InvalidInputError(f"N-Quads line {number}: expected 3 or 4 terms and a '.'")
        subject, predicate, obj = terms[0], terms[1], terms[2]
        graph = terms[3] if len(terms) == 4 else None
        if isinstance(subject, Literal) or not isinstance(predicate, IRI):
            raise InvalidInputError(f"N-Quads line {number}: bad subject or predicate")
        if isinstance(graph, Literal):
            raise InvalidInputError(f"N-Quads line {number}: a graph name cannot be a literal")
        quads.append(Quad(subject, predicate, obj, graph))
    return quads
