"""Quests: someone asks for help, a helper offers it, the giver recognises it."""
