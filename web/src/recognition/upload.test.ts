import { describe, expect, it } from "vitest";
import type { EvidenceRules } from "../core/config";
import { acceptList, checkFile, evidenceName, MAX_NAME, percent, uploadError, uploadUrl } from "./upload";

// As server/routes/web.py sends them (server/evidence_store.py).
const RULES: EvidenceRules = {
  maxBytes: 5 * 1024 * 1024,
  signatures: {
    "image/png": ["89504e470d0a1a0a"],
    "image/jpeg": ["ffd8ff"],
    "application/pdf": ["255044462d"],
    "text/plain": [],
  },
};
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function file(parts: BlobPart[], name: string, type: string): File {
  return new File(parts, name, { type });
}

describe("checkFile", () => {
  it("takes what the server takes", async () => {
    expect(await checkFile(file([PNG], "photo.png", "image/png"), RULES)).toBeNull();
    expect(await checkFile(file(["%PDF-1.7\n"], "report.pdf", "application/pdf"), RULES)).toBeNull();
    expect(await checkFile(file(["Notes, in UTF-8: één"], "notes.txt", "text/plain"), RULES)).toBeNull();
  });

  it("refuses a file over the limit before reading it", async () => {
    const big = { name: "big.png", type: "image/png", size: RULES.maxBytes + 1, slice: () => new Blob([]) };
    expect(await checkFile(big, RULES)).toEqual({ kind: "tooLarge", maxBytes: RULES.maxBytes });
    const exact = file([PNG, new Uint8Array(RULES.maxBytes - PNG.length)], "exact.png", "image/png");
    expect(await checkFile(exact, RULES)).toBeNull();
  });

  it("refuses a type the server does not take, naming those it does", async () => {
    expect(await checkFile(file(["GIF89a"], "a.gif", "image/gif"), RULES)).toEqual({
      kind: "type",
      allowed: ["image/png", "image/jpeg", "application/pdf", "text/plain"],
    });
    expect(await checkFile(file(["x"], "a", ""), RULES)).toMatchObject({ kind: "type" });
  });

  it("refuses a file whose content is not what its type says", async () => {
    expect(await checkFile(file(["%PDF-1.7"], "fake.png", "image/png"), RULES)).toEqual({
      kind: "content",
      mediaType: "image/png",
    });
    expect(await checkFile(file([new Uint8Array([0xff, 0xfe, 0x00])], "t.txt", "text/plain"), RULES)).toEqual({
      kind: "encoding",
    });
  });

  it("refuses an empty file, with or without rules", async () => {
    expect(await checkFile(file([], "empty.png", "image/png"), RULES)).toEqual({ kind: "empty" });
    expect(await checkFile(file([], "empty.png", "image/png"), null)).toEqual({ kind: "empty" });
    expect(await checkFile(file(["anything"], "a.gif", "image/gif"), null)).toBeNull();
  });
});

describe("names and addresses", () => {
  it("keeps a name within the server's limit, its extension kept", () => {
    const long = `${"a".repeat(300)}.pdf`;
    const kept = evidenceName(long);
    expect(kept).toHaveLength(MAX_NAME);
    expect(kept.endsWith(".pdf")).toBe(true);
    expect(evidenceName("  ")).toBe("evidence");
  });

  it("puts the file at the claim's evidence, its name encoded", () => {
    expect(uploadUrl("0b5c9e2a-1111-4222-8333-444455556666", "my cv & notes.pdf")).toBe(
      "/claims/0b5c9e2a-1111-4222-8333-444455556666/evidence?name=my%20cv%20%26%20notes.pdf",
    );
  });

  it("offers the accepted types to the file picker", () => {
    expect(acceptList(RULES)).toBe("image/png,image/jpeg,application/pdf,text/plain");
    expect(acceptList(null)).toBeUndefined();
  });
});

describe("uploadError", () => {
  it("reads the server's one error body", () => {
    const error = uploadError(
      400,
      JSON.stringify({ errors: [{ message: "Evidence files are at most 5 MiB.", extensions: { code: "BAD_USER_INPUT" } }] }),
    );
    expect([error.message, error.code, error.status]).toEqual(["Evidence files are at most 5 MiB.", "BAD_USER_INPUT", 400]);
  });

  it("copes with a page that is not JSON, and with no answer at all", () => {
    expect(uploadError(502, "<html>").code).toBe("INTERNAL_SERVER_ERROR");
    expect(uploadError(0, "").code).toBe("OFFLINE");
  });
});

describe("percent", () => {
  it("says 100 only when everything is sent", () => {
    expect(percent(0, 10)).toBe(0);
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1000, 1000)).toBe(100);
    expect(percent(5, 0)).toBe(0);
  });
});
