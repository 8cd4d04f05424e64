import { describe, expect, it } from "vitest";
import { safeNext } from "./next";

describe("where signing in leads", () => {
  it("stays inside the app", () => {
    expect(safeNext("/opportunities/1")).toBe("/opportunities/1");
    expect(safeNext("//evil.example/x")).toBe("/discover");
    expect(safeNext("https://evil.example")).toBe("/discover");
    expect(safeNext(null)).toBe("/discover");
  });
});
