"""The HTTP endpoints outside GraphQL, one module per concern, each exporting its `routes`."""
