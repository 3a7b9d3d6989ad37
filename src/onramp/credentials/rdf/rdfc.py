"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 21 May 2024).

Spec: https://www.w3.org/TR/rdf-canon/ . Data Integrity `eddsa-rdfc-2022` signs the canonical
N-Quads this produces, so it must match other implementations byte for byte.

Untrusted input can be built to make the N-degree hashing explode (a "poison graph": a clique of
blank nodes has n! permutations). Every run therefore has a budget: a cap on calls to Hash N-Degree
Quads and a deadline. Exceeding either raises `CanonicalizationBudgetError` promptly instead of
hanging, as section 4.1 of the spec asks. A verification's own time budget (`deadline`), when
given, is checked in the same loop.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from onramp.credentials.rdf.deadline import Deadline
from onramp.credentials.rdf.nquads import IRI, BlankNode, Quad, parse, quad_text
from onramp.errors import InvalidInputError


class CanonicalizationBudgetError(InvalidInputError):
    """The dataset needs more work than the budget allows: likely a poison graph."""

    code = "canonicalization_budget"


@dataclass(slots=True)
class Budget:
    max_n_degree_calls: int = 5_000
    max_seconds: float = 2.0


@dataclass(slots=True)
class IdentifierIssuer:
    prefix: str
    counter: int = 0
    issued: dict[str, str] = field(default_factory=dict)  # existing -> issued, in issue order

    def issue(self, existing: str) -> str:
        found = self.issued.get(existing)
        if found is None:
            found = f"{self.prefix}{self.counter}"
            self.counter += 1
            self.issued[existing] = found
        return found

    def copy(self) -> IdentifierIssuer:
        return IdentifierIssuer(self.prefix, self.counter, dict(self.issued))


@dataclass(slots=True)
class Canonical:
    nquads: str
    issued: dict[str, str]  # input blank node id -> canonical id (c14nN)


class _State:
    def __init__(
        self,
        quads: list[Quad],
        hasher: Callable[[bytes], str],
        budget: Budget,
        deadline: Deadline | None = None,
    ) -> None:
        self.quads = quads
        self.verification_deadline = deadline
        self.hash = hasher
        self.budget = budget
        self.deadline = time.monotonic() + budget.max_seconds
        self.calls = 0
        self.canonical = IdentifierIssuer("c14n")
        self.by_node: dict[str, list[Quad]] = defaultdict(list)
        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph):
                if isinstance(term, BlankNode):
                    nodes = self.by_node[term.id]
                    if not nodes or nodes[-1] is not quad:
                        nodes.append(quad)
        self._first_degree: dict[str, str] = {}

    def first_degree(self, node: str) -> str:
        cached = self._first_degree.get(node)
        if cached is not None:
            return cached
        lines = sorted(
            quad_text(_relabel(q, lambda b: "a" if b == node else "z")) for q in self.by_node[node]
        )
        result = self.hash("".join(lines).encode())
        self._first_degree[node] = result
        return result

    def related_hash(
        self, related: str, quad: Quad, issuer: IdentifierIssuer, position: str
    ) -> str:
        data = position
        if position != "g":
            data += f"<{quad.predicate.value}>"
        if related in self.canonical.issued:
            data += "_:" + self.canonical.issued[related]
        elif related in issuer.issued:
            data += "_:" + issuer.issued[related]
        else:
            data += self.first_degree(related)
        return self.hash(data.encode())

    def n_degree(self, node: str, issuer: IdentifierIssuer) -> tuple[str, IdentifierIssuer]:
        self.calls += 1
        if self.verification_deadline is not None:
            self.verification_deadline.check()
        if self.calls > self.budget.max_n_degree_calls or time.monotonic() > self.deadline:
            raise CanonicalizationBudgetError(
                "this data has too many linked blank nodes to canonicalize safely; "
                "it was refused to protect the service"
            )
        related: dict[str, list[str]] = defaultdict(list)
        for quad in self.by_node[node]:
            for term, position in ((quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")):
                if isinstance(term, BlankNode) and term.id != node:
                    related[self.related_hash(term.id, quad, issuer, position)].append(term.id)
        data = ""
        for related_hash in sorted(related):
            data += related_hash
            chosen_path = ""
            chosen_issuer: IdentifierIssuer | None = None
            for permutation in itertools.permutations(related[related_hash]):
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                skip = False
                for other in permutation:
                    if other in self.canonical.issued:
                        path += "_:" + self.canonical.issued[other]
                    else:
                        if other not in issuer_copy.issued:
                            recursion.append(other)
                        path += "_:" + issuer_copy.issue(other)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for other in recursion:
                    result_hash, result_issuer = self.n_degree(other, issuer_copy)
                    path += "_:" + issuer_copy.issue(other)
                    path += f"<{result_hash}>"
                    issuer_copy = result_issuer
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path, chosen_issuer = path, issuer_copy
            data += chosen_path
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return self.hash(data.encode()), issuer


def _relabel(quad: Quad, name: Callable[[str], str]) -> Quad:
    def node(term: IRI | BlankNode) -> IRI | BlankNode:
        return BlankNode(name(term.id)) if isinstance(term, BlankNode) else term

    obj = quad.object
    return Quad(
        node(quad.subject),
        quad.predicate,
        BlankNode(name(obj.id)) if isinstance(obj, BlankNode) else obj,
        node(quad.graph) if quad.graph is not None else None,
    )


def _hasher(algorithm: str) -> Callable[[bytes], str]:
    name = algorithm.lower().replace("-", "")
    if name not in ("sha256", "sha384"):
        raise InvalidInputError(f"unsupported hash algorithm {algorithm!r}")
    return lambda data: hashlib.new(name, data).hexdigest()


def canonicalize_quads(
    quads: list[Quad],
    *,
    algorithm: str = "sha256",
    budget: Budget | None = None,
    deadline: Deadline | None = None,
) -> Canonical:
    state = _State(quads, _hasher(algorithm), budget or Budget(), deadline)
    by_hash: dict[str, list[str]] = defaultdict(list)
    for node in state.by_node:
        by_hash[state.first_degree(node)].append(node)
    for hash_value in sorted(by_hash):
        nodes = by_hash[hash_value]
        if len(nodes) == 1:
            state.canonical.issue(nodes[0])
            del by_hash[hash_value]
    for hash_value in sorted(by_hash):
        results = []
        for node in by_hash[hash_value]:
            if node in state.canonical.issued:
                continue
            temporary = IdentifierIssuer("b")
            temporary.issue(node)
            results.append(state.n_degree(node, temporary))
        for _hash, issuer in sorted(results, key=lambda item: item[0]):
            for existing in issuer.issued:
                state.canonical.issue(existing)
    issued = state.canonical.issued
    lines = sorted({quad_text(_relabel(q, lambda b: issued[b])) for q in quads})
    return Canonical("".join(lines), dict(issued))


def canonicalize(
    nquads: str, *, algorithm: str = "sha256", budget: Budget | None = None
) -> Canonical:
    """Canonical N-Quads of a dataset given as N-Quads text."""
    return canonicalize_quads(parse(nquads), algorithm=algorithm, budget=budget)
