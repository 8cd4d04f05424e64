"""GraphQL for badge templates and issuing on the spot."""
