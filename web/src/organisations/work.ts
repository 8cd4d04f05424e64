// The staff side's map: for each membership, the pages its role may use (the URLs agreed for
// issue 16). The server stays the authority; these only keep what a role cannot do unoffered.
import type { MessageKey } from "../core/messages";
import { reviewsClaims } from "../recognition/review";

export interface Membership {
  role: string;
  bodyId: string;
  bodyName?: string;
  bodyKind: string;
  bodyStatus?: string | null;
  reviewsClaims?: boolean;
}

export interface WorkLink {
  href: string;
  label: MessageKey;
}

const ORGANISATION_STAFF = new Set(["ADMIN", "SUPERVISOR"]);

/** The links of one membership, in the order the hub shows them. */
export function workLinks(membership: Membership): WorkLink[] {
  const id = membership.bodyId;
  if (membership.bodyKind === "Organisation") {
    const links: WorkLink[] = [{ href: `/organisations/${id}`, label: "work.profile" }];
    // Until a moderator approves it, an organisation has nothing else to run.
    if (membership.bodyStatus && membership.bodyStatus !== "APPROVED") return links;
    if (ORGANISATION_STAFF.has(membership.role)) {
      links.push({ href: `/organisations/${id}/opportunities`, label: "work.opportunities" });
      links.push({ href: `/on-the-spot?issuer=${id}`, label: "work.onTheSpot" });
    }
    if (membership.role === "ADMIN") {
      links.push({ href: `/issuers/${id}/badge-classes`, label: "work.badgeClasses" });
    }
    if (reviewsClaims(membership)) links.push(reviews(id), disputes(id));
    links.push({ href: `/organisations/${id}/insights`, label: "work.insights" });
    return links;
  }
  const links: WorkLink[] = [];
  if (membership.role === "MODERATOR") {
    links.push({ href: `/universities/${id}/moderation`, label: "work.moderation" });
    // Those who manage its members (university:manage_members; platform admins hold no role).
    links.push({ href: `/universities/${id}/people`, label: "work.people" });
  }
  if (membership.role === "CURATOR") {
    links.push({ href: `/universities/${id}/curation`, label: "work.curation" });
  }
  if (membership.role === "MODERATOR" || membership.role === "CURATOR") {
    links.push({ href: `/issuers/${id}/badge-classes`, label: "work.badgeClasses" });
    links.push({ href: `/universities/${id}/badge-templates`, label: "work.badgeTemplates" });
    links.push({ href: `/universities/${id}/community-policy`, label: "work.communityPolicy" });
    links.push({ href: `/universities/${id}/competencies/import`, label: "work.frameworkImport" });
  }
  if (membership.role === "TEACHER") {
    links.push({ href: `/on-the-spot?issuer=${id}`, label: "work.onTheSpot" });
  }
  if (reviewsClaims(membership)) links.push(reviews(id), disputes(id));
  links.push({ href: `/universities/${id}/insights`, label: "work.insights" });
  return links;
}

// Claims waiting for the body's decision (CLAIM_REVIEW): approving issues under its key.
function reviews(issuerId: string): WorkLink {
  return { href: `/issuers/${issuerId}/reviews`, label: "work.reviews" };
}

// Who reviews the body's claims decides its disputed peer reviews (peer_assessment:decide in
// auth/permissions.py): deciding issues under its key.
function disputes(issuerId: string): WorkLink {
  return { href: `/peer/disputes?issuer=${issuerId}`, label: "work.peerDisputes" };
}

export interface Body {
  id: string;
  name: string;
  kind: string;
  status: string | null;
  roles: string[];
  links: WorkLink[];
}

/** Memberships grouped by organisation or university (one person may hold several roles at
 * one), each with the union of its roles' links, organisations first, then by name. */
export function bodiesOf(memberships: readonly Membership[]): Body[] {
  const found = new Map<string, Body>();
  for (const membership of memberships) {
    let body = found.get(membership.bodyId);
    if (!body) {
      body = {
        id: membership.bodyId,
        name: membership.bodyName ?? "",
        kind: membership.bodyKind,
        status: membership.bodyStatus ?? null,
        roles: [],
        links: [],
      };
      found.set(membership.bodyId, body);
    }
    body.roles.push(membership.role);
    for (const link of workLinks(membership)) {
      if (!body.links.some((known) => known.href === link.href)) body.links.push(link);
    }
  }
  const order = (href: string): number => LINK_ORDER.findIndex((part) => href.includes(part));
  for (const body of found.values()) body.links.sort((a, b) => order(a.href) - order(b.href));
  return [...found.values()].sort(
    (a, b) =>
      Number(a.kind !== "Organisation") - Number(b.kind !== "Organisation") ||
      a.name.localeCompare(b.name),
  );
}

// One order whatever roles brought the links: the profile (no match, -1) first, insights last.
const LINK_ORDER = [
  "/moderation",
  "/people",
  "/curation",
  "/reviews",
  "/opportunities",
  "/on-the-spot",
  "/badge-classes",
  "/badge-templates",
  "/community-policy",
  "/competencies/import",
  "/peer/disputes",
  "/insights",
];

/** Whether the header offers "Work": to people with a role somewhere, and platform admins. */
export function hasWork(memberships: readonly Membership[] | undefined, platformAdmin = false): boolean {
  return platformAdmin || (memberships?.length ?? 0) > 0;
}

/** A platform admin's own links: adding a university (its people come next). */
export const PLATFORM_LINKS: readonly WorkLink[] = [{ href: "/universities/new", label: "work.addUniversity" }];
