import { describe, expect, it } from "vitest";
import { bulkRequest, coverage, failures, kept, toggled } from "./bulk";

describe("one request per submitted selection", () => {
  let n = 0;
  const ids = () => `request-${++n}`;

  it("resends a selection still waiting for its answer with the same id", () => {
    const first = bulkRequest(null, ["b", "a"], "COMPLETED", ids);
    const retry = bulkRequest(first, new Set(["a", "b"]), "COMPLETED", ids);
    expect(retry.requestId).toBe(first.requestId);
    expect(retry.ids).toEqual(["a", "b"]);
  });

  it("makes a new request for another selection or outcome, or once answered", () => {
    const first = bulkRequest(null, ["a", "b"], "COMPLETED", ids);
    expect(bulkRequest(first, ["a"], "COMPLETED", ids).requestId).not.toBe(first.requestId);
    expect(bulkRequest(first, ["a", "b"], "NO_SHOW", ids).requestId).not.toBe(first.requestId);
    expect(bulkRequest(null, ["a", "b"], "COMPLETED", ids).requestId).not.toBe(first.requestId);
  });

  it("makes real UUIDs by default", () => {
    expect(bulkRequest(null, ["a"], "COMPLETED").requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("selecting", () => {
  it("toggles one and tells all, some or none", () => {
    const all = ["a", "b", "c"];
    let selected = toggled(new Set(), "a", true);
    expect(coverage(selected, all)).toBe("some");
    selected = new Set(all);
    expect(coverage(selected, all)).toBe("all");
    selected = toggled(toggled(toggled(selected, "a", false), "b", false), "c", false);
    expect(coverage(selected, all)).toBe("none");
    expect(coverage(new Set(), [])).toBe("none");
  });

  it("forgets those that can no longer be selected", () => {
    expect([...kept(new Set(["a", "gone"]), ["a", "b"])]).toEqual(["a"]);
  });
});

describe("the report", () => {
  it("lists who failed and why, in the list's order", () => {
    const names = new Map([
      ["a", "Ann"],
      ["b", "Bo"],
      ["c", "Cy"],
    ]);
    const items = [
      { applicationId: "c", ok: false, code: "CONFLICT", message: "already completed" },
      { applicationId: "b", ok: true },
      { applicationId: "a", ok: false, code: "NOT_FOUND", message: null },
      { applicationId: "x", ok: false, code: "NOT_FOUND", message: "No such application." },
    ];
    expect(failures(items, names, "?")).toEqual([
      { applicationId: "a", name: "Ann", reason: "NOT_FOUND" },
      { applicationId: "c", name: "Cy", reason: "already completed" },
      { applicationId: "x", name: "?", reason: "No such application." },
    ]);
  });
});
