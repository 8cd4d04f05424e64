import { describe, expect, it } from "vitest";
import { kindTitle, notificationUrl } from "./kinds";

describe("a notification", () => {
  it("leads to what it is about", () => {
    expect(notificationUrl({ assertionId: "a", opportunityId: "o" })).toBe("/badges/a");
    expect(notificationUrl({ claimId: "c", opportunityId: "o" })).toBe("/claims/c");
    expect(notificationUrl({ opportunityId: "o" })).toBe("/opportunities/o");
    expect(notificationUrl({ applicationId: "x" })).toBe("/applications");
    expect(notificationUrl({ organisationId: "g", role: "SUPERVISOR" })).toBe("/organisations/g");
    expect(notificationUrl({ universityId: "u", role: "CURATOR" })).toBe("/work");
    expect(notificationUrl({ assignmentId: "r" })).toBe("/peer/reviews/r");
    expect(notificationUrl({ peerSubmissionId: "s" })).toBe("/peer/submissions");
    expect(notificationUrl({ peerDisputeId: "d" })).toBe("/peer/disputes");
    expect(notificationUrl({})).toBe("/notifications");
  });

  it("has a headline in both languages, even for a kind this app does not know yet", () => {
    expect(kindTitle("BADGE_ISSUED", "nl")).toBe("Je verdiende een badge");
    expect(kindTitle("SOMETHING_NEW", "en")).toBe("Kring");
  });
});
