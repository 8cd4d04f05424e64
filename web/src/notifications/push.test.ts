import { describe, expect, it } from "vitest";
import { keyBytes, subscriptionInput } from "./push";

describe("Web Push shapes", () => {
  it("decodes an unpadded base64url VAPID key to its bytes", () => {
    // 0xfb 0xff 0xbf is "-_-_" in base64url and "+/+/" in base64: both alphabets' odd characters.
    expect(Array.from(keyBytes("-_-_"))).toEqual([0xfb, 0xff, 0xbf]);
    expect(Array.from(keyBytes("BA"))).toEqual([0x04]);
    expect(keyBytes("BA").buffer).toBeInstanceOf(ArrayBuffer);
  });

  it("takes the endpoint and both keys from the browser's subscription, or nothing", () => {
    const json = { endpoint: "https://push.example/abc", keys: { p256dh: "P", auth: "A" } };
    expect(subscriptionInput(json)).toEqual({
      endpoint: "https://push.example/abc",
      p256dh: "P",
      auth: "A",
    });
    expect(subscriptionInput({ endpoint: "https://push.example/abc", keys: {} })).toBeNull();
    expect(subscriptionInput({ keys: { p256dh: "P", auth: "A" } })).toBeNull();
  });
});
