"""What every domain uses: the driver runtime, Cypher helpers, migrations, the actor's
standing, the audit trail, errors, vocabularies, state machines, idempotency keys and
throttles."""
