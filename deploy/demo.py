"""The Ghent demo dataset: one fictional university, real places, idempotent to load."""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from graph.badge_classes.fields import DEFAULT_POLICY
from graph.badge_templates import on_the_spot
from graph.competencies import case
from graph.competencies.frameworks import import_case
from graph.core.cypher import execute, rows
from graph.core.database import Graph
from graph.core.errors import Conflict
from graph.core.geo import GeoPoint
from graph.core.state_machines import HOLDS_A_PLACE
from graph.core.vocabulary import (
    ApplicationStatus,
    Domain,
    Level,
    OpportunityStatus,
    OrganisationStatus,
    Relationship,
    Role,
)
from graph.external_credentials.external_credentials import holder_key
from graph.peer_assessment import assignment as peer_assignment
from graph.peer_assessment import configuration as peer_configuration
from graph.presence import claim_codes
from graph.quests import helping_hand
from graph.quests.quests import rounded_area
from graph.recognition import community_policy
from graph.recognition.claims import Assessment, NewEvidence
from graph.recognition.issuance import NUMBER_IN_STATUS_LIST
from graph.transparency_log import log as transparency_log

# Ids are name-based UUIDs so that loading twice updates rather than duplicates.
DEMO_NAMESPACE = uuid.UUID("5b0f3a52-6f5c-4d8e-9a51-4b7e0c1d2a90")
EMAIL_DOMAIN = "demo.kring.example"


def demo_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{key}"))


UNIVERSITY: dict[str, Any] = {
    "id": demo_id("university", "portus-ganda"),
    "name": "Hogeschool Portus Ganda",
    "slug": "portus-ganda",
    "website": "https://portus-ganda.example",
    "brandPrimary": "#0E4D64",
    "brandSecondary": "#F2A541",
}

LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" role="img" '
    'aria-label="Hogeschool Portus Ganda">'
    '<rect width="120" height="120" rx="24" fill="#0E4D64"/>'
    '<path d="M18 78 Q60 48 102 78" stroke="#F2A541" stroke-width="8" fill="none"/>'
    '<text x="60" y="62" font-family="Georgia, serif" font-size="34" fill="#FFFFFF" '
    'text-anchor="middle">PG</text></svg>'
)


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    description: str
    address: str
    latitude: float
    longitude: float


# Fictional organisations at real Ghent addresses.
ORGANISATIONS: tuple[Place, ...] = (
    Place(
        "digidak-krook",
        "Digidak De Krook",
        "Digital help desk for neighbours",
        "Miriam Makebaplein 1, 9000 Gent",
        51.0478,
        3.7275,
    ),
    Place(
        "repair-vrijdagmarkt",
        "Repair Café Vrijdagmarkt",
        "Fix it together instead of buying new",
        "Vrijdagmarkt 10, 9000 Gent",
        51.0566,
        3.7260,
    ),
    Place(
        "buurtwerk-brugse-poort",
        "Buurtwerk Brugse Poort",
        "Neighbourhood work and homework help",
        "Rooigemlaan 2, 9000 Gent",
        51.0553,
        3.7003,
    ),
    Place(
        "klimaatkeuken-dampoort",
        "Klimaatkeuken Dampoort",
        "A community kitchen that wastes nothing",
        "Dampoortstraat 1, 9000 Gent",
        51.0563,
        3.7408,
    ),
    Place(
        "jong-ondernemen-rabot",
        "Jong Ondernemen Rabot",
        "Young people starting small businesses",
        "Rabotstraat 70, 9000 Gent",
        51.0618,
        3.7134,
    ),
    Place(
        "wereldhuis-ledeberg",
        "Wereldhuis Ledeberg",
        "Newcomers, language cafés and world citizenship",
        "Hundelgemsesteenweg 80, 9050 Gent",
        51.0368,
        3.7430,
    ),
    Place(
        "stadsimkers-citadelpark",
        "Stadsimkers Citadelpark",
        "Urban beekeeping and biodiversity counts",
        "Citadelpark, 9000 Gent",
        51.0379,
        3.7227,
    ),
    Place(
        "onderzoekswinkel-sint-pieters",
        "Onderzoekswinkel Sint-Pieters",
        "Citizen science for neighbourhood questions",
        "Sint-Pietersplein 5, 9000 Gent",
        51.0424,
        3.7258,
    ),
    Place(
        "haven-muide",
        "Haven & Co Muide",
        "Port heritage and circular workshops",
        "Meulestedekaai 81, 9000 Gent",
        51.0712,
        3.7280,
    ),
    Place(
        "watersport-blaarmeersen",
        "Watersport Blaarmeersen",
        "Clean water and sport for everyone",
        "Zuiderlaan 5, 9000 Gent",
        51.0470,
        3.6800,
    ),
    Place(
        "taalcafe-sint-amandsberg",
        "Taalcafé Sint-Amandsberg",
        "Dutch conversation tables (waiting for the moderator's approval)",
        "Antwerpsesteenweg 50, 9040 Gent",
        51.0595,
        3.7500,
    ),
)
PENDING_ORGANISATIONS = frozenset({"taalcafe-sint-amandsberg"})

# Which organisations host each domain's opportunities (by Place.key).
DOMAIN_HOSTS: dict[Domain, tuple[str, ...]] = {
    Domain.DIGITAL_LITERACY: ("digidak-krook", "buurtwerk-brugse-poort"),
    Domain.SUSTAINABILITY: (
        "repair-vrijdagmarkt",
        "klimaatkeuken-dampoort",
        "watersport-blaarmeersen",
    ),
    Domain.ENTREPRENEURIAL_SPIRIT: ("jong-ondernemen-rabot", "haven-muide"),
    Domain.RESEARCH: ("onderzoekswinkel-sint-pieters", "stadsimkers-citadelpark"),
    Domain.GLOBAL_CITIZENSHIP: ("wereldhuis-ledeberg", "buurtwerk-brugse-poort"),
}
PLACES = {p.key: p for p in ORGANISATIONS}

# The European Commission's competence frameworks each domain's badges align to (framework,
# code, name as the framework states them); their pages are Kring's /competencies/… pages.
DOMAIN_COMPETENCIES: dict[Domain, dict[str, str]] = {
    Domain.DIGITAL_LITERACY: {
        "framework": "DigComp 2.2",
        "code": "1.1",
        "name": "Browsing, searching and filtering data, information and digital content",
    },
    Domain.SUSTAINABILITY: {
        "framework": "GreenComp",
        "code": "1.1",
        "name": "Valuing sustainability",
    },
    Domain.ENTREPRENEURIAL_SPIRIT: {
        "framework": "EntreComp",
        "code": "1.1",
        "name": "Spotting opportunities",
    },
    Domain.RESEARCH: {"framework": "LifeComp", "code": "L2", "name": "Critical thinking"},
    Domain.GLOBAL_CITIZENSHIP: {"framework": "LifeComp", "code": "S1", "name": "Empathy"},
}
# The university's own framework (a CASE package, imported as any university would): its
# groupings are the five domains.
FRAMEWORK = Path(__file__).with_name("demo_framework.case.json")
FRAMEWORK_NAME = "Portus Ganda community competences"
FRAMEWORK_DOMAINS: dict[str, Domain] = {
    "DL": Domain.DIGITAL_LITERACY,
    "SU": Domain.SUSTAINABILITY,
    "EN": Domain.ENTREPRENEURIAL_SPIRIT,
    "RE": Domain.RESEARCH,
    "GC": Domain.GLOBAL_CITIZENSHIP,
}
KROOK = "digidak-krook"  # the organisation whose claims the demo shows in review

# Three titles for every domain and level: 5 x 3 x 3 = 45 published opportunities.
TITLES: dict[Domain, dict[Level, tuple[str, str, str]]] = {
    Domain.DIGITAL_LITERACY: {
        Level.BEGINNER: (
            "Smartphone café for seniors",
            "Help neighbours book online appointments",
            "Password hygiene workshop assistant",
        ),
        Level.INTERMEDIATE: (
            "Build a website for a neighbourhood group",
            "Teach spreadsheet basics to volunteers",
            "Refurbish donated laptops",
        ),
        Level.EXPERT: (
            "Open data dashboard for the district",
            "Accessibility audit of city forms",
            "Mentor a coding club",
        ),
    },
    Domain.SUSTAINABILITY: {
        Level.BEGINNER: ("Repair café host", "Community garden Saturday", "Canal clean-up crew"),
        Level.INTERMEDIATE: (
            "Food-waste kitchen shift lead",
            "Bicycle repair coach",
            "Energy-saving home visits",
        ),
        Level.EXPERT: (
            "Circular materials inventory",
            "Heat-pump information evenings",
            "Biodiversity monitoring plan",
        ),
    },
    Domain.ENTREPRENEURIAL_SPIRIT: {
        Level.BEGINNER: (
            "Market stall for a social shop",
            "Flyer campaign for a local event",
            "Help run a swap shop",
        ),
        Level.INTERMEDIATE: (
            "Business plan clinic assistant",
            "Crowdfunding campaign for a garden",
            "Pop-up shop for makers",
        ),
        Level.EXPERT: (
            "Coach a starting cooperative",
            "Pricing study for a repair service",
            "Social enterprise pitch jury",
        ),
    },
    Domain.RESEARCH: {
        Level.BEGINNER: (
            "Count bees in the park",
            "Street survey on play areas",
            "Air quality sensor buddy",
        ),
        Level.INTERMEDIATE: (
            "Interview residents about mobility",
            "Map accessible entrances",
            "Analyse library visitor feedback",
        ),
        Level.EXPERT: (
            "Design a citizen-science protocol",
            "Evaluate a neighbourhood pilot",
            "Write a policy brief on green roofs",
        ),
    },
    Domain.GLOBAL_CITIZENSHIP: {
        Level.BEGINNER: (
            "Language café buddy",
            "Welcome desk for newcomers",
            "World kitchen evening helper",
        ),
        Level.INTERMEDIATE: (
            "Homework help in two languages",
            "Organise an intercultural walk",
            "Fair-trade awareness stand",
        ),
        Level.EXPERT: (
            "Train volunteers in intercultural dialogue",
            "Coordinate a newcomer mentoring duo",
            "Run a debate on global citizenship",
        ),
    },
}

FIRST_NAMES = (
    "Lotte",
    "Arne",
    "Noor",
    "Wout",
    "Fien",
    "Milan",
    "Yasmine",
    "Jasper",
    "Amira",
    "Lucas",
    "Elif",
    "Senne",
    "Hanne",
    "Rayan",
    "Jana",
)
LAST_NAMES = (
    "Peeters",
    "Janssens",
    "De Smet",
    "Claes",
    "El Amrani",
    "Maes",
    "Vermeulen",
    "Yilmaz",
    "Willems",
    "Goossens",
)
LEARNER_COUNT = 50


def _week_start(today: date) -> datetime:
    """Monday of this week: dates stay put when the demo is loaded twice in a week."""
    monday = today - timedelta(days=today.weekday())
    return datetime.combine(monday, time(0, 0), tzinfo=UTC)


def _person(key: str, name: str) -> dict[str, Any]:
    return {"id": demo_id("person", key), "name": name, "email": f"{key}@{EMAIL_DOMAIN}"}


def build_dataset(today: date) -> dict[str, Any]:
    """All demo rows, as plain parameter maps for the loader statement."""
    base = _week_start(today)
    organisations = [
        {
            "id": demo_id("organisation", p.key),
            "name": p.name,
            "description": p.description,
            "website": f"https://{p.key}.example",
            "address": p.address,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "status": (
                OrganisationStatus.PENDING
                if p.key in PENDING_ORGANISATIONS
                else OrganisationStatus.APPROVED
            ).value,
        }
        for p in ORGANISATIONS
    ]
    badge_classes: dict[str, dict[str, Any]] = {}
    opportunities: list[dict[str, Any]] = []
    index = 0
    for domain, by_level in TITLES.items():
        hosts = DOMAIN_HOSTS[domain]
        for level, titles in by_level.items():
            for title in titles:
                place = PLACES[hosts[index % len(hosts)]]
                org_id = demo_id("organisation", place.key)
                badge_key = f"{place.key}:{domain.value}:{level.value}"
                badge_classes.setdefault(
                    badge_key,
                    {
                        "id": demo_id("badge-class", badge_key),
                        "organisationId": org_id,
                        "name": f"{domain.value.replace('_', ' ').title()} "
                        f"{level.name.title()} ({place.name})",
                        "description": f"Learning in {domain.value.replace('_', ' ').lower()} "
                        f"with {place.name}.",
                        "criteria": "Take part in one of its opportunities and reflect on "
                        "what you did with the people you helped.",
                        "domain": domain.value,
                        "level": level.value,
                        "competency": DOMAIN_COMPETENCIES[domain],
                    },
                )
                starts = base + timedelta(days=7 + 3 * index, hours=9 + index % 8)
                # A few metres of jitter so opportunities at one place still sort stably.
                opportunities.append(
                    {
                        "id": demo_id("opportunity", title),
                        "organisationId": org_id,
                        "badgeClassId": badge_classes[badge_key]["id"],
                        "title": title,
                        "synopsis": f"{title} with {place.name}.",
                        "description": f"{title}: {place.description.lower()}. "
                        f"Meet at {place.address}.",
                        "domain": domain.value,
                        "level": level.value,
                        "status": OpportunityStatus.PUBLISHED.value,
                        "startsAt": starts,
                        "endsAt": starts + timedelta(hours=3),
                        "capacity": 4 + index % 9,
                        "address": place.address,
                        "latitude": place.latitude + (index % 5) * 0.0004,
                        "longitude": place.longitude + (index % 3) * 0.0004,
                    }
                )
                index += 1
    pathway_parts = [
        demo_id("badge-class", f"{key}:{domain.value}:{Level.BEGINNER.value}")
        for key, domain in (
            ("repair-vrijdagmarkt", Domain.SUSTAINABILITY),
            ("wereldhuis-ledeberg", Domain.GLOBAL_CITIZENSHIP),
            ("digidak-krook", Domain.DIGITAL_LITERACY),
        )
    ]
    pathways = [
        {
            "id": demo_id("badge-class", "pathway:community-builder"),
            "name": "Ghent Community Builder",
            "description": "Stacks three beginner badges from across the city.",
            "criteria": "Earn all three required badges.",
            "domain": Domain.GLOBAL_CITIZENSHIP.value,
            "level": Level.INTERMEDIATE.value,
            "requires": pathway_parts,
        }
    ]
    # One opportunity that already happened, so the demo shows completed participation.
    past_start = base - timedelta(days=21, hours=-10)
    repair = PLACES["repair-vrijdagmarkt"]
    opportunities.append(
        {
            "id": demo_id("opportunity", "past:repair-cafe"),
            "organisationId": demo_id("organisation", repair.key),
            "badgeClassId": pathway_parts[0],
            "title": "Repair café host (last month)",
            "synopsis": "A repair café that already took place.",
            "description": "Hosting the repair café at the Vrijdagmarkt.",
            "domain": Domain.SUSTAINABILITY.value,
            "level": Level.BEGINNER.value,
            "status": OpportunityStatus.CLOSED.value,
            "startsAt": past_start,
            "endsAt": past_start + timedelta(hours=3),
            "capacity": 6,
            "address": repair.address,
            "latitude": repair.latitude,
            "longitude": repair.longitude,
        }
    )
    # Two opportunities still on their way to publication, for the moderator's queue.
    krook = PLACES["digidak-krook"]
    for key, title, status in (
        ("draft:scanner", "Scan old neighbourhood photos", OpportunityStatus.DRAFT),
        ("submitted:ai-cafe", "AI café: ask anything", OpportunityStatus.SUBMITTED),
    ):
        starts = base + timedelta(days=30, hours=14)
        opportunities.append(
            {
                "id": demo_id("opportunity", key),
                "organisationId": demo_id("organisation", krook.key),
                "badgeClassId": demo_id(
                    "badge-class",
                    f"{krook.key}:{Domain.DIGITAL_LITERACY.value}:{Level.BEGINNER.value}",
                ),
                "title": title,
                "synopsis": f"{title} at De Krook.",
                "description": f"{title}. Not yet published.",
                "domain": Domain.DIGITAL_LITERACY.value,
                "level": Level.BEGINNER.value,
                "status": status.value,
                "startsAt": starts,
                "endsAt": starts + timedelta(hours=2),
                "capacity": 8,
                "address": krook.address,
                "latitude": krook.latitude,
                "longitude": krook.longitude,
            }
        )
    applications = [
        {
            "id": demo_id("application", "learner01:past"),
            "learnerId": demo_id("person", "learner01"),
            "opportunityId": demo_id("opportunity", "past:repair-cafe"),
            "status": ApplicationStatus.COMPLETED.value,
            "motivation": "I love fixing things.",
        },
        *[
            {
                "id": demo_id("application", f"learner{n:02d}:first"),
                "learnerId": demo_id("person", f"learner{n:02d}"),
                "opportunityId": opportunities[n]["id"],
                "status": ApplicationStatus.PENDING.value,
                "motivation": "I would like to help out and learn.",
            }
            for n in range(2, 6)
        ],
    ]
    learners = [
        _person(
            f"learner{n:02d}",
            f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n * 7) % len(LAST_NAMES)]}",
        )
        for n in range(1, LEARNER_COUNT + 1)
    ]
    staff = [
        {**_person("teacher", "Tine Teacher"), "role": Role.TEACHER.value},
        {**_person("curator", "Cas Curator"), "role": Role.CURATOR.value},
        {**_person("moderator", "Mo Moderator"), "role": Role.MODERATOR.value},
    ]
    admins = [
        {
            **_person(f"admin-{p.key}", f"Admin {p.name}"),
            "organisationId": demo_id("organisation", p.key),
            "role": Role.ADMIN.value,
        }
        for p in ORGANISATIONS
    ]
    supervisors = [
        {
            **_person(f"supervisor-{p.key}", f"Supervisor {p.name}"),
            "organisationId": demo_id("organisation", p.key),
            "role": Role.SUPERVISOR.value,
        }
        for p in ORGANISATIONS
    ]
    krook_class = demo_id(
        "badge-class", f"{krook.key}:{Domain.DIGITAL_LITERACY.value}:{Level.BEGINNER.value}"
    )
    return {
        "claimStories": claim_stories(base, krook.key, krook_class),
        "rubric": {"badgeClassId": krook_class, "criteria": KROOK_RUBRIC},
        # Advance consent: the repair café issues its own completed participations; the
        # university's pathway issues itself. Every other class reviews each claim.
        "autoParticipations": [
            b["id"]
            for b in badge_classes.values()
            if b["organisationId"] == demo_id("organisation", repair.key)
        ],
        "reviewingSupervisors": [demo_id("person", f"supervisor-{krook.key}")],
        "organisations": organisations,
        "badgeClasses": list(badge_classes.values()),
        "opportunities": opportunities,
        "learners": learners,
        "staff": staff,
        "supervisors": supervisors,
        "admins": admins,
        "pathways": pathways,
        "applications": applications,
        "platformAdmins": [_person("platform-admin", "Pat Platform")],
        # Publishing an opportunity near these tells learner01 and learner02 (saved areas).
        "savedAreas": [
            {
                "id": demo_id("area", "learner01:korenmarkt"),
                "personId": demo_id("person", "learner01"),
                "name": "Around the Korenmarkt",
                "latitude": 51.0545,
                "longitude": 3.7214,
                "radiusKm": 2.0,
                "domains": [],
            },
            {
                "id": demo_id("area", "learner02:schoonmeersen"),
                "personId": demo_id("person", "learner02"),
                "name": "Near campus Schoonmeersen",
                "latitude": 51.0325,
                "longitude": 3.7015,
                "radiusKm": 3.0,
                "domains": ["SUSTAINABILITY", "DIGITAL_LITERACY"],
            },
        ],
        # learner01's past repair café became a community badge, endorsed by two people.
        "badge": {
            "claimId": demo_id("claim", "learner01:past"),
            "revisionId": demo_id("revision", "learner01:past:1"),
            "assertionId": demo_id("assertion", "learner01:past"),
            "applicationId": demo_id("application", "learner01:past"),
            "learnerId": demo_id("person", "learner01"),
            "badgeClassId": pathway_parts[0],
            "universityId": UNIVERSITY["id"],
            "issuedAt": past_start + timedelta(days=2),
            "endorsements": [
                {
                    "id": demo_id("endorsement", "learner01:past:supervisor"),
                    "endorserId": demo_id("person", f"supervisor-{repair.key}"),
                    "relationship": "SUPERVISOR",
                    "testimonial": "Welcomed every visitor and kept the queue moving.",
                    "observed": "Hosted the whole afternoon; fixed two lamps.",
                },
                {
                    "id": demo_id("endorsement", "learner01:past:peer"),
                    "endorserId": demo_id("person", "learner02"),
                    "relationship": "PEER",
                    "testimonial": "Patient and clear with first-timers.",
                    "observed": "Explained soldering to three visitors.",
                },
            ],
        },
    }


# The demo people a developer signs in as, one of each kind, learners first: (e-mail local part,
# what they do in the demo). Roles name the demo's parts, not only graph roles: an endorser
# and a platform administrator are people with something to do, not a Role.
SIGN_IN_PICKER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("learner01", ("LEARNER",)),  # a community badge with two endorsements, a saved area
    ("learner02", ("LEARNER", "ENDORSER")),  # endorsed learner01 as a peer
    ("learner03", ("LEARNER",)),  # a claim in review at De Krook
    ("learner08", ("LEARNER",)),  # an issued claim after one return
    ("teacher", ("TEACHER", "ENDORSER")),  # endorses several claims
    (f"admin-{KROOK}", (Role.ADMIN.value,)),  # reviews De Krook's claims
    (f"supervisor-{KROOK}", (Role.SUPERVISOR.value,)),
    ("curator", (Role.CURATOR.value,)),
    ("moderator", (Role.MODERATOR.value,)),
    ("platform-admin", ("PLATFORM_ADMIN",)),
)


def sign_in_picker() -> list[dict[str, Any]]:
    """The picker's people as {email, name, roles}, named as the demo names them."""
    data = build_dataset(datetime.now(UTC).date())
    groups = ("learners", "staff", "admins", "supervisors", "platformAdmins")
    by_email = {p["email"]: p for group in groups for p in data[group]}
    people = []
    for key, roles in SIGN_IN_PICKER:
        person = by_email[f"{key}@{EMAIL_DOMAIN}"]
        people.append({"email": person["email"], "name": person["name"], "roles": list(roles)})
    return people


# De Krook's beginner digital-literacy class is assessed on a rubric.
KROOK_RUBRIC: list[dict[str, Any]] = [
    {
        "id": demo_id("criterion", "krook:patience"),
        "name": "Patience",
        "description": "Letting people learn at their own pace",
        "levels": ["Takes over the device", "Lets people try", "Lets people lead"],
        "minimumLevel": 2,
    },
    {
        "id": demo_id("criterion", "krook:explaining"),
        "name": "Explaining",
        "description": "Making the digital world understandable",
        "levels": ["Uses jargon", "Explains plainly", "Checks understanding"],
        "minimumLevel": None,
    },
]


def _story(
    key: str,
    learner: str,
    badge_class: str,
    title: str,
    status: str,
    when: datetime,
    *,
    narratives: tuple[str, ...],
    endorsers: tuple[tuple[str, str, str], ...] = (),
    invited: tuple[str, ...] = (),
    messages: tuple[tuple[str, str, str, int], ...] = (),
    submitted: bool = False,
    assessed: tuple[int, ...] = (),
    approver: str | None = None,
) -> dict[str, Any]:
    """One claim with its revisions, endorsements and conversation, as the demo shows it."""
    claim_id = demo_id("claim", key)
    return {
        "id": claim_id,
        "learnerId": demo_id("person", learner),
        "badgeClassId": badge_class,
        "title": title,
        "status": status,
        "createdAt": when,
        "submittedAt": when + timedelta(days=2) if submitted else None,
        "decidedAt": when + timedelta(days=5) if status in ("ISSUED", "DECLINED") else None,
        "revisions": [
            {"id": demo_id("revision", f"{key}:{n}"), "number": n, "narrative": text}
            for n, text in enumerate(narratives, start=1)
        ],
        "endorsements": [
            {
                "id": demo_id("endorsement", f"{key}:{who}"),
                "endorserId": demo_id("person", who),
                "relationship": relationship,
                "testimonial": testimonial,
            }
            for who, relationship, testimonial in endorsers
        ],
        "invited": [demo_id("person", who) for who in invited or [e[0] for e in endorsers]],
        "messages": [
            {
                "id": demo_id("message", f"{key}:{n}"),
                "kind": kind,
                "authorId": demo_id("person", author),
                "body": body,
                "revision": revision,
                "at": when + timedelta(days=3, hours=n),
            }
            for n, (kind, author, body, revision) in enumerate(messages)
        ],
        "assessedCriteria": [c["id"] for c in KROOK_RUBRIC][: len(assessed)],
        "assessedLevels": list(assessed),
        "assertionId": demo_id("assertion", key) if status == "ISSUED" else None,
        "approvedBy": demo_id("person", approver) if approver else None,
    }


def claim_stories(base: datetime, krook: str, krook_class: str) -> list[dict[str, Any]]:
    """A claim in every state of its review at De Krook, and two learners whose mutual
    endorsements wait for the curator."""
    admin = f"admin-{krook}"
    when = base - timedelta(days=14)
    return [
        _story(
            "learner03:video-calls",
            "learner03",
            krook_class,
            "Helped neighbours set up video calls",
            "IN_REVIEW",
            when,
            narratives=("Every Tuesday I helped four neighbours call their grandchildren.",),
            endorsers=(
                ("teacher", "TEACHER", "Saw the sessions at the library."),
                ("learner04", "PEER", "We ran them together."),
            ),
            submitted=True,
        ),
        _story(
            "learner05:phone-clinic",
            "learner05",
            krook_class,
            "Ran a phone clinic at the library",
            "RETURNED",
            when,
            narratives=("I ran a phone clinic for six weeks.",),
            endorsers=(
                ("teacher", "TEACHER", "A well-run clinic."),
                ("learner06", "PEER", "Busy every week."),
            ),
            messages=(
                (
                    "RETURNED",
                    admin,
                    "Could you add the sign-up sheet or a photo of the clinic?",
                    1,
                ),
            ),
            submitted=True,
        ),
        _story(
            "learner07:coding-workshop",
            "learner07",
            krook_class,
            "Taught a coding workshop",
            "DECLINED",
            when,
            narratives=("I taught Scratch to ten children.",),
            endorsers=(
                ("teacher", "TEACHER", "Lovely workshop."),
                ("learner08", "PEER", "I helped out."),
            ),
            messages=(
                (
                    "DECLINED",
                    admin,
                    "This workshop was not one of ours: claim it with the organisation "
                    "that ran it.",
                    1,
                ),
            ),
            submitted=True,
        ),
        _story(
            "learner08:ai-cafe",
            "learner08",
            krook_class,
            "Answered questions at the AI café",
            "ISSUED",
            when,
            narratives=(
                "I answered visitors' questions about AI.",
                "I answered visitors' questions about AI at three cafés; my notes are linked.",
            ),
            endorsers=(
                ("teacher", "TEACHER", "Clear and honest answers."),
                ("learner09", "PEER", "Patient with every visitor."),
            ),
            messages=(
                ("RETURNED", admin, "Which cafés? A word on each would help.", 1),
                ("RESUBMITTED", "learner08", "Added the three cafés and my notes.", 2),
                ("APPROVED", admin, "Thank you: well documented.", 2),
            ),
            submitted=True,
            assessed=(3, 2),
            approver=admin,
        ),
        _story(
            "learner09:photo-scans",
            "learner09",
            krook_class,
            "Scanned old neighbourhood photos",
            "OPEN",
            when,
            narratives=("I scanned two hundred photos for the neighbourhood archive.",),
            invited=("teacher",),
            messages=(("EVIDENCE_REQUESTED", "teacher", "Which archive did you work with?", 1),),
        ),
        _story(
            "learner10:digital-cafe",
            "learner10",
            krook_class,
            "Helped at a digital café",
            "WITHDRAWN",
            when,
            narratives=("I helped at one digital café.",),
        ),
        _story(
            "learner11:mentoring",
            "learner11",
            krook_class,
            "Mentored first-year students",
            "OPEN",
            when,
            narratives=("I mentored three first-years through their first term.",),
            endorsers=(("learner12", "PEER", "A great mentor."),),
        ),
        _story(
            "learner12:mentoring",
            "learner12",
            krook_class,
            "Mentored first-year students",
            "OPEN",
            when,
            narratives=("I mentored two first-years.",),
            endorsers=(("learner11", "PEER", "Always there for them."),),
        ),
    ]


# Numbers the demo's badge `a` of `issuer` in the issuer's status list as issuance does, once:
# loading the demo again leaves its index as it is.
NUMBER_ONCE = (
    "CALL (a, issuer) {\n  WITH a, issuer WHERE a.statusIndex = -1" + NUMBER_IN_STATUS_LIST + "}\n"
)

LOAD_DEMO = (
    """
MERGE (u:University {id: $university.id})
SET u += $university, u.logoSvg = $logoSvg
WITH u
CALL (u) {
  UNWIND $organisations AS row
  MERGE (o:Organisation {id: row.id})
  SET o.name = row.name, o.description = row.description, o.website = row.website,
      o.address = row.address, o.status = row.status,
      o.contactEmail = 'hello@' + substring(row.website, 8),
      o.location = point({latitude: row.latitude, longitude: row.longitude})
  MERGE (o)-[:PARTNER_OF]->(u)
}
CALL (u) {
  UNWIND $badgeClasses AS row
  MATCH (o:Organisation {id: row.organisationId})
  MERGE (b:BadgeClass {id: row.id})
  SET b.name = row.name, b.description = row.description, b.criteria = row.criteria,
      b.domain = row.domain, b.level = row.level,
      b.policyMinimum = 2, b.policyRelationships = ['TEACHER', 'SUPERVISOR', 'PEER'],
      b.policyRequireOneOf = ['TEACHER', 'SUPERVISOR']
  MERGE (b)-[:ISSUED_BY]->(o)
  MERGE (c:Competency {key: row.competency.framework + '|' + row.competency.code})
    ON CREATE SET c.framework = row.competency.framework, c.code = row.competency.code,
                  c.name = row.competency.name
  MERGE (b)-[:ALIGNED_TO]->(c)
}
CALL (u) {
  UNWIND $pathways AS row
  MERGE (b:BadgeClass {id: row.id})
  SET b.name = row.name, b.description = row.description, b.criteria = row.criteria,
      b.domain = row.domain, b.level = row.level,
      b.policyMinimum = 1, b.policyRelationships = ['TEACHER'], b.policyRequireOneOf = []
  MERGE (b)-[:ISSUED_BY]->(u)
  WITH b, row
  UNWIND row.requires AS rid
  MATCH (part:BadgeClass {id: rid})
  MERGE (b)-[:REQUIRES]->(part)
}
CALL () {
  UNWIND $opportunities AS row
  MATCH (o:Organisation {id: row.organisationId})
  MATCH (b:BadgeClass {id: row.badgeClassId})
  MERGE (op:Opportunity {id: row.id})
  SET op.title = row.title, op.synopsis = row.synopsis, op.description = row.description,
      op.domain = row.domain, op.level = row.level, op.status = row.status,
      op.startsAt = row.startsAt, op.endsAt = row.endsAt, op.capacity = row.capacity,
      op.address = row.address,
      op.location = point({latitude: row.latitude, longitude: row.longitude})
  MERGE (op)-[:OFFERED_BY]->(o)
  MERGE (op)-[:LEADS_TO]->(b)
}
CALL () {
  UNWIND $learners AS row
  MERGE (p:Person {id: row.id})
  SET p.name = row.name, p.email = row.email
}
CALL (u) {
  UNWIND $staff AS row
  MERGE (p:Person {id: row.id})
  SET p.name = row.name, p.email = row.email
  MERGE (p)-[:MEMBER_OF {role: row.role}]->(u)
}
CALL () {
  UNWIND $supervisors + $admins AS row
  MATCH (o:Organisation {id: row.organisationId})
  MERGE (p:Person {id: row.id})
  SET p.name = row.name, p.email = row.email
  MERGE (p)-[:MEMBER_OF {role: row.role}]->(o)
}
CALL () {
  UNWIND $platformAdmins AS row
  MERGE (p:Person {id: row.id})
  SET p.name = row.name, p.email = row.email, p.platformAdmin = true
}
CALL () {
  UNWIND $savedAreas AS row
  MATCH (p:Person {id: row.personId})
  MERGE (a:SavedArea {id: row.id})
    ON CREATE SET a.createdAt = datetime()
  SET a.name = row.name, a.radiusKm = row.radiusKm, a.domains = row.domains,
      a.location = point({latitude: row.latitude, longitude: row.longitude})
  MERGE (p)-[:WATCHES]->(a)
}
CALL () {
  UNWIND $applications AS row
  MATCH (learner:Person {id: row.learnerId})
  MATCH (op:Opportunity {id: row.opportunityId})
  MERGE (a:Application {id: row.id})
    ON CREATE SET a.createdAt = datetime()
  SET a.status = row.status, a.motivation = row.motivation
  MERGE (learner)-[:APPLIED]->(a)
  MERGE (a)-[:FOR]->(op)
}
CALL () {
  UNWIND $opportunities AS row
  MATCH (op:Opportunity {id: row.id})
  SET op.placesTaken = COUNT {
    (op)<-[:FOR]-(a:Application) WHERE a.status IN $holdsAPlace
  }
}
CALL () {
  UNWIND $autoParticipations AS id
  MATCH (b:BadgeClass {id: id})
  SET b.autoIssueParticipations = true
}
CALL () {
  UNWIND $pathways AS row
  MATCH (b:BadgeClass {id: row.id})
  SET b.autoIssueOnCompletion = true
}
CALL () {
  UNWIND $reviewingSupervisors AS id
  MATCH (:Person {id: id})-[m:MEMBER_OF {role: 'SUPERVISOR'}]->(:Organisation)
  SET m.reviewsClaims = true
}
CALL () {
  WITH $rubric AS rubric
  MATCH (b:BadgeClass {id: rubric.badgeClassId})
  UNWIND range(0, size(rubric.criteria) - 1) AS i
  WITH b, i, rubric.criteria[i] AS row
  MERGE (k:RubricCriterion {id: row.id})
  SET k.position = i, k.name = row.name, k.description = row.description,
      k.levels = row.levels, k.minimumLevel = row.minimumLevel
  MERGE (b)-[:HAS_CRITERION]->(k)
}
CALL (u) {
  UNWIND $claimStories AS row
  MATCH (learner:Person {id: row.learnerId})
  MATCH (b:BadgeClass {id: row.badgeClassId})
  MERGE (c:Claim {id: row.id})
  SET c.kind = 'SELF_ASSERTED', c.title = row.title, c.status = row.status,
      c.narrative = last(row.revisions).narrative, c.revision = size(row.revisions),
      c.visibility = 'PRIVATE', c.domain = b.domain, c.createdAt = row.createdAt,
      c.submittedAt = row.submittedAt, c.decidedAt = row.decidedAt,
      c.inReviewSince = CASE WHEN row.status = 'IN_REVIEW' THEN row.submittedAt END,
      c.assessedCriteria = row.assessedCriteria, c.assessedLevels = row.assessedLevels,
      c.assessedComments = [x IN row.assessedLevels | '']
  MERGE (learner)-[:CLAIMED]->(c)
  MERGE (c)-[:FOR_BADGE]->(b)
  MERGE (c)-[:BRANDED_BY]->(u)
  WITH c, row, learner, u
  CALL (c, row) {
    UNWIND row.revisions AS given
    MERGE (r:ClaimRevision {id: given.id})
    SET r.number = given.number, r.narrative = given.narrative, r.evidence = [],
        r.createdAt = row.createdAt + duration({days: given.number * 3 - 3})
    MERGE (r)-[:OF]->(c)
  }
  CALL (c, row) {
    UNWIND row.invited AS invitee
    MATCH (p:Person {id: invitee})
    MERGE (c)-[:REQUESTED]->(r:EndorsementRequest)-[:TO]->(p)
      ON CREATE SET r.id = randomUUID(), r.createdAt = row.createdAt,
                    r.expiresAt = row.createdAt + duration('P14D')
  }
  CALL (c, row) {
    UNWIND row.endorsements AS given
    MATCH (endorser:Person {id: given.endorserId})
    MERGE (e:Endorsement {id: given.id})
    SET e.relationship = given.relationship, e.testimonial = given.testimonial,
        e.observed = '', e.status = 'ACTIVE', e.revision = 1,
        e.createdAt = row.createdAt + duration('P1D')
    MERGE (endorser)-[:ENDORSED]->(e)
    MERGE (e)-[:OF]->(c)
  }
  CALL (c, row) {
    UNWIND row.messages AS said
    MATCH (author:Person {id: said.authorId})
    MERGE (m:ClaimMessage {id: said.id})
    SET m.kind = said.kind, m.body = said.body, m.authorId = author.id,
        m.authorName = author.name, m.revision = said.revision, m.createdAt = said.at
    MERGE (m)-[:ON]->(c)
  }
  CALL (c, row, learner, u) {
    WITH c, row, learner, u WHERE row.assertionId IS NOT NULL
    MATCH (c)-[:FOR_BADGE]->(b:BadgeClass)-[:ISSUED_BY]->(issuer)
    MERGE (a:Assertion {id: row.assertionId})
      ON CREATE SET a.issuedAt = row.decidedAt, a.statusIndex = -1
    SET a.visibility = 'PRIVATE', a.consent = 'REVIEWED', a.approvedBy = row.approvedBy,
        a.learnerName = learner.name, a.underValidation = coalesce(b.validated, false)
    MERGE (c)-[:ISSUED_AS]->(a)
    MERGE (learner)-[:HOLDS]->(a)
    MERGE (a)-[:OF_BADGE]->(b)
    MERGE (a)-[:BRANDED_BY]->(u)
    WITH a, c, issuer
    """
    + NUMBER_ONCE
    + """    WITH a, c
    MATCH (e:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
    MERGE (a)-[:CARRIES]->(e)
  }
}
CALL () {
  WITH $badge AS row
  MATCH (learner:Person {id: row.learnerId})
  MATCH (app:Application {id: row.applicationId})
  MATCH (b:BadgeClass {id: row.badgeClassId})-[:ISSUED_BY]->(issuer)
  MATCH (u:University {id: row.universityId})
  MERGE (c:Claim {id: row.claimId})
    ON CREATE SET c.createdAt = row.issuedAt
  SET c.kind = 'PARTICIPATION', c.title = b.name, c.status = 'ISSUED',
      c.narrative = 'I hosted the repair café and learned to triage what can be fixed.',
      c.visibility = 'PUBLIC', c.domain = b.domain, c.revision = 1,
      c.decidedAt = row.issuedAt
  MERGE (rev:ClaimRevision {id: row.revisionId})
  SET rev.number = 1, rev.narrative = c.narrative, rev.evidence = [], rev.createdAt = c.createdAt
  MERGE (rev)-[:OF]->(c)
  MERGE (learner)-[:CLAIMED]->(c)
  MERGE (c)-[:FROM]->(app)
  MERGE (c)-[:FOR_BADGE]->(b)
  MERGE (c)-[:BRANDED_BY]->(u)
  MERGE (a:Assertion {id: row.assertionId})
    ON CREATE SET a.issuedAt = row.issuedAt, a.statusIndex = -1
  SET a.visibility = 'PUBLIC', a.consent = 'OWN_PARTICIPATION', a.learnerName = learner.name,
      a.underValidation = coalesce(b.validated, false)
  MERGE (c)-[:ISSUED_AS]->(a)
  MERGE (learner)-[:HOLDS]->(a)
  MERGE (a)-[:OF_BADGE]->(b)
  MERGE (a)-[:BRANDED_BY]->(u)
  WITH a, c, row, issuer
  """
    + NUMBER_ONCE
    + """  WITH a, c, row
  UNWIND row.endorsements AS given
  MATCH (endorser:Person {id: given.endorserId})
  MERGE (e:Endorsement {id: given.id})
    ON CREATE SET e.createdAt = row.issuedAt - duration('PT2H')
  SET e.relationship = given.relationship, e.testimonial = given.testimonial,
      e.observed = given.observed, e.status = 'ACTIVE'
  MERGE (endorser)-[:ENDORSED]->(e)
  MERGE (e)-[:OF]->(c)
  MERGE (a)-[:CARRIES]->(e)
}
RETURN count(*) AS done
"""
)


@dataclass(frozen=True)
class DemoCounts:
    universities: int
    organisations: int
    opportunities: int
    learners: int


async def seed_demo(graph: Graph, today: date | None = None) -> DemoCounts:
    """Load (or refresh) the demo in one transaction; running it again changes nothing new."""
    data = build_dataset(today or datetime.now(UTC).date())
    await graph.write(
        execute,
        LOAD_DEMO,
        university=UNIVERSITY,
        logoSvg=LOGO_SVG,
        holdsAPlace=sorted(HOLDS_A_PLACE),
        **data,
    )
    # Imported by an earlier load already: its competencies are as they were.
    with contextlib.suppress(Conflict):
        await import_case(
            graph, UNIVERSITY["id"], case.parse(FRAMEWORK.read_bytes()), FRAMEWORK_DOMAINS, None
        )
    await seed_presence(graph, datetime.now(UTC))
    await seed_on_the_spot(graph)
    await seed_quests(graph, today or datetime.now(UTC).date())
    await seed_community_policy(graph)
    await seed_peer_assessment(graph)
    await seed_portfolios(graph)
    await seed_external_credentials(graph)
    await seed_transparency_log(graph)
    return DemoCounts(
        universities=1,
        organisations=len(data["organisations"]),
        opportunities=sum(
            1 for o in data["opportunities"] if o["status"] == OpportunityStatus.PUBLISHED
        )
        + 1,  # the check-in event (seed_presence)
        learners=len(data["learners"]),
    )


# Proof of presence: an event at De Krook that runs today, with accepted learners ready to
# check in (attendee01…06), and a claim code for De Krook's beginner digital-literacy badge.
# The code is public in the README, as the demo's passwords-free sign-in is: a demo only.
DEMO_CLAIM_CODE = "KRNG-DEMO-STND-CQDE-2345-7777-AB"
ATTENDEES = 6
VISITORS = 4  # visitor01…04: no applications, for redeeming the claim code

SEED_PRESENCE = """
MATCH (org:Organisation {id: $organisation})
MATCH (b:BadgeClass {id: $badgeClass})
MERGE (op:Opportunity {id: $opportunity})
SET op.title = 'Digital help desk (today, with check-in)',
    op.synopsis = 'Help neighbours with their phones and laptops at De Krook, today.',
    op.description = 'Help neighbours with their phones and laptops. Check in at the desk '
                     + 'with the code on the screen.',
    op.domain = b.domain, op.level = b.level, op.status = 'PUBLISHED',
    op.startsAt = $startsAt, op.endsAt = $endsAt, op.capacity = $capacity,
    op.address = org.address, op.location = org.location
MERGE (op)-[:OFFERED_BY]->(org)
MERGE (op)-[:LEADS_TO]->(b)
WITH op, b
CALL (op) {
  UNWIND $people AS row
  MERGE (p:Person {id: row.id})
  SET p.name = row.name, p.email = row.email
  WITH p, row WHERE row.applicationId IS NOT NULL
  MERGE (a:Application {id: row.applicationId})
    ON CREATE SET a.createdAt = datetime(), a.status = 'ACCEPTED', a.decidedAt = datetime(),
                  a.motivation = 'I help my neighbours with their phones already.'
  MERGE (p)-[:APPLIED]->(a)
  MERGE (a)-[:FOR]->(op)
}
SET op.placesTaken = COUNT { (:Person)-[:APPLIED]->(a:Application)-[:FOR]->(op)
                             WHERE a.status IN $holdsAPlace }
MERGE (cc:ClaimCode {id: $codeId})
  ON CREATE SET cc.uses = 0, cc.createdAt = datetime()
SET cc.codeHash = $codeHash, cc.hint = $hint, cc.label = 'Demo stand', cc.maxUses = 500,
    cc.expiresAt = datetime() + duration('P90D')
MERGE (cc)-[:FOR_BADGE]->(b)
"""


async def seed_presence(graph: Graph, now: datetime) -> None:
    """The check-in event (started an hour ago, open until late tonight) and the claim code."""
    krook_class = demo_id("badge-class", f"{KROOK}:{Domain.DIGITAL_LITERACY.value}:1")
    people = [
        {
            **_person(f"attendee{n:02d}", f"Attendee {n}"),
            "applicationId": demo_id("application", f"attendee{n:02d}:check-in"),
        }
        for n in range(1, ATTENDEES + 1)
    ] + [
        {**_person(f"visitor{n:02d}", f"Visitor {n}"), "applicationId": None}
        for n in range(1, VISITORS + 1)
    ]
    await graph.write(
        execute,
        SEED_PRESENCE,
        organisation=demo_id("organisation", KROOK),
        badgeClass=krook_class,
        opportunity=demo_id("opportunity", "presence:help-desk-today"),
        startsAt=now - timedelta(hours=1),
        endsAt=now + timedelta(hours=10),
        capacity=ATTENDEES + 4,
        people=people,
        holdsAPlace=sorted(HOLDS_A_PLACE),
        codeId=demo_id("claim-code", "krook-stand"),
        codeHash=claim_codes.digest(DEMO_CLAIM_CODE),
        hint=claim_codes.normalise(DEMO_CLAIM_CODE)[-4:],
    )


# --- on-the-spot badges (issue 18) ---------------------------------------------------------


@dataclass(frozen=True)
class _Template:
    key: str
    name: str
    description: str
    criteria: str
    domain: Domain
    # (name, description, level descriptors, minimum level)
    rubric: tuple[tuple[str, str, tuple[str, ...], int | None], ...]


ON_THE_SPOT_TEMPLATES = (
    _Template(
        "repair-cafe",
        "Helped at the repair café",
        "Helped neighbours repair what they brought to a repair café.",
        "Helped at least one visitor repair something and explained each step.",
        Domain.SUSTAINABILITY,
        (
            ("Listening", "Hears what the visitor needs.", ("Sometimes", "Mostly", "Always"), 2),
            ("Repairing", "Gets the thing working again.", ("Tried", "Partly", "Fixed it"), None),
        ),
    ),
    _Template(
        "presented",
        "Presented to the group",
        "Presented their work or an idea to a group and took questions.",
        "Gave a short presentation to a group and answered its questions.",
        Domain.GLOBAL_CITIZENSHIP,
        (
            ("Clarity", "The group could follow.", ("Hard to follow", "Clear", "Very clear"), 2),
            ("Questions", "Answers questions.", ("Avoided them", "Answered", "Invited them"), None),
        ),
    ),
)
LOAD_TEMPLATES = """
MATCH (u:University {id: $university})
UNWIND $templates AS row
MERGE (t:BadgeTemplate {id: row.id})
  ON CREATE SET t.createdAt = datetime()
SET t.name = row.name, t.description = row.description, t.criteria = row.criteria,
    t.domain = row.domain, t.level = row.level, t.archived = false
MERGE (t)-[:PROVIDED_BY]->(u)
WITH t, row
UNWIND row.rubric AS k
MERGE (c:RubricCriterion {id: k.id})
SET c.position = k.position, c.name = k.name, c.description = k.description,
    c.levels = k.levels, c.minimumLevel = k.minimumLevel
MERGE (t)-[:HAS_TEMPLATE_CRITERION]->(c)
"""
# The demo teacher's badge, issued through the real path under a fixed requestId: loading
# the demo again replays it instead of issuing another.
ON_THE_SPOT_LEARNER = "learner12"


def _criterion_id(template: str, position: int) -> str:
    return demo_id("template-criterion", f"{template}:{position}")


async def seed_on_the_spot(graph: Graph) -> None:
    """The demo university's templates, and one badge its teacher issued on the spot."""
    await graph.write(
        execute,
        LOAD_TEMPLATES,
        university=UNIVERSITY["id"],
        templates=[
            {
                "id": demo_id("badge-template", t.key),
                "name": t.name,
                "description": t.description,
                "criteria": t.criteria,
                "domain": t.domain.value,
                "level": Level.BEGINNER.value,
                "rubric": [
                    {
                        "id": _criterion_id(t.key, i),
                        "position": i,
                        "name": name,
                        "description": description,
                        "levels": list(levels),
                        "minimumLevel": minimum,
                    }
                    for i, (name, description, levels, minimum) in enumerate(t.rubric)
                ],
            }
            for t in ON_THE_SPOT_TEMPLATES
        ],
    )
    request = on_the_spot.OnTheSpotRequest(
        request_id=demo_id("on-the-spot", "repair-cafe-saturday"),
        template_id=demo_id("badge-template", "repair-cafe"),
        issuer_id=UNIVERSITY["id"],
        learner_emails=(f"{ON_THE_SPOT_LEARNER}@{EMAIL_DOMAIN}",),
        observation="Fixed a reading lamp with its owner and explained every step.",
        context="Repair café at De Centrale, Saturday morning",
        assessment=(
            Assessment(_criterion_id("repair-cafe", 0), 3),
            Assessment(_criterion_id("repair-cafe", 1), 3),
        ),
    )
    # The demo acts as its own teacher, who holds the TEACHER role it loads above.
    await on_the_spot.issue_on_the_spot(
        graph, demo_id("person", "teacher"), lambda standing: None, request, None
    )


# --- quests (issue 18) ----------------------------------------------------------------------

# Demo people no other test signs in as: learner24-26 ask for help, learner27 helped.
QUESTS: tuple[dict[str, Any], ...] = (
    {
        "key": "laptop-muide",
        "giver": "learner24",
        "title": "Help me set up my new laptop",
        "description": "I got a laptop from my grandson; I would like e-mail and video calls "
        "working so I can see the family.",
        "domain": Domain.DIGITAL_LITERACY.value,
        "latitude": 51.0690,
        "longitude": 3.7330,
        "address": "Voorhavenlaan 31, 9000 Gent",
        "areaName": "Muide, Gent",
    },
    {
        "key": "letter-ledeberg",
        "giver": "learner25",
        "title": "Translate a letter from the city",
        "description": "A letter about my rent subsidy in Dutch; I read French and Arabic.",
        "domain": Domain.GLOBAL_CITIZENSHIP.value,
        "latitude": 51.0380,
        "longitude": 3.7450,
        "address": "Hundelgemsesteenweg 80, 9050 Gent",
        "areaName": "Ledeberg, Gent",
    },
    {
        "key": "garden-rabot",
        "giver": "learner24",
        "title": "Plant a bee-friendly balcony",
        "description": "Which plants survive a windy north-facing balcony and help the bees?",
        "domain": Domain.SUSTAINABILITY.value,
        "latitude": 51.0620,
        "longitude": 3.7110,
        "address": "Wondelgemstraat 12, 9000 Gent",
        "areaName": "Rabot, Gent",
    },
)
DONE_QUEST: dict[str, Any] = {
    "key": "phone-brugse-poort",
    "giver": "learner26",
    "helper": "learner27",
    "title": "Move my photos off a full phone",
    "description": "My phone is full; I want my photos safe somewhere before I clean it.",
    "domain": Domain.DIGITAL_LITERACY.value,
    "latitude": 51.0570,
    "longitude": 3.7000,
    "address": "Phoenixstraat 5, 9000 Gent",
    "areaName": "Brugse Poort, Gent",
}

SEED_QUESTS = """
UNWIND $quests AS row
MATCH (giver:Person {id: row.giverId})
MATCH (u:University {id: $university})
MERGE (q:Quest {id: row.id})
  ON CREATE SET q.status = row.status, q.createdAt = datetime() - duration({hours: row.age}),
                q.version = 0
SET q.title = row.title, q.description = row.description, q.domain = row.domain,
    q.expiresAt = row.expiresAt, q.location = point({latitude: row.latitude,
    longitude: row.longitude}), q.address = row.address, q.areaName = row.areaName,
    q.area = point({latitude: row.areaLatitude, longitude: row.areaLongitude})
MERGE (giver)-[:POSTED]->(q)
MERGE (q)-[:IN]->(u)
WITH q, row WHERE row.helperId IS NOT NULL
MATCH (helper:Person {id: row.helperId})
MERGE (helper)-[:OFFERED]->(o:QuestOffer {id: row.offerId})-[:ON]->(q)
  ON CREATE SET o.status = 'ACCEPTED', o.message = 'I can come on Saturday morning.',
                o.offeredAt = datetime() - duration({hours: row.age - 1})
"""


async def seed_quests(graph: Graph, today: date) -> None:
    """The demo university enables Helping hand (its moderator's consent), three open quests
    around Ghent, and one done whose helper holds the digital literacy badge."""
    moderator = demo_id("person", "moderator")
    expires = _week_start(today) + timedelta(days=14)

    def anyone(standing: Any) -> None:
        """The demo acts as its people themselves, who may do this."""

    def row(quest: dict[str, Any], age: int, status: str) -> dict[str, Any]:
        area = rounded_area(GeoPoint(quest["latitude"], quest["longitude"]))
        helper = quest.get("helper")
        return {
            **{k: v for k, v in quest.items() if k not in ("key", "giver", "helper")},
            "id": demo_id("quest", quest["key"]),
            "giverId": demo_id("person", quest["giver"]),
            "helperId": demo_id("person", helper) if helper else None,
            "offerId": demo_id("quest-offer", quest["key"]),
            "status": status,
            "age": age,
            "expiresAt": expires,
            "areaLatitude": area.latitude,
            "areaLongitude": area.longitude,
        }

    rows = [row(q, 2 + 5 * i, "OPEN") for i, q in enumerate(QUESTS)]
    rows.append(row(DONE_QUEST, 72, "ACCEPTED"))
    done_id = demo_id("quest", DONE_QUEST["key"])

    async def work(tx: Any) -> None:
        await helping_hand.enable.within(tx, moderator, anyone, UNIVERSITY["id"])
        await execute(tx, SEED_QUESTS, quests=rows, university=UNIVERSITY["id"])
        found = await (
            await tx.run("MATCH (q:Quest {id: $id}) RETURN q.status AS status", id=done_id)
        ).single()
        if found is not None and found["status"] == "ACCEPTED":
            await helping_hand.complete.within(
                tx,
                demo_id("person", DONE_QUEST["giver"]),
                anyone,
                done_id,
                "Patient and clear: my photos are safe and I know how to do it myself now.",
                Relationship.PEER,
            )

    await graph.write(work)


async def seed_community_policy(graph: Graph) -> None:
    """The demo university's curator consents to its community policy (two endorsements, one
    from its teacher), so the demo's own one-off claims are issued once endorsed."""

    def anyone(standing: Any) -> None:
        """The demo acts as its curator, who may do this."""

    await community_policy.set_policy(
        graph, demo_id("person", "curator"), anyone, UNIVERSITY["id"], DEFAULT_POLICY
    )


# --- peer assessment (issue 19, part 2) ----------------------------------------------------

PEER_CLASS_ID = demo_id("badge-class", "peer-research-3")
# peer01 and peer02 submitted portfolios; peer01, who holds a level-2 research badge its
# issuer's supervisor approved (so may review), reviews peer02's; peer03 has not submitted yet.
PEER_PEOPLE = (
    ("peer01", "Pia Peeters"),
    ("peer02", "Pol Verhaeghe"),
    ("peer03", "Paz Ortega"),
)
PEER_RUBRIC = (
    ("question", "Research question", "A question worth asking, and why."),
    ("method", "Method", "How the answer was sought, and what limits it."),
    ("reflection", "Reflection", "What the learner would do differently."),
)
SEED_PEER_CLASS = """
MATCH (u:University {id: $university})
MERGE (b:BadgeClass {id: $id})
  ON CREATE SET b.createdAt = datetime()
SET b.name = 'Research III: reflexive portfolio',
    b.description = 'An expert-level research badge, earned on a reflexive portfolio that '
                    + 'three peers from across the network assess against its rubric.',
    b.criteria = 'Submit a reflexive portfolio of a research project; three peers who earned '
                 + 'a level-2 research badge, or this one, score it on the rubric.',
    b.domain = 'RESEARCH', b.level = 3, b.policyMinimum = 2,
    b.policyRelationships = ['TEACHER', 'PEER'], b.policyRequireOneOf = ['TEACHER']
MERGE (b)-[:ISSUED_BY]->(u)
WITH b
CALL (b) {
  UNWIND range(0, size($criteria) - 1) AS i
  MERGE (k:RubricCriterion {id: $criteria[i].id})
  SET k.position = i, k.name = $criteria[i].name, k.description = $criteria[i].description,
      k.levels = ['Not yet', 'Partly', 'Clearly', 'Convincingly']
  MERGE (b)-[:HAS_CRITERION]->(k)
}
WITH b
UNWIND $people AS row
MERGE (p:Person {id: row.id})
SET p.name = row.name, p.email = row.email
"""


# peer01's level-2 research badge (the first such class of the demo), approved by its
# organisation's supervisor: what makes peer01 an eligible reviewer.
SEED_PEER_REVIEWER = (
    """
MATCH (learner:Person {id: $learner}), (u:University {id: $university})
MATCH (b:BadgeClass {domain: 'RESEARCH', level: 2})-[:ISSUED_BY]->(issuer:Organisation)
WITH learner, u, b, issuer ORDER BY b.id LIMIT 1
MATCH (approver:Person)-[:MEMBER_OF {role: 'SUPERVISOR'}]->(issuer)
WITH learner, u, b, issuer, min(approver.id) AS approverId
MERGE (c:Claim {id: $claim})
  ON CREATE SET c.createdAt = datetime() - duration('P30D'),
                c.decidedAt = datetime() - duration('P20D')
SET c.kind = 'SELF_ASSERTED', c.title = b.name, c.status = 'ISSUED', c.revision = 1,
    c.narrative = 'I ran a survey for the science shop and wrote up what we found.',
    c.visibility = 'PRIVATE', c.domain = b.domain
MERGE (r:ClaimRevision {id: $revision})
SET r.number = 1, r.narrative = c.narrative, r.evidence = [], r.createdAt = c.createdAt
MERGE (r)-[:OF]->(c)
MERGE (learner)-[:CLAIMED]->(c)
MERGE (c)-[:FOR_BADGE]->(b)
MERGE (c)-[:BRANDED_BY]->(u)
MERGE (a:Assertion {id: $assertion})
  ON CREATE SET a.issuedAt = c.decidedAt, a.statusIndex = -1
SET a.visibility = 'PRIVATE', a.consent = 'REVIEWED', a.approvedBy = approverId,
    a.learnerName = learner.name, a.underValidation = coalesce(b.validated, false)
MERGE (c)-[:ISSUED_AS]->(a)
MERGE (learner)-[:HOLDS]->(a)
MERGE (a)-[:OF_BADGE]->(b)
MERGE (a)-[:BRANDED_BY]->(u)
WITH a, issuer
"""
    + NUMBER_ONCE
)


async def seed_peer_assessment(graph: Graph) -> None:
    """A level-3 class of the university with peer assessment on (its curator's consent), two
    portfolios waiting for more reviewers, and peer01 (a level-2 holder) reviewing peer02's."""

    def anyone(standing: Any) -> None:
        """The demo acts as its people themselves, who may do this."""

    await graph.write(
        execute,
        SEED_PEER_CLASS,
        university=UNIVERSITY["id"],
        id=PEER_CLASS_ID,
        criteria=[
            {"id": demo_id("rubric", f"peer-research-3:{key}"), "name": name, "description": text}
            for key, name, text in PEER_RUBRIC
        ],
        people=[_person(key, name) for key, name in PEER_PEOPLE],
    )
    await graph.write(
        execute,
        SEED_PEER_REVIEWER,
        learner=demo_id("person", "peer01"),
        university=UNIVERSITY["id"],
        claim=demo_id("claim", "peer01:research-2"),
        revision=demo_id("revision", "peer01:research-2:1"),
        assertion=demo_id("assertion", "peer01:research-2"),
    )
    await peer_configuration.configure(
        graph,
        demo_id("person", "curator"),
        anyone,
        PEER_CLASS_ID,
        peer_configuration.PeerSettings(
            reviewers=3, passing_score=7, disagreement=3, expiry_days=7
        ),
    )
    for key, _ in PEER_PEOPLE[:2]:
        # Loaded before: the submission is there already.
        with contextlib.suppress(Conflict):
            await peer_assignment.submit(
                graph,
                demo_id("person", key),
                anyone,
                PEER_CLASS_ID,
                "My project mapped where bees forage in the Citadelpark; this portfolio "
                "tells what I asked, how I found out, and what I would change.",
                (NewEvidence(name="Project report", url="https://example.org/bees-report"),),
            )


# --- portfolio pages (issue 19, part 3) --------------------------------------------------------

# The learner of seed_on_the_spot's badge gets a second one on the spot from the demo's teacher
# (the same way), and a public page of both badges and the first one's claim.
PORTFOLIO_LEARNER = ON_THE_SPOT_LEARNER
PORTFOLIO_BADGE = (
    "presented",
    "Presented the repair café's year to the neighbourhood and took every question.",
    "Neighbourhood council, De Centrale",
)

SEED_PORTFOLIO = """
MATCH (learner:Person {id: $learner})-[:HOLDS]->(a:Assertion)<-[:ISSUED_AS]-(c:Claim)
SET a.visibility = 'PUBLIC', c.visibility = 'PUBLIC'
WITH learner, a, c ORDER BY a.issuedAt, a.id
WITH learner, collect(a) AS badges, collect(c)[0] AS claim
MERGE (learner)-[:COMPOSED]->(p:PortfolioPage {id: $page})
  ON CREATE SET p.createdAt = datetime(), p.version = 0
SET p.title = 'Fixing things together', p.visibility = 'PUBLIC', p.shareToken = null,
    p.updatedAt = datetime(),
    p.narrative = 'This year I learned that repairing is mostly listening: what does the '
                  + 'owner need, and what can they learn to do themselves?\n\n'
                  + 'At the repair café I fixed lamps and bicycle lights with their owners; '
                  + 'at the end of the year I told the neighbourhood what we did.'
WITH p, badges, claim
OPTIONAL MATCH (p)-[old:HAS_ITEM]->()
DELETE old
WITH DISTINCT p, badges, claim
UNWIND range(0, size(badges) - 1) AS i
WITH p, badges, claim, i, badges[i] AS badge
CREATE (p)-[:HAS_ITEM {position: i,
                       caption: CASE i WHEN 0 THEN 'Where it started.'
                                ELSE 'Telling others about it.' END}]->(badge)
WITH DISTINCT p, size(badges) AS n, claim
CREATE (p)-[:HAS_ITEM {position: n, caption: 'What the teacher saw, in their words.'}]->(claim)
"""


async def seed_portfolios(graph: Graph) -> None:
    """A public portfolio page of two badges and a claim (the on-the-spot learner's)."""
    template, observation, context = PORTFOLIO_BADGE
    request = on_the_spot.OnTheSpotRequest(
        request_id=demo_id("on-the-spot", f"portfolio-{template}"),
        template_id=demo_id("badge-template", template),
        issuer_id=UNIVERSITY["id"],
        learner_emails=(f"{PORTFOLIO_LEARNER}@{EMAIL_DOMAIN}",),
        observation=observation,
        context=context,
        assessment=(
            Assessment(_criterion_id(template, 0), 3),
            Assessment(_criterion_id(template, 1), 3),
        ),
    )
    # A replay of the same request answers with the badge issued the first time.
    await on_the_spot.issue_on_the_spot(
        graph, demo_id("person", "teacher"), lambda standing: None, request, None
    )
    await graph.write(
        execute,
        SEED_PORTFOLIO,
        learner=demo_id("person", PORTFOLIO_LEARNER),
        page=demo_id("portfolio", PORTFOLIO_LEARNER),
    )


# Credentials from elsewhere: learner13 holds one imported OB 3.0 credential of a made-up
# foreign platform. It was signed once with a freshly generated did:key whose private key was
# thrown away (tests/foreign_platform.py ForeignIssuer): the verifier accepts it as
# VALID, and re-checks it on view like any other.
EXTERNAL_CREDENTIAL = Path(__file__).with_name("demo_external_credential.json")
EXTERNAL_HOLDER = "learner13"

SEED_EXTERNAL = """
MATCH (p:Person {id: $person})
MERGE (x:ExternalCredential {id: $id})
  ON CREATE SET x.importedAt = datetime(), x.verifiedAt = datetime()
SET x.holderKey = $holderKey, x.credentialId = $credentialId, x.kind = 'OB3_JSON',
    x.name = $name, x.issuerName = $issuerName, x.issuerUrl = $issuerUrl,
    x.issuerId = $issuerId, x.achievementId = $achievementId, x.issuedOn = datetime($issuedOn),
    x.status = 'VALID', x.message = 'The proof holds; its issuer publishes no revocation status.',
    x.document = $document, x.external = true
MERGE (p)-[:HOLDS_EXTERNAL]->(x)
"""


async def seed_external_credentials(graph: Graph) -> None:
    """One learner with one imported credential from elsewhere (see EXTERNAL_CREDENTIAL)."""
    document = EXTERNAL_CREDENTIAL.read_text()
    credential = json.loads(document)
    person = demo_id("person", EXTERNAL_HOLDER)
    await graph.write(
        execute,
        SEED_EXTERNAL,
        person=person,
        id=demo_id("external-credential", EXTERNAL_HOLDER),
        holderKey=holder_key(person, credential["id"]),
        credentialId=credential["id"],
        name=credential["name"],
        issuerName=credential["issuer"]["name"],
        issuerUrl=credential["issuer"]["url"],
        issuerId=credential["issuer"]["id"],
        achievementId=credential["credentialSubject"]["achievement"]["id"],
        issuedOn=credential["validFrom"],
        document=document,
    )


# The demo's badges are written straight into the graph above, so they are recorded in the
# transparency log here, as issuance would have (a badge already recorded is left alone).
UNLOGGED = """
MATCH (a:Assertion) WHERE NOT EXISTS { MATCH (:LogLeaf {subjectId: a.id}) }
RETURN a.id AS id, a.revokedAt IS NOT NULL AS revoked
ORDER BY a.issuedAt, a.id
"""


async def seed_transparency_log(graph: Graph) -> None:
    """Record each demo badge (and its revocation) in the log, one transaction each."""

    async def unlogged(tx: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in await rows(tx, UNLOGGED)]

    for found in await graph.read(unlogged):

        async def record(tx: Any, badge: dict[str, Any] = found) -> None:
            await transparency_log.append(tx, transparency_log.Kind.ISSUED, badge["id"])
            if badge["revoked"]:
                await transparency_log.append(tx, transparency_log.Kind.REVOKED, badge["id"])

        await graph.write(record)
