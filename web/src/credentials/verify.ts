// What the verify page does with what it is given: decide where it goes (this server, the
// browser's own fetch of another site, or nowhere), send it to POST /verify and read the
// report. Only the server reads credentials, baked images included: one place checks them.
import { csrfToken, refreshSession } from "../core/api";
import type { MessageKey } from "../core/messages";

/** POST /verify refuses more (no credential is that large). */
export const MAX_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 15_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Verdict =
  | "valid"
  | "revoked"
  | "expired"
  | "tampered"
  | "unconfirmed"
  | "notCredential"
  | "notShared"
  | "unreachable";

export interface EndorsementCheck {
  issuerName: string | null;
  valid: boolean;
}

/** POST /verify's report (see badges/verification.py), in the app's spelling. */
export interface Report {
  verdict: Verdict;
  verified: boolean;
  proofValid: boolean;
  proofMessage: string;
  verificationMethod: string | null;
  issuerId: string | null;
  issuerName: string | null;
  issuerResolved: boolean;
  status: string;
  statusMessage: string;
  tier: string | null;
  endorsements: EndorsementCheck[];
  credentials: { verified: boolean }[];
  credentialId: string | null;
  achievementName: string | null;
  validFrom: string | null;
  validUntil: string | null;
  recipient: string | null;
  recipientType: string | null;
  // Where the transparency log recorded the badge's issuance, as the log says (not the UI).
  transparencyLog: LogRecord | null;
  // The EU micro-credential elements the credential states (null: none).
  euElements: EuElements | null;
}

export interface LogRecord {
  index: number;
  treeHeadSignedAt: string | null;
  // Whether the credential checked is, byte for byte, the one recorded at issuance.
  sameAsRecorded: boolean;
}

function logRecord(value: unknown): LogRecord | null {
  if (typeof value !== "object" || value === null) return null;
  const log = value as Record<string, unknown>;
  if (typeof log.index !== "number") return null;
  return {
    index: log.index,
    treeHeadSignedAt: text(log.tree_head_signed_at),
    sameAsRecorded: log.same_as_recorded === true,
  };
}

export interface EuElements {
  microCredential: boolean;
  ectsCredits: number | null;
  eqfLevel: number | null;
}

/** The EU elements of the report, as the credential states them (the EQF level from its IRI). */
export function euElementsOf(stated: unknown): EuElements | null {
  if (!stated || typeof stated !== "object") return null;
  const e = stated as Record<string, unknown>;
  const level = typeof e.eqfLevel === "string" ? /\/eqf\/([1-8])$/.exec(e.eqfLevel) : null;
  return {
    microCredential: e.isMicroCredential === true,
    ectsCredits: typeof e.ectsCredits === "number" ? e.ectsCredits : null,
    eqfLevel: level ? Number(level[1]) : null,
  };
}

export type Outcome =
  | { kind: "report"; report: Report }
  // The server found nothing it could check in it; its message says why.
  | { kind: "refused"; message: string }
  | { kind: "tooLarge" }
  // An address of ours that leads to no badge this person may see (or to none at all).
  | { kind: "notShared"; url: string }
  // Another site's address the browser could not read (down, or no CORS), or not https.
  | { kind: "unreachable"; url: string }
  | { kind: "insecure"; url: string }
  // Offline, or the server failed: nothing is known about the credential.
  | { kind: "failed"; message: string };

export type Pasted =
  | { kind: "own"; url: string }
  | { kind: "foreign"; url: string }
  | { kind: "insecure"; url: string }
  | { kind: "text"; text: string }
  | { kind: "empty" };

/** What pasted text is: an address of this Kring, of another site, or a credential itself
 * (JSON, a VC-JWT, or anything else the server will say is none). */
export function classify(input: string, origin: string): Pasted {
  const text = input.trim();
  if (!text) return { kind: "empty" };
  if (!/^(https?:\/\/|\/)\S*$/i.test(text)) return { kind: "text", text };
  let url: URL;
  try {
    url = new URL(text, origin);
  } catch {
    return { kind: "text", text };
  }
  if (url.origin === origin) return { kind: "own", url: url.href };
  if (url.protocol !== "https:") return { kind: "insecure", url: url.href };
  return { kind: "foreign", url: url.href };
}

const VERDICTS: Record<string, Verdict> = {
  valid: "valid",
  revoked: "revoked",
  expired: "expired",
  tampered: "tampered",
  unconfirmed: "unconfirmed",
  not_credential: "notCredential",
};

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((item): item is Record<string, unknown> => typeof item === "object" && item !== null)
    : [];
}

/** The report in a POST /verify answer, or null when the answer is not one. */
export function readReport(body: unknown): Report | null {
  if (typeof body !== "object" || body === null) return null;
  const r = body as Record<string, unknown>;
  const verdict = VERDICTS[text(r.verdict) ?? ""];
  if (!verdict || typeof r.verified !== "boolean" || typeof r.proof_valid !== "boolean") return null;
  return {
    verdict,
    verified: r.verified,
    proofValid: r.proof_valid,
    proofMessage: text(r.proof_message) ?? "",
    verificationMethod: text(r.verification_method),
    issuerId: text(r.issuer_id),
    issuerName: text(r.issuer_name),
    issuerResolved: r.issuer_resolved === true,
    status: text(r.status) ?? "unknown",
    statusMessage: text(r.status_message) ?? "",
    tier: text(r.tier),
    endorsements: list(r.endorsements).map((e) => ({ issuerName: text(e.issuer_name), valid: e.valid === true })),
    credentials: list(r.credentials).map((c) => ({ verified: c.verified === true })),
    credentialId: text(r.credential_id),
    achievementName: text(r.achievement_name),
    validFrom: text(r.valid_from),
    validUntil: text(r.valid_until),
    recipient: text(r.recipient),
    recipientType: text(r.recipient_type),
    transparencyLog: logRecord(r.transparency_log),
    euElements: euElementsOf(r.micro_credential),
  };
}

function errorMessage(body: unknown): string | null {
  if (typeof body !== "object" || body === null) return null;
  const errors = (body as { errors?: unknown }).errors;
  return Array.isArray(errors) ? text((errors[0] as { message?: unknown } | undefined)?.message) : null;
}

async function post(body: BodyInit, type: string, signedIn: boolean, retried = false): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch("/verify", {
      method: "POST",
      // Content is checked the same for anyone, so it goes without the session; an address
      // of ours goes with it, so that a learner can check a badge only they may see.
      credentials: signedIn ? "same-origin" : "omit",
      headers: signedIn ? { "content-type": type, "x-csrf-token": csrfToken() } : { "content-type": type },
      body,
    });
  } catch {
    return { kind: "failed", message: "offline" };
  }
  if (response.status === 401 && signedIn && !retried && (await refreshSession())) {
    return post(body, type, signedIn, true);
  }
  const answer: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const report = readReport(answer);
    return report ? { kind: "report", report } : { kind: "failed", message: response.statusText };
  }
  const message = errorMessage(answer) ?? response.statusText;
  if (response.status === 413) return { kind: "tooLarge" };
  if (response.status === 400 || response.status === 422) return { kind: "refused", message };
  return { kind: "failed", message };
}

/** A dropped or chosen file, or a file fetched from another site. */
export function verifyFile(file: Blob): Promise<Outcome> {
  if (file.size > MAX_BYTES) return Promise.resolve({ kind: "tooLarge" });
  return post(file, file.type || "application/octet-stream", false);
}

/** The browser fetches another site's credential itself (never the server: it fetches
 * nothing), with no cookies and no referrer; CORS decides whether it may read it. */
export async function fetchElsewhere(url: string): Promise<Blob | null> {
  try {
    const response = await fetch(url, {
      credentials: "omit",
      referrerPolicy: "no-referrer",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    return response.ok ? await response.blob() : null;
  } catch {
    return null;
  }
}

/** Pasted text or an address, wherever it has to go. */
export async function verifyPasted(input: string, origin: string): Promise<Outcome> {
  const pasted = classify(input, origin);
  switch (pasted.kind) {
    case "empty":
      return { kind: "refused", message: "" };
    case "own": {
      const outcome = await post(JSON.stringify({ url: pasted.url }), "application/json", true);
      return outcome.kind === "refused" ? { kind: "notShared", url: pasted.url } : outcome;
    }
    case "insecure":
      return { kind: "insecure", url: pasted.url };
    case "foreign": {
      const fetched = await fetchElsewhere(pasted.url);
      return fetched ? verifyFile(fetched) : { kind: "unreachable", url: pasted.url };
    }
    case "text":
      return post(pasted.text, "text/plain", false);
  }
}

export function verdictOf(outcome: Outcome): Verdict | null {
  switch (outcome.kind) {
    case "report":
      return outcome.report.verdict;
    case "refused":
    case "tooLarge":
      return "notCredential";
    case "notShared":
      return "notShared";
    case "unreachable":
    case "insecure":
      return "unreachable";
    case "failed":
      return null;
  }
}

/** The id of the badge a credential of this Kring stands for, from the credential's id. */
export function ownBadgeId(credentialId: string | null, origin: string): string | null {
  const prefix = `${origin}/credentials/`;
  if (!credentialId?.startsWith(prefix)) return null;
  const id = credentialId.slice(prefix.length);
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** The share-link secret an address carries, if any (a badge shared by link needs it). */
export function tokenIn(input: string, origin: string): string | null {
  try {
    return new URL(input.trim(), origin).searchParams.get("token");
  } catch {
    return null;
  }
}

export interface Check {
  ok: boolean | null; // null: could not be checked
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** The checks made, in the order a person reads them; past a proof that fails, nothing
 * else it claims is worth checking. */
export function checks(report: Report, formatDate: (iso: string) => string): Check[] {
  if (!report.proofValid) {
    return report.verdict === "tampered"
      ? [{ ok: false, key: "verify.check.signature.bad" }]
      : [{ ok: null, key: "verify.check.signature.none" }];
  }
  const found: Check[] = [
    { ok: true, key: "verify.check.signature.ok" },
    report.issuerResolved ? { ok: true, key: "verify.check.key.ok" } : { ok: false, key: "verify.check.key.bad" },
  ];
  const status = ["active", "revoked", "expired"].includes(report.status) ? report.status : "unknown";
  const ok = status === "active" ? true : status === "unknown" ? null : false;
  found.push({ ok, key: `verify.check.status.${status}` as MessageKey });
  if (report.validUntil) {
    found.push({ ok: status !== "expired", key: "verify.check.expiry.until", params: { date: formatDate(report.validUntil) } });
  } else {
    found.push({ ok: true, key: "verify.check.expiry.none" });
  }
  if (report.endorsements.length > 0) {
    const valid = report.endorsements.filter((e) => e.valid).length;
    found.push({
      ok: valid === report.endorsements.length,
      key: "verify.check.endorsements",
      params: { valid, count: report.endorsements.length },
    });
  }
  if (report.credentials.length > 0) {
    const valid = report.credentials.filter((c) => c.verified).length;
    found.push({
      ok: valid === report.credentials.length,
      key: "verify.check.credentials",
      params: { valid, count: report.credentials.length },
    });
  }
  return found;
}
