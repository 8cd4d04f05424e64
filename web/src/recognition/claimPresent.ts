// How a claim is told in words: its state, what its endorsements' trust signals mean, how far
// each request to endorse got, what the badge class's policy asks, and file sizes and types.
import type { MessageKey } from "../core/messages";
import type { ClaimStatus, Relationship } from "../gql/graphql";

/** A claim nobody decided on yet: it still takes endorsements and may be withdrawn. */
export function undecided(status: ClaimStatus): boolean {
  return status === "OPEN" || status === "IN_REVIEW" || status === "RETURNED";
}

/** The learner may change a claim's evidence while it is theirs to work on. */
export function revisable(status: ClaimStatus): boolean {
  return status === "OPEN" || status === "RETURNED";
}

export const RELATIONSHIPS: readonly Relationship[] = ["TEACHER", "SUPERVISOR", "PEER", "OTHER"];

export interface EndorsementFacts {
  status: string;
  counts: boolean;
  flag?: "RECIPROCAL" | "CYCLE" | null;
  flagCleared: boolean;
  onEarlierRevision: boolean;
  trust: { holdsSameBadge: boolean; supervisesHost: boolean; isTeacher: boolean; reciprocal: boolean };
}

export interface Signal {
  key: MessageKey;
  /** Said with a mark as well as in words: ✓ reassuring, ! worth a second look, • plain. */
  tone: "good" | "caution" | "plain";
}

/** What the graph says about an endorser and their endorsement, each fact in words. */
export function trustSignals(e: EndorsementFacts): Signal[] {
  const found: Signal[] = [];
  if (e.trust.isTeacher) found.push({ key: "trust.teacher", tone: "good" });
  if (e.trust.supervisesHost) found.push({ key: "trust.supervisor", tone: "good" });
  if (e.trust.holdsSameBadge) found.push({ key: "trust.holdsBadge", tone: "good" });
  if (e.status !== "ACTIVE") {
    found.push({ key: "trust.withdrawn", tone: "caution" });
    return found;
  }
  if (e.flag && !e.flagCleared) {
    found.push({ key: e.flag === "RECIPROCAL" ? "trust.reciprocal" : "trust.cycle", tone: "caution" });
  } else if (e.flag && e.flagCleared) {
    found.push({ key: "trust.cleared", tone: "good" });
  } else if (e.trust.reciprocal) {
    found.push({ key: "trust.reciprocal", tone: "caution" });
  }
  found.push(e.counts ? { key: "trust.counts", tone: "good" } : { key: "trust.held", tone: "caution" });
  if (e.onEarlierRevision) found.push({ key: "trust.earlier", tone: "plain" });
  return found;
}

export type RequestState = "ENDORSED" | "EXPIRED" | "ACCEPTED" | "WAITING";

export interface RequestFacts {
  email?: string | null;
  endorsed: boolean;
  acceptedAt?: string | null;
  expiresAt: string;
}

/** How far a request got. Only an e-mailed link expires; a person asked by name may still
 * endorse. */
export function requestState(r: RequestFacts, now: Date = new Date()): RequestState {
  if (r.endorsed) return "ENDORSED";
  if (r.acceptedAt) return "ACCEPTED";
  if (r.email && new Date(r.expiresAt) <= now) return "EXPIRED";
  return "WAITING";
}

export interface PolicyFacts {
  minimum: number;
  relationships: readonly Relationship[];
  requireOneOf: readonly Relationship[];
}

/** The server's default endorsement policy (graph/badge_classes/fields.py DEFAULT_POLICY). */
export const DEFAULT_POLICY: PolicyFacts = {
  minimum: 2,
  relationships: ["TEACHER", "SUPERVISOR", "PEER"],
  requireOneOf: ["TEACHER", "SUPERVISOR"],
};

/** The message keys (with their parameters' relationships) that say what a policy asks. */
export function policyParts(policy: PolicyFacts): { key: MessageKey; relationships?: readonly Relationship[] }[] {
  if (policy.minimum === 0) return [{ key: "policy.none" }];
  const parts: { key: MessageKey; relationships?: readonly Relationship[] }[] = [
    { key: policy.minimum === 1 ? "policy.minimum.one" : "policy.minimum", relationships: policy.relationships },
  ];
  if (policy.requireOneOf.length > 0) parts.push({ key: "policy.oneOf", relationships: policy.requireOneOf });
  return parts;
}

/** A list in the reader's language: "a, b or c". */
export function orList(items: readonly string[], lang: "en" | "nl"): string {
  return new Intl.ListFormat(lang === "nl" ? "nl-BE" : "en-GB", { type: "disjunction" }).format(items);
}

/** A file's size for people: bytes, kB or MB (of 1024). */
export function fileSize(bytes: number, lang: "en" | "nl"): string {
  const tag = lang === "nl" ? "nl-BE" : "en-GB";
  if (bytes < 1024) {
    return new Intl.NumberFormat(tag, { style: "unit", unit: "byte", unitDisplay: "long" }).format(bytes);
  }
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "kilobyte"] : [bytes / (1024 * 1024), "megabyte"];
  return new Intl.NumberFormat(tag, { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}

/** A media type as people name it: PNG, JPEG, PDF; text as text. */
export function typeName(mediaType: string): string {
  if (mediaType === "text/plain") return "TXT";
  const subtype = mediaType.split("/")[1] ?? mediaType;
  return subtype.toUpperCase();
}

export interface KnownEndorser {
  id: string;
  name: string;
}

interface ClaimWithEndorsers {
  id: string;
  endorsements: readonly { endorserId?: string | null; endorserName: string }[];
}

/** People who endorsed the learner's other claims and are not yet asked on this one: those
 * the learner can ask again by name (the API has no search for people). */
export function formerEndorsers(
  claims: readonly ClaimWithEndorsers[],
  current: string,
  alreadyAsked: ReadonlySet<string>,
): KnownEndorser[] {
  const found = new Map<string, string>();
  for (const claim of claims) {
    for (const e of claim.endorsements) {
      if (!e.endorserId || alreadyAsked.has(e.endorserId)) continue;
      if (claim.id === current) continue;
      found.set(e.endorserId, e.endorserName);
    }
  }
  const onThisClaim = claims.find((c) => c.id === current);
  for (const e of onThisClaim?.endorsements ?? []) if (e.endorserId) found.delete(e.endorserId);
  return [...found].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export interface LinkRowValue {
  url: string;
  name: string;
}

/** The links of a form as the API takes them: empty rows left out, a missing name filled
 * with the address; or the first address that is not an http(s) URL. */
export function evidenceLinks(
  rows: readonly LinkRowValue[],
): { links: { url: string; name: string }[] } | { invalid: string } {
  const links: { url: string; name: string }[] = [];
  for (const row of rows) {
    const url = row.url.trim();
    const name = row.name.trim();
    if (!url && !name) continue;
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || !parsed.hostname) {
      return { invalid: url || name };
    }
    links.push({ url, name: (name || url).slice(0, 200) });
  }
  return { links };
}
