// What this device keeps of one person's data for offline use (the wallet's last listing).
// Only the last person confirmed signed in here has anything kept: signing in as someone
// else, or signing out, forgets it, so a shared browser never shows one person's data to
// another.

const PREFIX = "kring.personal.";

export interface Kept<T> {
  person: string;
  savedAt: string;
  value: T;
}

/** The part of Web Storage used here, so that tests can pass a Map-backed stand-in. */
export type Store = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

function browserStore(): Store | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled: nothing is kept
  }
}

/** Keeps `value` under `name` for `person`, stamped with the time it was read. */
export function keep<T>(
  name: string,
  person: string,
  value: T,
  now: Date = new Date(),
  store: Store | null = browserStore(),
): void {
  if (!store) return;
  const kept: Kept<T> = { person, savedAt: now.toISOString(), value };
  try {
    store.setItem(PREFIX + name, JSON.stringify(kept));
  } catch {
    // Full or refused: the page works as before, only not offline.
  }
}

/** What was kept under `name`, if it belongs to `person` (any person: null). */
export function kept<T>(
  name: string,
  person: string | null,
  store: Store | null = browserStore(),
): Kept<T> | null {
  const raw = store?.getItem(PREFIX + name);
  if (!raw) return null;
  try {
    const found = JSON.parse(raw) as Partial<Kept<T>>;
    if (typeof found.person !== "string" || typeof found.savedAt !== "string") return null;
    if (person !== null && found.person !== person) return null;
    return found as Kept<T>;
  } catch {
    return null;
  }
}

/** Forgets everything kept, except what belongs to `person` (nobody: forget it all). */
export function forgetAllBut(person: string | null, store: Store | null = browserStore()): void {
  if (!store) return;
  const names: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const name = store.key(i);
    if (name?.startsWith(PREFIX)) names.push(name);
  }
  for (const name of names) {
    const found = kept(name.slice(PREFIX.length), null, store);
    if (person === null || found?.person !== person) store.removeItem(name);
  }
}
