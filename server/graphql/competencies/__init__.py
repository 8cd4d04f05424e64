"""Competency frameworks and your self-assessment against them."""
