"""Issuing on the spot: who may, for which issuer, to whom; the badge, its endorsement and
rubric; curation to OFFICIAL; verification."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.credential_world import verify_report
from tests.factories import make_organisation, make_person, make_world
from tests.helpers import error_codes, gql, inbox, kinds, run
from tests.on_the_spot_steps import create_template, issue, issue_input

ASSERTION = (
    "query($id: ID!) { assertion(id: $id) { tier consent badgeClassId badgeClassName "
    "universityName claimId } }"
)
CLAIM = (
    "query($id: ID!) { claim(id: $id) { kind status title "
    "endorsements { endorserName relationship testimonial assessment { level } } } }"
)
BADGE_CLASS = (
    "query($id: ID!) { badgeClass(id: $id) { name issuer { id kind } officiallyValidated "
    "brandUniversity rubric { name minimumLevel } } }"
)


async def test_a_teacher_issues_community_badges_on_the_spot(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    request = issue_input(
        template,
        world.university,
        ["learner@world.example", "Owner@World.example"],
        name="Fixed lamps at the repair café",
    )
    body = await issue(client, teacher, request)
    assert "errors" not in body, body
    report = body["data"]["issueOnTheSpot"]
    assert [(b["email"], b["learnerId"]) for b in report["badges"]] == [
        ("learner@world.example", world.people["learner"]),
        ("owner@world.example", world.people["owner"]),
    ]
    learner = token_for(world.people["learner"])
    badge = (
        await gql(client, ASSERTION, {"id": report["badges"][0]["assertionId"]}, token=learner)
    )["data"]["assertion"]
    assert badge["tier"] == "COMMUNITY"
    assert badge["consent"] == "ON_THE_SPOT"
    assert badge["badgeClassId"] == report["badgeClassId"]
    assert badge["badgeClassName"] == "Fixed lamps at the repair café"
    assert badge["universityName"] == "Hogeschool Test"
    claim = (await gql(client, CLAIM, {"id": badge["claimId"]}, token=learner))["data"]["claim"]
    assert (claim["kind"], claim["status"]) == ("ON_THE_SPOT", "ISSUED")
    assert claim["endorsements"] == [
        {
            "endorserName": "teacher",
            "relationship": "TEACHER",
            "testimonial": request["observation"],
            "assessment": [{"level": 3}, {"level": 2}],
        }
    ]
    made = (await gql(client, BADGE_CLASS, {"id": report["badgeClassId"]}, token=learner))["data"][
        "badgeClass"
    ]
    assert made["issuer"] == {"id": world.university, "kind": "University"}
    assert made["brandUniversity"] == "Hogeschool Test"
    assert [k["name"] for k in made["rubric"]] == ["Listening", "Fixing"]
    assert made["officiallyValidated"] is False
    # Who decided is on every badge, and in the audit trail.
    decided = await run(
        clean_graph,
        "MATCH (:BadgeClass {id: $b})<-[:OF_BADGE]-(a:Assertion) "
        "RETURN a.approvedBy AS by, a.consent AS consent",
        b=report["badgeClassId"],
    )
    assert decided == [{"by": world.people["teacher"], "consent": "ON_THE_SPOT"}] * 2
    assert "BADGE_ISSUED" in kinds(await inbox(client, learner))

    # The hosted credential verifies like any other badge, and names the staff's observation.
    response = await client.get(
        f"/credentials/{report['badges'][0]['assertionId']}",
        headers={"authorization": f"Bearer {learner}"},
    )
    assert response.status_code == 200, response.text
    verdict = await verify_report(client, response.json())
    assert (verdict["verdict"], verdict["tier"]) == ("valid", "COMMUNITY")


async def test_curators_see_the_class_in_their_queue_and_may_make_it_official(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    template = await create_template(client, curator, world.university)
    body = await issue(
        client,
        token_for(world.people["org_supervisor"]),
        issue_input(template, world.organisation, ["learner@world.example"]),
    )
    report = body["data"]["issueOnTheSpot"]
    learner = token_for(world.people["learner"])
    made = (await gql(client, BADGE_CLASS, {"id": report["badgeClassId"]}, token=learner))["data"][
        "badgeClass"
    ]
    assert (made["issuer"]["id"], made["brandUniversity"]) == (
        world.organisation,
        "Hogeschool Test",
    )
    assertion = report["badges"][0]["assertionId"]
    claim_id = (await gql(client, ASSERTION, {"id": assertion}, token=learner))["data"][
        "assertion"
    ]["claimId"]
    claim = (await gql(client, CLAIM, {"id": claim_id}, token=learner))["data"]["claim"]
    assert claim["endorsements"][0]["relationship"] == "SUPERVISOR"
    queue = await gql(
        client,
        "query($u: ID!) { curationQueue(universityId: $u) "
        "{ badgeClassId assertions endorsements } }",
        {"u": world.university},
        token=curator,
    )
    assert {"badgeClassId": report["badgeClassId"], "assertions": 1, "endorsements": 1} in queue[
        "data"
    ]["curationQueue"]
    validated = await gql(
        client,
        'mutation($id: ID!) { validateBadgeClass(id: $id, note: "A good one") '
        "{ officiallyValidated } }",
        {"id": report["badgeClassId"]},
        token=curator,
    )
    assert validated["data"]["validateBadgeClass"]["officiallyValidated"] is True
    badge = (await gql(client, ASSERTION, {"id": assertion}, token=learner))["data"]["assertion"]
    assert badge["tier"] == "OFFICIAL"


async def test_nobody_issues_for_an_issuer_they_do_not_act_for(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    elsewhere = await make_organisation(clean_graph, world.other_university, "Elsewhere")
    elsewhere_admin = await make_person(clean_graph, "admin@elsewhere.example")
    pending_admin = await make_person(clean_graph, "admin@pending.example")
    await run(
        clean_graph,
        "MATCH (a:Person {id: $a}), (o:Organisation {id: $o}) "
        "CREATE (a)-[:MEMBER_OF {role: 'ADMIN'}]->(o) "
        "WITH 1 AS one MATCH (p:Person {id: $p}), (q:Organisation {id: $q}) "
        "CREATE (p)-[:MEMBER_OF {role: 'ADMIN'}]->(q)",
        a=elsewhere_admin,
        o=elsewhere.id,
        p=pending_admin,
        q=world.pending_organisation,
    )
    other_teacher = await make_person(clean_graph, "t@other.example")
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}), (u:University {id: $u}) "
        "CREATE (p)-[:MEMBER_OF {role: 'TEACHER'}]->(u)",
        p=other_teacher,
        u=world.other_university,
    )
    refused = {
        # a teacher of another university, for theirs or for the template's
        "other teacher, own university": (other_teacher, world.other_university),
        "other teacher, template's university": (other_teacher, world.university),
        # the template's own teacher cannot make another university or an organisation speak
        "teacher for another university": (world.people["teacher"], world.other_university),
        "teacher for an organisation": (world.people["teacher"], world.organisation),
        # an organisation not approved, or not a partner of the template's university
        "admin of a pending organisation": (pending_admin, world.pending_organisation),
        "admin of another university's partner": (elsewhere_admin, elsewhere.id),
        # a role at one partner gives nothing at another, nor at the university
        "admin of another partner": (world.people["other_org_admin"], world.organisation),
        "supervisor for the university": (world.people["org_supervisor"], world.university),
        # staff who manage templates are not who observes learners
        "curator": (world.people["curator"], world.university),
        "moderator": (world.people["uni_moderator"], world.university),
        "a learner": (world.people["owner"], world.university),
    }
    for case, (person, issuer) in refused.items():
        body = await issue(
            client, token_for(person), issue_input(template, issuer, ["learner@world.example"])
        )
        assert error_codes(body) == ["FORBIDDEN"], (case, body)
    anonymous = await issue(
        client, None, issue_input(template, world.university, ["learner@world.example"])
    )
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    issued = await run(
        clean_graph, "MATCH (a:Assertion {consent: 'ON_THE_SPOT'}) RETURN count(a) AS n"
    )
    assert issued == [{"n": 0}]
    classes = await run(clean_graph, "MATCH (b:BadgeClass {onTheSpot: true}) RETURN count(b) AS n")
    assert classes == [{"n": 0}]


async def test_unknown_learners_refuse_the_whole_request_naming_each(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    body = await issue(
        client,
        teacher,
        issue_input(
            template,
            world.university,
            ["learner@world.example", "nobody@x.example", "ghost@x.example"],
        ),
    )
    assert error_codes(body) == ["NOT_FOUND"]
    error = body["errors"][0]
    assert error["extensions"]["field"] == "learners[1]"
    assert "nobody@x.example, ghost@x.example" in error["message"]
    yourself = await issue(
        client, teacher, issue_input(template, world.university, ["teacher@world.example"])
    )
    assert error_codes(yourself) == ["BAD_USER_INPUT"]
    for learners, field in (([], "learners"), (["not an address"], "learners[0]")):
        bad = await issue(client, teacher, issue_input(template, world.university, learners))
        assert error_codes(bad) == ["BAD_USER_INPUT"]
        assert bad["errors"][0]["extensions"]["field"] == field
    too_many = [f"l{i}@x.example" for i in range(31)]
    bad = await issue(client, teacher, issue_input(template, world.university, too_many))
    assert error_codes(bad) == ["BAD_USER_INPUT"]
    nothing = await run(
        clean_graph,
        "OPTIONAL MATCH (b:BadgeClass {onTheSpot: true}) WITH count(b) AS classes "
        "OPTIONAL MATCH (c:Claim {kind: 'ON_THE_SPOT'}) RETURN classes, count(c) AS claims",
    )
    assert nothing == [{"classes": 0, "claims": 0}]


async def test_the_rubric_needs_a_level_per_criterion_at_least_its_minimum(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    listening, fixing = (k["id"] for k in template["rubric"])
    cases = {
        "below the minimum": ([(listening, 1), (fixing, 2)], "assessment[0].level"),
        "out of range": ([(listening, 2), (fixing, 3)], "assessment[1].level"),
        "one missing": ([(listening, 2)], "assessment"),
        "twice": ([(listening, 2), (listening, 3)], "assessment"),
        "unknown criterion": (
            [(listening, 2), (fixing, 1), ("00000000-0000-4000-8000-000000000000", 1)],
            "assessment",
        ),
    }
    for case, (given, field) in cases.items():
        body = await issue(
            client,
            teacher,
            issue_input(
                template,
                world.university,
                ["learner@world.example"],
                assessment=[{"criterionId": k, "level": level} for k, level in given],
            ),
        )
        assert error_codes(body) == ["BAD_USER_INPUT"], case
        assert body["errors"][0]["extensions"]["field"] == field, (case, body)
    at_minimum = await issue(
        client,
        teacher,
        issue_input(
            template,
            world.university,
            ["learner@world.example"],
            assessment=[
                {"criterionId": fixing, "level": 1},
                {"criterionId": listening, "level": 2},
            ],
        ),
    )
    assert "errors" not in at_minimum, at_minimum

    plain = await create_template(
        client, token_for(world.people["curator"]), world.university, name="Presented", rubric=[]
    )
    assessed = await issue(
        client,
        teacher,
        issue_input(
            plain,
            world.university,
            ["learner@world.example"],
            assessment=[{"criterionId": listening, "level": 2}],
        ),
    )
    assert error_codes(assessed) == ["BAD_USER_INPUT"]
    ok = await issue(client, teacher, issue_input(plain, world.university, ["owner@world.example"]))
    assert "errors" not in ok, ok


async def test_an_archived_template_issues_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    template = await create_template(client, curator, world.university)
    await gql(
        client,
        "mutation($id: ID!) { archiveBadgeTemplate(id: $id) { archived } }",
        {"id": template["id"]},
        token=curator,
    )
    body = await issue(
        client,
        token_for(world.people["teacher"]),
        issue_input(template, world.university, ["learner@world.example"]),
    )
    assert error_codes(body) == ["CONFLICT"]
    missing = await issue(
        client,
        token_for(world.people["teacher"]),
        issue_input(
            {**template, "id": "00000000-0000-4000-8000-000000000000"},
            world.university,
            ["learner@world.example"],
        ),
    )
    assert error_codes(missing) == ["NOT_FOUND"]
