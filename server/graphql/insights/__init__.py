"""Insights for organisations' members and universities' staff."""
