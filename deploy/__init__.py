"""Running Kring: where its Neo4j comes from (`neo4j_source`), the local launcher's wrapper
(`local_neo4j`, beside the Maven project in `neo4j-local/`) and the Ghent demo data (`demo`)."""
