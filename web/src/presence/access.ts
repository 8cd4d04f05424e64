// Who may make an issuer's claim codes, as auth/permissions.py says (CLAIM_CODE_MANAGE): an
// organisation's ADMIN or SUPERVISOR, a university's MODERATOR, CURATOR or TEACHER. Only used
// to offer the link; the server decides.
import type { Role } from "../gql/graphql";

export function mayHandOut(memberships: readonly { role: Role; bodyId: string }[], issuerId: string): boolean {
  return memberships.some((m) => m.bodyId === issuerId);
}
