import { describe, expect, it } from "vitest";
import { forgetAllBut, keep, kept, type Store } from "./personal";

/** Web Storage over a Map, as much of it as core/personal.ts uses. */
function memory(): Store & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (name: string) => items.get(name) ?? null,
    setItem: (name: string, value: string) => void items.set(name, value),
    removeItem: (name: string) => void items.delete(name),
  };
}

describe("what the device keeps for one person", () => {
  const when = new Date("2026-03-05T10:00:00Z");

  it("gives it back to that person only, with the time it was kept", () => {
    const store = memory();
    keep("wallet", "ann", { badges: [1, 2] }, when, store);
    expect(kept("wallet", "ann", store)).toEqual({
      person: "ann",
      savedAt: "2026-03-05T10:00:00.000Z",
      value: { badges: [1, 2] },
    });
    expect(kept("wallet", "bob", store)).toBeNull();
    expect(kept("wallet", null, store)?.person).toBe("ann");
    expect(kept("other", "ann", store)).toBeNull();
  });

  it("forgets another person's when someone signs in, and everything on sign-out", () => {
    const store = memory();
    store.setItem("kring.locale", "nl");
    keep("wallet", "ann", [], when, store);
    forgetAllBut("ann", store);
    expect(kept("wallet", "ann", store)).not.toBeNull();
    forgetAllBut("bob", store);
    expect(kept("wallet", null, store)).toBeNull();
    keep("wallet", "bob", [], when, store);
    forgetAllBut(null, store);
    expect([...store.items.keys()]).toEqual(["kring.locale"]);
  });

  it("reads nothing from a damaged entry", () => {
    const store = memory();
    store.setItem("kring.personal.wallet", "{not json");
    expect(kept("wallet", null, store)).toBeNull();
    store.setItem("kring.personal.wallet", JSON.stringify({ value: 1 }));
    expect(kept("wallet", null, store)).toBeNull();
    forgetAllBut("ann", store);
    expect(store.items.size).toBe(0);
  });
});
