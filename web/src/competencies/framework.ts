// Importing a CASE package from the browser: the file's size bounded before it is read, the
// package compacted, and the compact package checked against the server's two limits (the
// package's own, and the request body's) before a byte is sent.
import type { MessageKey } from "../core/messages";

/** graph/competencies/case.py MAX_BYTES: the server counts the package's characters (code
 * points, as Python's `len` of the decoded string), and says the limit as 1,000 kB. */
export const MAX_PACKAGE_CHARS = 1_000_000;
export const MAX_PACKAGE_KB = MAX_PACKAGE_CHARS / 1000;
/** graph/competencies/case.py MAX_ITEMS: CFItems in one package. */
export const MAX_PACKAGE_ITEMS = 500;
/** The largest file read at all: a pretty-printed package may shrink a lot once compacted,
 * but a file past this is refused unread, so choosing a huge file costs nothing. */
export const MAX_FILE_BYTES = 4_000_000;
export const MAX_FILE_MB = MAX_FILE_BYTES / 1_000_000;
/** server/settings.py max_body_bytes (KRING_MAX_BODY_BYTES) by default: the whole GraphQL
 * request, the package JSON-escaped inside it, must fit. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Room for the rest of the request around the package: the mutation's text (sent when not
 * as its hash), the university id and the domain take well under 1 KiB. */
export const BODY_MARGIN_BYTES = 4 * 1024;

export interface Problem {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** Why a chosen file is not even read, or null. */
export function fileProblem(file: { size: number }): Problem | null {
  if (file.size === 0) return { key: "framework.import.empty", params: {} };
  if (file.size > MAX_FILE_BYTES) {
    return { key: "framework.import.fileTooLarge", params: { mb: MAX_FILE_MB } };
  }
  return null;
}

/** The package as sent: JSON without its indentation (a pretty-printed package near the limit
 * would otherwise grow past the request body limit once escaped into the request), and text
 * that is not JSON as it is, for the server to say what is wrong with it. */
export function packageText(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Characters as the server counts them: code points, a surrogate pair being one. */
export function characters(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

/** The package's size inside the request body: JSON-escaped, in UTF-8 bytes. */
export function escapedBytes(text: string): number {
  return new TextEncoder().encode(JSON.stringify(text)).length;
}

/** Why the package as sent (`packageText`) would be refused, or null: past the server's
 * package limit, or too large for a request once escaped into it. */
export function packageProblem(text: string): Problem | null {
  if (characters(text) > MAX_PACKAGE_CHARS) {
    return { key: "framework.import.tooLarge", params: { kb: MAX_PACKAGE_KB } };
  }
  if (escapedBytes(text) > MAX_BODY_BYTES - BODY_MARGIN_BYTES) {
    return {
      key: "framework.import.requestTooLarge",
      params: { kb: Math.floor((MAX_BODY_BYTES - BODY_MARGIN_BYTES) / 1024) },
    };
  }
  return null;
}

/** Whether the person may import for that university (MODERATOR or CURATOR there), mirroring
 * competency_framework:import in auth/permissions.py only to offer the form. */
export function importsFor(
  memberships: readonly { role: string; bodyId: string }[] | undefined,
  universityId: string,
): boolean {
  return (memberships ?? []).some(
    (m) => m.bodyId === universityId && (m.role === "MODERATOR" || m.role === "CURATOR"),
  );
}
