import { describe, expect, it } from "vitest";
import { policyDraft, policyInput } from "./communityPolicy";

describe("policyDraft", () => {
  it("starts from the recorded policy, else from the default a university knows", () => {
    expect(policyDraft({ minimum: 1, relationships: ["PEER"], requireOneOf: [] })).toEqual({
      minimum: "1",
      relationships: ["PEER"],
      requireOneOf: [],
    });
    expect(policyDraft(null).minimum).toBe("2");
  });
});

describe("policyInput", () => {
  it("sends a policy of at least one endorsement from someone", () => {
    expect(policyInput({ minimum: "3", relationships: ["TEACHER", "PEER"], requireOneOf: ["TEACHER"] })).toEqual({
      minimum: 3,
      relationships: ["TEACHER", "PEER"],
      requireOneOf: ["TEACHER"],
    });
  });

  it("refuses no endorsements, too many, a fraction, or nobody counting", () => {
    for (const minimum of ["0", "11", "1.5", "", "two"]) {
      expect(typeof policyInput({ minimum, relationships: ["PEER"], requireOneOf: [] })).toBe("string");
    }
    expect(typeof policyInput({ minimum: "1", relationships: [], requireOneOf: [] })).toBe("string");
  });

  it("drops a required relationship that no longer counts", () => {
    expect(policyInput({ minimum: "1", relationships: ["PEER"], requireOneOf: ["TEACHER"] })).toEqual({
      minimum: 1,
      relationships: ["PEER"],
      requireOneOf: [],
    });
  });
});
