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

/** The QR code (SVG, drawn by the server) of a badge's public page, with its link's secret. */
export function qrUrl(id: string, token?: string | null): string {
  const base = `/badges/${id}/qr.svg`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}

/** The PDF certificate in the reader's language; the link's secret opens a shared one. */
export function certificateUrl(id: string, lang: "en" | "nl", token?: string | null): string {
  const params = new URLSearchParams({ lang });
  if (token) params.set("token", token);
  return `/credentials/${id}/certificate.pdf?${params.toString()}`;
}

/** The badge's picture as a PNG other sites can show (absolute, with the link's secret). */
export function badgePngUrl(origin: string, id: string, token?: string | null): string {
  const base = `${origin}/assertions/${id}/image.png`;
  return token ? `${base}?token=${encodeURIComponent(token)}` : base;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe for HTML, in an element or in a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface Embed {
  pageUrl: string;
  imageUrl: string;
  name: string;
}

/** HTML another site can paste to show the badge: a link with its picture and name, no script.
 * The picture's alt is empty because the name beside it already names the link. */
export function embedSnippet(embed: Embed): string {
  return (
    `<a href="${escapeHtml(embed.pageUrl)}" rel="noopener">` +
    `<img src="${escapeHtml(embed.imageUrl)}" alt="" width="120" height="120">` +
    `<br>${escapeHtml(embed.name)}</a>`
  );
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
