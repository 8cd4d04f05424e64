import { describe, expect, it } from "vitest";
import { decisionsByClass, validationActionKey } from "./validations";

describe("validations", () => {
  it("counts each class's decisions: a class with none has no history to show", () => {
    const counts = decisionsByClass([{ badgeClassId: "a" }, { badgeClassId: "b" }, { badgeClassId: "a" }]);
    expect(counts.get("a")).toBe(2);
    expect(counts.get("b")).toBe(1);
    expect(counts.has("c")).toBe(false);
  });

  it("says the two decisions in words and leaves any other as recorded", () => {
    expect(validationActionKey("VALIDATE")).toBe("curation.action.VALIDATE");
    expect(validationActionKey("WITHDRAW")).toBe("curation.action.WITHDRAW");
    expect(validationActionKey("SUSPEND")).toBeNull();
  });
});
