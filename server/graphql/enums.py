"""The graph's vocabularies exposed as GraphQL enums (registered on the same classes)."""

from __future__ import annotations

import strawberry

from graph.core import vocabulary

Domain = vocabulary.Domain
Level = vocabulary.Level
OpportunityStatus = vocabulary.OpportunityStatus
OrganisationStatus = vocabulary.OrganisationStatus
ApplicationStatus = vocabulary.ApplicationStatus
Relationship = vocabulary.Relationship
Role = vocabulary.Role
Visibility = vocabulary.Visibility
Tier = vocabulary.Tier
ClaimKind = vocabulary.ClaimKind
ClaimStatus = vocabulary.ClaimStatus
ClaimMessageKind = vocabulary.ClaimMessageKind
FlagReason = vocabulary.FlagReason
Consent = vocabulary.Consent

strawberry.enum(Domain, description="A Gentlestudent learning domain.")
strawberry.enum(Level, description="Beginner (1), intermediate (2), expert (3).")
strawberry.enum(OpportunityStatus)
strawberry.enum(OrganisationStatus)
strawberry.enum(ApplicationStatus)
strawberry.enum(Relationship, description="Who an endorser is to the learner.")
strawberry.enum(Role)
strawberry.enum(Visibility, description="Who may see a claim or badge.")
strawberry.enum(Tier, description="Self-asserted, community (university-branded) or official.")
strawberry.enum(ClaimKind)
strawberry.enum(
    ClaimStatus,
    description="OPEN (collecting endorsements), IN_REVIEW (the issuer decides), RETURNED "
    "(revise and resubmit), ISSUED, DECLINED or WITHDRAWN.",
)
strawberry.enum(ClaimMessageKind, description="What an entry in a claim's conversation is.")
strawberry.enum(FlagReason, description="Why an endorsement waits for a curator.")
strawberry.enum(Consent, description="How the issuer agreed to a badge signed with its key.")
