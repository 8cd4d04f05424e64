// Who may design an issuer's badge classes, as auth/permissions.py says (BADGE_CLASS_CREATE and
// BADGE_CLASS_MANAGE): an organisation's ADMIN, a university's MODERATOR or CURATOR. Only used
// to offer the actions; the server decides.
import { useEffect, useState } from "preact/hooks";
import { request } from "../core/api";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";
import { useMe } from "../people/session";

const MEMBERSHIPS = graphql(`
  query DesignerMemberships {
    me {
      id
      memberships {
        role
        bodyId
      }
    }
  }
`);

const DESIGNERS: readonly Role[] = ["ADMIN", "MODERATOR", "CURATOR"];

export function mayDesign(memberships: readonly { role: Role; bodyId: string }[], issuerId: string): boolean {
  return memberships.some((m) => m.bodyId === issuerId && DESIGNERS.includes(m.role));
}

/** The bodies the signed-in person designs badge classes for: undefined while unknown. */
export function useDesignerOf(): readonly { role: Role; bodyId: string }[] | undefined {
  const me = useMe();
  const [memberships, setMemberships] = useState<{ role: Role; bodyId: string }[] | undefined>(undefined);
  useEffect(() => {
    if (me === undefined) return;
    if (me === null) {
      setMemberships([]);
      return;
    }
    request(MEMBERSHIPS, {})
      .then((data) => setMemberships(data.me?.memberships ?? []))
      .catch(() => setMemberships([]));
  }, [me?.id]);
  return memberships;
}
