"""Numbered, immutable, idempotent schema steps, each recorded as a `:Migration` node."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.database import Graph
from graph.core.transactions import reads, writes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]

    @property
    def checksum(self) -> str:
        return hashlib.sha256("\n;\n".join(self.statements).encode()).hexdigest()


# Never edit an applied step: add a new one. Community edition has no property-existence
# constraints, so required properties are enforced in graph/ code, not here.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "unique ids for every entity",
        (
            "CREATE CONSTRAINT migration_version IF NOT EXISTS "
            "FOR (m:Migration) REQUIRE m.version IS UNIQUE",
            "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT person_email IF NOT EXISTS FOR (n:Person) REQUIRE n.email IS UNIQUE",
            "CREATE CONSTRAINT university_id IF NOT EXISTS "
            "FOR (n:University) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT organisation_id IF NOT EXISTS "
            "FOR (n:Organisation) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT badge_class_id IF NOT EXISTS "
            "FOR (n:BadgeClass) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT opportunity_id IF NOT EXISTS "
            "FOR (n:Opportunity) REQUIRE n.id IS UNIQUE",
        ),
    ),
    Migration(
        2,
        "opportunity discovery indexes",
        (
            "CREATE POINT INDEX opportunity_location IF NOT EXISTS "
            "FOR (o:Opportunity) ON (o.location)",
            "CREATE FULLTEXT INDEX opportunity_text IF NOT EXISTS "
            "FOR (o:Opportunity) ON EACH [o.title, o.synopsis, o.description]",
            "CREATE INDEX opportunity_status IF NOT EXISTS FOR (o:Opportunity) ON (o.status)",
            "CREATE INDEX opportunity_starts_at IF NOT EXISTS FOR (o:Opportunity) ON (o.startsAt)",
            "CREATE POINT INDEX organisation_location IF NOT EXISTS "
            "FOR (o:Organisation) ON (o.location)",
        ),
    ),
    Migration(
        3,
        "community side: applications, competencies, audit trail",
        (
            "CREATE CONSTRAINT application_id IF NOT EXISTS "
            "FOR (n:Application) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT competency_key IF NOT EXISTS "
            "FOR (n:Competency) REQUIRE n.key IS UNIQUE",
            "CREATE CONSTRAINT audit_event_id IF NOT EXISTS "
            "FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE",
            "CREATE INDEX audit_event_target IF NOT EXISTS FOR (e:AuditEvent) ON (e.targetId)",
            "CREATE INDEX organisation_status IF NOT EXISTS FOR (o:Organisation) ON (o.status)",
            "CREATE INDEX application_status IF NOT EXISTS FOR (a:Application) ON (a.status)",
        ),
    ),
    Migration(
        4,
        "recognition: claims, evidence, endorsements, assertions, validations",
        (
            "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT endorsement_id IF NOT EXISTS "
            "FOR (n:Endorsement) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT endorsement_request_id IF NOT EXISTS "
            "FOR (n:EndorsementRequest) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT endorsement_request_token IF NOT EXISTS "
            "FOR (n:EndorsementRequest) REQUIRE n.tokenHash IS UNIQUE",
            "CREATE CONSTRAINT assertion_id IF NOT EXISTS FOR (n:Assertion) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT assertion_share_token IF NOT EXISTS "
            "FOR (n:Assertion) REQUIRE n.shareToken IS UNIQUE",
            "CREATE INDEX claim_share_token IF NOT EXISTS FOR (c:Claim) ON (c.shareToken)",
            "CREATE INDEX evidence_sha256 IF NOT EXISTS FOR (e:Evidence) ON (e.sha256)",
            "CREATE INDEX audit_event_actor IF NOT EXISTS FOR (e:AuditEvent) ON (e.actorId)",
        ),
    ),
    Migration(
        5,
        "status lists",
        (
            "CREATE CONSTRAINT status_list_issuer IF NOT EXISTS "
            "FOR (n:StatusList) REQUIRE n.issuerId IS UNIQUE",
            "CREATE INDEX assertion_status_index IF NOT EXISTS "
            "FOR (a:Assertion) ON (a.statusIndex)",
        ),
    ),
    Migration(
        6,
        "refresh tokens",
        (
            "CREATE CONSTRAINT refresh_token_hash IF NOT EXISTS "
            "FOR (t:RefreshToken) REQUIRE t.hash IS UNIQUE",
            "CREATE INDEX refresh_token_family IF NOT EXISTS FOR (t:RefreshToken) ON (t.family)",
        ),
    ),
    Migration(
        7,
        "local account tokens",
        (
            "CREATE CONSTRAINT account_token_hash IF NOT EXISTS "
            "FOR (t:AccountToken) REQUIRE t.hash IS UNIQUE",
        ),
    ),
    Migration(
        8,
        "external identities",
        ("CREATE CONSTRAINT identity_key IF NOT EXISTS FOR (i:Identity) REQUIRE i.key IS UNIQUE",),
    ),
    Migration(
        9,
        "notifications",
        (
            "CREATE CONSTRAINT notification_id IF NOT EXISTS "
            "FOR (n:Notification) REQUIRE n.id IS UNIQUE",
        ),
    ),
    Migration(
        10,
        "web push and saved areas",
        (
            "CREATE CONSTRAINT push_subscription_id IF NOT EXISTS "
            "FOR (s:PushSubscription) REQUIRE s.id IS UNIQUE",
            "CREATE CONSTRAINT push_subscription_endpoint IF NOT EXISTS "
            "FOR (s:PushSubscription) REQUIRE s.endpoint IS UNIQUE",
            "CREATE CONSTRAINT delivery_id IF NOT EXISTS FOR (d:Delivery) REQUIRE d.id IS UNIQUE",
            # The worker's claim: due deliveries in order (a lease's end is its dueAt).
            "CREATE INDEX delivery_due IF NOT EXISTS FOR (d:Delivery) ON (d.state, d.dueAt)",
            "CREATE CONSTRAINT saved_area_id IF NOT EXISTS "
            "FOR (a:SavedArea) REQUIRE a.id IS UNIQUE",
            "CREATE POINT INDEX saved_area_location IF NOT EXISTS "
            "FOR (a:SavedArea) ON (a.location)",
        ),
    ),
    Migration(
        11,
        "retired push devices",
        (
            # Devices are retired (unlinked, endpoint and keys erased) and purged a day later.
            "CREATE INDEX push_subscription_retired IF NOT EXISTS "
            "FOR (s:PushSubscription) ON (s.retiredAt)",
        ),
    ),
    Migration(
        12,
        "claim review: states, revisions, conversation, rubrics",
        (
            # The reviewers' queue: claims in a state, newest submissions first.
            "CREATE INDEX claim_status IF NOT EXISTS FOR (c:Claim) ON (c.status, c.inReviewSince)",
            "CREATE CONSTRAINT claim_revision_id IF NOT EXISTS "
            "FOR (n:ClaimRevision) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT claim_message_id IF NOT EXISTS "
            "FOR (n:ClaimMessage) REQUIRE n.id IS UNIQUE",
            "CREATE INDEX claim_message_author IF NOT EXISTS FOR (m:ClaimMessage) ON (m.authorId)",
            "CREATE CONSTRAINT rubric_criterion_id IF NOT EXISTS "
            "FOR (n:RubricCriterion) REQUIRE n.id IS UNIQUE",
            # Claims made before revisions were kept start as revision 1, as they stand.
            "MATCH (c:Claim) WHERE c.revision IS NULL "
            "SET c.revision = 1 "
            "WITH c CALL (c) { OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence) "
            "RETURN collect(ev.id) AS evidence } "
            "CREATE (:ClaimRevision {id: randomUUID(), number: 1, narrative: c.narrative, "
            "evidence: evidence, createdAt: c.createdAt})-[:OF]->(c)",
        ),
    ),
    Migration(
        13,
        "one-off badge classes belong to their claim",
        (
            # The university's community policy is consent for the claim a one-off class
            # was made for, and no other; before this, that claim was its only one.
            "MATCH (b:BadgeClass {adHoc: true}) WHERE b.adHocFor IS NULL "
            "MATCH (c:Claim)-[:FOR_BADGE]->(b) "
            "WITH b, collect(c) AS claims WHERE size(claims) = 1 "
            "SET b.adHocFor = claims[0].id",
        ),
    ),
    Migration(
        14,
        "the feed of ended sessions",
        ("CREATE INDEX revocation_at IF NOT EXISTS FOR (r:Revocation) ON (r.at)",),
    ),
    Migration(
        15,
        "throttles",
        (
            "CREATE CONSTRAINT throttle_key IF NOT EXISTS FOR (t:Throttle) REQUIRE t.key IS UNIQUE",
            "CREATE INDEX throttle_forget_at IF NOT EXISTS FOR (t:Throttle) ON (t.forgetAt)",
        ),
    ),
    Migration(
        16,
        "idempotency keys",
        (
            "CREATE CONSTRAINT idempotent_request_key IF NOT EXISTS "
            "FOR (r:IdempotentRequest) REQUIRE r.key IS UNIQUE",
            "CREATE INDEX idempotent_request_expires IF NOT EXISTS "
            "FOR (r:IdempotentRequest) ON (r.expiresAt)",
        ),
    ),
    Migration(
        17,
        "saved-area fan-outs off the publishing transaction",
        (
            "CREATE CONSTRAINT fan_out_id IF NOT EXISTS FOR (f:FanOut) REQUIRE f.id IS UNIQUE",
            # The worker finds pending fan-outs (and lapsed leases) as it finds deliveries.
            "CREATE INDEX fan_out_due IF NOT EXISTS FOR (f:FanOut) ON (f.state, f.dueAt)",
        ),
    ),
    Migration(
        18,
        "bulk requests, exactly once",
        (
            # The client's requestId: one request per id, whoever sends it.
            "CREATE CONSTRAINT bulk_request_id IF NOT EXISTS "
            "FOR (r:BulkRequest) REQUIRE r.id IS UNIQUE",
        ),
    ),
    Migration(
        19,
        "competency search for the badge-class designer",
        (
            "CREATE FULLTEXT INDEX competency_text IF NOT EXISTS "
            "FOR (c:Competency) ON EACH [c.framework, c.code, c.name]",
        ),
    ),
    Migration(
        20,
        "discovery by meaning",
        (
            # The default model's width (embeddings.encoders.DEFAULT): `kring reembed`
            # rebuilds the index for a model of another width.
            "CREATE VECTOR INDEX opportunity_meaning IF NOT EXISTS "
            "FOR (o:Opportunity) ON (o.embedding) "
            "OPTIONS {indexConfig: {`vector.dimensions`: 512, "
            "`vector.similarity_function`: 'cosine'}}",
            # Finds the opportunities `kring reembed` still has to do.
            "CREATE INDEX opportunity_embedding_model IF NOT EXISTS "
            "FOR (o:Opportunity) ON (o.embeddingModel)",
        ),
    ),
    Migration(
        21,
        "badge classes by domain and level",
        (
            # "For you" looks one level up in the domain of a badge a learner holds.
            "CREATE INDEX badge_class_domain_level IF NOT EXISTS "
            "FOR (b:BadgeClass) ON (b.domain, b.level)",
        ),
    ),
    Migration(
        22,
        "badge classes by meaning",
        (
            # As opportunity_meaning (migration 20): the default model's width.
            "CREATE VECTOR INDEX badge_class_meaning IF NOT EXISTS "
            "FOR (b:BadgeClass) ON (b.embedding) "
            "OPTIONS {indexConfig: {`vector.dimensions`: 512, "
            "`vector.similarity_function`: 'cosine'}}",
            "CREATE INDEX badge_class_embedding_model IF NOT EXISTS "
            "FOR (b:BadgeClass) ON (b.embeddingModel)",
        ),
    ),
    Migration(
        23,
        "quests",
        (
            "CREATE CONSTRAINT quest_id IF NOT EXISTS FOR (n:Quest) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT quest_offer_id IF NOT EXISTS "
            "FOR (n:QuestOffer) REQUIRE n.id IS UNIQUE",
            # Discovery seeks the public (rounded) point, never the exact one.
            "CREATE POINT INDEX quest_area IF NOT EXISTS FOR (q:Quest) ON (q.area)",
            "CREATE FULLTEXT INDEX quest_text IF NOT EXISTS "
            "FOR (q:Quest) ON EACH [q.title, q.description, q.areaName]",
            # Newest open quests first, without a place or words.
            "CREATE INDEX quest_status_created IF NOT EXISTS "
            "FOR (q:Quest) ON (q.status, q.createdAt)",
        ),
    ),
    Migration(
        24,
        "badge templates and on-the-spot requests",
        (
            "CREATE CONSTRAINT badge_template_id IF NOT EXISTS "
            "FOR (n:BadgeTemplate) REQUIRE n.id IS UNIQUE",
            # The client's requestId: a retry finds the request it named (and waits for it).
            "CREATE CONSTRAINT on_the_spot_request_id IF NOT EXISTS "
            "FOR (n:OnTheSpotRequest) REQUIRE n.id IS UNIQUE",
        ),
    ),
    Migration(
        25,
        "proof of presence: claim codes, attendance confirmations",
        (
            "CREATE CONSTRAINT claim_code_id IF NOT EXISTS "
            "FOR (n:ClaimCode) REQUIRE n.id IS UNIQUE",
            # A code is found by its digest, never by its text.
            "CREATE CONSTRAINT claim_code_hash IF NOT EXISTS "
            "FOR (n:ClaimCode) REQUIRE n.codeHash IS UNIQUE",
            "CREATE CONSTRAINT attendance_request_id IF NOT EXISTS "
            "FOR (n:AttendanceRequest) REQUIRE n.id IS UNIQUE",
        ),
    ),
    Migration(
        26,
        "competency frameworks and self-assessment",
        (
            "CREATE CONSTRAINT competency_framework_id IF NOT EXISTS "
            "FOR (f:CompetencyFramework) REQUIRE f.id IS UNIQUE",
            # A framework's name is its competencies' alignment framework: one name, one set.
            "CREATE CONSTRAINT competency_framework_name IF NOT EXISTS "
            "FOR (f:CompetencyFramework) REQUIRE f.name IS UNIQUE",
            # Only a framework's competencies have ids (alignments alone need none).
            "CREATE CONSTRAINT competency_id IF NOT EXISTS "
            "FOR (c:Competency) REQUIRE c.id IS UNIQUE",
        ),
    ),
    Migration(
        27,
        "peer assessment",
        (
            "CREATE CONSTRAINT peer_assignment_id IF NOT EXISTS "
            "FOR (x:PeerAssignment) REQUIRE x.id IS UNIQUE",
            # The sweep: open assignments past their expiry.
            "CREATE INDEX peer_assignment_due IF NOT EXISTS "
            "FOR (x:PeerAssignment) ON (x.status, x.expiresAt)",
            # Submissions waiting for reviewers, and disputes, by state.
            "CREATE INDEX claim_peer_state IF NOT EXISTS FOR (c:Claim) ON (c.peerState)",
            # Classes that take peer-assessed portfolios.
            "CREATE INDEX badge_class_peer_review IF NOT EXISTS "
            "FOR (b:BadgeClass) ON (b.peerReview)",
        ),
    ),
    Migration(
        28,
        "portfolio pages",
        (
            "CREATE CONSTRAINT portfolio_page_id IF NOT EXISTS "
            "FOR (p:PortfolioPage) REQUIRE p.id IS UNIQUE",
        ),
    ),
    Migration(
        29,
        "external credentials and their mappings to local badge classes",
        (
            "CREATE CONSTRAINT external_credential_id IF NOT EXISTS "
            "FOR (x:ExternalCredential) REQUIRE x.id IS UNIQUE",
            # One learner, one copy of a credential: the key is their id with its id.
            "CREATE CONSTRAINT external_credential_holder_key IF NOT EXISTS "
            "FOR (x:ExternalCredential) REQUIRE x.holderKey IS UNIQUE",
            "CREATE CONSTRAINT external_mapping_key IF NOT EXISTS "
            "FOR (m:ExternalMapping) REQUIRE m.key IS UNIQUE",
            "CREATE INDEX external_mapping_achievement IF NOT EXISTS "
            "FOR (m:ExternalMapping) ON (m.issuerId, m.achievementId)",
        ),
    ),
    Migration(
        30,
        "transparency log: its head, leaves by index, hash and subject, nodes, tree heads",
        (
            "CREATE CONSTRAINT transparency_log_id IF NOT EXISTS "
            "FOR (h:TransparencyLog) REQUIRE h.id IS UNIQUE",
            # Gap-free and duplicate-free: a second leaf at an index fails its transaction.
            "CREATE CONSTRAINT log_leaf_index IF NOT EXISTS "
            "FOR (l:LogLeaf) REQUIRE l.index IS UNIQUE",
            "CREATE INDEX log_leaf_hash IF NOT EXISTS FOR (l:LogLeaf) ON (l.hash)",
            "CREATE INDEX log_leaf_subject IF NOT EXISTS FOR (l:LogLeaf) ON (l.subjectId)",
            "CREATE CONSTRAINT log_node_position IF NOT EXISTS "
            "FOR (n:LogNode) REQUIRE (n.level, n.index) IS UNIQUE",
            "CREATE INDEX tree_head_size IF NOT EXISTS FOR (t:TreeHead) ON (t.treeSize)",
            "CREATE INDEX tree_head_timestamp IF NOT EXISTS FOR (t:TreeHead) ON (t.timestamp)",
        ),
    ),
    Migration(
        31,
        "notifications by time, for each replica's one live feed",
        ("CREATE INDEX notification_created IF NOT EXISTS FOR (n:Notification) ON (n.createdAt)",),
    ),
    Migration(
        32,
        "OAuth 2.0 for the OB 3.0 API: clients, grants, codes and tokens",
        (
            "CREATE CONSTRAINT oauth_client_id IF NOT EXISTS "
            "FOR (c:OAuthClient) REQUIRE c.id IS UNIQUE",
            "CREATE CONSTRAINT oauth_grant_id IF NOT EXISTS "
            "FOR (g:OAuthGrant) REQUIRE g.id IS UNIQUE",
            # One grant per learner and client: the key is their ids together.
            "CREATE CONSTRAINT oauth_grant_key IF NOT EXISTS "
            "FOR (g:OAuthGrant) REQUIRE g.key IS UNIQUE",
            # Codes and refresh tokens are found by their digest, never by their text.
            "CREATE CONSTRAINT oauth_code_hash IF NOT EXISTS "
            "FOR (c:OAuthCode) REQUIRE c.hash IS UNIQUE",
            "CREATE CONSTRAINT oauth_token_hash IF NOT EXISTS "
            "FOR (t:OAuthToken) REQUIRE t.hash IS UNIQUE",
            # Revoking a token ends its family (the tokens rotated from one code).
            "CREATE INDEX oauth_token_family IF NOT EXISTS FOR (t:OAuthToken) ON (t.family)",
        ),
    ),
    Migration(
        33,
        "OAuth codes and refresh tokens by expiry, for the worker's pruning",
        (
            "CREATE INDEX oauth_code_expiry IF NOT EXISTS FOR (c:OAuthCode) ON (c.expiresAt)",
            "CREATE INDEX oauth_token_expiry IF NOT EXISTS FOR (t:OAuthToken) ON (t.expiresAt)",
        ),
    ),
    Migration(
        34,
        "badges record whom they were awarded to and whether their class was validated then",
        (
            # As named today: the closest to the award this graph still knows.
            "MATCH (learner:Person)-[:HOLDS]->(a:Assertion) WHERE a.learnerName IS NULL "
            "SET a.learnerName = coalesce(learner.name, '')",
            # Covered only if the class's present validation already stood at the award.
            "MATCH (a:Assertion)-[:OF_BADGE]->(b:BadgeClass) WHERE a.underValidation IS NULL "
            "SET a.underValidation = coalesce(b.validated, false) "
            "AND b.validationChangedAt IS NOT NULL AND b.validationChangedAt <= a.issuedAt",
            # Such a badge keeps the EU elements stated now, whatever a later validation says.
            "MATCH (a:Assertion {underValidation: true})-[:OF_BADGE]->(:BadgeClass)"
            "-[:STATES]->(m:MicroCredential) "
            "WHERE NOT EXISTS { (a)-[:ISSUED_UNDER]->(:MicroCredential) } "
            "CREATE (a)-[:ISSUED_UNDER]->(m)",
        ),
    ),
    Migration(
        35,
        "OAuth token families kept durably, with their end; unused clients pruned",
        (
            "CREATE CONSTRAINT oauth_family_id IF NOT EXISTS "
            "FOR (f:OAuthFamily) REQUIRE f.id IS UNIQUE",
            "CREATE INDEX oauth_family_expiry IF NOT EXISTS FOR (f:OAuthFamily) ON (f.expiresAt)",
            "CREATE INDEX oauth_client_registered IF NOT EXISTS "
            "FOR (c:OAuthClient) ON (c.registeredAt)",
            # A refresh token granted no scope (the blank-scope hole) is no grant at all: its
            # family ends, so the scope-less access tokens it gave stop too (the session feed).
            "MATCH (t:OAuthToken) WHERE trim(coalesce(t.scope, '')) = '' AND t.revokedAt IS NULL "
            "SET t.revokedAt = datetime() "
            "WITH DISTINCT t.family AS family WHERE family IS NOT NULL "
            "CREATE (:Revocation {id: randomUUID(), at: datetime(), family: family})",
            # Families so far lived on their refresh tokens: ended if any was revoked (ending
            # revoked them all); those of codes alone only for their access tokens' lifetime.
            "MATCH (g:OAuthGrant)-[:ISSUED]->(t:OAuthToken) WHERE t.family IS NOT NULL "
            "WITH g, t.family AS family, min(t.issuedAt) AS started, "
            "max(t.expiresAt) AS expires, min(t.revokedAt) AS revoked "
            "MERGE (f:OAuthFamily {id: family}) "
            "ON CREATE SET f.startedAt = started, f.expiresAt = expires, f.endedAt = revoked "
            "MERGE (g)-[:ISSUED]->(f)",
            "MATCH (g:OAuthGrant)-[:ISSUED]->(c:OAuthCode) WHERE c.family IS NOT NULL "
            "MERGE (f:OAuthFamily {id: c.family}) "
            "ON CREATE SET f.startedAt = c.usedAt, f.expiresAt = c.usedAt "
            "MERGE (g)-[:ISSUED]->(f)",
            "MATCH (c:OAuthClient)<-[:TO]-(g:OAuthGrant) WHERE c.lastGrantedAt IS NULL "
            "WITH c, max(g.grantedAt) AS granted SET c.lastGrantedAt = granted",
        ),
    ),
    Migration(
        36,
        "a university's community policy counts only with its recorded consent",
        (
            # Nothing ever recorded consent before: a stray policy is no consent, and is gone
            # so that a policy is present exactly when consent is (graph.recognition).
            "MATCH (u:University) WHERE u.communityPolicyConsentAt IS NULL "
            "AND (u.communityPolicyMinimum IS NOT NULL "
            "OR u.communityPolicyRelationships IS NOT NULL "
            "OR u.communityPolicyRequireOneOf IS NOT NULL) "
            "REMOVE u.communityPolicyMinimum, u.communityPolicyRelationships, "
            "u.communityPolicyRequireOneOf, u.communityPolicyConsentBy",
        ),
    ),
    Migration(
        37,
        "platform admins found without reading every person (kring platform-admin)",
        ("CREATE INDEX person_platform_admin IF NOT EXISTS FOR (n:Person) ON (n.platformAdmin)",),
    ),
    Migration(
        38,
        "the audit trail names a member added by id, never by e-mail address",
        (
            # The trail is read by every member and outlives an erased account: an address
            # in it would survive the erasure (review of 2026-11-30).
            "MATCH (e:AuditEvent {action: 'add_member'}) WHERE e.detail CONTAINS '@' "
            "WITH e, split(e.detail, ' as ') AS parts "
            "WITH e, parts[size(parts) - 1] AS role "
            "WITH e, role, substring(e.detail, 0, size(e.detail) - size(role) - 4) AS address "
            "OPTIONAL MATCH (p:Person {email: address}) "
            "SET e.detail = coalesce(p.id, 'someone') + ' as ' + role",
        ),
    ),
)


class MigrationDrift(RuntimeError):
    """An applied migration no longer matches the code: someone edited history."""


@dataclass(frozen=True)
class AppliedMigration:
    version: int
    name: str
    checksum: str


@reads
async def applied_migrations(tx: AsyncManagedTransaction) -> list[AppliedMigration]:
    result = await tx.run(
        "MATCH (m:Migration) RETURN m.version AS version, m.name AS name, "
        "m.checksum AS checksum ORDER BY m.version"
    )
    return [AppliedMigration(r["version"], r["name"], r["checksum"]) async for r in result]


@writes
async def _record(tx: AsyncManagedTransaction, migration: Migration) -> None:
    await tx.run(
        "MERGE (m:Migration {version: $version}) "
        "ON CREATE SET m.name = $name, m.checksum = $checksum, m.appliedAt = datetime()",
        version=migration.version,
        name=migration.name,
        checksum=migration.checksum,
    )


@writes
async def _schema_statement(tx: AsyncManagedTransaction, statement: str) -> None:
    await (await tx.run(statement)).consume()


@reads
async def _await_indexes(tx: AsyncManagedTransaction) -> None:
    await (await tx.run("CALL db.awaitIndexes(300)")).consume()


async def migrate(graph: Graph, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the missing steps in order; returns the versions applied by this call."""
    applied = {m.version: m for m in await applied_migrations(graph)}
    newly: list[int] = []
    for migration in migrations:
        done = applied.get(migration.version)
        if done is not None:
            if done.checksum != migration.checksum:
                raise MigrationDrift(
                    f"Migration {migration.version} ({migration.name}) was applied with a "
                    "different definition; add a new migration instead of editing it."
                )
            continue
        # Schema changes cannot share a transaction with data writes; each step is
        # idempotent (IF NOT EXISTS), so a crash between statements is safe to re-run.
        for statement in migration.statements:
            await _schema_statement(graph, statement)
        await _record(graph, migration)
        newly.append(migration.version)
        log.info("applied migration", extra={"version": migration.version})
    await _await_indexes(graph)
    return newly


async def is_migrated(graph: Graph, migrations: tuple[Migration, ...] = MIGRATIONS) -> bool:
    applied = {m.version for m in await applied_migrations(graph)}
    return all(m.version in applied for m in migrations)
