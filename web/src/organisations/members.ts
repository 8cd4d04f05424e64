// Pure rules of the members section (Members.tsx), kept apart to be tested without a page.

interface Held {
  role: string;
  /** Added by an address that has no account yet: they cannot act until they sign up. */
  invited: boolean;
}

/** Whether `member` holds the last `keeper` role of the body (an organisation's last ADMIN,
 * a university's last MODERATOR) among people with an account: an invited address cannot
 * keep the body, so removing it is refused by the server and not offered here. */
export function keeperLeft(members: readonly Held[], member: Held, keeper: string): boolean {
  if (member.role !== keeper) return false;
  const others = members.filter((m) => m !== member && m.role === keeper && !m.invited);
  return !member.invited && others.length === 0;
}
