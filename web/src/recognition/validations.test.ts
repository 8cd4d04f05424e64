import { describe, expect, it } from "vitest";
import { newestDecisionByClass, validationActionKey } from "./validations";

describe("validations", () => {
  it("keys each class on its newest decision, so a new one changes the key even when the count stays", () => {
    const before = [
      { badgeClassId: "a", action: "VALIDATE", at: "2026-11-02T10:00:00Z" },
      { badgeClassId: "b", action: "VALIDATE", at: "2026-11-01T09:00:00Z" },
      { badgeClassId: "a", action: "WITHDRAW", at: "2026-10-30T08:00:00Z" },
    ];
    const keys = newestDecisionByClass(before);
    expect(keys.get("a")).toBe("2026-11-02T10:00:00Z VALIDATE");
    expect(keys.has("c")).toBe(false);
    // A page of the same length: the oldest event fell off as a new one came in.
    const after = [{ badgeClassId: "a", action: "WITHDRAW", at: "2026-11-03T11:00:00Z" }, ...before.slice(0, 2)];
    expect(newestDecisionByClass(after).get("a")).not.toBe(keys.get("a"));
    expect(newestDecisionByClass(after).get("b")).toBe(keys.get("b"));
  });

  it("says the two decisions in words and leaves any other as recorded", () => {
    expect(validationActionKey("VALIDATE")).toBe("curation.action.VALIDATE");
    expect(validationActionKey("WITHDRAW")).toBe("curation.action.WITHDRAW");
    expect(validationActionKey("SUSPEND")).toBeNull();
  });
});
