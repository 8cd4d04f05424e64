import { describe, expect, it } from "vitest";
import {
  confirmsEmail,
  downloadName,
  linkOutcome,
  PASSWORD_MAX,
  passwordProblem,
  readAnswer,
} from "./account";

describe("a new password", () => {
  it("follows the server's rules: 10 to 256 characters, not the e-mail address", () => {
    expect(passwordProblem("short", "a@b.example")).toBe("length");
    expect(passwordProblem("x".repeat(PASSWORD_MAX + 1), "a@b.example")).toBe("length");
    expect(passwordProblem(" Anna@Buurt.example ", "anna@buurt.example")).toBe("email");
    expect(passwordProblem("correct horse battery", "anna@buurt.example")).toBeNull();
    // Unknown address (the reset page): only the length can be told.
    expect(passwordProblem("correct horse battery", "")).toBeNull();
  });
});

describe("an answer of /auth/*", () => {
  it("reads OAuth-style refusals, Kring's error body and throttling", () => {
    const refused = readAnswer(400, {
      error: "invalid_grant",
      error_description: "This link is not valid any more.",
    });
    expect(refused).toMatchObject({ ok: false, error: "invalid_grant", retryAfter: null });
    expect(refused.message).toBe("This link is not valid any more.");
    const unauthenticated = readAnswer(401, {
      errors: [{ message: "Sign in first.", extensions: { code: "UNAUTHENTICATED" } }],
    });
    expect(unauthenticated).toMatchObject({ error: "UNAUTHENTICATED", message: "Sign in first." });
    expect(readAnswer(429, { error: "too_many_attempts", retry_after: 59.2 }).retryAfter).toBe(60);
    expect(readAnswer(429, "not json", "30").retryAfter).toBe(30);
    expect(readAnswer(202, { message: "on its way" })).toMatchObject({ ok: true, error: null });
  });

  it("says what following an e-mailed link came to", () => {
    expect(linkOutcome(readAnswer(200, { verified: true }))).toBe("done");
    expect(linkOutcome(readAnswer(204, null))).toBe("done");
    expect(linkOutcome(readAnswer(400, { error: "invalid_grant" }))).toBe("expired");
    expect(linkOutcome(readAnswer(400, { error: "invalid_request" }))).toBe("missing");
    expect(linkOutcome(readAnswer(429, { retry_after: 5 }))).toBe("throttled");
    expect(linkOutcome(readAnswer(0, { error: "offline" }))).toBe("failed");
    expect(linkOutcome(readAnswer(503, {}))).toBe("failed");
  });
});

describe("a download's file name", () => {
  const day = new Date("2025-03-09T22:30:00Z");

  it("names what it is, whose, and the day, in plain ASCII", () => {
    expect(downloadName("my-data", "Zoë Van den Broeck", day)).toBe(
      "kring-my-data-zoe-van-den-broeck-2025-03-09.json",
    );
    expect(downloadName("badges-clr", "Ana", day)).toBe("kring-badges-clr-ana-2025-03-09.json");
  });

  it("leaves out a name with nothing usable, and keeps a long one short", () => {
    expect(downloadName("my-data", "李小龍", day)).toBe("kring-my-data-2025-03-09.json");
    const long = downloadName("my-data", "a ".repeat(60), day);
    expect(long.length).toBeLessThan(80);
    expect(long).not.toContain("--");
  });
});

describe("confirming the deletion", () => {
  it("needs the account's own address, in any case", () => {
    expect(confirmsEmail(" Anna@Buurt.Example ", "anna@buurt.example")).toBe(true);
    expect(confirmsEmail("anna@buurt.exampl", "anna@buurt.example")).toBe(false);
    expect(confirmsEmail("", "")).toBe(false);
  });
});
