// What the import page and the wallet need beside the API: a file as base64 for the API,
// and which words fit a status or a refusal.

/** Largest file the import takes (the server's limit, base64 in a GraphQL body). */
export const MAX_FILE_BYTES = 512 * 1024;

export type ExternalStatus = "VALID" | "INVALID" | "REVOKED" | "EXPIRED" | "UNREACHABLE";
export const REASONS = [
  "TOO_BIG",
  "UNREACHABLE",
  "PRIVATE_ADDRESS",
  "UNSUPPORTED_FORMAT",
  "INVALID",
] as const;
export type Reason = (typeof REASONS)[number];

/** Bytes as base64, in chunks (a spread of a large array would overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

/** The refusal's reason when it is one the page explains in its own words. */
export function knownReason(reason: string | null | undefined): Reason | null {
  return REASONS.find((r) => r === reason) ?? null;
}

/** Whether a status is good news (shown as such in words, never by colour alone). */
export function isGood(status: ExternalStatus): boolean {
  return status === "VALID";
}
