// Pure rules of the members section (Members.tsx), kept apart to be tested without a page.

interface Held {
  role: string;
}

/** Whether `member` holds the last `keeper` role of the body (an organisation's last ADMIN,
 * a university's last MODERATOR): removing it is refused, so it is not offered. */
export function keeperLeft(members: readonly Held[], member: Held, keeper: string): boolean {
  return member.role === keeper && members.filter((m) => m.role === keeper).length <= 1;
}
