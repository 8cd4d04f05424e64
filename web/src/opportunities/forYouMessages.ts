// "For you" and "Next steps" on the home page: recommendations and pathways continued, each
// with why; `nl` must translate every key of `en`.
export const en = {
  "forYou.title": "For you",
  "forYou.lead": "From your badges, claims, what you took part in and the areas you follow.",
  "forYou.none": "Nothing to recommend yet: earn a badge, follow an area or take part, and suggestions appear here.",
  "forYou.loading": "Looking for opportunities for you…",
  "forYou.NEXT_LEVEL": "You hold “{name}”: this leads one level up.",
  "forYou.PATHWAY": "Continues your pathway “{name}”.",
  "forYou.CLAIMING": "Leads to “{name}”, which you are claiming.",
  "forYou.LIKE_DONE": "Like “{name}”, which you took part in.",
  "forYou.SAVED_AREA": "In your area “{name}”.",
  "forYou.WANT_TO_DEVELOP": "Builds “{name}”, which you want to develop.",
  "nextSteps.title": "Next steps",
  "nextSteps.lead": "Opportunities towards the other badges of a pathway you started.",
  "nextSteps.none":
    "No next steps yet. A pathway is a badge that stacks several others: complete an opportunity that leads to one of them, and what leads to the rest appears here.",
  "nextSteps.loading": "Looking for your next steps…",
} as const;

export const nl: Record<keyof typeof en, string> = {
  "forYou.title": "Voor jou",
  "forYou.lead": "Op basis van je badges, aanvragen, waaraan je deelnam en de buurten die je volgt.",
  "forYou.none": "Nog niets om aan te raden: verdien een badge, volg een buurt of neem deel, en hier verschijnen suggesties.",
  "forYou.loading": "Leerkansen voor jou zoeken…",
  "forYou.NEXT_LEVEL": "Je hebt “{name}”: dit leidt een niveau hoger.",
  "forYou.PATHWAY": "Zet je traject “{name}” verder.",
  "forYou.CLAIMING": "Leidt tot “{name}”, die je aanvraagt.",
  "forYou.LIKE_DONE": "Zoals “{name}”, waaraan je deelnam.",
  "forYou.SAVED_AREA": "In je buurt “{name}”.",
  "forYou.WANT_TO_DEVELOP": "Werkt aan “{name}”, wat je wilt ontwikkelen.",
  "nextSteps.title": "Volgende stappen",
  "nextSteps.lead": "Leerkansen naar de andere badges van een traject dat je begon.",
  "nextSteps.none":
    "Nog geen volgende stappen. Een traject is een badge die er enkele andere bundelt: rond een leerkans af die tot een ervan leidt, en wat naar de rest leidt verschijnt hier.",
  "nextSteps.loading": "Je volgende stappen zoeken…",
};
