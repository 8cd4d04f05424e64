"""Reading portfolio pages: your own in full, anyone's as far as they shared it."""

from __future__ import annotations

import re
from typing import Final

import strawberry

from auth.permissions import can_see_badge
from graph.core.errors import BadUserInput
from graph.portfolios import pages as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.enums import Visibility
from server.graphql.portfolios.types import PortfolioItem, PortfolioPage

# A link's secret as graph.portfolios.pages makes it (token_urlsafe), with room to spare.
SECRET: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")


@strawberry.type
class PortfolioQueries:
    @strawberry.field(description="Your portfolio pages, last changed first.")
    async def my_portfolio_pages(self, info: Info) -> list[PortfolioPage]:
        learner = info.context.require_caller().person_id
        found = await model.pages_of(info.context.graph, learner)
        return [PortfolioPage.from_model(p, mine=True) for p in found]

    @strawberry.field(
        description="What of your own record can go on a page: badges, claims, evidence of "
        "your claims, and imported credentials."
    )
    async def my_portfolio_choices(self, info: Info) -> list[PortfolioItem]:
        learner = info.context.require_caller().person_id
        found = await model.choices(info.context.graph, learner)
        return [PortfolioItem.from_model(i, Visibility.PRIVATE) for i in found]

    @strawberry.field(
        description="A portfolio page: its learner sees all of it; anyone else sees a PUBLIC "
        "page, or a LINK page with its `token`, without the items kept more private; "
        "otherwise null, as for a page that does not exist."
    )
    async def portfolio_page(
        self, info: Info, id: strawberry.ID, token: str | None = None
    ) -> PortfolioPage | None:
        key = check.entity_id(id)
        secret = token or None
        if secret is not None and SECRET.fullmatch(secret) is None:
            raise BadUserInput("That is not a page link's secret.", field="token")
        page = await model.page_by_id(info.context.graph, key)
        if page is None:
            return None
        mine = info.context.actor_id == page.learner_id
        if not can_see_badge(mine, page.visibility, page.share_token, secret):
            return None
        return PortfolioPage.from_model(page, mine=mine)
