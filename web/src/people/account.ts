// The account pages' decisions, without DOM: the password rules as the server applies them,
// what an answer of /auth/* means for the page, download names, the deletion's confirmation.

// The same rules as auth/passwords.py, checked here first so that the learner reads them in
// their own language; the server stays the judge.
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const EMAIL_MAX = 254;
export const NAME_MAX = 200;

export type PasswordProblem = "length" | "email" | null;

/** What is wrong with a new password, or null. */
export function passwordProblem(password: string, email: string): PasswordProblem {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return "length";
  if (email.trim() !== "" && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return "email";
  }
  return null;
}

/** An answer of one of the server's /auth/* endpoints, as the pages need it. */
export interface AuthAnswer {
  ok: boolean;
  status: number; // 0: the server was not reached
  error: string | null; // OAuth's `error`, or the GraphQL-shaped error's code
  message: string | null; // the server's own words
  retryAfter: number | null; // seconds, when throttled
  body: Record<string, unknown>;
}

interface ErrorBody {
  error?: unknown;
  error_description?: unknown;
  retry_after?: unknown;
  errors?: { message?: unknown; extensions?: { code?: unknown } }[];
}

/** Reads a response body of /auth/* (OAuth-style or Kring's GraphQL-shaped error). */
export function readAnswer(
  status: number,
  body: unknown,
  retryAfterHeader: string | null = null,
): AuthAnswer {
  const parsed = (body && typeof body === "object" ? body : {}) as ErrorBody & Record<string, unknown>;
  const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
  const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);
  const ok = status >= 200 && status < 300;
  const seconds = Number(parsed.retry_after ?? retryAfterHeader ?? Number.NaN);
  return {
    ok,
    status,
    error: ok ? null : (text(parsed.error) ?? text(first?.extensions?.code) ?? null),
    message: ok ? null : (text(parsed.error_description) ?? text(first?.message) ?? null),
    retryAfter: status === 429 && Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : null,
    body: parsed,
  };
}

export type LinkOutcome = "done" | "expired" | "missing" | "throttled" | "failed";

/** What following an e-mailed link came to: verify e-mail, or confirm a password reset. */
export function linkOutcome(answer: AuthAnswer): LinkOutcome {
  if (answer.ok) return "done";
  if (answer.status === 429) return "throttled";
  // The server says invalid_grant for a token that expired, was used, or never existed.
  if (answer.error === "invalid_grant") return "expired";
  if (answer.error === "invalid_request" && answer.status === 400) return "missing";
  return "failed";
}

/** A download's file name: `kring-<what>-<name>-<yyyy-mm-dd>.json`, ASCII letters only. */
export function downloadName(what: string, personName: string, when: Date): string {
  const slug = personName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  const day = when.toISOString().slice(0, 10);
  return ["kring", what, slug, day].filter(Boolean).join("-") + ".json";
}

/** The deletion goes ahead only once the person typed their own address (any case). */
export function confirmsEmail(typed: string, email: string): boolean {
  return typed.trim().toLowerCase() === email.trim().toLowerCase() && email.trim() !== "";
}
