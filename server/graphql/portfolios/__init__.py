"""Portfolio pages in GraphQL."""
