"""Quest mutations: each one graph transaction under the quest's lock."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.core.errors import NotFound
from graph.core.vocabulary import Relationship
from graph.organisations import organisations as organisation_model
from graph.quests import helping_hand
from graph.quests import quests as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.organisations.types import University
from server.graphql.quests.inputs import PostQuestInput
from server.graphql.quests.types import Quest


def _quest_id(value: str) -> str:
    return check.entity_id(value, "questId")


@strawberry.type
class QuestMutations:
    @strawberry.mutation(
        description="Ask for help in a university network that enabled Helping hand; at most "
        f"{model.POSTS_PER_DAY} a day."
    )
    async def post_quest(self, info: Info, input: PostQuestInput) -> Quest:
        actor = info.context.require_caller().person_id
        data = input.to_model()
        made = await model.post(info.context.graph, actor, require(Permission.QUEST_POST), data)
        return Quest.from_model(made)

    @strawberry.mutation(
        description="Offer to help on someone else's open quest (once; not on your own)."
    )
    async def offer_help(self, info: Info, quest_id: strawberry.ID, message: str = "") -> Quest:
        actor = info.context.require_caller().person_id
        changed = await model.offer_help(
            info.context.graph,
            actor,
            require(Permission.QUEST_OFFER),
            _quest_id(quest_id),
            check.text(message, "message", max_length=1000, required=False),
        )
        return Quest.from_model(changed)

    @strawberry.mutation(
        description="Withdraw your offer; the accepted helper withdrawing reopens the quest."
    )
    async def withdraw_offer(self, info: Info, quest_id: strawberry.ID) -> Quest:
        actor = info.context.require_caller().person_id
        changed = await model.withdraw_offer(
            info.context.graph, actor, require(Permission.QUEST_POST), _quest_id(quest_id)
        )
        return Quest.from_model(changed)

    @strawberry.mutation(
        description="The giver accepts one pending offer; the others are declined and told. "
        "Of two accepts at once exactly one wins."
    )
    async def accept_helper(
        self, info: Info, quest_id: strawberry.ID, offer_id: strawberry.ID
    ) -> Quest:
        actor = info.context.require_caller().person_id
        changed = await model.accept_helper(
            info.context.graph,
            actor,
            require(Permission.QUEST_MANAGE),
            _quest_id(quest_id),
            check.entity_id(offer_id, "offerId"),
        )
        return Quest.from_model(changed)

    @strawberry.mutation(
        description="The giver marks an accepted quest done with a testimonial: the helper's "
        "claim on the domain's Helping hand badge is created and endorsed by it (PEER or "
        "OTHER), in one step."
    )
    async def complete_quest(
        self,
        info: Info,
        quest_id: strawberry.ID,
        testimonial: str,
        relationship: Relationship = Relationship.PEER,
    ) -> Quest:
        actor = info.context.require_caller().person_id
        changed = await helping_hand.complete(
            info.context.graph,
            actor,
            require(Permission.QUEST_MANAGE),
            _quest_id(quest_id),
            check.text(testimonial, "testimonial", max_length=2000),
            relationship,
        )
        return Quest.from_model(changed)

    @strawberry.mutation(description="The giver withdraws the quest.")
    async def close_quest(self, info: Info, quest_id: strawberry.ID) -> Quest:
        actor = info.context.require_caller().person_id
        changed = await model.close(
            info.context.graph, actor, require(Permission.QUEST_MANAGE), _quest_id(quest_id)
        )
        return Quest.from_model(changed)

    @strawberry.mutation(
        description="Report a quest (anyone signed in but its giver): it is hidden at once "
        "until a moderator of its university looks at it."
    )
    async def report_quest(self, info: Info, quest_id: strawberry.ID, reason: str) -> bool:
        actor = info.context.require_caller().person_id
        return await model.report(
            info.context.graph,
            actor,
            require(Permission.QUEST_REPORT),
            _quest_id(quest_id),
            check.text(reason, "reason", max_length=1000),
        )

    @strawberry.mutation(
        description="A moderator of the quest's university restores a reported quest to OPEN, "
        "or closes it."
    )
    async def review_reported_quest(
        self, info: Info, quest_id: strawberry.ID, restore: bool
    ) -> Quest:
        actor = info.context.require_caller().person_id
        changed = await model.review(
            info.context.graph,
            actor,
            require(Permission.QUEST_MODERATE),
            _quest_id(quest_id),
            restore,
        )
        return Quest.from_model(changed)

    @strawberry.mutation(
        description="A MODERATOR or CURATOR of the university gives its consent in advance to "
        "recognise quests: creates its Helping hand badge classes (once)."
    )
    async def enable_helping_hand(self, info: Info, university_id: strawberry.ID) -> University:
        actor = info.context.require_caller().person_id
        key = await helping_hand.enable(
            info.context.graph,
            actor,
            require(Permission.HELPING_HAND_ENABLE),
            check.entity_id(university_id, "universityId"),
            info.context.embedder,
        )
        found = await organisation_model.university_by_id(info.context.graph, key)
        if found is None:
            raise NotFound("No such university.", field="universityId")
        return University.from_model(found)
