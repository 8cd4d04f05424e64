// Claim review in words and checks: who reviews an issuer's claims (as auth/permissions.py
// says, only to offer the pages; the server decides), how long a claim has waited, and what
// an approval's rubric levels still lack before it is sent.
import type { Role } from "../gql/graphql";

export interface ReviewerMembership {
  role: Role | string;
  bodyId: string;
  bodyKind: string;
  reviewsClaims?: boolean | null;
}

/** Whether this role decides the body's claims (CLAIM_REVIEW): an organisation's ADMIN, a
 * SUPERVISOR it allowed to review claims, a university's CURATOR or MODERATOR. */
export function reviewsClaims(membership: ReviewerMembership): boolean {
  if (membership.bodyKind === "Organisation") {
    return membership.role === "ADMIN" || (membership.role === "SUPERVISOR" && membership.reviewsClaims === true);
  }
  return membership.role === "CURATOR" || membership.role === "MODERATOR";
}

/** Whether the person reviews the claims of `issuerId`. */
export function reviewsClaimsAt(memberships: readonly ReviewerMembership[], issuerId: string): boolean {
  return memberships.some((m) => m.bodyId === issuerId && reviewsClaims(m));
}

/** Whether the person lets flagged endorsements of the university's claims count
 * (ENDORSEMENT_CLEAR_FLAG): its curators. */
export function clearsFlagsAt(memberships: readonly ReviewerMembership[], universityId: string): boolean {
  return memberships.some((m) => m.bodyId === universityId && m.bodyKind === "University" && m.role === "CURATOR");
}

export interface BadgeIssuer {
  id: string;
  /** `Organisation` or `University`. */
  kind: string;
}

/** Whether the person revokes the issuer's badges (ASSERTION_REVOKE): an issuing
 * organisation's ADMIN, or a CURATOR or MODERATOR of the university whose brand the badge
 * carries (the issuer itself for a university's badge; `universityId` null: not known). */
export function revokesAt(
  memberships: readonly ReviewerMembership[],
  issuer: BadgeIssuer,
  universityId: string | null,
): boolean {
  const brand = issuer.kind === "University" ? issuer.id : universityId;
  return memberships.some((m) =>
    m.bodyKind === "Organisation"
      ? issuer.kind === "Organisation" && m.bodyId === issuer.id && m.role === "ADMIN"
      : m.bodyId === brand && (m.role === "CURATOR" || m.role === "MODERATOR"),
  );
}

/** Whether knowing the brand university could let the person revoke: they are a curator or
 * moderator somewhere (only then is the organisation's university looked up). */
export function curatesSomewhere(memberships: readonly ReviewerMembership[]): boolean {
  return memberships.some((m) => m.bodyKind === "University" && (m.role === "CURATOR" || m.role === "MODERATOR"));
}

export interface Waited {
  unit: "minute" | "hour" | "day";
  count: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long a claim has waited since `since`, in the largest whole unit a reviewer reads at a
 * glance: minutes within the hour, hours within two days, then days. */
export function waitedFor(since: string, now: Date = new Date()): Waited {
  const elapsed = Math.max(0, now.getTime() - new Date(since).getTime());
  if (elapsed < HOUR) return { unit: "minute", count: Math.max(1, Math.floor(elapsed / MINUTE)) };
  if (elapsed < 2 * DAY) return { unit: "hour", count: Math.floor(elapsed / HOUR) };
  return { unit: "day", count: Math.floor(elapsed / DAY) };
}

/** A duration in the reader's language: "3 days", "3 dagen". */
export function durationText(waited: Waited, lang: "en" | "nl"): string {
  return new Intl.NumberFormat(lang === "nl" ? "nl-BE" : "en-GB", {
    style: "unit",
    unit: waited.unit,
    unitDisplay: "long",
  }).format(waited.count);
}

export interface Criterion {
  id: string;
  name: string;
  levels: readonly string[];
  minimumLevel?: number | null;
}

export interface LevelChoice {
  level: number;
  descriptor: string;
}

/** The levels an approval may give on a criterion: its minimum and above (all without one). */
export function levelChoices(criterion: Criterion): LevelChoice[] {
  const lowest = Math.max(1, criterion.minimumLevel ?? 1);
  return criterion.levels
    .map((descriptor, index) => ({ level: index + 1, descriptor }))
    .filter((choice) => choice.level >= lowest);
}

export interface RubricProblem {
  criterionId: string;
  name: string;
  kind: "missing" | "below";
  minimum: number;
}

/** The first criterion an approval cannot be sent with: no level, or one under its minimum;
 * null when every criterion has a level the server accepts. */
export function rubricProblem(
  rubric: readonly Criterion[],
  levels: Readonly<Record<string, number>>,
): RubricProblem | null {
  for (const criterion of rubric) {
    const minimum = Math.max(1, criterion.minimumLevel ?? 1);
    const given = levels[criterion.id];
    const problem = { criterionId: criterion.id, name: criterion.name, minimum };
    if (given === undefined) return { ...problem, kind: "missing" };
    if (given < minimum || given > criterion.levels.length) return { ...problem, kind: "below" };
  }
  return null;
}

/** The approval's assessment as the API takes it, in the rubric's order; null without a rubric. */
export function assessmentOf(
  rubric: readonly Criterion[],
  levels: Readonly<Record<string, number>>,
): { criterionId: string; level: number }[] | null {
  if (rubric.length === 0) return null;
  return rubric.flatMap((c) => {
    const level = levels[c.id];
    return level === undefined ? [] : [{ criterionId: c.id, level }];
  });
}

export interface FlagFacts {
  status: string;
  flag?: string | null;
  flagCleared: boolean;
}

/** An endorsement held back by a flag a curator has not cleared yet. */
export function heldByFlag(endorsement: FlagFacts): boolean {
  return endorsement.status === "ACTIVE" && Boolean(endorsement.flag) && !endorsement.flagCleared;
}
