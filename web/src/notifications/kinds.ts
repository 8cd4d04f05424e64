// Every kind the outbox knows (graph/notifications/outbox.py), in both languages.
const TITLES: Record<string, { en: string; nl: string }> = {
  ORGANISATION_APPROVED: { en: "Your organisation is approved", nl: "Je organisatie is goedgekeurd" },
  ORGANISATION_REJECTED: { en: "Your organisation was not approved", nl: "Je organisatie werd niet goedgekeurd" },
  OPPORTUNITY_PUBLISHED: { en: "Your opportunity is published", nl: "Je leerkans is gepubliceerd" },
  OPPORTUNITY_REJECTED: { en: "Your opportunity was not published", nl: "Je leerkans werd niet gepubliceerd" },
  APPLICATION_RECEIVED: { en: "A new application", nl: "Een nieuwe inschrijving" },
  APPLICATION_ACCEPTED: { en: "Your application is accepted", nl: "Je inschrijving is aanvaard" },
  APPLICATION_REJECTED: { en: "Your application was not accepted", nl: "Je inschrijving werd niet aanvaard" },
  APPLICATION_COMPLETED: { en: "You completed an opportunity", nl: "Je rondde een leerkans af" },
  ENDORSEMENT_REQUESTED: { en: "You are asked to endorse", nl: "Je wordt gevraagd om aan te bevelen" },
  ENDORSEMENT_RECEIVED: { en: "You received an endorsement", nl: "Je kreeg een aanbeveling" },
  BADGE_ISSUED: { en: "You earned a badge", nl: "Je verdiende een badge" },
  BADGE_VALIDATED: { en: "Your badge is officially validated", nl: "Je badge is officieel erkend" },
  BADGE_REVOKED: { en: "A badge of yours was revoked", nl: "Een badge van jou werd ingetrokken" },
  OPPORTUNITY_NEARBY: { en: "A new opportunity near you", nl: "Een nieuwe leerkans in je buurt" },
  CLAIM_AWAITING_REVIEW: { en: "A claim awaits your review", nl: "Een aanvraag wacht op je beoordeling" },
  CLAIM_RETURNED: { en: "Your claim was returned", nl: "Je aanvraag werd teruggestuurd" },
  CLAIM_DECLINED: { en: "Your claim was declined", nl: "Je aanvraag werd geweigerd" },
  CLAIM_REVISED: { en: "A claim was revised", nl: "Een aanvraag werd herzien" },
  EVIDENCE_REQUESTED: { en: "More evidence is asked for", nl: "Er wordt meer bewijs gevraagd" },
  SIGN_IN_ATTEMPTS: { en: "Failed sign-ins to your account", nl: "Mislukte aanmeldingen op je account" },
  MEMBER_ADDED: { en: "You have a new role", nl: "Je hebt een nieuwe rol" },
  OPPORTUNITY_FOR_GOAL: {
    en: "A new opportunity for what you want to develop",
    nl: "Een nieuwe leerkans voor wat je wilt ontwikkelen",
  },
  CHECK_IN_CONFIRMED: { en: "You are checked in", nl: "Je bent aangemeld" },
  QUEST_OFFER_RECEIVED: { en: "Someone offers to help", nl: "Iemand biedt hulp aan" },
  QUEST_HELPER_ACCEPTED: { en: "Your offer to help is accepted", nl: "Je hulpaanbod is aanvaard" },
  QUEST_OFFER_DECLINED: { en: "Someone else is helping", nl: "Iemand anders helpt" },
  QUEST_NEARBY: { en: "Someone near you asks for help", nl: "Iemand in je buurt vraagt hulp" },
  QUEST_HIDDEN: { en: "Your quest was reported", nl: "Je vraag werd gemeld" },
  QUEST_HELPER_WITHDREW: { en: "Your helper withdrew", nl: "Je helper trok zich terug" },
  REVIEW_ASSIGNED: { en: "A portfolio to review", nl: "Een portfolio om te beoordelen" },
  REVIEW_RECEIVED: { en: "Your portfolio was reviewed", nl: "Je portfolio werd beoordeeld" },
  REVIEW_REASSIGNED: { en: "Your review was reassigned", nl: "Je beoordeling werd doorgegeven" },
  REVIEW_DISPUTED: { en: "Peer reviews disagree", nl: "Peerbeoordelingen zijn het oneens" },
};

/** A notification's headline in the reader's language (the service worker uses it too). */
export function kindTitle(kind: string, lang: "en" | "nl"): string {
  return TITLES[kind]?.[lang] ?? "Kring";
}

/** Where a notification leads: the page of what it is about. */
export function notificationUrl(data: Record<string, unknown>): string {
  const id = (key: string): string | null => (typeof data[key] === "string" ? (data[key] as string) : null);
  const assertion = id("assertionId");
  if (assertion) return `/badges/${assertion}`;
  const claim = id("claimId");
  if (claim) return `/claims/${claim}`;
  const opportunity = id("opportunityId");
  if (opportunity) return `/opportunities/${opportunity}`;
  if (id("applicationId")) return "/applications";
  const organisation = id("organisationId");
  if (organisation) return `/organisations/${organisation}`;
  const quest = id("questId");
  if (quest) return `/quests/${quest}`;
  const assignment = id("assignmentId");
  if (assignment) return `/peer/reviews/${assignment}`;
  if (id("peerSubmissionId")) return "/peer/submissions";
  if (id("peerDisputeId")) return "/peer/disputes";
  if (id("universityId")) return "/work";
  return "/notifications";
}
