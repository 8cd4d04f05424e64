import { describe, expect, it } from "vitest";
import {
  EMPTY_DRAFT,
  changedInput,
  logoProblem,
  parseCoordinate,
  pngDataUrl,
  problemsOf,
  profileProblems,
} from "./profile";

function png(width: number, height: number, extra = 0): Uint8Array {
  const bytes = new Uint8Array(33 + extra);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

describe("parseCoordinate", () => {
  it("reads a decimal point or comma, within range", () => {
    expect(parseCoordinate("51.0543", "latitude")).toBe(51.0543);
    expect(parseCoordinate(" 3,7174 ", "longitude")).toBe(3.7174);
    expect(parseCoordinate("-179.5", "longitude")).toBe(-179.5);
    expect(parseCoordinate("95", "latitude")).toBeNull();
    expect(parseCoordinate("", "latitude")).toBeNull();
    expect(parseCoordinate("51°N", "latitude")).toBeNull();
  });
});

describe("problemsOf", () => {
  it("checks only the step's own fields", () => {
    expect(problemsOf("about", EMPTY_DRAFT)).toEqual({
      name: "org.problem.required",
      description: "org.problem.required",
    });
    expect(problemsOf("place", { ...EMPTY_DRAFT, address: "Dok 1", latitude: "51", longitude: "x" })).toEqual({
      longitude: "org.problem.longitude",
    });
    expect(problemsOf("contact", { ...EMPTY_DRAFT, contactEmail: "hallo@" })).toEqual({
      contactEmail: "org.problem.email",
    });
    expect(problemsOf("university", EMPTY_DRAFT)).toEqual({ universityId: "org.problem.university" });
  });

  it("refuses a website that is not a web address", () => {
    const draft = { ...EMPTY_DRAFT, name: "N", description: "D", website: "javascript:alert(1)" };
    expect(problemsOf("about", draft)).toEqual({ website: "org.problem.website" });
    expect(problemsOf("about", { ...draft, website: "https://ok.example" })).toEqual({});
  });

  it("leaves the university out of the profile editor", () => {
    const draft = {
      ...EMPTY_DRAFT,
      name: "N",
      description: "D",
      address: "A",
      latitude: "51",
      longitude: "3.7",
      contactEmail: "a@b.example",
    };
    expect(profileProblems(draft)).toEqual({});
    expect(profileProblems({ ...draft, name: "x".repeat(201) })).toEqual({ name: "org.problem.tooLong" });
  });
});

describe("logoProblem", () => {
  it("accepts a PNG of a sensible size", () => {
    expect(logoProblem(png(128, 128))).toBeNull();
  });

  it("says why a file cannot be the logo", () => {
    expect(logoProblem(new TextEncoder().encode("GIF89a and more bytes here."))?.key).toBe("org.logo.notPng");
    expect(logoProblem(png(32, 128))).toEqual({
      key: "org.logo.size",
      params: { min: 64, max: 2048, width: 32, height: 128 },
    });
    expect(logoProblem(png(128, 128, 256 * 1024))?.key).toBe("org.logo.tooLarge");
  });

  it("turns bytes into the data URL the API takes", () => {
    expect(pngDataUrl(new Uint8Array([1, 2, 3]))).toBe("data:image/png;base64,AQID");
  });
});

describe("changedInput", () => {
  const before = {
    ...EMPTY_DRAFT,
    name: "Dok",
    description: "D",
    website: "https://dok.example",
    address: "A",
    latitude: "51.05",
    longitude: "3.72",
    contactEmail: "a@b.example",
  };

  it("sends only what changed, an emptied website as the API's removal", () => {
    expect(changedInput(before, { ...before })).toEqual({});
    expect(changedInput(before, { ...before, name: " Dok Noord ", website: "" })).toEqual({
      name: "Dok Noord",
      website: "",
    });
  });

  it("sends the coordinates as a pair when the place moved", () => {
    expect(changedInput(before, { ...before, latitude: "51,06" })).toEqual({
      latitude: 51.06,
      longitude: 3.72,
    });
    expect(changedInput(before, { ...before, latitude: "51.050" })).toEqual({});
  });
});
