"""Everything Kring stores and asks of Neo4j, one subpackage per domain plus graph/core."""
