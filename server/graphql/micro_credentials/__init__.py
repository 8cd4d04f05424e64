"""GraphQL for the EU micro-credential elements of official badge classes."""
