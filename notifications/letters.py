"""The e-mail for each kind of notification: a subject, a few lines in English and Dutch,
and a link into Kring. Like a push message it carries titles and ids only; the details
(a reviewer's note, a rejection's reason) are read in the app, behind sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.notifications.outbox import Kind


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


# kind -> (English, Dutch); {title} is the claim's, badge's or opportunity's title.
WORDS: dict[Kind, tuple[str, str]] = {
    Kind.ORGANISATION_APPROVED: (
        "Your organisation was approved as an issuer on Kring.",
        "Je organisatie is goedgekeurd als uitgever op Kring.",
    ),
    Kind.ORGANISATION_REJECTED: (
        "Your organisation's application was not approved; the reason is in Kring.",
        "De aanvraag van je organisatie werd niet goedgekeurd; de reden staat in Kring.",
    ),
    Kind.OPPORTUNITY_PUBLISHED: ("“{title}” is published.", "“{title}” is gepubliceerd."),
    Kind.OPPORTUNITY_REJECTED: (
        "“{title}” was not published; the reason is in Kring.",
        "“{title}” werd niet gepubliceerd; de reden staat in Kring.",
    ),
    Kind.APPLICATION_RECEIVED: (
        "Someone applied for “{title}”.",
        "Iemand schreef zich in voor “{title}”.",
    ),
    Kind.APPLICATION_ACCEPTED: (
        "You are in: your application for “{title}” was accepted.",
        "Je bent erbij: je inschrijving voor “{title}” is aanvaard.",
    ),
    Kind.APPLICATION_REJECTED: (
        "Your application for “{title}” was not accepted.",
        "Je inschrijving voor “{title}” werd niet aanvaard.",
    ),
    Kind.APPLICATION_COMPLETED: (
        "Your participation in “{title}” is complete: you can claim its badge.",
        "Je deelname aan “{title}” is afgerond: je kunt de badge aanvragen.",
    ),
    Kind.ENDORSEMENT_REQUESTED: (
        "You are asked to endorse “{title}”: say what you saw, or ask for more evidence.",
        "Je wordt gevraagd “{title}” te onderschrijven: vertel wat je zag, of vraag meer bewijs.",
    ),
    Kind.ENDORSEMENT_RECEIVED: (
        "Someone endorsed your claim.",
        "Iemand onderschreef je aanvraag.",
    ),
    Kind.BADGE_ISSUED: (
        "Your badge “{title}” is issued.",
        "Je badge “{title}” is uitgereikt.",
    ),
    Kind.BADGE_VALIDATED: (
        "A badge you hold is now officially validated by its university.",
        "Een badge van jou is nu officieel erkend door de hogeschool.",
    ),
    Kind.BADGE_REVOKED: (
        "One of your badges was revoked; the reason is in Kring.",
        "Een van je badges werd ingetrokken; de reden staat in Kring.",
    ),
    Kind.OPPORTUNITY_NEARBY: (
        "New near you: “{title}”.",
        "Nieuw in je buurt: “{title}”.",
    ),
    Kind.OPPORTUNITY_FOR_GOAL: (
        "New: “{title}” builds a competence you want to develop.",
        "Nieuw: “{title}” werkt aan een competentie die je wilt ontwikkelen.",
    ),
    Kind.CLAIM_AWAITING_REVIEW: (
        "A claim on your badge “{title}” is waiting for your review.",
        "Een aanvraag voor jullie badge “{title}” wacht op je beoordeling.",
    ),
    Kind.CLAIM_RETURNED: (
        "Your claim “{title}” was returned: the reviewer asks for more. Revise and resubmit.",
        "Je aanvraag “{title}” is teruggestuurd: de beoordelaar vraagt meer. Pas aan en "
        "dien opnieuw in.",
    ),
    Kind.CLAIM_DECLINED: (
        "Your claim “{title}” was declined; the reason is in Kring.",
        "Je aanvraag “{title}” werd afgewezen; de reden staat in Kring.",
    ),
    Kind.CLAIM_REVISED: (
        "“{title}” has new evidence, as you asked.",
        "“{title}” heeft nieuw bewijs, zoals je vroeg.",
    ),
    Kind.SIGN_IN_ATTEMPTS: (
        "Someone tried several wrong passwords for your Kring account. If it was not you, "
        "nothing is needed: further attempts are slowed down. You can change your password.",
        "Iemand probeerde meerdere foute wachtwoorden voor je Kring-account. Was jij het niet, "
        "dan hoef je niets te doen: verdere pogingen worden vertraagd. Je kunt je wachtwoord "
        "wijzigen.",
    ),
    Kind.EVIDENCE_REQUESTED: (
        "An endorser asks for more evidence on your claim “{title}”.",
        "Iemand vraagt meer bewijs voor je aanvraag “{title}”.",
    ),
    Kind.MEMBER_ADDED: (
        "You were added to “{title}” on Kring as {role}.",
        "Je werd toegevoegd aan “{title}” op Kring als {role}.",
    ),
    Kind.CHECK_IN_CONFIRMED: (
        "You checked in at “{title}”: your presence is recorded.",
        "Je bent aangemeld bij “{title}”: je aanwezigheid is genoteerd.",
    ),
    Kind.QUEST_OFFER_RECEIVED: (
        "Someone offered to help with your quest “{title}”.",
        "Iemand biedt hulp aan voor je vraag “{title}”.",
    ),
    Kind.QUEST_HELPER_ACCEPTED: (
        "Your offer to help with “{title}” was accepted: the exact place is in Kring.",
        "Je hulpaanbod voor “{title}” is aanvaard: de precieze plek staat in Kring.",
    ),
    Kind.QUEST_OFFER_DECLINED: (
        "Someone else is helping with “{title}”; thank you for offering.",
        "Iemand anders helpt met “{title}”; bedankt voor je aanbod.",
    ),
    Kind.QUEST_NEARBY: (
        "Someone near you asks for help: “{title}”.",
        "Iemand in je buurt vraagt hulp: “{title}”.",
    ),
    Kind.QUEST_HIDDEN: (
        "Your quest “{title}” was reported and is hidden until a moderator looks at it.",
        "Je vraag “{title}” werd gemeld en is verborgen tot een moderator ernaar kijkt.",
    ),
    Kind.QUEST_HELPER_WITHDREW: (
        "The helper you accepted for “{title}” withdrew: the quest is open for offers again.",
        "De helper die je aanvaardde voor “{title}” trok zich terug: je vraag staat weer open.",
    ),
    Kind.REVIEW_ASSIGNED: (
        "You are asked to review a portfolio for “{title}” against its rubric.",
        "Je wordt gevraagd een portfolio voor “{title}” te beoordelen volgens de rubric.",
    ),
    Kind.REVIEW_RECEIVED: (
        "A peer reviewed your portfolio for “{title}”.",
        "Een peer beoordeelde je portfolio voor “{title}”.",
    ),
    Kind.REVIEW_REASSIGNED: (
        "Your review of a portfolio for “{title}” expired and was given to someone else.",
        "Je beoordeling van een portfolio voor “{title}” verliep en ging naar iemand anders.",
    ),
    Kind.REVIEW_DISPUTED: (
        "Peer reviews of a portfolio for “{title}” need your decision.",
        "Peerbeoordelingen van een portfolio voor “{title}” wachten op je beslissing.",
    ),
}
# (English, Dutch): what someone added by address, without an account yet, does next.
TO_JOIN = (
    "Create your account with this e-mail address to take it up:",
    "Maak je account aan met dit e-mailadres om de rol op te nemen:",
)
# A member's role in a sentence: English, Dutch.
ROLES: dict[str, tuple[str, str]] = {
    "ADMIN": ("an admin", "beheerder"),
    "SUPERVISOR": ("a supervisor", "begeleider"),
    "MODERATOR": ("a moderator", "moderator"),
    "CURATOR": ("a curator", "curator"),
    "TEACHER": ("a teacher", "docent"),
}


def _path(data: dict[str, Any]) -> str:
    """Where in the app the thing lives, from the ids the notification carries."""
    # Someone added by address before having an account starts by making one.
    if data.get("invited") is True:
        return "/register"
    for key, prefix in (
        ("claimId", "/claims/"),
        ("assertionId", "/badges/"),
        ("opportunityId", "/opportunities/"),
        ("applicationId", "/applications/"),
        ("organisationId", "/organisations/"),
        ("badgeClassId", "/badge-classes/"),
        ("questId", "/quests/"),
        ("assignmentId", "/peer/reviews/"),
    ):
        if isinstance(data.get(key), str):
            return prefix + str(data[key])
    if isinstance(data.get("peerSubmissionId"), str):
        return "/peer/submissions"
    if isinstance(data.get("peerDisputeId"), str):
        return "/peer/disputes"
    if isinstance(data.get("universityId"), str):
        return "/work"
    return "/notifications"


def letter(kind: Kind, data: dict[str, Any], public_url: str, link: str | None = None) -> Letter:
    """The e-mail for one notification; `link` replaces the default path (an invitation)."""
    english, dutch = WORDS[kind]
    # A title is a learner's words: one line, so it cannot break out of the subject.
    title = " ".join(str(data.get("title") or data.get("opportunityTitle") or "").split())[:200]
    role_en, role_nl = ROLES.get(str(data.get("role")), ("", ""))
    english = english.format(title=title, role=role_en)
    dutch = dutch.format(title=title, role=role_nl)
    url = public_url + (link or _path(data))
    footer = INVITATION_FOOTER if link else FOOTER
    subject = f"Kring: {english}"[:150]
    if data.get("invited") is True:
        english, dutch = f"{english} {TO_JOIN[0]}", f"{dutch} {TO_JOIN[1]}"
        footer = MEMBER_INVITATION_FOOTER
    body = f"{english}\n\n{url}\n\n— \n{dutch}\n\n{footer}\n"
    return Letter(subject=subject, body=body)


FOOTER = (
    "You get this e-mail from Kring; choose which e-mails you get in your notification "
    "settings. / Je krijgt deze e-mail van Kring; kies in je meldingsinstellingen welke "
    "e-mails je krijgt."
)
MEMBER_INVITATION_FOOTER = (
    "An admin of this organisation or university added you by this address. Ignore this "
    "e-mail if you do not know them: nothing happens without an account. / Een beheerder van "
    "deze organisatie of hogeschool voegde je toe via dit adres. Negeer deze e-mail als je hen "
    "niet kent: zonder account gebeurt er niets."
)
INVITATION_FOOTER = (
    "Someone on Kring invited you by this address. The link works once, for 14 days; "
    "ignore this e-mail if you do not know them. / Iemand op Kring nodigde je uit via dit "
    "adres. De link werkt één keer, 14 dagen lang; negeer deze e-mail als je de persoon niet "
    "kent."
)
