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

/** How many decisions the history holds for each class: which classes have a history to
 * show, and a change in the count reads an open one again. */
export function decisionsByClass(history: readonly { badgeClassId: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of history) counts.set(e.badgeClassId, (counts.get(e.badgeClassId) ?? 0) + 1);
  return counts;
}
