"""Insights: what an organisation's work and a university's brand achieved over a period."""
