// The insights' period picker: whole UTC months, from one month to another (both included),
// at most three years, as the API counts them ([from, to) in UTC).
import type { Locale } from "../core/i18n";

export type Bucket = "MONTH" | "WEEK";

export interface Range {
  fromMonth: string; // YYYY-MM
  toMonth: string; // YYYY-MM, included
  bucket: Bucket;
}

export const MAX_MONTHS = 36;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthIndex(value: string): number | null {
  const found = MONTH.exec(value);
  return found ? Number(found[1]) * 12 + Number(found[2]) - 1 : null;
}

function monthText(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The last twelve months, this one included. */
export function defaultRange(now: Date = new Date()): Range {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return { fromMonth: monthText(current - 11), toMonth: monthText(current), bucket: "MONTH" };
}

export type RangeProblem = "format" | "order" | "long";

export function rangeProblem(range: Range): RangeProblem | null {
  const from = monthIndex(range.fromMonth);
  const to = monthIndex(range.toMonth);
  if (from === null || to === null) return "format";
  if (to < from) return "order";
  if (to - from + 1 > MAX_MONTHS) return "long";
  return null;
}

/** The API's [from, to): midnight UTC of the first month's first day and of the month after
 * the last. Null for a range with a problem. */
export function instants(range: Range): { from: string; to: string } | null {
  if (rangeProblem(range)) return null;
  const from = monthIndex(range.fromMonth) as number;
  const after = (monthIndex(range.toMonth) as number) + 1;
  const at = (index: number): string =>
    new Date(Date.UTC(Math.floor(index / 12), index % 12, 1)).toISOString();
  return { from: at(from), to: at(after) };
}

function tag(lang: Locale): string {
  return lang === "nl" ? "nl-BE" : "en-GB";
}

/** A period's name: "Mar 2026" for a month, the Monday's date for a week. */
export function periodLabel(startIso: string, bucket: Bucket, lang: Locale): string {
  const options: Intl.DateTimeFormatOptions =
    bucket === "MONTH"
      ? { month: "short", year: "numeric", timeZone: "UTC" }
      : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(tag(lang), options).format(new Date(startIso));
}

export function formatNumber(value: number, lang: Locale, fractionDigits = 1): string {
  return new Intl.NumberFormat(tag(lang), { maximumFractionDigits: fractionDigits }).format(value);
}

/** The ISO date (YYYY-MM-DD) of a period's start, for CSV files. */
export function isoDay(startIso: string): string {
  return new Date(startIso).toISOString().slice(0, 10);
}
