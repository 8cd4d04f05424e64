// A university's community policy: its staff's page and what the self-assert form tells a
// learner; `nl` must translate every key of `en`.
export const en = {
  "communityPolicy.title": "Community policy: {name}",
  "communityPolicy.lead":
    "A learner can claim learning that happened anywhere as a one-off badge of this university. With your consent, such a claim is issued under the university's name as soon as its endorsements meet the policy below. Without it, each one goes to your claim reviewers.",
  "communityPolicy.signIn": "Sign in to manage the community policy.",
  "communityPolicy.loading": "Loading the community policy…",
  "communityPolicy.notFound": "No such university.",
  "communityPolicy.now": "Now",
  "communityPolicy.consented": "The university consents since {date}: endorsements issue a learner's one-off badge.",
  "communityPolicy.none":
    "The university has not consented: every one-off claim that is endorsed goes to its claim reviewers.",
  "communityPolicy.teachers": "Only teachers of this university count as teacher.",
  "communityPolicy.record": "Record consent",
  "communityPolicy.change": "Change the policy",
  "communityPolicy.minimum": "Endorsements needed",
  "communityPolicy.minimum.help": "From 1 to 10. A one-off badge always needs endorsements.",
  "communityPolicy.relationships": "Whose endorsements count",
  "communityPolicy.requireOneOf": "At least one of them must come from (optional)",
  "communityPolicy.consent": "Consent to this policy",
  "communityPolicy.withdraw": "Withdraw consent",
  "communityPolicy.saved": "Consent recorded.",
  "communityPolicy.withdrawn": "Consent withdrawn: one-off claims go to your claim reviewers again.",
  "communityPolicy.problem.minimum": "Endorsements needed must be a whole number from 1 to 10.",
  "communityPolicy.problem.relationships": "Choose whose endorsements count.",
  "communityPolicy.selfAssert.issues":
    "{university} consents to its community policy: once your endorsements meet it, your badge is issued.",
  "communityPolicy.selfAssert.reviewed":
    "{university} has not consented to a community policy: once your claim has two endorsements, one from a teacher, a curator reviews it.",
  "communityPolicy.selfAssert.teachers": "Only teachers of {university} count as teacher.",
};

export const nl: Record<keyof typeof en, string> = {
  "communityPolicy.title": "Gemeenschapsbeleid: {name}",
  "communityPolicy.lead":
    "Een lerende kan leren dat overal gebeurde aanvragen als eenmalige badge van deze universiteit. Met jullie toestemming wordt zo'n aanvraag uitgereikt op naam van de universiteit zodra de aanbevelingen aan het beleid hieronder voldoen. Zonder toestemming gaat elke aanvraag naar jullie beoordelaars.",
  "communityPolicy.signIn": "Meld je aan om het gemeenschapsbeleid te beheren.",
  "communityPolicy.loading": "Het gemeenschapsbeleid wordt geladen…",
  "communityPolicy.notFound": "Deze universiteit bestaat niet.",
  "communityPolicy.now": "Nu",
  "communityPolicy.consented":
    "De universiteit geeft toestemming sinds {date}: aanbevelingen reiken de eenmalige badge van een lerende uit.",
  "communityPolicy.none":
    "De universiteit gaf geen toestemming: elke aanbevolen eenmalige aanvraag gaat naar haar beoordelaars.",
  "communityPolicy.teachers": "Alleen leraren van deze universiteit tellen als leraar.",
  "communityPolicy.record": "Toestemming vastleggen",
  "communityPolicy.change": "Het beleid wijzigen",
  "communityPolicy.minimum": "Aantal aanbevelingen",
  "communityPolicy.minimum.help": "Van 1 tot 10. Een eenmalige badge vraagt altijd aanbevelingen.",
  "communityPolicy.relationships": "Wiens aanbevelingen tellen",
  "communityPolicy.requireOneOf": "Minstens één ervan moet komen van (optioneel)",
  "communityPolicy.consent": "Toestemming geven voor dit beleid",
  "communityPolicy.withdraw": "Toestemming intrekken",
  "communityPolicy.saved": "Toestemming vastgelegd.",
  "communityPolicy.withdrawn":
    "Toestemming ingetrokken: eenmalige aanvragen gaan opnieuw naar jullie beoordelaars.",
  "communityPolicy.problem.minimum": "Het aantal aanbevelingen is een geheel getal van 1 tot 10.",
  "communityPolicy.problem.relationships": "Kies wiens aanbevelingen tellen.",
  "communityPolicy.selfAssert.issues":
    "{university} geeft toestemming voor haar gemeenschapsbeleid: zodra je aanbevelingen eraan voldoen, wordt je badge uitgereikt.",
  "communityPolicy.selfAssert.reviewed":
    "{university} gaf geen toestemming voor een gemeenschapsbeleid: zodra je aanvraag twee aanbevelingen heeft, één van een leraar, beoordeelt een curator ze.",
  "communityPolicy.selfAssert.teachers": "Alleen leraren van {university} tellen als leraar.",
};
