"""The Kring GraphQL schema, composed from each domain's queries and mutations."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import strawberry
from graphql import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types.execution import ExecutionContext
from strawberry.types.graphql import OperationType

from graph.core.database import query_only
from server.graphql.badge_classes.mutations import BadgeClassMutations
from server.graphql.badge_classes.queries import BadgeClassQueries
from server.graphql.badge_templates.mutations import BadgeTemplateMutations
from server.graphql.badge_templates.queries import BadgeTemplateQueries
from server.graphql.competencies.mutations import CompetencyMutations
from server.graphql.competencies.queries import CompetencyQueries
from server.graphql.documents import CachedDocuments, DocumentCache
from server.graphql.errors import ErrorCodes, QuietErrorCodes, log_errors
from server.graphql.execution import PlainLeavesFirst
from server.graphql.external_credentials.mutations import ExternalCredentialMutations
from server.graphql.external_credentials.queries import ExternalCredentialQueries
from server.graphql.insights.queries import InsightQueries
from server.graphql.micro_credentials.queries import MicroCredentialQueries
from server.graphql.notifications.mutations import NotificationMutations
from server.graphql.notifications.queries import NotificationQueries
from server.graphql.notifications.subscriptions import NotificationSubscriptions
from server.graphql.oauth.mutations import OauthMutations
from server.graphql.oauth.queries import OauthQueries
from server.graphql.opportunities.mutations import OpportunityMutations
from server.graphql.opportunities.queries import OpportunityQueries
from server.graphql.organisations.mutations import OrganisationMutations
from server.graphql.organisations.queries import OrganisationQueries
from server.graphql.participation.mutations import ParticipationMutations
from server.graphql.participation.queries import ParticipationQueries
from server.graphql.peer_assessment.mutations import PeerAssessmentMutations
from server.graphql.peer_assessment.queries import PeerAssessmentQueries
from server.graphql.people.queries import PeopleQueries
from server.graphql.portfolios.mutations import PortfolioMutations
from server.graphql.portfolios.queries import PortfolioQueries
from server.graphql.presence.mutations import PresenceMutations
from server.graphql.presence.queries import PresenceQueries
from server.graphql.quests.mutations import QuestMutations
from server.graphql.quests.queries import QuestQueries
from server.graphql.recognition.credential_checks import VerificationQueries
from server.graphql.recognition.mutations import RecognitionMutations
from server.graphql.recognition.queries import RecognitionQueries
from server.metrics import Measured


@strawberry.type
class Query(
    OpportunityQueries,
    OrganisationQueries,
    BadgeClassQueries,
    ParticipationQueries,
    RecognitionQueries,
    VerificationQueries,
    NotificationQueries,
    PeopleQueries,
    InsightQueries,
    CompetencyQueries,
    PresenceQueries,
    BadgeTemplateQueries,
    QuestQueries,
    PeerAssessmentQueries,
    PortfolioQueries,
    ExternalCredentialQueries,
    OauthQueries,
    MicroCredentialQueries,
):
    pass


@strawberry.type
class Mutation(
    OrganisationMutations,
    BadgeClassMutations,
    OpportunityMutations,
    ParticipationMutations,
    RecognitionMutations,
    NotificationMutations,
    CompetencyMutations,
    PresenceMutations,
    BadgeTemplateMutations,
    QuestMutations,
    PeerAssessmentMutations,
    PortfolioMutations,
    ExternalCredentialMutations,
    OauthMutations,
):
    pass


@strawberry.type
class Subscription(NotificationSubscriptions):
    pass


class KringSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_errors(errors, execution_context)


class QueriesOnlyRead(SchemaExtension):
    """A query runs with writes refused (graph.core.database.query_only): on a cluster every
    read path must be one a follower can serve, and a write would need the leader."""

    def on_execute(self) -> Iterator[None]:
        if self.execution_context.operation_type is not OperationType.QUERY:
            yield
            return
        token = query_only.set(True)
        try:
            yield
        finally:
            query_only.reset(token)


def build_schema(
    max_depth: int = 12,
    max_aliases: int = 20,
    max_tokens: int = 4000,
    *,
    introspection: bool = True,
    documents: DocumentCache | None = None,
) -> KringSchema:
    """The schema with its limits; `documents` keeps parsed and validated documents."""
    cache = documents if documents is not None else DocumentCache(0)
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        Measured,  # first: it sees the whole operation and the errors as shaped below
        lambda: CachedDocuments(cache),
        QueriesOnlyRead,
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        ErrorCodes if introspection else QuietErrorCodes,
    ]
    if not introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return KringSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        execution_context_class=PlainLeavesFirst,
    )
