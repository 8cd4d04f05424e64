// The person's notifications: one list for the bell and the page, kept current by the
// notificationAdded subscription over one WebSocket (graphql-transport-ws, the session
// cookie authenticates the handshake).
import { type Client, createClient } from "graphql-ws";
import { publishTo, type Shared, useShared } from "../core/shared";
import { PERSISTED_QUERY_NOT_FOUND, operation, request } from "../core/api";
import { graphql } from "../gql";
import type { NotificationsQuery } from "../gql/graphql";

const NOTIFICATIONS = graphql(`
  query Notifications {
    notifications(first: 50) {
      edges {
        node {
          id
          kind
          data
          createdAt
          readAt
        }
      }
    }
  }
`);

const ADDED = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      kind
      data
      createdAt
      readAt
    }
  }
`);

const MARK_READ = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id)
  }
`);

const MARK_ALL = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

export type Notification = NotificationsQuery["notifications"]["edges"][number]["node"];

let items: Notification[] = [];
let client: Client | null = null;
let stop: (() => void) | null = null;
const shared: Shared<Notification[]> = { read: () => items, listeners: new Set() };

function publish(next: Notification[]): void {
  items = next;
  publishTo(shared);
}

/** Newest first, each once (a notification can arrive both live and in a reload). */
export function merge(known: Notification[], arrived: Notification[]): Notification[] {
  const byId = new Map(known.map((n) => [n.id, n]));
  for (const n of arrived) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function unread(list: Notification[]): number {
  return list.filter((n) => !n.readAt).length;
}

export async function follow(): Promise<void> {
  if (stop) return;
  const data = await request(NOTIFICATIONS, {});
  publish(data.notifications.edges.map((edge) => edge.node));
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
  client = createClient({ url, lazy: false, retryAttempts: Infinity });
  subscribe(client, false);
}

/** By its persisted hash; as text when the server does not know the hash (yet). */
function subscribe(on: Client, asText: boolean): void {
  stop = on.subscribe<{ notificationAdded: Notification }>(operation(ADDED, asText), {
    next: (message) => {
      const added = message.data?.notificationAdded;
      if (added) publish(merge(items, [added]));
    },
    error: (errors: unknown) => {
      const codes = Array.isArray(errors)
        ? errors.map((e: { extensions?: { code?: string } }) => e.extensions?.code)
        : [];
      if (!asText && client === on && codes.includes(PERSISTED_QUERY_NOT_FOUND)) {
        subscribe(on, true);
      }
    },
    complete: () => undefined,
  });
}

export function unfollow(): void {
  stop?.();
  stop = null;
  void client?.dispose();
  client = null;
  publish([]);
}

export async function markRead(id: string): Promise<void> {
  await request(MARK_READ, { id });
  const now = new Date().toISOString();
  publish(items.map((n) => (n.id === id ? { ...n, readAt: now } : n)));
}

export async function markAllRead(): Promise<void> {
  await request(MARK_ALL, {});
  const now = new Date().toISOString();
  publish(items.map((n) => ({ ...n, readAt: n.readAt ?? now })));
}

export function useNotifications(): Notification[] {
  return useShared(shared);
}
