import { describe, expect, it } from "vitest";
import { merge, type Notification, unread } from "./live";

const n = (id: string, at: string, readAt: string | null = null): Notification => ({
  id,
  kind: "BADGE_ISSUED",
  data: {},
  createdAt: at,
  readAt,
});

describe("the notification list", () => {
  it("keeps each notification once, newest first", () => {
    const known = [n("b", "2030-01-02T00:00:00Z"), n("a", "2030-01-01T00:00:00Z")];
    const merged = merge(known, [n("c", "2030-01-03T00:00:00Z"), n("b", "2030-01-02T00:00:00Z")]);
    expect(merged.map((x) => x.id)).toEqual(["c", "b", "a"]);
  });

  it("counts what is unread", () => {
    expect(unread([n("a", "x"), n("b", "y", "z")])).toBe(1);
  });
});
