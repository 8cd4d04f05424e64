"""Composing portfolio pages: each mutation one transaction under the page's lock."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.portfolios import pages as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.enums import Visibility
from server.graphql.portfolios.inputs import PortfolioPageInput
from server.graphql.portfolios.types import PortfolioPage

GUARD = require(Permission.PORTFOLIO_MANAGE)


@strawberry.type
class PortfolioMutations:
    @strawberry.mutation(
        description=f"Start a portfolio page (private; at most {model.MAX_PAGES} pages, "
        f"{model.MAX_ITEMS} items each, only items of your own record)."
    )
    async def create_portfolio_page(self, info: Info, input: PortfolioPageInput) -> PortfolioPage:
        learner = info.context.require_caller().person_id
        title, narrative, items = input.parsed()
        page = await model.create(info.context.graph, learner, GUARD, title, narrative, items)
        return PortfolioPage.from_model(page, mine=True)

    @strawberry.mutation(
        description="Change your page's title, narrative and items: the list given replaces "
        "the page's (adding, removing, reordering and captioning in one go)."
    )
    async def update_portfolio_page(
        self, info: Info, id: strawberry.ID, input: PortfolioPageInput
    ) -> PortfolioPage:
        learner = info.context.require_caller().person_id
        key = check.entity_id(id)
        title, narrative, items = input.parsed()
        page = await model.update(info.context.graph, learner, GUARD, key, title, narrative, items)
        return PortfolioPage.from_model(page, mine=True)

    @strawberry.mutation(
        description="Who may see your page: only you, anyone with its link, or everyone. "
        "`rotateLink` gives a page shared by link a new link; the old one stops working."
    )
    async def set_portfolio_page_visibility(
        self, info: Info, id: strawberry.ID, visibility: Visibility, rotate_link: bool = False
    ) -> PortfolioPage:
        learner = info.context.require_caller().person_id
        page = await model.set_visibility(
            info.context.graph,
            learner,
            GUARD,
            check.entity_id(id),
            visibility,
            rotate=rotate_link,
        )
        return PortfolioPage.from_model(page, mine=True)

    @strawberry.mutation(description="Delete your page; its items stay in your record.")
    async def delete_portfolio_page(self, info: Info, id: strawberry.ID) -> bool:
        learner = info.context.require_caller().person_id
        await model.delete(info.context.graph, learner, GUARD, check.entity_id(id))
        return True
