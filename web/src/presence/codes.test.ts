import { describe, expect, it } from "vitest";
import { checkInDigits, codeFromScan, groupedClaimCode, secondsUntil, svgDataUrl } from "./codes";

const ID = "0b7f3c9e-2d1a-4c5b-8e6f-7a8b9c0d1e2f";

describe("check-in codes", () => {
  it("accepts 8 digits, typed with spaces", () => {
    expect(checkInDigits("1234 5678")).toBe("12345678");
    expect(checkInDigits("1234567")).toBeNull();
    expect(checkInDigits("1234567a")).toBeNull();
  });

  it("reads this opportunity's link, not another's", () => {
    expect(codeFromScan(`https://kring.example/check-in/${ID}?code=00123456`, ID, "https://x")).toBe("00123456");
    expect(codeFromScan(`/check-in/${ID}?code=00123456`, ID, "https://kring.example")).toBe("00123456");
    expect(codeFromScan("https://kring.example/check-in/other?code=00123456", ID, "https://x")).toBeNull();
    expect(codeFromScan("87654321", ID, "https://x")).toBe("87654321");
    expect(codeFromScan("not a code", ID, "https://x")).toBeNull();
  });

  it("counts down to the next code", () => {
    expect(secondsUntil("2030-01-01T00:01:00Z", Date.parse("2030-01-01T00:00:30.5Z"))).toBe(30);
    expect(secondsUntil("2030-01-01T00:01:00Z", Date.parse("2030-01-01T00:02:00Z"))).toBe(0);
  });
});

describe("claim codes", () => {
  it("are shown in groups of four, whatever was typed", () => {
    expect(groupedClaimCode("abcd efgh-ijkl2")).toBe("ABCD-EFGH-IJKL-2");
  });

  it("become image addresses the CSP allows", () => {
    expect(svgDataUrl("<svg/>")).toBe("data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E");
  });
});
