// Who may design an issuer's badge classes, as auth/permissions.py says (BADGE_CLASS_CREATE and
// BADGE_CLASS_MANAGE): an organisation's ADMIN, a university's MODERATOR or CURATOR. Only used
// to offer the actions; the server decides.
import type { Role } from "../gql/graphql";
import { useMe } from "../people/session";

const DESIGNERS: readonly Role[] = ["ADMIN", "MODERATOR", "CURATOR"];

export function mayDesign(memberships: readonly { role: Role; bodyId: string }[], issuerId: string): boolean {
  return memberships.some((m) => m.bodyId === issuerId && DESIGNERS.includes(m.role));
}

/** The bodies the signed-in person designs badge classes for: undefined while unknown. */
export function useDesignerOf(): readonly { role: Role; bodyId: string; bodyKind: string }[] | undefined {
  const me = useMe();
  if (me === undefined) return undefined;
  return me?.memberships ?? [];
}
