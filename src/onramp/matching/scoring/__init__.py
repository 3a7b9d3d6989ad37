"""The pure scoring core of matching: it may import only the standard library, pydantic/numpy,
`onramp.vocabulary`, `onramp.errors`, `onramp.jobs.model` and its own modules (enforced by
`tests/architecture/test_blind_scoring.py`)."""
