// How a badge is presented and shared: its tier and state in words, the addresses of its
// public page and downloads, and the LinkedIn and e-mail share links. No DOM here.
import type { Tier, Visibility } from "../gql/graphql";

export type BadgeState = "ACTIVE" | "EXPIRED" | "REVOKED" | "UNKNOWN";

export const TIERS: readonly Tier[] = ["SELF_ASSERTED", "COMMUNITY", "OFFICIAL"];
export const VISIBILITIES: readonly Visibility[] = ["PRIVATE", "LINK", "PUBLIC"];

/** The server's status string as one of the states the app knows. */
export function badgeState(status: string): BadgeState {
  const upper = status.toUpperCase();
  return upper === "ACTIVE" || upper === "EXPIRED" || upper === "REVOKED" ? upper : "UNKNOWN";
}

/** The CSS class of a tier's mark: each has its own shape, not only its own colour. */
export function tierClass(tier: Tier): string {
  return `tier-${tier.toLowerCase().replace("_", "-")}`;
}

/** The public page of a badge; a badge shared by link carries its link's secret. */
export function badgePageUrl(origin: string, id: string, token?: string | null): string {
  const base = `${origin}/badges/${id}`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}

export interface Downloads {
  json: string;
  jwt: string;
  png: string;
  svg: string;
}

/** The hosted credential's addresses (server/routes/credentials.py). */
export function downloads(id: string): Downloads {
  const base = `/credentials/${id}`;
  return { json: base, jwt: `${base}/jwt`, png: `${base}/badge.png`, svg: `${base}/badge.svg` };
}

export interface Certification {
  name: string;
  organizationName: string;
  issuedAt: string;
  expiresAt?: string | null;
  certUrl: string;
  certId: string;
}

/** LinkedIn's "add to profile" address, with the certification's fields filled in. */
export function linkedInUrl(cert: Certification): string {
  const params = new URLSearchParams({ startTask: "CERTIFICATION_NAME", name: cert.name });
  params.set("organizationName", cert.organizationName);
  const issued = new Date(cert.issuedAt);
  params.set("issueYear", String(issued.getUTCFullYear()));
  params.set("issueMonth", String(issued.getUTCMonth() + 1));
  if (cert.expiresAt) {
    const expires = new Date(cert.expiresAt);
    params.set("expirationYear", String(expires.getUTCFullYear()));
    params.set("expirationMonth", String(expires.getUTCMonth() + 1));
  }
  params.set("certUrl", cert.certUrl);
  params.set("certId", cert.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

/** A mailto: link with a subject and body, encoded as RFC 6068 asks (%20, not +). */
export function mailtoUrl(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/** A calendar day in the reader's language. */
export function formatDay(iso: string, lang: "en" | "nl"): string {
  return new Intl.DateTimeFormat(lang === "nl" ? "nl-BE" : "en-GB", { dateStyle: "long" }).format(
    new Date(iso),
  );
}
