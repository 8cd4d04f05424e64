// What the opportunity editor decides without the server: the schedule read as Brussels wall
// time whatever the browser's own zone, which fields may still change in a state, which
// lifecycle steps the viewer is offered, and the form turned into the API's inputs. The
// server stays the authority on all of it; this only keeps people from trying what it refuses.
import { TZDate } from "@date-fns/tz";
import type { MessageKey } from "../core/messages";
import type {
  DraftOpportunityInput,
  OpportunityStatus,
  UpdateOpportunityInput,
} from "../gql/graphql";

/** Opportunities take place in Ghent: times are entered and shown in its zone. */
export const ZONE = "Europe/Brussels";

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** A `datetime-local` value ("2030-05-01T14:00") read as wall time in `zone`, as an instant
 * (ISO 8601), or null when it is not one. */
export function wallTimeToInstant(wall: string, zone: string = ZONE): string | null {
  const parts = WALL.exec(wall.trim());
  if (!parts) return null;
  const [year, month, day, hour, minute] = parts.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const at = new TZDate(year, month - 1, day, hour, minute, zone);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime()).toISOString();
}

/** An instant as the `datetime-local` value of its wall time in `zone`. */
export function instantToWallTime(iso: string, zone: string = ZONE): string {
  const at = new TZDate(new Date(iso).getTime(), zone);
  const two = (n: number): string => String(n).padStart(2, "0");
  return (
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}` +
    `T${two(at.getHours())}:${two(at.getMinutes())}`
  );
}

export type Action = "submit" | "publish" | "reject" | "close" | "archive";

export interface Powers {
  /** An ADMIN of the opportunity's organisation (opportunity:manage). */
  manages: boolean;
  /** A MODERATOR of its organisation's university (opportunity:review). */
  moderates: boolean;
}

// The state machine of graph/core/state_machines.py (OPPORTUNITY), and who may take each step.
const STEPS: Record<Action, { from: readonly OpportunityStatus[]; by: keyof Powers }> = {
  submit: { from: ["DRAFT", "REJECTED"], by: "manages" },
  publish: { from: ["SUBMITTED"], by: "moderates" },
  reject: { from: ["SUBMITTED"], by: "moderates" },
  close: { from: ["PUBLISHED"], by: "manages" },
  archive: { from: ["DRAFT", "REJECTED", "CLOSED"], by: "manages" },
};

/** The lifecycle steps this viewer may take from `status`, in the order they are offered. */
export function lifecycleActions(status: OpportunityStatus, powers: Powers): Action[] {
  return (Object.keys(STEPS) as Action[]).filter(
    (action) => STEPS[action].from.includes(status) && powers[STEPS[action].by],
  );
}

export interface OpportunityForm {
  title: string;
  synopsis: string;
  description: string;
  badgeClassId: string;
  startsAt: string; // wall time in ZONE, as a datetime-local value
  endsAt: string;
  capacity: string;
  address: string;
  latitude: string;
  longitude: string;
  contactEmail: string;
  website: string;
}

export type Field = keyof OpportunityForm;

// Once learners have applied for a time, place and badge, only these may change
// (graph/opportunities/fields.py: after_publication).
const AFTER_PUBLICATION: ReadonlySet<Field> = new Set<Field>([
  "synopsis",
  "description",
  "capacity",
  "contactEmail",
  "website",
]);

/** Whether `field` may be edited while the opportunity is `status` (null: a new draft). */
export function editable(field: Field, status: OpportunityStatus | null): boolean {
  if (status === null || status === "DRAFT" || status === "REJECTED") return true;
  return status === "PUBLISHED" && AFTER_PUBLICATION.has(field);
}

/** Whether anything may be edited at all in `status`. */
export function anyEditable(status: OpportunityStatus | null): boolean {
  return status === null || status === "DRAFT" || status === "REJECTED" || status === "PUBLISHED";
}

/** A decimal degree as people type it, with a point or (in Dutch) a comma. */
export function parseDegrees(text: string): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^[-+]?\d{1,3}(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

export interface Problem {
  field: Field;
  message: MessageKey;
}

const MAX_CAPACITY = 10_000;

/** What the form still needs before it can be sent, field by field. */
export function problems(form: OpportunityForm): Problem[] {
  const found: Problem[] = [];
  for (const field of ["title", "synopsis", "description", "badgeClassId", "address"] as const) {
    if (!form[field].trim()) found.push({ field, message: "oppEdit.problem.required" });
  }
  const starts = wallTimeToInstant(form.startsAt);
  const ends = wallTimeToInstant(form.endsAt);
  if (!starts) found.push({ field: "startsAt", message: "oppEdit.problem.time" });
  if (!ends) found.push({ field: "endsAt", message: "oppEdit.problem.time" });
  if (starts && ends && Date.parse(ends) <= Date.parse(starts)) {
    found.push({ field: "endsAt", message: "oppEdit.problem.endsBeforeStart" });
  }
  const capacity = Number(form.capacity);
  if (!/^\d+$/.test(form.capacity.trim()) || capacity < 1 || capacity > MAX_CAPACITY) {
    found.push({ field: "capacity", message: "oppEdit.problem.capacity" });
  }
  const latitude = parseDegrees(form.latitude);
  if (latitude === null || latitude < -90 || latitude > 90) {
    found.push({ field: "latitude", message: "oppEdit.problem.latitude" });
  }
  const longitude = parseDegrees(form.longitude);
  if (longitude === null || longitude < -180 || longitude > 180) {
    found.push({ field: "longitude", message: "oppEdit.problem.longitude" });
  }
  return found;
}

function optional(text: string): string | null {
  return text.trim() || null;
}

/** The form (already free of problems) as a new draft of `organisationId`. */
export function draftInput(organisationId: string, form: OpportunityForm): DraftOpportunityInput {
  return {
    organisationId,
    badgeClassId: form.badgeClassId,
    title: form.title.trim(),
    synopsis: form.synopsis.trim(),
    description: form.description.trim(),
    startsAt: wallTimeToInstant(form.startsAt) ?? "",
    endsAt: wallTimeToInstant(form.endsAt) ?? "",
    capacity: Number(form.capacity),
    address: form.address.trim(),
    latitude: parseDegrees(form.latitude) ?? 0,
    longitude: parseDegrees(form.longitude) ?? 0,
    contactEmail: optional(form.contactEmail),
    website: optional(form.website),
  };
}

/** Only what changed and may change in `status`, a location as both coordinates; null when
 * nothing did. */
export function updateInput(
  before: OpportunityForm,
  after: OpportunityForm,
  status: OpportunityStatus,
): UpdateOpportunityInput | null {
  const changed = (field: Field): boolean =>
    editable(field, status) && before[field].trim() !== after[field].trim();
  const input: UpdateOpportunityInput = {};
  if (changed("title")) input.title = after.title.trim();
  if (changed("synopsis")) input.synopsis = after.synopsis.trim();
  if (changed("description")) input.description = after.description.trim();
  if (changed("badgeClassId")) input.badgeClassId = after.badgeClassId;
  if (changed("startsAt")) input.startsAt = wallTimeToInstant(after.startsAt);
  if (changed("endsAt")) input.endsAt = wallTimeToInstant(after.endsAt);
  if (changed("capacity")) input.capacity = Number(after.capacity);
  if (changed("address")) input.address = after.address.trim();
  if (changed("latitude") || changed("longitude")) {
    input.latitude = parseDegrees(after.latitude);
    input.longitude = parseDegrees(after.longitude);
  }
  if (changed("contactEmail")) input.contactEmail = after.contactEmail.trim();
  if (changed("website")) input.website = after.website.trim();
  return Object.keys(input).length ? input : null;
}

/** Six decimals: about 10 cm, plenty for a meeting point. */
export function formatDegrees(value: number): string {
  return value.toFixed(6);
}
