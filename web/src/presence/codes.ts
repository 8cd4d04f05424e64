// Small, testable rules of the check-in and claim-code pages.

/** A check-in code is 8 digits; spaces a person types between them do not count. */
export function checkInDigits(input: string): string | null {
  const digits = input.replace(/\s+/g, "");
  return /^\d{8}$/.test(digits) ? digits : null;
}

/** The code from what the camera read: this opportunity's check-in link, or bare digits.
 * Another opportunity's link gives null (the learner is told to scan the right screen). */
export function codeFromScan(text: string, opportunityId: string, origin: string): string | null {
  const bare = checkInDigits(text);
  if (bare) return bare;
  let url: URL;
  try {
    url = new URL(text, origin);
  } catch {
    return null;
  }
  if (url.pathname !== `/check-in/${opportunityId}`) return null;
  return checkInDigits(url.searchParams.get("code") ?? "");
}

/** Whole seconds until `iso`, never below zero. */
export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

/** A claim code as it is shown: upper case, in groups of four. */
export function groupedClaimCode(code: string): string {
  const plain = code.toUpperCase().replace(/[^A-Z2-7]/g, "");
  return (plain.match(/.{1,4}/g) ?? []).join("-");
}

/** An SVG document as an image address (the strict CSP allows data: images). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
