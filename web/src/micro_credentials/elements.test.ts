import { describe, expect, it } from "vitest";
import { draftInput, EMPTY_DRAFT, notANumber, numberOf } from "./elements";

describe("a curator's draft of the EU elements", () => {
  it("states nothing when nothing was typed", () => {
    expect(draftInput(EMPTY_DRAFT)).toBeNull();
  });

  it("sends outcomes one per line and numbers as numbers", () => {
    const input = draftInput({
      ...EMPTY_DRAFT,
      learningOutcomes: "Design a survey\n\n  Analyse answers ",
      ectsCredits: "2,5",
      eqfLevel: "6",
    });
    expect(input).toMatchObject({
      learningOutcomes: ["Design a survey", "Analyse answers"],
      ectsCredits: 2.5,
      eqfLevel: 6,
      country: null,
    });
  });

  it("catches a word where a number belongs, which JSON would send as nothing", () => {
    expect(numberOf("two")).toBeNaN();
    expect(numberOf(" ")).toBeNull();
    expect(notANumber({ ...EMPTY_DRAFT, ectsCredits: "two" })).toBe("ectsCredits");
    expect(notANumber({ ...EMPTY_DRAFT, ectsCredits: "3" })).toBeNull();
  });

  it("sends a micro-credential mark even with no element, so the server asks for them", () => {
    expect(draftInput({ ...EMPTY_DRAFT, isMicroCredential: true })?.isMicroCredential).toBe(true);
  });
});
