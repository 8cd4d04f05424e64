// The editor's list of items: pure moves, so the page's order is tested without a browser.
export interface Chosen {
  kind: "BADGE" | "CLAIM" | "EVIDENCE" | "EXTERNAL";
  id: string;
  caption: string;
}

/** The list with the item at `index` moved one place by `step` (-1 up, 1 down). */
export function moved<T>(items: readonly T[], index: number, step: -1 | 1): T[] {
  const to = index + step;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

export function key(item: { kind: string; id: string }): string {
  return `${item.kind}:${item.id}`;
}

/** What of the record is not on the page yet, in the record's order. */
export function addable<T extends { kind: string; id: string }>(
  record: readonly T[],
  onPage: readonly { kind: string; id: string }[],
): T[] {
  const taken = new Set(onPage.map(key));
  return record.filter((item) => !taken.has(key(item)));
}

/** The narrative's paragraphs: split at empty lines, blank ones dropped. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
