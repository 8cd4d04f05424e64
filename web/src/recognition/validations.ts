// The curation page's reading of validation decisions (graph/recognition/curation.py records
// VALIDATE and WITHDRAW).
import type { MessageKey } from "../core/messages";

const ACTIONS: Record<string, MessageKey> = {
  VALIDATE: "curation.action.VALIDATE",
  WITHDRAW: "curation.action.WITHDRAW",
};

/** The decision in words, or null for an action this app does not know (shown as recorded). */
export function validationActionKey(action: string): MessageKey | null {
  return ACTIONS[action] ?? null;
}

/** Each class's newest decision in the page's history, as a key that changes with every new
 * decision on it (events have no id): an open validation history reads itself again then. */
export function newestDecisionByClass(
  history: readonly { badgeClassId: string; action: string; at: string }[],
): Map<string, string> {
  const newest = new Map<string, string>();
  // The history comes newest first: the first event of a class is its newest.
  for (const e of history) if (!newest.has(e.badgeClassId)) newest.set(e.badgeClassId, `${e.at} ${e.action}`);
  return newest;
}
