import { useEffect, useState } from "preact/hooks";
import { csrfToken, request } from "../core/api";
import { graphql } from "../gql";

const ME = graphql(`
  query Me {
    me {
      id
      name
      email
    }
  }
`);

export interface Me {
  id: string;
  name: string;
  email: string;
}

let current: Me | null | undefined;
const listeners = new Set<() => void>();

function publish(me: Me | null): void {
  current = me;
  // The service worker shows only this person's push messages.
  navigator.serviceWorker?.controller?.postMessage({ type: "person", person: me?.id ?? null });
  void navigator.serviceWorker?.ready.then((registration) =>
    registration.active?.postMessage({ type: "person", person: me?.id ?? null }),
  );
  for (const listener of listeners) listener();
}

export async function loadMe(): Promise<Me | null> {
  // Without a session cookie there is nobody to ask about.
  if (!csrfToken()) {
    publish(null);
    return null;
  }
  try {
    const data = await request(ME, {});
    publish(data.me ?? null);
  } catch {
    publish(null);
  }
  return current ?? null;
}

/** The signed-in person: undefined while unknown, null when signed out. */
export function useMe(): Me | null | undefined {
  const [me, setMe] = useState(current);
  useEffect(() => {
    const listener = (): void => setMe(current);
    listeners.add(listener);
    if (current === undefined) void loadMe();
    return () => listeners.delete(listener);
  }, []);
  return me;
}

async function authPost(path: string, body: Record<string, string>): Promise<string | null> {
  const response = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken() },
    body: JSON.stringify(body),
  });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => ({}))) as {
    error_description?: string;
    errors?: { message: string }[];
  };
  return answer.error_description ?? answer.errors?.[0]?.message ?? response.statusText;
}

/** Signs in with a local account; the answer is an error to show, or null. */
export async function signIn(email: string, password: string): Promise<string | null> {
  const failure = await authPost("/auth/login", { email, password, mode: "cookie" });
  if (failure === null) await loadMe();
  return failure;
}

export async function signInAsDemo(email: string): Promise<string | null> {
  const failure = await authPost("/auth/dev-login", { email, mode: "cookie" });
  if (failure === null) await loadMe();
  return failure;
}

export async function signOut(): Promise<void> {
  await authPost("/auth/logout", {});
  publish(null);
}

export interface DemoPerson {
  email: string;
  name: string;
  roles: string[];
}

export async function demoPeople(): Promise<DemoPerson[]> {
  const response = await fetch("/auth/dev-people", { credentials: "same-origin" });
  return response.ok ? ((await response.json()) as DemoPerson[]) : [];
}
