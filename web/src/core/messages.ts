// Every string the app shows, in English and Dutch: the shell's here, each domain's in its
// own folder (web/src/<domain>/messages.ts); `nl` must translate every key.
import * as badgeClasses from "../badge_classes/messages";
import * as competencies from "../competencies/messages";
import * as badgeTemplates from "../badge_templates/messages";
import * as credentials from "../credentials/messages";
import * as insights from "../insights/messages";
import * as notifications from "../notifications/messages";
import * as opportunities from "../opportunities/messages";
import * as forYou from "../opportunities/forYouMessages";
import * as opportunityStaff from "../opportunities/staffMessages";
import * as inbox from "../participation/inboxMessages";
import * as organisations from "../organisations/messages";
import * as participation from "../participation/messages";
import * as presence from "../presence/messages";
import * as people from "../people/messages";
import * as claims from "../recognition/claimMessages";
import * as curation from "../recognition/curationMessages";
import * as communityPolicy from "../recognition/communityPolicyMessages";
import * as review from "../recognition/reviewMessages";
import * as recognition from "../recognition/messages";
import * as quests from "../quests/messages";
import * as peerAssessment from "../peer_assessment/messages";
import * as portfolios from "../portfolios/messages";
import * as externalCredentials from "../external_credentials/messages";
import * as oauth from "../oauth/messages";
import * as microCredentials from "../micro_credentials/messages";
import * as europass from "../europass/messages";

const coreEn = {
  "app.name": "Kring",
  "app.skip": "Skip to content",
  "app.language": "Language",
  "nav.discover": "Discover",
  "nav.wallet": "My badges",
  "nav.applications": "My applications",
  "nav.signIn": "Sign in",
  "nav.signOut": "Sign out",
  "nav.main": "Main",
  "home.title": "Learn by doing, near you",
  "home.lead":
    "Organisations in your city offer learning opportunities. Take part, get endorsed by the people you worked with, and earn open badges you own.",
  "home.cta": "Find an opportunity",
  "error.generic": "Something went wrong: {message}",
  "error.offline": "You are offline.",
  "notFound.title": "Page not found",
} as const;

const coreNl: Record<keyof typeof coreEn, string> = {
  "app.name": "Kring",
  "app.skip": "Naar de inhoud",
  "app.language": "Taal",
  "nav.discover": "Ontdekken",
  "nav.wallet": "Mijn badges",
  "nav.applications": "Mijn inschrijvingen",
  "nav.signIn": "Aanmelden",
  "nav.signOut": "Afmelden",
  "nav.main": "Hoofdmenu",
  "home.title": "Leren door te doen, bij jou in de buurt",
  "home.lead":
    "Organisaties in je stad bieden leerkansen aan. Doe mee, laat je aanbevelen door wie met je samenwerkte en verdien open badges die van jou zijn.",
  "home.cta": "Zoek een leerkans",
  "error.generic": "Er ging iets mis: {message}",
  "error.offline": "Je bent offline.",
  "notFound.title": "Pagina niet gevonden",
};

/** Each catalogue's English keys, by name: a key in two would silently lose one text. */
export const catalogues: Record<string, readonly string[]> = {
  core: Object.keys(coreEn),
  badgeClasses: Object.keys(badgeClasses.en),
  competencies: Object.keys(competencies.en),
  credentials: Object.keys(credentials.en),
  notifications: Object.keys(notifications.en),
  opportunities: Object.keys(opportunities.en),
  opportunityStaff: Object.keys(opportunityStaff.en),
  forYou: Object.keys(forYou.en),
  organisations: Object.keys(organisations.en),
  participation: Object.keys(participation.en),
  inbox: Object.keys(inbox.en),
  people: Object.keys(people.en),
  recognition: Object.keys(recognition.en),
  claims: Object.keys(claims.en),
  insights: Object.keys(insights.en),
  curation: Object.keys(curation.en),
  communityPolicy: Object.keys(communityPolicy.en),
  review: Object.keys(review.en),
  presence: Object.keys(presence.en),
  badgeTemplates: Object.keys(badgeTemplates.en),
  quests: Object.keys(quests.en),
  peerAssessment: Object.keys(peerAssessment.en),
  portfolios: Object.keys(portfolios.en),
  externalCredentials: Object.keys(externalCredentials.en),
  oauth: Object.keys(oauth.en),
  microCredentials: Object.keys(microCredentials.en),
  europass: Object.keys(europass.en),
};

export const en = {
  ...coreEn,
  ...badgeClasses.en,
  ...competencies.en,
  ...credentials.en,
  ...notifications.en,
  ...opportunities.en,
  ...opportunityStaff.en,
  ...forYou.en,
  ...organisations.en,
  ...participation.en,
  ...inbox.en,
  ...people.en,
  ...recognition.en,
  ...claims.en,
  ...insights.en,
  ...curation.en,
  ...communityPolicy.en,
  ...review.en,
  ...presence.en,
  ...badgeTemplates.en,
  ...quests.en,
  ...peerAssessment.en,
  ...portfolios.en,
  ...externalCredentials.en,
  ...oauth.en,
  ...microCredentials.en,
  ...europass.en,
};

export type MessageKey = keyof typeof en;

export const nl: Record<MessageKey, string> = {
  ...coreNl,
  ...badgeClasses.nl,
  ...competencies.nl,
  ...credentials.nl,
  ...notifications.nl,
  ...opportunities.nl,
  ...opportunityStaff.nl,
  ...forYou.nl,
  ...organisations.nl,
  ...participation.nl,
  ...inbox.nl,
  ...people.nl,
  ...recognition.nl,
  ...claims.nl,
  ...insights.nl,
  ...curation.nl,
  ...communityPolicy.nl,
  ...review.nl,
  ...presence.nl,
  ...badgeTemplates.nl,
  ...quests.nl,
  ...peerAssessment.nl,
  ...portfolios.nl,
  ...externalCredentials.nl,
  ...oauth.nl,
  ...microCredentials.nl,
  ...europass.nl,
};
