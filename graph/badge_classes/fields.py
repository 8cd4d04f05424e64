"""The badge class's field table: what is read (`BadgeClass`), what a new one is made of and
under which rules (`BadgeClassFields`). Projection, mapping and stored properties follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.core.fields import Choice, Reference, Text, Whole, entry
from graph.core.records import from_record, properties
from graph.core.vocabulary import Domain, Level, Relationship
from graph.micro_credentials.elements import PROJECTION as MICRO_CREDENTIAL
from graph.micro_credentials.elements import MicroCredentialElements, elements_from
from graph.organisations.fields import BRAND_PRIMARY, BRAND_SECONDARY

MAX_EXPIRY_DAYS = 3650


@dataclass(frozen=True)
class Alignment:
    framework: str
    code: str
    name: str
    url: str | None


@dataclass(frozen=True)
class EndorsementPolicy:
    """A claim needs `minimum` endorsements by `relationships`, one of them by `require_one_of`."""

    minimum: int
    relationships: tuple[Relationship, ...]
    require_one_of: tuple[Relationship, ...]


DEFAULT_POLICY = EndorsementPolicy(
    minimum=2,
    relationships=(Relationship.TEACHER, Relationship.SUPERVISOR, Relationship.PEER),
    require_one_of=(Relationship.TEACHER, Relationship.SUPERVISOR),
)


@dataclass(frozen=True, kw_only=True)
class RubricCriterion:
    """One row of a rubric: what is judged, and a descriptor per level (level 1 first)."""

    id: str
    name: str
    description: str = ""
    levels: tuple[str, ...]
    minimum_level: int | None = None  # a claim is approved only at this level or above


@dataclass(frozen=True)
class NewCriterion:
    name: str
    description: str
    levels: tuple[str, ...]
    minimum_level: int | None


@dataclass(frozen=True)
class Issuance:
    """Consent the issuer gave in advance, recorded on the class (graph.recognition.issuance)."""

    auto_participations: bool = False  # its own organisation's completed participations
    auto_on_completion: bool = False  # a meta-badge, once every required badge is held


@dataclass(frozen=True)
class BadgeClassRef:
    id: str
    name: str


@dataclass(frozen=True)
class Brand:
    university_id: str
    university_name: str
    primary: str
    secondary: str


@dataclass(frozen=True, kw_only=True)
class BadgeClass:
    id: str
    name: str
    description: str = ""
    criteria: str = ""
    domain: Domain
    level: Level
    expires_after_days: int | None = None
    created_at: datetime | None = None
    validated: bool = False
    ad_hoc: bool = False  # a learner's own one-off class (graph.recognition.claims)
    helping_hand: str | None = None  # its key among a university's Helping hand classes
    peer_review: bool = False  # peer assessment is on (graph.peer_assessment.configuration)
    has_uploaded_image: bool = False
    alignments: tuple[Alignment, ...] = ()
    policy: EndorsementPolicy = DEFAULT_POLICY
    requires: tuple[BadgeClassRef, ...] = ()
    issuer_id: str
    issuer_name: str
    issuer_kind: str
    brand: Brand
    rubric: tuple[RubricCriterion, ...] = ()
    issuance: Issuance = Issuance()
    badges_issued: bool = False  # at least one badge was issued on it (revoked ones count)
    claimed: bool = False  # someone claimed it (a claim in any state)
    # The EU elements its university stated on validating it (None: none stated).
    micro_credential: MicroCredentialElements | None = None


# Computed, or gathered from the class's neighbours: not node properties of the same name.
GATHERED = (
    "has_uploaded_image",
    "alignments",
    "policy",
    "requires",
    "issuer_id",
    "issuer_name",
    "issuer_kind",
    "brand",
    "rubric",
    "issuance",
    "badges_issued",
    "claimed",
    "micro_credential",
)


@dataclass(frozen=True, kw_only=True)
class BadgeClassFields:
    """A new badge class. The entries come first, in the order the edge checks them; the parts
    after them are checked by their own inputs and written by the statement."""

    expires_after_days: int | None = entry(Whole(1, MAX_EXPIRY_DAYS))
    issuer_id: str | None = entry(Reference(), required=True, stored=False)
    name: str | None = entry(Text(200), required=True)
    description: str | None = entry(Text(5000), required=True)
    criteria: str | None = entry(Text(5000), required=True)
    domain: Domain | None = entry(Choice(), required=True)
    level: Level | None = entry(Choice(), required=True)
    alignments: tuple[Alignment, ...] = ()
    image_png: bytes | None = None
    policy: EndorsementPolicy = DEFAULT_POLICY
    requires: tuple[str, ...] = ()
    rubric: tuple[NewCriterion, ...] = ()
    issuance: Issuance = Issuance()


@dataclass(frozen=True, kw_only=True)
class BadgeClassChanges:
    """An edit of a badge class: None leaves a part as it is (`clear_expiry` removes the
    expiry, which None cannot say)."""

    expires_after_days: int | None = entry(Whole(1, MAX_EXPIRY_DAYS))
    name: str | None = entry(Text(200))
    description: str | None = entry(Text(5000))
    criteria: str | None = entry(Text(5000))
    domain: Domain | None = entry(Choice())
    level: Level | None = entry(Choice())
    clear_expiry: bool = False
    alignments: tuple[Alignment, ...] | None = None
    image_png: bytes | None = None
    policy: EndorsementPolicy | None = None
    requires: tuple[str, ...] | None = None
    rubric: tuple[NewCriterion, ...] | None = None
    issuance: Issuance | None = None


# Once a badge was issued on a class, what its credentials state stays as it is: they are
# built from the class (OB 3.0 achievement, hosted OB 2.0 BadgeClass, the badge's picture),
# and an issued credential never changes. The rubric is fixed from the first claim, because
# endorsers' and reviewers' levels refer to its criteria.
FROZEN_ONCE_ISSUED = (
    "name",
    "description",
    "criteria",
    "domain",
    "level",
    "alignments",
    "image_png",
)
FROZEN_ONCE_CLAIMED = ("rubric",)
# A university validated the class as it stood: what it states and its rubric stay so while
# it is OFFICIAL, or the university's name would cover what it never saw (nor may it start
# issuing in more ways; stopping is the issuer's right). Its curators withdraw it first.
FROZEN_WHILE_VALIDATED = (*FROZEN_ONCE_ISSUED, *FROZEN_ONCE_CLAIMED)


def frozen_fields(b: BadgeClass) -> tuple[str, ...]:
    """The fields an edit may no longer change, in the order of the form."""
    if b.validated:
        return FROZEN_WHILE_VALIDATED
    frozen: tuple[str, ...] = ()
    if b.badges_issued:
        frozen += FROZEN_ONCE_ISSUED
    if b.claimed or b.badges_issued:
        frozen += FROZEN_ONCE_CLAIMED
    return frozen


ALIGNMENT = "{ " + properties(Alignment) + " }"
RUBRIC_CRITERION = "{ " + properties(RubricCriterion) + " }"

# Expects `b`; the issuing body is an organisation (branded by its partner university) or a
# university.
RETURN_BADGE_CLASS = (
    """
CALL (b) {
  MATCH (b)-[:ISSUED_BY]->(issuer)
  OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
  WITH issuer, coalesce(partner, issuer) AS brand
  RETURN issuer, brand LIMIT 1
}
CALL (b) {
  OPTIONAL MATCH (b)-[:ALIGNED_TO]->(c:Competency)
  RETURN collect(c """
    + ALIGNMENT
    + """) AS alignments
}
CALL (b) {
  OPTIONAL MATCH (b)-[:REQUIRES]->(r:BadgeClass)
  RETURN collect(r { .id, .name }) AS requires
}
CALL (b) {
  OPTIONAL MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion)
  WITH k ORDER BY k.position
  RETURN collect(k """
    + RUBRIC_CRITERION
    + """) AS rubric
}
CALL (b) {
  OPTIONAL MATCH (b)-[:STATES]->(m:MicroCredential)
  RETURN m """
    + MICRO_CREDENTIAL
    + """ AS microCredential LIMIT 1
}
RETURN b { """
    + properties(BadgeClass, skip=GATHERED)
    + """,
           .policyMinimum, .policyRelationships, .policyRequireOneOf,
           hasUploadedImage: b.imagePng IS NOT NULL,
           autoIssueParticipations: coalesce(b.autoIssueParticipations, false),
           autoIssueOnCompletion: coalesce(b.autoIssueOnCompletion, false),
           badgesIssued: EXISTS { (b)<-[:OF_BADGE]-(:Assertion) },
           claimed: EXISTS { (b)<-[:FOR_BADGE]-(:Claim) }
         } AS badgeClass, rubric,
       issuer { .id, .name, kind: CASE WHEN issuer:University THEN 'University'
                                        ELSE 'Organisation' END } AS issuer,
       brand { .id, .name, .brandPrimary, .brandSecondary } AS brand,
       alignments, requires, microCredential
"""
)


def brand_from(b: Any) -> Brand:
    return Brand(
        university_id=b["id"],
        university_name=b["name"],
        primary=b.get("brandPrimary") or BRAND_PRIMARY,
        secondary=b.get("brandSecondary") or BRAND_SECONDARY,
    )


def policy_from(b: Any) -> EndorsementPolicy:
    """The policy stored on the class; a class without one follows the default's minimum and
    relationships."""
    minimum = b.get("policyMinimum")
    return EndorsementPolicy(
        minimum=minimum if minimum is not None else DEFAULT_POLICY.minimum,
        relationships=tuple(
            Relationship(r) for r in b.get("policyRelationships") or DEFAULT_POLICY.relationships
        ),
        require_one_of=tuple(Relationship(r) for r in b.get("policyRequireOneOf") or ()),
    )


def rubric_from(rows: Any) -> tuple[RubricCriterion, ...]:
    return tuple(from_record(RubricCriterion, k) for k in rows)


def badge_class_from(record: Any) -> BadgeClass:
    b = record["badgeClass"]
    issuer = record["issuer"]
    alignments = (from_record(Alignment, a) for a in record["alignments"])
    requires = (from_record(BadgeClassRef, r) for r in record["requires"])
    return from_record(
        BadgeClass,
        b,
        alignments=tuple(sorted(alignments, key=lambda a: (a.framework, a.code))),
        policy=policy_from(b),
        requires=tuple(sorted(requires, key=lambda r: r.name)),
        issuer_id=issuer["id"],
        issuer_name=issuer["name"],
        issuer_kind=issuer["kind"],
        brand=brand_from(record["brand"]),
        rubric=rubric_from(record["rubric"]),
        issuance=Issuance(
            auto_participations=bool(b["autoIssueParticipations"]),
            auto_on_completion=bool(b["autoIssueOnCompletion"]),
        ),
        badges_issued=bool(b.get("badgesIssued")),
        claimed=bool(b.get("claimed")),
        micro_credential=elements_from(record["microCredential"]),
    )
