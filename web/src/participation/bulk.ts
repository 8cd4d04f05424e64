// Marking many participants at once: which are selected, and the one request a selection is
// sent as. completeApplications is exactly-once per requestId, so a selection keeps its id
// until the server has answered: a retry after a lost answer (offline, a timeout) sends the
// same id and changes nothing twice. Once a report came, the next submission is a new request.
import type { ParticipationOutcome } from "../gql/graphql";

export interface BulkRequest {
  requestId: string;
  ids: readonly string[]; // sorted, so the same selection compares equal
  outcome: ParticipationOutcome;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** The request to send for `ids` and `outcome`: the one still waiting for an answer when it
 * is the same selection and outcome (a retry), else a new one with a new id. */
export function bulkRequest(
  waiting: BulkRequest | null,
  ids: Iterable<string>,
  outcome: ParticipationOutcome,
  newId: () => string = () => crypto.randomUUID(),
): BulkRequest {
  const sorted = [...ids].sort();
  if (waiting && waiting.outcome === outcome && sameIds(waiting.ids, sorted)) return waiting;
  return { requestId: newId(), ids: sorted, outcome };
}

/** `selected` with `id` in or out. */
export function toggled(selected: ReadonlySet<string>, id: string, on: boolean): Set<string> {
  const next = new Set(selected);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}

/** Whether all, some or none of `ids` are selected (the "select all" box shows which). */
export function coverage(selected: ReadonlySet<string>, ids: readonly string[]): "all" | "some" | "none" {
  const count = ids.filter((id) => selected.has(id)).length;
  if (count === 0) return "none";
  return count === ids.length ? "all" : "some";
}

/** Only the selected ids that can still be selected (after a reload some have moved on). */
export function kept(selected: ReadonlySet<string>, ids: readonly string[]): Set<string> {
  return new Set(ids.filter((id) => selected.has(id)));
}

export interface ItemResult {
  applicationId: string;
  ok: boolean;
  code?: string | null;
  message?: string | null;
}

export interface Failure {
  applicationId: string;
  name: string;
  reason: string;
}

/** The items that failed, with the participant's name and why (the server's words, else its
 * code), in the order of `names` (the list as shown). */
export function failures(
  items: readonly ItemResult[],
  names: ReadonlyMap<string, string>,
  unknownName: string,
): Failure[] {
  const order = [...names.keys()];
  const rank = (id: string): number => {
    const at = order.indexOf(id);
    return at < 0 ? order.length : at;
  };
  return items
    .filter((item) => !item.ok)
    .map((item) => ({
      applicationId: item.applicationId,
      name: names.get(item.applicationId) ?? unknownName,
      reason: item.message || item.code || "",
    }))
    .sort((a, b) => rank(a.applicationId) - rank(b.applicationId));
}
