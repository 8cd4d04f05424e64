import { describe, expect, it } from "vitest";
import { defaultRange, formatNumber, instants, isoDay, periodLabel, rangeProblem } from "./range";

describe("insights range", () => {
  it("defaults to the last twelve months, this one included", () => {
    expect(defaultRange(new Date("2026-11-29T12:00:00Z"))).toEqual({
      fromMonth: "2025-12",
      toMonth: "2026-11",
      bucket: "MONTH",
    });
    expect(defaultRange(new Date("2026-01-03T00:00:00Z")).fromMonth).toBe("2025-02");
  });

  it("asks the API for whole UTC months, the last one included", () => {
    expect(instants({ fromMonth: "2025-12", toMonth: "2026-11", bucket: "WEEK" })).toEqual({
      from: "2025-12-01T00:00:00.000Z",
      to: "2026-12-01T00:00:00.000Z",
    });
    expect(instants({ fromMonth: "2026-12", toMonth: "2026-12", bucket: "MONTH" })?.to).toBe(
      "2027-01-01T00:00:00.000Z",
    );
  });

  it("refuses ranges the API would refuse", () => {
    expect(rangeProblem({ fromMonth: "2026-05", toMonth: "2026-04", bucket: "MONTH" })).toBe("order");
    expect(rangeProblem({ fromMonth: "2023-01", toMonth: "2025-12", bucket: "MONTH" })).toBeNull();
    expect(rangeProblem({ fromMonth: "2023-01", toMonth: "2026-01", bucket: "MONTH" })).toBe("long");
    expect(rangeProblem({ fromMonth: "2026-13", toMonth: "2026-01", bucket: "MONTH" })).toBe("format");
    expect(instants({ fromMonth: "", toMonth: "2026-01", bucket: "MONTH" })).toBeNull();
  });

  it("names periods and numbers in the reader's language", () => {
    expect(periodLabel("2026-03-01T00:00:00+00:00", "MONTH", "en")).toBe("Mar 2026");
    expect(periodLabel("2026-03-01T00:00:00+00:00", "MONTH", "nl")).toMatch(/^mrt\.? 2026$/);
    expect(periodLabel("2026-03-02T00:00:00+00:00", "WEEK", "en")).toBe("2 Mar 2026");
    expect(formatNumber(1234.5, "en")).toBe("1,234.5");
    expect(formatNumber(1234.5, "nl")).toBe("1.234,5");
    expect(isoDay("2026-03-02T00:00:00+00:00")).toBe("2026-03-02");
  });
});
