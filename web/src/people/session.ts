import { useEffect } from "preact/hooks";
import { ApiError, csrfToken, refreshSession, request } from "../core/api";
import { forgetAllBut } from "../core/personal";
import { publishTo, type Shared, useShared } from "../core/shared";
import { graphql } from "../gql";
import type { Role } from "../gql/graphql";
import { type AuthAnswer, readAnswer } from "./account";

const ME = graphql(`
  query Me {
    me {
      id
      name
      email
      platformAdmin
      memberships {
        role
        bodyId
        bodyKind
        reviewsClaims
      }
    }
  }
`);

export interface Me {
  id: string;
  name: string;
  email: string;
  /** Roles at organisations and universities: the staff side's links follow them. */
  memberships: readonly { role: Role; bodyId: string; bodyKind: string; reviewsClaims: boolean }[];
  /** Adds universities and manages anyone's people there (told only about oneself). */
  platformAdmin: boolean;
}

let current: Me | null | undefined;
let unreachable = false;
const session: Shared<Me | null | undefined> = { read: () => current, listeners: new Set() };

function publish(me: Me | null): void {
  current = me;
  // Someone else signed in here: what was kept for the one before goes.
  if (me) forgetAllBut(me.id);
  // The service worker shows only this person's push messages.
  navigator.serviceWorker?.controller?.postMessage({ type: "person", person: me?.id ?? null });
  void navigator.serviceWorker?.ready.then((registration) =>
    registration.active?.postMessage({ type: "person", person: me?.id ?? null }),
  );
  publishTo(session);
}

export async function loadMe(): Promise<Me | null> {
  // Without a session cookie there is nobody to ask about.
  if (!csrfToken()) {
    publish(null);
    return null;
  }
  try {
    const data = await request(ME, {});
    unreachable = false;
    publish(data.me ?? null);
  } catch (caught) {
    unreachable = caught instanceof ApiError && caught.code === "OFFLINE";
    // A session ended elsewhere (signed out everywhere, a new password): drop its cookies.
    if (caught instanceof ApiError && caught.code === "UNAUTHENTICATED") await forgetSession();
    else publish(null);
  }
  return current ?? null;
}

/** True when the session cookie is there but the server could not be reached to say whose
 * it is (offline): pages may then show what this device kept for its person. */
export function sessionUnreachable(): boolean {
  return unreachable && current === null && csrfToken() !== "";
}

/** The signed-in person: undefined while unknown, null when signed out. */
export function useMe(): Me | null | undefined {
  useEffect(() => {
    if (current === undefined) void loadMe();
  }, []);
  return useShared(session);
}

/** POSTs to one of the server's /auth/* endpoints; never throws. */
export async function authCall(path: string, body: Record<string, string>): Promise<AuthAnswer> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrfToken() },
      body: JSON.stringify(body),
    });
  } catch {
    return readAnswer(0, { error: "offline" });
  }
  const parsed: unknown = await response.json().catch(() => ({}));
  return readAnswer(response.status, parsed, response.headers.get("retry-after"));
}

async function authPost(path: string, body: Record<string, string>): Promise<string | null> {
  const answer = await authCall(path, body);
  if (answer.ok) return null;
  return answer.message ?? answer.error ?? String(answer.status);
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
  forgetAllBut(null);
  await authPost("/auth/logout", {});
  publish(null);
}

/** Forgets a session the server already ended (its cookies too), as after deletion. */
export async function forgetSession(): Promise<void> {
  forgetAllBut(null);
  await authCall("/auth/logout", {});
  publish(null);
}

/** Ends every session of the signed-in person, on every device; this one included. */
export async function signOutEverywhere(): Promise<AuthAnswer> {
  let answer = await authCall("/auth/logout-everywhere", {});
  // An access token past its lifetime is renewed once, as for any other request.
  if (answer.status === 401 && (await refreshSession())) {
    answer = await authCall("/auth/logout-everywhere", {});
  }
  if (answer.ok) {
    forgetAllBut(null);
    publish(null);
  }
  return answer;
}

export function register(name: string, email: string, password: string): Promise<AuthAnswer> {
  return authCall("/auth/register", { name, email, password });
}

export function verifyEmail(token: string): Promise<AuthAnswer> {
  return authCall("/auth/verify-email", { token });
}

export function requestPasswordReset(email: string): Promise<AuthAnswer> {
  return authCall("/auth/password-reset", { email });
}

export function confirmPasswordReset(token: string, password: string): Promise<AuthAnswer> {
  return authCall("/auth/password-reset/confirm", { token, password });
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
