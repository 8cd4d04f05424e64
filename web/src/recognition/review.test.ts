import { describe, expect, it } from "vitest";
import {
  assessmentOf,
  clearsFlagsAt,
  curatesSomewhere,
  durationText,
  heldByFlag,
  levelChoices,
  reviewsClaims,
  reviewsClaimsAt,
  revokesAt,
  rubricProblem,
  waitedFor,
} from "./review";

const ORG = "11111111-1111-4111-8111-111111111111";
const UNI = "22222222-2222-4222-8222-222222222222";

describe("reviewsClaims", () => {
  it("follows the issuer's reviewers: admins, allowed supervisors, curators and moderators", () => {
    const org = (role: string, allowed = false) =>
      reviewsClaims({ role, bodyId: ORG, bodyKind: "Organisation", reviewsClaims: allowed });
    expect(org("ADMIN")).toBe(true);
    expect(org("SUPERVISOR")).toBe(false);
    expect(org("SUPERVISOR", true)).toBe(true);
    const uni = (role: string) => reviewsClaims({ role, bodyId: UNI, bodyKind: "University" });
    expect(uni("CURATOR")).toBe(true);
    expect(uni("MODERATOR")).toBe(true);
    expect(uni("TEACHER")).toBe(false);
  });

  it("looks only at the claim's issuer", () => {
    const memberships = [{ role: "ADMIN", bodyId: ORG, bodyKind: "Organisation" }];
    expect(reviewsClaimsAt(memberships, ORG)).toBe(true);
    expect(reviewsClaimsAt(memberships, UNI)).toBe(false);
  });

  it("lets only the university's curators clear flags", () => {
    expect(clearsFlagsAt([{ role: "CURATOR", bodyId: UNI, bodyKind: "University" }], UNI)).toBe(true);
    expect(clearsFlagsAt([{ role: "MODERATOR", bodyId: UNI, bodyKind: "University" }], UNI)).toBe(false);
    expect(clearsFlagsAt([{ role: "ADMIN", bodyId: ORG, bodyKind: "Organisation" }], ORG)).toBe(false);
  });
});

describe("revokesAt", () => {
  const byOrg = { id: ORG, kind: "Organisation" };
  const byUni = { id: UNI, kind: "University" };
  const one = (role: string, bodyId: string, bodyKind: string) => [{ role, bodyId, bodyKind }];

  it("offers an organisation's badges to its admins and its university's curators and moderators", () => {
    expect(revokesAt(one("ADMIN", ORG, "Organisation"), byOrg, UNI)).toBe(true);
    expect(revokesAt(one("SUPERVISOR", ORG, "Organisation"), byOrg, UNI)).toBe(false);
    expect(revokesAt(one("CURATOR", UNI, "University"), byOrg, UNI)).toBe(true);
    expect(revokesAt(one("MODERATOR", UNI, "University"), byOrg, UNI)).toBe(true);
    expect(revokesAt(one("TEACHER", UNI, "University"), byOrg, UNI)).toBe(false);
    // The brand university not known (yet): its staff are not offered the action.
    expect(revokesAt(one("CURATOR", UNI, "University"), byOrg, null)).toBe(false);
  });

  it("offers a university's badges to its curators and moderators, never to an admin elsewhere", () => {
    expect(revokesAt(one("CURATOR", UNI, "University"), byUni, null)).toBe(true);
    expect(revokesAt(one("MODERATOR", UNI, "University"), byUni, null)).toBe(true);
    expect(revokesAt(one("ADMIN", ORG, "Organisation"), byUni, null)).toBe(false);
    expect(revokesAt(one("ADMIN", ORG, "Organisation"), { id: "other", kind: "Organisation" }, UNI)).toBe(false);
  });

  it("looks up the brand university only for curators and moderators", () => {
    expect(curatesSomewhere(one("MODERATOR", UNI, "University"))).toBe(true);
    expect(curatesSomewhere(one("TEACHER", UNI, "University"))).toBe(false);
    expect(curatesSomewhere(one("ADMIN", ORG, "Organisation"))).toBe(false);
  });
});

describe("waitedFor", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  it("says minutes within the hour, hours within two days, then days", () => {
    expect(waitedFor("2026-11-30T11:59:50Z", now)).toEqual({ unit: "minute", count: 1 });
    expect(waitedFor("2026-11-30T11:15:00Z", now)).toEqual({ unit: "minute", count: 45 });
    expect(waitedFor("2026-11-30T07:00:00Z", now)).toEqual({ unit: "hour", count: 5 });
    expect(waitedFor("2026-11-28T13:00:00Z", now)).toEqual({ unit: "hour", count: 47 });
    expect(waitedFor("2026-11-20T12:00:00Z", now)).toEqual({ unit: "day", count: 10 });
  });

  it("does not go negative when the clocks differ", () => {
    expect(waitedFor("2026-11-30T12:05:00Z", now)).toEqual({ unit: "minute", count: 1 });
  });

  it("words the duration in the reader's language", () => {
    expect(durationText({ unit: "day", count: 3 }, "en")).toBe("3 days");
    expect(durationText({ unit: "day", count: 3 }, "nl")).toBe("3 dagen");
    expect(durationText({ unit: "hour", count: 1 }, "en")).toBe("1 hour");
  });
});

const RUBRIC = [
  { id: "a", name: "Safety", levels: ["Unsafe", "Careful", "Exemplary"], minimumLevel: 2 },
  { id: "b", name: "Teamwork", levels: ["Alone", "Together"], minimumLevel: null },
];

describe("rubric levels", () => {
  it("offers only the levels at or above a criterion's minimum, with their descriptors", () => {
    expect(levelChoices(RUBRIC[0]!)).toEqual([
      { level: 2, descriptor: "Careful" },
      { level: 3, descriptor: "Exemplary" },
    ]);
    expect(levelChoices(RUBRIC[1]!).map((c) => c.level)).toEqual([1, 2]);
  });

  it("names the first criterion without a level, or under its minimum", () => {
    expect(rubricProblem(RUBRIC, { b: 1 })).toMatchObject({ criterionId: "a", kind: "missing", name: "Safety" });
    expect(rubricProblem(RUBRIC, { a: 1, b: 1 })).toMatchObject({ criterionId: "a", kind: "below", minimum: 2 });
    expect(rubricProblem(RUBRIC, { a: 3 })).toMatchObject({ criterionId: "b", kind: "missing" });
    expect(rubricProblem(RUBRIC, { a: 2, b: 2 })).toBeNull();
    expect(rubricProblem([], {})).toBeNull();
  });

  it("sends the levels in the rubric's order, and nothing for a class without a rubric", () => {
    expect(assessmentOf(RUBRIC, { b: 2, a: 3 })).toEqual([
      { criterionId: "a", level: 3 },
      { criterionId: "b", level: 2 },
    ]);
    expect(assessmentOf([], {})).toBeNull();
  });
});

describe("heldByFlag", () => {
  it("holds an active flagged endorsement until a curator clears it", () => {
    expect(heldByFlag({ status: "ACTIVE", flag: "RECIPROCAL", flagCleared: false })).toBe(true);
    expect(heldByFlag({ status: "ACTIVE", flag: "CYCLE", flagCleared: true })).toBe(false);
    expect(heldByFlag({ status: "WITHDRAWN", flag: "CYCLE", flagCleared: false })).toBe(false);
    expect(heldByFlag({ status: "ACTIVE", flag: null, flagCleared: false })).toBe(false);
  });
});
