"""The REST API and app factory (FastAPI): a thin adapter over the domain packages."""
