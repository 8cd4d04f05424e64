// What the server tells the page, in a meta tag (no inline script under the CSP).
export interface Config {
  development: boolean;
  tiles: { url: string; attribution: string };
  oidcProviders: string[];
  webPushPublicKey: string | null;
  /** The server's evidence upload rules (server/evidence_store.py): the most bytes a file
   * may have, and per accepted media type the hex signatures its content starts with (none:
   * any content). Null when the page did not say: the server still decides. */
  evidence: EvidenceRules | null;
}

export interface EvidenceRules {
  maxBytes: number;
  signatures: Record<string, string[]>;
}

const FALLBACK: Config = {
  development: false,
  tiles: { url: "", attribution: "" },
  oidcProviders: [],
  webPushPublicKey: null,
  evidence: null,
};

export function readConfig(doc: Document = document): Config {
  const raw = doc.querySelector('meta[name="kring-config"]')?.getAttribute("content");
  if (!raw) return FALLBACK;
  try {
    return { ...FALLBACK, ...(JSON.parse(raw) as Partial<Config>) };
  } catch {
    return FALLBACK;
  }
}

export const config = typeof document === "undefined" ? FALLBACK : readConfig();
