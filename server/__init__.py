"""The HTTP edge: the Starlette app, its routes, the GraphQL API and the kring command."""
