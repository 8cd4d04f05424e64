import { describe, expect, it } from "vitest";
import {
  contrast,
  DARK_INK,
  EMPTY_UNIVERSITY,
  formatRatio,
  inkOn,
  LIGHT_INK,
  legibility,
  peopleLinks,
  universityInput,
  universityProblems,
} from "./university";

describe("universityProblems", () => {
  it("accepts a name with the default colours, and no website", () => {
    expect(universityProblems({ ...EMPTY_UNIVERSITY, name: "Hogeschool Gent" })).toEqual({});
  });

  it("asks for what the server refuses: a name, a web address, #RRGGBB colours", () => {
    expect(
      universityProblems({ name: "  ", website: "hogent.be", brandPrimary: "#12345", brandSecondary: "red" }),
    ).toEqual({
      name: "org.problem.required",
      website: "org.problem.website",
      brandPrimary: "newUni.problem.colour",
      brandSecondary: "newUni.problem.colour",
    });
    expect(universityProblems({ ...EMPTY_UNIVERSITY, name: "x".repeat(201) }).name).toBe("org.problem.tooLong");
  });

  it("sends trimmed text, no empty website, colours in capitals as the server keeps them", () => {
    expect(
      universityInput({ name: " HOGENT ", website: " ", brandPrimary: "#1f3a5f", brandSecondary: " #f2a541" }),
    ).toEqual({ name: "HOGENT", website: null, brandPrimary: "#1F3A5F", brandSecondary: "#F2A541" });
  });
});

describe("the badge's ink on the brand colours (as badges/images.py)", () => {
  it("measures WCAG contrast", () => {
    expect(contrast("#FFFFFF", "#000000")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#777777")).toBe(1);
  });

  it("prints white on dark colours and near-black on light ones", () => {
    expect(inkOn("#1F3A5F")).toBe(LIGHT_INK);
    expect(inkOn("#F2A541")).toBe(DARK_INK);
  });

  it("prefers the other brand colour when it reads, as the ribbon does", () => {
    expect(inkOn("#F2A541", "#1F3A5F")).toBe("#1F3A5F");
    expect(inkOn("#F2A541", "#E0E0E0")).toBe(DARK_INK);
  });

  it("says the default primary reads, and warns on a mid-tone whose best ink is below 4.5:1", () => {
    expect(legibility("#1F3A5F")).toMatchObject({ ink: LIGHT_INK, readable: true });
    // Mid grey: near-black is the better ink, and still only about 3.8:1.
    const mid = legibility("#777777");
    expect(mid).toMatchObject({ ink: DARK_INK, readable: false });
    expect(mid?.ratio).toBeLessThan(4.5);
    expect(legibility("#77777")).toBeNull();
  });

  it("never rounds a ratio up to the threshold", () => {
    const reading = legibility("#767676");
    expect(reading?.ratio).toBe(Math.floor(contrast("#767676", reading?.ink ?? "") * 10) / 10);
  });

  it("writes the ratio as each language does", () => {
    expect(formatRatio(4.5, "en")).toBe("4.5");
    expect(formatRatio(4.5, "nl")).toBe("4,5");
  });
});

describe("peopleLinks", () => {
  it("leads to each university's people page, by name", () => {
    expect(
      peopleLinks([
        { id: "b", name: "Universiteit Gent" },
        { id: "a", name: "Arteveldehogeschool" },
      ]),
    ).toEqual([
      { id: "a", name: "Arteveldehogeschool", href: "/universities/a/people" },
      { id: "b", name: "Universiteit Gent", href: "/universities/b/people" },
    ]);
  });
});
