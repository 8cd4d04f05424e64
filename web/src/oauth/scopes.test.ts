// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { setLocale } from "../core/i18n";
import { scopeWords } from "./scopes";

describe("scopeWords", () => {
  it("says what each OB 3.0 scope allows, in the reader's language", () => {
    setLocale("en");
    const upsert = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert";
    expect(scopeWords(upsert)).toContain("add credentials");
    setLocale("nl");
    expect(scopeWords(upsert)).toContain("credentials aan je dossier toevoegen");
  });

  it("shows an unknown scope as it is", () => {
    setLocale("en");
    expect(scopeWords("https://example.org/other")).toBe("https://example.org/other");
  });
});
