import { describe, expect, it } from "vitest";
import { keeperLeft } from "./members";

describe("keeperLeft", () => {
  const moderator = { role: "MODERATOR" };
  const curator = { role: "CURATOR" };

  it("keeps the only moderator of a university", () => {
    expect(keeperLeft([moderator, curator], moderator, "MODERATOR")).toBe(true);
  });

  it("lets one of two moderators go", () => {
    const other = { role: "MODERATOR" };
    expect(keeperLeft([moderator, other, curator], moderator, "MODERATOR")).toBe(false);
  });

  it("never holds back another role", () => {
    expect(keeperLeft([moderator, curator], curator, "MODERATOR")).toBe(false);
  });

  it("keeps an organisation's last admin", () => {
    const admin = { role: "ADMIN" };
    expect(keeperLeft([admin, { role: "SUPERVISOR" }], admin, "ADMIN")).toBe(true);
  });
});
