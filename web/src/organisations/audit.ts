// An organisation's audit trail in words: each action the graph records about an organisation
// (graph/organisations/organisations.py) as a message, with its detail made readable.
import type { MessageKey } from "../core/messages";

export interface AuditEntry {
  action: string;
  detail: string;
}

export interface Said {
  key: MessageKey;
  params: Record<string, string>;
}

// The profile's fields as `updateOrganisation` records them (Python names, comma-separated).
const FIELDS: Record<string, MessageKey> = {
  name: "org.field.name",
  description: "org.field.description",
  website: "org.view.website",
  contact_email: "org.field.contactEmail",
  contact_phone: "org.view.contactPhone",
  address: "org.field.address",
  location: "org.audit.field.location",
  logo: "org.audit.field.logo",
};

const ROLES = new Set(["ADMIN", "SUPERVISOR", "MODERATOR", "CURATOR", "TEACHER"]);

/** "x@y.example as SUPERVISOR" (or a person's id before " as "): who, and the role key. */
export function memberDetail(detail: string): { who: string; role: MessageKey | null } {
  const at = detail.lastIndexOf(" as ");
  const role = at < 0 ? "" : detail.slice(at + 4);
  if (!ROLES.has(role)) return { who: detail, role: null };
  return { who: detail.slice(0, at), role: `org.role.${role}` as MessageKey };
}

/** The changed fields, in the order recorded: each its label's key, or (a name this list
 * does not know) the name as recorded. */
export function changedFields(detail: string): { key: MessageKey | null; name: string }[] {
  return detail
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "")
    .map((name) => ({ key: FIELDS[name] ?? null, name }));
}

/** What the event did, as a message and its parameters (fields and roles still as keys, to
 * be translated by the caller: see `auditText`). */
export function describeAudit(entry: AuditEntry): Said {
  switch (entry.action) {
    case "apply":
      return { key: "org.audit.action.apply", params: {} };
    case "approve":
      return { key: "org.audit.action.approve", params: {} };
    case "reject":
      return entry.detail
        ? { key: "org.audit.action.rejectWhy", params: { reason: entry.detail } }
        : { key: "org.audit.action.reject", params: {} };
    case "edit":
      return { key: "org.audit.action.edit", params: { fields: entry.detail } };
    case "add_member": {
      // The detail names the person by id (never by address): the role is what is said.
      const { role } = memberDetail(entry.detail);
      if (role) return { key: "org.audit.action.addMember", params: { role } };
      break;
    }
    case "remove_member": {
      const { role } = memberDetail(entry.detail);
      if (role) return { key: "org.audit.action.removeMember", params: { role } };
      break;
    }
    case "allow_claim_review":
      return { key: "org.audit.action.allowClaimReview", params: {} };
    case "disallow_claim_review":
      return { key: "org.audit.action.disallowClaimReview", params: {} };
  }
  // An action added to the graph after this list (or a detail it cannot read): shown as
  // recorded, not hidden.
  return entry.detail
    ? { key: "org.audit.action.otherWith", params: { action: entry.action, detail: entry.detail } }
    : { key: "org.audit.action.other", params: { action: entry.action } };
}

/** The event in the reader's language, given the catalogue's `t`. */
export function auditText(
  entry: AuditEntry,
  t: (key: MessageKey, params?: Record<string, string>) => string,
): string {
  const said = describeAudit(entry);
  const params = { ...said.params };
  if (entry.action === "edit") {
    params.fields = changedFields(entry.detail)
      .map((f) => (f.key ? t(f.key) : f.name))
      .join(", ");
  }
  if (said.params.role) params.role = t(said.params.role as MessageKey).toLowerCase();
  return t(said.key, params);
}
