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
  "communityPolicy.helpingHand.title": "Helping hand",
  "communityPolicy.helpingHand.since":
    "Enabled since {date}: quests in the university's network are recognised with Helping hand badges under its name.",
  "communityPolicy.helpingHand.off":
    "Not enabled: nobody can ask for help with a quest in the university's network yet.",
  "communityPolicy.helpingHand.consent":
    "Enabling it is the university's consent, given in advance: when someone who asked for help marks a quest done with a testimonial, the helper gets a Helping hand badge issued under the university's name; after helping several different people, the Helping hand I and II badges too (their criteria say how many). Its badge classes are created once. Enabling cannot be withdrawn.",
  "communityPolicy.helpingHand.enable": "Enable Helping hand…",
  "communityPolicy.helpingHand.confirm.title": "Enable Helping hand for {name}?",
  "communityPolicy.helpingHand.confirm.what":
    "From now on every quest completed with a testimonial in the university's network issues a badge in its name, without anyone at the university reviewing it. This cannot be undone.",
  "communityPolicy.helpingHand.confirm": "Yes, enable",
  "communityPolicy.helpingHand.keep": "Not now",
  "communityPolicy.helpingHand.enabled": "Helping hand enabled: quests can now be posted in the university's network.",
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
  "communityPolicy.teachers": "Alleen docenten van deze universiteit tellen als docent.",
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
    "{university} gaf geen toestemming voor een gemeenschapsbeleid: zodra je aanvraag twee aanbevelingen heeft, één van een docent, beoordeelt een curator ze.",
  "communityPolicy.selfAssert.teachers": "Alleen docenten van {university} tellen als docent.",
  "communityPolicy.helpingHand.title": "Helping hand",
  "communityPolicy.helpingHand.since":
    "Ingeschakeld sinds {date}: quests in het netwerk van de universiteit worden erkend met Helping hand-badges op haar naam.",
  "communityPolicy.helpingHand.off":
    "Niet ingeschakeld: niemand kan al om hulp vragen met een quest in het netwerk van de universiteit.",
  "communityPolicy.helpingHand.consent":
    "Inschakelen is de toestemming van de universiteit, vooraf gegeven: wanneer wie om hulp vroeg een quest afrondt met een getuigenis, krijgt de helper een Helping hand-badge uitgereikt op naam van de universiteit; wie verschillende mensen hielp, krijgt ook de Helping hand I- en II-badges (hun criteria zeggen hoeveel). De badgeklassen worden één keer aangemaakt. Inschakelen kan niet ingetrokken worden.",
  "communityPolicy.helpingHand.enable": "Helping hand inschakelen…",
  "communityPolicy.helpingHand.confirm.title": "Helping hand inschakelen voor {name}?",
  "communityPolicy.helpingHand.confirm.what":
    "Vanaf nu reikt elke quest die in het netwerk van de universiteit met een getuigenis wordt afgerond een badge uit op haar naam, zonder dat iemand van de universiteit die beoordeelt. Dit kan niet ongedaan gemaakt worden.",
  "communityPolicy.helpingHand.confirm": "Ja, inschakelen",
  "communityPolicy.helpingHand.keep": "Niet nu",
  "communityPolicy.helpingHand.enabled": "Helping hand ingeschakeld: er kunnen nu quests geplaatst worden in het netwerk van de universiteit.",
};
