// Quests' client logic: the posting form's checks (the API's bounds,
// so a mistake is shown before anything is sent) and the API's field errors mapped back.
import { ApiError } from "../core/api";
import type { MessageKey } from "../core/messages";
import type { Domain, PostQuestInput, QuestOfferStatus, QuestStatus } from "../gql/graphql";
import { formatDegrees, parseDegrees, wallTimeToInstant } from "../opportunities/editor";

export interface QuestForm {
  universityId: string;
  title: string;
  description: string;
  domain: string;
  address: string;
  areaName: string;
  latitude: string;
  longitude: string;
  startsAt: string; // datetime-local, Brussels wall time; "" for any time
  expiresInDays: string;
}

export type QuestField = keyof QuestForm;

export const EMPTY_FORM: QuestForm = {
  universityId: "",
  title: "",
  description: "",
  domain: "",
  address: "",
  areaName: "",
  latitude: "",
  longitude: "",
  startsAt: "",
  expiresInDays: "7",
};

/** The order fields appear in on the page, which the problem summary follows. */
export const FIELD_ORDER: readonly QuestField[] = [
  "universityId",
  "title",
  "description",
  "domain",
  "address",
  "areaName",
  "latitude",
  "longitude",
  "startsAt",
  "expiresInDays",
];

export interface QuestProblem {
  field: QuestField;
  message: MessageKey;
}

/** What is wrong with the form, by the API's own bounds, in the page's order. */
export function questProblems(form: QuestForm): QuestProblem[] {
  const found: QuestProblem[] = [];
  const required = (field: QuestField): boolean => {
    if (form[field].trim()) return true;
    found.push({ field, message: "questNew.problem.required" });
    return false;
  };
  required("universityId");
  if (required("title") && (form.title.trim().length < 3 || form.title.trim().length > 120)) {
    found.push({ field: "title", message: "questNew.problem.title" });
  }
  if (required("description") && form.description.trim().length > 2000) {
    found.push({ field: "description", message: "questNew.problem.description" });
  }
  required("domain");
  required("address");
  required("areaName");
  for (const [field, limit] of [
    ["latitude", 90],
    ["longitude", 180],
  ] as const) {
    const value = parseDegrees(form[field]);
    if (value === null || Math.abs(value) > limit) {
      found.push({ field, message: "questNew.problem.coordinate" });
    }
  }
  if (form.startsAt.trim() && wallTimeToInstant(form.startsAt) === null) {
    found.push({ field: "startsAt", message: "questNew.problem.startsAt" });
  }
  const days = Number(form.expiresInDays);
  if (!/^\d+$/.test(form.expiresInDays.trim()) || days < 1 || days > 30) {
    found.push({ field: "expiresInDays", message: "questNew.problem.expires" });
  }
  return found.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}

/** The mutation's input for a form `questProblems` found nothing wrong with. */
export function postInput(form: QuestForm): PostQuestInput {
  return {
    universityId: form.universityId,
    title: form.title.trim(),
    description: form.description.trim(),
    domain: form.domain as Domain,
    latitude: parseDegrees(form.latitude) ?? 0,
    longitude: parseDegrees(form.longitude) ?? 0,
    address: form.address.trim(),
    areaName: form.areaName.trim(),
    startsAt: form.startsAt.trim() ? wallTimeToInstant(form.startsAt) : null,
    expiresInDays: Number(form.expiresInDays),
  };
}

/** A point picked on the map, as the form's text fields. */
export function pickedPoint(point: { latitude: number; longitude: number }): Pick<QuestForm, "latitude" | "longitude"> {
  return { latitude: formatDegrees(point.latitude), longitude: formatDegrees(point.longitude) };
}

/** The form field an API error is about (its `extensions.field`, in the API's or the input's
 * spelling), or null when it concerns the whole request. */
export function fieldOfError(caught: unknown): QuestField | null {
  if (!(caught instanceof ApiError) || !caught.field) return null;
  const name = caught.field.replace(/^input\./, "").replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return FIELD_ORDER.find((f) => f === name) ?? null;
}

export interface QuestView {
  status: QuestStatus;
  mine: boolean;
  myOffer?: { status: QuestOfferStatus } | null;
}

export interface QuestActions {
  offer: boolean;
  withdraw: boolean;
  accept: boolean;
  complete: boolean;
  close: boolean;
  report: boolean;
}

/** What the viewer may do with a quest now; the page offers only these (the API decides). */
export function questActions(quest: QuestView): QuestActions {
  const open = quest.status === "OPEN";
  const offer = quest.myOffer?.status ?? null;
  return {
    // One offer per person and quest, as the API allows.
    offer: open && !quest.mine && offer === null,
    // The accepted helper may step back too, which reopens the quest.
    withdraw:
      !quest.mine && ((open && offer === "PENDING") || (quest.status === "ACCEPTED" && offer === "ACCEPTED")),
    accept: open && quest.mine,
    complete: quest.status === "ACCEPTED" && quest.mine,
    close: open && quest.mine,
    report: !quest.mine && (open || quest.status === "ACCEPTED"),
  };
}
