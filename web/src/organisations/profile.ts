// An organisation's details as the forms hold them (text), checked in the browser by the
// server's own rules (graph/organisations/fields.py, badges/images.py) so a person hears what
// to fix before anything is sent; the server still decides.
import type { MessageKey } from "../core/messages";

export interface Draft {
  universityId: string;
  name: string;
  description: string;
  website: string;
  contactEmail: string;
  contactPhone: string;
  address: string;
  latitude: string;
  longitude: string;
}

export const EMPTY_DRAFT: Draft = {
  universityId: "",
  name: "",
  description: "",
  website: "",
  contactEmail: "",
  contactPhone: "",
  address: "",
  latitude: "",
  longitude: "",
};

/** The guided application's steps, in order. */
export const STEPS = ["about", "place", "contact", "university", "review"] as const;
export type Step = (typeof STEPS)[number];

// Which fields each step asks for; the review step checks them all again.
const STEP_FIELDS: Record<Exclude<Step, "review">, (keyof Draft)[]> = {
  about: ["name", "description", "website"],
  place: ["address", "latitude", "longitude"],
  contact: ["contactEmail", "contactPhone"],
  university: ["universityId"],
};

export type Problems = Partial<Record<keyof Draft, MessageKey>>;

const EMAIL = /^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$/;
const LIMITS = { name: 200, description: 5000, contactPhone: 40, address: 300 } as const;

/** A coordinate typed with a decimal point or comma ("51,0543"), within range, or null. */
export function parseCoordinate(text: string, kind: "latitude" | "longitude"): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^-?\d{1,3}(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  const limit = kind === "latitude" ? 90 : 180;
  return Math.abs(value) <= limit ? value : null;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

function problemOf(field: keyof Draft, draft: Draft): MessageKey | null {
  const value = draft[field].trim();
  switch (field) {
    case "universityId":
      return value ? null : "org.problem.university";
    case "name":
    case "description":
    case "address":
      if (!value) return "org.problem.required";
      return value.length > LIMITS[field] ? "org.problem.tooLong" : null;
    case "contactPhone":
      return value.length > LIMITS.contactPhone ? "org.problem.tooLong" : null;
    case "website":
      return value && !isWebAddress(value) ? "org.problem.website" : null;
    case "contactEmail":
      return EMAIL.test(value) ? null : "org.problem.email";
    case "latitude":
    case "longitude":
      return parseCoordinate(value, field) === null ? `org.problem.${field}` : null;
  }
}

/** What is wrong with the fields a step asks for (all of them on the review step). */
export function problemsOf(step: Step, draft: Draft): Problems {
  const fields =
    step === "review" ? (Object.keys(EMPTY_DRAFT) as (keyof Draft)[]) : STEP_FIELDS[step];
  const found: Problems = {};
  for (const field of fields) {
    const problem = problemOf(field, draft);
    if (problem) found[field] = problem;
  }
  return found;
}

/** The profile editor leaves the university out: it never changes. */
export function profileProblems(draft: Draft): Problems {
  return problemsOf("review", { ...draft, universityId: "-" });
}

export const LOGO_MAX_BYTES = 256 * 1024;
export const LOGO_MIN_SIDE = 64;
export const LOGO_MAX_SIDE = 2048;

export interface LogoProblem {
  key: MessageKey;
  params?: Record<string, number>;
}

/** Why a chosen file cannot be the logo (the server's checks of a badge image), or null. */
export function logoProblem(bytes: Uint8Array): LogoProblem | null {
  if (bytes.length > LOGO_MAX_BYTES) return { key: "org.logo.tooLarge", params: { kib: 256 } };
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((byte, i) => bytes[i] !== byte)) {
    return { key: "org.logo.notPng" };
  }
  // The first chunk is IHDR: its width and height are big-endian at bytes 16 and 20.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const fits = (side: number): boolean => side >= LOGO_MIN_SIDE && side <= LOGO_MAX_SIDE;
  if (!fits(width) || !fits(height)) {
    return {
      key: "org.logo.size",
      params: { min: LOGO_MIN_SIDE, max: LOGO_MAX_SIDE, width, height },
    };
  }
  return null;
}

/** The bytes as a data URL, as the API takes a logo. */
export function pngDataUrl(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/png;base64,${btoa(binary)}`;
}

/** The profile as the editor starts: the organisation's fields as text. */
export function draftOf(organisation: {
  name: string;
  description: string;
  website?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  address: string;
  location: { latitude: number; longitude: number };
}): Draft {
  return {
    universityId: "",
    name: organisation.name,
    description: organisation.description,
    website: organisation.website ?? "",
    contactEmail: organisation.contactEmail ?? "",
    contactPhone: organisation.contactPhone ?? "",
    address: organisation.address,
    latitude: String(organisation.location.latitude),
    longitude: String(organisation.location.longitude),
  };
}

export interface ProfileInput {
  name?: string;
  description?: string;
  website?: string;
  contactEmail?: string;
  contactPhone?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  logo?: string;
}

/** Only what the admin changed (so the audit trail names just that); an emptied website or
 * phone is sent as "" (the API's "remove"), coordinates as a pair. */
export function changedInput(before: Draft, after: Draft): ProfileInput {
  const input: ProfileInput = {};
  const texts = ["name", "description", "website", "contactEmail", "contactPhone", "address"] as const;
  for (const field of texts) {
    if (after[field].trim() !== before[field].trim()) input[field] = after[field].trim();
  }
  const latitude = parseCoordinate(after.latitude, "latitude");
  const longitude = parseCoordinate(after.longitude, "longitude");
  const moved =
    latitude !== parseCoordinate(before.latitude, "latitude") ||
    longitude !== parseCoordinate(before.longitude, "longitude");
  if (moved && latitude !== null && longitude !== null) {
    input.latitude = latitude;
    input.longitude = longitude;
  }
  return input;
}
