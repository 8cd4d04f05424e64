"""Clients registered for the OB 3.0 API, the grants learners gave them, codes and tokens.

`(:OAuthClient)` is a registered app (RFC 7591); `(:Person)-[:GRANTED]->(:OAuthGrant)-[:TO]->
(:OAuthClient)` is one learner's consent to one app (a "connected app"), with the scopes
approved so far. A grant `ISSUED` single-use `(:OAuthCode)`s and `(:OAuthToken)`s (refresh
tokens); both are kept only as SHA-256 digests. Tokens rotated from one code form a family,
an `(:OAuthFamily {id, endedAt})` the grant `ISSUED` when the code was redeemed: its end is
durable (nothing is saved into an ended family; saving locks it), and ending it writes a
`(:Revocation {family})`, the feed every replica's session gate follows
(graph.people.sessions), so the family's access tokens stop at once.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from neo4j import AsyncManagedTransaction

from graph.core import throttles
from graph.core.cypher import execute, one, rows, single
from graph.core.errors import Conflict, NotFound
from graph.core.records import camel, from_record, properties
from graph.core.transactions import reads, writes

MAX_GRANTS_PER_LEARNER = 100
# Registration needs no account (RFC 7591, as OB 3.0 asks): 20 an hour per address (an IPv6
# /64 counting as one: one host commonly holds all of it), and at most 500 an hour in all.
REGISTER_RULE = throttles.Rule("oauth-register", 20, 60, 3600, 3600)
REGISTER_ALL_RULE = throttles.Rule("oauth-register-all", 500, 3600, 3600, 3600)


def digest(secret: str) -> str:
    """How codes, refresh tokens and client secrets are stored (all random, 256 bits)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def grant_key(person_id: str, client_id: str) -> str:
    return digest(f"{person_id}\x1f{client_id}")


@dataclass(frozen=True)
class Client:
    id: str
    secret_hash: str | None  # None for a public client (token_endpoint_auth_method none)
    name: str
    uri: str | None
    logo_uri: str | None
    redirect_uris: tuple[str, ...]
    scope: str
    auth_method: str
    grant_types: tuple[str, ...]
    response_types: tuple[str, ...]


CLIENT_FIELDS = "c { " + properties(Client) + " } AS c"
# Its fields as stored, by the record mapper's names (graph.core.records).
REGISTER = "CREATE (c:OAuthClient) SET c = $client, c.registeredAt = datetime()"


def network_of(address: str) -> str:
    """What registrations are counted by: an IPv4 address, or an IPv6 address's /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@writes
async def register_client(tx: AsyncManagedTransaction, client: Client, address: str) -> None:
    """Keep a newly registered client; registration is open, so counted per address and in
    all (per clock hour: a steady trickle never blocks it for longer)."""
    hour = datetime.now(UTC).strftime("%Y-%m-%dT%H")
    keys = [REGISTER_RULE.key(network_of(address)), REGISTER_ALL_RULE.key(hour)]
    if (await throttles.attempt(tx, keys)).wait_seconds:
        raise Conflict("Too many client registrations; try again later.")
    stored = {camel(k): list(v) if isinstance(v, tuple) else v for k, v in asdict(client).items()}
    await execute(tx, REGISTER, client=stored)


CLIENT = "MATCH (c:OAuthClient {id: $id}) RETURN " + CLIENT_FIELDS


@reads
async def client_by_id(tx: AsyncManagedTransaction, client_id: str) -> Client | None:
    found = await single(tx, CLIENT, id=client_id)
    return from_record(Client, found["c"]) if found else None


@dataclass(frozen=True)
class NewCode:
    hash: str
    redirect_uri: str
    scope: str
    challenge: str
    challenge_method: str
    ttl_seconds: int


APPROVE = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
MATCH (c:OAuthClient {id: $client})
WITH p, c, COUNT { (p)-[:GRANTED]->(:OAuthGrant) } AS held,
     EXISTS { (:OAuthGrant {key: $key}) } AS known
WHERE known OR held < $max
MERGE (g:OAuthGrant {key: $key})
  ON CREATE SET g.id = randomUUID(), g.grantedAt = datetime(), g.scopes = []
MERGE (p)-[:GRANTED]->(g)
MERGE (g)-[:TO]->(c)
SET c.lastGrantedAt = datetime(),
    g.scopes = reduce(acc = g.scopes, s IN $scopes |
                      CASE WHEN s IN acc THEN acc ELSE acc + s END),
    g.approvedAt = datetime()
CREATE (g)-[:ISSUED]->(:OAuthCode {
  hash: $hash, redirectUri: $redirectUri, scope: $scope, challenge: $challenge,
  challengeMethod: $method, createdAt: datetime(),
  expiresAt: datetime() + duration({seconds: $ttl})
})
RETURN g.id AS id
"""


@writes
async def approve(
    tx: AsyncManagedTransaction, person_id: str, client_id: str, code: NewCode
) -> str:
    """The learner approved: their grant to the client (made or widened) and a code for it."""
    made = await single(
        tx,
        APPROVE,
        person=person_id,
        client=client_id,
        key=grant_key(person_id, client_id),
        max=MAX_GRANTS_PER_LEARNER,
        scopes=code.scope.split(),
        hash=code.hash,
        redirectUri=code.redirect_uri,
        scope=code.scope,
        challenge=code.challenge,
        method=code.challenge_method,
        ttl=code.ttl_seconds,
    )
    if made is None:
        raise NotFound(f"No such client, or you connected {MAX_GRANTS_PER_LEARNER} apps already.")
    grant: str = made["id"]
    return grant


@dataclass(frozen=True)
class Redeemed:
    person_id: str
    grant_id: str
    family: str  # the token family this code starts
    redirect_uri: str
    scope: str
    challenge: str
    challenge_method: str


@dataclass(frozen=True)
class Refused:
    ended_family: str | None = None  # a replay ended the tokens issued from it


# The SET takes the code's write lock: two racing redemptions cannot both win. The first
# starts the code's token family, durably, before any token of it exists.
REDEEM = """
MATCH (p:Person)-[:GRANTED]->(g:OAuthGrant)-[:ISSUED]->(code:OAuthCode {hash: $hash})
MATCH (g)-[:TO]->(:OAuthClient {id: $client})
WITH p, g, code, code.usedAt IS NOT NULL AS used, code.expiresAt < datetime() AS expired,
     p.deletedAt IS NOT NULL AS deleted
SET code.usedAt = coalesce(code.usedAt, datetime()),
    code.family = coalesce(code.family, randomUUID())
MERGE (f:OAuthFamily {id: code.family})
  ON CREATE SET f.startedAt = datetime(), f.expiresAt = datetime()
MERGE (g)-[:ISSUED]->(f)
RETURN p.id AS person, g.id AS grant, code { .redirectUri, .scope, .challenge,
       .challengeMethod, .family } AS code, used, expired, deleted
"""
# Ending takes the family's write lock first, so a save racing it either finished before
# (its token is revoked here) or waits and then finds the family ended (saves nothing).
END_FAMILY = """
OPTIONAL MATCH (f:OAuthFamily {id: $family})
SET f.endedAt = coalesce(f.endedAt, datetime())
WITH f
CALL (f) {
  MATCH (t:OAuthToken {family: $family}) WHERE t.revokedAt IS NULL
  SET t.revokedAt = datetime()
  RETURN count(t) AS ended
}
CREATE (:Revocation {id: randomUUID(), at: datetime(), family: $family})
"""


@writes
async def redeem_code(
    tx: AsyncManagedTransaction, code_hash: str, client_id: str
) -> Redeemed | Refused:
    """Use a code once; a code used before ends the tokens issued from it (RFC 6749 §4.1.2)."""
    # A refusal must still commit the family's end, so it is returned, not raised.
    found = await single(tx, REDEEM, hash=code_hash, client=client_id)
    if found is None or found["deleted"]:
        return Refused()
    code = found["code"]
    if found["used"]:
        await execute(tx, END_FAMILY, family=code["family"])
        return Refused(code["family"])
    if found["expired"]:
        return Refused()
    return Redeemed(
        person_id=found["person"],
        grant_id=found["grant"],
        family=code["family"],
        redirect_uri=code["redirectUri"],
        scope=code["scope"],
        challenge=code["challenge"],
        challenge_method=code["challengeMethod"],
    )


# The first SET takes the family's write lock; only then is its end read (END_FAMILY).
SAVE_TOKENS = """
MATCH (g:OAuthGrant {id: $grant})-[:ISSUED]->(f:OAuthFamily {id: $family})
SET f.savedAt = datetime()
WITH g, f WHERE f.endedAt IS NULL
SET g.lastUsedAt = datetime(),
    f.expiresAt = CASE WHEN f.expiresAt > datetime() + duration({seconds: $ttl})
                       THEN f.expiresAt ELSE datetime() + duration({seconds: $ttl}) END
FOREACH (hash IN CASE WHEN $hash IS NULL THEN [] ELSE [$hash] END |
  CREATE (g)-[:ISSUED]->(:OAuthToken {
    hash: hash, family: f.id, scope: $scope, issuedAt: datetime(),
    expiresAt: datetime() + duration({seconds: $ttl})
  }))
RETURN f.id AS family
"""


@writes
async def save_tokens(
    tx: AsyncManagedTransaction,
    grant_id: str,
    family: str,
    token_hash: str | None,
    scope: str,
    ttl_seconds: int,
) -> bool:
    """Record tokens just issued in their family (with the refresh token's digest, if one);
    False, and nothing saved, if the family has ended meanwhile (revoked, replayed, gone).
    `ttl_seconds`: how long the longest-lived of them lasts."""
    saved = await single(
        tx,
        SAVE_TOKENS,
        grant=grant_id,
        family=family,
        hash=token_hash,
        scope=scope,
        ttl=ttl_seconds,
    )
    return saved is not None


@dataclass(frozen=True)
class Refreshing:
    person_id: str
    grant_id: str
    family: str
    scope: str


USE_REFRESH = """
MATCH (p:Person)-[:GRANTED]->(g:OAuthGrant)-[:ISSUED]->(t:OAuthToken {hash: $hash})
MATCH (g)-[:TO]->(:OAuthClient {id: $client})
OPTIONAL MATCH (g)-[:ISSUED]->(f:OAuthFamily {id: t.family})
WITH p, g, t, t.usedAt IS NOT NULL AS used,
     t.revokedAt IS NOT NULL OR f IS NULL OR f.endedAt IS NOT NULL AS revoked,
     t.expiresAt < datetime() AS expired, p.deletedAt IS NOT NULL AS deleted
SET t.usedAt = coalesce(t.usedAt, datetime())
RETURN p.id AS person, g.id AS grant, t.family AS family, t.scope AS scope,
       used, revoked, expired, deleted
"""


@writes
async def use_refresh_token(
    tx: AsyncManagedTransaction, token_hash: str, client_id: str
) -> Refreshing | Refused:
    """Trade a refresh token once (rotation); one used before ends its family (a replay)."""
    found = await single(tx, USE_REFRESH, hash=token_hash, client=client_id)
    if found is None or found["deleted"] or found["revoked"] or found["expired"]:
        return Refused()
    if found["used"]:
        await execute(tx, END_FAMILY, family=found["family"])
        return Refused(found["family"])
    return Refreshing(found["person"], found["grant"], found["family"], found["scope"])


FAMILY_OF_REFRESH = """
MATCH (g:OAuthGrant)-[:ISSUED]->(t:OAuthToken {hash: $hash})
MATCH (g)-[:TO]->(c:OAuthClient)
RETURN t.family AS family, c.id AS client
"""
# Every redeemed code started a family, refresh tokens or none (a client may have none).
CLIENT_OF_FAMILY = """
MATCH (g:OAuthGrant)-[:ISSUED]->(f:OAuthFamily {id: $family})
MATCH (g)-[:TO]->(c:OAuthClient)
RETURN f.id AS family, c.id AS client
"""


@dataclass(frozen=True)
class Family:
    family: str
    client_id: str


@reads
async def family_of_refresh_token(tx: AsyncManagedTransaction, token_hash: str) -> Family | None:
    found = await single(tx, FAMILY_OF_REFRESH, hash=token_hash)
    return Family(found["family"], found["client"]) if found else None


@reads
async def family_by_id(tx: AsyncManagedTransaction, family: str) -> Family | None:
    found = await single(tx, CLIENT_OF_FAMILY, family=family)
    return Family(found["family"], found["client"]) if found else None


@writes
async def end_family(tx: AsyncManagedTransaction, family: str) -> None:
    """Revoke every token of a family (RFC 7009): its access tokens stop with it."""
    await execute(tx, END_FAMILY, family=family)


@dataclass(frozen=True)
class ConnectedApp:
    id: str  # the grant's
    client_id: str
    client_name: str
    client_uri: str | None
    redirect_hosts: tuple[str, ...]
    scopes: tuple[str, ...]
    granted_at: datetime
    last_used_at: datetime | None


CONNECTED = """
MATCH (:Person {id: $person})-[:GRANTED]->(g:OAuthGrant)-[:TO]->(c:OAuthClient)
RETURN g { .id, .scopes, .grantedAt, .lastUsedAt } AS g,
       c { .id, .name, .uri, .redirectUris } AS c
ORDER BY g.grantedAt DESC, g.id
"""


@reads
async def connected_apps(tx: AsyncManagedTransaction, person_id: str) -> list[ConnectedApp]:
    """The apps the learner let in, newest first."""
    found = await rows(tx, CONNECTED, person=person_id)
    return [
        ConnectedApp(
            id=r["g"]["id"],
            client_id=r["c"]["id"],
            client_name=r["c"]["name"],
            client_uri=r["c"]["uri"],
            redirect_hosts=tuple(r["c"]["redirectUris"]),
            scopes=tuple(r["g"]["scopes"]),
            granted_at=r["g"]["grantedAt"].to_native(),
            last_used_at=r["g"]["lastUsedAt"].to_native() if r["g"]["lastUsedAt"] else None,
        )
        for r in found
    ]


# Every family the grant started, with refresh tokens or without (their access tokens alike).
DISCONNECT = """
MATCH (:Person {id: $person})-[:GRANTED]->(g:OAuthGrant {id: $grant})
CALL (g) {
  OPTIONAL MATCH (g)-[:ISSUED]->(f:OAuthFamily) WHERE f.endedAt IS NULL
  RETURN collect(DISTINCT f.id) AS families
}
CALL (g) {
  OPTIONAL MATCH (g)-[:ISSUED]->(x:OAuthCode|OAuthToken|OAuthFamily)
  DETACH DELETE x
}
DETACH DELETE g
FOREACH (family IN families |
  CREATE (:Revocation {id: randomUUID(), at: datetime(), family: family}))
RETURN families
"""


@writes
async def disconnect(tx: AsyncManagedTransaction, person_id: str, grant_id: str) -> list[str]:
    """The learner revokes an app: its grant, codes and tokens go; the families ended."""
    found = await single(tx, DISCONNECT, person=person_id, grant=grant_id)
    if found is None:
        raise NotFound("You have no such connected app.", field="id")
    return list(found["families"])


# Codes live a minute and refresh tokens a month: a day after either expired nothing can use
# it (a replay is refused as unknown, as when expired), so the worker deletes it, in batches.
# A family lasts as long as its longest-lived token. Registration is open: a client no
# learner ever let in is deleted after CLIENT_UNUSED_DAYS.
PRUNE = """
CALL () {
  MATCH (c:OAuthCode) WHERE c.expiresAt < datetime() - duration('P1D')
  WITH c LIMIT $batch
  DETACH DELETE c
  RETURN count(*) AS codes
}
CALL () {
  MATCH (t:OAuthToken) WHERE t.expiresAt < datetime() - duration('P1D')
  WITH t LIMIT $batch
  DETACH DELETE t
  RETURN count(*) AS tokens
}
CALL () {
  MATCH (f:OAuthFamily) WHERE f.expiresAt < datetime() - duration('P1D')
  WITH f LIMIT $batch
  DETACH DELETE f
  RETURN count(*) AS families
}
CALL () {
  MATCH (c:OAuthClient)
  WHERE c.registeredAt < datetime() - duration({days: $unusedDays}) AND c.lastGrantedAt IS NULL
    AND NOT EXISTS { (c)<-[:TO]-(:OAuthGrant) }
  WITH c LIMIT $batch
  DETACH DELETE c
  RETURN count(*) AS clients
}
RETURN codes + tokens + families + clients AS pruned
"""
PRUNE_BATCH = 1000
CLIENT_UNUSED_DAYS = 30


@writes
async def prune(tx: AsyncManagedTransaction) -> int:
    """Delete codes, refresh tokens and families expired for a day, and clients nobody let
    in for CLIENT_UNUSED_DAYS; returns how many went."""
    found = await one(tx, PRUNE, batch=PRUNE_BATCH, unusedDays=CLIENT_UNUSED_DAYS)
    pruned: int = found["pruned"]
    return pruned
