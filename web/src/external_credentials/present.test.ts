import { describe, expect, it } from "vitest";
import { isGood, knownReason, toBase64 } from "./present";

describe("toBase64", () => {
  it("encodes like btoa, also past one chunk", () => {
    expect(toBase64(new TextEncoder().encode("Kring"))).toBe(btoa("Kring"));
    const big = new Uint8Array(0x8000 * 2 + 7).map((_, i) => i % 251);
    const expected = btoa(Array.from(big, (b) => String.fromCharCode(b)).join(""));
    expect(toBase64(big)).toBe(expected);
  });
});

describe("knownReason", () => {
  it("keeps the reasons the page explains and drops the rest", () => {
    expect(knownReason("PRIVATE_ADDRESS")).toBe("PRIVATE_ADDRESS");
    expect(knownReason("SOMETHING_ELSE")).toBeNull();
    expect(knownReason(null)).toBeNull();
  });
});

describe("isGood", () => {
  it("is only VALID", () => {
    expect(isGood("VALID")).toBe(true);
    expect(isGood("EXPIRED")).toBe(false);
  });
});
