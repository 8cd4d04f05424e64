"""Competency frameworks and learners' self-assessment against them."""
