"""coachguide: YAML coaching content -> validated model -> Markdown pages -> Material for MkDocs site."""

__version__ = "0.1.0"
