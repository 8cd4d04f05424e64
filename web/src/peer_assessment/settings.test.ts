import { describe, expect, it } from "vitest";
import { mayConfigure, peerRefusal, settingsDraft, settingsInput } from "./settings";

const filled = { reviewers: "3", passingScore: "4", disagreement: "2", expiryDays: "10" };

describe("the peer-assessment settings form", () => {
  it("starts from the recorded numbers, else the server's defaults with the scores left open", () => {
    expect(settingsDraft({})).toEqual({ reviewers: "3", passingScore: "", disagreement: "", expiryDays: "7" });
    expect(settingsDraft({ reviewers: 2, passingScore: 5, disagreement: 0, expiryDays: 14 })).toEqual({
      reviewers: "2",
      passingScore: "5",
      disagreement: "0",
      expiryDays: "14",
    });
  });

  it("sends whole numbers within the bounds, the scores against the rubric's highest total", () => {
    expect(settingsInput({ ...filled, reviewers: " 7 " }, 5)).toEqual({
      input: { reviewers: 7, passingScore: 4, disagreement: 2, expiryDays: 10 },
    });
    // No disagreement allowed at all (0) and a pass at the highest total are within bounds.
    expect(settingsInput({ ...filled, passingScore: "5", disagreement: "0" }, 5)).toEqual({
      input: { reviewers: 3, passingScore: 5, disagreement: 0, expiryDays: 10 },
    });
  });

  it("names each field out of bounds with its range", () => {
    const checked = settingsInput(
      { reviewers: "8", passingScore: "6", disagreement: "6", expiryDays: "0" },
      5,
    );
    expect(checked).toEqual({
      problems: {
        reviewers: { key: "peerSettings.problem.range", params: { low: 1, high: 7 } },
        passingScore: { key: "peerSettings.problem.range", params: { low: 1, high: 5 } },
        disagreement: { key: "peerSettings.problem.range", params: { low: 0, high: 5 } },
        expiryDays: { key: "peerSettings.problem.range", params: { low: 1, high: 30 } },
      },
    });
    expect(settingsInput({ ...filled, expiryDays: "31" }, 5)).toEqual({
      problems: { expiryDays: { key: "peerSettings.problem.range", params: { low: 1, high: 30 } } },
    });
  });

  it("refuses what is not a whole number: empty, a fraction, a sign", () => {
    const checked = settingsInput({ reviewers: "2.5", passingScore: "", disagreement: "-1", expiryDays: "7" }, 5);
    expect(checked).toEqual({
      problems: {
        reviewers: { key: "peerSettings.problem.number", params: { low: 1, high: 7 } },
        passingScore: { key: "peerSettings.problem.number", params: { low: 1, high: 5 } },
        disagreement: { key: "peerSettings.problem.number", params: { low: 0, high: 5 } },
      },
    });
  });
});

describe("who is offered the form", () => {
  const issuer = "issuer-1";
  it("an organisation's admin, a university's moderator or curator, of this issuer only", () => {
    expect(mayConfigure([{ role: "ADMIN", bodyId: issuer, bodyKind: "Organisation" }], issuer)).toBe(true);
    expect(mayConfigure([{ role: "CURATOR", bodyId: issuer, bodyKind: "University" }], issuer)).toBe(true);
    expect(mayConfigure([{ role: "MODERATOR", bodyId: issuer, bodyKind: "University" }], issuer)).toBe(true);
    expect(mayConfigure([{ role: "SUPERVISOR", bodyId: issuer, bodyKind: "Organisation" }], issuer)).toBe(false);
    expect(mayConfigure([{ role: "TEACHER", bodyId: issuer, bodyKind: "University" }], issuer)).toBe(false);
    expect(mayConfigure([{ role: "ADMIN", bodyId: "another", bodyKind: "Organisation" }], issuer)).toBe(false);
  });
});

describe("peerRefusal", () => {
  const plain = {
    oneOff: false,
    helpingHand: false,
    officiallyValidated: false,
    issuance: { autoIssueOnCompletion: false },
  };

  it("lets an ordinary class be peer-assessed", () => {
    expect(peerRefusal(plain)).toBeNull();
  });

  it("refuses classes that issue themselves or belong to one claim, as the server does", () => {
    expect(peerRefusal({ ...plain, oneOff: true })).toBe("special");
    expect(peerRefusal({ ...plain, helpingHand: true })).toBe("special");
    expect(peerRefusal({ ...plain, issuance: { autoIssueOnCompletion: true } })).toBe("special");
    expect(peerRefusal({ ...plain, helpingHand: true, officiallyValidated: true })).toBe("special");
  });

  it("refuses an officially validated class", () => {
    expect(peerRefusal({ ...plain, officiallyValidated: true })).toBe("validated");
  });
});
