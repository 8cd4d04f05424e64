"""Opportunities: discovery (reading) and their lifecycle (drafting to archiving)."""
