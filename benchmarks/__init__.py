"""Benchmarks: coachguide build against plain MkDocs as the guide grows (`python -m benchmarks`)."""
