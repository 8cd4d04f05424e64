// Read-your-writes across replicas (server/bookmarks.py): the sealed bookmark of this tab's
// last write, sent back on every request so that whichever replica answers has seen it.
const KEY = "kring-bookmark";
export const BOOKMARK_HEADER = "kring-bookmark";

let current: string | null | undefined;

/** The bookmark to send, if a write gave one (kept for the tab's session, across reloads). */
export function bookmark(): string | null {
  if (current === undefined) {
    try {
      current = sessionStorage.getItem(KEY);
    } catch {
      current = null; // storage refused: the bookmark lives as long as the page
    }
  }
  return current;
}

/** Keep the bookmark a response handed out; a response without one changes nothing. */
export function remember(value: string | null): void {
  if (!value) return;
  current = value;
  try {
    sessionStorage.setItem(KEY, value);
  } catch {
    // As above: in memory only.
  }
}

/** Drop a bookmark the server no longer takes (its secret changed, say). */
export function forget(): void {
  current = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing kept.
  }
}
