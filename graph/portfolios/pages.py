"""Portfolio pages: a learner's own story, told with items chosen from their own record.

`(:Person)-[:COMPOSED]->(:PortfolioPage)-[:HAS_ITEM {position, caption}]->(item)`, where an
item is one of the learner's badges (`:Assertion`), claims, evidence items of their claims,
or external credentials. The item is the record itself, never a copy: when it is deleted its
`HAS_ITEM` goes with it, and every read keeps only items the learner still holds.

Who sees what (decided): the learner sees their whole page. A visitor sees a page only when
it is PUBLIC, or LINK and they present its secret; and then only the items that are at least
as visible as the page itself, by the learner's own choice for each badge or claim (a
PRIVATE badge never shows on a public page; on a LINK page badges shared by link show too).
Evidence follows its claim. External credentials have no visibility of their own: putting one
on a page is the choice.
"""

from __future__ import annotations

import enum
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Final

from neo4j import AsyncManagedTransaction

from graph.core.access import Guard, Standing
from graph.core.cypher import rows, single
from graph.core.errors import Conflict, NotFound
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Visibility

MAX_PAGES: Final = 20
MAX_ITEMS: Final = 50
MAX_TITLE: Final = 120
MAX_NARRATIVE: Final = 10_000
MAX_CAPTION: Final = 280


class ItemKind(enum.StrEnum):
    """What an item of a page is: one of the learner's badges, claims, evidence items of
    their claims, or credentials imported from elsewhere."""

    BADGE = "BADGE"
    CLAIM = "CLAIM"
    EVIDENCE = "EVIDENCE"
    EXTERNAL = "EXTERNAL"


KINDS: Final = tuple(ItemKind)


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    id: str  # the badge's, claim's, evidence item's or external credential's own id
    caption: str
    name: str
    issuer_name: str | None
    status: str | None  # a badge's ACTIVE/REVOKED/EXPIRED, a claim's state, an external's
    at: datetime | None  # issued, claimed, added or verified
    detail: str  # a claim's narrative, an evidence item's description
    url: str | None  # an evidence link
    visibility: Visibility | None  # None: no choice of its own (external credentials)
    revocation_reason: str | None = None


@dataclass(frozen=True)
class Page:
    id: str
    learner_id: str
    learner_name: str
    title: str
    narrative: str
    visibility: Visibility
    share_token: str | None
    created_at: datetime
    updated_at: datetime
    items: tuple[Item, ...]


@dataclass(frozen=True)
class NewItem:
    kind: ItemKind
    id: str
    caption: str = ""


def shown_to_visitors(item: Item, page_visibility: Visibility) -> bool:
    """Whether a visitor of a page this visible may see the item (see the module's rule)."""
    if page_visibility == Visibility.PRIVATE:
        return False
    if item.visibility is None:
        return True
    if page_visibility == Visibility.PUBLIC:
        return item.visibility == Visibility.PUBLIC
    return item.visibility in (Visibility.LINK, Visibility.PUBLIC)


def as_visitor_sees(page: Page) -> Page:
    """The page without what a visitor may not see: its secret and the items kept back."""
    items = tuple(i for i in page.items if shown_to_visitors(i, page.visibility))
    return replace(page, share_token=None, items=items)


# One item as the page shows it; `t` is the item, `r` its HAS_ITEM (or null), `me` its learner.
ITEM = """
CASE
  WHEN t:Assertion THEN {
    kind: 'BADGE', id: t.id, caption: r.caption,
    name: [(t)-[:OF_BADGE]->(b:BadgeClass) | b.name][0],
    issuerName: [(t)-[:OF_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(i) | i.name][0],
    status: CASE WHEN t.revokedAt IS NOT NULL THEN 'REVOKED'
                 WHEN t.expiresAt IS NOT NULL AND t.expiresAt <= datetime() THEN 'EXPIRED'
                 ELSE 'ACTIVE' END,
    at: t.issuedAt, detail: '', url: null, visibility: coalesce(t.visibility, 'PRIVATE'),
    revocationReason: t.revocationReason }
  WHEN t:Claim THEN {
    kind: 'CLAIM', id: t.id, caption: r.caption,
    name: coalesce(t.title, [(t)-[:FOR_BADGE]->(b:BadgeClass) | b.name][0], ''),
    issuerName: [(t)-[:FOR_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(i) | i.name][0],
    status: t.status, at: t.createdAt, detail: coalesce(t.narrative, ''), url: null,
    visibility: coalesce(t.visibility, 'PRIVATE') }
  WHEN t:Evidence THEN {
    kind: 'EVIDENCE', id: t.id, caption: r.caption, name: t.name,
    issuerName: null, status: null, at: t.addedAt, detail: coalesce(t.description, ''),
    url: CASE WHEN t.kind = 'URL' THEN t.url END,
    visibility: [(c:Claim)-[:HAS_EVIDENCE]->(t) | coalesce(c.visibility, 'PRIVATE')][0] }
  ELSE {
    kind: 'EXTERNAL', id: t.id, caption: r.caption, name: t.name,
    issuerName: t.issuerName, status: t.status, at: t.verifiedAt, detail: '', url: null,
    visibility: null }
END
"""

# Only what the learner still holds: a badge revoked stays theirs (shown as revoked).
OWNED = """
((t:Assertion AND EXISTS { (me)-[:HOLDS]->(t) })
 OR (t:Claim AND EXISTS { (me)-[:CLAIMED]->(t) })
 OR (t:Evidence AND EXISTS { (me)-[:CLAIMED]->(:Claim)-[:HAS_EVIDENCE]->(t) })
 OR (t:ExternalCredential AND EXISTS { (me)-[:HOLDS_EXTERNAL]->(t) }))
"""

PAGE_FIELDS = (
    """
WITH me, p ORDER BY p.updatedAt DESC, p.id
RETURN p { .id, .title, .narrative, .visibility, .shareToken, .createdAt, .updatedAt,
           learnerId: me.id, learnerName: me.name } AS page,
       COLLECT {
         MATCH (p)-[r:HAS_ITEM]->(t)
         WHERE """
    + OWNED
    + """
         WITH me, r, t ORDER BY r.position
         RETURN """
    + ITEM
    + """
       } AS items
"""
)

BY_ID = (
    """
MATCH (p:PortfolioPage {id: $id})<-[:COMPOSED]-(me:Person)
USING INDEX SEEK p:PortfolioPage(id)
WHERE me.deletedAt IS NULL
"""
    + PAGE_FIELDS
)

OF_LEARNER = (
    """
MATCH (me:Person {id: $learner})-[:COMPOSED]->(p:PortfolioPage)
// Pinned: on a graph of few pages the planner may start elsewhere (CI, once).
USING INDEX SEEK me:Person(id)
"""
    + PAGE_FIELDS
)

CHOICES = (
    """
MATCH (me:Person {id: $learner})
CALL (me) {
  MATCH (me)-[:HOLDS]->(t:Assertion) RETURN t
  UNION
  MATCH (me)-[:CLAIMED]->(t:Claim) RETURN t
  UNION
  MATCH (me)-[:CLAIMED]->(:Claim)-[:HAS_EVIDENCE]->(t:Evidence) RETURN t
  UNION
  MATCH (me)-[:HOLDS_EXTERNAL]->(t:ExternalCredential) RETURN t
}
WITH me, t, null AS r
RETURN """
    + ITEM
    + """ AS item
"""
)


def _when(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def item_from(i: dict[str, Any]) -> Item:
    return Item(
        kind=ItemKind(i["kind"]),
        id=i["id"],
        caption=i["caption"] or "",
        name=i["name"] or "",
        issuer_name=i["issuerName"],
        status=i["status"],
        at=_when(i["at"]),
        detail=i["detail"] or "",
        url=i["url"],
        visibility=Visibility(i["visibility"]) if i["visibility"] else None,
        revocation_reason=i.get("revocationReason"),
    )


def page_from(record: Any) -> Page:
    p = record["page"]
    created = _when(p["createdAt"])
    updated = _when(p["updatedAt"])
    assert created is not None
    assert updated is not None
    return Page(
        id=p["id"],
        learner_id=p["learnerId"],
        learner_name=p["learnerName"] or "",
        title=p["title"],
        narrative=p["narrative"] or "",
        visibility=Visibility(p["visibility"]),
        share_token=p["shareToken"],
        created_at=created,
        updated_at=updated,
        items=tuple(item_from(i) for i in record["items"]),
    )


@reads
async def page_by_id(tx: AsyncManagedTransaction, page_id: str) -> Page | None:
    """The whole page as its learner sees it; callers decide who else may (see `can_see`)."""
    record = await single(tx, BY_ID, id=page_id)
    return page_from(record) if record else None


@reads
async def pages_of(tx: AsyncManagedTransaction, learner_id: str) -> list[Page]:
    """The learner's pages, last changed first."""
    return [page_from(r) for r in await rows(tx, OF_LEARNER, learner=learner_id)]


@reads
async def choices(tx: AsyncManagedTransaction, learner_id: str) -> list[Item]:
    """Everything of the learner's own record that may go on a page."""
    found = [item_from(r["item"]) for r in await rows(tx, CHOICES, learner=learner_id)]
    return sorted(found, key=lambda i: (KINDS.index(i.kind), i.name.lower(), i.id))


# --- writing -----------------------------------------------------------------------------------

# Takes the learner's lock: two creations at once are counted one after the other.
LOCK_LEARNER = """
MATCH (me:Person {id: $learner}) WHERE me.deletedAt IS NULL
SET me.portfolioVersion = coalesce(me.portfolioVersion, 0) + 1
RETURN COUNT { (me)-[:COMPOSED]->(:PortfolioPage) } AS pages
"""
CREATE = """
MATCH (me:Person {id: $learner})
CREATE (me)-[:COMPOSED]->(p:PortfolioPage {
  id: $id, title: $title, narrative: $narrative, visibility: 'PRIVATE', shareToken: null,
  createdAt: datetime(), updatedAt: datetime(), version: 0
})
"""
LOCK_PAGE = """
MATCH (me:Person {id: $learner})-[:COMPOSED]->(p:PortfolioPage {id: $id})
SET p.version = p.version + 1
RETURN p.visibility AS visibility
"""
UPDATE = """
MATCH (p:PortfolioPage {id: $id})
SET p.title = $title, p.narrative = $narrative, p.updatedAt = datetime()
WITH p
OPTIONAL MATCH (p)-[old:HAS_ITEM]->()
DELETE old
"""
# Each item must be the learner's own, by its kind; a count short of the list means one was
# not (or does not exist), and the whole change is rolled back.
ADD_ITEMS = """
MATCH (me:Person {id: $learner})-[:COMPOSED]->(p:PortfolioPage {id: $id})
UNWIND $items AS item
CALL (me, item) {
  MATCH (me)-[:HOLDS]->(t:Assertion {id: item.id}) WHERE item.kind = 'BADGE' RETURN t
  UNION
  MATCH (me)-[:CLAIMED]->(t:Claim {id: item.id}) WHERE item.kind = 'CLAIM' RETURN t
  UNION
  MATCH (me)-[:CLAIMED]->(:Claim)-[:HAS_EVIDENCE]->(t:Evidence {id: item.id})
  WHERE item.kind = 'EVIDENCE' RETURN t
  UNION
  MATCH (me)-[:HOLDS_EXTERNAL]->(t:ExternalCredential {id: item.id})
  WHERE item.kind = 'EXTERNAL' RETURN t
}
CREATE (p)-[:HAS_ITEM {position: item.position, caption: item.caption}]->(t)
RETURN count(*) AS added
"""
SET_VISIBILITY = """
MATCH (p:PortfolioPage {id: $id})
SET p.visibility = $visibility, p.updatedAt = datetime(),
    p.shareToken = CASE WHEN $visibility = 'PRIVATE' THEN null
                        WHEN $rotate THEN $token
                        ELSE coalesce(p.shareToken, $token) END
"""
DELETE = """
MATCH (:Person {id: $learner})-[:COMPOSED]->(p:PortfolioPage {id: $id})
DETACH DELETE p
RETURN count(*) AS deleted
"""


def _new_token() -> str:
    return secrets.token_urlsafe(24)


async def _lock(tx: AsyncManagedTransaction, learner_id: str, guard: Guard, page_id: str) -> str:
    """Lock the learner's own page; someone else's looks exactly like a missing one."""
    facts = await single(tx, LOCK_PAGE, learner=learner_id, id=page_id)
    if facts is None:
        raise NotFound("No such page.", field="id")
    guard(Standing(actor_id=learner_id, is_owner=True))
    return str(facts["visibility"])


async def _set_items(
    tx: AsyncManagedTransaction, learner_id: str, page_id: str, items: list[NewItem]
) -> None:
    if not items:
        return
    added = await single(
        tx,
        ADD_ITEMS,
        learner=learner_id,
        id=page_id,
        items=[
            {"kind": i.kind.value, "id": i.id, "caption": i.caption, "position": n}
            for n, i in enumerate(items)
        ],
    )
    if added is None or added["added"] != len(items):
        raise NotFound("Only your own badges, claims, evidence and credentials.", field="items")


async def _read(tx: AsyncManagedTransaction, page_id: str) -> Page:
    record = await single(tx, BY_ID, id=page_id)
    assert record is not None
    return page_from(record)


@writes
async def create(
    tx: AsyncManagedTransaction,
    learner_id: str,
    guard: Guard,
    title: str,
    narrative: str,
    items: list[NewItem],
) -> Page:
    """A new PRIVATE page with its items in order."""
    facts = await single(tx, LOCK_LEARNER, learner=learner_id)
    if facts is None:
        raise NotFound("No such person.")
    guard(Standing(actor_id=learner_id, is_owner=True))
    if facts["pages"] >= MAX_PAGES:
        raise Conflict(f"You have {MAX_PAGES} pages already; delete one first.")
    page_id = str(uuid.uuid4())
    await (
        await tx.run(CREATE, learner=learner_id, id=page_id, title=title, narrative=narrative)
    ).consume()
    await _set_items(tx, learner_id, page_id, items)
    return await _read(tx, page_id)


@writes
async def update(
    tx: AsyncManagedTransaction,
    learner_id: str,
    guard: Guard,
    page_id: str,
    title: str,
    narrative: str,
    items: list[NewItem],
) -> Page:
    """Replace the page's words and its items (added, removed, reordered, captioned)."""
    await _lock(tx, learner_id, guard, page_id)
    await (await tx.run(UPDATE, id=page_id, title=title, narrative=narrative)).consume()
    await _set_items(tx, learner_id, page_id, items)
    return await _read(tx, page_id)


@writes
async def set_visibility(
    tx: AsyncManagedTransaction,
    learner_id: str,
    guard: Guard,
    page_id: str,
    visibility: Visibility,
    *,
    rotate: bool = False,
) -> Page:
    """Share the page by link or publicly, or keep it private (which retires its link);
    `rotate` gives a page shared by link a new secret, so the old link stops working."""
    current = await _lock(tx, learner_id, guard, page_id)
    if rotate and visibility != Visibility.LINK:
        raise Conflict("Only a page shared by link has a link to renew.")
    if rotate and current != Visibility.LINK:
        raise Conflict("This page is not shared by link.")
    await (
        await tx.run(
            SET_VISIBILITY,
            id=page_id,
            visibility=visibility.value,
            rotate=rotate,
            token=_new_token(),
        )
    ).consume()
    return await _read(tx, page_id)


@writes
async def delete(tx: AsyncManagedTransaction, learner_id: str, guard: Guard, page_id: str) -> None:
    """Delete one of the learner's pages (the items themselves stay in their record)."""
    await _lock(tx, learner_id, guard, page_id)
    await (await tx.run(DELETE, learner=learner_id, id=page_id)).consume()


EXTERNAL_DOCUMENTS = """
MATCH (:Person {id: $learner})-[:HOLDS_EXTERNAL]->(x:ExternalCredential)
WHERE x.id IN $ids
RETURN x.id AS id, x.document AS document
"""


@reads
async def external_documents(
    tx: AsyncManagedTransaction, learner_id: str, ids: list[str]
) -> list[str | None]:
    """The original documents of the learner's imported credentials among `ids`, in order."""
    found = {
        r["id"]: r["document"]
        for r in await rows(tx, EXTERNAL_DOCUMENTS, learner=learner_id, ids=ids)
    }
    return [found.get(i) for i in ids]
