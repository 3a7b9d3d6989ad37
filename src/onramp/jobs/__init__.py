"""Skills-based jobs (C4): the job model and its lifecycle, the builder, posting import, the
linter, publishing and applying."""
