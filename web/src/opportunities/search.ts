// A discovery search lives in the URL, so it can be shared and the back button works.
import type { DiscoveryKind, Domain, Level, OpportunityFilter, OpportunitySort } from "../gql/graphql";

export const DOMAINS: readonly Domain[] = [
  "DIGITAL_LITERACY",
  "SUSTAINABILITY",
  "ENTREPRENEURIAL_SPIRIT",
  "RESEARCH",
  "GLOBAL_CITIZENSHIP",
];
export const LEVELS: readonly Level[] = ["BEGINNER", "INTERMEDIATE", "EXPERT"];
export const RADII_KM: readonly number[] = [1, 2, 5, 10, 25, 50];
export const DEFAULT_RADIUS_KM = 5;

/** The next larger radius the page offers, to widen a circle that found nothing; null at the
 * largest (then only "everywhere" is wider). */
export function widerRadius(km: number): number | null {
  return RADII_KM.find((r) => r > km) ?? null;
}

/** What a search lists: opportunities (the default), quests, or both in one order. */
export type Kind = "opportunity" | "quest" | "all";
export const KINDS: readonly Kind[] = ["opportunity", "quest", "all"];
const API_KINDS: Record<Kind, DiscoveryKind[]> = {
  opportunity: ["OPPORTUNITY"],
  quest: ["QUEST"],
  all: ["OPPORTUNITY", "QUEST"],
};

export interface Search {
  kind: Kind;
  text: string;
  near: { latitude: number; longitude: number } | null;
  radiusKm: number;
  domain: Domain | null;
  level: Level | null;
  freePlaces: boolean;
  goals: boolean; // only what leads to a competency the (signed-in) learner wants to develop
  startsAfter: string | null; // yyyy-mm-dd
  sort: Order | null; // null: the default for what was given (see `order`)
}

export const EMPTY: Search = {
  kind: "opportunity",
  text: "",
  near: null,
  radiusKm: DEFAULT_RADIUS_KM,
  domain: null,
  level: null,
  freePlaces: false,
  goals: false,
  startsAfter: null,
  sort: null,
};

function coordinate(raw: string | null, limit: number): number | null {
  if (raw === null || raw.trim() === "") return null;
  const value = Number(raw);
  return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** The search a URL describes; anything malformed is left out rather than failing. */
export function fromParams(params: URLSearchParams): Search {
  const latitude = coordinate(params.get("lat"), 90);
  const longitude = coordinate(params.get("lon"), 180);
  const radius = Number(params.get("r"));
  const domain = params.get("domain");
  const level = params.get("level");
  const after = params.get("after");
  return {
    kind: KINDS.find((k) => k === params.get("kind")) ?? "opportunity",
    text: (params.get("q") ?? "").slice(0, 200),
    near: latitude !== null && longitude !== null ? { latitude, longitude } : null,
    radiusKm: RADII_KM.includes(radius) ? radius : DEFAULT_RADIUS_KM,
    domain: DOMAINS.find((d) => d === domain) ?? null,
    level: LEVELS.find((l) => l === level) ?? null,
    freePlaces: params.get("free") === "1",
    goals: params.get("goals") === "1",
    startsAfter: after && /^\d{4}-\d{2}-\d{2}$/.test(after) ? after : null,
    sort: ORDERS.find((o) => o === params.get("sort")) ?? null,
  };
}

export function toParams(search: Search): URLSearchParams {
  const params = new URLSearchParams();
  if (search.kind !== "opportunity") params.set("kind", search.kind);
  if (search.text.trim()) params.set("q", search.text.trim());
  if (search.near) {
    params.set("lat", search.near.latitude.toFixed(5));
    params.set("lon", search.near.longitude.toFixed(5));
    params.set("r", String(search.radiusKm));
  }
  if (search.domain) params.set("domain", search.domain);
  if (search.level) params.set("level", search.level);
  if (search.freePlaces) params.set("free", "1");
  if (search.goals) params.set("goals", "1");
  if (search.startsAfter) params.set("after", search.startsAfter);
  if (search.sort && search.sort !== defaultOrder(search)) params.set("sort", search.sort);
  return params;
}

/** The kinds the API lists for a search. */
export function toKinds(search: Search): DiscoveryKind[] {
  return API_KINDS[search.kind];
}

/** Whether the filters only opportunities have (level, free places, start) apply: a quest has
 * none of them, so a quests-only search neither shows nor sends them. */
export function opportunityFilters(search: Search): boolean {
  return search.kind !== "quest";
}

/** The API's filter for a search; the server sorts by distance, relevance or start from it. */
export function toFilter(search: Search): OpportunityFilter {
  const only = opportunityFilters(search);
  const filter: OpportunityFilter = { hasFreePlaces: only && search.freePlaces };
  if (search.text.trim()) filter.text = search.text.trim();
  if (search.near) filter.near = { ...search.near, radiusKm: search.radiusKm };
  if (search.domain) filter.domains = [search.domain];
  if (only && search.level) filter.levels = [search.level];
  if (only && search.goals) filter.forMyGoals = true;
  if (only && search.startsAfter)
    filter.startsAfter = new Date(`${search.startsAfter}T00:00:00`).toISOString();
  const sort = order(search);
  if (sort !== defaultOrder(search)) filter.sort = SORTS[sort];
  return filter;
}

export type Order = "distance" | "relevance" | "start";
const ORDERS: readonly Order[] = ["distance", "relevance", "start"];
const SORTS: Record<Order, OpportunitySort> = {
  distance: "DISTANCE",
  relevance: "RELEVANCE",
  start: "START",
};

/** The orders a search can be sorted in: distance needs a place, relevance needs words. */
export function orders(search: Search): Order[] {
  return ORDERS.filter(
    (o) => (o !== "distance" || search.near !== null) && (o !== "relevance" || search.text.trim() !== ""),
  );
}

// As the server's (graph/opportunities/discovery.py, Filters.order): words mean "best match".
function defaultOrder(search: Search): Order {
  if (search.text.trim()) return "relevance";
  if (search.near) return "distance";
  return "start";
}

/** The order results come in: the chosen one when the search allows it, else the default. */
export function order(search: Search): Order {
  return search.sort && orders(search).includes(search.sort) ? search.sort : defaultOrder(search);
}
