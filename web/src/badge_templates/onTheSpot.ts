// The on-the-spot form's logic: who may issue as which body, the addresses typed, the levels.
// The server decides (graph/badge_templates/on_the_spot.py); this only keeps the form honest.

export const MAX_LEARNERS = 30;
// The shape the server checks (server/graphql/validation.py), loosely: something@something.tld.
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface Membership {
  role: string;
  bodyId: string;
  bodyName: string;
  bodyKind: string;
  bodyStatus?: string | null;
}

export interface Issuer {
  id: string;
  name: string;
  kind: "University" | "Organisation";
}

/** The bodies the person issues on the spot for: a university they teach at, an approved
 * organisation they administer or supervise; each once, in the order they come. */
export function issuersOf(memberships: readonly Membership[]): Issuer[] {
  const found: Issuer[] = [];
  for (const m of memberships) {
    const teaches = m.bodyKind === "University" && m.role === "TEACHER";
    const runs =
      m.bodyKind === "Organisation" &&
      (m.role === "ADMIN" || m.role === "SUPERVISOR") &&
      m.bodyStatus === "APPROVED";
    if ((teaches || runs) && !found.some((i) => i.id === m.bodyId)) {
      found.push({ id: m.bodyId, name: m.bodyName, kind: teaches ? "University" : "Organisation" });
    }
  }
  return found;
}

/** The addresses typed (one per line, or separated by commas, semicolons or spaces), in
 * lower case and each once; and what does not look like an address. */
export function parseEmails(text: string): { emails: string[]; invalid: string[] } {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const part of text.split(/[\s,;]+/)) {
    const address = part.trim().toLowerCase();
    if (!address) continue;
    if (!EMAIL.test(address)) invalid.push(part.trim());
    else if (!emails.includes(address)) emails.push(address);
  }
  return { emails, invalid };
}

export interface Criterion {
  id: string;
  levels: readonly string[];
  minimumLevel?: number | null;
}

/** The levels one may choose on a criterion: from its minimum up. */
export function allowedLevels(criterion: Criterion): number[] {
  const lowest = criterion.minimumLevel ?? 1;
  return criterion.levels.map((_, i) => i + 1).filter((level) => level >= lowest);
}

/** The assessment to send, or null while a criterion has no (allowed) level yet. */
export function assessmentOf(
  rubric: readonly Criterion[],
  chosen: Readonly<Record<string, number>>,
): { criterionId: string; level: number }[] | null {
  const levels = rubric.map((k) => ({ criterionId: k.id, level: chosen[k.id] ?? 0 }));
  const complete = rubric.every((k, i) => allowedLevels(k).includes(levels[i]?.level ?? 0));
  return complete ? levels : null;
}
