import { describe, expect, it } from "vitest";
import { changes, describeChange, type Entry } from "./history";

const first: Entry = { level: 1, wantToDevelop: false, at: "2026-11-02T09:00:00+00:00" };
const second: Entry = { level: 2, wantToDevelop: true, at: "2026-11-10T09:00:00+00:00" };
const third: Entry = { level: 2, wantToDevelop: false, at: "2026-11-20T09:00:00+00:00" };

describe("changes", () => {
  it("lists the newest first, each against the rating before it", () => {
    expect(changes([third, second, first])).toEqual([
      { at: third.at, before: 2, after: 2, wishBefore: true, wish: false },
      { at: second.at, before: 1, after: 2, wishBefore: false, wish: true },
      { at: first.at, before: null, after: 1, wishBefore: null, wish: false },
    ]);
  });

  it("puts entries given out of order newest first", () => {
    expect(changes([first, third, second]).map((c) => c.at)).toEqual([third.at, second.at, first.at]);
  });

  it("has nothing to list for a competency never rated", () => {
    expect(changes([])).toEqual([]);
  });
});

describe("describeChange", () => {
  const [wishDropped, raised, rated] = changes([third, second, first]);

  it("names the levels before and after in the page's words", () => {
    expect(describeChange(raised!, "en")).toBe("From “Beginner” to “Intermediate”. Marked to develop.");
    expect(describeChange(raised!, "nl")).toBe("Van “Beginner” naar “Gevorderd”. Aangeduid om te ontwikkelen.");
  });

  it("says only what changed", () => {
    expect(describeChange(wishDropped!, "en")).toBe("No longer marked to develop.");
  });

  it("gives the oldest rating kept as it was, with a wish only when there was one", () => {
    expect(describeChange(rated!, "en")).toBe("Rated “Beginner”.");
    const wished = changes([{ ...first, level: 0, wantToDevelop: true }])[0]!;
    expect(describeChange(wished, "nl")).toBe("Beoordeeld als “Nog niet”. Aangeduid om te ontwikkelen.");
  });
});
