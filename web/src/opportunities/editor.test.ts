import { describe, expect, it } from "vitest";
import {
  draftInput,
  editable,
  instantToWallTime,
  lifecycleActions,
  type OpportunityForm,
  parseDegrees,
  problems,
  updateInput,
  wallTimeToInstant,
} from "./editor";
import { byStatus } from "./OrganisationOpportunities";

const FORM: OpportunityForm = {
  title: "Repair evening",
  synopsis: "Fix bikes together.",
  description: "Bring a bike.",
  badgeClassId: "b1",
  startsAt: "2030-07-01T14:00",
  endsAt: "2030-07-01T17:30",
  capacity: "12",
  address: "Vrijdagmarkt 10, 9000 Gent",
  latitude: "51.0566",
  longitude: "3,726",
  contactEmail: "",
  website: " https://repair.example ",
};

describe("the schedule in Brussels time", () => {
  it("reads wall time in Europe/Brussels, summer and winter, whatever the browser's zone", () => {
    expect(wallTimeToInstant("2030-07-01T14:00")).toBe("2030-07-01T12:00:00.000Z");
    expect(wallTimeToInstant("2030-01-15T09:30")).toBe("2030-01-15T08:30:00.000Z");
  });

  it("shows an instant as the wall time it is in Brussels", () => {
    expect(instantToWallTime("2030-07-01T12:00:00Z")).toBe("2030-07-01T14:00");
    expect(instantToWallTime("2030-01-15T08:30:00+00:00")).toBe("2030-01-15T09:30");
  });

  it("refuses what is not a date and time", () => {
    expect(wallTimeToInstant("")).toBeNull();
    expect(wallTimeToInstant("tomorrow")).toBeNull();
  });
});

describe("coordinates as people type them", () => {
  it("takes a point or a comma", () => {
    expect(parseDegrees("51.0543")).toBe(51.0543);
    expect(parseDegrees(" 3,7174 ")).toBe(3.7174);
    expect(parseDegrees("-0.5")).toBe(-0.5);
  });

  it("refuses anything else", () => {
    for (const text of ["", "north", "51.05.3", "1e3"]) expect(parseDegrees(text)).toBeNull();
  });
});

describe("the lifecycle offered", () => {
  const admin = { manages: true, moderates: false };
  const moderator = { manages: false, moderates: true };
  it("lets the organisation's admins submit, close and archive", () => {
    expect(lifecycleActions("DRAFT", admin)).toEqual(["submit", "archive"]);
    expect(lifecycleActions("REJECTED", admin)).toEqual(["submit", "archive"]);
    expect(lifecycleActions("SUBMITTED", admin)).toEqual([]);
    expect(lifecycleActions("PUBLISHED", admin)).toEqual(["close"]);
    expect(lifecycleActions("CLOSED", admin)).toEqual(["archive"]);
    expect(lifecycleActions("ARCHIVED", admin)).toEqual([]);
  });

  it("lets only moderators publish or reject", () => {
    expect(lifecycleActions("SUBMITTED", moderator)).toEqual(["publish", "reject"]);
    expect(lifecycleActions("DRAFT", moderator)).toEqual([]);
    expect(lifecycleActions("SUBMITTED", { manages: false, moderates: false })).toEqual([]);
  });
});

describe("the form", () => {
  it("needs the required fields, a real schedule, places and coordinates", () => {
    expect(problems(FORM)).toEqual([]);
    const bad = { ...FORM, title: " ", endsAt: "2030-07-01T13:00", capacity: "0", latitude: "95" };
    expect(problems(bad).map((p) => [p.field, p.message])).toEqual([
      ["title", "oppEdit.problem.required"],
      ["endsAt", "oppEdit.problem.endsBeforeStart"],
      ["capacity", "oppEdit.problem.capacity"],
      ["latitude", "oppEdit.problem.latitude"],
    ]);
  });

  it("becomes a draft with instants, numbers and no blank optionals", () => {
    expect(draftInput("org", FORM)).toEqual({
      organisationId: "org",
      badgeClassId: "b1",
      title: "Repair evening",
      synopsis: "Fix bikes together.",
      description: "Bring a bike.",
      startsAt: "2030-07-01T12:00:00.000Z",
      endsAt: "2030-07-01T15:30:00.000Z",
      capacity: 12,
      address: "Vrijdagmarkt 10, 9000 Gent",
      latitude: 51.0566,
      longitude: 3.726,
      contactEmail: null,
      website: "https://repair.example",
    });
  });

  it("sends only what changed, a location as both coordinates", () => {
    expect(updateInput(FORM, { ...FORM }, "DRAFT")).toBeNull();
    expect(updateInput(FORM, { ...FORM, title: "Bike night", latitude: "51.1" }, "DRAFT")).toEqual({
      title: "Bike night",
      latitude: 51.1,
      longitude: 3.726,
    });
  });

  it("after publication changes only what learners did not apply for", () => {
    expect(editable("title", "PUBLISHED")).toBe(false);
    expect(editable("capacity", "PUBLISHED")).toBe(true);
    expect(editable("synopsis", "SUBMITTED")).toBe(false);
    expect(editable("title", null)).toBe(true);
    const changed = { ...FORM, title: "Other", startsAt: "2030-07-02T14:00", capacity: "20" };
    expect(updateInput(FORM, changed, "PUBLISHED")).toEqual({ capacity: 20 });
  });
});

describe("the organisation's list", () => {
  it("groups by state, what needs work first, soonest first", () => {
    const listed = [
      { id: "1", title: "a", status: "PUBLISHED", startsAt: "2030-02-01T10:00:00Z", capacity: 1, freePlaces: 1 },
      { id: "2", title: "b", status: "DRAFT", startsAt: "2030-03-01T10:00:00Z", capacity: 1, freePlaces: 1 },
      { id: "3", title: "c", status: "PUBLISHED", startsAt: "2030-01-01T10:00:00Z", capacity: 1, freePlaces: 1 },
    ] as const;
    expect(byStatus([...listed]).map(([status, group]) => [status, group.map((o) => o.id)])).toEqual([
      ["DRAFT", ["2"]],
      ["PUBLISHED", ["3", "1"]],
    ]);
  });
});
