import { describe, expect, it } from "vitest";
import { copyText } from "./clipboard";

function field() {
  const calls: string[] = [];
  return { calls, focus: () => calls.push("focus"), select: () => calls.push("select") };
}

describe("copyText", () => {
  it("writes to the clipboard when the browser allows it", async () => {
    const written: string[] = [];
    const target = field();
    const done = await copyText("<a>x</a>", target, {
      writeText: async (text: string) => {
        written.push(text);
      },
    });
    expect(done).toBe("copied");
    expect(written).toEqual(["<a>x</a>"]);
    expect(target.calls).toEqual([]);
  });

  it("selects the field's text when the clipboard refuses", async () => {
    const target = field();
    const done = await copyText("x", target, {
      writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")),
    });
    expect(done).toBe("selected");
    expect(target.calls).toEqual(["focus", "select"]);
  });

  it("selects the field's text where there is no Clipboard API", async () => {
    const target = field();
    expect(await copyText("x", target, undefined)).toBe("selected");
    expect(target.calls).toEqual(["focus", "select"]);
  });
});
