import { describe, expect, it } from "vitest";
import {
  BODY_MARGIN_BYTES,
  characters,
  escapedBytes,
  fileProblem,
  importsFor,
  MAX_BODY_BYTES,
  MAX_FILE_BYTES,
  MAX_PACKAGE_CHARS,
  packageProblem,
  packageText,
} from "./framework";

const UNI = "22222222-2222-4222-8222-222222222222";

/** A compact package of exactly `size` characters, its description filled with `fill`. */
function packageOf(size: number, fill = "a"): string {
  const shell = JSON.stringify({ CFDocument: { title: "Skills", description: "" } });
  const room = size - shell.length;
  return shell.replace('"description":""', `"description":"${fill.repeat(Math.floor(room / fill.length))}"`);
}

describe("fileProblem", () => {
  it("reads a file that may still compact under the limit, up to 4 MB", () => {
    expect(fileProblem({ size: 37_165 })).toBeNull();
    expect(fileProblem({ size: 1_200_000 })).toBeNull();
    expect(fileProblem({ size: MAX_FILE_BYTES })).toBeNull();
  });

  it("refuses a larger or an empty file unread, saying the limit", () => {
    expect(fileProblem({ size: MAX_FILE_BYTES + 1 })).toEqual({
      key: "framework.import.fileTooLarge",
      params: { mb: 4 },
    });
    expect(fileProblem({ size: 0 })?.key).toBe("framework.import.empty");
  });
});

describe("packageProblem", () => {
  it("takes a pretty-printed 1.2 MB package that compacts to 0.8 MB", () => {
    const items = Array.from({ length: 300 }, (_, i) => ({
      identifier: `item-${i}`,
      fullStatement: "x".repeat(2_500),
      levels: Array.from({ length: 30 }, (_, j) => j),
    }));
    const pretty = JSON.stringify({ CFDocument: { title: "Skills" }, CFItems: items }, null, 10);
    expect(pretty.length).toBeGreaterThan(1_200_000);
    const sent = packageText(pretty);
    expect(sent.length).toBeLessThan(850_000);
    expect(packageProblem(sent)).toBeNull();
  });

  it("counts characters as the server does: a package of 1,000,000 passes, one more does not", () => {
    expect(characters("😀é")).toBe(2);
    expect(packageProblem(packageOf(MAX_PACKAGE_CHARS - 50_000))).toBeNull();
    expect(packageProblem(packageOf(MAX_PACKAGE_CHARS + 1))).toEqual({
      key: "framework.import.tooLarge",
      params: { kb: 1000 },
    });
  });

  it("refuses a package under its own limit whose escaped request would pass 1 MiB, in its own words", () => {
    // 950,000 characters, within the package limit, but each quote is escaped to two bytes.
    const quoted = packageOf(950_000, '\\"');
    expect(characters(quoted)).toBeLessThanOrEqual(MAX_PACKAGE_CHARS);
    expect(escapedBytes(quoted)).toBeGreaterThan(MAX_BODY_BYTES);
    expect(packageProblem(quoted)).toEqual({
      key: "framework.import.requestTooLarge",
      params: { kb: (MAX_BODY_BYTES - BODY_MARGIN_BYTES) / 1024 },
    });
    // Characters outside ASCII: counted once by the package limit, as 2 or 3 bytes in UTF-8.
    const accented = packageOf(600_000, "é");
    expect(packageProblem(accented)?.key).toBe("framework.import.requestTooLarge");
    expect(packageProblem(packageOf(400_000, "é"))).toBeNull();
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
