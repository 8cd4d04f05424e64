import { describe, expect, it } from "vitest";
import { EMPTY, fromParams, order, RADII_KM, toFilter, toKinds, toParams, widerRadius } from "./search";

describe("a search in the URL", () => {
  it("survives the round trip", () => {
    const search = {
      ...EMPTY,
      text: "repair café",
      near: { latitude: 51.05434, longitude: 3.71742 },
      radiusKm: 10,
      domain: "SUSTAINABILITY" as const,
      level: "BEGINNER" as const,
      freePlaces: true,
      startsAfter: "2030-05-01",
      sort: "start" as const,
    };
    expect(fromParams(toParams(search))).toEqual(search);
  });

  it("leaves out what is malformed instead of failing", () => {
    const search = fromParams(
      new URLSearchParams("lat=200&lon=3&r=7&domain=COOKING&level=x&after=tomorrow&free=yes"),
    );
    expect(search).toEqual(EMPTY);
  });

  it("is empty for an empty URL and writes nothing for the default search", () => {
    expect(fromParams(new URLSearchParams())).toEqual(EMPTY);
    expect(toParams(EMPTY).toString()).toBe("");
  });
});

describe("the filter sent to the API", () => {
  it("carries a circle in km and the chosen domain and level", () => {
    const filter = toFilter({
      ...EMPTY,
      near: { latitude: 51, longitude: 3.7 },
      radiusKm: 2,
      domain: "RESEARCH",
      level: "EXPERT",
    });
    expect(filter).toEqual({
      hasFreePlaces: false,
      near: { latitude: 51, longitude: 3.7, radiusKm: 2 },
      domains: ["RESEARCH"],
      levels: ["EXPERT"],
    });
  });

  it("sorts by relevance for words (near a place too), by distance near a place, else by start", () => {
    expect(order({ ...EMPTY, near: { latitude: 1, longitude: 2 }, text: "x" })).toBe("relevance");
    expect(order({ ...EMPTY, near: { latitude: 1, longitude: 2 } })).toBe("distance");
    expect(order({ ...EMPTY, text: "garden" })).toBe("relevance");
    expect(order(EMPTY)).toBe("start");
  });

  it("follows a chosen sort only where the search allows it, and sends it only when needed", () => {
    const near = { latitude: 1, longitude: 2 };
    expect(order({ ...EMPTY, near, text: "x", sort: "distance" })).toBe("distance");
    expect(toFilter({ ...EMPTY, near, text: "x", sort: "start" }).sort).toBe("START");
    expect(toFilter({ ...EMPTY, near, sort: "distance" }).sort).toBeUndefined();
    expect(order({ ...EMPTY, sort: "distance" })).toBe("start");
    expect(toFilter({ ...EMPTY, sort: "relevance" }).sort).toBeUndefined();
    expect(fromParams(new URLSearchParams("sort=cheapest")).sort).toBeNull();
  });
});

describe("widening a circle that found nothing", () => {
  it("offers the next larger radius the page has, and none beyond the largest", () => {
    expect(widerRadius(1)).toBe(2);
    expect(widerRadius(5)).toBe(10);
    expect(widerRadius(25)).toBe(50);
    expect(widerRadius(RADII_KM[RADII_KM.length - 1] ?? 50)).toBeNull();
  });

  it("widens a radius that is not one of the choices to the next choice above it", () => {
    expect(widerRadius(3)).toBe(5);
    expect(widerRadius(0.5)).toBe(1);
  });
});

describe("what a search lists", () => {
  it("keeps the kind in the URL, opportunities being the default", () => {
    expect(toParams(EMPTY).has("kind")).toBe(false);
    const quests = fromParams(new URLSearchParams("kind=quest&q=laptop"));
    expect(quests.kind).toBe("quest");
    expect(toParams(quests).get("kind")).toBe("quest");
    expect(fromParams(new URLSearchParams("kind=dragons")).kind).toBe("opportunity");
    expect(toKinds(fromParams(new URLSearchParams("kind=all")))).toEqual(["OPPORTUNITY", "QUEST"]);
  });

  it("sends no filter a quest lacks when only quests are listed", () => {
    const search = { ...EMPTY, kind: "quest" as const, level: "EXPERT" as const, freePlaces: true, startsAfter: "2030-01-01" };
    expect(toFilter(search)).toEqual({ hasFreePlaces: false });
    expect(toFilter({ ...search, kind: "all" }).levels).toEqual(["EXPERT"]);
  });
});

describe("for what I want to develop", () => {
  it("lives in the URL and asks the API for the learner's goals, for opportunities only", () => {
    const search = fromParams(new URLSearchParams("goals=1"));
    expect(search.goals).toBe(true);
    expect(toParams(search).get("goals")).toBe("1");
    expect(toFilter(search).forMyGoals).toBe(true);
    expect(toFilter({ ...search, kind: "quest" }).forMyGoals).toBeUndefined();
  });
});
