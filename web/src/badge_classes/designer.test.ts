import { describe, expect, it } from "vitest";
import {
  type ClassFacts,
  createInput,
  draftFrom,
  draftProblems,
  emptyDraft,
  frozenBy,
  frozenReason,
  imageProblem,
  previewUrl,
  updateInput,
} from "./designer";

const CLASS: ClassFacts = {
  name: "Bike Doctor",
  description: "Repairs bicycles",
  criteria: "Repair three bicycles",
  domain: "SUSTAINABILITY",
  level: "INTERMEDIATE",
  alignments: [{ framework: "ESCO", code: "S6.4.1", name: "repairing bicycles", url: null }],
  expiresAfterDays: 365,
  endorsementPolicy: { minimum: 2, relationships: ["SUPERVISOR", "PEER"], requireOneOf: ["SUPERVISOR"] },
  requires: [{ id: "r1" }],
  rubric: [],
  issuance: { autoIssueParticipations: false, autoIssueOnCompletion: false },
};

function png(width: number, height: number, size = 64): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

describe("the designer's edit", () => {
  it("sends nothing when nothing changed", () => {
    const before = draftFrom(CLASS);
    expect(updateInput(before, { ...before }, [])).toEqual({});
  });

  it("sends only the parts that changed", () => {
    const before = draftFrom(CLASS);
    const after = { ...before, description: "Repairs bikes", expiresAfterDays: "", requires: [] };
    expect(updateInput(before, after, [])).toEqual({
      description: "Repairs bikes",
      expiresAfterDays: null,
      requires: [],
    });
  });

  it("never sends a frozen part", () => {
    const before = draftFrom(CLASS);
    const after = { ...before, name: "Bike Surgeon", policyMinimum: 1 };
    const frozen = ["name", "description", "criteria", "domain", "level", "alignments", "image", "rubric"];
    expect(updateInput(before, after, frozen)).toEqual({
      endorsementPolicy: { minimum: 1, relationships: ["SUPERVISOR", "PEER"], requireOneOf: ["SUPERVISOR"] },
    });
  });

  it("sends both consents together", () => {
    const before = draftFrom(CLASS);
    expect(updateInput(before, { ...before, autoIssueParticipations: true }, [])).toEqual({
      autoIssueParticipations: true,
      autoIssueOnCompletion: false,
    });
  });

  it("sees the same competencies in another order as no change", () => {
    const two = { ...CLASS, alignments: [...CLASS.alignments, { framework: "DigComp", code: "1.1", name: "x" }] };
    const before = draftFrom(two);
    const after = { ...before, alignments: [...before.alignments].reverse() };
    expect(updateInput(before, after, [])).toEqual({});
  });
});

describe("the designer's checks", () => {
  it("asks for the required texts", () => {
    expect(draftProblems(emptyDraft()).map((p) => p.field)).toEqual(["name", "description", "criteria"]);
  });

  it("follows the server's rubric and policy rules", () => {
    const draft = {
      ...draftFrom(CLASS),
      requireOneOf: ["TEACHER" as const],
      expiresAfterDays: "0",
      rubric: [{ name: "Care", description: "", levels: ["low"], minimumLevel: null }],
    };
    expect(draftProblems(draft).map((p) => p.key)).toEqual([
      "designer.problem.requireOneOf",
      "designer.problem.expiry",
      "designer.problem.rubricCount",
      "designer.problem.rubricLevels",
    ]);
  });

  it("builds the creation input with the default policy", () => {
    const draft = { ...emptyDraft(), name: " N ", description: "D", criteria: "C", expiresAfterDays: "30" };
    expect(draftProblems(draft)).toEqual([]);
    const input = createInput("issuer", draft);
    expect(input).toMatchObject({ issuerId: "issuer", name: "N", expiresAfterDays: 30, rubric: [] });
    expect(input.endorsementPolicy?.minimum).toBe(2);
  });
});

describe("an uploaded image", () => {
  it("passes the server's checks when it is a PNG of a sane size", () => {
    expect(imageProblem(png(256, 256))).toBeNull();
  });

  it("is refused as the server would refuse it", () => {
    expect(imageProblem(new TextEncoder().encode("GIF89a........................"))?.key).toBe("designer.image.notPng");
    expect(imageProblem(png(32, 256))?.key).toBe("designer.image.size");
    expect(imageProblem(png(256, 256, 300 * 1024))?.key).toBe("designer.image.tooLarge");
  });
});

describe("the preview", () => {
  it("asks the server for the issuer's branded image", () => {
    expect(previewUrl("abc", "Bike & co", "RESEARCH", "EXPERT")).toBe(
      "/badge-classes/preview.svg?issuer=abc&name=Bike+%26+co&domain=RESEARCH&level=3",
    );
  });

  it("explains a frozen rubric by the claims when nothing was issued", () => {
    expect(frozenReason("rubric", frozenBy(false, false))).toBe("designer.frozen.claimed");
    expect(frozenReason("name", frozenBy(false, true))).toBe("designer.frozen.issued");
    expect(frozenReason("rubric", frozenBy(false, true))).toBe("designer.frozen.issued");
  });

  it("explains every frozen field of a validated class by the validation", () => {
    for (const field of ["name", "rubric"]) {
      expect(frozenReason(field, frozenBy(true, false))).toBe("designer.frozen.validated");
      expect(frozenReason(field, frozenBy(true, true))).toBe("designer.frozen.validated");
    }
  });
});
