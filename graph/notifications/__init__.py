"""The outbox, preferences, devices, saved areas and the delivery queue."""
