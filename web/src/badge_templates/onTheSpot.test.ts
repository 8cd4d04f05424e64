import { describe, expect, it } from "vitest";
import { allowedLevels, assessmentOf, issuersOf, parseEmails } from "./onTheSpot";

describe("issuersOf", () => {
  it("offers a teacher's university and approved organisations one runs, once each", () => {
    const issuers = issuersOf([
      { role: "TEACHER", bodyId: "u", bodyName: "Uni", bodyKind: "University" },
      { role: "CURATOR", bodyId: "u2", bodyName: "Other", bodyKind: "University" },
      { role: "ADMIN", bodyId: "o", bodyName: "Org", bodyKind: "Organisation", bodyStatus: "APPROVED" },
      { role: "SUPERVISOR", bodyId: "o", bodyName: "Org", bodyKind: "Organisation", bodyStatus: "APPROVED" },
      { role: "ADMIN", bodyId: "p", bodyName: "Pending", bodyKind: "Organisation", bodyStatus: "PENDING" },
    ]);
    expect(issuers).toEqual([
      { id: "u", name: "Uni", kind: "University" },
      { id: "o", name: "Org", kind: "Organisation" },
    ]);
  });
});

describe("parseEmails", () => {
  it("splits lines, commas and spaces, lower-cases and drops repeats", () => {
    expect(parseEmails("A@x.be, b@x.be\n a@X.be;c@x.be  nope")).toEqual({
      emails: ["a@x.be", "b@x.be", "c@x.be"],
      invalid: ["nope"],
    });
    expect(parseEmails("  \n ")).toEqual({ emails: [], invalid: [] });
  });
});

describe("assessmentOf", () => {
  const rubric = [
    { id: "k1", levels: ["low", "mid", "high"], minimumLevel: 2 },
    { id: "k2", levels: ["no", "yes"], minimumLevel: null },
  ];

  it("offers levels from the minimum up", () => {
    expect(allowedLevels(rubric[0]!)).toEqual([2, 3]);
    expect(allowedLevels(rubric[1]!)).toEqual([1, 2]);
  });

  it("needs an allowed level for every criterion", () => {
    expect(assessmentOf(rubric, { k1: 2 })).toBeNull();
    expect(assessmentOf(rubric, { k1: 1, k2: 2 })).toBeNull();
    expect(assessmentOf(rubric, { k1: 3, k2: 1 })).toEqual([
      { criterionId: "k1", level: 3 },
      { criterionId: "k2", level: 1 },
    ]);
    expect(assessmentOf([], {})).toEqual([]);
  });
});
