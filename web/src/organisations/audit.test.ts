import { describe, expect, it } from "vitest";
import { translate } from "../core/i18n";
import type { MessageKey } from "../core/messages";
import { auditText, changedFields, describeAudit, memberDetail } from "./audit";

const en = (key: MessageKey, params?: Record<string, string>) => translate("en", key, params);
const nl = (key: MessageKey, params?: Record<string, string>) => translate("nl", key, params);

describe("auditText", () => {
  it("says every action the graph records about an organisation in words", () => {
    const said = (action: string, detail = "") => auditText({ action, detail }, en);
    expect(said("apply")).toBe("applied to become a community partner");
    expect(said("approve")).toBe("approved the organisation");
    expect(said("reject", "No address in Ghent")).toBe("rejected the organisation: No address in Ghent");
    expect(said("edit", "contact_email, logo, name")).toBe(
      "changed the profile: Contact e-mail address, Logo, Name of the organisation",
    );
    expect(said("add_member", "9a1b as SUPERVISOR")).toBe("added a member (supervisor)");
    expect(said("remove_member", "3f2c as ADMIN")).toBe("removed a member (admin)");
    expect(said("allow_claim_review", "3f2c")).toBe("let a supervisor review claims");
    expect(said("disallow_claim_review", "3f2c")).toBe("stopped a supervisor reviewing claims");
  });

  it("says them in Dutch too", () => {
    expect(auditText({ action: "edit", detail: "website, location" }, nl)).toBe(
      "wijzigde het profiel: Website, Plaats op de kaart",
    );
    expect(auditText({ action: "add_member", detail: "9a1b as ADMIN" }, nl)).toBe(
      "voegde een lid toe (beheerder)",
    );
  });

  it("shows an action it does not know as recorded rather than hiding it", () => {
    expect(auditText({ action: "merge", detail: "into 42" }, en)).toBe("did “merge”: into 42");
    expect(auditText({ action: "merge", detail: "" }, en)).toBe("did “merge”");
    expect(auditText({ action: "edit", detail: "colour" }, en)).toBe("changed the profile: colour");
  });
});

describe("the details", () => {
  it("reads who and which role from a member's detail, an e-mail with ' as ' in it too", () => {
    expect(memberDetail("odd as name@x.example as TEACHER")).toEqual({
      who: "odd as name@x.example",
      role: "org.role.TEACHER",
    });
    expect(memberDetail("no role here")).toEqual({ who: "no role here", role: null });
    expect(describeAudit({ action: "add_member", detail: "no role here" }).key).toBe(
      "org.audit.action.otherWith",
    );
  });

  it("lists the changed fields in the order recorded", () => {
    expect(changedFields("name, website,")).toEqual([
      { key: "org.field.name", name: "name" },
      { key: "org.view.website", name: "website" },
    ]);
  });
});
