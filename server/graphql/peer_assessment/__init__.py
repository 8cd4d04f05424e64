"""GraphQL for peer assessment across the network."""
