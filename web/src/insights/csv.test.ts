import { describe, expect, it } from "vitest";
import { csvField, fileName, toCsv } from "./csv";

describe("csv", () => {
  it("leaves plain fields alone", () => {
    expect(toCsv([["Period", "People"], ["2026-03-01", 4]])).toBe("Period,People\r\n2026-03-01,4\r\n");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("Repair, reuse")).toBe('"Repair, reuse"');
    expect(csvField('The "best" café')).toBe('"The ""best"" café"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
  });

  it("writes numbers as numbers and empties as nothing", () => {
    expect(toCsv([[7.5, 0, null, undefined, Number.NaN]])).toBe("7.5,0,,,\r\n");
  });

  it("keeps formulas from running in a spreadsheet", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+32 9 123")).toBe("'+32 9 123");
    expect(csvField(-3)).toBe("-3");
  });

  it("names files plainly", () => {
    expect(fileName("Insights", "Repair Café Gent", "2026-01")).toBe("insights-repair-cafe-gent-2026-01.csv");
    expect(fileName("")).toBe("insights.csv");
  });
});
