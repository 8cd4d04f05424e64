"""The graph's vocabularies exposed as GraphQL enums."""

from __future__ import annotations

import strawberry

from graph import vocabulary

Domain = strawberry.enum(vocabulary.Domain, description="A Gentlestudent learning domain.")
Level = strawberry.enum(vocabulary.Level, description="Beginner (1), intermediate (2), expert (3).")
OpportunityStatus = strawberry.enum(vocabulary.OpportunityStatus)
Role = strawberry.enum(vocabulary.Role)
