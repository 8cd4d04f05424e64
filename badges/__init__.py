"""Open Badges: badge images now, credentials later."""
