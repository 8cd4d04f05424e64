import { describe, expect, it } from "vitest";
import { missing, totalOf } from "./peer";

const rubric = [
  { id: "a", levels: ["1", "2", "3"] },
  { id: "b", levels: ["1", "2"] },
];

describe("the scoring form", () => {
  it("adds the levels chosen", () => {
    expect(totalOf({ a: { level: 3, comment: "" }, b: { level: null, comment: "" } })).toBe(3);
  });

  it("names criteria without a level in range or a comment", () => {
    expect(missing(rubric, {})).toEqual(["a", "b"]);
    expect(missing(rubric, { a: { level: 2, comment: "clear" }, b: { level: 3, comment: "x" } })).toEqual(["b"]);
    expect(missing(rubric, { a: { level: 2, comment: " " }, b: { level: 1, comment: "ok" } })).toEqual(["a"]);
    expect(missing(rubric, { a: { level: 1, comment: "ok" }, b: { level: 2, comment: "ok" } })).toEqual([]);
  });
});
