import { describe, expect, it } from "vitest";
import { canWithdraw } from "./Applications";

describe("withdrawing an application", () => {
  it("is offered until the participation is decided", () => {
    expect(canWithdraw("PENDING")).toBe(true);
    expect(canWithdraw("ACCEPTED")).toBe(true);
    for (const status of ["REJECTED", "WITHDRAWN", "COMPLETED", "NO_SHOW"] as const) {
      expect(canWithdraw(status)).toBe(false);
    }
  });
});
