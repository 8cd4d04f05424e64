import { describe, expect, it } from "vitest";
import { bodiesOf, hasWork, PLATFORM_LINKS, workLinks } from "./work";

const ORG = "11111111-1111-4111-8111-111111111111";
const UNI = "22222222-2222-4222-8222-222222222222";

describe("workLinks", () => {
  it("gives an approved organisation's admin every page of the organisation", () => {
    const links = workLinks({ role: "ADMIN", bodyId: ORG, bodyKind: "Organisation", bodyStatus: "APPROVED" });
    expect(links.map((l) => l.href)).toEqual([
      `/organisations/${ORG}`,
      `/organisations/${ORG}/opportunities`,
      `/on-the-spot?issuer=${ORG}`,
      `/issuers/${ORG}/badge-classes`,
      `/issuers/${ORG}/reviews`,
      `/peer/disputes?issuer=${ORG}`,
      `/organisations/${ORG}/insights`,
    ]);
  });

  it("does not offer a supervisor the badge-class designer", () => {
    const links = workLinks({ role: "SUPERVISOR", bodyId: ORG, bodyKind: "Organisation", bodyStatus: "APPROVED" });
    expect(links.map((l) => l.label)).toEqual(["work.profile", "work.opportunities", "work.onTheSpot", "work.insights"]);
  });

  it("offers claims to review and disputed peer reviews to a supervisor only when allowed to review claims", () => {
    const links = workLinks({
      role: "SUPERVISOR",
      bodyId: ORG,
      bodyKind: "Organisation",
      bodyStatus: "APPROVED",
      reviewsClaims: true,
    });
    expect(links.map((l) => l.label)).toContain("work.peerDisputes");
    expect(links.map((l) => l.href)).toContain(`/issuers/${ORG}/reviews`);
  });

  it("offers a pending or rejected organisation only its own page", () => {
    for (const bodyStatus of ["PENDING", "REJECTED"]) {
      const links = workLinks({ role: "ADMIN", bodyId: ORG, bodyKind: "Organisation", bodyStatus });
      expect(links.map((l) => l.label)).toEqual(["work.profile"]);
    }
  });

  it("gives a university's roles their own pages", () => {
    const of = (role: string) =>
      workLinks({ role, bodyId: UNI, bodyKind: "University" }).map((l) => l.label);
    // Moderators manage the university's people; curators and teachers do not.
    expect(of("MODERATOR")).toEqual([
      "work.moderation",
      "work.people",
      "work.badgeClasses",
      "work.badgeTemplates",
      "work.communityPolicy",
      "work.frameworkImport",
      "work.reviews",
      "work.peerDisputes",
      "work.insights",
    ]);
    expect(of("CURATOR")).toEqual([
      "work.curation",
      "work.badgeClasses",
      "work.badgeTemplates",
      "work.communityPolicy",
      "work.frameworkImport",
      "work.reviews",
      "work.peerDisputes",
      "work.insights",
    ]);
    // A teacher reviews no claims of the university, so decides no disputes either.
    expect(of("TEACHER")).toEqual(["work.onTheSpot", "work.insights"]);
  });
});

describe("bodiesOf", () => {
  it("merges the roles one person holds at one body, without repeating a link", () => {
    const bodies = bodiesOf([
      { role: "CURATOR", bodyId: UNI, bodyName: "Uni", bodyKind: "University" },
      { role: "MODERATOR", bodyId: UNI, bodyName: "Uni", bodyKind: "University" },
      { role: "ADMIN", bodyId: ORG, bodyName: "Zeta", bodyKind: "Organisation", bodyStatus: "APPROVED" },
    ]);
    expect(bodies.map((b) => b.name)).toEqual(["Zeta", "Uni"]);
    expect(bodies[1]?.roles).toEqual(["CURATOR", "MODERATOR"]);
    expect(bodies[1]?.links.map((l) => l.label)).toEqual([
      "work.moderation",
      "work.people",
      "work.curation",
      "work.reviews",
      "work.badgeClasses",
      "work.badgeTemplates",
      "work.communityPolicy",
      "work.frameworkImport",
      "work.peerDisputes",
      "work.insights",
    ]);
  });

  it("shows the header link only to people with a role", () => {
    expect(hasWork([])).toBe(false);
    expect(hasWork(undefined)).toBe(false);
    expect(hasWork([{ role: "TEACHER", bodyId: UNI, bodyKind: "University" }])).toBe(true);
  });

  it("offers work to a platform admin with no role anywhere: adding universities", () => {
    expect(hasWork([], true)).toBe(true);
    expect(hasWork(undefined, false)).toBe(false);
    expect(PLATFORM_LINKS.map((l) => l.href)).toEqual(["/universities/new"]);
  });
});
