import { describe, expect, it } from "vitest";
import { addable, moved, paragraphs } from "./items";

describe("portfolio items", () => {
  it("moves an item one place and never past either end", () => {
    expect(moved(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moved(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moved(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("offers only what is not on the page yet, by kind and id", () => {
    const record = [
      { kind: "BADGE", id: "1" },
      { kind: "CLAIM", id: "1" },
      { kind: "BADGE", id: "2" },
    ];
    expect(addable(record, [{ kind: "BADGE", id: "1" }])).toEqual([
      { kind: "CLAIM", id: "1" },
      { kind: "BADGE", id: "2" },
    ]);
  });

  it("splits the story at empty lines", () => {
    expect(paragraphs("One.\n\n  \nTwo\nstill two.\n\n")).toEqual(["One.", "Two\nstill two."]);
  });
});
