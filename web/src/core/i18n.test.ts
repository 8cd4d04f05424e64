import { describe, expect, it } from "vitest";
import { formatDistance, pickLocale, translate } from "./i18n";
import { catalogues, en, nl } from "./messages";

describe("language", () => {
  it("follows the browser unless the person chose", () => {
    expect(pickLocale(["nl-BE", "en"], null)).toBe("nl");
    expect(pickLocale(["fr-FR", "en-US"], null)).toBe("en");
    expect(pickLocale(["fr"], null)).toBe("en");
    expect(pickLocale(["nl"], "en")).toBe("en");
  });

  it("translates every message into Dutch", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(nl[key].length, key).toBeGreaterThan(0);
    }
  });

  it("never has one key in two catalogues, where one text would silently replace the other", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, keys] of Object.entries(catalogues)) {
      for (const key of keys) {
        const first = owner.get(key);
        if (first) clashes.push(`${key} (${first}, ${name})`);
        else owner.set(key, name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("fills in parameters", () => {
    expect(translate("nl", "opportunity.places", { free: 3, capacity: 10 })).toBe(
      "3 van 10 plaatsen vrij",
    );
  });

  it("writes distances the local way", () => {
    expect(formatDistance(0.42, "en")).toBe("420 m");
    expect(formatDistance(2.345, "nl")).toBe("2,3 km");
  });
});
