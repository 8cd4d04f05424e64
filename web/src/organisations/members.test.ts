import { describe, expect, it } from "vitest";
import { keeperLeft } from "./members";

describe("keeperLeft", () => {
  const moderator = { role: "MODERATOR", invited: false };
  const curator = { role: "CURATOR", invited: false };

  it("keeps the only moderator of a university", () => {
    expect(keeperLeft([moderator, curator], moderator, "MODERATOR")).toBe(true);
  });

  it("lets one of two moderators go", () => {
    const other = { role: "MODERATOR", invited: false };
    expect(keeperLeft([moderator, other, curator], moderator, "MODERATOR")).toBe(false);
    expect(keeperLeft([moderator, other, curator], other, "MODERATOR")).toBe(false);
  });

  it("does not count an invited address without an account as a keeper", () => {
    const invited = { role: "MODERATOR", invited: true };
    expect(keeperLeft([moderator, invited], moderator, "MODERATOR")).toBe(true);
    // The invitation itself may always be taken back.
    expect(keeperLeft([moderator, invited], invited, "MODERATOR")).toBe(false);
  });

  it("never holds back another role", () => {
    expect(keeperLeft([moderator, curator], curator, "MODERATOR")).toBe(false);
  });

  it("keeps an organisation's last admin", () => {
    const admin = { role: "ADMIN", invited: false };
    expect(keeperLeft([admin, { role: "SUPERVISOR", invited: false }], admin, "ADMIN")).toBe(true);
  });
});
