"""JSON-LD to RDF in safe mode, RDFC-1.0 and N-Quads, the pinned contexts, and the limits
and time budget every expansion runs under. Imports nothing else from `onramp.credentials`.
"""
