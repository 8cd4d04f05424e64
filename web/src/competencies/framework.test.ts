import { describe, expect, it } from "vitest";
import { fileProblem, importsFor, MAX_PACKAGE_BYTES, packageText } from "./framework";

const UNI = "22222222-2222-4222-8222-222222222222";

describe("fileProblem", () => {
  it("takes a package up to the server's limit", () => {
    expect(fileProblem({ size: 37_165 })).toBeNull();
    expect(fileProblem({ size: MAX_PACKAGE_BYTES })).toBeNull();
  });

  it("refuses a larger or an empty file before anything is sent, saying the limit", () => {
    expect(fileProblem({ size: MAX_PACKAGE_BYTES + 1 })).toEqual({
      key: "framework.import.tooLarge",
      params: { kb: 1000 },
    });
    expect(fileProblem({ size: 0 })?.key).toBe("framework.import.empty");
  });
});

describe("packageText", () => {
  it("sends JSON without its indentation, and the same data", () => {
    const pretty = JSON.stringify({ CFDocument: { title: "Skills" }, CFItems: [{ identifier: "a" }] }, null, 2);
    const sent = packageText(pretty);
    expect(sent.length).toBeLessThan(pretty.length);
    expect(sent).not.toContain("\n");
    expect(JSON.parse(sent)).toEqual(JSON.parse(pretty));
  });

  it("sends what is not JSON as it is, for the server to say why", () => {
    expect(packageText("not json {")).toBe("not json {");
  });
});

describe("importsFor", () => {
  it("offers the import to the university's moderators and curators only", () => {
    expect(importsFor([{ role: "CURATOR", bodyId: UNI }], UNI)).toBe(true);
    expect(importsFor([{ role: "MODERATOR", bodyId: UNI }], UNI)).toBe(true);
    expect(importsFor([{ role: "TEACHER", bodyId: UNI }], UNI)).toBe(false);
    expect(importsFor([{ role: "CURATOR", bodyId: "elsewhere" }], UNI)).toBe(false);
    expect(importsFor(undefined, UNI)).toBe(false);
  });
});
