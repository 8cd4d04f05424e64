// The peer-assessment settings form: its draft, the bounds the server checks
// (graph/peer_assessment/configuration.py check_settings) so a person hears at once, and who
// is offered the form (peer_assessment:configure in auth/permissions.py). The server decides.
import type { MessageKey } from "../core/messages";
import type { PeerAssessmentSettingsInput } from "../gql/graphql";

export const DEFAULT_REVIEWERS = 3;
export const MAX_REVIEWERS = 7;
export const DEFAULT_EXPIRY_DAYS = 7;
export const MAX_EXPIRY_DAYS = 30;

export type SettingsField = "reviewers" | "passingScore" | "disagreement" | "expiryDays";
export const SETTINGS_FIELDS: readonly SettingsField[] = ["reviewers", "passingScore", "disagreement", "expiryDays"];

export type SettingsDraft = Record<SettingsField, string>;

export interface Problem {
  key: MessageKey;
  params: Record<string, number>;
}

export type Problems = Partial<Record<SettingsField, Problem>>;

interface Recorded {
  reviewers?: number | null;
  passingScore?: number | null;
  disagreement?: number | null;
  expiryDays?: number | null;
}

/** The form's start: the numbers recorded last (kept when switched off), else the server's
 * defaults for reviewers and expiry; the scores are left for the issuer to decide. */
export function settingsDraft(recorded: Recorded): SettingsDraft {
  const text = (n: number | null | undefined, fallback = ""): string => (n == null ? fallback : String(n));
  return {
    reviewers: text(recorded.reviewers, String(DEFAULT_REVIEWERS)),
    passingScore: text(recorded.passingScore),
    disagreement: text(recorded.disagreement),
    expiryDays: text(recorded.expiryDays, String(DEFAULT_EXPIRY_DAYS)),
  };
}

/** Each field's [lowest, highest], given the rubric's highest total. */
export function bounds(maxScore: number): Record<SettingsField, [number, number]> {
  return {
    reviewers: [1, MAX_REVIEWERS],
    passingScore: [1, maxScore],
    disagreement: [0, maxScore],
    expiryDays: [1, MAX_EXPIRY_DAYS],
  };
}

/** The mutation's settings, or a problem per field (whole numbers within the bounds). */
export function settingsInput(
  draft: SettingsDraft,
  maxScore: number,
): { input: PeerAssessmentSettingsInput } | { problems: Problems } {
  const limits = bounds(maxScore);
  const problems: Problems = {};
  const values = {} as Record<SettingsField, number>;
  for (const field of SETTINGS_FIELDS) {
    const raw = draft[field].trim();
    const [low, high] = limits[field];
    if (!/^\d+$/.test(raw)) {
      problems[field] = { key: "peerSettings.problem.number", params: { low, high } };
      continue;
    }
    const value = Number(raw);
    if (value < low || value > high) {
      problems[field] = { key: "peerSettings.problem.range", params: { low, high } };
      continue;
    }
    values[field] = value;
  }
  if (Object.keys(problems).length > 0) return { problems };
  return { input: values };
}

/** Whether `memberships` manage the issuer's issuance consent: an organisation's ADMIN, a
 * university's MODERATOR or CURATOR. Only to offer the form. */
export function mayConfigure(
  memberships: readonly { role: string; bodyId: string; bodyKind: string }[],
  issuerId: string,
): boolean {
  return memberships.some(
    (m) =>
      m.bodyId === issuerId &&
      (m.bodyKind === "Organisation" ? m.role === "ADMIN" : m.role === "MODERATOR" || m.role === "CURATOR"),
  );
}

export type Refusal = "special" | "validated";

interface Kind {
  oneOff: boolean;
  helpingHand: boolean;
  officiallyValidated: boolean;
  issuance: { autoIssueOnCompletion: boolean };
}

/** Why the server refuses to switch peer assessment on for this class (configure in
 * graph/peer_assessment/configuration.py): it issues itself or belongs to one claim (a
 * one-off, Helping hand or pathway-completion class), or it is officially validated; null:
 * it may be, given a rubric. Switching off is never refused. */
export function peerRefusal(b: Kind): Refusal | null {
  if (b.oneOff || b.helpingHand || b.issuance.autoIssueOnCompletion) return "special";
  if (b.officiallyValidated) return "validated";
  return null;
}
