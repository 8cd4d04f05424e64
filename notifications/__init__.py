"""Delivering what the outbox recorded: the worker, Web Push, e-mail letters and SMTP."""
