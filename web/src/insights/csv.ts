// CSV made in the browser from the figures already shown: RFC 4180 (comma, CRLF, fields
// quoted when they hold a comma, quote, or line break, quotes doubled). A field starting
// with = + - @ (or tab/CR) is prefixed with ' so a spreadsheet never runs it as a formula.
export type Cell = string | number | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  if (typeof value === "string" && FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Offers `rows` as a file: a byte-order mark first, so spreadsheet programs read UTF-8. */
export function downloadCsv(fileName: string, rows: readonly (readonly Cell[])[]): void {
  const blob = new Blob(["\ufeff", toCsv(rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from words: lower case, ASCII letters and digits joined by dashes. */
export function fileName(...words: string[]): string {
  const stem = words
    .join(" ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${stem || "insights"}.csv`;
}
