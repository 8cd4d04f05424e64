import { describe, expect, it } from "vitest";
import { changedRatings, type Stored } from "./ratings";

const stored: Stored[] = [
  { competencyId: "a", level: 2, wantToDevelop: false },
  { competencyId: "b", level: null, wantToDevelop: false },
  { competencyId: "c", level: 1, wantToDevelop: true },
];

describe("changedRatings", () => {
  it("sends only what differs from what is stored", () => {
    const edits = new Map([
      ["a", { level: 2 }],
      ["c", { level: 3 }],
    ]);
    expect(changedRatings(stored, edits)).toEqual([
      { competencyId: "c", level: 3, wantToDevelop: true },
    ]);
  });

  it("rates a never-rated competency 'not yet' when only the wish is given", () => {
    const edits = new Map([["b", { wantToDevelop: true }]]);
    expect(changedRatings(stored, edits)).toEqual([
      { competencyId: "b", level: 0, wantToDevelop: true },
    ]);
  });

  it("sends nothing when an edit is undone", () => {
    const edits = new Map([["a", { level: 2, wantToDevelop: false }]]);
    expect(changedRatings(stored, edits)).toEqual([]);
  });
});
