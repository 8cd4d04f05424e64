"""Who may do what: one enum of `resource:action` permissions and the rule for each.

| permission                     | allowed for                                             |
| ------------------------------ | ------------------------------------------------------- |
| university:create              | platform admin                                          |
| university:manage_members      | platform admin; MODERATOR of that university            |
| organisation:apply             | any signed-in person                                    |
| organisation:review            | platform admin; MODERATOR of its partner university     |
| organisation:manage_members    | ADMIN of that organisation                              |
| organisation:update            | ADMIN of that organisation (its profile)                |
| organisation:read_private      | its members; MODERATOR of its university; platform admin|
| badge_class:create             | ADMIN of the issuing organisation; MODERATOR or CURATOR |
|                                | of the issuing university                               |
| badge_class:manage             | the same, for its issuance consent                      |
| opportunity:manage             | ADMIN of its organisation                               |
| opportunity:review             | MODERATOR of its organisation's university              |
| opportunity:read_unpublished   | members of its organisation; MODERATOR of its university|
| application:create             | any signed-in person                                    |
| application:withdraw           | the learner who applied                                 |
| application:decide             | ADMIN or SUPERVISOR of the opportunity's organisation,  |
|                                | never on their own application                          |
| application:read               | the learner; ADMIN or SUPERVISOR of the organisation    |
| claim:create                   | the learner (of the completed participation)            |
| claim:manage                   | the learner who made the claim                          |
| claim:endorse                  | someone the learner invited (never the learner)         |
| claim:review                   | ADMIN of the issuing organisation, or a SUPERVISOR its  |
|                                | admins allowed; MODERATOR or CURATOR of the issuing     |
|                                | university; never on their own claim                    |
| endorsement:withdraw           | the endorser                                            |
| assertion:revoke               | ADMIN of the issuing organisation; CURATOR or MODERATOR |
|                                | of the university whose brand it carries                |
| badge_class:validate           | CURATOR of the university whose brand it carries        |
| curation:read                  | CURATOR of that university                              |
| endorsement:clear_flag         | CURATOR of the university whose brand the claim carries,|
|                                | never one of the people the flag is about               |
| insights:read_organisation     | members (ADMIN, SUPERVISOR) of that organisation        |
| insights:read_university       | staff (MODERATOR, CURATOR, TEACHER) of that university  |
| competency_framework:import    | MODERATOR or CURATOR of the university providing it     |
| check_in:show                  | ADMIN or SUPERVISOR of the opportunity's organisation   |
| check_in:attend                | any signed-in person (graph/presence: an accepted one)  |
| claim_code:manage              | ADMIN or SUPERVISOR of the issuing (approved)           |
|                                | organisation; MODERATOR, CURATOR or TEACHER of the      |
|                                | issuing university                                      |
| claim_code:redeem              | any signed-in person                                    |
| badge_template:manage          | MODERATOR or CURATOR of the university providing it     |
| badge_template:read            | staff of that university; ADMIN or SUPERVISOR of one of |
|                                | its approved partner organisations                      |
| badge_template:issue           | TEACHER of the university providing it; ADMIN or        |
|                                | SUPERVISOR of an approved partner organisation (issuer) |
| quest:post                     | any signed-in person                                    |
| quest:offer                    | any signed-in person but the quest's giver              |
| quest:manage                   | the quest's giver (accept, complete, close)             |
| quest:report                   | any signed-in person but the quest's giver              |
| quest:moderate                 | MODERATOR of the quest's university                     |
| helping_hand:enable            | MODERATOR or CURATOR of that university                 |
| community_policy:set           | MODERATOR or CURATOR of that university                 |
| peer_assessment:configure      | as badge_class:manage, for the class's issuer (consent) |
| peer_assessment:submit         | any signed-in person                                    |
| peer_assessment:review         | the reviewer the assignment is given to                 |
| peer_assessment:decide         | as claim:review: ADMIN, or a SUPERVISOR allowed to      |
|                                | review claims, of the issuing organisation; CURATOR or  |
|                                | MODERATOR of the issuing university; never their own    |
| portfolio:manage               | the learner whose portfolio page it is                  |
| external_credential:map        | CURATOR of the university whose brand the class carries |
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Callable, Mapping

from graph.core.access import Guard, Standing
from graph.core.errors import Forbidden, Unauthenticated
from graph.core.vocabulary import Role


class Permission(enum.StrEnum):
    UNIVERSITY_CREATE = "university:create"
    UNIVERSITY_MANAGE_MEMBERS = "university:manage_members"
    ORGANISATION_APPLY = "organisation:apply"
    ORGANISATION_REVIEW = "organisation:review"
    ORGANISATION_MANAGE_MEMBERS = "organisation:manage_members"
    ORGANISATION_UPDATE = "organisation:update"
    ORGANISATION_READ_PRIVATE = "organisation:read_private"
    BADGE_CLASS_CREATE = "badge_class:create"
    BADGE_CLASS_MANAGE = "badge_class:manage"
    OPPORTUNITY_MANAGE = "opportunity:manage"
    OPPORTUNITY_REVIEW = "opportunity:review"
    OPPORTUNITY_READ_UNPUBLISHED = "opportunity:read_unpublished"
    APPLICATION_CREATE = "application:create"
    APPLICATION_WITHDRAW = "application:withdraw"
    APPLICATION_DECIDE = "application:decide"
    APPLICATION_READ = "application:read"
    CLAIM_CREATE = "claim:create"
    CLAIM_MANAGE = "claim:manage"
    CLAIM_ENDORSE = "claim:endorse"
    CLAIM_REVIEW = "claim:review"
    ENDORSEMENT_WITHDRAW = "endorsement:withdraw"
    ASSERTION_REVOKE = "assertion:revoke"
    BADGE_CLASS_VALIDATE = "badge_class:validate"
    CURATION_READ = "curation:read"
    ENDORSEMENT_CLEAR_FLAG = "endorsement:clear_flag"
    INSIGHTS_READ_ORGANISATION = "insights:read_organisation"
    INSIGHTS_READ_UNIVERSITY = "insights:read_university"
    COMPETENCY_FRAMEWORK_IMPORT = "competency_framework:import"
    CHECK_IN_SHOW = "check_in:show"
    CHECK_IN_ATTEND = "check_in:attend"
    CLAIM_CODE_MANAGE = "claim_code:manage"
    CLAIM_CODE_REDEEM = "claim_code:redeem"
    BADGE_TEMPLATE_MANAGE = "badge_template:manage"
    BADGE_TEMPLATE_READ = "badge_template:read"
    BADGE_TEMPLATE_ISSUE = "badge_template:issue"
    QUEST_POST = "quest:post"
    QUEST_OFFER = "quest:offer"
    QUEST_MANAGE = "quest:manage"
    QUEST_REPORT = "quest:report"
    QUEST_MODERATE = "quest:moderate"
    HELPING_HAND_ENABLE = "helping_hand:enable"
    COMMUNITY_POLICY_SET = "community_policy:set"
    PEER_ASSESSMENT_CONFIGURE = "peer_assessment:configure"
    PEER_ASSESSMENT_SUBMIT = "peer_assessment:submit"
    PEER_ASSESSMENT_REVIEW = "peer_assessment:review"
    PEER_ASSESSMENT_DECIDE = "peer_assessment:decide"
    PORTFOLIO_MANAGE = "portfolio:manage"
    EXTERNAL_CREDENTIAL_MAP = "external_credential:map"


def _org(*roles: Role) -> Callable[[Standing], bool]:
    return lambda s: bool(s.organisation_roles & set(roles))


def _uni(*roles: Role) -> Callable[[Standing], bool]:
    return lambda s: bool(s.university_roles & set(roles))


def _signed_in(s: Standing) -> bool:
    return s.actor_id is not None


def _reviews_claims(s: Standing) -> bool:
    """Who decides, for the badge class's issuer, that a badge is awarded: its admins, the
    supervisors it allowed to review claims, a university's curators and moderators."""
    return not s.is_owner and (
        _org(Role.ADMIN)(s)
        or (_org(Role.SUPERVISOR)(s) and s.reviews_claims)
        or _uni(Role.CURATOR, Role.MODERATOR)(s)
    )


RULES: Mapping[Permission, Callable[[Standing], bool]] = {
    Permission.UNIVERSITY_CREATE: lambda s: s.platform_admin,
    Permission.UNIVERSITY_MANAGE_MEMBERS: lambda s: s.platform_admin or _uni(Role.MODERATOR)(s),
    Permission.ORGANISATION_APPLY: _signed_in,
    Permission.ORGANISATION_REVIEW: lambda s: s.platform_admin or _uni(Role.MODERATOR)(s),
    Permission.ORGANISATION_MANAGE_MEMBERS: _org(Role.ADMIN),
    Permission.ORGANISATION_UPDATE: _org(Role.ADMIN),
    Permission.ORGANISATION_READ_PRIVATE: lambda s: (
        s.platform_admin or bool(s.organisation_roles) or _uni(Role.MODERATOR)(s)
    ),
    Permission.BADGE_CLASS_CREATE: lambda s: (
        _org(Role.ADMIN)(s) or _uni(Role.MODERATOR, Role.CURATOR)(s)
    ),
    Permission.BADGE_CLASS_MANAGE: lambda s: (
        _org(Role.ADMIN)(s) or _uni(Role.MODERATOR, Role.CURATOR)(s)
    ),
    Permission.OPPORTUNITY_MANAGE: _org(Role.ADMIN),
    Permission.OPPORTUNITY_REVIEW: _uni(Role.MODERATOR),
    Permission.OPPORTUNITY_READ_UNPUBLISHED: lambda s: (
        bool(s.organisation_roles) or _uni(Role.MODERATOR)(s)
    ),
    Permission.APPLICATION_CREATE: _signed_in,
    Permission.APPLICATION_WITHDRAW: lambda s: s.is_owner,
    # Staff never decide on (or complete) their own application.
    Permission.APPLICATION_DECIDE: lambda s: (
        _org(Role.ADMIN, Role.SUPERVISOR)(s) and not s.is_owner
    ),
    Permission.APPLICATION_READ: lambda s: s.is_owner or _org(Role.ADMIN, Role.SUPERVISOR)(s),
    Permission.CLAIM_CREATE: lambda s: s.is_owner,
    Permission.CLAIM_MANAGE: lambda s: s.is_owner,
    Permission.CLAIM_ENDORSE: lambda s: s.is_invited and not s.is_owner,
    # Standing here is towards the badge class's issuer: only the issuer speaks for itself.
    Permission.CLAIM_REVIEW: _reviews_claims,
    Permission.ENDORSEMENT_WITHDRAW: lambda s: s.is_owner,
    Permission.ASSERTION_REVOKE: lambda s: (
        _org(Role.ADMIN)(s) or _uni(Role.CURATOR, Role.MODERATOR)(s)
    ),
    Permission.BADGE_CLASS_VALIDATE: _uni(Role.CURATOR),
    Permission.CURATION_READ: _uni(Role.CURATOR),
    # is_owner here: the actor is the learner, the endorser or the third of the cycle.
    Permission.ENDORSEMENT_CLEAR_FLAG: lambda s: _uni(Role.CURATOR)(s) and not s.is_owner,
    Permission.INSIGHTS_READ_ORGANISATION: _org(Role.ADMIN, Role.SUPERVISOR),
    Permission.INSIGHTS_READ_UNIVERSITY: _uni(Role.MODERATOR, Role.CURATOR, Role.TEACHER),
    Permission.COMPETENCY_FRAMEWORK_IMPORT: _uni(Role.MODERATOR, Role.CURATOR),
    Permission.CHECK_IN_SHOW: _org(Role.ADMIN, Role.SUPERVISOR),
    Permission.CHECK_IN_ATTEND: _signed_in,
    # Standing towards the badge class's issuer: the code is that issuer's decision.
    Permission.CLAIM_CODE_MANAGE: lambda s: (
        _org(Role.ADMIN, Role.SUPERVISOR)(s) or _uni(Role.MODERATOR, Role.CURATOR, Role.TEACHER)(s)
    ),
    Permission.CLAIM_CODE_REDEEM: _signed_in,
    Permission.BADGE_TEMPLATE_MANAGE: _uni(Role.MODERATOR, Role.CURATOR),
    # Organisation roles here are at the university's approved partner organisations.
    Permission.BADGE_TEMPLATE_READ: lambda s: (
        _uni(Role.MODERATOR, Role.CURATOR, Role.TEACHER)(s) or _org(Role.ADMIN, Role.SUPERVISOR)(s)
    ),
    # Standing towards the issuer named: the template's university, or an approved partner
    # organisation of it (graph.badge_templates.on_the_spot reads nothing else).
    Permission.BADGE_TEMPLATE_ISSUE: lambda s: (
        _uni(Role.TEACHER)(s) or _org(Role.ADMIN, Role.SUPERVISOR)(s)
    ),
    # is_owner on a quest: the actor posted it (its giver).
    Permission.QUEST_POST: _signed_in,
    Permission.QUEST_OFFER: lambda s: not s.is_owner,
    Permission.QUEST_MANAGE: lambda s: s.is_owner,
    Permission.QUEST_REPORT: lambda s: not s.is_owner,
    Permission.QUEST_MODERATE: _uni(Role.MODERATOR),
    # Those who may set a university class's issuance consent give Helping hand's in advance.
    Permission.HELPING_HAND_ENABLE: _uni(Role.MODERATOR, Role.CURATOR),
    # Its community policy is consent to issue under its key: those who review its claims.
    Permission.COMMUNITY_POLICY_SET: _uni(Role.MODERATOR, Role.CURATOR),
    # Switching peer assessment on is the issuer's consent: those who set a class's consent.
    Permission.PEER_ASSESSMENT_CONFIGURE: lambda s: (
        _org(Role.ADMIN)(s) or _uni(Role.MODERATOR, Role.CURATOR)(s)
    ),
    Permission.PEER_ASSESSMENT_SUBMIT: lambda s: s.is_owner,
    # is_owner on an assignment: the actor is its reviewer.
    Permission.PEER_ASSESSMENT_REVIEW: lambda s: s.is_owner,
    # Deciding a dispute issues under the issuer's key (consent REVIEWED): whoever may review
    # its claims, no one else. Standing towards the class's issuer; is_owner: the learner.
    Permission.PEER_ASSESSMENT_DECIDE: _reviews_claims,
    # is_owner on a portfolio page: the learner who composed it.
    Permission.PORTFOLIO_MANAGE: lambda s: s.is_owner,
    # What counts as the university's badge is a curator's judgement, as validation is.
    Permission.EXTERNAL_CREDENTIAL_MAP: _uni(Role.CURATOR),
}


def allows(permission: Permission, standing: Standing) -> bool:
    return standing.actor_id is not None and RULES[permission](standing)


def require(permission: Permission) -> Guard:
    """A guard for graph/ to call with the actor's standing, read under the same lock."""

    def guard(standing: Standing) -> None:
        if standing.actor_id is None:
            raise Unauthenticated("Sign in to do this.")
        if not RULES[permission](standing):
            raise Forbidden(f"You are not allowed to do this ({permission.value}).")

    return guard


def can_see_badge(
    is_learner: bool, visibility: str, share_token: str | None, given_token: str | None
) -> bool:
    """Its learner always; anyone once PUBLIC; with LINK, whoever presents the link's secret."""
    if is_learner or visibility == "PUBLIC":
        return True
    return (
        visibility == "LINK"
        and given_token is not None
        and share_token is not None
        and secrets.compare_digest(given_token, share_token)
    )


def can_see_assertion(
    standing: Standing, visibility: str, share_token: str | None, given_token: str | None
) -> bool:
    """Whoever may see the badge (can_see_badge), and those who may revoke it: its issuer's
    admins and its university's curators and moderators see what they answer for."""
    return can_see_badge(standing.is_owner, visibility, share_token, given_token) or allows(
        Permission.ASSERTION_REVOKE, standing
    )


def can_read_claim(standing: Standing, visibility: str, submitted: bool) -> bool:
    """Its learner, those invited to endorse it, everyone once PUBLIC, and the issuer's
    reviewers once it reached their queue (`submitted`)."""
    return (
        standing.is_owner
        or standing.is_invited
        or visibility == "PUBLIC"
        or (submitted and allows(Permission.CLAIM_REVIEW, standing))
    )


def can_download_evidence(
    standing: Standing,
    visibility: str,
    submitted: bool,
    share_token: str | None,
    given_token: str | None,
    *,
    peer_reviewer: bool = False,
    disputed: bool = False,
) -> bool:
    """Whoever may read the claim, for a claim shared by link whoever presents the link's
    secret (`?token=`), and for a peer-assessed portfolio its reviewers and, once disputed,
    the staff who decide it."""
    return (
        can_read_claim(standing, visibility, submitted)
        or can_see_badge(False, visibility, share_token, given_token)
        or peer_reviewer
        or (disputed and allows(Permission.PEER_ASSESSMENT_DECIDE, standing))
    )
