"""GraphQL for quests and Helping hand."""
