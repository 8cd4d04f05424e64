"""The demo's event is ready for check-in today, and its claim code hands out a badge."""

from __future__ import annotations

from datetime import UTC, datetime

from auth.permissions import Permission, require
from deploy.demo import ATTENDEES, DEMO_CLAIM_CODE, EMAIL_DOMAIN, KROOK, demo_id, seed_demo
from graph.core.database import Graph
from graph.presence import check_in, claim_codes
from tests.helpers import run

SECRET = b"demo-test-secret"


async def test_the_demo_event_takes_check_ins_and_its_claim_code_works(clean_graph: Graph) -> None:
    await seed_demo(clean_graph)
    event = demo_id("opportunity", "presence:help-desk-today")
    accepted = await run(
        clean_graph,
        "MATCH (p:Person)-[:APPLIED]->(a:Application {status: 'ACCEPTED'})-[:FOR]->"
        "(:Opportunity {id: $id, status: 'PUBLISHED'}) RETURN p.id AS id ORDER BY p.email",
        id=event,
    )
    assert len(accepted) == ATTENDEES
    code = check_in.code_for(SECRET, event, check_in.window_of(datetime.now(UTC)))
    done = await check_in.check_in(
        clean_graph,
        accepted[0]["id"],
        require(Permission.CHECK_IN_ATTEND),
        event,
        code,
        None,
        SECRET,
    )
    assert done.first
    # The supervisor confirms everyone who checked in: the one attendee.
    supervisor = await run(
        clean_graph,
        "MATCH (p:Person {email: $email}) RETURN p.id AS id",
        email=f"supervisor-{KROOK}@{EMAIL_DOMAIN}",
    )
    report = await check_in.confirm_attendance(
        clean_graph,
        supervisor[0]["id"],
        require(Permission.APPLICATION_DECIDE),
        event,
        "0e1c7f1a-4a55-4f63-9d0c-1b2a3c4d5e6f",
    )
    assert [(i.application_id, i.ok) for i in report.items] == [(done.application_id, True)]
    visitor = demo_id("person", "visitor01")
    redeemed = await claim_codes.redeem(
        clean_graph, visitor, require(Permission.CLAIM_CODE_REDEEM), DEMO_CLAIM_CODE
    )
    assert redeemed.badge_name.startswith("Digital Literacy Beginner")
    # Loading again keeps the check-in and the use.
    await seed_demo(clean_graph)
    kept = await run(
        clean_graph,
        "MATCH (a:Application {id: $a}) MATCH (cc:ClaimCode {id: $c}) "
        "RETURN a.attendedAt IS NOT NULL AS attended, cc.uses AS uses",
        a=done.application_id,
        c=demo_id("claim-code", "krook-stand"),
    )
    assert kept == [{"attended": True, "uses": 1}]
