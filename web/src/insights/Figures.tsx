// What both insights pages are made of: the period picker, the figures at a glance, and a
// table for every chart (the chart's alternative) with its CSV download.
import { useState } from "preact/hooks";
import { locale, t } from "../core/i18n";
import { type Cell, downloadCsv } from "./csv";
import { type Bucket, instants, periodLabel, type Range, rangeProblem } from "./range";

export function PeriodPicker({
  range,
  withBucket,
  onChange,
}: {
  range: Range;
  withBucket: boolean;
  onChange: (next: Range) => void;
}) {
  const [draft, setDraft] = useState(range);
  const [problem, setProblem] = useState<string | null>(null);
  function submit(event: Event): void {
    event.preventDefault();
    const wrong = rangeProblem(draft);
    setProblem(wrong ? t(`insights.range.${wrong}`) : null);
    if (!wrong) onChange(draft);
  }
  return (
    <form class="insights-period" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t("insights.period")}</legend>
        <div>
          <label for="insights-from">{t("insights.from")}</label>
          <input
            id="insights-from"
            type="month"
            required
            value={draft.fromMonth}
            onInput={(e) => setDraft({ ...draft, fromMonth: (e.currentTarget as HTMLInputElement).value })}
          />
        </div>
        <div>
          <label for="insights-to">{t("insights.to")}</label>
          <input
            id="insights-to"
            type="month"
            required
            value={draft.toMonth}
            onInput={(e) => setDraft({ ...draft, toMonth: (e.currentTarget as HTMLInputElement).value })}
          />
        </div>
        {withBucket && (
          <div>
            <label for="insights-bucket">{t("insights.bucket")}</label>
            <select
              id="insights-bucket"
              value={draft.bucket}
              onChange={(e) =>
                setDraft({ ...draft, bucket: (e.currentTarget as HTMLSelectElement).value as Bucket })
              }
            >
              <option value="MONTH">{t("insights.bucket.MONTH")}</option>
              <option value="WEEK">{t("insights.bucket.WEEK")}</option>
            </select>
          </div>
        )}
        <button type="submit">{t("insights.show")}</button>
      </fieldset>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}

/** "Showing Dec 2025 to Nov 2026." for the range the figures are about. */
export function rangeText(range: Range): string {
  const at = instants(range);
  if (!at) return "";
  const lang = locale();
  return t("insights.shown", {
    from: periodLabel(at.from, "MONTH", lang),
    to: periodLabel(`${range.toMonth}-01T00:00:00Z`, "MONTH", lang),
  });
}

export function Summary({ figures }: { figures: [string, string][] }) {
  return (
    <dl class="insights-summary" aria-label={t("insights.summary")}>
      {figures.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A real table (the first column heads its row) and its rows as a CSV file. */
export function FigureTable({
  caption,
  head,
  rows,
  csv,
}: {
  caption: string;
  head: string[];
  rows: Cell[][];
  csv: { name: string; rows: Cell[][] };
}) {
  return (
    <>
      <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
        <table class="figures">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <th scope="row">{row[0]}</th>
                {row.slice(1).map((cell, j) => (
                  <td key={j}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" class="csv" onClick={() => downloadCsv(csv.name, [head, ...csv.rows])}>
        {t("insights.csv")}
        <span class="visually-hidden"> ({caption})</span>
      </button>
    </>
  );
}
