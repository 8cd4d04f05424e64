import { describe, expect, it } from "vitest";
import {
  evidenceLinks,
  fileSize,
  formerEndorsers,
  orList,
  policyParts,
  requestState,
  trustSignals,
  typeName,
  undecided,
} from "./claimPresent";

const plain = {
  status: "ACTIVE",
  counts: true,
  flag: null,
  flagCleared: false,
  onEarlierRevision: false,
  trust: { holdsSameBadge: false, supervisesHost: false, isTeacher: false, reciprocal: false },
};

describe("trustSignals", () => {
  it("says what reassures, and that it counts", () => {
    const signals = trustSignals({ ...plain, trust: { ...plain.trust, isTeacher: true, holdsSameBadge: true } });
    expect(signals.map((s) => s.key)).toEqual(["trust.teacher", "trust.holdsBadge", "trust.counts"]);
    expect(signals.every((s) => s.tone === "good")).toBe(true);
  });

  it("says why a flagged endorsement does not count yet, and when a curator cleared it", () => {
    const held = trustSignals({ ...plain, counts: false, flag: "CYCLE" });
    expect(held.map((s) => [s.key, s.tone])).toEqual([
      ["trust.cycle", "caution"],
      ["trust.held", "caution"],
    ]);
    const cleared = trustSignals({ ...plain, flag: "RECIPROCAL", flagCleared: true });
    expect(cleared.map((s) => s.key)).toEqual(["trust.cleared", "trust.counts"]);
  });

  it("says a withdrawn one does not count, and an earlier version", () => {
    expect(trustSignals({ ...plain, status: "WITHDRAWN", counts: false }).map((s) => s.key)).toEqual(["trust.withdrawn"]);
    expect(trustSignals({ ...plain, onEarlierRevision: true }).map((s) => s.key)).toContain("trust.earlier");
  });
});

describe("requestState", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const base = { email: "a@b.example", endorsed: false, acceptedAt: null, expiresAt: "2026-03-10T00:00:00Z" };
  it("follows a request from waiting to endorsed", () => {
    expect(requestState(base, now)).toBe("WAITING");
    expect(requestState({ ...base, acceptedAt: "2026-03-02T00:00:00Z" }, now)).toBe("ACCEPTED");
    expect(requestState({ ...base, acceptedAt: "2026-03-02T00:00:00Z", endorsed: true }, now)).toBe("ENDORSED");
  });
  it("lets only an e-mailed link expire", () => {
    const late = new Date("2026-04-01T00:00:00Z");
    expect(requestState(base, late)).toBe("EXPIRED");
    expect(requestState({ ...base, email: null }, late)).toBe("WAITING");
  });
});

describe("policyParts", () => {
  it("says what the policy asks", () => {
    expect(policyParts({ minimum: 0, relationships: [], requireOneOf: [] })).toEqual([{ key: "policy.none" }]);
    expect(
      policyParts({ minimum: 2, relationships: ["TEACHER", "PEER"], requireOneOf: ["TEACHER"] }).map((p) => p.key),
    ).toEqual(["policy.minimum", "policy.oneOf"]);
    expect(policyParts({ minimum: 1, relationships: ["TEACHER"], requireOneOf: [] })[0]?.key).toBe("policy.minimum.one");
  });
  it("lists with the reader's 'or'", () => {
    expect(orList(["teacher", "supervisor", "peer"], "en")).toBe("teacher, supervisor or peer");
    expect(orList(["docent", "begeleider"], "nl")).toBe("docent of begeleider");
  });
});

describe("sizes and types", () => {
  it("names sizes as people do", () => {
    expect(fileSize(5 * 1024 * 1024, "en")).toBe("5 MB");
    expect(fileSize(1536, "en")).toBe("1.5 kB");
    expect(fileSize(1536, "nl")).toBe("1,5 kB");
    expect(fileSize(77, "en")).toBe("77 bytes");
  });
  it("names types as people do", () => {
    expect(["image/png", "image/jpeg", "application/pdf", "text/plain"].map(typeName)).toEqual(["PNG", "JPEG", "PDF", "TXT"]);
  });
});

describe("evidenceLinks", () => {
  it("leaves out empty rows and names a link by its address when unnamed", () => {
    expect(
      evidenceLinks([
        { url: "", name: "" },
        { url: " https://blog.example/bikes ", name: "" },
        { url: "http://x.example", name: "My video" },
      ]),
    ).toEqual({
      links: [
        { url: "https://blog.example/bikes", name: "https://blog.example/bikes" },
        { url: "http://x.example", name: "My video" },
      ],
    });
  });
  it("refuses what is not an http(s) address", () => {
    expect(evidenceLinks([{ url: "javascript:alert(1)", name: "x" }])).toEqual({ invalid: "javascript:alert(1)" });
    expect(evidenceLinks([{ url: "", name: "only a name" }])).toEqual({ invalid: "only a name" });
  });
});

describe("formerEndorsers and undecided", () => {
  it("offers people who endorsed other claims, once, not yet asked here", () => {
    const claims = [
      { id: "now", endorsements: [{ endorserId: "p3", endorserName: "Cas" }] },
      { id: "old", endorsements: [{ endorserId: "p1", endorserName: "Bo" }, { endorserId: null, endorserName: "Gone" }] },
      { id: "older", endorsements: [{ endorserId: "p1", endorserName: "Bo" }, { endorserId: "p2", endorserName: "Ann" }, { endorserId: "p3", endorserName: "Cas" }] },
      { id: "oldest", endorsements: [{ endorserId: "p4", endorserName: "Dee" }] },
    ];
    expect(formerEndorsers(claims, "now", new Set(["p4"]))).toEqual([
      { id: "p2", name: "Ann" },
      { id: "p1", name: "Bo" },
    ]);
  });
  it("knows which states still take endorsements", () => {
    expect(["OPEN", "IN_REVIEW", "RETURNED"].every((s) => undecided(s as never))).toBe(true);
    expect(["ISSUED", "DECLINED", "WITHDRAWN"].some((s) => undecided(s as never))).toBe(false);
  });
});
