import { describe, expect, it } from "vitest";
import { checks, classify, euElementsOf, ownBadgeId, readReport, type Report, tokenIn, verdictOf } from "./verify";

const ORIGIN = "https://kring.example";
const ID = "0b5c9e2a-1111-4222-8333-444455556666";

const ANSWER = {
  verified: true,
  proof_valid: true,
  proof_message: "The proof is valid.",
  verification_method: "did:web:kring.example:issuers:x#z6Mk",
  issuer_id: "did:web:kring.example:issuers:x",
  issuer_name: "Repair Café",
  issuer_resolved: true,
  status: "active",
  status_message: "Not revoked, not expired.",
  tier: "COMMUNITY",
  credential_tier: "COMMUNITY",
  endorsements: [
    { issuer_id: "a", issuer_name: "A", valid: true, message: "ok" },
    { issuer_id: "b", issuer_name: "B", valid: false, message: "no" },
  ],
  credential_type: "OpenBadgeCredential",
  credentials: [],
  credential_id: `${ORIGIN}/credentials/${ID}`,
  achievement_name: "Fixing lamps",
  valid_from: "2025-03-01T10:00:00Z",
  valid_until: null,
  recipient: "sha256$abc",
  recipient_type: "emailAddress",
  verdict: "valid",
};

function report(changes: Partial<Report> = {}): Report {
  const read = readReport(ANSWER);
  if (!read) throw new Error("the sample answer is a report");
  return { ...read, ...changes };
}

describe("classify", () => {
  it("sends addresses of this Kring to the server, relative ones too", () => {
    expect(classify(`  ${ORIGIN}/credentials/${ID}\n`, ORIGIN)).toEqual({ kind: "own", url: `${ORIGIN}/credentials/${ID}` });
    expect(classify(`/badges/${ID}?token=t`, ORIGIN)).toEqual({ kind: "own", url: `${ORIGIN}/badges/${ID}?token=t` });
  });
  it("fetches another site's https address in the browser, and no plain http one", () => {
    expect(classify("https://elsewhere.example/c.json", ORIGIN)).toEqual({
      kind: "foreign",
      url: "https://elsewhere.example/c.json",
    });
    expect(classify("//elsewhere.example/c.json", ORIGIN).kind).toBe("foreign");
    expect(classify("http://elsewhere.example/c.json", ORIGIN)).toEqual({
      kind: "insecure",
      url: "http://elsewhere.example/c.json",
    });
  });
  it("passes credentials and anything else on as text, and notices nothing at all", () => {
    expect(classify('{"@context": []}', ORIGIN)).toEqual({ kind: "text", text: '{"@context": []}' });
    expect(classify("eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln", ORIGIN).kind).toBe("text");
    expect(classify("https://a.example/x and more", ORIGIN).kind).toBe("text");
    expect(classify("hello", ORIGIN).kind).toBe("text");
    expect(classify(" \n ", ORIGIN)).toEqual({ kind: "empty" });
  });
});

describe("readReport", () => {
  it("reads the server's report into the app's spelling", () => {
    const read = report();
    expect(read.verdict).toBe("valid");
    expect(read.issuerName).toBe("Repair Café");
    expect(read.achievementName).toBe("Fixing lamps");
    expect(read.endorsements).toEqual([
      { issuerName: "A", valid: true },
      { issuerName: "B", valid: false },
    ]);
  });
  it("knows every verdict, not_credential included, and refuses what is no report", () => {
    for (const verdict of ["revoked", "expired", "tampered", "unconfirmed"]) {
      expect(readReport({ ...ANSWER, verdict })?.verdict).toBe(verdict);
    }
    expect(readReport({ ...ANSWER, verdict: "not_credential" })?.verdict).toBe("notCredential");
    expect(readReport({ ...ANSWER, verdict: "fine" })).toBeNull();
    expect(readReport({ errors: [{ message: "no" }] })).toBeNull();
    expect(readReport(null)).toBeNull();
    expect(readReport({ ...ANSWER, verified: "yes" })).toBeNull();
  });
});

describe("verdictOf", () => {
  it("says what a person needs to hear for every outcome", () => {
    expect(verdictOf({ kind: "report", report: report({ verdict: "revoked" }) })).toBe("revoked");
    expect(verdictOf({ kind: "refused", message: "not a credential" })).toBe("notCredential");
    expect(verdictOf({ kind: "tooLarge" })).toBe("notCredential");
    expect(verdictOf({ kind: "notShared", url: "https://kring.example/badges/x" })).toBe("notShared");
    expect(verdictOf({ kind: "unreachable", url: "https://x.example" })).toBe("unreachable");
    expect(verdictOf({ kind: "insecure", url: "http://x.example" })).toBe("unreachable");
    expect(verdictOf({ kind: "failed", message: "offline" })).toBeNull();
  });
});

describe("ownBadgeId and tokenIn", () => {
  it("finds our badge behind a credential id, and only ours", () => {
    expect(ownBadgeId(`${ORIGIN}/credentials/${ID.toUpperCase()}`, ORIGIN)).toBe(ID);
    expect(ownBadgeId(`https://other.example/credentials/${ID}`, ORIGIN)).toBeNull();
    expect(ownBadgeId(`${ORIGIN}/credentials/${ID}/jwt`, ORIGIN)).toBeNull();
    expect(ownBadgeId(null, ORIGIN)).toBeNull();
  });
  it("keeps a share link's secret", () => {
    expect(tokenIn(`/credentials/${ID}?token=s%20t`, ORIGIN)).toBe("s t");
    expect(tokenIn(`/credentials/${ID}`, ORIGIN)).toBeNull();
  });
});

describe("checks", () => {
  const day = (iso: string): string => iso.slice(0, 10);
  it("lists the signature, the key, the status, the expiry and the endorsements", () => {
    expect(checks(report(), day)).toEqual([
      { ok: true, key: "verify.check.signature.ok" },
      { ok: true, key: "verify.check.key.ok" },
      { ok: true, key: "verify.check.status.active" },
      { ok: true, key: "verify.check.expiry.none" },
      { ok: false, key: "verify.check.endorsements", params: { valid: 1, count: 2 } },
    ]);
  });
  it("says a revoked or expired badge failed its status", () => {
    const revoked = checks(report({ verdict: "revoked", status: "revoked", endorsements: [] }), day);
    expect(revoked[2]).toEqual({ ok: false, key: "verify.check.status.revoked" });
    const expired = checks(
      report({ verdict: "expired", status: "expired", validUntil: "2025-04-01T00:00:00Z", endorsements: [] }),
      day,
    );
    expect(expired.slice(2)).toEqual([
      { ok: false, key: "verify.check.status.expired" },
      { ok: false, key: "verify.check.expiry.until", params: { date: "2025-04-01" } },
    ]);
  });
  it("stops at the signature when it does not hold, and says which way", () => {
    const tampered = report({ verdict: "tampered", proofValid: false, issuerResolved: false });
    expect(checks(tampered, day)).toEqual([{ ok: false, key: "verify.check.signature.bad" }]);
    const unknownKey = report({ verdict: "unconfirmed", proofValid: false, issuerResolved: false, endorsements: [] });
    expect(checks(unknownKey, day)).toEqual([{ ok: null, key: "verify.check.signature.none" }]);
  });
  it("counts the badges inside a record", () => {
    const record = report({ endorsements: [], credentials: [{ verified: true }, { verified: true }] });
    expect(checks(record, day).at(-1)).toEqual({
      ok: true,
      key: "verify.check.credentials",
      params: { valid: 2, count: 2 },
    });
  });
});

describe("the transparency log in a report", () => {
  it("reads where the log recorded the badge, and nothing when it did not", () => {
    const logged = readReport({
      ...ANSWER,
      transparency_log: {
        index: 41,
        leaf_hash: "AAAA",
        recorded_at: "2026-11-30T04:00:00.000Z",
        same_as_recorded: true,
        revocation_index: null,
        tree_size: 50,
        tree_head_signed_at: "2026-11-30T04:05:00Z",
      },
    });
    expect(logged?.transparencyLog).toEqual({
      index: 41,
      treeHeadSignedAt: "2026-11-30T04:05:00Z",
      sameAsRecorded: true,
    });
    expect(readReport(ANSWER)?.transparencyLog).toBeNull();
    expect(readReport({ ...ANSWER, transparency_log: { index: "41" } })?.transparencyLog).toBeNull();
  });
});

describe("the EU elements a verified credential states", () => {
  it("reads ECTS and the EQF level from its IRI, and nothing from a credential without them", () => {
    expect(
      euElementsOf({ isMicroCredential: true, ectsCredits: 2.5, eqfLevel: "http://data.europa.eu/snb/eqf/6" }),
    ).toEqual({ microCredential: true, ectsCredits: 2.5, eqfLevel: 6 });
    expect(euElementsOf({ eqfLevel: "http://example.org/eqf/9" })?.eqfLevel).toBeNull();
    expect(euElementsOf(null)).toBeNull();
  });
});
