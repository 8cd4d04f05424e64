// A new university as the platform admin's form holds it, checked by the server's own rules
// (graph/organisations/fields.py UniversityFields, server/graphql/validation.py), and the ink
// its badges will print on its brand colours (badges/images.py `_ink_on`), so the admin sees
// before adding it whether badge text will read. The server still decides.
import type { Locale } from "../core/i18n";
import type { MessageKey } from "../core/messages";

export interface UniversityDraft {
  name: string;
  website: string;
  brandPrimary: string;
  brandSecondary: string;
}

// The server's defaults (graph/organisations/fields.py BRAND_PRIMARY, BRAND_SECONDARY).
export const EMPTY_UNIVERSITY: UniversityDraft = {
  name: "",
  website: "",
  brandPrimary: "#1F3A5F",
  brandSecondary: "#F2A541",
};

export const NAME_MAX = 200;
const COLOUR = /^#[0-9A-Fa-f]{6}$/;
// The two inks a badge falls back to (badges/images.py _LIGHT_INK, _DARK_INK).
export const LIGHT_INK = "#FFFFFF";
export const DARK_INK = "#1A1A1A";
// WCAG 2.2 AA for normal text: what the badge's smaller lines need.
export const READABLE = 4.5;

export type UniversityProblems = Partial<Record<keyof UniversityDraft, MessageKey>>;

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export function isColour(text: string): boolean {
  return COLOUR.test(text.trim());
}

/** What the server would refuse, field by field in form order. */
export function universityProblems(draft: UniversityDraft): UniversityProblems {
  const problems: UniversityProblems = {};
  const name = draft.name.trim();
  if (!name) problems.name = "org.problem.required";
  else if (name.length > NAME_MAX) problems.name = "org.problem.tooLong";
  const website = draft.website.trim();
  if (website && !isWebAddress(website)) problems.website = "org.problem.website";
  if (!isColour(draft.brandPrimary)) problems.brandPrimary = "newUni.problem.colour";
  if (!isColour(draft.brandSecondary)) problems.brandSecondary = "newUni.problem.colour";
  return problems;
}

/** The createUniversity input of a draft without problems. */
export function universityInput(draft: UniversityDraft): {
  name: string;
  website: string | null;
  brandPrimary: string;
  brandSecondary: string;
} {
  return {
    name: draft.name.trim(),
    website: draft.website.trim() || null,
    brandPrimary: draft.brandPrimary.trim().toUpperCase(),
    brandSecondary: draft.brandSecondary.trim().toUpperCase(),
  };
}

/** WCAG relative luminance of a #RRGGBB colour. */
export function luminance(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(colour.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #RRGGBB colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** The ink a badge prints on this background: the preferred colour if it reads (4.5:1), else
 * white or near-black, whichever is further (as badges/images.py `_ink_on`). */
export function inkOn(background: string, preferred?: string): string {
  if (preferred && contrast(background, preferred) >= READABLE) return preferred;
  // 0.179 is where contrast against white and against black is equal.
  return luminance(background) > 0.179 ? DARK_INK : LIGHT_INK;
}

export interface Legibility {
  ink: string;
  ratio: number; // rounded down to one decimal: 4.49 never shows as 4.5
  readable: boolean;
}

/** How the badge's text reads on the primary colour (its title, its university's name). */
export function legibility(primary: string): Legibility | null {
  if (!isColour(primary)) return null;
  const background = primary.toUpperCase();
  const ink = inkOn(background);
  const ratio = contrast(background, ink);
  return { ink, ratio: Math.floor(ratio * 10) / 10, readable: ratio >= READABLE };
}

/** A contrast ratio as people read it in their language: "4.5" or "4,5". */
export function formatRatio(ratio: number, lang: Locale): string {
  return new Intl.NumberFormat(lang === "nl" ? "nl-BE" : "en-GB", {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ratio);
}

export interface UniversityLink {
  id: string;
  name: string;
  href: string;
}

/** Each university with its people page, where a platform admin appoints its moderators. */
export function peopleLinks(universities: readonly { id: string; name: string }[]): UniversityLink[] {
  return [...universities]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ id: u.id, name: u.name, href: `/universities/${u.id}/people` }));
}
