"""Notifications: the outbox, Web Push and GraphQL subscriptions (see the notifications issue)."""
