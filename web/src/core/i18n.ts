import { publishTo, type Shared, useShared } from "./shared";
import { en, type MessageKey, nl } from "./messages";

export type Locale = "en" | "nl";
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, nl };
const STORAGE_KEY = "kring.locale";

/** The first of the browser's languages Kring speaks, else English. */
export function pickLocale(preferred: readonly string[], stored: string | null): Locale {
  if (stored === "en" || stored === "nl") return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (base === "nl" || base === "en") return base;
  }
  return "en";
}

function storedLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

let current: Locale = pickLocale(
  typeof navigator === "undefined" ? [] : navigator.languages,
  typeof localStorage === "undefined" ? null : storedLocale(),
);
const chosen: Shared<Locale> = { read: () => current, listeners: new Set() };

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  publishTo(chosen);
}

/** Re-renders the caller when the language changes. */
export function useLocale(): Locale {
  return useShared(chosen);
}

export function translate(
  lang: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(current, key, params);
}

export function formatDate(iso: string, lang: Locale = current): string {
  return new Intl.DateTimeFormat(lang === "nl" ? "nl-BE" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

export function formatDistance(km: number, lang: Locale = current): string {
  const tag = lang === "nl" ? "nl-BE" : "en-GB";
  if (km < 1) {
    return new Intl.NumberFormat(tag, { style: "unit", unit: "meter", maximumFractionDigits: 0 }).format(
      Math.round(km * 1000),
    );
  }
  return new Intl.NumberFormat(tag, {
    style: "unit",
    unit: "kilometer",
    maximumFractionDigits: km < 10 ? 1 : 0,
  }).format(km);
}
