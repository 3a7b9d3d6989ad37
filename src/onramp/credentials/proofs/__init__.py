"""Securing credentials: Data Integrity (eddsa-rdfc-2022, Ed25519Signature2020), eddsa-jcs-2022,
VC-JOSE and VC-JWT, Multikey, and the issuer keys sealed in the store. Built on `rdf` and
`formats`.
"""
