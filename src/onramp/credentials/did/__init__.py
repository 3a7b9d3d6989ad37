"""Decentralized identifiers: did:key, did:jwk, the resolver for did:web documents and status
lists, and `fetch`, the one SSRF-safe network path. Built on `rdf` and `proofs`.
"""
