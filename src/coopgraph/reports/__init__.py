"""Turning results into documents: Markdown, self-contained HTML, JSON, CSV."""
