// What the server tells the page, in a meta tag (no inline script under the CSP).
export interface Config {
  development: boolean;
  tiles: { url: string; attribution: string };
  oidcProviders: string[];
  webPushPublicKey: string | null;
}

const FALLBACK: Config = {
  development: false,
  tiles: { url: "", attribution: "" },
  oidcProviders: [],
  webPushPublicKey: null,
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
