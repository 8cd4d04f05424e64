import { describe, expect, it } from "vitest";
import { ApiError } from "../core/api";
import {
  EMPTY_FORM,
  fieldOfError,
  postInput,
  questActions,
  type QuestForm,
  questProblems,
} from "./quests";

const GOOD: QuestForm = {
  ...EMPTY_FORM,
  universityId: "u1",
  title: "Set up my laptop",
  description: "It is new and I am lost.",
  domain: "DIGITAL_LITERACY",
  address: "Sleepstraat 1, 9000 Gent",
  areaName: "Muide, Gent",
  latitude: "51,0612",
  longitude: "3.7301",
};

describe("posting a quest", () => {
  it("finds nothing wrong with a complete form, and sends it trimmed", () => {
    expect(questProblems(GOOD)).toEqual([]);
    expect(postInput({ ...GOOD, title: "  Set up my laptop " })).toEqual({
      universityId: "u1",
      title: "Set up my laptop",
      description: "It is new and I am lost.",
      domain: "DIGITAL_LITERACY",
      latitude: 51.0612,
      longitude: 3.7301,
      address: "Sleepstraat 1, 9000 Gent",
      areaName: "Muide, Gent",
      startsAt: null,
      expiresInDays: 7,
    });
  });

  it("reads the time as Brussels wall time", () => {
    expect(postInput({ ...GOOD, startsAt: "2030-07-01T14:00" }).startsAt).toBe("2030-07-01T12:00:00.000Z");
  });

  it("names every field out of the API's bounds, in the page's order", () => {
    const found = questProblems({
      ...EMPTY_FORM,
      title: "Hi",
      description: "x".repeat(2001),
      latitude: "91",
      longitude: "east",
      startsAt: "soon",
      expiresInDays: "31",
    });
    expect(found.map((p) => p.field)).toEqual([
      "universityId",
      "title",
      "description",
      "domain",
      "address",
      "areaName",
      "latitude",
      "longitude",
      "startsAt",
      "expiresInDays",
    ]);
    expect(found.find((p) => p.field === "title")?.message).toBe("questNew.problem.title");
    expect(questProblems({ ...GOOD, expiresInDays: "1.5" }).map((p) => p.field)).toEqual(["expiresInDays"]);
  });

  it("puts the API's field errors on the field they are about", () => {
    expect(fieldOfError(new ApiError("too short", "BAD_USER_INPUT", "title"))).toBe("title");
    expect(fieldOfError(new ApiError("bad", "BAD_USER_INPUT", "expires_in_days"))).toBe("expiresInDays");
    expect(fieldOfError(new ApiError("bad", "BAD_USER_INPUT", "input.areaName"))).toBe("areaName");
    expect(fieldOfError(new ApiError("no", "FORBIDDEN"))).toBeNull();
    expect(fieldOfError(new ApiError("bad", "BAD_USER_INPUT", "somethingElse"))).toBeNull();
  });
});

describe("what a viewer may do with a quest", () => {
  it("lets others offer on an open quest, then withdraw, and the giver accept or close", () => {
    expect(questActions({ status: "OPEN", mine: false })).toMatchObject({
      offer: true,
      withdraw: false,
      accept: false,
      report: true,
    });
    expect(questActions({ status: "OPEN", mine: false, myOffer: { status: "PENDING" } })).toMatchObject({
      offer: false,
      withdraw: true,
    });
    expect(questActions({ status: "OPEN", mine: false, myOffer: { status: "WITHDRAWN" } }).offer).toBe(false);
    expect(
      questActions({ status: "ACCEPTED", mine: false, myOffer: { status: "ACCEPTED" } }).withdraw,
    ).toBe(true);
    expect(questActions({ status: "ACCEPTED", mine: false, myOffer: { status: "DECLINED" } }).withdraw).toBe(false);
    expect(questActions({ status: "OPEN", mine: true })).toEqual({
      offer: false,
      withdraw: false,
      accept: true,
      complete: false,
      close: true,
      report: false,
    });
  });

  it("lets only the giver mark an accepted quest done, and nobody act on a finished one", () => {
    expect(questActions({ status: "ACCEPTED", mine: true }).complete).toBe(true);
    expect(questActions({ status: "ACCEPTED", mine: false, myOffer: { status: "ACCEPTED" } }).complete).toBe(false);
    for (const status of ["DONE", "CLOSED", "EXPIRED", "HIDDEN"] as const) {
      expect(Object.values(questActions({ status, mine: false })).some(Boolean)).toBe(false);
      expect(Object.values(questActions({ status, mine: true })).some(Boolean)).toBe(false);
    }
  });
});
