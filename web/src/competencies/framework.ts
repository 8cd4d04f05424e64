// Importing a CASE package from the browser: the server's size limit checked before a byte is
// sent, and the package compacted so that its JSON-in-JSON request stays under the body limit.
import type { MessageKey } from "../core/messages";

/** graph/competencies/case.py MAX_BYTES (the server counts the package's characters, never
 * more than its bytes); 1,000 kB as the server says it. */
export const MAX_PACKAGE_BYTES = 1_000_000;
export const MAX_PACKAGE_KB = MAX_PACKAGE_BYTES / 1000;
/** graph/competencies/case.py MAX_ITEMS: CFItems in one package. */
export const MAX_PACKAGE_ITEMS = 500;

export interface Problem {
  key: MessageKey;
  params: Record<string, string | number>;
}

/** Why a chosen file cannot be sent as it is, or null. */
export function fileProblem(file: { size: number }): Problem | null {
  if (file.size === 0) return { key: "framework.import.empty", params: {} };
  if (file.size > MAX_PACKAGE_BYTES) {
    return { key: "framework.import.tooLarge", params: { kb: MAX_PACKAGE_KB } };
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
