"""What a learner sends to compose a portfolio page."""

from __future__ import annotations

import strawberry

from graph.core.errors import BadUserInput
from graph.portfolios import pages as model
from server.graphql import validation as check


@strawberry.input(description="One item chosen from your own record, with a short caption.")
class PortfolioItemInput:
    kind: model.ItemKind
    id: strawberry.ID
    caption: str = ""


@strawberry.input(description="A page's words and its items, in the order they are shown.")
class PortfolioPageInput:
    title: str
    narrative: str = ""
    items: list[PortfolioItemInput] = strawberry.field(default_factory=list)

    def parsed(self) -> tuple[str, str, list[model.NewItem]]:
        title = check.text(self.title, "title", max_length=model.MAX_TITLE)
        # Paragraphs are kept; a browser's CRLF is one line break.
        narrative = check.text(
            self.narrative.replace("\r\n", "\n"),
            "narrative",
            max_length=model.MAX_NARRATIVE,
            required=False,
        )
        if len(self.items) > model.MAX_ITEMS:
            raise BadUserInput(f"At most {model.MAX_ITEMS} items on a page.", field="items")
        items: list[model.NewItem] = []
        seen: set[tuple[str, str]] = set()
        for n, item in enumerate(self.items):
            key = check.entity_id(item.id, f"items.{n}.id")
            if (item.kind, key) in seen:
                raise BadUserInput("An item is on the page twice.", field=f"items.{n}.id")
            seen.add((item.kind, key))
            caption = check.text(
                item.caption, f"items.{n}.caption", max_length=model.MAX_CAPTION, required=False
            )
            items.append(model.NewItem(item.kind, key, caption))
        return title, narrative, items
